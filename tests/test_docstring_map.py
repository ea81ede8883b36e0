"""Every package docstring is a map of its modules: each module, package or name it quotes (````name````) must
exist, so a module that moves or is renamed cannot leave its package's map pointing at nothing. The checker is
also run on a made-up docstring naming a module that does not exist, so it cannot pass by checking nothing."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "megacxr"
QUOTED = re.compile(r"``([A-Za-z_][\w.]*)``")
DATA_FILES = (".yaml", ".tsv", ".json", ".txt")  # a package's data files, quoted by name


def _exists(dotted: str) -> bool:
    """An importable module, or an attribute path under one."""
    parts = dotted.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        for name in parts[k:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def missing(docstring: str, package: str) -> list[str]:
    """The lower-case names ``docstring`` quotes that are neither a module of ``package`` (or of megacxr) nor an
    importable name; capitalised names (classes, constants) and file names are checked as modules too, data files
    (``negation.yaml``) as files under the package's folder."""
    out = []
    for name in sorted(set(QUOTED.findall(docstring))):
        if name.endswith(DATA_FILES):
            folder = PACKAGE.joinpath(*package.split(".")[1:])
            if not any(folder.rglob(name)):
                out.append(f"{package}: ``{name}``")
            continue
        if name == "__init__.py":
            candidates = [package]  # the package itself (imported as a module of its own it would lack __path__)
        elif name.endswith(".py"):
            candidates = [f"{package}.{name[:-3]}"]
        elif name.startswith("megacxr."):
            candidates = [name]
        elif name[0].islower():
            candidates = [f"{package}.{name}", f"megacxr.{name}", name]
        else:
            continue  # a class or constant of the package: its own tests use it
        if not any(_exists(c) for c in candidates):
            out.append(f"{package}: ``{name}``")
    return out


def test_every_name_a_package_docstring_quotes_exists():
    found = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        package = ".".join(("megacxr",) + init.parent.relative_to(PACKAGE).parts)
        found += missing(ast.get_docstring(ast.parse(init.read_text())) or "", package)
    assert not found, "package docstrings name modules that do not exist:\n" + "\n".join(found)


def test_the_checker_catches_a_module_that_moved():
    assert missing("Models: the encoder (``encoder``) and its backends (``attention``).", "megacxr.models") == [
        "megacxr.models: ``attention``"
    ]
    assert missing("See ``megacxr.data.packing_v2`` and ``gone.py``.", "megacxr.data")
    assert missing("Tables: ``negation.yaml``, ``gone.tsv``.", "megacxr.reports") == ["megacxr.reports: ``gone.tsv``"]
    assert not missing("``encoder``, ``megacxr.kernels.attention``, ``torch.nn.Module``", "megacxr.models")
