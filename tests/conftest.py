"""The session fixtures (a real CXR image, the training corpus) and the environment every test process starts with;
what tests share otherwise lives in ``tests/helpers/``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers.cli import REAL_CXR
from PIL import Image

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


def pytest_collection_modifyitems(config, items):
    """The multi-process tests (marked slow, up to minutes each) run first, the rest in their order: with
    ``--dist worksteal`` (the Makefile's) a worker that runs out of tests takes the other's queue's tail, so the
    session ends on short tests instead of one worker waiting out a long one."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def real_png() -> np.ndarray:
    return np.asarray(Image.open(REAL_CXR / "00000001_000.png").convert("L"))


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
