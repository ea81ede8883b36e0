"""Places in a clause about where a person lives, stays, works, worships or comes from: an allow-list position.

A chest film's report names a town, a street, a camp or an employer for one reason: to say where the patient
(or a relative) lives, sleeps, works, worships or comes from. The place passes of ``phi_places`` know places by
their shapes and kinds ("Sunset Addition", "Bayou Oaks MHP", "lives in fort defiance"), and each new set of
reports brings shapes they do not know ("under the burnside bridge", "up greasy creek", "on East Central", "the
Tradewater coal dock"). This pass reads such a clause the way Philter reads a name's position: once a cue of
residence, work or origin opens the clause ("lives", "sleeps", "housed", "works at", "pt from", "member of",
"attends"), the noun phrase after each place preposition ("in", "at", "on", "near", "off", "under", "up", ...) is
identifying unless every word of it is on an allow-list: a generic word of a place or a home ("the shelter",
"a tent", "his car", "the nursing home", "the eastern shore"), a report word, or a common English word when the
phrase has no capital and no kind of place ("works in construction", "lives in poverty").

Cost: one scan for the cues (most reports have none); per cue, a bounded look at the next 120 characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    KOREAN_CLINICAL,
    SERVICES,
    WORD,
    spanish_zipf,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import common_korean_word
from megacxr.shards.phi_places import countries, gazetteer, generic_institution_word, korean_districts, state_names
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_towns import towns

Mask = Callable[[int, int, str], None]  # (start, end, kind): mask text[start:end] as one identifier of kind

# People who come "from" somewhere: "pt from", "a fisherman from", "refugees from".
_FROM_WHO = (
    r"pt|patient|he|she|they|family|originally|is|was|are|[a-z]+(?:man|men|woman|women)|workers?|farmers?|miners?|"
    r"drivers?|engineers?|students?|refugees?|evacuees?|immigrants?|migrants?|visitors?|travell?ers?|tourists?|"
    r"seafarers?|sailors?|truckers?|labou?rers?|pickers?|veterans?|retirees?|snowbirds?|teachers?|nurses?|boys?|"
    r"girls?|kids?|children|transplants?|newcomers?|natives?|nationals?|guests?|campers?"
)
_WORKPLACES = (
    r"plant|clinic|mill|factory|farm|ranch|church|school|store|camp|shelter|hospital|hotel|motel|marina|dairy|mine|"
    r"warehouse|cannery|boat|feedlot|nursing[ \t]+home|packing[ \t]+house|fish[ \t]+house|trailer[ \t]+park|"
    r"shipyard|refinery|casino|resort"
)
_TRADES = (
    r"instructor|guide|guard|clerk|picker|mate|deckhand|deck[ \t]+hand|ranch[ \t]+hand|farm[ \t]+hand|cook|"
    r"waitress|waiter|bartender|cashier|teacher|aide|janitor|custodian|mechanic|welder|operator|foreman|employee|"
    r"manager|owner|ranger|dealer|housekeeper|dishwasher|lifeguard|caretaker|groundskeeper|attendant|packer|"
    r"shucker|crabber|logger|trapper|contractor"
)
_ARRIVAL = r"arrived|arrives|arriving|flew|flies|flying|medevaced|medevac'd|airlifted|air-lifted|transported"
# What opens a clause about a person's place: living, staying, sleeping, working, worshipping, coming from.
CUE = re.compile(
    r"\b(?:lives|lived|living|live|resides|resided|residing|resident(?=[ \t]+of)|stays|stayed|staying|sleeps|"
    r"sleeping|slept|housed|sheltering|camps|camped|camping|parks|parked|grew[ \t]+up|raised|moved|relocated|"
    r"returning|returned|evacuated|works|worked|working|employed|employment|job|labou?r|labou?rer|shift|"
    r"member|members|attends|attended|attending[ \t]+(?:services|mass|church)|parishioner|congregant|"
    r"volunteers|volunteered|farms|farmed|fishes|fished|keeps|kept|"
    r"found[ \t]+(?:down|him|her|them|pt|patient|unresponsive|lying|sleeping|outside)|"
    r"(?:comes|came|coming|went|drove|driven|flown|brought)(?:[ \t]+(?:up|down|over|in|back|out))?(?:[ \t]+from)?|"
    # an arrival or a flight, from or to a place only ("arrived by medevac from Point Lay", "flew to barrow")
    rf"{_ARRIVAL}|"
    rf"(?:{_FROM_WHO})[ \t]+from|"
    # a workplace's kind or a trade before a place: "a seafood plant in engelhard", "a clinic in Canal Point",
    # "ski instructor at Jay Peak", "guard at the Tonopah Test Range", "mate on a charter boat out of Marathon"
    # (in lower case: "Hospital at Night team" is a service's name)
    rf"(?-i:{_WORKPLACES}|{_TRADES})(?=[ \t]+(?:in|at|near|outside|out[ \t]+of|on|off|for|with)\b))\b",
    re.IGNORECASE,
)
# A preposition of place, and the noun phrase after it: an optional determiner, then up to five words.
_PREP_NP = re.compile(
    r"\b(in|at|on|near|by|off|from|under|along|outside(?:[ \t]+of)?|behind|beside|up|out[ \t]+on|over[ \t]+on|"
    r"down[ \t]+on|around|across|past|to|into|out[ \t]+of|for)[ \t]+"
    r"(?:(the|a|an|some|another|his|her|their|our|my|its|this|that|one|any)[ \t]+)?"
    r"(?=[^\W\d]|_)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;:!?\n()\[\]|]|\.(?=[ \t]|$)")
_ABBREVIATION = re.compile(
    r"(?i)\b(?:st|rd|ave|mt|ft|co|hwy|blvd|ln|dr|pt|sr|jr|twp|bros|inc|corp|ltd|assn|ctr|dept|apt|no|n|s|e|w)$"
)  # "on Sixth St. near"
# words that end a noun phrase: function words, conjunctions, verbs of the clause's next part
_NP_STOP = frozenset(
    """
