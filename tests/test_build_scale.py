"""The shard build's costs that must not grow with the whole build (DESIGN.md, Scale), checked by counting.

- the planning process opens no image file, and the planner reads no MIMIC report file;
- a worker receives its unit (a payload that does not grow with the build) and holds no other study of the plan;
- a partition prepares (loads, screens, cleans) only the studies of its own units, and K partitions merged are
  byte-identical to one build, duplicates across partitions included;
- a resume with nothing to do opens no image, no shard and no table; ``rehash`` checks shards by sha256;
- dedup, now settled from worker digests at finalize, keeps exactly the studies the simple rule keeps (same
  text and same image bytes as an earlier study of the split, in key order), quarantine interplay included;
- the cached path resolution equals ``os.path.realpath``.

File opens are counted with a Python audit hook (``sys.addaudithook``: every ``open``/``os.open`` raises an
``open`` event), armed only around the code under test and only for the test's own process.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import webdataset as wds
from helpers.datasets import cxr_variant, make_csv_dataset

from megacxr.shards import ids
from megacxr.shards.build import build_shards
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.ids import load_or_create_salt
from megacxr.shards.manifest import merge_partitions
from megacxr.shards.plan import make_plan
from megacxr.shards.prepare import PathResolver
from megacxr.shards.verify import verify_shards

_OPENS: list[str] | None = None  # armed: paths opened by this process
_PID = os.getpid()


def _hook(event, args):
    if _OPENS is not None and event == "open" and os.getpid() == _PID and args and args[0] is not None:
        if isinstance(args[0], (str, bytes, os.PathLike)):
            _OPENS.append(os.fsdecode(args[0]))


sys.addaudithook(_hook)


class opens:
    """``with opens() as seen:`` the paths this process opened inside the block."""

    def __enter__(self) -> list[str]:
        global _OPENS
        _OPENS = []
        return _OPENS

    def __exit__(self, *exc):
        global _OPENS
        _OPENS = None


SALT = "9c" * 32


def _cfg(table: Path, out: Path, **kw) -> ShardBuildConfig:
    salt = out.parent / "salt"
    salt.write_text(SALT)
    cfg = ShardBuildConfig(
        source="csv",
        images=str(table.parent),
        reports=str(table),
        out=str(out),
        workers=kw.pop("workers", 1),
        progress=False,
        shard_samples=kw.pop("shard_samples", 4),
        salt_file=str(salt),
    )
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


def _export_with_duplicates(tmp_path: Path, real_png, patients: int = 12) -> Path:
    """A CSV export whose studies include: re-exported studies (same text and image file, another study id, some
    under the same patient, some under another), same text with different images, a duplicated study whose image
    is corrupt, and one identifier to redact."""
    src = tmp_path / "src"
    table = make_csv_dataset(src, real_png, patients=patients, studies_per_patient=2)
    rows = table.read_text().splitlines()
    header, body = rows[0], rows[1:]
    extra = []
    for j, line in enumerate(body[::3]):  # re-exports of every third study, alternately same / other patient
        cells = line.split(",")
        cells[0] = cells[0] if j % 2 == 0 else f"MRNX{j:06d}"
        cells[1] = f"RX{j:04d}"
        extra.append(",".join(cells))
    same_text = body[1].split(",")  # the same report over a different image: not a duplicate
    (src / "images" / "other").mkdir(parents=True)
    cxr_variant(real_png, 500).save(src / "images" / "other" / "o.png")
    extra.append(",".join(["MRN7777777", "OT1", "images/other/o.png", *same_text[3:]]))
    bad = src / "images" / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x07" * 300)
    for k in range(2):  # identical corrupt studies: the first is quarantined, the second is its duplicate
        extra.append(f"MRN8888888,CX{k},images/bad.png,IMPRESSION: Corrupt twin.,2023-01-01,PA")
    extra.append("MRN9999999,PH1,images/other/o.png,IMPRESSION: Call 617-555-0134 re small effusion.,2023-01-01,PA")
    table.write_text("\n".join([header, *body, *extra]) + "\n")
    return table


def _samples(out: Path) -> dict[str, dict]:
    manifest = json.loads((out / "manifest.json").read_text())
    found = {}
    for sh in manifest["shards"]:
        for s in wds.WebDataset(str(out / sh["path"]), shardshuffle=False):
            found[s["__key__"]] = s
    return found


def test_the_planner_opens_no_image_and_a_worker_gets_only_its_unit(tmp_path, real_png, monkeypatch):
    table = _export_with_duplicates(tmp_path, real_png)
    log = tmp_path / "workers.log"
    import megacxr.shards.pool as pool
    import megacxr.shards.worker as worker

    sent: list[int] = []
    real_job, real_open_reader = pool.UnitJob, worker.open_reader

    def recording_job(*args):  # in the parent: the size of what goes to a worker
        job = real_job(*args)
        sent.append(len(pickle.dumps(job)))
        return job

    def recording_open_reader(cfg):  # in the worker, once per unit: how many study stubs does it hold?
        import gc

        from megacxr.shards.record import StudyStub

        with open(log, "a") as fh:
            fh.write(f"{sum(isinstance(o, StudyStub) for o in gc.get_objects())}\n")
        return real_open_reader(cfg)

    monkeypatch.setattr(pool, "UnitJob", recording_job)
    monkeypatch.setattr(worker, "open_reader", recording_open_reader)
    with opens() as seen:
        manifest = build_shards(_cfg(table, tmp_path / "out"))
    assert manifest["totals"]["duplicates_removed"] > 0
    images = [p for p in seen if p.endswith((".png", ".jpg", ".dcm"))]
    assert images == [], f"the planning process opened {len(images)} image file(s)"
    units = len(json.loads((tmp_path / "out" / ".build" / "plan.json").read_text())["units"])
    held = [int(x) for x in log.read_text().split()]
    assert len(sent) == len(held) == units
    assert max(held) <= 4, f"a worker held {max(held)} study stubs: more than its unit (the plan was inherited)"
    # the payload is one unit: a build three times as large sends jobs of the same size
    small = max(sent)
    sent.clear()
    big = make_csv_dataset(tmp_path / "big", real_png, patients=36, studies_per_patient=2)
    build_shards(_cfg(big, tmp_path / "out_big"))
    assert len(sent) > 1.5 * units and max(sent) < 1.3 * small


def test_the_scan_of_mimic_reads_no_report_file(tmp_path):
    from megacxr.synth import generate

    info = generate("mimic-cxr", tmp_path / "data", studies=40, seed=0, image_size=32)
    cfg = ShardBuildConfig(
        source="mimic-cxr",
        images=str(tmp_path / "data" / info["images"]),
        reports=str(tmp_path / "data" / info["reports"]),
        out=str(tmp_path / "out"),
        progress=False,
    )
    with opens() as seen:
        plan = make_plan(cfg, b"\x01" * 32)
    assert sum(len(u.studies) for u in plan.units) == 40
    assert not [p for p in seen if p.endswith((".txt", ".jpg", ".dcm"))], "the scan opened report or image files"


def test_a_partition_prepares_only_its_units_and_partitions_merge_to_the_single_build(tmp_path, real_png, monkeypatch):
    table = _export_with_duplicates(tmp_path, real_png, patients=16)
    single = build_shards(_cfg(table, tmp_path / "single"))
    assert single["totals"]["duplicates_removed"] >= 5
    log = tmp_path / "prepared.log"
    from megacxr.shards.prepare import Preparer

    real_call = Preparer.__call__

    def recording(self, rec, key, split):
        with open(log, "a") as fh:
            fh.write(key + "\n")
        return real_call(self, rec, key, split)

    monkeypatch.setattr(Preparer, "__call__", recording)
    k = 3
    for p in range(k):
        cfg = _cfg(table, tmp_path / f"p{p}", num_partitions=k, partition=p)
        log.unlink(missing_ok=True)
        summary = build_shards(cfg)
        assert "shards" not in summary and summary["units_built"] > 0
        plan = make_plan(cfg, load_or_create_salt(tmp_path, cfg.salt_file))
        own = {s.key for g, u in enumerate(plan.units) if g % k == p for s in u.studies}
        other = {s.key for g, u in enumerate(plan.units) if g % k != p for s in u.studies}
        prepared = set(log.read_text().split())
        assert prepared == own and not prepared & other, f"partition {p} prepared studies of other partitions"
    monkeypatch.undo()
    merge_partitions(tmp_path / "merged", [tmp_path / f"p{p}" for p in range(k)])
    from megacxr.shards.build import finalize

    merged = finalize(tmp_path / "merged")
    assert [s["sha256"] for s in merged["shards"]] == [s["sha256"] for s in single["shards"]]
    assert merged["duplicates_removed"] == single["duplicates_removed"]
    assert merged["quarantine_counts"] == single["quarantine_counts"]
    assert merged["phi_redactions"] == single["phi_redactions"] and sum(single["phi_redactions"].values()) >= 1
    assert verify_shards(tmp_path / "merged", progress=False)["problems"] == []


def test_a_resume_with_nothing_to_do_opens_no_image_shard_or_table(tmp_path, real_png):
    table = _export_with_duplicates(tmp_path, real_png)
    out = tmp_path / "out"
    first = build_shards(_cfg(table, out))
    with opens() as seen:
        again = build_shards(_cfg(table, out))
    assert [s["sha256"] for s in again["shards"]] == [s["sha256"] for s in first["shards"]]
    assert not [p for p in seen if p.endswith((".png", ".tar", ".csv"))], sorted(set(seen))[:10]
    with opens() as seen:
        build_shards(_cfg(table, out), rehash=True)
    assert len({p for p in seen if p.endswith(".tar")}) == len(first["shards"])
    # a byte changed in place with size and mtime kept: trusted by default, caught by rehash and rebuilt
    victim = out / first["shards"][0]["path"]
    st = victim.stat()
    data = bytearray(victim.read_bytes())
    data[700] ^= 0xFF
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    build_shards(_cfg(table, out))
    assert hashlib.sha256(victim.read_bytes()).hexdigest() != first["shards"][0]["sha256"]
    fixed = build_shards(_cfg(table, out), rehash=True)
    assert [s["sha256"] for s in fixed["shards"]] == [s["sha256"] for s in first["shards"]]
    # a shard copied (new mtime, same bytes) is checked once by its sha256, then trusted again by its new mtime
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    with opens() as seen:
        build_shards(_cfg(table, out))
    assert [p for p in seen if p.endswith(".tar")] == [str(victim)]
    with opens() as seen:
        build_shards(_cfg(table, out))
    assert not [p for p in seen if p.endswith(".tar")]
    # a changed table is noticed: the scan runs again and the different plan needs --overwrite
    table.write_text(table.read_text().replace("Corrupt twin", "Corrupt twins"))
    from megacxr.errors import InputError

    with pytest.raises(InputError, match="overwrite"):
        build_shards(_cfg(table, out))


def _reference_dedup(table: Path, out_nodedup: Path) -> tuple[set[str], int]:
    """The simple rule, from a build without dedup and the source files: per split in key order, a study whose
    training text and image bytes equal an earlier study's is a duplicate. Returns (keys kept, duplicates)."""
    import csv

    salt = bytes.fromhex(SALT)
    paths = {}
    with open(table, newline="") as fh:
        for row in csv.DictReader(fh):
            paths.setdefault(ids.sample_key(salt, "csv", row["study_id"]), []).append(row["image_path"])
    manifest = json.loads((out_nodedup / "manifest.json").read_text())
    by_split = defaultdict(list)
    for key, s in _samples(out_nodedup).items():
        by_split[json.loads(s["json"])["split"]].append((key, s["txt"]))
    # quarantined studies take part too (the first of a content claims it even when its decode fails): the
    # corrupt twins are the only such studies here, both in one split
    for q in manifest["quarantine"]:
        assert q["reason"] in ("corrupt_image", "phi_residual"), q
    kept, dups = set(), 0
    for _split, items in by_split.items():
        seen = set()
        for key, txt in sorted(items):
            content = (txt, b"".join((table.parent / p).read_bytes() for p in paths[key]))
            if content in seen:
                dups += 1
            else:
                seen.add(content)
                kept.add(key)
    return kept, dups


