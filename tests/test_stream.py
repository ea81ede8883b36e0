"""The streaming core (megacxr.data.stream / plan / tarindex): tar index and truncation, dealing shards to slots
exactly once per epoch, weighted mixing and caps, exact resume from a JSON state, skipping bad data with
rate-limited warnings. Shards are real tar files written with the shard writer; ``make_shard_dir`` is shared
with test_loader."""

from __future__ import annotations

import json
import logging
from collections import Counter

import numpy as np
import pytest
from helpers.streams import draw_fn, make_shard_dir

from megacxr.data.plan import StreamConfig, epoch_pieces, load_shard_set, share
from megacxr.data.stream import ShardStream
from megacxr.data.tarindex import IndexCache, ShardIndex, TruncatedShardError
from megacxr.errors import ConfigError
from megacxr.shards.tario import iter_tar_samples


def keys_of(items) -> list[str]:
    return [it["__key__"] if "__key__" in it else it["key"] for it in items]


@pytest.fixture
def two_sources(tmp_path):
    a = make_shard_dir(tmp_path / "a", "alpha", [7, 7, 5])
    b = make_shard_dir(tmp_path / "b", "beta", [6, 4])
    return [str(a), str(b)]


# ---------------------------------------------------------------------------------------------- tar index
def test_index_matches_sequential_read(tmp_path):
    d = make_shard_dir(tmp_path, "alpha", [5])
    path = d / "train/alpha-train-000000.tar"
    index = ShardIndex.scan(path)
    expected = list(iter_tar_samples(path))
    assert len(index) == 5 == len(expected)
    for i in (3, 0, 4, 1):  # random access, any order
        key, members = expected[i]
        assert index.read(i) == {"__key__": key, **members}
    assert index.read(2, exts=frozenset({"txt"})) == {"__key__": expected[2][0], "txt": b"report text"}


