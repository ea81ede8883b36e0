"""Dates, ages and numbers of the PHI screen written in words or in calendar units rather than as digits of a day:

* week numbers and quarters with their year ("wk 14 / 2025", "FY2025 Q2", "Q3 FY24", "2nd quarter of calendar
  2024"), a month and day spelled out ("March fourth, twenty twenty-five"), a day of the month before or after
  ("the twenty-third of last month"), a day and month with a 24-hour time
  ("3/10 0230"), a Korean month with its part ("2월 말경", "3월 초순");
* ages over 89 in Korean words ("백세", "구십이 세", "아흔두 살");
* a number read out digit by digit, five digit words or more (a phone after a call-back cue, else an id): "six-one-
  seven, five-five-five, oh-one-four-four", "MRN four four seven two zero one nine";
* national identifier shapes that carry no label of ours (a Brazilian CPF "384.917.260-53", a device's GS1 UDI
  "(01)00643169007222(17)270131(21)PX55012"), a New York public school ("P.S. 152"), a county or a firm
  abbreviated "Co." ("Breathitt Co.", "Dogwood Furniture Co."), an age over 89 in one word ("centenarian");
* a part of a named month with no day ("mid-July", "the first week of June") and a date in words with its
  slashes ("twelve/three/twenty-three");
* a local phone number written with a dot after a phone's cue ("report line 555.0194"); a town's days named for
  its founding year ("Days of '76 weekend");
* dictated numbers and dates: separators read out ("oh two slash oh nine slash twenty five", "three nine two
  dash eight eight dash one"), an extension or a date of birth read out after its cue.

Each pass is anchored on a cheap literal test first. Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["period_spans"]

Mask = Callable[[int, int, str], None]

_YEAR = r"(?:19|20)\d{2}"
_WEEK = re.compile(rf"(?i:\b(?:wk|week|cw|kw)\.?[ \t]*#?[ \t]*\d{{1,2}}[ \t]*(?:/|of|,|-)?[ \t]*{_YEAR})\b")
_QUARTER = re.compile(
    r"(?i:\bQ[1-4][ \t]*(?:FY|CY)?[ \t]*['’]?(?:\d{2}|" + _YEAR + r")\b"
    r"|\b(?:FY|CY)[ \t]*['’]?(?:\d{2}|" + _YEAR + r")[ \t]*Q[1-4]\b"
    r"|\b(?:1st|2nd|3rd|4th|first|second|third|fourth)[ \t]+quarter(?:[ \t]+of)?(?:[ \t]+(?:calendar|fiscal|FY|CY))?"
    r"(?:[ \t]+year)?[ \t]+" + _YEAR + r"\b)"
)
_ORDINAL_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ](?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth)|thirtieth|thirty[- ]first"
)
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
# a day of a month told by its neighbour month: "on the twenty-third of last month", "the 5th of this month"
_DAY_OF_NEAR_MONTH = re.compile(
    rf"(?i:\b(?:the[ \t]+)?(?:{_ORDINAL_WORDS}|(?:[12]?\d|3[01])(?:st|nd|rd|th))[ \t]+of[ \t]+"
    r"(?:last|this|next|the[ \t]+(?:previous|prior|past|same|following))[ \t]+month)\b"
)
# any case but May's ("may first" is no date): "march fourth", "MARCH FOURTH, 2026"
_MONTHS_LOWER = "(?i:" + "|".join(m.lower() for m in _MONTHS.split("|") if m != "May") + ")"
_SPELLED_DATE = re.compile(  # (a month in lower case too before its ordinal: "march fourth twenty twenty five")
    rf"\b(?:(?:{_MONTHS}|{_MONTHS_LOWER})[ \t]+(?:the[ \t]+)?(?i:{_ORDINAL_WORDS})"
    rf"|(?i:the[ \t]+)?(?i:{_ORDINAL_WORDS})[ \t]+of[ \t]+"
    rf"(?:{_MONTHS}))(?:(?:,|[ \t]+comma)?[ \t]+"
    rf"(?i:(?:nineteen|twenty|two[ \t]+thousand)(?:[ \t-]+(?:and[ \t]+)?[a-z]+){{0,3}}))?"
    # a month of a year told relative to now: "august of last year", "in March of this year"
    rf"|\b(?:{_MONTHS}|{_MONTHS_LOWER})[ \t]+of[ \t]+(?i:last|this|next)[ \t]+year\b"
)
# a part of a named month (no day, no year): "mid-July", "in late Sept", "early june", "the end of July", "the first
# week of June" (not May in lower case; the month's part said first, so "the end of March" and not "march on")
_MONTH_SHORT = r"Mar|(?i:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)"  # (not "mar" in lower case, a verb)
_MONTH_PART = re.compile(
    r"(?<![\w'’-])(?:(?i:early|mid|late)[ \t]*-?[ \t]*|(?i:the[ \t]+)?(?i:end|beginning|start|middle)[ \t]+of[ \t]+"
    r"|(?i:the[ \t]+)?(?i:first|second|third|fourth|last)[ \t]+(?i:week|weekend)[ \t]+of[ \t]+)"
    rf"(?:{_MONTHS}|{_MONTHS_LOWER}|(?:{_MONTH_SHORT})\.?)(?![\w'’-])"
)
_SHORT_MONTH_HINT = re.compile(r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b")  # on lower-cased text
_PART_HINT = re.compile(r"(?:early|mid|late|end|beginning|start|middle|week)")  # on lower-cased text
# Dictated numbers and dates: digits read out with their separators spoken ("oh two slash oh nine slash twenty
# five", "three nine two dash eight eight dash one", "10 slash 3"), an extension read out ("extension five one two
# zero"), a date of birth read out ("date of birth nine twelve fifty one")
_NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
_SPOKEN_SEPARATED = re.compile(
    rf"(?i:\b{_NUMBER_WORD}(?:[ \t]+{_NUMBER_WORD}){{0,3}}(?:[ \t]+(?:slash|dash|hyphen)[ \t]+{_NUMBER_WORD}"
    rf"(?:[ \t-]+{_NUMBER_WORD}){{0,3}}){{1,3}}\b"
    r"|(?<![\w/.])\d{1,2}[ \t]+slash[ \t]+\d{1,2}(?:[ \t]+slash[ \t]+\d{2,4})?(?![\w/]))"
)
# a date written in words with its slashes: "twelve/three/twenty-three"
_SLASHED_WORDS = re.compile(
    rf"(?i:(?<![\w/-]){_NUMBER_WORD}(?:-{_NUMBER_WORD})?/{_NUMBER_WORD}(?:-{_NUMBER_WORD})?/{_NUMBER_WORD}"
    rf"(?:[- ]{_NUMBER_WORD})?)(?![\w/-])"
)
_SPOKEN_DATE_CUE = re.compile(r"(?i:dated|date|from|since|examination[ \t]+of|exam[ \t]+of|study[ \t]+of|on)[ \t]*$")
_SPOKEN_UNIT_AFTER = re.compile(r"[ \t]*(?i:mm|cm|millimeters?|centimeters?|ml|cc|mg|percent|degrees?)\b")
_SPOKEN_AFTER_CUE = re.compile(
    rf"(?i:\b(?:extension|ext|date[ \t]+of[ \t]+birth|dob|born[ \t]+on)[ \t]+(?:is[ \t]+|colon[ \t]+)?)"
    rf"((?i:{_NUMBER_WORD})(?:[ \t-]+(?i:{_NUMBER_WORD})){{2,}})\b"
)
_DAY_MONTH_TIME = re.compile(
    r"(?<![\w/.])(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])[ \t]+(?:[01]\d|2[0-3])[0-5]\d(?![\w/:]|\.\d)"
    # "at" and the time between: "Reported 07/04 at approx 2300", "seen 3/9 @ 14:10", "(03/04) at 2200" (the month
    # and day alone)
    r"|(?<![\w/.])(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?=\)?[ \t]+(?:at|@)[ \t]+(?:approx\.?[ \t]+|~[ \t]*)?"
    r"(?:[01]?\d|2[0-3]):?[0-5]\d(?![\w/:]|\.\d))"
)
_SCORE_BEFORE = re.compile(r"(?i:pain|score|scale|grade|strength|murmur|power|rated|rates|level|ratio|vas|nrs)\W{0,3}$")
_PIPED_DATE = re.compile(  # "DATE OF RADIOGRAPH: 03 | 11 | 25": a form's date in cells
    r"(?<![\d|])(?:0?[1-9]|1[0-2])[ \t]*\|[ \t]*(?:0?[1-9]|[12]\d|3[01])[ \t]*\|[ \t]*(?:\d{2}|(?:19|20)\d{2})(?![\d|])"
)
_DATE_LABEL = re.compile(r"(?i:date|dob|d\.o\.b|날짜|일자)")
_KOREAN_MONTH_PART = re.compile(
    r"(?<!\d)(?:1[0-2]|[1-9])월[ \t]*(?:초순|중순|하순|상순|말경|초경|중순경|초|말|경)(?![\uac00-\ud7a3])"
)
_KOREAN_AGE = re.compile(
    r"(?<![\uac00-\ud7a3])((?:백|백[ \t]?[일이삼사오육칠팔구십]{1,2}|구십[일이삼사오육칠팔구]?|"
    r"아흔(?:[ \t]?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉))?)[ \t]?(?:세|살))(?![\uac00-\ud7a3])"
    # "아흔셋 되신", "연세: 아흔넷,": a native age, a particle after it or none
    r"|(?<![\uac00-\ud7a3])(아흔(?:하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉)?)(?=(?:이|은|는|에|의|이신)?(?![\uac00-\ud7a3]))"
)
_DIGIT_WORD = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|double|triple)"
_SPOKEN_NUMBER = re.compile(rf"(?i:\b{_DIGIT_WORD}(?:(?:[ \t]*[-,][ \t]*|[ \t]+){_DIGIT_WORD}){{4,}})\b")
_DIGIT_KEYS = (" zero", " oh", " one", " two", " three", " four", " five", " six", " seven", " eight", " nine", "-")
_PHONE_CUE = re.compile(r"(?i:call|phone|cell|tel|pager|fax|mobile|contact|reach)")
# a local number written with a dot, after a phone's cue: "report line 555.0194" (not a measure: "12.5", "3.1415")
_DOTTED_LOCAL = re.compile(r"(?<![\d.])\d{3}\.\d{4}(?!\d|\.\d)")
_LINE_CUE = re.compile(r"(?i:call|phone|cell|tel|pager|fax|mobile|contact|reach|line|number|#)\W{0,12}$")
# a town's days named for its founding year, with the year in two digits: "Days of '76", "Days of '49 parade 2022"
_DAYS_OF_YEAR = re.compile(
    r"\b(?:[A-Z][a-z]+[ \t]+)?Days[ \t]+of[ \t]+['’]\d{2}(?:[ \t]+(?i:weekend|parade|rodeo|celebration|week))?"
    r"(?:[ \t]+(?:19|20)\d{2})?(?![\w'’])"
)
_QUARTER_HINT = re.compile(r"(?i:\bQ[1-4]\b|\bFY|\bCY|quarter)")
_MONTH_HINT = re.compile(_MONTHS.lower())  # on lower-cased text
_ORDINAL_HINT = re.compile(rf"\b(?:{_ORDINAL_WORDS})\b")
_SPOKEN_HINT = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|zero|oh)[ \t,-]+(?:one|two|three|four|five|six|seven|eight|"
    r"nine|zero|oh)\b"
)
_ROMAN_SHORT = re.compile(  # "4.iii.25", "12.XI.2024": a month in roman numerals, lower or upper case
    r"(?<![\w.])\d{1,2}\.(?:x{0,1}i{1,3}|iv|vi{0,3}|ix|xi{1,2}|X{0,1}I{1,3}|IV|VI{0,3}|IX|XI{1,2}|v|V|x|X)\.(?:\d{2}|\d{4})(?![\w.])"
)
_DATE_BEFORE_SUFFIX = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}(?=г|年|년)")  # "04.03.2025г."
_UK_PHONE = re.compile(r"\(0\d{3,4}\)[ \t]*\d{3,4}[ \t]?\d{3,4}(?!\d)")  # "(01248) 384 000"
_CPF = re.compile(r"(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])")
# "P.S. 152", "JHS 216" (not "ECOG PS 2", a performance status)
_PUBLIC_SCHOOL = re.compile(
    r"(?<![\w.])(?:P\.S\.|I\.S\.|J\.H\.S\.)[ \t]*\d{1,3}(?![\d/.-])|(?<![\w.])(?:PS|JHS)[ \t]+\d{2,3}(?![\d/.-])"
)
_AGE_WORDS = re.compile(r"(?i:\b(?:super)?centenarians?\b|\bnonagenarians?\b)")  # an age over 89 in one word
# a device's GS1 UDI with its serial (its digits may be masked already)
_UDI = re.compile(r"\(01\)[\d_]{14}(?:\(\d{2,4}\)[0-9A-Za-z./_-]{1,20}){1,5}")
_ABBREVIATED_CO = re.compile(r"(?<![\w'’-])((?:[A-Z][a-z'’-]+[ \t]+){1,3}Co\.)(?![A-Za-z])")


def period_spans(text: str, mask: Mask) -> None:
    """See the module docstring."""
    low = text.lower()
    if "wk" in low or "week" in low or "cw" in low or "kw" in low:
        for m in _WEEK.finditer(text):
            mask(m.start(), m.end(), "date")
    if "q" in low and _QUARTER_HINT.search(text):
        for m in _QUARTER.finditer(text):
            mask(m.start(), m.end(), "date")
    if (_ORDINAL_HINT.search(low) or " year" in low) and _MONTH_HINT.search(low):
        for m in _SPELLED_DATE.finditer(text):
            mask(m.start(), m.end(), "date")
    if _PART_HINT.search(low) and (_MONTH_HINT.search(low) or _SHORT_MONTH_HINT.search(low)):
        for m in _MONTH_PART.finditer(text):
            mask(m.start(), m.end(), "date")  # "mid-July": a part of the month is an element of a date
    if " month" in low:
        for m in _DAY_OF_NEAR_MONTH.finditer(text):
            mask(m.start(), m.end(), "date")  # "the twenty-third of last month": a day of a known month
    if "/" in text:
        for m in _DAY_MONTH_TIME.finditer(text):
            if _SCORE_BEFORE.search(text, max(0, m.start() - 24), m.start()):
                continue  # "Pain 7/10 at 1400": a score out of ten, no day
            mask(m.start(), m.end(), "date")
    if "|" in text:
        for m in _PIPED_DATE.finditer(text):
            if _DATE_LABEL.search(text, max(0, m.start() - 40), m.start()):
                mask(m.start(), m.end(), "date")
    if "월" in text:
        for m in _KOREAN_MONTH_PART.finditer(text):
            mask(m.start(), m.end(), "date")
    if "세" in text or "살" in text or "아흔" in text:
        for m in _KOREAN_AGE.finditer(text):
            g = 1 if m.group(1) else 2
            mask(m.start(g), m.end(g), "age")
    if sum(low.count(k) for k in _DIGIT_KEYS) >= 4 and _SPOKEN_HINT.search(low):
        for m in _SPOKEN_NUMBER.finditer(text):
            if len(re.findall(rf"\b{_DIGIT_WORD}\b", m.group(0), re.I)) >= 5 and not m.group(0).lower().startswith(
                "o "
            ):
                phone = _PHONE_CUE.search(text, max(0, m.start() - 30), m.start()) is not None
                mask(m.start(), m.end(), "phone" if phone else "mrn")
    if text.count("/") >= 2:
        for m in _SLASHED_WORDS.finditer(text):
            mask(m.start(), m.end(), "date")  # "twelve/three/twenty-three"
    if "Days of" in text:
        for m in _DAYS_OF_YEAR.finditer(text):
            mask(m.start(), m.end(), "date")  # "Days of '76 weekend": a town's days, dated by them
    if "." in text:
        for m in _DOTTED_LOCAL.finditer(text):
            if _LINE_CUE.search(text, max(0, m.start() - 30), m.start()):
                mask(m.start(), m.end(), "phone")  # "line 555.0194": a local number with a dot
    if " slash " in low or " dash " in low or " hyphen " in low:
        for m in _SPOKEN_SEPARATED.finditer(text):
            said = m.group(0).lower()
            if _SPOKEN_UNIT_AFTER.match(text, m.end()):
                continue  # "three dash four mm": a range of sizes
            if "slash" in said:  # a date: two slashes, or one after a date's cue ("examination of 10 slash 3")
                if said.count("slash") >= 2 or _SPOKEN_DATE_CUE.search(text[max(0, m.start() - 24) : m.start()]):
                    mask(m.start(), m.end(), "date")
            elif len(re.findall(rf"\b{_NUMBER_WORD}\b", said)) >= 5:  # an id read out with its dashes
                mask(m.start(), m.end(), "mrn")
    if "ext" in low or "birth" in low or "dob" in low or "born" in low:
        for m in _SPOKEN_AFTER_CUE.finditer(text):
            mask(m.start(1), m.end(1), "phone" if m.group(0)[:1].lower() == "e" else "date")
    if text.count(".") >= 2:
        for m in _ROMAN_SHORT.finditer(text):
            mask(m.start(), m.end(), "date")
        for m in _DATE_BEFORE_SUFFIX.finditer(text):
            mask(m.start(), m.end(), "date")
    if "(0" in text:
        for m in _UK_PHONE.finditer(text):
            mask(m.start(), m.end(), "phone")
    if text.count(".") >= 2 and "-" in text:
        for m in _CPF.finditer(text):
            mask(m.start(), m.end(), "mrn")
    if "enarian" in low:
        for m in _AGE_WORDS.finditer(text):
            mask(m.start(), m.end(), "age")
    if "(01)" in text:
        for m in _UDI.finditer(text):
            mask(m.start(), m.end(), "mrn")
    if "P.S." in text or "PS " in text or "I.S." in text or "J.H.S." in text or "JHS " in text:
        for m in _PUBLIC_SCHOOL.finditer(text):
            mask(m.start(), m.end(), "place")
    if "Co." in text:
        for m in _ABBREVIATED_CO.finditer(text):
            mask(m.start(1), m.end(1), "place")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