def test_dedup_keeps_what_the_simple_rule_keeps(tmp_path, real_png):
    table = _export_with_duplicates(tmp_path, real_png, patients=14)
    plain = build_shards(_nodedup(table, tmp_path))
    deduped = build_shards(_cfg(table, tmp_path / "dedup", workers=2, shard_samples=3))
    expected_keys, expected_dups = _reference_dedup(table, tmp_path / "plain")
    assert set(_samples(tmp_path / "dedup")) == expected_keys
    # the corrupt twins: one quarantined (as without dedup), the other counted as its duplicate
    assert deduped["totals"]["duplicates_removed"] == expected_dups + 1
    assert deduped["quarantine_counts"] == {"corrupt_image": 1}
    assert plain["quarantine_counts"] == {"corrupt_image": 2}
    assert (
        deduped["totals"]["samples"] + deduped["totals"]["quarantined"] + deduped["totals"]["duplicates_removed"]
        == deduped["totals"]["studies_read"]
    )
    assert verify_shards(tmp_path / "dedup", progress=False)["problems"] == []


def _nodedup(table: Path, tmp_path: Path) -> ShardBuildConfig:
    cfg = _cfg(table, tmp_path / "plain")
    cfg.split.dedup = False
    return cfg


def test_merge_refuses_a_unit_record_that_names_a_path(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=4)
    part = tmp_path / "p0"
    build_shards(_cfg(table, part, num_partitions=2, partition=0))
    rec_file = next((part / ".build" / "units").glob("*.json"))
    rec = json.loads(rec_file.read_text())
    rec["parts"][0]["part"] = "../../escaped.tar"
    rec_file.write_text(json.dumps(rec))
    from megacxr.errors import InputError

    with pytest.raises(InputError, match="plain file name"):
        merge_partitions(tmp_path / "merged", [part])
    assert not list(tmp_path.glob("escaped.tar"))


