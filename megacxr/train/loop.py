"""The one training loop for every stage: ``train(cfg)``.

Per run: initialise torch.distributed (``engine.init_distributed``), build the stage's module, wrap it in a
DeepSpeed engine generated from the config, resume from the latest complete checkpoint (``run.resume=auto``),
stream this rank's batches (``megacxr.data.pipeline.make_loader``), and for every optimizer step run
``grad_accum`` micro-steps of forward / backward / step. Rank 0 logs loss, learning rate, gradient norm,
samples/s and tokens/s (global, real tokens only) and the data pipeline's skip counters; checkpoints every
``run.save_every`` steps and at the end (with each rank's loader state, so a resumed run sees the batches the
uninterrupted one would have); at the end the encoder is exported as a Hugging Face folder (``out/export``).

Preemption (``megacxr.train.preempt``): SIGTERM, SIGUSR1 or a stop file make every rank stop after the current
step, write a checkpoint and return (exit 0); the same command resumes.

Validation (``eval.every``, ``megacxr.train.validate``): every N steps and at the last one, the stage loss and
retrieval on the validation split, logged with the step; an improvement on ``eval.metric`` is checkpointed and
named in ``checkpoints/best.json``, which pruning spares and a resumed run reads back.

Ranks stay in step: a micro-batch whose global loss is not finite, and an optimizer step whose gradient norm is
not finite, are skipped by every rank (``megacxr.train.guard``: counted; ``run.max_bad_steps`` in a row abort with
the step and the batch's sample keys); ``step`` counts applied updates only. In epoch mode a rank that runs out of
data ends the epoch for all (the others' remaining batches are counted as dropped).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import torch
import yaml

from megacxr.config import to_dict
from megacxr.data.pipeline import make_loader
from megacxr.data.stream import iter_shard_samples
from megacxr.errors import ConfigError
from megacxr.models import init_model
from megacxr.train.checkpoint import Checkpointer
from megacxr.train.collectives import all_reduce, barrier
from megacxr.train.config import TrainConfig
from megacxr.train.engine import (
    build_optimizer,
    deepspeed_config,
    init_distributed,
    maybe_apex_rmsnorm,
    param_groups,
    resolve_optimizer,
)
from megacxr.train.exporting import export_engine
from megacxr.train.guard import StepGuard
from megacxr.train.metrics import MetricsLogger, SampleLog
from megacxr.train.plot import draw_run_figure
from megacxr.train.preempt import StopRequest
from megacxr.train.stages import Stage, get_stage
from megacxr.train.step import batch_keys, train_step
from megacxr.train.threads import set_cpu_threads
from megacxr.train.validate import BestCheckpoint, Validator
from megacxr.train.window import MetricWindow

log = logging.getLogger("megacxr.train")

__all__ = ["train", "ensure_model"]


def ensure_model(cfg: TrainConfig, stage: Stage, local_rank: int) -> None:
    """``run.init_model``: create a random model of that shape in the stage's model folder (``<stage>.model.path``)
    if none is there yet, with a tokenizer trained on the reports of the training shards (each node's local rank 0;
    the others wait)."""
    where = stage.model_folder()
    if where is None or not cfg.run.init_model or (Path(where) / "config.json").is_file():
        return
    folder = Path(where)
    if local_rank == 0:
        texts = report_texts(cfg.data.stream, limit=20000)
        log.info(
            "initialising a random %s model at %s (tokenizer trained on %d reports)",
            cfg.run.init_model,
            folder,
            len(texts),
        )
        try:
            init_model(cfg.run.init_model, folder, texts=texts, seed=cfg.run.seed)
        except ConfigError as exc:  # the model library names the shape; the trainer's key is run.init_model
            raise ConfigError(exc.detail, field="run.init_model" if exc.field == "shape" else exc.field) from None
    barrier()


def report_texts(stream, limit: int) -> list[str]:
    """Up to ``limit`` report texts of a ``StreamConfig``'s shards (to train a tokenizer on)."""

    texts: list[str] = []
    for sample in iter_shard_samples(dataclasses.replace(stream, read_exts=["txt", "json"])):
        txt = sample.get("txt")
        if txt is None and "json" in sample:
            sections = json.loads(sample["json"]).get("sections") or {}
            txt = " ".join(v for v in sections.values() if isinstance(v, str)).encode()
        if txt:
            texts.append(txt.decode("utf-8", "replace"))
        if len(texts) >= limit:
            return texts
    return texts


