"""The PHI screen's class-based name passes: person names and Hangul names found by word class and shape.

The cue-based passes of ``phi.py`` take a name after a title, a label or a contact verb; ``phi_places`` takes
institutions and places first. These take the rest:

* ``names``: a run of capitalised words (Title Case or ALL CAPS) on one line, initials and particles ("bin",
  "van der") included, is a person's name when none of its words is a report or common English word
  (``phi_lexicon``) and it has the shape of a name: two or more name-class words (a listed name, an ambiguous name
  beside a listed one, two unknown Title Case words), one name-class word with an initial ("J. Okafor"), one
  listed name that English does not use as a word, or any one before a reporting verb ("Delacroix reviewed").
  "LAST, FIRST" in any case (and HL7's "LAST^FIRST") is a name when no report word and no common English word is
  in it. Eponyms stay: a run before an eponym head ("sign", "syndrome", "catheter", a disease word), after "sign
  of", after a clinical adjective ("bidirectional Glenn"), or a known named phrase ("Rocky Mountain").
* ``korean_names``: a Hangul word of three syllables (four with a two-syllable surname), a particle after it
  allowed, starting with a common surname and made of given-name syllables, that is not a report word nor a
  report adjective's stem and suffix; any surname when a role or "(M/45)" follows or it stands in English text.

Each pass masks what it finds in place (same length, ``_``) and counts it; it never returns the text's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

from megacxr.shards.phi_drugs import drugs
from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    DEVICE_BRANDS,
    DISEASE_SUFFIX,
    EPONYM_HEADS,
    EPONYM_PHRASES,
    HANGUL_BARE_SURNAMES,
    HANGUL_GIVEN,
    HANGUL_SURNAMES,
    KOREAN_CLINICAL,
    NAME,
    NAME_SHAPE,
    NATIVE_GIVEN,
    RADIOLOGY,
    SCORE_EPONYMS,
    SERVICES,
    UNKNOWN,
    WORD,
    derived_word,
    full_name_parts,
    is_first_name,
    is_last_name,
    spanish_hint,
    spanish_text,
    spanish_zipf,
    word_class,
    zipf,
)
from megacxr.shards.phi_patterns import KIN  # noqa: E402 (after the lexicon: the patterns know no words)
from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]  # (start, end, kind): mask text[start:end] as one identifier of kind

_CAP = r"(?:['’]?[A-Z](?:['’][A-Z])?[A-Za-z'’-]*[A-Za-z]|[A-Z]\.?)"
_PARTICLE = (
    r"(?:bin|binti|bint|ibn|abu|van|von|der|den|de|del|dela|delos|della|di|da|du|dos|das|la|le|al|el|ben|ter|ten|op|"
    r"het|['’]t)"
)
_RUN = re.compile(rf"(?<![\w'’-]){_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,5}}(?![\w'’-])")
_TOKEN = re.compile(r"\S+")
# (a tab ends a field: "Patient<TAB>Ortiz, Raul<TAB>Reader<TAB>...": the next cell's label is no eponym's head)
_NEXT_HANGUL = re.compile(r"[ \t]+([\uac00-\ud7a3]{2,8})")
_NEXT_WORD = re.compile(r" *[,)]? *([A-Za-z][A-Za-z'’-]*)")
_HL7_NAME = re.compile(
    r"(?<![\w^])([A-Z][A-Za-z'’-]+)\^([A-Z][A-Za-z'’-]+)(?:\^[A-Za-z'’-]*){0,5}"
    # an XCN with its id first (OBR-16, PV1-7): "|1234^OKONKWO^CHIDI^^^DR"
    # (a family name of words: "|8812^DE LEON-PRATT^CAROLINA", "|44^VAN DER BERG^ANNA")
    # (or with its id empty: "|^RIRIE^COLTON^^^PA-C")
    r"|(?:(?<=\|)|(?<=^))(?:[A-Za-z0-9]{1,20}|_+)?\^([A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,3})\^([A-Z][A-Za-z'’-]+)"
    r"(?:\^[A-Za-z'’-]*){0,5}",
    re.M,
)
_NEXT_WORD_NO_PAREN = re.compile(r" *([A-Za-z][A-Za-z'’-]*)")
_NEXT_WORD_IN_FIELD = re.compile(r" ?([A-Za-z][A-Za-z'’-]*)")
_LIST_ITEM_BEFORE = re.compile(r"(?:^|[,:;]\s*)([A-Za-z][A-Za-z'’-]*),[ \t]*$")
_PREV_OF = re.compile(
    r"(?i:\b(?:sign|signs|syndrome|disease|tetralogy|triad|pentalogy|law|lines?|node|nodes|of\s+the|vein|veins|"
    r"ligament|ligaments|pores?|canals?|channels?|space|spaces|angle|triangle|foramen|foramina|duct|ducts|pouch|"
    r"sinus|sinuses|ampulla|sphincter|islets?|loop|circle|organ|valve|crest|fossa|tubercle|bundle|ring|capsule|"
    r"membrane|fascia|glands?|body|bodies|corpuscles?|cells?|line|artery|nerve|ganglion|plexus|node|eventration|"
    r"hernia|hernias|herniation)\s+of[ \t]+$)"
)
_VERB_AFTER = re.compile(
    r"(?:,?[ \t]+who)?[ \t]+(?:reviewed|read|dictated|signed|called|paged|notified|discussed|agrees|agreed|"
    r"recommends|recommended|reports|reported|states|stated|saw|examined|interpreted|performed|requested|ordered|confirmed|verified|"
    r"approved|spoke|was\s+(?:notified|informed|called|paged|aware|present|contacted|updated)|is\s+aware|"
    r"acknowledged|concurs|concurred|wants|asked|requests|will\s+(?:call|follow|review|return)|"
    # what only a person does: "Gutierrez was seen in the infirmary", "Okafor denies chest pain"
    r"denies|denied|complains|complained|refused|declined|consented|arrived|returned|"
    # "Bayarmaa translated", "Mukendi wa Ilunga is a 56 y/o male", "Ilunga speaks Lingala"
    r"translated|interpreted\s+for|nodded|understood|understands|prefers|speaks|insists|"
    r"(?:is|was)\s+(?:a|an)\s+\d{1,3}[- ]?(?:y/?o|yo|yrs?|years?|year-old)\b|"
    r"was\s+(?:admitted|transferred|discharged|counseled|counselled|told|brought|escorted|booked|released|paroled)|"
    r"was\s+seen\s+(?:in|at|by)\s+(?:the\s+)?(?:clinic|infirmary|office|ed|er|triage|urgent|emergency|sick\s+call|"
    r"medical|health|dr\.?|nursing|the))\b"
)
_LAST_FIRST = re.compile(
    r"(?<![\w'’-])(?:(?i:de|dela|del|delos|de[ \t]+la|de[ \t]+los|van|von|van[ \t]+der|di|da|du|le|la|al|el|bin|"
    r"st\.?|san|santa|mac|ten|ter)[ \t]+)?([A-Z](?:['’][A-Z])?[A-Za-z'’-]*[A-Za-z])"
    r"(?:[ \t]+(?:JR|SR|II|III|IV|Jr\.?|Sr\.?))?,[ \t]*"  # "RODRIGUEZ JR, HECTOR M"
    r"([A-Z][A-Za-z'’-]*[A-Za-z])(?:[ \t]+[A-Z]\.?)?"
    r"(?![\w'’-])"
)
_PROCEDURES = re.compile(  # "status post Fontan, Glenn and Norwood", "S/P GLENN", "Bidirectional Glenn"
    r"(?i:\b(?:status[ \t]+post|s/p|underwent|staged|bidirectional|classic|fenestrated|extracardiac))[ \t]+"
    r"((?:[A-Z][A-Za-z'’-]*(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+|[ \t]+)?){1,5})"
)
_MODALS = frozenset("will may can shall must should would could might".split())
_VERB_NEXT = re.compile(r"[ \t]+(?i:be|not|have|need|follow|include|require|show|remain|change|call)\b")
_PROCEDURE_HINT = re.compile(r"(?i:s/p|post|underwent|staged|bidirectional|classic|fenestrated|extracardiac)")
_PREFIXES = frozenset("post pre non re anti sub semi co self well low high long short left right mid multi".split())
STOP = frozenset(
    """
i a an the this that these those of on in at by for from to and or with per via as is was were be been are am pm
dr drs mr mrs ms mx miss prof doctor no not yes
""".split()
)

HANGUL = re.compile("[\uac00-\ud7a3]")
_PHRASES_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _p in EPONYM_PHRASES:
    _PHRASES_BY_FIRST[_p.split()[0]] = (*_PHRASES_BY_FIRST.get(_p.split()[0], ()), _p)
_HANGUL_HEAD = re.compile(  # a Korean procedure, disease, sign or device word: an eponym's head
    r"[ \t]*[\uac00-\ud7a3]*(?:술|증|증후군|병|염|암|종양|탈장|골절|징후|분류|기준|점수|판막|카테터|도관|스텐트|관|선)"
    r"(?![\uac00-\ud7a3])"
)
_PAREN_OPEN = re.compile(r"([A-Za-z][A-Za-z-]*)[ \t]*\([^()\n]{0,80}$")
_PERSON_CUE_INSIDE = re.compile(r"[:=]|\b(?:per|by|from|named|called|aka|a\.k\.a\.)\b")


_PAPER_WORDS = frozenset(
    "requisition requisitions preliminary prelim report reports read reading order orders consent wristband label "
    "chart record signature dictation attestation interpretation review note notes transcription film films".split()
)


def _synonym_parens(text: str, start: int) -> bool:
    """Inside "amiodarone (Cordarone, Pacerone)", "esophagectomy (Ivor Lewis)", "coils (Interlock, Nester)":
    parentheses right after a lower-case technical word hold its other names (brands, organisms, eponyms), not
    a person ("the daughter (Maria Lopez)" is still a name: "daughter" is an ordinary word)."""
    m = _PAREN_OPEN.search(text, max(0, start - 100), start)
    if not m:
        return False
    w = m.group(1)
    if w.lower() in _PAPER_WORDS:
        return False  # "Name on requisition (Lavonne Hatcher)", "Resident preliminary (...)": whose paper or read
    if _PERSON_CUE_INSIDE.search(text, m.end(1), start):
        return False  # "Deckhand (per crew roster: Lonnie Ray Pettit)": a label or a person's cue inside, no synonym
    if w[:1].isupper() and w[1:].islower() and len(w) >= 8:
        return word_class(w) in (CLINICAL, UNKNOWN)  # "Amiodarone (Cordarone, Pacerone)" at a sentence's start
    return w.islower() and len(w) >= 5 and word_class(w) in (CLINICAL, UNKNOWN)


_LATIN_BEFORE = re.compile(r"[A-Za-z][A-Za-z.,]*[ \t]+$")
_LATIN_PERSON_CUE = re.compile(
    r"(?i:\bby|\bper|d/w|\bw/|\bwith|\bto|\bdr\.?|\bmr\.?|\bmrs\.?|\bms\.?|\brn|\bcalled|\bpaged)[ \t]+$"
)
_HANGUL_WORD = re.compile(r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{2,8}(?![\uac00-\ud7a3])")
_PARTICLES = (
    "씨에게", "씨가", "씨는", "씨의", "씨와", "씨를", "씨께", "님께서", "님이", "님은", "님의", "님을", "님과",
    "으로부터", "로부터", "이라고", "에게서", "이랑", "에게는", "에게", "께서", "님께", "한테", "으로", "에서",
    "라고", "이가", "이는", "이를", "이의", "이와", "이도", "님", "씨", "께", "은", "는", "이", "가", "을", "를",
    "의", "와", "과", "도", "만", "에", "로", "랑",
)  # fmt: skip
_ROLE_AFTER = re.compile(
    r"[ \t]*(?:\(|,)?[ \t]*(?:R[1-4]|F[1-3]|PGY-?\d|MD|M\.D\.|RN|resident|fellow|intern|attending|교수|전공의|인턴|"
    r"레지던트|펠로우|전임의|선생|간호사|방사선사)\b"
    r"|[ \t]*\(\s*(?:M|F|남|여|male|female)\s*/\s*\d{1,3}\s*(?:세|y|Y)?\s*\)"  # "(M/45)", "(여/35)"
    r"|[ \t]*\(\s*\d{1,3}\s*(?:세|y|Y)?\s*/\s*(?:M|F|남|여|male|female)\s*\)"  # "(54/M)", "(35세/여)"
    # "(남편)": a relation
    r"|[ \t]*\(\s*(?:남편|아내|부인|아들|딸|어머니|아버지|모친|부친|배우자|보호자|며느리|사위|손자|손녀)\s*\)"
)


def is_caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def acronym(token: str) -> bool:
    """An unpronounceable word in capitals ("USPSTF", "NCCN", "LDCT"): three letters or more, at most one vowel,
    and no listed name ("SMITH", "BRANDT" are names)."""
    letters = [c for c in token if c.isalpha()]
    return (
        len(letters) >= 3
        and is_caps(token)
        and sum(c in "AEIOU" for c in letters) <= 1
        and word_class(token) not in (NAME, AMBIGUOUS)
    )


def _initial(token: str) -> bool:
    t = token.rstrip(".")
    return len(t) == 1 and t.isalpha() and t.isupper()


def eponym_after(text: str, end: int, paren: bool = True, loose: bool = False) -> bool:
    """True when an eponym head ("sign", "syndrome", "catheter", ...) follows ``end``, possibly after up to three
    report words ("Starr-Edwards ball-in-cage mitral prosthesis", "New York Heart Association class"), or a
    Korean clinical word ("Ivor Lewis 식도절제술", "Pancoast 종양"); ``loose`` (after a double-barrelled name such
    as "Walker-Murdoch") lets any descriptive lower-case word stand between ("wrist sign", "muscular dystrophy")."""
    if _HANGUL_HEAD.match(text, end):
        return True
    if _SCORE_NUMBER.match(text, end):
        before = _LAST_WORD.search(text, max(0, end - 24), end)
        if before and before.group(1).lower() in SCORE_EPONYMS:
            return True  # "Braden 12", "Karnofsky 30%": a score named for its author, then the score
    pos = end
    model = _MODEL_NUMBER.match(text, end) if _MODEL_WORD.search(text, max(0, end - 8), end) else None
    if model:
        pos = model.end()  # "Bird Mark 7 respirator": a device's model and its number before its kind
    for _ in range(5):
        m = (_NEXT_WORD if paren else _NEXT_WORD_NO_PAREN).match(text, pos)
        if not m:
            return False
        w = m.group(1).lower()
        parts = w.split("-")
        if w in _VERBS_AFTER_NAME:
            return False  # "Migdalia Ortiz reports fever": a person's verb, not an eponym's words
        if pos == end and "," in m.group(0)[: m.start(1) - m.start()]:
            if w in EPONYM_HEADS or w.rstrip("s") in EPONYM_HEADS:
                return False  # "from Moloka'i, fever": a head straight after a comma starts a new phrase
        if w in EPONYM_HEADS or w.rstrip("s") in EPONYM_HEADS or DISEASE_SUFFIX.search(w):
            return True
        if len(parts) > 1 and "in" not in parts and (parts[-1] in EPONYM_HEADS or parts[0] in EPONYM_HEADS):
            return True  # "Montgomery T-tube", "Philadelphia chromosome-positive"
        if w in ("and", "or") and m.group(1).islower():
            pos = m.end()
            continue  # "Hickman, Groshong and Broviac catheters"
        original = m.group(1)
        technical = original.islower() and ("-" in w or word_class(w) == UNKNOWN)  # "pleuroperitoneal"
        descriptive = loose and original.islower() and w not in STOP and not w.endswith(("ed", "s")) and len(w) > 3
        device = w in _DEVICE_DESCRIPTORS  # "Hakim programmable valve", "Starr-Edwards mechanical valve"
        if word_class(w) != CLINICAL and not technical and not original[0].isupper() and not descriptive and not device:
            return False
        pos = m.end()
    return False


_MODEL_WORD = re.compile(r"(?<![\w'’-])(?:Mark|Mk\.?|Model|Series)$")
_MODEL_NUMBER = re.compile(r"[ \t]+(?:\d{1,3}[A-Za-z]?|[IVX]{1,4})(?=[ \t]+[a-z])")
# the words that describe a device between its maker's or inventor's name and its kind
_DEVICE_DESCRIPTORS = frozenset(
    "programmable adjustable mechanical bioprosthetic bileaflet tilting-disc tilting fixed-pressure fixed magnetic "
    "medium-pressure low-pressure high-pressure tunneled tunnelled cuffed implanted indwelling single double triple "
    "dual single-lumen double-lumen triple-lumen power-injectable silicone".split()
)
_SCORE_NUMBER = re.compile(r"[ \t]*(?:score[ \t]*)?[:=]?[ \t]*\d{1,3}(?:/\d{1,3}|%)?(?![\d/.-]\d)")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z'’-]*)$")
_VERBS_AFTER_NAME = frozenset(
    "reports reported states stated says said denies denied complains complained notes noted describes described "
    "presents presented endorses endorsed feels felt has had is was reports called agrees agreed".split()
)


def _eponym_list_after(text: str, end: int) -> bool:
    """ "Hickman, Groshong and Broviac catheters": a list of capitalised words that ends in an eponym head."""
    m = re.match(r"(?:[ \t]*(?:,|and|or|/)[ \t]*[A-Z][A-Za-z'’-]+){1,4}", text[end : end + 120])
    return bool(m) and eponym_after(text, end + m.end())


def eponym_context(text: str, start: int, end: int) -> bool:
    """An eponym around text[start:end]: a head after it, "sign of" / "tetralogy of" before it, a procedure's
    "s/p" before it ("s/p Norwood", "status post Ravitch"), a dose after it (a drug's brand: "Norco 5/325",
    "Lasix 40 mg"), or a maker's name alone in parentheses after a device ("Pigtail catheter (Wayne)")."""
    if eponym_after(text, end) or _PREV_OF.search(text, max(0, start - 40), start):
        return True
    if _PROCEDURE_BEFORE.search(text, max(0, start - 24), start) or _DOSE_AFTER.match(text, end):
        return True
    if text[start:end].lower() in _SCORE_EPONYMS and _SCORE_AFTER.match(text, end):
        return True  # "Glasgow 15", "Wells 4.5": a score named for a person or a place
    head = _HEAD_PAREN_BEFORE.search(text, max(0, start - 30), start)
    after = text[end : end + 1]
    return bool(head) and head.group(1).lower().rstrip("s") in EPONYM_HEADS and after == ")"


