"""Elastic resume of the loader (``megacxr.data.elastic``): states saved by W ranks x K workers resume on W' x K'.
Epoch mode: the samples consumed before plus those after the resume are exactly the epoch (none twice, none
lost), the new slots get equal shares, and the next epoch is planned for the new shape. Resampled mode: the
resumed streams are deterministic and do not replay the beginning. The trainer's use of it (model, optimizer
and data on 2 -> 1 and 1 -> 2 ranks) is in tests/test_train_elastic.py."""

from __future__ import annotations

import json

import pytest
from helpers.streams import ALL, draw_fn, keep, make_shard_dir, take

from megacxr.data.loader import MegacxrLoader
from megacxr.data.plan import StreamConfig


@pytest.fixture
def dirs(tmp_path):
    a = make_shard_dir(tmp_path / "a", "alpha", [7, 7, 5, 7])
    b = make_shard_dir(tmp_path / "b", "beta", [6, 5])
    return [str(a), str(b)]


def loaders(cfg, world, workers, state=None, batch=3):
    return [
        MegacxrLoader(
            cfg, draw_fn, batch_size=batch, collate_fn=keep, num_workers=workers, rank=r, world_size=world, state=state
        )
        for r in range(world)
    ]


def keys_of(batches) -> list[str]:
    return [k for b in batches for k, _ in b]


def epoch_keys(lds) -> list[list[str]]:
    return [[it["key"] for b in ld for it in b] for ld in lds]


@pytest.mark.parametrize(
    "old,new,batch", [((2, 1), (1, 0), 3), ((1, 0), (2, 1), 3), ((1, 1), (1, 2), 3), ((2, 2), (3, 1), 4)]
)
@pytest.mark.parametrize("taken", [1, 3])
def test_epoch_mode_rest_of_the_epoch_is_seen_exactly_once_on_another_shape(dirs, old, new, batch, taken):
    cfg = StreamConfig(manifests=dirs, shuffle_buffer=6, open_shards=2, seed=5)
    before = loaders(cfg, *old)
    seen = [k for ld in before for k in keys_of(take(ld, taken))]
    assert len(seen) == len(set(seen)) == 3 * taken * old[0]
    states = json.loads(json.dumps([ld.state_dict() for ld in before]))  # as read back from a checkpoint

    after = loaders(cfg, *new, state=states, batch=batch)
    assert all(ld.resharded_from == f"{old[0]} rank(s) x {max(1, old[1])} worker(s), batch 3" for ld in after)
    rest = epoch_keys(after)
    everything = seen + [k for r in rest for k in r]
    assert len(everything) == len(ALL) and set(everything) == ALL  # exactly the epoch
    per_rank = [len(r) for r in rest]
    assert max(per_rank) - min(per_rank) <= 2 * max(1, new[1])  # equal shares (one sample per source and slot)
    assert all(ld.epoch == 1 for ld in after)

    nxt = epoch_keys(after)  # the next epoch: new shape's plan
    flat = [k for r in nxt for k in r]
    assert len(flat) == len(ALL) and set(flat) == ALL
    fresh = epoch_keys(loaders(cfg, *new, batch=batch))
    assert sorted(map(sorted, nxt)) != [] and [sorted(r) for r in nxt] != [sorted(r) for r in rest]
    assert sum(map(len, fresh)) == len(ALL)

    again = epoch_keys(loaders(cfg, *new, state=states, batch=batch))  # deterministic
    assert again == rest


def test_elastic_state_resumes_exactly_after_a_second_checkpoint_of_the_same_shape(dirs):
    cfg = StreamConfig(manifests=dirs, shuffle_buffer=6, open_shards=2, seed=9)
    before = loaders(cfg, 2, 1)
    seen = [k for ld in before for k in keys_of(take(ld, 2))]
    states = [ld.state_dict() for ld in before]
    (single,) = loaders(cfg, 1, 0, state=states)
    seen += keys_of(take(single, 2))
    saved = json.loads(json.dumps([single.state_dict()]))  # the re-dealt plan is in the state
    (resumed,) = loaders(cfg, 1, 0, state=saved)
    assert resumed.resharded_from is None
    straight = [it["key"] for b in single for it in b]
    assert [it["key"] for b in resumed for it in b] == straight
    assert sorted(seen + straight) == sorted(ALL)


def test_counters_carry_over_as_totals(dirs):
    cfg = StreamConfig(manifests=dirs, shuffle_buffer=6, open_shards=2, seed=1)
    before = loaders(cfg, 2, 1)
    for ld in before:
        take(ld, 2)
    total = sum(ld.stats()["samples"] for ld in before)
    after = loaders(cfg, 3, 0, state=[ld.state_dict() for ld in before])
    assert sum(ld.stats()["samples"] for ld in after) == total == 12


