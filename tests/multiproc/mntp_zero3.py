"""Run under the real launcher: ``deepspeed --num_gpus 2 tests/multiproc/mntp_zero3.py --workdir W``.

The fused MNTP head under ZeRO-3 (fp32, 2 ranks): every rank takes its half of one fixed global batch of masked
reports and runs the ``mntp`` stage module with ``mntp.head=fused`` in a ZeRO-3 engine, where the head's
(tied) weight is partitioned and must be gathered inside the fused op. Two models, one engine each: LoRA (the
head frozen: the recipe) and full fine-tuning (the tied head trains: its gradient goes from the fused op through
ZeRO-3's reduce). Rank 0 writes, per case, the global loss, the gradient of every trainable parameter (gathered,
rank-averaged) and whether the fused op really ran (``fused_calls``), to ``W/mntp_zero3.pt``;
``tests/test_train_dist.py`` compares them with one process running the reference (full-logits) head.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

GLOBAL_BATCH = 8
# lora: the recipe (head frozen, tied to the input embedding, as in Llama-3.2-1B); full: the tied head trains;
# untied: a head of its own that trains (Llama-3.1-8B, Mistral): only the fused op ever reads it
CASES = {"lora": [], "full": ["mntp.model.lora.enabled=false"], "untied": ["mntp.model.lora.enabled=false"]}


def train_config(workdir: Path, case: str, zero_stage: int = 3, head: str = "fused"):
    from megacxr.train.config import load_train_config

    return load_train_config(
        None,
        [
            "stage=mntp",
            f"mntp.model.path={workdir / 'model'}",
            "mntp.model.attention=sdpa",
            "mntp.model.lora.dropout=0.0",
            f"engine.zero_stage={zero_stage}",
            "engine.precision=fp32",
            "optim.name=torch_adamw",
            f"mntp.head={head}",
            f"data.stream.manifests=[{workdir}]",
            f"data.micro_batch={GLOBAL_BATCH // 2}",
            f"run.out_dir={workdir / 'run'}",
            *CASES[case],
        ],
    )


def build_module(cfg, case: str):
    from megacxr.train.stages import get_stage

    torch.manual_seed(cfg.run.seed)
    module = get_stage(cfg).build_model()
    if case == "untied":
        lm = module.encoder.causal_lm
        lm.config.tie_word_embeddings = False
        lm.lm_head.weight = torch.nn.Parameter(lm.get_input_embeddings().weight.detach().clone() * 1.5)
    return module


def masked_items(workdir: Path, cfg) -> list[dict]:
    """GLOBAL_BATCH masked reports (a fixed draw)."""
    from megacxr.data.batches import MntpSample
    from megacxr.data.text import TextConfig, TextEncoder

    texts = json.loads((workdir / "texts.json").read_text())[:GLOBAL_BATCH]
    sample = MntpSample(TextEncoder(str(workdir / "model"), TextConfig()), cfg.mntp.masking)
    rng = np.random.default_rng(0)
    return [sample({"__key__": f"study{i:03d}", "txt": t.encode()}, rng) for i, t in enumerate(texts)]


def rank_batch(workdir: Path, items: list[dict]) -> dict:
    from megacxr.data.batches import MntpCollate
    from megacxr.data.text import TextConfig, TextEncoder

    return MntpCollate(TextEncoder(str(workdir / "model"), TextConfig()).pad_id, 64)(items)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--local_rank", type=int, default=None)
    args = ap.parse_args()

    import deepspeed
    from deepspeed.utils import safe_get_full_grad

    import megacxr.losses.linear_ce as linear_ce
    from megacxr.train.engine import (
        build_optimizer,
        deepspeed_config,
        init_distributed,
        param_groups,
        shutdown_distributed,
    )

    rank, world, _ = init_distributed("gloo", args.local_rank)
    calls = {"n": 0, "shapes": []}
    real = linear_ce.linear_cross_entropy

    def counted(hidden, weight, *a, **k):  # the fused op itself (not the full-logits fallback), on the full weight
        calls["n"] += 1
        calls["shapes"].append(tuple(weight.shape))
        return real(hidden, weight, *a, **k)

    linear_ce.linear_cross_entropy = counted
    result = {"world": world}
    for case in CASES:
        cfg = train_config(args.workdir, case)
        module = build_module(cfg, case)
        groups = param_groups(module, 0.0)
        ds = deepspeed_config(cfg, world)
        # partition every parameter: below this size ZeRO-3 keeps one whole on every rank, and the tiny model's
        # head would never be partitioned (the real 1B head, 128k x 2048, always is)
        ds["zero_optimization"]["stage3_param_persistence_threshold"] = 0
        # and release each parameter after its module's forward (by default ZeRO-3 may keep one it expects to
        # reuse soon: the tied embedding would still be whole when the loss reads it as the head)
        ds["zero_optimization"].update(stage3_max_reuse_distance=0, stage3_prefetch_bucket_size=0)
        engine, *_ = deepspeed.initialize(
            model=module, model_parameters=groups, optimizer=build_optimizer(cfg, groups), config=ds
        )
        head = engine.module.encoder.lm_head.weight
        partitioned = hasattr(head, "ds_id") and head.numel() == 0
        items = masked_items(args.workdir, cfg)
        per = len(items) // world
        calls["n"], calls["shapes"] = 0, []
        out = engine(rank_batch(args.workdir, items[rank * per : (rank + 1) * per]))
        engine.backward(out["loss"])
        grads = {
            n: safe_get_full_grad(p).detach().clone() for n, p in engine.module.named_parameters() if p.requires_grad
        }
        result[case] = {
            "global_loss": out["global_loss"].detach().clone(),
            "grads": grads,
            "fused_calls": calls["n"],
            "fused_weight_shapes": calls["shapes"],
            "head_partitioned": partitioned,
            "head_released": head.numel() == 0,  # after the step: gathered for the fused op only
            # the modules DeepSpeed made the head an external parameter of (gathered with them): the loss's own
            "head_external_of": sorted(
                n for n, m in engine.module.named_modules() if id(head) in getattr(m, "_external_params", {})
            ),
        }
        engine.destroy()
    if rank == 0:
        torch.save(result, args.workdir / "mntp_zero3.pt")
    # leave together: a rank tearing gloo down while another still works can abort (see supcon_zero3.py)
    torch.distributed.barrier()
    shutdown_distributed()


if __name__ == "__main__":
    main()
