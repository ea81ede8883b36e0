"""Shared machinery of the source readers: the ``SourceReader`` base class, streaming CSV tables (plain or .gz,
any of ``,`` ``;`` tab, with or without a BOM) with required-column checks, and view / split / label helpers.

Large tables are read once, streaming; a reader keeps per study only small fields and a *handle* to each row:
the row's byte offset in a plain file (re-read when the study is yielded, so report text is not held in memory
for a million studies) or the row itself for a .gz file, where seeking is too slow.

Errors raised here name the file and the column and never include a cell's content.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from megacxr.errors import InputError
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.shards.record import SPLITS, VIEW_PRIORITY, StudyRecord, StudyStub

DELIMITERS = (",", ";", "\t")
# csv's own limit is set far above any real cell so that csv never aborts a table on one row; a cell over
# MAX_CELL_CHARS (a report of a few KB is the norm) quarantines its row instead (``oversized_cell``).
_FIELD_LIMIT = (1 << 31) - 1
MAX_CELL_CHARS = 1 << 20
# A header row: short names of letters, digits, spaces and _ . - # ( ). A data row of an export always holds a
# cell that is not (a path with "/", a date or an id starting with a digit, report text with ":" or ","), so a
# table whose first row fails this is taken as header-less, and its cells are never echoed.
_HEADER_CELL = re.compile(r"[A-Za-z_][A-Za-z0-9 _.#()-]{0,63}")


# ---------------------------------------------------------------------------------------------- CSV tables


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


class CsvTable:
    """One CSV file with a header row; rows come back as dicts keyed by header."""

    def __init__(self, path: Path, delimiter: str | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("file not found", file=self.path)
        self.gz = self.path.name.endswith(".gz")
        self.seekable = not self.gz
        if csv.field_size_limit() < _FIELD_LIMIT:
            csv.field_size_limit(_FIELD_LIMIT)
        with _open_binary(self.path) as f:
            try:
                first = f.readline()
            except (OSError, EOFError, zlib.error) as e:
                raise InputError(f"cannot read ({type(e).__name__})", file=self.path) from None
        header_line = self._decode(first, 0).lstrip("\ufeff")
        if not header_line.strip():
            raise InputError("empty file or empty header row", file=self.path)
        self.delimiter = delimiter or sniff_delimiter(header_line)
        self.header = [h.strip() for h in next(csv.reader([header_line], delimiter=self.delimiter))]
        self.header_like = all(_HEADER_CELL.fullmatch(h) for h in self.header if h)
        self._data_start = len(first)
        self._reopened = None  # the file kept open by row_at
        self._refuse_duplicate_headers()

    def _refuse_duplicate_headers(self) -> None:
        seen: dict[str, str] = {}
        for h in self.header:
            if not h:
                continue
            key = h.casefold()
            if key in seen:
                if not self.header_like:
                    raise InputError(
                        "the first row repeats a cell and does not look like a header row; the "
                        "table needs a header row",
                        file=self.path,
                        field="header",
                    )
                raise InputError(
                    "duplicate column header (columns are matched by name; rename or drop one)", file=self.path, field=h
                )
            seen[key] = h

    @property
    def name(self) -> str:
        return self.path.name

    def _decode(self, raw: bytes, row: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            where = f"data row {row}" if row > 0 else ("header row" if row == 0 else "a data row")
            raise InputError(
                f"not UTF-8 text ({where}); re-export the table as UTF-8", file=self.path, field="encoding"
            ) from None

    def column(self, name: str) -> str | None:
        """The header matching ``name`` exactly, else case-insensitively, else None."""
        if name in self.header:
            return name
        folded = name.strip().casefold()
        for h in self.header:
            if h.casefold() == folded:
                return h
        return None

    def require(self, names: Iterable[str], hint: str = "") -> dict[str, str]:
        """Map each required column name to its header; InputError naming the file and the first missing one."""
        found = {}
        for name in names:
            h = self.column(name)
            if h is None:
                if not self.header_like:
                    raise InputError(
                        f"required column {name!r} not found, and the first row does not look like "
                        f"a header row ({len(self.header)} cells, not shown: it may be data); the "
                        "table needs a header row naming its columns" + hint,
                        file=self.path,
                        field=name,
                    )
                shown = ", ".join(repr(x) for x in self.header[:30]) + (", ..." if len(self.header) > 30 else "")
                raise InputError(
                    f"required column {name!r} not found{hint} (columns: {shown})", file=self.path, field=name
                )
            found[name] = h
        return found

    def _lines(self, f, counter: list[int]) -> Iterator[str]:
        # Feeds csv.reader line by line and keeps counter[0] at the byte offset after the last line handed
        # out: csv.reader never reads ahead of a record, so that is where the next record starts. Line
        # endings are kept, which csv needs for newlines inside quoted cells. counter[2] counts lines.
        for raw in f:
            counter[0] += len(raw)
            counter[2] += 1
            yield self._decode(raw, counter[1])

    def rows(self) -> Iterator[tuple[int, int, dict[str, str]]]:
        """Yield ``(data_row_number, byte_offset, row)``; row numbers are 1-based, the header excluded.

        Short rows get '' for their missing cells. A row with a problem carries ``row[None] = (reason, column)``
        so that a reader can quarantine it: ``malformed_row`` (the wrong number of cells), ``oversized_cell``
        (a cell over ``MAX_CELL_CHARS``), ``swallowed_rows`` (a quoted cell ran over line breaks into text
        that parses as further rows of the table: an unclosed quote). The lines a swallowing cell took are
        reported too, each as a row of its own with ``row[None] = ("swallowed_row", column)`` and no cells,
        so that no study is lost without a count."""
        with _open_binary(self.path) as f:
            f.readline()
            counter = [self._data_start, 1, 1]  # [offset after the last line read, data row number, lines]
            reader = csv.reader(self._lines(f, counter), delimiter=self.delimiter)
            n_cols = len(self.header)
            while True:
                offset = counter[0]
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as e:
                    raise InputError(
                        f"CSV parse error at data row {counter[1]} ({type(e).__name__})", file=self.path
                    ) from None
                except (OSError, EOFError, zlib.error) as e:
                    raise InputError(
                        f"cannot read at data row {counter[1]} ({type(e).__name__})", file=self.path
                    ) from None
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue  # blank line
                row = self._to_dict(cells, n_cols)
                swallowed = self._swallowed(cells, n_cols)
                if swallowed:
                    row[None] = ("swallowed_rows", swallowed[0])
                yield counter[1], offset, row
                counter[1] += 1
                for _ in range(swallowed[1] if swallowed else 0):
                    yield counter[1], -1, {**dict.fromkeys(self.header, ""), None: ("swallowed_row", swallowed[0])}
                    counter[1] += 1

    def _swallowed(self, cells: list[str], n_cols: int) -> tuple[str, int] | None:
        """(column, count) when a cell holds lines that parse as whole rows of this table, else None."""
        for k, (h, cell) in enumerate(zip(self.header, cells, strict=False)):
            if "\n" not in cell:
                continue
            first, *lines = cell.split("\n")
            count = sum(1 for line in lines if self._looks_like_row(line, n_cols))
            if self._looks_like_row_start(lines[-1], n_cols) and (count or self._cut_row(first, lines[-1], k, n_cols)):
                count += 1  # the row whose quote closed the cell: its first cells are in it, the rest lost
            if count:
                return h, count
        return None

    def _cut_row(self, first: str, last: str, column: int, n_cols: int) -> bool:
        """The commonest unclosed quote: row A opens a quote in column ``column`` and the next row B's own quoted
        cell in that column closes it. The cell then starts with A's text and the tail of A's row (its cells
        after ``column``) and ends with B's first ``column`` cells, which hold no space (ids, paths)."""
        tail = first.rstrip("\r").count(self.delimiter) >= n_cols - column - 1
        head = last.split(self.delimiter)
        return tail and len(head) > column and not any(" " in c.strip() for c in head[:column])

    def _looks_like_row_start(self, line: str, n_cols: int) -> bool:
        # the beginning of a row cut at a quote: at least two cells before it, none holding a space
        line = line.rstrip("\r")
        if n_cols < 3 or line.count(self.delimiter) < 2 or self._looks_like_row(line, n_cols):
            return False
        return not any(" " in c.strip() for c in line.split(self.delimiter)[:-1])

    def _looks_like_row(self, line: str, n_cols: int) -> bool:
        # a row of this table: as many cells as the header, and at most one cell (the report) holds a space:
        # ids, paths, dates and views do not. Prose with commas fails the second test.
        line = line.rstrip("\r")
        if line.count(self.delimiter) < n_cols - 1:
            return False
        try:
            cells = next(csv.reader([line], delimiter=self.delimiter))
        except (csv.Error, StopIteration):
            return False
        if len(cells) != n_cols:
            return False
        return sum(" " in c.strip() for c in cells) <= 1

    def _to_dict(self, cells: list[str], n_cols: int) -> dict:
        row: dict = dict(zip(self.header, cells, strict=False))
        if len(cells) != n_cols:
            for h in self.header[len(cells) :]:
                row[h] = ""
            row[None] = ("malformed_row", self.header[-1] if self.header else "")
        big = next((h for h, c in zip(self.header, cells, strict=False) if len(c) > MAX_CELL_CHARS), None)
        if big is not None:
            for h in self.header:
                row[h] = row.get(h, "") if len(row.get(h, "")) <= MAX_CELL_CHARS else ""
            row[None] = ("oversized_cell", big)
        return row

    def row_at(self, offset: int) -> dict:
        """Re-read the row that starts at ``offset`` (plain files only). The file stays open between calls, so
        a worker loading a unit's thousand studies opens the table once (``close()`` releases it)."""
        f = self._reopened
        if f is None:
            f = self._reopened = open(self.path, "rb")
        f.seek(offset)
        counter = [offset, -1, 0]
        try:
            cells = next(csv.reader(self._lines(f, counter), delimiter=self.delimiter))
        except (StopIteration, csv.Error):
            raise InputError("file changed while it was being read", file=self.path) from None
        return self._to_dict(cells, len(self.header))

    def close(self) -> None:
        if self._reopened is not None:
            self._reopened.close()
            self._reopened = None

    def handle(self, offset: int, row: dict, keep: Sequence[str] = ()):
        """What a reader stores to fetch this row again: the offset, or (gz) the cells named in ``keep``."""
        if self.seekable:
            return offset
        return {k: row.get(k, "") for k in keep}

    def fetch(self, handle) -> dict:
        return self.row_at(handle) if isinstance(handle, int) else handle

    def has_data(self) -> bool:
        rows = self.rows()
        try:
            next(rows)
            return True
        except StopIteration:
            return False
        finally:
            rows.close()


