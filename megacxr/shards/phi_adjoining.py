"""The PHI screen's completion, continued again: what adjoins a masked number, date, name or place and is part of it.

Called by ``phi_complete`` for each masked run (``text`` as written, ``masked`` with ``_`` over what the screen
found, ``kind`` the run's kind), it returns the spans to widen the run over:

* a phone's extension, option or key after its masked number, whichever pass took the number ("___ x12",
  "___ opt 3", "___ ext. 31"), its area code told after it ("___ (area code 970)") or read out in brackets
  before it ("(four oh six) ___"), and the last group of an id written in groups ("___ 2264");
* a year after a masked holiday and its masked alias in brackets ("___ (___) 2021") or after a masked event's
  weekend and "in" ("___ weekend in 2024"), and a year before a masked event's capitalised name after "the"
  ("the 2019 ___");
* the surname after a masked initial when the surname is also a word ("Tech: ___ Hatch", the initial "B." masked),
  and a given name that is also a drug's brand before a masked surname ("Ovide ___ is a rice farmer");
* a hospital named by one word before its masked town after a transfer ("transferred to ___ in ___", the
  hospital's word a common word); a business by its capitalised words before its masked street ("at the Town
  Pump on ___"); an institution of generic words before its masked town ("Community Hospital, ___, NE");
* in Korean, a festival named after its masked place ("___ 벚꽃축제"), a dig's, an office's, a zoo's or a bike path's
  word after a masked site ("___ 발굴현장", "___ 관리사무소", "___ 자전거도로"), a train's line before its masked
  station ("KTX ___역"), a festival's year after it ("___ 축제 2024"), and the weekday after a masked week or
  festival ("___ 둘째 주 토요일").

Widening a run never alters text the screen left whole (``phi_complete``). Nothing here returns or logs the text's
words.
"""

from __future__ import annotations

import re

from megacxr.shards.phi_drugs import drugs
from megacxr.shards.phi_lexicon import CLINICAL, KOREAN_CLINICAL, word_class, zipf
from megacxr.shards.phi_names import STOP
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["adjoining"]