class _Batches:
    """This rank's batches, in step with the other ranks at epoch ends (epoch mode)."""

    def __init__(self, loader):
        self.loader = loader
        self.epoch_mode = loader.config.mode == "epoch"
        self.dropped = 0
        self._it = iter(loader)

    def next(self) -> dict:
        while True:
            try:
                batch = next(self._it)
                have = 1.0
            except StopIteration:
                batch, have = None, 0.0
            if self.epoch_mode and all_reduce([have], "min")[0] < 1:
                if batch is not None:  # this rank still had data: end its epoch too
                    self.dropped += 1
                    self.loader.set_epoch(self.loader.epoch + 1)
                self._it = iter(self.loader)
                continue
            if batch is None:  # resampled streams do not end; a pass over an empty epoch does
                self._it = iter(self.loader)
                continue
            return batch


def _resume_point(cfg: TrainConfig, ckpt: Checkpointer, rank: int, local: int):
    """(checkpointer to load from, tag) for ``run.resume``: auto (this run's latest, if any), never, or a path to
    a checkpoints folder (its latest) or to one checkpoint."""
    if cfg.run.resume == "never":
        return ckpt, None
    if cfg.run.resume == "auto":
        return ckpt, ckpt.latest()
    path = Path(cfg.run.resume)
    if (path / "latest").is_file():
        src = Checkpointer(path, cfg.run.keep_last, rank, local)
        return src, src.latest()
    if path.is_dir():
        return Checkpointer(path.parent, cfg.run.keep_last, rank, local), path.name
    raise ConfigError(
        "no checkpoint there (neither a checkpoints folder with 'latest' nor a checkpoint)",
        file=path,
        field="run.resume",
    )


def _check_schedule(cfg: TrainConfig, meta: dict, where: Path) -> None:
    """A resumed run keeps the learning-rate schedule it started with: another ``run.max_steps`` than the
    checkpoint's is refused (the cosine would jump) unless ``run.reschedule`` says it is meant."""
    saved = meta.get("max_steps")
    if saved is None or int(saved) == int(cfg.run.max_steps) or cfg.run.reschedule:
        return
    raise ConfigError(
        f"the checkpoint's run spans {int(saved)} steps and this one {int(cfg.run.max_steps)}: resuming would "
        "reshape the learning-rate schedule mid-run; keep run.max_steps, or set run.reschedule=true to mean it",
        file=where,
        field="run.max_steps",
    )


def build_engine(cfg: TrainConfig, world: int, local: int, universal: bool = False):
    """``(stage, engine, deepspeed_json)``: the stage's module in a DeepSpeed engine generated from ``cfg``
    (``universal``: it will load a universal checkpoint, see ``Checkpointer.universal_tag``)."""
    import deepspeed  # here, not at the top: importing it takes seconds, and --help or a config error needs none

    torch.manual_seed(cfg.run.seed)  # the same initial weights (LoRA, heads) on every rank
    stage = get_stage(cfg)
    ensure_model(cfg, stage, local)
    module = stage.build_model()
    if cfg.optim.apex_rmsnorm and (n := maybe_apex_rmsnorm(module)):
        log.info("apex FusedRMSNorm in %d places", n)
    groups = param_groups(module, cfg.optim.weight_decay)
    trainable = sum(p.numel() for g in groups for p in g["params"])
    ds_cfg = deepspeed_config(cfg, world, trainable)
    if universal:
        ds_cfg["checkpoint"] = {**ds_cfg.get("checkpoint", {}), "load_universal": True}
    engine, _, _, _ = deepspeed.initialize(
        model=module, model_parameters=groups, optimizer=build_optimizer(cfg, groups), config=ds_cfg
    )
    sched = engine.lr_scheduler
    if sched is not None and getattr(sched, "last_batch_iteration", None) == -1:
        # DeepSpeed's warmup schedules start at iteration -1 (lr 0) and reach iteration 0 (the warmup's start, lr 0)
        # only after the first update: two updates would go by at lr 0. From iteration 1, update u uses the rate of
        # iteration u (u / warmup of the peak while warming up). A resumed run loads the saved iteration over this.
        sched.step(1)
    log.info(
        "stage %s: %d ranks, ZeRO-%d, %s, optimizer %s, micro-batch %d x accum %d x %d ranks = %d, %s "
        "trainable parameters",
        cfg.stage,
        world,
        cfg.engine.zero_stage,
        cfg.engine.precision,
        resolve_optimizer(cfg.optim.name),
        cfg.data.micro_batch,
        cfg.engine.grad_accum,
        world,
        ds_cfg["train_batch_size"],
        f"{trainable:,}",
    )
    return stage, engine, ds_cfg


