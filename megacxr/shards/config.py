"""Configuration of a shard build (``megacxr shards build``): one typed dataclass, YAML- and CLI-settable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from megacxr.reports.textclean import CleaningConfig

SOURCES = ("mimic-cxr", "chexpert-plus", "openi", "padchest", "csv")


@dataclass
class ImageConfig:
    short_side: int = 512  # resize so the short side is this many pixels (never upscaled)
    format: Literal["jpg", "png"] = "jpg"  # jpg (quality below) or lossless png
    quality: int = 90  # JPEG quality
    extra_views: bool = True  # keep the study's other views under view1.jpg, view2.jpg, ...
    max_views: int = 4  # at most this many images per study (primary included)
    # Decode budgets (0 = off): an image over one is quarantined (oversized_image / decode_timeout), never decoded.
    max_bytes: int = 256 << 20  # file size (and a deflated DICOM's inflated size)
    max_pixels: int = 64_000_000  # declared width x height x samples (a 4k x 5k mammogram is 20M)
    decode_seconds: float = 60.0  # wall time of one image's decode


@dataclass
class PhiConfig:
    enabled: bool | None = None  # None: on for the csv source, off for the public (already de-id'd) ones
    # studies whose text still looks identifying after redaction beyond this -> quarantine
    max_residual: int = 0


@dataclass
class SplitConfig:
    use_official: bool = True  # keep a source's official split where it has one
    validate_fraction: float = 0.05  # otherwise: deterministic hash of the patient id
    test_fraction: float = 0.10
    dedup: bool = True  # drop exact duplicates (same training text and image bytes) within a split


@dataclass
class ShardBuildConfig:
    source: str = "mimic-cxr"
    images: str = ""
    reports: str | None = None
    out: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # csv source: FIELD -> header
    shard_samples: int = 1000  # at most this many studies per shard
    shard_bytes: int = 1 << 30  # and at most this many bytes (a shard over it is split)
    workers: int = 0  # processes; 0 = all cores
    num_partitions: int = 1  # for a SLURM array: this machine builds partition `partition`
    partition: int = 0
    salt_file: str | None = None  # secret salt for hashed ids; default OUT/.salt (created once)
    limit: int | None = None  # build only the first N studies (smoke tests)
    date_format: str | None = None  # strptime format of the table's dates (e.g. %m/%d/%Y), tried first
    # A build where one quarantine reason takes more than this share of the studies read stops with exit 2
    # (a systematic problem: a wrong column, a date format, a moved image root); 1.0 accepts anything.
    max_quarantine_share: float = 0.5
    progress: bool = True
    image: ImageConfig = field(default_factory=ImageConfig)
    text: CleaningConfig = field(default_factory=CleaningConfig)
    phi: PhiConfig = field(default_factory=PhiConfig)
    split: SplitConfig = field(default_factory=SplitConfig)
