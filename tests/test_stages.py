"""The Stage interface and its registry: every registered stage implements the whole interface and is built from
its own typed section, the config accepts exactly the registered names, refuses another stage's section and the
keys of the old layout (naming their new place), and a fourth stage added as README's "Adding a stage" says (its
config, one class, one registry line) trains under the unchanged loop and is profiled by the unchanged profiler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from megacxr.config import from_dict, to_dict
from megacxr.errors import ConfigError
from megacxr.train.config import TrainConfig, load_train_config
from megacxr.train.stages import STAGES, Stage, get_stage

REPO = Path(__file__).resolve().parents[1]


def test_every_registered_stage_implements_the_interface():
    assert list(STAGES) == ["mntp", "supcon", "clip"]
    for name, cls in STAGES.items():
        cfg = TrainConfig(stage=name)
        stage = get_stage(cfg)  # an abstract method left out would make this raise TypeError
        assert isinstance(stage, Stage) and stage.name == name
        assert isinstance(stage.config, cls.config_class) and stage.config is cfg.stage_config is getattr(cfg, name)
        assert all(not hasattr(cfg, other) for other in STAGES if other != name)  # one stage section, its own
    cfg = TrainConfig()
    cfg.stage = "caption"
    with pytest.raises(ConfigError, match="mntp, supcon, clip"):
        get_stage(cfg)


def test_config_takes_registered_names_only():
    with pytest.raises(ConfigError, match="unknown stage 'caption'") as err:
        load_train_config(None, ["stage=caption"])
    assert err.value.field == "stage"
    with pytest.raises(ConfigError, match="a setting of the supcon stage; this run's stage is mntp") as err:
        load_train_config(None, ["stage=mntp", "supcon.loss.temperature=0.1"])
    assert err.value.field == "supcon.loss.temperature"
    # the typed tree itself cannot hold another stage's section (a run's saved config.yaml, read as is)
    with pytest.raises(ConfigError, match="settings of the supcon stage; this one's stage is mntp") as err:
        from_dict(TrainConfig, {"stage": "mntp", "supcon": {"hard_negatives": 2}})
    assert err.value.field == "supcon"
    assert to_dict(from_dict(TrainConfig, {"stage": "clip"}))["clip"]["tower"]["embed_dim"] == 512  # its defaults


@pytest.mark.parametrize(
    "config, old, new",
    [
        ("mntp", "model.path=x", "mntp.model.path"),
        ("supcon", "model.lora.r=8", "supcon.model.lora.r"),
        ("mntp", "data.masking.ratio=0.3", "mntp.masking.ratio"),
        ("mntp", "loss.mntp_head=fused", "mntp.head"),
        ("supcon", "loss.temperature=0.1", "supcon.loss.temperature"),
        ("supcon", "data.variants.stack=0.5", "supcon.variants.stack"),
        ("supcon", "data.tasks=[label]", "supcon.tasks"),
        ("supcon", "data.hard_negatives=2", "supcon.hard_negatives"),
        ("supcon", "loss.impl=chunked", "supcon.loss.impl"),
        ("clip", "loss.impl=chunked", "clip.loss.impl"),
        ("clip", "clip.text_path=x", "clip.tower.text_path"),
        ("clip", "clip.vision.shape=tiny-vit", "clip.tower.vision.shape"),
        ("clip", "loss.soft_weight=0.2", "clip.loss.soft.label"),
        ("clip", "loss.soft.text_temperature=0.1", "clip.loss.soft.temperature"),
        ("clip", "loss.soft.text=0.1", "clip.loss.soft.text"),
        ("clip", "data.image.size=64", "clip.image.size"),
        ("clip", "data.text_cache=x", "clip.text_cache"),
        ("clip", "model.path=x", "mntp.model.path or supcon.model.path (a setting of the mntp and supcon stages"),
        ("mntp", "data.image.size=64", "clip.image.size (a setting of the clip stage; this run's is mntp)"),
    ],
)
def test_a_key_of_the_old_layout_is_refused_with_its_new_place(config, old, new, tmp_path):
    with pytest.raises(ConfigError, match="this key has moved") as err:
        load_train_config(REPO / "configs" / f"{config}.yaml", [old])
    assert err.value.field == old.split("=")[0] and f"write {new}" in str(err.value), str(err.value)
    key, value = old.split("=")
    head, _, leaf = key.rpartition(".")
    stage_file = tmp_path / "old.yaml"  # in a stage file, and in a preset of one's own, the same line
    stage_file.write_text(
        f"stage: {config}\n{head.replace('.', ': {')}: {{{leaf}: {value}" + "}" * key.count(".") + "\n"
    )
    with pytest.raises(ConfigError, match="this key has moved") as err:
        load_train_config(stage_file)
    assert str(err.value.file) == str(stage_file) and err.value.field == key
    (tmp_path / "mine.yaml").write_text(stage_file.read_text().split("\n", 1)[1])
    with pytest.raises(ConfigError, match="this key has moved") as err:
        load_train_config(REPO / "configs" / f"{config}.yaml", [f"preset={tmp_path / 'mine.yaml'}"])
    assert str(err.value.file) == str(tmp_path / "mine.yaml") and err.value.field == key


def test_the_clip_stage_checks_its_inputs(tmp_path):
    cfg = load_train_config(REPO / "configs" / "clip.yaml", [f"clip.tower.text_path={tmp_path}"])
    with pytest.raises(ConfigError, match="stage-2 export") as err:
        get_stage(cfg).check()
    assert err.value.field == "clip.tower.text_path"


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
    assert out["section"]["target_rms"] == 0.5 and out["sections"] == ["norm"]  # its knob, under its name only
    assert (tmp_path / "run" / "export" / "config.json").is_file()  # the inherited export
    prof = json.loads((tmp_path / "profile.json").read_text())
    assert prof["stage"] == "norm" and prof["flops_per_step"]["total"] > 0 and prof["per_rank"]["samples_per_s"] > 0
