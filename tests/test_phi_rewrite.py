"""The PHI screen's pattern rewrites (``megacxr.shards.phi_rewrite``): a rewritten pattern matches exactly what
its source matches (same spans, same groups, found in the same order), on hand-written cases of each rule, on
random patterns and texts, on every rewritten pattern of the screen, and the screen's output is the same without
them."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from megacxr.shards import phi_prefilter as prefilter
from megacxr.shards.phi import PhiScreen, cleaned, reading
from megacxr.shards.phi_eval import load_set
from megacxr.shards.phi_rewrite import rewrite

SETS = Path(__file__).parent / "data" / "phi"
REPO = Path(__file__).resolve().parents[1]


def _texts(names: tuple[str, ...]) -> list[str]:
    return [
        item["text"]
        for name in names
        for kind in ("identifiers", "clinical")
        for item in load_set(SETS / f"{name}_{kind}.jsonl")
    ]


def _matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.lastindex) for m in pattern.finditer(text)]


def _same(source: re.Pattern, fast: re.Pattern, texts: list[str], every_position: bool = False) -> None:
    for text in texts:
        assert _matches(source, text) == _matches(fast, text), (source.pattern, text)
        if every_position:
            for pos in range(len(text) + 1):
                a, b = source.match(text, pos), fast.match(text, pos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (source.pattern, text, pos)


@pytest.mark.parametrize(
    "source, texts",
    [
        # regrouped by first letter, case-insensitive: the hoisted letter keeps every character re reads as it
        (r"(?i)\b(?:signed|dictated|sent|seen|reviewed|read)\b", ["SENT by", "ſigned", "Seen, Read", "dict"]),
        (r"(?i)(?:kg|km|cc)\b", ["5 \u212ag", "3 KM", "10cc", "kilo"]),
        (r"(?i)\b(?:istanbul|izmir)\b", ["\u0130STANBUL", "\u0131zmir", "Izmir"]),
        # alternatives sharing a head keep their order: the first that leads to a match wins
        (r"(?:ab|a|abc)c", ["abcc", "ac", "abc"]),
        (r"(?:a|ab)(?:c|bcd)", ["abcd", "abc"]),
        # overlapping heads are never reordered (nor past a class beyond ASCII)
        ("(?:\u0101q|[\u0100-\u0180]+|\u0101)", ["\u0101\u0101", "\u0101q"]),
        (r"(?:\u0663x|\d+|\u0663)", ["\u0663\u0663", "\u0663x"]),
        (r"(?:[ab]x|ay|by|a)", ["ay", "bx", "by", "ax", "a"]),
        # groups, names, back-references
        (r"(?:(?P<w>sig)ned|(s)ent|(s)een)", ["signed sent seen"]),
        (r"(?:(a)|b|(a)c)\1?", ["aa", "ac", "b"]),
        (r"(a)?(?(1)b|c)(?:xy|zx)", ["abxy", "czx", "azx"]),
        # lookahead guards (``by_first_letter``): spread, pruned, an optional prefix read as two alternatives
        (
            r"(?i:\b(?:(?=[a])(?:acc(?:ession)?|(?:film\s*)?jacket|account)"
            r"|(?=[f])(?:(?:film\s*)?jacket|fin)|(?=[j])(?:(?:film\s*)?jacket)))",
            ["film jacket", "jacket", "accession", "ACCOUNT", "fin", "Film  Jacket"],
        ),
        (r"(?=[ab])(?:(?:x)??xy|ay|(?:b|c)z)", ["xxy", "ay", "bz", "cz"]),
        (r"(?=a)(?:(?:s|d|a)+ed\s+by|attending)", ["aaed by", "attending", "sed by"]),
        # inside lookbehinds (fixed width kept), repeats, atomic groups, possessive repeats
        (r"(?<=a(?:b|c)|d(?:e|f))x", ["abx", "acx", "dfx", "aax"]),
        (r"(?:ab|ac|d)+?e", ["ababace", "de"]),
        (r"(?>ab|a)c", ["abc", "ac"]),
        (r"(?:ab|ca)++c", ["abcac", "cac", "abc"]),
        # a pattern that opens with a lookbehind, a boundary or a lookahead: the characters its matches start with
        (r"(?<!\d)9\d(?!\d)", ["95", "195", "a95b", "9"]),
        (r"(?i)\bkm\b", ["5 \u212am", "KM", "skm"]),
        (r"(?=[A-Z])\w+son\b", ["Johnson", "johnson", "JOHNSON son"]),
        (r"(?:\b|(?<=_))\d{3}-\d{4}", ["555-1234", "x555-1234", "_555-1234", "\u0665\u0665\u0665-1234"]),
        (r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{2,4}(?:님|씨)", ["김민수님", "환자김민수씨", "kim님"]),
        (r"(?i)(?<=\s)[a-z\u0100-\u017f]+(?:ton|burg)", [" Kelvinton", " \u212aelvinburg", " ſton", "xton"]),
        # flags scoped to a group, multiline anchors
        (r"(?m)^(?:Dr|Drs|Mr)\.? (?i:smith|SMYTHE|jones)$", ["Dr. SMITH\nMr jones", "Drs Smythe"]),
    ],
)
def test_rewrite_matches_as_written(source, texts):
    compiled = re.compile(source)
    fast = rewrite(compiled)
    assert fast is not compiled
    assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )
    _same(compiled, fast, texts, every_position=True)


def test_nothing_to_rewrite_is_left_alone():
    for source in (r"\d-\d{4}", r"[A-Z][a-z]+", r"abc\w", b"(?:ab|cd)"):
        compiled = re.compile(source)
        assert rewrite(compiled) is compiled


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    words = ["ab", "a", "abc", "b", "ba", "K", "k", "s", "S", "\u017f", "ac", "x"]

    def atom() -> str:
        roll = rng.random()
        if depth < 1 and roll < 0.3:
            return "(?:" + _random_pattern(rng, depth + 1) + ")"
        if depth < 1 and roll < 0.4:
            return "(" + _random_pattern(rng, depth + 1) + ")"
        if roll < 0.5:
            return rng.choice(["[ab]", "[Kk]", ".", r"\w", r"\d", r"\s", "[\u0100-\u0180]", "[^a]", r"\b"])
        part = rng.choice(words)
        if rng.random() < 0.3:  # (repeats of plain words only: nested repeats backtrack exponentially)
            part = "(?:" + part + ")" + rng.choice(["?", "??", "*", "+", "{0,2}"])
        return part

    def alternative() -> str:
        parts = []
        if rng.random() < 0.25:
            parts.append(rng.choice(["(?=[a])", "(?=[ab])", "(?=k)", "(?!b)", "(?<=a)"]))
        parts += [atom() for _ in range(rng.randint(1, 3))]
        return "".join(parts)

    body = "|".join(alternative() for _ in range(rng.randint(2, 6)))
    if depth == 0 and rng.random() < 0.4:
        body = "(?i:" + body + ")"
    return body


def test_random_patterns_match_as_written():
    """Random alternations (shared and overlapping heads, optional prefixes, guards, groups, IGNORECASE with the
    characters ``re`` reads as ASCII letters) on random texts: every match at every position is the same."""
    rng = random.Random(20261206)
    alphabet = "abcksxABCKS\u017f\u212a 1\u0663\u0101"
    rewritten = 0
    for _ in range(400):
        source = _random_pattern(rng)
        try:
            compiled = re.compile(source)
        except re.error:
            continue
        fast = rewrite(compiled)
        rewritten += fast is not compiled
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(12)]
        _same(compiled, fast, texts, every_position=True)
    assert rewritten > 300


@pytest.fixture(scope="module")
def screen_texts() -> list[str]:
    return _texts(("dev", "heldout9", "heldout277", "heldout278"))


def test_screen_patterns_are_rewritten():
    """The phi modules rewrite their patterns (``gate_patterns``); each keeps its source, flags and groups."""
    assert len(prefilter.REWRITTEN) > 500
    for name, source, fast in prefilter.REWRITTEN:
        assert fast is not source, name
        assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (
            source.pattern,
            source.flags,
            source.groups,
            source.groupindex,
        ), name


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_screen_patterns_match_as_written(screen_texts):
    """Every rewritten pattern of the screen finds the same matches as its source on the written sets' texts as
    the screen reads them (joined into report-sized pieces, so that matches across lines are compared too)."""
    read = [reading(cleaned(t)) for t in screen_texts]
    pieces = ["\n".join(read[i : i + 8]) for i in range(0, len(read), 8)]
    found = 0
    for name, source, fast in prefilter.REWRITTEN:
        for piece in pieces:
            expected = _matches(source, piece)
            assert _matches(fast, piece) == expected, name
            found += len(expected)
    assert found > 10_000


_AS_WRITTEN = """
import json, sys
from megacxr.shards import phi_prefilter
from megacxr.shards.phi import PhiScreen
assert not phi_prefilter.REWRITTEN
texts = json.load(sys.stdin)
out = []
for screen in (PhiScreen(), PhiScreen(window_chars=160)):
    out += [[r.text, r.counts, r.residual] for r in map(screen.screen, texts)]
json.dump(out, sys.stdout)
"""


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_screen_is_the_same_without_rewrites(screen_texts):
    """The screen's output, counts and residual with the rewrites equal those of the screen compiled as written
    (``MEGACXR_PHI_REWRITE=0``, in a fresh process), at the default window and at a small one."""
    env = {**os.environ, "MEGACXR_PHI_REWRITE": "0", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _AS_WRITTEN],
        input=json.dumps(screen_texts),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=True,
    )
    ours = []
    for screen in (PhiScreen(), PhiScreen(window_chars=160)):
        ours += [[r.text, r.counts, r.residual] for r in map(screen.screen, screen_texts)]
    assert json.loads(done.stdout) == ours
