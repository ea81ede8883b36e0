"""The PHI screen's completion, continued: what stands around a masked place, event or address and is part of it.

Called by ``phi_complete`` for each masked run (``text`` as written, ``masked`` with ``_`` over what the screen
found, ``kind`` the run's kind), it returns the spans to widen the run over:

* a house number before a masked street, then the ZIP after it ("at 2209 ___, 67601", "at 88412 ___ and ___"):
  the street was found, its number and its code say the same address; a street by its name alone after a masked
  place on it ("the ___ shelter on East Main");
* a landmark's kind after its masked name ("the ___ Column", "___ recreation area", "___ powerhouse"), a
  facility's code or a station's number after a masked place ("___ CPF-2", "___ station 2"), a joint name's
  other towns ("___-Svensen-Burnside"), and after "the" a works, a stand, a family's place, a building, a trail
  or a bypass ("the ___ works", "the ___ building");
* the kind of a religious house before "of" and its masked saint ("the Basilica of ___"), a camp's, a fort's, a
  lake's, a bayou's or a mountain's word before its masked name ("Camp ___", "bayou ___" in dictation);
* the week, weekend or festival after a masked event ("___ ___ week (Feb 2024)"), the weekday after a masked
  holiday's word ("(___ Friday)"), the capitalised head of an event before its masked words and its year ("the
  Ottumwa Pro Balloon ___ ___ 2023"); in Korean a festival's period ("___ 기간"), and a festival and its day
  after its masked edition ("___ 보령머드축제 마지막 주말");
* an export's lower-case "last,first" before its masked given name ("steinhauer,___"); a lower-case town after a
  masked institution ("the ___ ___ in rochester"); a mountain's trail after its masked name ("___ 등산로");
* a typist's initials after a masked signer and a slash at a line's end ("Signed: ___ / klh");
* a person's initials before their masked name in brackets ("Tech: kw (___)", the initials those of the name);
* after a masked Korean place: a port's or a town's market ("___ 수산시장", "___ 5일장"); after a masked township
  or village, its alley, street, garden or lookout glued to their kind ("___ 낙지골목", "___ 하늘물빛정원") and a
  landmark named right after it before "near" ("___ 적벽 근처").

Widening a run never alters text the screen left whole (``phi_complete``). Nothing here returns or logs the text's
words.
"""

from __future__ import annotations

import re

from megacxr.shards.phi_lexicon import CLINICAL, KOREAN_CLINICAL, word_class
from megacxr.shards.phi_names import STOP, common_korean_word
from megacxr.shards.phi_places import gazetteer
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["surroundings"]

