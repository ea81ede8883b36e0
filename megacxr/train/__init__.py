"""Training: one loop for every stage under DeepSpeed (``loop.train``) and its step (``step.train_step``), the
typed config (``config``), engine and DeepSpeed JSON generation (``engine``), the stages behind the ``Stage``
interface and their registry (``stages``), checkpoints (``checkpoint``) and metrics.

Entry points: ``megacxr train --config configs/STAGE.yaml [key=value ...]``, ``python -m megacxr.train ...``,
``deepspeed [--num_gpus G] --module megacxr.train --config ...`` and ``torchrun -m megacxr.train ...``.
"""
