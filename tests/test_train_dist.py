"""Distributed training under the real launchers (CPU, gloo), against one process.

* a 2-process ZeRO-3 ``supcon`` step (``deepspeed --num_gpus 2``) gives the loss and the gradients of one process
  over the global batch (fp32; tolerance: 1e-5 relative to the largest gradient entry, 1e-6 on the loss);
* the fused MNTP head under ZeRO-3 (2 processes, LoRA and full fine-tuning of a tied head) gives the reference
  head's loss and gradients over the global batch;
* a ZeRO-3 LoRA run exports merged weights that contain the LoRA update and reload to the same embeddings;
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from helpers.cli import free_port
from helpers.tokenizer import demo_report_texts

REPO = Path(__file__).resolve().parent.parent
DIST = Path(__file__).parent / "multiproc"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(DIST))

pytestmark = pytest.mark.slow


def run(cmd: list[str], timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "WANDB_MODE": "offline", "OMP_NUM_THREADS": "1", **(env or {})}
    res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=full_env)
    if res.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-6000:]}"
        )
    return res


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    from megacxr.models import init_model

    w = tmp_path_factory.mktemp("dist")
    texts = demo_report_texts(w / "demo", 60)
    init_model("tiny", w / "model", texts=texts, seed=0)
    (w / "texts.json").write_text(json.dumps(texts))
    return w


def test_two_process_zero3_supcon_equals_one_process(workdir):
    from supcon_batch import build_module, global_items, rank_batch, train_config

    run(
        [
            str(BIN / "deepspeed"),
            "--num_gpus",
            "2",
            "--master_port",
            str(free_port()),
            str(DIST / "supcon_zero3.py"),
            "--workdir",
            str(workdir),
            "--mode",
            "grads",
        ]
    )
    got = torch.load(workdir / "dist_result.pt", weights_only=True)
    assert got["world"] == 2

    module = build_module(train_config(workdir, zero_stage=0))
    out = module(rank_batch(workdir, global_items(workdir)))
    out["loss"].backward()
    want = {n: p.grad for n, p in module.named_parameters() if p.requires_grad}
    assert set(got["grads"]) == set(want) and len(want) > 4
    assert abs(float(got["global_loss"]) - float(out["global_loss"])) <= 1e-6 * max(1.0, abs(float(out["loss"])))
    assert torch.allclose(out["loss"].detach(), out["global_loss"])
    nonzero = 0
    for name, g in want.items():
        scale = float(g.abs().max())  # LoRA A starts with zero gradient (B is initialised to 0)
        nonzero += scale > 0
        err = float((got["grads"][name].reshape(g.shape) - g).abs().max())
        assert err <= 1e-5 * max(scale, 1e-6), f"{name}: max abs error {err:.3g} vs gradient scale {scale:.3g}"
    assert nonzero >= len(want) // 2


def test_zero3_lora_export_is_not_empty_and_reloads_to_the_same_embeddings(workdir):
    from safetensors.torch import load_file

    from megacxr.models import load_encoder

    run(
        [
            str(BIN / "deepspeed"),
            "--num_gpus",
            "2",
            "--master_port",
            str(free_port()),
            str(DIST / "supcon_zero3.py"),
            "--workdir",
            str(workdir),
            "--mode",
            "export",
        ]
    )
    got = torch.load(workdir / "zero3_probe.pt", weights_only=True)
    export = workdir / "run" / "export"
    merged, base = load_file(export / "model.safetensors"), load_file(workdir / "model" / "model.safetensors")
    q = "model.layers.0.self_attn.q_proj.weight"
    assert merged[q].shape == base[q].shape and merged[q].numel() > 0
    assert (merged[q] - base[q]).abs().max() > 1e-4, "the LoRA update is missing from the ZeRO-3 export"
    enc = load_encoder(export, attention="sdpa")
    with torch.no_grad():
        again = enc.embed(got["probe"])
    assert again.shape == got["embeddings"].shape
    assert torch.allclose(again, got["embeddings"], atol=1e-5, rtol=1e-4), float(
        (again - got["embeddings"]).abs().max()
    )


@pytest.mark.parametrize("case", ["lora", "full", "untied"])
def test_fused_mntp_head_under_zero3_equals_the_reference_head(workdir, mntp_zero3, case):
    """The 1B preset's configuration (ZeRO-3, tied head): the fused head runs (no full-logits fallback) and gives
    the loss and gradients of one process with the reference head over the global batch."""
    import mntp_zero3 as script

    got = mntp_zero3[case]
    assert mntp_zero3["world"] == 2 and got["head_partitioned"], "the head's weight was not partitioned"
    assert got["fused_calls"] == 1, "the fused op did not run under ZeRO-3"
    assert got["head_released"], "the head's weight stayed gathered after the step"
    assert got["head_external_of"] == ["head_loss"], "the head is not gathered for the loss alone"
    cfg = script.train_config(workdir, case, zero_stage=0, head="reference")
    module = script.build_module(cfg, case)
    head = tuple(module.encoder.lm_head.weight.shape)
    assert got["fused_weight_shapes"] == [head], "the fused op did not see the whole head"
    out = module(script.rank_batch(workdir, script.masked_items(workdir, cfg)))
    out["loss"].backward()
    want = {n: p.grad for n, p in module.named_parameters() if p.requires_grad}
    assert set(got["grads"]) == set(want)
    if case != "lora":
        assert any("embed_tokens" in n for n in want), "the head does not train"
    if case == "untied":
        assert any("lm_head" in n for n in want), "the untied head does not train"
    assert abs(float(got["global_loss"]) - float(out["global_loss"])) <= 1e-6 * max(1.0, abs(float(out["loss"])))
    nonzero = 0
    for name, g in want.items():
        scale = float(g.abs().max())
        nonzero += scale > 0
        err = float((got["grads"][name].reshape(g.shape) - g).abs().max())
        assert err <= 1e-5 * max(scale, 1e-6), f"{name}: max abs error {err:.3g} vs gradient scale {scale:.3g}"
    assert nonzero >= len(want) // 2


@pytest.fixture(scope="module")
def mntp_zero3(workdir):
    run(
        [
            str(BIN / "deepspeed"),
            "--num_gpus",
            "2",
            "--master_port",
            str(free_port()),
            str(DIST / "mntp_zero3.py"),
            "--workdir",
            str(workdir),
        ]
    )
    return torch.load(workdir / "mntp_zero3.pt", weights_only=True)


# ---------------------------------------------------------------------------------- the CLI under launchers

CONFIGS = REPO / "configs"


def _stage_args(train_corpus, out, config="supcon.yaml", *extra):
    shards, model = train_corpus
    return [
        "--config",
        str(CONFIGS / config),
        f"{Path(config).stem}.model.path={model}",
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={out}",
        "data.num_workers=1",
        "data.micro_batch=8",
        "run.max_steps=3",
        "run.log_every=1",
        "logging.wandb=disabled",
        *extra,
    ]


def test_deepspeed_module_launch_of_supcon_zero3(train_corpus, tmp_path):
    from helpers.cli import read_metrics, train_cli

    res = train_cli(
        _stage_args(
            train_corpus,
            tmp_path / "run",
            "supcon.yaml",
            "engine.zero_stage=3",
            "supcon.hard_negatives=1",
            "supcon.variants.rule_hard_negatives=true",
        ),
        launcher=[str(BIN / "deepspeed"), "--num_gpus", "2", "--master_port", str(free_port())],
    )
    assert "2 ranks, ZeRO-3" in res.stdout + res.stderr
    m = read_metrics(tmp_path / "run")
    # 2 ranks x 8; a resampled stream may draw a study twice: dropped within a rank's batch, masked across ranks
    assert [r["step"] for r in m] == [1, 2, 3] and all(8 < r["num_anchors"] <= 16 for r in m)
    assert all(r["hn_total"] > 0 for r in m)  # rule one-error hard negatives reached the loss
    assert (tmp_path / "run" / "export" / "pooling.safetensors").is_file()


def test_torchrun_launch_of_mntp(train_corpus, tmp_path):
    from helpers.cli import read_metrics, train_cli

    res = train_cli(
        _stage_args(train_corpus, tmp_path / "run", "mntp.yaml", "engine.zero_stage=2"),
        launcher=[str(BIN / "torchrun"), "--nproc_per_node", "2", "--master_port", str(free_port())],
    )
    assert "2 ranks, ZeRO-2" in res.stdout + res.stderr
    assert [r["step"] for r in read_metrics(tmp_path / "run")] == [1, 2, 3]


def test_two_nodes_without_ssh_on_localhost(train_corpus, tmp_path):
    """launchers/node_no_ssh.sh twice, as node 0 and node 1 of one process each, meeting at 127.0.0.1."""
    from helpers.cli import read_metrics

    hostfile = tmp_path / "hostfile"
    hostfile.write_text("node0 slots=1\nnode1 slots=1\n")
    port = str(free_port())
    procs = []
    for node in (0, 1):
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "OMP_NUM_THREADS": "1",
            "NODE_RANK": str(node),
            "MASTER_ADDR": "127.0.0.1",
            "MASTER_PORT": port,
            "GPUS_PER_NODE": "1",
            "DEEPSPEED": str(BIN / "deepspeed"),
            "PATH": f"{BIN}:{os.environ['PATH']}",
        }
        args = _stage_args(train_corpus, tmp_path / "run", "supcon.yaml", "engine.zero_stage=3")
        procs.append(
            subprocess.Popen(
                ["bash", str(REPO / "launchers" / "node_no_ssh.sh"), str(hostfile), *args],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    outs = [p.communicate(timeout=600)[0] for p in procs]
    for node, (p, out) in enumerate(zip(procs, outs, strict=False)):
        assert p.returncode == 0, f"node {node} failed:\n{out[-5000:]}"
    assert "2 ranks, ZeRO-3" in outs[0]
    assert [r["step"] for r in read_metrics(tmp_path / "run")] == [1, 2, 3]
