"""The CXR abbreviation table, and expanding / contracting report text with it.

``ABBREVIATIONS`` lists what chest radiograph reports abbreviate: views (PA, AP), lobes (RLL, LUL), vessels and
chambers (SVC, IJ, RA), devices (ETT, NGT, PICC, AICD), diagnoses (CHF, COPD, PTX) and the shorthand of busy
departments (``b/l``, ``s/p``, ``consol``, ``atx``, ``w/o``). Each entry says whether it is used to expand
(short -> long) and to contract (long -> short); ambiguous or over-eager directions are switched off (``L`` ->
"left" only expands, and only before a lower-case word; "with" is never contracted to ``w/``).

Matching rules:

* An abbreviation is a whole token: never inside a word ("AP" in "APPEARANCE", "PA" in "PAIN") nor glued to
  letters or digits ("L5", "PA2"). Upper-case acronyms match only in upper case ("ap" is not "AP"); shorthand
  with lower-case letters ("consol", "b/l") matches in any case.
* Longest entry first: "PA catheter" -> "pulmonary artery catheter" before "PA" -> "posteroanterior",
  "right internal jugular" -> "RIJ" before "internal jugular" -> "IJ".
* Capitalisation: an expansion is lower case ("CHF" -> "congestive heart failure"), capitalised at the start of
  a sentence or where the shorthand was ("Consol" -> "Consolidation"), upper case in an all-caps report.
  A contraction keeps the acronym's case, capitalises shorthand at a sentence start. The article before the
  replaced words follows its sound ("an ETT" <-> "an endotracheal tube", "a NGT" <- "a nasogastric tube" is
  written "an NGT").

Expansion and contraction never touch laterality, negation or numbers (no entry holds a digit or a negation
except ``w/o`` -> "without", which keeps the negation), so both preserve a report's meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from megacxr.reports.lexicon import table_rows

__all__ = ["ABBREVIATIONS", "Abbreviation", "contract_abbreviations", "expand_abbreviations"]


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str
    expand: bool = True  # short -> long
    contract: bool = True  # long -> short

    @property
    def acronym(self) -> bool:
        """Headed by an upper-case token ("PTX", "PA catheter"): that token matches case-sensitively."""
        head = self.short.split()[0]
        return not any(c.islower() for c in head)


def _flag(row: dict[str, str], column: str) -> bool:
    value = row[column].strip().lower()
    if value not in ("yes", "no"):
        raise ValueError(f"tables/abbreviations.tsv: {row['short']!r} has {column} {value!r} (yes or no)")
    return value == "yes"


# megacxr/reports/tables/abbreviations.tsv: the table is data (views, lobes, vessels, devices, diagnoses, shorthand)
ABBREVIATIONS: tuple[Abbreviation, ...] = tuple(
    Abbreviation(row["short"], row["long"], _flag(row, "expand"), _flag(row, "contract"))
    for row in table_rows("abbreviations.tsv")
)

_GUARDED_SIDES = {"L", "R"}
# "PA" after a side is the pulmonary artery ("right PA"), not the view
_GUARDS = {"PA": r"(?<![Rr]ight\s)(?<![Ll]eft\s)(?<![Mm]ain\s)"}


def _short_pattern(e: Abbreviation) -> str:
    head, *rest = [re.escape(w) for w in e.short.split()]
    tail = "".join(rf"\s+(?i:{w})" for w in rest)
    if e.short in _GUARDED_SIDES:
        return rf"(?<![\w/.-])(?<!\d\s){head}(?=-sided\b|\s+[a-z]|\s+[A-Z]{{2,}}\b)"
    body = (head if e.acronym else f"(?i:{head})") + tail
    edge = r"[\w/]" if "/" in e.short else r"\w"
    return rf"{_GUARDS.get(e.short, '')}(?<!{edge}){body}(?!{edge})(?!-\d)"


def _long_pattern(e: Abbreviation) -> str:
    body = r"\s+".join(re.escape(w) for w in e.long.split())
    return rf"(?<![\w-])(?i:{body})(?![\w-])"


def _compile(entries: list[Abbreviation], pattern, text_of) -> re.Pattern:
    # named groups in longest-first order: the regex alternation then prefers the longest entry at a position
    order = sorted(range(len(entries)), key=lambda i: -len(text_of(entries[i])))
    return re.compile("|".join(f"(?P<e{i}>{pattern(entries[i])})" for i in order))


_EXPAND = [e for e in ABBREVIATIONS if e.expand]
_CONTRACT = []
for _e in ABBREVIATIONS:  # one short form per long form: the first listed wins
    if _e.contract and not any(c.long.lower() == _e.long.lower() for c in _CONTRACT):
        _CONTRACT.append(_e)
_EXPAND_RE = _compile(_EXPAND, _short_pattern, lambda e: e.short)
_CONTRACT_RE = _compile(_CONTRACT, _long_pattern, lambda e: e.long)
_SENTENCE_END = re.compile(r"(?:[.!?:]\s+|\n\s*)$")  # what precedes a sentence start ("1. " included)
_ARTICLE = re.compile(r"\b(an?|An?|AN?)(\s+)$")
# letters whose spoken name starts with a vowel sound: "an NGT", "an SVC", "a PICC"
_VOWEL_LETTER_NAMES = set("AEFHILMNORSX")


def _all_caps(text: str) -> bool:
    """An ALL CAPS report: no lower case, and upper-case words left once the abbreviations are taken out
    ("LLL PNA." alone is abbreviations, not an all-caps report)."""
    if any(c.islower() for c in text):
        return False
    return sum(c.isalpha() for c in _EXPAND_RE.sub(" ", text)) > 3


def _needs_an(word: str, acronym: bool) -> bool:
    if not word:
        return False
    if acronym:
        return word[0].upper() in _VOWEL_LETTER_NAMES
    return word[0].lower() in "aeiou" and not word.lower().startswith(("uni", "eu", "one"))


def _fix_article(head: str, word: str, acronym: bool, caps: bool) -> str:
    """``head`` (the text before ``word``) with its trailing article matched to ``word``'s sound."""
    m = _ARTICLE.search(head[-8:])
    if not m:
        return head
    cut = len(head) - 8 + m.start() if len(head) > 8 else m.start()
    want = "an" if _needs_an(word, acronym) else "a"
    if caps:
        want = want.upper()
    elif m.group(1)[0].isupper():
        want = want.capitalize()
    return head[:cut] + want + m.group(2)