def test_resampled_mode_continues_deterministically_without_replaying_the_start(dirs):
    cfg = StreamConfig(manifests=dirs, mode="resampled", shuffle_buffer=6, open_shards=2, seed=4)
    before = loaders(cfg, 2, 1)
    for ld in before:
        take(ld, 3)
    states = json.loads(json.dumps([ld.state_dict() for ld in before]))
    first = [take(ld, 4) for ld in loaders(cfg, 1, 2, state=states)]
    second = [take(ld, 4) for ld in loaders(cfg, 1, 2, state=states)]
    assert first == second
    start = [take(ld, 4) for ld in loaders(cfg, 1, 2)]
    assert first != start


def test_states_of_another_dataset_are_refused(dirs, tmp_path):
    cfg = StreamConfig(manifests=dirs, seed=3)
    states = [ld.state_dict() for ld in loaders(cfg, 2, 0)]
    other = StreamConfig(manifests=dirs, seed=4)
    with pytest.raises(ValueError, match="fingerprint"):
        loaders(other, 1, 0, state=states)
    with pytest.raises(ValueError, match="not of all 2 ranks"):
        loaders(cfg, 1, 0, state=states[:1])


def test_checkpoint_gives_each_rank_its_own_state_or_every_state_to_re_deal(tmp_path):
    """Same shape: a rank needs only its own file (node-local checkpoint folders hold only their node's ranks);
    another shape: every rank's file, or None (the stream restarts, with a warning) when some are missing."""
    from megacxr.train.checkpoint import Checkpointer

    folder = tmp_path / "ckpt" / "step00000004"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"step": 4, "world_size": 2}))
    shape = {"world_size": 2, "num_workers": 1, "batch_size": 4}
    (folder / "loader-rank1.json").write_text(json.dumps({"rank": 1, **shape}))
    on_node_1 = Checkpointer(tmp_path / "ckpt", 3, rank=1, local_rank=0)
    assert on_node_1.loader_states("step00000004", 2, 1, 4) == {"rank": 1, **shape}
    assert on_node_1.loader_states("step00000004", 1, 1, 4) is None  # rank 0's file is elsewhere
    assert on_node_1.loader_states("step00000004", 2, 2, 4) is None  # another worker count: all needed
    (folder / "loader-rank0.json").write_text(json.dumps({"rank": 0, **shape}))
    both = Checkpointer(tmp_path / "ckpt", 3, rank=0, local_rank=0).loader_states("step00000004", 1, 2, 8)
    assert [s["rank"] for s in both] == [0, 1]


def test_a_redeal_keeps_each_shard_together_so_new_slots_open_as_few_shards_as_plain_ones(tmp_path, monkeypatch):
    """The 2048 -> 1024 regime in small: each slot's share of the epoch (40) is smaller than its shuffle buffer
    (60), so at the checkpoint most of the rest of the epoch waits in buffers. Re-dealt from 64 to 32 slots, a new
    slot must open about as many shards as a slot of a fresh 32-slot epoch (it would open dozens if the buffered
    samples were dealt out one by one), and the epoch is still exactly once."""
    from megacxr.data.stream import ShardStream

    d = make_shard_dir(tmp_path / "many", "gamma", [40] * 64)
    cfg = StreamConfig(manifests=[str(d)], shuffle_buffer=60, open_shards=2, seed=3)
    everything = {f"gamma{s}n{i}" for s in range(64) for i in range(40)}
    opened: dict[int, set[str]] = {}
    real_open = ShardStream._open_cursor

    def counting_open(self, src, shard, next_, end):
        opened.setdefault(self.slot, set()).add(shard.ref)
        return real_open(self, src, shard, next_, end)

    before = loaders(cfg, 64, 0, batch=4)
    seen = [k for ld in before for k in keys_of(take(ld, 3))]
    states = json.loads(json.dumps([ld.state_dict() for ld in before]))
    buffered = sum(len(w["buffer"]["items"]) // 2 for s in states for w in s["workers"])
    assert buffered > len(everything) // 2, "the regime under test: most of the rest waits in buffers"

    monkeypatch.setattr(ShardStream, "_open_cursor", counting_open)
    opened.clear()
    rest = epoch_keys(loaders(cfg, 32, 0, state=states, batch=4))
    after = sorted(len(v) for v in opened.values())
    opened.clear()
    plain = epoch_keys(loaders(cfg, 32, 0, batch=4))
    fresh = sorted(len(v) for v in opened.values())
    flat = seen + [k for r in rest for k in r]
    assert len(flat) == len(set(flat)) == len(everything) and set(flat) == everything
    assert sum(map(len, plain)) == len(everything)
    assert len(after) == len(fresh) == 32
    assert after[-1] <= 2 * fresh[-1], f"a re-dealt slot opened {after[-1]} shards, a fresh one {fresh[-1]}"


def test_coalesce_joins_adjacent_ranges_per_shard_and_refuses_a_sample_listed_twice():
    from megacxr.data.elastic import coalesce

    pieces = [("b", 4, 5), ("a", 3, 6), ("b", 0, 2), ("a", 0, 3), ("b", 2, 3), ("a", 7, 7)]
    assert coalesce(pieces) == [[("b", 0, 3), ("b", 4, 5)], [("a", 0, 6)]]
    with pytest.raises(ValueError, match="twice"):
        coalesce([("a", 0, 3), ("a", 2, 5)])
