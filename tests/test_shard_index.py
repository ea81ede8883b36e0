"""The offset index written beside every shard (``x.idx``, shards/FORMAT.md "Offset index").

- every shard of a build has one, equal to a walk of the tar's headers: parts split by the byte cap, parts
  rewritten by dedup and shards moved by finalize and merge included; ``shards verify`` checks it;
- loading it reads the small index, not the tar; a sample or a member is then one ``pread``;
- an index that does not describe its tar (another tar's, edited, hostile) is never trusted: the reader walks
  the headers, and ``verify`` names the shard;
- shards without an index (built before it existed, or by another writer) still stream, sample for sample.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from helpers.datasets import csv_config, make_csv_dataset

from megacxr.data.plan import StreamConfig
from megacxr.data.stream import ShardStream
from megacxr.data.tarindex import IndexCache, ShardIndex
from megacxr.shards.build import build_shards
from megacxr.shards.tario import index_path, read_index
from megacxr.shards.verify import verify_shards

_OPENED: list[str] | None = None


def _hook(event, args):
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_hook)


def _build(tmp_path: Path, real_png, **kw) -> Path:
    table = make_csv_dataset(tmp_path / "src", real_png, patients=10, studies_per_patient=2)
    rows = table.read_text().splitlines()
    dup = rows[1].split(",")
    dup[1] = "DUP1"
    table.write_text("\n".join([*rows, ",".join(dup)]) + "\n")  # one exact duplicate: a part gets rewritten
    out = tmp_path / "out"
    salt = tmp_path / "salt"
    salt.write_text("3e" * 32)  # fixed: unit membership (and so every shard's bytes) is the same on every run
    cfg = csv_config(table, out, shard_samples=kw.pop("shard_samples", 6), salt_file=str(salt), **kw)
    manifest = build_shards(cfg)
    assert manifest["totals"]["duplicates_removed"] == 1
    return out


def _stream_keys(out: Path) -> list[str]:
    cfg = StreamConfig(manifests=[str(out)], split="train", shuffle=False, mode="epoch")
    stream = ShardStream(cfg, slot=0, num_slots=1, index_cache=IndexCache())
    keys = []
    for item in stream:
        keys.append(item["__key__"])
        if len(keys) > 1000:
            break
    return keys


def test_every_shard_has_an_index_equal_to_its_headers(tmp_path, real_png):
    out = _build(tmp_path, real_png, shard_samples=100, shard_bytes=40_000)
    manifest = json.loads((out / "manifest.json").read_text())
    assert max(sh["part"] for sh in manifest["shards"]) >= 2, "the byte cap should split a unit into parts"
    for sh in manifest["shards"]:
        tar = out / sh["path"]
        assert sh["index"] == str(index_path(tar).relative_to(out))
        loaded, walked = ShardIndex.load(tar, sh["sha256"]), ShardIndex.scan(tar)
        assert (loaded.keys, loaded.spans, loaded.members) == (walked.keys, walked.spans, walked.members)
        assert len(loaded) == sh["samples"]
    assert not list(out.rglob("*.idx.tmp")) and not list(out.rglob(".parts"))
    assert verify_shards(out, progress=False)["problems"] == []


def test_loading_reads_the_index_not_the_tar(tmp_path, real_png):
    global _OPENED
    out = _build(tmp_path, real_png)
    sh = json.loads((out / "manifest.json").read_text())["shards"][0]
    tar = out / sh["path"]
    _OPENED = []
    try:
        index = ShardIndex.load(tar, sh["sha256"])
        opened_by_load = list(_OPENED)
        sample = index.read(len(index) - 1, exts=frozenset({"txt"}))
    finally:
        _OPENED = None
    assert opened_by_load == [str(index_path(tar))]
    assert set(sample) == {"__key__", "txt"} and sample["txt"]


def test_an_index_that_does_not_describe_its_tar_is_not_trusted(tmp_path, real_png):
    out = _build(tmp_path, real_png)
    shards = json.loads((out / "manifest.json").read_text())["shards"]
    a, b = out / shards[0]["path"], out / shards[1]["path"]
    walked = ShardIndex.scan(a)
    # another shard's index in its place: size and sha256 differ
    index_path(a).write_bytes(index_path(b).read_bytes())
    assert read_index(a, a.stat().st_size, shards[0]["sha256"]) is None
    assert ShardIndex.load(a, shards[0]["sha256"]).members == walked.members
    # right size and sha256, members edited: readers must not trust offsets blindly; verify names the shard
    data = json.loads(index_path(b).read_text())
    data["samples"][0][1][0][1] += 512
    index_path(b).write_text(json.dumps(data))
    problems = verify_shards(out, progress=False)["problems"]
    assert any(shards[0]["path"] in p and "offset index" in p for p in problems)
    assert any(shards[1]["path"] in p and "does not match" in p for p in problems)
    # hostile values: offsets past the end, negative sizes, wrong types, a huge file: all refused
    size = b.stat().st_size
    for bad in (
        [["k", [["jpg", size, 10]]]],
        [["k", [["jpg", 512, -1]]]],
        [["k", [["jpg", "512", 1]]]],
        [["../k", [["jpg", 512, 1]]]],
        [["k", []]],
        "not a list",
    ):
        data["samples"] = bad
        index_path(b).write_text(json.dumps(data))
        assert read_index(b, size, shards[1]["sha256"]) is None, bad
    index_path(b).write_text("{" * 100_000)
    assert read_index(b, size, shards[1]["sha256"]) is None


def test_shards_without_an_index_still_stream_the_same_samples(tmp_path, real_png):
    out = _build(tmp_path, real_png)
    with_index = _stream_keys(out)
    for idx in out.rglob("*.idx"):
        idx.unlink()
    manifest = json.loads((out / "manifest.json").read_text())
    for sh in manifest["shards"]:
        sh.pop("index")
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert _stream_keys(out) == with_index and len(with_index) > 10
    assert verify_shards(out, progress=False)["problems"] == []


def test_a_text_only_pass_reads_no_image_member(tmp_path, real_png, monkeypatch):
    from megacxr.data.stream import iter_shard_samples

    out = _build(tmp_path, real_png)
    manifest = json.loads((out / "manifest.json").read_text())
    images, texts = {}, 0  # per shard path: the byte ranges of image members
    for sh in manifest["shards"]:
        index = ShardIndex.scan(out / sh["path"])
        images[str(out / sh["path"])] = [
            (off, off + n) for ms in index.members for ext, off, n in ms if ext.endswith(("jpg", "png"))
        ]
        texts += sum(n for ms in index.members for ext, off, n in ms if ext in ("txt", "json"))
    reads = []
    real_pread = os.pread

    def counting_pread(fd, n, offset):
        reads.append((os.readlink(f"/proc/self/fd/{fd}"), offset, offset + n))
        return real_pread(fd, n, offset)

    monkeypatch.setattr(os, "pread", counting_pread)
    cfg = StreamConfig(manifests=[str(out)], split="train", read_exts=["txt", "json"])
    samples = list(iter_shard_samples(cfg))
    train = [sh for sh in manifest["shards"] if sh["split"] == "train"]
    assert len(samples) == sum(sh["samples"] for sh in train)
    assert all(set(s) == {"__key__", "__url__", "txt", "json"} for s in samples)
    read = sum(b - a for _, a, b in reads)
    assert 0 < read <= texts
    for path, a, b in reads:
        assert not any(a < hi and lo < b for lo, hi in images[path]), "a text-only pass read image bytes"
    # the whole pass read a small share of the shards' bytes
    assert read < 0.2 * sum(sh["bytes"] for sh in train)
