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

KINDS = ("email", "url", "ssn", "phone", "date", "mrn", "name")

# Capitalised words that follow "discussed with", "paged", "Dr." ... without being a person's name.
MEDICAL_TERMS = frozenset("""
emergency department dept ed er icu ccu micu sicu nicu picu pacu csru or radiology radiologist cardiology
cardiologist surgery surgical surgeon medicine medical team service services nurse nursing np pa rn md do resident
fellow attending physician physicians clinician clinicians provider providers doctor doctors staff housestaff
floor ward unit clinic pulmonary pulmonology pulmonologist oncology oncologist transplant trauma thoracic
cardiothoracic neurology neurosurgery interventional ir vascular hospitalist intensivist covering referring
ordering primary care pcp on-call oncall call desk front patient patients family wife husband son daughter
heart lungs lung chest right left bilateral pleural effusion pneumothorax pneumonia atelectasis cardiomegaly
edema consolidation opacity nodule mass findings finding impression results result report study exam
examination ct mri cxr xr us ultrasound picc ett ngt kerley swan ganz dobhoff foley hickman port
the a an this that these those his her their our your my its
""".split())

# Words that end a name (first names are always taken after a title; a second word is dropped if it is one).
STOP_WORDS = frozenset("""
at on in by for from to of and or with who which regarding re about via per as is was were has had have be been
are will would should today tonight yesterday this that the at am pm dr drs mr mrs ms mx miss prof
""".split())

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")


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
    r"|\d?[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?![\w/-]|\.\d)"                                      # 3/14/23
    rf"|\d?\.\d{{1,2}}\.{_YEAR}(?![\w]|\.\d)"                                                  # 14.03.2023
    r"|(?:(?<=0)[1-9]|(?<=1)[0-2]|(?<=[1-9]))/(?:19|20)\d{2}(?![\w/-]|\.\d))"                    # 5/2021
)
_DATE_DAY_FIRST = re.compile(                                                                   # 14 Mar 2023
    rf"\d(?<!\w\d)\d?(?:st|nd|rd|th|ST|ND|RD|TH)?(?:\s+of)?\s+"
    rf"(?:{_MONTH_NO_MAY}(?:,?\s+{_YEAR}\b)?|(?:May|MAY),?\s+{_YEAR}\b)"
)
_DATE_MONTH_FIRST = re.compile(                                                     # March 14, 2023 / Jan 2023
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
_TITLE = re.compile(
    r"\b(Drs?|Mrs?|Ms|Mx|Miss|Prof|Doctor|DRS?|MRS?|MS|PROF|DOCTOR)(\.?)(\s*)" rf"({_NAME})"
)
_TITLE_KEYS = ("Dr", "Mr", "Ms", "Mx", "Miss", "Prof", "Doctor", "DR", "MR", "MS", "PROF", "DOCTOR")
_CONTACT = re.compile(
    r"(?i:\b(?:discussed\s+with|d/w|spoke\s+(?:with|to)|called\s+to|paged|notified|informed|communicated\s+"
    r"(?:with|to)|conveyed\s+to|reported\s+to|relayed\s+to|telephoned|(?:signed|dictated|read|reviewed|"
    r"verified|approved|transcribed)\s+by|attending|radiologist|resident)\b:?\s+)"
    r"(?:(?i:np|pa|rn|md|nurse|resident|fellow|attending|physician)\s+)?"
    rf"({_NAME})"
)
_CONTACT_KEYS = ("discussed", "d/w", "spoke", "called", "paged", "notified", "informed", "communicated",
                 "conveyed", "reported", "relayed", "telephoned", "signed", "dictated", "read by", "reviewed",
                 "verified", "approved", "transcribed", "attending", "radiologist", "resident")
_CREDENTIAL = re.compile(rf"\b({_MIXED_WORD}(?:\s+{_INITIAL}?{_MIXED_WORD}){{0,2}}),?\s+(?:M\.?D\.?|D\.O\.|R\.?N\.?"
                         r"|N\.?P\.?|PA-C|Ph\.?D\.?)(?![A-Za-z])")
_CREDENTIAL_HINT = re.compile(r"(?:M\.?D|D\.O|R\.?N|N\.?P|PA-C|Ph\.?D)\b")

# Second pass: what still looks identifying after redaction (each pattern counted separately).
_RESIDUAL = (
    re.compile(r"\d(?<!\w\d)(?:(?:-?\d){6,}\b|\d{2,3} \d{3,4} \d{2,4}\b|\d{3} \d{4}\b)"),  # 7+ digits, id groups
    re.compile(r"\d(?<!\w\d)\d?/\d{1,2}/\d{2,4}\b"),                                        # numeric date
    re.compile(_month_alternation(m for m in _MONTHS if m != "May") + r"\s+\d{1,2}\b"),      # month name and day
    re.compile("(?:" + "|".join(rf"{t}(?<!\w{t})" for t in ("Dr", "Mrs", "Mr", "Ms", "Prof")) + r")\.?\s*[A-Z][a-z]"),
)
_RESIDUAL_AT = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")                                   # e-mail-like
_RESIDUAL_LOWER = re.compile(r"\bhttps?://|\bwww\.|\bmrn\b\s*[:#]?\s*\d")                     # on lower-cased text

__all__ = ["KINDS", "MEDICAL_TERMS", "STOP_WORDS", "PhiResult", "PhiScreen", "phi_enabled"]


@dataclass
class PhiResult:
    """Result of screening one text."""

    text: str                                       # redacted text: each identifier replaced by the token
    counts: dict[str, int] = field(default_factory=dict)  # per kind (counts only, never the strings)
    residual: int = 0                               # identifier-like things still present after redaction

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def phi_enabled(cfg: PhiConfig | None, source: str) -> bool:
    """Whether the screen runs for ``source``: ``cfg.enabled``, or by default only for the ``csv`` source."""
    if cfg is None or cfg.enabled is None:
        return source == "csv"
    return bool(cfg.enabled)


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
        """Redact ``text``; counts per kind and the residual count of what still looks identifying."""
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
                return w[: m.start(1) - m.start()] + tok + w[m.end(1) - m.start():]
            return pattern.sub(repl, s)

        # Cheap checks on the original text skip the passes that cannot match (most reports have no phone,
        # e-mail or url); a skipped pass could not have matched the partly redacted text either.
        out = text
        if "@" in text:
            out = simple("email", _EMAIL, out)
        if "http" in low or "www" in low:
            out = simple("url", _URL, out)
        out = simple("ssn", _SSN, out)
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
        return PhiResult(text=out, counts=counts, residual=self.residual(out))

    def residual(self, text: str) -> int:
        """How many identifier-like things ``text`` still holds (0 for clean or fully redacted text)."""
        if not text:
            return 0
        n = sum(len(p.findall(text)) for p in _RESIDUAL)
        if "@" in text:
            n += len(_RESIDUAL_AT.findall(text))
        return n + len(_RESIDUAL_LOWER.findall(text.lower()))
