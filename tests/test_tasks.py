"""Multi-task supcon (megacxr.data.tasks): the step's task is one pure draw, every task's pair is built, two
ranks train the same task at every step, per-task losses are logged and a resumed run continues exactly."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from helpers.cli import REPO, free_port, read_metrics, train_cli

from megacxr.data.batches import supcon_batches
from megacxr.data.pipeline import make_loader
from megacxr.data.plan import StreamConfig
from megacxr.data.tasks import TaskConfig, check_tasks, label_text, task_for_step
from megacxr.data.text import TextConfig
from megacxr.errors import ConfigError

CONFIGS = REPO / "configs"
BIN = Path(sys.executable).parent
TASKS = ["paraphrase", {"name": "findings_to_impression", "weight": 1.0}, {"name": "label", "weight": 2.0}]


def test_task_for_step_is_a_pure_weighted_draw():
    tasks = check_tasks(TASKS)
    seq = [task_for_step(tasks, 3, s) for s in range(1, 4001)]
    assert seq == [task_for_step(tasks, 3, s) for s in range(1, 4001)]  # any process, any order: the same
    assert seq != [task_for_step(tasks, 4, s) for s in range(1, 4001)]
    share = Counter(seq)
    assert abs(share["label"] / 4000 - 0.5) < 0.03 and abs(share["paraphrase"] / 4000 - 0.25) < 0.03
    assert {task_for_step(check_tasks(["label"]), 0, s) for s in range(50)} == {"label"}
    with pytest.raises(ConfigError, match="listed twice"):
        check_tasks(["label", {"name": "label"}])
    with pytest.raises(ConfigError, match="unknown task"):
        TaskConfig("summarize")
    with pytest.raises(ConfigError, match="weight"):
        TaskConfig("label", weight=0)


def test_label_text_from_labels_or_from_the_report():
    meta = {"labels": {"Cardiomegaly": 1, "Pleural Effusion": -1, "Edema": 0, "No Finding": 0}}
    assert label_text(meta, "whatever") == "Findings: cardiomegaly, possible pleural effusion."
    assert label_text({"labels": {"No Finding": 1}}, "Mild cardiomegaly.") == "No acute finding."
    assert label_text({}, "Mild cardiomegaly. No pneumothorax. Possible small effusion.") == (
        "Findings: cardiomegaly, possible pleural effusion."
    )


def test_every_task_pair_is_in_the_batch(train_corpus):
    shards, model = train_corpus
    loader = make_loader(
        supcon_batches(0, tasks=TASKS),
        StreamConfig(manifests=[str(shards)], shuffle=False, mode="epoch"),
        TextConfig(instruction="Retrieve the matching report"),
        str(model),
        batch_size=8,
        token_budget=None,
    )
    batch = next(iter(loader))
    tok = loader.sample_fn.encoder.tokenizer
    assert set(batch["tasks"]) == {"paraphrase", "findings_to_impression", "label"}
    for sub in batch["tasks"].values():
        assert sub["anchor"]["input_ids"].shape[0] == sub["positive"]["input_ids"].shape[0] == len(batch["keys"])
        assert len(sub["mask_ids"]) == len(batch["keys"])
    para, f2i, label = (batch["tasks"][k] for k in ("paraphrase", "findings_to_impression", "label"))
    assert para["mask_ids"] == batch["keys"] and f2i["mask_ids"] == batch["keys"]
    for sub in (para, f2i, label):  # the queries' normalised-text digests (identical-text masking)
        assert len(sub["text_keys"]) == len(batch["keys"]) and all(len(k) == 16 for k in sub["text_keys"])
    assert all(m.startswith("label\0") for m in label["mask_ids"])

    # each task's own instruction on the query side (its prefix tokens); the paraphrase one is data.text.instruction
    def prefix(sub):
        ids, n = sub["anchor"]["input_ids"][0], int(sub["anchor"]["instruction_len"][0])
        return ids[:n].tolist()

    assert len({tuple(prefix(t)) for t in (para, f2i, label)}) == 3
    base = batch["tasks"]["paraphrase"]["positive"]
    assert prefix(para) == base["input_ids"][0][: int(base["instruction_len"][0])].tolist()
    lab = label["positive"]
    positives = [
        tok.decode(r[int(n) : int(m.sum())], skip_special_tokens=True).lower()
        for r, n, m in zip(lab["input_ids"], lab["instruction_len"], lab["attention_mask"], strict=False)
    ]
    assert all(p.startswith(("findings", "no acute")) for p in positives), positives  # (a word-level vocabulary)
    assert f2i["task_fallback"] < len(batch["keys"])  # the synthetic reports have both sections


def _args(corpus, out, *extra):
    shards, model = corpus
    return [
        "--config", str(CONFIGS / "supcon.yaml"), f"supcon.model.path={model}", f"data.stream.manifests=[{shards}]",
        f"run.out_dir={out}", "data.num_workers=1", "logging.wandb=disabled", "run.export=false",
        "engine.precision=fp32", "run.deterministic=true", "data.micro_batch=4", "run.max_steps=6",
        "run.log_every=1", "run.save_every=3", "run.sample_log=true", "optim.warmup_steps=1",
        "supcon.tasks=[paraphrase,findings_to_impression,label]", *extra,
    ]  # fmt: skip


@pytest.mark.slow
def test_two_ranks_train_the_same_task_each_step_and_resume_exactly(train_corpus, tmp_path):
    torchrun = [str(BIN / "torchrun"), "--nproc_per_node", "2", "--master_port"]
    train_cli(_args(train_corpus, tmp_path / "straight"), launcher=torchrun + [str(free_port())])
    out = tmp_path / "resumed"
    train_cli(_args(train_corpus, out, "run.stop_after=3"), launcher=torchrun + [str(free_port())])
    train_cli(_args(train_corpus, out), launcher=torchrun + [str(free_port())])

    tasks = {}
    for rank in (0, 1):
        lines = [
            json.loads(x) for x in (tmp_path / "straight" / "samples" / f"rank{rank}.jsonl").read_text().splitlines()
        ]
        tasks[rank] = [(x["step"], x["task"]) for x in lines]
    assert tasks[0] == tasks[1] and [s for s, _ in tasks[0]] == list(range(1, 7))
    want = check_tasks(["paraphrase", "findings_to_impression", "label"])
    assert [t for _, t in tasks[0]] == [task_for_step(want, 0, s) for s in range(1, 7)]

    straight = {r["step"]: r for r in read_metrics(tmp_path / "straight")}
    resumed = {r["step"]: r for r in read_metrics(out)}
    assert sorted(straight) == sorted(resumed) == list(range(1, 7))
    for step in range(1, 7):
        assert resumed[step]["loss"] == pytest.approx(straight[step]["loss"], rel=1e-6, abs=1e-7), step
        name = dict(tasks[0])[step]
        assert straight[step][f"loss_{name}"] == pytest.approx(straight[step]["loss"], rel=1e-9)  # log_every 1
    assert np.isfinite([r["loss"] for r in straight.values()]).all()


def test_supcon_module_masks_anchors_that_read_alike(train_corpus, tmp_path):
    """``supcon.loss.identical_text``: rows whose anchors share a ``text_key`` are not each other's negatives
    (``mask``, the default; counted in ``identical_texts``), and are with ``negative``."""
    import torch

    from megacxr.train.config import load_train_config
    from megacxr.train.loop import build_loader
    from megacxr.train.stages import get_stage

    shards, model = train_corpus
    base = [f"supcon.model.path={model}", f"data.stream.manifests=[{shards}]", f"run.out_dir={tmp_path}"]
    base += ["data.micro_batch=6", "data.num_workers=0", "data.stream.shuffle=false", "supcon.loss.impl=chunked"]
    stage = get_stage(load_train_config(CONFIGS / "supcon.yaml", base))
    batch = next(iter(build_loader(stage.shared, stage, 0, 1)))
    assert len(batch["text_keys"]) == len(batch["keys"])
    pair = dict(batch, text_keys=list(batch["text_keys"]))
    pair["text_keys"][4] = pair["text_keys"][0]
    # every row alike too: one pair's logit can be too small to move a float32 loss (a tiny random encoder), every
    # negative masked moves it whatever the rows are
    alike = dict(batch, text_keys=[batch["text_keys"][0]] * len(batch["text_keys"]))
    got = {}
    for mode in ("mask", "negative"):
        torch.manual_seed(0)
        module = get_stage(
            load_train_config(CONFIGS / "supcon.yaml", [*base, f"supcon.loss.identical_text={mode}"])
        ).build_model()
        with torch.no_grad():
            out = module(stage.for_step(pair, 1))
            every = module(stage.for_step(alike, 1))
        got[mode] = (
            out["metrics"]["identical_texts"],
            out["metrics"]["masked_duplicates"],
            float(every["global_loss"]),
        )
    assert got["mask"][:2] == (2, 2) and got["negative"][:2] == (0, 0)
    assert got["mask"][2] != got["negative"][2]
