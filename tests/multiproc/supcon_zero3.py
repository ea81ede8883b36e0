"""Run under the real launcher: ``deepspeed --num_gpus 2 tests/multiproc/supcon_zero3.py --workdir W --mode M``.

Every rank takes its slice of one fixed global supcon batch and runs the ``supcon`` stage module in a ZeRO-3
engine (fp32). Rank 0 writes what ``tests/test_train_dist.py`` compares with one process:

* ``--mode grads``: one forward / backward; the global loss and the full (gathered, rank-averaged) gradient of every
  trainable parameter, to ``W/dist_result.pt``;
* ``--mode export``: a few LoRA training steps, the embeddings of a probe batch from the partitioned model, then
  the trainer's export path (parameters gathered, rank 0 writes ``W/run/export``); embeddings to
  ``W/zero3_probe.pt``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from supcon_batch import build_module, global_items, rank_batch, train_config  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--mode", choices=["grads", "export"], required=True)
    ap.add_argument("--local_rank", type=int, default=None)
    args = ap.parse_args()

    import deepspeed
    from deepspeed.utils import safe_get_full_grad

    from megacxr.train.engine import (
        build_optimizer,
        deepspeed_config,
        init_distributed,
        param_groups,
        shutdown_distributed,
    )
    from megacxr.train.exporting import export_engine
    from megacxr.train.stages import get_stage

    rank, world, _ = init_distributed("gloo", args.local_rank)
    cfg = train_config(args.workdir, zero_stage=3)
    if args.mode == "export":
        cfg.optim.lr, cfg.optim.warmup_steps = 2e-2, 0
    module = build_module(cfg)
    groups = param_groups(module, 0.0)
    engine, *_ = deepspeed.initialize(
        model=module,
        model_parameters=groups,
        optimizer=build_optimizer(cfg, groups),
        config=deepspeed_config(cfg, world),
    )
    items = global_items(args.workdir)
    per = len(items) // world
    batch = rank_batch(args.workdir, items[rank * per : (rank + 1) * per])
    if args.mode == "grads":
        out = engine(batch)
        engine.backward(out["loss"])
        grads = {
            n: safe_get_full_grad(p).detach().clone() for n, p in engine.module.named_parameters() if p.requires_grad
        }
        if rank == 0:
            torch.save(
                {"global_loss": out["global_loss"].detach().clone(), "grads": grads, "world": world},
                args.workdir / "dist_result.pt",
            )
        _leave_together(shutdown_distributed)
        return
    for _ in range(3):
        out = engine(batch)
        engine.backward(out["loss"])
        engine.step()
    engine.eval()
    probe = rank_batch(args.workdir, items[:4])["anchor"]
    with torch.no_grad():
        emb = engine.module.encoder.embed(probe)
    folder = Path(cfg.run.out_dir) / "export"
    export_engine(cfg, get_stage(cfg), engine, folder, rank, str(args.workdir / "model"), 1, {})
    if rank == 0:
        torch.save({"embeddings": emb.detach().clone(), "probe": dict(probe)}, args.workdir / "zero3_probe.pt")
    _leave_together(shutdown_distributed)


def _leave_together(shutdown) -> None:
    """Every rank waits until all are done (rank 0 has written its file), then leaves the group: a rank that
    tore gloo down while another was still working has ended with "terminate called without an active
    exception" (launcher exit 250) after its own work was done."""
    import torch.distributed as dist

    dist.barrier()
    shutdown()


if __name__ == "__main__":
    main()