_HEAD_PAREN_BEFORE = re.compile(r"([A-Za-z]+)[ \t]*\([ \t]*$")
_SCORE_EPONYMS = frozenset("glasgow apgar wells geneva braden mallampati caprini padua khorana".split())
_SCORE_AFTER = re.compile(  # "Glasgow 15/15", "Apgar 8/10": a score out of its scale's maximum, no date
    r"[ \t]*(?:score[ \t]*)?[:=]?[ \t]*\d{1,2}(?:\.\d)?(?:[ \t]*/[ \t]*1[05](?![\d/:])|(?![\d/:]))"
)
_PROCEDURE_BEFORE = re.compile(r"(?i:\bs/p|\bstatus[ \t]+post|\bbidirectional|\bmodified)[ \t]+$")
# a dose after a word: a strength with its unit, or a combination's two strengths ("5/325": a paired number whose
# second part has three digits is no date)
_DOSE_AFTER = re.compile(
    r"[ \t]+\d+(?:\.\d+)?"
    r"(?:[ \t]*(?:mg|mcg|µg|ug|g|mL|ml|units?|IU|iu|mEq|meq)\b|/\d+(?:\.\d+)?[ \t]*(?:mg|mcg)\b|/\d{3,4}\b)"
)


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z'’/-]*)[ \t]+$")