_STREET_KINDS = r"st|ave|rd|blvd|ln|dr|hwy|pkwy|ct|pl|cir|ter|street|avenue|road|lane|drive|way|court|place|circle"
# a house number after an address's cue, a label's colon or a line's start
_HOUSE_NUMBER_BEFORE = re.compile(
    r"(?:\b(?i:at|on|to|from|lives|living|resides|address|addr|residence|home|mailing)[ \t]*:?[ \t]+"
    r"|^[ \t]*|[:|][ \t]*)"
    r"(\d{1,6}[A-Za-z]?)[ \t]+$",
    re.M,
)
# what follows a street whose number is before it: its kind, then a comma or the corner's other street
_STREET_GOES_ON = re.compile(rf"(?:[ \t]+(?i:{_STREET_KINDS})\b\.?)?(?:[ \t]*,|[ \t]+(?:and|&)[ \t]+_)")
_ZIP_LATER = re.compile(  # the ZIP after the street, its town or its state: "___, 67601", "___, ___, OR 97103"
    r"(?:[ \t]*(?:,|and|&)?[ \t]*(?:_+|[A-Z][a-z'’]+|[A-Z]{2})){0,4}[ \t]*,?[ \t]+(\d{5}(?:-\d{4})?)(?![\d:/-]|[.,]\d)"
)
_LANDMARK_KIND_AFTER = re.compile(
    r"[ \t]+((?i:column|tower|towers|arch|obelisk|powerhouse|spillway|causeway|(?:lift[ \t]+|swing[ \t]+|foot)?bridge|"
    r"lookout|recreation[ \t]+area|court|courthouse|foundation|urgent[ \t]+care|family[ \t]+practice|(?-i:Area)|"
    r"rec[ \t]+area|wildlife[ \t]+area|rest[ \t]+area|boat[ \t]+launch|boat[ \t]+ramp|state[ \t]+park|"
    r"barracks|stairs|steps))(?![\w'’-])"
)
# a run read as a name that ends with a place's kind: "Oahe Dam" (then "___ powerhouse" is the dam's)
_PLACE_WORD_END = re.compile(
    r"\b(?:Dam|Lake|River|Creek|Park|Bridge|Mountain|Butte|Island|Bay|Harbou?r|Point|Mine|Plant|Mill|Field|Fort)$"
)
_FACILITY_CODE_AFTER = re.compile(r"[ \t]+([A-Z]{2,5}-?\d{1,3}[A-Z]?)(?![\w-])")  # "___ CPF-2", "___ DS-15"
_HOUSE_OF_BEFORE = re.compile(
    r"(?<![\w'’-])((?:Basilica|Cathedral|Shrine|Abbey|Priory|Chapel|Church|Parish|Convent|Monastery|Mission|"
    r"Diocese|Archdiocese|Oratory|Friary|Sisters|Brothers|Daughters)[ \t]+of[ \t]+(?:the[ \t]+)?)$"
)
_PREFIX_BEFORE = re.compile(r"(?<![\w'’-])((?:Camp|Fort|Ft\.?|Lake|Mount|Mt\.?|Cape)[ \t]+)$")
_LOWER_PREFIX_BEFORE = re.compile(r"(?<![\w'’-])((?:camp|fort|lake|mount|bayou|lac|isle|port)[ \t]+)$")
_EVENT_TAIL_AFTER = re.compile(r"[ \t]+((?i:week|weekend|festival|fest|gathering))(?![\w'’-])")
_KOREAN_EVENT_END = re.compile(
    r"(?:축제|향연|대회|행사|박람회|엑스포|페스티벌|축전|문화제|예술제|한마당|잔치|제)[ \t]*$"
)
_KOREAN_PERIOD_WORD_AFTER = re.compile(r"[ \t]*(기간|주간)(?=[ \t,.]|중|에|의|동안|$)")
_KOREAN_TOWN_END = re.compile(r"[읍면리동][ \t]*$")
_GLUED_STREET_AFTER = re.compile(
    r"[ \t]+([\uac00-\ud7a3]{1,6}(?:먹자골목|골목|거리|시장|장터|나루|포구|부두|정원|수목원|휴양림|스카이워크|"
    r"전망대|출렁다리|고분군|저수지|해수욕장|유원지))"
    r"(?=(?:에서|에|의|으로|로|을|를|은|는|이|가)?(?![\uac00-\ud7a3]))"
)
_NAMED_BEFORE_NEAR = re.compile(
    r"[ \t]+([\uac00-\ud7a3]{2,5})(?=[ \t]*(?:근처|인근|부근|주변|일대|앞)(?:에서|에|의|으로)?(?![\uac00-\ud7a3]))"
)
_WEEKDAY_NAME_AFTER = re.compile(r"[ \t]+((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")  # "(___ Friday)"
# the capitalised head of an event's name before its masked last words, after "the": "the Ottumwa Pro Balloon ___"
_EVENT_HEAD_BEFORE = re.compile(r"(?<![\w'’-])(?i:the)[ \t]+((?:[A-Z][a-z'’]+[ \t]+){1,4})$")
# a street by its name alone after a masked place on it: "the ___ shelter on East Main", "___ on Veterans"
_ON_STREET_AFTER = re.compile(
    r"[ \t]+on[ \t]+((?:(?:North|South|East|West|N\.?|S\.?|E\.?|W\.?)[ \t]+)?[A-Z][a-z'’]+)(?![\w'’-])"
)
# a works, a stand or a family's place after its masked name and "the": "the ___ works", "the ___ farm stand"
_THE_KIND_AFTER = re.compile(  # (and a building, a trail, a campground or a bypass: "the ___ building")
    r"[ \t]+((?:farm[ \t]+)?(?:works|stand|place|homestead|allotment|claim)|building|hall|bypass|trail|trailhead|"
    r"campground|museum|(?:parking[ \t]+)?lot|truck[ \t]+stop|travel[ \t]+center|rest[ \t]+stop)(?![\w'’-])"
)
_THE_BEFORE = re.compile(r"(?<![\w'’-])(?i:the)[ \t]+(?:_+[ \t]+){0,3}$")  # (the name's other words masked)
# "___-Svensen-Burnside", "Knappa-" masked with its hyphen: the rest of a joint name
_GLUED_PARTS_AFTER = re.compile(r"(?:-[A-Z][a-z'’]+)+(?![\w'’])")
_GLUED_PARTS_AFTER_HYPHEN = re.compile(r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*(?![\w'’])")
_YEAR_AHEAD = re.compile(r"(?:[ \t]+(?:_+|(?i:weekend|week|festival|fest)))*(?:[ \t]+in)?[ \t]+(?:19|20)\d{2}\b")
_STATION_AFTER = re.compile(r"[ \t]+((?i:station|engine|company|post)[ \t]+\d{1,3})(?![\w-])")  # "___ station 2"
_KOREAN_MARKET_AFTER = re.compile(  # "___ 수산시장 앞": a port's or a town's market after its masked name
    r"[ \t]*(수산시장|어시장|농산물시장|수산물센터|공판장|위판장|[2-9]일장|오일장|전통시장|민속시장|장터)"
    r"(?=[ \t,.]|[에의을를은는이가]|$)"
)
# a festival by its name after its masked edition, and the day or weekend of it: "___ 보령머드축제 마지막 주말"
_KOREAN_FESTIVAL_AFTER = re.compile(
    r"[ \t]*([\uac00-\ud7a3]{2,10}(?:축제|문화제|예술제|향연|페스티벌|박람회|엑스포|대축전)"
    r"(?:[ \t]*(?:첫째|둘째|셋째|넷째|마지막|첫|개막|폐막)[ \t]*(?:날|주말|주|일))?)"
    r"(?=(?:에|의|에는|은|는|을|를|이|가|부터|까지|기간)?(?![\uac00-\ud7a3]))"
)
_EDITION = re.compile(r"제?\d{1,3}회[ \t]*$|(?:19|20)\d{2}년?[ \t]*$")
_LOWER_SURNAME_GLUED_BEFORE = re.compile(r"(?<![\w'’-])([a-z][a-z'’-]{2,}),$")
_LOWER_TOWN_AFTER_IN = re.compile(r"[ \t]+in[ \t]+([a-z]{3,})(?![\w'’-])")
_INSTITUTION_END = re.compile(r"(?i:clinic|hospital|center|centre|home|school)$")
_KOREAN_TRAIL_AFTER = re.compile(
    r"[ \t]*(등산로|탐방로|둘레길|산책로|케이블카|출렁다리)(?=(?:에서|에|의|으로|로|을|를)?(?![\uac00-\ud7a3]))"
)
# (at a line's end, or before the next sentence when an export ran the lines together)
_TYPIST_INITIALS_AFTER = re.compile(r"[ \t]*/[ \t]*([a-z]{2,3})(?=[ \t]*(?:$|\n)|[ \t]+[A-Z][a-z])", re.M)
_INITIALS_BEFORE_PAREN = re.compile(r"(?<![\w'’-])([a-z]{2,3})[ \t]*\($")
_PLACE_SIDE = frozenset({"place", "address"})
_NOT_STREETS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday Call Duty Site Arrival".split())
_NOT_EVENT_HEADS = frozenset("On In At Of For From Since During After Before Seen Exam Study Prior".split())


def surroundings(text: str, masked: str, a: int, b: int, kind: str, lower: bool) -> list[tuple[int, int, str]]:
    """Spans to widen the masked run ``masked[a:b]`` of ``kind`` over (module docstring)."""
    out: list[tuple[int, int, str]] = []
    if kind in ("name", "place", "address"):
        m = _HOUSE_NUMBER_BEFORE.search(masked, max(0, a - 40), a)
        if m and _STREET_GOES_ON.match(masked, b):
            out.append((m.start(1), m.end(1), "address"))
            z = _ZIP_LATER.match(masked, b)
            if z:
                out.append((z.start(1), z.end(1), "address"))
        m = _LANDMARK_KIND_AFTER.match(masked, b)
        if m and (kind in _PLACE_SIDE or m.group(1)[0].isupper() or _PLACE_WORD_END.search(text, a, b)):
            out.append((m.start(1), m.end(1), "place"))
        m = _FACILITY_CODE_AFTER.match(masked, b) if kind in _PLACE_SIDE else None
        if m:
            out.append((m.start(1), m.end(1), "place"))
        m = _HOUSE_OF_BEFORE.search(masked, max(0, a - 40), a)
        if m:
            out.append((m.start(1), m.end(1), "place"))
        m = _PREFIX_BEFORE.search(masked, max(0, a - 8), a)
        if m is None and (kind in _PLACE_SIDE or lower):
            m = _LOWER_PREFIX_BEFORE.search(masked, max(0, a - 8), a)
        if m:
            out.append((m.start(1), m.end(1), "place"))
        glued = _GLUED_PARTS_AFTER_HYPHEN if text[b - 1] == "-" else _GLUED_PARTS_AFTER
        m = glued.match(masked, b) if text[a:b].strip()[:1].isupper() else None
        if m:
            out.append((b, m.end(), kind))  # "Knappa-Svensen-Burnside": the joint name's other towns
        m = _STATION_AFTER.match(masked, b) if kind in _PLACE_SIDE else None
        if m:
            out.append((m.start(1), m.end(1), "place"))
        m = _ON_STREET_AFTER.match(masked, b) if kind in _PLACE_SIDE else None
        if m and word_class(m.group(1).split()[-1]) not in (CLINICAL,) and m.group(1).split()[-1] not in _NOT_STREETS:
            out.append((m.start(1), m.end(1), "address"))
        m = _THE_KIND_AFTER.match(masked, b) if _THE_BEFORE.search(masked, max(0, a - 40), a) else None
        if m:
            out.append((m.start(1), m.end(1), "place"))
    if kind == "name" and text[a:b].islower():
        m = _LOWER_SURNAME_GLUED_BEFORE.search(masked, max(0, a - 24), a)
        if m and m.group(1) not in STOP and word_class(m.group(1)) != CLINICAL:
            out.append((m.start(1), m.end(1), "name"))  # "ptnm: steinhauer,___": an export's "last,first"
    if kind in _PLACE_SIDE or kind == "name" and _INSTITUTION_END.search(text, a, b):
        m = _LOWER_TOWN_AFTER_IN.match(masked, b)
        if m and m.group(1) in gazetteer() and word_class(m.group(1)) != CLINICAL and m.group(1) not in STOP:
            out.append((m.start(1), m.end(1), "place"))  # "the ___ ___ in rochester": the institution's town
    if kind == "name":
        m = _TYPIST_INITIALS_AFTER.match(masked, b)
        if m and m.group(1) not in STOP:
            out.append((m.start(1), m.end(1), "name"))  # "Signed: ___ / klh": the typist's initials after the signer
    if kind == "name":
        m = _INITIALS_BEFORE_PAREN.search(masked, max(0, a - 8), a)
        if m and m.group(1) == "".join(w[0] for w in text[a:b].split()).lower():
            out.append((m.start(1), m.end(1), "name"))  # "Tech: kw (___)" of "kw (Kaylee Wiebe)": its initials
    if kind in ("date", "name"):
        m = _WEEKDAY_NAME_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "date"))  # "(Black Friday)" with "Black" masked: the day's name
        m = _EVENT_HEAD_BEFORE.search(masked, max(0, a - 60), a)
        dated = kind == "date" or _YEAR_AHEAD.match(masked, b) is not None  # ("___ ___ 2023": the event's year)
        if m and dated and text[a : a + 1].isupper() and not any(w in _NOT_EVENT_HEADS for w in m.group(1).split()):
            out.append((m.start(1), m.end(1), "date"))  # "the Ottumwa Pro Balloon ___ 2023": the event's name
        m = _KOREAN_FESTIVAL_AFTER.match(masked, b) if _EDITION.search(text, a, b) else None
        if m:
            out.append((m.start(1), m.end(1), "date"))
    if kind in ("name", "place", "date"):
        m = _EVENT_TAIL_AFTER.match(masked, b)
        if m and (kind != "name" or text[a : a + 1].isupper()):
            out.append((m.start(1), m.end(1), "date"))
    if "\uac00" <= text[b - 1 : b] <= "\ud7a3":
        m = _KOREAN_PERIOD_WORD_AFTER.match(masked, b)
        if m and (kind == "date" or _KOREAN_EVENT_END.search(text, a, b)):
            out.append((m.start(1), m.end(1), "date"))  # "국화향연 기간": the festival's days
        m = _KOREAN_TRAIL_AFTER.match(masked, b) if kind in _PLACE_SIDE or kind == "name" else None
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "월출산 천황봉 등산로": the mountain's own trail
        m = _KOREAN_MARKET_AFTER.match(masked, b) if kind in _PLACE_SIDE or kind == "name" else None
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "대천항 수산시장"
        if kind in _PLACE_SIDE and _KOREAN_TOWN_END.search(text, a, b):
            m = _GLUED_STREET_AFTER.match(masked, b)
            if m and m.group(1) not in KOREAN_CLINICAL and not common_korean_word(m.group(1)):
                out.append((m.start(1), m.end(1), "place"))  # "무안읍 낙지골목"
            m = _NAMED_BEFORE_NEAR.match(masked, b)
            if m and m.group(1) not in KOREAN_CLINICAL and not common_korean_word(m.group(1)):
                out.append((m.start(1), m.end(1), "place"))  # "이서면 적벽 근처"
    return out


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
