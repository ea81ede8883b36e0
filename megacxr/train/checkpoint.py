"""Checkpoints that a crash cannot corrupt: DeepSpeed engine state plus each rank's data-loader state.

Layout under ``<out_dir>/checkpoints``::

    step00000200/            DeepSpeed files (model, ZeRO optimizer partitions) + loader-rank<R>.json + meta.json
    step00000400/
    latest                   the tag of the newest COMPLETE checkpoint (plain text, DeepSpeed's convention)
    best.json                with validation (eval.every): the best checkpoint's tag, step, metric and value

A checkpoint is written under ``<tag>.partial``; when every rank has finished, it is renamed to ``<tag>`` and only
then is ``latest`` replaced (atomically); older checkpoints beyond ``keep_last`` are deleted last. A crash at any
point leaves ``latest`` naming a complete checkpoint; leftover ``*.partial`` folders are removed at the next save.
The checkpoint ``best.json`` names is never pruned (it does not count towards ``keep_last``).
On a cluster whose nodes do not share the folder, each node's local rank 0 does the renaming for its node; where
they share it, one node claims the renaming and the others wait for it (``finalise``).

Loading unpickles nothing arbitrary: loader states are JSON, and DeepSpeed's ``torch.load`` calls run with
``weights_only`` forced on (``TORCH_FORCE_WEIGHTS_ONLY_LOAD``), which admits tensors, containers, numbers and
strings plus the few DeepSpeed types its optimizer states hold (``SAFE_DEEPSPEED_TYPES``). A checkpoint holding
anything else fails to load with an error naming the type.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import re
import shutil
import time
import uuid
from pathlib import Path

import torch

from megacxr.errors import InputError
from megacxr.train.collectives import barrier

log = logging.getLogger("megacxr.train")

__all__ = ["Checkpointer", "finalise"]

_PARTIAL = ".partial"
_TAG = re.compile(r"step\d{8}")  # Checkpointer.tag: a plain name inside the checkpoint folder

# plain enums, loss-scaler state and fragment addresses (two ints) that DeepSpeed pickles into its optimizer states
# (found by loading ZeRO-0/2/3 checkpoints in fp32 and bf16 with weights_only)
SAFE_DEEPSPEED_TYPES = (
    "deepspeed.runtime.zero.config:ZeroStageEnum",
    "deepspeed.runtime.fp16.loss_scaler:LossScaler",
    "deepspeed.runtime.fp16.loss_scaler:DynamicLossScaler",
    "deepspeed.utils.tensor_fragment:fragment_address",
)


@contextlib.contextmanager
def weights_only_loading():
    """Force ``torch.load(weights_only=True)`` (even where DeepSpeed passes False) with DeepSpeed's safe types."""
    types = []
    for ref in SAFE_DEEPSPEED_TYPES:
        module, name = ref.split(":")
        try:
            types.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            pass
    previous = os.environ.get("TORCH_FORCE_WEIGHTS_ONLY_LOAD")
    os.environ["TORCH_FORCE_WEIGHTS_ONLY_LOAD"] = "1"
    try:
        with torch.serialization.safe_globals(types):
            yield
    finally:
        if previous is None:
            os.environ.pop("TORCH_FORCE_WEIGHTS_ONLY_LOAD", None)
        else:
            os.environ["TORCH_FORCE_WEIGHTS_ONLY_LOAD"] = previous


def _write_atomic(path: Path, text: str) -> None:
    # a name no other process writes: on a shared folder, processes of different nodes can have the same pid
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    tmp.write_text(text)
    os.replace(tmp, path)


FINALISE_WAIT_S = 600.0  # how long a node waits for the node that claimed the checkpoint to finish renaming it


