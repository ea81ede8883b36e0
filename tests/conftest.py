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


# The longest tests, measured (seconds, one of two xdist workers on the 2-core CI machine, `--durations=40` of the
# fresh clone of 679306f): they open the run, longest first, so that none of them is the last one left while the
# other worker has nothing to do.
LONGEST = {
    "test_tiny_clip_learns_retrieval_on_synthetic_mimic": 178,
    "test_kill_9_of_a_two_process_run_resumes_to_the_same_losses": 130,
    "test_the_gpu_script_dry_run_on_cpu_runs_every_part": 84,
    "test_resume_continues_with_identical_losses": 78,
    "test_group_sigterm_to_two_ranks_with_two_workers_checkpoints_exits_0_and_resumes_exactly": 54,
    "test_two_ranks_train_the_same_task_each_step_and_resume_exactly": 51,
    "test_profile_modes_write_the_documented_json": 45,
    "test_megacxr_export_writes_any_kept_checkpoint": 41,
}


def pytest_collection_modifyitems(config, items):
    """The multi-process tests (marked slow, up to minutes each) run first, the longest of them (``LONGEST``)
    first of all, the rest in their order: with ``--dist worksteal`` (the Makefile's) a worker that runs out of tests
    takes the other's queue's tail, so the session ends on short tests instead of one worker waiting out a long
    one."""
    items.sort(key=lambda item: (item.get_closest_marker("slow") is None, -LONGEST.get(item.originalname, 0)))


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
