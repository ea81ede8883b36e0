"""MegacxrLoader through torch's DataLoader: 2 ranks x 2 workers see every sample once per epoch; resume gives
identical batches (0 and 2 workers, epoch and resampled, shuffle buffer on); bad data is skipped and counted
across workers; real shards from the builder stream through it."""

from __future__ import annotations

import io
import json
import re

import pytest
from helpers.streams import ALL, batch_view, draw_fn, keep, make_shard_dir, take

from megacxr.data.loader import MegacxrLoader
from megacxr.data.plan import StreamConfig


def one_epoch(loader: MegacxrLoader) -> list:
    return [batch_view(b) for b in loader]


@pytest.fixture
def dirs(tmp_path):
    a = make_shard_dir(tmp_path / "a", "alpha", [7, 7, 5, 7])
    b = make_shard_dir(tmp_path / "b", "beta", [6, 5])
    return [str(a), str(b)]


def test_two_ranks_two_workers_exactly_once_per_epoch(dirs):
    cfg = StreamConfig(manifests=dirs, shuffle_buffer=8, open_shards=2, seed=11)

    def run():
        loaders = [
            MegacxrLoader(cfg, draw_fn, batch_size=3, collate_fn=keep, num_workers=2, rank=r, world_size=2)
            for r in (0, 1)
        ]
        epochs = [[one_epoch(ld) for ld in loaders] for _epoch in (0, 1)]  # epoch e: [rank0 batches, rank1 ...]
        assert [len(b) for b in epochs[0]] == [ld.planned_batches() for ld in loaders]
        return epochs

    epochs = run()
    orders = []
    for per_rank in epochs:
        keys = [k for batches in per_rank for b in batches for k, _ in b]
        assert len(keys) == len(ALL) and set(keys) == ALL  # every sample exactly once across ranks
        orders.append(keys)
    assert orders[0] != orders[1]  # reshuffled next epoch
    assert run() == epochs  # deterministic for the same seed


@pytest.mark.parametrize("mode", ["epoch", "resampled"])
@pytest.mark.parametrize("num_workers", [0, 2])
def test_resume_gives_identical_batches(dirs, mode, num_workers):
    cfg = StreamConfig(manifests=dirs, mode=mode, shuffle_buffer=6, open_shards=2, seed=3)
    # 37 samples; rank 1's two worker slots hold 9 and 10 (batch 3: 3 and 4 batches, so one worker runs out
    # first); with 0 workers rank 1 holds 18 samples (6 batches)
    kw = {"batch_size": 3, "collate_fn": keep, "num_workers": num_workers, "rank": 1, "world_size": 2}
    for n in (3, 6, 7):  # odd / even count (the next worker differs), one worker exhausted, end of epoch
        uninterrupted = MegacxrLoader(cfg, draw_fn, **kw)
        reference = take(uninterrupted, n + 8)  # runs on into the next epoch in epoch mode
        first = MegacxrLoader(cfg, draw_fn, **kw)
        assert take(first, n) == reference[:n]
        saved = json.loads(json.dumps(first.state_dict()))
        resumed_loader = MegacxrLoader(cfg, draw_fn, state=saved, **kw)
        resumed_loader.set_epoch(saved["epoch"])  # as a training loop does: keeps the mid-epoch position
        assert take(resumed_loader, 8) == reference[n:]
        assert resumed_loader.state_dict() == uninterrupted.state_dict()


def test_loader_resume_refuses_other_layout(dirs):
    cfg = StreamConfig(manifests=dirs, seed=3)
    ld = MegacxrLoader(cfg, draw_fn, batch_size=4, collate_fn=keep, num_workers=0)
    take(ld, 2)
    with pytest.raises(ValueError, match="num_workers"):
        MegacxrLoader(cfg, draw_fn, batch_size=4, collate_fn=keep, num_workers=2, state=ld.state_dict())


@pytest.mark.parametrize(
    "tamper,field",
    [
        (lambda w: w["counters"].update(samples=-5), "counters.samples"),
        (lambda w: w.update(epoch=-1), "epoch"),
        (lambda w: w["buffer"].update(items=w["buffer"]["items"][:2] * 5_000_000), "buffer"),
        (lambda w: w["buffer"]["items"].__setitem__(1, 10**15), "buffer.items"),
        (lambda w: w["buffer"]["shards"].__setitem__(0, "9:nowhere.tar"), "buffer.shards"),
        (lambda w: next(iter(w["sources"].values())).update(next_piece=-3), "next_piece"),
    ],
)
def test_a_tampered_loader_state_is_refused_naming_the_field(dirs, tamper, field):
    """Issue 28: tampered states were trusted (negative counters; a 10M-entry buffer of one sample trained over
    and over; indices of 1e15 ending in IndexError)."""
    cfg = StreamConfig(manifests=dirs, shuffle_buffer=6, seed=3)
    ld = MegacxrLoader(cfg, draw_fn, batch_size=2, collate_fn=keep, num_workers=0)
    take(ld, 2)
    state = json.loads(json.dumps(ld.state_dict()))
    assert state["workers"][0]["buffer"]["items"], "the state under test holds a buffer"
    tamper(state["workers"][0])
    with pytest.raises(ValueError, match=re.escape(field)):
        resumed = MegacxrLoader(cfg, draw_fn, batch_size=2, collate_fn=keep, num_workers=0, state=state)
        take(resumed, 1)