def finalise(partial: Path, final: Path, wait_s: float = FINALISE_WAIT_S) -> None:
    """Rename the finished ``<tag>.partial`` folder to ``<tag>``, replacing a complete ``<tag>`` an earlier run
    left (a run resumed from an older checkpoint reaches that step again).

    Every node's local rank 0 calls this. Where the nodes share the folder they race, and deleting an existing
    ``<tag>`` first (as a single node may) would let one node delete the checkpoint another had just completed.
    So one node claims the work with an atomic rename of ``partial`` to a name of its own; a node that finds
    ``partial`` gone waits until ``<tag>`` exists and no claim is left. Renames within one folder are atomic on
    POSIX file systems (NFS and Lustre included); every temporary name ends in ``.partial``, so a crash leaves
    nothing that the next save does not sweep away."""
    claim = partial.with_name(f"{final.name}.claim-{uuid.uuid4().hex}{_PARTIAL}")
    try:
        os.rename(partial, claim)
    except FileNotFoundError:  # another node claimed it (or finished already)
        deadline = time.monotonic() + wait_s
        while not final.is_dir() or any(final.parent.glob(f"{final.name}.claim-*{_PARTIAL}")):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"checkpoint {final.name}: another node claimed {partial.name} but {final.name} did not appear "
                    f"within {wait_s:.0f} s"
                ) from None
            time.sleep(0.05)
        return
    if final.exists():  # moved aside first (atomic), then removed: <tag> is never a half-deleted folder
        stale = final.with_name(f"{final.name}.stale-{uuid.uuid4().hex}{_PARTIAL}")
        os.rename(final, stale)
        shutil.rmtree(stale, ignore_errors=True)
    os.rename(claim, final)


def to_universal(folder: Path, target: Path) -> None:
    """DeepSpeed's ``ds_to_universal`` conversion of one checkpoint folder (fragments merged per parameter)."""
    import argparse

    from deepspeed.checkpoint import ds_to_universal

    tmp = target.with_name(target.name + _PARTIAL)
    shutil.rmtree(tmp, ignore_errors=True)
    args = argparse.Namespace(
        input_folder=str(folder),
        output_folder=str(tmp),
        num_extract_workers=1,
        num_merge_workers=1,
        keep_temp_folder=False,
        strict=True,
        no_strict=False,
        inject_missing_state=True,
    )
    ds_to_universal.main(args)
    os.replace(tmp, target)


