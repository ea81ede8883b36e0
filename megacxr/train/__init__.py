"""Training: one loop for the three stages under DeepSpeed (``loop.train``), the typed config (``config``),
engine and DeepSpeed JSON generation (``engine``), stages (``stages``), checkpoints (``checkpoint``) and metrics.

Entry points: ``megacxr train --config configs/STAGE.yaml [key=value ...]``, ``python -m megacxr.train ...``,
``deepspeed [--num_gpus G] --module megacxr.train --config ...`` and ``torchrun -m megacxr.train ...``.
"""