def row_problem(row: dict) -> tuple[str, str] | None:
    """The (reason, column) ``CsvTable.rows`` attached to a row, or None."""
    return row.get(None)


def ungroupable(row: dict, key: str, required: Sequence[str] = ()) -> tuple[str, str] | None:
    """Why a table row cannot be grouped into a study, or None (the one quarantine rule of every reader): the
    reader's row problem when the row lost its shape (swallowed by an unclosed quote) or its key column is empty;
    else ``missing_field`` naming the first of ``key`` and ``required`` that is empty. A row problem of a row that
    keeps its key (an oversized cell, a short row) is left to the reader: ``row_problem``."""
    problem = row_problem(row)
    if problem and (problem[0] == "swallowed_row" or not row[key].strip()):
        return problem
    missing = next((c for c in (key, *required) if not row[c].strip()), None)
    return ("missing_field", missing) if missing else None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter among , ; tab that occurs most often outside quotes in the header line (ties: comma)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def is_file(path) -> bool:
    """``os.path.isfile``: False, never an exception, for a name too long, a symlink loop or a bad component
    (``Path.is_file`` raises on ENAMETOOLONG, and its message would carry the path)."""
    return os.path.isfile(path)


def find_file(folder: Path, names: Sequence[str]) -> Path | None:
    """The first of ``names`` (exact names or glob patterns) that exists in ``folder``."""
    for name in names:
        if any(c in name for c in "*?["):
            hits = sorted(p for p in folder.glob(name) if p.is_file())
            if hits:
                return hits[0]
        elif (folder / name).is_file():
            return folder / name
    return None


