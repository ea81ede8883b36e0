"""Planning a shard build: scan a source, split by patient, order by key, cut into units.

Planning reads tables and ids, never an image and never a report file (DESIGN.md, Scale): the reader's
``scan()`` yields one light ``StudyStub`` per study; every study gets its opaque key and its patient-level split;
each split is ordered by key and cut into units of at most ``shard_samples`` studies. A unit is the granule of
parallelism, partitioning and resume, and its membership depends on nothing but the scan, so every partition
of a SLURM array cuts the same units and builds only its own (``unit % num_partitions == partition``).

Everything per study that costs more than an id (loading the report, checking image paths, the PHI screen,
cleaning, decoding, the content hash for dedup) happens in the build worker that owns the unit
(``megacxr.shards.worker``); a study quarantined there leaves its unit one sample short, and exact duplicates
are settled across all units when the build is finalized (``megacxr.shards.dedup``).

Before a build starts, ``probe`` prepares an evenly spread sample of the studies about to be built (no image is
opened) so that a systematic problem of the export (a moved image root, a wrong report column) stops the build
at once instead of after every worker has run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from megacxr.config import to_dict
from megacxr.errors import InputError
from megacxr.shards import ids
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.prepare import Preparer, quarantine_entry
from megacxr.shards.record import SPLITS, StudyStub
from megacxr.shards.sources import SourceReader, open_source

log = logging.getLogger("megacxr.shards")

# A patient whose studies carry different official splits goes to the most held-out one.
_SPLIT_RANK = {"train": 0, "validate": 1, "test": 2}
PROBE_STUDIES = 256  # studies prepared by the planner's early check of a systematic problem
# Configuration that does not change what is written (where it goes, how fast, how loud, the guard's level).
_RUN_KEYS = ("out", "workers", "num_partitions", "partition", "progress", "salt_file", "images", "reports")


@dataclass
class Unit:
    split: str
    index: int  # position within the split
    studies: list[StudyStub]

    @property
    def name(self) -> str:
        return f"{self.split}-{self.index:06d}"


@dataclass
class Plan:
    units: list[Unit]
    quarantine: list[dict] = field(default_factory=list)  # studies the scan could not even group
    split_conflicts: int = 0
    studies_read: int = 0
    dropped_fields: Counter = field(default_factory=Counter)
    fingerprint: str = ""


def open_reader(cfg: ShardBuildConfig) -> SourceReader:
    return open_source(
        cfg.source, Path(cfg.images), Path(cfg.reports) if cfg.reports else None, dict(cfg.columns), cfg.date_format
    )


def make_plan(cfg: ShardBuildConfig, salt: bytes, reader: SourceReader | None = None) -> Plan:
    reader = reader or open_reader(cfg)
    reader.validate()
    plan = Plan(units=[])
    candidates: list[StudyStub] = []
    bar = tqdm(desc="scanning the source", unit=" studies", disable=not cfg.progress, mininterval=1.0)
    for stub in reader.scan():
        if cfg.limit is not None and plan.studies_read >= cfg.limit:
            break
        bar.update(1)
        plan.studies_read += 1
        rec = stub.record
        if rec is not None and rec.problem and not rec.images:
            # nothing to load or contain: quarantined exactly as a worker would
            plan.quarantine.append(quarantine_entry(rec.source, rec.problem[0], rec.problem[1], rec.ref))
            continue
        stub.key = ids.sample_key(salt, reader.name, stub.study_id)
        if not cfg.split.use_official:
            stub.split = None
        candidates.append(stub)
    bar.close()
    if plan.studies_read == 0:
        raise InputError(f"no studies found for source {cfg.source!r}", file=cfg.reports or cfg.images)
    plan.dropped_fields = Counter(reader.dropped_fields)
    check_quarantine_share(plan.quarantine, plan.studies_read, cfg.max_quarantine_share, file=cfg.reports or cfg.images)

    by_split = _assign_splits(cfg, reader.name, candidates, plan)
    for split in SPLITS:
        studies = sorted(by_split.get(split, []), key=lambda s: s.key)
        for i in range(0, len(studies), cfg.shard_samples):
            plan.units.append(Unit(split, i // cfg.shard_samples, studies[i : i + cfg.shard_samples]))
    plan.fingerprint = _fingerprint(cfg, salt, plan)
    return plan


def check_quarantine_share(
    quarantine: list[dict], studies: int, max_share: float, file=None, sample: bool = False
) -> None:
    """InputError (exit 2) when one reason quarantines more than ``max_share`` of ``studies``: a systematic
    problem of the export (a wrong column or date format, a moved image root), not bad luck with a few files.
    ``sample``: ``studies`` is the planner's probe, not the whole build."""
    if studies <= 0 or max_share >= 1:
        return
    by_reason = Counter(q["reason"] for q in quarantine if q.get("scope", "study") == "study")
    for reason, n in by_reason.most_common(1):
        if n > max_share * studies:
            field_name = Counter(q["field"] for q in quarantine if q["reason"] == reason).most_common(1)[0][0]
            what = f"{n} of {studies} studies" + (" checked before the build" if sample else "")
            raise InputError(
                f"{what} ({100 * n / studies:.0f}%) were quarantined as {reason!r}: "
                "a systematic problem with the input, not a few bad files (see `megacxr shards inspect "
                "--quarantine` on a --limit build); pass --max-quarantine-share 1 to build anyway",
                file=file,
                field=field_name,
            )


