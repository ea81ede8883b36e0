"""The PHI screen's event pass: a town's or a school's yearly event named with its year is a date.

A report dates an injury or an onset by the event it happened at: "fell from his horse during the 2024 Western
Heritage Classic", "since Ball State homecoming weekend 2023", "Pierogi Fest weekend 2024", "2023 순창장류축제 행사
준비 중", "영암왕인문화축제(2024) 무대 설치 중", "옥천포도복숭아축제 첫날". The event's name and its year together
give the day; the holiday passes (``phi_patterns.HOLIDAY``, ``phi_edges.holiday_dates``) know the holidays of
calendars, not the fairs, rodeos, festivals and homecomings of every town. What makes the class is the event's
kind, not its name:

* ``event_dates``, with the other cue passes:
  * capitalised words (or words already masked) that end in an event's head (Fair, Festival, Fest, Days, Rodeo,
    Classic, Derby, Homecoming, Plunge, Expo, Powwow, Regatta, Grand Prix, Celebration, Night Market, ...; the
    head in any case: "Ball State homecoming"), with "week", "weekend" or "night" after it, and a year right after
    or right before ("the 2024 Farm Show"): the words, the head and the year are masked as one date; a year before
    a name and its week or weekend ("the 2023 Guelaguetza weekend"), whatever the event's kind;
  * a Hangul word that ends in a festival's head (축제, 문화제, 예술제, 엑스포, 박람회, 페스티벌, 한마당,
    큰잔치; 놀이 and 제 after two syllables or more, with a year only, and no word of the language: not
    "2019 조영제", "물놀이"), with a year before it ("2023 남지 유채축제", "2024년 ___ 낙화놀이") or after it
    in parentheses ("(2024)"), or a day of it after it (첫날, 마지막 날, 다음 날, 기간, 행사장): masked with the
    year and the day's words;
* ``years_after_events``, after the name and place passes: a year (with "week" or "weekend") right after a run
  masked as a name or a place ("the ___ ___ 2024", "___ ___ ___ week 2022"): the event's name is gone, its year
  would date it; and a school's day in lower case before a masked date ("commencement weekend, ___").

Clinical text is untouched: a report's words are no event head, and a year beside a guideline or a society
("the 2017 Fleischner Society guidelines") has none. Cost: one gated scan per pattern (the heads are its
literals), a few anchored matches per masked run. Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import AMBIGUOUS, CLINICAL, KOREAN_CLINICAL, NAME, UNKNOWN, word_class
from megacxr.shards.phi_names import STOP, known_korean_word
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_spans import ending_at, masked_runs

__all__ = ["event_dates", "years_after_events"]

Mask = Callable[[int, int, str], None]

_HEAD = (
    r"(?i:Fair|Festival|Fest|Fiesta|Days|Rodeo|Stampede|Round-?up|Classic|Derby|Homecoming|Plunge|Expo|"
    r"Exposition|Jamboree|Carnival|Parade|Marathon|Half[ \t]+Marathon|Pow[ \t-]?wow|Regatta|Grand[ \t]+Prix|"
    r"Invitational|Tournament|Reunion|Picnic|Gala|Swap[ \t]+Meet|Jubilee|Hoedown|Powwow|Show|Celebration|"
    r"Festivities|Bazaar|Fireworks|Night[ \t]+Market|Block[ \t]+Party|Air[ \t]+Show|Rally|Championships?|Games|"
    r"Triathlon)"
)
_NAME_WORD = r"(?:[A-Z][\w'’.&-]*|_+)"
_JOIN = r"(?:of|the|and|&|de|la|del|du|on)"
_WHEN = (  # "Pierogi Fest weekend", "Holiday Lights opening night", "Britt Festival concert, ___"
    r"(?i:(?:opening|closing)[ \t]+(?:night|day|weekend|morning)|week|weekend|night|days?|concert|parade(?:[ \t]+day)?)"
)
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
EVENT_THEN_YEAR = re.compile(  # "Berne Swiss Days week 2023", "ACU Homecoming 2023", "Stowe Derby 2024"
    rf"(?<![\w'’-])({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|{_JOIN})){{0,5}}[ \t]+{_HEAD}(?:[ \t]+{_WHEN})?)"
    rf",?[ \t]+({_YEAR}|_+)(?![\w'’-])"  # (or a date masked already: "Finals Rodeo week, ___")
)
# Independence Day by its ordinal alone, capitalised: "film obtained on the Fourth", "over the Fourth weekend"
THE_FOURTH = re.compile(
    r"\b(?:on|over|after|before|since|around|for|during|until)[ \t]+the[ \t]+Fourth"
    r"(?:[ \t]+(?:weekend|holiday))?(?![\w'’-])(?![ \t]+(?:[A-Z]|of\b|(?i:ventricle|rib|finger|toe|digit|cranial)))"
)
# an event whose kind comes first, with its year after it: "the Festival of Native Arts 2024", "Feast of San
# Gennaro 2023 weekend"
HEAD_FIRST_EVENT = re.compile(
    r"(?<![\w'’-])((?:Festival|Feast|Carnival|Celebration|Gathering|Fair|Parade|Festa|Fiesta)[ \t]+of[ \t]+"
    rf"(?:the[ \t]+)?({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|{_JOIN})){{0,4}})(?:[ \t]+{_WHEN})?)"
    rf",?[ \t]+({_YEAR})(?![\w'’-])"
)
# an event by its edition's ordinal, which tells its year: "the 84th Sturgis Rally", "the 75th annual Peanut Festival"
ORDINAL_EVENT = re.compile(
    rf"(?<![\w'’-])(\d{{1,3}}(?:st|nd|rd|th)(?:[ \t]+(?i:annual))?[ \t]+"
    rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|{_JOIN})){{0,4}}[ \t]+{_HEAD})(?![\w'’-])"
)
# a year and an event's kind alone with its weekend or week: "the 2023 powwow weekend", "2024 rodeo week"
YEAR_KIND_WEEKEND = re.compile(rf"(?<![\w'’-])(?:19|20)\d{{2}}[ \t]+{_HEAD}[ \t]+(?i:weekend|week|night)(?![\w'’-])")
YEAR_THEN_EVENT = re.compile(  # "the 2024 Farm Show", "the 2023 Central Wyoming Fair and Rodeo"
    rf"(?<![\w'’-])((?:19|20)\d{{2}})[ \t]+({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|{_JOIN})){{0,5}}[ \t]+{_HEAD}"
    rf"(?:[ \t]+{_WHEN})?)(?![\w'’-])"
)
_FESTIVAL_HEAD = (
    r"(?:축제|문화제|예술제|단오제|영화제|가요제|국악제|축전|엑스포|박람회|페스티벌|페스타|한마당|큰잔치|향연)"
)
_FESTIVAL_STEM = r"(?:[\uac00-\ud7a3]+[A-Z]{1,3})?[\uac00-\ud7a3]+"  # ("임실N치즈축제": a brand's letter inside)
_DAY_OF_IT = (
    r"(?:[ \t]*(?:행사[ \t]*)?"
    r"(?:첫날|첫째[ \t]*날|둘째[ \t]*날|마지막[ \t]*날|당일|전날|다음[ \t]*날|기간|행사장|행사|"
    r"개막일|폐막일|개막식|폐막식|"
    r"첫[ \t]*주말|주말|첫[ \t]*주|주간|"
    r"장(?=(?:에서|에|의|으로|을|를)?(?![\uac00-\ud7a3]))))"  # its grounds: "탐진강 물축제장에서"
)
HANGUL_FESTIVAL = re.compile(
    # a year before it: "2023 남지 유채축제 첫날", "2024년 ___ 낙화놀이 다음 날", "2023 지용제 행사장"
    # (or its edition: "제35회 거창국제연극제 개막일")
    rf"(?<![\w'’-])((?:19|20)\d{{2}}년?|제[ \t]?\d{{1,3}}[ \t]?회)[ \t]+((?:[\uac00-\ud7a3_]+[ \t]+){{0,2}}"
    rf"(?:{_FESTIVAL_STEM}[ \t]?{_FESTIVAL_HEAD}|[\uac00-\ud7a3]{{2,}}(?:놀이|제))"
    rf"(?![\uac00-\ud7a3]){_DAY_OF_IT}{{0,2}})"
    # the year after it in parentheses, or a day of it: "영암왕인문화축제(2024)", "옥천포도복숭아축제 첫날(2024)"
    # (its name's words apart from the head, the year in brackets after its day: "청도 소싸움 축제 첫째 날(2025)")
    rf"|((?:[\uac00-\ud7a3_]+[ \t]+)?{_FESTIVAL_STEM}[ \t]{_FESTIVAL_HEAD}{_DAY_OF_IT}{{0,2}}[ \t]*\([ \t]*"
    rf"(?:19|20)\d{{2}}년?[ \t]*\))"
    rf"|({_FESTIVAL_STEM}{_FESTIVAL_HEAD}"
    rf"(?:{_DAY_OF_IT}{{0,2}}[ \t]*\([ \t]*(?:19|20)\d{{2}}년?[ \t]*\)|{_DAY_OF_IT}{{1,2}}"
    rf"|[ \t]+(?:19|20)\d{{2}}년?(?!\d){_DAY_OF_IT}{{0,2}}))"  # (its year after it: "영동포도축제 2023 기간")
)
_FESTIVAL_DAY_END = re.compile(r"(?:첫날|마지막[ \t]*날|기간|행사장|주간|주말)$")
_FESTIVAL_WORD = re.compile(rf"{_FESTIVAL_STEM}(?:{_FESTIVAL_HEAD}|놀이|제)(?![\uac00-\ud7a3])")
# a name, its week or weekend and the year: "Southern 500 weekend 2023", "Country Jam week, June 2023" (a date
# masked already after it), whatever the event's kind
NAME_WEEK_THEN_YEAR = re.compile(
    rf"(?<![\w'’-])((?:[A-Z][\w'’-]*|_+)(?:[ \t]+(?:[A-Z][\w'’-]*|\d{{2,4}}|_+|{_JOIN})){{0,4}}"
    rf"[ \t]+(?:(?:opening|closing)[ \t]+)?(?:weekend|week))"  # ("Snowy Range opening weekend 2023")
    rf",?[ \t]+({_YEAR}|_+)(?![\w'’-])"
)
# a season's opening day or weekend with its year, any case: "opening day of deer season 2023", "deer opener
# weekend 2023", "the opening weekend of pheasant season, 2022"; a holiday's weekend with a short year in lower
# case: "memorial day weekend '23"
SEASON_OPENER = re.compile(
    # (the year inside: "opening day of the 2024 dipnet season")
    r"(?i:\b(?:the[ \t]+)?opening[ \t]+(?:day|weekend|morning)[ \t]+of[ \t]+(?:the[ \t]+)?(?:19|20)\d{2}[ \t]+"
    r"(?:[a-z'’-]+[ \t]+){0,2}season\b)"
    r"|(?i:\b(?:(?:the[ \t]+)?opening[ \t]+(?:day|weekend|morning)[ \t]+of[ \t]+(?:the[ \t]+)?"
    r"(?:[a-z'’-]+[ \t]+){0,2}season"
    r"|[a-z'’-]+[ \t]+(?:season[ \t]+)?opener(?:[ \t]+(?:weekend|day|morning))?"
    r"|(?:memorial|labor|labour|independence|veterans|presidents|mlk|columbus|thanksgiving|easter|christmas|"
    r"new[ \t]+year['’]?s?|fourth[ \t]+of[ \t]+july|4th[ \t]+of[ \t]+july)(?:[ \t]+day)?[ \t]+(?:weekend|week|holiday))"
    r",?[ \t]+(?:(?:19|20)\d{2}|['’]\d{2}))(?![\w'’-])"
    # the year before it: "the 2024 walleye opener", "2023 deer opener weekend"
    r"|(?<![\w'’-])(?:19|20)\d{2}[ \t]+(?:[a-z'’-]+[ \t]+){0,2}(?:season[ \t]+)?opener"
    r"(?:[ \t]+(?:weekend|day|morning))?(?![\w'’-])"
)
# an event's name, its year and its kind after it: "the Springtime Tallahassee 2024 parade weekend"
NAME_YEAR_EVENT = re.compile(
    rf"(?<![\w'’-])((?:[A-Z][\w'’-]*|_+)(?:[ \t]+(?:[A-Z][\w'’-]*|_+)){{0,3}})[ \t]+((?:19|20)\d{{2}})[ \t]+"
    rf"(?:{_HEAD}|(?i:parade))(?:[ \t]+{_WHEN})?(?![\w'’-])"
)
# a year, a name and its weekend: "the 2023 Guelaguetza weekend" (a name's words, or words no list has: not
# "2022 Chest CT week")
YEAR_NAMED_WEEK = re.compile(
    r"(?<![\w'’-])((?:19|20)\d{2})[ \t]+((?:[A-Z][\w'’-]*[ \t]+){1,3}(?:weekend|week|Weekend|Week))(?![\w'’-])"
)
# a school's or a town's day in lower case before a masked date: "until commencement weekend, ___"
_SCHOOL_DAY_BEFORE = re.compile(
    # (or a day of a masked event: "on the Saturday of ___ ___")
    r"(?i:\b(?:the[ \t]+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day[ \t]+of[ \t]+(?:the[ \t]+)?(?=_))"
    r"|(?i:\b(?:commencement|graduation|homecoming|prom|reunion|orientation|move-in)"
    r"(?:[ \t]+(?:weekend|week|day|night))?),?[ \t]+(?=_)"
)
_YEAR_AFTER_RUN = re.compile(rf"[ \t]+((?:{_WHEN}[ \t]+)?(?:19|20)\d{{2}})(?![\w'’-])")


def _named(words: str) -> bool:
    """An event's name: a word that is no function word and no report word (not "Chest Show")."""
    return any(
        w.startswith("_") or w.lower() not in STOP and word_class(w) != CLINICAL
        for w in re.findall(r"[\w'’.&-]+", words)[:-1]
    )