def test_the_cached_resolver_equals_realpath(tmp_path):
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "x.png").write_bytes(b"x")
    (root / "link_dir").symlink_to(root / "a")
    (root / "a" / "b" / "link.png").symlink_to(root / "a" / "b" / "x.png")
    (root / "a" / "b" / "out.png").symlink_to(tmp_path)
    resolve = PathResolver()
    cases = [
        "a/b/x.png",
        "link_dir/b/x.png",
        "a/b/link.png",
        "a/b/out.png",
        "a/b/../b/x.png",
        "a/b/missing.png",
        "link_dir/b/../../a/b/x.png",
        "a/b/..",
        "a/b/.",
        "nowhere/x.png",
    ]
    for _ in range(2):  # second pass from the cache
        for rel in cases:
            assert resolve(root / rel) == os.path.realpath(root / rel), rel
    assert resolve(str(root / "a\x00b.png")) is None


def test_a_nul_byte_in_an_image_path_quarantines_that_study_only(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=4)
    with open(table, "a", newline="") as fh:
        fh.write("MRN0000099,NUL1,images/pt000/a\x00b.png,IMPRESSION: Clear lungs.,2023-01-01,PA\n")
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    assert manifest["quarantine_counts"] == {"missing_image": 1}
    assert manifest["totals"]["samples"] == 8
