"""Hospital export reader (``--source csv``): a table with one row per image, rows of a study grouped.

``--reports`` names the table (``,`` ``;`` or tab delimited, UTF-8 with or without BOM, optionally .gz) and
``--images`` the root its image paths are relative to. Fields and their default headers: patient_id, study_id,
image_path, report (required), study_date, view (optional); ``columns={"report": "ReportText"}`` maps a field to
another header. Hospital image paths can embed MRNs, so ``ref`` is only ``<table name>:row <n>``.

For a million studies the reader keeps per study only ids, image paths, a digest of the report and the row's
byte offset; the report text is re-read from the table when the study is yielded.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from megacxr.errors import InputError
from megacxr.shards.record import ImageRef, StudyRecord, StudyStub
from megacxr.shards.sources.base import (
    CsvTable,
    SourceReader,
    bad_row,
    is_file,
    natural_key,
    normalise_view,
    rel_to,
    row_problem,
    ungroupable,
)

DEFAULT_COLUMNS = {
    "patient_id": "patient_id",
    "study_id": "study_id",
    "image_path": "image_path",
    "report": "report",
    "study_date": "study_date",
    "view": "view",
}
REQUIRED_FIELDS = ("patient_id", "study_id", "image_path", "report")


def _digest(text: str) -> bytes:
    # Whitespace-insensitive, so a re-wrapped or CRLF copy of the same report is not called inconsistent.
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=16).digest()


class HospitalCsvReader(SourceReader):
    name = "csv"
    accepts_columns = True

    def _headers(self) -> dict[str, str]:
        unknown = sorted(set(self.columns) - set(DEFAULT_COLUMNS))
        if unknown:
            raise InputError(f"unknown field in --column; fields: {', '.join(DEFAULT_COLUMNS)}", field=unknown[0])
        return {**DEFAULT_COLUMNS, **{k: v.strip() for k, v in self.columns.items()}}

    def _table(self) -> tuple[CsvTable, dict[str, str]]:
        headers = self._headers()
        self._require_dir(self.images, "images")
        if self.reports is None:
            raise InputError("--source csv needs --reports naming the table", field="reports")
        if self.reports.is_dir():
            raise InputError("--reports must name the table file, not a folder", file=self.reports, field="reports")
        table = CsvTable(self.reports)
        hint = " (map it with --column FIELD=HEADER)"
        required = table.require([headers[f] for f in REQUIRED_FIELDS], hint=hint)
        cols = {f: required[headers[f]] for f in REQUIRED_FIELDS}
        for f in ("study_date", "view"):
            col = table.column(headers[f])
            if col is None and f in self.columns:
                table.require([headers[f]], hint=" (named by --column)")
            cols[f] = col
        return table, cols

    def validate(self) -> None:
        table, _ = self._table()
        if not table.has_data():
            raise self._no_studies(table.path)

    def input_files(self) -> list[Path]:
        return [self.reports] if self.reports is not None else []

    def scan(self) -> Iterator[StudyStub]:
        table, cols = self._table()
        studies: dict[str, _Study] = {}
        bad: list[StudyStub] = []
        for n, offset, row in table.rows():
            study_id = row[cols["study_id"]].strip()
            if cannot := ungroupable(row, cols["study_id"]):
                bad.append(bad_row(self.name, table, n, cannot))
                continue
            problem = row_problem(row)
            # a blank report is not a missing field: the text cleaner quarantines it as empty_report,
            # the same reason every source uses
            missing = next((cols[f] for f in ("patient_id", "image_path") if not row[cols[f]].strip()), None)
            if missing:
                problem = problem or ("missing_field", missing)
            view = normalise_view(row[cols["view"]]) if cols["view"] else "UNKNOWN"
            date = (
                self.parse_date(row[cols["study_date"]], cols["study_date"], study_id) if cols["study_date"] else None
            )
            date = sys.intern(date) if date else None  # a few thousand distinct dates across a million rows
            report, patient = row[cols["report"]], row[cols["patient_id"]].strip()
            study = studies.get(study_id)
            if study is None:
                studies[study_id] = study = _Study(
                    patient, date, n, table.handle(offset, row, (cols["report"],)), _digest(report)
                )
            else:
                if report.strip() and study.digest != _digest(report):
                    problem = problem or ("inconsistent_report", cols["report"])
                if study.patient != patient:
                    problem = problem or ("inconsistent_patient", cols["patient_id"])
                if date and (study.date is None or date < study.date):
                    study.date = date
            path_text = row[cols["image_path"]].strip().replace("\\", "/")
            if path_text:
                study.images.append((path_text, view, n))
            if problem and study.problem is None:
                study.problem, study.row = problem, n
        if not studies and not bad:
            raise self._no_studies(table.path)
        yield from bad
        for key in sorted(studies, key=natural_key):
            study = studies.pop(key)
            yield StudyStub(
                study_id=key,
                patient_id=study.patient,
                ref=f"{table.name}:row {study.row}",
                handle=(study.date, study.row, study.handle, study.images, study.problem),
                digest=study.digest,
            )

    def load(self, stubs: Iterable[StudyStub]) -> Iterator[StudyRecord]:
        table, cols = self._table()
        try:
            for stub in stubs:
                yield stub.record if stub.record is not None else self._record(stub, table, cols)
        finally:
            table.close()

    def _record(self, stub: StudyStub, table: CsvTable, cols: dict) -> StudyRecord:
        date, row, handle, images, problem = stub.handle
        rec = StudyRecord(
            source=self.name,
            study_id=stub.study_id,
            patient_id=stub.patient_id,
            study_date=date,
            ref=f"{table.name}:row {row}",
            problem=problem,
        )
        for text, view, n in images:
            path = Path(text)
            path = path if path.is_absolute() else self.images / path
            # image_id stays None: hospital file names can carry accession numbers or MRNs
            rec.images.append(ImageRef(path=path, rel=rel_to(path, self.images), view=view))
            if rec.problem is None and not is_file(path):
                rec.problem, rec.ref = ("missing_image", "image"), f"{table.name}:row {n}"
        report = table.fetch(handle).get(cols["report"], "")
        rec.report = report if report.strip() else None
        if rec.problem is None and not rec.images:
            rec.problem = ("missing_field", cols["image_path"])
        return rec


class _Study:
    """What is kept per study while the table is scanned (a million of these must stay small)."""

    __slots__ = ("patient", "date", "row", "handle", "digest", "images", "problem")

    def __init__(self, patient: str, date: str | None, row: int, handle, digest: bytes):
        self.patient, self.date, self.row, self.handle, self.digest = patient, date, row, handle, digest
        self.images: list[tuple[str, str, int]] = []
        self.problem: tuple[str, str] | None = None