def _replace(text: str, regex: re.Pattern, entries: list[Abbreviation], expanding: bool) -> str:
    caps = _all_caps(text)
    done, last = "", 0
    for m in regex.finditer(text):
        e = entries[int(m.lastgroup[1:])]
        found = m.group(0)
        head = done + text[last : m.start()]
        at_start = not head.strip() or bool(_SENTENCE_END.search(head[-8:]))
        if expanding:
            word, acronym = e.long, False
            if caps:
                word = word.upper()
            elif at_start or (not e.acronym and found[:1].isupper()):
                word = word[:1].upper() + word[1:]
        else:
            word, acronym = e.short, e.acronym
            if caps:
                word = word.upper()
            elif at_start and word[:1].islower():
                word = word[:1].upper() + word[1:]
        done = _fix_article(head, word, acronym, caps) + word
        last = m.end()
    return done + text[last:] if last else text


def expand_abbreviations(text: str) -> str:
    """``text`` with every abbreviation of the table written out ("ETT 4 cm above the carina" ->
    "endotracheal tube 4 cm above the carina"); text without abbreviations comes back unchanged."""
    return _replace(text, _EXPAND_RE, _EXPAND, expanding=True)


def contract_abbreviations(text: str) -> str:
    """``text`` with the long forms of the table abbreviated ("right lower lobe consolidation" -> "RLL
    consolidation"); the reverse of ``expand_abbreviations`` for the entries that contract."""
    return _replace(text, _CONTRACT_RE, _CONTRACT, expanding=False)
