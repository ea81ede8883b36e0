"""The PHI screen's pass for a named landmark: a dam, a park, a cave, a ranch, a museum or a speedway by its name.

Where an injury happened or where a patient works is often a landmark named by a few capitalised words and its
kind ("below Milner Dam", "over Centennial Waterfront Park", "at Running Y Ranch resort", "the National Quilt
Museum"). Their words are often English words too (Milner, Centennial, Running), so the name lists and the
institution pass, which ask for a word no vocabulary knows, let them through. This pass takes one to three
capitalised words before a landmark's kind when one of them is rarer (a Zipf frequency under 4: "Milner",
"Quilt"), a name's or no vocabulary's, or a single letter ("Running Y Ranch"), none is a report word nor a
function word, no report word follows them nor any eponym's context surrounds them ("Rocky Mountain spotted
fever"), no worker's word follows them and their words are no material's alone ("Uranium Mill Worker",
"Copper Mine") and they are no state's name ("Rhode Island"). A run of common words alone ("Lost
Sink Cave", "Center Hill Dam") is left to the voter: "Main Street Park" and "Grand Central Station" read the
same. A sentence's first word, when common, is no part of the name ("Running" in "Running Y Ranch" stays in
the name: a single letter follows it). A prison's unit by its name and a Roman numeral ("the Jester III Unit")
goes too, and a state's technological university ("Michigan Tech"), and an institution, a festival or a
monument named "of the" something ("the Museum of the Rockies", "Festival in the Park"), and an image archive
named for its town ("the Spearfish PACS") or a clinic in lower case after its town ("the Circle clinic"), and a
town's fire, police or ambulance service ("Chamberlain VFD").

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, NAME, SERVICES, UNKNOWN, word_class, zipf
from megacxr.shards.phi_names import STOP, eponym_context
from megacxr.shards.phi_places import gazetteer, state_names
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_towns import towns

Mask = Callable[[int, int, str], None]

_KINDS = (
    r"Dam|Lake|Park|Cave|Caverns?|Canyon|Ranch|Museum|Zoo|Marina|Falls|Beach|Island|Trail|Landing|Speedway|Palace|"
    r"Raceway|Fairgrounds|Arena|Stadium|Resort|Lodge|Campground|Hollow|Mountain|Peak|Butte|Mesa|Springs|Bluffs?|"
    r"Bench|Coulee|"
    r"Harbou?r|Orchards?|Vineyards?|Winery|Dairy|Quarry|Mine|Sawmill|Mill|Refinery|Smelter|Feedlot|Stockyards?"
)
_LANDMARK_HINT = re.compile(rf"\b(?:{_KINDS})\b")
_LANDMARK = re.compile(
    r"(?<![\w'’.-])((?:(?:[A-Z][A-Za-z'’]*|[A-Z]\.)[ \t]+(?:(?:of|the|and|&)[ \t]+)?){1,3})"
    rf"(?:{_KINDS})(?![\w'’-])"
)
# a prison's unit by its name and a Roman numeral: "from the Jester III Unit", "Ramsey I Unit" (a ward's unit has
# no numeral: "Intensive Care Unit")
_NUMBERED_UNIT = re.compile(
    r"(?<![\w'’.-])([A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?[ \t]+(?:I|II|III|IV|V|VI|VII)[ \t]+Unit)(?![\w'’-])"
)
_STATE_TECH = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+Tech(?![\w'’-])")
_NEXT_WORDS = re.compile(r"((?:[ \t]+[A-Za-z][a-z'’-]*){1,2})")
_WORKERS = frozenset("worker employee miner operator laborer labourer hand crew retiree".split())
_MATERIALS = frozenset(
    "uranium coal copper gold silver iron lead zinc steel tin nickel granite limestone marble slate gravel sand salt "
    "paper pulp saw grist cotton textile flour lumber timber asbestos talc silica cement vermiculite".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")


def _rare(word: str) -> bool:
    """A word that names: a single letter, a name's or no vocabulary's word, or a rarer English one."""
    w = word.strip(".")
    return len(w) == 1 or word_class(w) in (NAME, UNKNOWN) or zipf(w) < 4.0


# a congregation by its order and its church: "First Reformed", "Second Baptist Church", "First Christian Reformed"
_ORDINAL_CHURCH = re.compile(
    r"\b((?:First|Second|Third|Fourth|Fifth)[ \t]+(?:Christian[ \t]+|United[ \t]+|Free[ \t]+|Missionary[ \t]+)?"
    r"(?:Reformed|Baptist|Methodist|Presbyterian|Lutheran|Congregational|Mennonite|Covenant|Brethren|Evangelical|"
    r"Nazarene|Pentecostal|Church)(?:[ \t]+(?:Church|Chapel))?)(?![\w'’-])"
)
# a high school by its name in lower case after a student's word: "student at pacific high", "senior at west high"
_SCHOOL_HIGH = re.compile(
    r"\b(?i:student|senior|junior|freshman|sophomore|teacher|coach|graduate|grad|attends|attending)[ \t]+"
    r"(?i:at|of|from)[ \t]+((?:[a-z][a-z'’-]+[ \t]+){1,2}high)(?![\w'’-])"
)
# an institution, a festival or a monument named "of the" or "in the" something: "the Museum of the Rockies",
# "College of the Siskiyous", "Festival in the Park", "the Center of the Nation monument" (with the capitalised
# words before its head: "Sunrise Festival of the Arts")
_HEAD_OF_THE = re.compile(
    r"(?<![\w'’.-])((?:[A-Z][a-z'’]+[ \t]+){0,2}(?:Museum|College|University|Academy|Institute|Festival|Center|"
    r"Centre|Church|Cathedral|Shrine|Monument|Hall|Abbey|Temple|Basilica|Seminary|Conservatory|Theatre|Theater|"
    r"Library|Gallery|Fair|Jubilee|Carnival|Rodeo)[ \t]+(?:of|in|on)[ \t]+the[ \t]+"
    r"([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?)"
    r"(?:[ \t]+(?:monument|memorial))?)(?![\w'’-])"
)
# an image archive or a record named for its town: "images on the Spearfish PACS" (a vendor's is no town's)
_TOWN_SYSTEM = re.compile(r"\b(?i:the)[ \t]+([A-Z][a-z'’]+)[ \t]+(?:PACS|RIS|EMR|EHR|HIS|portal|server)\b")
# a town's name before a kind of place in lower case: "at the Circle clinic", "from the Fallon outreach van" (a
# town of the towns table; a service's word is no town: "the Sleep clinic")
_TOWN_BEFORE_KIND = re.compile(  # (of two words too: "the La Barge post office")
    r"\b(?i:the)[ \t]+([A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?)[ \t]+"
    r"(?:clinic|outreach|hospital|school|jail|library|pharmacy|post[ \t]+office|"
    r"fire[ \t]+hall|ambulance|nursing[ \t]+home|care[ \t]+center|health[ \t]+center|senior[ \t]+center|elevator|"
    r"co-?op|sale[ \t]+barn|rodeo|fairgrounds|high[ \t]+school|clinic's)\b"
)
_TOWN_ONLY_KIND = re.compile(r"(?:elevator|co-?op|sale[ \t]+barn|post[ \t]+office|fire[ \t]+hall|rodeo|fairgrounds)$")
# the same in lower case, and a town's area: "at the deaver elevator", "from the ralston area", "the kemmerer care
# center" (a town of the towns table no word list knows)
_LOWER_TOWN_BEFORE_KIND = re.compile(
    r"\bthe[ \t]+([a-z][a-z'’]+)[ \t]+(?:area|clinic|hospital|school|jail|library|pharmacy|post[ \t]+office|"
    r"elevator|co-?op|sale[ \t]+barn|rodeo|fairgrounds|nursing[ \t]+home|care[ \t]+center|senior[ \t]+center|"
    r"high[ \t]+school|fire[ \t]+hall)\b"
)
# a town's fire, police or ambulance service by its short name: "(Chamberlain VFD)", "Lead PD" (a town of the
# towns table; "Chamberlain procedure" has no service after it)
_TOWN_AGENCY = re.compile(
    r"\b([A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?)[ \t]+(?:VFD|FD|PD|SO|EMS|VFW|Fire|Police|Ambulance)\b"
)
# the same in lower case after "the": "hank from the roy ambulance" (a town of the towns table that is no word)
_LOWER_TOWN_AGENCY = re.compile(r"\bthe[ \t]+([a-z][a-z'’]+)[ \t]+(?:ambulance|ems|vfd|fire[ \t]+dept|rescue)\b")
_HEAD_HINT = re.compile(r"[a-z][ \t]+(?:of|in|on)[ \t]+the[ \t]+[A-Z]")
# a town's lodge of a fraternal order, which names its hall: "at the Elks downtown", "the Moose Lodge", "Eagles Club",
# "VFW Post 2211", "American Legion hall"
_LODGE = re.compile(
    r"\b(?:(?i:the)[ \t]+((?:Elks|Moose|Eagles|Odd[ \t]+Fellows|Masons|Grange|Legion)"
    r"(?:[ \t]+(?:Lodge|Club|Hall|Post))?)(?![\w'’-])"
    r"|((?:Elks|Moose|Eagles|Masonic|VFW|American[ \t]+Legion|Knights[ \t]+of[ \t]+Columbus)"
    r"[ \t]+(?i:lodge|club|hall|post|temple|council)(?:[ \t]*(?:#|No\.?)?[ \t]*\d{1,5})?)(?![\w'’-]))"
)
# a crew or a clan by its family's name: "on the ice with the Kaveolook crew", "the Tsosie clan"
_FAMILY_CREW = re.compile(  # "the Tschida family" (not "the Lynch family history", "the Swan family practice")
    r"\b(?i:the)[ \t]+([A-Z][a-z'’]+)[ \t]+(?:crew|clan|outfit|family(?![ \t]+(?i:history|practice|medicine|"
    r"physicians?|doctors?|members?|planning|care|clinic|tree|pedigree|cluster|screening)\b))\b"
)


def landmarks(text: str, mask: Mask) -> None:
    """See the module docstring; cost: one scan, only when a landmark's kind stands in the text."""
    for m in _STATE_TECH.finditer(text) if " Tech" in text else ():
        if m.group(1).lower() in state_names():
            mask(m.start(), m.end(), "place")  # "Michigan Tech sophomore": a state's technological university
    for m in _NUMBERED_UNIT.finditer(text) if " Unit" in text else ():
        if not any(w.lower() in STOP or word_class(w) == CLINICAL for w in m.group(1).split()[:-2]):
            mask(m.start(1), m.end(1), "place")  # "the Jester III Unit": a prison's unit by its name and numeral
    for m in _ORDINAL_CHURCH.finditer(text) if "First" in text or "Second" in text or "Third" in text else ():
        mask(m.start(1), m.end(1), "place")  # "Pastor ___ from First Reformed": a town's congregation by its order
    for m in _SCHOOL_HIGH.finditer(text) if " high" in text else ():
        if not any(w in STOP or word_class(w) == CLINICAL for w in m.group(1).split()[:-1]):
            mask(m.start(1), m.end(1), "place")  # "student at pacific high": a high school by its name, lower case
    for m in (
        _LODGE.finditer(text) if any(k in text for k in ("the ", "The ", "VFW", "Legion", "Masonic", "Knights")) else ()
    ):
        g = 1 if m.group(1) else 2
        mask(m.start(g), m.end(g), "place")  # "at the Elks": the town's lodge
    for m in _FAMILY_CREW.finditer(text) if " crew" in text or " clan" in text or " family" in text else ():
        if word_class(m.group(1)) in (NAME, UNKNOWN) and m.group(1).lower() not in STOP:
            mask(m.start(1), m.end(1), "name")  # "with the Kaveolook crew": a whaling crew by its captain's family
    for m in _HEAD_OF_THE.finditer(text) if _HEAD_HINT.search(text) else ():
        named = m.group(2).split()
        if not any(w.lower() in STOP or word_class(w) == CLINICAL for w in named) and not eponym_context(
            text, m.start(1), m.end(1)
        ):
            mask(m.start(1), m.end(1), "place")  # "the Museum of the Rockies": its head and what it is of
    for m in _TOWN_BEFORE_KIND.finditer(text) if " the " in text or "The " in text else ():
        word = m.group(1).lower()
        # (a name before a town's own kind of place names the town too: "the Ewing post office")
        named = " " not in word and _TOWN_ONLY_KIND.search(m.group(0)) and word_class(m.group(1)) in (NAME, UNKNOWN)
        if (
            (word in towns() or named)
            and not any(w in STOP or w in SERVICES for w in word.split())
            and not any(word_class(w) == CLINICAL for w in m.group(1).split())
        ):
            mask(m.start(1), m.end(1), "place")  # "the Circle clinic", "the La Barge post office": the town's
    for m in _LOWER_TOWN_BEFORE_KIND.finditer(text) if "the " in text else ():
        town = m.group(1)
        listed = town in towns() and word_class(town) in (NAME, UNKNOWN) and zipf(town) < 3.5
        # (a town too small for the table before a town's own kind of place, never a clinic's: "the ortho clinic")
        small = _TOWN_ONLY_KIND.search(m.group(0)) and word_class(town) == UNKNOWN and zipf(town) < 3.0
        if (listed or small and len(town) >= 4) and town not in STOP and town not in SERVICES:
            mask(m.start(1), m.end(1), "place")  # "at the deaver elevator", "from the ralston area"
    for m in (
        _TOWN_AGENCY.finditer(text)
        if "D" in text or "S" in text or "Fire" in text or "Police" in text or "Ambulance" in text
        else ()
    ):
        name = m.group(1)
        if (
            name.lower() in towns()
            or name.lower() in gazetteer()
            or " " not in name
            and word_class(name) == UNKNOWN
            and zipf(name) < 3.0
            and name.lower() not in STOP
        ):
            # "(Chamberlain VFD)", "Wright Ambulance": the town's fire department or ambulance; a word no list
            # knows before one is a town too small for the table ("Glendo EMS crew lead")
            mask(m.start(1), m.end(1), "place")
    for m in _LOWER_TOWN_AGENCY.finditer(text) if "the " in text else ():
        town = m.group(1)
        if town in towns() and word_class(town) in (NAME, UNKNOWN) and town not in STOP and town not in SERVICES:
            mask(m.start(1), m.end(1), "place")  # "from the roy ambulance": a small town's ambulance
    for m in _TOWN_SYSTEM.finditer(text) if "PACS" in text or "RIS" in text or "EHR" in text or "EMR" in text else ():
        if m.group(1).lower() in towns() or m.group(1).lower() in gazetteer():
            mask(m.start(1), m.end(1), "place")  # "the Spearfish PACS": the town's own archive
    if not _LANDMARK_HINT.search(text):
        return
    for m in _LANDMARK.finditer(text):
        start = m.start(1)
        words = m.group(1).split()
        if _SENTENCE_START.search(text, max(0, start - 3), start) and len(words) > 1 and zipf(words[0]) >= 4.0:
            if len(words[1].strip(".")) > 1:  # ("Running Y Ranch": a letter after it keeps it in the name)
                start += len(words[0]) + text[start + len(words[0]) :].index(words[1])
                words = words[1:]
        names = [w for w in words if w.lower() not in ("of", "the", "and", "&")]
        if not names or any(w.lower() in STOP or word_class(w.strip(".")) == CLINICAL for w in names):
            continue  # "The Lake", "Trauma Bay"
        if not any(_rare(w) for w in names):
            continue  # "Lost Sink Cave": common words alone, left to the voter
        after = _NEXT_WORDS.match(text, m.end())
        if after and any(word_class(w) == CLINICAL for w in after.group(1).split()):
            continue  # "Rocky Mountain spotted fever", "Ross River virus": a disease named for a place
        if after and after.group(1).split()[0].lower().rstrip("s") in _WORKERS:
            continue  # "Uranium Mill Worker", "Coal Mine Employees": a trade's kind of site, no site's name
        if all(w.lower() in _MATERIALS for w in names):
            continue  # "Uranium Mill", "Copper Mine"
        if eponym_context(text, start, m.end()) or text[start : m.end()].lower() in state_names():
            continue  # "Rocky Mountain spotted fever"; "Rhode Island", a state
        mask(start, m.end(), "place")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
