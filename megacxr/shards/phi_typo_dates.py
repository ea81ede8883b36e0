"""The PHI screen's pass for a date whose month's name is misspelled: "Janaury 9 2024", "Marhc 4, 2024",
"Feburary 12th, 2023", "Spetember 3 2021" (speech recognition and typing swap, drop or double a letter).

A word is read as a month when it is no month's name but is one edit from one (a letter swapped with its
neighbour, one dropped, one added or one changed), it is at least four letters long, and a day and a year follow
it, or a preposition of time before it and a year after ("since Marsh 2024"): a word alone ("Marsh", "Juno") is
never taken. Cost: one scan for
a day and a four-digit year after a word; the edit check runs only on those words.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]

_MONTHS = "january february march april may june july august september october november december sept".split()
_WORD_DAY_YEAR = re.compile(
    r"(?<![\w'’-])([A-Za-z]{4,10})\.?[ \t]+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d{2}"
    r"(?![\w/:.-]|\.\d)"
)
# no day, a year only, and a preposition of time before: "Since Marsh 2024", "in Febuary 2023"
_CUED_WORD_YEAR = re.compile(
    r"(?i:\b(?:since|in|from|until|till|through|during|early|late|mid|before|after))[ \t]+"
    r"([A-Za-z]{4,10}\.?,?[ \t]+(?:19|20)\d{2})(?![\w/:.-]|\.\d)"
)
_YEAR_HINT = re.compile(r"(?:19|20)\d{2}")


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one edit: a swap of neighbours, a letter added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=4096)
def misspelled_month(word: str) -> bool:
    """A word one edit from a month's name (four letters at least, the same first letter), not a month itself."""
    low = word.lower()
    if low in _MONTHS or len(low) < 4:
        return False
    return any(m[0] == low[0] and len(m) >= 4 and _one_edit(low, m) for m in _MONTHS)


def misspelled_month_dates(text: str, mask: Mask) -> None:
    """See the module docstring."""
    if not _YEAR_HINT.search(text):
        return
    for m in _WORD_DAY_YEAR.finditer(text):
        if misspelled_month(m.group(1)):
            mask(m.start(), m.end(), "date")
    for m in _CUED_WORD_YEAR.finditer(text):
        if misspelled_month(m.group(1).split()[0].rstrip(".,")):
            mask(m.start(1), m.end(1), "date")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