def _clinical_before(text: str, start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    w = m.group(1)
    return w.islower() and (word_class(w) == CLINICAL or w in ("post", "s/p", "modified", "bidirectional", "classic"))


def _reporting_verb_after(text: str, end: int) -> bool:
    m = _VERB_AFTER.match(text, end)
    return bool(m)


def named_phrase(text: str, start: int, end: int) -> bool:
    """The run starts a known named entity of medicine ("Rocky Mountain spotted fever", "New York Heart
    Association", "Lady Windermere"), from ``EPONYM_PHRASES``."""
    head = text[start : end + 40].lower()
    first = head.split(maxsplit=1)[0] if head.strip() else ""
    return any(head.startswith(p) for p in _PHRASES_BY_FIRST.get(first, ()))


_CAPS_VERB_END = re.compile(r"[A-Z]{3}(?:ED|ING)$")


def _caps_verb_form(word: str) -> bool:
    """A verb's form in capitals that is an English word in use and no listed name: "INTERPOSED", "PAGED"."""
    if not _CAPS_VERB_END.search(word) or is_first_name(word) or is_last_name(word):
        return False
    c = word_class(word)
    return c in (WORD, CLINICAL) or c == UNKNOWN and zipf(word) >= 1.5


def _last_first(last: str, first: str) -> bool:
    """ "Lee, Anne", "MCALLISTER, DUNCAN", "YI, SANG-MIN": no report word, one side a name or unknown, and any
    English word among them a rare one ("Stable, Unchanged" and "Effusion, Left" stay)."""
    if last.lower() in STOP or first.lower() in STOP:
        return False
    if acronym(last) and acronym(first):
        return False  # "Positive PPD, BCG vaccinated": two unpronounceable acronyms, not SURNAME, GIVEN
    if is_caps(last) != is_caps(first) and min(len(last), len(first)) <= 4:
        return False  # "GERD, Barrett's", "CF, Burkholderia": an acronym beside a word, not SURNAME, Given
    if word_class(first) == WORD and not is_first_name(first):
        return False  # "COUGH X 2 WEEKS, SMOKER": a given name is a given name, not a common word
    if "-" in first and not all(is_first_name(p) or word_class(p) in (NAME, AMBIGUOUS) for p in first.split("-")):
        return False  # "Starr-Edwards, Bjork-Shiley": a given name's parts are given names (Mary-Jane, Ji-hoon)
    if any(
        is_caps(x) and "-" in x and any(len(p) <= 3 and word_class(p) not in (NAME, AMBIGUOUS) for p in x.split("-"))
        for x in (last, first)
    ):
        return False  # "LIMA-LAD, SVG-OM": grafts and scores, not names ("JUNG, HYE-JIN" is one)
    kinds = [word_class(last), word_class(first)]
    if all(k in (WORD, AMBIGUOUS) for k in kinds) and min(zipf(last), zipf(first)) >= 4.0 and not is_first_name(first):
        return False  # "TRAUMA, FALL": two common words (a surname one too), no given name
    if (
        kinds[0] == CLINICAL
        and is_first_name(first)
        and zipf(first) < 4.5
        and word_class(first) != CLINICAL
        and zipf(last) < 4.0  # (not "SIGN, COLON": a common report word is nobody's surname here)
        and first.lower() not in RADIOLOGY  # (not "Westermark, Hampton": two signs, each named for someone)
    ):
        return True  # "HORNER, CASEY": an eponym is someone's surname too when a first name follows
    if CLINICAL in kinds or not any(k in (NAME, AMBIGUOUS, UNKNOWN) for k in kinds):
        return False
    if kinds == [UNKNOWN, UNKNOWN] and min(len(last), len(first)) < 4:
        return False  # "NO CONSOL, EFF OR PTX": two unknown words in capitals are abbreviations
    return all(k != WORD or zipf(w) < 4.5 for k, w in zip(kinds, (last, first), strict=False))


_WORD_ENDING = re.compile(r"(?:ly|ed|ing|ion|ions|ment|ness|ive|al|ous|ful|less|able|ible|ary|ic|ics|ity)$")


# report words that also are surnames and open a header's phrase ("Prior Authorization", "Prior Studies")
_HEADER_WORDS = frozenset("prior previous final interim initial interval".split())


def _name_segments(tokens: list[re.Match]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of a run that are names (see the module docstring)."""
    classes = [
        "initial" if _initial(t.group(0)) or t.group(0).islower() else word_class(t.group(0)) for t in tokens
    ]  # a particle ("bin", "van") is neutral like an initial
    for k, t in enumerate(tokens):  # "BCG", "IGRA", "USPSTF": an unknown short or unpronounceable word in
        w = t.group(0)  # capitals is an acronym
        if classes[k] == UNKNOWN and is_caps(w) and (len(w) <= 4 or acronym(w)):
            classes[k] = WORD
    for k in range(1, len(tokens)):  # "Cordelia Winslow": a rare word after a name is a surname
        t = tokens[k].group(0)
        prev = tokens[k - 1].group(0)
        named = classes[k - 1] == NAME or (
            classes[k - 1] == AMBIGUOUS and zipf(prev) < 5.0 and prev.lower() not in _HEADER_WORDS
        )  # not "Small R-sided", not "Prior Authorization"
        if classes[k] == WORD and named and not is_caps(t) and 0 < zipf(t) < 4.0 and "-" not in t:
            classes[k] = NAME
    for k in range(len(tokens) - 1):  # "Ovide Vidrine": a drug's brand before a surname is a given name
        t = tokens[k].group(0)
        if classes[k] == CLINICAL and classes[k + 1] in (NAME, UNKNOWN) and t.istitle() and t.lower() in drugs():
            classes[k] = AMBIGUOUS
    only = tokens[0].group(0)
    if (
        len(tokens) == 1
        and classes[0] == WORD
        and only.istitle()
        and zipf(only) < 3.3
        and not _WORD_ENDING.search(only)
        and not derived_word(only)
    ):
        classes[0] = UNKNOWN  # "Marlowe read the study": a rare word alone is a name before a reporting verb
    for k in range(len(tokens) - 2):  # "Pa Nhia Xiong", "Mai Yer Thao": a short word before two names is a name
        t = tokens[k].group(0)
        if classes[k] == WORD and classes[k + 1] == NAME and classes[k + 2] in (NAME, UNKNOWN) and zipf(t) < 5.0:
            classes[k] = NAME
    out, i = [], 0
    while i < len(tokens):
        if classes[i] in (CLINICAL, WORD) or tokens[i].group(0).lower().strip(".") in STOP:
            i += 1
            continue
        j = i
        while j < len(tokens) and classes[j] not in (CLINICAL, WORD) and tokens[j].group(0).lower() not in STOP:
            j += 1
        seg = classes[i:j]
        words = [c for c in seg if c != "initial"]
        caps = all(is_caps(tokens[k].group(0)) for k in range(i, j) if classes[k] != "initial")
        if len(words) >= 2 and (NAME in words or AMBIGUOUS in words or (not caps and words.count(UNKNOWN) >= 2)):
            out.append((i, j, "run"))
        elif len(words) == 1 and len(seg) >= 2 and words[0] in (NAME, AMBIGUOUS, UNKNOWN):
            w0 = next(tokens[k].group(0) for k in range(i, j) if classes[k] != "initial")
            if _letter_after_word(tokens, classes, i, j) or (is_caps(w0) and words[0] != NAME):
                # "Hemophilia B"; "SMALL L PTX", "NIOSH B Reader": in capitals only a listed name takes an initial
                i = j
                i = j
                continue  # "Hemophilia B", "Kerley B", "Hepatitis C": a letter without a dot after a word
            out.append((i, j, "run"))  # "J. Okafor", "OKAFOR J", "Smith, J."
        elif len(words) == 1 and len(seg) == 1 and words[0] in (NAME, AMBIGUOUS, UNKNOWN):
            t = tokens[i].group(0)
            strong = words[0] == NAME and (not is_caps(t) or len(t) >= 5) and (zipf(t) < 3.0 or NAME_SHAPE.match(t))
            if strong:
                out.append((i, j, "single"))
            elif words[0] in (NAME, UNKNOWN) or words[0] == AMBIGUOUS and zipf(t) < 4.5 and not is_caps(t):
                out.append((i, j, "weak"))  # only before a reporting verb: "Delacroix reviewed", "Banks agrees"
        i = j
    return out


def _letter_after_word(tokens: list[re.Match], classes: list[str], i: int, j: int) -> bool:
    """The segment is one Title Case word followed only by bare capital letters ("Hemophilia B")."""
    word = tokens[i].group(0)
    rest = [tokens[k].group(0) for k in range(i + 1, j)]
    return (
        classes[i] != "initial"
        and not is_caps(word)
        and classes[i] != NAME
        and bool(rest)
        and all(len(r) == 1 and r.isupper() for r in rest)
    )


_SIGN_OFF = re.compile(  # "Agree. Frost", "\n-- Brandt", "\n— Okafor", "thx, Kristi": a name closes the message
    r"(?:^|[.!?][ \t]+|\n[ \t]*|(?i:thanks|thank[ \t]+you|thx|ty|cheers|regards|best|rgds)[,!.]?[ \t]+"
    # "... uploaded to PACS -- Deb", "no PTX. —GKV", "cancelled by Beto": a dash or "by" before the last word
    r"|[ \t]+(?=--|—|–)|[ \t](?i:by)[ \t]+)"
    r"(?:(?:--?|—|–|~)[ \t]*)?([A-Z][a-z'’-]+)[ \t]*\.?[ \t]*$"
    r"|(?:^|[.!?][ \t]*|\n[ \t]*)(?:--?|—|–)[ \t]*([A-Z]{2,4})[ \t]*$"  # "no PTX. —GKV": initials after a dash
)


def _spanish_words(words: list[str]) -> bool:
    """Words of a Spanish heading or service ("Sala de Emergencia", "Cuidado Intensivo", "Líneas B de Kerley",
    sentence-initial "Este"): each a frequent Spanish word, a particle, a letter or a report word, one of them
    no listed name, none a listed given name."""
    plain = [w for w in words if len(w) > 1 and w.lower() not in ("de", "del", "la", "las", "los", "y", "e")]
    if not plain or any(is_first_name(w) and spanish_zipf(w) < 4.5 for w in plain):
        return False
    if not all(spanish_zipf(w) >= 3.0 or word_class(w) == CLINICAL or w.lower() in RADIOLOGY for w in plain):
        return False
    if any(w.lower() == "de" for w in words) and all(
        word_class(w) == CLINICAL or w.lower() in RADIOLOGY for w in plain
    ):
        return True  # "líneas B de Kerley", "signo de Westermark": an eponym in Spanish word order
    return any(spanish_zipf(w) >= 5.0 or word_class(w) == UNKNOWN for w in plain)


def names(text: str, mask: Mask) -> None:
    """Mask capitalised runs that have the shape of a person's name (module docstring)."""
    m = _SIGN_OFF.search(text, max(0, len(text) - 60))
    g = 1 if m and m.group(1) else 2
    if m and word_class(m.group(g)) in (NAME, AMBIGUOUS, UNKNOWN) and zipf(m.group(g)) < 4.5:
        mask(m.start(g), m.end(g), "name")  # "Agree with above. Frost": a reader's sign-off ends the report
    if "^" in text:
        for m in _HL7_NAME.finditer(text):  # "ABEBE^SELAMAWIT^T^^^DR": an HL7 person name (PID-5, OBR-16)
            g = 1 if m.group(1) else 3
            if _last_first(m.group(g), m.group(g + 1)):
                mask(m.start(), m.end(), "name")  # an XCN's id is the person's too (a provider number)
    procedures = [(m.start(1), m.end(1)) for m in _PROCEDURES.finditer(text)] if _PROCEDURE_HINT.search(text) else []
    for m in _LAST_FIRST.finditer(text):
        if not _last_first(m.group(1), m.group(2)) or _eponym_list_after(text, m.end()):
            continue
        if any(a < m.end() and m.start() < b for a, b in procedures):
            continue  # "STATUS POST FONTAN, GLENN AND NORWOOD": procedures named for people
        if not (is_caps(m.group(1)) and is_caps(m.group(2))) and _synonym_parens(text, m.start()):
            continue  # "(Cordarone, Pacerone)"; "(NWOSU, CHIDINMA A)" in capitals is a patient's name
        if _LIST_ITEM_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "Swan-Ganz, Dobbhoff, Foley (partially imaged)": a list of devices
        if _ROMAN.fullmatch(m.group(1)) and _GRADE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "NYHA class IV, INTERMACS profile 2": a class's numeral, no surname
        if eponym_after(text, m.end(), paren=False):
            continue  # "Foley, Jackson-Pratt drains"
        nxt = _NEXT_WORD_IN_FIELD.match(text, m.end())  # (not the next field's: "Story, Hunter J   CR CHEST")
        if nxt and nxt.group(1) and word_class(nxt.group(1)) == CLINICAL and not is_caps(m.group(2)):
            continue  # "Mine Worker, Black Lung Surveillance": the second word opens a disease's name
        mask(m.start(), m.end(), "name")
    # whether the text reads as Spanish: asked once, only when a Spanish function word is there at all and a run
    # could be Spanish words (an English report has none of "de", "con", "sin", "por", "para", ...)
    spanish = None if spanish_hint(text) else False
    for m in _RUN.finditer(text):
        tokens = list(_TOKEN.finditer(m.group(0)))
        if not tokens or "_" in m.group(0) or any(named_phrase(text, m.start() + t.start(), m.end()) for t in tokens):
            continue
        if spanish is not False and _spanish_words([t.group(0) for t in tokens]):
            spanish = spanish_text(text) if spanish is None else spanish
            if spanish:
                continue  # "Sala de Emergencia notificada", "Este informe fue ...": Spanish words, not a name
        if any(a < m.end() and m.start() < b for a, b in procedures):
            continue  # "STATUS POST FONTAN", "S/P GLENN": procedures named for people
        if "(" in text and not is_caps(m.group(0)) and _synonym_parens(text, m.start()):
            continue
        for i, j, how in _name_segments(tokens):
            end = m.start() + tokens[j - 1].end()
            words = [t.group(0) for t in tokens[i:j]]
            if all(w.isupper() and zipf(w) >= 5.0 and not is_first_name(w) for w in words):
                continue  # "READ BACK REQUIRED", "HOLD STILL": capitals of common words, no name
            if any(_caps_verb_form(w) for w in words) and not any(word_class(w) == NAME for w in words):
                continue  # "COLON INTERPOSED", "LINE REPOSITIONED": a finding's verb in capitals, no name
            if len(words) == 1 and (words[0].lower() in SERVICES or words[0].lower() in _ROLE_NOUNS):
                continue  # "Toxicology recommends observation", "Clinician reports": a service or a role
            pair = j - i == 1 and tokens[i].group(0).count("-") == 1 and not is_caps(tokens[i].group(0))
            last = tokens[j - 1].group(0)
            if (
                eponym_after(text, end, loose=pair)
                or last.endswith(("'s", "’s"))
                or j - i == 1
                and last.endswith(("'S", "’S"))
                and zipf(last[:-2]) >= 3.0  # "MINER'S CHEST X-RAY PROGRAM" (not "ANSGAR'S", "FULTON HAMLIN'S")
            ):
                continue  # "Kerley B lines", "Hampton's hump", "Ivor Lewis esophagectomy"
            if how == "weak" and not (j == len(tokens) and _reporting_verb_after(text, end)):
                continue
            if how != "run" and _clinical_before(text, m.start() + tokens[i].start()):
                continue  # "bidirectional Glenn", "status post Fontan": a procedure named for someone
            if i == 0 and j - i >= 2 and tokens[0].group(0).lower() in ("post", "status", "s/p"):
                continue  # "Post Fontan palliation": "post" opens a procedure, not a given name
            if _PREV_OF.search(text, max(0, m.start() + tokens[i].start() - 40), m.start() + tokens[i].start()):
                continue  # "S sign of Golden", "Tetralogy of Fallot"
            if tokens[j - 1].group(0).lower() in _MODALS and _VERB_NEXT.match(text, end):
                continue  # "FINAL READ WILL BE PROVIDED": a modal verb before its verb, not "Will"
            if how == "single" and "-" in tokens[i].group(0) and tokens[i].group(0).split("-")[0].lower() in _PREFIXES:
                continue
            head, _, tail = tokens[i].group(0).rpartition("-")
            if how == "single" and head and tail.islower() and zipf(tail) >= 3.0 and zipf(head) >= 3.5:
                if not _ROMANISED_PAIR.fullmatch(tokens[i].group(0)):  # ("Ji-woo", "Sang-min": a given name)
                    continue  # "Small-bore", "Large-caliber": English words, the second in lower case
            start = m.start() + tokens[i].start()
            if _ROMAN.fullmatch(words[0]) and _GRADE_BEFORE.search(text, max(0, start - 16), start):
                continue  # "NYHA class IV, INTERMACS profile 2": a class's numeral, no surname
            mask(m.start() + tokens[i].start(), end, "name")


# a role's noun alone before a reporting verb: "Clinician reports a Hamman crunch", "Sonographer notes ..."
_ROLE_NOUNS = frozenset(
    "clinician clinicians physician physicians provider providers radiologist radiologists technologist "
    "technologists sonographer sonographers clinicians paramedic paramedics caregiver caregivers pharmacist "
    "therapist therapists surgeon surgeons cardiologist pulmonologist intensivist hospitalist midwife".split()
)
# two romanised Korean syllables joined by a hyphen (as ``phi_context`` reads a given name: "Ji-woo", "Soo-ah")
_ROMANISED_PAIR = re.compile(
    r"(?i:[bcdghjkmnprstwy]{0,3}[aeiouy]{1,3}(?:ng|n|m|l|k|p|t)?-[bcdghjkmnprstwy]{0,3}[aeiouy]{1,3}(?:ng|n|m|l|k|p|t)?)"
)
_ROMAN = re.compile(r"(?:I{1,3}|IV|V|VI{1,3}|IX|X)")
_GRADE_BEFORE = re.compile(r"(?i:\b(?:class|stage|grade|type|level|phase|zone|category|tier)[ \t]+)$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’]{2,}(?![\w'’-])")


def lower_full_names(text: str, mask: Mask) -> None:
    """A listed first name followed by a listed last name or a word no vocabulary knows, the first name not an
    English or report word, in lower case: dictation without capitals ("per nursing carlos mendoza pulled his ng
    tube", "orderly giuseppe santangelo")."""
    first, last = full_name_parts()
    prev = None
    for m in _LOWER_WORD.finditer(text):
        w = m.group(0)
        # a surname no list holds ("giuseppe santangelo") after a first name that is no English word at all
        surname = w in last or (len(w) >= 4 and word_class(w) == UNKNOWN and prev is not None and zipf(prev[0]) < 3.5)
        if prev is not None and surname and text[prev.end() : m.start()].strip(" \t") == "":
            mask(prev.start(), m.end(), "name")
        prev = m if w in first else None


_LOWER_SPEAKER = re.compile(  # "eleni called back re her dad's xray": a lower-case given name opening a sentence
    r"(?:^|[.!?;]\s+|\n\s*)([a-z][a-z'’-]+)\s+(?:called|calls|phoned|texted|emailed|says|said|states|stated|reports|"
    r"reported|asked|asks|wants|wanted|requested|requests|left\s+(?:a\s+)?(?:vm|voicemail|message)|confirmed|"
    r"declined|refused|agreed|consented)\b"
)


# a person by the post they were reached at: "per rose at the front desk", "spoke w bill at the nursing station",
# "Discussed w/ Hawk at bedside" (a given name that is a word too: the frame says it is someone's)
_NAME_AT_POST = re.compile(
    r"(?i:\b(?:per|spoke[ \t]+(?:w/?|with|to)|discussed[ \t]+(?:w/?|with)|talked[ \t]+(?:w/?|with|to)|called|paged|"
    r"d/w|message[ \t]+(?:to|from))[ \t]+)([A-Za-z][a-z'’-]+)[ \t]+(?i:at|from|in)[ \t]+(?:(?i:the)[ \t]+)?"
    r"(?i:front[ \t]+desk|desk|nurs(?:ing|es['’]?)[ \t]+station|bedside|registration|reception|charge[ \t]+desk|"
    r"scheduling|triage|check-?in)\b"
)
_POST_HINT = re.compile(r"(?i:desk|station|bedside|registration|reception|triage|scheduling|check-?in)")


def post_names(text: str, mask: Mask) -> None:
    """A given name (a listed one, or a capitalised word no vocabulary calls common) before the post where the
    writer reached them; not a role or a report word ("per nursing at the bedside", "per RN at the desk")."""
    for m in _NAME_AT_POST.finditer(text) if _POST_HINT.search(text) else ():
        w = m.group(1)
        if w.lower() in STOP or word_class(w) == CLINICAL or w.lower() in _NOT_POST_NAMES:
            continue
        if is_first_name(w.lower()) or w[0].isupper() and word_class(w) in (NAME, UNKNOWN, AMBIGUOUS):
            mask(m.start(1), m.end(1), "name")


_NOT_POST_NAMES = frozenset("nursing nurse staff family security registration tech charge unit team pharmacy".split())


def lower_speakers(text: str, mask: Mask) -> None:
    """A listed given name (no English word, no report word) opening a lower-case sentence before a verb of
    speaking or calling: who called, said or asked."""
    for m in _LOWER_SPEAKER.finditer(text):
        w = m.group(1)
        if word_class(w) == NAME and is_first_name(w) and w not in STOP:
            mask(m.start(1), m.end(1), "name")


# a chat log's or call log's speaker column: "[09:14] kiros: pt is back", "14:02 amaru.quispe: done", or a line
# "Dawit: ok thanks" among two or more such lines
_CHAT_SPEAKER = re.compile(  # (a bracketed time stamp marks a log's line anywhere: "... [16:40] tsegaye: done")
    r"(?:^[ \t]*|(?=\[\d))"
    r"(\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?(?![A-Za-z]))?\]?[ \t]*(?:[-–|>][ \t]*)?)?"
    r"([A-Za-z][A-Za-z'’-]+(?:[._ ][A-Za-z][A-Za-z'’-]+)?|_+)[ \t]*:[ \t]+(?=\S)",  # (one a pass masked counts too)
    re.M,
)


def _speaker_part(w: str) -> bool:
    """A speaker column's word that may be a person's: a listed or unknown name, no English or report word."""
    c, low = word_class(w), w.lower()
    if c == CLINICAL or low in STOP or low in RADIOLOGY or low in DEVICE_BRANDS or len(w) < 2:
        return False
    return c in (NAME, UNKNOWN) or is_first_name(w) and zipf(w) < 4.0


def chat_speakers(text: str, mask: Mask) -> None:
    """Mask the speakers of a chat or call log: a name (a listed or unknown word, any case) opening a line before
    a colon, after a time stamp or on two or more such lines; a label ("Impression:", "Tech:") is a word."""
    found = list(_CHAT_SPEAKER.finditer(text))
    if not found or not (len(found) >= 2 or any(m.group(1) for m in found)):
        return
    for m in found:
        if "_" not in m.group(2) and all(_speaker_part(p) for p in re.split(r"[._ ]", m.group(2))):
            mask(m.start(2), m.end(2), "name")


_ROLE_PAREN = re.compile(  # "Bill (son)", "Sage (RT)", "Penny (5N charge)", "Sunil (pt's son, physician abroad)"
    r"(?<![\w'’-])([A-Za-z][A-Za-z'’-]+)(?:,?[ \t]+[A-Z]\.?)?[ \t]*\([ \t]*(?:(?:pt|patient)['’]s[ \t]+)?"
    rf"(?:{KIN}|RT|RN|NP|PA-C|MD|DO|LPN|CNA|RRT|CRNA|charge|PGY-?\d|R[1-4]|HCP|POA|boyfriend|girlfriend|"
    r"\d[A-Z]\s+charge|cardiology|pulmonology|surgery|nephrology|oncology|hospitalist|IR|ICU|MICU|SICU|"
    # the people around a patient by what they do: "Yerlan (driver/facilitator)", "Barnes, T. (tech)"
    r"parents|driver|facilitator|interpreter|translator|tech|technologist|resident|attending|fellow|intern|"
    r"student|chaplain|pastor|neighbou?r|friend|roommate|caregiver|aide|guardian|case[ \t]+manager|"
    r"social[ \t]+worker|nurse|coach|teacher|counselou?r|officer|agent|sponsor|landlord|landlady|employer|"
    r"supervisor|foreman|boss|co-?worker|manager|escort|companion|host|interpreting|[a-z]+(?:ist|ian)s?)\b"
)


def role_paren_names(text: str, mask: Mask) -> None:
    """A word right before a parenthesised role or relation is a person's name ("Chance (boyfriend)", "frank
    (RT)", "Carol (wife, HCP)"), unless a vocabulary claims it as a report word or it is a common word that is no
    listed name ("Still (cardiology)" is a name, but a rare one to lose; "Foley (RN)" is a catheter)."""
    for m in _ROLE_PAREN.finditer(text):
        w = m.group(1)
        c = word_class(w)
        low = w.lower()
        if c == CLINICAL or low in STOP or c == WORD and zipf(w) >= 4.0 or low in RADIOLOGY or low in DEVICE_BRANDS:
            continue
        mask(m.start(1), m.end(1), "name")
        pair = _PAIR_BEFORE.search(text, max(0, m.start(1) - 30), m.start(1))  # "Gantulga and Bolormaa (parents)"
        if pair and word_class(pair.group(1)) in (NAME, UNKNOWN) and pair.group(1).lower() not in STOP:
            mask(pair.start(1), pair.end(1), "name")


_PAIR_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)[ \t]+(?:and|&)[ \t]+$")


_LOWER_INITIAL_NAME = re.compile(  # "the nursing note by m. ardemagni", "cc: j. okwuosa": typed in lower case
    r"\b(?i:by|per|with|w/|to|cc:?|from|signed|attn:?|read)[ \t]+"
    r"([a-z]\.[ \t]?[a-z][a-z'’]{2,}(?:-[a-z][a-z'’]+)?)(?![\w'’-])"
)


# an initial and a capitalised surname after a signature's or a message's cue, whatever word the surname is:
# "signed R. Stands", "per T. Bird", "cc: J. Young-Hunter"
_CASED_INITIAL_NAME = re.compile(
    r"\b(?i:signed|signed[ \t]+by|per|cc:?|attn:?)[ \t]+([A-Z]\.[ \t]?[A-Z][a-z'’]{2,}(?:-[A-Z][a-z'’]+)?)(?![\w'’-])"
)


def lower_initial_names(text: str, mask: Mask) -> None:
    """An initial and a lower-case surname after a cue of a person ("by m. ardemagni"): a listed or unknown name,
    no English or report word."""
    for m in _CASED_INITIAL_NAME.finditer(text):
        surname = m.group(1).split(".", 1)[1].strip()
        if word_class(surname) != CLINICAL and surname.lower() not in STOP:
            mask(m.start(1), m.end(1), "name")
    for m in _LOWER_INITIAL_NAME.finditer(text):
        surname = m.group(1).split(".", 1)[1].strip()
        c = word_class(surname)
        if (
            c != CLINICAL
            and surname not in STOP
            and surname not in RADIOLOGY
            and (c in (NAME, UNKNOWN, AMBIGUOUS) or zipf(surname) < 3.0)  # (a listed name that is a word too:
        ):  # "seen by d. king", "final read m. grant")
            mask(m.start(1), m.end(1), "name")


_MESSAGE_FOR = re.compile(  # "lmom for bernadette to call back", "vm left for marisol", "lvm w/ okafor"
    r"\b(?i:lmom|lmtcb|lvm|lm|vm|msg|message|voicemail)(?:[ \t]+left)?[ \t]+(?i:for|with|w/|to)[ \t]+"
    r"([A-Za-z][a-z'’-]+)(?![\w'’-])"  # (capitalised in prose: "Message left for Wanda at 785-...")
)


# a person to reach by name: "Contact Jess at ...", "ask for Marlys on 3 West", "text Deb via the portal"
_CONTACT_PERSON = re.compile(
    r"\b(?i:contact|ask[ \t]+for|page|text|reach)[ \t]+([A-Z][a-z'’-]{2,14})(?=[ \t]+(?:at|on|via|re|@)\b|[ \t]*@)"
)
_NOT_MESSAGED = frozenset("pt patient family team him her them dr mr mrs ms miss doctor nurse the".split())


def message_names(text: str, mask: Mask) -> None:
    """A typed name after a message left for someone: a listed given name or a word no vocabulary knows."""
    for m in _MESSAGE_FOR.finditer(text):
        w = m.group(1).lower()
        c = word_class(m.group(1))
        if w in STOP or c == CLINICAL or w in RADIOLOGY or w in _NOT_MESSAGED:
            continue
        if c in (NAME, UNKNOWN) or is_first_name(w) and zipf(w) < 5.0:
            mask(m.start(1), m.end(1), "name")
    for m in _CONTACT_PERSON.finditer(text):
        w = m.group(1).lower()
        if w in STOP or w in RADIOLOGY or w in _NOT_MESSAGED or word_class(m.group(1)) in (CLINICAL, WORD):
            continue
        if word_class(m.group(1)) == NAME or is_first_name(w) and zipf(w) < 4.5:
            mask(m.start(1), m.end(1), "name")  # "Contact Jess at": a listed given name to reach


# a person named as the source or the subject of what was said: "per bikash, coughing since ...", "he said sherzod
# can return", "wife states Thabo is ..."
_REPORTED_BY = re.compile(r"\b(?i:per|according[ \t]+to)[ \t]+([a-z][a-z'’-]{3,})(?=[ \t]*[,;:]|[ \t]+(?:who|and)\b)")
_REPORTED_SUBJECT = re.compile(
    r"\b(?i:he|she|they|wife|husband|son|daughter|mother|father|mom|dad|nurse|doctor|tech|family|caller|employer|"
    r"supervisor|foreman|interpreter)[ \t]+(?i:said|says|states|stated|reports|reported|thinks|confirmed|confirms)"
    r"[ \t]+(?:(?i:that)[ \t]+)?([A-Za-z][a-z'’-]{2,})[ \t]+(?i:can|could|will|would|is|was|has|had|should|may|might|"
    r"must|needs|wants|feels|denies|works|lives|started|came|went|coughed|fell)\b"
)
_VOWEL = re.compile(r"[aeiouy]")
_CONSONANT = re.compile(r"[^aeiouy]")
_SERVICE_SHORT = frozenset(
    "nephro neph crit pulmcrit heme onc hemeonc cards pulm ortho neuro nsgy ctsx ctsurg gensurg surg rads ir ent gi "
    "slp pccm ccm tsicu micu sicu cvicu nicu picu icu ems medicine protocol".split()
)


_QUOTED_WORD = re.compile(r"(?<=[ \t])[\"“‘']([A-Za-z][a-z'’-]{1,15})[\"”’']")  # the quotes first: they are rare
_KIN_BEFORE_QUOTE = re.compile(rf"\b(?i:{KIN})[ \t]+$")  # daughter "bunny"
_SURNAME_AFTER_QUOTE = re.compile(r"[ \t]+([A-Z][a-z'’-]+)(?![\w'’-])")
_WORD_BEFORE_QUOTE = re.compile(r"(?<![\w'’-])([A-Z][A-Za-z'’-]*[a-z])[ \t]+$")  # ("Kwok-Fai")


def quoted_nicknames(text: str, mask: Mask) -> None:
    """A nickname in quotes right after a relation or a role ('daughter "bunny"', 'nurse "Tweety"'): whatever word
    it is, in quotes after a person's noun it is what the person is called."""
    for m in _QUOTED_WORD.finditer(text):
        if _KIN_BEFORE_QUOTE.search(text, max(0, m.start() - 24), m.start()):
            mask(m.start(1), m.end(1), "name")
        after = _SURNAME_AFTER_QUOTE.match(text, m.end()) if m.group(1)[0].isupper() else None
        given = _WORD_BEFORE_QUOTE.search(text, max(0, m.start() - 24), m.start())
        if given and (is_first_name(given.group(1)) or word_class(given.group(1)) in (NAME, UNKNOWN)):
            continue  # 'Raymond "Skip" Desjarlait': a given name before it, the whole name is the name passes'
        if after and after.group(1).lower() not in STOP and word_class(after.group(1)) in (NAME, UNKNOWN):
            mask(m.start(1), after.end(1), "name")  # 'driver "Tiny" Gunderson': a nickname before a surname


def reported_names(text: str, mask: Mask) -> None:
    """A person given as the source of what a note reports ("per bikash,") or as the subject of what someone said
    ("he said sherzod can return"): a listed given name no common word, or a word no vocabulary knows with a
    vowel (an abbreviation of a service has none, or is listed: "per ctsx", "per nephro")."""
    for pattern in (_REPORTED_BY, _REPORTED_SUBJECT):
        for m in pattern.finditer(text):
            w = m.group(1)
            low = w.lower()
            if low in STOP or low in _SERVICE_SHORT or low in RADIOLOGY or low in SERVICES:
                continue
            c = word_class(w)
            if c == CLINICAL or c == WORD or c == AMBIGUOUS and zipf(w) >= 3.5:
                continue
            if c == UNKNOWN and (zipf(w) >= 2.5 or not (_VOWEL.search(low) and _CONSONANT.search(low))):
                continue  # "per clinician": a word in use the lists miss; "per ctsx": an abbreviation
            mask(m.start(1), m.end(1), "name")


_PAREN_WORDS = re.compile(r"\([ \t]*([A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]*\)")
_ROLE_BEFORE_PAREN = re.compile(  # "night float (okwuosa)", "nurse (lisa)", "per ortho (Ruiz)", "son (andrew)"
    rf"(?i:\b(?:{KIN}|float|ortho|cards|pulm|neuro|surgery|gen[ \t]+surg|ent|rt|rn|np|pa|md|intern|hospitalist|charge|"
    r"nursing|pharmacy|consultant|medic|emt|trainer|atc|coach|officer|deputy|guard|co|sgt|lt|capt|nocturnist|"
    r"intensivist|anesthesia|anesthesiologist|rads|cards|rapid[ \t]+response|team[ \t]+lead|supervisor|desk|"
    r"front[ \t]+desk|clerk|receptionist|secretary|operator|scheduler|registration))[ \t]*$"
)


def paren_after_role(text: str, mask: Mask) -> None:
    """A name in brackets right after a role or a relation ("night float (okwuosa)", "son (andrew)"): a listed
    or unknown name, any case; an abbreviation, a report word or a common word stays ("nurse (RN)", "son (adult)")."""
    for m in _PAREN_WORDS.finditer(text):  # (the brackets first: they are rarer than a role's words)
        if not _ROLE_BEFORE_PAREN.search(text, max(0, m.start() - 24), m.start()):
            continue
        words = m.group(1).split()
        if all(_paren_name_part(w) for w in words):
            mask(m.start(1), m.end(1), "name")


def _paren_name_part(w: str) -> bool:
    c, low = word_class(w), w.lower()
    if w.isupper() and len(w) >= 4 and c != CLINICAL and is_first_name(low):
        return True  # "FRONT DESK (BRENDA)": a given name in capitals, not an abbreviation ("(RN)", "(ICU)")
    if c == CLINICAL or low in STOP or low in RADIOLOGY or low in DEVICE_BRANDS or len(w) < 3 or w.isupper():
        return False
    return c in (NAME, UNKNOWN) or is_first_name(w) and zipf(w) < 5.0 or c == AMBIGUOUS and zipf(w) < 4.5


def korean_names(text: str, mask: Mask) -> None:
    """Mask bare Hangul names: surname + given-name syllables, a particle allowed after them; in an English
    sentence ("Consulted 채승훈 regarding ..."), any surname will do."""
    for m in _HANGUL_WORD.finditer(text):
        word = m.group(0)
        if _labelled_with_role(text, m.start(), m.end(), word):
            mask(m.start(), m.end(), "name")  # "담당 전공의: 이상 (R2)": a word too, between a role's label and year
            continue
        if word in KOREAN_CLINICAL or word.endswith(_PLACE_KINDS_KO):
            continue  # "한울마을": a village's name, not 한 + 울마 + 을
        pair_end = _foreign_given_pair(text, m.start())
        if pair_end:
            mask(m.start(), pair_end, "name")  # "조나단 스미스 (미국)": a listed given name and its surname, whole
            continue
        before = _LATIN_BEFORE.search(text, max(0, m.start() - 24), m.start())
        role = _ROLE_AFTER.match(text, m.end())
        latin_name = (  # not "좌위로", nor a common word and its particle ("1.2 cm, 경계가")
            before
            and _hangul_name(word, any_surname=True)
            and word[-1] not in _HARD_ENDINGS
            and not _word_and_particle(word)
        )
        # "transcribed by 장미", "d/w 하나": after an English person's cue, a surname and one syllable, a word or not
        latin_name = latin_name or (
            len(word) == 2
            and word[0] in HANGUL_SURNAMES
            and word[1] in HANGUL_GIVEN
            and word not in KOREAN_CLINICAL
            and _LATIN_PERSON_CUE.search(text, max(0, m.start() - 24), m.start()) is not None
        )
        full_role = _FULL_NAME_ROLE_AFTER.match(text, m.end()) and _hangul_name(word, any_surname=True)
        religious = _RELIGIOUS_TITLE_AFTER.match(text, m.end()) and 2 <= len(word) <= 4
        if religious and word not in KOREAN_CLINICAL and _korean_zipf().get(word, 0.0) < 4.5:
            mask(m.start(), m.end(), "name")  # "원명 스님", "마리아 수녀님": a religious name, no surname first
            continue
        if role and hangul_name_like(word, strict=False) or latin_name or full_role and not common_korean_word(word):
            mask(m.start(), m.end(), "name")  # "김산 (M/45)", "채승훈 (흉부외과 fellow)", "Consulted 채승훈"
            continue
        if (
            len(word) == 2
            and _KIN_PERSON_AFTER.match(text, m.end())
            and (word[0] in HANGUL_GIVEN or word[0] in HANGUL_SURNAMES)
            and word[1] in HANGUL_GIVEN
            and word not in KOREAN_CLINICAL
            and word not in _RELATION_WORDS
            and not common_korean_word(word)
            and not korean_listed_word(word)
            and _korean_zipf().get(word, 0.0) < 3.5
        ):
            # "순자 할머니께서", "권솔 어린이,": a given name alone (or a surname and one syllable) before an elder's
            # or a child's noun, of given-name syllables and no word in wide use
            mask(m.start(), m.end(), "name")
            continue
        stem, role_before = None, False
        if _PERSON_AFTER.match(text, m.end()) and word[-1] not in _PARTICLE_ENDS:
            stem = word  # "천옥분 환자" (not "사본은 환자": a word and its particle)
        elif _PERSON_BEFORE.search(text, max(0, m.start() - 8), m.start()) and word[3:] in _SUBJECT_PARTICLES:
            stem = word[:3]  # "요양보호사 변정숙은", "환자 박끝순이" (not "보호자 동반하에": no subject)
        elif (
            word[3:] in _PERSON_PARTICLES or len(word) == 3 and word[-1] not in _PARTICLE_ENDS
        ) and _ROLE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            stem, role_before = word[:3], True  # "요청자 추봉석 /", "안전관리자 도재필과 통화": a role, then the person
        elif word[3:] == "의" and _RECORD_AFTER.match(text, m.start() + 4):
            stem = word[:3]  # "피명수의 2년 전 사진과 비교": a person's record
        elif word[3:] in _SUBJECT_PARTICLES and _SENTENCE_START.search(text, max(0, m.start() - 2), m.start()):
            stem = word[:3] if _hangul_name(word[:3], any_surname=True) else None  # "표진아는 이전 병원 필름 지참"
        # (after a role the given syllables may be a word too: "방조제 근로자 탁성우", 성우 a voice actor)
        if stem and _rare_full_name(stem, given_any=role_before):
            mask(m.start(), m.start() + 3, "name")  # any surname, any given syllables
            continue
        native = _native_beside_person(text, m, word)
        if native:
            mask(m.start(), m.start() + native, "name")  # "양구름은 감귤 농가를", "간사랑 교도관에게", "현봄 환자"
            continue
        if word.endswith("한") and _before_report_word(text, m.end()):
            continue  # "한미한 음영이": an adjective's form (하다's) before a report word, no surname's name
        stems = [word] + [word[: -len(p)] for p in _PARTICLES if word.endswith(p) and len(word) > len(p)]
        if _word_and_particle(word):
            stems = stems[1:]  # a common word and its particle, not a three-syllable name
        if _AUXILIARY_AFTER.match(text, m.end()):
            continue  # "주시기 바랍니다": a verb form before an auxiliary, not a name
        if word.endswith(_POLITE_ENDINGS):
            continue  # "확인해 주세요", "오십시오": a polite verb's ending, not a surname and two syllables
        if any(stem in KOREAN_CLINICAL for stem in stems[1:]):
            continue  # "대동맥 박리가": a report word and its particle, no 박 + 리가
        for stem in stems:
            if stem in KOREAN_CLINICAL or korean_derived_word(stem):
                break  # "서류용 흉부 촬영": a document's word and its suffix (용), no 서 + 류용
            if len(stem) == 3 and korean_word_zipf(stem) >= 3.7:
                break  # "고구마 밭일 중": a word in wide use, no surname and two syllables
            if len(stem) == 3 and stem[1:] in _POSTURE_WORDS and _before_report_word(text, m.end()):
                break  # "정자세 흉부 사진": a prefix and a posture's word (자세) before a report's word
            if _hangul_name(stem) or _animate(word[len(stem) :], text, m.end()) and rare_surname_name(stem):
                mask(m.start(), m.start() + len(stem), "name")  # "탁지호와 함께", "엄규진에게": a rarer surname
                break


def _before_report_word(text: str, end: int) -> bool:
    """A report's word (its first two syllables or more, a particle after it) follows ``end``: "... 음영이"."""
    m = _NEXT_HANGUL.match(text, end)
    word = m.group(1) if m else ""
    return any(word[:k] in KOREAN_CLINICAL for k in range(len(word), 1, -1))


def _native_beside_person(text: str, m: re.Match, word: str) -> int:
    """The length of a surname-and-native-name at ``m`` (its particle cut off) when a person's cue stands beside
    it: a person's noun or a title after it, a role before it, or a subject's particle at a sentence's start."""
    for stem in [word] + [word[: -len(p)] for p in _PARTICLES if word.endswith(p) and len(word) > len(p)]:
        if not native_given_name(stem):
            continue
        tail = word[len(stem) :]
        after = tail == "" and (_PERSON_AFTER.match(text, m.end()) or _TITLE_AFTER_NATIVE.match(text, m.end()))
        before = _PERSON_BEFORE.search(text, max(0, m.start() - 8), m.start()) or _ROLE_BEFORE.search(
            text, max(0, m.start() - 12), m.start()
        )
        subject = tail in _SUBJECT_PARTICLES and _SENTENCE_START.search(text, max(0, m.start() - 2), m.start())
        if after or before or subject:
            return len(stem)
    return 0


_TITLE_AFTER_NATIVE = re.compile(  # a title or a role after a name: "간사랑 교도관에게", "양하얀 전공의가"
    r"[ \t]?(?:교도관|교수|전공의|간호사|선생님?|보호자|할망|하르방|할머니|할아버지|어르신|여사|군|양|주무관|팀장|이장|"
    r"해녀|선장)"
    r"(?![\uac00-\ud7a3](?<![이가은는의을를께에와과도]))"
)
_TOGETHER_AFTER = re.compile(r"[ \t]*(?:함께|같이)")
# a person's noun right after a name or a carer's role right before it: "천옥분 환자", "요양보호사 변정숙은"
_PERSON_AFTER = re.compile(  # ("봉준표 님으로", "편승철 본인이": a person's noun and its particle)
    r"[ \t]?(?:환자|할머니|할아버지|어르신|씨|님|본인)(?![\uac00-\ud7a3](?<![이가은는의을를께에으와과도]))"
)
_PERSON_BEFORE = re.compile(r"(?:환자|보호자|요양보호사|간병인|통역사|간호사|주치의|담당의)[ \t]+$")
_POSTURE_WORDS = frozenset("자세 와위 측면 정면 후면 전면 위치".split())  # (after 정, 반, 측: "정자세", "반와위")
# whose elder or child it is, no name: "손주 할머니", "사돈 어르신", "옆집 할아버지"
_RELATION_WORDS = frozenset(
    "손주 손자 손녀 외가 친가 처가 시가 시댁 사돈 이웃 옆집 앞집 뒷집 큰집 친척 이모 고모 당숙".split()
)
_KIN_PERSON_AFTER = re.compile(  # an elder's or a child's noun after a given name: "순자 할머니께서", "권솔 어린이,"
    r"[ \t](?:할머니|할아버지|어르신|어린이|환아)(?:께서|께|는|가|의|를|와|도)?(?![\uac00-\ud7a3])"
)
# a role that names a person (the name follows it): "요청자 추봉석", "안전관리자 도재필과", "주무관 어금순"
_ROLE_BEFORE = re.compile(
    r"(?:관리자|담당자|요청자|신청자|작성자|책임자|근로자|검진자|수진자|의뢰자|확인자|판독자|감독자|대리인|신청인|보증인|"
    r"주무관|감독관|조사관|상담원|조사원|직원|팀장|반장|소장|과장|주임|대리|기사|선생님|통역원|활동가|봉사자|"
    r"접수자|수검자|피검자|검사자|촬영자|기록자|인계자|인수자|보고자|목격자|신고자|동승자|운전자|응급구조사|구급대원|"
    r"구조대원|대원|소방관|경찰관|치위생사|위생사|교정의|방사선사|임상병리사|물리치료사|작업치료사|영양사|간호조무사|"
    r"사회복지사|선원|선장)[ \t]+$"
)
_PERSON_PARTICLES = frozenset("은 는 이 가 께서 이가 와 과 의 에게 께 한테 을 를 도 로부터 에게서".split())
# a record of the person: "피명수의 (2년 전) 사진", "어금순의 이전 영상"
_RECORD_AFTER = re.compile(
    r"[ \t]+(?:\d+[ \t]*(?:년|개월|주|일)[ \t]*전[ \t]*|이전[ \t]+|과거[ \t]+|지난[ \t]+|최근[ \t]+)?"
    r"(?:사진|영상|검사|흉부|촬영|기록|판독|필름|CT|X-?ray|엑스레이|결과|차트|소견|진료)"
)
# a sentence's start; a Korean subject right after Latin-script text opens a sentence of its own too (a mixed
# report's "... normal 연구름은 어제부터")
_SENTENCE_START = re.compile(r"(?:^|[\n.!?:;)\]]|\n[ \t]*|[A-Za-z])[ \t]*$")
_DISEASE_ENDINGS = frozenset("암병증염압통종균과")  # 폐암, 백혈병, 신부전증, 편도염: a disease before 환자


_PARTICLE_ENDS = frozenset("은는을를의에로와과도")
_SUBJECT_PARTICLES = frozenset("은 는 이 가 께서 이가".split())


def _rare_full_name(stem: str, given_any: bool = False) -> bool:
    """Three syllables, any surname first, no word of the Korean lists and no disease's ending: a full name next
    to a noun of a person ("천옥분 환자", "박끝순이"), where the bare rule asks for common surnames and given
    syllables only; ``given_any`` (after a person's role) lets the given syllables be a common word."""
    return (
        len(stem) == 3
        and stem[0] in HANGUL_SURNAMES
        and stem[-1] not in _DISEASE_ENDINGS
        and stem not in KOREAN_CLINICAL
        and not common_korean_word(stem)
        and not korean_listed_word(stem)
        and not korean_derived_word(stem)
        and _korean_zipf().get(stem, 0.0) < 2.5
        and (
            _korean_zipf().get(stem[1:], 0.0) < 4.0
            or given_any
            and stem[1:] not in KOREAN_CLINICAL
            and not korean_listed_word(stem[1:])
        )
    )  # (심 + 질환, 고 + 혈압: a syllable and a common word)


def _animate(particle: str, text: str, end: int) -> bool:
    """A particle only a person takes ("에게", "한테", "께서"), or "와/과" before "함께" (with someone)."""
    if particle in ("에게", "에게는", "에게서", "한테", "께서", "께", "님께") or particle[:1] in ("씨", "님"):
        return True
    return particle in ("와", "과", "이와", "이랑", "랑") and _TOGETHER_AFTER.match(text, end) is not None


# a role after a full name: "마동현 선수", "권태윤 병장" (a full name's shape: "배구 선수", "노인 수용자" are words)
_ROLE_LABEL_BEFORE = re.compile(
    r"(?:전공의|인턴|레지던트|전임의|펠로우|주치의|담당의|판독의|판독|담당|간호사|방사선사|교수)[ \t]*[:：][ \t]*$"
)
_RESIDENT_YEAR_AFTER = re.compile(r"[ \t]*\([ \t]*(?:R[1-4]|F[1-3]|PGY-?\d|[1-4]년차|전공의|전임의|인턴)[ \t]*\)")


def _labelled_with_role(text: str, start: int, end: int, word: str) -> bool:
    """A surname and one to three syllables after a role's label and its colon, before a resident's year in
    brackets ("담당 전공의: 이상 (R2)"): a name, whatever word it also is."""
    return (
        2 <= len(word) <= 4
        and word[0] in HANGUL_SURNAMES
        and _RESIDENT_YEAR_AFTER.match(text, end) is not None
        and _ROLE_LABEL_BEFORE.search(text, max(0, start - 12), start) is not None
    )


_FULL_NAME_ROLE_AFTER = re.compile(
    r"[ \t]*(?:선수|감독|코치|병장|상병|일병|이병|하사|중사|상사|소위|중위|대위|교도관|수용자|재소자|통역사|간호사|"
    r"순경|경장|경사|경위|경감|경정|총경|소방사|소방교|소방장|소방위|구급대원|구조대원|응급구조사)"
    r"(?![\uac00-\ud7a3](?<![은는이가의을를과와께에도]))"
)
_RELIGIOUS_TITLE_AFTER = re.compile(
    r"[ \t]*(?:스님|수녀님?|신부님?|목사님?|전도사님?|장로님?|집사님?|권사님?|수사님?|법사님?)"
    r"(?![\uac00-\ud7a3](?<![이가은는의을를께]))"
)
_PLACE_KINDS_KO = ("마을", "단지", "아파트", "빌라", "맨션", "타운")
_COMPOUND_SURNAME = re.compile(r"(?<![\uac00-\ud7a3])(남궁|황보|제갈|선우|독고|사공|서문)( ?)([\uac00-\ud7a3]{1,5})")


def compound_surname_names(text: str, mask: Mask) -> None:
    """A two-syllable surname and a one- or two-syllable given name, joined or spaced, a particle allowed after
    it ("선우현과", "남궁 민 교수님께", "제갈윤 학생"): the bare-name rule reads only one-syllable surnames."""
    for m in _COMPOUND_SURNAME.finditer(text):
        rest = m.group(3)
        for n in (2, 1):
            given, tail = rest[:n], rest[n:]
            if len(given) == n and all(c in HANGUL_GIVEN for c in given) and (tail == "" or tail in _PARTICLES):
                if m.group(0)[: m.end(2) - m.start() + n] not in KOREAN_CLINICAL:
                    mask(m.start(), m.start(3) + n, "name")
                break


# Foreign names written in Hangul ("나탈리아", "카리모프 딜쇼드", "응우옌 반 투안"): no surname list knows them, so
# they are found by their cues: a name label before them, an honorific after them, or "환자" after words no Korean
# word list holds, with syllables that transliterations use and native words rarely do.
# (and the tense syllables of Khmer, Thai and Vietnamese names: "삐셋", "뽀우", "찌응", "띠다")
_FOREIGN_SYLLABLES = frozenset("르프트스드즈츠크브그쉬셰쇼옌쩐흐웨샤샬쥔쯔블플렉탈쿨굴딜릭믹닉빅삐뽀쁘띠찌꾸뚜")
_HANGUL_ROLES = frozenset(
    "교수 선생 환자 보호자 간호사 기사 원장 과장 부장 실장 팀장 주치의 담당 고객 어르신 할머니 할아버지 어머님 아버님 "
    "전공의 인턴 레지던트 통역 통역사 직원 학생 소장 대표".split()
)
_HANGUL_LABEL = re.compile(
    r"(?:(?:성\s?명|이름|환자명|환자\s*이름|보호자명|성함)\s*[:：]?|(?:환자|수진자|피검자|보호자)\s*[:：])\s*"
    r"([\uac00-\ud7a3]+(?:[ \t]+[\uac00-\ud7a3]+){0,2})"
)
# a disease, a condition or a modifier before 환자 ("베체트병 환자", "복용 중인 환자"), not a name
NOT_NAME_END = tuple("증 병 염 종 암 군 환 성 는 은 인 한 된 던 운 적 력 자".split())
# (not a seed's shape or size, "대추씨 모양의 이물질", "수박씨 크기", nor what a seed does, "사과 씨 흡인")
_HONORIFIC = re.compile(
    r"[ \t]*(?:님|씨)(?:께서|께|에게|이|가|은|는|을|를|의|과|와|도|이가)?(?![\uac00-\ud7a3])"
    r"(?![ \t]*(?:모양|크기|만한|만큼|형태|같은|처럼|정도|흡인|이물|섭취|삼킴|삼켜|껍질|조각|걸림))"
)
_PATIENT_AFTER = re.compile(r"[ \t]*(?:환자|보호자)")
# foreign given names as Korean writes them (migrant workers, marriage migrants, Korean-Americans): the first word
# of a name whose other part a pass masked ("마리아 ___"), or before a one-syllable surname and a title ("마이클 강
# 교수님께")
FOREIGN_GIVEN_HANGUL = (
    "마리아|안나|아나|마이클|제임스|데이비드|다니엘|요셉|조셉|사라|엘레나|소피아|올가|나탈리아|나탈리|이반|알렉산더|"
    "알렉산드르|알렉세이|호세|후안|카를로스|루이스|미겔|무함마드|모하메드|아흐마드|알리|하산|피터|토마스|로버트|"
    "리처드|윌리엄|크리스|크리스틴|제니퍼|제시카|에밀리|로사|카르멘|루시아|이사벨|나디아|타냐|스베틀라나|이리나|"
    "타티아나|드미트리|세르게이|니콜라이|블라디미르|빅토르|빅토리아|안드레이|굴나라|딜노자|아지즈|루스탐|"
    "자밀라|마리셀|로웨나|제니|에드윈|로렌스|니콜|케빈|브라이언|스티븐|앤드류|헬렌|그레이스|수잔|"
    "린다|리사|엘리자베스|캐서린|줄리아|안젤라|로즈|레이첼|한나|에스더|레베카|사무엘|벤자민|조나단|매튜|"
    "아브라함|이삭|야곱|요한|바울|베드로|안드레|야콥|굴잔|아이굴|파티마|아미나|자이납|마리암|"
    "리디아|나스타샤|아나스타시아|예카테리나|율리아|크세니아|알리나|마르가리타|라일라|레일라|라이언|브랜든|타일러|"
    "저스틴|제이슨|에릭|애슐리|니콜라스|알렉스|조슈아|에이든|이선|올리비아|엠마|클로이|매디슨|케일라|호세|"
    "하인리히|한스|클라우스|볼프강|게르하르트|우르줄라|잉그리드|헬가|프리드리히|마티아스|아나스타샤|나타샤|"
    "존|잭|톰|빌|조지|프랭크|헨리|찰스|에드워드|스콧|그레고리|패트릭|숀|션|제프리|티모시|도널드|로널드|"
    "케네스|게리|개리|래리|제리|테리|데니스|월터|아서|해럴드|앨버트|카를|오스카|휴고|에밀|레오|"
    "낸시|캐런|도나|베티|샌드라|마거릿|패트리샤|바바라|수전|데보라|도로시|캐롤|샤론|미셸|로라|에이미|멜리사|"
    "스테파니|레베카|신시아|캐슬린|앤|앤젤라|모니카|베로니카|테레사|마르타|소냐|갈리나|류드밀라|"
    "예브게니|막심|파벨|올렉|이고르|바딤|안톤|미하일|콘스탄틴|아르템|아이다|아셀|카밀라|딜쇼드|"
    "바흐롬|자수르"
)
_FOREIGN_GIVEN_SURNAME = re.compile(  # ("마이클 김이 통역함": the surname's particle stays)
    rf"(?<![\uac00-\ud7a3])((?:{FOREIGN_GIVEN_HANGUL})[ \t]+([\uac00-\ud7a3]))(?:이|가|은|는|의|에게|과|와|도)?"
    r"(?=[ \t]*(?:교수|선생|님|씨|박사|원장|과장|부장|간호사|기사|통역사|목사|신부|수녀|[,)(/]|$)|[ \t])",
    re.M,
)
# a listed foreign given name and a transliterated surname: "환자 윌리엄 존슨 (미국인 등산객)", "안나 바실리예바 --"
_FOREIGN_GIVEN_PAIR = re.compile(
    # (given names one after another: "호세 마리아 산토스")
    rf"(?<![\uac00-\ud7a3])(?:(?:{FOREIGN_GIVEN_HANGUL})[ \t]+){{1,3}}([\uac00-\ud7a3]{{2,6}})"
    # (a bracket, a comma, a dash, a title or a person's particle after it: not "마이클 잭슨 노래를", "사라 지고 있는")
    # (or a rank, a title or a student's or a worker's word: "데이비드 밀러 대위 동행", "마이클 존슨 교환학생")
    r"(?=[ \t]*(?:[(,/\-–—]|씨|님|환자|보호자|$)|(?:씨|님|이|가|은|는|에게|과|와)(?![\uac00-\ud7a3])"
    r"|[ \t]+(?:대위|중위|소위|소령|중령|대령|준위|원사|상사|중사|하사|병장|상병|일병|이병|하사관|장교|교수|박사|목사|"
    r"신부|선교사|강사|기자|대표|사장|선생|교환학생|유학생|학생|연수생|근로자|노동자|선원|관광객|직원)(?:님)?"
    r"(?:이|가|은|는|의|에게|과|와|도)?(?![\uac00-\ud7a3]))",
    re.M,
)


# two words of a foreign name in Hangul before the country in brackets: "라술 카리모프 (우즈베키스탄)",
# "압두라흐모노프 자수르 (우즈베키스탄)" (any order of the name's parts; one of them shaped like a transliteration)
_NAME_BEFORE_COUNTRY = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8})[ \t]([\uac00-\ud7a3]{2,8})[ \t]*\([ \t]*"
    r"(?:우즈베키스탄|카자흐스탄|키르기스스탄|타지키스탄|투르크메니스탄|러시아|우크라이나|몽골|베트남|캄보디아|필리핀|태국|"
    r"라오스|미얀마|네팔|스리랑카|방글라데시|파키스탄|인도네시아|인도|중국|미국|캐나다|호주|영국|독일|프랑스|나이지리아|가나|"
    r"에티오피아|이집트|이란|튀르키예|터키)(?:[ \t]*(?:출신|국적))?[ \t]*[),]"
)


