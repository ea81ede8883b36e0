"""``megacxr shards verify`` and ``megacxr shards inspect``.

``verify`` checks a shard directory against its manifest: every shard present with its size and sha256, every
sample decodable (primary image and extra views, UTF-8 text, JSON with the expected fields), sample counts as
listed, keys unique, each sample in the split of its shard, and no hashed patient in two splits. It returns
the list of problems, each naming the shard; the CLI exits 1 if there is any.
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import os
from collections import Counter, defaultdict
from pathlib import Path

from PIL import Image
from tqdm import tqdm

from megacxr.shards.manifest import load_manifest
from megacxr.shards.tario import file_sha256, iter_tar_samples

REQUIRED_JSON = ("key", "study_id", "patient", "source", "split", "view", "views", "sections")


def _check_shard(args) -> dict:
    root, shard, decode = args
    path = Path(root) / shard["path"]
    problems: list[str] = []
    keys: list[str] = []
    patients: set[str] = set()
    name = shard["path"]
    if not path.is_file():
        return {"problems": [f"{name}: missing"], "keys": [], "patients": [], "samples": 0}
    size = path.stat().st_size
    if size != shard["bytes"]:
        problems.append(f"{name}: size {size} != manifest {shard['bytes']}")
    elif file_sha256(path) != shard["sha256"]:
        problems.append(f"{name}: sha256 does not match the manifest")
    n = 0
    try:
        for key, files in iter_tar_samples(path):
            n += 1
            keys.append(key)
            problems.extend(f"{name}: sample {key}: {p}" for p in _check_sample(files, shard, decode))
            meta = files.get("json")
            if meta:
                try:
                    patients.add(json.loads(meta)["patient"])
                except (ValueError, KeyError):
                    pass
    except Exception as exc:  # truncated or corrupt tar
        problems.append(f"{name}: unreadable tar after {n} samples ({type(exc).__name__})")
    if n != shard["samples"]:
        problems.append(f"{name}: {n} samples, manifest says {shard['samples']}")
    return {"problems": problems, "keys": keys, "patients": sorted(patients), "samples": n}


def _check_sample(files: dict[str, bytes], shard: dict, decode: bool) -> list[str]:
    problems = []
    image_key = "jpg" if "jpg" in files else "png" if "png" in files else None
    if image_key is None:
        return ["no primary image (jpg/png)"]
    for field in ("txt", "json"):
        if field not in files:
            problems.append(f"no {field}")
    try:
        text = files.get("txt", b"").decode("utf-8")
        if not text.strip():
            problems.append("empty txt")
    except UnicodeDecodeError:
        problems.append("txt is not UTF-8")
    meta = {}
    try:
        meta = json.loads(files.get("json", b"{}"))
    except ValueError:
        problems.append("json does not parse")
    missing = [f for f in REQUIRED_JSON if f not in meta]
    if missing and "json" in files:
        problems.append(f"json lacks {missing}")
    if meta.get("split") not in (None, shard["split"]):
        problems.append(f"json split {meta.get('split')!r} in a {shard['split']} shard")
    for view in meta.get("views", []):
        if view.get("key") not in files:
            problems.append(f"json names view {view.get('key')!r} that the sample lacks")
    if decode:
        for ext, data in files.items():
            if ext.endswith(("jpg", "png")):
                try:
                    with Image.open(io.BytesIO(data)) as im:
                        im.load()
                except Exception:
                    problems.append(f"{ext} does not decode")
    return problems


def verify_shards(directory: str | Path, workers: int = 0, decode: bool = True, progress: bool = True) -> dict:
    """Check a shard directory; returns {"problems": [...], "samples": n, "shards": n}."""
    root = Path(directory)
    manifest = load_manifest(root)
    shards = manifest["shards"]
    problems: list[str] = []
    key_seen: dict[str, str] = {}
    patient_splits: dict[str, set] = defaultdict(set)
    total = 0
    workers = max(1, min(workers or os.cpu_count() or 1, len(shards) or 1))
    tasks = [(str(root), sh, decode) for sh in shards]
    bar = tqdm(total=len(shards), desc="verifying shards", unit=" shards", disable=not progress)
    if workers == 1:
        results = map(_check_shard, tasks)
        pool = None
    else:
        pool = mp.get_context("fork").Pool(workers)
        results = pool.imap(_check_shard, tasks)
    try:
        for shard, res in zip(shards, results):
            bar.update(1)
            problems.extend(res["problems"])
            total += res["samples"]
            for key in res["keys"]:
                if key in key_seen:
                    problems.append(f"{shard['path']}: key {key} also in {key_seen[key]}")
                key_seen[key] = shard["path"]
            for p in res["patients"]:
                patient_splits[p].add(shard["split"])
    finally:
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
    leaked = sum(1 for s in patient_splits.values() if len(s) > 1)
    if leaked:
        problems.append(f"{leaked} patient(s) appear in more than one split")
    expected = manifest["totals"]["samples"]
    if total != expected:
        problems.append(f"{total} samples in the shards, manifest totals say {expected}")
    return {"problems": problems, "samples": total, "shards": len(shards)}


def inspect_shards(directory: str | Path, samples: int = 3, show_quarantine: bool = False) -> str:
    """A human-readable summary of a shard directory (counts and a few samples)."""
    root = Path(directory)
    m = load_manifest(root)
    lines = [f"{root}  (megacxr {m['megacxr_version']}, built {m['created']}, sources: {', '.join(m['sources'])})",
             ""]
    lines += format_summary(m)
    if show_quarantine and m["quarantine"]:
        lines += ["", "quarantined (reason, field, reference):"]
        lines += [f"  {q['reason']:<20} {q['field']:<10} {q['ref']}" for q in m["quarantine"]]
    shown = 0
    for shard in m["shards"]:
        if shown >= samples:
            break
        for key, files in iter_tar_samples(root / shard["path"]):
            meta = json.loads(files["json"])
            text = files["txt"].decode("utf-8")
            views = ", ".join(f"{v['key']} {v['view']} {v['width']}x{v['height']}" for v in meta["views"])
            lines += ["", f"sample {key}  [{shard['path']}]", f"  split {meta['split']}  source {meta['source']}"
                      f"  views: {views}", f"  sections: {', '.join(meta['sections'])}",
                      f"  txt: {text[:240]}{'...' if len(text) > 240 else ''}"]
            shown += 1
            if shown >= samples:
                break
    return "\n".join(lines)


def format_summary(m: dict) -> list[str]:
    """The summary table printed at the end of a build and by inspect."""
    c = m["counts"]
    t = m["totals"]
    splits = [s for s in ("train", "validate", "test") if s in c["by_split"]]
    shards_by_split = Counter(sh["split"] for sh in m["shards"])
    lines = [f"{'split':<10}{'studies':>10}{'shards':>8}{'MB':>10}"]
    for s in splits:
        lines.append(f"{s:<10}{c['by_split'][s]:>10}{shards_by_split[s]:>8}{c['bytes_by_split'][s] / 1e6:>10.1f}")
    lines.append(f"{'total':<10}{t['samples']:>10}{t['shards']:>8}{t['bytes'] / 1e6:>10.1f}")
    lines.append("")
    lines.append(f"studies read {t['studies_read']}, written {t['samples']}, quarantined {t['quarantined']}, "
                 f"exact duplicates removed {t['duplicates_removed']}")
    if m["quarantine_counts"]:
        lines.append("quarantined by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(m["quarantine_counts"].items())))
    if m.get("dropped_views"):
        lines.append("extra views dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(m["dropped_views"].items())))
    if c["by_view"]:
        lines.append("primary view: " + ", ".join(f"{k} {v}" for k, v in sorted(c["by_view"].items())))
    redactions = {k: v for k, v in m["phi_redactions"].items() if v}
    if redactions:
        lines.append("PHI redactions: " + ", ".join(f"{k} {v}" for k, v in sorted(redactions.items())))
    if m["split_conflicts"]:
        lines.append(f"patients with conflicting official splits (moved to the most held-out): {m['split_conflicts']}")
    return lines