def event_dates(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """Mask a named event with its year (module docstring)."""
    if "_" in text or re.search(r"(?:19|20)\d{2}|['’]\d{2}", text):
        for m in EVENT_THEN_YEAR.finditer(text):
            if m.group(2).startswith("_") and ends.get(m.end()) != "date":
                continue  # (a run masked as a name or a place is no year)
            if _named(m.group(1)):
                mask(m.start(), m.end(), "date")
        for m in HEAD_FIRST_EVENT.finditer(text) if "of " in text else ():
            if _named(m.group(2) + " x"):  # (every word of the name counts: none is the kind)
                mask(m.start(), m.end(), "date")
        for m in YEAR_KIND_WEEKEND.finditer(text) if "eek" in text or "ight" in text else ():
            mask(m.start(), m.end(), "date")
        for m in YEAR_THEN_EVENT.finditer(text):
            if _named(m.group(2)):
                mask(m.start(), m.end(), "date")
        for m in SEASON_OPENER.finditer(text) if "pen" in text or "eek" in text or "oliday" in text else ():
            mask(m.start(), m.end(), "date")
        for m in NAME_YEAR_EVENT.finditer(text):
            words = [w for w in m.group(1).split() if not w.startswith("_")]
            if all(w.lower() not in STOP and word_class(w) != CLINICAL for w in words):
                mask(m.start(), m.end(), "date")
        for m in NAME_WEEK_THEN_YEAR.finditer(text) if "eek" in text else ():
            if m.group(2).startswith("_") and ends.get(m.end()) != "date":
                continue
            words = [w for w in m.group(1).split()[:-1] if not w.startswith("_") and not w.isdigit()]
            words = [w for w in words if w not in ("opening", "closing")]
            words = [w for w in words if not re.fullmatch(_JOIN, w)]  # "Barbecue on the River weekend 2023"
            if words and all(w.lower() not in STOP and word_class(w) != CLINICAL for w in words):
                mask(m.start(), m.end(), "date")
        for m in YEAR_NAMED_WEEK.finditer(text) if "eek" in text else ():
            if all(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) for w in m.group(2).split()[:-1]):
                mask(m.start(), m.end(), "date")
    for m in THE_FOURTH.finditer(text) if "Fourth" in text else ():
        mask(m.start() + m.group(0).index("the"), m.end(), "date")
    for m in ORDINAL_EVENT.finditer(text) if "th " in text or "st " in text or "nd " in text or "rd " in text else ():
        words = m.group(1).split()[1:]
        if _named(" ".join(w for w in words if w.lower() != "annual")):
            mask(m.start(), m.end(), "date")
    for m in HANGUL_FESTIVAL.finditer(text):
        if m.group(2):
            word = _FESTIVAL_WORD.search(m.group(2))
            if (
                word
                and not re.search(_FESTIVAL_HEAD + "$", word.group(0))
                and (word.group(0) in KOREAN_CLINICAL or known_korean_word(word.group(0)))
                and not (word.group(0).endswith("제") and _FESTIVAL_DAY_END.search(m.group(2)))
            ):
                continue  # "2019 조영제 과민반응", "2023 물놀이 중": a word of the language, no festival's name
                # (but "2023 연극제 기간": a festival's word and its days)
        mask(m.start(), m.end(), "date")


def years_after_events(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """A year right after a run masked as a name or a place (module docstring)."""
    if "_" not in text:
        return
    for _, e, _ in masked_runs(text, ends, ("name", "place"), whole=True):
        m = _YEAR_AFTER_RUN.match(text, e)
        if m:
            mask(m.start(1), m.end(1), "date")
    for s, _, _ in masked_runs(text, ends, ("date",)):
        m = ending_at(_SCHOOL_DAY_BEFORE, text, s, 40)
        if m:
            mask(m.start(), m.end(), "date")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
