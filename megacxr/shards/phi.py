"""PHI screen for report text from a hospital export (the ``csv`` source): redact identifiers, count them.

``PhiScreen.screen(text)`` returns the text with every identifier replaced by the de-identification token
(``"___"``), the number of identifiers per kind, and ``residual``: a second, independent pass that counts what
still looks identifying after redaction, so that the builder can quarantine the study when it exceeds
``PhiConfig.max_residual``. It is a screen, not certified de-identification: README's Security model gives its
measured recall per class.

How it finds identifiers, by class rather than by example:

* the text is screened after control characters and terminal escapes are removed (an ANSI bold, a NUL or a
  U+200E inside a number hides nothing) and with full-width forms, dashes and spaces folded to ASCII (``fold``:
  one character for one, so that every span maps back to the text), and OCR's letter-digit confusions read as
  meant (``phi_ocr``: "D0B: O7-O2-l939");
* shape-based classes (``phi_patterns``): e-mails, URLs and bare domains, phone numbers in national and
  international layouts, SSNs (masked ones too), Korean resident numbers, IP addresses, DICOM UIDs, dates in
  any order and separator, with month names, ordinals or Korean 년 월 일, identifier-shaped codes after any
  identifier-like label and bare ones (six or more digits, letters with four or more digits), ages over 89 in
  any case or spelling, US and Korean addresses;
* cue-based names: after a title, a label ("Patient:", "판독의"), a contact verb ("discussed with", "paged"),
  before a credential (", MD");
* class-based names, institutions and places (``phi_names`` over the allow-list of ``phi_lexicon``): any run of
  capitalised words that no report or English vocabulary claims and that has a name's shape, "LAST, FIRST" in
  any case, named hospitals and clinics, cities, counties and states, bare Hangul names.

Long text is screened in windows of ``WINDOW_CHARS`` that overlap by ``OVERLAP_CHARS`` on each side, so a cut
never separates a cue from its identifier and the cost stays linear in the length of the text. Each pass masks
what it finds (same length); the masked spans of every window are joined and each run of masked characters
becomes one token.

Nothing here logs or raises with the text: callers get counts only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from megacxr.reports.segments import segments
from megacxr.reports.textclean import strip_controls
from megacxr.shards import phi_lexicon
from megacxr.shards import phi_patterns as P
from megacxr.shards import phi_prefilter as prefilter
from megacxr.shards.config import PhiConfig
from megacxr.shards.phi_aliases import alias_names, bracketed_names, framed_names, institution_acronyms
from megacxr.shards.phi_around import credential_names, date_stamps, labelled_names, nickname_names, places_around
from megacxr.shards.phi_bracket_names import bracketed_given_names
from megacxr.shards.phi_bylines import byline_names
from megacxr.shards.phi_coded_places import coded_places, id_label_owners
from megacxr.shards.phi_complete import complete, complete_korean
from megacxr.shards.phi_context import (
    age_sex_names,
    clan_names,
    dictation_initials,
    hanja_names,
    listed_names,
    name_neighbours,
    odd_written_names,
    review_initials,
    romanised_korean_names,
    trauma_aliases,
    weekday_dates,
)
from megacxr.shards.phi_edges import holiday_dates, masked_edges
from megacxr.shards.phi_events import event_dates, years_after_events
from megacxr.shards.phi_fields import (
    CAMPUS_WORDS,
    date_fields,
    escaped_hangul_names,
    field_values,
    tagged_names,
    tagged_things,
)
from megacxr.shards.phi_hl7 import hl7_field_references, hl7_fields
from megacxr.shards.phi_japanese import japanese_hangul_names
from megacxr.shards.phi_landmarks import landmarks
from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    NAME,
    SCORE_EPONYMS,
    UNKNOWN,
    WORD,
    is_first_name,
    is_last_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_myanmar import myanmar_names, vietnamese_names
from megacxr.shards.phi_names import (
    acronym,
    chat_speakers,
    common_korean_word,
    compound_surname_names,
    eponym_after,
    foreign_hangul_names,
    hangul_name_like,
    korean_derived_word,
    korean_names,
    korean_word_start,
    korean_word_zipf,
    lower_full_names,
    lower_initial_names,
    lower_speakers,
    message_names,
    names,
    paren_after_role,
    post_names,
    quoted_nicknames,
    rare_surname_name,
    reported_names,
    role_paren_names,
)
from megacxr.shards.phi_neighbours import masked_neighbours, role_names, voted_neighbours
from megacxr.shards.phi_ocr import ocr_view
from megacxr.shards.phi_periods import period_spans
from megacxr.shards.phi_places import after_places, gazetteer, institutions, lower_places, places
from megacxr.shards.phi_plains_names import plains_names
from megacxr.shards.phi_postal import korean_lots, postal_addresses
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_repeats import repeated_identifiers
from megacxr.shards.phi_residence import korean_named_places, korean_residence_places, residence_places
from megacxr.shards.phi_roads import businesses_on_streets, road_places
from megacxr.shards.phi_tables import table_values
from megacxr.shards.phi_typo_dates import misspelled_month_dates
from megacxr.shards.phi_units import korean_units, military_units, ranked_names
from megacxr.shards.phi_voter import voter, voter_spans

KINDS = ("email", "url", "ip", "ssn", "phone", "date", "mrn", "address", "age", "name", "place")
WINDOW_CHARS = 4096
OVERLAP_CHARS = 256

# Words that end a name after a cue (a first name after a title is always taken).
STOP_WORDS = frozenset(
    """
at on in by for from to of and or with who which regarding re about via per as is was were has had have be been
are will would should today tonight yesterday this that the at am pm dr drs mr mrs ms mx miss prof prior
after before until during following
""".split()
)
# Capitalised words a cue may precede without a name: "discussed with Emergency Department", "Tech: PA".
MEDICAL_TERMS = frozenset(
    """
