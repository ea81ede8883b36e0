"""What a source reader yields: one ``StudyStub`` per study when it scans, one ``StudyRecord`` when it loads one.

Reading a source has two phases so that planning stays in proportion to the work (DESIGN.md, Scale): the
planner *scans* every study (ids, patient, official split: what keys, splits and orders it; no image path is
touched and, where the text lives in files of its own, no report is read), and a build worker *loads* only the
studies of the unit it builds (report text, image paths checked on disk). Images are decoded in the workers.

A reader that finds a per-study problem (a CSV row with missing fields, an image listed but absent) does not
raise: it sets ``problem`` and the builder quarantines the study. Systematic problems (missing column, wrong
folder) raise ``megacxr.errors.InputError``.

``ref`` is how the quarantine list points at a study without identifying anyone: for the public datasets
the relative source path (their ids are already de-identified), for a hospital ``csv`` export the table name
and row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# View names normalised across sources.
FRONTAL_VIEWS = ("PA", "AP")
VIEW_PRIORITY = {
    "PA": 0,
    "AP": 1,
    "AP AXIAL": 2,
    "PA LLD": 3,
    "AP LLD": 3,
    "FRONTAL": 1,
    "UNKNOWN": 5,
    "LATERAL": 6,
    "LL": 6,
    "LAO": 7,
    "RAO": 7,
}


SPLITS = ("train", "validate", "test")


@dataclass
class ImageRef:
    """One image of a study on disk."""

    path: Path  # absolute path of the file (JPEG, PNG or DICOM)
    rel: str  # path relative to the images root (for quarantine entries of public sources)
    view: str = "UNKNOWN"  # normalised: PA, AP, LATERAL, LL, AP AXIAL, ..., UNKNOWN
    image_id: str | None = None  # e.g. MIMIC dicom_id, PadChest ImageID, Open-I image id


@dataclass
class StudyRecord:
    """One study as read from a source, text not yet cleaned, images not yet decoded."""

    source: str  # mimic-cxr, chexpert-plus, openi, padchest, csv
    study_id: str
    patient_id: str  # raw; the builder hashes it with a salt, it never reaches a shard
    images: list[ImageRef] = field(default_factory=list)
    report: str | None = None  # raw report text (sectioned by the builder when sections is empty)
    sections: dict[str, str] = field(default_factory=dict)  # pre-sectioned text where the source has it
    split: str | None = None  # official split (train/validate/test) or None -> patient hash
    labels: dict[str, float | None] | None = None  # CheXpert-style labels where the source has them
    study_date: str | None = None  # ISO date or None (kept out of shards for the csv source)
    language: str = "en"
    ref: str = ""  # non-identifying pointer for the quarantine list
    problem: tuple[str, str] | None = None  # (reason, field) set by the reader -> quarantined
    extra: dict = field(default_factory=dict)  # source-specific metadata safe to store (no identifiers)


@dataclass
class StudyStub:
    """What the planner holds per study (a million of these must stay small): enough to key, split and order
    it, and the reader's ``handle`` to load the full record later, in a build worker.

    ``record`` is set where the reader already holds the whole record (rows it could not group, small sources
    parsed whole); ``digest`` is a digest of the study's content where the scan read it anyway (a table's report
    cell), so that the build's fingerprint notices a changed table. Stubs travel to workers pickled."""

    study_id: str
    patient_id: str
    split: str | None = None  # the source's official split, or None
    ref: str = ""  # non-identifying pointer (as StudyRecord.ref)
    handle: Any = None  # reader-specific, picklable
    digest: bytes | None = None
    record: StudyRecord | None = None
    key: str = ""  # the shard key, set by the planner
