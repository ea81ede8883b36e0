"""Which shards a stream reads: the stream configuration, the shard set of a split, and the per-slot plan.

``StreamConfig`` is the typed configuration of the streaming pipeline. ``load_shard_set`` reads every listed
manifest (``DIR/manifest.json``, written by ``megacxr shards build``), keeps the shards of one split and groups
them by source (optionally renamed into mixing groups, e.g. several public sources into ``public``), with the
weight and cap of each source and a fingerprint of everything that fixes the data order.

A *slot* is one (rank, dataloader worker) pair: ``slot = rank * num_workers + worker`` of
``num_slots = world_size * num_workers``. In epoch mode, ``epoch_pieces`` permutes a source's shards by
(seed, epoch), truncates the sequence of their samples to the source's cap, and cuts it into ``num_slots``
contiguous sample ranges of equal size (within one sample): every slot gets the same number of samples, no
slot is idle when there are fewer shards than slots, and no sample is dealt twice. Pieces are
(shard, first sample, end sample) triples.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from megacxr.config import load_yaml
from megacxr.errors import ConfigError, InputError
from megacxr.shards.manifest import load_manifest, shard_file

# Salts of the seed sequences, so that the different random streams of a run never coincide.
_PERMUTE, _SLOT_EPOCH, _SLOT_RESAMPLED, _AUGMENT, _ELASTIC = 101, 202, 303, 404, 505


def load_mixture(path: str | Path) -> dict:
    """A mixture file as ``{"manifests": [...], "weights": {source: w}}``: ``sources`` maps a manifest source name
    to ``{manifest: DIR (relative to the file), weight: W}``."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("mixture file not found", file=path, field="mixture")
    data = load_yaml(path)
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict) or not sources:
        raise ConfigError(
            "a mixture file needs a 'sources' mapping (source: {manifest: DIR, weight: W})", file=path, field="sources"
        )
    manifests, weights = [], {}
    for name, entry in sources.items():
        if not isinstance(entry, dict) or "manifest" not in entry:
            raise ConfigError("needs a 'manifest' folder", file=path, field=f"sources.{name}.manifest")
        weight = entry.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not weight >= 0:
            raise ConfigError(
                f"weight must be a number >= 0, got {weight!r}", file=path, field=f"sources.{name}.weight"
            )
        folder = Path(str(entry["manifest"])).expanduser()
        manifests.append(str(folder if folder.is_absolute() else path.parent / folder))
        weights[str(name)] = float(weight)
    return {"manifests": list(dict.fromkeys(manifests)), "weights": weights}


@dataclass
class StreamConfig:
    """The streaming pipeline: which shards, how they are mixed, shuffled and dealt to ranks and workers."""

    manifests: list[str] = field(default_factory=list)  # shard directories (holding manifest.json)
    # a mixture file (shards/mixture-*.yaml: per source a shard folder and a weight); it fills manifests and
    # weights where they are not set here
    mixture: str | None = None
    split: str = "train"
    mode: Literal["epoch", "resampled"] = "epoch"
    # Mixing weights per source (after ``groups``); None: proportional to each source's sample count.
    # When given, every source needs a weight (0 leaves a source out).
    weights: dict[str, float] | None = None
    caps: dict[str, int] | None = None  # at most this many samples per source per epoch
    groups: dict[str, str] = field(default_factory=dict)  # manifest source name -> mixing group name
    shuffle: bool = True
    shuffle_buffer: int = 1000  # samples held for shuffling, per slot
    open_shards: int = 4  # shards read interleaved, per source and slot
    seed: int = 0
    # resampled mode: samples per (nominal) epoch over all slots, for caps; None: the split's size after caps
    epoch_samples: int | None = None
    # members a sample must have ("a|b": either); a sample without them is skipped and counted as corrupt
    require: list[str] = field(default_factory=lambda: ["jpg|png", "txt", "json"])
    # read only these members (None: all); text-only stages skip the image bytes
    read_exts: list[str] | None = None
    warn_interval_s: float = 60.0  # at most one skipped-data warning per interval
    # this many skipped samples in a row is a systematic problem (a bug in sample_fn, wrong data): raise
    max_consecutive_errors: int = 1000
    # hash each shard when it is first opened and skip it (counted, warned) when it differs from the manifest's
    # sha256: a shard corrupted in place, on a copy or a flaky file system is never trained on. Costs one read of
    # every shard per process per epoch.
    verify_sha256: bool = False

    def __post_init__(self) -> None:
        if self.mixture:
            mix = load_mixture(self.mixture)
            if not self.manifests:
                self.manifests = mix["manifests"]
            if self.weights is None:
                self.weights = mix["weights"]

    def validate(self) -> StreamConfig:
        if not self.manifests:
            raise ConfigError("no shard directories given", field="manifests")
        if self.mode not in ("epoch", "resampled"):
            raise ConfigError(f"{self.mode!r} is not one of ['epoch', 'resampled']", field="mode")
        for name in ("shuffle_buffer", "open_shards", "max_consecutive_errors"):
            if int(getattr(self, name)) < 1:
                raise ConfigError("must be at least 1", field=name)
        for name, w in (self.weights or {}).items():
            if not (float(w) >= 0 and math.isfinite(float(w))):  # NaN fails; inf would starve the other sources
                raise ConfigError(f"weight {w!r} must be a finite number >= 0", field=f"weights.{name}")
        for name, c in (self.caps or {}).items():
            if int(c) < 0:
                raise ConfigError(f"cap {c!r} must be >= 0", field=f"caps.{name}")
        if self.epoch_samples is not None and int(self.epoch_samples) < 1:
            raise ConfigError("must be at least 1", field="epoch_samples")
        return self


