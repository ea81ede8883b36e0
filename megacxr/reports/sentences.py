"""Sentences of a report: ``split_sentences`` (line breaks always end a sentence; abbreviations such as ``e.g.``,
``vs.``, ``Dr.``, decimals ``2.5 cm``, ``No. 3`` and list numbers ``1. No effusion. 2. ...`` never do) and
``shuffle_sentences`` (a random order, list enumerators dropped)."""

from __future__ import annotations

import re

import numpy as np

__all__ = ["shuffle_sentences", "split_sentences"]

_SPACES = re.compile(r"\s+")

# Words that end in a full stop without ending the sentence (compared lower-case, without the final stop).
_ABBREV = frozenset(
    """
e.g i.e eg ie vs v cf approx appr al etc dr mr mrs ms prof st sr jr fig figs incl resp min max
""".split()
)
# "No. 3", "no. 2" (number) -- only an abbreviation when a digit follows.
_NUMBER_ABBREV = frozenset({"no", "nos", "nr", "num", "pt", "ca"})
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
_LIST_NUMBER = re.compile(r"^\(?\d{1,2}[.)]$")
_ENUMERATOR = re.compile(r"^\(?\d{1,2}[.)]\s+")


def _is_boundary(text: str, end: int, sentence_start: int) -> bool:
    """Does the sentence end after ``text[:end]`` (``end`` sits right after [.!?] and any closing quote)?"""
    nxt = text[end:].lstrip()
    if not nxt:
        return True
    word_start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
    word = text[word_start:end]
    if word_start == sentence_start and _LIST_NUMBER.match(word):
        return False  # "1. No effusion." -- the enumerator of a list item
    if word.endswith("."):
        stem = word.rstrip(".\"')]").lstrip("(\"'").lower()
        if stem in _ABBREV:
            return False
        if stem in _NUMBER_ABBREV and nxt[0].isdigit():
            return False
        if len(stem) == 1 and stem.isalpha() and word_start > sentence_start:
            return False  # an initial, "J. Smith"
    return not nxt[0].islower()  # "... eg. pneumonia" continues the sentence


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (whitespace-normalised); line breaks always end a sentence."""
    out: list[str] = []
    for line in text.splitlines():
        line = _SPACES.sub(" ", line).strip()
        start = 0
        for m in _BOUNDARY.finditer(line):
            if _is_boundary(line, m.end(), start):
                out.append(line[start : m.end()].strip())
                start = m.end() + 1
        if line[start:].strip():
            out.append(line[start:].strip())
    return [s for s in out if s]


def shuffle_sentences(text: str, rng: np.random.Generator) -> str:
    """The sentences of ``text`` in a random order (one ``rng.permutation`` draw), joined by single spaces.

    List enumerators ("1.", "2)") are dropped from the sentences, since the shuffled order would contradict them.
    """
    sentences = [_ENUMERATOR.sub("", s) for s in split_sentences(text)]
    sentences = [s for s in sentences if s]
    order = rng.permutation(len(sentences))
    return " ".join(sentences[i] for i in order)
