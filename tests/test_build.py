"""The shard builder end to end on a hospital-CSV dataset made from real CXR pixels.

Covers: counts and webdataset read-back, patient-level splits, dedup, quarantine of every bad-input kind,
systematic errors (exit 2), the PHI screen reaching the shards, byte caps, partitions + merge, resume after a
killed build, and a damaged shard being rebuilt.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict

import pytest
import webdataset as wds
from helpers.cli import REPO, run_cli
from helpers.datasets import cxr_variant, make_csv_dataset
from PIL import Image

from megacxr.errors import InputError
from megacxr.shards.build import build_shards
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.verify import verify_shards


def _cfg(table, out, **kw) -> ShardBuildConfig:
    cfg = ShardBuildConfig(
        source="csv",
        images=str(table.parent),
        reports=str(table),
        out=str(out),
        workers=1,
        progress=False,
        shard_samples=kw.pop("shard_samples", 5),
    )
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


def _read_all(out):
    samples = []
    manifest = json.loads((out / "manifest.json").read_text())
    for sh in manifest["shards"]:
        for s in wds.WebDataset(str(out / sh["path"]), shardshuffle=False):
            samples.append((sh["split"], s))
    return manifest, samples


def test_build_counts_splits_and_webdataset_readback(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=20, studies_per_patient=3)
    out = tmp_path / "shards"
    manifest = build_shards(_cfg(table, out))
    manifest, samples = _read_all(out)
    assert manifest["totals"]["samples"] == 60 == len(samples)
    per_split = defaultdict(int)
    patient_splits = defaultdict(set)
    for split, s in samples:
        per_split[split] += 1
        meta = json.loads(s["json"])
        assert meta["split"] == split
        patient_splits[meta["patient"]].add(split)
        assert "MRN" not in s["json"].decode() and "ACC" not in s["json"].decode()
        assert "ACC" not in s["__key__"] and "MRN" not in s["__key__"]
        assert Image.open(io.BytesIO(s["jpg"])).size[0] > 0
    assert dict(per_split) == manifest["counts"]["by_split"]
    assert all(len(v) == 1 for v in patient_splits.values()), "a patient landed in two splits"
    assert len(patient_splits) == 20
    for sh in manifest["shards"]:
        assert sh["path"].startswith(f"{sh['split']}/csv-{sh['split']}-") and sh["samples"] <= 5
    assert verify_shards(out, progress=False)["problems"] == []


def test_same_input_gives_identical_shards(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=6)
    salt = tmp_path / "salt"
    salt.write_text("ab" * 32)
    m1 = build_shards(_cfg(table, tmp_path / "a", salt_file=str(salt)))
    m2 = build_shards(_cfg(table, tmp_path / "b", salt_file=str(salt), workers=2))
    assert [s["sha256"] for s in m1["shards"]] == [s["sha256"] for s in m2["shards"]]


def test_quarantine_of_each_bad_input_kind(tmp_path, real_png):
    src = tmp_path / "src"
    (src / "bad").mkdir(parents=True)
    good = cxr_variant(real_png, 99)
    good.save(src / "bad" / "ok.jpg", quality=90)
    data = (src / "bad" / "ok.jpg").read_bytes()
    (src / "bad" / "truncated.jpg").write_bytes(data[: len(data) // 2])
    # seeded bytes (os.urandom made the PNG read as truncated instead of corrupt now and then)
    (src / "bad" / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(300))
    (src / "bad" / "broken.dcm").write_bytes(b"\x00" * 128 + b"DICM" + random.Random(1).randbytes(200))
    rows = [
        {
            "patient_id": "Q1",
            "study_id": "QS1",
            "image_path": "bad/truncated.jpg",
            "report": "IMPRESSION: Normal chest one.",
        },
        {
            "patient_id": "Q2",
            "study_id": "QS2",
            "image_path": "bad/corrupt.png",
            "report": "IMPRESSION: Normal chest two.",
        },
        {
            "patient_id": "Q3",
            "study_id": "QS3",
            "image_path": "bad/missing.png",
            "report": "IMPRESSION: Normal chest three.",
        },
        {"patient_id": "Q4", "study_id": "QS4", "image_path": "bad/ok.jpg", "report": "   "},
        {"patient_id": "", "study_id": "QS5", "image_path": "bad/ok.jpg", "report": "IMPRESSION: Normal chest five."},
        {
            "patient_id": "Q6",
            "study_id": "QS6",
            "image_path": "bad/broken.dcm",
            "report": "IMPRESSION: Normal chest six.",
        },
    ]
    table = make_csv_dataset(src, real_png, patients=4, extra_rows=rows)
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    reasons = manifest["quarantine_counts"]
    assert reasons.get("truncated_image") == 1
    assert reasons.get("corrupt_image") == 1
    assert reasons.get("missing_image") == 1
    assert reasons.get("empty_report") == 1
    assert reasons.get("missing_field") == 1
    assert reasons.get("unreadable_dicom") == 1
    assert manifest["totals"]["samples"] == 8 and manifest["totals"]["quarantined"] == 6
    # hospital source: quarantine entries point at table rows, never at paths or ids
    for q in manifest["quarantine"]:
        assert q["ref"].startswith("reports.csv:row "), q
        assert "Q1" not in json.dumps(q) and "bad/" not in q["ref"]
    assert verify_shards(tmp_path / "out", progress=False)["problems"] == []


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_systematic_errors_exit_2(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=2)
    # missing required column
    text = table.read_text().replace("image_path", "img")
    bad = tmp_path / "src" / "bad.csv"
    bad.write_text(text)
    proc = run_cli(
        "shards",
        "build",
        "--source",
        "csv",
        "--images",
        str(table.parent),
        "--reports",
        str(bad),
        "--out",
        str(tmp_path / "o1"),
        "--no-progress",
    )
    assert proc.returncode == 2 and "bad.csv" in proc.stderr and "image_path" in proc.stderr, proc.stderr
    # the column mapping fixes it
    proc = run_cli(
        "shards",
        "build",
        "--source",
        "csv",
        "--images",
        str(table.parent),
        "--reports",
        str(bad),
        "--out",
        str(tmp_path / "o1"),
        "--column",
        "image_path=img",
        "--no-progress",
        "--workers",
        "1",
    )
    assert proc.returncode == 0, proc.stderr
    # wrong --source for the folder
    proc = run_cli(
        "shards",
        "build",
        "--source",
        "mimic-cxr",
        "--images",
        str(table.parent),
        "--out",
        str(tmp_path / "o2"),
        "--no-progress",
    )
    assert proc.returncode == 2 and proc.stderr.strip(), proc.stderr
    # zero studies
    empty = tmp_path / "src" / "empty.csv"
    empty.write_text(table.read_text().splitlines()[0] + "\n")
    proc = run_cli(
        "shards",
        "build",
        "--source",
        "csv",
        "--images",
        str(table.parent),
        "--reports",
        str(empty),
        "--out",
        str(tmp_path / "o3"),
        "--no-progress",
    )
    assert proc.returncode == 2 and "empty.csv" in proc.stderr
    for p in (proc.stderr, proc.stdout):
        assert "MRN" not in p


def test_dedup_within_split(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=3, studies_per_patient=1)
    rows = table.read_text().splitlines()
    first = rows[1].split(",")
    # the same patient again under another study id: identical image file and report text
    dup = ",".join(["MRN0000000", "ACC_DUP", first[2], first[3], first[4], first[5]])
    table.write_text("\n".join(rows + [dup]) + "\n")
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    assert manifest["totals"]["duplicates_removed"] == 1
    assert manifest["totals"]["samples"] == 3


def test_phi_never_reaches_shards_or_manifest(tmp_path, real_png):
    planted = ["Dr. Hargreaves", "617-555-0134", "j.doe@example.org", "03/14/2023", "MRN 48213377"]
    rows = [
        {
            "patient_id": "MRN9999999",
            "study_id": "ACC9",
            "image_path": "images/pt000/ACC00000_frontal.png",
            "report": f"IMPRESSION: Small left effusion. Discussed with {planted[0]} at {planted[1]}, "
            f"email {planted[2]} on {planted[3]}. {planted[4]}.",
        }
    ]
    table = make_csv_dataset(tmp_path / "src", real_png, patients=2, extra_rows=rows)
    out = tmp_path / "out"
    manifest = build_shards(_cfg(table, out))
    blob = (out / "manifest.json").read_text()
    for sh in manifest["shards"]:
        blob += (out / sh["path"]).read_bytes().decode("latin-1")
    for s in planted + ["Hargreaves", "48213377", "MRN9999999", "ACC9"]:
        assert s not in blob, s
    assert sum(manifest["phi_redactions"].values()) >= 5
    assert "left effusion" in blob


def test_byte_cap_splits_shards(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=10, studies_per_patient=2)
    cap = 40_000
    manifest = build_shards(_cfg(table, tmp_path / "out", shard_samples=100, shard_bytes=cap))
    train = [s for s in manifest["shards"] if s["split"] == "train"]
    assert len(train) > 1
    assert all(s["bytes"] <= cap for s in manifest["shards"])
    assert [s["path"] for s in train] == [f"train/csv-train-{i:06d}.tar" for i in range(len(train))]
    assert verify_shards(tmp_path / "out", progress=False)["problems"] == []


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_partitions_and_merge_equal_single_build(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=10, studies_per_patient=2)
    salt = tmp_path / "salt"
    salt.write_text("cd" * 32)
    single = build_shards(_cfg(table, tmp_path / "single", salt_file=str(salt), shard_samples=3))
    # shared output directory
    shared = tmp_path / "shared"
    for i in range(2):
        part = build_shards(_cfg(table, shared, salt_file=str(salt), shard_samples=3, num_partitions=2, partition=i))
        assert "shards" not in part
    assert not (shared / "manifest.json").exists()
    proc = run_cli("shards", "merge", str(shared), check=True)
    merged = json.loads((shared / "manifest.json").read_text())
    assert [s["sha256"] for s in merged["shards"]] == [s["sha256"] for s in single["shards"]]
    # separate directories gathered with --from
    dirs = []
    for i in range(2):
        d = tmp_path / f"p{i}"
        build_shards(_cfg(table, d, salt_file=str(salt), shard_samples=3, num_partitions=2, partition=i))
        dirs.append(d)
    proc = run_cli(
        "shards", "merge", str(tmp_path / "gathered"), "--from", str(dirs[0]), "--from", str(dirs[1]), check=True
    )
    gathered = json.loads((tmp_path / "gathered" / "manifest.json").read_text())
    assert [s["sha256"] for s in gathered["shards"]] == [s["sha256"] for s in single["shards"]]
    assert run_cli("shards", "verify", str(tmp_path / "gathered"), "--no-progress").returncode == 0
    # merging before every partition is done is a clear error
    build_shards(_cfg(table, tmp_path / "half", salt_file=str(salt), shard_samples=3, num_partitions=2, partition=0))
    proc = run_cli("shards", "merge", str(tmp_path / "half"))
    assert proc.returncode == 2 and "not built yet" in proc.stderr


def test_changed_config_needs_overwrite(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=3)
    build_shards(_cfg(table, tmp_path / "out"))
    with pytest.raises(InputError, match="overwrite"):
        build_shards(_cfg(table, tmp_path / "out", shard_samples=2))
    m = build_shards(_cfg(table, tmp_path / "out", shard_samples=2), overwrite=True)
    assert all(s["samples"] <= 2 for s in m["shards"])


def test_damaged_shard_is_rebuilt_on_rerun(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=8)
    out = tmp_path / "out"
    first = build_shards(_cfg(table, out))
    victim = out / first["shards"][1]["path"]
    victim.write_bytes(victim.read_bytes()[:1000])
    proc = run_cli("shards", "verify", str(out), "--no-progress")
    assert proc.returncode == 1 and first["shards"][1]["path"] in proc.stderr
    second = build_shards(_cfg(table, out))
    assert [s["sha256"] for s in second["shards"]] == [s["sha256"] for s in first["shards"]]
    assert verify_shards(out, progress=False)["problems"] == []


@pytest.mark.slow
def test_resume_after_killed_build(tmp_path, real_png):
    """kill -9 a build mid-way: no manifest claims anything; the rerun skips finished units and the result
    is byte-identical to an uninterrupted build."""
    table = make_csv_dataset(
        tmp_path / "src", real_png, patients=30, studies_per_patient=2, fmt="jpg", size=(1400, 1700)
    )
    salt = tmp_path / "salt"
    salt.write_text("ef" * 32)
    out = tmp_path / "out"
    args = [
        sys.executable,
        "-m",
        "megacxr",
        "shards",
        "build",
        "--source",
        "csv",
        "--images",
        str(table.parent),
        "--reports",
        str(table),
        "--out",
        str(out),
        "--salt-file",
        str(salt),
        "--workers",
        "1",
        "--shard-samples",
        "4",
        "--no-progress",
    ]
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    units = out / ".build" / "units"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(units.glob("*.json"))) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(units.glob("*.json")))
    assert 3 <= done_before < 15, done_before
    assert not (out / "manifest.json").exists()
    rerun = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"resume: {done_before} unit(s) already complete" in rerun.stderr
    reference = build_shards(_cfg(table, tmp_path / "ref", salt_file=str(salt), shard_samples=4))
    resumed = json.loads((out / "manifest.json").read_text())
    assert [s["sha256"] for s in resumed["shards"]] == [s["sha256"] for s in reference["shards"]]
    assert not list(out.rglob("*.tmp"))
    assert verify_shards(out, progress=False)["problems"] == []


def test_an_empty_split_is_named_in_the_build_summary(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "src", real_png, patients=2, studies_per_patient=1)
    res = run_cli(
        "shards",
        "build",
        "--source",
        "csv",
        "--images",
        str(tmp_path / "src"),
        "--reports",
        str(table),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
        "--no-progress",
        check=True,
    )
    from megacxr.shards.manifest import load_manifest
    from megacxr.shards.verify import empty_splits

    empty = empty_splits(load_manifest(tmp_path / "out"))
    assert empty, "two patients should leave a split empty"
    assert f"WARNING: no studies in split(s) {', '.join(empty)}" in res.stdout
