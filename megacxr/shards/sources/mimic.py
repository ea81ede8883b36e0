"""MIMIC-CXR reader: images and metadata from MIMIC-CXR-JPG, raw report text from MIMIC-CXR's report files.

Layout: ``IMAGES/files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg`` with ``mimic-cxr-2.0.0-metadata.csv.gz`` (one row per
image), ``-split.csv.gz`` (official split) and ``-chexpert.csv.gz`` (labels) in IMAGES; reports at
``REPORTS/files/pXX/pSUBJECT/sSTUDY.txt`` (REPORTS defaults to IMAGES). Studies are grouped by ``study_id``.
The metadata is held as small tuples per image (377k images: tens of MB); report files are read when a build
worker loads their study, never by the scan.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from megacxr.errors import InputError
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.shards.record import ImageRef, StudyRecord, StudyStub
from megacxr.shards.sources.base import (
    CsvTable,
    SourceReader,
    bad_row,
    find_file,
    is_file,
    natural_key,
    normalise_split,
    parse_label,
    row_problem,
    ungroupable,
)

PREFIX = "mimic-cxr-2.0.0"
METADATA = (f"{PREFIX}-metadata.csv.gz", f"{PREFIX}-metadata.csv")
SPLIT = (f"{PREFIX}-split.csv.gz", f"{PREFIX}-split.csv")
CHEXPERT = (f"{PREFIX}-chexpert.csv.gz", f"{PREFIX}-chexpert.csv")
REPORT_PROBE = 50  # studies checked for report files before deciding --reports points at the wrong folder


def _study_dir(subject: str, study: str) -> str:
    return f"files/p{subject[:2]}/p{subject}/s{study}"


def _report_path(reports: Path, subject: str, study: str) -> Path:
    """``reports`` is the files/ folder of the reports root."""
    return reports / f"p{subject[:2]}/p{subject}/s{study}.txt"


class MimicReader(SourceReader):
    name = "mimic-cxr"

    def _metadata(self) -> CsvTable:
        self._require_dir(self.images, "images")
        path = find_file(self.images, METADATA)
        if path is None:
            raise InputError(
                f"not a MIMIC-CXR-JPG root: {METADATA[0]} not found (wrong --source or --images?)",
                file=self.images,
                field="images",
            )
        table = CsvTable(path)
        table.require(("dicom_id", "subject_id", "study_id"))
        return table

    def _reports_root(self) -> Path:
        root = self.reports or self.images
        self._require_dir(root, "reports")
        if (root / "files").is_dir():
            return root / "files"
        if root.name == "files" or any(p.name.startswith("p") for p in root.iterdir() if p.is_dir()):
            return root  # --reports given as the files/ folder itself
        raise InputError("not a MIMIC-CXR reports root: no files/ folder", file=root, field="reports")

    def validate(self) -> None:
        table = self._metadata()
        if not table.has_data():
            raise self._no_studies(table.path)
        self._reports_root()
        for names in (SPLIT, CHEXPERT):
            path = find_file(self.images, names)
            if path is not None:
                CsvTable(path).require(("study_id",) if names is CHEXPERT else ("study_id", "split"))

    # -------------------------------------------------------------------------------------------- index

    def _read_splits(self) -> dict[str, str | None]:
        path = find_file(self.images, SPLIT)
        if path is None:
            return {}
        table = CsvTable(path)
        cols = table.require(("study_id", "split"))
        return {row[cols["study_id"]].strip(): normalise_split(row[cols["split"]]) for _, _, row in table.rows()}

    def _read_labels(self) -> dict[str, tuple]:
        """study_id -> 14 label cells (strings: parsed, and checked, when the study is yielded)."""
        path = find_file(self.images, CHEXPERT)
        if path is None:
            return {}
        table = CsvTable(path)
        sid = table.require(("study_id",))["study_id"]
        cols = [table.column(label) for label in CHEXPERT_LABELS]
        return {row[sid].strip(): tuple(row[c] if c else "" for c in cols) for _, _, row in table.rows()}

    def _read_metadata(self):
        table = self._metadata()
        cols = table.require(("dicom_id", "subject_id", "study_id"))
        view_col = table.column("ViewPosition")
        date_col = table.column("StudyDate")
        studies: dict[str, list] = {}
        bad: list[tuple[int, tuple[str, str]]] = []  # rows that cannot be grouped: (row, problem)
        for n, _, row in table.rows():
            problem = ungroupable(row, cols["study_id"], (cols["subject_id"], cols["dicom_id"])) or row_problem(row)
            if problem:
                bad.append((n, problem))
                continue
            subject, study, dicom = (row[cols[k]].strip() for k in ("subject_id", "study_id", "dicom_id"))
            view = sys.intern(row[view_col].strip().upper()) if view_col else "UNKNOWN"
            date = row[date_col].strip() if date_col else ""
            entry = studies.get(study)
            if entry is None:
                studies[study] = [subject, [(dicom, view or "UNKNOWN")], date]
            else:
                entry[1].append((dicom, view or "UNKNOWN"))
                if date and (not entry[2] or date < entry[2]):
                    entry[2] = date
        return table, studies, bad

    # ------------------------------------------------------------------------------------------ records

    def input_files(self) -> list[Path]:
        return [p for names in (METADATA, SPLIT, CHEXPERT) if (p := find_file(self.images, names)) is not None]

    def scan(self) -> Iterator[StudyStub]:
        table, studies, bad = self._read_metadata()
        if not studies and not bad:
            raise self._no_studies(table.path)
        splits = self._read_splits()
        labels = self._read_labels()
        reports = self._reports_root()
        order = sorted(studies, key=natural_key)
        probe = order[:REPORT_PROBE]
        if probe and not any(_report_path(reports, studies[s][0], s).is_file() for s in probe):
            raise InputError(
                f"none of the first {len(probe)} studies has a report file here "
                "(point --reports at the MIMIC-CXR reports root)",
                file=reports,
                field="reports",
            )
        for n, problem in bad:
            yield bad_row(self.name, table, n, problem)
        for study in order:
            subject, images, date = studies.pop(study)
            yield StudyStub(
                study_id=study,
                patient_id=subject,
                split=splits.get(study),
                ref=_study_dir(subject, study) + ".txt",
                handle=(images, date, labels.get(study)),
            )

    def load(self, stubs: Iterable[StudyStub]) -> Iterator[StudyRecord]:
        reports = None
        for stub in stubs:
            if stub.record is not None:
                yield stub.record
                continue
            reports = reports or self._reports_root()
            yield self._record(stub, reports)

    def _record(self, stub: StudyStub, reports: Path) -> StudyRecord:
        study, subject, (images, date, cells) = stub.study_id, stub.patient_id, stub.handle
        folder = _study_dir(subject, study)
        rec = StudyRecord(
            source=self.name,
            study_id=study,
            patient_id=subject,
            split=stub.split,
            ref=stub.ref,
            extra={"dicom_ids": [d for d, _ in images]},
        )
        for dicom, view in images:
            rel = f"{folder}/{dicom}.jpg"
            path = self.images / rel
            found = is_file(path)  # one stat per image in the common case
            if not found and is_file(path.with_suffix(".dcm")):
                path, rel, found = path.with_suffix(".dcm"), rel[:-4] + ".dcm", True  # the DICOM release
            rec.images.append(ImageRef(path=path, rel=rel, view=view, image_id=dicom))
            if rec.problem is None and not found:
                rec.problem, rec.ref = ("missing_image", "image"), rel
        rec.study_date = self.parse_date(date, "StudyDate")
        if cells is not None:
            rec.labels = {}
            for name, value in zip(CHEXPERT_LABELS, cells, strict=False):
                try:
                    rec.labels[name] = parse_label(value)
                except ValueError:
                    rec.labels[name] = None
                    rec.problem = rec.problem or ("malformed_row", name)
        report_path = _report_path(reports, subject, study)
        try:
            rec.report = report_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if rec.problem is None:
                rec.problem = ("missing_report", "report")
        except (OSError, UnicodeDecodeError):
            if rec.problem is None:
                rec.problem = ("malformed_row", "report")
        return rec
