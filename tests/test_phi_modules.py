"""The PHI screen's modules: no module-level name is bound twice.

The screen's modules hold hundreds of compiled patterns and word sets at module level. A second assignment to a
name replaces the first silently (Python and ruff say nothing), and every function that reads the name then runs
the later object: in the twenty-second session a new ``_HANGUL_SITE`` replaced an older pattern of that name and
unmasked seven named sites, and two word sets (``_WORD_CODES``, ``_LODGING_KINDS``) had been shadowed for rounds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import megacxr.shards

_MODULES = sorted(Path(megacxr.shards.__file__).parent.glob("phi*.py"))


def _bound_twice(path: Path) -> list[str]:
    seen: dict[str, int] = {}
    twice = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            targets = [node.target]
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            targets = [node]
        for t in targets:
            name = t.id if isinstance(t, ast.Name) else t.name
            if name in seen and name != "__all__":
                twice.append(f"{name} (lines {seen[name]} and {node.lineno})")
            seen.setdefault(name, node.lineno)
    return twice


def test_the_screen_has_its_modules():
    assert len(_MODULES) >= 30  # (the glob found the package's modules, not an empty folder)


@pytest.mark.parametrize("path", _MODULES, ids=[p.stem for p in _MODULES])
def test_no_module_level_name_is_bound_twice(path):
    assert _bound_twice(path) == []


def test_the_check_finds_a_name_bound_twice(tmp_path):
    module = tmp_path / "phi_example.py"
    module.write_text('import re\n_A = re.compile("a")\n_B = 1\n_A = re.compile("b")\n', encoding="utf-8")
    assert _bound_twice(module) == ["_A (lines 2 and 4)"]
