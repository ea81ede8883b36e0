"""The PHI screen's completion pass: the parts of an identifier left in clear beside what the screen masked.

It runs last in a window, after the rules and the learned voter (``phi_voter``), on every masked run whatever
pass masked it, so that a name the voter found gets the same edges as one a rule found. A masked run is widened
over what, beside a masked identifier, belongs to it and says something of whom it is about:

* digits glued to it ("___.1418234561.771", "___3"): the rest of a UID, an id, a date or a house number;
* name particles before a masked name, and the given name before them ("maria del ___", "mister de la ___");
  a generational suffix after it ("___ jr.", "___, III"); an alias in parentheses or quotes whose words are
  names ("___ (robert jr)", '___ "Bud"');
* in dictation, a spoken hyphen and the name part it joins ("___ hyphen brown", "mcgowan dash ___");
* the head word of a place or an institution after a masked name ("___ county", "___ Heights",
  "___ Petrochemical", "___ Fellowship"), and spoken house numbers before a masked street ("one one four two
  ___");
* the weekday of a masked date ("Friday, the ___", "___ (Tue)", "___ (화)"), and a Korean period of a month
  after it ("___ 중순", "___ 초");
* a Korean given name after a masked surname ("___ 은지", where "황보" was masked alone).

Widening a run never alters text the screen left whole: a clinical sentence with no mask is untouched, and one
already masked is already counted as altered. Cost: a few anchored matches per masked run.
Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_adjoining import adjoining
from megacxr.shards.phi_context import romanised_given, romanised_surname
from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    EPONYM_COMPOUNDS,
    HANGUL_GIVEN,
    HANGUL_SURNAMES,
    KOREAN_CLINICAL,
    NAME,
    RADIOLOGY,
    ROMANISED,
    UNKNOWN,
    WORD,
    is_first_name,
    is_last_name,
    is_nickname,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import FOREIGN_GIVEN_HANGUL, STOP, common_korean_word, eponym_after, korean_word_zipf
from megacxr.shards.phi_patterns import KIN_HINT, SPOKEN_YEAR
from megacxr.shards.phi_places import INSTITUTION_HEADS, gazetteer, korean_districts
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_surroundings import surroundings
from megacxr.shards.phi_towns import towns

__all__ = ["complete", "complete_korean"]

Mask = Callable[[int, int, str], None]

_RUN = re.compile(r"_+")
_GLUED_AFTER = re.compile(r"(?:[.\-/:]?\d+)+(?![A-Za-z])")
_GLUED_BEFORE = re.compile(r"(?<![\w.\-/:])\d+(?:[.\-/:]\d+)*[.\-/:]?$")
_PARTICLES = (
    r"(?:de|del|della|delle|dei|degli|di|da|das|dos|du|des|la|le|los|las|van|von|der|den|ten|ter|bin|ibn|bint|al|el|"
    r"ap|ab|abu|ben|wa|binti|ould|st\.?|san|santa)"
)
_PARTICLES_BEFORE = re.compile(rf"(?<![\w'’.-])((?i:{_PARTICLES}[ \t]+)+)$")
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Za-z][a-z'’-]+|[A-Z][A-Z'’-]+)[ \t]+$")
_SUFFIX_AFTER = re.compile(r"[ \t]*,?[ \t]*((?i:jr|sr|ii|iii|iv)\b\.?)")
_ALIAS_AFTER = re.compile(r"[ \t]*[(\"“‘]([A-Za-z][A-Za-z'’.-]*(?:[ \t]+[A-Za-z][A-Za-z'’.-]*){0,2})[)\"”’]")
_SUFFIX_WORDS = frozenset("jr jr. sr sr. ii iii iv".split())
_SPOKEN_HYPHEN_AFTER = re.compile(r"[ \t]+(?:hyphen|dash)[ \t]+([a-z][a-z'’]+)")
_SPOKEN_HYPHEN_BEFORE = re.compile(r"(?<![\w'’-])([a-z][a-z'’]+)[ \t]+(?:hyphen|dash)[ \t]+$")
_PLACE_HEADS = (
    "county|co|cnty|parish|borough|township|twp|park|heights|hills|beach|falls|springs|hook|station|church|chapel|"
    "fellowship|mine|mines|mill|mills|plant|ferry|valley|village|city|harbor|harbour|bay|island|lake|creek|ridge|"
    "shores|point|landing|junction|terrace|gardens|estates|manor|commons|crossing|pines|woods|grove|house|hall|lodge|"
    "dorm|dormitory|barns?|stables|neighbou?rhood|quad|campus|overlook|trailhead|dam|canyon|market|armory|fair|"
    "fairgrounds|co-?op|apartments|housing|community|settlement|homestead|colony|rancheria|shelter|"
    # a workplace or a service of the place: "___ Fire Rescue", "___ Wind Project", "___ Feed Yard"
    "rescue|department|dept|project|refinery|terminal|depot|warehouse|yard|farms?|ranch|dairy|orchards?|"
    "vineyards?|winery|cannery|sawmill|quarry|feedlot|elevator|gin|"
    # a school, a farm or a temple of the place: "___ elementary", "___ stud", "___ poultry"
    "elementary|academy|preschool|daycare|stud|poultry|temple|mosque|gurdwara|synagogue|post-acute|"
    # a landmark, a river's bottom land or a lodging of the place: "the ___ statue", "the ___ bottom", "___ motel"
    "statue|monument|mural|fountain|bottoms?|motel|marina|pier|wharf|campground|lighthouse|field|oilfield|"
    "boat[ \t]+harbou?r|small[ \t]+boat[ \t]+harbou?r"
)
_HEAD_AFTER = re.compile(  # "___ Heights", "___ county", "___ Recreation Fields", "___ Dialysis Unit"
    rf"[ \t]+((?:(?:[A-Z][a-z'’]+|[A-Z]{{2,5}})[ \t]+){{0,2}}"  # (an acronym too: "___ TB CLINIC")
    rf"(?:(?i:{_PLACE_HEADS})|{INSTITUTION_HEADS}|Unit|Fields?|Quad|Hall|House|"
    # a region's kind, capitalised: "___ State" (Rakhine State, Lagos State), "___ Province", "___ Inlet"
    r"State|Province|Region|Division|District|Oblast|Prefecture|Governorate|Inlet|Sound|Narrows|Lagoon))"
    rf"(?![\w'’-])"
)
# a place's own organisation or a street's kind after its masked name: "괴산군 청천면 농협", "모항리 어촌계",
# "tchoupitoulas st" (the words belong to the secret: a co-op of one village names it)
_ORGANISATION_AFTER = re.compile(
    r"[ \t]*(농협|수협|축협|어촌계|산림조합|새마을금고|신협|부녀회|노인회|마을회관|경로당|영농조합|작목반|"
    # its market or a military unit's own medical post: "구례읍 5일시장", "___ 의무대" (제6여단 의무대)
    r"\d일장|\d일시장|오일장|전통시장|풍물시장|재래시장|의무대|의무실|본부)"
    r"(?=(?:에서|에게|으로|에|의|은|는|이|가|을|를|와|과|도|로)?(?![\uac00-\ud7a3]))"  # "___ 경로당에서"
)
_CORNER_BEFORE = re.compile(
    r"(?i:corner[ \t]+of|intersection[ \t]+of|corners[ \t]+of)[ \t]+([A-Z][A-Za-z'’]+(?:[ \t][A-Z][A-Za-z'’]+)?)"
    r"[ \t]+(?:and|&|/)[ \t]+$"
)
_CROSS_STREET_AFTER = re.compile(r"[ \t]*(?:/|&)[ \t]*([A-Z][a-z'’]+(?:[ \t]+(?:St|Ave|Rd|Blvd)\b\.?)?)(?![\w'’-])")
_STREET_KIND_AFTER = re.compile(r"[ \t]+((?i:st|ave|blvd|rd|ln|hwy|pkwy|street|avenue|road|lane|drive|way)\b\.?)")
_ON_BEFORE = re.compile(r"\b(?i:on|off)[ \t]+(?:_+[ \t]+){0,2}$")  # ("on ___ ___ Drive": "Harry L" masked)
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z][a-z'’-]+)(?![\w'’-])")
_AREA_CODE_BEFORE = re.compile(r"(?<![\w)])((?:\+?\d{1,3}[ \t]*)?\(\d{2,4}\)[ \t]*)$")
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
_DIGIT_WORDS = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPOKEN_DIGITS_BEFORE = re.compile(rf"(?<![\w'’-])((?:{_DIGIT_WORDS}[ \t]+){{2,}})$")
_WEEKDAY = r"(?:mon|tues?|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?"
_WEEKDAY_BEFORE = re.compile(rf"(?<![\w'’-])((?i:{_WEEKDAY}),?[ \t]+(?:(?i:the)[ \t]+)?)$")
_MONTH_WORD = re.compile(
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december)\.?"
)
_DAY_NUMBER_BEFORE = re.compile(r"(?<![\w./-])((?:[12]\d|3[01]|0?[1-9])[ \t]+)$")
_SHORT_YEAR_AFTER = re.compile(r"[ \t]+('?\d{2}|(?:19|20)\d{2})(?![\w./:-])")
_WEEKDAY_AFTER = re.compile(
    rf"[ \t]*(?:,[ \t]*|\([ \t]*)((?i:{_WEEKDAY}))(?![\w'’-])\)?|[ \t]*(\([월화수목금토일](?:요일)?\))"
)
_KOREAN_PERIOD_AFTER = re.compile(  # "___ 중순", "___ 둘째 주에": a part of a masked month
    r"[ \t]*((?:초순|중순|하순|초|말|경|(?:첫째|첫|둘째|셋째|넷째|다섯째|마지막)[ \t]*주(?:차)?)"
    r"(?=[^\uac00-\ud7a3]|$|에|부터|까지|의|쯤|경))"
)
_HANGUL_GIVEN_AFTER = re.compile(r"[ \t]+([\uac00-\ud7a3]{1,2})(?![\uac00-\ud7a3])")
_STOP = frozenset("and or with at in on of to from for by near the a an 및 와 과 에서 근처".split())
_NOT_GIVEN = frozenset(
    "님 씨 군 양 등 외 및 의 환자 보호자 교수 선생 과장 원장 님께 선생님 간호사 기사 전공의 "
    "선수 감독 코치 통역사 스님 스님께서 스님이 스님의 수녀 수녀님 신부 신부님 목사 목사님 "
    "전도사 장로 집사 권사".split()
)
_TITLES = frozenset("dr mr mrs ms mx mister miss prof doctor nurse sister father pastor rev per by with to or".split())

_DIRECTION_BEFORE = re.compile(  # "Southeast ___", "downtown ___": a part of a masked town
    r"(?<![\w'’-])((?i:north|south|east|west|northeast|northwest|southeast|southwest|central|downtown|upper|lower|"
    r"inner|greater|old)[ \t]+)$"
)
_WRAPPED_REST = re.compile(r"[ \t]*\n[ \t]*([a-z]{2,})(?![\w'’-])")  # "Whitting-\nton": a name cut at its hyphen
_CREDENTIAL_AFTER = re.compile(  # "___ her, md": the surname before a credential
    r"[ \t]+([A-Za-z][a-z'’-]+)(?=(?:,[ \t]*|[ \t]+)(?i:md|do|rn|np|pa-c|pa|phd|dds|dmd|crna|lpn|aprn|fnp)\b)"
)
_OF_TOWN_AFTER = re.compile(  # "the ___ of tacoma": the town, then the clause's end or the next sentence's capital
    r"[ \t]+(?i:of|in)[ \t]+([A-Za-z][A-Za-z'’.-]+(?:[ \t]+[A-Za-z][A-Za-z'’.-]+)?)"
    r"(?=[ \t]*(?:[,.;)\n]|$)|[ \t]+[A-Z])"
)
_NUMBER_AFTER_NAME = re.compile(
    r"[ \t]*[,(][ \t]*(?:(?i:id|badge|employee|interpreter|operator|emp)\.?[ \t]*)?(?:#|no\.)[ \t]*(\d{3,8})(?![\d.])"
)
_DOUBLE_SURNAME_AFTER = re.compile(r"[ \t]+([A-Z][A-Za-z'’]+(?:-[A-Z][A-Za-z'’]+)+)(?![\w'’-])")


def _double_surname(word: str) -> bool:
    """A double-barrelled surname after a given name: every part capitalised, the first a name or no word at all,
    not a listed eponym ("Tsosie-Watchman", "Greenleaf-Swan", "HARVEY-DODGE"; not "Swan-Ganz", "Follow-Up")."""
    parts = word.split("-")
    return (
        len(parts) == 2
        and word.lower() not in EPONYM_COMPOUNDS | RADIOLOGY
        and (
            word_class(parts[0]) in (NAME, AMBIGUOUS, UNKNOWN)  # (a later part may be a device's: "Watchman")
            # in capitals a word's part may open it when a name closes it: "EAGLE-MOUSSEAU"
            or word.isupper()
            and word_class(parts[0]) == WORD
            and word_class(parts[1]) in (NAME, UNKNOWN)
        )
        and not any(p.lower() in _TITLES for p in parts)
    )


_JOINS = frozenset("and or nor with w by to per from for the of at via cc plus".split())
_BETWEEN = re.compile(r"[ \t]*,?[ \t]*((?:[^\W\d_][\w'’-]*\.?[ \t]+){1,2})(?=_)")  # "___ jean ___", "___, 기숙사 ___"
_ALNUM_BEFORE = re.compile(r"(?<![\w-])((?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,6})[ \t]+$")  # "W2Y ___"
_KOREAN_DATE_BEFORE = re.compile(
    r"(?<![\uac00-\ud7a3])((?:작년|재작년|지난해|올해|금년|내년|지난|올|음력|양력)[ \t]*)$"
)
_KOREAN_DATE_AFTER = re.compile(r"[ \t]*((?:다음[ \t]*날|전날|당일|연휴|무렵|즈음|전후)(?![\uac00-\ud7a3]))")
_HANGUL_PARTS_AFTER = re.compile(  # "___ 티 마이)": the rest of a name written in spaced syllables
    r"((?:[ \t][\uac00-\ud7a3]{1,2}){1,3})(?=[ \t]*(?:[)/|,]|$)|[ \t]{2,})", re.M
)

_SURNAME_BEFORE_SUFFIX = re.compile(r"[ \t]+([A-Za-z][a-z'’-]+)(?=[ \t]*,?[ \t]*(?i:jr|sr|ii|iii|iv)\b)")
_LISTED_SURNAME_AFTER = re.compile(
    r"[ \t]+([a-z][a-z'’-]{2,})(?=[ \t]*(?:$|[,;.)&]|[ \t]+(?:in|at|and|on|for|from|re)\b))"
)
_QUOTED_ALIAS_SURNAME = re.compile(r"[ \t]*[\"“‘']([A-Z][a-z'’]+)[\"”’'][ \t]+([A-Z][A-Za-z'’-]+)(?![\w'’-])")
_COUNTY_AFTER = re.compile(r",[ \t]*([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?[ \t]+(?:County|Parish|Borough))\b")
_PARTICLE_SURNAME_AFTER = re.compile(
    r"[ \t]+((?i:al|el|bin|ibn|abu|abd|ben|bint|ould)-[A-Za-z][a-z'’]+(?:-[A-Za-z][a-z'’]+)?)(?![\w'’-])"
)
_FOREIGN_GIVEN_BEFORE = re.compile(rf"(?<![\uac00-\ud7a3])(?:{FOREIGN_GIVEN_HANGUL})[ \t]+$")  # "마리아 ___"
_KOREAN_BRANCH_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])(육군|해군|공군|해병대|주한미군)[ \t]*$")
_KOREAN_LANDMARK_AFTER = re.compile(
    r"[ \t]*(생가|기념관|문학관|기념공원|묘역|고택|기념비)(?=[에의로을를은는이가과와]|[^\uac00-\ud7a3]|$)"
)
_LIST_SURNAME_INITIAL_AFTER = re.compile(r"[ \t]*;[ \t]*(([A-Z][A-Za-z'’-]+),[ \t]*[A-Z]\.?)(?=[ \t]*(?:[;\n]|$))")
_BIRTH_YEAR_AFTER = re.compile(r"[ \t]*\((?:b\.?[ \t]*)?((?:19|20)\d{2})(?:년생|년|생)?\)")
_HYPHEN_GIVEN_AFTER = re.compile(r"[ \t]*,[ \t]*([A-Za-z]{1,7}-[A-Za-z]{1,7})(?![\w'’-])")
# a middle initial (with its period, or a letter that is no English word) and a surname after a masked given name
_INITIAL_SURNAME_AFTER = re.compile(
    r"[ \t]+([A-Za-z]\.[ \t]*|[B-HJ-Zb-hj-z][ \t]+)([A-Za-z][a-z'’]+(?:-[A-Za-z][a-z'’]+)*)(?![\w'’.-]\w)"
)
_STAR_PARTS_AFTER = re.compile(r"(?:\*[A-Z0-9]{1,8})+(?![\w*])")
_STAR_PARTS_BEFORE = re.compile(r"(?<![\w*])((?:[A-Z0-9]{1,8}\*)+)$")
_GROUPED_ID = re.compile(r"[0-9A-Z]+(?:[ \t][0-9A-Z]+)+")
_GROUP_AFTER = re.compile(r"[ \t](\d{1,4})(?=[ \t]*(?:$|\n|[,;)]|\.(?!\d)))")
_GROUPS_BEFORE = re.compile(r"(?<![\w.,:/-])((?:[0-9A-Z]{1,4}[ \t])+)$")
_SURNAME_COMMA_BEFORE = re.compile(r"(?<![\w'’-])([A-Za-z]{2,8})[ \t]*,?[ \t]*$")  # "kim, ___", "oh ___"
_DISTRICT_NOTE_AFTER = re.compile(r"[ \t]*\([ \t]*(?:자택|집|휴대폰|직장)?[ \t,]*([\uac00-\ud7a3]{2,4})[ \t]*\)")
_PHONE_NOTE_AFTER = re.compile(  # "___ (home, Lubec)", "___ (son's office, Window Rock)": a phone's kind and town
    r"[ \t]*\([ \t]*(?:(?i:son|daughter|wife|husband|mother|father|sister|brother|niece|nephew)['’]s[ \t]+)?"
    r"(?i:home|cell|mobile|work|office|landline|house|h|c|w|m)[ \t]*[,;:][ \t]*"
    # (a workplace's kind after its name: "(work, Jeep plant gate)")
    r"(?:(?i:in|at|near)[ \t]+)?([A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,2}(?:[ \t]+[a-z]+){0,2})[ \t]*\)"
)
_PHONE_NOTE_BEFORE = re.compile(  # "Home phone (Windsor): ___": the town a number rings in, noted on its label
    r"(?i:phone|tel|cell|mobile|fax|number|no\.|#)[ \t]*\([ \t]*([A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,2})"
    r"[ \t]*\)[ \t]*[:#=-]?[ \t]*$"
)
_PHONE_KINDS = frozenset("home cell mobile work office landline house main alt alternate daytime fax pager".split())
_NOT_A_PLACE_NOTE = frozenset(
    "spanish english preferred primary only voicemail evenings days nights weekends ok".split()
)
_LOGIN_AFTER = re.compile(r"[ \t]*\(([a-z]{2,12}\d{1,6})\)")  # "___(rad0231)": the person's login
_INITIALS_AFTER = re.compile(r"/([a-z]{2,4})(?![\w'’-])")  # "___/dmt": the second typist's initials
_INSTITUTION_BEFORE = re.compile(  # "la clinica ___", "Hospital de ___": a Spanish institution's head
    r"(?<![\w'’-])((?i:(?:la|el|los|las)[ \t]+)?(?i:cl[ií]nica|hospital|centro(?:[ \t]+de[ \t]+salud)?|sanatorio|"
    r"consultorio|farmacia|escuela|colegio|parroquia|iglesia)[ \t]+(?i:(?:de(?:l|[ \t]+la|[ \t]+los|[ \t]+las)?|"
    r"san|santa|nuestra[ \t]+se[nñ]ora[ \t]+de)[ \t]+)?)$"
)

_NUMBERED_AFTER = re.compile(  # "___ No. 4 mine", "___ block 330": the rest of a mine's or a lease's name
    r"(?:\.?[ \t]*(?:No\.?|#)?[ \t]*\d{1,3}[A-Z]?[ \t]+(?i:mine|shaft|pit|colliery)"
    r"|[ \t]+(?i:block|lease|pad)[ \t]+\d{1,5}"
    # "___ 673블록", "___ 3다 215블록": a block of an industrial park, and its lot's letter
    r"|(?:[\uac00-\ud7a3](?=[ \t]+\d))?[ \t]*(?:\d{1,4}[ \t]?)?(?:블록|블럭)"
    r"(?=[^\uac00-\ud7a3A-Za-z]|$|[에의은는이가을를로서과와도]))"
    r"(?![\w'’-])"
)

_KIND_WORDS_AFTER = re.compile(  # "___ refugee health clinic", "___ men's shelter", "___'s catholic church"
    r"(?:['’]s)?[ \t]+(((?:[A-Za-z][a-z'’-]+[ \t]+|[A-Z]{2,4}[ \t]+){0,3})"  # ("___ health district TB clinic")
    r"(?i:clinic|center|centre|shelter|plant|mill|hospital|school|"
    r"church|hall|home|facility|office|grocery|store|restaurant|motel|hotel|marker|ranch|farm|dairy|camp|fellowship|"
    r"ministry|"
    # work sites: "___ port of entry", "___ elevator", "___ feedlot", "___ yard"
    r"port[ \t]+of[ \t]+entry|border[ \t]+crossing|checkpoint|elevator|feedlot|yard|shipyard|refinery|terminal|"
    r"warehouse|site|rig|pad|lease|compressor[ \t]+station|gin|co-?op|cannery|packing[ \t]+house|mine|"
    # where people live, gather and work: "___ encampment", "___ tiny house village", "___ town dock"
    r"encampment|village|shed|house|base|casino|bottoms|dam|high-rise|dock|docks|chapter|lodge|cabins?|barracks|"
    r"quarters|apartments|marina|landing|mission|temple|mosque|synagogue|gurdwara|wat|cemetery|campground|"
    r"trailer[ \t]+court|trailer[ \t]+park|courts|homes|place|plaza|towers|manor|estates|commons|ward|chapel|"
    r"parish|congregation|quarry|pier|wharf|cannery|orchard|vineyard|winery|plantation|mall|market|diner|bar|"
    r"tavern|saloon|laundromat|depot|garage|hangar|sale[ \t]+barn|spa|salon|senior[ \t]+(?:residence|apts?|apartments)|"
    r"truck[ \t]+stop|adult[ \t]+day[ \t]+(?:program|center|care)|day[ \t]+program|freight[ \t]+lines|"
    r"assisted[ \t]+living|"
    # clubs, granges and their numbers, pits, reservations, a cooperative's branch: "___ Hunting Club", "___ Grange
    # No. 391", "___ pit", "___ reservation", "___ branch"
    r"club|grange|pit|reservation|rancheria|colony|branch|institution|penitentiary|prison|jail|nation|tribe|"
    # charities and stops: "___ parish food pantry", "___ soup kitchen", "___ Blue Line station"
    r"pantry|food[ \t]+bank|soup[ \t]+kitchen|kitchen|thrift[ \t]+(?:store|shop)|shop|station|platform|"
    r"cooperative|co-operative)"
    r"(?:[ \t]+(?i:no\.?|#)[ \t]*\d{1,4})?)"
    r"(?![\w'’-])"
)
_CAPITAL_DIRECTION_BEFORE = re.compile(  # "North ___", "CENTRAL ___" (of "CENTRAL FALLS"), "Great ___", "Fort ___"
    r"(?<![\w'’-])((?:North|South|East|West|Upper|Lower|Old|New|Central|Great|Little|"
    r"NORTH|SOUTH|EAST|WEST|UPPER|LOWER|OLD|NEW|CENTRAL|GREAT|LITTLE)[ \t]+)$"
)
_DAY_AFTER = re.compile(r"[ \t]+((?i:day|eve|weekend|morning|night|holiday|parade))(?![\w'’-])")  # "___ day"
_PHONE_REST_AFTER = re.compile(  # "___ 4455", "___ pin 4417", "___, callback pin 4412"
    r"(?:[ \t]+|,[ \t]*(?i:callback|call[ \t]?back|cb)?[ \t]*(?=(?i:pin|code|ext|x|opt|option)\b))"
    r"(\d{2,4}|(?i:pin|code|ext|x|opt|option)[ \t.#:]*\d{1,6})"  # ("___ x4 (ask for ...)", "___ opt 3")
    r"(?=[ \t]*(?:$|[,;.)(\n]|[ \t]+(?i:ext|x|or|and|cell|home|work)\b))"
)
_PHONE_LINE_AFTER = re.compile(r"[ \t]+(\d{4})(?![\d.,:/-]|[ \t]*(?i:mm|cm|ml|mg|cc|units?|%|kg|lbs?))")
_STATE_ZIP_AFTER = re.compile(  # the state's code stays (a state identifies no one), the zip goes
    r"[ \t]*,?[ \t]*(?i:al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|"
    r"ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|dc|pr)\.?[ \t]+(\d{5}(?:-\d{4})?)(?![\d.,:/-])"
)
_MOVED_BEFORE = re.compile(
    r"(?i:moved|emigrated|immigrated|migrated|relocated|came|arrived|resettled)[ \t]+(?:to|in)[ \t]+$"
)
_MOVE_YEAR_AFTER = re.compile(r"[ \t]*,?[ \t]+(?:(?i:in)[ \t]+)?((?:19|20)\d{2})(?![\d.,:/-]\d)")
_LOWER_PAREN_PLACE_AFTER = re.compile(r"[ \t]*\(([a-z][a-z'’-]{2,}|[A-Z][a-z'’-]{2,})\)")  # "(westwood)", "(Pikeville)"
_LOWER_PLACE_AFTER_COMMA = re.compile(  # in lower case, after a masked place: a town, an area, islands
    r"[ \t]*,[ \t]*([a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+)?)"
    r"((?:[ \t]+(?:area|side|valley|island|islands|county|region|district|neighbou?rhood))?)(?=[ \t]*(?:[;.,)\n-]|$))"
)
_LOWER_TOWN_AFTER_COMMA = re.compile(r"[ \t]*,[ \t]*([a-z][a-z'’-]+)(?=[ \t]*(?:[;.,)\n]|$))")
_YEAR_AFTER = re.compile(r"[ \t]*,[ \t]*((?:19|20)\d{2})(?!\d|[.,:/-]\d|[ \t]*(?i:mm|cm|ml|mg|cc|units?|%))")
# a year read out beside a masked date: "born nineteen fifty-two, september thirtieth", "___, nineteen forty"
_SPOKEN_YEAR_BEFORE = re.compile(rf"(?<![\w'’-])({SPOKEN_YEAR})[ \t]*,?[ \t]*(?:(?i:on|the|on[ \t]+the)[ \t]+)?$")
_SPOKEN_YEAR_AFTER = re.compile(rf"[ \t]*,?[ \t]*({SPOKEN_YEAR})(?![\w'’-])")
_ZIP_AFTER = re.compile(r"[ \t]*,?[ \t]+(\d{5}(?:-\d{4})?)(?![\d.,:/-]|[ \t]*(?i:mm|cm|ml|mg|cc|units?|%))")
_BOX_BEFORE = re.compile(r"(?<![\w'’-])((?i:box|bx)[ \t]*#?[ \t]*\d{1,6}),?[ \t]*$")
_NUMBER_AFTER_KIND = re.compile(r"[ \t]*#?[ \t]*(\d{1,5}[A-Z]?)(?![\w'’-]|\.\d)")
_NUMBERED_KINDS = frozenset("rig pad platform well camp mine shaft berth pier dock lot unit yard terminal".split())
# the numbered parts of a place after it: a milepost without its "marker" after a masked road ("___ mile 188", "___,
# at mile 42.5") and a Korean site's numbered berth, plant or building ("___ 제5부두", "___ 3공장", "___ 2선석")
_MILE_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:(?i:at|near|by|past)[ \t]+)?((?i:mile|mi\.|milepost|mp|km)[ \t]*\d{1,4}(?:\.\d{1,2})?)"
    r"(?!\w|\.\d|[ \t]*(?i:mi|km|from|away|north|south|east|west|out)\b)"  # (not "3 mi from ___": a distance)
)
_KOREAN_NUMBERED_PART_AFTER = re.compile(
    r"[ \t]*(제?[ \t]?\d{1,3}[ \t]?(?:부두|선석|공장|사업장|도크|독|야드|창고|게이트|라인|호기|번[ \t]?게이트))"
    r"(?=[^\uac00-\ud7a3]|$|[에의은는이가을를로서과와도])"
)
# a staff member's number after their masked name: "interpreter ___ #4418", "RT ___ (ID 20931)"
_STAFF_NUMBER_AFTER = re.compile(
    r"[ \t]*\(?[ \t]*((?:#|(?i:id|badge|emp(?:loyee)?)[ \t]*(?:#|no\.?|:)?)[ \t]*\d{3,7})"
    r"(?![\w.-]|[ \t]*(?i:mm|cm|ml|mg|units?|%)\b)"
)
# a ship's hull number after its masked name ("___ (CVN 69)", "___, DDG 87") and its navy's prefix before it
# ("USS ___"): the ship a sailor serves on is a workplace as small as a town's plant
_HULL_CODES = (
    r"(?:CVN|CV|DDG|DD|CG|FFG|LHD|LHA|LPD|LSD|LCS|SSN|SSBN|SSGN|ESB|T-AH|T-AKR|T-AO|AOE|WMSL|WMEC|WHEC|WLB|WPB)"
)
_HULL_AFTER = re.compile(rf"[ \t]*,?[ \t]*\(?({_HULL_CODES}[ \t-]?\d{{1,4}})(?![\w-]|\.\d)")
_HULL_CODE = re.compile(_HULL_CODES)
# a region's hyphenated name ("Mid-South", "Tri-County"): a place or a practice's name, never a person's
# an institution named for what it is for: "Texas Center for Infectious Disease", "Institute for Lung Health"
_FOR_HEAD = re.compile(r"(?:Center|Centre|Institute|Foundation|Society|Hospital|Home|Alliance|Coalition)$")
_FOR_REST_AFTER = re.compile(
    r"[ \t]+(for[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z'’-]+)(?:[ \t]+(?:and[ \t]+|&[ \t]+)?[A-Z][a-z'’-]+){0,3}))(?![\w'’-])"
)
_REGION = r"(?:Mid|Tri|Inter|Upper|Lower|Greater|North|South|East|West|Central)-"
_REGION_NAME = re.compile(_REGION + r"[A-Z][a-z]+")
_REGION_PREFIX_BEFORE = re.compile(r"(?<![\w'’-])(" + _REGION + r")$")
_HULL_NUMBER_AFTER = re.compile(r"[ \t-]?(\d{1,4})(?![\w-]|\.\d)")  # "___ 87" where the voter took "DDG" alone
_VESSEL_PREFIX_BEFORE = re.compile(r"(?<![\w/])(USS|USNS|USCGC|HMS|HMCS|HMAS|HMNZS)[ \t]+$")
# a practice named by its town and its specialty: "___ Pulmonology", "___ Family Medicine Associates" (after a masked
# place, the specialty is the practice's name, not the service of the report)
_SPECIALTY_AFTER = re.compile(
    r"[ \t]+((?:Family|Internal|Occupational|Sports|Travel)[ \t]+Medicine|Pulmonology|Pulmonary|Cardiology|Oncology|"
    r"Orthopa?edics|Pediatrics|Paediatrics|Radiology|Imaging|Urgent[ \t]+Care|Primary[ \t]+Care|Surgical|"
    r"Dialysis|Rehab|Rehabilitation|Occupational[ \t]+Health|Chest[ \t]+(?:Clinic|Associates)|"
    r"Lung[ \t]+(?:Center|Associates)|"
    r"Medical[ \t]+Group|Medical[ \t]+Associates|Physicians|Associates|Pulm|Cardio|Ortho|Onc|Peds)"
    r"((?:[ \t]+(?:Associates|Group|Clinic|Center|Centre|PC|P\.C\.|PLLC|LLC|PA|P\.A\.))?)(?![\w'’-])"
)
_BOX_AFTER = re.compile(r"[ \t]*,?[ \t]*((?i:box|bx)[ \t]*#?[ \t]*\d{1,6})(?!\d)")  # "Rural Route 2, Box 118"
_LOWER_GIVEN_AFTER = re.compile(  # "___, anthony j", "___, jacob   ref:" (a field's gap ends it too)
    r",[ \t]*([a-z][a-z'’-]+(?:[ \t]+[a-z]\.?)?)(?=[ \t]*(?:$|[\n;,.(])|[ \t]{2,})", re.M
)
_LOWER_GIVEN_BEFORE = re.compile(r"(?<![\w'’.-])([a-z][a-z'’-]+)[ \t]+$")  # "jim ___": a typed given name
# "sanjay k ___": a typed given name and a middle initial before a masked surname
_LOWER_GIVEN_INITIAL_BEFORE = re.compile(r"(?<![\w'’.-])([a-z][a-z'’-]+)[ \t]+[a-z]\.?[ \t]+$")
# "rad: dk ___", "ref: m. ___", "Tech: J ___": a reader's initials between a field's label and the masked surname
_LABEL_INITIALS_BEFORE = re.compile(r"(?<=:)[ \t]*([A-Za-z]{1,3}\.?(?:[ \t]*[A-Za-z]\.)?)[ \t]+$")
# "drs. ___ and bundick", "Drs. ___, Ortiz and Lee": the other surnames after a plural title
_DRS_BEFORE = re.compile(r"(?<![\w'’-])(?i:drs\.?|doctors)[ \t]+$")
_DRS_REST_AFTER = re.compile(
    r"((?:[ \t]*,[ \t]*[A-Za-z][a-z'’-]+)*[ \t]*,?[ \t]+(?:and|&)[ \t]+[A-Za-z][a-z'’-]+)(?![\w'’-])"
)
# "Nurse ___ Bland called", "RN ___ Hop at bedside": after a title and a masked given name, a capitalised surname
# that is a common word too ("Bland", "Hop", "Best")
_TITLE_BEFORE_GIVEN = re.compile(
    r"(?<![\w'’-])(?:Nurse|NURSE|RN|NP|PA|PA-C|LPN|CNA|RT|Tech|Dr\.?|DR\.?|Officer|Sgt\.?|Capt\.?|Chaplain|Coach|"
    r"Deputy|Mr\.?|Mrs\.?|Ms\.?)[ \t]+$"
)
# "dr st. ___" where "st" alone was masked: the rest of a saint's surname ("St. John", "Ste. Marie")
_SAINT_REST_AFTER = re.compile(r"\.?[ \t]*([A-Za-z][a-z'’-]{2,})(?![\w'’-])")
# "dr. will ___": a given name that is a common word too, right after a title
_TITLE_BEFORE_WORD = re.compile(r"(?<![\w'’-])(?i:dr|mr|mrs|ms|miss|prof|doctor|nurse)\.?[ \t]+$")
# "mike (___)": the name a person goes by, before the full name in brackets
_NICK_BEFORE_PAREN = re.compile(r"(?<![\w'’-])([A-Za-z][a-z'’]{1,15})[ \t]*\($")
# "10 and ___" of "10 and 14 November 2023": the other days before a masked date that opens with its day
_DAYS_BEFORE_DATE = re.compile(
    r"(?<![\w./:-])((?:(?:[12]\d|3[01]|0?[1-9])[ \t]*,[ \t]*)*(?:[12]\d|3[01]|0?[1-9])[ \t]*,?[ \t]*"
    r"(?:and|&|or)[ \t]+)$"
)
_CAPITAL_SURNAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z'’]{1,20})(?![\w'’-]|\.[ \t]*[A-Z]|[ \t]*:)")
# "SAECHAO, ___ FIN  (": a second given name in capitals after a masked "LAST, FIRST", before a field's gap
_CAPS_SECOND_GIVEN_AFTER = re.compile(r"[ \t]+([A-Z][A-Z'’-]+)(?=[ \t]*(?:$|[\n;,(])|[ \t]{2,}|[ \t]*\|)", re.M)
# "Interpreter: Nai Fin ___": a given name or two between a field's label and the masked surname
_LABEL_GIVEN_BEFORE = re.compile(r"(?<=:)[ \t]*((?:[A-Z][a-z'’-]+[ \t]+){1,2})$")
_CAPS_GIVEN_AFTER = re.compile(  # "___, GERTRUDE A      F": a given name in capitals before a field's gap
    r",[ \t]*([A-Z][A-Z'’-]+(?:[ \t]+[A-Z]\.?)?)(?=[ \t]*(?:$|[\n;,(])|[ \t]{2,}|[ \t]*\|)", re.M
)
# Karen, Burmese and Shan names open with a word that is part of the name as written ("Naw Paw Say", "Saw Htoo")
_HONORIFIC_PREFIX_BEFORE = re.compile(r"(?<![\w'’-])(Naw|Saw|Mahn|Nant|Daw|Maung|Nang|Khun|NAW|SAW|MAHN)[ \t]+$")
_ROMANISED_AFTER = re.compile(  # "___   (영문) EOM DAIN": the English spelling of a masked Korean name
    r"[ \t]*(?:\(영문\)|영문[ \t]*[:：]|\((?:English|Eng)\)|English[ \t]*:)[ \t]*"
    r"([A-Z][A-Za-z'’-]+(?:[ \t,]+[A-Z][A-Za-z'’-]+){0,3})"
)

_PARTICLE_PLACE_AFTER = re.compile(  # "___ de Macorís", "___ do Sul": the rest of a Spanish or Portuguese place
    r"[ \t]+((?:de|del|de[ \t]+la|de[ \t]+los|de[ \t]+las|do|da|dos|das)[ \t]+[A-Z][\w'’-]+)"
)
_TOWN_AFTER_COMMA = re.compile(
    # (a department of the masked hospital may come between: "___ ED, Clearwater", "___ main campus, Hilo")
    r"(?:[ \t]+(?:ED|ER|ICU|(?i:emergency[ \t]+department|main[ \t]+campus|campus|clinic)))?"
    r"[ \t]*,[ \t]*([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?)(?=[ \t]*(?:[;.,)]|$))",
    re.M,
)
_WARD_AFTER = re.compile(r"[ \t]+(\d{1,3}(?:st|nd|rd|th)[ \t]+(?:Ward|Branch|Stake))\b")  # "___ 14th Ward"

_KIN_WORD = (
    r"(?:(?i:mother|father|mom|dad|wife|husband|sister|brother|son|daughter|aunt|uncle|grandmother|grandfather)[ \t]+)"
)
# a given name joined by "and" to a masked name: "Vivek and ___ (parents)", "father Manny and mother ___"
_AND_GIVEN_BEFORE = re.compile(rf"(?<![\w'’-])([A-Za-z][a-z'’-]+)[ \t]+(?:and|&)[ \t]+{_KIN_WORD}?$")
_AND_GIVEN_AFTER = re.compile(rf"[ \t]+(?:and|&)[ \t]+{_KIN_WORD}?([A-Za-z][a-z'’-]+)(?![\w'’-])")
# the name's slot: a word between a masked name and a delimiter, or between a delimiter (a line's start, a
# bracket, a label's colon, "for" / "with" / "per") and a masked name
_SLOT_AFTER = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*[A-Za-z])(?=[ \t]*(?:[,;:)(\n]|\.(?![\w])|$))")
_SLOT_BEFORE = re.compile(
    # (the cue a whole word: "foreman ___" is no "for" and "eman")
    r"(?:^|[\n(:;,]|(?<![\w'’-])(?i:for|with|per|to|by)(?![\w'’-]))[ \t]*([A-Za-z][A-Za-z'’-]*[A-Za-z])[ \t]+$"
)
_HANGUL_ANY = re.compile(r"[\uac00-\ud7a3]")
_CREDENTIALS = frozenset(
    "md do rn np pa pa-c phd dds lpn crna dnp aprn fnp mph rrt rt mbbs facr jr sr ii iii iv midlevel mid-level "
    "hospitalist intensivist locum locums nocturnist teleradiologist".split()
)
_ROMANISED_WORDS = frozenset(ROMANISED)
_COMPOUND_FIRST = frozenset(
    "iron white black red yellow blue gray grey little two three four many plenty looking standing spotted running "
    "sitting kills runs long big short high good brave crazy lone one swift young old afraid bad walking charging "
    "flying lame fast hollow bear eagle crow wolf elk thunder wooden pretty small tall medicine bird".split()
)
# a verb, "the" and its object: "Takes The Gun", "Holds The Enemy", "Kills The Bear"
_COMPOUND_VERBS = frozenset(
    "takes holds kills shoots chases catches brings knows stops rides walks runs goes carries strikes hits counts "
    "steals fights hides".split()
)
_COMPOUND_LAST = frozenset(
    "horse horses cloud clouds bear bears eagle eagles elk hawk hawks thunder bull bulls hoops crow crows wolf wolves "
    "buffalo feather feathers shield star stars deer bird birds boy hat horn horns moccasin moccasins robe lance arrow "
    "arrows lodge hair face heart hand hands knife owl fox tail wing wings bonnet blanket goat goats sheep dog dogs "
    "coyote bull's thunderbird whirlwind rabbit cow cows kettle pipe plume leg legs gun guns enemy enemies child "
    "woman man tree rock mountain water river grass ground chief killer weasel medicine rider walker lightning "
    "ribs wounds shell shells bow bows tomahawk necklace sky shirt voice soldier tail moon hill warrior scalp".split()
)
_TWO_WORDS_AFTER = re.compile(r"[ \t]+([A-Za-z]+)(?:[ \t]+([A-Za-z]+))?(?![\w'’-])")
_THE_COMPOUND_AFTER = re.compile(r"[ \t]+([A-Za-z]+[ \t]+(?i:the)[ \t]+[A-Za-z]+)(?![\w'’-])")  # "___ Takes The Gun"
_THE_BETWEEN = re.compile(r"[ \t]+((?i:the))[ \t]+(?=_)")
_VERB_THE_BEFORE = re.compile(r"(?<![\w'’-])([A-Za-z]+[ \t]+(?i:the)[ \t]+)$")
# the surname before a comma and the given name: "Looking Horse, ___", "HOLDS THE ENEMY, ___", "MCKAY-BIG HAIR, ___"
# the surname of a "SURNAME, GIVEN" field in capitals, after the field's label or at a line's start: "RE: HER, ___"
# (a Hmong surname that is a function word), "PT: LE, ___"
_LABELLED_SURNAME_BEFORE = re.compile(
    r"(?:^|\n|(?i:\b(?:re|patient|pt|name|patient[ \t]+name|pt[ \t]+name|member|insured|subscriber)[ \t]*[:：][ \t]*))"
    r"([A-Z][A-Z'’-]{1,20})[ \t]*,[ \t]*$"
)
_SIGN_OFF_INITIALS_BEFORE = re.compile(r"(?:--|—|–)[ \t]*([a-zA-Z]{2,3})[ \t]*\($")
_NEXT_INITIALS_AFTER = re.compile(r"[ \t]*[/,&][ \t]*([A-Z]{2,3})(?![\w'’-])")
_NEXT_LOWER_INITIALS_AFTER = re.compile(r"[ \t]*/[ \t]*([a-z]{2,3})(?![\w'’-])")
_COMPOUND_BEFORE = re.compile(r"(?<![\w'’-])((?:[A-Za-z]+-)?[A-Za-z]+[ \t]+(?:(?i:the)[ \t]+)?[A-Za-z]+)[ \t]*,[ \t]*$")
_NAME_KINDS = frozenset({"name"})
_PLACE_KINDS = frozenset({"name", "place", "address"})


def _name_word(word: str) -> bool:
    """A word that can be part of a name: a listed name, or neither a report word nor an English word."""
    w = word.strip(".,'’").lower()
    if not w or w in _TITLES or w in STOP:
        return False
    if w in _SUFFIX_WORDS:
        return True
    cls = word_class(word)
    if cls == CLINICAL:
        return False
    return cls != WORD or is_first_name(word) or is_last_name(word)


def _cued_given(masked: str, start: int, word: str) -> bool:
    """A lower-case word between a person's cue and a masked name ("d/w nasser ___", "by jean paul ___"): a
    given name, listed ("paul") or no English word at all ("nasser" is one only rarely)."""
    if word in STOP or word in _TITLES or word_class(word) == CLINICAL or zipf(word) >= 5.6:
        return False
    if not (is_first_name(word) or is_nickname(word) or word_class(word) == UNKNOWN or zipf(word) < 3.5):
        return False
    return _PERSON_CUE_BEFORE.search(masked, max(0, start - 24), start) is not None or (
        _LOWER_GIVEN_BEFORE.search(masked, max(0, start - 20), start) is not None
        and _PERSON_CUE_BEFORE.search(
            masked, max(0, start - 44), _LOWER_GIVEN_BEFORE.search(masked, max(0, start - 20), start).start(1)
        )
        is not None
    )


_ROAD_END = re.compile(r"(?i:road|rd\.?|route|rte\.?|highway|hwy\.?|spur|trail|fm|cr)$")
_ROAD_NUMBER_AFTER = re.compile(r"[ \t]+(\d{1,5}[A-Z]?)(?![\w.])")
_SCHOOL_REST_AFTER = re.compile(
    r"/((?:[A-Z][a-z]+[ \t]+)?(?:High|Middle|Elementary|Junior|Senior|Intermediate)(?:[ \t]+(?:School|High))?)\b"
)
_INITIALS_BEFORE_NAME = re.compile(r"(?<![\w'’.-])((?:[A-Za-z]\.[ \t]*){1,3})$")
_PERSON_CUE_BEFORE = re.compile(
    r"(?<![\w'’-])(?i:by|per|d/w|w/|with|to|from|called|paged|notified|informed|dr\.?|mr\.?|mrs\.?|ms\.?|"
    r"nurse|rn|tech|wife|husband|son|daughter|mom|dad|mother|father|friend|buddy|partner|coworker|co-worker|"
    r"neighbou?r|roommate|pa-c|np|pa|cc:?|thx[ \t]*-*|call)[ \t]+$"
)


def _lower_given(word: str) -> bool:
    """A lower-case listed given name that is no frequent English word ("jim", "joe", "marisol"; not "will", "may",
    "per") and no report word."""
    return (
        word not in STOP
        and word not in _TITLES
        and (is_first_name(word) or is_nickname(word))
        and zipf(word) < 5.0
        and word_class(word) != CLINICAL
    )


def _hyphen_given(word: str) -> bool:
    """A hyphenated given name after "SURNAME, ": one part a listed name and the whole no English word ("Tee-Claude",
    "Mary-Beth"; not "X-ray", "T-tube", "follow-up")."""
    parts = word.split("-")
    return word_class(word) != WORD and any(word_class(p) == NAME for p in parts) and all(len(p) >= 2 for p in parts)


def _initial_surname(word: str) -> bool:
    """The word after a masked given name and a middle initial: a surname unless it is a report word, a function
    word or a common English word (after an initial, a rare word is a surname too: "___ j. mcallister")."""
    low = word.lower()
    if low in _STOP or low in _TITLES or low in _CREDENTIALS or word_class(word) == CLINICAL:
        return False
    return _slot_word(word, False) or zipf(word) < 3.5


def _given(word: str) -> bool:
    """A given name and no common English word: listed, or capitalised and known to no vocabulary or a rare word
    ("Kristi", "Vivek", "Manny"; not "Will", "May", "Radiology", "and")."""
    cls = word_class(word)
    if cls == CLINICAL or word.lower() in _STOP or zipf(word) >= 4.5:
        return False
    return is_first_name(word) or word[0].isupper() and (cls == UNKNOWN or cls == WORD and zipf(word) < 3.6)


def _lower_place(words: list[str], kind: bool) -> bool:
    """Lower-case words after a masked place and a comma that name a place: a listed town, words no vocabulary
    knows, or any words but report and function words before a place's kind ("port richmond area")."""
    if any(w in _STOP or word_class(w) == CLINICAL for w in words):
        return False
    name = " ".join(words).lower()
    return name in towns() or name in gazetteer() or kind or all(word_class(w) not in (WORD, CLINICAL) for w in words)