# ----------------------------------------------------------------------------------------- normalisation

_NUM_RE = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[str, str]:
    """Sort key ordering digit runs by value (study2 before study10), as two plain strings (digit runs padded,
    then the text itself to break ties) because a million of them are held while sorting."""
    return _NUM_RE.sub(lambda m: m.group().lstrip("0").zfill(20), text), text


_VIEW_SYNONYMS = {
    "POSTEROANTERIOR": "PA",
    "PA VIEW": "PA",
    "PA ERECT": "PA",
    "AP ERECT": "AP",
    "AP SUPINE": "AP",
    "AP PORTABLE": "AP",
    "PORTABLE AP": "AP",
    "ANTEROPOSTERIOR": "AP",
    "AP HORIZONTAL": "AP",
    "SUPINE AP": "AP",
    "LAT": "LATERAL",
    "L": "LATERAL",
    "LATERAL VIEW": "LATERAL",
    "LEFT LATERAL": "LL",
    "RIGHT LATERAL": "LATERAL",
    "RL": "LATERAL",
    "XTABLE LATERAL": "LATERAL",
    "CROSS TABLE LATERAL": "LATERAL",
    "FRONT": "FRONTAL",
    "FRONTAL VIEW": "FRONTAL",
    "": "UNKNOWN",
    "UNK": "UNKNOWN",
    "NONE": "UNKNOWN",
}
# View names a reader may emit; MIMIC's rarer ViewPosition values are kept as they are.
KNOWN_VIEWS = frozenset(VIEW_PRIORITY) | {"AP RLD", "PA RLD", "SWIMMERS", "LPO", "RPO", "XTABLE LATERAL"}
_LATERAL_WORDS = {"LAT", "LATERAL", "LL", "RL"}
_FRONTAL_WORDS = {"PA", "AP", "FRONTAL"}


