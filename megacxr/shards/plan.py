"""Planning a shard build: read a source, clean and screen the text, split by patient, dedup, cut into units.

Planning touches only metadata and report text (cheap); images are decoded later by the workers. The plan is
deterministic for a given input, configuration and salt: studies are ordered by their opaque key inside each
split and cut into units of at most ``shard_samples`` studies. Every unit becomes one shard (or a few when
the byte cap splits it), and a unit is the granule of parallelism, partitioning and resume.
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
from megacxr.shards.phi import PhiScreen
from megacxr.shards.record import SPLITS, VIEW_PRIORITY, StudyRecord
from megacxr.shards.sources import open_source
from megacxr.shards.textclean import clean_study_text

log = logging.getLogger("megacxr.shards")

# A patient whose studies carry different official splits goes to the most held-out one.
_SPLIT_RANK = {"train": 0, "validate": 1, "test": 2}


@dataclass
class PlannedImage:
    path: str
    rel: str
    view: str
    image_id: str | None


@dataclass
class PlannedStudy:
    """Everything a worker needs to write one sample (no raw identifiers except in ``ref``/paths)."""

    key: str
    split: str
    text: str
    meta: dict  # the sample json, minus the image entries the worker adds
    images: list[PlannedImage]
    ref: str  # quarantine pointer (relative path or table row)


@dataclass
class Unit:
    split: str
    index: int  # position within the split
    studies: list[PlannedStudy]

    @property
    def name(self) -> str:
        return f"{self.split}-{self.index:06d}"


@dataclass
class Plan:
    units: list[Unit]
    quarantine: list[dict] = field(default_factory=list)
    duplicates: Counter = field(default_factory=Counter)
    phi_counts: Counter = field(default_factory=Counter)
    split_conflicts: int = 0
    studies_read: int = 0
    dropped_fields: Counter = field(default_factory=Counter)
    fingerprint: str = ""


def quarantine_entry(source: str, reason: str, field_name: str, ref: str, scope: str = "study") -> dict:
    return {"source": source, "reason": reason, "field": field_name, "ref": ref, "scope": scope}


def _phi_enabled(cfg: ShardBuildConfig) -> bool:
    return cfg.phi.enabled if cfg.phi.enabled is not None else cfg.source == "csv"


def _ordered_images(rec: StudyRecord, max_views: int) -> list[PlannedImage]:
    imgs = sorted(rec.images, key=lambda im: (VIEW_PRIORITY.get(im.view, 5), im.rel))
    return [PlannedImage(str(im.path), im.rel, im.view, im.image_id) for im in imgs[:max_views]]


def _screen(rec: StudyRecord, screen, plan: Plan) -> int:
    """Redact identifiers from the report and every section in place; return the residual count."""
    residual = 0
    if rec.report:
        res = screen.screen(rec.report)
        rec.report, residual = res.text, residual + res.residual
        plan.phi_counts.update(res.counts)
    for name, text in list(rec.sections.items()):
        if text:
            res = screen.screen(text)
            rec.sections[name], residual = res.text, residual + res.residual
            plan.phi_counts.update(res.counts)
    return residual


def contain_images(rec: StudyRecord, root: str) -> bool:
    """Resolve every image path of ``rec`` (symlinks followed, ``..`` removed) in place; False when one of them
    lies outside ``root`` (itself resolved), whatever the reader made of the reference."""
    for im in rec.images:
        real = os.path.realpath(im.path)
        if os.path.commonpath([root, real]) != root:
            return False
        im.path = Path(real)
    return True


def make_plan(cfg: ShardBuildConfig, salt: bytes) -> Plan:
    reader = open_source(
        cfg.source, Path(cfg.images), Path(cfg.reports) if cfg.reports else None, dict(cfg.columns), cfg.date_format
    )
    reader.validate()
    screen = None
    if _phi_enabled(cfg):
        screen = PhiScreen(cfg.phi, deid_token=cfg.text.deid_token)

    plan = Plan(units=[])
    root = os.path.realpath(reader.images)
    hospital = cfg.source == "csv"
    candidates: list[tuple[StudyRecord, PlannedStudy, str | None]] = []
    bar = tqdm(desc="reading reports", unit=" studies", disable=not cfg.progress, mininterval=1.0)
    for rec in reader:
        bar.update(1)
        plan.studies_read += 1
        if cfg.limit is not None and plan.studies_read > cfg.limit:
            plan.studies_read -= 1
            break
        if not contain_images(rec, root):
            plan.quarantine.append(quarantine_entry(rec.source, "path_outside_root", "image", rec.ref))
            continue
        if rec.problem:
            plan.quarantine.append(quarantine_entry(rec.source, rec.problem[0], rec.problem[1], rec.ref))
            continue
        if not rec.images:
            plan.quarantine.append(quarantine_entry(rec.source, "no_images", "image", rec.ref))
            continue
        if screen is not None and _screen(rec, screen, plan) > cfg.phi.max_residual:
            plan.quarantine.append(quarantine_entry(rec.source, "phi_residual", "report", rec.ref))
            continue
        ct = clean_study_text(rec.report, dict(rec.sections), cfg.text, rec.source)
        if ct.problem:
            plan.quarantine.append(quarantine_entry(rec.source, ct.problem[0], ct.problem[1], rec.ref))
            continue
        key = ids.sample_key(salt, rec.source, rec.study_id)
        meta = {
            "key": key,
            "study_id": ids.hash_study(salt, rec.source, rec.study_id) if hospital else rec.study_id,
            "patient": ids.hash_patient(salt, rec.source, rec.patient_id),
            "source": rec.source,
            "language": rec.language,
            "sections": ct.sections,
            "labels": rec.labels,
            "study_date": None if hospital else rec.study_date,
            "variants": [],
        }
        if not hospital and rec.extra:
            meta["extra"] = rec.extra
        study = PlannedStudy(
            key=key,
            split="",
            text=ct.text,
            meta=meta,
            images=_ordered_images(rec, cfg.image.max_views if cfg.image.extra_views else 1),
            ref=rec.ref,
        )
        candidates.append((rec, study, rec.split if cfg.split.use_official else None))
    bar.close()
    if plan.studies_read == 0:
        raise InputError(f"no studies found for source {cfg.source!r}", file=cfg.reports or cfg.images)
    plan.dropped_fields = Counter(reader.dropped_fields)
    for column, n in plan.dropped_fields.items():
        if n > cfg.max_quarantine_share * plan.studies_read:
            log.warning(
                "%d of %d studies had an unparseable %r (dropped, studies kept): if it is a date, "
                "give its format with --date-format (e.g. %%m/%%d/%%Y)",
                n,
                plan.studies_read,
                column,
            )
    check_quarantine_share(plan.quarantine, plan.studies_read, cfg.max_quarantine_share, file=cfg.reports or cfg.images)

    _assign_splits(cfg, candidates, plan)
    by_split: dict[str, list[PlannedStudy]] = defaultdict(list)
    for _, study, _ in candidates:
        by_split[study.split].append(study)
    for split in by_split:
        by_split[split].sort(key=lambda s: s.key)
        if cfg.split.dedup:
            by_split[split] = _dedup(by_split[split], plan, split, cfg.image.max_bytes)
    for split in SPLITS:
        studies = by_split.get(split, [])
        for i in range(0, len(studies), cfg.shard_samples):
            plan.units.append(Unit(split, i // cfg.shard_samples, studies[i : i + cfg.shard_samples]))
    plan.fingerprint = _fingerprint(cfg, salt, plan)
    return plan


def check_quarantine_share(quarantine: list[dict], studies: int, max_share: float, file=None) -> None:
    """InputError (exit 2) when one reason quarantines more than ``max_share`` of ``studies``: a systematic
    problem of the export (a wrong column or date format, a moved image root), not bad luck with a few files."""
    if studies <= 0 or max_share >= 1:
        return
    by_reason = Counter(q["reason"] for q in quarantine if q.get("scope", "study") == "study")
    for reason, n in by_reason.most_common(1):
        if n > max_share * studies:
            field_name = Counter(q["field"] for q in quarantine if q["reason"] == reason).most_common(1)[0][0]
            raise InputError(
                f"{n} of {studies} studies ({100 * n / studies:.0f}%) were quarantined as {reason!r}: "
                "a systematic problem with the input, not a few bad files (see `megacxr shards inspect "
                "--quarantine` on a --limit build); pass --max-quarantine-share 1 to build anyway",
                file=file,
                field=field_name,
            )


def _assign_splits(cfg, candidates, plan: Plan) -> None:
    """Official split where given, else the patient hash; then force every patient into one split."""
    patient_split: dict[str, str] = {}
    for rec, study, official in candidates:
        split = official or ids.patient_split(
            rec.source, rec.patient_id, cfg.split.validate_fraction, cfg.split.test_fraction
        )
        if split not in _SPLIT_RANK:
            raise InputError(f"unknown split value (expected one of {list(SPLITS)})", file=rec.ref, field="split")
        prev = patient_split.get(rec.patient_id)
        if prev is None or _SPLIT_RANK[split] > _SPLIT_RANK[prev]:
            patient_split[rec.patient_id] = split
    conflicts = set()
    for rec, study, official in candidates:
        final = patient_split[rec.patient_id]
        if official and official != final:
            conflicts.add(rec.patient_id)
        study.split = final
        study.meta["split"] = final
    plan.split_conflicts = len(conflicts)


def _dedup(studies: list[PlannedStudy], plan: Plan, split: str, max_bytes: int = 0) -> list[PlannedStudy]:
    """Drop exact duplicates: same training text and same image bytes. Only studies that share their text
    are hashed, so the cost is proportional to the duplicated texts, not the dataset."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(studies):
        by_text[s.text].append(i)
    drop = set()
    for idxs in by_text.values():
        if len(idxs) < 2:
            continue
        seen: dict[str, int] = {}
        for i in idxs:
            digest = _images_digest(studies[i], max_bytes)
            if digest is None:
                continue  # unreadable: the worker will quarantine it with its reason
            if digest in seen:
                drop.add(i)
            else:
                seen[digest] = i
    plan.duplicates[split] += len(drop)
    return [s for i, s in enumerate(studies) if i not in drop]


def _images_digest(study: PlannedStudy, max_bytes: int) -> str | None:
    sha = hashlib.sha256()
    try:
        for im in study.images:
            if max_bytes and os.path.getsize(im.path) > max_bytes:
                return None  # the worker quarantines it as oversized_image
            with open(im.path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    sha.update(chunk)
            sha.update(b"\x00")
    except OSError:
        return None
    return sha.hexdigest()


def _fingerprint(cfg: ShardBuildConfig, salt: bytes, plan: Plan) -> str:
    """Identity of what the build will write: content config, salt and the exact unit membership."""
    content_cfg = to_dict(cfg)
    for k in (
        "out",
        "workers",
        "num_partitions",
        "partition",
        "progress",
        "salt_file",
        "images",
        "reports",
        "max_quarantine_share",
    ):
        content_cfg.pop(k, None)
    sha = hashlib.sha256(json.dumps(content_cfg, sort_keys=True).encode())
    sha.update(ids.salt_fingerprint(salt).encode())
    for unit in plan.units:
        sha.update(unit.name.encode())
        for s in unit.studies:
            sha.update(s.key.encode())
            sha.update(hashlib.sha256(s.text.encode()).digest())
    return sha.hexdigest()[:24]
