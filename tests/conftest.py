"""Shared test fixtures: paths to the real CXR fixtures and a small hospital-CSV dataset builder."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

DATA = Path(__file__).parent / "data"
REAL_CXR = DATA / "real_cxr"
REPO = Path(__file__).resolve().parent.parent

os.environ.setdefault("WANDB_MODE", "offline")
# every subprocess (train runs, launchers, the CLI) finds the venv's tools first (deepspeed, torchrun, and the
# ninja any just-in-time op would be built with)
_BIN = str(Path(sys.executable).parent)
if os.environ.get("PATH", "").split(os.pathsep)[0] != _BIN:
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")
# Triton reads TRITON_INTERPRET when a kernel is first jitted; a CPU test session must be in interpreter mode from
# the start (torch.compile in an earlier test would otherwise initialise Triton for compiled mode)
if not __import__("torch").cuda.is_available():
    os.environ.setdefault("TRITON_INTERPRET", "1")


@pytest.fixture(scope="session")
def real_png() -> np.ndarray:
    return np.asarray(Image.open(REAL_CXR / "00000001_000.png").convert("L"))


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


def readme_python(after: str, swaps: dict[str, str]) -> str:
    """The first fenced Python block of README.md after the text ``after``, with each ``swaps`` key (which must
    still be there: the README shows what the test swaps) replaced; README's code blocks run as tests."""
    text = (REPO / "README.md").read_text()
    start = text.index(after)
    code = text[text.index("```python\n", start) + len("```python\n") :]
    code = textwrap.dedent(code[: code.index("```")])
    for old, new in swaps.items():
        assert old in code, f"README block after {after!r} no longer shows {old!r}"
        code = code.replace(old, new)
    return code


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a launcher's --master_port)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(*args: str, check: bool = False, env: dict | None = None, timeout: int = 300):
    """Run ``python -m megacxr ARGS`` in a subprocess (the real CLI, as users run it)."""
    proc = subprocess.run(
        [sys.executable, "-m", "megacxr", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"megacxr {' '.join(args)} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def jpeg_bytes(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


@pytest.fixture(scope="session")
def train_corpus(tmp_path_factory):
    """(shards dir, tiny model dir) for training tests: 120 synthetic MIMIC-CXR studies built into shards (small
    images) and a random ``tiny`` Llama with a word-level tokenizer trained on their reports."""
    from megacxr.data.plan import StreamConfig
    from megacxr.models import init_model
    from megacxr.shards.build import build_shards
    from megacxr.shards.config import ShardBuildConfig
    from megacxr.synth import generate
    from megacxr.train.loop import report_texts

    tmp = tmp_path_factory.mktemp("train_corpus")
    info = generate("mimic-cxr", tmp / "data", studies=120, seed=0, image_size=64)
    shards = tmp / "shards"
    build_shards(
        ShardBuildConfig(
            source="mimic-cxr",
            images=str(tmp / "data" / info["images"]),
            reports=str(tmp / "data" / info["reports"]),
            out=str(shards),
            workers=1,
            progress=False,
            shard_samples=20,
        )
    )
    texts = report_texts(StreamConfig(manifests=[str(shards)]), limit=10000)
    model = init_model("tiny", tmp / "model", texts=texts, seed=0)
    return shards, model


def run_group(cmd: list[str], timeout: int, env: dict) -> subprocess.CompletedProcess:
    """``cmd`` in a process group of its own; on timeout the whole group is killed (a launcher's ranks and their
    loader workers too, which would otherwise live on, holding memory and ports, into the next tests)."""
    import signal

    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise AssertionError(
            f"{' '.join(map(str, cmd))} timed out after {timeout} s:\n{out[-3000:]}\n{err[-6000:]}"
        ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def train_cli(args: list[str], launcher: list[str] | None = None, timeout: int = 600, env: dict | None = None):
    """Run ``python -m megacxr.train`` (or it under a launcher command) from the repo root; raise with the output
    tail on failure."""
    bin_dir = Path(sys.executable).parent
    if launcher is None:
        cmd = [sys.executable, "-m", "megacxr.train", *args]
    elif Path(launcher[0]).name == "deepspeed":
        cmd = [*launcher, "--module", "megacxr.train", *args]
    else:  # torchrun
        cmd = [*launcher, "-m", "megacxr.train", *args]
    full_env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "WANDB_MODE": "offline",
        "OMP_NUM_THREADS": "1",
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
        **(env or {}),
    }
    res = run_group(cmd, timeout, full_env)
    if res.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-6000:]}"
        )
    return res


def read_metrics(out_dir: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in (Path(out_dir) / "metrics.jsonl").read_text().splitlines()]
