"""Split a free-text radiology report into named sections, following MIMIC-CXR's published conventions.

MIMIC-CXR report files (``files/pXX/pSUBJECT/sSTUDY.txt``) start every line with one space, carry a centred
``FINAL REPORT`` title line, and wrap long lines. A header is recognised only as *newline, one space, UPPER CASE
words, colon* (the rule of MIMIC-CXR's ``section_parser.py``); header names are lower-cased and mapped to canonical
names the way that parser maps them (``conclusion``, ``findings and impression`` and ``findings/impression`` ->
``impression``; ``clinical history`` -> ``history``; ``reason for exam`` -> ``indication``; a name containing
``impression``/``findings``/``history``/``comparison``/``addendum`` -> that name; view-like names such as
``PA AND LATERAL VIEWS OF THE CHEST`` -> ``findings``; a few frequent misspellings). As in the MIMIC scripts,
empty sections are dropped and, when a name occurs twice, the last non-empty occurrence wins.

Layout handled on top of the header rule:

* Addenda and wet reads sit above a line of underscores, with the original report below it (``FINAL ADDENDUM`` /
  ``ADDENDUM:`` ... ``____`` ... ``FINAL REPORT`` ...). The block holding the ``FINAL REPORT`` title (else the
  last block not marked as addendum / wet read) is parsed normally; the other blocks become ``addendum`` (or
  ``wet read`` when headed so). Without such a title or mark, a line of underscores is only a paragraph break.
* Text before the first header is ``preamble``; title lines (``FINAL REPORT``, ``FINAL ADDENDUM``, ...) are not
  content. A report without any header is entirely ``preamble``.
* When neither ``findings`` nor ``impression`` exists, the last section is split at its first paragraph break
  and the rest becomes ``last_paragraph`` (what MIMIC's ``create_section_files.py`` calls the last paragraph).

Whitespace: inside a paragraph, wrapped lines are joined and runs of whitespace collapse to one space;
paragraphs (separated by a blank line) are kept, joined by a single ``"\\n"``.

``strict=False`` also accepts a header at the start of any line (no leading space needed, at most 8 words) for
non-MIMIC text such as a hospital export ("FINDINGS: ...\\nIMPRESSION: ...").
"""

from __future__ import annotations

import difflib
import re

# Canonical names for header strings seen in MIMIC-CXR (lower case, single spaces).
SECTION_ALIASES: dict[str, str] = {
    "preamble": "preamble",
    "impression": "impression",
    "impressions": "impression",
    "conclusion": "impression",
    "conclusions": "impression",
    "findings and impression": "impression",
    "findings/impression": "impression",
    "findings / impression": "impression",
    "findings/ impression": "impression",
    "opinion": "impression",
    "findings": "findings",
    "finding": "findings",
    "reference findings": "findings",
    "chest, two views": "findings",
    "indication": "indication",
    "indications": "indication",
    "reason for examination": "indication",
    "reason for exam": "indication",
    "clinical indication": "indication",
    "reason for study": "indication",
    "history": "history",
    "clinical history": "history",
    "clinical information": "history",
    "patient history": "history",
    "pfi": "history",
    "comparison": "comparison",
    "comparisons": "comparison",
    "reference exam": "comparison",
    "comparison exam": "comparison",
    "comparison film": "comparison",
    "prior": "comparison",
    "technique": "technique",
    "examination": "examination",
    "exam": "examination",
    "type of examination": "examination",
    "recommendation": "recommendations",
    "recommendations": "recommendations",
    "recommendation(s)": "recommendations",
    "notification": "notification",
    "addendum": "addendum",
    "wet read": "wet read",
    "wetread": "wet read",
    "date": "date",
    "comment": "comment",
    "comments": "comment",
    "note": "note",
}

# Names containing one of these words map to it (checked in this order, as in MIMIC's parser).
_MAIN_SECTIONS = ("impression", "findings", "history", "comparison", "addendum")

# Names describing the study's views are the findings.
_VIEW_NAME = re.compile(
    r"chest|portable|pa and lat|lateral and pa|ap and lateral|lateral and ap|frontal and|two views|frontal view"
    r"|pa view|ap view|one view|lateral view|bone window|frontal upright|frontal semi-upright|ribs"
)

# Misspellings are matched against these names only (difflib ratio, checked on unknown names only).
_FUZZY_TARGETS = ("impression", "findings", "indication", "comparison", "technique", "examination", "history")

_STRICT_HEADER = re.compile(r"\n ([A-Z ()/,&-]+):(?=\s|$)")
_LENIENT_HEADER = re.compile(r"(?m)^[ \t]*([A-Z][A-Z ()/,&-]{0,60}?)[ \t]*:(?=\s|$)")
_SEPARATOR = re.compile(r"(?m)^[ \t]*_{10,}[ \t]*$")
_TITLE_LINE = re.compile(
    r"(?m)^[ \t]*(?:(?:FINAL|PRELIMINARY|AMENDED|REVISED|CORRECTED)[ \t]+)?(?:REPORT|ADDENDUM)[ \t]*$"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"\s+")

__all__ = ["SECTION_ALIASES", "canonical_section_name", "normalize_whitespace", "section_report"]


