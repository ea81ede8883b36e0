"""``megacxr profile``: the FLOP counter against a hand count, and the documented JSON fields of each mode, in one
process and under ``deepspeed`` with 2 processes, plus the batch-size sweep's table and PNG."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import torch
from helpers.cli import REPO, run_cli

CONFIGS = REPO / "configs"
BIN = Path(sys.executable).parent


def test_flop_counter_matches_a_hand_count(train_corpus):
    from megacxr.models import ReportEncoder, TextModelConfig
    from megacxr.train.config import TrainConfig
    from megacxr.train.stages import MntpModule, MntpStage

    enc = ReportEncoder.from_config(
        TextModelConfig(path=str(train_corpus[1]), attention="sdpa", lora={"enabled": False})
    )
    module = MntpModule(enc)
    cfg = enc.causal_lm.config
    assert (
        cfg.hidden_size,
        cfg.num_hidden_layers,
        cfg.num_attention_heads,
        cfg.num_key_value_heads,
        cfg.intermediate_size,
    ) == (64, 2, 4, 2, 128)
    mask = torch.tensor([[1] * 5 + [0] * 2, [1] * 7])
    labels = torch.full((2, 7), -100)
    labels[0, 2], labels[1, 3], labels[1, 5] = 7, 8, 9
    batch = {
        "input_ids": torch.ones(2, 7, dtype=torch.long),
        "attention_mask": mask,
        "labels": labels,
        "instruction_len": torch.zeros(2, dtype=torch.long),
    }
    # per layer: q 64x64, k 64x32, v 64x32 (2 KV heads of 16), o 64x64, gate/up 64x128, down 128x64
    per_layer = 64 * 64 + 64 * 32 + 64 * 32 + 64 * 64 + 3 * 64 * 128
    tokens = 5 + 7  # real tokens only, padding excluded
    vocab = cfg.vocab_size
    want_linear = 6 * 2 * per_layer * tokens  # all weights train: 6 FLOPs per weight per token
    want_attn = 12 * 2 * (4 * 16) * (5**2 + 7**2)  # 12 x layers x d_attn x sum L^2
    want_head = 6 * vocab * 64 * 3  # the LM head runs on the 3 masked tokens only
    got = MntpStage(TrainConfig(stage="mntp")).flops(module, batch)
    assert got["text_linear"] == want_linear and got["text_attention"] == want_attn and got["lm_head"] == want_head
    assert got["total"] == want_linear + want_attn + want_head and got["tokens"] == tokens
    # frozen weights (LoRA's base) count 4 FLOPs per weight per token
    for p in enc.parameters():
        p.requires_grad_(False)
    assert MntpStage(TrainConfig(stage="mntp")).flops(module, batch)["text_linear"] == 4 * 2 * per_layer * tokens


def _args(corpus, out, *extra):
    shards, model = corpus
    return [
        "--config",
        str(CONFIGS / "mntp.yaml"),
        f"mntp.model.path={model}",
        f"data.stream.manifests=[{shards}]",
        "data.num_workers=1",
        "data.micro_batch=8",
        f"run.out_dir={out.parent / 'run'}",
        "--steps",
        "4",
        "--warmup",
        "1",
        "--json",
        str(out),
        *extra,
    ]


STEP_FIELDS = {
    "stage",
    "mode",
    "ranks",
    "micro_batch",
    "zero_stage",
    "precision",
    "per_rank",
    "global",
    "peak_tflops",
    "flops_per_step",
    "time_s",
    "data_wait_share",
    "peak_memory_mib",
    "device",
}


@pytest.mark.slow
def test_profile_modes_write_the_documented_json(train_corpus, tmp_path):
    run_cli("profile", *_args(train_corpus, tmp_path / "data.json", "--mode", "data"), check=True)
    data = json.loads((tmp_path / "data.json").read_text())
    assert data["mode"] == "data" and data["per_rank"]["samples_per_s"] > 0 and data["per_rank"]["bytes_per_s"] > 0
    assert {"per_worker_samples_per_s", "batch_time_s", "global"} <= set(data)
    res = run_cli(
        "profile", *_args(train_corpus, tmp_path / "step.json", "--mode", "step", "--peak-tflops", "1"), check=True
    )
    step = json.loads((tmp_path / "step.json").read_text())
    assert STEP_FIELDS <= set(step) and set(step["time_s"]) == {"data", "forward", "backward", "optimizer", "step"}
    assert 0 <= step["data_wait_share"] < 1 and step["per_rank"]["tflops"] > 0
    assert step["per_rank"]["mfu"] == pytest.approx(step["per_rank"]["tflops"] / 1.0)
    assert "MFU" in res.stdout and "data wait" in res.stdout
    res = run_cli(
        "profile", *_args(train_corpus, tmp_path / "sweep.json", "--mode", "model", "--sweep", "4,8"), check=True
    )
    sweep = json.loads((tmp_path / "sweep.json").read_text())["sweep"]
    assert [r["micro_batch"] for r in sweep] == [4, 8] and (tmp_path / "sweep.png").stat().st_size > 1000
    assert all(r["model"] == "tiny" and r["device"] == "cpu" and r["cpu_threads"] >= 1 for r in sweep)
    logged = [json.loads(line) for line in (tmp_path / "run" / "profile" / "metrics.jsonl").read_text().splitlines()]
    assert [r["mode"] for r in logged][-2:] == ["model", "model"] and "per_rank.samples_per_s" in logged[-1]


@pytest.mark.slow
def test_profile_under_deepspeed_with_two_processes(train_corpus, tmp_path):
    import os
    import socket
    import subprocess

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    cmd = [
        str(BIN / "deepspeed"),
        "--num_gpus",
        "2",
        "--master_port",
        str(port),
        "--module",
        "megacxr.profile",
        *_args(train_corpus, tmp_path / "p.json", "--mode", "step", "engine.zero_stage=3"),
    ]
    res = subprocess.run(
        cmd,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "PATH": f"{BIN}:{os.environ['PATH']}"},
    )
    assert res.returncode == 0, res.stderr[-4000:]
    r = json.loads((tmp_path / "p.json").read_text())
    assert r["ranks"] == 2 and r["zero_stage"] == 3
    assert r["global"]["samples_per_s"] > r["per_rank"]["samples_per_s"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["supcon", "clip"])
def test_profile_supcon_and_clip_stages(train_corpus, tmp_path, stage):
    from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder

    shards, model = train_corpus
    export = tmp_path / "export"
    export_encoder(
        ReportEncoder.from_config(
            TextModelConfig(
                path=str(model), attention="sdpa", lora={"enabled": False}, pooling=PoolingConfig(kind="mean")
            )
        ),
        export,
    )
    where = f"supcon.model.path={export}" if stage == "supcon" else f"clip.tower.text_path={export}"
    run_cli(
        "profile",
        "--config",
        str(CONFIGS / f"{stage}.yaml"),
        where,
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={tmp_path / 'run'}",
        "data.num_workers=1",
        "data.micro_batch=8",
        "--mode",
        "model",
        "--steps",
        "2",
        "--warmup",
        "1",
        "--json",
        str(tmp_path / "p.json"),
        check=True,
    )
    r = json.loads((tmp_path / "p.json").read_text())
    assert r["stage"] == stage and r["per_rank"]["tflops"] > 0 and r["flops_per_step"]["total"] > 0
    if stage == "clip":
        assert r["flops_per_step"]["vision_linear"] > 0 and r["flops_per_step"]["text_linear"] > 0