def build_loader(cfg: TrainConfig, stage: Stage, rank: int, world: int, state: dict | None = None):
    """This rank's loader of the stage's batches (``state``: a checkpoint's loader state, to resume)."""
    return make_loader(
        stage.batches(),
        cfg.data.stream,
        cfg.data.text,
        cfg.data.tokenizer or stage.tokenizer(),
        batch_size=cfg.data.micro_batch,
        token_budget=cfg.data.token_budget,
        rank=rank,
        world_size=world,
        num_workers=cfg.data.num_workers,
        state=state,
    )


def check_inputs(cfg: TrainConfig) -> None:
    """Fail in a second, naming the setting, when a folder the run needs is missing: before torch.distributed,
    DeepSpeed and the model start (which takes a minute on a first run)."""
    for i, folder in enumerate(cfg.data.stream.manifests):
        if not (Path(folder) / "manifest.json").is_file():
            raise ConfigError(
                "no shards there (no manifest.json; build them with `megacxr shards build`, or point "
                "the run at yours: data.stream.manifests=[DIR1,DIR2])",
                file=folder,
                field=f"data.stream.manifests[{i}]",
            )
    get_stage(cfg).check()


@dataclasses.dataclass
class _Run:
    """What one invocation of ``train`` opened: the process's place, the engine at its starting step, the data."""

    rank: int
    world: int
    out: Path
    ckpt: Checkpointer
    stage: Stage
    engine: object
    step: int
    loader: object
    tokenizer: str
    meta: dict


def _open_run(cfg: TrainConfig, local_rank: int | None) -> _Run:
    """Distributed set-up, the run folder's config files, the engine (resumed from ``run.resume``'s checkpoint,
    elastically under another shape) and the loader at the resumed position."""
    check_inputs(cfg)
    rank, world, local = init_distributed(cfg.engine.backend, local_rank)
    set_cpu_threads(cfg.engine.cpu_threads, rank)
    out = Path(cfg.run.out_dir)
    if rank == 0:
        out.mkdir(parents=True, exist_ok=True)
        (out / "config.yaml").write_text(yaml.safe_dump(to_dict(cfg), sort_keys=False))
    if cfg.run.deterministic:
        torch.use_deterministic_algorithms(True)
    ckpt = Checkpointer(out / "checkpoints", cfg.run.keep_last, rank, local)
    source, tag = _resume_point(cfg, ckpt, rank, local)
    if tag is not None:
        _check_schedule(cfg, source.meta(tag), source.root / tag)
    # a checkpoint of another data-parallel size under ZeRO-1/2/3 loads through DeepSpeed's universal format
    universal = source.universal_tag(tag, world, cfg.engine.zero_stage) if tag is not None else None
    stage, engine, ds_cfg = build_engine(cfg, world, local, universal=universal is not None)
    if rank == 0:  # the DeepSpeed JSON this run used, generated from config.yaml (never edited by hand)
        (out / "deepspeed.json").write_text(json.dumps(ds_cfg, indent=2, sort_keys=True) + "\n")
    step, loader_states = 0, None
    if tag is not None:
        step = source.load(engine, universal or tag)
        loader_states = source.loader_states(tag, world, cfg.data.num_workers, cfg.data.micro_batch)
        log.info("resumed from %s at step %d", source.root / tag, step)
    tokenizer = cfg.data.tokenizer or stage.tokenizer()
    loader = build_loader(cfg, stage, rank, world, loader_states)
    if loader.resharded_from and rank == 0:
        log.warning(
            "elastic resume: the checkpoint was written by %s, this run has %d rank(s) x %d worker(s), batch %d; %s",
            loader.resharded_from,
            world,
            max(1, cfg.data.num_workers),
            cfg.data.micro_batch,
            f"the rest of epoch {loader.epoch} is dealt over the new slots (each sample once)"
            if loader.config.mode == "epoch"
            else "the streams continue from the checkpoint's seed and step",
        )
    meta = {
        "stage": cfg.stage,
        "world_size": world,
        "num_workers": cfg.data.num_workers,
        "micro_batch": cfg.data.micro_batch,
        "zero_stage": cfg.engine.zero_stage,
        "max_steps": cfg.run.max_steps,
    }
    return _Run(rank, world, out, ckpt, stage, engine, step, loader, tokenizer, meta)


def _stop_step(cfg: TrainConfig, step: int) -> int:
    """Where this invocation stops: ``run.max_steps``, ``run.stop_after`` (absolute) or ``run.stop_after_steps``
    (relative to where it started), whichever comes first."""
    stop = min(cfg.run.max_steps, cfg.run.stop_after or cfg.run.max_steps)
    return min(stop, step + cfg.run.stop_after_steps) if cfg.run.stop_after_steps else stop