def probe(cfg: ShardBuildConfig, salt: bytes, units: list[Unit], n: int = PROBE_STUDIES) -> None:
    """Prepare (load, contain, screen, clean; no image opened) an evenly spread sample of the studies of
    ``units`` and stop with exit 2 when one quarantine reason takes more than the allowed share of it."""
    stubs = [(u.split, s) for u in units for s in u.studies]
    if not stubs or cfg.max_quarantine_share >= 1:
        return
    step = max(1, len(stubs) // n)
    sample = stubs[::step][:n]
    reader = open_reader(cfg)
    prep = Preparer(cfg, reader.images, salt)
    quarantine = []
    for (split, stub), rec in zip(sample, reader.load(s for _, s in sample), strict=False):
        result = prep(rec, stub.key, split)
        if isinstance(result, dict):
            quarantine.append(result)
    check_quarantine_share(
        quarantine,
        len(sample),
        cfg.max_quarantine_share,
        file=cfg.reports or cfg.images,
        sample=len(sample) < len(stubs),
    )


def _assign_splits(cfg, source: str, candidates: list[StudyStub], plan: Plan) -> dict[str, list[StudyStub]]:
    """Official split where given, else the patient hash; then force every patient into one split."""
    patient_split: dict[str, str] = {}
    for stub in candidates:
        split = stub.split or ids.patient_split(
            source, stub.patient_id, cfg.split.validate_fraction, cfg.split.test_fraction
        )
        if split not in _SPLIT_RANK:
            raise InputError(f"unknown split value (expected one of {list(SPLITS)})", file=stub.ref, field="split")
        prev = patient_split.get(stub.patient_id)
        if prev is None or _SPLIT_RANK[split] > _SPLIT_RANK[prev]:
            patient_split[stub.patient_id] = split
    conflicts = set()
    by_split: dict[str, list[StudyStub]] = defaultdict(list)
    for stub in candidates:
        final = patient_split[stub.patient_id]
        if stub.split and stub.split != final:
            conflicts.add(stub.patient_id)
        stub.split = final
        by_split[final].append(stub)
    plan.split_conflicts = len(conflicts)
    return by_split


def content_config(cfg: ShardBuildConfig) -> dict:
    """The configuration that decides what the build writes."""
    content = to_dict(cfg)
    for k in (*_RUN_KEYS, "max_quarantine_share"):
        content.pop(k, None)
    return content


def _fingerprint(cfg: ShardBuildConfig, salt: bytes, plan: Plan) -> str:
    """Identity of what the build will write: content config, salt, the exact unit membership and, where the
    scan read it anyway (a table's report cell), each study's content digest."""
    sha = hashlib.sha256(json.dumps(content_config(cfg), sort_keys=True).encode())
    sha.update(ids.salt_fingerprint(salt).encode())
    for unit in plan.units:
        sha.update(unit.name.encode())
        for s in unit.studies:
            sha.update(s.key.encode())
            sha.update(s.digest or b"-")
    return sha.hexdigest()[:24]


def input_stamp(cfg: ShardBuildConfig, salt: bytes, reader: SourceReader) -> str | None:
    """Identity of a scan's inputs without scanning: content config, salt, and the size and modification time
    of every file the scan reads. None where the reader cannot name those files (then every run scans)."""
    files = reader.input_files()
    if not files:
        return None
    sha = hashlib.sha256(json.dumps(content_config(cfg), sort_keys=True).encode())
    sha.update(ids.salt_fingerprint(salt).encode())
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            return None
        sha.update(f"{os.path.realpath(path)}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
    return sha.hexdigest()[:24]
