"""Elastic resume: the loader states of a checkpoint written by W ranks x K workers, re-dealt over W' x K'.

A checkpoint holds one ``MegacxrLoader.state_dict()`` per rank. ``reshard(states, shard_set, ...)`` returns the
state of one new rank for a different number of ranks, loader workers or batch size:

* epoch mode: the samples of the current epoch that no old slot has consumed yet (per source: the pieces not
  yet opened, the rest of the open shards, the samples waiting in the shuffle buffers) are collected and
  coalesced, shard by shard, into runs of consecutive samples; when shuffling, the order of the *shards* is
  permuted by (seed, epoch, batches consumed), each shard's runs kept together; the result is cut into equal
  contiguous parts, one per new slot (``plan.share``). Keeping a shard's samples together matters at scale: at
  2048 slots a slot's share of an epoch is smaller than its shuffle buffer, so at a checkpoint most of the rest
  of the epoch sits in buffers, and dealt out one sample at a time it would make every new slot open a
  thousand shards instead of two. Every sample not yet consumed is seen exactly once in the rest of the epoch
  and none twice; the next epoch is planned afresh for the new slots.
* resampled mode: every new slot starts a fresh stream whose generators are seeded by (seed, slot, batches
  consumed before the resume), so the run continues deterministically without replaying the old beginnings.

Counters (samples, skipped data) carry over as totals (on the new rank 0's first worker), so the run's sums
stay right. ``describe(states)`` says what the checkpoint's shape was, for the log line.
"""

from __future__ import annotations

import numpy as np

from megacxr.data.plan import ShardSet, StreamConfig, epoch_pieces
from megacxr.data.stream import COUNTERS, fresh_state

__all__ = ["coalesce", "describe", "remaining_pieces", "reshard", "same_shape"]

_REMAINDER = 606  # salt of the remainder's permutation


def same_shape(states: list[dict], world_size: int, num_workers: int, batch_size: int) -> bool:
    """True when ``states`` were saved by exactly this many ranks, workers and batch size (plain resume)."""
    return len(states) == world_size and all(
        s.get("world_size") == world_size
        and s.get("num_workers") == num_workers
        and s.get("batch_size") == batch_size
        and s.get("rank") == r
        for r, s in enumerate(states)
    )


def describe(states: list[dict]) -> str:
    s = states[0]
    workers = max(1, int(s.get("num_workers", 0)))
    return f"{s.get('world_size')} rank(s) x {workers} worker(s), batch {s.get('batch_size')}"


def _check(states: list[dict], shard_set: ShardSet, config: StreamConfig) -> None:
    if not states:
        raise ValueError("no loader states to resume from")
    world = int(states[0]["world_size"])
    if len(states) != world or sorted(int(s["rank"]) for s in states) != list(range(world)):
        raise ValueError(
            f"the checkpoint has loader states of ranks {sorted(s.get('rank') for s in states)}, "
            f"not of all {world} ranks it was written by"
        )
    for s in states:
        for key, mine in (
            ("mode", config.mode),
            ("fingerprint", shard_set.fingerprint),
            ("world_size", world),
            ("num_workers", states[0]["num_workers"]),
        ):
            if s.get(key) != mine:
                raise ValueError(
                    f"loader state of rank {s.get('rank')}: {key} is {s.get(key)!r}, expected "
                    f"{mine!r} (same shards, split, seed, mode and caps are needed to resume)"
                )


def _slot_pieces(
    state: dict | None, shard_set: ShardSet, config: StreamConfig, epoch: int, slot: int, num_slots: int
) -> dict[str, list[tuple[str, int, int]]]:
    """Per source, the (shard ref, start, end) ranges of one old slot not consumed yet in ``epoch``."""
    plan = (state or {}).get("plan")

    def planned(si: int, name: str) -> list[tuple[str, int, int]]:
        if plan is not None:
            return [(str(r), int(a), int(b)) for r, a, b in plan.get(name, [])]
        return [
            (s.ref, a, b)
            for s, a, b in epoch_pieces(
                shard_set.shards[name],
                seed=config.seed,
                epoch=epoch,
                source_index=si,
                slot=slot,
                num_slots=num_slots,
                cap=shard_set.caps[name],
                shuffle=config.shuffle,
            )
        ]

    out: dict[str, list[tuple[str, int, int]]] = {}
    for si, name in enumerate(shard_set.sources):
        pieces = planned(si, name)
        if state is None or "sources" not in state:  # this slot had not started the epoch
            out[name] = pieces
            continue
        st = state["sources"][name]
        rest = [(str(r), int(a), int(b)) for r, a, b in st["open"] if int(a) < int(b)]
        out[name] = rest + pieces[int(st["next_piece"]) :]
    if state is not None and "sources" in state:  # samples drawn into the shuffle buffer
        buf = state["buffer"]
        refs, items = buf["shards"], buf["items"]
        for k in range(0, len(items), 2):
            ref, i = str(refs[items[k]]), int(items[k + 1])
            out[shard_set.by_ref[ref].source].append((ref, i, i + 1))
    return out