def canonical_section_name(name: str) -> str:
    """Map a raw header (any case) to its canonical lower-case name; unknown names stay as lower case."""
    s = _SPACES.sub(" ", name.strip().lower())
    hit = SECTION_ALIASES.get(s)
    if hit is not None:
        return hit
    for main in _MAIN_SECTIONS:
        if main in s:
            return main
    if _VIEW_NAME.search(s):
        return "findings"
    if " " not in s and len(s) >= 6:
        close = difflib.get_close_matches(s, _FUZZY_TARGETS, n=1, cutoff=0.85)
        if close:
            return close[0]
    return s


def normalize_whitespace(text: str) -> str:
    """Join wrapped lines and collapse space runs inside each paragraph; paragraphs joined by one newline."""
    paragraphs = (_SPACES.sub(" ", p).strip() for p in _PARAGRAPH_BREAK.split(text))
    return "\n".join(p for p in paragraphs if p)


def _headers(text: str, strict: bool) -> list[tuple[int, int, str]]:
    """(header start, content start, canonical name) for every header of ``text``."""
    out = []
    if strict:
        for m in _STRICT_HEADER.finditer(text):
            raw = m.group(1)
            if sum(c.isalpha() for c in raw) >= 2:
                out.append((m.start(), m.end(), canonical_section_name(raw)))
    else:
        for m in _LENIENT_HEADER.finditer(text):
            raw = m.group(1)
            if sum(c.isalpha() for c in raw) >= 2 and len(raw.split()) <= 8:
                out.append((m.start(), m.end(), canonical_section_name(raw)))
    return out


def _split_block(text: str, strict: bool) -> list[tuple[str, str]]:
    """(canonical name, raw content) in document order; the first entry is the preamble."""
    text = "\n" + text  # a header on the first line still follows a newline
    found = _headers(text, strict)
    parts = [("preamble", text[: found[0][0]] if found else text)]
    for i, (_, content_start, name) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        parts.append((name, text[content_start:end]))
    return parts


_REPORT_TITLE = re.compile(r"(?m)^[ \t]*(?:FINAL|PRELIMINARY)[ \t]+REPORT[ \t]*$")
_SIDE_MARK = re.compile(r"(?m)^[ \t]*(?:(?:FINAL[ \t]+)?ADDENDUM\b|WET READ[ \t]*:)")


def _blocks(text: str) -> tuple[list[str], int]:
    """Underscore-separated blocks and the index of the original report among them.

    Only a MIMIC-style layout (a report title, or an addendum / wet read mark) is split; elsewhere a line of
    underscores (a signature rule in a hospital export) is just a paragraph break.
    """
    blocks = _SEPARATOR.split(text)
    if len(blocks) == 1:
        return blocks, 0
    if not (_REPORT_TITLE.search(text) or _SIDE_MARK.search(text)):
        return ["\n\n".join(blocks)], 0
    for i in range(len(blocks) - 1, -1, -1):
        if _REPORT_TITLE.search(blocks[i]):
            return blocks, i
    for i in range(len(blocks) - 1, -1, -1):
        if blocks[i].strip() and not _SIDE_MARK.search(blocks[i]):
            return blocks, i
    return blocks, len(blocks) - 1


def _side_block(block: str, strict: bool) -> tuple[str, str]:
    """Name (``addendum`` or ``wet read``) and normalised text of a block above/below the report."""
    parts = [(n, normalize_whitespace(c)) for n, c in _split_block(_TITLE_LINE.sub("", block), strict)]
    parts = [(n, c) for n, c in parts if c]
    if parts and all(n == "wet read" for n, _ in parts):
        return "wet read", "\n".join(c for _, c in parts)
    # Keep the names of other headers inside an addendum (e.g. "IMPRESSION:") as readable text.
    pieces = [c if n in ("preamble", "addendum") else f"{n.capitalize()}: {c}" for n, c in parts]
    return "addendum", "\n".join(pieces)


def section_report(text: str, *, strict: bool = True) -> dict[str, str]:
    """Sections of one report: canonical name -> whitespace-normalised text, non-empty ones only.

    Keys in order of first appearance; ``addendum`` / ``wet read`` for the blocks separated from the report by a
    line of underscores; ``last_paragraph`` when the report has neither findings nor impression.
    """
    if not text or not text.strip():
        return {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks, main_idx = _blocks(text)

    raw = [(n, c) for n, c in _split_block(_TITLE_LINE.sub("", blocks[main_idx]), strict)]
    out: dict[str, str] = {}
    for name, content in raw:
        norm = normalize_whitespace(content)
        if norm:
            out[name] = norm  # last non-empty occurrence wins (MIMIC convention)

    if "findings" not in out and "impression" not in out:
        last_raw = next((c for _, c in reversed(raw) if c.strip()), "")
        pieces = _PARAGRAPH_BREAK.split(last_raw.strip(), maxsplit=1)
        if len(pieces) == 2:
            first, rest = normalize_whitespace(pieces[0]), normalize_whitespace(pieces[1])
            if rest:
                last_name = next(n for n, c in reversed(raw) if c.strip())
                if first:
                    out[last_name] = first
                else:
                    out.pop(last_name, None)
                out["last_paragraph"] = rest

    for i, block in enumerate(blocks):
        if i == main_idx:
            continue
        name, content = _side_block(block, strict)
        if content:
            out[name] = f"{out[name]}\n{content}" if name in out else content
    return out
