"""Turn one study's report into cleaned sections and the training text (the shard's ``txt``).

``clean_study_text`` takes the source's pre-sectioned text where it has findings or impression (CheXpert Plus
columns, Open-I labels), otherwise sections the raw report with ``sections.section_report`` (MIMIC-CXR's header
rule for ``mimic-cxr``, header-at-line-start for the other sources, falling back to the last paragraph and then
to the whole report for unsectioned text such as PadChest's or a hospital's). Every section is cleaned:

* whitespace normalised (wrapped lines joined, space runs collapsed, paragraphs joined by one ``"\\n"``);
* every source's de-identification marks (Open-I ``XXXX``, MIMIC ``___``, other runs of underscores or X's,
  ``[** ... **]`` brackets, ``[REDACTED]``) become ``cfg.deid_token``;
* with ``cfg.fix_case``, a mostly upper-case section (CheXpert Plus) becomes sentence case, keeping
  ``ABBREVIATIONS`` and vertebral levels (T4, L1, C7, S1) upper case.

The training text is ``cfg.sections`` (default findings then impression), each ending with terminal punctuation,
joined by one space on a single line; else ``last_paragraph``; else the whole report (every section but the
addendum, named sections prefixed with their name). The addendum is appended when ``cfg.addendum == "append"``.
Too little usable text (fewer than ``cfg.min_chars`` characters once de-id marks are removed, or nothing but marks
and punctuation) sets ``problem = ("empty_report", "report")`` so that the builder quarantines the study.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from megacxr.reports.sections import canonical_section_name, normalize_whitespace, section_report
from megacxr.reports.segments import segments


@dataclass
class CleaningConfig:
    """How a study's report text is cleaned for the shards (``shards build``'s ``text.*``)."""

    sections: list[str] = field(default_factory=lambda: ["findings", "impression"])  # training text, in order
    addendum: Literal["append", "drop"] = "append"  # MIMIC addenda: appended to the training text or dropped
    fix_case: bool = True  # ALL-CAPS sections (CheXpert Plus) to sentence case
    deid_token: str = "___"  # every source's de-identification token becomes this (Open-I XXXX)
    min_chars: int = 3  # a report with fewer usable characters is quarantined


ABBREVIATIONS = frozenset(
    """
AP PA PICC ICU CCU MICU SICU NICU PACU ET ETT NG NGT OG OGT IJ SVC IVC CT CTA MRI MR PET CHF COPD ARDS ILD DVT PE
ECG EKG ICD AICD CABG TAVR TAVI LVAD RVAD IABP ED ER IV CVC RA LA RV LV RUL RML RLL LUL LLL LUQ RUQ AVR MVR ASD VSD
PDA HIV TB CXR KUB ORIF VATS NSCLC COVID BIPAP CPAP ECMO PCP RSV AAA VQ AV AICD UE LE GE NJ GJ PEG VP
""".split()
)

_DEID = re.compile(
    r"\[\*\*[^\n]{0,200}?\*\*\]"  # MIMIC-II/III style [** ... **] (bounded: no rescans)
    r"|\[(?:REDACTED|redacted|Redacted|PHI|DEID|deid)\]"
    r"|_{2,}"  # MIMIC ___ and longer runs
    r"|(?<![A-Za-z0-9])(?:X{3,}|x{4,})(?![A-Za-z0-9])"  # Open-I XXXX
)
# Terminal escape sequences (CSI, OSC, two-byte ESC forms) go whole, so that no "[31m" is left behind; then
# every other control character but newline and tab, and the bidirectional overrides that reorder what a
# terminal or an editor shows (the "Trojan source" characters).
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?|\x1b[@-~]?"
    r"|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]"
)
_CONTROLS = dict.fromkeys(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        0x00AD,  # soft hyphen
        *range(0x200B, 0x2010),  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
        *range(0x2060, 0x2065),  # word joiner, invisible operators
        0xFEFF,  # zero-width no-break space (a BOM inside text)
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
_LEVEL = re.compile(r"[TLCS]\d{1,2}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+|\n\s*)([a-z])")
# "...process\n2. ..." -> "...process.\n2. ...": an unpunctuated line before a numbered item gets its full stop
_LIST_ITEM = re.compile(r"(?<=[A-Za-z0-9)])[ \t]*\n(?=[ \t]*\d{1,2}[.)][ \t])")
_PLACEHOLDER = "\x00"
_PUNCT_ONLY = re.compile(r"[\W_]+")
_ONE_LINE = re.compile(r"\s+")

__all__ = ["ABBREVIATIONS", "CleanText", "clean_section", "clean_study_text", "sentence_case", "strip_controls"]


@dataclass
class CleanText:
    """What the builder stores for one study's text."""

    sections: dict[str, str]  # cleaned sections (what goes into the sample json)
    text: str  # the training text (txt key)
    problem: tuple[str, str] | None  # e.g. ("empty_report", "report") -> quarantined


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.75