in at on near by off from under along outside behind beside up over around across past to into of for with and or
call duty last next ago recently yesterday tomorrow spring summer fall autumn winter
but since after before until when while where who which that because as so then than per via x w w/ is was are
were be been has had have will would can could should may might do does did since during about pending s/p
daily weekly nightly every each most some all no not alone again now currently still here there today tonight
""".split()
)
# generic words of a place or a home: a phrase of only these (and report words) names no one's place
GENERIC = frozenset(
    """
home house houses apartment apartments apt room rooms unit units floor floors building buildings shelter shelters
trailhead trailheads campsite campsites worksite jobsite roadside
camp camps encampment tent tents car cars truck trucks van vans vehicle street streets road roads highway
sidewalk alley doorway doorways porch bridge bridges overpass underpass park parks creek river lake woods
woodland field fields area areas town towns city cities county counties village villages neighborhood
neighbourhood neighborhoods community communities farm farms ranch ranches mill mills plant plants factory
factories school schools church churches mosque temple synagogue chapel hospital hospitals clinic clinics facility
facilities center centre centers ward wards jail prison prisons yard yards dock docks port ports base bases
reservation reservations motel motels hotel hotels station stations hall office offices store stores shop
shops restaurant restaurants kitchen warehouse warehouses site sites job jobs work construction retail sales
agriculture farming fishing mining trucking landscaping roofing cleaning housekeeping childcare daycare
nursing assisted living skilled facility rehab rehabilitation hospice care group foster residence residential
state country abroad overseas outside inside there here nearby local same other another own family relatives
relative friend friends friends' daughter daughter's son son's sister sister's brother brother's mother
mother's father father's parents parents' aunt uncle cousin grandmother grandson granddaughter partner
girlfriend boyfriend wife husband spouse children kids night nights day days week weeks weekend weekends
month months year years morning mornings evening evenings time times shift shifts season seasons
north south east west northern southern eastern western central upstate downstate rural urban suburban
old new big small large little main upper lower back front rear side coast coastal shore island mountains
mountain hills valley desert bay harbor harbour beach border streetside outdoors street-side corner lot lots
bus train plane boat boats ship ships vessel vessels ferry airport airports road-side trailer trailers rv
mobile camper campground campgrounds cabin cabins lodge lodges dorm dorms dormitory barracks quarters
half-way halfway transitional sober supportive public private housing program programs project projects
couch sofa bed beds floor recliner chair ground
er ed icu ccu micu sicu picu nicu or pacu ltac snf alf ltc va
""".split()
)
# a kind of place that makes a bare phrase of common words a proper one: "up greasy creek", "on wolf island"
_KIND = frozenset(
    """
