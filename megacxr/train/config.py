"""The training configuration: one typed ``TrainConfig`` for all three stages, loaded from YAML.

``load_train_config(path, overrides)`` merges, later wins: the dataclass defaults, the preset named by
``preset`` (``configs/presets/<name>.yaml`` beside the stage file, or a path to a YAML file), the stage file
itself, then the command line's dotted ``key=value`` overrides (``preset=llama-3.2-1b`` on the command line swaps
the preset). A preset holds the model and its batch shape, the stage file what the stage does, so the two rarely
set the same key. The DeepSpeed JSON is generated from this config (``megacxr.train.engine.deepspeed_config``);
there is no second source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from megacxr.config import apply_overrides, deep_merge, from_dict, load_yaml, parse_override, to_dict
from megacxr.data.image_tf import ImageTransformConfig
from megacxr.data.masking import MaskingConfig
from megacxr.data.plan import StreamConfig
from megacxr.data.tasks import TaskConfig
from megacxr.data.text import TextConfig
from megacxr.data.variants import VariantConfig
from megacxr.errors import ConfigError
from megacxr.models import TextModelConfig
from megacxr.models.dual import DualTowerConfig
from megacxr.train.stages import STAGES

__all__ = [
    "DataConfig",
    "EngineConfig",
    "LoggingConfig",
    "LossConfig",
    "SoftTargetConfig",
    "OptimConfig",
    "ValidationConfig",
    "RunConfig",
    "TrainConfig",
    "load_run_config",
    "load_train_config",
]


@dataclass
class RunConfig:
    out_dir: str = "runs/default"  # checkpoints, metrics.jsonl, export/, config.yaml
    seed: int = 0
    max_steps: int = 100  # optimizer steps (the learning-rate schedule spans these)
    stop_after: int | None = None  # end this invocation at this step (checkpointed); resume continues
    stop_after_steps: int | None = None  # end this invocation after this many steps from where it started or resumed
    log_every: int = 10
    save_every: int = 0  # checkpoint every N steps (0: only at the end)
    keep_last: int = 3  # checkpoints kept (older ones deleted once a newer one is complete)
    resume: str = "auto"  # auto: the latest complete checkpoint in out_dir if any; never; a path
    # resuming with another max_steps than the checkpoint's run reshapes the learning-rate schedule mid-run: refused
    # unless this is true
    reschedule: bool = False
    export: bool = True  # write the encoder as a Hugging Face folder at the end (out_dir/export)
    max_bad_steps: int = 5  # non-finite losses / gradient norms in a row before the run aborts
    deterministic: bool = False  # torch deterministic algorithms (CPU tests of exact resume)
    # every rank appends the sample keys of each micro-batch it trains on to out_dir/samples/rank<R>.jsonl
    # ({"step", "epoch", "keys"}): an audit of which studies a model saw (keys carry no patient data)
    sample_log: bool = False
    # when model.path holds no model yet: build a randomly initialised one of this preset there (tiny, llama-3.2-1b,
    # ...), with a word-level tokenizer trained on the training shards' reports (demo, tests, profiling)
    init_model: str | None = None

    def __post_init__(self) -> None:
        for name in ("max_steps", "log_every", "max_bad_steps"):
            if int(getattr(self, name)) < 1:
                raise ConfigError("must be at least 1", field=f"run.{name}")
        for name in ("stop_after", "stop_after_steps"):
            if getattr(self, name) is not None and int(getattr(self, name)) < 1:
                raise ConfigError("must be at least 1 (or null)", field=f"run.{name}")
        if int(self.save_every) < 0 or int(self.keep_last) < 1:
            raise ConfigError("save_every must be >= 0 and keep_last >= 1", field="run.save_every")


@dataclass
class DataConfig:
    stream: StreamConfig = field(default_factory=lambda: StreamConfig(mode="resampled"))
    micro_batch: int = 8  # samples per rank per micro-step
    token_budget: int | None = 256  # packed text (row quantum in tokens); None: padded batches
    num_workers: int = 2
    tokenizer: str | None = None  # local folder; default: the model's folder
    text: TextConfig = field(default_factory=TextConfig)
    masking: MaskingConfig = field(default_factory=MaskingConfig)  # mntp
    image: ImageTransformConfig = field(default_factory=ImageTransformConfig)  # clip
    hard_negatives: int = 0  # supcon: hard negatives per anchor (external / shard / rule one-error)
    variants: VariantConfig = field(default_factory=VariantConfig)  # supcon positives and hard negatives
    # supcon: instruction tasks, one per optimizer step (megacxr.data.tasks); entries are a task's name or
    # {name, weight, instruction}; empty: the single paraphrase task
    tasks: list[TaskConfig | str] = field(default_factory=list)
    text_cache: str | None = None  # clip frozen_cached: cache folder (default <out_dir>/text_cache, built once)

    def __post_init__(self) -> None:
        if int(self.micro_batch) < 1:
            raise ConfigError("must be at least 1", field="data.micro_batch")
        if int(self.num_workers) < 0:
            raise ConfigError("must be >= 0", field="data.num_workers")


@dataclass
class OptimConfig:
    # adamw: DeepSpeed's fused AdamW (CUDA kernel on GPU, its C++ kernel on CPU); torch_adamw: torch.optim.AdamW;
    # adamw_8bit: bitsandbytes AdamW8bit; apex_fused_adam: NVIDIA apex FusedAdam. The last two fall back to
    # adamw with a warning when not installed.
    name: Literal["adamw", "torch_adamw", "adamw_8bit", "apex_fused_adam"] = "adamw"
    lr: float = 2e-4
    weight_decay: float = 0.0  # applied to matrices only (not to norms, biases, latents, scales)
    betas: tuple = (0.9, 0.999)
    eps: float = 1e-8
    warmup_steps: int = 0
    schedule: Literal["cosine", "constant"] = "cosine"
    min_lr_ratio: float = 0.0  # cosine floor as a fraction of lr
    grad_clip: float = 1.0  # 0: off
    apex_rmsnorm: bool = True  # swap RMSNorm modules for apex's fused one when apex is installed

    def __post_init__(self) -> None:
        if not float(self.lr) > 0:
            raise ConfigError("must be > 0", field="optim.lr")
        if int(self.warmup_steps) < 0:
            raise ConfigError("must be >= 0", field="optim.warmup_steps")


@dataclass
class EngineConfig:
    zero_stage: int = 3
    precision: Literal["bf16", "fp16", "fp32"] = "bf16"
    grad_accum: int = 1
    backend: Literal["auto", "nccl", "gloo", "ccl"] = "auto"  # auto: nccl on CUDA, gloo on CPU
    offload_optimizer: bool = False  # ZeRO-Offload of optimizer states to CPU memory
    # CPU threads per rank (torch.set_num_threads); 0: OMP_NUM_THREADS if set, else cores / ranks on the node
    cpu_threads: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # raw DeepSpeed keys, deep-merged last (expert use)
    allow_override: bool = False  # let engine.extra change keys the typed config generates (logged)

    def __post_init__(self) -> None:
        if int(self.zero_stage) not in (0, 1, 2, 3):
            raise ConfigError(f"{self.zero_stage!r} is not one of 0, 1, 2, 3", field="engine.zero_stage")
        if int(self.grad_accum) < 1:
            raise ConfigError("must be at least 1", field="engine.grad_accum")
        if int(self.cpu_threads) < 0:
            raise ConfigError("must be >= 0 (0: automatic)", field="engine.cpu_threads")


@dataclass
class SoftTargetConfig:
    label: float = 0.0  # weight of the label-similarity targets (CheXpert labels; same as loss.soft_weight)
    text: float = 0.0  # weight of the textual-similarity targets
    text_temperature: float = 0.05  # temperature of the text-similarity softmax

    def __post_init__(self) -> None:
        for name in ("label", "text"):
            if not 0.0 <= float(getattr(self, name)) <= 1.0:
                raise ConfigError("must be in [0, 1]", field=f"loss.soft.{name}")
        if not float(self.text_temperature) > 0:
            raise ConfigError("must be > 0", field="loss.soft.text_temperature")


@dataclass
class LossConfig:
    temperature: float = 0.05  # supcon InfoNCE temperature
    mask_same_study: bool = True  # a resampled stream can draw a study twice: never use it as a negative
    # (supcon; clip with hard targets: soft ones make it a positive anyway)
    # rows whose normalised report text is identical (megacxr.data.text.text_key: "No acute cardiopulmonary
    # process." written for many studies): mask (left out of each other's softmax, like a second draw of a study;
    # counted as identical_texts in the metrics) or negative (each counts as the other's negative, as before).
    # Supcon; clip with hard targets (soft targets score them by similarity already).
    identical_text: Literal["mask", "negative"] = "mask"
    # clip
    kind: Literal["infonce", "siglip"] = "infonce"
    soft_weight: float = 0.0  # soft targets from label similarity mixed in with this weight (0: one-hot)
    # clip: the soft-label family (README): label similarity (= soft_weight when that is set) and textual
    # similarity (a softmax of the reports' embedding similarity in the global batch, detached, its own temperature)
    soft: SoftTargetConfig = field(default_factory=lambda: SoftTargetConfig())
    negation_negatives: bool = False  # negated reports as extra text columns (negatives only)
    # supcon / clip: reference (full logit matrix), chunked (tiled online log-sum-exp, never B_local x B_global),
    # triton (the GPU kernel), auto (triton on CUDA when importable, else the reference, which is faster on CPU)
    impl: Literal["auto", "reference", "chunked", "triton"] = "auto"
    # mntp: the LM head + cross-entropy; fused (chunked over rows and vocabulary, liger-kernel on CUDA when
    # installed), reference, auto (fused on CUDA, reference on CPU where it is faster)
    mntp_head: Literal["auto", "reference", "fused"] = "auto"

    def __post_init__(self) -> None:
        if not float(self.temperature) > 0:
            raise ConfigError("must be > 0", field="loss.temperature")
        if not 0.0 <= float(self.soft_weight) <= 1.0:
            raise ConfigError("must be in [0, 1]", field="loss.soft_weight")
        if float(self.soft_weight) > 0 and float(self.soft.label) > 0 and self.soft_weight != self.soft.label:
            raise ConfigError("give the label weight once: loss.soft.label (or the older loss.soft_weight)")
        if float(self.soft_weight) + float(self.soft.text) > 1.0 + 1e-12 or self.soft.label + self.soft.text > 1.0:
            raise ConfigError("the soft weights (label + text) must add up to at most 1", field="loss.soft.text")

    @property
    def label_weight(self) -> float:
        return float(self.soft.label or self.soft_weight)


@dataclass
class LoggingConfig:
    jsonl: bool = True  # out_dir/metrics.jsonl on rank 0
    wandb: Literal["offline", "online", "disabled"] = "offline"
    wandb_project: str = "megacxr"
    run_name: str | None = None  # wandb run name (default: the out_dir folder's name)


@dataclass
class ValidationConfig:
    """``eval.*``: validation during training (``megacxr.train.validate``)."""

    every: int = 0  # validate every N optimizer steps and at the last one (0: never)
    split: str = "validate"  # the shards' split it reads (all of it, unless max_batches)
    max_batches: int | None = None  # per rank, for speed (then the samples seen depend on the world size)
    batch_size: int | None = None  # default: data.micro_batch
    metric: str = "val_loss"  # what `best` is chosen by: val_loss, val_R@1, val_R@5, val_MRR, val_t2i_R@1
    mode: Literal["auto", "min", "max"] = "auto"  # auto: min for a loss, max otherwise

    def __post_init__(self) -> None:
        if int(self.every) < 0:
            raise ConfigError("must be >= 0", field="eval.every")
        if self.max_batches is not None and int(self.max_batches) < 1:
            raise ConfigError("must be at least 1 (or null: the whole split)", field="eval.max_batches")
        if self.batch_size is not None and int(self.batch_size) < 1:
            raise ConfigError("must be at least 1", field="eval.batch_size")
        if self.mode not in ("auto", "min", "max"):
            raise ConfigError("choose auto, min or max", field="eval.mode")
        if not str(self.metric).startswith("val_"):
            raise ConfigError("a validation metric: val_loss, val_R@1, val_R@5, val_MRR, ...", field="eval.metric")

    @property
    def lower_is_better(self) -> bool:
        return self.mode == "min" or (self.mode == "auto" and "loss" in self.metric)


@dataclass
class TrainConfig:
    stage: str = "mntp"  # a name of the registry megacxr.train.stages.STAGES
    preset: str | None = None
    run: RunConfig = field(default_factory=RunConfig)
    data: DataConfig = field(default_factory=DataConfig)
    model: TextModelConfig = field(default_factory=TextModelConfig)  # mntp, supcon
    clip: DualTowerConfig = field(default_factory=DualTowerConfig)  # clip
    optim: OptimConfig = field(default_factory=OptimConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    loss: LossConfig = field(default_factory=LossConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    eval: ValidationConfig = field(default_factory=ValidationConfig)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ConfigError(f"unknown stage {self.stage!r}; choose one of {', '.join(STAGES)}", field="stage")


def _preset_file(name: str, stage_file: Path | None) -> Path:
    as_path = Path(name)
    if as_path.suffix in (".yaml", ".yml"):
        candidates = [as_path] + ([stage_file.parent / as_path] if stage_file else [])
    else:
        roots = ([stage_file.parent] if stage_file else []) + [Path("configs"), Path(__file__).parents[2] / "configs"]
        candidates = [r / "presets" / f"{name}.yaml" for r in roots]
    for c in candidates:
        if c.is_file():
            return c
    raise ConfigError(f"preset {name!r} not found (looked in {', '.join(str(c) for c in candidates)})", field="preset")


# settings only one stage reads: set for another stage they would be accepted and silently ignored. Presets may set
# them (a preset serves every stage); a stage file or a command-line override may not.
# (each stage declares its own: ``Stage.owns``)
STAGE_KEYS = {name: cls.owns for name, cls in STAGES.items()}


def _dotted(tree: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in tree.items():
        key = f"{prefix}{k}"
        out += _dotted(v, key + ".") if isinstance(v, dict) and v else [key]
    return out


def _refuse_other_stages_keys(stage, keys: list[str], file) -> None:
    for key in keys:
        for owner, prefixes in STAGE_KEYS.items():
            if owner != stage and any(key == p or key.startswith(p + ".") for p in prefixes):
                raise ConfigError(
                    f"{key} is a setting of the {owner} stage; this run's stage is {stage} and would ignore it",
                    file=file,
                    field=key,
                )


def load_train_config(path: str | Path | None, overrides: list[str] | None = None) -> TrainConfig:
    """Defaults <- preset <- stage file <- overrides (see the module docstring)."""
    overrides = list(overrides or [])
    stage_file = Path(path) if path is not None else None
    data = load_yaml(stage_file) if stage_file is not None else {}
    preset = data.get("preset")
    for text in overrides:
        keys, value = parse_override(text)
        if keys == ["preset"]:
            preset = value
    merged = to_dict(TrainConfig())
    if preset:
        pfile = _preset_file(str(preset), stage_file)
        pdata = load_yaml(pfile)
        pdata.pop("preset", None)
        merged = deep_merge(merged, pdata)
    merged = deep_merge(merged, data)
    merged = apply_overrides(merged, overrides)
    stage = merged.get("stage")
    _refuse_other_stages_keys(stage, _dotted(data), stage_file)
    _refuse_other_stages_keys(stage, [".".join(parse_override(t)[0]) for t in overrides], None)
    try:
        cfg = from_dict(TrainConfig, merged)
    except ConfigError as exc:
        if stage_file is not None and exc.file is None:
            raise ConfigError(exc.detail, file=stage_file, field=exc.field) from None
        raise
    return cfg


def load_run_config(path: str | Path) -> TrainConfig:
    """A run's saved ``config.yaml`` (the resolved config ``train`` writes, every key of every section): read as
    is, with no preset merged and no stage-ownership check (it was checked when the run started)."""
    path = Path(path)
    try:
        return from_dict(TrainConfig, deep_merge(to_dict(TrainConfig()), load_yaml(path)))
    except ConfigError as exc:
        if exc.file is None:
            raise ConfigError(exc.detail, file=path, field=exc.field) from None
        raise
