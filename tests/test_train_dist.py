"""Distributed training under the real launchers (CPU, gloo), against one process.

* a 2-process ZeRO-3 ``supcon`` step (``deepspeed --num_gpus 2``) gives the loss and the gradients of one process
  over the global batch (fp32; tolerance: 1e-5 relative to the largest gradient entry, 1e-6 on the loss);
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from helpers_tokenizer import demo_report_texts

REPO = Path(__file__).resolve().parent.parent
DIST = Path(__file__).parent / "multiproc"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(DIST))

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "WANDB_MODE": "offline", "OMP_NUM_THREADS": "1",
                **(env or {})}
    res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=full_env)
    if res.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({res.returncode}):\n{res.stdout[-3000:]}\n"
                             f"{res.stderr[-6000:]}")
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

    run([str(BIN / "deepspeed"), "--num_gpus", "2", "--master_port", str(free_port()),
         str(DIST / "supcon_equiv.py"), "--workdir", str(workdir)])
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
        scale = float(g.abs().max())   # LoRA A starts with zero gradient (B is initialised to 0)
        nonzero += scale > 0
        err = float((got["grads"][name].reshape(g.shape) - g).abs().max())
        assert err <= 1e-5 * max(scale, 1e-6), f"{name}: max abs error {err:.3g} vs gradient scale {scale:.3g}"
    assert nonzero >= len(want) // 2
