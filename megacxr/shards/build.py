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

import ctypes
import ctypes.util
import json
import logging
import multiprocessing as mp
import os
import signal
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tqdm import tqdm

from megacxr.config import to_dict
from megacxr.errors import InputError
from megacxr.shards import ids
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.images import ImageError, process_image
from megacxr.shards.manifest import build_manifest, write_json_atomic
from megacxr.shards.plan import Plan, Unit, check_quarantine_share, make_plan, quarantine_entry
from megacxr.shards.tario import TarShardWriter, file_sha256, sample_member_bytes

log = logging.getLogger("megacxr.shards")

_progress_counter = None  # set in worker processes: a shared count of studies done


def _init_worker(counter, parent: int | None = None) -> None:
    global _progress_counter
    _progress_counter = counter
    if parent is not None:
        _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A worker outliving a killed build would keep writing parts under the rerun's feet: on Linux ask the
    kernel to SIGKILL it when the parent dies (prctl PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def part_path(out: Path, source: str, split: str, index: int, k: int) -> Path:
    return out / split / ".parts" / f"{source}-{split}-{index:06d}-{k:02d}.tar"


def final_path(out: Path, source: str, split: str, number: int) -> Path:
    return out / split / f"{source}-{split}-{number:06d}.tar"


def record_path(out: Path, unit_name: str) -> Path:
    return out / ".build" / "units" / f"{unit_name}.json"


def _study_ref(study, im) -> str:
    # public sources: the image's relative path; a hospital export: its table row (paths can carry MRNs)
    return im.rel if study.meta["source"] != "csv" else study.ref


def _encode_sample(study, cfg: ShardBuildConfig, quarantine: list[dict]) -> tuple[dict[str, bytes], str] | None:
    """Decode/resize/encode a study's images: (sample, primary view), or None (and a quarantine entry) if the
    primary image fails. Any failure of one image's decode, MemoryError included, is that image's problem:
    ``decode_error`` with the exception's type only (its message may quote a header value or a path)."""
    sample: dict[str, bytes] = {"__key__": study.key}
    views = []
    for im in study.images:
        try:
            enc = process_image(Path(im.path), cfg.image)
        except Exception as exc:  # MemoryError included
            reason = exc.reason if isinstance(exc, ImageError) else "decode_error"
            if not isinstance(exc, ImageError):
                log.warning("decode_error (%s) in %s", type(exc).__name__, _study_ref(study, im))
            quarantine.append(
                quarantine_entry(
                    study.meta["source"], reason, "image", _study_ref(study, im), *(() if not views else ("view",))
                )
            )
            if not views:  # the primary image: the study cannot be used
                return None
            continue
        name = enc.ext if not views else f"view{len(views)}.{enc.ext}"
        sample[name] = enc.data
        views.append(
            {
                "key": name,
                "view": im.view,
                "width": enc.width,
                "height": enc.height,
                "orig_width": enc.orig_width,
                "orig_height": enc.orig_height,
                "bits": enc.bits,
            }
        )
    meta = dict(study.meta)
    meta["view"] = views[0]["view"]
    meta["views"] = views
    sample["txt"] = study.text.encode("utf-8")
    sample["json"] = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return sample, meta["view"]


def marker_path(out: Path, unit_name: str) -> Path:
    """Which study of the unit a worker is decoding now: read back when the worker dies (killed, aborted)."""
    return out / ".build" / "units" / f"{unit_name}.current"


def build_unit(args) -> dict:
    """Worker: write one unit's shard part(s) and its done-record; returns the record.

    ``poisoned``: indexes of studies during whose decode a worker died before; they are quarantined as
    ``decode_error`` without being decoded again."""
    unit, cfg, out, *rest = args
    poisoned = rest[0] if rest else frozenset()
    out = Path(out)
    for stale in (out / unit.split / ".parts").glob(f"{cfg.source}-{unit.split}-{unit.index:06d}-*"):
        stale.unlink()
    marker = marker_path(out, unit.name)
    marker.parent.mkdir(parents=True, exist_ok=True)
    quarantine: list[dict] = []
    parts, views, k = [], Counter(), 0
    writer = None
    try:
        for i, study in enumerate(unit.studies):
            if i in poisoned:
                quarantine.append(
                    quarantine_entry(study.meta["source"], "decode_error", "image", _study_ref(study, study.images[0]))
                )
                encoded = None
            else:
                marker.write_text(str(i))
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
    record = {
        "unit": unit.name,
        "split": unit.split,
        "index": unit.index,
        "planned": len(unit.studies),
        "parts": parts,
        "quarantine": quarantine,
        "views": dict(views),
    }
    write_json_atomic(record_path(out, unit.name), record)
    marker.unlink(missing_ok=True)
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
                raise InputError(
                    "this directory holds a build of a different configuration or different "
                    "source data; pass --overwrite to replace it or choose another --out",
                    file=out,
                )
            _wipe(out)
    summary = {
        "fingerprint": plan.fingerprint,
        "units": [{"unit": u.name, "split": u.split, "index": u.index, "studies": len(u.studies)} for u in plan.units],
        "quarantine": plan.quarantine,
        "duplicates": dict(plan.duplicates),
        "phi_redactions": dict(plan.phi_counts),
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
        return {
            "partition": cfg.partition,
            "num_partitions": cfg.num_partitions,
            "units_built": len(todo),
            "units_skipped": skipped,
            "units_done": done,
            "units_total": len(plan.units),
            "seconds": elapsed,
        }
    manifest = finalize(out, cfg, cfg.max_quarantine_share)
    manifest["build_seconds"] = elapsed
    return manifest


def _run_units(todo: list[Unit], cfg: ShardBuildConfig, out: Path) -> None:
    """Build ``todo`` in worker processes. A worker that dies (killed for memory, a decoder's abort) loses only
    the study it was decoding: its units are rebuilt one at a time, and the study the dead worker's marker
    names is quarantined as ``decode_error``."""
    total = sum(len(u.studies) for u in todo)
    if not total:
        return
    workers = cfg.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(todo)))
    bar = tqdm(
        total=total, desc="building shards", unit=" studies", disable=not cfg.progress, mininterval=0.5, smoothing=0.1
    )
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    counter = ctx.Value("q", 0)
    # Largest units first (the partly filled last unit of each split goes last) so both cores stay busy to the end.
    todo = sorted(todo, key=lambda u: -len(u.studies))
    failed = _run_pool(todo, cfg, out, workers, ctx, counter, bar, {})
    poisoned: dict[str, set[int]] = {}
    for unit in failed:  # alone now: when a worker dies, its marker names the study it was decoding
        while _run_pool([unit], cfg, out, 1, ctx, counter, bar, poisoned):
            marker = marker_path(out, unit.name)
            index = int(marker.read_text()) if marker.exists() else None
            if index is None or index in poisoned.get(unit.name, ()):
                raise RuntimeError(f"a shard-build worker died outside any study's decode (unit {unit.name})")
            poisoned.setdefault(unit.name, set()).add(index)
            log.warning(
                "a worker died while decoding study %d of unit %s: quarantined as decode_error", index, unit.name
            )
    bar.update(counter.value - bar.n)
    bar.close()