def _foreign_given_pair(text: str, start: int) -> int:
    """The end of a listed foreign given name and a transliterated surname at ``start`` ("윌리엄 존슨 (미국인)",
    "데이비드 밀러 대위"), or 0. A surname that is also an eponym ("스미스") counts when it is shaped like a
    transliteration; a word in wide use ("마이클 잭슨 노래를" aside) or a verb's form does not."""
    m = _FOREIGN_GIVEN_PAIR.match(text, start)
    if not m:
        return 0
    surname = m.group(1)
    eponym_ok = surname not in KOREAN_CLINICAL or any(c in _FOREIGN_SYLLABLES for c in surname)
    if korean_word_zipf(surname) < 5.0 and eponym_ok and not _VERB_FORM.search(surname):
        return m.end()
    return 0


# a person's kin or fellow after a name's particle ("삐셋의 동료가", "소피압과 남편이"), a sex in brackets
# ("마가르(여)")
_KIN_AFTER = re.compile(
    r"(?<=[\uac00-\ud7a3])(?:의|과|와)[ \t]+(?:동료|남편|아내|부인|가족|보호자|아들|딸|친구|동생|형|누나|언니|오빠|"
    r"어머니|아버지|배우자|자녀|고용주|사장|통역사)(?![\uac00-\ud7a3](?<![이가은는의을를과와도]))"
    r"|[ \t]*\((?:여|남|여성|남성|여자|남자)\)"
)
# a sentence's subject at its start ("유수포프 자수르는 ..."): a name only when every word is foreign-shaped
_ROLE_BEFORE_FOREIGN = re.compile(
    r"(?:담당[ \t]+)?(?:통역사|통역|유학생|담당자|담당|보호자|간병인|교환교관|선교사)[ \t]*[:：]?[ \t]+"
    r"((?:[\uac00-\ud7a3]+[ \t]+){1,2}[\uac00-\ud7a3]+)"
)
_ROLE_FOREIGN_SYLLABLES = _FOREIGN_SYLLABLES | frozenset("레엘")
_INTERPRETER_LANGUAGE = re.compile(  # an interpreter's name before the language they speak, in parentheses
    r"(?:통역사|통역인|통역원|통역)[ \t]*[:：]?[ \t]+((?:[\uac00-\ud7a3]{1,6}[ \t]+){0,3}[\uac00-\ud7a3]{1,6})"
    r"[ \t]*\([ \t]*[\uac00-\ud7a3]{1,6}어[ \t]*\)"
)
_NAME_IS = re.compile(  # "이름은 탁미영이에요", "성함이 윤봄이라고": the name a sentence says, before its copula
    r"(?:이름은|이름이|성함은|성함이)[ \t]*([\uac00-\ud7a3]{2,4}?)"
    r"(?=(?:이에요|예요|입니다|이고|이며|이라고|라고|이래요|래요|이다|이라|이요)(?![\uac00-\ud7a3]))"
)
_QUOTED_NAME = re.compile(  # a name quoted after a name's word: "이름이 '임정상'으로", "별명 '점순이'"
    r"(?:이름|성함|성명|환자명|별명|애칭|호칭)(?:이|은|을|는|으로|란|:)?[ \t]*['\"‘“「]([\uac00-\ud7a3]{2,4})['\"’”」]"
)
# a role's field with one word of a name's shape as its whole value: "방사선사: 한결", "기록: 허윤", "판독: 최솔"
_ROLE_LONE_NAME = re.compile(
    r"(?<![\uac00-\ud7a3])(?:방사선사|촬영자|촬영|기록자|기록|작성자|작성|판독자|판독의|판독|확인자|검사자|담당자|담당의|"
    r"담당|의뢰의|처방의|주치의|전공의|간호사|기사|보고자|입력자|서명|(?:판독|담당|의뢰|주치)[ \t]+의사)"
    r"[ \t]*[:：][ \t]*"
    r"([\uac00-\ud7a3]{1,2},[ \t]?[\uac00-\ud7a3]{1,2}|[\uac00-\ud7a3]{2,4})"  # (an export's "문, 혜진" too)
    # (the field's end: a line's, a separator, a title, or the next sentence in Latin letters when an export ran the
    # lines together: "판독 의사: 진, 소율 Lungs are clear.")
    r"(?=[ \t]*(?:$|[,/|()\]]|(?:선생님|선생|교수님|교수|님|씨)(?![\uac00-\ud7a3]))|[ \t]+[A-Z][a-z])",
    re.M,
)
# what a role's field holds that is no person, though shaped like a name: "보고: 유선", "상태: 양호"
_FIELD_VALUE_WORDS = frozenset(
    "유선 양호 상동 미정 보류 모름 구두 대면 서면 전화 문자 팩스 완료 생략 없음 있음 해당 무관 본인 가족".split()
)