team service services unit floor ward desk front family wife husband son daughter covering referring ordering
primary care on-call oncall call patient patients staff housestaff
""".split()
)
_HANGUL_COMMON = frozenset(
    "상태 소견 검사 결과 영상 흉부 폐야 심장 우측 좌측 양측 이상 정상 병변 음영 추적 비교 판독 "
    "촬영 보호자 담당 환자 의사 교수 선생 간호 전공 진료 외래 입원 응급 수술 시술 이전 최근 "
    "현재 호전 악화 변화 없음 있음 관찰 확인 권고 필요 소견상 결과상".split()
)

# One character for one: full-width ASCII, ideographic and no-break spaces, dashes and curly quotes.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update(dict.fromkeys((12288, 160, 8199, 8239, 8287, *range(8192, 8203)), 32))
_FOLD.update(dict.fromkeys((8208, 8209, 8210, 8211, 8212, 8213, 8722, 65123), 45))
# line and paragraph separators (U+2028, U+2029, NEL, VT, FF) end a line as a newline does: "signed by\u2028Dr. X"
_FOLD.update(dict.fromkeys((0x2028, 0x2029, 0x85, 0x0B, 0x0C), 10))
_FOLD.update(
    {
        0x02BB: 0x27,
        0x02BC: 0x27,
        0x2018: 0x27,
        0x2019: 0x27,
        0x201C: 0x22,
        0x201D: 0x22,
        0xFE6B: 0x40,
        0x2024: 0x2E,
        0x60: 0x27,
    }  # a backtick typed for the okina: "Keali`i"
)
# dots of every script as a full stop ("559•555•0184", "02·555·0198", "5·2 cm"): a separator is a separator
# Arabic-Indic and Persian (extended) digits: every number shape sees them as the digits they are
_FOLD.update({0x0660 + i: 0x30 + i for i in range(10)})
_FOLD.update({0x06F0 + i: 0x30 + i for i in range(10)})
_FOLD.update(dict.fromkeys((0x2022, 0xB7, 0x2219, 0x22C5, 0x2027, 0xFF65, 0x30FB, 0x2E31, 0x2981), 0x2E))
# Latin letters with diacritics to their base letter ("Grünwald", "Zieliński", "BRONISŁAW"), so that the name
# classes see one alphabet.
for _c in range(0xC0, 0x250):
    _base = unicodedata.normalize("NFD", chr(_c))[0]
    if _base.isascii() and _base.isalpha():
        _FOLD[_c] = ord(_base)
_FOLD.update({ord(a): ord(b) for a, b in zip("łŁøØđĐßæÆœŒþÞı", "lLoOdDsaAoOtTi", strict=False)})
for _c in range(0x1E00, 0x1F00):  # Latin Extended Additional: Vietnamese, Yoruba ("ọ", "ẹ", "ạ")
    _base = unicodedata.normalize("NFD", chr(_c))[0]
    if _base.isascii() and _base.isalpha():
        _FOLD[_c] = ord(_base)
# combining diacritics ("Adébáyọ̀" written with combining marks) keep a word whole: an apostrophe, which every
# name pattern accepts inside a word
_FOLD.update(dict.fromkeys(range(768, 880), 39))

# Second pass: what still looks identifying after redaction (each pattern counted separately).
_RESIDUAL = (
    re.compile(r"\d(?<!\w\d)(?:(?:-?\d){6,}\b|\d{2,3} \d{3,4} \d{2,4}\b|\d{3} \d{4}\b)"),  # 7+ digits, id groups
    # numeric date (not "16/8/40" of "450/16/8/40", nor sizes before their unit: "10/12/14 mm", nor a schedule's
    # intervals: "3/6/12 months")
    re.compile(
        r"\d(?<![\w./]\d)\d?/\d{1,2}/\d{2,4}\b(?!/\d)"
        r"(?![ \t]*(?:mm|cm|mL|ml|mg|kg|months?|mos?|weeks?|wks?|years?|yrs?|days?)\b)"
    ),
    re.compile(P.month_alternation(m for m in P._MONTHS if m != "May") + r"\s+\d{1,2}\b"),  # month name and day
    re.compile("(?:" + "|".join(rf"{t}(?<!\w{t})" for t in ("Dr", "Mrs", "Mr", "Ms", "Prof")) + r")\.?\s*[A-Z][a-z]"),
)
# what an age over 89 in words needs in the text, as written and as misspelt: "ninety", "ninty", "one hundered"
_AGE_WORD_HINTS = (
    *("inety", "INETY", "inetieth", "undred", "UNDRED"),
    *("inty", "INTY", "intey", "ienty", "undere", "undrd", "underd"),
)
_RANGE = re.compile(r"(\d{3,4})-(\d{3,4})")
_UNIT_AFTER_SIZE = re.compile(r"[ \t]*(?i:mm|cm|in|inch|inches|fr|french)\b")  # "STENT 10 X 40 MM": a size, not a date
_CLOCK_RANGE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d[ \t]*[-–][ \t]*(?:[01]\d|2[0-3])[0-5]\d")
_SHIFT_AFTER = re.compile(r"[ \t]*(?i:shifts?|hours?|hrs|window|block|coverage|rotation)\b")
_SHIFT_BEFORE = re.compile(r"(?i:shifts?|hours?|hrs|between|during|coverage)\W*(?:the[ \t]+)?$")
_RANGE_BEFORE = re.compile(
    r"(?i:\b(?:range|target|between|normal|reference|ref\.?|index|values?|kvp|mas|dlp|ctdi|dose|window|level|"
    r"from|limits?)\b)[ \t:=(]*$"
)
_UNDERSCORES = re.compile(r"_+")
_WRAPPED = re.compile(r"[\d/-]\n\d")
_WRAP_AT = re.compile(r"[\d/-]\n\d")
_FIRST_AFTER = re.compile(  # ", John", ", JOHN P", ", LEE ANN." (a second given name before the line's end)
    r"(?:[ \t]+(?:JR|SR|II|III|IV|Jr\.?|Sr\.?))?,[ \t]*([A-Z][A-Za-z'’-]+)"  # "RODRIGUEZ JR, HECTOR M"
    r"(?:[ \t]+[A-Z]\.?|[ \t]+[A-Z][A-Za-z'’-]+(?=[ \t]*(?:[.,;)]|\n|$)))?(?![\w'’-])"
)
_UNIT_CUES = ("병동", "팀", "의학과", "내과", "외과")  # a ward, team or department before a name: a weak cue
_NON_MEDICAL_LABEL = re.compile(
    r"(?i)employer|company|work|campus|union|headquarters|\bhq\b|school|church|shelter|"
    r"hotel|lodging|motel|hostel|accommodation"
)
_DATE_TIME_GAP = re.compile(r"_(?:[ \t]*(?:,|at|@|-))?[ \t]*$")  # between a masked date and its time
_LOWER_NEXT = re.compile(r"[ \t]+([a-z]+)")
_VIETNAMESE_LANES = ("ngo ", "ngõ", "ngach", "ngách", "hem ", "hẻm", "kiet ", "kiệt")
_VERB_FORM = re.compile(r"([\uac00-\ud7a3]{2})(?:하여|하고|하며|해서|하에|하는|한|했|할|함|됨)")
_INSTITUTION_ENDS = ("센터", "병원", "의원", "학교", "회사", "공단", "협회", "재단")
_KOREAN_TITLE_WORDS = frozenset(
    "선생 교수 원장 과장 부장 실장 팀장 간호사 기사 전공의 주치의 담당의 레지던트 인턴 소장 대표 수간호사".split()
)
# the Korean cues that ask for a person (a reader, a doctor, a nurse), unlike "판독:" (the reading itself)
_NAME_CUE_ENDS = ("의", "사", "자", "님", "교수", "선생", "원", "간호사", "담당")
_TIME_OF_BEFORE = re.compile(r"(?i:time[ \t]+of[ \t]+)$")
# a date's shape after a phone's cue ("Received via fax 11-06-2023 at 0312"): the date passes read it, with its time
_DATE_SHAPED = re.compile(
    r"(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|[12]\d|3[01])\1(?:19|20)\d{2}|(?:19|20)\d{2}([-/.])[01]?\d\2[0-3]?\d"
)
_LABEL_LINE_NEXT = re.compile(r"[A-Za-z][A-Za-z /&'’-]{0,30}[:：](?![/\d])")
_LABEL_NEXT = re.compile(r"[ \t]*[:：](?![/\d])")  # a colon after a field's value: the value was the next label
_LABEL_COLON = re.compile(r"[ \t]*(?:No\.?|#)?[ \t]*[:：]")
# a duty's or a post's word before a title, read as a surname and a syllable: "당직 교수", "주치 교수", "전담 간호사"
_DUTY_WORDS = frozenset("당직 주치 전담 책임 지도 초빙 명예 외래 병동 응급 협진 자문 수간 전임 임상 기초 겸임".split())
_NO_VALUE = re.compile(r"[ \t]*(?:[A-Za-z]|male|female|Male|Female|MALE|FEMALE)?[ \t]*")
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$)")
# a surname's end: the clause's, or a function word after it ("Dr. Morgan Westermark in the ED": no sign follows)
_SURNAME_END = re.compile(r"[ \t]*(?:[.,;:)\n]|$)|[ \t]+(?:in|at|on|from|with|and|for|about|regarding|who|to|by)\b")
_CLOCK_AFTER_AT = re.compile(r"(?i:at|@)[ \t]*(?:[01]\d|2[0-3])[0-5]\d")
_FIELD_END_AFTER = re.compile(r"[ \t]*(?:$|\n|/|;|[ \t]{2}|\t|,[ \t]*(?:MD|DO|NP|PA|PA-C|RN|CNP|APRN|FNP)\b)", re.M)
_NEXT_LOWER_WORD = re.compile(r"[ \t]+([a-z]+)\b")
# the words after a person's name that no report word's subject takes ("Faith Swan the patient", not "Lungs are")
_AFTER_A_PERSON = frozenset(
    "the who whom whose that this said says stated states reported reports called confirmed notified agreed "
    "asked requested of from at with by".split()  # ("Dr. Curtis Swan of cardiology", "Deacon Otis Bland by phone")
)
_FIELD_GAP = re.compile(r"[ \t]{2,}|\t")  # two spaces or a tab end a fixed-width field
_FIELD_START = re.compile(r"(?:^|\n|[ \t]{2}|[:：|])[ \t]*(?=[^\n:：|]*$)")
_LABEL_HEADS = frozenset(
    "name no number num id date time provider facility physician cpt code address phone fax type status reason "
    "diagnosis dx exam procedure insurance carrier plan policy group case claim member account signature location "
    "site unit department dept service ssn mrn dob acc accession age sex gender reading interpretation read "
    "report study visit birth admission discharge employer agency school county city town township state zip "
    "phys mi".split()  # ("REQ PHYS:", "LAST: ___   MI:": a RIS's abbreviations)
)
_PLACE_HEADS = frozenset("county city town township state".split())
_HANGUL_LABEL_END = re.compile(r"(?:번호|일시|일자|주소|연락처|코드|기관|성별|나이|성명|이름)$")


_SLASH_LETTER = re.compile(r"/[A-Za-z](?![A-Za-z])")
_NEXT_LINE_LABEL = re.compile(r"[ \t]*\n[ \t]*$")
_LINE_LABEL = re.compile(r"[^\n:：]{0,40}[:：]")
_EMPTY_VALUE = re.compile(
    r"(?i:n/?a|none|nil|unknown|pending|tbd|declined|not[ \t]+(?:applicable|available|provided|given|recorded|known))"
    r"(?![\w/])"
)


def _no_value(text: str, start: int, end: int) -> bool:
    """Whether the word a label's cue reached is no value: the next line's label ("Name:\nDate of Birth:"), a piece
    of a longer token ("D0B" cut at its digit), or a word saying the field is empty ("N/A", "unknown")."""
    if _NEXT_LINE_LABEL.search(text, max(0, start - 8), start) and _LINE_LABEL.match(text, start):
        return True
    if end < len(text) and (text[end].isalnum() or _SLASH_LETTER.match(text, end)):
        return True  # ("N/A", "Y/N": one letter each side of the slash)
    return _EMPTY_VALUE.match(text, start) is not None


def _a_label(words: list[str]) -> bool:
    """Words of a form's label: Hangul label words, or up to five words ending with a label's head, the one word
    alone a report or English word (not a name that is also a head: "Case", "Kim")."""
    if all("\uac00" <= x[0] <= "\ud7a3" for x in words):
        return all(x in phi_lexicon.KOREAN_CLINICAL or _HANGUL_LABEL_END.search(x) for x in words)
    if len(words) > 5 or words[-1].lower() not in _LABEL_HEADS or any(x.lower() in STOP_WORDS for x in words[:1]):
        return False
    if words[-1].lower() in _PLACE_HEADS and (
        len(words) > 2 or any(x.lower() in STOP_WORDS for x in words) or " ".join(words).lower() in gazetteer()
    ):
        return False  # "Daughter in Mexico City:", "Jersey City:": a place's name ends in its kind
    return len(words) >= 2 or word_class(words[0]) in (WORD, CLINICAL)


_GREETING_KEYS = ("Hi ", "Hello", "Hey", "Dear", "Good m", "Good a", "Good e", "Thank", "Congrat")
_FORM_FIELD_START = re.compile(r"(?:^|\n|[ \t]{2}|\t|[|;_])[ \t]*$")  # a field starts: a line, a wide gap, a bar
_FIELD_ANSWERS = frozenset("YES NO Y N NA N/A NONE UNKNOWN UNK DONE PENDING".split())
_WEEKDAY_HINTS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DICOM_TIME_KEYS = ("study", "series", "acquisition", "content", "exam", "creation")
_DICOM_TIME_KEYWORD = re.compile(r"(?i:study|series|acquisition|content|exam|creation)_?(?:Time|TIME|time)\b")
_FULL_TITLES = frozenset("doctor mister professor sister father nurse reverend pastor madam".split())
_GREETED_ROLES = frozenset(
    "doctor doc team all everyone everybody colleague colleagues nurse sir madam again there folks friends".split()
)
_FUNCTION_SYLLABLES = frozenset("전 후 중 시 및 등 외 때 간 내 상 하 위 차".split())  # Korean words of one syllable
_LABEL_END = re.compile(r"[:：=][ \t]*$")
# the staff a chat's line names by role before a given name ("간호사 지은:", "방사선사 수빈:")
_CHAT_ROLES = (
    "간호사", "방사선사", "기사", "선생님", "쌤", "의사", "교수", "교수님", "전공의", "간호조무사", "상담사", "상담원",
    "직원", "코디", "코디네이터", "매니저", "팀장", "실장", "원장", "원장님", "과장", "과장님", "주임", "수간호사",
    "치위생사", "임상병리사",
)  # fmt: skip
_CHAT_LINE_START = re.compile(r"(?:^|\n|[\]>][ \t]*)[ \t]*$")  # a line of a chat: its start, or after "[14:02]"
# "per protocol 3.2.1", "Protocol 2.1": a protocol's or a document's section or version, not a study's id
_DOTTED_VERSION = re.compile(
    r"\d{1,2}(?:\.\d{1,2}){1,3}|[A-Za-z0-9-]*-[vV]\d{1,2}(?:\.\d{1,2}){1,3}"
)  # or "CHEST-2V-v3.1"
_VERSION_LABEL = re.compile(r"(?i:protocol|doc(?:ument)?|code|reference|ref|service|job|label)\b")
_DOCUMENT_WORDS = frozenset(
    "form forms sheet log referral worklist note notes request report intake packet checklist questionnaire".split()
)
_LABEL_LINE = re.compile(r"[^\n:]{1,40}[:：][ \t]*(?:\n|$)")  # a line that is a label alone: "Date signed:"
_HEAD_NEXT = re.compile(r" [a-z]")  # a lower-case word right after: "patient: Ewing sarcoma" (not "ACCT TYPE:")
_LABEL_AHEAD = re.compile(r"(?:[ \t]+(?:by|By|BY)|/[A-Za-z]+)?[ \t]*[:：]")  # "Read By:", "Date/Time:": a label
_HONORIFIC_AFTER = re.compile(  # a particle may follow: "장미 선생님께"
    r"\s*(?:교수님?|선생님|님|씨|원장님?|과장님?|귀하|변호사님?)(?:께서|께|에게|이|은|는|을|를|의|과|와|도)?(?![\uac00-\ud7a3])"
)
# a seed, not an honorific, after a fruit's word: "사과 씨 흡인", "수박씨 삼킴" ("씨" then what a seed does)
_SEED_AFTER = re.compile(r"\s*씨(?:를|가|의|앗)?\s*(?:흡인|이물|섭취|삼킴|삼켜|껍질|조각|걸림)")
_RESIDUAL_AT = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")  # e-mail-like
_RESIDUAL_LOWER = re.compile(r"\bwww\.|\bmrn\b\s*[:#]?\s*\d")  # on lower-cased text
_RESIDUAL_URL = re.compile(r"(?i:\bhttps?://[^\s\"'<>]*)")  # (a code system's address is none: below)

__all__ = [
    "KINDS",
    "MEDICAL_TERMS",
    "STOP_WORDS",
    "PhiResult",
    "PhiScreen",
    "fold",
    "load_vocabularies",
    "reading",
    "phi_enabled",
    "windows",
]


_FUNCTION_WORDS = frozenset("in the at on to for with and or of from by is was a an".split())
_BODY_SIDES = frozenset("left right bilateral upper lower anterior posterior lateral medial".split())


@dataclass
class PhiResult:
    """Result of screening one text."""

    text: str  # redacted text: control characters removed, each identifier replaced by the token
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


def load_vocabularies() -> None:
    """Load the screen's vocabularies now (about a second): a builder calls this before it forks its workers,
    so that they share one copy instead of loading one each."""
    phi_lexicon.load()
    gazetteer()
    voter()


def cleaned(text: str) -> str:
    """``text`` as the screen reads it: control characters and terminal escapes removed, piece by piece (no
    pattern sees more than a bounded piece: an escape sequence has no space)."""
    return "".join(strip_controls(p) for p in segments(text)) if text else ""


def fold(text: str) -> str:
    """``text`` with full-width forms, unusual spaces, dashes and quotes as ASCII; same length."""
    return text.translate(_FOLD)


def reading(text: str) -> str:
    """``text`` as the passes read it: folded (``fold``) and with OCR's letter-digit confusions read as meant
    (``phi_ocr``: "D0B: O7-O2-l939" as "DOB: 07-02-1939"); same length."""
    return ocr_view(text.translate(_FOLD))


def windows(n: int, size: int = WINDOW_CHARS, overlap: int = OVERLAP_CHARS) -> list[tuple[int, int, int, int]]:
    """(window start, window end, core start, core end) covering ``range(n)``: cores are consecutive and
    disjoint, each window is its core widened by ``overlap`` on each side (clipped to the text)."""
    if n <= size + 2 * overlap:
        return [(0, n, 0, n)]
    out, core = [], size
    for cs in range(0, n, core):
        ce = min(n, cs + core)
        out.append((max(0, cs - overlap), min(n, ce + overlap), cs, ce))
    return out


_HANGUL = re.compile("[\uac00-\ud7a3]")


_CAPITALS = re.compile("[A-Z]")
_SMALL = re.compile("[a-z]")


def lower_case(text: str) -> bool:
    """Whether ``text`` is written in lower case (dictation, a lower-cased export): at least 20 Latin letters,
    over 95% of them small."""
    upper = len(_CAPITALS.findall(text))
    if upper > 0.05 * len(text):
        return False
    lower = len(_SMALL.findall(text))
    return lower + upper >= 20 and upper <= 0.05 * (lower + upper)


def _has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


_PLACE_END = re.compile(r"\b(?:County|City|Township|Borough|Parish|Village|Town|Heights|Springs|Falls|Beach)\s*$")
_VERB_ENDING = re.compile(r"(?:s|ed|ing|ly)$")


def _not_a_verb(word: str, _next: str = "") -> bool:
    """After "pt" / "patient" in lower case: a name, not the sentence's verb ("patient terminates", "pt
    remains")."""
    return word_class(word) in (NAME, AMBIGUOUS) or not _VERB_ENDING.search(word)


_VERB_FORM_CAPS = re.compile(r"[A-Z](?:ED|ING)$")


