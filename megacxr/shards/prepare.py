"""One study from loaded record to what a worker writes: containment, the reader's problems, PHI, cleaning.

``Preparer`` runs in the build worker that owns the study's unit (and, for a small sample, in the planner's
early check of a systematic problem), so the per-study text work (PHI screen, sectioning, cleaning) and the
file-metadata calls scale with the workers, and a partition does them only for its own units. Nothing here
opens an image file: containment resolves paths with one ``lstat`` per image plus one ``realpath`` per
directory (cached), not a walk of every path component per image.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from megacxr.reports.textclean import clean_study_text
from megacxr.shards import ids
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.phi import PhiScreen, phi_enabled
from megacxr.shards.record import VIEW_PRIORITY, StudyRecord

_DIR_CACHE_MAX = 4096  # directories whose resolved path is kept (one worker: a unit's studies share few)


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


def quarantine_entry(source: str, reason: str, field_name: str, ref: str, scope: str = "study") -> dict:
    return {"source": source, "reason": reason, "field": field_name, "ref": ref, "scope": scope}


class PathResolver:
    """``os.path.realpath`` of image paths with the directories' resolution cached.

    ``realpath(d/name)`` is ``realpath(d)/name`` unless ``name`` itself is a symlink (or ``.``/``..``), so one
    ``lstat`` per file and one resolution per directory give the same answer as resolving every component of
    every path. None for a path that cannot be resolved at all (a NUL byte in it)."""

    def __init__(self):
        self._dirs: dict[str, str] = {}

    def __call__(self, path) -> str | None:
        text = os.fspath(path)
        try:
            folder, name = os.path.split(text)
            if name in ("", ".", ".."):
                return os.path.realpath(text)
            real_dir = self._dirs.get(folder)
            if real_dir is None:
                if len(self._dirs) >= _DIR_CACHE_MAX:
                    self._dirs.clear()
                real_dir = self._dirs[folder] = os.path.realpath(folder)
            full = os.path.join(real_dir, name)
            try:
                if stat.S_ISLNK(os.lstat(full).st_mode):
                    return os.path.realpath(full)
            except OSError:
                pass  # absent: resolved as realpath would (the reader has already flagged it missing)
            return full
        except ValueError:  # embedded NUL
            return None


class Preparer:
    """Turns a loaded ``StudyRecord`` into a ``PlannedStudy`` or a quarantine entry, in the order of checks the
    builder has always applied: an image outside the image root, the reader's problem, no images, PHI left
    after redaction, too little text. Counts redactions in ``phi_counts``."""

    def __init__(self, cfg: ShardBuildConfig, images_root, salt: bytes):
        self.cfg = cfg
        self.root = os.path.realpath(images_root)
        self.salt = salt
        self.screen = PhiScreen(cfg.phi, deid_token=cfg.text.deid_token) if phi_enabled(cfg.phi, cfg.source) else None
        self.resolve = PathResolver()
        self.phi_counts: Counter = Counter()
        self.max_views = cfg.image.max_views if cfg.image.extra_views else 1

    def __call__(self, rec: StudyRecord, key: str, split: str) -> PlannedStudy | dict:
        cfg = self.cfg
        if not self._contain(rec):
            return quarantine_entry(rec.source, "path_outside_root", "image", rec.ref)
        if rec.problem:
            return quarantine_entry(rec.source, rec.problem[0], rec.problem[1], rec.ref)
        if not rec.images:
            return quarantine_entry(rec.source, "no_images", "image", rec.ref)
        if self.screen is not None and self._screen(rec) > cfg.phi.max_residual:
            return quarantine_entry(rec.source, "phi_residual", "report", rec.ref)
        ct = clean_study_text(rec.report, dict(rec.sections), cfg.text, rec.source)
        if ct.problem:
            return quarantine_entry(rec.source, ct.problem[0], ct.problem[1], rec.ref)
        hospital = rec.source == "csv"
        meta = {
            "key": key,
            "study_id": ids.hash_study(self.salt, rec.source, rec.study_id) if hospital else rec.study_id,
            "patient": ids.hash_patient(self.salt, rec.source, rec.patient_id),
            "source": rec.source,
            "language": rec.language,
            "sections": ct.sections,
            "labels": rec.labels,
            "study_date": None if hospital else rec.study_date,
            "variants": [],
            "split": split,
        }
        if not hospital and rec.extra:
            meta["extra"] = rec.extra
        return PlannedStudy(key=key, split=split, text=ct.text, meta=meta, images=self._ordered(rec), ref=rec.ref)

    def _contain(self, rec: StudyRecord) -> bool:
        """Resolve every image path (symlinks followed, ``..`` removed) in place; False when one lies outside
        the image root, whatever the reader made of the reference. A path that cannot be resolved at all is
        left as it is: the reader has marked it missing."""
        for im in rec.images:
            real = self.resolve(im.path)
            if real is None:
                continue
            if os.path.commonpath([self.root, real]) != self.root:
                return False
            im.path = Path(real)
        return True

    def _screen(self, rec: StudyRecord) -> int:
        """Redact identifiers from the report and every section in place; return the residual count."""
        residual = 0
        if rec.report:
            res = self.screen.screen(rec.report)
            rec.report, residual = res.text, residual + res.residual
            self.phi_counts.update(res.counts)
        for name, text in list(rec.sections.items()):
            if text:
                res = self.screen.screen(text)
                rec.sections[name], residual = res.text, residual + res.residual
                self.phi_counts.update(res.counts)
        return residual

    def _ordered(self, rec: StudyRecord) -> list[PlannedImage]:
        imgs = sorted(rec.images, key=lambda im: (VIEW_PRIORITY.get(im.view, 5), im.rel))
        return [PlannedImage(str(im.path), im.rel, im.view, im.image_id) for im in imgs[: self.max_views]]
