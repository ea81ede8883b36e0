"""``megacxr shards build``: plan, write units in parallel, settle duplicates, finalize shard names, manifest.

State on disk, all under OUT:
- ``.build/plan.json``: the plan's fingerprint, the input stamp, the units and the scan's counts (identical on
  every partition);
- ``{split}/.parts/{source}-{split}-{unit:06d}-{k:02d}.tar``: a unit's shard(s), each renamed from ``.tmp``
  only when complete;
- ``.build/units/{split}-{unit:06d}.json``: a unit's done-record (parts with sample counts, bytes, sha256 and
  mtime, quarantined studies, content digests for dedup), written atomically after its parts; a unit without
  one is rebuilt from scratch;
- ``{split}/{source}-{split}-%06d.tar``: final shards, numbered in plan order by ``finalize`` (idempotent);
- ``manifest.json``: written last, after every shard is in place, so it never claims an incomplete shard.

A rerun skips every unit whose parts are present with their recorded size and modification time (a part whose
mtime changed, copied elsewhere say, is checked by its sha256; ``rehash`` checks every part that way). When the
files the scan reads are unchanged too (``plan.input_stamp``) and every unit of this partition is done, the
rerun does not even scan the source: a resume with nothing to do costs a few file stats per unit.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from pathlib import Path

from megacxr.config import to_dict
from megacxr.errors import InputError
from megacxr.shards import ids
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.dedup import settle
from megacxr.shards.manifest import build_manifest, shard_file, valid_part_name, write_json_atomic
from megacxr.shards.plan import Plan, check_quarantine_share, input_stamp, make_plan, open_reader, probe
from megacxr.shards.pool import UnitPool
from megacxr.shards.record import SPLITS
from megacxr.shards.tario import file_sha256, index_path
from megacxr.shards.worker import final_path, part_path, record_path

log = logging.getLogger("megacxr.shards")

# ---------------------------------------------------------------------------------------------- records


def _load_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _record_valid(out: Path, unit: str, split: str, planned: int, record: dict, finals: dict, rehash: bool) -> bool:
    """A done-record counts only if every part it names is on disk (as part or final shard) with its recorded
    size and mtime, or, where the mtime moved (a copy) or ``rehash`` asks, its recorded sha256."""
    if record.get("planned") != planned or record.get("split") != split or not isinstance(record.get("parts"), list):
        return False
    touched = False
    for part in record["parts"]:
        name = part.get("part") if isinstance(part, dict) else None
        if not valid_part_name(name):
            return False
        path = part_path(out, split, name)
        if not path.exists():
            path = finals.get((unit, name))
            if path is None or not path.exists():
                return False
        st = path.stat()
        if st.st_size != part.get("bytes") or not index_path(path).exists():
            return False
        if rehash or st.st_mtime_ns != part.get("mtime_ns"):
            if file_sha256(path) != part.get("sha256"):
                return False
            if st.st_mtime_ns != part.get("mtime_ns"):
                part["mtime_ns"], touched = st.st_mtime_ns, True
    if touched:  # the content checked out: remember the new mtime so the next resume need not hash again
        write_json_atomic(record_path(out, unit), record)
    return True


def _final_locations(out: Path) -> dict[tuple[str, str], Path]:
    """Where the last finalize put each (unit, part name)."""
    data = _load_json(out / ".build" / "finalized.json") or {}
    found = {}
    for key, rel in data.items():
        unit, _, name = key.rpartition("/")
        if unit and valid_part_name(name):
            found[(unit, name)] = shard_file(out, rel)
    return found


# ---------------------------------------------------------------------------------------------- planning


def _prepare_out(out: Path, cfg: ShardBuildConfig, plan: Plan, salt: bytes, stamp: str | None, overwrite: bool):
    plan_file = out / ".build" / "plan.json"
    if plan_file.exists():
        old = _load_json(plan_file) or {}
        if old.get("fingerprint") != plan.fingerprint:
            if not overwrite:
                raise InputError(
                    "this directory holds a build of a different configuration or different "
                    "source data; pass --overwrite to replace it or choose another --out",
                    file=out,
                )
            _wipe(out)
    summary = {
        "fingerprint": plan.fingerprint,
        "input_stamp": stamp,
        "units": [{"unit": u.name, "split": u.split, "index": u.index, "studies": len(u.studies)} for u in plan.units],
        "quarantine": plan.quarantine,
        "dropped_fields": dict(plan.dropped_fields),
        "split_conflicts": plan.split_conflicts,
        "studies_read": plan.studies_read,
        "salt_fingerprint": ids.salt_fingerprint(salt),
    }
    write_json_atomic(plan_file, summary)
    build_config = to_dict(cfg)
    for k in ("partition", "progress", "workers"):
        build_config.pop(k, None)
    write_json_atomic(out / ".build" / "config.json", build_config)


def _wipe(out: Path) -> None:
    for child in out.iterdir():
        if child.name in (".salt",):
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


def _check_args(cfg: ShardBuildConfig) -> None:
    if not cfg.out:
        raise InputError("--out is required")
    if not (0 <= cfg.partition < cfg.num_partitions):
        raise InputError(f"--partition must be in [0, {cfg.num_partitions})", field="partition")
    if cfg.num_partitions > 1 and not cfg.salt_file:
        raise InputError("a partitioned build needs the same --salt-file on every partition", field="salt_file")
    if cfg.shard_samples < 1 or cfg.shard_bytes < 4096:
        raise InputError("shard caps must be positive (shard_bytes at least 4096)", field="shard_samples")
    if not 0 <= cfg.max_quarantine_share <= 1:  # NaN fails this too
        raise InputError("--max-quarantine-share must be a number from 0 to 1", field="max_quarantine_share")
    if cfg.workers < 0:
        raise InputError("--workers must be 0 (all cores) or more", field="workers")
    image = cfg.image
    for name, low, high in (("max_views", 1, 64), ("short_side", 16, 16384), ("quality", 1, 100)):
        value = getattr(image, name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InputError(f"must be a whole number from {low} to {high}, got {value!r}", field=f"image.{name}")


def _nothing_to_do(out: Path, cfg: ShardBuildConfig, stamp: str | None, rehash: bool) -> dict | None:
    """plan.json when the scan's inputs and the configuration are those of the recorded plan and every unit of
    this partition has a valid record: then nothing needs to be scanned, planned or built."""
    if stamp is None or rehash:
        return None
    plan = _load_json(out / ".build" / "plan.json")
    if not plan or plan.get("input_stamp") != stamp or not isinstance(plan.get("units"), list):
        return None
    finals = _final_locations(out)
    for g, u in enumerate(plan["units"]):
        if g % cfg.num_partitions != cfg.partition:
            continue
        record = _load_json(record_path(out, u["unit"]))
        if record is None or not _record_valid(out, u["unit"], u["split"], u["studies"], record, finals, False):
            return None
    return plan


# ------------------------------------------------------------------------------------------------- build


def build_shards(cfg: ShardBuildConfig, overwrite: bool = False, rehash: bool = False) -> dict:
    """Build (or resume) the shards of one source; returns the manifest (or a partition summary)."""
    _check_args(cfg)
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    salt = ids.load_or_create_salt(out, cfg.salt_file)
    reader = open_reader(cfg)
    stamp = input_stamp(cfg, salt, reader)
    done_plan = _nothing_to_do(out, cfg, stamp, rehash)
    if done_plan is not None:
        units = done_plan["units"]
        built, skipped = 0, sum(1 for g in range(len(units)) if g % cfg.num_partitions == cfg.partition)
        log.info("resume: all %d unit(s) of this build are complete and its inputs unchanged; nothing to do", skipped)
    else:
        with UnitPool(cfg) as pool:
            pool.start()  # workers forked before the scan: none of them inherits the plan
            units, built, skipped = _plan_and_build(cfg, out, salt, reader, stamp, overwrite, rehash, pool)
    elapsed = time.time() - t0
    if cfg.num_partitions > 1:
        done = sum(record_path(out, u["unit"]).exists() for u in units)
        return {
            "partition": cfg.partition,
            "num_partitions": cfg.num_partitions,
            "units_built": built,
            "units_skipped": skipped,
            "units_done": done,
            "units_total": len(units),
            "seconds": elapsed,
        }
    manifest = finalize(out, cfg, cfg.max_quarantine_share)
    manifest["build_seconds"] = elapsed
    return manifest


def _plan_and_build(cfg, out: Path, salt: bytes, reader, stamp, overwrite: bool, rehash: bool, pool: UnitPool):
    """Scan, plan, and build this partition's units that lack a valid record: (units, built, skipped)."""
    plan = make_plan(cfg, salt, reader)
    _prepare_out(out, cfg, plan, salt, stamp, overwrite)
    units = [{"unit": u.name} for u in plan.units]
    finals = _final_locations(out)
    mine = [u for g, u in enumerate(plan.units) if g % cfg.num_partitions == cfg.partition]
    todo, skipped = [], 0
    for unit in mine:
        record = _load_json(record_path(out, unit.name))
        if record is not None and _record_valid(out, unit.name, unit.split, len(unit.studies), record, finals, rehash):
            skipped += 1
        else:
            record_path(out, unit.name).unlink(missing_ok=True)
            todo.append(unit)
    if todo:
        (out / "manifest.json").unlink(missing_ok=True)  # about to change shards: never leave a stale claim
        probe(cfg, salt, todo)
    if skipped:
        log.info("resume: %d unit(s) already complete and verified, %d to build", skipped, len(todo))
    pool.run(todo, out, salt)
    return units, len(todo), skipped