def _verb_word(word: str) -> bool:
    """An English word that is no listed name ("PAGED", "NOTIFIED"; not "REED", "STEED"): a past tense the word
    lists may not hold ("paged", "faxed") is still one when the word is in use."""
    if is_first_name(word) or is_last_name(word):
        return False
    c = word_class(word)
    return c == WORD or c == UNKNOWN and word.endswith("ED") and zipf(word) >= 2.0


def _named_after_is(word: str, nxt: str) -> bool:
    """After "pt is" in lower case: a listed name; one that is an English word too ("comfort", "hope", "will")
    only before a word that is no common English word ("pt is comfort care" is a plan, "pt is hope tsosie" a
    name)."""
    if word_class(word) == NAME:
        return True
    if not is_first_name(word):
        return False
    if word_class(word) != AMBIGUOUS:
        return True
    # (an English word ending the clause is what the patient is: "The patient is young; ...")
    return bool(nxt) and word_class(nxt.strip(".,;:")) not in (WORD, CLINICAL)


_SUFFIXES = frozenset("JR SR II III IV Jr Jr. Sr Sr.".split())
_INSTITUTION_AFTER = re.compile(
    r"[ \t]+(?:Family[ \t]+Practice|Hospital|Clinic|Medical|Health|Center|Centre|Practice|Associates|Imaging|"
    r"Radiology|Nursing|Rehab|Rehabilitation|Hospice|Urgent[ \t]+Care|Memorial|Regional|Community|General)\b"
)


_SCORE_NAME_BEFORE = re.compile(r"(?<![\w'’.-])([A-Za-z]+)[ \t]*[:=]?[ \t]*$")
_TITLE_BEFORE = re.compile(r"(?i:\b(?:dr|mr|mrs|ms|miss|prof)\.?[ \t]+)$")


def _newborn_names(w: _Window) -> None:
    """A newborn's registered name, "Baby Boy" or "Baby Girl" and the family's surname, whatever words the surname
    is made of ("Baby Boy Spotted Horse", "BABY GIRL LITTLE"): the whole name, up to a report or function word."""
    for m in P.NEWBORN_NAME.finditer(w.s):
        end = 0
        for x in re.finditer(r"[^\s]+", m.group(1)):
            word = x.group(0).strip(",.;:()")
            if not word[:1].isupper() or word.lower() in STOP_WORDS or word_class(word) == CLINICAL:
                break
            end = m.start(1) + x.start() + len(word)
            if word != x.group(0):
                break  # "Baby Boy Spotted Horse, twin B": the name ends at its punctuation
        if end:
            w.mask(m.start(), end, "name")


_SIGNER_LABELS = (
    "판독의",
    "의뢰의",
    "판독자",
    "주치의",
    "담당의",
    "담당",
    "작성자",
    "확인자",
    "판독 의사",
    "판독의사",
    "서명",
)
_SIGNATURE_END = re.compile(r"[ \t]*(?:[(（](?:인|서명|印)[)）][ \t]*)?(?:$|\n|[ \t]{2}|[ \t]*[/|])")


def _signed_name(text: str, label: str, name: str, end: int) -> bool:
    """A full Korean name (a surname and two syllables) that ends a signer's field ("판독의 정해진", "의뢰의: 정해진
    (인)", "담당 육은성"): a name even where it is also a word; not a report word, a title or a verb's form."""
    return (
        label.endswith(_SIGNER_LABELS)
        and len(name) == 3
        and name[0] in phi_lexicon.HANGUL_SURNAMES
        and _SIGNATURE_END.match(text, end) is not None
        and name not in phi_lexicon.KOREAN_CLINICAL
        and name not in _KOREAN_TITLE_WORDS
        and name[-1] not in "함됨음임요다"
        and not korean_derived_word(name)
    )


def _clinical_words(words: list[str]) -> bool:
    return any(word_class(x) == CLINICAL for x in words)


_NAME_PARTICLES = frozenset("van von de der den del della di da du la le st ten ter mac bin ibn al el".split())


def _initialled_surname(word: str) -> bool:
    """The word after a title and an initial: a surname whatever word it is ("DR A WARD"), but not a report or
    function word, nor a particle that opens a longer surname ("Dr. A. Van der Berg": the title's pass takes it)."""
    low = word.lower()
    return word_class(word) != CLINICAL and low not in STOP_WORDS and low not in _NAME_PARTICLES


def _scored_by_eponym(text: str, start: int) -> bool:
    """A date's shape right after a score named for its author: "Brixia 12/18", "Wells: 4/12" is the score out of
    its maximum (but "Dr. Wells 3/12" is a person and a date)."""
    m = _SCORE_NAME_BEFORE.search(text, max(0, start - 20), start)
    return (
        m is not None
        and m.group(1).lower() in SCORE_EPONYMS
        and not _TITLE_BEFORE.search(text, max(0, m.start(1) - 8), m.start(1))
    )


def _ordinary(word: str) -> bool:
    """A word after a cue that is not a name: a report or English word, a stop word, a de-id mark, a number."""
    w = word.strip(".,;:()'’").lower()
    if not w or "_" in w or any(c.isdigit() for c in w) or w in STOP_WORDS or w in MEDICAL_TERMS:
        return True
    if w in _HANGUL_COMMON:
        return True
    if acronym(word.strip(".,;:()'’")):
        return True  # "per USPSTF guidance", "per NCCN"
    c = word_class(word.strip(".,;:()'’"))  # the case matters: "DX" is a report word, "Dx" may not be
    if c == AMBIGUOUS and word.islower() and (zipf(w) >= 5.5 or (zipf(w) >= 3.5 and not is_first_name(w))):
        return True  # "cc over 24 h", "pt will": a lower-case common word that is also someone's name
    if c == WORD and word[:1].isupper() and zipf(w) < 3.5:
        return False  # a rare word capitalised after a cue is a name ("REFERRING: MCALLISTER, DUNCAN J")
    return c in (CLINICAL, WORD) and not _hangul_only(w)


def _ordinary_address_words(address: str) -> bool:
    """ "3 mm nodule on chest ct": report words before a street word's lookalike, no street ("st" after "3 left
    ribs" ...): an address in lower case has a name among its words, not only report words."""
    words = address.split()[1:-1]
    if any(_ORDINAL_WORD.fullmatch(x) for x in words):
        return False  # "1442 62nd st": a numbered street's ordinal is no report word
    if any(x in STOP_WORDS for x in words):
        return True  # "'22 rollover on the highway": a function word inside is a clause, no street's name
    if words and words[0] in _DURATION_WORDS:
        return True  # "the 12 hour drive": a duration, no house number ("12 mile rd" is a street's name)
    return all(word_class(x) == CLINICAL or zipf(x) >= 5.5 for x in words)


_DURATION_WORDS = frozenset(
    "hour hours hr hrs minute minutes min mins second seconds day days week weeks month months year years".split()
)
_ORDINAL_WORD = re.compile(r"\d{1,3}(?:st|nd|rd|th)")


def _two_words(word: str) -> bool:
    """A Hangul word of four syllables or more made of two report or common words ("호흡재활": 호흡 + 재활)."""
    return len(word) >= 4 and any(
        all(p in phi_lexicon.KOREAN_CLINICAL or common_korean_word(p) for p in (word[:k], word[k:]))
        for k in range(2, len(word) - 1)
    )


def _hangul_only(w: str) -> bool:
    return all("\uac00" <= c <= "\ud7a3" for c in w)


_REPORT_VERBS = frozenset(
    "transcribed dictated signed reviewed typed edited entered approved verified interpreted electronically finalized "
    "attested amended cosigned co-signed scribed confirmed".split()
)
_GENERIC_LOCATIONS = frozenset(
    "reading room rooms rad radiology department dept ed er icu ward bedside portable imaging suite remote home office "
    "workstation pacs station unit floor x-ray xray ct mri teleradiology offsite onsite on-site off-site main "
    "emergency the a chair bay bed pod inpatient outpatient inpatients outpatients clinic clinics ambulatory "
    "observation obs triage or pacu nicu picu ccu sicu micu cath lab labs endoscopy fluoroscopy".split()
)


def _glued_to_hangul(text: str, start: int, word: str) -> bool:
    """A Hangul word right after a Hangul syllable: the end of a longer word, no word of its own."""
    return start > 0 and "\uac00" <= text[start - 1] <= "\ud7a3" and "\uac00" <= word[:1] <= "\ud7a3"


def _run_end(text: str, start: int) -> int:
    """The end of the masked run that starts at ``start``."""
    end = start
    while end < len(text) and text[end] == "_":
        end += 1
    return end


class _Window:
    """One window's working text: passes mask spans in place (same length) and count those that start in the
    window's core."""

    def __init__(self, text: str, core: tuple[int, int]):
        self.s = text
        self.core = core
        self.counts = dict.fromkeys(KINDS, 0)
        prefilter.begin(text)
        self.ends: dict[int, str] = {}  # end of each masked span -> its kind ("..., PA" after a place, not a name)

    def mask(self, start: int, end: int, kind: str) -> None:
        if end <= start:
            return
        grows = kind == "date" and self._after_date(start)  # "___ at 09:12": a date's time, counted with it
        self.ends[end] = kind
        before, self.s = self.s, self.s[:start] + "_" * (end - start) + self.s[end:]
        prefilter.derive(before, self.s)
        if self.core[0] <= start < self.core[1] and not grows:
            self.counts[kind] += 1

    def _after_date(self, start: int) -> bool:
        m = _DATE_TIME_GAP.search(self.s, max(0, start - 8), start)
        return m is not None and self.ends.get(m.start() + 1) == "date"

    def whole(self, kind: str, pattern: re.Pattern, check=None) -> None:
        for m in pattern.finditer(self.s):
            if check is None or check(m, 0):
                self.mask(m.start(), m.end(), kind)

    def group(self, kind: str, pattern: re.Pattern, check=None) -> None:
        """Mask the first group that matched (the identifier after its cue)."""
        for m in pattern.finditer(self.s):
            g = next((i for i in range(1, (pattern.groups or 0) + 1) if m.group(i) is not None), 0)
            if check is not None and not check(m, g):
                continue
            self.mask(m.start(g), m.end(g), kind)