@dataclass(frozen=True)
class ShardInfo:
    ref: str  # stable id used in saved state: "<manifest position>:<path relative to its directory>"
    path: Path  # absolute path of the tar file
    source: str  # mixing group
    samples: int
    sha256: str | None = None  # the manifest's digest (checked when StreamConfig.verify_sha256)


@dataclass
class ShardSet:
    split: str
    sources: list[str]  # sorted source names with weight > 0
    shards: dict[str, list[ShardInfo]]  # per source, in manifest order
    by_ref: dict[str, ShardInfo]
    weights: dict[str, float]
    caps: dict[str, int | None]
    fingerprint: str

    def total(self, source: str) -> int:
        return sum(s.samples for s in self.shards[source])


def load_shard_set(cfg: StreamConfig) -> ShardSet:
    cfg.validate()
    shards: dict[str, list[ShardInfo]] = {}
    digest = []
    seen: dict[Path, int] = {}
    for mi, directory in enumerate(cfg.manifests):
        root = Path(directory).resolve()
        if root in seen:  # the same folder twice would read (and count, and train on) every study twice
            raise ConfigError(
                f"shard folder {directory} is listed twice (entries {seen[root]} and {mi}); list each once "
                "(weights or caps of a mixture change how often a source is drawn)",
                field=f"data.stream.manifests[{mi}]",
            )
        seen[root] = mi
        manifest = load_manifest(directory)
        for i, entry in enumerate(manifest.get("shards", [])):
            if not isinstance(entry, dict):
                raise InputError("shard entry is not an object", file=root / "manifest.json", field=f"shards[{i}]")
            if entry.get("split") != cfg.split:
                continue
            try:
                rel, samples, source = str(entry["path"]), int(entry["samples"]), str(entry["source"])
            except (KeyError, TypeError, ValueError):
                raise InputError(
                    "shard entry lacks path/samples/source", file=root / "manifest.json", field="shards"
                ) from None
            group = cfg.groups.get(source, source)
            info = ShardInfo(f"{mi}:{rel}", shard_file(root, rel, i), group, samples, entry.get("sha256"))
            shards.setdefault(group, []).append(info)
            digest.append([info.ref, group, samples, entry.get("sha256")])
    if not shards:
        raise InputError(f"no shards of split {cfg.split!r} in the given manifests", field="split")
    names = sorted(shards)
    sizes = {n: sum(s.samples for s in shards[n]) for n in names}
    if cfg.weights is None:
        weights = {n: float(sizes[n]) for n in names}
    else:
        unknown = sorted(set(cfg.weights) - set(names))
        missing = [n for n in names if n not in cfg.weights]
        if unknown or missing:
            raise ConfigError(
                f"weights must name exactly the sources of split {cfg.split!r}: {names} "
                f"(unknown {unknown}, missing {missing}; weight 0 leaves a source out)",
                field="weights",
            )
        weights = {n: float(cfg.weights[n]) for n in names}
    unknown_caps = sorted(set(cfg.caps or {}) - set(names))
    if unknown_caps:
        raise ConfigError(f"caps name unknown sources {unknown_caps}; sources: {names}", field="caps")
    caps = {n: (int(cfg.caps[n]) if cfg.caps and n in cfg.caps else None) for n in names}
    used = [n for n in names if weights[n] > 0 and caps[n] != 0 and sizes[n] > 0]
    if not used:
        raise ConfigError("every source has weight 0, cap 0 or no samples", field="weights")
    plan = {
        "split": cfg.split,
        "mode": cfg.mode,
        "seed": int(cfg.seed),
        "shuffle": bool(cfg.shuffle),
        "caps": caps,
        "sources": used,
        "epoch_samples": cfg.epoch_samples,
        "shards": digest,
    }
    fp = hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()[:16]
    return ShardSet(
        cfg.split,
        used,
        {n: shards[n] for n in used},
        {s.ref: s for n in used for s in shards[n]},
        {n: weights[n] for n in used},
        {n: caps[n] for n in used},
        fp,
    )


