"""The PHI screen's prefilter (``megacxr.shards.phi_prefilter``): the literals it reads off a pattern are required
by every match, its gate never hides a match, and the screen's output is the same with and without it."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import megacxr.shards as shards
from megacxr.shards import phi_prefilter as prefilter
from megacxr.shards.phi import PhiScreen, cleaned, reading
from megacxr.shards.phi_prefilter import GatedPattern, normalise, required_literals

SETS = Path(__file__).parent / "data" / "phi"


def _texts(names: tuple[str, ...]) -> list[str]:
    out = []
    for name in names:
        for kind in ("identifiers", "clinical"):
            path = SETS / f"{name}_{kind}.jsonl"
            out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts(("dev", "heldout9", "heldout277", "heldout278"))


@pytest.mark.parametrize(
    "pattern, literals",
    [
        (r"\b(?:lives|resides)\b", {"lives", "resides"}),
        (r"(?i:Mercy|Saint)\s+Hospital", {"hospital"}),  # (one literal beats two of the same length)
        (r"(?=[A-Z])(?:Clinic|Hospital)", {"clinic", "hospital"}),  # a lookahead's text is in the string too
        (r"(?<=Dr\. )[A-Z][a-z]+", {"dr. "}),
        (r"(?:ward|unit)+ \d", {"ward", "unit"}),  # repeated at least once
        (r"[;|]", {";", "|"}),  # a small class: one of its characters
        (r"ſtation", {"station"}),  # (normalised: "ſ" is "s" to ``re`` under IGNORECASE)
    ],
)
def test_required_literals(pattern, literals):
    assert required_literals(re.compile(pattern)) == frozenset(literals)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d{3}[-.]?\d{4}",  # classes, and an optional separator
        r"(?:county)?\s+\w+",  # optional
        r"(?:ward|)\d",  # a branch that can be empty
        r"(?!county)\w+",  # a negative lookahead proves nothing
        r"(?:unit){0,2}\d",  # repeated maybe never
        r"(a)?(?(1)bcd|efg)",  # a conditional
        r"[^abc]",  # a negated class
    ],
)
def test_no_literals_proved(pattern):
    assert required_literals(re.compile(pattern)) is None


def test_case_and_equivalent_characters_still_match():
    """The gate compares normalised text: a match whose letters differ in case, or are characters ``re`` reads as
    equal under IGNORECASE (Kelvin sign, long s, dotted capital I), is never hidden."""
    cases = [
        (r"(?i)\bkilo\b", "\u212ailo"),  # KELVIN SIGN
        (r"(?i)\bstation\b", "\u017ftation"),  # LATIN SMALL LETTER LONG S
        (r"(?i)\bistanbul\b", "\u0130STANBUL"),  # LATIN CAPITAL LETTER I WITH DOT ABOVE
        (r"(?i)ΣΟΦΙΑΣ", "σοφιας"),  # final sigma
        (r"(?i)\bmercy\b", "MERCY"),
        (r"Mercy", "Mercy"),
    ]
    for source, text in cases:
        compiled = re.compile(source)
        assert compiled.search(text), source
        gated = GatedPattern(compiled, required_literals(compiled))
        prefilter.begin(text)
        assert gated.search(text), (source, text)
        assert list(gated.finditer(text)) and gated.findall(text)


def test_gate_answers_only_for_known_strings():
    gated = GatedPattern(re.compile(r"(?i)\bcounty\b"), frozenset({"county"}))
    window = "Lungs are clear."
    prefilter.begin(window)
    assert gated.search(window) is None and gated.findall(window) == [] and list(gated.finditer(window)) == []
    other = "Lives in Clark County."  # never seen by the prefilter: scanned as usual
    assert gated.search(other) and gated.findall(other) == ["County"]


def test_masked_string_keeps_literals_that_hold_an_underscore():
    """A masked string inherits its window's literals and gains those that hold ``_``: a pattern that needs the
    mask ("___ of") still finds it."""
    needs_mask = GatedPattern(re.compile(r"___ of"), frozenset({"___ of"}))
    needs_word = GatedPattern(re.compile(r"Smith"), frozenset({"smith"}))
    window = "Dr. Smith of radiology"
    prefilter.begin(window)
    assert needs_mask.search(window) is None  # (no "___ of" in the window as it came)
    masked = window[:4] + "_____" + window[9:]
    prefilter.derive(window, masked)
    assert needs_mask.search(masked)
    assert needs_word.search(masked) is None and needs_word.search(window)


def _gated_patterns() -> list[tuple[str, GatedPattern]]:
    out, seen = [], set()
    for info in pkgutil.iter_modules(shards.__path__):
        if not info.name.startswith("phi"):
            continue
        module = importlib.import_module(f"megacxr.shards.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, GatedPattern) and id(value) not in seen:
                seen.add(id(value))
                out.append((f"{info.name}.{name}", value))
    return out


def test_modules_gate_their_patterns():
    gated = _gated_patterns()
    assert len(gated) > 250  # (every phi module calls gate_patterns at its end)
    assert all(min(map(len, g.literals)) >= prefilter.MIN_LITERAL for _, g in gated)


def test_every_match_holds_a_required_literal(texts):
    """On the written sets' texts (as the screen reads them), every match of every gated pattern is in a text
    that holds one of its literals: the gate can only skip scans that find nothing."""
    read = [reading(cleaned(t)) for t in texts]
    normalised = [normalise(t) for t in read]
    checked = 0
    for name, gated in _gated_patterns():
        for text, norm in zip(read, normalised, strict=True):
            if gated.compiled.search(text):
                checked += 1
                assert any(lit in norm for lit in gated.literals), name
    assert checked > 1000


def test_screen_is_the_same_without_the_gate(texts):
    """The screen's output, counts and residual are the same with the gate and without it, at the default
    window and at a small one (so masked strings and window cuts are exercised)."""
    screens = [PhiScreen(), PhiScreen(window_chars=160)]
    for screen in screens:
        gated = [screen.screen(t) for t in texts]
        with prefilter.ungated():
            plain = [screen.screen(t) for t in texts]
        assert [(r.text, r.counts, r.residual) for r in gated] == [(r.text, r.counts, r.residual) for r in plain]