def normalise_view(text: str | None) -> str:
    """Free-text view (PA, ap, Lat, 'AP supine', lateral, Frontal, ...) -> a name of record.VIEW_PRIORITY."""
    key = re.sub(r"[\s_\-]+", " ", (text or "").strip().upper())
    if key in _VIEW_SYNONYMS:
        return _VIEW_SYNONYMS[key]
    if key in VIEW_PRIORITY:
        return key
    words = set(re.findall(r"[A-Z]+", key))
    lateral, frontal = words & _LATERAL_WORDS, words & _FRONTAL_WORDS
    if lateral and not frontal:
        return "LATERAL"
    if len(frontal) == 1 and not lateral:
        return next(iter(frontal))
    return "UNKNOWN"


_SPLIT_NAMES = {
    "train": "train",
    "training": "train",
    "validate": "validate",
    "valid": "validate",
    "validation": "validate",
    "val": "validate",
    "dev": "validate",
    "test": "test",
    "testing": "test",
}


def normalise_split(text: str | None) -> str | None:
    """An official split name -> one of record.SPLITS, or None when blank or unknown."""
    split = _SPLIT_NAMES.get((text or "").strip().lower())
    assert split is None or split in SPLITS
    return split


def parse_label(text: str | None) -> float | None:
    """A CheXpert label cell ('1.0', '0', '-1.0', '') -> float or None; ValueError when unparseable."""
    text = (text or "").strip()
    if not text or text.lower() in ("nan", "none"):
        return None
    value = float(text)
    if value not in (1.0, 0.0, -1.0):
        raise ValueError("label out of range")
    return value


def positive_labels(names: Iterable[str]) -> dict[str, float | None] | None:
    """CheXpert names found positive -> a full label dict (others None); None when nothing was found."""
    found = set(names)
    if not found:
        return None
    return {label: (1.0 if label in found else None) for label in CHEXPERT_LABELS}


