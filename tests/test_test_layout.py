"""The test suite's own layering: what tests share lives in ``tests/helpers/`` (imported as ``helpers.<module>``),
so no test module imports another test module or ``conftest`` (whose fixtures pytest hands over by name). The
checker also runs on made-up sources that break the rule, so it cannot pass by checking nothing."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def shared_through_tests(source: str) -> list[str]:
    """Modules ``source`` imports that are test modules or conftest (function-level imports and the sources of
    subprocess scripts written as strings are checked by their own files; this reads the module's statements)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if top == "conftest" or top.startswith("test_"):
                found.append(f"line {node.lineno}: {module}")
    return found


def test_no_test_imports_another_test_or_conftest():
    bad = []
    for path in sorted(TESTS.rglob("*.py")):
        if "data" in path.relative_to(TESTS).parts:
            continue
        bad += [f"{path.relative_to(TESTS)} {hit}" for hit in shared_through_tests(path.read_text())]
    assert not bad, "move what is shared into tests/helpers/:\n" + "\n".join(bad)


def test_the_checker_catches_each_way_of_importing_a_test():
    assert shared_through_tests("from conftest import run_cli\n") == ["line 1: conftest"]
    assert shared_through_tests("import test_losses\n") == ["line 1: test_losses"]
    assert shared_through_tests("def f():\n    from test_stream import draw_fn\n") == ["line 2: test_stream"]
    assert shared_through_tests("from helpers.cli import run_cli\nimport pytest\n") == []


def test_every_helper_module_is_named_in_the_helpers_map():
    doc = ast.get_docstring(ast.parse((TESTS / "helpers" / "__init__.py").read_text()))
    modules = {p.stem for p in (TESTS / "helpers").glob("*.py") if p.stem != "__init__"}
    assert modules and all(f"``{m}``" in doc for m in modules), sorted(m for m in modules if f"``{m}``" not in doc)


def test_the_helpers_paths_point_at_the_repository():
    from helpers.cli import DATA, REAL_CXR, REPO

    assert (REPO / "pyproject.toml").is_file() and (REPO / "configs" / "mntp.yaml").is_file()
    assert DATA == REPO / "tests" / "data" and any(REAL_CXR.glob("*.png"))
