"""The PHI screen's pass for a town told by a short frame: a state's postal code after it without the comma
("Erwin TN", "Gardiner NY", "pembroke nc"), a county written "Co." ("Knox Co", "quitman co.", "DELTA CO."), and
a town's films or office ("comparison with the Tomah films": the town, or its hospital, named alone), a town's
hospital by one word ("TACOMA GENERAL"), a Latter-day Saints ward or stake ("Rose Park 4th Ward") and a town's
port ("Port of Tacoma"); a site's rarer name before a lower-case clinic after "the" ("at the Pentagon health
clinic"), a payer's or an employer's name opening its ID's label ("Fidelis Care Member ID", "Boeing badge #"), an
employer's or a school's acronym before a worker's word or after a student's ("Former PGDP cell operator",
"Sophomore at UND"), a campus by its system's letters ("UW-Platteville") and a site's numbered area ("the 200 West
Area").

``phi_places`` reads "Town, ST" (with the comma) and "X County"; these are the shorter forms of a face sheet, a
dictation or an old RIS. The code must end a clause (punctuation, the line's end or a ZIP code after it), the
town must be no report word nor function word, and its case must agree with the code's ("Erwin TN", "pembroke
nc"). Only the postal codes that are no report abbreviation are read without a comma (not PA, MD, CT, MS, VT, ND,
DC, ...: "Chest PA", "Foley DC"); in lower case the town must be one of the town table's or the gazetteer's.
"Co." is a county after a town of the table, a name's word or one no vocabulary knows (not "elevated CO", "with
CO."), and a company's word after any other name ("Acme Co.": an employer, a place too).

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, NAME, RADIOLOGY, SERVICES, UNKNOWN, WORD, word_class, zipf
from megacxr.shards.phi_names import STOP
from megacxr.shards.phi_places import gazetteer
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_towns import towns

Mask = Callable[[int, int, str], None]

# postal codes that are no report abbreviation, no English word and no common credential
_BARE_CODES = "AK AZ FL IA KS KY MN NC NJ NY RI TN TX WI WV WY NV".split()
_LOWER_CODES = [c.lower() for c in _BARE_CODES if c not in ("TX", "FL", "IA")]  # tx: treatment; fl, ia: units
_CLAUSE_END = r"(?=[ \t]*(?:[;,.)\n]|--|[—–]|$)|[ \t]+\d{5}(?![\d-]))"
_TOWN_CODE = re.compile(
    r"(?<![\w'’.-])((?:(?:St|Ft|Mt|New|North|South|East|West|Lake|Port|Glen|Little|Big|Cape|Fort|Mount)\.?[ \t]+)?"
    r"[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+)[ \t]+(" + "|".join(_BARE_CODES) + r")" + _CLAUSE_END
)
_CODE_HINT = re.compile(r"[ \t](?:" + "|".join(_BARE_CODES) + r")\b")  # a cheap scan before the town's
_LOWER_CODE_HINT = re.compile(r"[ \t](?:" + "|".join(_LOWER_CODES) + r")\b")
_LOWER_TOWN_CODE = re.compile(r"(?<![\w'’.-])([a-z][a-z'’-]+)[ \t]+(" + "|".join(_LOWER_CODES) + r")" + _CLAUSE_END)
_COUNTY_CO = re.compile(
    r"(?<![\w'’.-])((?:[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+|[a-z][a-z'’-]+)(?:[ \t]+(?:[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+))?)"
    r"[ \t]+(Co\.?|CO\.?|co\.?|Cnty\.?|CNTY\.?|cnty\.?)(?![\w'’-])" + r"(?=[ \t]*(?:[;,.)\n]|--|[—–]|$))"
)
# "comparison with the Tomah films", "the Johnstown imaging office": a town's (or its hospital's) films or office,
# named by the town alone
_TOWN_FILMS = re.compile(
    r"\b(?i:the)[ \t]+([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]+"
    r"(?:films?|images?|stud(?:y|ies)|x-?rays?|radiographs?|CTs?|MRIs?|reports?|records?|CDs?|discs?|"
    r"(?:imaging|radiology|x-?ray|outpatient|dialysis|wound|walk-in|urgent[ \t]+care)[ \t]+"
    r"(?:office|clinic|center|centre|facility|site|unit|campus))\b"
)
# "enrolled at the chattanooga satellite", "the Dalton campus": a known town's branch of a practice, any case
_TOWN_BRANCH = re.compile(
    r"\b(?i:the)[ \t]+([A-Za-z][a-z'’-]+(?:[ \t]+[A-Za-z][a-z'’-]+)?)[ \t]+"
    r"(?i:satellite|campus|branch|site|location|outpatient[ \t]+(?:clinic|center|office))\b"
)
# a known town named before its clinic, its ambulance or its farm: "the Lame Deer clinic", "Tioga EMS reports",
# "the Rosebud service unit", "a Holualoa coffee farm"
_TOWN_SERVICE = re.compile(
    r"(?<![\w'’.-])([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]+"
    r"(?:clinic|EMS|ambulance|fire[ \t]+department|service[ \t]+unit|health[ \t]+(?:center|centre|station)|"
    r"imaging[ \t]+(?:center|centre)|urgent[ \t]+care|medical[ \t]+(?:center|centre)|"
    r"(?:coffee|dairy|cattle|hog|chicken|sugar|sheep)[ \t]+(?:farm|ranch|plantation|mill))\b"
)
# "TACOMA GENERAL", "Lakeland Regional": a town's hospital by its town and one word (not "General Surgery")
_TOWN_GENERAL = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z'’-]+[ \t]+)?[A-Z][a-z'’-]+|(?:[A-Z][A-Z'’-]+[ \t]+)?[A-Z][A-Z'’-]+)[ \t]+"
    r"(General|GENERAL|Regional|REGIONAL|Memorial|MEMORIAL)\b"
    r"(?![ \t]+(?i:surgery|surgical|medicine|medical|anesthesia|pediatrics|internal|practice|appearance|condition|"
    r"health|population|ward|hospital|center|centre|clinic|anatomy|lymph|node|nodes|distribution|enhancement))"
)
# "Port of Tacoma": a town's port authority, an employer and a place
_PORT_OF = re.compile(r"\b(?:Port|PORT)[ \t]+(?:of|OF)[ \t]+([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?|[A-Z][A-Z'’-]+)\b")
# "San Ysidro Port of Entry": a border crossing named for its town
_PORT_OF_ENTRY = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})[ \t]+Port[ \t]+of[ \t]+Entry\b")
# "at the Pentagon health clinic": a site's or a building's rarer name before a lower-case clinic, after "the"
_THE_SITE_CLINIC = re.compile(
    r"\b(?:at|from|to|in)[ \t]+the[ \t]+([A-Z][a-z'’]+)[ \t]+"
    r"(?:health[ \t]+(?:clinic|center|centre)|medical[ \t]+clinic|clinic|dispensary|infirmary|aid[ \t]+station)\b"
)
# "Fidelis Care Member ID: ...", "Boeing badge #": a payer's or an employer's name opening its ID's label
_ORG_BEFORE_ID = re.compile(
    r"(?:^|(?<=[\n;])|(?<=[.;][ \t]))[ \t]*([A-Z][A-Za-z&'’-]+(?:[ \t]+[A-Z][A-Za-z&'’-]+){0,2})[ \t]+"
    r"(?i:member|subscriber|policy|group|badge|employee|claim)[ \t]*(?:ID|Id|id|#|[Nn]o\b\.?|number|Number)?"
    r"(?=[ \t]*[:#=]?[ \t]*(?:[A-Za-z-]*\d|_))",  # (its value follows: "L&I claim #:" on an empty form is a label)
    re.M,
)
# an employer's or a site's acronym no vocabulary knows before a worker's word: "Former PGDP cell operator", "TVA
# retiree" (not a licence's or a trade's: "CDL driver", "HVAC worker"; not a role's word, "staff", "crew")
_ACRONYM_EMPLOYER = re.compile(
    r"(?<![\w'’&/-])([A-Z]{2,6})[ \t]+(?:[a-z]+[ \t]+){0,2}"
    r"(?:operators?|workers?|employees?|retirees?|contractors?|machinists?|welders?|miners?|pipefitters?|"
    r"millwrights?|linem[ae]n|electricians?|inmates?|librarians?|professors?|instructors?|lecturers?|trainers?|"
    r"coach(?:es)?|janitors?|custodians?|groundskeepers?|faculty)\b"
    # a school's acronym after its student's word: "Sophomore at UND", "a junior at WKU"
    r"|(?i:\b(?:students?|freshm[ae]n|sophomores?|juniors?|seniors?|undergrad(?:uate)?s?|enrolled|attends))"
    r"[ \t]+(?:at|of)[ \t]+([A-Z]{2,6})(?![\w'’&-])"
    # a university's campus by its system's letters and its town: "UW-Platteville", "UNC-Wilmington"
    r"|\b((?:UW|UNC|UC|SUNY|CUNY|UT|UM|UMass|IU|PSU|UMN|UA|UAB|USC|LSU|UCF|UIC|UMD|CSU|UMKC)[ \t]?-[ \t]?[A-Z][a-z]+)"
)
_TRADE_ACRONYMS = frozenset(
    "EMT CDL HVAC OSHA NIOSH MSHA HAZMAT CNA LPN STNA CMA UAW IBEW AFL CIO SEIU USW DOT".split()
)
_ID_LABEL_WORDS = frozenset(  # what opens an ID's label without naming anyone: "Primary Insurance Member ID"
    "patient pt primary secondary tertiary insurance insurer payer payor health plan dental vision medical employer "
    "company carrier subscriber guarantor policy group member badge employee claim card medicare medicaid the your "
    "his her their new old prior previous current".split()
)
# a numbered area of a site: "at the 200 West Area", "Hanford Site 300 Area" (a plant's or a reservation's zone; after
# its masked site: ``phi_neighbours``)
_NUMBERED_AREA = re.compile(
    r"(?:\b(?:at|in|from|near|to)[ \t]+the|\b[A-Z][a-z]+)[ \t]+"
    r"(\d{2,4}[ \t]+(?:(?:East|West|North|South)[ \t]+)?Area)\b"
)
_GENERAL_HINT = re.compile(r"(?i:general|regional|memorial)")
# a Latter-day Saints ward or stake: "Rose Park 4th Ward", "Jordan River Stake"
_LDS_UNIT = re.compile(
    r"(?<![\w'’-])((?:(?:[A-Z][a-z'’-]+|_+)[ \t]+){1,3})(\d{1,2}(?:st|nd|rd|th)[ \t]+Ward|Stake|Stake[ \t]+Center)\b"
)
_NOT_BEFORE_CO = frozenset(  # "elevated CO.", "exhaled co": a gas's level, not a county
    "elevated high low raised inhaled exhaled carbon level levels serum blood smoke gas fire exposure poisoning "
    "monoxide dioxide".split()
)


def _known_town(words: str) -> bool:
    low = words.lower()
    return low in towns() or low in gazetteer()


def _town_word(word: str) -> bool:
    return word.lower() not in STOP and word_class(word) != CLINICAL and word.lower() not in RADIOLOGY


# a school by its acronym or as "<Word> State" before its students' words: "BSU sophomore", "HSU freshman", "UVM
# student ID", "ACU Homecoming", "Ball State student" (a school is a place; a programme's, a role's or a unit's
# letters are none: "ESL student", "EMT student", "CNA student", "ICU staff", "PT student")
_STUDENT_WORDS = (
    r"(?:students?|freshm[ae]n|sophomores?|undergrad(?:uate)?s?|grad(?:uate)?[ \t]+students?|alum(?:nus|na|ni|nae)?|"
    r"dorms?|dormitory|campus|athletes?|cadets?|homecoming|Homecoming|football|basketball|baseball|softball|"
    r"soccer|volleyball|wrestl(?:er|ing)|cheerleaders?|band[ \t]+member)"
)
_SCHOOL_BEFORE_STUDENT = re.compile(
    rf"(?<![\w'’&/-])([A-Z]{{2,5}}|[A-Z][a-z]+[ \t]+State)[ \t]+{_STUDENT_WORDS}(?![\w'’-])"
)
_STUDENT_HINT = re.compile(rf"(?i:{_STUDENT_WORDS})")
_NOT_SCHOOLS = frozenset(
    "US USA UK EU UAE ROK PRC ESL ELL GED ROTC JROTC EMT CNA LPN RN BSN MSN DNP NP PA PT OT RT RRT MD DO PHD MBA MPH "
    "IMG HS MS BS BA MA NCAA NAIA JV ICU ED ER OR NICU PICU SICU MICU CCU OB GYN GI ENT PM AM STEM".split()
)


def coded_places(text: str, mask: Mask) -> None:
    """See the module docstring; cost: two scans, only when a code or "co" stands in the text."""
    for m in _TOWN_CODE.finditer(text) if _CODE_HINT.search(text) else ():
        town, code = m.group(1), m.group(2)
        if not all(_town_word(w) for w in town.split()) or town.isupper() and len(town) <= 3:
            continue  # ("ETT NY": an abbreviation before the code, not a town)
        if code == "NC" and town.lower() in ("nasal", "via", "by", "on"):
            continue
        last = town.split()[-1]
        if word_class(last) in (NAME, UNKNOWN) or _known_town(town) or _known_town(last):
            mask(m.start(1), m.end(2), "place")
    for m in _LOWER_TOWN_CODE.finditer(text) if _LOWER_CODE_HINT.search(text) else ():
        if _town_word(m.group(1)) and _known_town(m.group(1)):
            mask(m.start(1), m.end(2), "place")
    for m in _TOWN_FILMS.finditer(text):
        words = m.group(1).split()
        if not all(_town_word(w) for w in words) or any(word_class(w) == WORD for w in words):
            continue  # "the Portable films", "the Outside images": a report's or a common word
        if _known_town(m.group(1)) or all(word_class(w) in (NAME, UNKNOWN) for w in words):
            mask(m.start(1), m.end(1), "place")
    for m in _TOWN_BRANCH.finditer(text):
        words = m.group(1).split()
        if all(_town_word(w) and zipf(w) < 3.5 for w in words) and _known_town(m.group(1)):
            mask(m.start(1), m.end(1), "place")  # (not "the main campus", "the surgical site": common words)
    for m in _TOWN_SERVICE.finditer(text):
        words = m.group(1).split()
        if all(_town_word(w) for w in words) and (len(words) > 1 or zipf(words[0]) < 3.5) and _known_town(m.group(1)):
            mask(m.start(1), m.end(1), "place")  # (a one-word town that is a common word stays: "Hazard clinic")
    for m in _THE_SITE_CLINIC.finditer(text) if "the " in text else ():
        word = m.group(1)
        if _town_word(word) and zipf(word) < 3.9 and word.lower() not in SERVICES:
            mask(m.start(1), m.end(1), "place")  # (not "the Wound clinic", "the Refugee clinic": common words)
    for m in _ACRONYM_EMPLOYER.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        name = m.group(g)
        known = word_class(name)
        if name in _TRADE_ACRONYMS | _NOT_SCHOOLS or name.lower() in STOP or known == CLINICAL:
            continue  # "EMT student", "ICU staff": a programme, a role or a unit
        if g == 3 or known in (UNKNOWN, NAME) or g == 2:  # (after "a senior at", any school's letters: "USC")
            mask(m.start(g), m.end(g), "place")
    for m in _NUMBERED_AREA.finditer(text) if "Area" in text else ():
        mask(m.start(1), m.end(1), "place")

    for m in _TOWN_GENERAL.finditer(text) if _GENERAL_HINT.search(text) else ():
        words, start = m.group(1).split(), m.start(1)
        if len(words) == 2 and not _town_word(words[0]):
            words, start = words[1:], m.start(1) + m.group(1).rindex(words[1])  # "AT TACOMA GENERAL"
        if all(_town_word(w) for w in words) and (_known_town(" ".join(words)) or _known_town(words[-1])):
            mask(start, m.end(2), "place")  # ("GREAT PLAINS REGIONAL": the words before the town too)
    for m in _PORT_OF.finditer(text) if "ort" in text or "ORT" in text else ():
        words = m.group(1).split()
        if all(_town_word(w) for w in words) and (_known_town(m.group(1)) or word_class(words[-1]) in (NAME, UNKNOWN)):
            mask(m.start(), m.end(1), "place")
    for m in _PORT_OF_ENTRY.finditer(text) if "Entry" in text else ():
        words = m.group(1).split()
        while words and (words[0].lower() in STOP or not _town_word(words[0])):
            words = words[1:]  # "At San Ysidro Port of Entry": the sentence's first word is no town's
        if (
            words
            and all(_town_word(w) for w in words)
            and (_known_town(" ".join(words)) or word_class(words[-1]) in (NAME, UNKNOWN))
        ):
            mask(m.end(1) - len(" ".join(words)), m.end(), "place")
    for m in _LDS_UNIT.finditer(text) if "Ward" in text or "Stake" in text else ():
        words = [w for w in m.group(1).split() if not w.startswith("_")]  # (the ward's town may be masked already)
        if all(_town_word(w) for w in words):
            mask(m.start(1), m.end(2), "place")
    if " co" in text.lower() or "cnty" in text.lower():
        for m in _COUNTY_CO.finditer(text):
            words, code = m.group(1).split(), m.group(2).rstrip(".")
            same_case = (
                code.isupper()
                and m.group(1).isupper()
                or code.islower()
                and m.group(1).islower()
                or code[0].isupper()
                and code[1:].islower()
                and words[-1][0].isupper()
                and not m.group(1).isupper()
            )
            if not same_case or not all(_town_word(w) for w in words) or words[-1].lower() in _NOT_BEFORE_CO:
                continue
            last = words[-1]
            titled = code == "Co" and word_class(last) != WORD  # "Acme Co.", "Knox Co"
            if titled or word_class(last) in (NAME, UNKNOWN) or _known_town(" ".join(words)) or _known_town(last):
                mask(m.start(1), m.end(2), "place")

    for m in _SCHOOL_BEFORE_STUDENT.finditer(text) if _STUDENT_HINT.search(text) else ():
        school = m.group(1)
        if school.isupper() and (school in _NOT_SCHOOLS or word_class(school) == CLINICAL or zipf(school) >= 4.0):
            continue  # "ESL student", "EMT student", "ICU staff": a programme, a role or a unit, no school
        if not school.isupper() and not all(_town_word(w) for w in school.split()[:-1]):
            continue
        mask(m.start(1), m.end(1), "place")  # "BSU sophomore", "UVM student ID", "Ball State homecoming"


def id_label_owners(text: str, mask: Mask) -> None:
    """A payer's or an employer's name opening an ID's label ("Fidelis Care Member ID: 9N...", "Boeing badge #:
    2240871"). Run on the text once the form's labels are given back (the label's words stay; its owner goes)."""
    for m in _ORG_BEFORE_ID.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _ID_LABEL_WORDS | STOP:
            words = words[1:]
        first = words[0] if words else ""
        if first and _town_word(first) and first.lower() not in _ID_LABEL_WORDS and zipf(first) < 4.0:
            mask(m.end(1) - len(" ".join(words)), m.end(1), "place")  # (its name's other words may be any: "Care")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
