"""A postal address read whole: from its first line (a house number, a box, a slip) to its end (a zip, a state).

The shape passes (``phi_patterns``) and the place passes mask an address's parts one by one: the street, the
town, the zip. What falls between them is what a reader still sees: the unit ("2nd fl", "Rm 5", "apt 2b"), a
state in lower case ("georgetown, de 19947"), a box's words ("P.O. DRAWER 509"), a road's number ("Road 9 1/2"),
a lot's number after a Korean address ("진리 224-3", "산 12번지"). This pass reads the address the way a postal
clerk does: a line's run of comma-separated parts that *ends* in an address's end and *starts* with an
address's first line is one address, and everything between is masked.

- An end: a state (abbreviation or name) before a zip; a zip the passes before already masked; a bare zip or a
  state at the line's end when the first line names a street ("1104 ave j, 67801", "9 sawmill ln., tupper lake
  ny").
- A start: a house number followed by a word, or a box, drawer, slip, lot, quarters or unit and its number,
  within the last nine words of its part; at most four parts before the end, each short and without a
  sentence's end. Without a zip after a capital state, the first line must name a street or be a box: a count
  ("3 doses, or 10000") is no address.
- Korean: a lot number after a masked administrative unit (``___ 551번지``, ``___ 진리 224-3``) and a 동 with its
  lot (``영등포동4가 431-5``), never before a unit of measure or time.

Cost: a regex scan per window for a zip's or a state's shape; the walk back reads one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_places import state_names
from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]

_ABBR = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|"
    "OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
_ZIP = re.compile(r"(?<![\w'’.-])\d{5}(?:-\d{4})?(?![\w-])")
_ABBRS = frozenset(_ABBR.split("|"))
_WORDS_BEFORE = re.compile(r"(?:([A-Za-z]+)[ \t]+)?([A-Za-z]+)\.?,?[ \t]+$")  # the one or two words before a zip
_STATE_LAST = re.compile(  # a state ends the line, or its sentence before the next one
    rf"(?<![\w'’.-])(?:{_ABBR}|{_ABBR.lower()})\.?(?=[ \t]*(?:$|[)\n])|[ \t]+[A-Z][a-z])", re.M
)
_END_HINT = re.compile(r"\d{5}|(?<![\w'’.-])[A-Za-z]{2}\.?(?:[ \t]*(?:$|[)\n])|[ \t]+[A-Z][a-z])", re.M)
_STREET = re.compile(
    r"(?<![\w'’-])(?i:street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|terrace|"
    r"ter|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|plaza|alley|route|rte|rt|pike|row|loop|run|path|"
    r"pass|ridge|hollow|holler|crossing|xing|cove|bend|calle|camino|avenida|rue|via|county[ \t]+road|cr|fm|sr)"
    r"(?![\w'’-])\.?"
)
_BOX_WORDS = (
    r"(?i:p\.?[ \t]?o\.?[ \t]*(?:box|drawer)|box|drawer|quarters|qtrs|slip|lot|space|spc|apartado(?:[ \t]+postal)?|"
    r"rural[ \t]+route|rte|unit|trailer|trlr|hcr|h\.c\.r\.|star[ \t]+route)(?![\w'’-])"
)
_START = re.compile(
    rf"(?<![\w.,/-])(?:(?P<box>{_BOX_WORDS})[ \t]*#?[ \t]*(?=[\w-]*\d)[\w-]{{1,6}}(?![\w'’-])"
    r"|\d{1,6}[A-Za-z]?(?:-\d{1,5})?(?=[ \t]+[A-Za-z])(?![ \t]+(?i:mm|cm|m|ml|cc|mg|kg|x|years?|yrs?|days?|"
    r"weeks?|months?|hours?|times?|of|to|and|or|doses?|views?|images?)\b))"
)
# a first line that ends in its street's kind, and a unit: "9 sawmill ln.", "31 plant rd apt 2b"; a state alone
# at the line's end ends an address only after one ("RR 24, SpO2 89% on 4 L NC." is no address)
_STREET_LINE = re.compile(
    rf"\d{{1,6}}[A-Za-z]?(?:[ \t]+[A-Za-z0-9][\w'’.-]*){{0,5}}[ \t]+{_STREET.pattern}"
    r"(?:[ \t]*,?[ \t]*(?i:apt|apartment|unit|ste|suite|fl|floor|rm|room|#)\.?[ \t]*#?[ \t]*[\w-]{1,6})?[ \t]*$"
)
_BOX_LINE = re.compile(rf"{_BOX_WORDS}[ \t]*#?[ \t]*\d")  # "Rte 1 Box 77, Langlois OR"
_SENTENCE_END = re.compile(r"[.!?][ \t]+[A-Z][a-z]|[;:]")
_TOKEN = re.compile(r"[^\W_]+|_+")
_PARTS_BEFORE = 4  # parts before the end: street, unit, town, county
_PART_WORDS = 6  # words in a part after the first line
_FIRST_LINE_WORDS = 9  # words of the first line ("4108 e ponce de leon ave apt 6c")


def postal_addresses(text: str, s: str, mask: Mask) -> None:
    """Mask each address of ``text`` from its first line to its end (``s``: the window as masked so far, same
    length), and a postal code in brackets after a masked one ("___ (58859)")."""
    for m in _CODE_AFTER.finditer(s) if "(" in s and "_" in s else ():
        mask(m.start(1), m.end(1), "address")
    if not _END_HINT.search(text):
        return
    states = state_names()
    for m in _ZIP.finditer(text):
        state = _state_before(text, m.start(), states)
        if state is not None:
            # a capital state and its zip end an address; in lower case ("in 12345") the first line must say so
            name = text[state : m.start()].rstrip(" \t,.")
            end_start, sure = state, name.isupper() or name.lower() in states
        else:
            end_start, sure = m.start(), s[m.start()] == "_"  # a zip a pass already read as one
        start = _first_line(text, s, end_start, m.end(), sure)
        if start is not None:
            mask(start, m.end(), "address")
    for m in _STATE_LAST.finditer(text):  # "9 sawmill ln., tupper lake ny": a state ends the line
        start = _first_line(text, s, m.start(), m.end(), False)
        comma = text.rfind(",", start or 0, m.start())
        if start is not None and (_STREET_LINE.match(text, start, comma) or _BOX_LINE.search(text, start, comma)):
            mask(start, m.end(), "address")


def _state_before(text: str, zip_start: int, states: frozenset[str]) -> int | None:
    """Where the state before a zip starts ("GA", "de", "GEORGIA", "New Mexico"), or ``None``."""
    m = _WORDS_BEFORE.search(text, max(0, zip_start - 32), zip_start)
    if m is None:
        return None
    if m.group(1) and f"{m.group(1)} {m.group(2)}".lower() in states:
        return m.start(1)
    word = m.group(2)
    if word.upper() in _ABBRS and (word.isupper() or word.islower()) or word.lower() in states:
        return m.start(2)
    return None


def _first_line(text: str, s: str, cut: int, end: int, sure: bool) -> int | None:
    """Where the address whose end spans ``cut``-``end`` starts: a first line at most ``_PARTS_BEFORE``
    comma-parts back on the same line; ``None`` when no part before is one. Without ``sure`` the first line must
    name a street or be a box."""
    line_start = text.rfind("\n", 0, cut) + 1
    for _ in range(_PARTS_BEFORE + 1):
        comma = text.rfind(",", line_start, cut)
        part_start = comma + 1 if comma >= 0 else line_start
        for a in _START.finditer(text, part_start, cut):
            if len(_TOKEN.findall(text, a.start(), cut)) > _FIRST_LINE_WORDS or _SENTENCE_END.search(s, a.start(), cut):
                continue
            if sure or a.group("box") or _STREET.search(text, a.start(), cut):
                return a.start()
        if (
            comma < 0
            or len(_TOKEN.findall(text, part_start, cut)) > _PART_WORDS
            or _SENTENCE_END.search(s, part_start, cut)
        ):
            return None
        cut = comma
    return None


_NOT_A_LOT = r"(?![\d.]|[ \t]*(?:분|초|회|번째|mm|cm|세|살|%|개|일|주|시간|kg|mg|년|월|차|층|명|병|mL|ml|L\b|도|배))"
_KOREAN_LOT = re.compile(  # after a masked unit: "___ 진리 224-3", "___ 산 12번지", "___ 551번지"
    r"(?<=_)[ \t]+((?:[\uac00-\ud7a3]{1,4}(?:리|동|가)[ \t]+)?(?:산[ \t]?)?\d{1,5}(?:-\d{1,5})?(?:번지|번길)?)"
    + _NOT_A_LOT
)
_DONG_LOT = re.compile(  # "영등포동4가 431-5", "가리봉동 123-45번지": a 동 and its lot (not "운동 30-40분")
    r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,4}동(?:\d{1,2}가)?[ \t]+(?:산[ \t]?)?"
    r"\d{1,5}(?:-\d{1,5}(?:번지)?|번지)" + _NOT_A_LOT
)


_CODE_AFTER = re.compile(
    r"(?<=_)[ \t]*,?[ \t]*\((\d{5})\)"
)  # "___ (58859)": a postal code in brackets after an address
_KOREAN_POSTCODE = re.compile(
    r"(?:우\)|우편번호|우편[ \t]*번호|\(우\))[ \t]*[:：]?[ \t]*(\d{3}-?\d{2,3})(?!\d)"
)  # "우) 39422"
_VILLA_ROOM = re.compile(  # "행복빌 302호", "그린빌라 B동 201호", "한솔원룸 3층": a small building and its room
    r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,6}(?:빌라|빌|원룸|하우스|맨션|타운|캐슬|오피스텔|고시원|고시텔|리빙텔)"
    r"(?:[ \t]*[A-Z가-힣]?동)?[ \t]*\d{1,4}(?:호|층)"
)
_BOX_CODE_AFTER = re.compile(r"[ \t]*,?[ \t]*\((\d{5})\)")
_KOREAN_BOX = re.compile(  # "목포우체국 사서함 118호", "사서함 제12호": a post office box
    r"(?:(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,6}우체국[ \t]*)?사서함[ \t]*(?:제[ \t]*)?\d{1,5}(?:[ \t]*호)?"
)


def korean_lots(text: str, s: str, mask: Mask) -> None:
    """Mask a lot number after a masked Korean place, a 동 with its lot, and a post office box."""
    for m in _KOREAN_BOX.finditer(text) if "사서함" in text else ():
        mask(m.start(), m.end(), "address")
        code = _BOX_CODE_AFTER.match(text, m.end())  # "사서함 119호 (44610)"
        if code:
            mask(code.start(1), code.end(1), "address")
    for m in _KOREAN_POSTCODE.finditer(text) if "우" in text else ():
        mask(m.start(1), m.end(1), "address")
    for m in _VILLA_ROOM.finditer(text):
        mask(m.start(), m.end(), "address")
    for m in _KOREAN_LOT.finditer(s):
        run = s.rfind(" ", 0, m.start(1) - 1)
        before = text[m.start() - 1]
        if "\uac00" <= before <= "\ud7a3" and "_" in s[max(run, 0) : m.start()]:
            mask(m.start(1), m.end(1), "address")
    for m in _DONG_LOT.finditer(text):
        mask(m.start(), m.end(), "address")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