def _compound_surname(words: list[str]) -> bool:
    """Two English words of a Plains or Southwest nations' surname: a colour, number or verb, then an animal, a
    sky word or a thing ("Iron Cloud", "Looking Horse", "Plenty Hoops", "Two Bulls", "Many Goats")."""
    if len(words) == 3:  # "Takes The Gun": a verb, "the" and its object
        return words[1].lower() == "the" and words[0].lower() in _COMPOUND_VERBS and word_class(words[2]) != CLINICAL
    first = words[0].rsplit("-", 1)[-1] if words else ""  # "McKay-Big Hair": a hyphenated surname's last part
    return len(words) == 2 and first.lower() in _COMPOUND_FIRST and words[1].lower() in _COMPOUND_LAST


def _slot_word(word: str, hangul: bool) -> bool:
    """A word that, between a masked name and a delimiter, is the rest of that name: known to no vocabulary, a
    listed name that is no common word, a romanised surname or syllable, or a compound with a part no vocabulary
    knows ("Redday-Cloud"); never a title, a credential, a report word or a function word."""
    low = word.lower()
    if low in _STOP or low in _TITLES or low in _CREDENTIALS or word_class(word) == CLINICAL:
        return False
    if low in _ROMANISED_WORDS:
        return zipf(word) < 4.0 or hangul  # "park ___ 환자"; but "___ so," is English
    if "-" in word.strip("-"):
        return any(word_class(p) in (NAME, UNKNOWN) for p in word.split("-") if p)
    cls = word_class(word)
    if cls == UNKNOWN and low.endswith(("ed", "ing")):
        return False  # "Paged ___", "texted ___": a verb form no word list holds, not a name's part
    return cls in (NAME, UNKNOWN) or cls == AMBIGUOUS and zipf(word) < 4.0


