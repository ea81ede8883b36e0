"""``megacxr shards verify`` and ``megacxr shards inspect``.

``verify`` checks a shard directory against its manifest: every shard present with its size and sha256, every
sample decodable (primary image and extra views, UTF-8 text, JSON with the expected fields), sample counts as
listed, keys unique, each sample in the split of its shard, no hashed patient in two splits, and each shard's
offset index (``x.idx``) equal to what its tar headers say. It returns
the list of problems, each naming the shard; the CLI exits 1 if there is any.
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import os
import tarfile
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from PIL import Image
from tqdm import tqdm

from megacxr.errors import InputError
from megacxr.shards.manifest import load_manifest, shard_file
from megacxr.shards.tario import file_sha256, index_path, iter_tar_samples, read_index

REQUIRED_JSON = ("key", "study_id", "patient", "source", "split", "view", "views", "sections")


def _check_shard(args) -> dict:
    root, shard, decode, index = args
    problems: list[str] = []
    keys: list[str] = []
    patients: set[str] = set()
    if not isinstance(shard, dict) or not all(
        isinstance(shard.get(k), t) for k, t in (("samples", int), ("bytes", int), ("sha256", str), ("split", str))
    ):
        return {
            "problems": [f"shards[{index}]: not a shard entry (path, samples, bytes, sha256)"],
            "keys": [],
            "patients": [],
            "samples": 0,
        }
    name = printable(str(shard.get("path")))
    try:
        path = shard_file(root, shard.get("path"), index)
    except InputError:
        return {
            "problems": [f"{name}: path points outside the shard directory (not opened)"],
            "keys": [],
            "patients": [],
            "samples": 0,
        }
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
            problems.extend(f"{name}: sample {printable(key)}: {p}" for p in _check_sample(files, shard, decode))
            meta = files.get("json")
            if meta:
                try:
                    patients.add(str(json.loads(meta)["patient"]))
                except (ValueError, KeyError, TypeError):
                    pass
    except Exception as exc:  # truncated or corrupt tar
        problems.append(f"{name}: unreadable tar after {n} samples ({type(exc).__name__})")
    if n != shard["samples"]:
        problems.append(f"{name}: {n} samples, manifest says {shard['samples']}")
    problems.extend(f"{name}: {p}" for p in _check_index(path, size, shard))
    return {"problems": problems, "keys": keys, "patients": sorted(patients), "samples": n}


def _check_index(path: Path, size: int, shard: dict) -> list[str]:
    """The shard's offset index (when the manifest lists one, or one lies beside it) against its tar headers."""
    if "index" not in shard and not index_path(path).exists():
        return []  # a shard set built before the index existed: readers walk the tar
    if not index_path(path).is_file():
        return ["offset index missing"]
    written = read_index(path, size, shard.get("sha256"))
    if written is None:
        return ["offset index unreadable or made for another tar (size or sha256 differ)"]
    try:
        walked = _walk(path)
    except (tarfile.TarError, OSError, EOFError):
        return []  # the unreadable tar is reported already
    if written != walked:
        return ["offset index does not match the tar's members"]
    return []


def _walk(path: Path) -> list:
    """``[[key, [[ext, data offset, size], ...]], ...]`` from the tar's headers (WebDataset's key rule)."""
    out: list = []
    with tarfile.open(path, mode="r:") as tar:
        for m in tar:
            if not m.isfile():
                continue
            folder, _, base = m.name.rpartition("/")
            stem, dot, ext = base.partition(".")
            if not dot:
                continue
            key = f"{folder}/{stem}" if folder else stem
            if not out or out[-1][0] != key:
                out.append([key, []])
            out[-1][1].append([ext, m.offset_data, m.size])
    return out


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
    if not isinstance(meta, dict):
        problems.append(f"json is a {type(meta).__name__}, not an object")
        meta = {}
    missing = [f for f in REQUIRED_JSON if f not in meta]
    if missing and "json" in files:
        problems.append(f"json lacks {missing}")
    if meta.get("split") not in (None, shard["split"]):
        problems.append(f"json split {printable(str(meta.get('split')))!r} in a {shard['split']} shard")
    views = meta.get("views", [])
    for view in views if isinstance(views, list) else []:
        key = view.get("key") if isinstance(view, dict) else None
        if key not in files:
            problems.append(f"json names view {printable(str(key))!r} that the sample lacks")
    if decode:
        for ext, data in files.items():
            if ext.endswith(("jpg", "png")):
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error", Image.DecompressionBombWarning)  # no file-less warning
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
    tasks = [(str(root), sh, decode, i) for i, sh in enumerate(shards)]
    bar = tqdm(total=len(shards), desc="verifying shards", unit=" shards", disable=not progress)
    if workers == 1:
        results = map(_check_shard, tasks)
        pool = None
    else:
        pool = mp.get_context("fork").Pool(workers)
        results = pool.imap(_check_shard, tasks)
    try:
        for shard, res in zip(shards, results, strict=False):
            bar.update(1)
            problems.extend(res["problems"])
            total += res["samples"]
            for key in res["keys"]:
                if key in key_seen:
                    problems.append(
                        f"{printable(str(shard.get('path')))}: key {printable(key)} also in "
                        f"{printable(str(key_seen[key]))}"
                    )
                key_seen[key] = shard.get("path")
            for p in res["patients"]:
                patient_splits[p].add(shard.get("split"))
    finally:
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
    leaked = sum(1 for s in patient_splits.values() if len(s) > 1)
    if leaked:
        problems.append(f"{leaked} patient(s) appear in more than one split")
    expected = manifest.get("totals", {}).get("samples")
    if total != expected:
        problems.append(f"{total} samples in the shards, manifest totals say {expected}")
    return {"problems": problems, "samples": total, "shards": len(shards)}


