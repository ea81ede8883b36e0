"""The PHI screen's pass for places on a road: where a crash or a transport happened, told by the road's own marks.

A trauma or EMS record places the scene by the road: a mile marker ("at mile marker 27", "MM 143 on I-40"), an
exit's number ("at Exit 781A"), a named interchange, rest area or plaza ("near the Zoo Interchange", "the Big
Cabin Travel Plaza"), and in Korean a rest area, an interchange or a junction (통도사 휴게소, 광양나들목,
서평택IC, 호법분기점), a named crossing ("the Detroit-Windsor Tunnel", "the Mackinac Bridge") and an offshore
platform by its lease block ("platform Ship Shoal 208", "rig Eugene Island 330"), a county's grid road by its
number or letter ("Avenue 280", "Road 140", "Avenue J-8": a rural address with no house number) and a rig's or a
lease's public-land survey ("Section 14, T21S R34E") or a western county's grid coordinate ("off 1800 E north of
Wendell"), a river's lock by its number ("Lock and Dam 11"), and a business named before the street it stands
on ("at the Walgreens on Yellowstone Ave"), a town's main street by its name alone ("the shelter on Main."),
a line between two towns ("near the Dryden/Varna line"), a pipeline's or a field's numbered site ("Pump Station
9", "Drill Site 15") and a river or a creek named in lower case ("near the leaf river"). Each is a place
smaller than a state and goes whole (the mark and its number or name). A state's highway by its letters and a
hyphen after where one is ("off AR-160") goes like the rules' "Route 13", and so do a U.S. highway with its dots
("on U.S. 191") and a Texas farm road in any case ("along fm 170"); an interstate's number ("I-45", "경부고속도로")
names no place smaller than a state and stays.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, KOREAN_CLINICAL, word_class, zipf
from megacxr.shards.phi_names import STOP
from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]

_ROAD_HINT = re.compile(r"(?i:mile|exit|interchange|plaza|rest[ \t]+(?:area|stop)|weigh|truck[ \t]+stop|\bmm\b|\bmp\b)")
_MILE_MARKER = re.compile(
    r"(?i:\bmile[ \t-]*(?:marker|post|mark)|\bmilepost)[ \t]*(?:#|no\.?)?[ \t]*\d{1,4}(?:\.\d{1,2})?(?!\w|\.\d)"
)
_MM_ON_ROAD = re.compile(  # "MM 143 on I-40": the short form only with a road beside it (not millimetres)
    r"\b(?:MM|MP)[ \t]*\d{1,4}(?:\.\d)?(?![\w.])(?=[^\n]{0,24}(?:\bI-?\d|\b(?i:hwy|highway|interstate|route|rte|"
    r"turnpike|tpke|us[ \t]?\d|sr[ \t]?\d)))"
)
_EXIT = re.compile(r"(?<![\w'’-])(?i:exit)[ \t]*(?:#|no\.?)?[ \t]*\d{1,3}[A-Za-z]?(?!\w|\.\d)")
_NAMED_STOP = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’.-]+[ \t]+){1,3})"
    r"(?:Interchange|Rest[ \t]+Area|Rest[ \t]+Stop|Travel[ \t]+(?:Plaza|Center|Centre)|Service[ \t]+Plaza|"
    r"Toll[ \t]+Plaza|Weigh[ \t]+Station|Truck[ \t]+Stop)\b"
)
_CROSSING_HINT = re.compile(r"Bridge|Tunnel|Causeway|Viaduct|Overpass|Underpass|Ferry")
_CROSSING = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’.-]+[ \t]+){1,3})(?:Bridge|Tunnel|Causeway|Viaduct|Overpass|Underpass|"
    r"Ferry(?:[ \t]+Terminal)?)\b"
)
_ADJECTIVE_ENDS = ("al", "ar", "ic", "ous")
# a block of an offshore lease area: "platform Ship Shoal 208", "rig South Marsh Island 128" (its area's words may
# be masked already: "rig ___ 330")
_OFFSHORE = re.compile(
    r"(?i:\b(?:platform|rig|block|lease))[ \t]+((?:(?:[A-Z][a-z'’]+|_+)[ \t]+){1,3}\d{1,4}[A-Z]?)(?!\w|\.\d)"
)
_KOREAN_ROAD_PLACE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,8})[ \t]?(?:휴게소|나들목|졸음쉼터|분기점|요금소|톨게이트|IC|JC|JCT)"
    r"(?![A-Za-z]|[\uac00-\ud7a3](?<![에의은는이가을를로서도]))"
)
# a county's grid road by its number or letter: "on Avenue 280 near Road 140", "avenue 384", "Ave 416", "Avenue
# J-8", "Avenue O", "County Road 12" (a rural address with no house number; not "on the road 10 hours")
_GRID_ROAD = re.compile(
    r"(?<![\w'’-])(?:(?:County[ \t]+)?(?:Avenue|AVENUE|Road|ROAD)|avenue|road|Ave\.?|AVE\.?|ave\.?|Rd\.?|RD\.?|CR"
    # (and a Wyoming county's lane, halves too: "on lane 13 1/2", "Lane 9")
    r"|(?<=on[ \t])(?:[Ll]ane|LANE)|(?<=off[ \t])(?:[Ll]ane|LANE))"
    r"[ \t]+(?:\d{1,4}[A-Z]?(?:[ \t]+1/2)?(?<=\d\d|/2)|\d{2,4}[A-Z]?"
    r"|[A-Z](?:-\d{1,2})?(?=[ \t]*(?:[,.;)]|and\b|near\b|&|$)))"
    r"(?![\w'’-]|\.\d)"
    r"(?![ \t]*(?i:hours?|hrs?|days?|miles?|mi\b|minutes?|mins?|times?|trips?|%|mph|km|kph|feet|ft\b|yards?|years?))",
    re.M,
)
# a public-land survey's description of a lease or a rig: "Section 14, T21S R34E", "Sec. 22-T9N-R63W", "T21S R34E"
_LAND_SURVEY = re.compile(
    r"(?<![\w-])(?:(?i:sec(?:tion)?\.?)[ \t]*\d{1,2}[ \t]*[,;-]?[ \t]*)?"
    r"T(?:wp\.?[ \t]*)?\d{1,3}[ \t]*[NS][ \t]*[,;-]?[ \t]*R(?:ge?\.?[ \t]*)?\d{1,3}[ \t]*[EW](?![\w-])"
)
# a western county's grid coordinate, a rural address with no street's name: "off 1800 E north of Wendell", "at
# 2400 S and 1800 E" (a direction's word or a second coordinate after it: not "at 1200 N" alone)
_GRID_COORDINATE = re.compile(
    r"(?<![\w'’.-])(\d{3,5}[ \t]+(?:N|S|E|W|North|South|East|West))(?![\w'’-])"
    r"(?=[ \t]+(?:north|south|east|west)[ \t]+of\b|[ \t]*(?:&|/|and)[ \t]*\d{3,5}[ \t]+[NSEW]\b)"
    r"|(?<=[&/d])[ \t]*(?<![\w'’.-])(\d{3,5}[ \t]+[NSEW])(?![\w'’-])"
)
# a shop, a chain's store or a restaurant named before the street it stands on: "at the Walgreens on ___", "in the
# Walmart on S ___" (the street masked already; the direction's letter before it goes with it), "at the Piggly
# Wiggly on S Main St." (a street of common words and its kind, which goes with it)
_BUSINESS_ON_STREET = re.compile(
    r"\b(?:the|The)[ \t]+((?:(?:[A-Z][\w'’&.-]*|_+)[ \t]+){0,2}(?:[A-Z][\w'’&-]*|_+))[ \t]+(?:on|off|along|at)[ \t]+"
    r"(?:((?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?(?=_)"
    r"|((?:(?:N|S|E|W|NE|NW|SE|SW)\.?[ \t]+)?(?:[A-Z][a-z'’]+[ \t]+){1,2}"
    r"(?:St|Ave|Rd|Blvd|Dr|Hwy|Ln|Pkwy|Street|Avenue|Road|Boulevard|Drive|Lane|Parkway|Pike|Highway)\b\.?))"
)
# a chain's store on a street with no kind: "the Family Dollar on Aultman", "the H-E-B on Veterans" (the chain alone
# names no one; on its street it is one shop)
_CHAIN_ON_STREET = re.compile(
    r"\b((?:Walmart|Wal-Mart|Family[ \t]+Dollar|Dollar[ \t]+General|Dollar[ \t]+Tree|H-E-B|HEB|Walgreens|CVS|Kroger|"
    r"Safeway|Target|Costco|Aldi|Hy-Vee|Fareway|Piggly[ \t]+Wiggly|Casey['’]s|Kwik[ \t]+Trip|Love['’]s|Sonic|"
    r"McDonald['’]s|Dairy[ \t]+Queen|Hardee['’]s|Taco[ \t]+Bell|Subway|Starbucks|Circle[ \t]+K|Speedway|"
    r"Home[ \t]+Depot|Lowe['’]s|Menards|Tractor[ \t]+Supply|AutoZone|O['’]Reilly|Save[ \t]+A[ \t]+Lot|IGA|Winn-Dixie|"
    r"Publix|Sheetz|Wawa)"
    r"[ \t]+(?:on|off|along)[ \t]+(?:(?:N|S|E|W|North|South|East|West)\.?[ \t]+)?[A-Z][a-z'’]+"
    r"(?:[ \t]+(?:St|Ave|Rd|Blvd|Dr|Street|Avenue|Road|Drive)\b\.?)?)"
)
# a county road by its letters: "on Road DD", "County Road JJ", "Hwy KK" (Wisconsin's and Missouri's lettered roads)
_LETTERED_ROAD = re.compile(r"\b((?:County[ \t]+)?(?:Road|Rd\.?|Highway|Hwy\.?|Trunk)[ \t]+[A-Z]{1,2})(?![\w'’-])")
# a river's lock by its number: "at Lock and Dam 11", "L&D 14" (not "Lock 2" of a device)
_NUMBERED_LOCK = re.compile(
    r"\b(?:Lock[ \t]+and[ \t]+Dam|Locks[ \t]+and[ \t]+Dam|L&D)[ \t]+(?:No\.?[ \t]*|#[ \t]*)?\d{1,2}[A-Z]?(?!\w|\.\d)"
)
# a town's main street by its name alone, after where one is: "the shelter on Main.", "lives off Broadway near"
_BARE_MAIN_STREET = re.compile(  # (its direction with it: "on East Main")
    r"\b(?:on|off|along|at|near|down|up|past|from)[ \t]+"
    r"((?:(?:[NSEW]|North|South|East|West)\.?[ \t]+)?(?:Main(?:[ \t]+(?:St|Street|Ave|Avenue)\b\.?)?|Broadway))"
    r"(?=[ \t]*(?:[.,;:)!?]|$)|[ \t]+(?:and|&|near|by|across|downtown|in|at|between|when|where)\b)",
    re.M,
)
# a line between two towns or counties, where something happened near it: "near the Dryden/Varna line", "at the
# Greene-Tioga county line" (each name a place; not a catheter's, "the Swan-Ganz line": a word of place before)
_TOWN_LINE = re.compile(
    r"\b(?:near|at|on|across|over|along|by|past|crossing|crossed|straddles?)[ \t]+the[ \t]+"
    r"([A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?)[ \t]*[/–-][ \t]*([A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?)"
    r"[ \t]+(?:(?i:town|county|parish|township|state|city)[ \t]+)?line\b"
)
# a state's highway by its state's letters and number, after where one is: "off AR-160", "on TX-71", "along FM-1960"
# (the hyphen makes it one: "on US 2 cm" is an ultrasound; not IL-6 nor CA-125, a marker's letters)
_STATE_HIGHWAY = re.compile(
    r"\b(?:on|off|along|near|via|from|onto|to|at|of|down|up|took|take|taking)[ \t]+"
    r"((?:AR|AL|AZ|CO|CT|DE|FL|GA|IA|ID|IN|KS|KY|LA|MA|MD|ME|MI|MN|MO|MS|MT|NC|ND|NE|NH|NJ|NM|NV|NY|OH|OK|OR|PA|RI|"
    r"SC|SD|TN|TX|UT|VA|VT|WA|WI|WV|WY|SR|SH|FM|RM|CR|M|K)-\d{1,4}[A-Z]?"  # (Michigan's and Kansas's: "on M-26")
    r"|Rt\.?[ \t]*\d{2,4}(?![ \t]*(?:ribs?|lobe|lung|side|sided|mm|cm|m\b|%|\w*(?:st|nd|rd|th)\b))(?!\.\d)"
    # a U.S. highway with its dots, a Texas farm or ranch road in any case: "on U.S. 191", "along fm 170" (no
    # station's frequency: "FM 101.5")
    r"|U\.S\.[ \t]*(?:(?i:hwy|highway|route|rte)\.?[ \t]*)?\d{1,3}(?!\.\d)|(?i:fm|rm)[ \t]+\d{2,4}(?!\.\d))"
    r"(?![\w-])"
)
# a river, a creek or a bayou named in lower case where something is: "near the leaf river", "down on bogue creek"
# (its name no common word: not "the big river", "a small creek")
_LOWER_WATER = re.compile(
    r"\b(?:near|on|along|by|at|in|off|across|over|into|from|crossing)[ \t]+(?:the[ \t]+)?"
    r"([a-z][a-z'’]{2,14}[ \t]+(?:river|creek|bayou|slough|crik))\b"
)
# a pipeline's, a field's or a utility's numbered site, a numbered trail or a county's lane: "at Pump Station 9",
# "Drill Site 15", "Well Pad 12", "on Trail 3", "2245 Lane 13"
_NUMBERED_FACILITY = re.compile(
    r"\b(?:Pump(?:ing)?|Compressor|Booster|Lift|Metering)[ \t]+Station[ \t]+(?:No\.?[ \t]*|#[ \t]*)?\d{1,3}[A-Z]?\b"
    r"|\b(?:Drill[ \t]+Site|Well[ \t]+Pad|Drill[ \t]+Pad|Gathering[ \t]+Center|Flow[ \t]+Station)[ \t]+"
    r"(?:No\.?[ \t]*|#[ \t]*)?[A-Z]?\d{1,3}[A-Z]?\b"
    # a numbered trail or lane after where something is, or a lane after a house's number: "crash on Trail 3",
    # "2245 Lane 13" (not "Trail 2 sign", "Lane 2 of the CT")
    r"|(?<=on |at |ff |ng |ar )(?:Trail|Lane)[ \t]+\d{1,3}[A-Z]?\b(?![ \t]+(?:sign|of)\b)"
    r"|(?<![\w.,/-])\d{3,6}[ \t]+Lane[ \t]+\d{1,3}[A-Z]?\b"
)
_DIRECTIONS = frozenset("상행 하행 양방향 방향 인근 부근 근처 고속도로 국도 도로 지방도 진입 진출".split())


def road_places(text: str, mask: Mask) -> None:
    """See the module docstring; cost: one scan per mark, only when one of the marks' words is in the text."""
    if _ROAD_HINT.search(text):
        for pattern in (_MILE_MARKER, _MM_ON_ROAD, _EXIT):
            for m in pattern.finditer(text):
                mask(m.start(), m.end(), "place")
        for m in _NAMED_STOP.finditer(text):
            words = m.group(1).split()
            if not any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                mask(m.start(), m.end(), "place")
    if _CROSSING_HINT.search(text):
        for m in _CROSSING.finditer(text):
            words = m.group(1).split()
            if words[-1].lower().endswith(_ADJECTIVE_ENDS) or any(
                w.lower() in STOP or word_class(w) == CLINICAL for w in words
            ):
                continue  # "Carpal Tunnel", "Myocardial Bridge": an anatomical one
            mask(m.start(), m.end(), "place")
    if "latform" in text or "rig " in text or "lock " in text or "ease " in text:
        for m in _OFFSHORE.finditer(text):
            if not any(w.lower() in STOP or word_class(w) == CLINICAL for w in m.group(1).split()[:-1]):
                mask(m.start(1), m.end(1), "place")
    low = text.lower()
    if "ave" in low or "road" in low or "rd" in low or "CR" in text or "lane " in low:
        for m in _GRID_ROAD.finditer(text):
            mask(m.start(), m.end(), "address")
    if "north" in text or "south" in text or "east" in text or "west" in text or "&" in text or "and" in text:
        for m in _GRID_COORDINATE.finditer(text):
            g = 1 if m.group(1) else 2
            mask(m.start(g), m.end(g), "address")
    if "Station" in text or "Site" in text or "Pad" in text or "Center" in text or "Trail" in text or "Lane" in text:
        for m in _NUMBERED_FACILITY.finditer(text):
            mask(m.start(), m.end(), "place")
    if "river" in text or "creek" in text or "bayou" in text or "slough" in text or "crik" in text:
        for m in _LOWER_WATER.finditer(text):
            name = m.group(1).split()[0]
            if name not in STOP and word_class(name) != CLINICAL and zipf(name) < 4.5:
                mask(m.start(1), m.end(1), "place")
    if "Main" in text or "Broadway" in text:
        for m in _BARE_MAIN_STREET.finditer(text):
            mask(m.start(1), m.end(1), "address")
    if " line" in text:
        for m in _TOWN_LINE.finditer(text):
            names = m.group(1).split() + m.group(2).split()
            if not any(w.lower() in STOP or word_class(w) == CLINICAL for w in names):
                mask(m.start(1), m.end(1), "place")
                mask(m.start(2), m.end(2), "place")
    if "-" in text or "Rt" in text or "U.S." in text or "m " in text or "M " in text:
        for m in _STATE_HIGHWAY.finditer(text):
            mask(m.start(1), m.end(1), "address")
    if " on " in text or " off " in text or " along " in text:
        for m in _CHAIN_ON_STREET.finditer(text):
            mask(m.start(1), m.end(1), "address")
    if "R" in text or "H" in text or "T" in text or "C" in text:
        for m in _LETTERED_ROAD.finditer(text):
            mask(m.start(1), m.end(1), "address")
    if "Lock" in text or "L&D" in text:
        for m in _NUMBERED_LOCK.finditer(text):
            mask(m.start(), m.end(), "place")
    if "R" in text:
        for m in _LAND_SURVEY.finditer(text):
            mask(m.start(), m.end(), "place")
    if "휴게" in text or "나들목" in text or "IC" in text or "JC" in text or "분기점" in text or "요금소" in text:
        for m in _KOREAN_ROAD_PLACE.finditer(text):
            stem = m.group(1)
            if stem not in KOREAN_CLINICAL and stem not in _DIRECTIONS and not stem.endswith(("방향", "고속도로")):
                mask(m.start(), m.end(), "place")


def businesses_on_streets(text: str, ends: dict[int, str], mask: Mask) -> None:
    """A business named before the masked street it stands on, with the street's direction (``_BUSINESS_ON_STREET``)."""
    for m in _BUSINESS_ON_STREET.finditer(text):
        run = m.end()
        while run < len(text) and text[run] == "_":
            run += 1
        if not m.group(3) and ends.get(run) not in ("address", "place"):
            continue  # ("the ED on ___": a date)
        words = [w for w in m.group(1).split() if not w.startswith("_")]
        if not m.group(3) and not words or any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
            continue  # (a masked run before a masked one: nothing to add)
        if words:
            mask(m.start(1), m.end(1), "place")
        if m.group(2):
            mask(m.start(2), m.end(2) - 1, "address")
        if m.group(3):
            mask(m.start(3), m.end(3) - (m.group(3)[-1] == "."), "address")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