creek creeks branch fork hollow holler run bottom bottoms island isle point ridge mound hill hills knob gap cove
bluff bluffs landing ferry crossing junction springs spring falls heights ward quarter corners shoals flats
mesa butte canyon gulch bayou slough marsh neck bay harbor harbour beach shore lake lakes pond prairie
valley grove mills township plantation settlement colony corridor bridge square plaza court terrace row
avenue ave street st road rd lane ln drive dr boulevard blvd trail pike highway hwy way circle loop
""".split()
)


_SMALL = re.compile("[a-z]")
_CAPITAL = re.compile("[A-Z]")


def _generic(word: str) -> bool:
    w = word.lower().strip(".,'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    # a state or a country alone identifies no one ("moved to rural kansas")
    return (
        w in GENERIC
        or w in _KIND  # a kind of place alone: "on the mesa", "up the creek"
        or w in SERVICES
        or word_class(word) == CLINICAL
        or w in state_names()
        or w in countries()
    )


def _common(word: str) -> bool:
    """A common word or the plural of one, no town of the gazetteer: "construction", "eastern", "cruise", "bins"."""
    if word.lower() in gazetteer():
        return False
    if zipf(word) < 3.5 and word.lower() in towns():
        return False  # a small town whose name is a rarer word of the English list: "from worthington"
    if zipf(word) >= 3.5 or word_class(word) in (WORD, AMBIGUOUS) and not _loanword(word):
        return True
    one = word[:-1]
    return len(word) > 3 and word[-1] in "sS" and (zipf(one) >= 3.5 or word_class(one) == WORD and not _loanword(one))


def _loanword(word: str) -> bool:
    """A word of the English list far commoner in Spanish: a place's name here ("piedras", "pascua"), where an
    English word as rare stays common ("cannery")."""
    return spanish_zipf(word) > zipf(word) + 1.0


def residence_places(text: str, mask: Mask, original: str | None = None) -> None:
    """Mask the named phrase after each place preposition of a residence, work or origin clause (the module
    docstring), the value of a field of residence ("Home: dannebrog"), the place after a direction ("west of
    Protivin") and a rare word before "resident" ("a Rodanthe resident"). A capital marks a name only in a
    clause written in both cases (not in dictation's lower case nor in an export's capitals). ``text`` is the
    window as the passes so far masked it; ``original``, the same before them (same length), shows where a clause
    ends when a pass masked a town with its period ("in ___ Lungs are clear")."""
    ends = original if original is not None and len(original) == len(text) else text
    for cue in CUE.finditer(text):
        stop = _clause_end(ends, cue.end())
        cased = _cased(text, cue.start(), stop)
        moving = _MOVING.search(cue.group(0)) is not None
        working = _WORKING.search(cue.group(0)) is not None
        arriving = _ARRIVING.match(cue.group(0)) is not None
        living = _LIVING.match(cue.group(0)) is not None  # ("lives out by apple creek": a place by a place)
        at = cue.end() - (4 if cue.group(0).lower().endswith("from") else 0)
        if _OF_CUE.search(cue.group(0)):
            at = _phrase_after(_OF, text, cue.end(), stop, cased, mask)
        while True:
            m = _PREP_NP.search(text, at, stop)
            if m is None:
                break
            at = m.end()  # the next preposition may sit inside this phrase ("in the ___ off the Springwater")
            if m.group(1).lower() == "to" and not moving:
                continue
            if arriving and m.group(1).lower() not in ("from", "to"):
                continue  # "arrived in Afib", "flew in on ___": an arrival names its place after from or to
            if m.group(1).lower() == "for" and not working:
                continue  # "works for Keystone", "a guide for the ___ club"; not "lives alone, seen for Follow Up"
            words = _phrase(text, m.end(), stop, ends)
            if not words:
                continue
            at = words[-1][1]
            det = (m.group(2) or "").lower()
            prose = _CAPITALISED_WORD.search(text, max(0, cue.start() - 60), stop)  # (not "L sided" alone)
            if not living and m.group(1).lower() == "by" and not det and prose:
                if not any(text[a].isupper() for a, _ in words):
                    continue  # "brought in by snowmachine and sled": a means of travel, in lower case in a cased clause
            if det in _INDEFINITE:
                continue  # "in a tent", "in his car": a kind of place, not a named one
            named = _named(text, words, cased, det)
            if named and working and det == "the" and len(words) == 1 and _workplace_word(text[slice(*words[0])]):
                named = False  # "worked 31 years at the kiln": a kind of workplace (Kiln is a town too)
            if named:
                mask(words[0][0], words[-1][1], "place")
            if named or all("_" in text[a:b] for a, b in words):  # the town or the corner after a place
                at = max(at, _phrase_after(_COMMA, text, words[-1][1], stop, cased, mask))
                at = max(at, _phrase_after(_AND, text, words[-1][1], stop, cased, mask))
    for m in _KIN_PLACE.finditer(text):  # "call the family in wainwright", "her daughter in Fairbanks"
        stop = _clause_end(ends, m.end())
        words = _phrase(text, m.end(), stop, ends)
        if words and _named(text, words, _cased(text, m.start(), stop), ""):
            mask(words[0][0], words[-1][1], "place")
    if ":" in text:
        for m in _FIELD.finditer(text):
            stop = _clause_end(ends, m.end())
            at, cased = m.end(), _cased(text, m.start(), stop)
            for lead in (_NOTHING, _COMMA, _COMMA, _COMMA):  # the value, then the towns after it
                after = _phrase_after(lead, text, at, stop, cased, mask)
                if after == at:
                    break
                at = after
    for m in _COMPASS_OF.finditer(text):
        stop = _clause_end(ends, m.end())
        _phrase_after(_NOTHING, text, m.end(), stop, _cased(text, m.start(), stop), mask)
    if "resident" in text or "RESIDENT" in text:
        for m in _BEFORE_RESIDENT.finditer(text):
            word = m.group(1)
            if (
                word.lower() not in _NP_STOP | _INDEFINITE
                and not _generic(word)
                and not _common(word)
                and "_" not in word
            ):
                mask(m.start(1), m.end(1), "place")


_SERVICE_WORDS = frozenset(  # (also "brought by police": Police is a town in Poland, the word is the service)
    "services service ems transport ambulance rescue squad police sheriff deputy deputies trooper troopers "
    "firefighters paramedics medics".split()
)
_INDEFINITE = frozenset("a an some another his her their our my its one any".split())
_MOVING = re.compile(
    r"(?i)mov|relocat|came|come|went|return|evacuat|drove|driven|flown|transfer|brought|"
    r"arriv|fl(?:ew|ies|ying)|medevac|air-?lifted|transported"
)
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]")
_LIVING = re.compile(r"(?i)(?:liv|resid|stay|sleep|slept|camp|park|farm|keep|kept)")
_ARRIVING = re.compile(rf"(?i)(?:{_ARRIVAL})$")
_WORKING = re.compile(rf"(?i)^(?:work|employ|job|labou?r|volunteer|{_TRADES})")
_OF_CUE = re.compile(r"(?i)^(?:member|members|resident|parishioner|congregant)$")
_BEFORE_RESIDENT = re.compile(r"\b([A-Za-z][\w'’.-]+)[ \t]+(?i:residents?)\b")
_WORD = re.compile(r"[^\s,;:()]+")


def _phrase(text: str, start: int, stop: int, original: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of a noun phrase's words from ``start``: up to five, cut at a stop word, a comma or the
    clause's end (``original``: the text before masking, whose case tells where a lower-case phrase ends)."""
    first = original if original is not None else text
    out: list[tuple[int, int]] = []
    for m in _WORD.finditer(text, start, stop):
        if out and text[out[-1][1] : m.start()] not in (" ", "\t"):
            break  # punctuation or a wide gap between: the phrase ended ("HOME: PHIPPSBURG  EMPLOYER: ...")
        if text.startswith(":", m.end()):
            break  # the next field's label
        w = m.group(0).rstrip(".'’")
        bare = w.strip(".'’")
        if not bare or bare.lower() in _NP_STOP or (bare[0].isdigit() and not out) or len(out) == 5:
            break
        if out and bare[:1].isupper() and first[out[0][0]].islower():
            break  # "moved from castle rock Lungs are clear": a capital after a lower-case phrase starts a sentence
        prev = first[out[-1][0] : out[-1][1]] if out else ""
        if len(prev) > 1 and prev.isalpha() and prev.isupper() and not bare.isupper() and bare[:1].isupper():
            break  # "FROM PORT HURON Lungs are clear": a word in both cases after capitals starts a sentence
        out.append((m.start(), m.start() + len(w)))
    return out


_SAINT = re.compile(r"\b(?:st|ste)\.?[ \t]+")  # the towns table writes "saint": "bay st louis", "St. Marys"


def _named(text: str, words: list[tuple[int, int]], cased: bool, det: str) -> bool:
    """Whether a phrase names a place: a word with a capital (in a cased clause) or a rare word that is not a
    generic word of places; or a kind of place after a word that is not generic ("greasy creek", "the tobacco
    road trailer camp")."""
    plain = [text[a:b].strip(".'’") for a, b in words]
    if all("_" in w for w in plain):
        return False
    if plain[-1].lower() in _SERVICE_WORDS and all(_generic(w) or generic_institution_word(w) for w in plain[:-1]):
        return False  # "brought in by Emergency Medical Services": a kind of service, no one's place
    if any("_" in w for w in plain):
        return True  # a masked name and its kind or its other words: "the ___ town dock", "Hotel ___ ___"
    if len(plain) >= 2 and _SAINT.sub("saint ", " ".join(plain).lower()) in towns():
        return True  # a town of common words, any case: "from bay st louis", "in Saint Marys"
    if any(w.lower() in _ROAD and plain[k + 1].isdigit() for k, w in enumerate(plain[:-1])):
        return True  # a road by its number: "on rd 14", "off FM 1015"
    if cased and any(
        w[:1].isupper() and w.lower() in _KIND and plain[k][:1].isupper() for k, w in enumerate(plain[1:])
    ):
        return True  # a capitalised name before a capitalised kind: "Swan Quarter", "Fox Hollow"
    for w in plain:
        if "_" in w or _generic(w):
            continue
        if (cased and w[:1].isupper() and not w.isupper()) or not _common(w):
            return True  # "East Central", "burnside bridge"
    for k in range(1, len(plain)):
        if plain[k].lower() in _KIND and not _generic(plain[k - 1]) and "_" not in plain[k - 1]:
            return det in ("", "the")
    return False


def _workplace_word(word: str) -> bool:
    """An English word in lower case, after "the" in a work clause: a kind of workplace, no town's name."""
    return word.islower() and word_class(word) == WORD


def _clause_end(text: str, at: int) -> int:
    """Where the clause that goes on at ``at`` ends: a sentence's end (not an abbreviation's period), a colon, a
    semicolon, a bracket or a line break, or 160 characters on."""
    stop = min(len(text), at + 160)
    for end in _CLAUSE_END.finditer(text, at, stop):
        if end.group(0) != "." or not _ABBREVIATION.search(text, max(0, end.start() - 5), end.start()):
            return end.start()
    return stop


def _cased(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is written in both cases (then a capital marks a name)."""
    return _SMALL.search(text, a, b) is not None and _CAPITAL.search(text, a, b) is not None


# a kin's word and the place they are in or come from, the preposition right after it (not "son in law": a word)
_KIN_PLACE = re.compile(
    r"\b(?i:family|daughter|son|wife|husband|mother|father|sister|brother|cousin|aunt|uncle|niece|nephew|"
    r"grandmother|grandfather|grandson|granddaughter|grandkids|grandchildren|relatives|parents|mom|dad|fianc[eé]e?)"
    r"[ \t]+(?:(?i:who[ \t]+lives|lives|living|back|up|down|over|out)[ \t]+)?(?i:in|at|near|from)[ \t]+"
    r"(?:(?i:the)[ \t]+)?(?=[^\W\d_])"
)
# a label of where a person lives, works or worships, before its value: "Home: dannebrog", "HOUSING: ..."
_FIELD = re.compile(
    r"(?im)(?:^|(?<=[;|,]))[ \t]*(?:home|housing|hometown|home[ \t]+town|resides|lives|living|staying|from|origin|"
    r"quarters|workplace|work[ \t]*site|job[ \t]*site|church|congregation|tribe|village|camp|shelter|"
    r"duty[ \t]+station)[ \t]*:[ \t]*"
)
# a direction from a place: "west of Protivin", "3 MI NORTH OF FERTILE"
_COMPASS_OF = re.compile(
    r"(?i)\b(?:north|south|east|west|northeast|northwest|southeast|southwest)[ \t]+of[ \t]+(?:the[ \t]+)?(?=\w)"
)
_NOTHING = re.compile("")
_OF = re.compile(r"[ \t]+(?i:of)[ \t]+(?:(?i:the)[ \t]+)?")  # "member of the Havasupai community"
_COMMA = re.compile(r",[ \t]*")  # ", FIVE POINTS", ", dover": a town or a district after the named place
_AND = re.compile(r"[ \t]+(?:and|&)[ \t]+")  # "on ___ and Broadview": the corner's other street
_ROAD = frozenset("rd road hwy highway route rte rt fm rr cr sr us nm tx".split())


def _phrase_after(lead: re.Pattern, text: str, at: int, stop: int, cased: bool, mask: Mask) -> int:
    """Mask the named phrase right after ``lead`` (matched at ``at``); where the clause goes on from."""
    m = lead.match(text, at)
    words = _phrase(text, m.end(), stop) if m else []
    first = text[words[0][0] : words[0][1]] if words else ""
    if lead is not _NOTHING and lead is not _OF and (first.endswith(("ed", "ing")) or cased and first.islower()):
        return at  # ", immigrated to ...", ", works nights": the clause goes on, no second place
    if words and _named(text, words, cased, "the" if lead is _OF else ""):
        mask(words[0][0], words[-1][1], "place")
        return words[-1][1]
    return at


# Korean: a clause that ends in a verb of living, working or coming from ("돈의동 쪽방 거주", "봉화농협 근무"),
# and the place-shaped nouns in it: a stem and a kind of place (동, 역, 시장, 농협, 향교, 마을, 리, 읍, 면, ...)
_KOREAN_CUE = re.compile(
    r"거주|노숙|근무|출퇴근|살고|사는|살며|살았|살다|출신|종사|재학|입소|소속|이주|귀농|귀촌|이사|정착|작업|일함|일하|"
    r"주민|머무|머물|체류|지내|운영|소재|자택|숙소"  # ("삼성동 소재 회사", "분당 자택": where one's firm or home is)
)
# a place in Latin letters right before a Korean verb of living or working: "현재 Delray 거주", "Fort Lee 근무"
_LATIN_PLACE_BEFORE_CUE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z'’.-]+[ \t]+){0,2}[A-Z][a-z'’.-]+)[ \t]*(?:에서|에)?[ \t]*"
    r"(?:거주|근무|출신|체류|재학|살고|사는)"
)
_KOREAN_CLAUSE_START = re.compile(r"[.,;:\n()\[\]·]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+(?:\d+가)?")
_KOREAN_PLACE_KIND = re.compile(
    r"(?:동(?:\d+가)?|역|시장|농협|수협|축협|향교|마을|리|읍|면|섬|항|포구|부락|단지|공단|조선소|교회|성당|사찰|"
    r"시|군|구|촌|시티|타운|타워|밸리)$"  # ("센텀시티 오피스 근무": a district's or a tower's brand name)
)
_STATION_AFTER = re.compile(r"(?:에서|에|[ \t]*(?:인근|근처|앞|부근|광장|지하도|지하상가|출구|주변|대합실|일대|노숙))")
_GENERIC_TOWNS = frozenset("실버타운 뉴타운 타운 시티 타워 밸리".split())  # a retirement community, a new town
_KOREAN_KINDS = frozenset("마을 시장 단지 부락 교회 성당".split())
_SPACED_UNITS = frozenset("시 군 구 동 읍 면 리 주".split())
_KOREAN_PARTICLE = re.compile(r"(?:에서|에게|으로|부터|까지|에|의|은|는|을|를|로|도|와|과|이|가)$")


# where in a country, not which town: "미국 본토에 사는", "호주 시골에서 근무"
_REGION_WORDS = frozenset(
    "본토 시골 현지 서부 동부 남부 북부 중부 교외 외곽 도시 시내 근교 농촌 해안 내륙 수도 지방 본국 국경 변두리 "
    "대도시 소도시 산간 오지".split()
)
# a town after its country's name, before where a person lives or works: "미국 아스토리아에 사는", "호주 퍼스에서 근무"
_TOWN_AFTER_COUNTRY = re.compile(
    r"(?<![\uac00-\ud7a3])(?:미국|캐나다|호주|뉴질랜드|영국|독일|프랑스|일본|중국|대만|베트남|필리핀|태국|러시아|"
    r"몽골|우즈베키스탄|카자흐스탄|인도네시아|캄보디아|네팔|미얀마|멕시코|브라질|아르헨티나|칠레|스페인|이탈리아)"
    r"(?:의)?[ \t]+"
    r"([\uac00-\ud7a3]{2,8}?)(?=(?:에서|에|으로|로)[ \t]+(?:사는|살고|살며|거주|근무|일하|이민|유학))"
)


def korean_residence_places(text: str, mask: Mask) -> None:
    """Place-shaped Hangul nouns of a clause about where a person lives or works: a stem and a kind of place that
    is no common word ("돈의동", "영등포역", "구포시장", "봉화농협"; not 활동, 지역, 면역), a rare word right before
    such a noun ("방어진 꽃바위 마을"), and a place in Latin letters before the verb ("현재 Delray 거주")."""
    for m in _LATIN_PLACE_BEFORE_CUE.finditer(text):
        if not any(word_class(w) == CLINICAL for w in m.group(1).split()):
            mask(m.start(1), m.end(1), "place")
    for m in _TOWN_AFTER_COUNTRY.finditer(text):  # "미국 아스토리아에 사는 딸": a town abroad, where kin live
        town = m.group(1)
        if not common_korean_word(town) and town not in KOREAN_CLINICAL and town not in _REGION_WORDS:
            mask(m.start(1), m.end(1), "place")
    for cue in _KOREAN_CUE.finditer(text):
        start = cue.start()
        floor = max(0, start - 40)
        while start > floor and not _KOREAN_CLAUSE_START.match(text, start - 1):
            start -= 1
        found: list[tuple[int, int, bool]] = []
        previous: re.Match | None = None
        for m in _HANGUL_WORD.finditer(text, start, cue.start()):
            word, before, previous = m.group(0), previous, m
            whole = m.end() >= len(text) or not ("\uac00" <= text[m.end()] <= "\ud7a3")  # (not 동 of 동일함)
            if word in _SPACED_UNITS and whole and before is not None and text[before.end() : m.start()] == " ":
                name = before.group(0)  # "스크랜턴 시 그린리지 동 거주": a foreign town's name and its unit apart
                particle = _KOREAN_PARTICLE.search(name) and common_korean_word(_KOREAN_PARTICLE.sub("", name))
                if not particle and not common_korean_word(name) and name not in KOREAN_CLINICAL and len(name) >= 2:
                    found.append((before.start(), m.end(), False))
                continue
            district = _KOREAN_PARTICLE.sub("", word) in korean_districts()  # "울진 거주": a county by its short name
            if not _KOREAN_PLACE_KIND.search(word) and not district:
                word = _KOREAN_PARTICLE.sub("", word)
                if not _KOREAN_PLACE_KIND.search(word):
                    continue
            if district:
                word = _KOREAN_PARTICLE.sub("", word)
                if not common_korean_word(word) and word not in KOREAN_CLINICAL:
                    found.append((m.start(), m.start() + len(word), False))
                continue
            end = m.start() + len(word)
            if word in _KOREAN_KINDS and before is not None and text[before.end() : m.start()] in (" ", "\t"):
                m, word = before, before.group(0)  # "꽃바위 마을": the name before a kind written apart
            elif not _KOREAN_PLACE_KIND.sub("", word):
                continue
            if common_korean_word(word) or word in KOREAN_CLINICAL or word in _GENERIC_TOWNS:
                continue
            if word.endswith("역") and not _STATION_AFTER.match(text, m.start() + len(m.group(0))):
                continue  # "영등포역 인근", "서울역 지하도": a station where one stays; "구제역 방역" is a disease
            if len(word) < 3 and word[-1] in "리면구시군촌섬항역":
                continue  # "이리", "측면": a syllable and a kind is a common word more often than a place
            found.append((m.start(), end, m is before))
        for a, b, apart in found:
            mask(a, b, "place")
            # a kind written apart often follows a name of two words: "방어진 꽃바위 마을"
            before = re.search(r"([\uac00-\ud7a3]{2,6})[ \t]+$", text[max(start, a - 10) : a]) if apart else None
            if before and not common_korean_word(before.group(1)) and not _KOREAN_PARTICLE.search(before.group(1)):
                mask(a - len(before.group(0)), a - len(before.group(0)) + len(before.group(1)), "place")


# Korean gathering places and lodgings named by their kind, in any frame: "구로시장 정육점", "옥포성당 미사",
# "번동 꿈의숲 경로당", "한마음 고시텔 204호"; and a 동 or a numbered district before one ("중화동 은혜교회")
_NAMED_KIND_GLUED = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,6})(시장|교회|성당|경로당|노인정|고시텔|고시원|복지관|쉐어하우스|셰어하우스|"
    r"학원|태권도장|어린이집|유치원|보육원|그룹홈|아동양육시설|지역아동센터|공부방)"
    r"(?=(?:에서|에게|으로|부터|까지|[에의을를은는이가과와로도])?(?![\uac00-\ud7a3]))"
)
_NAMED_KIND_APART = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8})[ \t]+(?:경로당|교회|성당|고시텔|고시원|노인정|쉐어하우스|셰어하우스|"
    r"학원|태권도장|어린이집|유치원|보육원|그룹홈|아동양육시설|지역아동센터|놀이터|캠핑장|아파트|빌라|맨션|오피스텔)"
    r"(?![\uac00-\ud7a3](?<![에의을를은는이가과와로도]))"
)
_NAMED_KIND_HINT = re.compile(
    r"시장|교회|성당|경로당|노인정|고시텔|고시원|복지관|하우스|학원|태권도장|어린이집|유치원|보육원|그룹홈|시설|센터|공부방|놀이터|캠핑장|"
    r"아파트|빌라|맨션|오피스텔"
)
_GENERIC_KIND_STEMS = frozenset(
    "재래 전통 수산 도매 농수산 농수산물 청과 축산 수산물 벼룩 야 주식 노동 금융 부동산 외환 증권 채권 인력 동네 지역 "
    "고층 저층 임대 공공임대 영구임대 국민임대 신축 노후 복도식 계단식 주거 단지 지하 반지하 원룸 투룸 "
    "대형 소형 개척 한인 외국인 본 해당 인근 근처 이웃 시립 구립 도립 국립 사설 공공 노인 종합 장애인 청소년 여성 "
    "아동 다문화 노인종합 사회 마을 우리 작은 큰 새 근방 집앞 앞 옆 인터넷 온라인 수출 국내 해외 글로벌 세계 중고 "
    "오일 상설 민속 중앙 재개발 인근의 동네의 다니는 다니던 출석 출석하는 집근처 가까운 주변 각 모든 같은 다른 "
    "천주교 개신교 기독교 감리교 장로교 침례교 성결교 가톨릭 불교 이슬람 대학 병원 시내 시외 읍내 면내 동내 "
    # a school's or a daycare's kind, no name: "수학학원", "국공립어린이집", "아파트 놀이터"
    "수학 영어 피아노 음악 미술 태권도 보습 입시 국어 과학 논술 컴퓨터 코딩 수영 체육 발레 댄스 합기도 웅변 주산 한자 "
    "속셈 국공립 민간 가정 직장 공립 사립 병설 단설 아파트 단지 놀이 실내 야외 오토 글램핑".split()
)
_DISTRICT_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,5}(?:\d+(?:[·.,]\d+)*)?(?:동|가))[ \t]+$")
_NUMBERED_DISTRICT = re.compile(  # "미아3구역", "상계3·4동", "종로3가", "역삼1동": a neighbourhood by its number
    r"(?<![\uac00-\ud7a3\w])([\uac00-\ud7a3]{2,4}\d{1,2}(?:[·.,]\d{1,2})*(?:동|가|구역|지구))"
    r"(?=(?:에서|에|의|은|는|이|가|로|으로)?(?![\uac00-\ud7a3]))"
    # an apartment complex's block and building: "5단지 512동" (a building of one town)
    r"|(?<![\w])(\d{1,2}단지[ \t]*\d{2,4}동)(?![\uac00-\ud7a3](?<![에의은는이가]))"
)


_POSTPOSITION_END = re.compile(r"(?:에서|에도|마다|까지|부터|처럼|에게|으로|께서|[에의는은을를가와과도로서만])$")
_HANGUL_DIGIT = re.compile(r"[\uac00-\ud7a3]\d")


def korean_named_places(text: str, mask: Mask) -> None:
    """Gathering places and lodgings named by their kind (a market, church, senior centre, boarding house) with a
    stem that is no generic word ("재래시장", "동네 교회" stay), a market's stem no common word or a district; the
    동 before one; and neighbourhoods by their number ("미아3구역")."""
    found: list[int] = []
    if _NAMED_KIND_HINT.search(text):
        for m in _NAMED_KIND_GLUED.finditer(text):
            stem = m.group(1)
            if stem in _GENERIC_KIND_STEMS or stem in KOREAN_CLINICAL:
                continue
            if m.group(2) == "시장" and common_korean_word(stem) and stem not in korean_districts():
                continue  # "주식시장", "노동시장": an economy's market, not a place (but "구로시장")
            mask(m.start(), m.end(2), "place")
            found.append(m.start())
        for m in _NAMED_KIND_APART.finditer(text):
            stem = m.group(1)
            if stem in _GENERIC_KIND_STEMS or stem in KOREAN_CLINICAL or common_korean_word(stem):
                continue
            if stem.endswith(("된", "한", "던", "는", "운", "진", "린", "인")):
                continue  # "오래된 빌라", "허름한 아파트": a verb's or an adjective's form before the kind, no name
            bare = _POSTPOSITION_END.sub("", stem)
            if bare != stem and (not bare or common_korean_word(bare)):
                continue  # "주말에 교회", "일요일마다 성당": a word and its particle, then the kind alone
            mask(m.start(1), m.end(1), "place")
            found.append(m.start(1))
    for a in found:
        d = _DISTRICT_BEFORE.search(text, max(0, a - 12), a)
        if d and not common_korean_word(d.group(1)) and d.group(1) not in KOREAN_CLINICAL and len(d.group(1)) >= 2:
            mask(d.start(1), d.end(1), "place")  # "쌍문동 백운시장", "번동 꿈의숲 경로당"
    for m in _NUMBERED_DISTRICT.finditer(text) if _HANGUL_DIGIT.search(text) or "단지" in text else ():
        g = 1 if m.group(1) else 2
        if m.group(g)[:1] != "제":  # "제3구역": a numbered zone of a plan, no name
            mask(m.start(g), m.end(g), "place")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
