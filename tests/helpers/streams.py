"""Tiny shard folders and the draw function of the stream, loader and elastic tests."""

from __future__ import annotations

import json
from pathlib import Path

from megacxr.data.loader import MegacxrLoader
from megacxr.shards.manifest import write_json_atomic
from megacxr.shards.tario import TarShardWriter


def make_shard_dir(
    root: Path, source: str, shards: list[int], split: str = "train", bad: dict | None = None, payload: int = 0
) -> Path:
    """A shard directory of ``len(shards)`` tars with the given sample counts and a manifest.

    ``bad`` maps key -> "image" (undecodable image bytes: starts with BAD) or "nojson" (json member missing).
    Keys are ``{source}{shard}n{i}``."""
    bad = bad or {}
    entries = []
    for s, n in enumerate(shards):
        rel = f"{split}/{source}-{split}-{s:06d}.tar"
        w = TarShardWriter(root / rel)
        for i in range(n):
            key = f"{source}{s}n{i}"
            sample = {
                "__key__": key,
                "jpg": b"IMG" + key.encode() + b"x" * payload,
                "txt": b"report text",
                "json": json.dumps({"i": i}).encode(),
            }
            if bad.get(key) == "image":
                sample["jpg"] = b"BAD" + sample["jpg"]
            elif bad.get(key) == "nojson":
                del sample["json"]
            w.write(sample)
        info = w.close()
        entries.append({"path": rel, "split": split, "source": source, **info})
    write_json_atomic(root / "manifest.json", {"format": "megacxr-shards", "format_version": 1, "shards": entries})
    return root


def draw_fn(sample, rng):
    """A sample_fn that fails on bad image bytes and draws from the slot's rng (as augmentations do)."""
    if sample["jpg"].startswith(b"BAD"):
        raise ValueError("cannot decode image")
    json.loads(sample["json"])
    return {"key": sample["__key__"], "src": sample["__source__"], "r": float(rng.random())}


def keep(batch):
    return batch


def take(loader: MegacxrLoader, n: int) -> list:
    """n batches, going on into the next epochs (epoch mode) as a training loop does."""
    out, passes = [], 0
    while len(out) < n:
        passes += 1
        assert passes < 50, "loader yields nothing"
        for batch in loader:
            out.append(batch_view(batch))
            if len(out) == n:
                break
    return out


ALL = {f"alpha{s}n{i}" for s, n in enumerate([7, 7, 5, 7]) for i in range(n)} | {
    f"beta{s}n{i}" for s, n in enumerate([6, 5]) for i in range(n)
}


def batch_view(batch) -> list[tuple[str, float]]:
    return [(it["key"], it["r"]) for it in batch]