def remaining_pieces(
    states: list[dict], shard_set: ShardSet, config: StreamConfig
) -> tuple[int, dict[str, list[tuple[str, int, int]]]]:
    """(epoch, per source the ranges of the epoch that no old slot has consumed), old slots in order."""
    _check(states, shard_set, config)
    world, workers = int(states[0]["world_size"]), max(1, int(states[0]["num_workers"]))
    epochs = {int(s["epoch"]) for s in states}
    if len(epochs) != 1:
        raise ValueError(f"the ranks' loader states are in different epochs {sorted(epochs)}")
    epoch = epochs.pop()
    out: dict[str, list[tuple[str, int, int]]] = {n: [] for n in shard_set.sources}
    for s in sorted(states, key=lambda s: int(s["rank"])):
        for w in range(workers):
            ws = s["workers"][w]
            if ws is not None and int(ws.get("epoch", epoch)) != epoch:
                raise ValueError(f"rank {s['rank']} worker {w} is in epoch {ws.get('epoch')}, its loader in {epoch}")
            for name, pieces in _slot_pieces(
                ws, shard_set, config, epoch, int(s["rank"]) * workers + w, world * workers
            ).items():
                out[name].extend(pieces)
    return epoch, out


def coalesce(pieces: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """``pieces`` grouped by shard (shards in order of first appearance), each shard's ranges sorted and joined
    where one ends where the next begins. Two pieces that share a sample mean the states are inconsistent (a
    sample would be seen twice): ValueError."""
    groups: dict[str, list[tuple[int, int]]] = {}
    for ref, a, b in pieces:
        if a < b:
            groups.setdefault(ref, []).append((a, b))
    out = []
    for ref, ranges in groups.items():
        ranges.sort()
        runs: list[tuple[str, int, int]] = []
        for a, b in ranges:
            if runs and a < runs[-1][2]:
                raise ValueError(f"loader states list samples {a}..{runs[-1][2] - 1} of shard {ref} twice")
            if runs and a == runs[-1][2]:
                runs[-1] = (ref, runs[-1][1], b)
            else:
                runs.append((ref, a, b))
        out.append(runs)
    return out


def _split(pieces: list[tuple[str, int, int]], slot: int, num_slots: int) -> list[list]:
    """Slot ``slot``'s contiguous part of the samples of ``pieces`` (parts differ by at most one sample)."""
    total = sum(b - a for _, a, b in pieces)
    lo, hi = total * slot // num_slots, total * (slot + 1) // num_slots
    out, pos = [], 0
    for ref, a, b in pieces:
        n = b - a
        start, end = max(lo - pos, 0), min(hi - pos, n)
        if start < end:
            out.append([ref, a + start, a + end])
        pos += n
        if pos >= hi:
            break
    return out


def _counter_totals(states: list[dict]) -> dict:
    totals = dict.fromkeys(COUNTERS, 0)
    for s in states:
        for ws in s.get("workers", []):
            for k in COUNTERS:
                totals[k] += int(((ws or {}).get("counters") or {}).get(k, 0))
    return totals


def reshard(
    states: list[dict],
    shard_set: ShardSet,
    config: StreamConfig,
    *,
    rank: int,
    world_size: int,
    num_workers: int,
    batch_size: int,
    version: int,
) -> dict:
    """The loader state of new rank ``rank`` (of ``world_size`` x ``num_workers``) continuing ``states``."""
    workers = max(1, int(num_workers))
    num_slots = int(world_size) * workers
    consumed = sum(int(s.get("batches_total", 0)) for s in states)
    totals = _counter_totals(states)
    if config.mode == "epoch":
        epoch, remaining = remaining_pieces(states, shard_set, config)
        for si, name in enumerate(shard_set.sources):
            by_shard = coalesce(remaining[name])
            if config.shuffle and len(by_shard) > 1:
                rng = np.random.default_rng([int(config.seed), epoch, si, consumed, _REMAINDER])
                by_shard = [by_shard[i] for i in rng.permutation(len(by_shard))]
            remaining[name] = [run for runs in by_shard for run in runs]
    else:
        _check(states, shard_set, config)
        epoch = max(int(s["epoch"]) for s in states)
    new_workers = []
    for w in range(workers):
        slot = int(rank) * workers + w
        st = fresh_state(epoch, totals if (rank == 0 and w == 0) else None)
        st["reseed"] = consumed + 1  # > 0 even when nothing was consumed yet
        if config.mode == "epoch":
            st["plan"] = {name: _split(remaining[name], slot, num_slots) for name in shard_set.sources}
        new_workers.append(st)
    return {
        "version": version,
        "mode": config.mode,
        "rank": int(rank),
        "world_size": int(world_size),
        "num_workers": int(num_workers),
        "batch_size": int(batch_size),
        "fingerprint": shard_set.fingerprint,
        "epoch": epoch,
        "batches_in_epoch": 0,
        "batches_total": consumed if rank == 0 else 0,
        "next_worker": 0,
        "workers": new_workers,
        "resharded_from": describe(states),
    }