class PhiScreen:
    """Class-based PHI screen; one instance is reusable and holds no per-text state."""

    def __init__(
        self,
        cfg: PhiConfig | None = None,
        deid_token: str = "___",
        class_layer: bool = True,
        voter: bool = True,
        window_chars: int = WINDOW_CHARS,
    ):
        self.cfg = cfg if cfg is not None else PhiConfig()
        # (a smaller window cuts a short text the way the default one cuts a long report: tests of the cuts use it)
        self.window_chars = window_chars
        self.token = deid_token
        self.class_layer = class_layer  # False: shape and cue passes only (``bench_phi.py`` measures the layer)
        self.voter = voter and class_layer  # False: the rules alone (``bench_phi.py`` measures the voter)

    def screen(self, text: str) -> PhiResult:
        """Redact ``text`` (see the module docstring); counts per kind and the residual count."""
        base = cleaned(text)
        counts = dict.fromkeys(KINDS, 0)
        if not base:
            return PhiResult(text=base, counts=counts, residual=0)
        folded = reading(base)
        masked = bytearray(len(base))
        for ws, we, cs, ce in windows(len(base), self.window_chars):
            win = _Window(folded[ws:we], (cs - ws, ce - ws))
            self._passes(win)
            for k, v in win.counts.items():
                counts[k] += v
            for a, b in _changed_runs(folded[ws:we], win.s):
                if a < ce - ws and b > cs - ws:  # a span that touches the core (the neighbour sees the rest)
                    masked[ws + a : ws + b] = b"\x01" * (b - a)
        out = _apply(base, masked, self.token)
        return PhiResult(text=out, counts=counts, residual=self.residual(out))

    def rule_mask(self, folded: str) -> str:
        """``folded`` (``reading(cleaned(text))``) with what the rules alone mask written over by ``_``, read as one
        window (what ``phi_voter_fit`` learns beside)."""
        w = _Window(folded, (0, len(folded)))
        self._rules(w)
        return w.s

    # -- the passes, in order: shapes first (a phone is not a date), cue-based names, then class-based ---------
    def _passes(self, w: _Window) -> None:
        text = w.s
        self._rules(w)
        if self.voter:
            for a, b in voter_spans(text, w.s):
                w.mask(a, b, "mrn" if text[a].isdigit() else "name")
        if self.class_layer:
            postal_addresses(text, w.s, w.mask)
            if _has_hangul(text):
                korean_lots(text, w.s, w.mask)
        if self.class_layer and "_" in w.s:
            complete(text, w.s, w.ends, w.mask, lower_case(text))
            voted_neighbours(text, w.s, w.ends, w.mask)
            years_after_events(w.s, w.mask, w.ends)  # (an event the voter masked: "___ ___ ___ opening night 2023")
            if _has_hangul(text):
                complete_korean(text, w.s, w.ends, w.mask)
            if ":" in text or "：" in text:
                self._keep_labels(w, text)
            id_label_owners(w.s, w.mask)
            institution_acronyms(text, w.s, w.mask, w.ends)  # "GIMC ... (Gallup Indian Medical Center)"
            repeated_identifiers(text, w.s, w.ends, w.mask)  # "Patient: ___ ___. Ambrose has ...": its other mentions

    @staticmethod
    def _keep_labels(w: _Window, text: str) -> None:
        """Give back a form's labels that a pass read as a value: a masked run that ends at a colon, in a field
        (from a line's start, two spaces or a label's colon) whose words end with a label's head ("Claimant
        Name:\nCarrier Case No.:", "Rendering Facility:", "Requested CPT:") or, in Korean, a label's word
        ("환자 성명:        주민등록번호:"). A speaker before a colon ("Kim: yes", "J. Alvarez: can you ...") stays
        masked: a name is no label's head."""
        for m in _UNDERSCORES.finditer(w.s):
            a, b = m.span()
            colon = _LABEL_COLON.match(text, b)
            field = _FIELD_START.search(text, max(0, a - 48), a + 1)
            if "_" in text[a:b] or not colon or not field:
                continue
            gap = None
            for g in _FIELD_GAP.finditer(text, a, b):
                gap = g  # the last gap inside the run: "LAPP, JOSIAH E      AGE:" holds a name's field and a label
            since = gap.start() if gap else a
            words = re.findall(
                r"[A-Za-z]+|[\uac00-\ud7a3]+", text[gap.end() if gap else field.end() : b] + colon.group(0)
            )
            head = gap is not None and len(words) == 1 and words[0].lower() in _LABEL_HEADS  # "      AGE:"
            if gap and _NO_VALUE.fullmatch(text[a:since]):
                since = a  # "Sex: M   Age:": a sex's letter or a checkbox before the gap is no name either
            if words and (head or _a_label(words)):
                w.s = w.s[:since] + text[since:b] + w.s[b:]  # (only the label's field is given back)

    def _rules(self, w: _Window) -> None:
        text = w.s
        in_lower_case = lower_case(text)
        low = text.lower()
        if "|" in text:
            hl7_fields(w.s, w.mask)  # an HL7 segment's identifying fields, by position
        if P.HL7_REFERENCE_HINT.search(text):
            hl7_field_references(w.s, w.mask)  # a field quoted by its reference: "OBR-32: ..."
        if "@" in text:
            w.whole("email", P.EMAIL)
            w.whole("email", P.LOGIN_AT_HOST)
        if "@ " in text or " @" in text or "[at]" in low or "(at)" in low or (" at " in low and " dot " in low):
            w.whole("email", P.EMAIL_SPELLED)  # spelled out: a spaced "@", a bracketed "at" or "dot" words
        if "http" in low or "www" in low or "ftp" in low or "://" in text or ".me/" in low or "kakao" in low:
            w.whole("url", P.URL, check=_not_a_code_system)
        if "." in text:
            w.whole("url", P.DOMAIN, check=_not_a_code_system)
            if P.IPV4.search(text):  # (a host's name has a digit or a separator; "Router (10.0.0.1)" names a kind)
                w.whole("ip", P.HOST_BEFORE_IP, check=lambda m, g: any(c.isdigit() or c in "-_." for c in m.group(0)))
            w.whole("ip", P.IPV4, check=_not_a_version)  # "viewer version 12.4.0.1" is no address
            w.whole("mrn", P.UID)
        if any(k in low for k in P.HANDLE_KEYS):  # after the addresses: "Facebook: facebook.com/a.b" is one URL
            w.group("email", P.HANDLE)
        if (
            "name" in low
            and (
                "host" in low
                or "station" in low
                or "computer" in low
                or "device" in low
                or "node" in low
                or "machine" in low
            )
            or ("pacs" in low or "dicom" in low or "ris " in low)
        ):
            # (a host's name has a digit or a separator: "Device name: Portable" is a kind)
            w.group("ip", P.HOSTNAME, check=lambda m, g: any(c.isdigit() or c in "-_." for c in m.group(g)))
        if "AE" in text:
            w.group("ip", P.AE_TITLE, check=lambda m, g: "_" in m.group(g) or any(c.isdigit() for c in m.group(g)))
        if "::" in text or text.count(":") >= 7:
            self._ipv6(w)
        w.whole("ssn", P.SSN)
        w.group("ssn", P.SSN_MASKED)
        w.whole("mrn", P.RRN)
        # the four letters of a health card are a name's, not a word ("CT HEAD 2024 1833" is no card)
        w.whole("mrn", P.HEALTH_CARD_LETTERS, check=lambda m, g: word_class(m.group(0)[:4]) not in (WORD, CLINICAL))
        w.whole("mrn", P.MBI)  # (its letters and digits alternate: no word, no measurement has the shape)
        if "-" in text:
            w.whole("mrn", P.ID_CHECK_CHARACTER)
        self._addresses(w)
        self._ages(w)
        if "name" in low or "nom" in low or "apellido" in low or "prenom" in low or P.BARE_PART_LABEL.search(text):
            w.group(
                "name",
                P.NAME_PART_LABEL,  # (a bare "FIRST:" takes no common word: "FIRST: OBTAIN PA VIEW" is a step)
                check=lambda m, g: (
                    g == 1
                    or g == 2
                    and (
                        word_class(m.group(g).split()[0]) not in (WORD, CLINICAL)
                        # (a given name that is a word, "AUGUST", in a form's field: "SURNAME: ___    GIVEN: AUGUST")
                        or m.group(0).startswith(("GIVEN", "SURNAME"))
                        and _FORM_FIELD_START.search(w.s, max(0, m.start() - 4), m.start()) is not None
                        and m.group(g).upper() not in _FIELD_ANSWERS
                    )
                    or g == 3
                    and _lower_name_value(m.group(g))
                ),
            )
        if any(k in low for k in P.PAGER_KEYS):  # (not "time of callback 0340": a time)
            w.group(
                "phone",
                P.PAGER,
                check=lambda m, g: (
                    not _TIME_OF_BEFORE.search(w.s, max(0, m.start() - 10), m.start())
                    and not _DATE_SHAPED.fullmatch(m.group(g))
                ),
            )
        if any(k in low for k in P.PAGER_DEVICE_KEYS):
            w.group("phone", P.PAGER_DEVICE)
        if _WRAPPED.search(w.s):
            self._wrapped_numbers(w)
        if "I" in text or "V" in text or "X" in text or "." in text:  # "12.IX.2023", "12.ii.2025"
            w.whole("date", P.DATE_ROMAN_MONTH, check=lambda m, g: not _UNIT_AFTER_SIZE.match(w.s, m.end()))
        w.whole("date", P.DATE_MDY_FULL)  # "Jan 3 2024, Dec 28 2023": before "2024, Dec 28" is read year-first
        w.whole("date", P.DATE_YEAR_FIRST)  # before "Oct 3" alone is taken
        w.whole(
            "date",
            P.DATE_NUMERIC,
            check=lambda m, g: _not_a_version(m, g) and not P.interval_or_score(w.s, m.start(), m.end()),
        )
        if " / " in text or " . " in text:
            w.whole("date", P.DATE_SPACED)
        if "^" in text:
            w.whole("phone", P.HL7_XTN_PHONE)
        if "일" in text:
            w.group("date", P.DATE_KOREAN_SHORT_LABELLED)
        if "   " in text:
            w.group("date", P.DATE_BOXED)
        if P.YEAR_HINT.search(text):  # (a year gates both: "2 1 2024", "march fith 2024")
            w.whole("date", P.DATE_SPACE_NUMERIC)
            w.whole("date", P.DATE_MONTH_ORDINAL_WORD)
        if "Day" in text or "Eve" in text or "Weekend" in text:
            w.group("date", P.NAMED_DAY)
        # an exam's time of day is a date's part in an export (a DICOM keyword: "<SeriesTime>", "study_time=") or
        # beside its date (a dump's StudyDate, a date masked already): "Exam time: 0742." alone is a time of day
        if (
            ("ime" in text or "IME" in text)
            and any(k in low for k in _DICOM_TIME_KEYS)
            and ("date" in low or "(0008" in text or "___" in w.s or _DICOM_TIME_KEYWORD.search(text))
        ):
            w.group("date", P.DICOM_TIME)
        w.whole("date", P.DATE_MONTH_DAY_YY)
        misspelled_month_dates(w.s, w.mask)  # "Janaury 9 2024": a month's name one edit off, a day and a year
        if " / " in text or " /" in text:
            w.group("date", P.DATE_SPACED_DOB)
        w.whole("date", P.DATE_DAY_FIRST)
        w.whole("date", P.DATE_GLUED)
        w.whole("date", P.DATE_MONTH_FIRST)
        if "day" in low:
            w.whole("date", P.DATE_WEEKDAY)
        w.whole("date", P.DATE_KOREAN)
        if "年" in text:
            w.whole("date", P.DATE_CJK)
        if P.OTHER_CALENDAR_HINT.search(text):
            w.whole(
                "date",
                P.DATE_OTHER_CALENDAR,
                check=lambda m, g: (
                    bool(re.search(r"\d{3}", m.group(0)))
                    or not any(t in P.SHORT_OTHER_MONTHS for t in m.group(0).split())
                ),
            )
        w.whole("date", P.DATE_SOLAR_HIJRI)
        if "/" in text:
            w.whole("mrn", P.YEAR_SERIAL)
        if P.ERA_LETTER_HINT.search(text):
            w.whole("date", P.DATE_ERA_LETTER)
        if "thang" in low:
            w.whole("date", P.DATE_VIETNAMESE)
        if _has_hangul(text):
            w.whole("date", P.DATE_KOREAN_SHORT, check=_not_a_version)
            if "제" in text:
                w.group("mrn", P.KOREAN_NUMBERED)
        if any(d in low for d in ("day", "mon", "tue", "wed", "thu", "fri", "sat", "sun")):
            w.whole("date", P.DATE_WEEKDAY_ORDINAL)
        if _has_hangul(w.s):
            w.whole("date", P.DATE_KOREAN_RELATIVE)
            if "주" in text:
                w.whole("date", P.DATE_KOREAN_WEEK)  # "3월 셋째 주"
            if "천" in text:
                w.whole("date", P.DATE_KOREAN_SPELLED_YEAR)  # "이천이십사년"
            w.whole("mrn", P.KOREAN_PLATE)  # "상대 차량 37가 4512"
        w.whole("date", P.DATE_FOREIGN_DAY_FIRST)
        if P.CYRILLIC_HINT.search(text):
            w.whole("date", P.DATE_CYRILLIC)
        w.whole("date", P.DATE_FOREIGN_ABBREVIATED)
        w.whole("date", P.DATE_DOTTED_MONTH)
        if P.YEAR_HINT.search(w.s):
            w.whole("date", P.DATE_FOREIGN_MONTH_FIRST)
            w.whole("date", P.DATE_FOREIGN_ABBREVIATED_MONTH_FIRST)
            w.whole("date", P.DATE_SHORT_FOREIGN)
        if P.ORDINAL_HINT.search(low):
            w.whole("date", P.MONTH_ORDINAL_WORD)  # "mar fifth 24" (before DATE_WORDS: its year too)
            w.whole("date", P.DATE_WORDS)
        if P.DATE_SPOKEN_HINT.search(w.s):
            w.group("date", P.DATE_SPOKEN)  # (the birth cue stays: only its group is the year)
        if P.APOSTROPHE_YEAR_HINT.search(text):
            w.whole("date", P.DATE_APOSTROPHE_YEAR)
        if "/" in text:
            self._cued(w, "date", P.MONTH_DAY, P.MONTH_DAY_CUE, P.MONTH_DAY_NOT_AFTER)
        if "\t" in text or "  " in text:
            self._cued(w, "date", P.DATE_IN_CELLS, P.DATE_CELLS_CUE)
        if "|" in w.s:
            w.whole("date", P.DATE_PIPES)
        w.whole(
            "date",
            P.HOLIDAY_ANY_CASE if in_lower_case else P.HOLIDAY,
            # (a Korean holiday glued after a syllable is inside a festival's name: "법성포단오제", the festival pass's)
            check=lambda m, g: (
                not _glued_to_hangul(w.s, m.start(), m.group(0))
                and bool(
                    re.search(
                        r"\d|\b(?:this|last|next) year$"
                        r"|^(?:on|over|since|after|before|at|during|around|following|from|prior)\b"
                        r"|^(?:the\s+)?(?:day|night|morning|evening|weekend|week)\s+(?:after|before|of)\b",
                        m.group(0),
                    )
                    or not m.group(0)[:1].isascii()
                )
            ),
        )
        if "(" in text and _has_hangul(text):
            w.group("date", P.KOREAN_MONTH_DAY)
        if "/" in text or "-" in text:
            w.group(
                "date",
                P.DATE_SHORT,
                check=lambda m, g: (
                    not P.SCORE_BEFORE.search(w.s, max(0, m.start(g) - 12), m.start(g))
                    and not P.FRACTION_RANGE.match(w.s, m.start(g))
                    and not P.numbering(w.s, m.start(g), m.end(g))
                    and not P.interval_or_score(w.s, m.start(g), m.end(g))
                    and not _scored_by_eponym(w.s, m.start(g))
                ),
            )
            if "_" in w.s:
                w.group("date", P.DATE_AFTER_DATE)
        if "s/p" in low:
            w.group("date", P.DATE_AFTER_PROCEDURE)  # "s/p CABG 11/98"
        if "- " in text or "– " in text or "— " in text:
            w.group("date", P.DATE_LOG_ENTRY)  # "1/12 - pt refused AM film"
        if "." in text and P.YEAR_HINT.search(text):
            w.group("date", P.DATE_YEAR_MONTH_DOTTED)  # "Comparison: 2021.12"
        if "." in text and _has_hangul(text):
            w.group("date", P.DATE_KOREAN_FRAMED)  # "24.3.7 촬영분과 비교", "퇴원 예정 10.05"
        if "day" in low:
            w.group("date", P.DATE_WEEKDAY_DAY_MONTH)  # "monday, 4 march"
        if "doc" in low:
            w.group("mrn", P.CORRECTIONS_NUMBER)
        if "plate" in low or " reg" in low or " tag" in low:  # (before the labels' pass: "boat reg. FL 8812 PD")
            w.group("mrn", P.VEHICLE_PLATE)
        if "id" in low or "#" in text or "no" in low or "number" in low or "subject" in low or "locator" in low:
            w.group("mrn", P.RESEARCH_ID)  # "Study ID: UAF-ICEFOG-017"
        if any(k in low for k in P.ID_KEYS):
            # before phones: "Episode No.: EP/24/006631" is one identifier; a procedure code is not one
            w.group(
                "mrn",
                P.ID_LABEL,
                check=lambda m, g: (
                    not P.CODE_NOT_ID.search(w.s, max(0, m.start() - 24), m.end(g))
                    and not P.REFERENCE_RANGE.search(w.s, max(0, m.start(g) - 8), m.end(g))
                    and not P.VERSION_SHAPE.fullmatch(m.group(g))
                    and not P.SPINE_LEVEL.fullmatch(m.group(g))
                    and not (_DOTTED_VERSION.fullmatch(m.group(g)) and _VERSION_LABEL.match(m.group(0)))
                    and not _CLOCK_AFTER_AT.fullmatch(m.group(g))  # "the attending of record at 1610": a time
                ),
            )
        w.whole(  # "card no. 7730 0041 8825 1196": a card's number in groups of four after its cue, all of it
            "mrn", P.CARD_GROUPS, check=lambda m, g: P.CARD_GROUPS_CUE.search(w.s, max(0, m.start() - 32), m.start())
        )
        if P.PHONE_HINT.search(w.s):
            # "target range 800-1000", "kVp 110-125": a range of values, not a line
            w.whole(
                "phone",
                P.PHONE,
                check=lambda m, g: (
                    not _RANGE_BEFORE.search(w.s, max(0, m.start() - 24), m.start())
                    and not _shift_hours(w.s, m.start(), m.end())
                ),
            )
            self._cued(w, "phone", P.LOCAL_NUMBER, P.LOCAL_NUMBER_CUE)  # "CALL 555 0148": after a call cue
        if "x" in w.s:
            w.whole("phone", P.EXTENSION_BARE)
            if "ext" in low:
                w.group("phone", P.EXTENSION_LABEL)  # "at her work, ext. 227": an extension alone
        if " x" in low:
            w.group("phone", P.EXTENSION_AFTER_LINE)  # "company safety line x117"
        if "_" in w.s:
            w.whole("phone", P.EXTENSION)  # the extension with its word: "___ ext. 312"
        if ("#" in w.s or "*" in w.s) and (
            "page" in low or "beep" in low or "bleep" in low or "voce" in low or "call" in low or "dial" in low
        ):
            w.group(
                "phone", P.PAGE_NUMBER, check=lambda m, g: not P.PAGE_NUMBER_NOT_AFTER.search(w.s, m.start(), m.end())
            )
        if "jersey" in low or "uniform" in low or "bib" in low or "locker" in low:
            w.group("mrn", P.JERSEY_NUMBER)  # "Jersey #31": a player's number on a roster
        w.whole("date", P.DATE_COMPACT)
        if "pt" in low or "patient" in low:
            w.group("mrn", P.PATIENT_NUMBER)
        if (
            "irth" in low
            or "yob" in low
            or "b. " in low
            or "born" in low
            or "년생" in text
            or "dob" in low
            or "d.o.b" in low
        ):
            w.group("date", P.BIRTH_YEAR)
        if "_T" in w.s:
            w.whole("date", P.DATE_ISO_TIME)
        if "_" in w.s and _has_hangul(w.s):
            w.whole("date", P.DATE_KOREAN_RELATIVE)
        w.whole("mrn", P.DIGITS)
        w.whole("mrn", P.DIGIT_GROUPS)
        if "ending" in low or "ends " in low:  # "Card on file ending 4471", "SSN ending in 0921": the last four
            w.group("mrn", P.LAST_FOUR)
        if "last" in low and ("4" in low or "four" in low):
            w.group("ssn", P.SSN_LAST_FOUR)
        if "on the" in low and "th" in low:
            w.group("date", P.ORDINAL_DAY_ALONE)
        if "요일" in text or any(k in low for k in _WEEKDAY_HINTS):
            w.group("date", P.DATE_BEFORE_WEEKDAY)
        if "opening" in low or "closing" in low:
            w.whole("date", P.SEASON_DAY)
        if " month" in low:
            w.whole("date", P.ORDINAL_OF_MONTH)  # "the 3rd of this month"
        if "urricane" in low or "torm" in low or "yphoon" in low or "yclone" in low or "태풍" in text:
            w.whole(  # "Hurricane Michael", "태풍 힌남노" (not "태풍 피해": a word after it)
                "date", P.NAMED_STORM, check=lambda m, g: not common_korean_word(m.group(0).replace("태풍", "").strip())
            )
        if "일" in text:
            w.group("date", P.KOREAN_DAY_OF_MONTH)
        if "uid" in low:
            w.group("mrn", P.UID_SUFFIX)
        w.group("mrn", P.CODE, check=lambda m, g: P.is_code(m.group(0)) and not P.form_number(w.s, m.start(), m.end()))
        if "rauma" in text or "RAUMA" in text or "nknown" in text or "NKNOWN" in text or "lias" in text:
            trauma_aliases(w.s, w.mask)  # before the cue passes read "UNKNOWN, BRAVO" as "LAST, FIRST"
        if any(k in text for k in P.TITLE_KEYS):
            w.group(  # "DR A WARD", "Dr. J Young": a title and an initial make the next word a surname
                "name",
                P.TITLE_INITIAL_SURNAME,
                check=lambda m, g: _initialled_surname(m.group(g).split()[-1]),
            )
            self._cue_names(w, P.TITLE, first_always=True)
        if "Sr" in text or "SR" in text or "Doña" in text:  # "El Sr. Wheat refiere", "la Sra. Abdi", "Doña Carmen"
            w.group("name", P.SPANISH_TITLE, check=lambda m, g: word_class(m.group(g).split()[0]) != CLINICAL)
        if any(k in low for k in P.CONTACT_KEYS):
            self._cue_names(w, P.CONTACT, first_always=False)
        if "result" in low or "finding" in low or "report" in low or "read " in low or "image" in low or "film" in low:
            self._cue_names(  # "Phoned results to Mark": the verb before the object, read on the text before it
                w,
                P.CONTACT_OBJECT,
                first_always=False,
                check=lambda m: P.CONTACT_OBJECT_VERB.search(w.s, max(0, m.start() - 40), m.start()) is not None,
            )
        if P.KIN_HINT.search(low):
            self._cue_names(w, P.KIN_NAME, first_always=False)
            if "baby" in low or "infant" in low:
                _newborn_names(w)
        if any(
            k in low
            for k in (
                "called",
                "goes by",
                "known as",
                "known to",
                "nickname",
                "aka",
                "a.k.a",
                "identifies",
                "preferred",
                "calls",
                "call him",
                "call her",
                "call them",
                "legal name",
                "answers",
                "responds",
                "spelling",
                "spelled",
                "spelt",
                "registered as",
                "named",
            )
        ):
            self._cue_names(w, P.NICKNAME, first_always=True)
        if " as " in low:  # (a name of one of its words at least: "filed as Gang Miryeong", not "listed as Pending")
            for m in P.FILED_AS.finditer(w.s):
                if any(word_class(t) not in (WORD, CLINICAL) for t in m.group(1).split()):
                    w.mask(m.start(1), m.end(1), "name")
        if any(g in text for g in _GREETING_KEYS):
            for m in P.GREETING.finditer(w.s):
                g = 1 if m.group(1) else 2
                if m.group(g).lower() in _GREETED_ROLES:
                    continue  # "Thank you, Doctor.", "Hi team,": a role, not a name
                if word_class(m.group(g)) not in (WORD, CLINICAL) or is_first_name(m.group(g)):
                    w.mask(m.start(g), m.end(g), "name")
        if ", the " in w.s or ", our " in w.s or ", a " in w.s or ", an " in w.s:
            self._cue_names(w, P.APPOSITION, first_always=True)
        if P.CREDENTIAL_HINT.search(w.s):
            self._cue_names(w, P.CREDENTIAL, first_always=False)
        if ":" in w.s or "#" in w.s or "=" in w.s:
            self._cue_words(w, P.LABEL)
            self._institution_label(w)
        self._cue_words(w, P.LOWER_TITLE, first_always=True)
        if not in_lower_case:
            self._cue_words(w, P.TITLE_LOWER_NAME, first=lambda word, _next: not _ordinary(word))
        self._cue_words(w, P.LOWER_PT, first=_not_a_verb)
        self._cue_words(w, P.LOWER_PT_IS, first=_named_after_is)
        self._cue_words(w, P.LOWER_KIN, first=_not_a_verb)  # "attending concurs": the verb, not a name
        if any(k in low for k in P.CONTACT_KEYS):
            self._cue_words(w, P.CONTACT_LOWER, first=_not_a_verb)
        if _has_hangul(w.s):
            self._hangul_cue(w, P.HANGUL_TITLE_BEFORE)
            self._hangul_cue(w, P.HANGUL_TITLE_AFTER)
            if "(" in w.s or "（" in w.s:
                bracketed_given_names(w.s, w.mask)  # "환자분(하윤)께서": a given name alone after its person
        if self.class_layer:
            field_values(w.s, w.mask)
            if "ate" in low or "ATE" in text or "dob" in low or "born" in low or "생" in text or "일" in text:
                date_fields(w.s, w.mask)
            for end in [e for e, kind in w.ends.items() if kind == "date"]:
                m = P.MONTH_NAME_AFTER_DATE.match(w.s, end)
                if m:
                    w.mask(m.start(1), m.end(1), "date")
                m = P.YEAR_WORDS_AFTER_DATE.match(w.s, end)
                if m:
                    w.mask(m.start(1), m.end(1), "date")  # "New Year's Day of this year": the year it was
            if "|" in text or "\n" in text and ("\t" in text or "," in text):
                table_values(w.s, w.mask)  # a pasted table: the values under its identifying columns
            escaped_hangul_names(w.s, w.mask)
            tagged_names(w.s, w.mask)
            tagged_things(w.s, w.mask)
            event_dates(w.s, w.mask, w.ends)  # "Pierogi Fest weekend 2024": a town's yearly event with its year
            holiday_dates(w.s, w.mask, w.ends)  # (after: "opening night of the ___" is a masked event's day)
            period_spans(w.s, w.mask)
            role_names(w.s, w.mask)
            plains_names(w.s, w.mask)  # before institutions: "Spotted Elk" is no lodge's name
            institutions(w.s, w.mask)
            names(w.s, w.mask)  # before places: "Kim, Robert" is a name though Kim is also a city
            lower_full_names(w.s, w.mask)
            myanmar_names(text, w.mask)  # on the window as it came: a run's first syllables may be masked by now
            vietnamese_names(text, w.mask)
            if in_lower_case:
                lower_speakers(w.s, w.mask)
            post_names(w.s, w.mask)  # "per rose at the front desk": a person by the post they were reached at
            if ": " in text:
                chat_speakers(w.s, w.mask)
            if "." in text:
                lower_initial_names(w.s, w.mask)
            if "m " in low or "g " in low or "e " in low or "ct " in low or "for " in low or "xt " in low:
                message_names(w.s, w.mask)
            if "per " in low or "said " in low or "states " in low or "reported " in low or "confirm" in low:
                reported_names(w.s, w.mask)
            if '"' in text or "“" in text or " '" in text or " ‘" in text:  # an opening quote, not an apostrophe
                quoted_nicknames(w.s, w.mask)
            if "(" in w.s:
                role_paren_names(w.s, w.mask)
                paren_after_role(w.s, w.mask)
            byline_names(w.s, w.mask)
            road_places(w.s, w.mask)
            coded_places(w.s, w.mask)
            # "2ND BN, 504TH PIR": where a service member serves; read on the window as it came, as a place pass
            # may have masked the unit's last words by now ("92nd Air ___")
            military_units(text, w.mask)
            ranked_names(text, w.mask)  # "SSgt Tyler Hollenbeck" (on the window as it came: a pass may have
            if _has_hangul(text):  # masked the name's first word by now)
                korean_units(text, w.mask)  # "35사단 신병교육대"
            places(w.s, w.mask, w.ends)
            landmarks(w.s, w.mask)
            after_places(w.s, w.mask, w.ends)
            if in_lower_case:
                lower_places(w.s, w.mask)
            residence_places(w.s, w.mask, text)
            if _has_hangul(w.s):
                korean_residence_places(w.s, w.mask)
                korean_named_places(w.s, w.mask)
                korean_names(w.s, w.mask)
                compound_surname_names(w.s, w.mask)
                foreign_hangul_names(w.s, w.mask)
                japanese_hangul_names(w.s, w.mask)  # "야마모토 다카시"
            age_sex_names(w.s, w.mask)
            dictation_initials(w.s, w.mask)
            if "with" in low or "d/w" in low:
                review_initials(w.s, w.mask)  # "Reviewed with JRK and MAW"
            hanja_names(w.s, w.mask, w.ends)
            romanised_korean_names(w.s, w.mask, w.ends)
            clan_names(w.s, w.mask)
            odd_written_names(w.s, w.mask)
            name_neighbours(w.s, w.mask, w.ends)
            listed_names(w.s, w.mask, w.ends)
            weekday_dates(w.s, w.mask, w.ends)
            nickname_names(w.s, w.mask, w.ends)
            credential_names(w.s, w.mask, w.ends)
            labelled_names(w.s, w.mask, w.ends)
            alias_names(w.s, w.mask, w.ends)
            bracketed_names(w.s, w.mask, w.ends)
            framed_names(w.s, w.mask, w.ends)
            date_stamps(w.s, w.mask, w.ends)
            places_around(w.s, w.mask, w.ends, gazetteer())
            masked_neighbours(w.s, w.mask, w.ends)
            masked_edges(w.s, w.mask, w.ends)
            years_after_events(w.s, w.mask, w.ends)  # "the ___ ___ 2024": the year of an event masked
        if "_" in w.s:
            w.group("address", P.AFTER_ADDRESS)
            w.group("address", P.UNIT_AFTER_PLACE, check=lambda m, g: w.ends.get(m.start()) in ("place", "address"))
            w.group("phone", P.DIAL_AFTER_PHONE, check=lambda m, g: w.ends.get(m.start()) == "phone")
            w.group("mrn", P.ID_PREFIX_BEFORE, check=lambda m, g: w.ends.get(_run_end(w.s, m.end())) == "mrn")
            if "(" in w.s:
                w.group(
                    "phone",
                    P.AREA_CODE_BEFORE,
                    check=lambda m, g: w.ends.get(_run_end(w.s, m.end())) in ("phone", "mrn"),
                )
            self._after_dates(w, text)
            for run in list(_UNDERSCORES.finditer(w.s)):  # "dob four ___": a day in words before a date
                m = P.SPOKEN_DAY_BEFORE_MASK.search(w.s, max(0, run.start() - 24), run.start())
                if m and w.ends.get(run.end()) == "date":  # the date grows by its day: no second count
                    w.s = w.s[: m.start()] + "_" * (m.end() - m.start()) + w.s[m.end() :]
        if " the " in text or "The " in text:
            businesses_on_streets(w.s, w.ends, w.mask)
        if "ay " in text:  # (after the holidays: "Memorial Day 2022" is one of theirs, masked whole)
            # read on the window as it came: a pass may have masked the day's name as a person's ("Casimir Pulaski
            # Day 2024"), and its year is still a date
            for m in P.EVENT_DAY_YEAR.finditer(text):
                w.mask(m.start(1), m.end(1), "date")

    @staticmethod
    def _after_dates(w: _Window, text: str) -> None:
        """What follows a masked date and belongs to it: its year after a holiday's name ("LABOR DAY ___ 2023"; not
        after a date's digits, "3/4/2024, 2023 films"), an age in brackets after a date of birth ("DOB: ___ (92)"), a
        day in words or a year read out after a month ("mar fifth 24", "march 3rd 20 24"), a year after an apostrophe
        ("Mar 5 '24"), the time field after a date ("Date: ___   Time: 0930")."""
        for pattern, kind in ((P.YEAR_AFTER_DATE, "date"), (P.AGE_AFTER_BIRTH, "age")):
            for m in pattern.finditer(w.s):
                if w.ends.get(m.start()) not in ("date", "age" if kind == "age" else "date"):
                    continue  # (the lookbehind puts the match right after the date; "___ (92)" after a worded age)
                if kind == "age" or text[m.start() - 1].isalpha():
                    w.mask(m.start(1), m.end(1), kind)
        for m in P.WORDED_DATE_TAIL.finditer(w.s):
            if w.ends.get(m.start()) == "date" and text[m.start() - 1].isalpha():
                g = 1 if m.group(1) else 2
                w.mask(m.start(g), m.end(g), "date")
        for pattern in (P.YEAR_TAIL_AFTER_DATE, P.TIME_FIELD_AFTER_DATE):  # (in turn: "___ '24   Time: 0930")
            for m in pattern.finditer(w.s):
                if w.ends.get(m.start()) == "date":
                    w.mask(m.start(1), m.end(1), "date")

    def _wrapped_numbers(self, w: _Window) -> None:
        """Numbers an export wrapped onto the next line ("04/27/\\n2021", "MRN 0045\\n8812", "212-746-\\n2871"):
        the number patterns run once more on a view without those line breaks, and what they find is masked in
        the text, the line break with it."""
        keep = [i for i in range(len(w.s)) if not (w.s[i] == "\n" and _WRAP_AT.match(w.s, i - 1 if i else 0))]
        joined = "".join(w.s[i] for i in keep)
        for kind, pattern in (("date", P.DATE_NUMERIC), ("phone", P.PHONE), ("mrn", P.ID_LABEL), ("mrn", P.DIGITS)):
            for m in pattern.finditer(joined):
                g = 1 if pattern is P.ID_LABEL else 0
                a, b = m.start(g), m.end(g)
                if b > a and keep[b - 1] - keep[a] != b - 1 - a:  # only what spans a removed line break
                    w.mask(keep[a], keep[b - 1] + 1, kind)

    def _cued(self, w: _Window, kind: str, shape: re.Pattern, cue: re.Pattern, not_after: re.Pattern | None = None):
        """A shape found first (a digit starts it: a fast scan), taken when its cue ends just before it."""
        for m in shape.finditer(w.s):
            if cue.search(w.s, max(0, m.start() - 32), m.start()) and not (not_after and not_after.match(w.s, m.end())):
                w.mask(m.start(), m.end(), kind)

    def _ipv6(self, w: _Window) -> None:
        for m in P.IPV6.finditer(w.s):
            if len(re.findall(r"[0-9A-Fa-f]{1,4}", m.group(0))) >= 3:  # "::" or "a::b" alone is not an address
                w.mask(m.start(), m.end(), "ip")

    def _addresses(self, w: _Window) -> None:
        if P.FRENCH_STREET_HINT.search(w.s):  # before the street word is masked
            w.whole("address", P.STREET_NUMBER_FR)  # "17 rue Saint-Denis": the number before the street word
        if "block" in w.s:
            w.whole("address", P.BLOCK_OF)  # before the street alone is taken
        w.whole("address", P.ADDRESS_US, check=_street_name)
        if P.ADDRESS_GRID_HINT.search(w.s):
            w.whole("address", P.ADDRESS_GRID, check=_street_name)
        if any(k in w.s for k in (" N ", " S ", " E ", " W ", "orth ", "outh ", "ast ", "est ")):
            w.whole("address", P.GRID_ADDRESS)
        if P.ORDINAL_NUMBER_HINT.search(w.s):
            w.whole("address", P.QUADRANT_STREET)
        if P.QUADRANT_HOUSE_HINT.search(w.s):
            w.whole("address", P.QUADRANT_HOUSE, check=lambda m, g: not _clinical_words(m.group(0).split()[2:]))
        for pattern in (
            P.STREET_FIRST,
            P.STREET_WORD_FIRST,
            P.PO_BOX,
            P.STREET_KIND_FIRST_NUMBERED,
            P.STREET_COMPOUND_NUMBERED,
        ):
            w.whole("address", pattern)
        w.whole("address", P.NUMBERED_ROAD)
        w.group("address", P.LOWER_CANADIAN_POSTCODE)
        if P.ROUTE_HINT.search(w.s):  # gated (its shape may start at any number or capital); before the street
            w.whole("address", P.ROUTE)
        for pattern in (P.UNIT, P.UNIT_ROMANCE):
            w.whole("address", pattern, check=lambda m, g: not P.equipment_room(w.s, m.start(), m.end()))
        if P.POSTCODE_HINT.search(w.s):  # gated: its shape may start at any capital
            w.whole("address", P.POSTCODE)
        w.whole("address", P.STREET_NAMED)
        if "Dr" in w.s:
            w.group(
                "address",
                P.STREET_DRIVE,
                check=lambda m, g: all(
                    word_class(t) != CLINICAL and t.lower() not in P.DOCTOR_ROLES for t in m.group(g).split()[:-1]
                ),
            )
        low = w.s.lower()
        if P.ORDINAL_STREET_HINT.search(w.s):
            w.whole("address", P.STREET_ORDINAL)
        if P.CORNER_ORDINAL_HINT.search(w.s):
            w.whole(
                "address",
                P.CORNER_ORDINAL,
                check=lambda m, g: (
                    (word := re.split(r"[ \t&/]+", m.group(0))[-1]).lower() not in P.CORNER_NOT_A_STREET
                    and word.lower() not in STOP_WORDS
                    and word_class(word) != CLINICAL
                ),
            )
        if P.NUMBERED_PLACE_HINT.search(w.s):
            w.whole("address", P.NUMBERED_PLACE)
        if any(k in low for k in _VIETNAMESE_LANES):  # a substring first: the lane's word is rare
            w.whole("address", P.ADDRESS_VIETNAMESE)
        if "zip" in low or "postal" in low:
            w.whole("address", P.ZIP_CODE_WORDS)
        # an address in lower case (its number starts it: a fast scan)
        w.whole("address", P.LOWER_ADDRESS, check=lambda m, g: not _ordinary_address_words(m.group(0)))
        if P.FIVE_DIGITS.search(w.s) and P.LOWER_ZIP_HINT.search(w.s):
            w.whole("address", P.LOWER_TOWN_STATE_ZIP)
        if P.ZIP_HINT.search(w.s):
            w.whole("address", P.ZIP_STATE)
        w.group("address", P.ZIP_LABEL)
        if _has_hangul(w.s):
            # units without a number first (not "당시 정면", "측면 거리": none of them a common word)
            w.whole("address", P.KOREAN_ADMIN, check=lambda m, g: not any(map(common_korean_word, m.group(0).split())))
            # (not "고위험군 환자로": a report's group word before 환자 and its particle is no county and road)
            w.whole(
                "address", P.ADDRESS_KO, check=lambda m, g: m.group(0).split()[0] not in phi_lexicon.KOREAN_CLINICAL
            )
        if "-" in w.s:
            w.whole("address", P.ADDRESS_KO_LATIN)

    def _ages(self, w: _Window) -> None:
        def not_a_temperature(m: re.Match, g: int) -> bool:
            return not P.AGE_NOT_AFTER.search(w.s[max(0, m.start() - 24) : m.start()])

        if not P.OVER_89_HINT.search(w.s):
            return  # every age form holds a number over 89 (or its words)
        before = w.s
        if "<" in w.s or "OBX" in w.s:  # (an age over 89 only: "<age>67</age>" stays)
            w.group("age", P.AGE_STRUCTURED, check=lambda m, g: m.group(g) is not None and int(m.group(g)) >= 90)
        w.group("age", P.AGE, check=not_a_temperature)
        if "," in w.s:
            w.group("age", P.AGE_APPOSED)
        w.group("age", P.AGE_AT)
        if "(" in w.s:
            w.group("age", P.AGE_PAREN)  # "Elderly (90) Hmong grandmother"
        if "+" in w.s:
            w.group("age", P.AGE_PLUS)
        if "Y" in w.s or "|" in w.s:
            w.group("age", P.AGE_CELL)
        if "valueAge" in w.s:
            w.group("age", P.AGE_FHIR)
        if any(hint in w.s for hint in _AGE_WORD_HINTS):
            w.group("age", P.AGE_WORDS)
            w.group(
                "age",
                P.AGE_WORDS_ANY,
                check=lambda m, g: not P.AGE_WORDS_ANY_NOT_AFTER.search(w.s, max(0, m.start(g) - 32), m.start(g)),
            )
        if "아흔" in w.s or "백" in w.s:
            w.whole("age", P.AGE_KOREAN_NATIVE)
        if P.ROMANCE_AGE_HINT.search(w.s):
            w.group("age", P.AGE_WORDS_ROMANCE)
        if w.s != before:  # the age's words go with its number: "___ years old", "aged ___" say nothing apart
            w.whole("age", P.AGE_UNIT_AFTER)
            w.whole("age", P.AGE_LABEL_BEFORE)
            self._second_ages(w)

    @staticmethod
    def _second_ages(w: _Window) -> None:
        """A second number over 89 on the line of a masked age (``P.AGE_SECOND``): the same person's age as
        another source gives it."""
        aged = [end for end, kind in w.ends.items() if kind == "age"]
        for m in P.AGE_SECOND.finditer(w.s):
            line_start = w.s.rfind("\n", 0, m.start()) + 1
            line_end = w.s.find("\n", m.end())
            line_end = len(w.s) if line_end < 0 else line_end
            if not any(line_start < end <= line_end for end in aged):
                continue
            if P.AGE_SECOND_NOT_AFTER.search(w.s, max(line_start, m.start() - 16), m.start()):
                continue
            w.mask(m.start(1), m.end(1), "age")

    def _cue_names(self, w: _Window, pattern: re.Pattern, first_always: bool, check=None) -> None:
        """A name after a title, a contact verb or before a credential: its words up to the first ordinary one
        (the first word after a title is always taken); ``check(match)`` may refuse a cue."""
        for m in pattern.finditer(w.s):
            if check is not None and not check(m):
                continue
            if pattern is P.TITLE:
                title, dot, space = m.group(1), m.group(2), m.group(3)
                if not dot and not space:
                    continue
                if title.isupper() and title in ("MR", "MS", "MRS") and not dot:
                    continue  # "MR ANGIOGRAPHY", "MS" (multiple sclerosis)
                if dot and len(title) > 4 and title.lower() in _FULL_TITLES:
                    continue  # "Thank you, Doctor. Hi team": a full word's full stop ends a sentence
            g = pattern.groups
            words = list(re.finditer(rf"{P.INITIAL}|{P.NAME_WORD}|\b{P.PARTICLE}\b", m.group(g)))
            real = [x for x in words if not x.group(0).endswith(".")]
            if not real:
                continue
            first = real[0].group(0)
            if "\n" in w.s[m.start() : m.start(g)] and (
                _LABEL_LINE.match(w.s, m.start(g)) or _LABEL_LINE_NEXT.match(w.s, m.start(g))
            ):
                continue  # "Signed by:\nDate signed:", "Notified:\nRead back:": the next line is the next label
            if pattern is P.CREDENTIAL and _PLACE_END.search(m.group(g)):
                continue  # "Erie County, PA": a county and its state, not a physician assistant
            if pattern is P.CONTACT and m.group(0)[:3].lower() == "per" and first.isupper() and len(first) <= 6:
                if word_class(first) == UNKNOWN or len(first) <= 4:
                    continue  # "per NIOSH standards", "per ILO", "per IDSA": a body's acronym after "per"
            if pattern is not P.TITLE and _LABEL_AHEAD.match(w.s, m.start(g) + real[0].end()):
                if word_class(first) not in (NAME, UNKNOWN) or first.lower() in _LABEL_HEADS:
                    continue  # "Technologist     Read By: Radiologist": the next field's label, not a name
                # (but "per triage RN Brathwaite: patient ...": a name, what the person said after it)
            # "son Will reports", "per Will Romney, PA": a listed given name that is also a common word
            kin_name = pattern in (P.KIN_NAME, P.CREDENTIAL) and first.istitle() and is_first_name(first)
            # "Per RT Mbeki:": a word alone before a credential that is also a given name (Per, Will) is the word
            kin_name = kin_name and (len(real) > 1 or first.lower() not in STOP_WORDS or pattern is P.KIN_NAME)
            if not kin_name and (first.lower() in STOP_WORDS or (not first_always and _ordinary(first))):
                continue
            if pattern is not P.TITLE and first.isupper() and zipf(first) >= 5.0 and not is_first_name(first):
                continue  # "(RESIDENT READ)", "TECH CHECK": in capitals a common word after a role is no surname
            if pattern is not P.TITLE and first.isupper() and _VERB_FORM_CAPS.search(first) and _verb_word(first):
                continue  # "RESIDENT PAGED", "NURSE NOTIFIED": in capitals a verb's form after a role is no surname
            end = real[0].end()
            for x in real[1:]:
                t = x.group(0)
                if re.fullmatch(P.PARTICLE, t):
                    continue  # "bin", "van der": kept inside the name when a name word follows
                if word_class(t) == CLINICAL or t.lower() in MEDICAL_TERMS or (t.islower() and t in STOP_WORDS):
                    after = m.start(g) + x.end()
                    function_word = _NEXT_LOWER_WORD.match(w.s, after)
                    if (
                        x is real[1]
                        and t.istitle()
                        and is_first_name(real[0].group(0).lower())
                        and (
                            _SURNAME_END.match(w.s, after)
                            or function_word is not None
                            and function_word.group(1) in _AFTER_A_PERSON
                            and not eponym_after(w.s, after)
                        )
                    ):
                        # "Dr. Sterling Mask.", "Per nurse Faith Swan the patient ...": after a cue and a given
                        # name, a report word's capitalised form alone before a full stop or a person's word is a
                        # surname (not "Swan-Ganz", not "Kerley B lines", not "Rolanda Lungs are clear")
                        end = x.end()
                    break
                if t.isupper() and len(t) > 1 and (t.lower() in STOP_WORDS or word_class(t) == WORD):
                    if not (pattern is P.CREDENTIAL and t.lower() not in STOP_WORDS):
                        break  # "DR. KOWALSKI AT 22:07": in capitals, a common word ends it (but not before ", RT")
                if word_class(t) == WORD and t.islower():
                    break  # a capitalised word after a name is part of it ("Raymond Two Bulls", "Grace Will")
                end = x.end()
            if pattern is not P.TITLE and w.s[m.start(g) : m.start(g) + end].split()[-1].lower() in _DOCUMENT_WORDS:
                continue  # "Nurse Navigator Intake Form": a form's title after a role, not a name
            if pattern is not P.TITLE and eponym_after(w.s, m.start(g) + end):
                continue  # "so-called Lady Windermere syndrome"
            if pattern is P.NICKNAME and word_class(first) == CLINICAL:
                continue  # "also called Mounier-Kuhn": a disease's other name, a report word
            if pattern is not P.TITLE and _INSTITUTION_AFTER.match(w.s, m.start(g) + end):
                continue  # "faxed to Lakeview Family Practice": the institution pass takes the whole name
            first = _FIRST_AFTER.match(w.s, m.start(g) + end)  # "Dr. Young, Harold", "PATEL, NIRMALA"
            if (
                first
                and word_class(first.group(1)) in (NAME, AMBIGUOUS, UNKNOWN)
                and first.group(1).lower() not in STOP_WORDS
            ):
                if word_class(first.group(1)) != AMBIGUOUS or is_first_name(first.group(1)):
                    end = first.end() - m.start(g)
            w.mask(m.start(g) + words[0].start(), m.start(g) + end, "name")

    def _cue_words(self, w: _Window, pattern: re.Pattern, first_always: bool = False, first=None) -> None:
        """The words of group 1 after a label or a lower-case cue, up to the first ordinary word (the first word
        is always taken after a title: "per dr. mcallister"). The next search starts where a name taken ends: the
        words after it may hold the next label ("Tech: Hoa. Rad: Aucoin.")."""
        pos = 0
        while (m := pattern.search(w.s, pos)) is not None:
            # nothing taken: the words after a role may hold a role ("nurse practitioner fatima")
            pos = m.start(1) if pattern is P.LOWER_KIN else m.end()
            words = list(re.finditer(r"[^\s,]+", m.group(1)))
            if first is not None and not first(words[0].group(0), words[1].group(0) if len(words) > 1 else ""):
                continue  # the cue is weak: its first word must be a listed name
            if words[0].group(0)[-1:] not in ":：" and _LABEL_AHEAD.match(w.s, m.start(1) + words[0].end()):
                continue  # "resident prelim: r. patel": the word is the next field's label
            if pattern is P.LABEL and _no_value(w.s, m.start(1), m.start(1) + words[0].end()):
                continue  # "Name:\nDate of Birth:", "D0B :", "Ordering provider: N/A": no value after the label
            keep = 0
            for x in words:
                if keep and _LABEL_AHEAD.match(w.s, m.start(1) + x.end()):
                    break  # "SMITH, John    DOB: ...": the next field's label ends the name
                if keep and words[keep - 1].group(0).endswith(".") and len(words[keep - 1].group(0)) > 4:
                    break  # "Excused: A. Dvořák. Quorum confirmed.": a full word's stop ends the sentence
                always = first_always and keep == 0 and x.group(0).lower().strip(".,:;") not in STOP_WORDS
                # a person's label and a rarer word alone in its field: "Ordering: Hatch", "Referring: Hatch, NP"
                always = always or (
                    pattern is P.LABEL
                    and keep == 0
                    and x.group(0).istitle()
                    and word_class(x.group(0)) == WORD
                    and zipf(x.group(0)) < 4.0
                    and _FIELD_END_AFTER.match(w.s, m.start(1) + x.end()) is not None
                )
                c = word_class(x.group(0))  # inside a name: "j. michael harrington", "mai yer thao"
                inside = keep > 0 and (c in (NAME, AMBIGUOUS, UNKNOWN) or c == WORD and zipf(x.group(0)) < 3.5)
                # (a report's verb ends the name: "dictated by doctor ezra hummingbird transcribed by mls")
                inside = inside and x.group(0).lower().strip(".,:;") not in _REPORT_VERBS
                # (a function word ends it: "paged dr. tibido in the ED")
                inside = inside and x.group(0).lower() not in _FUNCTION_WORDS
                inside = inside or keep > 0 and x.group(0) in _SUFFIXES  # "RODRIGUEZ JR, HECTOR M"
                if (
                    not always
                    and not inside
                    and _ordinary(x.group(0))
                    and not (keep == 0 and _is_initial(x.group(0), True))
                ):
                    break
                keep += 1
            end = m.start(1) + words[keep - 1].end() if keep else 0
            if keep and pattern is P.LABEL and _HEAD_NEXT.match(w.s, end) and eponym_after(w.s, end):
                continue  # "in a young patient: Ewing sarcoma": a disease's eponym after the cue, no one's name
            if keep:
                w.mask(m.start(1), end, "name")
                pos = end

    def _institution_label(self, w: _Window) -> None:
        """The named place after "Outside hospital:", "Performing site:", "촬영기관:" (up to a report word)."""
        for m in P.INSTITUTION_LABEL.finditer(w.s):
            g = 1 if m.group(1) is not None else 2
            words = list(re.finditer(r"\S+", m.group(g)))
            label = m.group(0)[: m.start(g) - m.start()]  # no report words in the names of these: "campus: ... View"
            employer = _NON_MEDICAL_LABEL.search(label) is not None
            keep = 0
            for x in words:
                t = x.group(0)
                if t.strip("()[]").lower() in ("no", "none", "not", "n/a", "unknown"):
                    break  # "Employer: (not provided)"
                if g == 1 and word_class(t) == CLINICAL:  # "Keystone Steel", "View HQ": a firm's words
                    nxt = _LOWER_NEXT.match(w.s, m.start(g) + x.end()) if employer else None
                    if not employer or nxt is not None and nxt.group(1) in STOP_WORDS:  # "Lungs are clear"
                        break
                keep += 1
                if g == 1 and t.endswith(".") and t not in ("Inc.", "Co.", "Corp.", "Ltd.", "St.", "Mt."):
                    break  # a sentence ends the name: "Allegheny Tool and Die. Annual surveillance."
            if not employer and words and words[0].group(0).strip(".,;").lower() in _BODY_SIDES:
                continue  # "SITE: LEFT CHEST WALL": a body's side opens an anatomical site, never a place's name
            if keep == 1 and words[0].group(0).strip(".,;").lower() in CAMPUS_WORDS:
                continue  # "Site: Main", "Campus: North": which campus of the one named elsewhere, no place's name
            if keep and all(x.group(0).strip(".,;()").lower() in _GENERIC_LOCATIONS for x in words[:keep]):
                continue  # "Location: Reading Room", "Site: Radiology Department": a kind of room, no place's name
            if 0 < keep <= 2 and _LABEL_NEXT.match(w.s, m.start(g) + words[keep - 1].end()):
                continue  # "Employer:     Occupation:", "Location:\nRoom:": the next field's label, an empty field
            if keep and "\n" in w.s[m.start() : m.start(g)] and _LABEL_LINE_NEXT.match(w.s, m.start(g)):
                continue  # "Employer:\nJob title:": the next line is the next field's label of a few words
            if keep:
                w.mask(m.start(g), m.start(g) + words[keep - 1].end(), "place")

    def _hangul_cue(self, w: _Window, pattern: re.Pattern) -> None:
        """A Hangul name beside a Korean label or title; a weak cue (환자, 보호자) asks for a name's full shape,
        so that "결핵 환자" stays."""
        pos = 0
        while (m := pattern.search(w.s, pos)) is not None:
            cue = m.group(0).replace(m.group(1), "", 1)
            strict = (
                ":" not in cue
                and "：" not in cue
                and any(k in cue for k in ("환자", "보호자", "촬영", "판독", "의뢰", "연락", "통화", "상담", "통역"))
            )
            strict = strict and not any(
                k in cue for k in ("환자명", "환자 명", "이름", "성명", "판독의", "촬영자", "의뢰의")
            )
            label = cue.rstrip(" \t:：-–")
            strict = strict and not label.endswith("명")  # "보호자명 마인혜": a name label
            # "판독자 채민혁", "검토자 표수빈": a person's role (-자), unlike the weak 환자 and 보호자
            strict = strict and not (label.endswith("자") and not label.endswith(("환자", "보호자")))
            titled = _HONORIFIC_AFTER.match(w.s, m.end(1)) is not None  # "판독의: 이상 교수": a title after it too
            if m.group(1)[1:2] in (" ", "\t") and m.start(1) > 0 and _HANGUL.match(w.s, m.start(1) - 1):
                pos = m.start(1) + 1
                continue  # "주치의가 시행", "판독문 수정": the cue's word goes on (its particle, 문), no surname
            plain = m.group(1).replace(" ", "")
            if m.start(1) > 0 and _HANGUL.match(w.s, m.start(1) - 1) and plain[:1] in "하했합되된":
                pos = max(m.start(1), m.start() + 1)
                continue  # "상담하시기", "확인했음": the cue word made a verb, no name after it
            if (
                cue.rstrip(" \t").endswith(_CHAT_ROLES)
                and " " not in m.group(1)
                and _LABEL_COLON.match(w.s, m.end(1))
                and _CHAT_LINE_START.search(w.s, max(0, m.start() - 16), m.start())
                and plain not in phi_lexicon.KOREAN_CLINICAL
                and (hangul_name_like(plain, strict=False) or 2 <= len(plain) <= 3 and not common_korean_word(plain))
            ):
                w.mask(m.start(1), m.end(1), "name")  # "[오후 2:14] 간호사 지은: ...": a chat's speaker by role
                pos = m.end()
                continue
            labelled = ":" in cue or "：" in cue or _LABEL_END.search(w.s, max(0, m.start(1) - 4), m.start(1))
            if m.group(1).split()[0] in _FUNCTION_SYLLABLES and not labelled:
                pos = max(m.start(1), m.start() + 1)
                continue  # "서명 전 예비 판독": "before", not a surname (but "서명: 전 하윤")
            stem = plain[:-1] if plain[-1:] in "과와의은는이가을를도로에" else plain
            stem = stem[:-1] if plain.endswith(("으로", "에서", "에게")) else stem  # "상태로", "소견에": word, particle
            stem = plain[: -len("께서")] if plain.endswith("께서") else plain[:-1] if plain.endswith("께") else stem
            if not labelled and not titled and _two_words(stem):
                pos = max(m.start(1), m.start() + 1)
                continue  # "재활의학과 호흡재활 프로그램": two report words made one (호흡 + 재활), no name
            if stem.removesuffix("님") in _KOREAN_TITLE_WORDS:
                pos = max(m.start(1), m.start() + 1)
                continue  # "주치의 선생님께 구두 보고함": the title alone, after the role, names no one
            asks_name = any(k in cue for k in ("명", "이름", "성명")) or cue.rstrip(" \t:：-–").endswith(_NAME_CUE_ENDS)
            if (plain in phi_lexicon.KOREAN_CLINICAL or stem in phi_lexicon.KOREAN_CLINICAL) and (
                not labelled or not asks_name
            ):
                pos = max(m.start(1), m.start() + 1)
                continue  # "담당 교수", "주치의 선생님": a report word before a title (but "판독의: 이상 교수")
            honoured = _HONORIFIC_AFTER.match(w.s, m.end(1)) is not None
            if honoured and _SEED_AFTER.match(w.s, m.end(1)) and korean_word_zipf(plain) > 0:
                pos = max(m.start(1), m.start() + 1)
                continue  # "사과 씨 흡인": a fruit's seed aspirated, no one's honorific
            if _signed_name(w.s, label, m.group(1), m.end(1)):
                w.mask(m.start(1), m.end(1), "name")  # "판독의 정해진": a signature's name, even one that is a word
                pos = m.end()
                continue
            if (
                not honoured
                and not any(k in cue for k in ("명", "이름", "성명", ":", "："))
                and (
                    common_korean_word(plain)
                    or len(stem) >= 2
                    and stem != plain
                    and common_korean_word(stem)
                    or len(plain) == 2
                    and korean_word_zipf(plain) >= 3.5  # "전담 간호사": a word in use, no name
                )
            ):
                pos = max(m.start(1), m.start() + 1)
                continue  # "외상외과 상의 요함", "상담 간호사", "임상팀 기록 참조": a common word, not a name
            glued = w.s[m.end(1) : m.end(1) + 1] in ("군", "양")  # "고위험군", "장기요양": maybe a word's end
            if glued and korean_word_start(m.group(1)):
                pos = m.end()
                continue
            name = m.group(1).replace(" ", "")
            if name.endswith(_INSTITUTION_ENDS):
                pos = max(m.start(1), m.start() + 1)
                continue  # "가족지원센터": an institution's kind, no name (the place passes read it)
            if cue.rstrip(" \t:：-–").endswith(_UNIT_CUES) and korean_derived_word(name):
                pos = max(m.start(1), m.start() + 1)
                continue  # "병동 이동형 촬영": after a ward or a department, a word and its suffix (이동 + 형)
            if _LABEL_COLON.match(w.s, m.end(1)):
                pos = m.start(1)
                continue  # "판독의 서명: 표진우": a label, not a name (the name after it is tried next)
            if plain in _DUTY_WORDS:
                pos = max(m.start(1), m.start() + 1)
                continue  # "흉부외과 당직 교수에게": a duty's word before a title, no surname and given syllable
            if (
                len(plain) == 2
                and korean_word_zipf(plain) >= 3.5
                and not titled
                and not _HONORIFIC_AFTER.match(w.s, m.end(1))
                and not any(k in cue for k in ("명", "이름", "성명"))
            ):
                pos = max(m.start(1), m.start() + 1)
                continue  # "판독: 예비 판독": a word in use after a label that does not ask for a name
            verb = _VERB_FORM.fullmatch(plain)
            if verb and (common_korean_word(verb.group(1)) or korean_word_zipf(verb.group(1)) > 0) and not labelled:
                pos = max(m.start(1), m.start() + 1)
                continue  # "간병인 동반하여 검사", "동석하여": a word made a verb (동반 + 하여), no name
            if (
                (korean_derived_word(plain) or stem != plain and korean_derived_word(stem))
                and not labelled
                and not honoured
            ):
                pos = max(m.start(1), m.start() + 1)
                continue  # "요양보호사 기록지": a report word and its suffix (기록 + 지), no name
            if len(plain) >= 3 and plain[-1] in "함됨음임" and common_korean_word(plain):
                pos = max(m.start(1), m.start() + 1)
                continue  # "판독: 동의함", "확인: 통보됨": a report's verb after a label, no name
            glued_particle = _HANGUL.match(w.s, m.end(1)) or len(name) == 3 and name[-1] in "이가은는을를의도와과"
            if glued_particle and korean_word_start(name) and not hangul_name_like(name, strict=True):
                pos = max(m.start(1), m.start() + 1)  # the word may be a cue itself: "영상의학과 전공의 류다인"
                continue  # "의사 소통이", "소통이 어려움": a word and its particle, not "설은비에게"
            after_cue = pattern is P.HANGUL_TITLE_BEFORE and " " not in m.group(1)  # "보호자 추명숙", not "은 예비"
            # a rarer surname's full name, a particle glued after it or not: "환자 채은비는", "보호자 엄태식과"
            particle = (
                len(name) == 4
                and " " not in m.group(1)
                and name[-1] in "과와의은는이가을를도"
                and not rare_surname_name(name)
            )
            rare = rare_surname_name(name[:-1] if particle else name)
            if (
                titled
                or hangul_name_like(m.group(1).replace(" ", ""), strict=strict or glued)
                or (after_cue and strict and rare)
                or (pattern is P.HANGUL_TITLE_AFTER and "환자분" in cue and rare_surname_name(name))  # "예서진 환자분"
            ):
                end = m.end(1) - 1 if particle and rare and not titled else m.end(1)  # the particle stays
                w.mask(m.start(1), end, "name")  # "김 하윤": a space after the surname too
                pos = m.end()
            else:
                pos = max(m.start(1), m.start() + 1)  # the word after the cue may be a cue itself: "환자 아들 엄태경"

    def residual(self, text: str) -> int:
        """How many identifier-like things ``text`` still holds (0 for clean or fully redacted text)."""
        if not text:
            return 0
        pieces = segments(text)
        if len(pieces) > 1:
            return sum(self.residual(p) for p in pieces)
        n = sum(len(p.findall(text)) for p in _RESIDUAL[1:])
        n += sum(
            1
            for m in _RESIDUAL[0].finditer(text)
            if not (
                _a_range(m.group(0))
                or _RANGE.fullmatch(m.group(0))
                and _range_context(text, m.start())
                or _shift_hours(text, m.start(), m.end())
            )
        )
        if "@" in text:
            n += len(_RESIDUAL_AT.findall(text))
        if "://" in text:
            n += sum(1 for m in _RESIDUAL_URL.finditer(text) if _CODE_SYSTEM.match(m.group(0).rstrip(".,;)")) is None)
        return n + len(_RESIDUAL_LOWER.findall(text.lower()))