def _lone_name_value(word: str) -> bool:
    """A word shaped like a Korean name (a surname, then given-name syllables) that is no common word nor a
    report's or a field's word."""
    shaped = (word[0] in HANGUL_SURNAMES and all(c in HANGUL_GIVEN for c in word[1:])) or (
        len(word) >= 3 and word[:2] in HANGUL_SURNAMES and all(c in HANGUL_GIVEN for c in word[2:])
    )
    return (
        shaped
        and word not in KOREAN_CLINICAL
        and word not in _HANGUL_ROLES
        and word not in _FIELD_VALUE_WORDS
        and korean_word_zipf(word) < 4.0
    )


_KOREAN_NAME_PARTICLE = re.compile(r"(?:와|과|의|는|은|가|이|를|을|에게|씨|님)$")
_FOREIGN_NAME_END = re.compile(r"[ \t]*(?:$|[(,/)\n]|(?:학생|씨|님|선생님|동석|함께)(?![\uac00-\ud7a3]))", re.M)
_SUBJECT_AT_START = re.compile(
    r"(?:^|(?<=[.!?。\n])[ \t]*)((?:[\uac00-\ud7a3]+[ \t]+){1,2}[\uac00-\ud7a3]+?)(?:은|는|이|가|께서)(?=[ \t])",
    re.M,
)
_TOKENS_BEFORE = re.compile(r"((?:[\uac00-\ud7a3_]+[ \t]+){0,2}[\uac00-\ud7a3_]+)$")  # "_": masked already