def share(total: int, num_slots: int, slot: int) -> int:
    """Slot ``slot``'s part of ``total`` when it is cut into ``num_slots`` parts that differ by at most one."""
    return total * (slot + 1) // num_slots - total * slot // num_slots


def epoch_pieces(
    shards: list[ShardInfo],
    *,
    seed: int,
    epoch: int,
    source_index: int,
    slot: int,
    num_slots: int,
    cap: int | None,
    shuffle: bool,
) -> list[tuple[ShardInfo, int, int]]:
    """The (shard, start, end) sample ranges slot ``slot`` reads from one source in epoch ``epoch``."""
    if shuffle:
        rng = np.random.default_rng([int(seed), int(epoch), int(source_index), _PERMUTE])
        order = [shards[i] for i in rng.permutation(len(shards))]
    else:
        order = list(shards)
    total = sum(s.samples for s in order)
    if cap is not None:
        total = min(total, cap)
    lo, hi = total * slot // num_slots, total * (slot + 1) // num_slots
    pieces, pos = [], 0
    for s in order:
        start, end = max(lo - pos, 0), min(hi - pos, s.samples)
        if start < end:
            pieces.append((s, start, end))
        pos += s.samples
        if pos >= hi:
            break
    return pieces


def slot_rngs(
    seed: int, epoch: int, slot: int, mode: str, reseed: int = 0
) -> tuple[np.random.Generator, np.random.Generator]:
    """(stream rng: mixing, shard choice, shuffle buffer; augmentation rng given to sample_fn) of a slot.

    In epoch mode both restart from (seed, epoch, slot) every epoch; in resampled mode the stream is one
    infinite draw seeded by (seed, slot). ``reseed`` > 0 (an elastic resume: the batches consumed before it)
    is appended to both seeds, so the re-dealt streams continue deterministically without replaying the
    beginnings of the old ones."""
    extra = [int(reseed), _ELASTIC] if reseed else []
    if mode == "epoch":
        stream = np.random.default_rng([int(seed), int(epoch), int(slot), _SLOT_EPOCH, *extra])
    else:
        stream = np.random.default_rng([int(seed), int(slot), _SLOT_RESAMPLED, *extra])
    augment = np.random.default_rng([int(seed), int(epoch) if mode == "epoch" else 0, int(slot), _AUGMENT, *extra])
    return stream, augment


def rng_state(rng: np.random.Generator) -> dict:
    """The bit generator's state as JSON-safe data (128-bit integers as hex strings)."""
    return _ints_to_hex(rng.bit_generator.state)


def set_rng_state(rng: np.random.Generator, state: dict) -> None:
    rng.bit_generator.state = _hex_to_ints(state)


def _ints_to_hex(obj):
    if isinstance(obj, dict):
        return {k: _ints_to_hex(v) for k, v in obj.items()}
    if isinstance(obj, bool):
        return obj
    if isinstance(obj, (int, np.integer)):
        return {"hex": format(int(obj), "x")}
    return obj


def _hex_to_ints(obj):
    if isinstance(obj, dict):
        if set(obj) == {"hex"}:
            return int(obj["hex"], 16)
        return {k: _hex_to_ints(v) for k, v in obj.items()}
    return obj
