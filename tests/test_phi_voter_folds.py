"""``benchmarks/phi_voter_folds.py``: leave-fold-out figures of the pending written sets (the figure that moves a
set up, ``tests/data/phi/README.md``), run end to end on a small copy of the sets."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from megacxr.shards import phi_voter

SETS = Path(__file__).parent / "data" / "phi"
SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "phi_voter_folds.py"


def _script():
    spec = importlib.util.spec_from_file_location("phi_voter_folds", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copy(name: str, dest: Path, n: int) -> None:
    for part in ("identifiers", "clinical"):
        lines = (SETS / f"{name}_{part}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
        (dest / f"{name}_{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow  # two fits of the voter
def test_each_pending_set_is_measured_with_a_voter_fitted_without_its_fold(tmp_path, capsys):
    (tmp_path / "pending").mkdir()
    for name in ("dev", "heldout1", "heldout2"):
        _copy(name, tmp_path, 120)
    for name in ("heldout3", "heldout4"):
        _copy(name, tmp_path / "pending", 60)
    shipped = phi_voter.voter
    out = tmp_path / "folds.json"
    _script().main(["--root", str(tmp_path), "--folds", "2", "--json", str(out), "--thresholds", "0.95/0.5,0.5/0.2"])
    assert phi_voter.voter is shipped  # the shipped voter is back after the folds
    figures = json.loads(out.read_text())
    assert sorted(figures) == ["heldout3", "heldout4"]
    assert {f["fold"] for f in figures.values()} == {0, 1}  # one set per fold: neither was in its voter's fit
    for f in figures.values():
        assert 50.0 <= f["recall"] <= 100.0 and 0.0 <= f["altered"] <= 100.0
        assert sorted(f["by_threshold"]) == ["0.5/0.2", "0.95/0.5"]
        assert f["by_threshold"]["0.95/0.5"]["recall"] == f["recall"]  # the first pair gives the set's figures
        low, high = f["by_threshold"]["0.5/0.2"], f["by_threshold"]["0.95/0.5"]
        assert low["missed"] <= high["missed"] and low["changed"] >= high["changed"]  # lower thresholds mask more
    text = capsys.readouterr().out
    assert "heldout3: fold 0" in text and "at 99% / 1% or better:" in text
    assert "seed/grow 0.95/0.5: recall" in text and "seed/grow 0.5/0.2: recall" in text
    assert "Patient" not in text  # counts only, never a set's text
