"""``megacxr shards build``: plan, write units in parallel, finalize shard names, write the manifest.

State on disk, all under OUT:
- ``.build/plan.json``: the plan's fingerprint and planning-time counts (identical on every partition);
- ``{split}/.parts/{source}-{split}-{unit:06d}-{k:02d}.tar``: a unit's shard(s), each renamed from ``.tmp``
  only when complete;
- ``.build/units/{split}-{unit:06d}.json``: a unit's done-record (parts with sample counts, bytes, sha256,
  quarantined studies), written atomically after its parts; a unit without one is rebuilt from scratch;
- ``{split}/{source}-{split}-%06d.tar``: final shards, numbered in plan order by ``finalize`` (idempotent);
- ``manifest.json``: written last, after every shard is in place, so it never claims an incomplete shard.

A rerun with the same plan skips every unit whose parts are present and match their recorded sha256.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import time
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from megacxr.config import to_dict
from megacxr.errors import InputError
from megacxr.shards import ids
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.manifest import build_manifest, write_json_atomic
from megacxr.shards.plan import Plan, Unit, make_plan, quarantine_entry
from megacxr.shards.tario import TarShardWriter, file_sha256, sample_member_bytes

log = logging.getLogger("megacxr.shards")

_progress_counter = None  # set in worker processes: a shared count of studies done


def _init_worker(counter) -> None:
    global _progress_counter
    _progress_counter = counter


def part_path(out: Path, source: str, split: str, index: int, k: int) -> Path:
    return out / split / ".parts" / f"{source}-{split}-{index:06d}-{k:02d}.tar"


def final_path(out: Path, source: str, split: str, number: int) -> Path:
    return out / split / f"{source}-{split}-{number:06d}.tar"


def record_path(out: Path, unit_name: str) -> Path:
    return out / ".build" / "units" / f"{unit_name}.json"


def _encode_sample(study, cfg: ShardBuildConfig, quarantine: list[dict]) -> tuple[dict[str, bytes], str] | None:
    """Decode/resize/encode a study's images: (sample, primary view), or None (and a quarantine entry) if the
    primary image fails."""
    from megacxr.shards.images import ImageError, process_image

    sample: dict[str, bytes] = {"__key__": study.key}
    views = []
    for im in study.images:
        try:
            enc = process_image(Path(im.path), cfg.image)
        except ImageError as exc:
            if not views:  # the primary image: the study cannot be used
                quarantine.append(quarantine_entry(study.meta["source"], exc.reason, "image", im.rel if
                                                   study.meta["source"] != "csv" else study.ref))
                return None
            quarantine.append(quarantine_entry(study.meta["source"], exc.reason, "image",
                                               im.rel if study.meta["source"] != "csv" else study.ref, "view"))
            continue
        name = enc.ext if not views else f"view{len(views)}.{enc.ext}"
        sample[name] = enc.data
        views.append({"key": name, "view": im.view, "width": enc.width, "height": enc.height,
                      "orig_width": enc.orig_width, "orig_height": enc.orig_height, "bits": enc.bits})
    meta = dict(study.meta)
    meta["view"] = views[0]["view"]
    meta["views"] = views
    sample["txt"] = study.text.encode("utf-8")
    sample["json"] = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return sample, meta["view"]


def build_unit(args) -> dict:
    """Worker: write one unit's shard part(s) and its done-record; returns the record."""
    unit, cfg, out = args
    out = Path(out)
    for stale in (out / unit.split / ".parts").glob(f"{cfg.source}-{unit.split}-{unit.index:06d}-*"):
        stale.unlink()
    quarantine: list[dict] = []
    parts, views, k = [], Counter(), 0
    writer = None
    try:
        for study in unit.studies:
            encoded = _encode_sample(study, cfg, quarantine)
            if _progress_counter is not None:
                with _progress_counter.get_lock():
                    _progress_counter.value += 1
            if encoded is None:
                continue
            sample, view = encoded
            extra = sample_member_bytes(sample)
            if writer is not None and writer.samples and writer.predicted_size(extra) > cfg.shard_bytes:
                parts.append({"part": writer.path.name, **writer.close()})
                writer, k = None, k + 1
            if writer is None:
                writer = TarShardWriter(part_path(out, cfg.source, unit.split, unit.index, k))
            writer.write(sample)
            views[view] += 1
        if writer is not None:
            parts.append({"part": writer.path.name, **writer.close()})
            writer = None
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    record = {"unit": unit.name, "split": unit.split, "index": unit.index, "planned": len(unit.studies),
              "parts": parts, "quarantine": quarantine, "views": dict(views)}
    write_json_atomic(record_path(out, unit.name), record)
    return record


