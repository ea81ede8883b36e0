"""PHI screen for report text from a hospital export (the ``csv`` source): redact identifiers, count them.

``PhiScreen.screen(text)`` replaces every identifier it finds with the de-identification token (``"___"``) and
returns the redacted text, the number of identifiers per kind, and ``residual``: a second, independent pass that
counts what still looks identifying after redaction, so that the builder can quarantine the study when it
exceeds ``PhiConfig.max_residual``.

Redacted kinds: ``email``, ``url``, ``ssn``, ``phone`` (incl. pager/extension numbers), ``date`` (numeric,
ISO, dotted, month/year "5/2021", "on 3/14", and with month names: "March 14, 2023", "14 Mar 2023",
"Jan 2023"; a bare year or month is kept), ``mrn`` (6+ digit runs, letter-prefixed ids, numbers after MRN /
MR# / accession / patient id), ``name`` (one or two capitalised words, three with a middle name, after a
title - Dr, Mr, Mrs, Ms, Miss, Prof, Doctor -, after "discussed with", "called to", "paged", "notified",
"signed by", ..., and before ", MD" / ", RN"). Each identifier becomes the token; prefixes ("MRN:", "Dr.",
"pager") are kept.

Kept on purpose: measurements ("5.3 x 2.1 cm"), vertebral and rib levels (T4, L1, 6th rib), ages, short
numbers, times of day ("at 14:30"), percentages, fractions. ``MEDICAL_TERMS`` lists capitalised words that are
never taken for a name ("discussed with Emergency Department").

Nothing here logs or raises with the text: callers get counts only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from megacxr.shards.config import PhiConfig
from megacxr.shards.segments import segments

KINDS = ("email", "url", "ip", "ssn", "phone", "date", "mrn", "address", "age", "name")

# Capitalised words that follow "discussed with", "paged", "Dr." ... without being a person's name.
MEDICAL_TERMS = frozenset(
    """
emergency department dept ed er icu ccu micu sicu nicu picu pacu csru or radiology radiologist cardiology
cardiologist surgery surgical surgeon medicine medical team service services nurse nursing np pa rn md do resident
fellow attending physician physicians clinician clinicians provider providers doctor doctors staff housestaff
floor ward unit clinic pulmonary pulmonology pulmonologist oncology oncologist transplant trauma thoracic
cardiothoracic neurology neurosurgery interventional ir vascular hospitalist intensivist covering referring
ordering primary care pcp on-call oncall call desk front patient patients family wife husband son daughter
heart lungs lung chest right left bilateral pleural effusion pneumothorax pneumonia atelectasis cardiomegaly
edema consolidation opacity nodule mass findings finding impression results result report study exam
examination ct mri cxr xr us ultrasound picc ett ngt kerley swan ganz dobhoff dobbhoff foley hickman port cath catheter
tube line lines drain sump valve clip device pacemaker stent wire wires graft
the a an this that these those his her their our your my its
""".split()
)

# Upper-case clinical abbreviations that a label or a comma can precede ("Tech: PA", "Lines, PICC").
_CLINICAL_UPPER = frozenset(
    """
PA AP PICC ETT NGT OGT ICU CCU CT MRI CXR IJ SVC IVC RUL RML RLL LUL LLL ED ER NG OG US XR DX CR COPD CHF
""".split()
)

# Words that end a name (first names are always taken after a title; a second word is dropped if it is one).
STOP_WORDS = frozenset(
    """