_NUMBER_KINDS = frozenset({"phone", "mrn"})
# (no "x 2" count of views or of times: a letter x glued to the digits, or a word for an extension)
_EXTENSION_AFTER = re.compile(
    r"[ \t]*,?[ \t]*((?:x|X|(?i:ext|extn|opt|option|press|key))\.?[ \t]*#?[ \t]*\d{1,5})(?![\w/-]|\.\d)"
)
_AREA_CODE_AFTER = re.compile(r"[ \t]*[,(]?[ \t]*((?i:area[ \t]+code)[ \t]*:?[ \t]*\(?\d{3}\)?)")  # "(area code 970)"
# a digit group left after a masked id with its groups: "Blue Cross ID: ___ 2264" (no count nor size after it)
_DIGIT_GROUP_AFTER = re.compile(
    r"[ \t]((?:\d{2,6}))(?![\w.,/-]|[ \t]*(?:mm|cm|ml|mg|kg|views?|images?|films?|x|%|times|days?|weeks?)\b)"
)
_ID_CUE_BEFORE = re.compile(r"(?i:\bid|#|\bno\.?|\bnumber|\bacct|\bmember|\bpolicy|\bmrn)[ \t]*[:#]?[ \t]*$")
_EXTENSION_GLUED = re.compile(r"[ \t]*,?[ \t]*(x\d{1,5})(?![\w/-]|\.\d)")
_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPOKEN_AREA_BEFORE = re.compile(rf"(\((?i:{_DIGIT}(?:[ \t-]+{_DIGIT}){{2}})\))[ \t]*$")
# "___ (___) 2021" (the alias's words masked apart: "(___. ______ ___)"), or from inside the brackets "(___) 2021"
_YEAR_AFTER_ALIAS = re.compile(r"(?:[ \t]*\(_[_ \t'’.-]*\)|\))[ \t]+((?:19|20)\d{2})(?![\w/-]|\.\d)")
_YEAR_BEFORE_EVENT = re.compile(r"(?<![\w'’-])(?i:the)[ \t]+((?:19|20)\d{2})[ \t]+$")  # "the 2019 ___"
_INITIAL = re.compile(r"[A-Z]\.?")
_SURNAME_AFTER_INITIAL = re.compile(r"[ \t]+([A-Z][a-z'’]{2,14})(?![\w'’-])")
_TRANSFER_TO_BEFORE_IN = re.compile(
    r"(?i:transferred|transfer|transferring|sent|flown|taken|airlifted|transported|admitted|going|headed)[ \t]+to[ \t]+"
    r"([A-Z][a-z'’]{3,})[ \t]+in[ \t]+$"
)
_KOREAN_PLACE_FESTIVAL_AFTER = re.compile(
    r"[ \t]+([\uac00-\ud7a3]{1,8}(?:축제|문화제|예술제|페스티벌))"
    r"(?=(?:에|의|에서|을|를|은|는|이|가|기간)?(?![\uac00-\ud7a3]))"
)
_KOREAN_WEEKDAY_AFTER = re.compile(
    r"[ \t]*((?:(?:첫째|둘째|셋째|넷째|다섯째|마지막|첫)[ \t]*)?주[ \t]*[월화수목금토일]요일)"
    r"(?=(?:에|에는|의|은|는)?(?![\uac00-\ud7a3]))"
)
# what a masked institution or festival is "of": "___ of the Siskiyous" (its head, "College", masked)
_HEAD_END = re.compile(
    r"(?:Museum|College|University|Academy|Institute|Festival|Center|Centre|Church|Cathedral|Shrine|Monument|Hall|"
    r"Abbey|Temple|Basilica|Seminary|Library|Gallery|Fair|Rodeo)$"
)
_OF_THE_AFTER = re.compile(r"[ \t]+((?:of|in|on)[ \t]+the[ \t]+([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?))(?![\w'’-])")
# the town after a masked institution: "___ in Lead;", "the ___, Lead." (a capitalised word, then the clause ends)
_INSTITUTION_WORD_END = re.compile(
    r"(?i:center|centre|clinic|hospital|home|lab|laboratory|manor|village|school|academy|college|university|"
    r"plant|mill|mine|refinery|jail|prison|facility|station|office|ranch|farm|church|museum|library|care)$"
)
_TOWN_AFTER_INSTITUTION = re.compile(r"(,|[ \t]+in)[ \t]+([A-Z][a-z'’]{2,})(?=[ \t]*(?:[;,.)]|$)|[ \t]*\n)")
_NOT_TOWNS = frozenset(
    "january february march april june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday inc llc ltd department dept suite room unit floor building wing".split()
)
_DEPARTMENT_WORDS = frozenset(
    "radiology imaging cardiology emergency oncology surgery medicine pediatrics pulmonology neurology orthopedics "
    "urology gastroenterology nephrology obstetrics gynecology psychiatry dermatology anesthesia pathology "
    "laboratory pharmacy nursing administration admissions registration records billing".split()
)
_KOREAN_FESTIVAL_WORD_AFTER = re.compile(
    r"[ \t]+(축제|대축제|문화제|페스티벌)(?=[(（ \t,.]|에|의|$)"
)  # "___ ___ 축제("
_KOREAN_WATER_END = re.compile(r"(?:강|천|호|저수지|댐)$")
_KOREAN_BANK_AFTER = re.compile(
    r"[ \t]+(둔치|강변|고수부지|제방|둑|둑길|산책로|자전거길)(?=(?:에서|에|의|으로|로|을|를)?(?![\uac00-\ud7a3]))"
)
# a given name that is also a drug's, before its masked surname at a clause's start or after a person's word:
# "Ovide ___ is an elderly rice farmer" (Ovide, a lotion's brand)
_DRUG_NAMED_GIVEN_BEFORE = re.compile(
    r"(?:^|[\n(:;]|[.!?][ \t]|(?i:patient|pt|name|mr|mrs|ms|dr|husband|wife|son|daughter)\.?:?[ \t])[ \t]*"
    r"([A-Z][a-z]{3,})[ \t]+$"
)
# a business named by capitalised words before its masked street: "works at the Town Pump on ___"
_BUSINESS_BEFORE_ON = re.compile(
    r"(?i:at|from|near|outside|behind|by)[ \t]+the[ \t]+((?:[A-Z][a-z'’]+[ \t]+){1,3})on[ \t]+$"
)
# a dig's, a building site's or an office's word after a masked Korean site: "___ 발굴현장", "___ 관리사무소"
_KOREAN_SITE_AFTER = re.compile(
    r"[ \t]+(발굴현장|건설현장|공사현장|관리사무소|관리소|사무소|매표소|동물원|식물원|자전거도로|자전거길|복지마트|"
    r"중심상가|상가|분수대|광장)(?=(?:에서|에|의|으로|로|을|를|은|는|이|가)?"
    r"(?![\uac00-\ud7a3]))"
)
_EVENT_END = re.compile(r"(?i:weekend|week|festival|fest|days|fair|rodeo|powwow|pow[ \t]wow|parade|jamboree)$")
_STREET_WORD = re.compile(r"\b(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Ct|Court|Way|Pl|Place)\.?[ \t]*$")
_HALF_NUMBER_BEFORE = re.compile(r"(?<![\w/.-])(\d{1,6}(?:[ \t]+1/2|½))[ \t]+$")  # "302 1/2 ___": a house's half
_IN_YEAR_AFTER = re.compile(r"[ \t]+in[ \t]+((?:19|20)\d{2})(?![\w/-]|\.\d)")  # "___ weekend in 2024"
# an institution of generic words before its masked town: "Community Hospital, ___, NE" (the town names which)
_GENERIC_INSTITUTION_BEFORE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z'’]+[ \t]+){0,3}(?:Hospital|Medical[ \t]+Center|Clinic|Health[ \t]+System|"
    r"Health[ \t]+Center|Nursing[ \t]+Home|Care[ \t]+Center|Regional[ \t]+Health|Memorial))[ \t]*,[ \t]*$"
)
_STATE_AFTER = re.compile(r"[ \t]*,[ \t]*(?:[A-Z]{2}\b|_)")
_TRAIN_BEFORE = re.compile(r"(?<![\w-])(KTX|SRT|ITX|GTX-?[A-C]?)[ \t]+$")  # "KTX ___역": the line before its station
_KOREAN_YEAR_AFTER = re.compile(r"[ \t]+((?:19|20)\d{2}(?:년)?)(?![\d\uac00-\ud7a3])")  # "___ 축제 2024"
_KOREAN_FESTIVAL_END = re.compile(r"(?:축제|문화제|예술제|페스티벌|대회|행사)$")
_PLACE_SIDE = frozenset({"place", "address"})


