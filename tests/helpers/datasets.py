"""Small hospital-CSV datasets from the real CXR fixtures."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
from PIL import Image


def cxr_variant(base: np.ndarray, i: int, size: tuple[int, int] = (96, 112)) -> Image.Image:
    """A small, distinct radiograph made from real pixels (a shifted crop plus a marker band)."""
    h, w = base.shape
    y, x = (i * 7) % (h // 4), (i * 13) % (w // 4)
    crop = base[y : y + 3 * h // 4, x : x + 3 * w // 4].astype(np.int16)
    crop = np.clip(crop + (i % 11) - 5, 0, 255).astype(np.uint8)
    return Image.fromarray(crop).resize(size)


def make_csv_dataset(
    root: Path,
    base: np.ndarray,
    patients: int = 12,
    studies_per_patient: int = 2,
    extra_rows: list[dict] | None = None,
    fmt: str = "png",
    size=(96, 112),
) -> Path:
    """Write a hospital-export style dataset: images/ + reports.csv (one row per image). Returns the CSV path."""
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    n = 0
    for p in range(patients):
        for s in range(studies_per_patient):
            study = f"ACC{p:03d}{s:02d}"
            rel = f"images/pt{p:03d}/{study}_frontal.{fmt}"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            cxr_variant(base, n, size).save(root / rel)
            findings = [
                "No pleural effusion.",
                "Mild cardiomegaly.",
                "Left basilar atelectasis.",
                "Right upper lobe consolidation.",
            ][n % 4]
            rows.append(
                {
                    "patient_id": f"MRN{p:07d}",
                    "study_id": study,
                    "image_path": rel,
                    "report": f"IMPRESSION: {findings} Study number {n} reviewed.",
                    "study_date": f"2023-01-0{1 + s}",
                    "view": "PA",
                }
            )
            n += 1
    rows.extend(extra_rows or [])
    table = root / "reports.csv"
    with open(table, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["patient_id", "study_id", "image_path", "report", "study_date", "view"])
        writer.writeheader()
        for r in rows:
            writer.writerow(r)
    return table


def csv_config(table: Path, out: Path, **fields):
    """A ``ShardBuildConfig`` for a ``make_csv_dataset`` table: one worker, no progress bar, the given fields set
    (dotted names reach nested sections, e.g. ``**{"split.dedup": False}``)."""
    from megacxr.shards.config import ShardBuildConfig

    cfg = ShardBuildConfig(
        source="csv", images=str(table.parent), reports=str(table), out=str(out), workers=1, progress=False
    )
    for key, value in fields.items():
        obj = cfg
        *parents, last = key.split(".")
        for part in parents:
            obj = getattr(obj, part)
        setattr(obj, last, value)
    return cfg


def jpeg_bytes(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
