"""The PHI screen's passes for a person named a second way, or named where only the sentence's frame says so.

Like ``phi_around`` these read the window's text as the earlier passes left it (masked spans are runs of ``_``;
``ends`` maps the end of each masked span to its kind):

* ``alias_names``: a name given as an alias after its cue, in quotes or bare ('known on the unit as "Bubba"',
  "goes by Tito", "a.k.a. Junior"), and in Korean after an alias's label (태명, 임시명, 가명, 별명, 애칭: a baby's
  name before birth, an unidentified patient's temporary name); initials in quotes after an "initials" cue
  ('Initials on requisition "BW"').
* ``bracketed_names``: a name in brackets right after a masked name ("Dr. ___ [Beiler]", "dr ___ (Bynum)"): a
  transcriptionist's correction of a misheard name; and the given names after a masked surname and a slash (a
  film label's "KASTELIC/ANNA MARIE").
* ``framed_names``: a name that only its frame marks: a surname opening a sentence before an opinion's verb
  ("Rasmussen feels the effusion is smaller"), the two ends of a hand-off arrow ("Hand-off: Whitfield -> Oyelowo"),
  a full name in the possessive before a person's role ("Mirsad Begović's nurse"), a name in Latin letters before a
  Korean honorific ("SOK DARA 씨").
* ``institution_acronyms``: a place named by its initials beside its masked full name ("GIMC ... (Gallup Indian
  Medical Center)").

Each checks the words against the vocabularies (a report word, an eponym before its head, a function word stay).
Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    KOREAN_CLINICAL,
    NAME,
    UNKNOWN,
    WORD,
    is_first_name,
    is_last_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import STOP, eponym_after
from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]

_ALIAS_CUE = re.compile(
    r"(?i:\bknown(?:[ \t]+(?:on|to|in|at)[ \t]+(?:the[ \t]+)?[a-z]+)?[ \t]+as|\bgoes[ \t]+by|\bnicknamed|"
    r"\ba\.?k\.?a\.?|\bprefers[ \t]+to[ \t]+be[ \t]+called|\bcalls[ \t]+(?:him|her|them)self|\bcalled)[ \t]*:?[ \t]*"
)
_QUOTED = re.compile(r"[\"“'‘]([^\"”'’\n]{1,30}?)[\"”'’]")
_BARE = re.compile(r"([A-Z][^\W\d_]+(?:[ \t]+[A-Z][^\W\d_]+)?)(?![\w'’-])")
_KOREAN_ALIAS = re.compile(
    # (a religious name too: "스님(법명 현각)", "법호: 무진", "세례명 안나")
    r"(?:태명|임시명|임시[ \t]?이름|가명|별명|애칭|아명|예명|세례명|법명|법호|수도명)[ \t]*(?:은|는|이|:|：)?[ \t]*"
    r"(?:['‘\"“]([^'’\"”\n]{1,12})['’\"”]|([\uac00-\ud7a3A-Za-z0-9]{1,10}))"
)
_UNQUOTED_PARTICLES = ("으로", "에게", "로", "를", "을", "는", "은", "와", "과")
# the cues that only a name follows (not "known as", "called": "known as copd", "called the ward")
_NAMING_CUE = re.compile(
    r"(?i:goes[ \t]+by|nicknamed|a\.?k\.?a|prefers[ \t]+to[ \t]+be[ \t]+called|calls[ \t]+\w+self)"
)
_LOWER_BARE = re.compile(r"([a-z][a-z'’-]+)(?![\w'’-])")
_INITIALS_QUOTED = re.compile(r"(?i:\binitials?\b)[^\"“\n]{0,30}[\"“]([A-Z]{2,4})[\"”]")


def _namelike(words: list[str]) -> bool:
    """No report word nor function word, and one word a name's or no vocabulary's."""
    if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
        return False
    return any(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) or is_first_name(w) for w in words)


def _lower_alias(word: str) -> bool:
    """A lower-case word after a naming cue that is a name: a listed given name that is no common word, or a
    name's or no vocabulary's word ("andy", "bubba"; not "ambulance", "wheelchair", "the")."""
    if word in STOP or word_class(word) == CLINICAL:
        return False
    return word_class(word) in (NAME, UNKNOWN) or is_first_name(word) and zipf(word) < 4.5


def alias_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """See the module docstring; cost: one scan per cue, only when a cue's word is in the text."""
    lower = text.lower()
    if "as" in lower or "by" in lower or "called" in lower or "nick" in lower or "k.a" in lower or "aka" in lower:
        for m in _ALIAS_CUE.finditer(text):
            q = _QUOTED.match(text, m.end())
            if q:
                words = re.findall(r"[^\W\d_]+", q.group(1))
                if words and not all(word_class(w) == CLINICAL for w in words) and not eponym_after(text, q.end()):
                    mask(q.start(1), q.end(1), "name")
                continue
            b = _BARE.match(text, m.end())
            if b and _namelike(b.group(1).split()) and not eponym_after(text, b.end()):
                mask(b.start(1), b.end(1), "name")
            elif not b and _NAMING_CUE.search(m.group(0)):
                b = _LOWER_BARE.match(text, m.end())  # "pt goes by andy at work": dictation's lower case
                if b and _lower_alias(b.group(1)):
                    mask(b.start(1), b.end(1), "name")
    if "initial" in lower and ('"' in text or "“" in text):
        for m in _INITIALS_QUOTED.finditer(text):
            mask(m.start(1), m.end(1), "name")
    for m in _KOREAN_ALIAS.finditer(text) if "명" in text else ():
        g = 1 if m.group(1) is not None else 2
        start, end = m.start(g), m.end(g)
        if g == 2:
            word = m.group(2)
            for p in _UNQUOTED_PARTICLES:
                if word.endswith(p) and len(word) > len(p) + 1:
                    end -= len(p)
                    break
            if word in KOREAN_CLINICAL or text[start:end] in KOREAN_CLINICAL:
                continue
        if not text[start:end].startswith("_"):
            mask(start, end, "name")


