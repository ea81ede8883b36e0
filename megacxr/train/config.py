"""The training configuration: one typed ``TrainConfig`` for all three stages, loaded from YAML.

``TrainConfig`` holds what every stage reads (``run``, ``data``: the stream, the batch shape and the report text,
``optim``, ``engine``, ``logging``, ``eval``) and one section named after the run's stage (``mntp:``, ``supcon:``,
``clip:``), typed by that stage's own config class (``megacxr.train.stages``): a key of another stage cannot be
written (an error names the stage it belongs to), and the keys of the layout before stage sections
(``model.path``, ``loss.temperature``, ``data.masking.ratio``, ...) are refused with their new place.

``load_train_config(path, overrides)`` merges, later wins: the dataclass defaults, the preset named by
``preset`` (``configs/presets/<name>.yaml`` beside the stage file, or a path to a YAML file), the stage file
itself, then the command line's dotted ``key=value`` overrides (``preset=llama-3.2-1b`` on the command line swaps
the preset). A preset holds the model and its batch shape, the stage file what the stage does, so the two rarely
set the same key. The DeepSpeed JSON is generated from this config (``megacxr.train.engine.deepspeed_config``);
there is no second source of truth.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from megacxr.config import apply_overrides, deep_merge, from_dict, load_yaml, parse_override, tagged_section, to_dict
from megacxr.data.plan import StreamConfig
from megacxr.data.text import TextConfig
from megacxr.errors import ConfigError
from megacxr.train.stages import STAGES

__all__ = [
    "DataConfig",
    "EngineConfig",
    "LoggingConfig",
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
    # when <stage>.model.path holds no model yet: build a randomly initialised one of this preset there (tiny,
    # llama-3.2-1b, ...), with a word-level tokenizer trained on the training shards' reports (demo, tests, profiling)
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
    """``data.*``: the stream every stage reads, its batch shape and how a report becomes text (what a stage does
    with a sample, masking or variants or images, is in the stage's own section)."""

    stream: StreamConfig = field(default_factory=lambda: StreamConfig(mode="resampled"))
    micro_batch: int = 8  # samples per rank per micro-step
    token_budget: int | None = 256  # packed text (row quantum in tokens); None: padded batches
    num_workers: int = 2
    tokenizer: str | None = None  # local folder; default: the stage's model folder
    text: TextConfig = field(default_factory=TextConfig)

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


def _stage_configs() -> dict[str, type]:
    return {name: cls.config_class for name, cls in STAGES.items()}


@dataclass
class TrainConfig:
    stage: str = "mntp"  # a name of the registry megacxr.train.stages.STAGES
    preset: str | None = None
    run: RunConfig = field(default_factory=RunConfig)
    data: DataConfig = field(default_factory=DataConfig)
    optim: OptimConfig = field(default_factory=OptimConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    eval: ValidationConfig = field(default_factory=ValidationConfig)
    # the stage's own section, written under the stage's name (``mntp:``, ``clip:``) and typed by its config_class
    stage_config: Any = tagged_section("stage", _stage_configs)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ConfigError(f"unknown stage {self.stage!r}; choose one of {', '.join(STAGES)}", field="stage")
        if self.stage_config is None:
            self.stage_config = STAGES[self.stage].config_class()

    def __getattr__(self, name: str) -> Any:
        """``cfg.clip`` is the stage section of a clip run (``cfg.stage_config``); another stage's name is not."""
        if not name.startswith("__") and name == self.__dict__.get("stage") and "stage_config" in self.__dict__:
            return self.__dict__["stage_config"]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")


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


def _dotted(tree: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in tree.items():
        key = f"{prefix}{k}"
        out += _dotted(v, key + ".") if isinstance(v, dict) and v else [key]
    return out


def _old_place(key: str) -> list[tuple[str, str, str]]:
    """(stage, old prefix, new key) for a key of the layout before stage sections, one per stage that reads it
    (the longest old prefix of each stage: ``loss.soft.text_temperature`` before ``loss.soft``)."""
    out = []
    for name, cls in STAGES.items():
        olds = [o for o in cls.moved_keys if key == o or key.startswith(o + ".")]
        if olds:
            old = max(olds, key=len)
            out.append((name, old, f"{name}.{cls.moved_keys[old]}{key[len(old) :]}"))
    return out


def _refuse_old_keys(stage: str, keys: list[str], file) -> None:
    for key in keys:
        places = _old_place(key)
        if not places:
            continue
        mine = [new for name, _, new in places if name == stage]
        where = mine or [new for _, _, new in places]
        owners = " and ".join(n for n, _, _ in places)
        plural = "s" if len(places) > 1 else ""
        note = "" if mine else f" (a setting of the {owners} stage{plural}; this run's is {stage})"
        raise ConfigError(
            f"this key has moved: write {' or '.join(where)}{note}; each stage's settings sit under its name",
            file=file,
            field=key,
        )


def _refuse_other_stages_keys(stage: str, keys: list[str], file) -> None:
    """A key under another stage's section (a preset may hold them: it serves every stage; a stage file or an
    override may not, since the run would ignore it)."""
    for key in keys:
        head = key.split(".")[0]
        if head in STAGES and head != stage:
            raise ConfigError(
                f"{key} is a setting of the {head} stage; this run's stage is {stage} and would ignore it",
                file=file,
                field=key,
            )


def _move_old_keys(tree: dict, stage: str) -> dict:
    """A tree of the layout before stage sections, moved to today's (a run saved by an older megacxr): the run's
    stage's old keys go to their new place, other stages' old keys are dropped."""
    tree = copy.deepcopy(tree)
    order = sorted(STAGES.items(), key=lambda item: item[0] != stage)  # the run's stage moves its keys first
    for name, cls in order:
        for old in sorted(cls.moved_keys, key=len, reverse=True):  # loss.soft.text_temperature before loss.soft
            parts, node, trail = old.split("."), tree, []
            for part in parts[:-1]:
                trail.append(node)
                node = node.get(part) if isinstance(node, dict) else None
            if not isinstance(node, dict) or parts[-1] not in node:
                continue
            value = node.pop(parts[-1])
            for parent, part in zip(reversed(trail), reversed(parts[:-1]), strict=True):  # prune emptied sections
                if parent.get(part) == {}:
                    del parent[part]
            if name == stage:
                tree = deep_merge(tree, _nest(f"{name}.{cls.moved_keys[old]}", value))
    return tree


def _nest(key: str, value: Any) -> dict:
    out: dict = {}
    node = out
    *heads, last = key.split(".")
    for part in heads:
        node = node.setdefault(part, {})
    node[last] = value
    return out


def _section_of_stage(tree: dict, stage: str) -> dict:
    """A preset serves every stage: the sections of the other stages are left out of it."""
    return {k: v for k, v in tree.items() if k == stage or k not in STAGES}


def load_train_config(path: str | Path | None, overrides: list[str] | None = None) -> TrainConfig:
    """Defaults <- preset <- stage file <- overrides (see the module docstring)."""
    overrides = list(overrides or [])
    stage_file = Path(path) if path is not None else None
    data = load_yaml(stage_file) if stage_file is not None else {}
    override_keys = [".".join(parse_override(t)[0]) for t in overrides]
    given = apply_overrides(deep_merge({}, data), overrides)
    preset = given.get("preset")
    pdata, pfile = {}, None
    if preset:
        pfile = _preset_file(str(preset), stage_file)
        pdata = load_yaml(pfile)
        pdata.pop("preset", None)
    stage = str(given.get("stage", pdata.get("stage", TrainConfig.stage)))
    _refuse_old_keys(stage, _dotted(pdata), pfile)
    _refuse_old_keys(stage, _dotted(data), stage_file)
    _refuse_old_keys(stage, override_keys, None)
    _refuse_other_stages_keys(stage, _dotted(data), stage_file)
    _refuse_other_stages_keys(stage, override_keys, None)
    merged = to_dict(TrainConfig(stage=stage)) if stage in STAGES else {"stage": stage}
    merged = deep_merge(merged, _section_of_stage(pdata, stage))
    merged = deep_merge(merged, data)
    merged = apply_overrides(merged, overrides)
    try:
        cfg = from_dict(TrainConfig, merged)
    except ConfigError as exc:
        if stage_file is not None and exc.file is None:
            raise ConfigError(exc.detail, file=stage_file, field=exc.field) from None
        raise
    return cfg


def load_run_config(path: str | Path) -> TrainConfig:
    """A run's saved ``config.yaml`` (the resolved config ``train`` writes, every key of its sections): read as is,
    with no preset merged; a run saved before the stage sections has its keys moved to their place."""
    path = Path(path)
    data = load_yaml(path)
    stage = str(data.get("stage", TrainConfig.stage))
    try:
        base = to_dict(TrainConfig(stage=stage))
        return from_dict(TrainConfig, deep_merge(base, _move_old_keys(data, stage)))
    except ConfigError as exc:
        if exc.file is None:
            raise ConfigError(exc.detail, file=path, field=exc.field) from None
        raise
