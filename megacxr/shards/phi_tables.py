"""The PHI screen's table pass: the values under an identifying column of a table with a header row.

Exports paste tables into reports: a CSV or pipe- or tab-separated header row ("MRN,Last,First,DOB,Age",
"Age|Sex") and rows of values below it ("00123,KOWALSKI,ANNA,03/02/1931,94", "|95|F|"). A value alone in its
cell says nothing of what it is; its column's label does. ``table_values`` finds header rows (every cell a short
label, at least one of them a label of an identifying field) and masks, in each row below with as many cells,
the cells of the identifying columns: names, places, dates, ids, phones, e-mails, and ages over 89.

Cost: one split per line of a text with a separator and a line break. Nothing here returns or logs the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_fields import field_kind
from megacxr.shards.phi_lexicon import AMBIGUOUS, CLINICAL, NAME, UNKNOWN, word_class
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["table_values"]

Mask = Callable[[int, int, str], None]

_LABEL = re.compile(r"[A-Za-z\uac00-\ud7a3][A-Za-z\uac00-\ud7a3 _./#()-]{0,30}")
# columns of numbers that name a patient or reach one (beyond ``field_kind``'s names, places, dates and ages)
_ID_COLUMNS = {
    **dict.fromkeys(
        "mrn mr mrno mr# medicalrecord medicalrecordnumber acc acc# accession accessionnumber accno id patientid "
        "ptid pid encounter enc encounterid csn fin visit visitid account acct ssn insuranceid memberid 등록번호 "
        "환자번호 병록번호".split(),
        "mrn",
    ),
    **dict.fromkeys("phone tel telephone mobile cell contact 전화 전화번호 연락처 휴대폰".split(), "phone"),
    **dict.fromkeys("email e-mail mail 이메일".split(), "email"),
    **dict.fromkeys("성명 이름 환자명 환자이름 환자성명 수진자 수검자 피검자 보호자 보호자명".split(), "name"),
    **dict.fromkeys("생년월일 검사일 date".split(), "date"),
    **dict.fromkeys("나이 연령".split(), "age"),
}
_SEPARATORS = ("|", "\t", ",")
_AGE = re.compile(r"(\d{2,3})(?:[ \t]*(?:y|yo|yrs?|years?|세))?")


def _column_kind(label: str) -> str | None:
    key = re.sub(r"[ _.-]", "", label.strip().lower())
    return _ID_COLUMNS.get(key) or field_kind(label.strip())


def _cells(line: str, sep: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line`` (in the text's offsets, spaces trimmed), without the empty cells an
    opening or closing separator makes ("|95|F|")."""
    out, pos = [], 0
    for part in line.split(sep):
        a = pos + len(part) - len(part.lstrip())
        b = pos + len(part.rstrip())
        if b - a >= 2 and line[a] in "\"'" and line[b - 1] == line[a]:
            a, b = a + 1, b - 1  # a quoted CSV cell: '"ACC","AGE"'
        out.append((offset + a, offset + max(a, b)))
        pos += len(part) + 1
    if out and out[0][0] == out[0][1] and line.lstrip().startswith(sep):  # (a leading separator)
        out = out[1:]
    if out and out[-1][0] == out[-1][1] and line.rstrip().endswith(sep):
        out = out[:-1]
    return out


_CELL_LOGIN = re.compile(r"(?<=\|)[ \t]*([a-z]{3,12}\d{1,4})[ \t]*(?=\||$)", re.M)  # "| dpatel4 |": a user's login


def _login_letters(letters: str) -> bool:
    """A login's letters ("dpatel", "jsmith"): no word, not a sequence's or a series' name ("flair", "dwi", "stir")."""
    cls = word_class(letters)
    return cls == UNKNOWN and len(letters) >= 4 or cls in (NAME, AMBIGUOUS) and len(letters) >= 5


def table_values(text: str, mask: Mask) -> None:
    """See the module docstring; and a login alone in a pipe-separated cell ("| dpatel4 |", an audit log's user)."""
    if "|" in text:
        for m in _CELL_LOGIN.finditer(text):
            if _login_letters(m.group(1).rstrip("0123456789")):
                mask(m.start(1), m.end(1), "name")
    lines, offsets, pos = text.split("\n"), [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines) - 1:
        header = lines[i]
        sep = next((s for s in _SEPARATORS if s in header), None)
        cells = _cells(header, sep, offsets[i]) if sep else []
        labels = [text[a:b] for a, b in cells]
        if len(cells) < 2 or not all(_LABEL.fullmatch(x) for x in labels):
            i += 1
            continue
        kinds = [_column_kind(x) for x in labels]
        if not any(kinds):
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            row = _cells(lines[j], sep, offsets[j]) if sep in lines[j] else []
            if len(row) != len(cells):
                break
            for (a, b), kind in zip(row, kinds, strict=True):
                if kind and b > a:
                    _mask_cell(text, a, b, kind, mask)
            j += 1
        i = j


def _mask_cell(text: str, a: int, b: int, kind: str, mask: Mask) -> None:
    value = text[a:b]
    if kind == "age":
        m = _AGE.fullmatch(value)
        if m and int(m.group(1)) > 89:
            mask(a, a + len(m.group(1)), "age")
        return
    if kind in ("date", "mrn", "phone") and not any(c.isdigit() for c in value):
        return  # "unknown", "N/A": no number, nothing to hide
    if kind in ("name", "place"):
        words = re.findall(r"[A-Za-z]+", value)
        if (
            not words
            and not re.search("[\uac00-\ud7a3]", value)
            or words
            and all(word_class(w) == CLINICAL for w in words)
        ):
            return  # "RUL", "CXR": report words in a cell
    mask(a, b, kind)


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