def inspect_shards(directory: str | Path, samples: int = 3, show_quarantine: bool = False) -> str:
    """A human-readable summary of a shard directory (counts and a few samples)."""
    root = Path(directory)
    m = load_manifest(root)
    lines = [f"{root}  (megacxr {m['megacxr_version']}, built {m['created']}, sources: {', '.join(m['sources'])})", ""]
    lines += format_summary(m)
    if show_quarantine and m["quarantine"]:
        lines += ["", "quarantined (reason, field, reference):"]
        lines += [
            printable(f"  {q.get('reason')!s:<20} {q.get('field')!s:<10} {q.get('ref')}")
            for q in m["quarantine"]
            if isinstance(q, dict)
        ]
    shown = 0
    for i, shard in enumerate(m["shards"]):
        if shown >= samples:
            break
        name = printable(str(shard.get("path") if isinstance(shard, dict) else shard))
        try:
            path = shard_file(root, shard.get("path") if isinstance(shard, dict) else None, i)
            for key, files in iter_tar_samples(path):
                lines += ["", *_describe_sample(key, files, name)]
                shown += 1
                if shown >= samples:
                    break
        except InputError:
            lines += ["", f"shard {name}: path points outside the shard directory (not opened)"]
        except Exception as exc:  # a truncated or corrupt tar: say so and go on to the next shard
            lines += ["", f"shard {name}: unreadable ({type(exc).__name__}); `megacxr shards verify` checks it"]
    return "\n".join(lines)


def _describe_sample(key: str, files: dict[str, bytes], shard_name: str) -> list[str]:
    """Lines describing one sample; a bad json or text is reported, every value printed escaped."""
    out = [f"sample {printable(key)}  [{shard_name}]"]
    try:
        meta = json.loads(files["json"])
        if not isinstance(meta, dict):
            raise TypeError
        views = ", ".join(f"{v['key']} {v['view']} {v['width']}x{v['height']}" for v in meta["views"])
        out.append(printable(f"  split {meta['split']}  source {meta['source']}  views: {views}"))
        out.append(printable(f"  sections: {', '.join(meta['sections'])}"))
    except Exception as exc:
        out.append(f"  json: unreadable ({type(exc).__name__})")
    try:
        text = files["txt"].decode("utf-8")
        out.append(f"  txt: {printable(text[:240])}{'...' if len(text) > 240 else ''}")
    except Exception as exc:
        out.append(f"  txt: unreadable ({type(exc).__name__})")
    return out


def printable(text: str) -> str:
    """``text`` with every non-printable character (controls, terminal escapes, bidi overrides) escaped, so a
    shard cannot drive the terminal it is inspected on."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


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
    lines.append(
        f"studies read {t['studies_read']}, written {t['samples']}, quarantined {t['quarantined']}, "
        f"exact duplicates removed {t['duplicates_removed']}"
    )
    if m["quarantine_counts"]:
        reasons = sorted(m["quarantine_counts"].items())
        lines.append("quarantined by reason: " + ", ".join(f"{k} {v}" for k, v in reasons))
    if m.get("dropped_views"):
        lines.append("extra views dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(m["dropped_views"].items())))
    if c["by_view"]:
        lines.append("primary view: " + ", ".join(f"{k} {v}" for k, v in sorted(c["by_view"].items())))
    redactions = {k: v for k, v in m["phi_redactions"].items() if v}
    if redactions:
        lines.append("PHI redactions: " + ", ".join(f"{k} {v}" for k, v in sorted(redactions.items())))
    if m["split_conflicts"]:
        lines.append(f"patients with conflicting official splits (moved to the most held-out): {m['split_conflicts']}")
    empty = empty_splits(m)
    if empty:
        lines.append(
            f"WARNING: no studies in split(s) {', '.join(empty)}: training or evaluation on them will "
            f"find no shards (a source with official splits, or too few patients for the split shares)"
        )
    return lines


def empty_splits(m: dict) -> list[str]:
    """The standard splits (train, validate, test) a manifest has no studies in."""
    by_split = m["counts"]["by_split"]
    return [s for s in ("train", "validate", "test") if not by_split.get(s)]
