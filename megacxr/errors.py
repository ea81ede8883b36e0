"""Error types that the CLI turns into clean messages and exit codes.

``InputError`` is a systematic problem with the user's input (wrong ``--source`` for a folder, a missing
required column, zero studies found): the CLI prints it and exits with code 2. Its message names the file and
the field, and must never contain a patient identifier or report text.
"""

from __future__ import annotations

from pathlib import Path


class MegacxrError(Exception):
    """Base class for errors the CLI reports without a traceback."""

    exit_code = 1


class InputError(MegacxrError):
    """A systematic problem with the input: exit code 2."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | Path | None = None, field: str | None = None):
        self.file = str(file) if file is not None else None
        self.field = field
        parts = []
        if self.file:
            parts.append(self.file)
        if field:
            parts.append(f"field {field!r}")
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class ConfigError(InputError):
    """A bad configuration value or key (also exit code 2)."""


class TrainingAborted(MegacxrError):
    """Training stopped on purpose (e.g. too many non-finite steps in a row): exit code 3."""

    exit_code = 3