def _report_word(word: str) -> bool:
    """A report's word, not a name that only ends like one ("Siskiyous" reads as clinical by its "-ous")."""
    return word_class(word) == CLINICAL and zipf(word) >= 2.5


def adjoining(text: str, masked: str, a: int, b: int, kind: str) -> list[tuple[int, int, str]]:
    """Spans to widen the masked run ``masked[a:b]`` of ``kind`` over (module docstring)."""
    out: list[tuple[int, int, str]] = []
    if kind in _NUMBER_KINDS:
        m = _EXTENSION_AFTER.match(masked, b) or _EXTENSION_GLUED.match(masked, b)
        if m and sum(c.isdigit() for c in text[a:b]) >= 7:
            out.append((m.start(1), m.end(1), "phone"))  # "___ x4", "___ opt 3": the number's extension
        m = _AREA_CODE_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "phone"))  # "___ (area code 970)": the number's area code
        m = _SPOKEN_AREA_BEFORE.search(masked, max(0, a - 40), a)
        if m:
            out.append((m.start(1), m.end(1), "phone"))  # "(two seven oh) ___": its area code read out
    if kind in _NUMBER_KINDS or kind == "address" and _ID_CUE_BEFORE.search(masked, max(0, a - 24), a):
        m = _DIGIT_GROUP_AFTER.match(masked, b) if text[b - 1 : b].isdigit() else None
        if m and re.search(r"\d[ \t]\d", text[a:b]):
            out.append((m.start(1), m.end(1), "mrn"))  # "W00 8713 2264": the last of an id's groups
    if kind in ("date", "name", "place"):
        m = _IN_YEAR_AFTER.match(masked, b) if _EVENT_END.search(text, a, b) else None
        if m:
            out.append((m.start(1), m.end(1), "date"))  # "the Floating Flotilla weekend in 2024": its year
        m = _YEAR_AFTER_ALIAS.match(masked, b)
        if m and (masked[b : b + 1] != ")" or masked[a - 1 : a] == "("):
            out.append((m.start(1), m.end(1), "date"))  # "Juhannus (Midsummer) 2023": the holiday's year
        m = _YEAR_BEFORE_EVENT.search(masked, max(0, a - 12), a) if text[a : a + 1].isupper() else None
        if m:
            out.append((m.start(1), m.end(1), "date"))  # "the 2022 Moab Ho-Down": the event's year
    if kind in _PLACE_SIDE or _STREET_WORD.search(text, a, b):  # (a street a name's pass took: "N Lawler St")
        m = _HALF_NUMBER_BEFORE.search(masked, max(0, a - 16), a)
        if m:
            out.append((m.start(1), m.end(1), "address"))  # "302 1/2 ___ St": the number of a house's half
    if kind in ("name", "place") and _HEAD_END.search(text, a, b):
        m = _OF_THE_AFTER.match(masked, b)
        if m and not any(w.lower() in STOP or _report_word(w) for w in m.group(2).split()):
            out.append((m.start(1), m.end(1), "place"))  # "College of the Siskiyous": what it is of
    if kind in _PLACE_SIDE and _INSTITUTION_WORD_END.search(text, a, b):
        m = _TOWN_AFTER_INSTITUTION.match(masked, b)
        if (
            m
            and m.group(2).lower() not in STOP | _NOT_TOWNS
            and (m.group(1) != "," or m.group(2).lower() not in _DEPARTMENT_WORDS)  # ("___ Clinic, Radiology.")
        ):
            out.append((m.start(2), m.end(2), "place"))  # "___ Care Center in Lead": the institution's town
    if kind == "name" and text[a : a + 1].isupper() and " " not in text[a:b].strip():
        m = _DRUG_NAMED_GIVEN_BEFORE.search(masked, max(0, a - 40), a)
        if m and m.group(1).lower() in drugs():
            out.append((m.start(1), m.end(1), "name"))  # "Ovide Vidrine": a given name a drug's brand shares
    if kind == "name" and _INITIAL.fullmatch(text[a:b].strip()):
        m = _SURNAME_AFTER_INITIAL.match(masked, b)
        if m and m.group(1).lower() not in STOP and word_class(m.group(1)) != CLINICAL:
            out.append((m.start(1), m.end(1), "name"))  # "B. Hatch" with "B." masked: the surname, a word
    if kind in _PLACE_SIDE:
        m = _BUSINESS_BEFORE_ON.search(masked, max(0, a - 60), a) if kind == "address" else None
        if (
            m
            and not any(w.lower() in STOP for w in m.group(1).split())
            and not all(map(_report_word, m.group(1).split()))
        ):
            out.append((m.start(1), m.end(1) - len(m.group(1)) + len(m.group(1).rstrip()), "place"))  # "Town Pump"
    if kind == "place" or kind == "name" and _STATE_AFTER.match(masked, b):  # ("McCook, NE": a town, read as a name)
        m = _GENERIC_INSTITUTION_BEFORE.search(masked, max(0, a - 60), a)
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "Community Hospital, ___": the town's own hospital
    if kind in _PLACE_SIDE:
        m = _TRANSFER_TO_BEFORE_IN.search(masked, max(0, a - 60), a)
        if m and m.group(1).lower() not in STOP and word_class(m.group(1)) != CLINICAL:
            out.append((m.start(1), m.end(1), "place"))  # "transferred to Renown in ___": the town's hospital
    if "\uac00" <= text[b - 1 : b] <= "\ud7a3":
        m = _KOREAN_PLACE_FESTIVAL_AFTER.match(masked, b) if kind in _PLACE_SIDE or kind in ("name", "date") else None
        if m and m.group(1) not in KOREAN_CLINICAL:
            out.append((m.start(1), m.end(1), "date"))  # "섬진강 벚꽃축제": the place's festival
        m = _KOREAN_FESTIVAL_WORD_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "date"))  # "동백꽃 주꾸미 축제": the festival's own word
        m = _TRAIN_BEFORE.search(masked, max(0, a - 8), a) if kind in _PLACE_SIDE or kind == "name" else None
        if m and text[b - 1] == "역":
            out.append((m.start(1), m.end(1), "place"))  # "KTX 광명역": the line's word before its station
        m = _KOREAN_YEAR_AFTER.match(masked, b) if _KOREAN_FESTIVAL_END.search(text, a, b) else None
        if m:
            out.append((m.start(1), m.end(1), "date"))  # "구리 유채꽃 축제 2024": the festival's year
        m = _KOREAN_SITE_AFTER.match(masked, b) if kind in _PLACE_SIDE or kind == "name" else None
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "반남면 고분군 발굴현장": the site's own word
        m = _KOREAN_BANK_AFTER.match(masked, b) if _KOREAN_WATER_END.search(text, a, b) else None
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "백마강 둔치": the river's bank
    if kind == "date" or _KOREAN_FESTIVAL_END.search(text, a, b):
        m = _KOREAN_WEEKDAY_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "date"))  # "둘째 주 토요일" with "둘째" masked
    return out


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
