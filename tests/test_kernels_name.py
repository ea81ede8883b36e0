"""``import kernels`` from the repository root: our top-level ``kernels/`` folder must neither import our code nor
shadow the PyPI distribution of that name, which transformers probes for (``is_kernels_available``) before it
imports ``kernels.get_kernel``. Users run commands from the repository root, where the current folder comes
first on ``sys.path``.

The probe runs in a fresh interpreter (the current folder on ``sys.path`` as ``python -c`` puts it there), with
and without a stand-in ``kernels`` distribution in a temporary site folder, and once in a made-up repository
with a ``kernels/__init__.py`` planted, which the check must call a shadow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
from transformers.utils.import_utils import is_kernels_available
available = is_kernels_available()
import kernels
print(json.dumps({"available": available, "file": getattr(kernels, "__file__", None),
                  "ours_imported": sorted(m for m in sys.modules if m == "megacxr" or m.startswith("megacxr."))}))
"""


def probe(cwd: Path, site: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["OMP_NUM_THREADS"] = "1"
    if site is not None:
        env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def shadowed(result: dict, root: Path) -> bool:
    """Did ``import kernels`` run in ``root`` load a file of ``root`` or any megacxr module?"""
    file = result["file"]
    return bool(result["ours_imported"]) or (file is not None and Path(file).resolve().is_relative_to(root))


def stand_in(site: Path) -> Path:
    """A minimal installed ``kernels`` distribution (a version inside transformers' supported range)."""
    (site / "kernels").mkdir(parents=True)
    (site / "kernels" / "__init__.py").write_text('__version__ = "0.18.5"\n\ndef get_kernel(*a, **k):\n    pass\n')
    info = site / "kernels-0.18.5.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kernels\nVersion: 0.18.5\n")
    (info / "top_level.txt").write_text("kernels\n")
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return stand_in(tmp_path_factory.mktemp("site"))


def test_the_repository_root_does_not_provide_kernels():
    assert not (REPO / "kernels" / "__init__.py").exists()
    result = probe(REPO)
    assert result["available"] is False
    assert not shadowed(result, REPO), result


def test_an_installed_kernels_distribution_wins_from_the_repository_root(site):
    result = probe(REPO, site)
    assert result["available"] is True
    assert Path(result["file"]).resolve().is_relative_to(site.resolve())
    assert not shadowed(result, REPO), result


def test_the_check_catches_a_planted_kernels_package(tmp_path, site):
    """The same probe in a repository that has the old ``kernels/__init__.py``: a shadow with or without the
    distribution installed, so the two tests above cannot pass on a check that sees nothing."""
    (tmp_path / "kernels").mkdir()
    (tmp_path / "kernels" / "__init__.py").write_text("import megacxr.kernels\n")
    assert shadowed(probe(tmp_path), tmp_path.resolve())
    assert shadowed(probe(tmp_path, site), tmp_path.resolve())