at on in by for from to of and or with who which regarding re about via per as is was were has had have be been
are will would should today tonight yesterday this that the at am pm dr drs mr mrs ms mx miss prof
""".split()
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Sept",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def _month_alternation(months) -> str:
    # Each alternative starts with a literal and checks the word boundary behind itself, so that the compiled
    # pattern gets a first-character prefix ([JFMASOND]) and skips most of the text quickly.
    forms = [f for m in months for f in (m, m.upper())]
    return "(?:" + "|".join(rf"{f}(?<!\w{f})" for f in forms) + r")\.?"


_MONTH = _month_alternation(_MONTHS)
_MONTH_NO_MAY = _month_alternation(m for m in _MONTHS if m != "May")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|ST|ND|RD|TH)?"
_YEAR = r"(?:19|20|21)\d{2}"
_NOT_UNIT = r"(?!\s*(?:mm|cm|m|ml|mL|%|x|X|cc)\b)"

_NAME_WORD = r"(?:[A-Z](?:['’][A-Z])?[a-z][A-Za-z'’-]*|[A-Z][A-Z'’-]+)"
_MIXED_WORD = r"(?:[A-Z](?:['’][A-Z])?[a-z][A-Za-z'’-]*)"
_INITIAL = r"(?:[A-Z]\.\s*)"
_NAME = rf"{_INITIAL}?{_NAME_WORD}(?:\s+{_INITIAL}?{_NAME_WORD}){{0,2}}"

# Patterns starting with \d followed by a look-behind get the fast first-character scan.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?i:\bhttps?://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?)\]]")
_SSN = re.compile(r"\d(?<!\w\d)\d{2}-\d{2}-\d{4}\b")
_PHONE = re.compile(
    r"(?:(?<![\w+])\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|(?<![\w.])\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
    r"|(?<![\w.-])\d{3}-\d{4}\b(?![.-]\d)"
)
_PHONE_HINT = re.compile(r"\d{3}[\s.-]\d{4}")
_PAGER = re.compile(
    r"(?i:\b(?:pager|beeper|pgr|ext|extension|tel|phone|cell|fax)\b\.?)\s*(?:#|no\.?|number)?\s*:?\s*"
    r"(\d[\d-]{2,}\d)\b"
)
_PAGER_KEYS = ("pager", "beeper", "pgr", "ext", "tel", "phone", "cell", "fax")
_DATE_NUMERIC = re.compile(
    r"\d(?<![\w./-]\d)(?:"
    r"(?:(?<=1)9|(?<=2)[01])\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:[12]\d|3[01]|0?[1-9])(?!\d)"  # 2023-03-14
    r"|\d?[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?![\w/-]|\.\d)"  # 3/14/23
    rf"|\d?\.\d{{1,2}}\.{_YEAR}(?![\w]|\.\d)"  # 14.03.2023
    r"|(?:(?<=0)[1-9]|(?<=1)[0-2]|(?<=[1-9]))/(?:19|20)\d{2}(?![\w/-]|\.\d))"  # 5/2021
)
_DATE_DAY_FIRST = re.compile(  # 14 Mar 2023
    rf"\d(?<!\w\d)\d?(?:st|nd|rd|th|ST|ND|RD|TH)?(?:\s+of)?\s+"
    rf"(?:{_MONTH_NO_MAY}(?:,?\s+{_YEAR}\b)?|(?:May|MAY),?\s+{_YEAR}\b)"
)
_DATE_MONTH_FIRST = re.compile(  # March 14, 2023 / Jan 2023
    rf"{_MONTH}(?:\s+{_DAY}{_NOT_UNIT}(?:,?\s+{_YEAR})?\b|,?\s+(?:of\s+)?{_YEAR}\b)"
)
_DATE_SHORT = re.compile(r"(?i:\b(?:on|dated|from|since)\s+)(\d{1,2}/\d{1,2})(?![\w/-]|\.\d)")  # "on 3/14"
_MRN_PREFIXED = re.compile(
    r"(?:(?i:\b(?:mrn|mr\s*#|mr\s*no\.?|med(?:ical)?\s*rec(?:ord)?s?(?:\s*(?:#|no\.?|number))?|accession"
    r"(?:\s*(?:#|no\.?|number))?|acc\s*#|pt\.?\s*id|patient\s*id)\b|\b(?:mrn|mr|acc)#)|\b(?:ID|Id)\b)"
    r"\s*[:#]?\s*([A-Z]{0,3}-?\d[\d-]{2,}\d)\b"
)
_MRN_KEYS = ("mrn", "mr#", "mr #", "mr no", "rec", "accession", "acc", "patient id", "pt id", "pt. id")
_MRN = re.compile(r"\d(?<![\w.]\d)\d{5,}(?![\w]|\.\d)|[A-Z](?<![\w.][A-Z])[A-Z]{0,2}-?\d{6,}(?![\w]|\.\d)")
_TITLE = re.compile(r"\b(Drs?|Mrs?|Ms|Mx|Miss|Prof|Doctor|DRS?|MRS?|MS|PROF|DOCTOR)(\.?)(\s*)" rf"({_NAME})")
_TITLE_KEYS = ("Dr", "Mr", "Ms", "Mx", "Miss", "Prof", "Doctor", "DR", "MR", "MS", "PROF", "DOCTOR")
_CONTACT = re.compile(
    r"(?i:\b(?:discussed\s+with|d/w|spoke\s+(?:with|to)|called\s+to|paged|notified|informed|communicated\s+"
    r"(?:with|to)|conveyed\s+to|reported\s+to|relayed\s+to|telephoned|(?:signed|dictated|read|reviewed|"
    r"verified|approved|transcribed)\s+by|attending|radiologist|resident)\b:?\s+)"
    r"(?:(?i:np|pa|rn|md|nurse|resident|fellow|attending|physician)\s+)?"
    rf"({_NAME})"
)
_CONTACT_KEYS = (
    "discussed",
    "d/w",
    "spoke",
    "called",
    "paged",
    "notified",
    "informed",
    "communicated",
    "conveyed",
    "reported",
    "relayed",
    "telephoned",
    "signed",
    "dictated",
    "read by",
    "reviewed",
    "verified",
    "approved",
    "transcribed",
    "attending",
    "radiologist",
    "resident",
)
_CREDENTIAL = re.compile(
    rf"\b({_MIXED_WORD}(?:\s+{_INITIAL}?{_MIXED_WORD}){{0,2}}),?\s+(?:M\.?D\.?|D\.O\.|R\.?N\.?"
    r"|N\.?P\.?|PA-C|Ph\.?D\.?)(?![A-Za-z])"
)
_CREDENTIAL_HINT = re.compile(r"(?:M\.?D|D\.O|R\.?N|N\.?P|PA-C|Ph\.?D)\b")

# -- forms real exports carry beyond the above (issue 13) ------------------------------------------------------
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
    r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)"
    r"(?![\w:])"
)
# A label that introduces a person ("Pt: Jane Roe", "Reported by Dr. ___: Min Park", "Attending - Lee"); the name
# may be lower case after it. "by" forms need the colon, so that "performed by portable technique" stays.
_LABEL = re.compile(
    r"(?i:\b(?:pt|patient|patient\s+name|pt\s+name|name|guardian|mother|father|next\s+of\s+kin|nok|"
    r"technologist|tech|referring(?:\s+(?:physician|provider|md))?|ordering(?:\s+(?:physician|provider|md))?|"
    r"requesting(?:\s+physician)?|attending(?:\s+physician)?|physician|provider|pcp|nurse|rn|cc|"
    r"(?:reported|dictated|signed|read|reviewed|verified|approved|transcribed|interpreted|performed)\s+by)"
    r"(?:\s+(?:dr|mr|mrs|ms|prof)\.?)?(?:\s*___)?\s*[:#=]\s*)"
    r"(?:(?i:dr|mr|mrs|ms|miss|prof)\.?\s+)?"
    r"((?:[A-Za-z][A-Za-z'’-]*|[\uac00-\ud7a3]{2,4})(?:\s+[A-Za-z][A-Za-z'’-]*){0,2})"
)
_LOWER_TITLE = re.compile(r"\b(?:dr|pt|mr|mrs|ms)\.?\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+)?)\b")
_LAST_FIRST = re.compile(rf"(?<![\w'’-])({_MIXED_WORD}),\s+({_MIXED_WORD})(?:\s+[A-Z]\.)?(?![\w-])")
_ADDRESS_US = re.compile(
    # one line only, and never a measurement ("3 CM ABOVE CARINA.\nDr. ...")
    r"\d(?<![\w.,/-]\d)\d{0,5}[A-Za-z]?(?![ \t]*(?i:mm|cm|m|ml|cc|x|%)\b)[ \t]+(?:[NSEW]\.?[ \t]+)?"
    r"(?:[A-Z][A-Za-z'’-]*\.?[ \t]+){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Ter|Parkway|"
    r"Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Plaza|Alley|Route|Rte)\b\.?(?:\s+(?:NW|NE|SW|SE)\b)?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\.?\s*#?\s*[\w-]{1,6})?"
    r"(?:,\s*(?:[A-Z][A-Za-z'’-]*\s?){1,3})?(?:,?\s*[A-Z]{2}\.?)?(?:\s+\d{5}(?:-\d{4})?)?"
)
_ZIP_STATE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
_PO_BOX = re.compile(r"(?i:\bp\.?\s?o\.?\s+box\s+\d+)")
# Korean addresses: Hangul forms (서울특별시 강남구 테헤란로 123) and romanised ones (123 Teheran-ro, Gangnam-gu)
_ADDRESS_KO = re.compile(
    r"(?:[\uac00-\ud7a3]{1,10}(?:특별시|광역시|특별자치시|특별자치도|시|도)\s*)?[\uac00-\ud7a3]{1,10}(?:구|군)\s*"
    r"[\uac00-\ud7a3\d]{1,12}(?:로|길|동|읍|면)(?:\s*\d{1,5}(?:-\d{1,5})?(?:번길)?)?"
    r"(?:\s*\d{1,5}(?:-\d{1,5})?)?(?:\s*[,\s]\s*\d{1,5}동?\s*\d{1,5}호)?"
)
_ADDRESS_KO_LATIN = re.compile(
    r"(?:(?:\d{1,5}(?:-\d{1,5})?,?\s+)?(?:[A-Z][a-z]+-(?:ro|gil|daero)(?:\s*\d{1,3}(?:beon)?-?gil)?)"
    r"(?:\s*\d{1,5}(?:-\d{1,5})?)?(?:,?\s*[A-Z][a-z]+-(?:gu|gun|dong|si|do|eup|myeon))*"
    r"|\b[A-Z][a-z]+-(?:gu|gun|dong)(?:,?\s*[A-Z][a-z]+(?:-(?:si|do))?)?)"
    r"(?:,?\s*(?:Seoul|Busan|Incheon|Daegu|Daejeon|Gwangju|Ulsan|Sejong|Suwon|Seongnam|Goyang|Yongin|Bucheon)\b)?"
)
_CONTACT_LOWER = re.compile(
    r"\b(?:discussed\s+with|d/w|spoke\s+(?:with|to)|called\s+to|paged|notified|informed|communicated\s+"
    r"(?:with|to)|conveyed\s+to|reported\s+to|relayed\s+to|telephoned)\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+)?)\b"
)
# Ages over 89 are identifying (HIPAA safe harbor): the number goes, the wording stays.
_AGE = re.compile(
    r"\b(9\d|1[0-2]\d)(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|o\b)"
    r"|\b(9\d|1[0-2]\d)\s*(?:yo|y/o|y\.o\.|yr\.?s?|years?)\b"
    r"|(?i:\b(?:age|aged|age:)\s*:?\s*)(9\d|1[0-2]\d)\b"
    r"|\b(9\d|1[0-2]\d)(?:\s*-?\s*)(?:M|F|male|female|man|woman)\b"
)
# A Hangul name (2-4 syllables) next to a title: "환자 김민수", "김민수 님", "Dr. 김민수", "담당의: 박지성".
_HANGUL_TITLE_BEFORE = re.compile(
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?|환자|성명|이름|보호자|담당의|담당\s*의사|판독의|의사|교수|전공의|간호사|주치의)"
    r"\s*[:：]?\s*([\uac00-\ud7a3]{2,4})(?![\uac00-\ud7a3])"
)
_HANGUL_TITLE_AFTER = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})\s*(?:님|씨|교수님|교수|선생님|환자|간호사|전공의|원장님)(?![\uac00-\ud7a3])"
)
_HANGUL_COMMON = frozenset(
    """
