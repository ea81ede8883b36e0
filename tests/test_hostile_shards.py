"""Shards as untrusted input, and text that tries to drive a terminal (issue 13, classes 5 and 6).

A real export is built into real shards; then the shards and the manifest are tampered with the way a copy, a
flaky file system or a hostile hand would: manifest paths leaving the shard folder, a json that is not an
object, a truncated shard, bytes flipped inside a JPEG. ``verify``, ``inspect`` and the training stream each
report and go on (or refuse with an error naming the manifest entry), and nothing is read from outside.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from helpers.cli import REPO
from helpers.datasets import make_csv_dataset

from megacxr.data.plan import StreamConfig, load_shard_set
from megacxr.data.stream import ShardStream
from megacxr.errors import InputError
from megacxr.shards.build import build_shards
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.manifest import write_json_atomic
from megacxr.shards.verify import inspect_shards, verify_shards

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b[31m\u202eevil\u202c\x00\x08"


def _build(tmp_path: Path, real_png, extra_rows=None) -> Path:
    table = make_csv_dataset(tmp_path / "export", real_png, patients=6, extra_rows=extra_rows)
    out = tmp_path / "shards"
    build_shards(
        ShardBuildConfig(
            source="csv",
            images=str(table.parent),
            reports=str(table),
            out=str(out),
            workers=1,
            progress=False,
            shard_samples=3,
            max_quarantine_share=1.0,
        )
    )
    return out


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def _rewrite_member(shard: Path, key: str, ext: str, data: bytes) -> None:
    """Rewrite one member of a shard in place (a tampered copy, same layout)."""
    with tarfile.open(shard) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(shard, "w", format=tarfile.USTAR_FORMAT) as tar:
        for m, body in members:
            if m.name == f"{key}.{ext}":
                body = data
            m.size = len(body)
            tar.addfile(m, io.BytesIO(body))


def _first_key(shard: Path) -> str:
    with tarfile.open(shard) as tar:
        return tar.getmembers()[0].name.split(".")[0]


def test_control_characters_never_reach_training_text_or_the_terminal(tmp_path, real_png):
    row = {
        "patient_id": "CTL1",
        "study_id": "CTL1",
        "image_path": "images/pt000/ACC00000_frontal.png",
        "report": f"IMPRESSION: Heart{ESCAPES} normal.\rNo effusion.",
        "study_date": "2023-01-01",
        "view": "PA",
    }
    out = _build(tmp_path, real_png, [row])
    texts = []
    for sh in _manifest(out)["shards"]:
        with tarfile.open(out / sh["path"]) as tar:
            texts += [
                tar.extractfile(m).read().decode() for m in tar.getmembers() if m.name.endswith((".txt", ".json"))
            ]
    joined = "".join(texts)
    assert "Heart" in joined and not any(c in joined for c in "\x1b\x07\x00\x08\u202e\u202c\r")
    # a shard written by someone else with escapes in key, text and json: inspect escapes every one
    shard = out / _manifest(out)["shards"][0]["path"]
    key = _first_key(shard)
    _rewrite_member(shard, key, "txt", f"text {ESCAPES}".encode())
    shown = inspect_shards(out, samples=50)
    assert "\x1b" not in shown and "\u202e" not in shown and "\x00" not in shown
    assert "\\x1b[2J" in shown


def test_manifest_paths_outside_the_shard_folder_are_never_opened(tmp_path, real_png):
    out = _build(tmp_path, real_png)
    outside = tmp_path / "outside.tar"
    outside.write_bytes((out / _manifest(out)["shards"][0]["path"]).read_bytes())
    for bad in ("../outside.tar", str(outside), "train/../../outside.tar"):
        m = _manifest(out)
        m["shards"][0]["path"] = bad
        write_json_atomic(out / "manifest.json", m)
        problems = verify_shards(out, progress=False)["problems"]
        assert any("outside the shard directory" in p for p in problems), problems
        with pytest.raises(InputError) as err:
            load_shard_set(StreamConfig(manifests=[str(out)], split=m["shards"][0]["split"]))
        assert "shards[0].path" in str(err.value) and "manifest.json" in str(err.value)
    link = out / "train" / "link.tar"  # a symlink inside the folder that leads out of it
    link.symlink_to(outside)
    m = _manifest(out)
    m["shards"][0]["path"] = "train/link.tar"
    write_json_atomic(out / "manifest.json", m)
    assert any("outside the shard directory" in p for p in verify_shards(out, progress=False)["problems"])
    assert "outside the shard directory" in inspect_shards(out, samples=100)


def test_verify_and_inspect_report_a_bad_sample_and_go_on(tmp_path, real_png):
    out = _build(tmp_path, real_png)
    shards = _manifest(out)["shards"]
    first = out / shards[0]["path"]
    _rewrite_member(first, _first_key(first), "json", b"[1, 2, 3]")
    cut = out / shards[1]["path"]
    cut.write_bytes(cut.read_bytes()[:1500])
    res = verify_shards(out, progress=False)
    assert any("json is a list, not an object" in p for p in res["problems"]), res["problems"]
    assert any(shards[1]["path"] in p and "unreadable tar" in p for p in res["problems"])
    # the rest of the first shard was still checked: its other samples counted
    assert res["samples"] >= sum(s["samples"] for s in shards) - shards[1]["samples"]
    shown = inspect_shards(out, samples=100)
    assert "json: unreadable" in shown and f"shard {shards[1]['path']}: unreadable" in shown
    assert shown.count("\nsample ") >= sum(s["samples"] for s in shards[2:])
    proc = subprocess.run(
        [sys.executable, "-m", "megacxr", "shards", "inspect", str(out), "--samples", "100"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


def test_the_stream_checks_sha256_when_asked(tmp_path, real_png):
    out = _build(tmp_path, real_png)
    shard = _manifest(out)["shards"][0]
    path = out / shard["path"]
    data = bytearray(path.read_bytes())
    at = data.index(b"\xff\xd8\xff") + 700  # inside the first JPEG: same size, still a valid tar
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    split = shard["split"]
    total = sum(s["samples"] for s in _manifest(out)["shards"] if s["split"] == split)

    def read(verify: bool):
        stream = ShardStream(StreamConfig(manifests=[str(out)], split=split, shuffle=False, verify_sha256=verify))
        keys = [item["__key__"] for item in stream]
        return keys, stream.counters

    keys, counters = read(False)  # unchecked: the corrupted sample is trained on
    assert len(keys) == total and counters["skipped_truncated_shards"] == 0
    keys, counters = read(True)
    assert len(keys) == total - shard["samples"]
    assert counters["skipped_truncated_shards"] == 1 and counters["skipped_truncated_samples"] == shard["samples"]