def _runs(text: str, masked: str, ends: dict[int, str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each masked run (``_`` over another character), its kind that of the last masked
    span ending inside it (``mrn`` for a run no span of which was recorded)."""
    out = []
    for m in _RUN.finditer(masked):
        a, b = m.span()
        if text[a:b] == masked[a:b]:
            continue  # a de-identification mark already in the text
        kind = next((ends[e] for e in range(b, a, -1) if e in ends), "mrn")
        out.append((a, b, kind))
    return out


def complete(text: str, masked: str, ends: dict[int, str], mask: Mask, lower: bool) -> None:
    """Widen each masked run of ``masked`` (``text`` with ``_`` over what the screen found) over its clear edges
    (see the module docstring), through ``mask(start, end, kind)``; ``lower``: the window is dictation or a
    lower-cased export. Two rounds: a particle's given name is only next to the run after the particle."""
    grown: list[tuple[int, int, str]] | None = None
    for _ in range(2):
        spans = []
        for a, b, kind in _runs(text, masked, ends):
            if grown is not None and not any(s <= b and a <= e for s, e, _ in grown):
                continue  # the second round reads only the runs the first one widened
            spans.extend(_edges(text, masked, ends, a, b, kind, lower))
        if not spans:
            break
        for s, e, kind in spans:
            if e > s and text[s:e].strip(" \t,.;:").lower() in _CREDENTIALS - _SUFFIX_WORDS:
                continue  # "w/ pa-c ___": a credential before a name is no part of it
            if e > s:
                mask(s, e, kind)
                masked = masked[:s] + "_" * (e - s) + masked[e:]
        grown = spans
    if "name" in ends.values():  # (no masked name, nothing between or after one)
        _between_names(text, masked, ends, mask)


_ONE_WORD_BETWEEN = re.compile(r"[ \t]+([^\W\d_]{1,5})[ \t]+$")
_QUOTED_BETWEEN = re.compile(r"[ \t]+[\"“‘']([^\W\d_][\w'’-]{0,15})[\"”’'][ \t]+$")  # '___ "moose" ___'
_LOWER_RARE_AFTER = re.compile(r"[ \t]+([a-z]{5,})(?![\w'’-])")
_HYPHENATED_AFTER = re.compile(  # "___ prebonich-skubic", "___ j. mcallister-booker" (a middle initial first)
    r"[ \t]+((?:[a-z]\.?[ \t]+)?)([a-z]{3,}-[a-z]{3,})(?![\w'’-])"
)


# a lower-case word after a masked lower-case given name, then what ends a name in a note: a comma or a bracket,
# a place's or a role's word, a verb of report ("___ dick at front desk", "___ rushing re: the effusion")
_LOWER_SURNAME_AFTER = re.compile(
    r"[ \t]+([a-z][a-z'’]{1,14})(?=[ \t]*(?:[,;:(]|$|\n)|[ \t]+(?:at|in|from|re:?|c/o|called|said|says|who|and|is|was|"
    r"will|to|the|per|on|pt|patient|states|reports|-|–|—)\b)"
)


_LOWER_TITLE_BEFORE = re.compile(r"(?<![\w'’-])(?:dr|dr\.|mr|mr\.|mrs|mrs\.|ms|ms\.|doctor|nurse)[ \t]+$")


def _titled_surname(word: str) -> bool:
    """After a title and a given name in lower case ("dr frank england"), the next word is the surname, whatever
    word it is, unless a function, report, title or very common word."""
    return (
        word not in _STOP
        and word not in _TITLES
        and word not in _CREDENTIALS
        and word_class(word) != CLINICAL
        and zipf(word) < 5.5
    )


def _lower_given_run(run: str) -> bool:
    """A masked run that was one lower-case given name or its short form ("wilma", "manny")."""
    return run.islower() and run.isalpha() and (is_first_name(run) or is_nickname(run))


def _lower_surname(word: str) -> bool:
    """A lower-case word that can be a surname after a given name: a listed surname, no vocabulary's word, or a
    rare word that is no adverb nor a past form; never a function, report or title word."""
    if word in _STOP or word in _TITLES or word in _CREDENTIALS or word_class(word) == CLINICAL:
        return False
    if is_last_name(word) or word_class(word) in (NAME, UNKNOWN):
        return True
    return zipf(word) < 4.0 and not word.endswith(("ly", "ed"))


def _between_names(text: str, masked: str, ends: dict[int, str], mask: Mask) -> None:
    """A short word alone between two masked parts of a name ("ngun ___ par" read as "___ tha ___"): a name's
    middle syllable or particle ("Biak Tha Mawi", "Hernández y ___"), unless a function word or a report word
    joins two people ("___ and ___", "___ or ___")."""
    runs = [r for r in _runs(text, masked, ends) if r[2] in _NAME_KINDS]
    for a, b, _ in runs:
        m = _LOWER_SURNAME_AFTER.match(masked, b) if _lower_given_run(text[a:b]) else None
        titled = m is not None and _LOWER_TITLE_BEFORE.search(masked, max(0, a - 8), a) is not None
        if m and (_lower_surname(m.group(1)) or titled and _titled_surname(m.group(1))):
            mask(m.start(1), m.end(1), "name")  # "pls call ___ dick at front desk": a surname that is a word too
    for _, b, _ in runs:  # a lower-case double-barrelled surname after a masked given name: no English word in it
        m = _HYPHENATED_AFTER.match(masked, b)
        if m and all(word_class(p) in (NAME, UNKNOWN) and zipf(p) < 3.5 for p in m.group(2).split("-")):
            mask(m.start(1), m.end(2), "name")
        m = _LOWER_RARE_AFTER.match(masked, b)  # "ms. ___ authement": a surname no vocabulary knows, in lower case
        if m and word_class(m.group(1)) == UNKNOWN and zipf(m.group(1)) < 2.0:
            mask(m.start(1), m.end(1), "name")
    for (_, b1, _), (a2, _, _) in zip(runs, runs[1:], strict=False):
        quoted = _QUOTED_BETWEEN.match(masked, b1, a2) if a2 - b1 <= 22 else None
        if quoted:  # a nickname in quotes between a given name and a surname, whatever word it is
            mask(quoted.start(1), quoted.end(1), "name")
            continue
        if a2 - b1 > 9:
            continue
        m = _ONE_WORD_BETWEEN.match(masked, b1, a2)
        if m is None:
            continue
        w = m.group(1).lower()
        if w in STOP or w in _STOP or w in _TITLES or word_class(w) == CLINICAL or zipf(w) >= 5.0:
            continue
        mask(m.start(1), m.end(1), "name")


def _edges(
    text: str, masked: str, ends: dict[int, str], a: int, b: int, kind: str, lower: bool
) -> list[tuple[int, int, str]]:
    out = []
    m = _GLUED_AFTER.match(masked, b)
    if m and m.end() > b:
        out.append((b, m.end(), kind))
    m = _GLUED_BEFORE.search(masked, max(0, a - 40), a)
    if m:
        out.append((m.start(), a, kind))
    if kind in _NAME_KINDS:
        out.extend(_name_edges(text, masked, ends, a, b, lower))
        m = _STAFF_NUMBER_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "mrn"))  # "interpreter ___ #4418": the person's staff number
    if kind in ("phone", "mrn"):
        m = _AREA_CODE_BEFORE.search(masked, max(0, a - 12), a)
        if m and (kind == "phone" or b - a == 7):
            out.append((m.start(1), a, "phone"))  # "(505)___": the area code glued before the number
    if kind == "phone":
        m = _PHONE_NOTE_AFTER.match(masked, b)
        if m and m.group(1).lower() not in _NOT_A_PLACE_NOTE and word_class(m.group(1).split()[0]) != CLINICAL:
            out.append((m.start(1), m.end(1), "place"))  # "___ (home, Lubec)": where the line rings
        m = _PHONE_NOTE_BEFORE.search(masked, max(0, a - 48), a)
        if (
            m
            and m.group(1).lower() not in _NOT_A_PLACE_NOTE | _PHONE_KINDS
            and (word_class(m.group(1).split()[0]) not in (CLINICAL, WORD) or m.group(1).lower() in gazetteer())
        ):
            out.append((m.start(1), m.end(1), "place"))
        m = _PHONE_REST_AFTER.match(masked, b)
        if not m and re.search(r"(?<![\d])\d{3}$", text[max(0, b - 4) : b]):
            m = _PHONE_LINE_AFTER.match(masked, b)  # "011 63 (917) 553 ___": a 3-digit exchange, then the line
        if m:
            out.append((m.start(1), m.end(1), kind))  # "___ 4455": a number's last group; "___ pin 4417"
    if kind == "mrn":
        m = _ALNUM_BEFORE.search(masked, max(0, a - 12), a)
        if m:
            out.append((m.start(1), m.end(1), kind))
        m = _STAR_PARTS_AFTER.match(masked, b)  # "___*01" of "HMT*0044821*01": an id's parts joined by asterisks
        if m:
            out.append((b, m.end(), kind))
        m = _STAR_PARTS_BEFORE.search(masked, max(0, a - 16), a)
        if m:
            out.append((m.start(1), a, kind))
        if _GROUPED_ID.fullmatch(text, a, b):  # a number written in groups: its groups left outside on either side
            m = _GROUP_AFTER.match(masked, b)  # "___ 01" of "9400 1112 0207 4583 2219 01"
            if m:
                out.append((m.start(1), m.end(1), kind))
            m = _GROUPS_BEFORE.search(masked, max(0, a - 16), a)  # "1Z 999 ___" of "1Z 999 AA1 01 2345 6784"
            if m and all(any(c.isdigit() for c in t) for t in m.group(1).split()):
                out.append((m.start(1), m.end(1), kind))
    if kind in _PLACE_KINDS:
        m = _HEAD_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "place" if kind == "name" else kind))
        m = _NUMBERED_AFTER.match(masked, b)
        if m:
            out.append((b, m.end(), "place"))
        m = _CORNER_BEFORE.search(masked, max(0, a - 48), a) if "orner" in masked[max(0, a - 48) : a] else None
        if m and word_class(m.group(1).split()[0]) != CLINICAL:
            out.append((m.start(1), m.end(1), "place"))  # "the corner of Broadway and ___": the other street
        m = _CROSS_STREET_AFTER.match(masked, b) if kind != "name" else None
        if m and word_class(m.group(1)) != CLINICAL:
            out.append((m.start(1), m.end(1), "place"))  # "(___/Kimball)": the cross street of an intersection
        m = _ROAD_NUMBER_AFTER.match(masked, b) if _ROAD_END.search(text, a, b) else None
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "___ 4778" of "Forest Road 4778": the road's number
        m = _SCHOOL_REST_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "___/High School" of "Wisdom Middle/High School"
        m = _PARTICLE_PLACE_AFTER.match(masked, b) or _WARD_AFTER.match(masked, b)
        if m and kind != "name":
            out.append((m.start(1), m.end(1), "place"))
        m = _COUNTY_AFTER.match(masked, b)
        if m and kind != "name":
            out.append((m.start(1), m.end(1), "place"))  # "___, Meigs County": the town's county, any name
        m = _OF_TOWN_AFTER.match(masked, b)
        if m and m.group(1).lower() in gazetteer():
            out.append((m.start(1), m.end(1), "place"))  # "the ___ of tacoma": the town a neighbourhood is in
        m = _TOWN_AFTER_COMMA.match(masked, b)
        if m and kind != "name" and m.group(1).lower() in gazetteer():
            out.append((m.start(1), m.end(1), "place"))  # "___ ___, Tacoma": the town after a masked place
        abbreviated = masked[b : b + 1] == "." and text[a:b].split()[-1:] in (["Bros"], ["Co"], ["Inc"], ["Corp"])
        m = _KIND_WORDS_AFTER.match(masked, b + 1 if abbreviated else b)  # ("Grewal Bros. truck stop")
        if m and (kind != "name" or text[a].isupper()) and not any(w in _STOP for w in m.group(2).split()):
            out.append((m.start(1), m.end(1), "place"))
        m = _ORGANISATION_AFTER.match(masked, b) or _STREET_KIND_AFTER.match(masked, b)
        on_street = m is not None and _ON_BEFORE.search(masked, max(0, a - 32), a) is not None  # "on ___ st"
        if m and (kind != "name" or on_street and m.re is _STREET_KIND_AFTER):
            out.append((m.start(1), m.end(1), "place"))  # "___ 농협", "___ 어촌계", "lives on ___ st"

        m = _CAPITAL_DIRECTION_BEFORE.search(masked, max(0, a - 8), a)
        if m:
            out.append((m.start(1), a, kind))
        m = _ZIP_AFTER.match(masked, b) or _STATE_ZIP_AFTER.match(masked, b)
        if m and (kind != "name" or masked[max(0, a - 2) : a].strip() == ","):
            out.append((m.start(1), m.end(1), "address"))  # "___, ___ 96913", "___, wv 25621": a town's zip
        m = _LOWER_TOWN_AFTER_COMMA.match(masked, b)
        if m and kind == "address" and m.group(1) in towns() and word_class(m.group(1)) not in (WORD, CLINICAL):
            out.append((m.start(1), m.end(1), "place"))  # "11482 hwy 200, killdeer": the town after an address
        m = _MOVE_YEAR_AFTER.match(masked, b)
        if m and _MOVED_BEFORE.search(masked, max(0, a - 24), a):
            out.append((m.start(1), m.end(1), "date"))  # "moved to ___ 1998", "emigrated to ___ in 1979"
        m = _LOWER_PAREN_PLACE_AFTER.match(masked, b)
        capital = m is not None and m.group(1)[0].isupper()  # (a capital: after a place or an address only)
        if m and kind != "name" and (not capital or kind in ("place", "address")) and _lower_place([m.group(1)], False):
            out.append((m.start(1), m.end(1), "place"))  # "___ (westwood)": a neighbourhood of the masked town
        m = _LOWER_PLACE_AFTER_COMMA.match(masked, b)
        if m and kind != "name" and _lower_place(m.group(1).split(), bool(m.group(2))):
            out.append((m.start(1), m.end(), "place"))  # "___, port richmond area", "___, pribilofs"
        if kind == "address":
            m = _BOX_AFTER.match(masked, b)
            if m:
                out.append((m.start(1), m.end(1), kind))
            m = _BOX_BEFORE.search(masked, max(0, a - 16), a)
            if m:
                out.append((m.start(1), m.end(1), kind))  # "Box 88, ___": the box before a masked rural route
        m = _FOR_REST_AFTER.match(masked, b) if _FOR_HEAD.search(text, a, b) else None
        words = m.group(2).split() if m else []
        if m and (len(words) >= 2 or word_class(words[0]) not in (CLINICAL, WORD)):  # (not "___ for Evaluation")
            out.append((m.start(1), m.end(1), "place"))  # "___ for Infectious Disease" of "Texas Center for ..."
        m = _REGION_PREFIX_BEFORE.search(masked, max(0, a - 8), a)
        if m:
            out.append((m.start(1), a, "place"))  # "Tri-___" where "County Pulmonology" was masked
        m = _SPECIALTY_AFTER.match(masked, b) if kind != "name" or _REGION_NAME.match(text, a) else None
        if m:
            out.append((m.start(1), m.end(2), "place"))  # "___ Pulmonology": a practice's name
        m = _HULL_AFTER.match(masked, b)
        if m is None and _HULL_CODE.fullmatch(text, a, b):
            m = _HULL_NUMBER_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "___ (CVN 69)": the ship's hull number
        m = _VESSEL_PREFIX_BEFORE.search(masked, max(0, a - 8), a)
        if m:
            out.append((m.start(1), a, "place"))  # "USS ___"
        m = (_MILE_AFTER.match(masked, b) or _KOREAN_NUMBERED_PART_AFTER.match(masked, b)) if kind != "name" else None
        if m:
            out.append((m.start(1), m.end(1), "place"))  # "___ mile 188", "___ 제5부두": the place's numbered part
        m = _NUMBER_AFTER_KIND.match(masked, b)
        if m and text[a:b].split() and text[a:b].split()[-1].lower() in _NUMBERED_KINDS:
            out.append((m.start(1), m.end(1), "place"))  # "___ Rig 27": the number of a masked rig, pad or berth
        m = _INSTITUTION_BEFORE.search(masked, max(0, a - 48), a)
        if m:
            out.append((m.start(1), a, "place"))
        m = _DIRECTION_BEFORE.search(masked, max(0, a - 16), a)
        if m and (kind != "name" or m.group(1).split()[0].lower() in _COMPASS):
            out.append((m.start(1), a, "place" if kind == "name" else kind))  # "(north ___)": no person's word
        m = _WORD_BEFORE.search(masked, max(0, a - 20), a)
        if m and f"{m.group(1)} {text[a:b]}".lower() in towns() and word_class(m.group(1)) != CLINICAL:
            out.append((m.start(1), a, "place"))  # "eagle ___" of "eagle butte": a town of the table, whole
        m = _WORD_AFTER.match(masked, b)
        if (
            m
            and f"{text[a:b]} {m.group(1)}".lower() in towns()
            and word_class(m.group(1)) != CLINICAL
            and m.group(1).lower() not in _STOP  # "spelled ___ on the form": "lee on" is a town of the table too
        ):
            out.append((m.start(1), m.end(1), "place"))  # "___ rapids" of "dell rapids"
        if kind != "name":
            m = _BETWEEN.match(masked, b)
            words = m.group(1).split() if m else []
            if m and not any(w.lower() in _STOP for w in words) and not all(w in KOREAN_CLINICAL for w in words):
                out.append(
                    (m.start(1), m.end(1), kind)
                )  # "___, 기숙사 ___", "___ Old Regular ___" (not "___ 방향 ___")
        if lower:
            m = _SPOKEN_DIGITS_BEFORE.search(masked, max(0, a - 80), a)
            if m:
                out.append((m.start(1), m.end(1), "address"))
    if kind == "date":
        m = _DAYS_BEFORE_DATE.search(masked, max(0, a - 24), a) if text[a].isdigit() else None
        if m:
            out.append((m.start(1), a, kind))  # "10 and ___": the first day of two
        m = _WEEKDAY_BEFORE.search(masked, max(0, a - 16), a)
        if m:
            out.append((m.start(1), a, kind))
        if _MONTH_WORD.fullmatch(text, a, b):  # "7 ___ 48" of "7 mar 48": the day and the year around a month
            m = _DAY_NUMBER_BEFORE.search(masked, max(0, a - 6), a)
            if m:
                out.append((m.start(1), a, kind))
            m = _SHORT_YEAR_AFTER.match(masked, b)
            if m:
                out.append((m.start(1), m.end(1), kind))
        m = _WEEKDAY_AFTER.match(masked, b)
        if m:
            g = 1 if m.group(1) else 2
            out.append((m.start(g), m.end(g), kind))
        m = _KOREAN_PERIOD_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), kind))
        m = _KOREAN_DATE_BEFORE.search(masked, max(0, a - 8), a)
        if m:
            out.append((m.start(1), a, kind))  # "작년 ___": last year's holiday
        m = _KOREAN_DATE_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), kind))  # "___ 다음 날"
        m = _DAY_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), kind))  # "Mardi Gras day": a holiday's day
        m = _YEAR_AFTER.match(masked, b) or _SPOKEN_YEAR_AFTER.match(masked, b)
        if m:
            out.append((m.start(1), m.end(1), kind))  # "Nov 23-26, 2023": the year after a masked range
        m = _SPOKEN_YEAR_BEFORE.search(masked, max(0, a - 48), a)
        if m:
            out.append((m.start(1), m.end(1), kind))  # "born nineteen fifty-two, ___": a dictated year
    out.extend(surroundings(text, masked, a, b, kind, lower))  # a place's number, kind and code; an event's week
    out.extend(adjoining(text, masked, a, b, kind))  # a phone's extension, an event's year, a surname that is a word
    return out


