"""The PHI screen's repeat pass: a name, a place or an id masked once is masked wherever it recurs in the window.

A report names its people and places more than once, and only some of the mentions have a cue: "Patient: Ambrose
Kettle. ... Ambrose has an old healed fracture", "lived in seoul until 2019, then back to seoul", "Song was called
twice" after "Dr. Song". Once a pass has masked a word as a name, a place or an address, its other mentions in the
window are the same identifier, whatever frames them. It runs last in a window (after the completion pass), on
what every pass masked, so a mention found by any pass counts.

What recurs is one word of a masked run:
* a Latin word of three letters or more that is no report word and no function word; a word in common use
  (Zipf >= 3.0: "Baker", "Hope") recurs only in the case it was masked in ("Baker", "BAKER"), never as the
  lower-case word ("a baker");
* a Hangul word of two syllables or more that is no report word and no common word, before a particle too
  ("신영길입니다");
* a number of six digits or more masked as an id or a phone.

Clinical text with no mask is untouched (the pass only reads masked runs). Cost: a C string search of the
window per masked word (a few per report). Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, KOREAN_CLINICAL, word_class, zipf
from megacxr.shards.phi_names import STOP, common_korean_word

__all__ = ["repeated_identifiers"]

Mask = Callable[[int, int, str], None]

_RUN = re.compile(r"_+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]{2,}")
_DIGITS = re.compile(r"\d{6,}")
_WORD_KINDS = frozenset({"name", "place", "address"})
_NUMBER_KINDS = frozenset({"mrn", "phone", "ssn"})


def _latin_word(word: str) -> bool:
    low = word.lower()
    return len(word) >= 3 and low not in STOP and word_class(word) != CLINICAL and zipf(low) < 4.5


def _hangul_word(word: str) -> bool:
    return word not in KOREAN_CLINICAL and not common_korean_word(word)


def repeated_identifiers(text: str, masked: str, ends: dict[int, str], mask: Mask) -> None:
    """Mask, in ``masked`` (``text`` with ``_`` over what the screen found), every other mention of a word that a
    masked run of a name, a place, an address or an id holds (module docstring)."""
    exact: dict[str, str] = {}  # a word (or its capitals) in use: its mentions in that case only
    folded: dict[str, str] = {}  # a rare word: any case
    hangul: dict[str, str] = {}  # a Hangul word: with a particle after it too
    for m in _RUN.finditer(masked):
        a, b = m.span()
        if text[a:b] == masked[a:b]:
            continue  # a de-identification mark already in the text
        kind = next((ends[e] for e in range(b, a, -1) if e in ends), "mrn")
        run = text[a:b]
        if kind in _WORD_KINDS:
            for w in _LATIN.findall(run):
                w = w.strip("'’-")
                if not _latin_word(w):
                    continue
                if zipf(w.lower()) < 3.0:
                    folded.setdefault(w.lower(), kind)
                else:
                    exact.setdefault(w, kind)
                    exact.setdefault(w.upper(), kind)
            for w in _HANGUL.findall(run):
                if _hangul_word(w):
                    hangul.setdefault(w, kind)
        elif kind in _NUMBER_KINDS:
            for w in _DIGITS.findall(run):
                exact.setdefault(w, kind)
    if not (exact or folded or hangul):
        return
    # (each word found by str.find, a C scan: a window holds a few such words; its edges are checked here)
    lowered = masked.lower() if folded else ""
    for words, haystack, edge in (
        (exact, masked, _latin_edge),
        (folded, lowered, _latin_edge),
        (hangul, masked, _hangul_edge),
    ):
        for word, kind in words.items():
            at = haystack.find(word)
            while at >= 0:
                end = at + len(word)
                if edge(masked, at, end):
                    mask(at, end, kind)
                at = haystack.find(word, end)


def _latin_edge(text: str, start: int, end: int) -> bool:
    """A whole word (or number): no letter, digit or joiner on either side."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_'’-") and not (after.isalnum() or after in "_'’-")


def _hangul_edge(text: str, start: int, end: int) -> bool:
    """A Hangul word's start (a particle may follow it: "신영길입니다")."""
    return not (start and "\uac00" <= text[start - 1] <= "\ud7a3")