상태 소견 검사 결과 영상 흉부 폐야 심장 우측 좌측 양측 이상 정상 병변 음영
추적 비교 판독 촬영 보호자 담당 환자 의사 교수
선생 간호 전공 진료 외래 입원 응급 수술 시술 이전 최근 현재 호전 악화 변화 없음 있음 관찰 확인 권고 필요
""".split()
)
_COMMON_CAPITALISED = frozenset(
    """
otherwise however also findings impression stable unchanged no normal right left bilateral mild moderate severe
there the heart lungs chest please thank note clinical history comparison technique indication interval new
again small large trace minimal likely possible probable status post seen noted given without with and or but
portable upright supine frontal lateral views view images image exam study today yesterday tomorrow
""".split()
)

# Second pass: what still looks identifying after redaction (each pattern counted separately).
_RESIDUAL = (
    re.compile(r"\d(?<!\w\d)(?:(?:-?\d){6,}\b|\d{2,3} \d{3,4} \d{2,4}\b|\d{3} \d{4}\b)"),  # 7+ digits, id groups
    re.compile(r"\d(?<!\w\d)\d?/\d{1,2}/\d{2,4}\b"),  # numeric date
    re.compile(_month_alternation(m for m in _MONTHS if m != "May") + r"\s+\d{1,2}\b"),  # month name and day
    re.compile("(?:" + "|".join(rf"{t}(?<!\w{t})" for t in ("Dr", "Mrs", "Mr", "Ms", "Prof")) + r")\.?\s*[A-Z][a-z]"),
)
_RESIDUAL_AT = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")  # e-mail-like
_RESIDUAL_LOWER = re.compile(r"\bhttps?://|\bwww\.|\bmrn\b\s*[:#]?\s*\d")  # on lower-cased text

__all__ = ["KINDS", "MEDICAL_TERMS", "STOP_WORDS", "PhiResult", "PhiScreen", "phi_enabled"]


@dataclass
class PhiResult:
    """Result of screening one text."""

    text: str  # redacted text: each identifier replaced by the token
    counts: dict[str, int] = field(default_factory=dict)  # per kind (counts only, never the strings)
    residual: int = 0  # identifier-like things still present after redaction

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def phi_enabled(cfg: PhiConfig | None, source: str) -> bool:
    """Whether the screen runs for ``source``: ``cfg.enabled``, or by default only for the ``csv`` source."""
    if cfg is None or cfg.enabled is None:
        return source == "csv"
    return bool(cfg.enabled)


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def _ordinary(word: str) -> bool:
    """A word that is not a name: a medical term, a stop word, a common capitalised word, a de-id token,
    a common Korean clinical word, or anything with a digit."""
    w = word.strip(".,;:()'’").lower()
    return (
        not w
        or w in MEDICAL_TERMS
        or w in STOP_WORDS
        or w in _COMMON_CAPITALISED
        or w in _HANGUL_COMMON
        or "_" in w
        or any(c.isdigit() for c in w)
        or w.upper() in _CLINICAL_UPPER
    )


def _is_term(word: str) -> bool:
    w = word.strip(".").lower()
    return w in MEDICAL_TERMS or w in STOP_WORDS


class PhiScreen:
    """Regex PHI screen; one instance is reusable and holds no per-text state."""

    def __init__(self, cfg: PhiConfig | None = None, deid_token: str = "___"):
        self.cfg = cfg if cfg is not None else PhiConfig()
        self.token = deid_token

    # -- name helpers -------------------------------------------------------------------------------------
    def _name_span(self, name: str, first_always: bool) -> tuple[int, int] | None:
        """Character span inside ``name`` to redact, or None when it is not a name."""
        words = list(re.finditer(rf"{_INITIAL}|{_NAME_WORD}", name))
        real = [w for w in words if not w.group(0).endswith(".")]
        if not real:
            return None
        first = real[0]
        if not first_always and _is_term(first.group(0)):
            return None
        if first_always and first.group(0).lower() in STOP_WORDS:
            return None
        end = first.end()
        for word in real[1:]:  # middle and last names, up to the first ordinary word
            if _is_term(word.group(0)):
                break
            end = word.end()
        return words[0].start(), end

    def _sub_names(self, pattern: re.Pattern, text: str, counts: dict[str, int], first_always: bool) -> str:
        def repl(m: re.Match) -> str:
            if pattern is _TITLE:
                title, dot, space = m.group(1), m.group(2), m.group(3)
                if not dot and not space:
                    return m.group(0)
                if title.isupper() and title in ("MR", "MS", "MRS") and not dot:
                    return m.group(0)  # "MR ANGIOGRAPHY", "MS" (multiple sclerosis)
            span = self._name_span(m.group(len(m.groups())), first_always)
            if span is None:
                return m.group(0)
            g = len(m.groups())
            start, end = m.start(g) + span[0] - m.start(), m.start(g) + span[1] - m.start()
            whole = m.group(0)
            counts["name"] += 1
            return whole[:start] + self.token + whole[end:]

        return pattern.sub(repl, text)

    # -- main ---------------------------------------------------------------------------------------------
    def screen(self, text: str) -> PhiResult:
        """Redact ``text``; counts per kind and the residual count of what still looks identifying.

        Text over ``segments.SEGMENT_CHARS`` is screened piece by piece (linear time on any input)."""
        pieces = segments(text) if text else [text]
        if len(pieces) > 1:
            parts = [self._screen(p) for p in pieces]
            counts = {k: sum(r.counts[k] for r in parts) for k in KINDS}
            return PhiResult(
                text="".join(r.text for r in parts), counts=counts, residual=sum(r.residual for r in parts)
            )
        return self._screen(text)

    def _screen(self, text: str) -> PhiResult:
        counts = dict.fromkeys(KINDS, 0)
        if not text:
            return PhiResult(text=text or "", counts=counts, residual=0)
        tok = self.token
        low = text.lower()

        def simple(kind: str, pattern: re.Pattern, s: str) -> str:
            s, n = pattern.subn(tok, s)
            counts[kind] += n
            return s

        def group1(kind: str, pattern: re.Pattern, s: str) -> str:
            def repl(m: re.Match) -> str:
                counts[kind] += 1
                w = m.group(0)
                return w[: m.start(1) - m.start()] + tok + w[m.end(1) - m.start() :]

            return pattern.sub(repl, s)

        # Cheap checks on the original text skip the passes that cannot match (most reports have no phone,
        # e-mail or url); a skipped pass could not have matched the partly redacted text either.
        out = text
        if "@" in text:
            out = simple("email", _EMAIL, out)
        if "http" in low or "www" in low:
            out = simple("url", _URL, out)
        if "." in text:
            out = simple("ip", _IPV4, out)
        if "::" in text or text.count(":") >= 7:
            out = self._ipv6(out, counts)
        out = simple("ssn", _SSN, out)
        out = self._addresses(out, counts)
        out = self._ages(out, counts)
        if _PHONE_HINT.search(out):
            out = simple("phone", _PHONE, out)
        if any(k in low for k in _PAGER_KEYS):
            out = group1("phone", _PAGER, out)
        out = simple("date", _DATE_NUMERIC, out)
        out = simple("date", _DATE_DAY_FIRST, out)
        out = simple("date", _DATE_MONTH_FIRST, out)
        if "/" in out:
            out = group1("date", _DATE_SHORT, out)
        if "ID" in text or "Id" in text or any(k in low for k in _MRN_KEYS):
            out = group1("mrn", _MRN_PREFIXED, out)
        out = simple("mrn", _MRN, out)
        if any(k in text for k in _TITLE_KEYS):
            out = self._sub_names(_TITLE, out, counts, first_always=True)
        if any(k in low for k in _CONTACT_KEYS):
            out = self._sub_names(_CONTACT, out, counts, first_always=False)
        if _CREDENTIAL_HINT.search(out):
            out = self._sub_names(_CREDENTIAL, out, counts, first_always=False)
        if ":" in out or "#" in out or "=" in out:
            out = self._sub_words(_LABEL, out, counts)
        out = self._sub_words(_LOWER_TITLE, out, counts)
        if any(k in low for k in _CONTACT_KEYS):
            out = self._sub_words(_CONTACT_LOWER, out, counts)
        if "," in out:
            out = self._last_first(out, counts)
        if _has_hangul(out):
            out = self._sub_words(_HANGUL_TITLE_BEFORE, out, counts)
            out = self._sub_words(_HANGUL_TITLE_AFTER, out, counts)
        return PhiResult(text=out, counts=counts, residual=self.residual(out))

    # -- the forms of issue 13 ------------------------------------------------------------------------------
    def _addresses(self, text: str, counts: dict[str, int]) -> str:
        for pattern in (_ADDRESS_US, _PO_BOX, _ZIP_STATE):
            text, n = pattern.subn(self.token, text)
            counts["address"] += n
        if _has_hangul(text):
            text, n = _ADDRESS_KO.subn(self.token, text)
            counts["address"] += n
        if "-" in text:
            text, n = _ADDRESS_KO_LATIN.subn(self.token, text)
            counts["address"] += n
        return text

    def _ipv6(self, text: str, counts: dict[str, int]) -> str:
        def repl(m: re.Match) -> str:
            if len(re.findall(r"[0-9A-Fa-f]{1,4}", m.group(0))) < 3:  # "::" or "a::b" alone is not an address
                return m.group(0)
            counts["ip"] += 1
            return self.token

        return _IPV6.sub(repl, text)

    def _ages(self, text: str, counts: dict[str, int]) -> str:
        def repl(m: re.Match) -> str:
            g = next(i for i in range(1, 5) if m.group(i))
            counts["age"] += 1
            w = m.group(0)
            return w[: m.start(g) - m.start()] + self.token + w[m.end(g) - m.start() :]

        return _AGE.sub(repl, text)

    def _sub_words(self, pattern: re.Pattern, text: str, counts: dict[str, int]) -> str:
        """Redact the name group (1) of ``pattern``: its words up to the first ordinary word (a medical term,
        a stop word, a common word); nothing when the first word is ordinary."""

        def repl(m: re.Match) -> str:
            words = list(re.finditer(r"[^\s]+", m.group(1)))
            keep = 0
            for w in words:
                if _ordinary(w.group(0)):
                    break
                keep += 1
            if keep == 0:
                return m.group(0)
            counts["name"] += 1
            start, end = m.start(1) - m.start(), m.start(1) + words[keep - 1].end() - m.start()
            whole = m.group(0)
            return whole[:start] + self.token + whole[end:]

        return pattern.sub(repl, text)

    def _last_first(self, text: str, counts: dict[str, int]) -> str:
        """ "Lee, Anne": two capitalised words around a comma, neither an ordinary word."""

        def repl(m: re.Match) -> str:
            if _ordinary(m.group(1)) or _ordinary(m.group(2)):
                return m.group(0)
            counts["name"] += 1
            return self.token

        return _LAST_FIRST.sub(repl, text)

    def residual(self, text: str) -> int:
        """How many identifier-like things ``text`` still holds (0 for clean or fully redacted text)."""
        if not text:
            return 0
        pieces = segments(text)
        if len(pieces) > 1:
            return sum(self.residual(p) for p in pieces)
        n = sum(len(p.findall(text)) for p in _RESIDUAL)
        if "@" in text:
            n += len(_RESIDUAL_AT.findall(text))
        return n + len(_RESIDUAL_LOWER.findall(text.lower()))
