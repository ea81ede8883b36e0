"""Open-I (Indiana University chest X-ray collection) reader, in either of its two published layouts.

* XML: ``--reports`` = the ``ecgen-radiology`` folder of NLM XML reports (``uId``, ``AbstractText Label=``, MeSH
  terms, ``parentImage id="CXR1_1_IM-0001-3001"`` -> ``IMAGES/CXR1_1_IM-0001-3001.png``). The XML has no view:
  ``indiana_projections.csv`` next to the folder supplies it when present, otherwise views are UNKNOWN.
* CSV: ``--reports`` = ``indiana_reports.csv`` or a folder holding it and ``indiana_projections.csv`` (uid,
  filename, projection); images at ``IMAGES/<filename>``.

Open-I has no patient id: the report uid stands in (as ``CXR<uid>`` in both layouts, so they agree). Sections
keep the AbstractText labels in lower case; labels come from the MeSH terms.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
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
    positive_labels,
    row_problem,
    ungroupable,
)

REPORTS_CSV = "indiana_reports.csv"
PROJECTIONS_CSV = "indiana_projections.csv"
SECTION_COLUMNS = ("comparison", "indication", "findings", "impression")

# MeSH main headings (the part before the first '/', lower case) -> CheXpert names.
MESH_TO_CHEXPERT = {
    "normal": "No Finding",
    "cardiomegaly": "Cardiomegaly",
    "mediastinum": None,  # only with an enlarged/widened qualifier, see mesh_labels
    "opacity": "Lung Opacity",
    "airspace disease": "Lung Opacity",
    "infiltrate": "Lung Opacity",
    "nodule": "Lung Lesion",
    "mass": "Lung Lesion",
    "lung neoplasms": "Lung Lesion",
    "pulmonary edema": "Edema",
    "edema": "Edema",
    "consolidation": "Consolidation",
    "pneumonia": "Pneumonia",
    "pulmonary atelectasis": "Atelectasis",
    "atelectasis": "Atelectasis",
    "pneumothorax": "Pneumothorax",
    "pleural effusion": "Pleural Effusion",
    "thickening": None,  # pleural thickening -> Pleural Other, see mesh_labels
    "fractures, bone": "Fracture",
    "fracture": "Fracture",
    "rib fractures": "Fracture",
    "catheters, indwelling": "Support Devices",
    "tube, inserted": "Support Devices",
    "medical device": "Support Devices",
    "implanted medical device": "Support Devices",
    "pacemaker, artificial": "Support Devices",
    "central venous catheters": "Support Devices",
    "surgical instruments": "Support Devices",
    "stents": "Support Devices",
}


def mesh_labels(terms: list[str]) -> dict | None:
    found = []
    for term in terms:
        parts = [p.strip().lower() for p in term.split("/")]
        head, quals = parts[0], set(parts[1:])
        mapped = MESH_TO_CHEXPERT.get(head)
        if mapped:
            found.append(mapped)
        elif head == "mediastinum" and quals & {"enlarged", "widened"}:
            found.append("Enlarged Cardiomediastinum")
        elif head == "thickening" and "pleura" in quals:
            found.append("Pleural Other")
    return positive_labels(found)


def _uid(text: str) -> str:
    text = text.strip()
    return text if text.upper().startswith("CXR") else f"CXR{text}"


def _image_keys(uid: str, filename: str) -> tuple[str, str]:
    """indiana_projections filename '1_IM-0001-4001.dcm.png' of uid 1 -> the two forms its XML image id takes in
    the NLM release: 'CXR1_IM-0001-4001' and 'CXR1_1_IM-0001-4001'."""
    stem = re.sub(r"(\.dcm)?\.png$", "", filename.strip(), flags=re.I)
    return f"CXR{stem}", f"{_uid(uid)}_{stem}"


class OpenIReader(SourceReader):
    name = "openi"

    def _layout(self) -> tuple[str, Path]:
        """('xml', folder) or ('csv', indiana_reports.csv)."""
        self._require_dir(self.images, "images")
        where = self.reports or self.images
        if where.is_file():
            if where.name.lower().endswith(".csv"):
                return "csv", where
            raise InputError(
                "expected the ecgen-radiology XML folder or indiana_reports.csv", file=where, field="reports"
            )
        self._require_dir(where, "reports")
        if (where / REPORTS_CSV).is_file():
            return "csv", where / REPORTS_CSV
        for folder in (where, where / "ecgen-radiology"):
            if folder.is_dir() and next(folder.glob("*.xml"), None) is not None:
                return "xml", folder
        raise InputError(
            f"not an Open-I reports folder: no XML reports and no {REPORTS_CSV} (wrong --source?)",
            file=where,
            field="reports",
        )

    def _projections(self, path: Path) -> dict[str, list[tuple[str, str]]]:
        """uid -> [(filename, view)], in file order."""
        table = CsvTable(path)
        cols = table.require(("uid", "filename", "projection"))
        out: dict[str, list[tuple[str, str]]] = {}
        for _, _, row in table.rows():
            out.setdefault(_uid(row[cols["uid"]]), []).append(
                (row[cols["filename"]].strip(), normalise_view(row[cols["projection"]]))
            )
        return out

    def validate(self) -> None:
        kind, path = self._layout()
        if kind == "csv":
            table = CsvTable(path)
            table.require(("uid",) + SECTION_COLUMNS)
            if not table.has_data():
                raise self._no_studies(path)
            proj = path.parent / PROJECTIONS_CSV
            if not is_file(proj):
                raise InputError(f"{PROJECTIONS_CSV} not found next to {REPORTS_CSV}", file=proj, field="reports")
            CsvTable(proj).require(("uid", "filename", "projection"))

    def scan(self) -> Iterator[StudyStub]:
        # Open-I is small (3,955 reports): the scan parses every report whole; loading checks the image files.
        kind, path = self._layout()
        records = self._from_csv(path) if kind == "csv" else self._from_xml(path)
        if not records:
            raise self._no_studies(path)
        records.sort(key=lambda r: natural_key(r.study_id))
        for rec in records:
            if not rec.images:
                rec.problem = rec.problem or ("no_images", "image")
            yield StudyStub(study_id=rec.study_id, patient_id=rec.patient_id, ref=rec.ref, record=rec)

    def _finish(self, rec: StudyRecord) -> StudyRecord:
        for img in rec.images:
            if rec.problem is None and not is_file(img.path):
                rec.problem, rec.ref = ("missing_image", "image"), img.rel
        if not rec.sections and rec.problem is None:
            rec.problem = ("missing_report", "report")
        return rec

    # Open-I is small (3,955 reports), so records are built in memory and then sorted.

    def _from_csv(self, path: Path) -> list[StudyRecord]:
        table = CsvTable(path)
        cols = table.require(("uid",) + SECTION_COLUMNS)
        mesh_col = table.column("MeSH")
        proj_path = path.parent / PROJECTIONS_CSV
        if not is_file(proj_path):
            raise InputError(f"{PROJECTIONS_CSV} not found next to {REPORTS_CSV}", file=proj_path, field="reports")
        projections = self._projections(proj_path)
        records = []
        for n, _, row in table.rows():
            uid = row[cols["uid"]].strip()
            if cannot := ungroupable(row, cols["uid"]):
                records.append(bad_row(self.name, table, n, cannot).record)
                continue
            study = _uid(uid)
            rec = StudyRecord(source=self.name, study_id=study, patient_id=study, ref=f"{table.name}:row {n}")
            for name in SECTION_COLUMNS:
                text = row[cols[name]]
                if text.strip():
                    rec.sections[name] = text
            if mesh_col:
                rec.labels = mesh_labels([t for t in row[mesh_col].split(";") if t.strip()])
            for filename, view in projections.get(study, []):
                rec.images.append(
                    ImageRef(
                        path=self.images / filename, rel=filename, view=view, image_id=_image_keys(study, filename)[0]
                    )
                )
            if row_problem(row):
                rec.problem = row_problem(row)
            records.append(rec)
        return records

    def _from_xml(self, folder: Path) -> list[StudyRecord]:
        proj_path = folder.parent / PROJECTIONS_CSV
        views: dict[str, str] = {}
        if is_file(proj_path):
            for uid, items in self._projections(proj_path).items():
                for filename, view in items:
                    for key in _image_keys(uid, filename):
                        views[key] = view
        return [self._parse_xml(path, folder, views) for path in sorted(folder.glob("*.xml"))]

    def _parse_xml(self, path: Path, folder: Path, views: dict[str, str]) -> StudyRecord:
        ref = f"{folder.name}/{path.name}"
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError):
            return StudyRecord(
                source=self.name, study_id=path.stem, patient_id=path.stem, ref=ref, problem=("malformed_row", "xml")
            )
        uid_el = root.find(".//uId")
        uid = (uid_el.get("id") or "").strip() if uid_el is not None else ""
        if not uid:
            return StudyRecord(
                source=self.name, study_id=path.stem, patient_id=path.stem, ref=ref, problem=("missing_field", "uId")
            )
        rec = StudyRecord(source=self.name, study_id=uid, patient_id=uid, ref=ref)
        for el in root.iter("AbstractText"):
            label = (el.get("Label") or "").strip().lower()
            text = "".join(el.itertext())
            if label and text.strip():
                rec.sections[label] = text
        mesh = root.find(".//MeSH")
        if mesh is not None:
            rec.labels = mesh_labels([(el.text or "") for el in mesh if el.tag in ("major", "minor")])
        for el in root.iter("parentImage"):
            image_id = (el.get("id") or "").strip()
            if image_id:
                name = f"{image_id}.png"
                rec.images.append(
                    ImageRef(path=self.images / name, rel=name, view=views.get(image_id, "UNKNOWN"), image_id=image_id)
                )
        return rec
