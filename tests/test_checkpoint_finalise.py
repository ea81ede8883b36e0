"""Finishing a checkpoint (``<tag>.partial`` -> ``<tag>``) where several nodes share the checkpoint folder: every
node's local rank 0 finalises, exactly one does the renaming, and an earlier run's ``<tag>`` is replaced, never
the new one deleted (two nodes on one host used to race here: one deleted the checkpoint the other had just
renamed, then failed with FileNotFoundError)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from megacxr.errors import InputError
from megacxr.train.checkpoint import Checkpointer, finalise


def _folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "model.pt").write_text(text)
    return path


def test_finalise_renames_and_replaces_an_earlier_runs_checkpoint(tmp_path):
    partial, final = tmp_path / "step00000003.partial", tmp_path / "step00000003"
    _folder(final, "old run")
    _folder(partial, "this run")
    finalise(partial, final)
    assert (final / "model.pt").read_text() == "this run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["step00000003"]


@pytest.mark.parametrize("stale", [False, True], ids=["fresh", "earlier-run-left-one"])
def test_nodes_sharing_the_folder_finalise_at_once_without_losing_the_checkpoint(tmp_path, stale):
    nodes, rounds = 6, 25
    for i in range(rounds):
        partial, final = tmp_path / f"step{i:08d}.partial", tmp_path / f"step{i:08d}"
        if stale:
            _folder(final, "old run")
        _folder(partial, f"round {i}")
        start, errors = threading.Barrier(nodes), []

        def node():
            start.wait()  # noqa: B023 - called in this iteration
            try:
                finalise(partial, final, wait_s=30)  # noqa: B023 - called in this iteration
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)  # noqa: B023 - called in this iteration

        threads = [threading.Thread(target=node) for _ in range(nodes)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert (final / "model.pt").read_text() == f"round {i}"
    assert not list(tmp_path.glob("*.partial")), "a claim or a stale copy was left behind"


def test_a_node_waiting_for_a_claim_that_never_finishes_says_so(tmp_path):
    with pytest.raises(RuntimeError, match="did not appear within"):
        finalise(tmp_path / "step00000001.partial", tmp_path / "step00000001", wait_s=0.2)


@pytest.mark.parametrize("pointer", ["../other_run/step00000010", "/abs/step00000010", "step10", "latest\x1b[2J"])
def test_a_latest_pointer_outside_this_folder_is_refused(tmp_path, pointer):
    """Issue 28: ``checkpoints/latest`` could name another run's checkpoint (and resume from it silently)."""
    root = tmp_path / "run" / "checkpoints"
    (tmp_path / "other_run" / "step00000010").mkdir(parents=True)
    root.mkdir(parents=True)
    (root / "latest").write_text(pointer + "\n")
    with pytest.raises(InputError, match="not a checkpoint of this folder") as exc:
        Checkpointer(root, keep_last=2, rank=0, local_rank=0).latest()
    assert "\x1b" not in str(exc.value)


def test_a_latest_pointer_to_a_missing_checkpoint_starts_fresh_and_a_good_one_resumes(tmp_path):
    root = tmp_path / "checkpoints"
    root.mkdir()
    (root / "latest").write_text("step00000007\n")
    ck = Checkpointer(root, keep_last=2, rank=0, local_rank=0)
    assert ck.latest() is None
    (root / "step00000007").mkdir()
    assert ck.latest() == "step00000007"
