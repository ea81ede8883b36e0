"""Validation during training (``eval.every``): 2 processes give the metrics of 1, ``best`` is chosen over the
whole run, survives ``keep_last`` pruning and a resume; bad settings are refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers.cli import REPO, free_port, read_metrics, train_cli

from megacxr.errors import ConfigError
from megacxr.train.checkpoint import Checkpointer
from megacxr.train.config import load_train_config
from megacxr.train.validate import BestCheckpoint

CONFIGS = REPO / "configs"
BIN = Path(sys.executable).parent


def _args(corpus, out, *extra):
    shards, model = corpus
    return [
        "--config",
        str(CONFIGS / "supcon.yaml"),
        f"supcon.model.path={model}",
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={out}",
        "logging.wandb=disabled",
        "run.export=false",
        "engine.precision=fp32",
        "data.num_workers=0",
        "eval.split=test",
        *extra,
    ]


def test_best_checkpoint_follows_the_metric_direction(tmp_path):
    loss = BestCheckpoint(tmp_path, "val_loss", True, 0)
    assert loss.improves({"val_loss": 2.0})
    loss.mark("step00000002", 2, 2.0)
    assert loss.improves({"val_loss": 1.5}) and not loss.improves({"val_loss": 2.0})
    assert not loss.improves({"val_loss": float("nan")})
    again = BestCheckpoint(tmp_path, "val_loss", True, 0)  # read back, as a resumed run does
    assert again.record == {"tag": "step00000002", "step": 2, "metric": "val_loss", "value": 2.0}
    recall = BestCheckpoint(tmp_path, "val_R@1", False, 0)  # another metric: a new best
    assert recall.record is None and recall.improves({"val_R@1": 0.1})
    with pytest.raises(KeyError, match="val_MRR"):
        BestCheckpoint(tmp_path, "val_MRR", False, 0).improves({"val_loss": 1.0})


def test_pruning_spares_the_best_checkpoint(tmp_path):
    for step in (2, 4, 6, 8):
        (tmp_path / Checkpointer.tag(step)).mkdir()
    BestCheckpoint(tmp_path, "val_loss", True, 0).mark("step00000002", 2, 0.5)
    Checkpointer(tmp_path, keep_last=1, rank=0, local_rank=0)._prune(keep="step00000008")
    assert sorted(p.name for p in tmp_path.glob("step*")) == ["step00000002", "step00000008"]
    (tmp_path / "step00000010").mkdir()  # a new best at step 10: the old one is an ordinary checkpoint again
    BestCheckpoint(tmp_path, "val_loss", True, 0).mark("step00000010", 10, 0.4)
    Checkpointer(tmp_path, keep_last=1, rank=0, local_rank=0).prune(keep="step00000010")
    assert sorted(p.name for p in tmp_path.glob("step*")) == ["step00000010"]


@pytest.mark.parametrize(
    "override, field",
    [("eval.every=-1", "eval.every"), ("eval.metric=R@1", "eval.metric"), ("eval.mode=best", "eval.mode")],
)
def test_bad_validation_settings_name_the_field(override, field):
    with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
        load_train_config(CONFIGS / "supcon.yaml", [override])


@pytest.mark.slow
def test_two_processes_validate_to_the_metrics_of_one(train_corpus, tmp_path):
    """One step at a learning rate too small to move a weight: both runs validate the same model, and every rank
    embeds its share of the split."""
    common = ["run.max_steps=1", "optim.lr=1e-30", "optim.warmup_steps=0", "eval.every=1", "data.token_budget=null"]
    train_cli(_args(train_corpus, tmp_path / "one", *common, "data.micro_batch=8"))
    torchrun = [str(BIN / "torchrun"), "--nproc_per_node", "2", "--master_port", str(free_port())]
    train_cli(_args(train_corpus, tmp_path / "two", *common, "data.micro_batch=4"), launcher=torchrun)
    one = [r for r in read_metrics(tmp_path / "one") if "val_loss" in r]
    two = [r for r in read_metrics(tmp_path / "two") if "val_loss" in r]
    assert len(one) == len(two) == 1
    assert one[0]["val_samples"] == two[0]["val_samples"] >= 10
    for key in ("val_R@1", "val_R@5", "val_MRR", "val_t2i_R@1"):
        assert two[0][key] == pytest.approx(one[0][key], abs=1e-9), key


@pytest.mark.slow
def test_best_is_kept_through_pruning_and_resume(train_corpus, tmp_path):
    out = tmp_path / "run"
    common = ["run.save_every=1", "run.keep_last=1", "eval.every=2", "eval.metric=val_MRR", "data.micro_batch=8"]
    res = train_cli(_args(train_corpus, out, *common, "run.max_steps=4"))
    assert "validation at step 2" in res.stderr and "validation at step 4" in res.stderr
    train_cli(_args(train_corpus, out, *common, "run.max_steps=8", "run.reschedule=true"))  # a longer run, meant
    vals = [r for r in read_metrics(out) if "val_MRR" in r]
    assert [r["step"] for r in vals] == [2, 4, 6, 8]
    best = json.loads((out / "checkpoints" / "best.json").read_text())
    top = max(vals, key=lambda r: (r["val_MRR"], -r["step"]))  # the first of equal values stays best
    assert (
        best["metric"] == "val_MRR" and best["value"] == pytest.approx(top["val_MRR"]) and best["step"] == top["step"]
    )
    kept = sorted(p.name for p in (out / "checkpoints").glob("step*"))
    assert best["tag"] in kept and "step00000008" in kept and len(kept) == len({best["tag"], "step00000008"})