def _restore_abbreviation(m: re.Match) -> str:
    up = m.group(0).upper()
    return up if up in ABBREVIATIONS or _LEVEL.fullmatch(up) else m.group(0)


def sentence_case(text: str) -> str:
    """ALL CAPS text to sentence case, keeping ``ABBREVIATIONS`` and vertebral levels upper case."""
    low = _WORD.sub(_restore_abbreviation, text.lower())
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), low)


def clean_section(text: str, cfg: CleaningConfig) -> str:
    """One section cleaned: control characters and terminal escapes removed, de-id marks unified, whitespace
    normalised, ALL CAPS fixed when configured. A section over ``segments.SEGMENT_CHARS`` is cleaned piece by
    piece (linear time on any input), the pieces joined as the paragraphs they end."""
    pieces = segments(text)
    if len(pieces) > 1:
        upper = cfg.fix_case and _mostly_upper(text)
        out = []
        for piece in pieces:
            cleaned = _clean_piece(piece, cfg, upper)
            if cleaned:
                out.append(cleaned + ("\n" if piece.endswith("\n\n") else " "))
        return "".join(out).strip()
    return _clean_piece(text, cfg, cfg.fix_case and _mostly_upper(text))


def _clean_piece(text: str, cfg: CleaningConfig, upper: bool) -> str:
    text = strip_controls(text)
    text = _DEID.sub(_PLACEHOLDER, text)
    text = normalize_whitespace(_LIST_ITEM.sub(".\n", text.replace("\r\n", "\n")))
    if upper:
        text = sentence_case(text)
    return text.replace(_PLACEHOLDER, cfg.deid_token)


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences, control characters (newline and tab kept, a carriage return
    before a newline dropped, another one a line break) or bidirectional overrides."""
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQ.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROLS)


def _terminated(text: str) -> str:
    text = _ONE_LINE.sub(" ", text).strip()
    if not text or text[-1] in ".!?":
        return text
    if text[-1] in ",;:":
        text = text[:-1].rstrip()
    return text + "."


def _usable_chars(text: str, deid_token: str) -> int:
    """Characters left once de-id tokens, punctuation and spacing are removed."""
    if deid_token:
        text = text.replace(deid_token, " ")
    return sum(len(_PUNCT_ONLY.sub("", _DEID.sub(" ", piece))) for piece in segments(text))


def _pick_sections(report: str | None, given: dict[str, str], source: str) -> dict[str, str]:
    if "findings" in given or "impression" in given:
        return given
    if report and report.strip():
        parsed = section_report(report, strict=(source == "mimic-cxr"))
        return {**parsed, **given}
    return given


def clean_study_text(report: str | None, sections: dict[str, str], cfg: CleaningConfig, source: str) -> CleanText:
    """Cleaned sections, training text and any per-study problem for one study (see the module docstring)."""
    given: dict[str, str] = {}
    for key, value in (sections or {}).items():
        if isinstance(value, str) and value.strip():
            given[canonical_section_name(key)] = value
    raw = _pick_sections(report, given, source)

    cleaned: dict[str, str] = {}
    for name, value in raw.items():
        c = clean_section(value, cfg)
        if c:
            cleaned[name] = c

    parts = [_terminated(cleaned[n]) for n in cfg.sections if cleaned.get(n)]
    if not parts and cleaned.get("last_paragraph"):
        parts = [_terminated(cleaned["last_paragraph"])]
    if not parts:
        for name, value in cleaned.items():
            if name == "addendum":
                continue
            body = _terminated(value)
            parts.append(body if name in ("preamble", "last_paragraph") else f"{name.capitalize()}: {body}")
    if cfg.addendum == "append" and cleaned.get("addendum"):
        parts.append(_terminated(cleaned["addendum"]))
    text = " ".join(p for p in parts if p)

    problem = None
    if not text or _usable_chars(text, cfg.deid_token) < max(cfg.min_chars, 1):
        problem = ("empty_report", "report")
    return CleanText(sections=cleaned, text=text, problem=problem)