@pytest.mark.parametrize("shuffle", [True, False])
def test_bad_data_skipped_and_counted_across_workers(tmp_path, shuffle):
    # alpha3n4 is the last sample of worker 1 (unshuffled): counted although no batch follows it
    bad = {"alpha0n2": "image", "alpha2n1": "nojson", "alpha3n4": "image"}
    d = make_shard_dir(tmp_path, "alpha", [5, 5, 5, 5], bad=bad)
    trunc = d / "train/alpha-train-000001.tar"
    trunc.write_bytes(trunc.read_bytes()[:2000])
    cfg = StreamConfig(manifests=[str(d)], shuffle=shuffle, shuffle_buffer=4, seed=0)
    loader = MegacxrLoader(cfg, draw_fn, batch_size=2, collate_fn=keep, num_workers=2, rank=0, world_size=1)
    batches = one_epoch(loader)
    keys = [k for b in batches for k, _ in b]
    expected = {f"alpha{s}n{i}" for s in (0, 2, 3) for i in range(5)} - set(bad)
    assert sorted(keys) == sorted(expected)
    assert loader.stats() == {
        "samples": 12,
        "skipped_corrupt": 3,
        "skipped_truncated_shards": 1,
        "skipped_truncated_samples": 5,
        "batches": len(batches),
    }
    one_epoch(loader)  # counts accumulate over epochs
    assert loader.stats()["skipped_corrupt"] == 6 and loader.stats()["samples"] == 24


def _decode(sample, rng):
    from PIL import Image

    img = Image.open(io.BytesIO(sample["jpg"]))
    img.load()
    meta = json.loads(sample["json"])
    return {"key": sample["__key__"], "size": img.size, "split": meta["split"], "r": float(rng.random())}


def test_real_built_shards(tmp_path):
    from megacxr.shards.build import build_shards
    from megacxr.shards.config import ShardBuildConfig
    from megacxr.synth import generate

    info = generate("mimic-cxr", tmp_path / "data", studies=24, seed=1, image_size=48)
    out = tmp_path / "shards"
    reports = info.get("reports")
    manifest = build_shards(
        ShardBuildConfig(
            source="mimic-cxr",
            images=str(tmp_path / "data" / info["images"]),
            reports=str(tmp_path / "data" / reports) if reports else None,
            out=str(out),
            workers=1,
            progress=False,
            shard_samples=4,
        )
    )
    n_train = manifest["counts"]["by_split"]["train"]
    cfg = StreamConfig(manifests=[str(out)], split="train", shuffle_buffer=5, seed=0)
    batches = [
        one_epoch(MegacxrLoader(cfg, _decode, batch_size=2, collate_fn=keep, rank=r, world_size=2)) for r in (0, 1)
    ]
    keys = [k for rank in batches for b in rank for k, _ in b]
    assert len(keys) == len(set(keys)) == n_train


def test_workers_survive_group_sigterms_and_a_process_exiting_mid_epoch_does_not_hang(dirs):
    """Workers ignore SIGTERM while the main process lives (it owns preemption), also while an epoch's workers are
    starting (signals sent every 10 ms over three epochs, each forking new workers), yet a process that exits with
    a loader still open ends promptly (multiprocessing terminates its workers at exit)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = f"""
import os, signal, sys, threading, time
sys.path.insert(0, {str(Path(__file__).parent)!r})
from megacxr.data.loader import MegacxrLoader
from megacxr.data.plan import StreamConfig
from helpers.streams import draw_fn
got = []
signal.signal(signal.SIGTERM, lambda *a: got.append(1))
ld = MegacxrLoader(StreamConfig(manifests={dirs!r}, seed=1), draw_fn, batch_size=2, collate_fn=lambda b: b,
                   num_workers=2)
done = threading.Event()
def storm():
    while not done.is_set():
        os.killpg(0, signal.SIGTERM)  # the whole group: this process and every worker
        time.sleep(0.01)
threading.Thread(target=storm, daemon=True).start()
epochs = [sum(len(b) for b in ld) for _ in range(3)]
done.set()
print("main got SIGTERM:", bool(got), "samples per epoch:", epochs, flush=True)
it = iter(ld)
next(it)                            # exit with live workers
"""
    res = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert "main got SIGTERM: True" in res.stdout
    assert f"samples per epoch: {[len(ALL)] * 3}" in res.stdout