# the code systems of FHIR, HL7 and DICOM exports ("system": "http://loinc.org"): public terminologies, no one's
# address
_CODE_SYSTEM = re.compile(
    r"(?i:(?:https?://)?(?:www\.)?(?:loinc\.org|snomed\.info|unitsofmeasure\.org|(?:terminology\.)?hl7\.org|"
    r"dicom\.nema\.org|www\.nlm\.nih\.gov/research/umls|nlm\.nih\.gov|who\.int/classifications|radlex\.org|"
    r"playbook\.radlex\.org|fhir\.org)(?:/[\w./#-]*)?)$"
)


_VERSION_BEFORE = re.compile(
    r"(?:(?i:\b(?:version|ver|software|firmware|release|build|rev|revision|patch|v)\.?)|버전)[ \t]*[:#]?[ \t]*$"
)


def _lower_name_value(word: str) -> bool:
    """A lower-case value after a name part's label ("last name guidry"): a name's or no vocabulary's word, or a rare
    word that is a name too ("last name unknown", "first name basis" are none)."""
    cls = word_class(word)
    return cls in (NAME, UNKNOWN) or cls == AMBIGUOUS and zipf(word) < 4.0


def _shift_hours(text: str, start: int, end: int) -> bool:
    """Two clock times joined by a hyphen with a shift's or hours' word beside them ("the 1900-0700 shift", "hours
    0800-1630"): a time of day, not a number to call."""
    return _CLOCK_RANGE.fullmatch(text, start, end) is not None and (
        _SHIFT_AFTER.match(text, end) is not None or _SHIFT_BEFORE.search(text, max(0, start - 24), start) is not None
    )


