"""The PHI screen's last pass: the edges of an identifier already masked, where a part of it is still in clear.

After a masked name (``ends`` maps each masked span's end to its kind, as in ``phi_neighbours``):

* a capitalised word right before it after a comma, a colon or a quote (", Rainy ___,": a given name that is also
  a word), and "LAST, ___" after a label or a quote ("Bear, ___");
* a capitalised word after it and a comma at the end of a field ("___, Will --": LAST, FIRST in a signature);
* a single capitalised word between two masked parts ("Dr. ___ Trâm ___"), a nickname in parentheses and the
  surname after it ("___ (___) Bautista-Ocampo"), Spanish particles and the words they join ("___ DE LOS
  ÁNGELES");
* a parenthesised alias after a masked name or place: two or three capitalised words, one unknown word, or a
  Hangul transliteration ("___ (Lorna Hatch-Prewitt)", "___ (Barrow)", "___ (레티화)"), and a Hangul name just
  before a masked romanised one in the same parentheses ("(트란 티 마이, ___)").

After a masked identifier number, phone or address: the letters that open the identifier ("KUS ___"), a URI
scheme ("sip:___"), an extension written as a URI parameter (";ext=3"), a short leading group of a phone
("044 ___"). After a masked place: "& Word" that continues a firm's name, the head words of a practice
("___ Family Medicine Associates", "___ Regional"), a Canadian province after a masked town ("___, BC"), the town
before a masked "AK 99752".

Holidays written without a year or a preposition ("Injured Christmas Eve '25", "(Presidents' Day)") are dates too:
``holiday_dates``.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, word_class, zipf
from megacxr.shards.phi_names import NOT_NAME_END, STOP, hangul_name_like, known_korean_word, transliterated_token

__all__ = ["holiday_dates", "masked_edges"]

Mask = Callable[[int, int, str], None]

_U = "A-ZÀ-ÖØ-ÞĀ-ſ"  # upper-case letters, Latin-1 and Latin Extended-A (upper and lower mixed in the latter)
_L = "a-zß-öø-ÿĀ-ſ'’"
_WORD = rf"[{_U}][{_L}]+(?:-[{_U}][{_L}]+)?"
_TITLES = frozenset("dr mr mrs ms mx prof mister miss dear attn to by per cc from and or the".split())

_BEFORE_NAME = re.compile(rf"(?:^|(?<=[,:;(\"“'‘]))[ \t]*({_WORD})[ \t]+$", re.M)
_LAST_BEFORE = re.compile(rf"(?:^|(?<=[:;(\"“'‘=|]))[ \t]*({_WORD}),[ \t]*$", re.M)
_FIRST_AFTER = re.compile(rf",[ \t]*({_WORD})(?=[ \t]*(?:--|[|)\"”;]|$|,[ \t]*(?:MD|DO|RN|NP|PA)\b))", re.M)
_REST_OF_CELL = re.compile(rf"[ \t]+({_WORD}(?:[ \t]+{_WORD})?)(?=[ \t]*[\"”|\t])")
_ONE_BETWEEN = re.compile(rf"[ \t]+({_WORD})[ \t]+(?=_)")
_NICK_THEN_SURNAME = re.compile(rf"[ \t]*\(_+\)[ \t]+({_WORD})")
_SPANISH_TAIL = re.compile(
    rf"[ \t]+((?:(?i:de|del|de[ \t]+la|de[ \t]+las|de[ \t]+los|y)[ \t]+)+"
    rf"(?:[{_U}][{_U}{_L}]+)(?:[ \t]+[{_U}][{_U}{_L}]+)?)(?![{_L}])"
)
_PAREN_ALIAS = re.compile(
    rf"[ \t]*\(((?:{_WORD}[ \t]+){{0,2}}{_WORD}|[\uac00-\ud7a3]{{2,6}}(?:[ \t]+[\uac00-\ud7a3]{{1,6}}){{0,2}})\)"
)
_HANGUL_BEFORE_IN_PAREN = re.compile(r"\(((?:[\uac00-\ud7a3]{1,6}[ \t]*){1,3}),[ \t]*$")

_ID_PREFIX = re.compile(r"(?<![\w-])([A-Z]{2,5})[ \t-]?$")
_ID_LABELS = frozenset(
    "MRN ID ACC SSN DOB NO NUM PID FIN CSN EMPI HAR MR UR URN NHS ICN CN AN EN VN ENC ACCT REF TEL FAX PH CELL "
    "EXT PGR MOB HOME WORK".split()
)
_URI_SCHEME = re.compile(r"(?<![\w])(?:sips?|tel|callto|fax|mailto|xmpp|im):$", re.I)
_EXT_PARAM = re.compile(r";(?:ext|extension|x)=\d{1,6}", re.I)
_PHONE_LEAD = re.compile(r"(?:^|(?<=[:(]))[ \t]*(\d{2,3})[ \t.-]+$", re.M)

_AMP_FIRM = re.compile(rf"[ \t]*&[ \t]*({_WORD}(?:[ \t]+{_WORD})?)")
_PRACTICE_HEAD = re.compile(
    r"[ \t]+((?:Family[ \t]+(?:Medicine|Practice|Health)|Pediatric|Paediatric|Internal[ \t]+Medicine|Primary[ \t]+Care|"
    r"Medical|Health)[ \t]+(?:Associates|Group|Partners|Clinic|Center|Centre)|Associates|Regional"
    r"(?:[ \t]+(?:Hospital|Medical[ \t]+Center))?|Pediatrics|Partners)(?![\w'’-])"
)
_HOME_PORT = re.compile(rf"[ \t]+(?:out[ \t]+of|homeported[ \t]+(?:in|at))[ \t]+({_WORD})")
_PROVINCE = re.compile(r",[ \t]*(BC|AB|SK|MB|ON|QC|NB|NS|PE|PEI|NL|YT|NT|NU)(?![\w.])")
_TOWN_BEFORE_STATE_ZIP = re.compile(rf"({_WORD}(?:[ \t]+{_WORD})?),?[ \t]+$")

HOLIDAY_ALONE = re.compile(  # a holiday named as the day something happened, year optional ("Christmas Eve '25")
    r"(?<![\w'’-])(?:Christmas[ \t]+(?:Eve|Day)|Christmas(?![ \t]+(?:disease|factor|tree))|New[ \t]+Year['’]?s"
    r"(?:[ \t]+(?:Eve|Day))?|Thanksgiving(?:[ \t]+Day)?|Easter(?:[ \t]+(?:Sunday|Monday))?|Halloween|Boxing[ \t]+Day|"
    r"Canada[ \t]+Day|Victoria[ \t]+Day|Independence[ \t]+Day|Fourth[ \t]+of[ \t]+July|July[ \t]+4th|Labou?r[ \t]+Day|"
    r"Memorial[ \t]+Day|Presidents['’]?[ \t]+Day|Veterans['’]?[ \t]+Day|Columbus[ \t]+Day|Juneteenth|"
    r"Valentine['’]?s[ \t]+Day|Mother['’]?s[ \t]+Day|Father['’]?s[ \t]+Day|Cinco[ \t]+de[ \t]+Mayo|"
    r"Mardi[ \t]+Gras|St\.?[ \t]+Patrick['’]?s[ \t]+Day|Groundhog[ \t]+Day|Super[ \t]+Bowl[ \t]+Sunday)"
    r"(?:[ \t]+(?:['’]\d{2}|(?:19|20)\d{2}))?(?![\w'’-])"
)


def _known_word(word: str) -> bool:
    """A word of the report: a title or function word, or a clinical or frequent English word."""
    w = word.lower().strip("'’")
    return w in _TITLES or w in STOP or word_class(word) == CLINICAL or (zipf(w) >= 5.0 and "-" not in w)


def _hangul_alias(word: str) -> bool:
    """A Hangul word in parentheses after a masked name that writes the name again ("___ (레티화)"): a name's
    shape, a transliteration, or a short word of no Korean word list that ends as no finding does."""
    if hangul_name_like(word, strict=False) or transliterated_token(word):
        return True
    return 2 <= len(word) <= 4 and not known_korean_word(word) and not word.endswith(NOT_NAME_END)


def _given_name_shape(word: str) -> bool:
    """A word before a masked surname that can be the given name: no title, report word, verb form or very
    frequent word ("Rainy ___" and "Hope ___" are names; "Paged ___" and "Please ___" are not)."""
    w = word.lower().strip("'’")
    return not (
        w in _TITLES or w in STOP or word_class(word) == CLINICAL or w.endswith(("ed", "ing")) or zipf(w) >= 5.0
    )


def _unknown(word: str) -> bool:
    w = word.lower().strip("'’")
    return not (w in _TITLES or w in STOP or word_class(word) == CLINICAL or zipf(w) >= 3.0)


def _runs(text: str, ends: dict[int, str], kinds: tuple[str, ...]) -> list[tuple[int, int, str]]:
    out = []
    for e, kind in sorted(ends.items()):
        if kind in kinds and 0 < e <= len(text) and text[e - 1] == "_":
            s = e
            while s > 0 and text[s - 1] == "_":
                s -= 1
            out.append((s, e, kind))
    return out


def masked_edges(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """See the module docstring; cost: a few anchored matches per masked span."""
    if "_" not in text:
        return

    def take(start: int, end: int, kind: str) -> None:
        nonlocal text
        if end > start:
            mask(start, end, kind)
            ends[end] = kind
            text = text[:start] + "_" * (end - start) + text[end:]

    for s, _e, _kind in _runs(text, ends, ("name",)):
        line = max(0, text.rfind("\n", 0, s) + 1)
        m = _BEFORE_NAME.search(text, line, s)
        if m and _given_name_shape(m.group(1)):
            take(m.start(1), m.end(1), "name")
        m = _LAST_BEFORE.search(text, line, s)
        if m and m.group(1).lower() not in _TITLES and word_class(m.group(1)) != CLINICAL:
            take(m.start(1), m.end(1), "name")
    for _s, e, _kind in _runs(text, ends, ("name",)):
        m = _FIRST_AFTER.match(text, e)
        if m and m.group(1).lower() not in _TITLES and word_class(m.group(1)) != CLINICAL:
            take(m.start(1), m.end(1), "name")
        m = _ONE_BETWEEN.match(text, e)
        if m and ends.get(next((x for x in range(m.end(), len(text)) if text[x] != "_"), len(text)), "name") == "name":
            w = m.group(1).lower()
            if w not in _TITLES and w not in STOP and not (word_class(m.group(1)) == CLINICAL and zipf(w) >= 4.5):
                take(m.start(1), m.end(1), "name")  # "Dr. ___ Tram ___": between two parts of one name
        m = _NICK_THEN_SURNAME.match(text, e)
        if m and not _known_word(m.group(1)):
            take(m.start(1), m.end(1), "name")  # "___ (___) Bautista-Ocampo", not "___ (___) Lungs are clear"
        m = _REST_OF_CELL.match(text, e)
        if m and text[:s].rstrip(" \t")[-1:] in ('"', "|", "\t", "“"):
            take(m.start(1), m.end(1), "name")  # '"patient": "Hawk, ___ Running"': the cell holds the name only
        m = _SPANISH_TAIL.match(text, e)
        if m:
            take(m.start(1), m.end(1), "name")
    for s, e, kind in _runs(text, ends, ("name", "place")):
        m = _PAREN_ALIAS.match(text, e)
        if m:
            words = m.group(1).split()
            hangul = "\uac00" <= m.group(1)[0] <= "\ud7a3"
            if (
                hangul
                and any(_hangul_alias(w) for w in words)
                or (not hangul and not all(_known_word(w) for w in words))
            ):
                take(m.start(1), m.end(1), kind)
        m = _HANGUL_BEFORE_IN_PAREN.search(text, max(0, s - 30), s)
        if m and kind == "name":
            take(m.start(1), m.start(1) + len(m.group(1).rstrip()), "name")
    for s, e, kind in _runs(text, ends, ("mrn", "phone", "email", "url", "ip")):
        m = _ID_PREFIX.search(text, max(0, s - 8), s)
        if m and kind in ("mrn", "phone") and m.group(1) not in _ID_LABELS:
            take(m.start(1), m.end(1), "mrn")
        m = _URI_SCHEME.search(text, max(0, s - 8), s)
        if m:
            take(m.start(), m.end(), kind)
        m = _EXT_PARAM.match(text, e)
        if m and kind == "phone":
            take(m.start(), m.end(), "phone")
        m = _PHONE_LEAD.search(text, max(0, s - 8), s)
        if m and kind == "phone":
            take(m.start(1), m.end(1), "phone")
    for s, e, kind in _runs(text, ends, ("place", "address", "zip", "name")):
        m = _PROVINCE.match(text, e)
        if m:
            take(m.start(1), m.end(1), "place")
        m = _PRACTICE_HEAD.match(text, e) if kind in ("place", "name") else None
        if m:
            take(m.start(1), m.end(1), "place")  # "___ Family Medicine Associates": a practice named for its town
        if kind == "name":
            continue
        m = _AMP_FIRM.match(text, e) if kind == "place" else None
        if m:
            take(m.start(1), m.end(1), "place")
        m = _HOME_PORT.match(text, e) if kind == "place" else None
        if m and not _known_word(m.group(1)):
            take(m.start(1), m.end(1), "place")  # "F/V ___ out of Kodiak": a vessel's home port
        if kind in ("address", "zip") and re.match(r"_+$", text[s:e]):
            m = _TOWN_BEFORE_STATE_ZIP.search(text, max(0, s - 40), s)
            if m and not all(_known_word(w) for w in m.group(1).split()):
                take(m.start(1), m.end(1), "place")


def holiday_dates(text: str, mask: Mask) -> None:
    """Holidays named as a day (module docstring)."""
    if any(k in text for k in ("Day", "Eve", "Christmas", "Thanksgiving", "Easter", "Halloween", "Juneteenth",
                               "Cinco", "Gras", "July")):  # fmt: skip
        for m in HOLIDAY_ALONE.finditer(text):
            mask(m.start(), m.end(), "date")
    if "Cinco de _" in text:  # "Cinco de Mayo 2025" whose "Mayo 2025" was read as a Spanish month and year
        for m in re.finditer(r"Cinco[ \t]+de[ \t]+(?=_)", text):
            mask(m.start(), m.end(), "date")
