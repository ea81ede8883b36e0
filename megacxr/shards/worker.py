"""A shard-build worker: one unit of the plan in, its shard part(s) and its done-record out.

The worker receives its unit (the unit's study stubs, the build configuration, the salt), never the plan, so
its memory does not grow with the size of the build. For each study it loads the record from the source (the
report text, image paths checked on disk), prepares it (containment, PHI screen, cleaning: ``Preparer``),
reads each image's bytes once, hashes them for dedup, decodes, resizes and encodes them, and writes the
sample. Exact duplicates (same training text and image bytes in one split) are not decided here: a worker
sees one unit, so it records each study's content digest and ``megacxr.shards.dedup`` settles them across
all units at finalize.

The done-record (``.build/units/{unit}.json``) lists the parts (sample count, bytes, sha256, mtime), the
quarantined studies with their positions in the unit, the PHI redaction and dropped-field counts, and one
``[position, key, digest, part, view]`` row per study whose images could all be read.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import logging
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.images import ImageError, process_image_bytes, read_image_bytes
from megacxr.shards.manifest import write_json_atomic
from megacxr.shards.plan import Unit, open_reader
from megacxr.shards.prepare import PlannedStudy, Preparer, quarantine_entry
from megacxr.shards.tario import TarShardWriter, sample_member_bytes

log = logging.getLogger("megacxr.shards")

_progress_counter = None  # set in worker processes: a shared count of studies done
_started = None  # set in worker processes: a shared count of workers started


@dataclass
class UnitJob:
    """What a worker receives: its unit and what it needs to build it, nothing of the rest of the plan."""

    unit: Unit
    cfg: ShardBuildConfig
    out: str
    salt: bytes
    poisoned: frozenset[int] = field(default_factory=frozenset)  # positions whose decode killed a worker before


def init_worker(counter, started=None, parent: int | None = None) -> None:
    global _progress_counter, _started
    _progress_counter, _started = counter, started
    if parent is not None:
        _die_with_parent(parent)
    if started is not None:
        with started.get_lock():
            started.value += 1


def wait_for_workers(n: int, timeout: float = 60.0) -> int:
    """A warm-up task: returns once ``n`` workers have started (so that a pool forks all its workers at once,
    whatever the executor's spawning policy), or after ``timeout``."""
    deadline = time.monotonic() + timeout
    while _started is not None and _started.value < n and time.monotonic() < deadline:
        time.sleep(0.005)
    return os.getpid()


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


# ------------------------------------------------------------------------------------------------ layout


def part_name(source: str, split: str, index: int, k: int) -> str:
    return f"{source}-{split}-{index:06d}-{k:02d}.tar"


def part_path(out: Path, split: str, name: str) -> Path:
    return Path(out) / split / ".parts" / name


def final_path(out: Path, source: str, split: str, number: int) -> Path:
    return Path(out) / split / f"{source}-{split}-{number:06d}.tar"


def record_path(out: Path, unit_name: str) -> Path:
    return Path(out) / ".build" / "units" / f"{unit_name}.json"


def marker_path(out: Path, unit_name: str) -> Path:
    """Which study of the unit a worker is decoding now: read back when the worker dies (killed, aborted)."""
    return Path(out) / ".build" / "units" / f"{unit_name}.current"


class Marker:
    """The marker file, kept open and overwritten in place (one ``pwrite`` per study, no open or close): the
    page cache holds it when the worker is killed, which is all the parent needs to read it back."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

    def set(self, index: int) -> None:
        os.pwrite(self.fd, b"%012d" % index, 0)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def read_marker(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


# ----------------------------------------------------------------------------------------------- samples


def study_ref(study: PlannedStudy, im) -> str:
    # public sources: the image's relative path; a hospital export: its table row (paths can carry MRNs)
    return im.rel if study.meta["source"] != "csv" else study.ref


def content_digest(text: str, images_sha) -> str:
    """A study's identity for dedup: its training text and the bytes of its images (32 hex digits)."""
    text_sha = hashlib.sha256(text.encode("utf-8")).digest()
    return hashlib.sha256(text_sha + images_sha.digest()).hexdigest()[:32]


def encode_sample(
    study: PlannedStudy, cfg: ShardBuildConfig, quarantine: list[dict], decode: bool = True
) -> tuple[dict[str, bytes] | None, str | None, str | None]:
    """Read, hash and (with ``decode``) decode/resize/encode a study's images: (sample or None, its primary
    view, digest).

    Each file is read once; the digest covers the training text and every image's bytes (None when one of them
    cannot be read or is over ``image.max_bytes``). A failed primary image quarantines the study (the other
    files are still read for the digest); a failed extra view is dropped and listed with scope ``view``. Any
    failure of one image's decode, MemoryError included, is that image's problem: ``decode_error`` with the
    exception's type only (its message may quote a header value or a path)."""
    sample: dict[str, bytes] = {"__key__": study.key}
    views: list[dict] = []
    sha, readable, usable = hashlib.sha256(), True, decode
    for im in study.images:
        path = Path(im.path)
        try:
            data = read_image_bytes(path, cfg.image.max_bytes)
        except ImageError as exc:
            data, error = None, exc
            readable = False
        else:
            sha.update(data)
            sha.update(b"\x00")
        if not usable:
            continue  # the primary image failed: only the digest is left to compute
        try:
            if data is None:
                raise error
            enc = process_image_bytes(data, path.name, cfg.image)
        except Exception as exc:  # MemoryError included
            reason = exc.reason if isinstance(exc, ImageError) else "decode_error"
            if not isinstance(exc, ImageError):
                log.warning("decode_error (%s) in %s", type(exc).__name__, study_ref(study, im))
            scope = () if not views else ("view",)
            quarantine.append(quarantine_entry(study.meta["source"], reason, "image", study_ref(study, im), *scope))
            if not views:
                usable = False
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
    digest = content_digest(study.text, sha) if readable else None
    if not usable:
        return None, None, digest
    meta = dict(study.meta)
    meta["view"] = views[0]["view"]
    meta["views"] = views
    sample["txt"] = study.text.encode("utf-8")
    sample["json"] = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return sample, meta["view"], digest


# -------------------------------------------------------------------------------------------------- unit


def _tick() -> None:
    if _progress_counter is not None:
        with _progress_counter.get_lock():
            _progress_counter.value += 1


def build_unit(job: UnitJob) -> dict:
    """Write one unit's shard part(s) and its done-record; returns the record.

    Studies at ``job.poisoned`` positions killed a worker during their decode before: they are quarantined as
    ``decode_error`` without being decoded again (their bytes are still hashed, for dedup)."""
    unit, cfg, out = job.unit, job.cfg, Path(job.out)
    for stale in (out / unit.split / ".parts").glob(f"{cfg.source}-{unit.split}-{unit.index:06d}-*"):
        stale.unlink()
    marker = Marker(marker_path(out, unit.name))
    reader = open_reader(cfg)  # a fresh reader: its dropped-field counts are this unit's
    prep = Preparer(cfg, reader.images, job.salt)
    quarantine: list[dict] = []
    q_index: list[int] = []
    dedup: list[list] = []
    parts: list[dict] = []
    views: Counter = Counter()
    writer, k = None, 0
    try:
        for i, (stub, rec) in enumerate(zip(unit.studies, reader.load(unit.studies), strict=False)):
            study = prep(rec, stub.key, unit.split)
            if isinstance(study, dict):
                quarantine.append(study)
                q_index.append(i)
                _tick()
                continue
            before = len(quarantine)
            if i in job.poisoned:
                quarantine.append(
                    quarantine_entry(study.meta["source"], "decode_error", "image", study_ref(study, study.images[0]))
                )
                sample, view, digest = encode_sample(study, cfg, [], decode=False)
            else:
                marker.set(i)
                sample, view, digest = encode_sample(study, cfg, quarantine)
            q_index.extend([i] * (len(quarantine) - before))
            _tick()
            if sample is not None:
                extra = sample_member_bytes(sample)
                if writer is not None and writer.samples and writer.predicted_size(extra) > cfg.shard_bytes:
                    parts.append(_close(writer))
                    writer, k = None, k + 1
                if writer is None:
                    writer = TarShardWriter(
                        part_path(out, unit.split, part_name(cfg.source, unit.split, unit.index, k))
                    )
                writer.write(sample)
                views[view] += 1
            if digest is not None and cfg.split.dedup:  # written or not, the first study of a content claims it
                dedup.append([i, study.key, digest, writer.path.name if sample is not None else None, view])
        if writer is not None:
            parts.append(_close(writer))
            writer = None
    except BaseException:
        if writer is not None:
            writer.abort()
        marker.close()
        raise
    record = {
        "unit": unit.name,
        "split": unit.split,
        "index": unit.index,
        "planned": len(unit.studies),
        "parts": parts,
        "quarantine": quarantine,
        "quarantine_index": q_index,
        "views": dict(views),
        "phi_redactions": dict(prep.phi_counts),
        "dropped_fields": dict(reader.dropped_fields),
        "dedup": dedup,
        "dropped": [],
    }
    write_json_atomic(record_path(out, unit.name), record)
    marker.remove()
    return record


def _close(writer: TarShardWriter) -> dict:
    info = writer.close()
    return {"part": writer.path.name, **info, "mtime_ns": writer.path.stat().st_mtime_ns}
