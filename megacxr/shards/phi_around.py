"""The PHI screen's last passes: parts of an identifier that stand around one already masked, and identifiers
named by a label that says what they are.

Like ``phi_context`` these read the window's text as the earlier passes left it (masked spans are runs of ``_``;
``ends`` maps the end of each masked span to its kind):

* ``nickname_names``: a nickname in quotes or parentheses between a given name and a surname ("Tyrone 'Boo'
  Batiste", "Dolores (Dee) Marchetti", "Dr. ___ (Isaac) Rosenzweig"): the nickname and the surname go too.
* ``credential_names``: the surname before a masked given name and a credential ("Guillory, ___, MD"), and the
  given name after a masked surname and its credential ("___ MD, APRIL": a sign-off written LAST MD, FIRST).
* ``labelled_names``: initials after an "initials" label ("Technologist initials: DLT / RRB", "LMcG"), and a
  name after a name label written in prose ("preferred name Sasha", "legal name ...", "maiden name ...").
* ``date_stamps``: the time of a date stamp after a masked date (", 14:05 CST", " at 2:10 a.m.", " 0741",
  " (목) 14:22"), a year written in words after one ("___ two thousand twenty four", "___, twenty twenty-five"),
  and a year after a masked holiday ("Erev ___ 2024").
* ``places_around``: a town after a masked institution ("___ in Inwood"), the town of a campus ("___ - Mobile
  campus"), the number of a masked place's building or school ("P.S. ___ 214"), and a named works written in lower
  case ("the Bayonne shipyard", "the Quequechan textile mill").

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
    word_class,
    zipf,
)
from megacxr.shards.phi_names import STOP, acronym

Mask = Callable[[int, int, str], None]

_NAME_WORD = r"[A-Z][a-z'’-]+"
_NICKNAME = re.compile(  # "Tyrone 'Boo' Batiste", "Dolores (Dee) Marchetti", "___ (Isaac) Rosenzweig"
    rf"(?<![\w'’-])({_NAME_WORD}|_+)[ \t]+(['\"(][A-Z][a-z]{{1,12}}(?:[ \t][A-Z][a-z]{{1,12}})?['\")])[ \t]+"
    rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD})?|_+)(?![\w'’-])"
)
_CREDENTIAL = r"(?:MD|M\.D\.|DO|D\.O\.|RN|NP|PA-C|PA|PhD|MBBS|FRCR|FRCPC|DNP|CRNA|RT|RRT)"
_LAST_BEFORE_MASK = re.compile(rf"(?<![\w'’-])({_NAME_WORD}|[A-Z]{{2,}}),[ \t]*(?=_+,?[ \t]*{_CREDENTIAL}\b)")
_LAST_AFTER_MASK = re.compile(rf"(?<=_)[ \t]+({_NAME_WORD}),?[ \t]*(?={_CREDENTIAL}\b)")  # "___ Call, MD"
_BY_INITIALS = re.compile(  # "Transcribed by dlc", "typed by: JRM": a typist's initials after "by", no colon needed
    r"(?i:\b(?:transcribed|typed|dictated|entered|keyed)[ \t]+by)[ \t]*:?[ \t]*([A-Za-z]{2,4})(?![\w'’-])"
)
_SIGNED_INITIAL = re.compile(  # "signed A. Begaye", "read by J. Yazzie": an initial and a surname after a sign verb
    r"(?i:\b(?:signed|read|dictated|reviewed|interpreted|approved)(?:[ \t]+by)?)[ \t]+([A-Z]\.[ \t]*[A-Z][a-z'’-]+)"
)
_CELL_NAME = re.compile(  # ',"ARRIZABALAGA J"', '|OSTROWSKI K|': a surname and an initial filling a cell
    r"(?:^|(?<=[\"|,\t]))[ \t]*([A-Z][A-Z'’-]{3,}[ \t]+[A-Z]\.?)[ \t]*(?=[\"|,\t]|$)",
    re.M,
)
_FIRST_AFTER_CREDENTIAL = re.compile(rf"(?<=_)[ \t]+{_CREDENTIAL},[ \t]*([A-Z][A-Za-z'’-]+)(?![\w'’-])")
_INITIALS_LABEL = re.compile(
    r"(?i:\binitials?\b)[ \t]*[:=-]?[ \t]*"
    r"((?:[A-Z][A-Za-z]{1,4}|_+)(?:[ \t]*(?:/|,|&|and)[ \t]*(?:[A-Z][A-Za-z]{1,4}|_+)){0,3})(?![\w'’-])"
)
_INITIALS = re.compile(r"[A-Z][A-Za-z]{1,4}")
_HANGUL_BEFORE_MASKED = re.compile(  # "응우옌 티 호아(___)": the Hangul writing of a name masked in Latin letters
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,5}(?:[ \t][\uac00-\ud7a3]{1,5}){0,3})[ \t]*\((?=_+[ \t]*\))"
)
_CAPS_LAST_INITIAL = re.compile(r"(?<![\w'’-])([A-Z][A-Z'’-]{2,}),[ \t]*[A-Z]\.(?![\w.])")  # "LEVY, R."
_NAME_LABEL_PROSE = re.compile(  # "preferred name Sasha", "(legal name Aleksandra ...)", "maiden name is Doyle"
    r"(?i:\b((?:preferred|legal|maiden|birth|former|married|nick|given|family|chosen)[ \t]+)?name(?:[ \t]+is)?)"
    rf"[ \t]*:?[ \t]*({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|_+)){{0,2}})"
)

_TIME = (
    r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*(?:[AaPp]\.?[Mm]\.?))?|(?:[01]\d|2[0-3])[0-5]\d(?:[ \t]*(?:h|hrs|hours))?)"
    r"(?:[ \t]*(?:EDT|EST|CDT|CST|MDT|MST|PDT|PST|AKST|HST|UTC|GMT|KST|Z))?"
)
_STAMP_TIME = re.compile(  # ", 14:05 CST", " at 2:10 a.m.", " 0741", " (목) 14:22", " @ 0915"
    rf"(?<=_)(?:[ \t]*,|[ \t]*\([^\n()]{{1,6}}\))?[ \t]*(?:(?i:at|@|-)[ \t]*)?({_TIME})(?![\w:/.]|\.\d)"
)
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UP_TO_99 = rf"(?:{_TENS}(?:[ \t-]+{_UNITS})?|{_TEENS}|{_UNITS}|oh[ \t-]+{_UNITS})"
_WORDS_YEAR = re.compile(  # "___ two thousand twenty four", "___, twenty twenty-five", "___ nineteen eighty-two"
    rf"(?<=_)(?:[ \t]*,)?[ \t]+(?i:(?:two[ \t]+thousand(?:[ \t]+and)?(?:[ \t]+{_UP_TO_99})?"
    rf"|(?:nineteen|twenty)[ \t-]+{_UP_TO_99}))(?![\w-])"
)
_ORDINAL_OF = re.compile(  # "the Fourth of ___" (July masked with its year): the day before a masked month
    r"(?i:\b(?:the[ \t]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\w+teenth|twentieth|thirtieth|twenty[ \t-]+\w+|thirty[ \t-]+first|\d{1,2}(?:st|nd|rd|th))[ \t]+of[ \t]+)(?=_)"
)
_RELATIVE_HINT = re.compile(r"day|night|morning|evening|afternoon|week")
_RELATIVE_BEFORE = re.compile(  # "the day after ___", "the weekend of ___": a day told by a masked date
    r"(?i:\b(?:the[ \t]+)?(?:day|night|morning|evening|afternoon|week|weekend|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)(?:[ \t]+(?:after|before|of|following|preceding))?[ \t]+)(?=_)"
)
_SEASON_YEAR = re.compile(  # "spring 2022", "late summer of 2019", "mid-2021": more than a year says
    r"(?i:\b(?:(?:early|mid|late)[ \t-]+)?(?:spring|summer|fall|autumn|winter)(?:[ \t]+of)?[ \t]+|"
    r"\b(?:early|mid|late)[ \t-]+(?:of[ \t]+)?)((?:19|20)\d{2})(?![\d/:-]|\.\d)"
)
_SEASON_KEYS = ("spring", "summer", "fall ", "autumn", "winter", "early", "mid", "late")
_MONTH_HINT = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")
_NAMED_DAY_YEAR = re.compile(
    r"\b(?:[A-Z][a-z]+[ \t]+){1,2}Day,?[ \t]+(?:19|20)\d{2}(?![\d/:-]|\.\d)"
)  # "Pioneer Day 2025"
_YEAR_BEFORE = re.compile(r"(?<![\d.])(?:19|20)\d{2}년?[ \t]*(?=_)")  # "2026년 ___ 연휴": the year of a masked holiday
_YEAR_AFTER = re.compile(r"(?<=_)[ \t,(]+((?:19|20)\d{2})(?:년)?(?![\d/:-]|\.\d)")
_HOLIDAY_PREFIX = re.compile(r"(?<![\w'’-])(?:Erev|erev|Eve of|eve of)[ \t]+(?=_)")

_TOWN_AFTER = re.compile(  # "___ in Inwood", "___ at Lake Charles": the town of a masked institution
    rf"(?<=_)[ \t]+(?:in|at|near|of)[ \t]+((?:St\.[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)(?![\w'’-])"
)
_CAMPUS = re.compile(
    rf"(?<=_)[ \t]*(?:ICU|ED|campus)?[ \t]*[-–,][ \t]*({_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)[ \t]+campus\b"
)
_NUMBER_AFTER = re.compile(  # "P.S. 214", "Ship Shoal 208", "Building 7" after a masked place
    r"(?<=_)[ \t]+(?:No\.?[ \t]*|#[ \t]*)?(\d{1,4}[A-Z]?)(?![\w/.:%-]|[ \t]*(?:mm|cm|mg|ml|kg|%|x|X|cc|Fr|F)\b)"
)
_SAINT_BEFORE = re.compile(r"(?<![\w'’-])(?:St|Ste|Saint|Sainte|Mt|Ft|San|Santa)\.?[ \t]+(?=_)")  # "Ste. ___ Manor"
_COMPASS_BEFORE = re.compile(r"(?<![\w'’-])(?:New|North|South|East|West|Upper|Lower|Greater|Old)[ \t]+(?=_)")
_COMPASS_AFTER = re.compile(  # "New ___ East", "___ Heights": the part of a town
    r"(?<=_)[ \t]+(North|South|East|West|Heights|Hills|Beach|Springs|Falls|Village|Township|Junction|Hole|Valley|"
    r"Canyon|Creek|Flats|Gap|Pass|Ridge|Butte|Mesa|Basin)\b"
)
_HANGUL_ADDRESS_TAIL = re.compile(r"(?<=_)(번지|번길|호실|호|층)(?![\uac00-\ud7a3])")  # "___번지": the lot's unit word
_HANGUL_RELATIVE_AFTER = re.compile(r"(?<=_)[ \t]*(직후|직전|이후|이전|전날|다음\s?날|당일|무렵|즈음)")  # "___ 직후"
_ROMANISED_PLACE = re.compile(  # "Gukdong port", "Haeundae beach", "Jagalchi market": a Korean place in Latin letters
    r"(?<![\w'’-])([A-Z][a-z]{3,12})[ \t]+(?:port|harbou?r|hang|beach|market|island|village|pier)\b"
)
_ROMANISED_PLACE_HINT = re.compile(r" (?:port|harbou?r|hang|beach|market|island|village|pier)\b")
_VESSEL = re.compile(  # "F/V Miss Kim Lan", "M/V Ocean Star", "USNS Comfort": a vessel's name (where a patient works)
    r"(?<![\w/])(?:F/V|M/V|S/V|O/V|R/V|FV|MV|USS|USNS|USCGC|HMS|HMCS)[ \t]+"
    r"((?:[A-Z][A-Za-z'’-]+|_+)(?:[ \t]+(?:[A-Z][A-Za-z'’-]+|_+)){0,3})"
)
_PLACE_CUE_BEFORE = re.compile(r"\b(?:from|in|to|near|at|of)[ \t]+$")  # "from Port Sulphur"
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    r"(?:twenty|thirty)[ \t-]+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))"
)
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_SPOKEN_DATE = re.compile(  # "the fourth of May", "the twenty-third of July, 2024": a date said aloud
    rf"(?i:\b(?:the[ \t]+)?(?:{_ORDINAL_WORD}|\d{{1,2}}(?:st|nd|rd|th))[ \t]+of[ \t]+)(?-i:{_MONTH_FULL})\b"
    r"(?:,?[ \t]+(?:19|20)\d{2}\b)?"
)
_MILITARY_UNIT = re.compile(  # "육군 제27보병사단 의무대": a military unit is where a soldier serves
    r"(?:(?:육군|해군|공군|해병대)[ \t]*)?제?\d{1,3}[\uac00-\ud7a3]{0,6}(?:사단|여단|연대|대대|군단|비행단|함대|전대)"
    r"(?:[ \t]*[\uac00-\ud7a3]{1,4}(?:대|중대|소대))?"
)
_PREFIXED_PLACE = re.compile(  # "Port Fourchon", "Bayou Lafourche", "Cape Girardeau", "Isle Dernieres"
    rf"(?<![\w'’-])(?:Port|Bayou|Cape|Isle|Point|Pointe|Grand|Lake|Fort|Mount)[ \t]+({_NAME_WORD})(?![\w'’-])"
)
_WORKS = re.compile(  # "the Bayonne shipyard", "the Quequechan textile mill", "the Ship Shoal 208 platform"
    rf"(?<![\w'’-])the[ \t]+((?:{_NAME_WORD}|_+)(?:[ \t]+{_NAME_WORD})?[ \t]+(\d{{1,4}}[A-Z]?[ \t]+)?(?:[a-z]+[ \t]+)?"
    r"(?:shipyard|mill|plant|refinery|factory|mine|cannery|foundry|quarry|smelter|terminal|rig|platform|"
    r"warehouse|dockyard|yard|depot|packinghouse|sawmill|railyard|landfill))\b"
)


_ROMANISED_WORD = re.compile(  # two or three romanised Korean syllables run together: "Gukdong", "Haeundae"
    r"(?i:(?:[bcdghjkmnprstwy]{0,3}[aeiouy]{1,3}(?:ng|n|m|l|k|p|t)?){2,3})"
)


_WORKS_HINT = re.compile(
    r"shipyard|mill\b|plant\b|refinery|factory|mine\b|cannery|foundry|quarry|smelter|terminal|rig\b|platform|"
    r"warehouse|dockyard|yard\b|depot|packinghouse|sawmill|railyard|landfill"
)


def _namelike(word: str) -> bool:
    return word.lower() not in STOP and word_class(word) in (NAME, UNKNOWN, AMBIGUOUS) or is_first_name(word)


def nickname_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """A nickname between a given name and a surname: the three go (module docstring)."""
    if "'" not in text and '"' not in text and "(" not in text:
        return
    for m in _NICKNAME.finditer(text):
        first, nick, last = m.group(1), m.group(2), m.group(3).split()
        masked = first.startswith("_") and ends.get(m.end(1)) == "name"
        if last[0].startswith("_"):  # "___ "Skeeter" ___": both names masked, the nickname between them
            if masked or ends.get(m.end(3)) == "name":
                mask(m.start(2), m.end(2), "name")
            continue
        if not masked and not (is_first_name(first) or word_class(first) in (NAME, UNKNOWN)):
            continue
        if any(word_class(w) in (CLINICAL,) or w.lower() in STOP for w in last):
            continue
        if not (is_first_name(nick.strip("'\"()")) or word_class(nick.strip("'\"()")) in (NAME, UNKNOWN, AMBIGUOUS)):
            continue
        if masked or _namelike(last[0]):
            mask(m.start(1) if not masked else m.start(2), m.end(3), "name")


def credential_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """ "Guillory, ___, MD" and "___ MD, APRIL": the other half of a name written around a credential."""
    if "_" not in text:
        return
    for m in _LAST_BEFORE_MASK.finditer(text):
        if _end_kind(text, m.end(), ends) == "name" and _namelike(m.group(1).title()):
            mask(m.start(1), m.end(1), "name")
    for m in _LAST_AFTER_MASK.finditer(text):
        word = m.group(1)
        if ends.get(m.start()) == "name" and word.lower() not in STOP and word_class(word) != CLINICAL:
            mask(m.start(1), m.end(1), "name")  # "___ Call, MD": a surname that is also a word
    for m in _FIRST_AFTER_CREDENTIAL.finditer(text):
        word = m.group(1)
        if ends.get(m.start()) == "name" and (is_first_name(word.title()) or _namelike(word.title())):
            mask(m.start(1), m.end(1), "name")


def labelled_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """Initials after an "initials" label, a name after a name label written in prose, the Hangul writing of a
    masked name, and a listed surname in capitals before an initial ("LEVY, R.")."""
    low = text.lower()
    for m in _BY_INITIALS.finditer(text) if " by" in low else ():
        g = m.group(1)
        if word_class(g) != CLINICAL and g.lower() not in STOP and zipf(g.lower()) < 3.5:
            mask(m.start(1), m.end(1), "name")
    for m in _SIGNED_INITIAL.finditer(text):
        surname = m.group(1).split(".")[-1].strip()
        if word_class(surname) in (NAME, UNKNOWN, AMBIGUOUS) and surname.lower() not in STOP:
            mask(m.start(1), m.end(1), "name")
    for m in _CELL_NAME.finditer(text) if '"' in text or "|" in text or "\t" in text else ():
        surname = m.group(1).split()[0]
        if word_class(surname.title()) in (NAME, UNKNOWN) and word_class(surname) != CLINICAL and not acronym(surname):
            mask(m.start(1), m.end(1), "name")
    for m in _HANGUL_BEFORE_MASKED.finditer(text) if "(_" in text else ():
        if _end_kind(text, m.end(), ends) == "name" and not any(w in KOREAN_CLINICAL for w in m.group(1).split()):
            mask(m.start(1), m.end(1), "name")
    for m in _CAPS_LAST_INITIAL.finditer(text) if "." in text else ():
        if word_class(m.group(1).title()) == NAME:
            mask(m.start(), m.end() - 1, "name")
    if "initial" in low:
        for m in _INITIALS_LABEL.finditer(text):
            for g in _INITIALS.finditer(m.group(1)):
                if word_class(g.group(0)) != CLINICAL and g.group(0).lower() not in STOP:
                    mask(m.start(1) + g.start(), m.start(1) + g.end(), "name")
    if "name" in low:
        for m in _NAME_LABEL_PROSE.finditer(text):
            words = m.group(2).split()
            keep = 0
            for w in words:
                if w.startswith("_"):
                    keep += 1  # a word an earlier pass masked: "name Yokasta ___"
                    continue
                if w.lower() in STOP or word_class(w) == CLINICAL or (word_class(w) == WORD and zipf(w) >= 4.5):
                    break
                keep += 1
            if keep >= (1 if m.group(1) else 2):  # a bare "name" asks for two words: "name Yokasta Almonte"
                mask(m.start(2), m.start(2) + len(" ".join(words[:keep])), "name")


def _after(text: str, ends: dict[int, str], kinds: tuple[str, ...]) -> list[int]:
    """The ends of the masked spans of ``kinds`` that the text still shows (a pattern anchored there is tried with
    ``match``: a pass costs the number of masked spans, not the length of the text)."""
    return sorted(
        e for e, k in ends.items() if k in kinds and 0 < e < len(text) and text[e - 1] == "_" and text[e] != "_"
    )


def date_stamps(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """A season's year, a date said aloud, the time of a date stamp, a year in words, a day told relative to a
    masked date and a year after a masked holiday (module docstring)."""

    def take(start: int, end: int) -> None:
        nonlocal text
        mask(start, end, "date")
        ends[end] = "date"
        text = text[:start] + "_" * (end - start) + text[end:]

    low = text.lower()
    if any(k in low for k in _SEASON_KEYS) and any(c.isdigit() for c in text):
        for m in _SEASON_YEAR.finditer(text):
            take(m.start(), m.end())
    if "Day" in text:
        for m in _NAMED_DAY_YEAR.finditer(text):
            take(m.start(), m.end())
    if " of " in text and _MONTH_HINT.search(text):
        for m in _SPOKEN_DATE.finditer(text):
            take(m.start(), m.end())
    if "_" not in text:
        return
    for e in _after(text, ends, ("date", "mrn")):  # "04MAR2026 0741" is masked as a compact id
        m = _STAMP_TIME.match(text, e)
        if m:
            take(m.start(), m.end())
    for e in _after(text, ends, ("date",)):
        m = _WORDS_YEAR.match(text, e) or _HANGUL_RELATIVE_AFTER.match(text, e)  # "___ 직후": before its year
        if m:
            take(m.start(m.lastindex or 0), m.end(m.lastindex or 0))
    if "rev" in low or "eve " in low:
        for m in _HOLIDAY_PREFIX.finditer(text):
            if _end_kind(text, m.end(), ends) == "date":
                take(m.start(), m.end())
    if _RELATIVE_HINT.search(low):
        for m in _RELATIVE_BEFORE.finditer(text):
            if _end_kind(text, m.end(), ends) == "date":
                take(m.start(), m.end())
    for e in _after(text, ends, ("date",)):
        m = _YEAR_AFTER.match(text, e)
        if m:
            take(m.start(1), m.end(1))  # "Erev ___ 2024", "___ 직후(2025년)": the holiday's year
    for m in _ORDINAL_OF.finditer(text) if " of _" in text else ():
        if _end_kind(text, m.end(), ends) == "date":
            take(m.start(), m.end())
    for m in _YEAR_BEFORE.finditer(text):
        if _end_kind(text, m.end(), ends) == "date":
            take(m.start(), m.end())


def places_around(text: str, mask: Mask, ends: dict[int, str], gazetteer: frozenset[str]) -> None:
    """A masked place's number, a town after a masked institution, a campus's town, a saint's abbreviation before
    a masked place, the compass word of a town, a place named by its prefix ("Port Fourchon"), a vessel and a
    named works."""

    def take(start: int, end: int) -> None:
        nonlocal text
        mask(start, end, "place")
        ends[end] = "place"
        text = text[:start] + "_" * (end - start) + text[end:]

    if "_" in text:
        for e in _after(text, ends, ("place",)):  # first: "P.S. ___ 214 in Flushing" then reads "___ in Flushing"
            m = _NUMBER_AFTER.match(text, e)
            if m:
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("place", "name")):
            m = _TOWN_AFTER.match(text, e)  # "___ in Inwood": an institution named for a person too
            if not m:
                continue
            words = m.group(1).split()
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                continue
            if " ".join(words).lower() in gazetteer or all(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) for w in words):
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("place",)):
            m = _CAMPUS.match(text, e) or _COMPASS_AFTER.match(text, e) or _HANGUL_ADDRESS_TAIL.match(text, e)
            if m and not any(word_class(w) == CLINICAL for w in m.group(1).split()):
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("address",)):
            m = _HANGUL_ADDRESS_TAIL.match(text, e)
            if m:
                take(m.start(1), m.end(1))
        for m in _SAINT_BEFORE.finditer(text) if "S" in text or "M" in text or "F" in text else ():
            if _end_kind(text, m.end(), ends) in ("place", "name"):
                take(m.start(), m.end())
        for m in _COMPASS_BEFORE.finditer(text):
            if _end_kind(text, m.end(), ends) == "place":
                take(m.start(), m.end())
    for m in _ROMANISED_PLACE.finditer(text) if _ROMANISED_PLACE_HINT.search(text) else ():
        if word_class(m.group(1)) == UNKNOWN and _ROMANISED_WORD.fullmatch(m.group(1)):
            take(m.start(), m.end())  # the place with its noun, as "the Bayonne shipyard"
    for m in _VESSEL.finditer(text) if "/" in text or "US" in text or "HM" in text else ():
        take(m.start(1), m.end(1))
    for m in _MILITARY_UNIT.finditer(text) if "대" in text or "단" in text else ():
        take(m.start(), m.end())
    for m in _PREFIXED_PLACE.finditer(text):
        word = m.group(1)
        listed = m.group(0).lower() in gazetteer
        cued = _PLACE_CUE_BEFORE.search(text, max(0, m.start() - 12), m.start()) is not None and zipf(word) < 4.5
        if word.lower() in STOP or word_class(word) in (CLINICAL, WORD) and not (listed or cued):
            continue  # "Lake Effect", "Point Tenderness", "Port Placement": a common word after the prefix
        take(m.start(), m.end())
    if "the " in text and _WORKS_HINT.search(text):
        for m in _WORKS.finditer(text):
            names = [w for w in m.group(1).split() if w[:1].isupper()]
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in names):
                continue
            numbered = m.group(2) is not None  # "the Ship Shoal 208 platform": a numbered works, whatever its words
            if numbered or all(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) or w.lower() in gazetteer for w in names):
                take(m.start(1), m.end(1))


def _kind_before(text: str, at: int, ends: dict[int, str]) -> str | None:
    """The kind of the masked span that ends at ``at``, or at the end of a masked run right before it."""
    kind = ends.get(at)
    if kind is None and at > 0 and text[at - 1] == "_":
        return ends.get(at)
    return kind


def _end_kind(text: str, at: int, ends: dict[int, str]) -> str | None:
    """The kind of the masked span that starts at ``at`` (None when none does)."""
    if at >= len(text) or text[at] != "_":
        return None
    end = at
    while end < len(text) and text[end] == "_":
        end += 1
    return ends.get(end)


__all__ = ["credential_names", "date_stamps", "labelled_names", "nickname_names", "places_around"]
