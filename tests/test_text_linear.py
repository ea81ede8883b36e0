"""Report cleaning and the PHI screen take time linear in the text's length, on any input (issue 13).

Asserted on sizes, not on a timer: every regular expression of the cleaner and of the PHI screen is wrapped in
a recorder, a 1 MB report built from the prefixes that make patterns backtrack is cleaned and screened, and
no pattern may have been handed more than a bounded piece (``SEGMENT_CHARS``, grown at most 3x by earlier
redactions) at once. Whatever a pattern costs on one
piece, the whole then costs a constant times the number of pieces. Two patterns are exempt, each a single
character-class repetition over the joined text, which cannot backtrack; the section splitter's patterns
(``sections.py``) are anchored at line starts with bounded classes and run once per report.
"""

from __future__ import annotations

import re

import pytest

from megacxr.reports import textclean
from megacxr.reports.segments import SEGMENT_CHARS, segments
from megacxr.reports.textclean import CleaningConfig, clean_study_text
from megacxr.shards import phi, phi_names, phi_patterns, phi_places
from megacxr.shards.phi import PhiScreen

EXEMPT = {"_ONE_LINE", "_PUNCT_ONLY"}  # \s+ and [\W_]+: one class, no backtracking
ATTACKS = [
    "[**",
    "Dr. ",
    "Mr. A ",
    "Aa Aa, MD ",
    "discussed with ",
    "Jan ",
    "1-",
    "1/",
    "(555) ",
    "a@",
    "www.",
    "MRN ",
    "x ",
    "FINDINGS ",
    "A'B ",
    "1.2.",
    "::",
    "Pt: ",
    "Lee, ",
    "123 Main ",
    "92 y",
    "\x1b[",
    "_" * 3,
]


class Recorder:
    """Forwards to a compiled pattern and records the length of every string it is given."""

    def __init__(self, pattern: re.Pattern, sizes: list[int]):
        self._p, self._sizes = pattern, sizes

    def __getattr__(self, name):
        attr = getattr(self._p, name)
        if name in ("sub", "subn"):

            def call(repl, string, *a, **k):
                self._sizes.append(len(string))
                return attr(repl, string, *a, **k)

            return call
        if name in ("search", "match", "fullmatch", "finditer", "findall", "split"):

            def call(string, *a, **k):
                self._sizes.append(len(string))
                return attr(string, *a, **k)

            return call
        return attr


@pytest.fixture
def recorded(monkeypatch):
    sizes: dict[str, list[int]] = {}
    for module in (phi, phi_patterns, phi_names, phi_places, textclean):
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern) and name not in EXEMPT:
                monkeypatch.setattr(module, name, Recorder(value, sizes.setdefault(f"{module.__name__}.{name}", [])))
            elif isinstance(value, tuple) and value and all(isinstance(v, re.Pattern) for v in value):
                monkeypatch.setattr(
                    module,
                    name,
                    tuple(
                        Recorder(v, sizes.setdefault(f"{module.__name__}.{name}[{i}]", [])) for i, v in enumerate(value)
                    ),
                )
    return sizes


def _hostile_report(n_chars: int) -> str:
    parts, total, i = [], 0, 0
    while total < n_chars:
        unit = ATTACKS[i % len(ATTACKS)] * 2000
        parts.append(unit)
        total += len(unit)
        i += 1
    return "FINDINGS: " + "".join(parts)[:n_chars] + " Discussed with Dr. Gregory House.\nIMPRESSION: Normal."


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_a_one_megabyte_report_never_reaches_a_pattern_whole(recorded):
    report = _hostile_report(1 << 20)
    clean_study_text(report, {}, CleaningConfig(), "csv")
    out = PhiScreen().screen(report)
    used = {name: max(s) for name, s in recorded.items() if s}
    assert "megacxr.reports.textclean._DEID" in used and "megacxr.shards.phi_patterns.TITLE" in used
    assert "megacxr.shards.phi_names._RUN" in used and "megacxr.reports.textclean._ESCAPE_SEQ" in used
    # a later pass sees the piece after earlier redactions: a 3-character token can replace a 1-character
    # match, so a piece grows at most 3 times, still bounded
    too_long = {name: n for name, n in used.items() if n > 3 * SEGMENT_CHARS}
    assert not too_long, too_long
    assert "House" not in out.text[-200:] and out.counts["name"] >= 1  # still screened, to the end


@pytest.mark.parametrize("n", [0, 1, 4095, 4096, 4097, 10_000, 65_537])
def test_segments_cover_the_text_within_the_limit(n):
    text = ("word " * 3 + "\n" + "x" * 50 + "\n\n") * (n // 60 + 1)
    text = text[:n]
    pieces = segments(text)
    assert "".join(pieces) == text
    assert all(len(p) <= SEGMENT_CHARS for p in pieces)
    assert all(len(p) >= SEGMENT_CHARS // 2 for p in pieces[:-1])
    assert segments("y" * 9000) == ["y" * 4096, "y" * 4096, "y" * 808]  # no separator: hard cuts