def _run_pool(
    units: list[Unit], cfg: ShardBuildConfig, out: Path, workers: int, ctx, counter, bar, poisoned: dict[str, set[int]]
) -> list[Unit]:
    """Run ``units`` on a fresh pool; returns those whose worker died (the pool breaks as a whole)."""
    failed = []
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker, initargs=(counter, os.getpid())
    ) as pool:
        futures = {pool.submit(build_unit, (u, cfg, str(out), frozenset(poisoned.get(u.name, ())))): u for u in units}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in done:
                try:
                    fut.result()
                except BrokenProcessPool:
                    failed.append(futures[fut])
            bar.update(counter.value - bar.n)
    return failed


def finalize(out: Path, cfg: ShardBuildConfig | None = None, max_quarantine_share: float | None = None) -> dict:
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
        raise InputError(
            f"{len(missing)} unit(s) not built yet (first: {missing[0]}); run the remaining "
            "partitions, then `megacxr shards merge`",
            file=out,
        )
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
    write_json_atomic(
        out / ".build" / "finalized.json", {f"{unit}/{k}": str(p.relative_to(out)) for (unit, k), p in new.items()}
    )
    shards = []
    for (unit, k), (u, part, src) in located.items():
        dst = new[(unit, k)]
        if src.exists():
            os.replace(src, dst)
        shards.append(
            {
                "path": str(dst.relative_to(out)),
                "split": u["split"],
                "source": source,
                "samples": part["samples"],
                "bytes": part["bytes"],
                "sha256": part["sha256"],
                "unit": unit,
                "part": k,
            }
        )
    targets = set(new.values())
    for split in {u["split"] for u, _ in records}:
        for stale in (out / split).glob(f"{source}-{split}-*.tar"):
            if stale not in targets:
                stale.unlink()
        parts_dir = out / split / ".parts"
        if parts_dir.exists() and not any(parts_dir.iterdir()):
            parts_dir.rmdir()
    manifest = build_manifest(out, plan, [r for _, r in records], shards, build_config)
    # before the manifest is written: a systematic failure never looks like a finished build (a rerun with a
    # higher share finalizes the same units without rebuilding them)
    share = build_config.get("max_quarantine_share", 1.0) if max_quarantine_share is None else max_quarantine_share
    check_quarantine_share(manifest["quarantine"], manifest["totals"]["studies_read"], share, file=out)
    write_json_atomic(out / "manifest.json", manifest)
    return manifest
