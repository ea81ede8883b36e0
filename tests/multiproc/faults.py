"""``python -m megacxr.train`` with injected faults, for tests/test_reliability.py. Run it like the trainer:
``python tests/multiproc/faults.py --config ... [overrides]`` or ``deepspeed --num_gpus 2 tests/multiproc/faults.py
--config ...``. The faults come from environment variables (test-only: the library has no fault hooks):

* ``FAULT_NAN_GRAD="R:3,4"``: on rank R (``*``: every rank), the gradient of one trainable parameter is multiplied
  by NaN in the backward of micro-steps 3 and 4 (1-based forward calls of this process); the loss stays finite.
  ``"R:3-"``: from micro-step 3 on.
* ``FAULT_NAN_LOSS="R:3"``: the same selection, but the micro-step's loss (and global loss) becomes NaN.
* ``FAULT_KILL_IN_SAVE="step00000004"``: SIGKILL this process right after DeepSpeed has written that checkpoint's
  files (under ``step00000004.partial``), before the checkpointer renames it and moves ``latest``.
"""

from __future__ import annotations

import os
import signal
import sys

import torch

import megacxr.train.loop as loop
from megacxr.train.__main__ import main


def _nan_steps(spec: str, rank: int):
    who, _, steps = spec.partition(":")
    if who not in ("*", str(rank)):
        return None
    if steps.endswith("-"):
        first = int(steps[:-1])
        return lambda n: n >= first
    chosen = {int(s) for s in steps.split(",") if s}
    return lambda n: n in chosen


def _patched_build_engine(build):
    def build_engine(cfg, world, local, **kwargs):
        stage, engine, ds_cfg = build(cfg, world, local, **kwargs)
        rank = int(os.environ.get("RANK", 0))
        poison = _nan_steps(os.environ.get("FAULT_NAN_GRAD", ""), rank)
        if poison is not None:
            calls = {"n": 0}

            def count(_module, _inputs):
                calls["n"] += 1

            engine.module.register_forward_pre_hook(count)
            param = next(p for p in engine.module.parameters() if p.requires_grad)
            param.register_hook(lambda g: g * float("nan") if poison(calls["n"]) else g)
        nan_loss = _nan_steps(os.environ.get("FAULT_NAN_LOSS", ""), rank)
        if nan_loss is not None:
            forwards = {"n": 0}

            def poison_loss(_module, _inputs, output):
                forwards["n"] += 1
                if nan_loss(forwards["n"]):
                    output["loss"] = output["loss"] * float("nan")
                    output["global_loss"] = output["global_loss"] * float("nan")
                return output

            engine.module.register_forward_hook(poison_loss)
        kill_tag = os.environ.get("FAULT_KILL_IN_SAVE")
        if kill_tag:
            save = engine.save_checkpoint

            def save_then_die(save_dir, tag=None, **kw):
                result = save(save_dir, tag=tag, **kw)
                if tag == f"{kill_tag}.partial":
                    os.kill(os.getpid(), signal.SIGKILL)
                return result

            engine.save_checkpoint = save_then_die
        return stage, engine, ds_cfg

    return build_engine


if __name__ == "__main__":
    torch.set_num_threads(1)
    loop.build_engine = _patched_build_engine(loop.build_engine)
    sys.exit(main())