def _not_a_version(m: re.Match, g: int) -> bool:
    """A dotted number after "version" or "버전" ("CAD software version 2.3.11") is a version, not a date."""
    return _VERSION_BEFORE.search(m.string, max(0, m.start() - 24), m.start()) is None


def _not_a_code_system(m: re.Match, g: int) -> bool:
    return _CODE_SYSTEM.match(m.group(0)) is None


def _a_range(digits: str) -> bool:
    """ "1200-1600" (target range of an exposure index): two numbers of the same length, the first the smaller."""
    m = _RANGE.fullmatch(digits)
    return m is not None and len(m.group(1)) == len(m.group(2)) and int(m.group(1)) < int(m.group(2))


def _range_context(text: str, at: int) -> bool:
    """A number range's cue just before ``at`` ("target range 800-1000")."""
    return _RANGE_BEFORE.search(text, max(0, at - 24), at) is not None


def _street_name(m: re.Match, g: int) -> bool:
    """An address's street name holds no stop word ("2 VIEWS WITH DR. SMITH", "2 LINES IN PLACE" are none)."""
    words = [t for t in m.group(1).split() if not any(c.isdigit() for c in t)]  # "12th" Ave
    return not any(t.lower().rstrip(".") in STOP_WORDS for t in words)


def _is_initial(word: str, lower: bool = False) -> bool:
    """ "J." or "J" ("j." too when ``lower``: a lower-case signature)."""
    w = word.rstrip(".")
    return len(w) == 1 and w.isalpha() and (w.isupper() or (lower and word.endswith(".")))


def _changed_runs(before: str, after: str) -> list[tuple[int, int]]:
    """Runs [a, b) where a pass masked ``before`` (``_`` written over another character)."""
    runs = []
    for m in _UNDERSCORES.finditer(after):
        a, b = m.span()
        if "_" not in before[a:b]:
            runs.append((a, b))
            continue
        start = -1
        for i in range(a, b):  # a mask next to a de-id mark already in the text
            if before[i] != "_" and start < 0:
                start = i
            elif before[i] == "_" and start >= 0:
                runs.append((start, i))
                start = -1
        if start >= 0:
            runs.append((start, b))
    return runs


def _apply(text: str, masked: bytearray, token: str) -> str:
    """``text`` with every run of masked characters replaced by ``token``."""
    if not any(masked):
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        j = masked.find(1, i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        k = masked.find(0, j)
        k = n if k < 0 else k
        out.append(token)
        i = k
    return "".join(out)


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
