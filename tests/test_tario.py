"""Deterministic tar shards: exact size prediction, reproducible sha256, webdataset-readable, no partial files."""

import tarfile

import pytest
import webdataset as wds

from megacxr.shards import ids
from megacxr.shards.tario import TarShardWriter, file_sha256, iter_tar_samples, sample_member_bytes


def _samples(n):
    return [
        {"__key__": f"k{i:04d}", "jpg": bytes([i % 256]) * (100 + 37 * i), "txt": f"report {i}".encode(), "json": b"{}"}
        for i in range(n)
    ]


def test_size_prediction_and_reproducible_hash(tmp_path):
    results = []
    for name in ("a.tar", "b.tar"):
        w = TarShardWriter(tmp_path / name)
        predicted = 0
        for s in _samples(7):
            predicted = w.predicted_size(sample_member_bytes(s))
            w.write(s)
        info = w.close()
        assert info["bytes"] == (tmp_path / name).stat().st_size == predicted
        assert info["sha256"] == file_sha256(tmp_path / name)
        results.append(info["sha256"])
    assert results[0] == results[1]
    assert not list(tmp_path.glob("*.tmp"))


def test_webdataset_reads_it(tmp_path):
    w = TarShardWriter(tmp_path / "s.tar")
    for s in _samples(5):
        w.write(s)
    w.close()
    got = list(wds.WebDataset(str(tmp_path / "s.tar"), shardshuffle=False))
    assert [g["__key__"] for g in got] == [f"k{i:04d}" for i in range(5)]
    assert got[3]["txt"] == b"report 3"
    assert [k for k, _ in iter_tar_samples(tmp_path / "s.tar")] == [f"k{i:04d}" for i in range(5)]


def test_abort_leaves_nothing(tmp_path):
    w = TarShardWriter(tmp_path / "s.tar")
    w.write(_samples(1)[0])
    w.abort()
    assert list(tmp_path.iterdir()) == []


def test_truncated_tar_raises(tmp_path):
    w = TarShardWriter(tmp_path / "s.tar")
    for s in _samples(5):
        w.write(s)
    w.close()
    data = (tmp_path / "s.tar").read_bytes()
    (tmp_path / "cut.tar").write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises((tarfile.TarError, EOFError, OSError)):
        list(iter_tar_samples(tmp_path / "cut.tar"))


def test_keys_are_opaque_and_salted():
    s1, s2 = b"a" * 32, b"b" * 32
    k = ids.sample_key(s1, "mimic-cxr", "50414267")
    assert "50414267" not in k and "." not in k and len(k) == 20
    assert k == ids.sample_key(s1, "mimic-cxr", "50414267") != ids.sample_key(s2, "mimic-cxr", "50414267")
    assert ids.hash_patient(s1, "csv", "MRN1234") != ids.hash_patient(s2, "csv", "MRN1234")


def test_patient_split_fractions():
    splits = [ids.patient_split("csv", f"pt{i}", 0.1, 0.2) for i in range(5000)]
    assert abs(splits.count("test") / 5000 - 0.2) < 0.03
    assert abs(splits.count("validate") / 5000 - 0.1) < 0.03
    assert splits == [ids.patient_split("csv", f"pt{i}", 0.1, 0.2) for i in range(5000)]
