"""The top-level shards/ folder: every build recipe is a valid ShardBuildConfig, `megacxr shards build --recipe`
builds with the recipe's settings into the git-ignored default folder, the hospital template builds a (synthetic)
hospital export with the PHI screen on, and the mixture file resolves to shard folders and weights."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import REPO

from megacxr.config import load_config
from megacxr.data.plan import StreamConfig, load_mixture
from megacxr.errors import ConfigError
from megacxr.shards.config import SOURCES, ShardBuildConfig
from megacxr.synth import generate

SHARDS = REPO / "shards"
RECIPES = sorted(SHARDS.glob("*.yaml"))


def test_every_recipe_is_a_valid_build_config():
    recipes = [r for r in RECIPES if not r.name.startswith("mixture")]
    assert {load_config(ShardBuildConfig, r).source for r in recipes} == set(SOURCES)  # one per source
    assert load_config(ShardBuildConfig, SHARDS / "hospital-template.yaml").phi.enabled is True
    assert (SHARDS / "FORMAT.md").is_file()
    assert "/shards/built/" in (REPO / ".gitignore").read_text().split()


def _build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "megacxr", "shards", "build", "--no-progress", "--workers", "1", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow  # over 7 s: `make test` and CI run it, `make test-fast` does not
def test_build_by_recipe_into_the_default_folder(tmp_path):
    info = generate("mimic-cxr", tmp_path / "data", studies=10, seed=4, image_size=48)
    proc = _build(
        tmp_path,
        "--recipe",
        str(SHARDS / "mimic-cxr.yaml"),
        "--images",
        str(tmp_path / "data" / info["images"]),
        "--reports",
        str(tmp_path / "data" / info["reports"]),
        "shard_samples=4",
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "shards" / "built" / "mimic-cxr" / "manifest.json").read_text())
    assert manifest["sources"] == ["mimic-cxr"] and manifest["totals"]["samples"] == 10
    built = manifest["build_config"]
    assert built["shard_samples"] == 4 and built["image"]["short_side"] == 512  # override, then the recipe
    # neither --source nor a recipe: one line saying what is missing
    bad = _build(tmp_path, "--images", str(tmp_path / "data"))
    assert bad.returncode != 0 and "--source" in bad.stderr and "Traceback" not in bad.stderr


def test_hospital_template_builds_a_hospital_export(tmp_path):
    info = generate("csv", tmp_path / "data", studies=12, seed=5, image_size=48)
    out = tmp_path / "hospital"
    proc = _build(
        tmp_path,
        "--recipe",
        str(SHARDS / "hospital-template.yaml"),
        "--images",
        str(tmp_path / "data" / info["images"]),
        "--reports",
        str(tmp_path / "data" / info["reports"]),
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sources"] == ["csv"] and manifest["build_config"]["phi"]["enabled"] is True
    assert manifest["totals"]["samples"] + manifest["totals"]["quarantined"] >= 1


def test_mixture_file_gives_folders_and_weights(tmp_path):
    mix = load_mixture(SHARDS / "mixture-1.6m.yaml")
    assert mix["manifests"][0] == str(SHARDS / "built" / "mimic-cxr")
    assert abs(sum(mix["weights"].values()) - 1.6e6) < 1  # the 1.6M studies of the mix
    (tmp_path / "m.yaml").write_text("sources:\n  mimic-cxr: {manifest: a, weight: 2}\n  csv: {manifest: /b}\n")
    stream = StreamConfig(mixture=str(tmp_path / "m.yaml"))
    assert stream.manifests == [str(tmp_path / "a"), "/b"] and stream.weights == {"mimic-cxr": 2.0, "csv": 1.0}
    kept = StreamConfig(mixture=str(tmp_path / "m.yaml"), manifests=["x"], weights={"x": 1.0})
    assert kept.manifests == ["x"] and kept.weights == {"x": 1.0}  # what is set explicitly wins
    (tmp_path / "bad.yaml").write_text("sources:\n  csv: {weight: 1}\n")
    with pytest.raises(ConfigError, match="manifest"):
        StreamConfig(mixture=str(tmp_path / "bad.yaml"))


def test_a_newer_format_version_is_refused(tmp_path):
    from megacxr.errors import InputError
    from megacxr.shards.manifest import FORMAT, FORMAT_VERSION, load_manifest

    (tmp_path / "manifest.json").write_text(
        json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION + 1, "shards": []})
    )
    with pytest.raises(InputError, match="newer") as err:
        load_manifest(tmp_path)
    assert err.value.field == "format_version"