def _read_json(path: Path, field: str) -> dict:
    """A checkpoint's JSON record, or an ``InputError`` naming it (a damaged checkpoint is not a traceback)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"damaged checkpoint record ({type(exc).__name__}); remove that checkpoint or resume from another",
            file=path,
            field=field,
        ) from None
    if not isinstance(value, dict):
        raise InputError("damaged checkpoint record (not a JSON object)", file=path, field=field)
    return value


class Checkpointer:
    def __init__(self, root: str | Path, keep_last: int, rank: int, local_rank: int):
        self.root = Path(root)
        self.keep_last = max(1, int(keep_last))
        self.rank, self.local_rank = int(rank), int(local_rank)

    @staticmethod
    def tag(step: int) -> str:
        return f"step{int(step):08d}"

    def latest(self) -> str | None:
        """The tag named by ``latest`` if that checkpoint is complete, else None."""
        pointer = self.root / "latest"
        if not pointer.is_file():
            return None
        tag = pointer.read_text(errors="replace").strip()
        if tag and not _TAG.fullmatch(tag):  # "../other_run/step00000010", an absolute path, anything else
            raise InputError(
                "names something that is not a checkpoint of this folder (expected stepNNNNNNNN); fix or remove it",
                file=pointer,
                field="latest",
            )
        if not tag or not (self.root / tag).is_dir():
            log.warning("checkpoint pointer %s names %r, which does not exist: starting fresh", pointer, tag)
            return None
        return tag

    def due(self, step: int, stop: int, every: int, saved: str | None) -> bool:
        """The periodic save rule: every ``every`` steps (``run.save_every``; 0: never) before the invocation's last
        step (which always saves), unless this step's checkpoint is already written (``saved``: a best one)."""
        return bool(every) and step % every == 0 and step < stop and saved != self.tag(step)

    def save(self, engine, step: int, loader_state: dict, meta: dict) -> str:
        tag = self.tag(step)
        partial = tag + _PARTIAL
        if self.local_rank == 0:
            self.root.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.root / partial, ignore_errors=True)
        barrier()
        engine.save_checkpoint(str(self.root), tag=partial, client_state={"megacxr_step": int(step)}, save_latest=False)
        folder = self.root / partial
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(folder / f"loader-rank{self.rank}.json", json.dumps(loader_state))
        if self.rank == 0:
            _write_atomic(folder / "meta.json", json.dumps({"step": int(step), **meta}, indent=1))
        barrier()
        if self.local_rank == 0:
            finalise(folder, self.root / tag)
            _write_atomic(self.root / "latest", tag + "\n")
        barrier()
        if self.local_rank == 0:
            self._prune(keep=tag)
        return tag

    def prune(self, keep: str) -> None:
        """Prune again once every rank is here (after ``best.json`` moved on, the old best is no longer spared)."""
        barrier()
        if self.local_rank == 0:
            self._prune(keep=keep)

    def best_tag(self) -> str | None:
        """The checkpoint ``best.json`` names (validation's best; ``megacxr.train.validate``), if any."""
        path = self.root / "best.json"
        try:
            return json.loads(path.read_text()).get("tag") if path.is_file() else None
        except (OSError, ValueError):
            return None

    def _prune(self, keep: str) -> None:
        """Delete all but the ``keep_last`` newest complete checkpoints, ``keep`` and the one ``best.json`` names."""
        tags = sorted(p.name for p in self.root.glob("step*") if p.is_dir() and not p.name.endswith(_PARTIAL))
        spared = set(tags[-self.keep_last :]) | {keep, self.best_tag()}
        for old in [t for t in tags if t not in spared]:
            shutil.rmtree(self.root / old, ignore_errors=True)
        for leftover in self.root.glob(f"step*{_PARTIAL}"):
            shutil.rmtree(leftover, ignore_errors=True)

    def meta(self, tag: str) -> dict:
        """``meta.json`` of checkpoint ``tag`` (step, stage, world size; {} for checkpoints without it)."""
        path = self.root / tag / "meta.json"
        return _read_json(path, "meta") if path.is_file() else {}

    def loader_states(self, tag: str, world_size: int, num_workers: int, batch_size: int):
        """The data-loader state(s) to resume checkpoint ``tag`` with: this rank's own state when the checkpoint was
        written by a run of this shape (ranks, loader workers, batch size; each rank needs only its own file, so
        node-local checkpoint folders work),
        else the list of every rank's state to re-deal (``megacxr.data.elastic``: all files must be there). None
        (with a warning) when what is needed is missing: the data stream then restarts."""
        folder = self.root / tag
        saved = self.meta(tag).get("world_size")
        own = folder / f"loader-rank{self.rank}.json"
        if (saved is None or int(saved) == int(world_size)) and own.is_file():
            state = _read_json(own, "loader state")
            if (state.get("world_size"), state.get("num_workers"), state.get("batch_size")) == (
                int(world_size),
                int(num_workers),
                int(batch_size),
            ):
                return state
        files = sorted(folder.glob("loader-rank*.json"), key=lambda p: int(p.stem.removeprefix("loader-rank")))
        states = [_read_json(f, "loader state") for f in files]
        expected = int(saved) if saved is not None else (int(states[0]["world_size"]) if states else 0)
        if not states or [int(s.get("rank", -1)) for s in states] != list(range(expected)):
            log.warning(
                "checkpoint %s lacks the loader states of some of its %s ranks (on node-local disks, gather "
                "every loader-rank*.json into it to resume on another number of ranks): the data stream "
                "restarts",
                tag,
                expected or "?",
            )
            return None
        return states

    def universal_tag(self, tag: str, world_size: int, zero_stage: int) -> str | None:
        """When checkpoint ``tag`` was written by another number of ranks under ZeRO-1/2/3 (whose optimizer
        states are partitioned over the ranks), convert it once to DeepSpeed's universal format (``<tag>/
        universal``, by each node's local rank 0) and return the tag to load it from; None when it loads as is
        (same size, or ZeRO-0, whose states are whole in every checkpoint)."""
        saved = self.meta(tag).get("world_size")
        if saved is None or int(saved) == int(world_size) or int(zero_stage) == 0:
            return None
        universal = f"{tag}/universal"
        target = self.root / universal
        if self.local_rank == 0 and not (target / "zero").is_dir():
            log.warning(
                "checkpoint %s was written by %d ranks under ZeRO-%d, this run has %d: converting it to "
                "DeepSpeed's universal format in %s",
                tag,
                int(saved),
                int(zero_stage),
                int(world_size),
                target,
            )
            to_universal(self.root / tag, target)
        barrier()
        return universal

    def load(self, engine, tag: str) -> int:
        """Restore the engine from checkpoint ``tag``; returns its step (``loader_states`` gives the data's)."""
        with weights_only_loading():
            path, client = engine.load_checkpoint(str(self.root), tag=tag, load_module_strict=True)
        if path is None:
            raise RuntimeError(f"DeepSpeed could not load checkpoint {self.root / tag}")
        return int((client or {}).get("megacxr_step", engine.global_steps))
