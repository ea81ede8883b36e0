"""Shard-build throughput against its floor, measured side by side in one run.

Builds realistic full-size inputs in a temporary folder: about 2500x3000 gray JPEGs at quality 95 (roughly the
size and byte count of MIMIC-CXR-JPG files), each made from one of the real radiographs in
``tests/data/real_cxr`` by a random crop, size, brightness/contrast jitter and film-grain noise, so no two are
identical and the entropy decoder has realistic work. Then it measures, on the same files:

* context: JPEG decode only (Pillow draft to the target size), one process;
* (a) the floor: ``megacxr.shards.images.process_image`` (decode + resize + encode) in a tight loop, one process;
* (b) ``build_shards`` on a ``csv``-source table over those files with ``workers=1`` and (c) ``workers=2``
  (plan, PHI screen, split, dedup, image work, tar writing, finalize, manifest: all of it, wall clock).

Each measurement is repeated (``--repeats``, interleaved a, b, c, a, b, c, ... so that drift of a shared or
virtual machine hits all three alike) and the median is reported with the range. Prints studies/s (one image
per study) and the ratios builder/floor and 2 processes/1 process, and appends a dated entry (machine, CPU
count, commit) to ``benchmarks/RESULTS.md``. ``--quick`` is a smoke run (12 images, one repeat) that writes
nothing unless ``--write`` is given.

    python benchmarks/bench_shards.py [--images 60] [--repeats 3] [--quick] [--keep DIR] [--record]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from megacxr.shards.config import ImageConfig, ShardBuildConfig  # noqa: E402
from megacxr.shards.images import process_image, target_size  # noqa: E402

REAL = REPO / "tests" / "data" / "real_cxr"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
FINDINGS = [
    "No focal consolidation.",
    "Heart size is normal.",
    "Mild cardiomegaly.",
    "No pleural effusion.",
    "Small left pleural effusion.",
    "Right basilar atelectasis.",
    "No pneumothorax.",
    "Lungs are clear.",
    "Stable mediastinal contours.",
    "Mild pulmonary vascular congestion.",
    "Degenerative changes of the thoracic spine.",
    "Endotracheal tube in standard position.",
]
IMPRESSIONS = [
    "No acute cardiopulmonary process.",
    "Findings suggest mild edema.",
    "Stable chest.",
    "Possible early pneumonia in the right lower lobe.",
    "Interval improvement.",
]


def base_images() -> list[np.ndarray]:
    bases = [np.asarray(Image.open(REAL / n).convert("L")) for n in ("00000001_000.png", "00027426_000.png")]
    bases.append(pydicom.dcmread(REAL / "siim_pneumothorax_sample.dcm").pixel_array.astype(np.uint8))
    return bases


def make_inputs(root: Path, n: int, seed: int = 0) -> list[Path]:
    """n full-size JPEGs (q95) under root/images, each a distinct variant of a real radiograph."""
    rng = np.random.default_rng(seed)
    bases = base_images()
    grain = rng.normal(0.0, 2.0, (3300, 2800)).astype(np.float32)  # one field, shifted per image
    paths = []
    for i in range(n):
        base = bases[i % len(bases)]
        h, w = base.shape
        ch, cw = int(h * rng.uniform(0.88, 1.0)), int(w * rng.uniform(0.88, 1.0))
        y, x = rng.integers(0, h - ch + 1), rng.integers(0, w - cw + 1)
        out_w, out_h = int(rng.integers(2400, 2650)), int(rng.integers(2900, 3150))
        img = Image.fromarray(base[y : y + ch, x : x + cw]).resize((out_w, out_h), Image.BICUBIC)
        gy, gx = rng.integers(0, grain.shape[0] - out_h), rng.integers(0, grain.shape[1] - out_w)
        arr = np.asarray(img, dtype=np.float32) * rng.uniform(0.9, 1.1) + rng.uniform(-10, 10)
        arr += grain[gy : gy + out_h, gx : gx + out_w]
        path = root / "images" / f"pt{i // 2:04d}" / f"st{i:05d}" / "frontal.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(path, quality=95)
        paths.append(path)
    return paths


def write_table(root: Path, paths: list[Path], seed: int = 0) -> Path:
    rng = np.random.default_rng(seed + 1)
    table = root / "reports.csv"
    with open(table, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["patient_id", "study_id", "image_path", "report", "study_date", "view"])
        for i, p in enumerate(paths):
            findings = " ".join(rng.choice(FINDINGS, size=3, replace=False))
            report = f"FINDINGS: {findings} Exam {i + 1} of the series.\nIMPRESSION: {rng.choice(IMPRESSIONS)}"
            w.writerow(
                [
                    f"PAT{i // 2:06d}",
                    f"ACC{i:07d}",
                    str(p.relative_to(root)),
                    report,
                    f"2021-{1 + i % 12:02d}-{1 + i % 27:02d}",
                    "PA",
                ]
            )
    return table


def bench_decode_only(paths: list[Path], cfg: ImageConfig, passes: int) -> float:
    t0 = time.perf_counter()
    for _ in range(passes):
        for p in paths:
            with Image.open(p) as im:
                size = target_size(im.width, im.height, cfg.short_side)
                im.draft("L", size)
                im.load()
    return passes * len(paths) / (time.perf_counter() - t0)


def bench_floor(paths: list[Path], cfg: ImageConfig, passes: int) -> float:
    process_image(paths[0], cfg)  # warm up imports
    t0 = time.perf_counter()
    for _ in range(passes):
        for p in paths:
            process_image(p, cfg)
    return passes * len(paths) / (time.perf_counter() - t0)


def bench_builder(root: Path, table: Path, workers: int, shard_samples: int, n: int) -> tuple[float, dict]:
    from megacxr.shards.build import build_shards

    out = root / f"out_w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cfg = ShardBuildConfig(
        source="csv",
        images=str(root),
        reports=str(table),
        out=str(out),
        workers=workers,
        shard_samples=shard_samples,
        progress=False,
    )
    t0 = time.perf_counter()
    manifest = build_shards(cfg)
    seconds = time.perf_counter() - t0
    samples = int(manifest.get("totals", {}).get("samples", 0))
    if samples != n:
        print(
            f"  warning: workers={workers} wrote {samples} of {n} studies; quarantine: "
            f"{manifest.get('quarantine_counts')}, duplicates: {manifest.get('duplicates_removed')}"
        )
    return samples / seconds, manifest


def git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        )
        if head.returncode != 0:
            return "no commit"
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=normal"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return head.stdout.strip() + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def append_results(lines: list[str]) -> None:
    if not RESULTS.exists():
        RESULTS.write_text(
            "# Benchmark results\n\nEntries are appended by the scripts in `benchmarks/`; newest last.\n"
        )
    with open(RESULTS, "a") as fh:
        fh.write("\n" + "\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--images", type=int, default=60, help="number of full-size input images (= studies)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 12 images, one repeat, nothing written")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved repeats of each measurement (median)")
    ap.add_argument("--shard-samples", type=int, default=8, help="studies per shard (units to parallelise)")
    ap.add_argument("--keep", type=Path, default=None, help="build the inputs here and keep them")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    args = ap.parse_args(argv)
    n, repeats = (min(args.images, 12), 1) if args.quick else (args.images, max(1, args.repeats))
    write = args.record and not args.no_write
    cfg = ImageConfig()

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench_shards_"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        paths = make_inputs(root, n)
        table = write_table(root, paths)
        mb = np.mean([p.stat().st_size for p in paths]) / 1e6
        dims = np.mean([Image.open(p).size for p in paths], axis=0)
        print(
            f"inputs: {n} JPEG q95, mean {dims[0]:.0f}x{dims[1]:.0f}, mean {mb:.2f} MB "
            f"(made in {time.perf_counter() - t0:.1f}s); output {cfg.format} q{cfg.quality}, "
            f"short side {cfg.short_side}"
        )

        runs: dict[str, list[float]] = {"decode": [], "floor": [], "w1": [], "w2": []}
        for r in range(repeats):
            runs["decode"].append(bench_decode_only(paths, cfg, 1))
            runs["floor"].append(bench_floor(paths, cfg, 1))
            runs["w1"].append(bench_builder(root, table, 1, args.shard_samples, n)[0])
            runs["w2"].append(bench_builder(root, table, 2, args.shard_samples, n)[0])
            print(f"  repeat {r + 1}/{repeats}: " + ", ".join(f"{k} {v[-1]:.1f}" for k, v in runs.items() if v))
        med = {k: float(np.median(v)) for k, v in runs.items() if v}
        span = {k: f"{min(v):.1f}-{max(v):.1f}" for k, v in runs.items() if v}
        decode, floor = med["decode"], med["floor"]
        print(f"context: JPEG decode only (draft), 1 process:           {decode:7.1f} images/s  ({span['decode']})")
        print(f"(a) floor: process_image (decode+resize+encode), 1 proc: {floor:7.1f} studies/s ({span['floor']})")
        w1, w2 = med["w1"], med["w2"]
        print(f"(b) builder workers=1:                                  {w1:7.1f} studies/s ({span['w1']})")
        print(f"(c) builder workers=2:                                  {w2:7.1f} studies/s ({span['w2']})")
        print(
            f"ratios: builder(1 proc)/floor = {w1 / floor:.2f}; builder 2 proc/1 proc = {w2 / w1:.2f} "
            f"({os.cpu_count()} CPUs)"
        )

        if write:
            machine = f"{platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
            append_results(
                [
                    f"## {dt.date.today().isoformat()} shard build vs floor (`benchmarks/bench_shards.py"
                    f"{' --quick' if args.quick else ''} --images {n}`)",
                    "",
                    f"- machine: {machine}; Python {platform.python_version()}, Pillow {Image.__version__}",
                    f"- commit: {git_commit()}",
                    f"- inputs: {n} studies, one JPEG q95 each, mean {dims[0]:.0f}x{dims[1]:.0f}, {mb:.2f} MB; "
                    f"output {cfg.format} q{cfg.quality}, short side {cfg.short_side}; builder: csv source, "
                    f"{args.shard_samples} studies per shard, wall clock of `build_shards`; median of {repeats} "
                    "interleaved repeat(s), range in brackets",
                    "",
                    "| measure | studies/s | ratio |",
                    "| --- | ---: | --- |",
                    f"| context: JPEG decode only (draft), 1 process | {decode:.1f} [{span['decode']}] | |",
                    f"| (a) floor: `process_image` loop, 1 process | {floor:.1f} [{span['floor']}] | 1.00 |",
                    f"| (b) builder, workers=1 | {w1:.1f} [{span['w1']}] | {w1 / floor:.2f} x floor |",
                    f"| (c) builder, workers=2 | {w2:.1f} [{span['w2']}] | {w2 / w1:.2f} x workers=1 |",
                ]
            )
            print(f"appended to {RESULTS.relative_to(REPO)}")
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