_BRACKETED = re.compile(r"(_{2,})[ \t]*[\[(]([A-Za-z][^\W\d_'’-]*(?:['’-][^\W\d_]+)?)[\])]")
_NOT_A_CORRECTION = frozenset("sp sic phonetic ph unclear inaudible illegible spelling spelled sp? md do".split())


_SLASH_GIVEN = re.compile(r"(_{2,})/([A-Z][A-Z'’-]+(?:[ \t][A-Z][A-Z'’-]+)?)(?![\w'’-])")  # "___/ANNA MARIE"


def bracketed_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """See the module docstring."""
    if "_" not in text:
        return
    for m in _SLASH_GIVEN.finditer(text) if "/" in text else ():
        if ends.get(m.end(1)) == "name" and is_first_name(m.group(2).split()[0].title()):
            mask(m.start(2), m.end(2), "name")  # a film label's LAST/FIRST: the given names after the slash
    for m in _BRACKETED.finditer(text) if "[" in text or "(" in text else ():
        word = m.group(2)
        if ends.get(m.end(1)) != "name" or word.lower() in _NOT_A_CORRECTION or word.lower() in STOP:
            continue
        if word.islower() and zipf(word) >= 4.0:
            continue  # "___ (wife)", "___ (chair)": who the person is, in a common word
        if word_class(word) != CLINICAL:
            mask(m.start(2), m.end(2), "name")