# ---------------------------------------------------------------------------------------------- finalize


def finalize(out: Path, cfg: ShardBuildConfig | None = None, max_quarantine_share: float | None = None) -> dict:
    """Settle duplicates, number every unit's parts in plan order, move them to their final names, write the
    manifest.

    Idempotent and crash-safe: the intended destinations are recorded (``.build/finalized.json``) before any
    rename, and a part is always either at its part name or at a recorded final name. Parts left at the final
    names of an earlier finalize that no longer match are first moved back to their part names, so a unit
    rebuilt with a different number of parts cannot collide with another unit's shard.
    """
    out = Path(out)
    plan = _load_json(out / ".build" / "plan.json")
    build_config = _load_json(out / ".build" / "config.json")
    if plan is None or build_config is None:
        raise InputError("not a megacxr build folder (no readable .build/plan.json and config.json)", file=out)
    source = cfg.source if cfg is not None else build_config["source"]
    missing = [u["unit"] for u in plan["units"] if not record_path(out, u["unit"]).exists()]
    if missing:
        raise InputError(
            f"{len(missing)} unit(s) not built yet (first: {missing[0]}); run the remaining "
            "partitions, then `megacxr shards merge`",
            file=out,
        )
    old = _final_locations(out)

    def locate(unit: str, split: str, name: str) -> Path | None:
        src = part_path(out, split, name)
        return src if src.exists() else old.get((unit, name))

    def load_records():
        for u in plan["units"]:
            record = _load_json(record_path(out, u["unit"]))
            if record is None or record.get("unit") != u["unit"] or not isinstance(record.get("parts"), list):
                record_path(out, u["unit"]).unlink(missing_ok=True)
                raise InputError(
                    "unit record unreadable; rerun the build to rebuild the unit", file=record_path(out, u["unit"])
                )
            yield record

    workers = cfg.workers if cfg is not None else 0
    settled, duplicates = settle(out, load_records(), locate, lambda unit: record_path(out, unit), workers)
    records = {rec["unit"]: rec for rec in settled}
    new: dict[tuple[str, str], Path] = {}
    counters: Counter = Counter()
    for u in plan["units"]:
        for part in records[u["unit"]]["parts"]:
            new[(u["unit"], part["part"])] = final_path(out, source, u["split"], counters[u["split"]])
            counters[u["split"]] += 1
    located = {}
    for u in plan["units"]:
        for part in records[u["unit"]]["parts"]:
            key = (u["unit"], part["part"])
            src = part_path(out, u["split"], part["part"])
            cur = locate(u["unit"], u["split"], part["part"])
            if cur is None or not cur.exists():
                raise InputError(f"shard part {part['part']} of unit {u['unit']} is missing; rerun the build", file=src)
            if cur != src and cur != new[key]:
                _move_shard(cur, src)
            located[key] = (u, part, src)
    write_json_atomic(
        out / ".build" / "finalized.json",
        {f"{unit}/{name}": str(p.relative_to(out)) for (unit, name), p in new.items()},
    )
    shards = []
    for key, (u, part, src) in located.items():
        dst = new[key]
        if src.exists():
            _move_shard(src, dst)
        shards.append(
            {
                "path": str(dst.relative_to(out)),
                "split": u["split"],
                "source": source,
                "samples": part["samples"],
                "bytes": part["bytes"],
                "sha256": part["sha256"],
                "index": str(index_path(dst).relative_to(out)),
                "unit": u["unit"],
                "part": int(part["part"].rsplit("-", 1)[-1].split(".")[0]),
            }
        )
    targets = set(new.values())
    for split in {u["split"] for u in plan["units"]}:
        for stale in (out / split).glob(f"{source}-{split}-*.tar"):
            if stale not in targets:
                stale.unlink()
        for stale in (out / split).glob(f"{source}-{split}-*.idx"):
            if stale.with_suffix(".tar") not in targets:
                stale.unlink()
        parts_dir = out / split / ".parts"
        if parts_dir.exists() and not any(parts_dir.iterdir()):
            parts_dir.rmdir()
    summary = build_summary(plan, list(records.values()), duplicates)
    manifest = build_manifest(out, summary, list(records.values()), shards, build_config)
    warn_dropped_fields(summary["dropped_fields"], summary["studies_read"])
    # before the manifest is written: a systematic failure never looks like a finished build (a rerun with a
    # higher share finalizes the same units without rebuilding them)
    share = build_config.get("max_quarantine_share", 1.0) if max_quarantine_share is None else max_quarantine_share
    check_quarantine_share(manifest["quarantine"], manifest["totals"]["studies_read"], share, file=out)
    write_json_atomic(out / "manifest.json", manifest)
    return manifest


def _move_shard(src: Path, dst: Path) -> None:
    """Rename a shard and its offset index (the index first: a tar in place always has its index beside it)."""
    if index_path(src).exists():
        os.replace(index_path(src), index_path(dst))
    os.replace(src, dst)


def build_summary(plan: dict, records: list[dict], duplicates: Counter) -> dict:
    """The plan's counts with what the workers counted added: PHI redactions, dropped fields, duplicates."""
    phi: Counter = Counter()
    dropped: Counter = Counter(plan.get("dropped_fields", {}))
    for rec in records:
        phi.update(rec.get("phi_redactions", {}))
        dropped.update(rec.get("dropped_fields", {}))
    return {
        **plan,
        "duplicates": {s: duplicates[s] for s in SPLITS if duplicates[s]},
        "phi_redactions": dict(phi),
        "dropped_fields": dict(dropped),
    }


def warn_dropped_fields(dropped: dict, studies_read: int, share: float = 0.5) -> None:
    for column, n in dropped.items():
        if n > share * studies_read:
            log.warning(
                "%d of %d studies had an unparseable %r (dropped, studies kept): if it is a date, "
                "give its format with --date-format (e.g. %%m/%%d/%%Y)",
                n,
                studies_read,
                column,
            )
