"""The Stage interface and its registry: every registered stage implements the whole interface, the config accepts
exactly the registered names and refuses another stage's keys from each stage's own ``owns``, and a fourth stage
added as README's "Adding a stage" says (one class, one registry line) trains under the unchanged loop and is
profiled by the unchanged profiler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from megacxr.errors import ConfigError
from megacxr.train.config import STAGE_KEYS, load_train_config
from megacxr.train.stages import STAGES, Stage, get_stage

REPO = Path(__file__).resolve().parents[1]


def test_every_registered_stage_implements_the_interface():
    assert list(STAGES) == ["mntp", "supcon", "clip"]
    for name, cls in STAGES.items():
        stage = get_stage(name)  # an abstract method left out would make this raise TypeError
        assert isinstance(stage, Stage) and stage.name == name
        assert STAGE_KEYS[name] == cls.owns
    with pytest.raises(ConfigError, match="mntp, supcon, clip"):
        get_stage("caption")


def test_config_takes_registered_names_only():
    with pytest.raises(ConfigError, match="unknown stage 'caption'") as err:
        load_train_config(None, ["stage=caption"])
    assert err.value.field == "stage"
    with pytest.raises(ConfigError, match="setting of the supcon stage"):
        load_train_config(None, ["stage=mntp", "loss.temperature=0.1"])


def test_the_clip_stage_checks_its_inputs(tmp_path):
    cfg = load_train_config(REPO / "configs" / "clip.yaml", [f"clip.text_path={tmp_path}"])
    with pytest.raises(ConfigError, match="stage-2 export") as err:
        get_stage("clip").check(cfg)
    assert err.value.field == "clip.text_path"


@pytest.mark.slow
def test_a_new_stage_is_one_class_and_one_registry_line(train_corpus, tmp_path):
    shards, model = train_corpus
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO / "tests")}
    proc = subprocess.run(
        [sys.executable, str(REPO / "tests" / "multiproc" / "toy_stage.py"), str(tmp_path), str(shards), str(model)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["steps"] == [1, 2, 3] and all(r is not None for r in out["rms"])
    assert (tmp_path / "run" / "export" / "config.json").is_file()  # the inherited export
    prof = json.loads((tmp_path / "profile.json").read_text())
    assert prof["stage"] == "norm" and prof["flops_per_step"]["total"] > 0 and prof["per_rank"]["samples_per_s"] > 0
