"""A CXR-Align-format file for a synthetic MIMIC-layout corpus (``megacxr synth --source mimic-cxr --cxr-align``).

CXR-Align ("Bringing CLIP to the Clinic", arXiv 2505.22079) pairs MIMIC-CXR images with three texts: the report,
the report with one present finding negated, and the report with that finding left out. Its release format is
``{"mimic": {dicom_id: {"report", "chosen", "negation", "omitted", "location"}}}``; ``megacxr eval align`` reads it.

Written here from the corpus's own files: for every frontal image (PA / AP) of the chosen split, its study's
report (findings then impression, from the report file through the shard builder's section parser), and
``megacxr.reports.negation.negate_report`` on it: ``report`` is the report as one-finding statements (comparisons
with priors dropped, as the rewrites are), ``negation`` has the chosen finding's statements deleted and an
absent statement inserted at ``location`` (first / middle / last), ``omitted`` has them deleted only. Studies
whose report states no negatable finding, or nothing else (an empty ``omitted``), give no item. Seeded: same
corpus and seed, same file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import numpy as np

from megacxr.errors import InputError
from megacxr.reports.negation import negate_report
from megacxr.reports.sections import section_report
from megacxr.synth.mimic import IMAGES, PREFIX, REPORTS

__all__ = ["FRONTAL", "cxr_align_items", "write_cxr_align"]

FRONTAL = ("PA", "AP")


def _table(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError("missing table of the synthetic MIMIC corpus", file=path)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(io.StringIO(fh.read())))


def _report_text(path: Path) -> str:
    sections = section_report(path.read_text(encoding="utf-8"))
    parts = [sections.get(k, "").strip() for k in ("findings", "impression")]
    return " ".join(p for p in parts if p)


def cxr_align_items(root: str | Path, split: str | None = "test", seed: int = 0) -> dict:
    """``{dicom_id: item}`` for the corpus under ``root`` (the folder ``megacxr synth`` wrote)."""
    root = Path(root)
    images, reports = root / IMAGES, root / REPORTS
    splits = {r["dicom_id"]: r["split"] for r in _table(images / f"{PREFIX}-split.csv.gz")}
    rows = sorted(_table(images / f"{PREFIX}-metadata.csv.gz"), key=lambda r: r["dicom_id"])
    items: dict = {}
    for n, row in enumerate(rows):
        if row["ViewPosition"] not in FRONTAL or (split and splits.get(row["dicom_id"]) != split):
            continue
        subject, study = row["subject_id"], row["study_id"]
        path = reports / "files" / f"p{subject[:2]}" / f"p{subject}" / f"s{study}.txt"
        if not path.is_file():
            continue
        text = _report_text(path)
        negated = negate_report(text, np.random.default_rng([seed, n])) if text else None
        if negated is None or not negated.omitted:  # nothing but the finding: no "omitted" text to compare
            continue
        items[row["dicom_id"]] = {
            "report": negated.original,
            "chosen": negated.target,
            "negation": negated.negated,
            "omitted": negated.omitted,
            "location": negated.position,
        }
    return items


def write_cxr_align(root: str | Path, out: str | Path | None = None, split: str | None = "test", seed: int = 0):
    """Write ``{"mimic": items}`` to ``out`` (default ``root/cxr-align.json``); returns (path, item count)."""
    items = cxr_align_items(root, split, seed)
    path = Path(out) if out else Path(root) / "cxr-align.json"
    path.write_text(json.dumps({"mimic": items}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path, len(items)
