"""Synthetic datasets in each real source's on-disk layout, for the demo, the tests and the benchmarks.

``generate(source, out, studies, seed)`` writes a small dataset that looks like MIMIC-CXR-JPG + reports,
CheXpert Plus, Open-I, PadChest or a hospital CSV/DICOM export (quirks included), and ``out/synth.json`` saying
which ``--images`` / ``--reports`` to hand to ``megacxr shards build``. The drawn images follow the findings
that the reports state (``megacxr.synth.content`` says, ``megacxr.synth.draw`` draws). The same seed gives
byte-identical files.

This module also holds the small writing helpers the source modules share (deterministic gzip, CSV, image
encoders, a thread pool that keeps output order).
"""

from __future__ import annotations

import csv
import gzip
import importlib
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from megacxr.errors import InputError

SOURCES = ("mimic-cxr", "chexpert-plus", "openi", "padchest", "csv")
DEFAULT_IMAGE_SIZE = 320
_SOURCE_CODE = {name: i + 1 for i, name in enumerate(SOURCES)}
_MODULES = {
    "mimic-cxr": "mimic",
    "chexpert-plus": "chexpert_plus",
    "openi": "openi",
    "padchest": "padchest",
    "csv": "hospital_csv",
}

__all__ = ["SOURCES", "generate"]


def generate(
    source: str, out: Path, studies: int = 200, seed: int = 0, image_size: int | None = None, progress: bool = False
) -> dict:
    """Write a synthetic ``source`` dataset under ``out`` and return what ``out/synth.json`` records.

    ``image_size`` is the short (width) side of the images in pixels (default 320); heights follow real
    portrait aspect ratios. Files already in ``out`` that this call does not write are left alone.
    """
    if source not in SOURCES:
        raise InputError(f"unknown synthetic source {source!r}; choose one of {', '.join(SOURCES)}", field="source")
    if int(studies) < 1:
        raise InputError("need at least one study", field="studies")
    size = int(image_size or DEFAULT_IMAGE_SIZE)
    if size < 32:
        raise InputError("image size must be at least 32 pixels", field="image_size")
    module = importlib.import_module(f"megacxr.synth.{_MODULES[source]}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a folder", file=out, field="out")
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context(source, out, int(studies), int(seed), size, progress)
    info = module.write(ctx)
    meta = {
        "source": source,
        "images": info["images"],
        "reports": info.get("reports"),
        "studies": int(studies),
        "patients": info["patients"],
        "seed": int(seed),
        "extra_variants": info.get("extra_variants", {}),
    }
    (out / "synth.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return meta


class Context:
    """What a source module needs: where to write, how many studies, and seeded random streams."""

    def __init__(self, source: str, out: Path, studies: int, seed: int, size: int, progress: bool):
        self.source, self.out, self.studies, self.seed, self.size = source, out, studies, seed, size
        self.progress = progress

    def rng(self, *key: int) -> np.random.Generator:
        """An independent stream per (source, seed, key...): study i's content does not depend on thread order."""
        return np.random.default_rng([self.seed, _SOURCE_CODE[self.source], *key])

    def dims(self, rng: np.random.Generator) -> tuple[int, int]:
        """(width, height) of one image: the configured width, a portrait aspect ratio of 0.80-0.90."""
        return self.size, int(round(self.size / rng.uniform(0.80, 0.90)))

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        """``fn`` over ``items`` on a few threads (numpy and Pillow release the GIL), results in input order."""
        items = list(items)
        bar = None
        if self.progress:
            from tqdm import tqdm

            bar = tqdm(total=len(items), desc=f"synth {self.source}", unit="study")
        with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
            for result in pool.map(fn, items):
                if bar is not None:
                    bar.update(1)
                yield result
        if bar is not None:
            bar.close()


def write_csv(path: Path, header: list[str], rows: Iterable[list], gz: bool = False) -> None:
    """A CSV with ``\\n`` line ends, quoted where needed; gzipped without a timestamp so bytes are reproducible."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buf.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(data)
    else:
        path.write_bytes(data)


def encode_image(pixels: np.ndarray, fmt: str, quality: int = 92) -> bytes:
    """uint8 pixels as JPEG or PNG, uint16 pixels as 16-bit PNG (mode I;16); fast zlib levels for PNG."""
    buf = io.BytesIO()
    image = Image.fromarray(pixels)
    if fmt == "JPEG" and pixels.dtype == np.uint8:
        image.save(buf, format="JPEG", quality=quality)
    else:
        image.save(buf, format="PNG", compress_level=1 if pixels.dtype == np.uint16 else 3)
    return buf.getvalue()


def save_image(path: Path, pixels: np.ndarray, fmt: str, quality: int = 92) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = encode_image(pixels, fmt, quality)
    path.write_bytes(data)
    return data


def split_patients(
    rng: np.random.Generator, patients: list, names=("train", "validate", "test"), fractions=(0.8, 0.1, 0.1)
) -> dict:
    """Patient -> split, about ``fractions``, every split non-empty when there are enough patients."""
    order = [patients[i] for i in rng.permutation(len(patients))]
    n = len(order)
    small = [max(1, int(round(f * n))) if n >= len(names) else 0 for f in fractions[1:]]
    out = {}
    start = 0
    for name, k in zip(names[1:], small, strict=False):
        for p in order[start : start + k]:
            out[p] = name
        start += k
    for p in order[start:]:
        out[p] = names[0]
    return out
