"""PadChest reader: one row per image in the labels table, grouped by ``StudyID``; Spanish report text.

Layout: ``IMAGES/<ImageDir>/<ImageID>`` (16-bit PNGs; a flat ``IMAGES/<ImageID>`` is accepted too) and the table
``PADCHEST_chest_x_ray_images_labels_160K*.csv[.gz]`` (``--reports``, default: found in IMAGES). Labels come from
the ``Labels`` column (a Python-style list of PadChest finding names) mapped to CheXpert names.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from megacxr.errors import InputError
from megacxr.shards.record import ImageRef, StudyRecord, StudyStub
from megacxr.shards.sources.base import (
    CsvTable,
    SourceReader,
    bad_row,
    find_file,
    is_file,
    natural_key,
    positive_labels,
    row_problem,
    ungroupable,
)

TABLE_NAMES = (
    "PADCHEST_chest_x_ray_images_labels_160K*.csv",
    "PADCHEST_chest_x_ray_images_labels_160K*.csv.gz",
    "PADCHEST*.csv",
    "PADCHEST*.csv.gz",
)
REQUIRED = ("ImageID", "ImageDir", "StudyID", "PatientID", "Report")

PROJECTIONS = {"PA": "PA", "L": "LATERAL", "AP": "AP", "AP_HORIZONTAL": "AP"}

# PadChest finding names (lower case, stripped) -> CheXpert names; word rules below catch the many variants.
PADCHEST_TO_CHEXPERT = {
    "normal": "No Finding",
    "cardiomegaly": "Cardiomegaly",
    "mediastinal enlargement": "Enlarged Cardiomediastinum",
    "superior mediastinal enlargement": "Enlarged Cardiomediastinum",
    "infiltrates": "Lung Opacity",
    "alveolar pattern": "Lung Opacity",
    "interstitial pattern": "Lung Opacity",
    "reticular interstitial pattern": "Lung Opacity",
    "ground glass pattern": "Lung Opacity",
    "increased density": "Lung Opacity",
    "nodule": "Lung Lesion",
    "multiple nodules": "Lung Lesion",
    "mass": "Lung Lesion",
    "pulmonary mass": "Lung Lesion",
    "lung metastasis": "Lung Lesion",
    "pulmonary edema": "Edema",
    "consolidation": "Consolidation",
    "pneumonia": "Pneumonia",
    "pneumothorax": "Pneumothorax",
    "pleural effusion": "Pleural Effusion",
    "loculated pleural effusion": "Pleural Effusion",
    "pleural thickening": "Pleural Other",
    "apical pleural thickening": "Pleural Other",
    "calcified pleural thickening": "Pleural Other",
    "pleural plaques": "Pleural Other",
    "calcified pleural plaques": "Pleural Other",
    "pacemaker": "Support Devices",
    "dual chamber device": "Support Devices",
    "single chamber device": "Support Devices",
    "electrical device": "Support Devices",
    "artificial heart valve": "Support Devices",
    "artificial mitral heart valve": "Support Devices",
    "artificial aortic heart valve": "Support Devices",
}
_WORD_RULES = (
    ({"fracture", "fractures"}, "Fracture"),
    ({"atelectasis"}, "Atelectasis"),
    ({"catheter", "tube", "drain"}, "Support Devices"),
    ({"nodule", "nodules"}, "Lung Lesion"),
)


def padchest_labels(cell: str) -> dict | None:
    """The Labels cell ("['pleural effusion', 'cardiomegaly']") -> CheXpert labels; ValueError if unparseable."""
    cell = cell.strip()
    if not cell or cell.lower() in ("nan", "[]"):
        return None
    names = ast.literal_eval(cell)
    if not isinstance(names, (list, tuple)) or not all(isinstance(x, str) for x in names):
        raise ValueError("Labels is not a list of names")
    found = []
    for name in names:
        name = name.strip().lower()
        if name in PADCHEST_TO_CHEXPERT:
            found.append(PADCHEST_TO_CHEXPERT[name])
            continue
        words = set(re.findall(r"[a-z]+", name))
        found.extend(label for keys, label in _WORD_RULES if words & keys)
    return positive_labels(found)


class PadChestReader(SourceReader):
    name = "padchest"

    def _table(self) -> CsvTable:
        self._require_dir(self.images, "images")
        if self.reports is not None and self.reports.is_file():
            path = self.reports
        else:
            where = self.reports or self.images
            self._require_dir(where, "reports")
            path = find_file(where, TABLE_NAMES)
            if path is None:
                raise InputError(
                    f"not a PadChest root: {TABLE_NAMES[0]} not found (wrong --source, or pass --reports)",
                    file=where,
                    field="reports",
                )
        table = CsvTable(path)
        table.require(REQUIRED, hint=" (is this the PadChest labels table?)")
        return table

    def input_files(self) -> list[Path]:
        return [self._table().path]

    def scan(self) -> Iterator[StudyStub]:
        table = self._table()
        cols = table.require(REQUIRED)
        proj_col, labels_col, date_col = (table.column(c) for c in ("Projection", "Labels", "StudyDate_DICOM"))
        # PadChest reports are short (stemmed, ~200 chars): 110k studies of text fit in memory comfortably.
        studies: dict[str, dict] = {}
        bad: list[StudyStub] = []
        for n, _, row in table.rows():
            values = {k: row[c].strip() for k, c in cols.items() if k != "Report"}
            problem = ungroupable(row, cols["StudyID"], (cols["ImageID"], cols["PatientID"])) or row_problem(row)
            if problem:
                bad.append(bad_row(self.name, table, n, problem))
                continue
            study = studies.get(values["StudyID"])
            if study is None:
                studies[values["StudyID"]] = study = {
                    "patient": values["PatientID"],
                    "images": [],
                    "report": row[cols["Report"]],
                    "labels": row[labels_col] if labels_col else "",
                    "date": row[date_col] if date_col else "",
                }
            projection = row[proj_col].strip().upper() if proj_col else ""
            study["images"].append((values["ImageDir"], values["ImageID"], PROJECTIONS.get(projection, "UNKNOWN")))
        if not studies and not bad:
            raise self._no_studies(table.path)
        yield from bad
        for key in sorted(studies, key=natural_key):
            study = studies.pop(key)
            yield StudyStub(study_id=key, patient_id=study["patient"], handle=(study, labels_col))

    def _load(self, stub: StudyStub) -> StudyRecord:
        study, labels_col = stub.handle
        rec = StudyRecord(
            source=self.name,
            study_id=stub.study_id,
            patient_id=stub.patient_id,
            language="es",
            report=study["report"] if study["report"].strip() else None,
        )
        for image_dir, image_id, view in study["images"]:
            rel = f"{image_dir}/{image_id}" if image_dir else image_id
            path = self.images / rel
            found = is_file(path)
            if not found and is_file(self.images / image_id):
                rel, path, found = image_id, self.images / image_id, True
            rec.images.append(ImageRef(path=path, rel=rel, view=view, image_id=image_id))
            if rec.problem is None and not found:
                rec.problem, rec.ref = ("missing_image", "image"), rel
        if not rec.ref:
            rec.ref = rec.images[0].rel
        try:
            rec.labels = padchest_labels(study["labels"])
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            rec.problem = rec.problem or ("malformed_row", labels_col or "Labels")
        rec.study_date = self.parse_date(study["date"], "StudyDate_DICOM")
        if rec.report is None:
            rec.problem = rec.problem or ("missing_report", "report")
        return rec