def _record_valid(out: Path, cfg: ShardBuildConfig, unit: Unit, record: dict, finals: dict) -> bool:
    """A done-record counts only if every part it names is on disk (as part or final shard) and intact."""
    if record.get("planned") != len(unit.studies):
        return False
    for k, part in enumerate(record["parts"]):
        path = part_path(out, cfg.source, unit.split, unit.index, k)
        if not path.exists():
            path = finals.get((unit.name, k))
            if path is None or not path.exists():
                return False
        if path.stat().st_size != part["bytes"] or file_sha256(path) != part["sha256"]:
            return False
    return True


def _final_locations(out: Path) -> dict[tuple[str, int], Path]:
    """Where the last finalize put each (unit, part)."""
    path = out / ".build" / "finalized.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    return {(key.rsplit("/", 1)[0], int(key.rsplit("/", 1)[1])): out / rel for key, rel in data.items()}


def _prepare_out(out: Path, cfg: ShardBuildConfig, plan: Plan, salt: bytes, overwrite: bool) -> None:
    plan_file = out / ".build" / "plan.json"
    if plan_file.exists():
        old = json.loads(plan_file.read_text())
        if old.get("fingerprint") != plan.fingerprint:
            if not overwrite:
                raise InputError("this directory holds a build of a different configuration or different "
                                 "source data; pass --overwrite to replace it or choose another --out",
                                 file=out)
            _wipe(out)
    summary = {
        "fingerprint": plan.fingerprint,
        "units": [{"unit": u.name, "split": u.split, "index": u.index, "studies": len(u.studies)}
                  for u in plan.units],
        "quarantine": plan.quarantine,
        "duplicates": dict(plan.duplicates),
        "phi_redactions": dict(plan.phi_counts),
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
    import shutil

    for child in out.iterdir():
        if child.name in (".salt",):
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


def build_shards(cfg: ShardBuildConfig, overwrite: bool = False) -> dict:
    """Build (or resume) the shards of one source; returns the manifest (or a partition summary)."""
    if not cfg.out:
        raise InputError("--out is required")
    if not (0 <= cfg.partition < cfg.num_partitions):
        raise InputError(f"--partition must be in [0, {cfg.num_partitions})", field="partition")
    if cfg.num_partitions > 1 and not cfg.salt_file:
        raise InputError("a partitioned build needs the same --salt-file on every partition", field="salt_file")
    if cfg.shard_samples < 1 or cfg.shard_bytes < 4096:
        raise InputError("shard caps must be positive (shard_bytes at least 4096)", field="shard_samples")
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    salt = ids.load_or_create_salt(out, cfg.salt_file)
    plan = make_plan(cfg, salt)
    _prepare_out(out, cfg, plan, salt, overwrite)

    finals = _final_locations(out)
    mine = [u for g, u in enumerate(plan.units) if g % cfg.num_partitions == cfg.partition]
    todo, skipped = [], 0
    for unit in mine:
        rp = record_path(out, unit.name)
        if rp.exists() and _record_valid(out, cfg, unit, json.loads(rp.read_text()), finals):
            skipped += 1
        else:
            rp.unlink(missing_ok=True)
            todo.append(unit)
    if todo:
        (out / "manifest.json").unlink(missing_ok=True)  # about to change shards: never leave a stale claim
    if skipped:
        log.info("resume: %d unit(s) already complete and verified, %d to build", skipped, len(todo))
    _run_units(todo, cfg, out)
    elapsed = time.time() - t0
    if cfg.num_partitions > 1:
        done = sum(record_path(out, u.name).exists() for u in plan.units)
        return {"partition": cfg.partition, "num_partitions": cfg.num_partitions, "units_built": len(todo),
                "units_skipped": skipped, "units_done": done, "units_total": len(plan.units),
                "seconds": elapsed}
    manifest = finalize(out, cfg)
    manifest["build_seconds"] = elapsed
    return manifest


def _run_units(todo: list[Unit], cfg: ShardBuildConfig, out: Path) -> None:
    total = sum(len(u.studies) for u in todo)
    if not total:
        return
    workers = cfg.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(todo)))
    bar = tqdm(total=total, desc="building shards", unit=" studies", disable=not cfg.progress,
               mininterval=0.5, smoothing=0.1)
    if workers == 1:
        counter = mp.Value("q", 0)
        _init_worker(counter)
        try:
            for unit in todo:
                build_unit((unit, cfg, str(out)))
                bar.update(counter.value - bar.n)
        finally:
            _init_worker(None)
        bar.close()
        return
    # Largest units first (the partly filled last unit of each split goes last) so both cores stay busy to the end.
    todo = sorted(todo, key=lambda u: -len(u.studies))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    counter = ctx.Value("q", 0)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(counter,), maxtasksperchild=64) as pool:
        results = pool.imap_unordered(build_unit, [(u, cfg, str(out)) for u in todo])
        pending = len(todo)
        while pending:
            try:
                results.next(timeout=0.5)
                pending -= 1
            except mp.TimeoutError:
                pass
            bar.update(counter.value - bar.n)
        bar.update(counter.value - bar.n)
    bar.close()


