"""What a source reader yields: one ``StudyRecord`` per study, before any image is decoded.

Readers only parse metadata and report text; images are decoded later in worker processes. A reader that
finds a per-study problem (a CSV row with missing fields, an image listed but absent) does not raise: it sets
``problem`` and the builder quarantines the study. Systematic problems (missing column, wrong folder) raise
``megacxr.errors.InputError``.

``ref`` is how the quarantine list points at a study without identifying anyone: for the public datasets
the relative source path (their ids are already de-identified), for a hospital ``csv`` export the table name
and row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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

CHEXPERT_LABELS = (
    "No Finding",
    "Enlarged Cardiomediastinum",
    "Cardiomegaly",
    "Lung Opacity",
    "Lung Lesion",
    "Edema",
    "Consolidation",
    "Pneumonia",
    "Atelectasis",
    "Pneumothorax",
    "Pleural Effusion",
    "Pleural Other",
    "Fracture",
    "Support Devices",
)

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