def _name_edges(
    text: str, masked: str, ends: dict[int, str], a: int, b: int, lower: bool
) -> list[tuple[int, int, str]]:
    out = []
    if text[b - 1] == "-":
        m = _WRAPPED_REST.match(masked, b)
        if m:
            out.append((b, m.end(1), "name"))  # "Whitting-\nton"
    m = _NUMBER_AFTER_NAME.match(masked, b)
    if m:
        out.append((m.start(1), m.end(1), "mrn"))  # "Zhang Li, #2207": an interpreter's or a badge's number
    m = _SIGN_OFF_INITIALS_BEFORE.search(masked, max(0, a - 12), a)
    if m and m.group(1).lower() not in _CREDENTIALS and m.group(1).lower() not in _STOP:
        out.append((m.start(1), m.end(1), "name"))  # "-- sm (___, R2)": the signer's initials before the name
    initials = re.fullmatch(r"[A-Z]{2,3}", text[a:b])
    m = _NEXT_INITIALS_AFTER.match(masked, b) if initials else None
    if m is None and re.fullmatch(r"[a-z]{2,3}", text[a:b]):
        m = _NEXT_LOWER_INITIALS_AFTER.match(masked, b)  # "TECH: ___ / mw": dictated initials, one after another
        m = m if m and m.group(1) not in _STOP else None
    if m and m.group(1).lower() not in _CREDENTIALS:
        out.append((m.start(1), m.end(1), "name"))  # "Tech: ___ / MW": the next person's initials in the list
    m = _DOUBLE_SURNAME_AFTER.match(masked, b)
    if m and _double_surname(m.group(1)):
        out.append((m.start(1), m.end(1), "name"))  # "___ Tsosie-Watchman", "___ HARVEY-DODGE"
    m = _CREDENTIAL_AFTER.match(masked, b)
    if (
        m and m.group(1).lower() not in _TITLES and m.group(1).lower() not in _JOINS
    ):  # right before ", md" even "her" is a name (a Hmong surname); not "and" ("___ and RN Becker": a role)
        out.append((m.start(1), m.end(1), "name"))
    m = _BETWEEN.match(masked, b)
    nxt = m.end() if m else 0
    right = m and next((k for e, k in sorted(ends.items()) if e > nxt and masked[nxt:e].strip("_") == ""), None)
    if (
        m
        and right == "name"
        and len(m.group(1).split()) == 1
        and (
            _name_word(m.group(1).strip())
            or re.fullmatch(r"[A-Za-z]\.", m.group(1).strip())  # "___ t. ___": a middle initial
            or m.group(1)[0].isupper()
            and "," not in masked[b : m.start(1)]
        )
        and m.group(1).strip().lower() not in _STOP
        and word_class(m.group(1).strip()) != CLINICAL
    ):
        out.append((m.start(1), m.end(1), "name"))  # "___ jean ___", "___ Mom ___": a word between a name's parts
    m = _PARTICLES_BEFORE.search(masked, max(0, a - 24), a)
    if m:
        start = m.start(1)
        w = _WORD_BEFORE.search(masked, max(0, start - 30), start)
        if w and _name_word(w.group(1)) and is_first_name(w.group(1)):
            start = w.start(1)  # "maria del ___": the given name before the particles
        out.append((start, m.end(1), "name"))
    m = _SUFFIX_AFTER.match(masked, b)
    if m:
        out.append((m.start(1), m.end(1), "name"))
    m = _SLOT_AFTER.match(masked, b)
    hangul = _HANGUL_ANY.search(text) is not None if m or _SLOT_BEFORE.search(masked, max(0, a - 40), a) else False
    if m and _slot_word(m.group(1), hangul):
        out.append((m.start(1), m.end(1), "name"))  # "___ Redday-Cloud;": the rest of the name up to a delimiter
    m = _SLOT_BEFORE.search(masked, max(0, a - 40), a)
    if m and _slot_word(m.group(1), hangul):
        out.append((m.start(1), m.end(1), "name"))  # "left msg for vo ___ (daughter)", "park ___ 환자"
    m = _TWO_WORDS_AFTER.match(masked, b)  # "___ IRON CLOUD", "Kyla ___ Hoops": a compound surname's words
    if m:
        before = text[a:b].split()[-1:] if text[a:b].strip() else []
        words = [w for w in (m.group(1), m.group(2)) if w]
        if _compound_surname(before + words[:1]):
            out.append((m.start(1), m.end(1), "name"))
        elif len(words) == 2 and _compound_surname(words):
            out.append((m.start(1), m.end(2), "name"))
    m = _THE_COMPOUND_AFTER.match(masked, b)
    if m and _compound_surname(m.group(1).split()):
        out.append((m.start(1), m.end(1), "name"))
    m = _THE_BETWEEN.match(masked, b)
    if m and text[a:b].split() and text[a:b].split()[-1].lower() in _COMPOUND_VERBS:
        out.append((m.start(1), m.end(1), "name"))  # "___ The ___" of "Kills The Bear": "The" inside the name
    m = _VERB_THE_BEFORE.search(masked, max(0, a - 20), a)
    if m and text[a:b].split() and _compound_surname([*m.group(1).split(), text[a:b].split()[0].strip(",;.")]):
        out.append((m.start(1), a, "name"))  # "HOLDS THE ___" where "ENEMY, PATRICIA" was masked
    m = _COMPOUND_BEFORE.search(masked, max(0, a - 40), a)
    if m and _compound_surname(m.group(1).split()):
        out.append((m.start(1), m.end(1), "name"))  # "Looking Horse, ___": the surname before the given name
    m = _LABELLED_SURNAME_BEFORE.search(masked, max(0, a - 40), a)
    if m and text[a:b].isupper() and m.group(1).lower() not in _TITLES:
        out.append((m.start(1), m.end(1), "name"))  # "RE: HER, ___": in capitals after a name's label, any word
    m = _WORD_BEFORE.search(masked, max(0, a - 20), a)
    if m and text[a:b].split() and _compound_surname([m.group(1), text[a:b].split()[0].strip(",;.")]):
        out.append((m.start(1), a, "name"))  # "Two ___" where "Bulls, Marcus" was masked
    m = _AND_GIVEN_BEFORE.search(masked, max(0, a - 40), a)
    if m and _given(m.group(1)):
        out.append((m.start(1), m.end(1), "name"))  # "Vivek and ___", "father Manny and mother ___"
    m = _AND_GIVEN_AFTER.match(masked, b)
    if m and _given(m.group(1)) and not eponym_after(text, m.end(1)):  # not "___ and Hampton hump"
        out.append((m.start(1), m.end(1), "name"))  # "___ and Vivek"
    m = _LIST_SURNAME_INITIAL_AFTER.match(masked, b)
    if m and word_class(m.group(2)) != CLINICAL and zipf(m.group(2)) < 4.5:
        out.append((m.start(1), m.end(1), "name"))  # "___; ___; DESKINS, T.": the list's next name, an initial's
    m = _BIRTH_YEAR_AFTER.match(masked, b)
    if m:
        out.append((m.start(1), m.end(1), "date"))  # "___(1950) / ___(1962)": two namesakes told apart by birth year
    m = _INITIAL_SURNAME_AFTER.match(masked, b)
    if m and _initial_surname(m.group(2)):
        out.append((m.start(1), m.end(2), "name"))  # "___ j. mcallister-booker": a middle initial and the surname
    m = _LOWER_GIVEN_AFTER.match(masked, b) or _CAPS_GIVEN_AFTER.match(masked, b)
    if m and is_first_name(m.group(1).split()[0]):
        out.append((m.start(1), m.end(1), "name"))  # "___, anthony j", "___, GERTRUDE A    F": the given name
    m = _INITIALS_BEFORE_NAME.search(masked, max(0, a - 12), a)
    if m and (m.group(1).count(".") >= 2 or _PERSON_CUE_BEFORE.search(masked, max(0, m.start(1) - 24), m.start(1))):
        out.append((m.start(1), a, "name"))  # "mr. t. j. ___", "by r. ___": a masked surname's initials
    m = _HONORIFIC_PREFIX_BEFORE.search(masked, max(0, a - 8), a)
    if m:
        out.append((m.start(1), m.end(1), "name"))  # "Naw ___", "Saw ___": a Karen or Burmese name's first word
    m = _NICK_BEFORE_PAREN.search(masked, max(0, a - 20), a) if masked[b : b + 1] == ")" else None
    if (
        m
        and is_first_name(m.group(1).lower())
        and m.group(1).lower() not in STOP
        and word_class(m.group(1)) != CLINICAL
    ):
        out.append((m.start(1), m.end(1), "name"))  # "mike (___)": a nickname before the full name
    if text[a:b].strip().lower() in ("st", "ste", "saint"):
        m = _SAINT_REST_AFTER.match(masked, b)
        if m and m.group(1).lower() not in STOP and word_class(m.group(1)) != CLINICAL:
            out.append((b, m.end(1), "name"))  # "dr ___. john": the saint's surname
    m = _LOWER_GIVEN_BEFORE.search(masked, max(0, a - 20), a)
    titled = m is not None and _TITLE_BEFORE_WORD.search(masked, max(0, m.start(1) - 10), m.start(1)) is not None
    if m and titled and is_first_name(m.group(1)) and m.group(1) not in _TITLES:
        out.append((m.start(1), m.end(1), "name"))  # "dr. will ___": after a title, a given name whatever the word
    elif m and (_lower_given(m.group(1)) or _cued_given(masked, m.start(1), m.group(1))):
        out.append((m.start(1), m.end(1), "name"))  # "transport by jim ___": a listed given name before the surname
    m = _LOWER_GIVEN_INITIAL_BEFORE.search(masked, max(0, a - 24), a)
    g = m.group(1) if m else ""
    if m and (_lower_given(g) or g not in STOP and g not in _TITLES and word_class(g) != CLINICAL and zipf(g) < 3.5):
        out.append((m.start(1), a, "name"))  # "provider sanjay k ___": the given name and the initial
    m = _CAPS_SECOND_GIVEN_AFTER.match(masked, b) if "," in text[a:b] and text[a:b].isupper() else None
    if m and m.group(1).lower() not in STOP and word_class(m.group(1)) != CLINICAL:
        out.append((m.start(1), m.end(1), "name"))  # "SAECHAO, ___ FIN": the second given name
    m = _LABEL_GIVEN_BEFORE.search(masked, max(0, a - 30), a) if ":" in masked[max(0, a - 30) : a] else None
    words = m.group(1).split() if m else []
    if m and all(w.lower() not in STOP and w.lower() not in _TITLES and word_class(w) != CLINICAL for w in words):
        out.append((m.start(1), a, "name"))  # "Interpreter: Nai Fin ___": the given names before the surname
    m = _LABEL_INITIALS_BEFORE.search(masked, max(0, a - 10), a) if ":" in masked[max(0, a - 10) : a] else None
    if m and m.group(1).rstrip(".").lower() not in _TITLES and m.group(1).lower() not in STOP:
        out.append((m.start(1), a, "name"))  # "rad: dk ___": the initials of a masked surname after a label
    m = _DRS_REST_AFTER.match(masked, b) if _DRS_BEFORE.search(masked, max(0, a - 8), a) else None
    if m and not any(
        w.lower() in _STOP - {"and"} or word_class(w) == CLINICAL for w in re.findall(r"[\w'’-]+", m.group(1))
    ):
        out.append((b, m.end(1), "name"))  # "drs. ___ and bundick": each of the doctors
    run = text[a:b].split()
    titled = len(run) == 2 and _TITLE_BEFORE_GIVEN.fullmatch(run[0] + " ") is not None  # "___" of "Nurse Faith"
    m = _CAPITAL_SURNAME_AFTER.match(masked, b)
    if (
        m
        and (titled or len(run) == 1 and _TITLE_BEFORE_GIVEN.search(masked, max(0, a - 8), a))
        and is_first_name(run[-1].lower())
        and not m.group(1).endswith(("ed", "ing", "ly"))  # "Dr. ___ Reviewed the films": a verb
        and m.group(1).lower() not in STOP
        and m.group(1).lower() not in _TITLES
        and word_class(m.group(1)) != CLINICAL
        and zipf(m.group(1)) < 4.5
    ):
        out.append((m.start(1), m.end(1), "name"))  # "Nurse ___ Bland": a surname that is a word too
    m = _ROMANISED_AFTER.match(masked, b)
    if m:
        out.append((m.start(1), m.end(1), "name"))
    m = _SURNAME_BEFORE_SUFFIX.match(masked, b)
    if m and m.group(1) not in _STOP and word_class(m.group(1)) != CLINICAL:
        out.append((m.start(1), m.end(1), "name"))  # "___ soap jr.": a surname that is a word, before its suffix
    m = _LISTED_SURNAME_AFTER.match(masked, b) if lower else None
    if m and is_last_name(m.group(1)) and m.group(1) not in _STOP and word_class(m.group(1)) != CLINICAL:
        if zipf(m.group(1)) < 4.6 and is_first_name(text[a:b].strip().lower()):
            out.append((m.start(1), m.end(1), "name"))  # "___ hawk in pulm clinic": a listed surname, lower case
    m = _PARTICLE_SURNAME_AFTER.match(masked, b)
    if m:
        out.append((m.start(1), m.end(1), "name"))  # "___ al-Farsi", "___ El-Sayed": a particle's surname
    m = _HYPHEN_GIVEN_AFTER.match(masked, b)
    if m and (romanised_given(m.group(1)) or _hyphen_given(m.group(1))):
        out.append((m.start(1), m.end(1), "name"))  # "___, SOON-JA": a Korean given name after its masked surname
    m = _SURNAME_COMMA_BEFORE.search(masked, max(0, a - 12), a)
    if m and romanised_surname(m.group(1)) and "-" in text[a:b]:
        out.append((m.start(1), m.end(1), "name"))  # "kim, ___" where "soo-ah" was masked
    m = _LOGIN_AFTER.match(masked, b) or _INITIALS_AFTER.match(masked, b)
    if m:
        out.append((m.start(1), m.end(1), "name"))
    m = _ALIAS_AFTER.match(masked, b)
    if m and m.group(1).islower() and KIN_HINT.fullmatch(m.group(1)):
        m = None  # "___ (cousin)", "___ (son)": who the person is to the patient, no other name
    if m and all(_name_word(w) for w in m.group(1).split()):
        out.append((m.start(1), m.end(1), "name"))
    m = _QUOTED_ALIAS_SURNAME.match(masked, b)
    if m and word_class(m.group(2)) != CLINICAL and m.group(2).lower() not in _STOP:
        out.append((m.start(1), m.end(2), "name"))  # '___ "Mac" Agbayani': a nickname, then the surname
    if lower:
        m = _SPOKEN_HYPHEN_AFTER.match(masked, b)
        if m and _name_word(m.group(1)):
            out.append((b, m.end(1), "name"))
        m = _SPOKEN_HYPHEN_BEFORE.search(masked, max(0, a - 40), a)
        if m and _name_word(m.group(1)):
            out.append((m.start(1), a, "name"))
    return out