def _surname_syllable(tok: str) -> bool:
    """A Korean surname of one syllable, also as the Koreans of Central Asia and China write it after a given
    name ("안나 리", "올가 림": 이, 임, 노, 양, 여 with their initial sound kept)."""
    return tok in HANGUL_SURNAMES or tok in ("리", "림", "로", "량", "려", "류")


def known_korean_word(tok: str) -> bool:
    """A word of ``wordfreq``'s Korean list."""
    return tok in _korean_zipf()


def transliterated_token(tok: str) -> bool:
    """A Hangul word of no Korean word list that holds a syllable of transliterated names ("산토스" is a word)."""
    return tok not in _korean_zipf() and any(c in _FOREIGN_SYLLABLES for c in tok)


def foreign_hangul_token(tok: str) -> bool:
    """A Hangul word that may be a foreign name written in Hangul ("옐레나", "아흐메토프"): no word of the Korean
    list, the report lexicon or the roles (used beside a name already found or after a name label)."""
    return (
        tok not in KOREAN_CLINICAL
        and tok not in _HANGUL_ROLES
        and not _VERB_FORM.search(tok)
        and (transliterated_token(tok) or len(tok) >= 2 and tok not in _korean_zipf())
    )


# a verb's connective or nominal ending ("지참하여", "주시기 바랍니다"): a verb form, no name
_VERB_FORM = re.compile(r"(?:하여|하고|하며|하면|해서|하기|하는|하게|되어|되는|되며|시기|시고|시며|시면|하였|했)$")
# the words after a verb form: "주시기 바랍니다", "확인하기 위해"
# (a verb's "-해"/"-어" form before 있다 is a state: "이동해 있어", "확장되어 있음")
_AUXILIARY_AFTER = re.compile(
    r"[ \t]+(?:바랍니다|바람|바라며|바랍|위해|위한|때문|않|합니다|드립니다|있(?:어|음|다|는|으며|고|으나|습니다|었))"
)


