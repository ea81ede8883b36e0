"""CheXpert Plus reader: one CSV row per image (``df_chexpert_plus_240401.csv``), grouped into studies.

Layout: ``IMAGES/{train,valid}/patientNNNNN/studyN/viewN_{frontal,lateral}.jpg`` and the table given by
``--reports`` (default: ``df_chexpert_plus_240401.csv`` in IMAGES). A study is the patient folder plus the study
folder of ``path_to_image``; ``sections`` come from the ``section_*`` columns and ``report`` is the full text.
Where the table names a .jpg that is absent but a .png of the same name exists (the PNG release), the PNG is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from megacxr.errors import InputError
from megacxr.shards.record import ImageRef, StudyRecord, StudyStub
from megacxr.shards.sources.base import (
    CsvTable,
    SourceReader,
    bad_row,
    find_file,
    is_file,
    natural_key,
    normalise_split,
    row_problem,
    ungroupable,
)

TABLE_NAMES = (
    "df_chexpert_plus_240401.csv",
    "df_chexpert_plus_240401.csv.gz",
    "df_chexpert_plus*.csv",
    "df_chexpert_plus*.csv.gz",
)
REQUIRED = ("path_to_image", "deid_patient_id", "report")
SKIP_SECTIONS = ("section_accession_number",)  # an identifier, even if a surrogate one


def chexpert_view(frontal_lateral: str, ap_pa: str) -> str:
    fl, ap = frontal_lateral.strip().lower(), ap_pa.strip().upper()
    if fl == "lateral":
        return "LATERAL"
    if fl == "frontal":
        return ap if ap in ("PA", "AP") else "FRONTAL"
    return "UNKNOWN"


class ChexpertPlusReader(SourceReader):
    name = "chexpert-plus"

    def _table(self) -> CsvTable:
        self._require_dir(self.images, "images")
        if self.reports is None:
            path = find_file(self.images, TABLE_NAMES)
            if path is None:
                raise InputError(
                    f"not a CheXpert Plus root: {TABLE_NAMES[0]} not found (wrong --source, or pass --reports)",
                    file=self.images,
                    field="reports",
                )
        elif self.reports.is_dir():
            path = find_file(self.reports, TABLE_NAMES)
            if path is None:
                raise InputError(f"{TABLE_NAMES[0]} not found in this folder", file=self.reports, field="reports")
        else:
            path = self.reports
        table = CsvTable(path)
        table.require(REQUIRED, hint=" (is this the CheXpert Plus table?)")
        return table

    def input_files(self) -> list[Path]:
        return [self._table().path]

    def _columns(self, table: CsvTable) -> tuple[dict[str, str], list[str]]:
        cols = table.require(REQUIRED)
        sections = [h for h in table.header if h.lower().startswith("section_") and h.lower() not in SKIP_SECTIONS]
        return cols, sections

    def scan(self) -> Iterator[StudyStub]:
        table = self._table()
        cols, sections = self._columns(table)
        fl_col, ap_col, split_col = (table.column(c) for c in ("frontal_lateral", "ap_pa", "split"))
        text_cols = [cols["report"], *sections]
        studies: dict[str, dict] = {}
        bad: list[StudyStub] = []
        for n, offset, row in table.rows():
            rel = row[cols["path_to_image"]].strip().replace("\\", "/")
            parts = PurePosixPath(rel).parts
            problem = ungroupable(row, cols["path_to_image"]) or row_problem(row)
            if problem or len(parts) < 3:
                bad.append(bad_row(self.name, table, n, problem or ("malformed_row", cols["path_to_image"])))
                continue
            key = f"{parts[-3]}/{parts[-2]}"
            view = chexpert_view(row[fl_col] if fl_col else "", row[ap_col] if ap_col else "")
            study = studies.get(key)
            if study is None:
                studies[key] = study = {
                    "patient": row[cols["deid_patient_id"]].strip(),
                    "images": [],
                    "split": normalise_split(row[split_col]) if split_col else None,
                    "text": table.handle(offset, row, text_cols),
                }
            study["images"].append((rel, view))
        if not studies and not bad:
            raise self._no_studies(table.path)
        yield from bad
        for key in sorted(studies, key=natural_key):
            study = studies.pop(key)
            yield StudyStub(
                study_id=key,
                patient_id=study["patient"],
                split=study["split"],
                ref=study["images"][0][0],
                handle=(study["images"], study["text"]),
            )

    def load(self, stubs: Iterable[StudyStub]) -> Iterator[StudyRecord]:
        table = self._table()
        cols, sections = self._columns(table)
        try:
            for stub in stubs:
                yield stub.record if stub.record is not None else self._record(stub, table, cols["report"], sections)
        finally:
            table.close()

    def _image(self, rel: str) -> tuple[Path, bool]:
        """(path, exists): the PNG of the same name where the table's .jpg is absent."""
        path = self.images / rel
        if is_file(path):
            return path, True
        if path.suffix.lower() in (".jpg", ".jpeg"):
            png = path.with_suffix(".png")
            if is_file(png):
                return png, True
        return path, False

    def _record(self, stub: StudyStub, table: CsvTable, report_col: str, sections: list[str]) -> StudyRecord:
        images, text_handle = stub.handle
        rec = StudyRecord(
            source=self.name, study_id=stub.study_id, patient_id=stub.patient_id, split=stub.split, ref=stub.ref
        )
        for rel, view in images:
            path, found = self._image(rel)
            rel_found = rel if path == self.images / rel else str(PurePosixPath(rel).with_suffix(path.suffix))
            rec.images.append(ImageRef(path=path, rel=rel_found, view=view, image_id=rel))
            if rec.problem is None and not found:
                rec.problem, rec.ref = ("missing_image", "image"), rel
        row = table.fetch(text_handle)
        rec.report = row.get(report_col, "") or None
        for col in sections:
            text = row.get(col, "")
            if text and text.strip():
                rec.sections[col[len("section_") :].lower()] = text
        if not rec.patient_id:
            rec.problem = rec.problem or ("missing_field", "deid_patient_id")
        if rec.report is None and not rec.sections:
            rec.problem = rec.problem or ("missing_report", "report")
        return rec
