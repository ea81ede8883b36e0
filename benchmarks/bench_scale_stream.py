"""The streaming side of ``bench_scale.py --streaming``: a 1.6M-study shard set read by 2048 slots.

A shard of 1,000 samples (a ~4 KB image, report text and json each: a small real shard, written by the shard
writer with its offset index) is hard-linked 1,600 times into one shard set with its manifest. Then, in this one
process (``ShardStream(slot=r, num_slots=2048)`` needs no launch):

- loader states: all 2048 slots of a 256-node x 8-GPU world each draw one batch (a slot's share of the epoch,
  781 samples, is smaller than its 1,000-sample shuffle buffer, so the rest of its share waits in the buffer),
  and each saves its state: size per rank;
- the re-deal 2048 -> 1024 (``elastic.reshard``) for sampled new ranks: time to compute, the new state's size,
  distinct shards its plan names, and, streaming it, shards opened, time to the first batch and to the end of
  its share, against a slot of a fresh 1024-slot epoch; for the previous code (``--baseline``) the distinct
  shards its plan names, its open cost estimated from one header walk (each open of its cache-missing shards
  walked the tar's 5,000 headers; a stream of it takes minutes per slot, so it is not streamed);
- a text-only pass (``read_exts=["txt", "json"]``) over 16 shards: bytes read (``pread`` counted) against the
  shards' bytes;
- the text cache: reports embedded per rank when the cluster splits the shards (1.6M / 2048) against per node
  (1.6M / 8), and the merge's peak memory on parts of a scaled cache (fresh processes, VmHWM), ours and the
  previous code's, extrapolated to a 1.6M x 2048 float16 cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

OLD_SLOTS, NEW_SLOTS, SHARDS, PER_SHARD, BATCH = 2048, 1024, 1600, 1000, 8


def make_shard_set(root: Path) -> Path:
    """SHARDS hard links (tar and index) of one PER_SHARD-sample shard, and their manifest."""
    from megacxr.shards.manifest import write_json_atomic
    from megacxr.shards.tario import TarShardWriter, index_path

    rng = np.random.default_rng(0)
    one = root / "one" / "x.tar"
    w = TarShardWriter(one)
    for i in range(PER_SHARD):
        w.write(
            {
                "__key__": f"{i:020x}",
                "jpg": rng.integers(0, 255, 4000, dtype=np.uint8).tobytes(),
                "txt": b"Findings: no focal consolidation. Impression: no acute cardiopulmonary process. " * 3,
                "json": json.dumps(
                    {"key": f"{i:020x}", "split": "train", "sections": {"impression": "x" * 400}}
                ).encode(),
            }
        )
    info = w.close()
    entries = []
    for s in range(SHARDS):
        rel = f"train/csv-train-{s:06d}.tar"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(one, root / rel)
        os.link(index_path(one), index_path(root / rel))
        entries.append({"path": rel, "split": "train", "source": "csv", "index": rel[:-4] + ".idx", **info})
    write_json_atomic(root / "manifest.json", {"format": "megacxr-shards", "format_version": 1, "shards": entries})
    return root


class CountingCache:
    """An index cache that counts the shards a stream opens and the time spent loading their indexes."""

    def __init__(self):
        from megacxr.data.tarindex import IndexCache

        self.inner, self.paths, self.seconds = IndexCache(capacity=64), set(), 0.0

    def get(self, path, sha256=None):
        t = time.perf_counter()
        try:
            return self.inner.get(path, sha256)
        finally:
            self.seconds += time.perf_counter() - t
            self.paths.add(str(path))


def old_states(cfg, shard_set) -> list[dict]:
    """The loader states of an OLD_SLOTS-rank world (one worker each) after one batch per rank."""
    from megacxr.data.loader import LOADER_STATE_VERSION
    from megacxr.data.stream import ShardStream

    states = []
    for r in range(OLD_SLOTS):
        stream = ShardStream(cfg, slot=r, num_slots=OLD_SLOTS, shard_set=shard_set, index_cache=CountingCache())
        it = iter(stream)
        for _ in range(BATCH):
            next(it)
        states.append(
            {
                "version": LOADER_STATE_VERSION,
                "mode": cfg.mode,
                "rank": r,
                "world_size": OLD_SLOTS,
                "num_workers": 0,
                "batch_size": BATCH,
                "fingerprint": shard_set.fingerprint,
                "epoch": 0,
                "batches_in_epoch": 1,
                "batches_total": 1,
                "next_worker": 0,
                "workers": [stream.state_dict()],
            }
        )
        del it, stream
    return json.loads(json.dumps(states))


def stream_slot(cfg, shard_set, slot: int, num_slots: int, state: dict | None) -> dict:
    from megacxr.data.stream import ShardStream

    cache = CountingCache()
    t0 = time.perf_counter()
    stream = ShardStream(cfg, slot=slot, num_slots=num_slots, shard_set=shard_set, index_cache=cache)
    if state is not None:
        stream.load_state_dict(state)
    first, n = None, 0
    for _ in stream:
        n += 1
        if n == BATCH:
            first = time.perf_counter() - t0
    return {
        "samples": n,
        "shards": len(cache.paths),
        "first_batch_s": first,
        "share_s": time.perf_counter() - t0,
        "index_s": cache.seconds,
    }


def redeal(root: Path, work: Path, baseline_code: str | None) -> dict:
    from megacxr.data.elastic import reshard
    from megacxr.data.plan import StreamConfig, load_shard_set
    from megacxr.data.tarindex import ShardIndex

    cfg = StreamConfig(manifests=[str(root)], shuffle_buffer=1000, open_shards=4, seed=1, read_exts=["json"])
    shard_set = load_shard_set(cfg)
    ranks = sorted({0, NEW_SLOTS // 3, 2 * NEW_SLOTS // 3, NEW_SLOTS - 1})
    t = time.perf_counter()
    states = old_states(cfg, shard_set)
    out = {"states_s": time.perf_counter() - t, "state_kb": max(len(json.dumps(s)) for s in states) / 1024}
    (work / "states.json").write_text(json.dumps(states))
    rows = []
    for r in ranks:
        t = time.perf_counter()
        new = reshard(states, shard_set, cfg, rank=r, world_size=NEW_SLOTS, num_workers=0, batch_size=BATCH, version=1)
        reshard_s = time.perf_counter() - t
        plan = new["workers"][0]["plan"]
        rows.append(
            {
                "rank": r,
                "reshard_s": reshard_s,
                "state_kb": len(json.dumps(new)) / 1024,
                "plan_shards": len({p[0] for pieces in plan.values() for p in pieces}),
                **stream_slot(cfg, shard_set, r, NEW_SLOTS, new["workers"][0]),
            }
        )
    out["new"] = rows
    out["plain"] = [stream_slot(cfg, shard_set, r, NEW_SLOTS, None) for r in ranks[:2]]
    t = time.perf_counter()
    ShardIndex.scan(root / "train" / "csv-train-000000.tar")
    out["header_walk_s"] = time.perf_counter() - t
    if baseline_code:
        out["baseline"] = json.loads(
            subprocess.run(
                [sys.executable, __file__, "old-plan", str(root), str(work / "states.json"), *map(str, ranks)],
                env={**os.environ, "PYTHONPATH": baseline_code},
                cwd=baseline_code,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[-1]
        )
    return out


def _old_plan(root: str, states_file: str, ranks: list[int]) -> None:
    """(run with the previous code first on the path) distinct shards of its re-dealt plans."""
    from megacxr.data.elastic import reshard
    from megacxr.data.plan import StreamConfig, load_shard_set

    cfg = StreamConfig(manifests=[root], shuffle_buffer=1000, open_shards=4, seed=1, read_exts=["json"])
    shard_set = load_shard_set(cfg)
    states = json.loads(Path(states_file).read_text())
    rows = []
    for r in ranks:
        t = time.perf_counter()
        new = reshard(states, shard_set, cfg, rank=r, world_size=NEW_SLOTS, num_workers=0, batch_size=BATCH, version=1)
        plan = new["workers"][0]["plan"]
        rows.append(
            {
                "rank": r,
                "reshard_s": time.perf_counter() - t,
                "state_kb": len(json.dumps(new)) / 1024,
                "plan_shards": len({p[0] for pieces in plan.values() for p in pieces}),
            }
        )
    print(json.dumps(rows))


def text_pass(root: Path) -> dict:
    """Bytes a text-only pass reads over 16 shards, against the shards' bytes."""
    from megacxr.data.plan import StreamConfig
    from megacxr.data.stream import iter_shard_samples
    from megacxr.shards.manifest import write_json_atomic

    sub = root / "sub16"
    manifest = json.loads((root / "manifest.json").read_text())
    entries = manifest["shards"][:16]
    for e in entries:
        for rel in (e["path"], e["index"]):
            (sub / rel).parent.mkdir(parents=True, exist_ok=True)
            if not (sub / rel).exists():
                os.link(root / rel, sub / rel)
    write_json_atomic(sub / "manifest.json", {**manifest, "shards": entries})
    read = [0]
    real = os.pread

    def counting(fd, n, offset):
        data = real(fd, n, offset)
        read[0] += len(data)
        return data

    os.pread = counting
    try:
        t = time.perf_counter()
        n = sum(1 for _ in iter_shard_samples(StreamConfig(manifests=[str(sub)], read_exts=["txt", "json"])))
        seconds = time.perf_counter() - t
    finally:
        os.pread = real
    return {"samples": n, "read": read[0], "bytes": sum(e["bytes"] for e in entries), "seconds": seconds}


