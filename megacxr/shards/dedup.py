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

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from megacxr.errors import InputError
from megacxr.shards.manifest import write_json_atomic
from megacxr.shards.tario import TarShardWriter, iter_tar_samples

Locate = Callable[[str, str, str], Path | None]  # (unit, split, part name) -> where the part is now


def duplicate_positions(units: list[dict], records: dict[str, dict]) -> dict[str, list[int]]:
    """unit name -> positions of its studies that repeat an earlier study's content in the same split."""
    seen: dict[str, set[str]] = defaultdict(set)
    drops: dict[str, list[int]] = {}
    for u in units:
        rec = records[u["unit"]]
        claimed = seen[rec["split"]]
        drop = []
        for i, _key, digest, _part, _view in rec.get("dedup", []):
            if digest in claimed:
                drop.append(i)
            else:
                claimed.add(digest)
        drops[u["unit"]] = drop
    return drops


def settle(out: Path, units: list[dict], records: dict[str, dict], locate: Locate, record_file) -> Counter:
    """Drop every duplicate from its unit's parts and quarantine list; returns duplicates per split.

    ``records`` are updated in place and written back (``record_file(unit)`` names the file). A record that has
    dropped a study which is no longer a duplicate (its earlier twin was rebuilt differently) cannot be mended
    here: it is removed, and the error says to rerun the build, which rebuilds that unit."""
    counts: Counter = Counter()
    for unit, drop in duplicate_positions(units, records).items():
        rec = records[unit]
        counts[rec["split"]] += len(drop)
        done = set(rec.get("dropped", []))
        if done == set(drop):
            continue
        if not done <= set(drop):
            Path(record_file(unit)).unlink(missing_ok=True)
            raise InputError(
                f"unit {unit} dropped a study that is no longer a duplicate; rerun the build to rebuild it",
                file=out,
            )
        _drop(rec, set(drop) - done, locate)
        rec["dropped"] = sorted(drop)
        write_json_atomic(record_file(unit), rec)
    return counts


def _drop(rec: dict, positions: set[int], locate: Locate) -> None:
    by_part: dict[str, set[str]] = defaultdict(set)
    views = Counter(rec.get("views", {}))
    for i, key, _digest, part, view in rec["dedup"]:
        if i in positions and part is not None:
            by_part[part].add(key)
            views[view] -= 1
    kept = []
    for part in rec["parts"]:
        keys = by_part.get(part["part"])
        if keys:
            path = locate(rec["unit"], rec["split"], part["part"])
            if path is None or not path.exists():
                raise InputError(f"shard part {part['part']} of unit {rec['unit']} is missing; rerun the build")
            part = {**part, **_rewrite_without(path, keys)}
        if part["samples"] > 0:
            kept.append(part)
    rec["parts"] = kept
    rec["views"] = {v: n for v, n in views.items() if n > 0}
    pairs = zip(rec.get("quarantine", []), rec.get("quarantine_index", []))
    survivors = [(q, i) for q, i in pairs if i not in positions]
    rec["quarantine"] = [q for q, _ in survivors]
    rec["quarantine_index"] = [i for _, i in survivors]


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
            return {"samples": 0, "bytes": 0, "sha256": "", "mtime_ns": 0}
        info = writer.close()
    except BaseException:
        writer.abort()
        raise
    return {**info, "mtime_ns": path.stat().st_mtime_ns}