def iso_date(text: str | None, date_format: str | None = None) -> str | None:
    """YYYYMMDD (MIMIC, PadChest; '21800506.0' too), YYYY-MM-DD[...] or YYYY/MM/DD or DD.MM.YYYY -> ISO date.

    With ``date_format`` (strptime codes, e.g. ``%m/%d/%Y``; the build's ``--date-format``) that format is
    tried first. None for blank; ValueError for anything else (MM/DD vs DD/MM is ambiguous, so without a
    format it is refused)."""
    text = (text or "").strip()
    if not text:
        return None
    if date_format:
        try:
            return datetime.strptime(text, date_format).date().isoformat()
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:\.0+)?", text) or re.match(
        r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[ T])", text
    )
    if m:
        y, mo, d = m.groups()
    else:
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if not m:
            raise ValueError("unrecognised date")
        d, mo, y = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        raise ValueError("date out of range")
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def rel_to(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# ------------------------------------------------------------------------------------------ base reader


class SourceReader:
    """Base of every reader: ``validate()`` does cheap checks; ``scan()`` yields one light ``StudyStub`` per
    study in a deterministic order; ``load(stubs)`` turns stubs into full ``StudyRecord``s (report text, image
    paths checked on disk), in a build worker for the studies of one unit. Iterating a reader is
    ``load(scan())``."""

    name = ""

    def __init__(
        self,
        images: Path,
        reports: Path | None = None,
        columns: dict[str, str] | None = None,
        date_format: str | None = None,
    ):
        self.images = Path(images).expanduser().absolute()
        self.reports = Path(reports).expanduser().absolute() if reports is not None else None
        self.columns = dict(columns or {})
        self.date_format = date_format
        # non-essential fields that could not be parsed, per column: dropped (None) and counted, study kept
        self.dropped_fields: Counter = Counter()
        self._dropped_once: set[tuple[str, str]] = set()  # (column, study) pairs counted by parse_date
        if self.columns and not self.accepts_columns:
            raise InputError(
                f"column mapping (--column) applies only to --source csv, not {self.name}", field="columns"
            )

    accepts_columns = False

    def _require_dir(self, path: Path, what: str) -> None:
        if not path.is_dir():
            raise InputError(
                f"{what} folder not found" if not path.exists() else f"{what} is not a folder", file=path, field=what
            )

    def parse_date(self, text: str | None, column: str, study: str | None = None) -> str | None:
        """A study date, or None (dropped and counted under ``column``) when it is not a date: a date is
        metadata, never a reason to lose a study. With ``study`` (a table of one row per image), each study
        is counted once however many of its rows carry the bad date."""
        try:
            return iso_date(text, self.date_format)
        except ValueError:
            if study is None:
                self.dropped_fields[column] += 1
            elif (column, study) not in self._dropped_once:
                self._dropped_once.add((column, study))
                self.dropped_fields[column] += 1
            return None

    def _table(self) -> CsvTable:
        """The reader's main table, for readers that have one."""
        raise NotImplementedError

    def validate(self) -> None:
        """Default for single-table readers: the table opens, has the required columns and a data row."""
        table = self._table()
        if not table.has_data():
            raise self._no_studies(table.path)

    def input_files(self) -> list[Path] | None:
        """The files a scan reads (tables), whose size and modification time stand for the scan's result: a
        resume with nothing to do compares them instead of scanning again. None: always scan."""
        return None

    def scan(self) -> Iterator[StudyStub]:
        raise NotImplementedError

    def load(self, stubs: Iterable[StudyStub]) -> Iterator[StudyRecord]:
        """One full record per stub, in order."""
        for stub in stubs:
            yield self._finish(stub.record) if stub.record is not None else self._load(stub)

    def _load(self, stub: StudyStub) -> StudyRecord:
        raise NotImplementedError

    def _finish(self, rec: StudyRecord) -> StudyRecord:
        """Work left on a record the scan already built (default: none)."""
        return rec

    def __iter__(self) -> Iterator[StudyRecord]:
        return self.load(self.scan())

    def _no_studies(self, where: Path) -> InputError:
        return InputError(f"no studies found for --source {self.name}", file=where)


def bad_row(source: str, table: CsvTable, n: int, problem: tuple[str, str]) -> StudyStub:
    """A table row that cannot be grouped into a study: quarantined by the planner as it is."""
    ref = f"{table.name}:row {n}"
    return StudyStub(
        study_id=f"row{n}",
        patient_id="",
        ref=ref,
        record=StudyRecord(source=source, study_id=f"row{n}", patient_id="", ref=ref, problem=problem),
    )