def train(cfg: TrainConfig, local_rank: int | None = None) -> dict:
    """Run ``cfg`` to ``run.max_steps``; returns a summary (final step, last logged metrics, export folder)."""
    r = _open_run(cfg, local_rank)
    engine, ckpt, loader, stage, step = r.engine, r.ckpt, r.loader, r.stage, r.step
    samples_log = SampleLog(r.out, r.rank) if cfg.run.sample_log else None
    validator = Validator(cfg, stage, r.rank, r.world) if cfg.eval.every else None
    best = BestCheckpoint(ckpt.root, cfg.eval.metric, cfg.eval.lower_is_better, r.rank)
    batches = _Batches(loader)
    metrics = MetricsLogger(r.out, r.rank == 0, cfg.logging, to_dict(cfg))
    guard = StepGuard(engine, cfg.run.max_bad_steps, cfg.engine.precision, cfg.engine.zero_stage, r.out, r.rank)
    stop = _stop_step(cfg, step)
    window = MetricWindow(metrics, cfg.run.log_every, cfg.run.max_steps, stop, step)
    stopper = StopRequest(r.out, r.rank)
    engine.train()
    preempted, tag, export_dir = False, None, None
    try:
        while step < stop:
            micro = train_step(engine, batches.next, guard, int(cfg.engine.grad_accum), step, prepare=stage.for_step)
            for m in micro:
                task = m.result["metrics"].get("task")
                task = task if isinstance(task, str) else None
                keys = batch_keys(m.batch)
                if samples_log is not None:
                    samples_log.write(step + 1, loader.epoch, keys, task)
                window.add(m.loss, len(keys) or cfg.data.micro_batch, stage.tokens(m.batch), task)
            if not guard.applied:  # non-finite gradient norm (or an fp16 overflow): the update was not made
                continue
            step += 1
            if window.due(step):
                window.emit(step, engine, guard, loader.stats(), batches.dropped, micro[-1].result["metrics"])
            if stopper.requested():
                preempted = True
                break
            if validator is not None and validator.due(step, cfg.run.max_steps):
                tag = _validate(validator, best, engine, step, ckpt, loader, r.meta, metrics, tag)
            if ckpt.due(step, stop, cfg.run.save_every, tag):
                tag = ckpt.save(engine, step, loader.state_dict(), r.meta)
        if tag != ckpt.tag(step):  # not saved at this very step already
            tag = ckpt.save(engine, step, loader.state_dict(), r.meta)
        log.info("checkpoint %s", ckpt.root / tag)
        if preempted:
            log.warning(
                "stopped at step %d/%d (%s); checkpoint written: run the same command again to resume",
                step,
                cfg.run.max_steps,
                stopper.reason(),
            )
            if r.rank == 0:
                stopper.clear_files()
            barrier()
        if cfg.run.export and step >= cfg.run.max_steps:
            export_dir = export_engine(cfg, stage, engine, r.out / "export", r.rank, r.tokenizer, step, window.last)
    finally:
        stopper.restore()
        metrics.close()
        if samples_log is not None:
            samples_log.close()
    if r.rank == 0 and cfg.logging.jsonl:
        draw_run_figure(r.out)  # <out_dir>/metrics.png (megacxr plot redraws it)
    return {
        "step": step,
        "metrics": window.last,
        "export": str(export_dir) if export_dir else None,
        "checkpoint": str(ckpt.root / tag),
        "preempted": preempted,
    }


def _validate(validator, best, engine, step: int, ckpt, loader, meta: dict, metrics, tag):
    """Validation at ``step``: logged, and a new best saved (at this step) and named in ``best.json``; returns the
    tag of the checkpoint written at this step, if any (else ``tag`` unchanged)."""
    values = validator.run(engine, step)
    metrics.log(values)
    shown = ", ".join(f"{k} {v:.4f}" for k, v in values.items() if k != "step" and isinstance(v, float))
    log.info("validation at step %d: %s", step, shown)
    if best.improves(values):
        if tag != ckpt.tag(step):
            tag = ckpt.save(engine, step, loader.state_dict(), meta)
        best.mark(tag, step, values[best.metric])
        ckpt.prune(keep=tag)  # the previous best is an ordinary checkpoint now
        log.info("best %s so far: %.4f at step %d (checkpoint %s)", best.metric, values[best.metric], step, tag)
    return tag