def finalize(out: Path, cfg: ShardBuildConfig | None = None) -> dict:
    """Number every unit's parts in plan order, move them to their final names, write the manifest.

    Idempotent and crash-safe: the intended destinations are recorded (``.build/finalized.json``) before any
    rename, and a part is always either at its part name or at a recorded final name. Parts left at the final
    names of an earlier finalize that no longer match are first moved back to their part names, so a unit
    rebuilt with a different number of parts cannot collide with another unit's shard.
    """
    out = Path(out)
    plan = json.loads((out / ".build" / "plan.json").read_text())
    build_config = json.loads((out / ".build" / "config.json").read_text())
    source = cfg.source if cfg is not None else build_config["source"]
    records, missing = [], []
    for u in plan["units"]:
        rp = record_path(out, u["unit"])
        if rp.exists():
            records.append((u, json.loads(rp.read_text())))
        else:
            missing.append(u["unit"])
    if missing:
        raise InputError(f"{len(missing)} unit(s) not built yet (first: {missing[0]}); run the remaining "
                         "partitions, then `megacxr shards merge`", file=out)
    old = _final_locations(out)
    new: dict[tuple[str, int], Path] = {}
    counters: Counter = Counter()
    for u, rec in records:
        for k in range(len(rec["parts"])):
            new[(u["unit"], k)] = final_path(out, source, u["split"], counters[u["split"]])
            counters[u["split"]] += 1
    located = {}
    for u, rec in records:
        for k in range(len(rec["parts"])):
            src = part_path(out, source, u["split"], u["index"], k)
            cur = src if src.exists() else old.get((u["unit"], k))
            if cur is None or not cur.exists():
                raise InputError(f"shard part {k} of unit {u['unit']} is missing; rerun the build", file=src)
            if cur != src and cur != new[(u["unit"], k)]:
                os.replace(cur, src)
                cur = src
            located[(u["unit"], k)] = (u, rec["parts"][k], src)
    write_json_atomic(out / ".build" / "finalized.json",
                      {f"{unit}/{k}": str(p.relative_to(out)) for (unit, k), p in new.items()})
    shards = []
    for (unit, k), (u, part, src) in located.items():
        dst = new[(unit, k)]
        if src.exists():
            os.replace(src, dst)
        shards.append({"path": str(dst.relative_to(out)), "split": u["split"], "source": source,
                       "samples": part["samples"], "bytes": part["bytes"], "sha256": part["sha256"],
                       "unit": unit, "part": k})
    targets = set(new.values())
    for split in {u["split"] for u, _ in records}:
        for stale in (out / split).glob(f"{source}-{split}-*.tar"):
            if stale not in targets:
                stale.unlink()
        parts_dir = out / split / ".parts"
        if parts_dir.exists() and not any(parts_dir.iterdir()):
            parts_dir.rmdir()
    manifest = build_manifest(out, plan, [r for _, r in records], shards, build_config)
    write_json_atomic(out / "manifest.json", manifest)
    return manifest