_ROLE_WORD_END = re.compile(
    "(?:이주여성|여성|남성|장교|부사관|병사|장병|군인|근로자|노동자|종사자|작업자|검진자|유학생|연수생|선교사)$"
)


def _name_tokens(tokens: list[str]) -> int:
    """How many of ``tokens`` (read from the end) may be a name's parts: no report word, role or particle."""
    n = 0
    for tok in reversed(tokens):
        if len(tok) == 1 and 0 < n < len(tokens) - 1:
            n += 1  # a one-syllable middle name ("응우옌 반 투안", "쩐 티 흐엉")
            continue
        if tok in KOREAN_CLINICAL or tok in _HANGUL_ROLES or _korean_zipf().get(tok, 0.0) >= 5.0:
            break
        if _ROLE_WORD_END.search(tok):
            break  # "결혼이주여성 ___ 씨", "연락장교 ___": a migrant's, a soldier's or a worker's word, no name's part
        if len(tok) > 2 and tok.endswith(_PARTICLES) and tok[:-1] in _korean_zipf():
            break
        n += 1
    return n


# A Vietnamese name transliterated into Hangul without spaces ("응우옌티하", "쩐반민에게"): a Vietnamese surname, the
# middle name Văn/Thị/Đình/Đức/Quang (반, 티, 딘, 득, 꽝) and a given name of the syllables transliterations use
_VIETNAMESE_GIVEN = (
    "하|민|투|훙|흐엉|린|란|마이|안|남|둥|꾸억|탄|빈|퐁|롱|홍|응옥|응아|짱|투이|후에|히엔|중|타오|뚜언|하이|흥|꽝|손|"
    "썬|띠엔|융|비엣|지앙|떰|뚜|끄엉|호아|화|푸엉|프엉|응안|닷|팟|럼|바오|카인|낌|디엡|레|로안|번|롄|찌|쑤언|"
    "아인|아잉|타잉|뚜옛|투엣|냐|니|후엉|히우|르엉|투언|꾸인|응우엣|뀌|탐|땀|트엉|뜨엉|쯩|칸|캉|토|또안|득|뀌엔"
)
_VIETNAMESE_GLUED = re.compile(
    r"(?<![\uac00-\ud7a3])((?:응우옌|응우엔|쩐|호앙|즈엉|부이|팜|응오|후인|레|당|보|또|르엉|브엉|찐|판)"
    rf"(?:반|티|딘|득|꽝)(?:{_VIETNAMESE_GIVEN}){{1,2}})"
    r"(?:이|가|은|는|을|를|의|에게|와|과|님|씨|도|께)?(?![\uac00-\ud7a3])"
)


_SERVICE_ENDS = ("팀", "센터", "병동", "병원", "의원", "의료", "요법", "치료", "클리닉", "프로그램")
_FINDING_ENDS = ("탈장", "골절", "결절", "증후군", "종양", "징후", "음영", "삽관")
_PLACE_PARTICLE = re.compile(r"(?:에서|에는|에도|으로|에|로)$")
_POLITE_ENDINGS = ("세요", "십시오", "니다", "해요", "어요", "아요", "예요", "에요", "네요", "군요", "지요")
_FOREIGN_PAIR = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8})[ \t]([\uac00-\ud7a3]{2,8}?)(에게|께서|께|한테|은|는|이|가|의|와|과)"
    r"(?![\uac00-\ud7a3])"
)


_CONNECTIVE_ENDS = (
    "하면",
    "되면",
    "하며",
    "되며",
    "하고",
    "되고",
    "하여",
    "해서",
    "되어",
    "생각되",
    "의하면",
    "따르면",
)


def _clause_word(tok: str) -> bool:
    """A word of a clause, no name's part: a connective verb ("의하면", "생각되"), a report word or a word in use
    before a place's or a means' particle ("보고에", "탈장으로")."""
    if tok.endswith(_CONNECTIVE_ENDS):
        return True
    stem = _PLACE_PARTICLE.sub("", tok)
    return stem != tok and (stem in KOREAN_CLINICAL or korean_word_zipf(stem) >= 3.0 or stem.endswith(_FINDING_ENDS))


def foreign_hangul_names(text: str, mask: Mask) -> None:
    """Names in Hangul that no Korean surname begins: after a name label, before an honorific, before 환자 when
    they look transliterated (see ``_FOREIGN_SYLLABLES``); a Vietnamese name written without spaces anywhere."""
    for m in _VIETNAMESE_GLUED.finditer(text):
        mask(m.start(1), m.end(1), "name")
    for m in _FOREIGN_PAIR.finditer(text):  # "누르마토바 딜노자에게 통역 통해 설명": two transliterated words and a
        pair = (m.group(1), m.group(2))  # person's particle (one loanword alone, 스텐트는, is no name)
        joined = pair[0][-1] in "나와과랑및" and korean_word_zipf(pair[0][:-1]) >= 3.0  # "기포나 블레브는": A or B
        if joined or any(t in KOREAN_CLINICAL for t in pair) or korean_word_zipf(m.group(2) + m.group(3)) > 0:
            continue  # (not "니트로글리세린 스프레이": a word of the list is no name and its particle)
        if pair[0][-1] in "을를" or pair[1][-1] == "하" and korean_word_zipf(pair[1][:-1]) > 0:
            continue  # "가스를 시사하는": an object and its verb (하), no name
        if pair[1].endswith(_SERVICE_ENDS) or _KOREAN_NAME_PARTICLE.sub("", pair[1]).endswith(_FINDING_ENDS):
            continue  # "호스피스 완화의료팀과": a service's loanword and its team; "식도열공탈장이": a finding
        stem = _PLACE_PARTICLE.sub("", pair[0])
        if stem != pair[0] and korean_word_zipf(stem) >= 3.0:
            continue  # "좌측에 식도열공탈장이", "뒤쪽으로 ...": a word and its place's particle opens no name
        if all(map(foreign_hangul_token, pair)) and any(map(transliterated_token, pair)):
            mask(m.start(1), m.end(2), "name")
    for m in _HANGUL_LABEL.finditer(text):
        tokens = m.group(1).split()
        if not re.search(r"[:：]", m.group(0)) and not _bare_label_value(text, tokens, m.end(1)):
            continue  # "성명 및 등록번호 확인", "성명 미기재로": no colon, and the words after are no name
        n = 0
        for tok in tokens:
            stem = _KOREAN_NAME_PARTICLE.sub("", tok) or tok
            if tok in KOREAN_CLINICAL or tok in _HANGUL_ROLES or stem in KOREAN_CLINICAL or stem in _HANGUL_ROLES:
                break  # "보호자: 가족", "보호자: 아들이 동반": a kin's or a role's word (and its particle), no name
            n += 1
        if n:
            mask(m.start(1), m.start(1) + len(" ".join(tokens[:n])), "name")
    for cue, strong in ((_HONORIFIC, True), (_PATIENT_AFTER, False), (_KIN_AFTER, None)):
        for m in cue.finditer(text):
            before = _TOKENS_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if not before:
                continue
            tokens = before.group(1).split()
            n = _name_tokens(tokens)
            if not n:
                continue
            name = tokens[-n:]
            if any(map(_clause_word, name)):
                continue  # "방사선사 보고에 의하면 환자": a clause (보고 + 에, 의하 + 면), no name
            if any(map(_clinical_compound, name)):
                continue  # "전신홍반루푸스 환자": a disease written as one word, its last part a report word
            absent = [t for t in name if t not in _korean_zipf() and len(t) > 1]
            weak_ok = not any(t.endswith(NOT_NAME_END) for t in name) and (
                any(transliterated_token(t) for t in name) or len(absent) >= 2
            )
            # before a kin's noun, a one-syllable surname and a given name no list knows ("찬 소피압과 남편이")
            kin_ok = strong is None and len(name) == 2 and len(name[0]) == 1 and absent == name[1:]
            if strong or weak_ok or kin_ok:
                end = before.end(1)
                start = _surname_before(text, end - len(" ".join(name)), n < len(tokens) and tokens[-n - 1])
                mask(start, end, "name")
    # a foreign name after an interpreter's or a foreign student's or worker's role: "통역: 리디아 김", "통역사 마리아
    # 산토스와", "유학생 올가 스미르노바 학생" (foreign given names are words of the list too: 마리아, 올가)
    for m in _ROLE_BEFORE_FOREIGN.finditer(text):
        tokens, at, end = m.group(1).split(), m.start(1), m.start(1)
        n = 0
        for k, tok in enumerate(tokens):
            stem = _KOREAN_NAME_PARTICLE.sub("", tok) if k else tok
            if (_KOREAN_NAME_PARTICLE.sub("", tok) or tok) in KOREAN_CLINICAL:
                break  # "통역: 아들이 함": a kin's word and its particle, no name
            if not stem or not (_foreign_name_part(stem) or len(stem) == 1 and _surname_syllable(stem) and n):
                break
            n += 1
            end = at + text[at:].index(tok) + len(stem)
            at = end
            if stem != tok:
                break  # a particle ends the name
        shaped = any(  # (a listed foreign name is shaped by its syllables: "마리아 레예스", "빅토리아 김")
            transliterated_token(t)
            or len(t) == 1
            and _surname_syllable(t)
            or any(c in _ROLE_FOREIGN_SYLLABLES for c in t)
            for t in tokens[:n]
        )
        if n >= 2 and shaped and (text[end - 1 : end] != tokens[n - 1][-1:] or _FOREIGN_NAME_END.match(text, end)):
            mask(m.start(1), end, "name")  # (a particle or a bracket, a comma, a role or the line's end after it)
    for m in _INTERPRETER_LANGUAGE.finditer(text) if "통역" in text else ():
        tokens = m.group(1).split()
        if not any(
            t in KOREAN_CLINICAL
            or t in _HANGUL_ROLES
            or _clause_word(t)
            or len(t) > 1
            and (_korean_zipf().get(t, 0.0) >= 5.0 or t[-1] in "함됨음임")
            for t in tokens
        ):
            mask(m.start(1), m.end(1), "name")  # "통역: 틴 마웅 우 (미얀마어)": the interpreter and their language
    for m in _FOREIGN_GIVEN_SURNAME.finditer(text):
        if m.group(2) in HANGUL_SURNAMES:
            mask(m.start(1), m.end(1), "name")  # "마이클 강 교수님께", "제니 김 선생님"
    for m in _NAME_BEFORE_COUNTRY.finditer(text) if "(" in text else ():
        pair = (m.group(1), m.group(2))
        if all(map(foreign_hangul_token, pair)) and any(map(transliterated_token, pair)):
            mask(m.start(1), m.end(2), "name")
    for m in _FOREIGN_GIVEN_PAIR.finditer(text):
        if _foreign_given_pair(text, m.start()):
            mask(m.start(), m.end(), "name")  # "윌리엄 존슨", "안나 바실리예바", "데이비드 밀러 대위"
    for m in _NAME_IS.finditer(text) if "이름" in text or "성함" in text else ():
        if m.group(1) not in KOREAN_CLINICAL and not common_korean_word(m.group(1)):
            mask(m.start(1), m.end(1), "name")  # "엄마 이름은 탁미영이에요": a name said with its copula
    for m in _QUOTED_NAME.finditer(text) if "'" in text or "‘" in text or '"' in text or "“" in text else ():
        if m.group(1) not in KOREAN_CLINICAL and not common_korean_word(m.group(1)):
            mask(m.start(1), m.end(1), "name")  # "이름이 '임정상'으로 잘못 입력": a name quoted after a name's word
    for m in _ROLE_LONE_NAME.finditer(text) if ":" in text or "：" in text else ():
        if _lone_name_value(re.sub(r",[ \t]?", "", m.group(1))):
            mask(m.start(1), m.end(1), "name")  # "방사선사: 한결", "기록: 허윤": a person alone in a role's field
    for m in _SUBJECT_AT_START.finditer(text):
        tokens = m.group(1).split()
        if any(map(_clause_word, tokens)):
            continue  # "모르가니 탈장으로 생각되는": a finding and its verb open the sentence, no name
        if _name_tokens(tokens) == len(tokens) and all(foreign_hangul_token(t) for t in tokens):
            if any(transliterated_token(t) for t in tokens) and not any(t.endswith(NOT_NAME_END) for t in tokens):
                mask(m.start(1), m.end(1), "name")


_VALUE_END = re.compile(r"[ \t]*(?:$|[(\[,/;|])", re.M)


def _bare_label_value(text: str, tokens: list[str], end: int) -> bool:
    """A name label's value without a colon ("환자명 람 바하두르 타망 (네팔 ..."): every word rare, none with a
    particle or a verb's ending, and the field ends there."""
    z = _korean_zipf()
    return _VALUE_END.match(text, end) is not None and all(
        t not in KOREAN_CLINICAL and z.get(t, 0.0) < 4.5 and t[-1] not in _HARD_ENDINGS and not _VERB_FORM.search(t)
        for t in tokens
    )


