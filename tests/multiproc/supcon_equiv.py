"""Run under the real launcher: ``deepspeed --num_gpus 2 tests/multiproc/supcon_equiv.py --workdir W``.

Each rank takes its slice of one fixed global supcon batch, runs the ``supcon`` stage module in a ZeRO-3 engine
(fp32), back-propagates, and rank 0 writes the global loss and the full (gathered, rank-averaged) gradient of every
trainable parameter to ``W/dist_result.pt`` for ``tests/test_train_dist.py`` to compare with one process."""

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
    ap.add_argument("--local_rank", type=int, default=None)
    args = ap.parse_args()

    import deepspeed
    from deepspeed.utils import safe_get_full_grad

    from megacxr.train.engine import build_optimizer, deepspeed_config, init_distributed, param_groups

    rank, world, _ = init_distributed("gloo", args.local_rank)
    cfg = train_config(args.workdir, zero_stage=3)
    module = build_module(cfg)
    groups = param_groups(module, 0.0)
    engine, *_ = deepspeed.initialize(model=module, model_parameters=groups, optimizer=build_optimizer(cfg, groups),
                                      config=deepspeed_config(cfg, world))
    items = global_items(args.workdir)
    per = len(items) // world
    out = engine(rank_batch(args.workdir, items[rank * per:(rank + 1) * per]))
    engine.backward(out["loss"])
    grads = {n: safe_get_full_grad(p).detach().clone() for n, p in engine.module.named_parameters()
             if p.requires_grad}
    if rank == 0:
        torch.save({"global_loss": out["global_loss"].detach().clone(), "grads": grads, "world": world},
                   args.workdir / "dist_result.pt")


if __name__ == "__main__":
    main()
