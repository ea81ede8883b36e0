"""The PHI screen's OCR view: letters and digits that optical character recognition confuses, read as meant.

Scanned and faxed paperwork turned into text writes "0" as "O", "1" as "l" or "I", and the other way round:
"D0B: O7-O2-l939", "Cell 6O6.886.l234", "Requesting Phys1cian: Ka1eb Whit1ock", "Kerley B Iines". Each shape
pattern and word class of the screen would miss such a number or misread such a word. ``ocr_view`` returns the
text with those characters replaced, one character for one (so every span the screen finds maps back to the
text it returns):

* in a number-shaped token (digits and the letters O, o, l, I joined by nothing or by ``- . /``), with at least
  two real digits and a confusable letter beside a digit, the letters become digits ("O7-O2-l939" ->
  "07-02-1939"); a token glued to a letter ("CO2", "T1", "IL-6") is no number;
* in a word with a "1" or a "0" between letters ("Ka1eb", "chron1c", "D0B"), or an "I" opening a lower-case word
  that English does not know ("Iines"), the character becomes the letter that makes a known word ("Kaleb",
  "chronic", "DOB", "lines"); "l" and "o" when none does.

Text without a confusable pair is returned as it is after one regex search. Nothing here logs the text.
"""

from __future__ import annotations

import re

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    NAME,
    UNKNOWN,
    WORD,
    is_first_name,
    is_last_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["ocr_view"]

_HINT = re.compile(r"\d[OolI]|[OolI]\d|[A-Za-z][01][A-Za-z]|(?<=[A-Za-z,] )I[a-z]{2,}")
_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9OolI]+(?:[-./][0-9OolI]+)*(?![A-Za-z0-9])")
_TO_DIGIT = str.maketrans("OolI", "0011")
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]*[A-Za-z][01][A-Za-z][A-Za-z01]*(?![A-Za-z0-9])")
_I_WORD = re.compile(r"(?<=[A-Za-z,] )I[a-z]{2,}(?![A-Za-z0-9])")  # mid-sentence: "Kerley B Iines"
_CONFUSED_PAIR = re.compile(r"\d[OolI]|[OolI]\d")
_RANK = {CLINICAL: 0, WORD: 0, NAME: 1, AMBIGUOUS: 1, UNKNOWN: 2}


def ocr_view(text: str) -> str:
    """``text`` with OCR's letter-digit confusions read as meant (see the module docstring); same length."""
    if not _HINT.search(text):
        return text
    chars = list(text)
    for m in _NUMBER.finditer(text):
        token = m.group(0)
        if sum(c.isdigit() for c in token) >= 2 and _CONFUSED_PAIR.search(token) and not token.isdigit():
            chars[m.start() : m.end()] = token.translate(_TO_DIGIT)
    for m in _WORD.finditer(text):
        if text[m.start() - 1 : m.start()] == ":" or text[m.end() : m.end() + 1] == ":":
            continue  # a group of an IPv6 address or a MAC ("fe80::1c2a:4bff:fe1e"): hex, no OCR'd word
        if len(m.group(0)) >= 4 and sum(c.isalpha() for c in m.group(0)) >= 3:  # not a code: "G0M 1S0", "V1Y"
            chars[m.start() : m.end()] = _read_word(m.group(0))
    for m in _I_WORD.finditer(text):
        word = m.group(0)
        read = "l" + word[1:]
        if (
            word_class(word) == UNKNOWN
            and word_class(read) in (WORD, CLINICAL)
            and zipf(read) >= 3.0
            and not (is_first_name(word) or is_last_name(word))
        ):
            chars[m.start()] = "l"  # "Iines", "Ieft" (but "Ilana", "Isidro" are names)
    return "".join(chars)


def _read_word(word: str) -> str:
    """``word`` with each "1" read as "l" or "i" and each "0" as "o", whichever makes a known word."""
    upper = word.isupper() or sum(c.isupper() for c in word) > sum(c.islower() for c in word)
    options = [""]
    for c in word:
        if c == "1":
            options = [o + x for o in options for x in ("l", "i")][:16]
        elif c == "0":
            options = [o + "o" for o in options]
        else:
            options = [o + c for o in options]
    options = [o.upper() if upper else o for o in options]
    # a report or English word first, the more frequent of two
    ranked = sorted(options, key=lambda o: (_RANK.get(word_class(o), 3), -zipf(o.lower())))
    return ranked[0]


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
