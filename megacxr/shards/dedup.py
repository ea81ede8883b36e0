"""Exact duplicates across a whole build, settled at finalize from the digests the workers recorded.

A duplicate is a study with the same training text and the same image bytes as an earlier study of its split
(earlier: in key order, which is unit order, then position in the unit). The first one keeps the content; the
others are dropped and counted under ``duplicates_removed``, whatever their own fate would have been (a
duplicate of a study whose image fails to decode is a duplicate, not a second quarantine). This is the rule
the builder has always applied, decided where it is cheap: workers hash the bytes they read anyway
(``worker.encode_sample``), and nothing in the planner opens an image.

Settling is idempotent: a unit's record lists the positions already dropped, so a second finalize rewrites
nothing; only the parts that hold a newly dropped sample are rewritten (a streaming copy without its members,
byte-identical to writing the survivors directly).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from megacxr.errors import InputError
from megacxr.shards.manifest import write_json_atomic
from megacxr.shards.tario import TarShardWriter, index_path, iter_tar_samples

Locate = Callable[[str, str, str], Path | None]  # (unit, split, part name) -> where the part is now


def settle(
    out: Path,
    records: Iterable[dict],
    locate: Locate,
    record_file: Callable[[str], Path],
    workers: int = 0,
) -> tuple[list[dict], Counter]:
    """Drop every duplicate from its unit's parts and quarantine list: (records settled, duplicates per split).

    ``records`` come in plan order (split by split, unit by unit), loaded one at a time; what is kept of each
    is the record without its digest rows, so the memory of a finalize is the set of digests seen, not every
    record's rows. Records whose parts change are rewritten in ``workers`` processes and written back
    (``record_file(unit)``). A record that has dropped a study which is no longer a duplicate (its earlier twin
    was rebuilt differently) cannot be mended here: it is removed, and the error says to rerun the build."""
    counts: Counter = Counter()
    kept: list[dict] = []
    jobs: list[tuple[int, dict, list[int], dict[str, Path]]] = []
    for rec, drop in _duplicates(records):
        counts[rec["split"]] += len(drop)
        done = set(rec.get("dropped", []))
        if done != set(drop):
            if not done <= set(drop):
                Path(record_file(rec["unit"])).unlink(missing_ok=True)
                raise InputError(
                    f"unit {rec['unit']} dropped a study that is no longer a duplicate; rerun the build to rebuild it",
                    file=out,
                )
            where = {p["part"]: locate(rec["unit"], rec["split"], p["part"]) for p in rec["parts"]}
            jobs.append((len(kept), rec, drop, where))
        else:
            rec.pop("dedup", None)
        kept.append(rec)
    for i, rec in _run(jobs, workers):
        write_json_atomic(record_file(rec["unit"]), rec)
        rec.pop("dedup", None)
        kept[i] = rec
    return kept, counts


def _duplicates(records: Iterable[dict]) -> Iterator[tuple[dict, list[int]]]:
    """Each record with the positions of its studies that repeat an earlier study's content in its split."""
    seen: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        claimed = seen[rec["split"]]
        drop = []
        for i, _key, digest, _part, _view in rec.get("dedup", []):
            if digest in claimed:
                drop.append(i)
            else:
                claimed.add(digest)
        yield rec, drop


def _run(jobs: list, workers: int) -> Iterator[tuple[int, dict]]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for i, rec, drop, where in jobs:
            yield i, drop_from_record(rec, drop, where)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    gc.freeze()  # the rewriters' collectors (and ours meanwhile) leave the inherited objects' pages alone
    try:
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            futures = [(i, pool.submit(drop_from_record, rec, drop, where)) for i, rec, drop, where in jobs]
            for i, fut in futures:
                yield i, fut.result()
    finally:
        gc.unfreeze()


def drop_from_record(rec: dict, drop: list[int], where: dict[str, Path | None]) -> dict:
    """``rec`` with the studies at ``drop`` removed from its parts (rewritten where they are, ``where``), its
    quarantine list and its view counts; ``dropped`` becomes ``drop``."""
    positions = set(drop) - set(rec.get("dropped", []))
    by_part: dict[str, set[str]] = defaultdict(set)
    views = Counter(rec.get("views", {}))
    for i, key, _digest, part, view in rec["dedup"]:
        if i in positions and part is not None:
            by_part[part].add(key)
            views[view] -= 1
    parts = []
    for part in rec["parts"]:
        keys = by_part.get(part["part"])
        if keys:
            path = where.get(part["part"])
            if path is None or not path.exists():
                raise InputError(f"shard part {part['part']} of unit {rec['unit']} is missing; rerun the build")
            part = {**part, **_rewrite_without(path, keys)}
        if part["samples"] > 0:
            parts.append(part)
    survivors = [
        (q, i)
        for q, i in zip(rec.get("quarantine", []), rec.get("quarantine_index", []), strict=False)
        if i not in positions
    ]
    return {
        **rec,
        "parts": parts,
        "views": {v: n for v, n in views.items() if n > 0},
        "quarantine": [q for q, _ in survivors],
        "quarantine_index": [i for _, i in survivors],
        "dropped": sorted(drop),
    }


def _rewrite_without(path: Path, keys: set[str]) -> dict:
    """Rewrite the tar at ``path`` without the samples named by ``keys`` (atomically: written beside it, then
    renamed over it); returns its new samples, bytes, sha256 and mtime. An emptied part is removed."""
    writer = TarShardWriter(path)
    try:
        for key, members in iter_tar_samples(path):
            if key not in keys:
                writer.write({"__key__": key, **members})
        if writer.samples == 0:
            writer.abort()
            path.unlink()
            index_path(path).unlink(missing_ok=True)
            return {"samples": 0, "bytes": 0, "sha256": "", "mtime_ns": 0}
        info = writer.close()
    except BaseException:
        writer.abort()
        raise
    return {**info, "mtime_ns": path.stat().st_mtime_ns}
