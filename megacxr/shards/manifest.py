"""``manifest.json``: the index of a shard directory, and merging the work of several partitions.

The manifest lists every shard (relative path, split, source, sample count, bytes, sha256), the counts per
split / source / view, the quarantine list (reason, field and a non-identifying reference), duplicate and PHI
redaction counts, the build configuration and the package version. Readers (the streaming pipeline,
``shards verify``) trust only what it lists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import time
from collections import Counter, defaultdict
from pathlib import Path

import megacxr
from megacxr.errors import InputError

FORMAT = "megacxr-shards"
FORMAT_VERSION = 1
SPLIT_NAMES = ("train", "validate", "test")
_PART_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.tar")  # what a unit record may name as its part
_UNIT_NAME = re.compile(r"(train|validate|test)-[0-9]{6}")


def valid_part_name(name) -> bool:
    """A unit record names its parts by a plain file name: no folder, no ``..``, nothing hidden."""
    return isinstance(name, str) and _PART_NAME.fullmatch(name) is not None and ".." not in name


def write_json_atomic(path: Path, data) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # host and pid in the temporary name: partitions on several machines may share the directory
    tmp = path.with_name(f".{path.name}.{socket.gethostname()}.{os.getpid()}.tmp")
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=False, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def shard_file(directory: str | Path, rel, index: int | None = None) -> Path:
    """The shard a manifest entry names, resolved (symlinks followed) and confined to the shard directory.

    A manifest is input like any other: an entry that is absolute, climbs out with ``..`` or through a symlink
    is refused with an InputError naming the manifest and the entry, never opened."""
    root = os.path.realpath(directory)
    where = f"shards[{index}].path" if index is not None else "shards.path"
    if not isinstance(rel, str) or not rel or "\x00" in rel:
        raise InputError("shard path is not a relative file name", file=Path(directory) / "manifest.json", field=where)
    real = os.path.realpath(os.path.join(root, rel))
    if os.path.isabs(rel) or os.path.commonpath([root, real]) != root or real == root:
        raise InputError(
            "shard path points outside the shard directory", file=Path(directory) / "manifest.json", field=where
        )
    return Path(real)


def load_manifest(directory: str | Path) -> dict:
    path = Path(directory) / "manifest.json"
    if not path.is_file():
        raise InputError("no manifest.json: not a finished megacxr shard directory", file=path)
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise InputError(f"manifest is not valid JSON ({exc.msg})", file=path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("not a megacxr shard manifest", file=path, field="format")
    version = data.get("format_version", 1)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(
            f"shard format version {version!r} is newer than this megacxr reads ({FORMAT_VERSION}); "
            "upgrade megacxr (shards/FORMAT.md, Versioning)",
            file=path,
            field="format_version",
        )
    if not isinstance(data.get("shards", []), list):
        raise InputError("shards is not a list", file=path, field="shards")
    return data


def build_manifest(out: Path, plan: dict, records: list[dict], shards: list[dict], build_config: dict) -> dict:
    by_split: Counter = Counter()
    by_split_source: dict[str, Counter] = defaultdict(Counter)
    bytes_by_split: Counter = Counter()
    for sh in shards:
        by_split[sh["split"]] += sh["samples"]
        by_split_source[sh["split"]][sh["source"]] += sh["samples"]
        bytes_by_split[sh["split"]] += sh["bytes"]
    by_view: Counter = Counter()
    quarantine = list(plan["quarantine"])
    for rec in records:
        by_view.update(rec["views"])
        quarantine.extend(rec["quarantine"])
    studies_q = Counter(q["reason"] for q in quarantine if q.get("scope", "study") == "study")
    views_q = Counter(q["reason"] for q in quarantine if q.get("scope") == "view")
    source = build_config.get("source")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "megacxr_version": megacxr.__version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "fingerprint": plan["fingerprint"],
        "salt_fingerprint": plan.get("salt_fingerprint"),
        "sources": [source] if source else [],
        "totals": {
            "samples": sum(by_split.values()),
            "shards": len(shards),
            "bytes": sum(bytes_by_split.values()),
            "studies_read": plan["studies_read"],
            "quarantined": sum(studies_q.values()),
            "duplicates_removed": sum(plan["duplicates"].values()),
        },
        "counts": {
            "by_split": dict(by_split),
            "by_source": dict(sum(by_split_source.values(), Counter())),
            "by_split_source": {k: dict(v) for k, v in by_split_source.items()},
            "by_view": dict(by_view),
            "bytes_by_split": dict(bytes_by_split),
        },
        "quarantine_counts": dict(studies_q),
        "dropped_views": dict(views_q),
        "duplicates_removed": plan["duplicates"],
        "phi_redactions": plan["phi_redactions"],
        "dropped_fields": plan.get("dropped_fields", {}),
        "split_conflicts": plan["split_conflicts"],
        "quarantine": quarantine,
        "shards": shards,
        "build_config": build_config,
    }


def merge_partitions(out: str | Path, sources: list[str | Path]) -> None:
    """Move the units built by other partitions (in their own output directories) into ``out``.

    All directories must hold the same plan (same fingerprint: same input, configuration and salt). A unit
    record is input like any other: one whose unit, split or part names are not the plain names a build
    writes is refused, naming the record and the field, and nothing outside the two folders is touched."""
    out = Path(out)
    out_plan = out / ".build" / "plan.json"
    for src in map(Path, sources):
        src_plan = src / ".build" / "plan.json"
        if not src_plan.is_file():
            raise InputError("not a partition of a megacxr build (no .build/plan.json)", file=src)
        if out_plan.exists():
            if _fingerprint_of(src_plan) != _fingerprint_of(out_plan):
                raise InputError("partition was built from a different plan (input, config or salt differ)", file=src)
        else:
            out.mkdir(parents=True, exist_ok=True)
            shutil.copytree(src / ".build", out / ".build", dirs_exist_ok=True)
        for rec_path in sorted((src / ".build" / "units").glob("*.json")):
            rec = _unit_record(rec_path)
            for part in rec["parts"]:
                src_part = src / rec["split"] / ".parts" / part["part"]
                dst_part = out / rec["split"] / ".parts" / part["part"]
                if src_part.exists():
                    dst_part.parent.mkdir(parents=True, exist_ok=True)
                    src_index, dst_index = src_part.with_suffix(".idx"), dst_part.with_suffix(".idx")
                    if src_index.exists():  # the offset index first: a tar in place has its index beside it
                        shutil.move(str(src_index), str(dst_index))
                    shutil.move(str(src_part), str(dst_part))
                elif not dst_part.exists():
                    raise InputError(f"part {part['part']} named by unit {rec['unit']} is missing", file=src)
            write_json_atomic(out / ".build" / "units" / rec_path.name, rec)


def _fingerprint_of(plan_file: Path):
    try:
        return json.loads(plan_file.read_text()).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        raise InputError("unreadable build plan", file=plan_file) from None


def _unit_record(path: Path) -> dict:
    try:
        rec = json.loads(path.read_text())
    except (OSError, ValueError):
        raise InputError("unreadable unit record", file=path) from None
    if not isinstance(rec, dict) or not _UNIT_NAME.fullmatch(str(rec.get("unit", ""))):
        raise InputError("not a unit record of a megacxr build", file=path, field="unit")
    if rec.get("split") not in SPLIT_NAMES or not str(rec["unit"]).startswith(rec["split"] + "-"):
        raise InputError("unit record names an unknown split", file=path, field="split")
    if path.name != f"{rec['unit']}.json":
        raise InputError("unit record's file name does not match its unit", file=path, field="unit")
    parts = rec.get("parts")
    if not isinstance(parts, list) or not all(isinstance(p, dict) and valid_part_name(p.get("part")) for p in parts):
        raise InputError("unit record names a part that is not a plain file name", file=path, field="parts")
    return rec