def merge_peak(work: Path, code: str, rows: int = 200_000, dim: int = 512, parts: int = 8) -> dict:
    """Peak memory (VmHWM, MiB) of merging ``parts`` part caches of ``rows`` x ``dim`` float16 in all, with
    ``code``'s ``merge_text_caches``; the parts are written once and reused."""
    src = work / "cache_parts"
    if not src.exists():
        import torch

        from megacxr.data.text_cache import _write

        meta = {"dtype": "float16", "encoder": "x", "pooling": "mean", "text": {}}
        for p in range(parts):
            n = rows // parts
            _write(src / f"part{p}", torch.zeros(n, dim, dtype=torch.float16), [f"k{p}_{i}" for i in range(n)], meta)
    cmd = [sys.executable, __file__, "merge", str(src), str(work / f"merged_{abs(hash(code))}"), str(parts)]
    res = subprocess.run(cmd, env={**os.environ, "PYTHONPATH": code}, cwd=code, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    return {**json.loads(res.stdout.splitlines()[-1]), "cache_mib": rows * dim * 2 / 2**20, "rows": rows}


def _merge(src: str, out: str, parts: int) -> None:
    from megacxr.data.text_cache import merge_text_caches

    def hwm() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    before = hwm()
    t = time.perf_counter()
    merge_text_caches([Path(src) / f"part{p}" for p in range(parts)], out)
    print(json.dumps({"peak_mib": hwm() - before, "seconds": time.perf_counter() - t}))


def report(res: dict, base_label: str | None) -> list[str]:
    new, plain = res["redeal"]["new"], res["redeal"]["plain"]
    lines = [
        f"- shard set: {SHARDS:,} hard links of one {PER_SHARD:,}-sample shard ({res['shard_mib']:.1f} MiB, with its"
        f" offset index) = {SHARDS * PER_SHARD / 1e6:.1f}M samples; {OLD_SLOTS} slots (256 nodes x 8) each drew one"
        f" batch of {BATCH} (share {SHARDS * PER_SHARD // OLD_SLOTS} < shuffle buffer 1,000), then re-dealt to"
        f" {NEW_SLOTS}; new ranks sampled: {', '.join(str(r['rank']) for r in new)}",
        "",
        "| measure | ours | previous code |",
        "| --- | ---: | ---: |",
        f"| loader state per rank at {OLD_SLOTS} slots (largest) | {res['redeal']['state_kb']:.1f} KB | |",
    ]
    base = res["redeal"].get("baseline")
    walk = res["redeal"]["header_walk_s"]
    mx = max(r["plan_shards"] for r in new)
    bmx = max(r["plan_shards"] for r in base) if base else None
    per_open = sum(r["index_s"] for r in new) / max(1, sum(r["shards"] for r in new))
    lines += [
        f"| re-deal {OLD_SLOTS} -> {NEW_SLOTS}: compute per new rank | {max(r['reshard_s'] for r in new):.1f} s |"
        + (f" {max(r['reshard_s'] for r in base):.1f} s |" if base else " |"),
        f"| new rank's state (largest) | {max(r['state_kb'] for r in new):.0f} KB |"
        + (f" {max(r['state_kb'] for r in base):.0f} KB |" if base else " |"),
        f"| shards a new slot opens (largest) / a fresh slot's | {mx} / {max(p['shards'] for p in plain)} |"
        + (f" {bmx} / {max(p['shards'] for p in plain)} |" if base else " |"),
        f"| one shard open: index load (ours) / header walk (before) | {1000 * per_open:.1f} ms | "
        f"{1000 * walk:.0f} ms |",
        f"| new slot: time to first batch / to the end of its share | {max(r['first_batch_s'] for r in new):.2f} s"
        f" / {max(r['share_s'] for r in new):.2f} s |"
        + (f" ~{bmx * walk / 60:.1f} min of header walks (estimated: shards x one walk) |" if base else " |"),
        f"| fresh slot: time to first batch / to the end of its share | {max(p['first_batch_s'] for p in plain):.2f} s"
        f" / {max(p['share_s'] for p in plain):.2f} s | |",
    ]
    tp = res["text_pass"]
    lines.append(
        f"| text-only pass: bytes read / shard bytes ({tp['samples']:,} samples) | "
        f"{100 * tp['read'] / tp['bytes']:.1f}% | 100% (every member of every tar) |"
    )
    n = SHARDS * PER_SHARD
    lines.append(
        f"| text cache: reports embedded per rank at {OLD_SLOTS} ranks | {n // OLD_SLOTS:,} (every rank a share of "
        f"the shards) | {n // 8:,} (every node all of them, split over its 8) |"
    )
    mp = res["merge"]
    bm = res.get("merge_baseline")
    cache_16m = n * 2048 * 2 / 2**30
    lines.append(
        f"| text-cache merge peak, {mp['cache_mib']:.0f} MiB cache | {mp['peak_mib']:.0f} MiB |"
        + (f" {bm['peak_mib']:.0f} MiB |" if bm else " |")
    )
    # ours: the 64 MiB copy buffer plus the keys (measured per key); before: a multiple of the cache
    per_key = max(0.0, mp["peak_mib"] - 64) / mp["rows"]
    ratio = bm["peak_mib"] / mp["cache_mib"] if bm else 0.0
    before = f" ~{ratio * cache_16m:.0f} GiB ({ratio:.1f}x the cache) |" if bm else " |"
    lines.append(
        f"| text-cache merge peak at 1.6M x 2048 float16 ({cache_16m:.1f} GiB) | ~{64 + per_key * n:.0f} MiB "
        f"(64 MiB buffer + {per_key * 2**20:.0f} B per key) |" + before
    )
    return lines


def run(work: Path, baseline_code: str | None, base_label: str | None) -> list[str]:
    root = make_shard_set(work / "set")
    res = {"shard_mib": (root / "one" / "x.tar").stat().st_size / 2**20}
    print("  streaming: re-deal", flush=True)
    res["redeal"] = redeal(root, work, baseline_code)
    print(f"  {json.dumps(res['redeal'])[:2000]}", flush=True)
    res["text_pass"] = text_pass(root)
    res["merge"] = merge_peak(work, str(Path(__file__).resolve().parents[1]))
    if baseline_code:
        res["merge_baseline"] = merge_peak(work, baseline_code)
    print(f"  text pass {res['text_pass']}, merge {res['merge']}, {res.get('merge_baseline')}", flush=True)
    return report(res, base_label)


if __name__ == "__main__":
    if sys.argv[1] == "old-plan":
        _old_plan(sys.argv[2], sys.argv[3], [int(r) for r in sys.argv[4:]])
    elif sys.argv[1] == "merge":
        _merge(sys.argv[2], sys.argv[3], int(sys.argv[4]))