# a district's or a town's short name before a masked complex or village, opening its clause: "송악 ___ 거주",
# "숙소: 진접 ___" (읍 and 면 names written without their unit)
_HANGUL_DISTRICT_BEFORE = re.compile(r"(?:^|(?<=[\s:：,(]))([\uac00-\ud7a3]{2,3})[ \t]$")
# a clause's start, or a residence's label without its colon: "거주지 해운대 ___", "주소 수영 ___"
_OPENS_CLAUSE = re.compile(r"(?:^|[\n:：,(]|[.;][ \t]|(?:거주지|주소|현주소|거주|자택|고향|출신지)[ \t])[ \t]*$")


_CLASS_AFTER = re.compile(r"[ \t]+([\uac00-\ud7a3]{1,4}반)(?=(?:에서|에|의|은|는|이|가|으로|로)?(?![\uac00-\ud7a3]))")
_HANGUL_UNIT_AFTER = re.compile(
    r"[ \t]+([\uac00-\ud7a3]{1,4}(?:읍|면|동|리|가))(?=(?:에서|에|의|은|는|이|가|로|으로)?(?![\uac00-\ud7a3]))"
)
# a local clinic named before its specialty, after its masked neighbourhood: "___ 상인연합내과에서", "___ 밝은안과"
_CLINIC_AFTER = re.compile(
    r"[ \t]+(([\uac00-\ud7a3]{1,8}?)(?:소아청소년과|이비인후과|가정의학과|재활의학과|통증의학과|비뇨의학과|비뇨기과|"
    r"산부인과|정형외과|신경외과|영상의학과|소아과|피부과|신경과|내과|외과|안과|치과|한의원))"
    r"(?=(?:에서|에|의|은|는|이|가|로|으로|를|을)?(?![\uac00-\ud7a3]))"
)
# what opens a hospital department's name, not a clinic's: "___ 호흡기내과" is a masked hospital's department
_DEPARTMENT_HEADS = frozenset(
    "호흡기 소화기 순환기 심장 신장 내분비 감염 혈액 종양 혈액종양 알레르기 류마티스 일반 흉부 심장혈관흉부 신경 성형 "
    "정형 대장항문 유방 갑상선 소아 노인 응급 이식 간담도 간담췌 위장관 두경부 척추 수부 족부 외상 중환자 구강 "
    "구강악안면 보존 교정 소아치과 치주 통합 건강 검진 종합 노년 재활 통증 마취 산업 직업환경 예방".split()
)