@pytest.mark.parametrize("cut", ["mid_data", "mid_header", "no_end_blocks"])
def test_index_detects_truncation(tmp_path, cut):
    d = make_shard_dir(tmp_path, "alpha", [6], payload=3000)
    path = d / "train/alpha-train-000000.tar"
    data = path.read_bytes()
    index = ShardIndex.scan(path)
    off = index.members[3][0][1]  # the data offset of sample 3's first member
    end = index.spans[-1][1]
    at = {"mid_data": off + 100, "mid_header": off - 512 + 100, "no_end_blocks": -(-end // 512) * 512}[cut]
    path.write_bytes(data[:at])
    with pytest.raises(TruncatedShardError, match="alpha-train-000000.tar"):
        ShardIndex.scan(path)


def test_index_cache_rescans_a_changed_file(tmp_path):
    d = make_shard_dir(tmp_path, "alpha", [4])
    path = d / "train/alpha-train-000000.tar"
    cache = IndexCache(capacity=2)
    assert len(cache.get(path)) == 4
    path.write_bytes(path.read_bytes()[:700])
    with pytest.raises(TruncatedShardError):
        cache.get(path)


# ---------------------------------------------------------------------------------------------- dealing
@pytest.mark.parametrize(
    "sizes,slots,cap", [([7, 7, 5, 9], 3, None), ([5], 4, None), ([3, 8], 6, None), ([7, 7, 5, 9], 4, 13)]
)
def test_epoch_pieces_cover_every_sample_once(tmp_path, sizes, slots, cap):
    d = make_shard_dir(tmp_path, "alpha", sizes)
    ss = load_shard_set(StreamConfig(manifests=[str(d)]))
    shards = ss.shards["alpha"]
    for epoch in (0, 1):
        seen = Counter()
        per_slot = []
        for slot in range(slots):
            pieces = epoch_pieces(
                shards, seed=5, epoch=epoch, source_index=0, slot=slot, num_slots=slots, cap=cap, shuffle=True
            )
            n = 0
            for shard, start, end in pieces:
                seen.update((shard.ref, i) for i in range(start, end))
                n += end - start
            per_slot.append(n)
        total = min(sum(sizes), cap if cap is not None else 1 << 30)
        assert sum(seen.values()) == len(seen) == total  # no sample twice
        assert max(per_slot) - min(per_slot) <= 1 and min(per_slot) > 0  # balanced, no idle slot
        assert per_slot == [share(total, slots, k) for k in range(slots)]


def run_slots(cfg: StreamConfig, slots: int, epoch: int = 0, sample_fn=None) -> list[list]:
    out = []
    for slot in range(slots):
        st = ShardStream(cfg, slot=slot, num_slots=slots, sample_fn=sample_fn)
        st.set_epoch(epoch)
        out.append(list(st))
    return out


def test_epoch_mode_exactly_once_across_slots(two_sources):
    cfg = StreamConfig(manifests=two_sources, shuffle_buffer=6, open_shards=2, seed=1)
    all_keys = {f"alpha{s}n{i}" for s, n in enumerate([7, 7, 5]) for i in range(n)} | {
        f"beta{s}n{i}" for s, n in enumerate([6, 4]) for i in range(n)
    }
    e0 = [keys_of(x) for x in run_slots(cfg, 4, epoch=0)]
    flat = [k for ks in e0 for k in ks]
    assert sorted(flat) == sorted(all_keys)  # every key exactly once
    e1 = [keys_of(x) for x in run_slots(cfg, 4, epoch=1)]
    assert sorted(k for ks in e1 for k in ks) == sorted(all_keys)
    assert e1 != e0  # another order next epoch
    assert [keys_of(x) for x in run_slots(cfg, 4, epoch=0)] == e0  # deterministic
    other = StreamConfig(manifests=two_sources, shuffle_buffer=6, open_shards=2, seed=2)
    assert [keys_of(x) for x in run_slots(other, 4, epoch=0)] != e0


def test_no_shuffle_reads_in_manifest_order(tmp_path):
    d = make_shard_dir(tmp_path, "alpha", [3, 2])
    assert keys_of(ShardStream(StreamConfig(manifests=[str(d)], shuffle=False))) == [
        "alpha0n0",
        "alpha0n1",
        "alpha0n2",
        "alpha1n0",
        "alpha1n1",
    ]


# ---------------------------------------------------------------------------------------------- mixing and caps
def test_resampled_mixing_ratio(tmp_path):
    a = make_shard_dir(tmp_path / "a", "alpha", [10, 10])
    b = make_shard_dir(tmp_path / "b", "beta", [30, 30, 30])  # three times the data, yet weight 0.75 vs 0.25
    cfg = StreamConfig(
        manifests=[str(a), str(b)], mode="resampled", weights={"alpha": 0.25, "beta": 0.75}, shuffle_buffer=50, seed=3
    )
    stream = iter(ShardStream(cfg, slot=1, num_slots=2))
    sources = Counter(next(stream)["__source__"] for _ in range(2000))
    assert abs(sources["alpha"] / 2000 - 0.25) <= 0.04  # tolerance: +-0.04 (4 binomial sigmas at n=2000)
    # the default weights follow the sizes (alpha: 20 of 110 samples)
    stream = iter(ShardStream(StreamConfig(manifests=[str(a), str(b)], mode="resampled", seed=3)))
    sources = Counter(next(stream)["__source__"] for _ in range(2000))
    assert abs(sources["alpha"] / 2000 - 20 / 110) <= 0.04


def test_epoch_mode_caps_exact_and_weight_zero(tmp_path):
    a = make_shard_dir(tmp_path / "a", "alpha", [7, 7, 5])
    b = make_shard_dir(tmp_path / "b", "beta", [6, 4])
    cfg = StreamConfig(manifests=[str(a), str(b)], caps={"alpha": 9}, shuffle_buffer=4, seed=0)
    for epoch in (0, 1):
        items = [it for x in run_slots(cfg, 4, epoch=epoch) for it in x]
        c = Counter(it["__source__"] for it in items)
        assert c == {"alpha": 9, "beta": 10}
        assert len(set(keys_of(items))) == 19
    zero = StreamConfig(manifests=[str(a), str(b)], weights={"alpha": 0, "beta": 1})
    assert {it["__source__"] for it in ShardStream(zero)} == {"beta"}
    with pytest.raises(Exception, match="weights"):
        load_shard_set(StreamConfig(manifests=[str(a), str(b)], weights={"alpha": 1.0}))


def test_resampled_caps_per_nominal_epoch(tmp_path):
    a = make_shard_dir(tmp_path / "a", "alpha", [10, 10])
    b = make_shard_dir(tmp_path / "b", "beta", [10, 10])
    cfg = StreamConfig(
        manifests=[str(a), str(b)], mode="resampled", caps={"alpha": 30}, epoch_samples=100, shuffle=False, seed=0
    )
    stream = ShardStream(cfg)
    it = iter(stream)
    for epoch in range(3):  # without a shuffle buffer, nominal epochs are aligned windows of 100 samples
        c = Counter(next(it)["__source__"] for _ in range(100))
        assert c == {"alpha": 30, "beta": 70}  # equal weights would give ~50 alpha: the cap binds
        assert stream.state_dict()["epoch"] == epoch


# ---------------------------------------------------------------------------------------------- resume
@pytest.mark.parametrize("mode", ["epoch", "resampled"])
@pytest.mark.parametrize("shuffle", [True, False])
def test_stream_resume_is_exact(two_sources, mode, shuffle):
    cfg = StreamConfig(
        manifests=two_sources,
        mode=mode,
        shuffle=shuffle,
        shuffle_buffer=5,
        open_shards=2,
        weights={"alpha": 0.5, "beta": 0.5},
        seed=7,
    )
    for cut in (0, 4, 13):  # a slot has 14 or 15 samples per epoch
        a = ShardStream(cfg, slot=1, num_slots=2, sample_fn=draw_fn)
        it = iter(a)
        for _ in range(cut):
            next(it)
        saved = json.loads(json.dumps(a.state_dict()))  # plain JSON
        reference = [x for _, x in zip(range(30), it, strict=False)]
        b = ShardStream(cfg, slot=1, num_slots=2, sample_fn=draw_fn)
        b.load_state_dict(saved)
        resumed = [x for _, x in zip(range(30), b, strict=False)]
        assert resumed == reference and reference  # same keys and the same augmentation draws
        if shuffle and cut:
            assert saved["buffer"]["items"]  # the buffer was in flight and was re-read


def test_resume_refuses_another_plan(two_sources):
    st = ShardStream(StreamConfig(manifests=two_sources, seed=1))
    state = st.state_dict()
    with pytest.raises(ValueError, match="fingerprint"):
        ShardStream(StreamConfig(manifests=two_sources, seed=2)).load_state_dict(state)
    with pytest.raises(ValueError, match="slot"):
        ShardStream(StreamConfig(manifests=two_sources, seed=1), slot=1, num_slots=2).load_state_dict(state)


# ---------------------------------------------------------------------------------------------- bad data
class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_corrupt_samples_and_truncated_shard_are_skipped(tmp_path, caplog):
    bad = {"alpha0n1": "image", "alpha0n4": "nojson", "alpha2n0": "image"}
    d = make_shard_dir(tmp_path, "alpha", [6, 6, 6, 6], bad=bad)
    trunc = d / "train/alpha-train-000001.tar"
    trunc.write_bytes(trunc.read_bytes()[:1500])
    clock = FakeClock()
    cfg = StreamConfig(manifests=[str(d)], shuffle_buffer=4, warn_interval_s=60)
    stream = ShardStream(cfg, sample_fn=draw_fn, clock=clock)
    with caplog.at_level(logging.WARNING, logger="megacxr.data.stream"):
        items = list(stream)
    expected = {f"alpha{s}n{i}" for s in (0, 2, 3) for i in range(6)} - set(bad)
    assert sorted(keys_of(items)) == sorted(expected)  # the run went on, nothing else lost
    assert stream.counters == {
        "samples": 15,
        "skipped_corrupt": 3,
        "skipped_truncated_shards": 1,
        "skipped_truncated_samples": 6,
    }
    warnings = [r for r in caplog.records if r.name == "megacxr.data.stream"]
    assert len(warnings) == 1  # 4 problems, one warning within the interval
    msg = warnings[0].getMessage()
    assert "alpha-train-" in msg and "report text" not in msg and "IMG" not in msg
    caplog.clear()
    clock.t = 61.0  # after the interval: one more, with the counts
    stream.set_epoch(1)
    with caplog.at_level(logging.WARNING, logger="megacxr.data.stream"):
        list(stream)
    warnings = [r.getMessage() for r in caplog.records if r.name == "megacxr.data.stream"]
    assert len(warnings) == 1 and stream.counters["skipped_corrupt"] == 6


def test_systematic_failure_raises(tmp_path):
    d = make_shard_dir(tmp_path, "alpha", [20])

    def broken(sample, rng):
        raise KeyError("jpeg")

    stream = ShardStream(StreamConfig(manifests=[str(d)], max_consecutive_errors=10), sample_fn=broken)
    with pytest.raises(RuntimeError, match="10 samples in a row") as exc:
        list(stream)
    assert isinstance(exc.value.__cause__, KeyError)


def test_rng_state_is_json_and_exact():
    from megacxr.data.plan import rng_state, set_rng_state

    g = np.random.default_rng(123)
    g.random(5)
    saved = json.loads(json.dumps(rng_state(g)))
    ref = g.random(3)
    h = np.random.default_rng(0)
    set_rng_state(h, saved)
    assert np.array_equal(h.random(3), ref)


def test_groups_merge_sources_for_mixing(two_sources, tmp_path):
    c = make_shard_dir(tmp_path / "c", "gamma", [8])
    cfg = StreamConfig(
        manifests=[*two_sources, str(c)],
        groups={"alpha": "public", "beta": "public"},
        weights={"public": 0.5, "gamma": 0.5},
        caps={"public": 10},
    )
    ss = load_shard_set(cfg)
    assert ss.sources == ["gamma", "public"] and ss.total("public") == 29
    assert Counter(it["__source__"] for it in ShardStream(cfg)) == {"public": 10, "gamma": 8}


def test_the_same_shard_folder_listed_twice_is_refused(tmp_path):
    """Issue 28: ``eval retrieval --shards D D`` counted every study twice; a folder listed twice (also through
    another spelling of its path) is a config error naming the entries."""
    a = make_shard_dir(tmp_path / "a", "alpha", [4])
    for second in (str(a), str(tmp_path / "a" / ".." / "a")):
        with pytest.raises(ConfigError, match=r"listed twice \(entries 0 and 1\)"):
            load_shard_set(StreamConfig(manifests=[str(a), second]))


@pytest.mark.parametrize("weight", [float("inf"), float("nan"), -1.0])
def test_a_weight_that_is_not_a_finite_number_is_refused(tmp_path, weight):
    """Issue 28: an infinite mixture weight starved every other source."""
    a = make_shard_dir(tmp_path / "a", "alpha", [4])
    b = make_shard_dir(tmp_path / "b", "beta", [4])
    with pytest.raises(ConfigError, match="finite number"):
        load_shard_set(StreamConfig(manifests=[str(a), str(b)], weights={"alpha": weight, "beta": 1.0}))