_OPINION = re.compile(
    r"(?:^|(?<=[.!?;])[ \t]+|(?<=\n))[ \t]*([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)[ \t]+"
    r"(?:feels|felt|thinks|thought|believes|agrees|agreed|recommends|suggests|prefers|disagrees|"
    r"would[ \t]+(?:like|prefer|benefit|rather|hold)|is[ \t]+(?:aware|agreeable)|"
    r"was[ \t]+(?:informed|notified|told))\b",
    re.M,
)
_HANDOFF = re.compile(
    r"(?i:hand-?off|handover|hand[ \t]+over|sign-?out|sign[ \t]+out|shift[ \t]+change|coverage|"
    r"transfer[ \t]+of[ \t]+care)"
    r"[^\n]{0,40}?(?<![\w'’-])([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)[ \t]*(?:->|-->|→|=>)[ \t]*"
    r"([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)(?![\w'’-])"
)
_POSSESSIVE_ROLE = re.compile(
    r"(?<![\w'’-])([A-Z][^\W\d_]+[ \t]+[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)['’]s[ \t]+"
    r"(?:nurse|wife|husband|partner|daughter|son|mother|father|mom|dad|family|caregiver|carer|guardian|pcp|"
    r"doctor|physician|oncologist|cardiologist|surgeon|attorney|lawyer|employer|case[ \t]+manager|social[ \t]+worker|"
    r"sister|brother|aunt|uncle|niece|nephew|grandson|granddaughter|grandmother|grandfather|roommate|neighbor|"
    r"neighbour|foreman|supervisor|boss)\b"
)


_LATIN_BEFORE_HONORIFIC = re.compile(  # "SOK DARA 씨", "Maria Santos 님께": a name in Latin letters, a Korean honorific
    r"(?<![\w'’.-])((?:[A-Z][A-Za-z'’-]+[ \t]+){0,2}[A-Z][A-Za-z'’-]+)[ \t]*(?:씨|님)"
    r"(?![\uac00-\ud7a3](?<![이가은는의을를께에으와과도]))"
)


def _surname_like(word: str) -> bool:
    """A listed surname or given name, not a report word, a common English word or a function word."""
    if word.lower() in STOP or word_class(word) in (CLINICAL, WORD):
        return False
    return word_class(word) == NAME or is_last_name(word) or is_first_name(word)


def framed_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """See the module docstring."""
    for m in _OPINION.finditer(text):
        word = m.group(1)
        unknown = len(word) >= 5 and word_class(word) == UNKNOWN  # "Mikolaj would benefit": a name no list holds
        if (unknown or all(_surname_like(p) for p in word.split("-"))) and not eponym_after(text, m.end(1)):
            mask(m.start(1), m.end(1), "name")
    if "->" in text or "→" in text or "=>" in text:
        for m in _HANDOFF.finditer(text):
            for g in (1, 2):
                if all(word_class(p) not in (CLINICAL, WORD) and p.lower() not in STOP for p in m.group(g).split("-")):
                    mask(m.start(g), m.end(g), "name")
    if "씨" in text or "님" in text:
        for m in _LATIN_BEFORE_HONORIFIC.finditer(text):
            words = m.group(1).split()
            if not any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                mask(m.start(1), m.end(1), "name")
    if "'s " in text or "’s " in text:
        for m in _POSSESSIVE_ROLE.finditer(text):
            words = m.group(1).split()
            if _namelike(words) and not any(word_class(w) == WORD and not is_first_name(w) for w in words[:1]):
                mask(m.start(1), m.end(1), "name")


_ACRONYM = re.compile(r"(?<![\w&.-])[A-Z]{3,6}(?![\w&-])")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'’]*")
_ACRONYM_SKIPS = frozenset("of the and for at de del la".split())


def institution_acronyms(text: str, masked: str, mask: Mask, ends: dict[int, str]) -> None:
    """A place named by its initials elsewhere in the window ("GIMC pulmonary clinic (Gallup Indian Medical
    Center)", "seen at UNMH ... University of New Mexico Hospital"): the initials of a masked place's words (its
    function words left out) stand in capitals as a word of their own. ``text`` is the window before the passes,
    ``masked`` after them."""
    initials: set[str] = set()
    for m in re.finditer(r"_+", masked):
        if ends.get(m.end()) != "place":
            continue
        words = [w for w in _NAME_WORD.findall(text[m.start() : m.end()]) if w.lower() not in _ACRONYM_SKIPS]
        if len(words) >= 3:
            initials.add("".join(w[0] for w in words).upper())
    if not initials:
        return
    for m in _ACRONYM.finditer(masked):
        if m.group(0) in initials:
            mask(m.start(), m.end(), "place")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