# an institution's kind after a masked township, county or town ("가산면 다문화가족지원센터"), whatever kind of
# span the township was read as
_TOWN_INSTITUTION_AFTER = re.compile(
    r"[ \t]?([\uac00-\ud7a3]{0,10}(?:센터|보건지소|보건진료소|복지관|회관|초등학교|중학교|고등학교|교회|성당|출장소|"
    r"파출소|우체국|농협|새마을금고|노인정|경로당))(?![\uac00-\ud7a3])"
)


def complete_korean(text: str, masked: str, ends: dict[int, str], mask: Mask) -> None:
    """A Korean given name of one or two syllables after a masked Hangul surname ("황보 은지" with "황보" masked):
    the surname's own letters decide, so it runs on the text before masking; a district's short name before a
    masked Korean place."""
    for a, b, kind in _runs(text, masked, ends):
        m = _KOREAN_BRANCH_BEFORE.search(masked, max(0, a - 8), a)
        if m and kind != "phone":
            mask(m.start(1), m.end(1), "place")  # "육군 ___" of "육군 제7탄약창": the service's word with its unit
        m = _KOREAN_LANDMARK_AFTER.match(masked, b) if kind == "name" else None
        if m:
            mask(m.start(1), m.end(1), "place")  # "___ 생가", "___ 기념관": a site named for a person
        township = b - a >= 3 and text[b - 1] in "면읍군" and all("\uac00" <= c <= "\ud7a3" for c in text[a:b])
        m = _TOWN_INSTITUTION_AFTER.match(masked, b) if township else None
        if m:
            mask(m.start(1), m.end(1), "place")  # "___ 다문화가족지원센터" after "가산면": the township's own centre
        if kind == "phone":
            m = _DISTRICT_NOTE_AFTER.match(masked, b)
            if m and m.group(1) in korean_districts():
                mask(m.start(1), m.end(1), "place")  # "___ (분당)": where the line rings
            continue
        if kind in ("place", "address") and "\uac00" <= text[a] <= "\ud7a3":
            group = _CLASS_AFTER.match(masked, b)  # "___ 새싹반": a daycare's or a school's class, after its name
            if group and group.group(1) not in KOREAN_CLINICAL and not common_korean_word(group.group(1)):
                mask(group.start(1), group.end(1), "place")
            unit = _HANGUL_UNIT_AFTER.match(masked, b)  # "___ 덕산면에서": the next unit down, after its county
            if unit and unit.group(1) not in KOREAN_CLINICAL and not common_korean_word(unit.group(1)):
                mask(unit.start(1), unit.end(1), "place")
            clinic = _CLINIC_AFTER.match(masked, b)
            if clinic and clinic.group(2) not in _DEPARTMENT_HEADS and clinic.group(1) not in KOREAN_CLINICAL:
                mask(clinic.start(1), clinic.end(1), "place")
            m = _HANGUL_DISTRICT_BEFORE.search(masked, max(0, a - 5), a)
            if m and _OPENS_CLAUSE.search(masked, max(0, m.start(1) - 4), m.start(1)):
                word = m.group(1)
                particle = word[-1] in "은는이가을를의에도"
                known = word in korean_districts()  # "해운대 ___": a district, however well known its name
                rare = not common_korean_word(word) and korean_word_zipf(word) < 2.5  # (not "방과후 ___": a word)
                if word not in KOREAN_CLINICAL and (known or rare and not particle):  # ("송도": a town, not 도)
                    mask(m.start(1), m.end(1), "place")
            continue
        if kind != "name" or not all("\uac00" <= c <= "\ud7a3" for c in text[a:b].strip()):
            continue
        m = _FOREIGN_GIVEN_BEFORE.search(masked, max(0, a - 16), a)
        if m:
            mask(m.start(), a, "name")  # "마리아 ___": a foreign given name before its masked surname
        m = _HANGUL_PARTS_AFTER.match(masked, b)  # "쩐 티 마이)": spaced syllables up to a bracket or a line's end
        short = len(text[a:b].strip()) <= 2  # (after a full name of three syllables, "선수 체크" is what follows)
        if m and short and not any(p in _NOT_GIVEN or p in KOREAN_CLINICAL for p in m.group(1).split()):
            mask(m.start(1), m.end(1), "name")
            continue
        m = _HANGUL_GIVEN_AFTER.match(masked, b)
        if (
            m
            and text[a:b].strip() in HANGUL_SURNAMES
            and m.group(1) not in _NOT_GIVEN
            and m.group(1) not in KOREAN_CLINICAL
            and all(c in HANGUL_GIVEN for c in m.group(1))  # "은지" is a word too, but after a surname a name
        ):
            mask(m.start(1), m.end(1), "name")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
