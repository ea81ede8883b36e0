"""Source readers for ``megacxr shards build``: each turns one dataset's on-disk layout into ``StudyRecord``s.

``open_source(name, images, reports, columns)`` picks the reader for ``--source NAME``; ``reader.validate()``
does the cheap checks (right folder, required files and columns) and iterating the reader yields one record
per study in a deterministic order (sorted by study id), images grouped, text raw.
"""

from __future__ import annotations

from pathlib import Path

from megacxr.errors import InputError
from megacxr.shards.sources.base import SourceReader
from megacxr.shards.sources.chexpert_plus import ChexpertPlusReader
from megacxr.shards.sources.hospital_csv import HospitalCsvReader
from megacxr.shards.sources.mimic import MimicReader
from megacxr.shards.sources.openi import OpenIReader
from megacxr.shards.sources.padchest import PadChestReader

READERS: dict[str, type[SourceReader]] = {
    "mimic-cxr": MimicReader,
    "chexpert-plus": ChexpertPlusReader,
    "openi": OpenIReader,
    "padchest": PadChestReader,
    "csv": HospitalCsvReader,
}


def open_source(
    name: str,
    images: Path,
    reports: Path | None = None,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
) -> SourceReader:
    """The reader for ``--source name``; InputError (exit 2) for an unknown name."""
    cls = READERS.get(name)
    if cls is None:
        raise InputError(f"unknown source {name!r}; one of: {', '.join(READERS)}", field="source")
    return cls(Path(images), Path(reports) if reports is not None else None, columns, date_format)


__all__ = ["READERS", "SourceReader", "open_source"]