def _foreign_name_part(word: str) -> bool:
    """A word that may be part of a foreign name after a role: foreign-shaped, or a listed word that is not
    common (Zipf < 4.5), no report word and no role; never a report's verb ending ("설명함") or a postposition's
    ("하에", "후에")."""
    if word.endswith(("함", "됨", "임", "음", "에", "에서", "으로", "하여", "하고")) and len(word) >= 2:
        return False
    if foreign_hangul_token(word):
        return True
    return (
        len(word) >= 2
        and word not in KOREAN_CLINICAL
        and word not in _HANGUL_ROLES
        and _korean_zipf().get(word, 0.0) < 4.5
        and not _VERB_FORM.search(word)
    )


def _surname_before(text: str, start: int, word: str | bool) -> int:
    """Where a foreign name in Hangul starts: a one-syllable word before it that opens its sentence is its surname
    ("속 삐셋의", "찬 소피압과", "람 바하두르": Khmer, Nepali and Chinese surnames are words of one syllable)."""
    if not word or len(word) != 1:
        return start
    at = start - 2
    opening = at == 0 or text[at - 1] in ".!?。\n" or (at >= 2 and text[at - 2 : at] in (". ", ": "))
    return at if opening and text[at + 1] == " " else start


def hangul_name_like(word: str, strict: bool) -> bool:
    """Whether a Hangul word next to a Korean cue is a name: a surname first (two syllables for a compound
    one), 2-4 syllables, not a report word; ``strict`` (a weak cue such as 환자) asks for the full shape of
    ``korean_names``."""
    if word in KOREAN_CLINICAL or not 2 <= len(word) <= 4:
        return False
    if clinical_with_particle(word):
        return False  # "간병인이", "가족과": a report's or a kin's word and its particle
    if len(word) >= 3 and word[-1] in "사의" and _korean_zipf().get(word[:-1], 0.0) >= 3.0:
        return False  # 방사선사, 간호사, 전공의: a profession (a common word and 사 or 의), not a name
    if korean_listed_word(word):
        return False  # 서비스, 진단서, 진단명
    if two_word_compound(word):
        return False  # 전화통역, 화상상담, 가족면담: two common words (a four-syllable name has a two-syllable surname)
    if strict:
        return _hangul_name(word)
    return word[0] in HANGUL_SURNAMES or word[:2] in HANGUL_SURNAMES


def rare_surname_name(word: str) -> bool:
    """A full Korean name with one of the rarer surnames (추, 예, 소, 왕 ...): the shape of ``korean_names``, a word
    no Korean vocabulary knows, no report word ("추명숙" after "보호자", not "소견상")."""
    if word in KOREAN_CLINICAL or korean_listed_word(word) or not 3 <= len(word) <= 4:
        return False
    return _hangul_name(word, any_surname=True) and _korean_zipf().get(word, 0.0) < 1.0


def native_given_name(word: str) -> bool:
    """A surname and a native given name that is a word ("양구름", "연나무", "좌마루", "현봄", "남궁하늘"): taken
    only beside a person's cue; the whole must be no word in use ("이별", "전달", "고별" are words)."""
    if not 2 <= len(word) <= 5 or word in KOREAN_CLINICAL or common_korean_word(word):
        return False
    for n in (2, 1):
        if word[:n] in HANGUL_SURNAMES and word[n:] in NATIVE_GIVEN:
            return _korean_zipf().get(word, 0.0) < 2.5
    return False


def korean_word_start(word: str) -> bool:
    """Whether a Hangul word opens with a common Korean word of two syllables ("장기" of 장기요양, "고위" of
    고위험군): then a syllable glued after it (군, 양) is the word's end, not a title after a name."""
    return _korean_zipf().get(word[:2], 0.0) >= 4.0 or _korean_zipf().get(word[1:], 0.0) >= 4.0


# particles after a common word; the whole word is then not read as a name: "구두로" is 구두 + 로, "정상임" 정상 +
# 임 (report style); after the endings given names also end in (이 은 ...), only a frequent word counts: "조정이"
# is 조정 + 이, but "임하은" is a name
_HARD_ENDINGS = frozenset("로를을에와과만임함됨음")
_SOFT_ENDINGS = frozenset("이은는가도의")


def _word_and_particle(word: str) -> bool:
    stem, end = word[:-1], word[-1]
    if stem in KOREAN_CLINICAL:
        return end in _HARD_ENDINGS or end in _SOFT_ENDINGS
    zipf_ko = _korean_zipf().get(stem, 0.0)
    return end in _HARD_ENDINGS and zipf_ko >= 3.0 or end in _SOFT_ENDINGS and zipf_ko >= 3.9  # 양상 + 은


# (장, 소, 실: a place's suffix after a common word: 양식장, 사무소, 대기실)
_DERIVATIONAL = ("성", "적", "한", "된", "인", "화", "형", "증", "염", "상", "류", "술", "장", "소", "실", "도", "대")


@lru_cache(maxsize=1)
def _korean_words() -> frozenset[str]:
    """Korean words of ``wordfreq``'s list (Zipf >= 3): the stems of report adjectives ("유의" of 유의한)."""
    return frozenset(w for w, z in _korean_zipf().items() if z >= 3.0)


@lru_cache(maxsize=1)
def _korean_zipf() -> dict[str, float]:
    """Korean words of ``wordfreq``'s small list -> Zipf frequency."""
    import wordfreq  # loaded once per process with the other vocabularies

    return {w: math.log10(f) + 9 for w, f in wordfreq.get_frequency_dict("ko", "small").items() if f >= 1e-7}


def korean_word_zipf(word: str) -> float:
    """A Korean word's Zipf frequency in ``wordfreq``'s small list (0 for none)."""
    return _korean_zipf().get(word, 0.0)


def _clinical_compound(word: str) -> bool:
    """A long word whose last part is a report word of two syllables or more, its first no two-syllable surname
    ("전신홍반루푸스", "폐동맥고혈압"; not "선우경미": 선우 opens a name)."""
    if len(word) < 4 or word[:2] in HANGUL_SURNAMES:
        return False
    return any(word[k:] in KOREAN_CLINICAL for k in range(2, len(word) - 1))


_TWO_SYLLABLE_PARTICLES = frozenset(
    "에도 에서 에는 으로 까지 부터 보다 만큼 처럼 조차 마저 이나 이며 이고 에게 과의 와의".split()
)


def clinical_with_particle(word: str) -> bool:
    """A report's or a kin's Korean word and its particle ("간병인이", "가족과"): no name."""
    if len(word) >= 2 and word[-1] in "이가은는을를의도와과" and word[:-1] in KOREAN_CLINICAL:
        return True
    # and a two-syllable particle: "변화에도", "소견에서", "흉수보다"
    return len(word) >= 3 and word[-2:] in _TWO_SYLLABLE_PARTICLES and word[:-2] in KOREAN_CLINICAL


def two_word_compound(word: str) -> bool:
    """Four syllables that are two common words ("화상상담", "영상처리"), not a two-syllable surname and a given
    name (a four-syllable name has one: "남궁민수")."""
    return (
        len(word) == 4
        and word[:2] not in HANGUL_SURNAMES
        and all(_korean_zipf().get(h, 0.0) >= 3.5 for h in (word[:2], word[2:]))
    )


def common_korean_word(word: str) -> bool:
    """A common Korean word (Zipf >= 3.9: given names stay below, 지민 3.65), or one and a report-style ending
    ("호출함", "참조됨"), or a report word: after a weak cue such a word is no name."""
    if word in KOREAN_CLINICAL:
        return True
    z = _korean_zipf()
    if z.get(word, 0.0) >= 3.9 or organ_compound(word):
        return True
    # a report-style ending (호출함) or a particle no given name ends with (상처로, 경계를, 작업장에)
    return len(word) >= 3 and word[-1] in "함됨임음로를을과에" and z.get(word[:-1], 0.0) >= 3.9


_ORGAN_PREFIXES = frozenset("심폐간뇌흉복척")  # 심초음파, 폐기능, 흉부외과: an organ's syllable before a report word


def organ_compound(word: str) -> bool:
    """An organ's syllable glued to a report word (심초음파, 폐기능검사), not a surname and given names: the rest
    is a report or common word of three syllables or more, or a report word of two whose syllables are no given
    name's ("심경화" may be a name: 경화 is both)."""
    if len(word) < 3 or word[0] not in _ORGAN_PREFIXES:
        return False
    tail = word[1:]
    for p in _PARTICLES:
        if tail.endswith(p) and len(tail) - len(p) >= 2:
            tail = tail[: -len(p)]
            break
    if len(tail) >= 3:
        return tail in KOREAN_CLINICAL or _korean_zipf().get(tail, 0.0) >= 3.0
    return tail in KOREAN_CLINICAL and not (tail[0] in HANGUL_GIVEN and tail[1] in HANGUL_GIVEN)


_SIDES = ("좌측", "우측", "양측", "좌", "우", "양")


@lru_cache(maxsize=1)
def _clinical_prefixes() -> frozenset[str]:
    """Every start of two syllables or more of a Korean report word (견갑 of 견갑골, 하엽 of 하엽)."""
    return frozenset(w[:n] for w in KOREAN_CLINICAL for n in range(2, len(w) + 1))


def lateral_clinical_word(word: str) -> bool:
    """A side and a report word, or the start of one, written as one word: 좌견갑, 우하엽에, 양측폐문 (not a
    name, though 좌, 우 and 양 are surnames)."""
    for side in _SIDES:
        if word.startswith(side) and len(word) > len(side):
            rest = word[len(side) :]
            if rest in _clinical_prefixes() or len(rest) > 2 and rest[:-1] in _clinical_prefixes():
                return True
    return False


def korean_listed_word(word: str) -> bool:
    """A word of the Korean word list (``wordfreq``, Zipf >= 3.3) that opens with a common word or has no name's
    shape (진단서, 서비스), or a common word and 명 ("name of": 진단명, 검사명): not a person's name. Famous names
    are in the list too (박지훈): a surname and two given-name syllables with no common word first stay names."""
    z = _korean_zipf()
    if len(word) >= 3 and word[-1] == "명" and z.get(word[:-1], 0.0) >= 4.0:
        return True
    if z.get(word, 0.0) < 3.3:
        return False
    # a listed word that opens with a common word (진단서) or has no name's shape (서비스); "박지훈" stays a name
    shaped = 2 <= len(word) <= 3 and word[0] in HANGUL_SURNAMES and all(c in HANGUL_GIVEN for c in word[1:])
    if len(word) == 2:
        return not shaped  # "이준", "김현": a surname and one syllable, though the list also holds them
    return z.get(word[:2], 0.0) >= 4.0 or not shaped  # a common word first (진단 of 진단서), not 지성 of 박지성


def korean_derived_word(word: str) -> bool:
    """A common Korean word or report word and a derivational suffix: 유의한, 박리성, 이동형; or a form's word, an
    administrative noun and a document's suffix: 신청용, 기록지, 평가표 (not a name)."""
    if word.endswith(_FORM_SUFFIXES) and word[:-1] in _FORM_STEMS:
        return True
    if word.endswith(_POSITION_SUFFIXES) and word[:-1] in KOREAN_CLINICAL:
        return True  # an anatomical word and where: 성문위 (above the glottis), 횡격막하, 폐문부
    return word.endswith(_DERIVATIONAL) and (word[:-1] in _korean_words() or word[:-1] in KOREAN_CLINICAL)


_POSITION_SUFFIXES = ("위", "하", "부", "측", "내", "외", "간", "방")


# a form's words: an administrative noun and 용 (for), 지 / 표 / 부 / 란 / 철 (sheet, table, book, field, file)
_FORM_SUFFIXES = ("용", "지", "표", "부", "란", "철")
_FORM_STEMS = frozenset(
    "신청 기록 제출 보험 검진 동의 검사 확인 판독 소견 진료 요양 산재 청구 보관 발급 접수 예약 설명 안내 회신 의뢰 "
    "촬영 결과 평가 문진 조사 보고 작성 신고 상담 처방 투약 교육 간호 서명 입원 외래 퇴원 전원 기재 서식 제증명 "
    "증명 판정 심사 관찰 측정 점검 인수 인계 전달 통보 송부 비교 참고 보험청구 건강검진 특수검진 "
    "서류 증빙 민원 수급 행정 공문 자료 등록 신분 복지 지원 급여 의료급여 장애 취업 체류 입국 출국 고용 채용 입학 "
    "입대 병역 비자 여권 보상 소송 감정 재판 제출용".split()
)


def _hangul_name(stem: str, any_surname: bool = False) -> bool:
    """Surname + two given-name syllables (a two-syllable surname + two), not a report word; ``any_surname``
    allows the rarer surnames too (where the context already says "name")."""
    surnames = HANGUL_SURNAMES if any_surname else HANGUL_BARE_SURNAMES
    if stem in KOREAN_CLINICAL or stem.endswith("의"):  # 임상의, 전문의: "-의" is a doctor, not a name
        return False
    if korean_derived_word(stem) or korean_listed_word(stem):
        return False  # 유의한, 박리성: a word's stem and a suffix; 진단서, 서비스: a word of the Korean list
    if stem[-1] in "일인임이" and stem[:-1] in KOREAN_CLINICAL:
        return False  # 정상일, 음성인: a report word and its copula ("정상일 수 있음")
    if len(stem) == 3:
        if stem[2] == "자" and stem[0] in HANGUL_SURNAMES and stem[1] in HANGUL_GIVEN:
            return _korean_zipf().get(stem, 0.0) < 3.0  # "표영자", "탁순자": an older woman's name; not "대상자"
        return stem[0] in surnames and stem[1] in HANGUL_GIVEN and stem[2] in HANGUL_GIVEN
    if len(stem) == 4:
        return stem[:2] in surnames and stem[2] in HANGUL_GIVEN and stem[3] in HANGUL_GIVEN
    return False


__all__ = [
    "FOREIGN_GIVEN_HANGUL",
    "HANGUL",
    "korean_word_zipf",
    "foreign_hangul_token",
    "korean_derived_word",
    "lateral_clinical_word",
    "STOP",
    "acronym",
    "eponym_after",
    "eponym_context",
    "hangul_name_like",
    "rare_surname_name",
    "is_caps",
    "compound_surname_names",
    "foreign_hangul_names",
    "korean_names",
    "quoted_nicknames",
    "reported_names",
    "korean_word_start",
    "lower_full_names",
    "role_paren_names",
    "named_phrase",
    "names",
]

gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
