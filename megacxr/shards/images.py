"""Decode, resize and encode one CXR image for the shard builder.

Inputs are JPEG (MIMIC-CXR-JPG, CheXpert), PNG 8/16-bit (Open-I, PadChest), DICOM (hospital exports) or any
other still format Pillow reads (TIFF, BMP...). The format is sniffed from the content (JPEG/PNG magic, DICOM
preamble + ``DICM``); a ``.dcm``/``.dicom`` name is also tried as DICOM without a preamble. The output is always
8-bit gray, resized so that its short side is ``ImageConfig.short_side`` (never upscaled, aspect kept), and
encoded as JPEG (``cfg.quality``) or lossless PNG.

Decisions:

* JPEG is decoded with Pillow's ``draft``: libjpeg scales in the DCT domain by 1/2, 1/4 or 1/8 to the
  smallest size whose short side is still >= the target and decodes luma only; the rest is a Lanczos resize
  (a < 2x downscale after draft, so cheap). Other inputs use Lanczos with ``reducing_gap=2`` (an integer box
  reduction first, then Lanczos over the last >= 2x): on a 2544x3056 frame to 512 px it is 3x faster than plain
  Lanczos (11 vs 34 ms) and differs from it by 0.2 gray levels on average.
* More than 8 bits (16-bit PNG, DICOM without a VOI transform) is windowed to the 0.5th-99.5th percentile of
  the pixel values, not min-max: a handful of pixels (burned-in markers at the maximum value, a dead border at
  0) would otherwise set the window and squeeze the lungs into a few gray levels. PadChest's 16-bit PNGs that
  use a 12-bit range get the same treatment, so their absolute range does not matter. The percentiles come
  from an exact histogram of a strided subsample (about a million pixels), and every value mapping is a
  lookup table over the stored values, so a 16-bit frame costs one histogram and one gather.
* DICOM: stored values (``BitsStored`` mask, sign) -> modality LUT (Rescale Slope/Intercept or a Modality LUT
  Sequence) -> VOI LUT Sequence, else Window Center/Width (LINEAR, LINEAR_EXACT, SIGMOID), else the robust
  window; 8-bit data with an identity modality LUT and no VOI is kept as is. MONOCHROME1 is inverted after
  the VOI step so that bone is bright. Single-frame JPEG-baseline 8-bit DICOM is decoded straight from its
  encapsulated frame with Pillow, using ``draft`` like a JPEG file. Only the first frame is used.
* Alpha is ignored; colour is converted to luma. EXIF orientation is not applied (CXR JPEGs carry none).
* PNG output uses zlib level 1: at 512 px it is ~6x faster than Pillow's default 6 for ~15% more bytes.

Budgets (``ImageConfig.max_bytes``, ``max_pixels``, ``decode_seconds``), checked before the work they bound: the
file's size before it is read (opened without following a symlink); the declared width x height of every
format (Pillow's header, DICOM Rows x Columns x samples) before any pixel is decoded; a deflated DICOM is
inflated at most to ``max_bytes``; the decode of one image runs under a wall-clock alarm where the caller is a
process's main thread. A file over a budget is ``oversized_image``; a decode over its time ``decode_timeout``.

Errors are ``ImageError`` with a ``reason`` the builder uses for its quarantine list. Their messages are
written here and never quote a library message, a file path or a DICOM header value (they may identify a
patient); pydicom's own warnings and log lines are silenced while a file is read for the same reason.
"""

from __future__ import annotations

import io
import logging
import math
import os
import signal
import stat
import threading
import warnings
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image, UnidentifiedImageError
from pydicom.encaps import generate_frames
from pydicom.multival import MultiValue
from pydicom.pixels import apply_modality_lut, apply_voi, get_decoder, pixel_array
from pydicom.uid import (
    UID,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEGBaseline8Bit,
)

from megacxr.shards.config import ImageConfig

REASONS = (
    "missing_image",
    "corrupt_image",
    "truncated_image",
    "unreadable_dicom",
    "unsupported_image",
    "oversized_image",
    "decode_timeout",
)

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DICOM_SUFFIXES = (".dcm", ".dicom", ".dic")
ROBUST_PERCENTILES = (0.5, 99.5)  # window for > 8-bit data without a VOI transform
STATS_PIXELS = 1_000_000  # subsample size for the window percentiles
PNG_COMPRESS_LEVEL = 1
_LANCZOS = Image.Resampling.LANCZOS
_REDUCING_GAP = 2.0


class ImageError(Exception):
    """An image that cannot be turned into a sample; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str, detail: str = ""):
        if reason not in REASONS:
            raise ValueError(f"unknown image error reason {reason!r}")
        self.reason = reason
        self.detail = detail
        super().__init__(reason, detail)

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.reason, self.detail))


@dataclass
class EncodedImage:
    data: bytes
    ext: str  # "jpg" or "png"
    width: int
    height: int
    orig_width: int
    orig_height: int
    bits: int  # bit depth of the source: 8 for JPEG/8-bit PNG, 16 for 16-bit PNG, BitsStored for DICOM


@dataclass
class _Decoded:
    image: Image.Image  # mode "L", already resized
    orig_width: int
    orig_height: int
    bits: int


def target_size(width: int, height: int, short_side: int | None) -> tuple[int, int]:
    """Size with the short side at ``short_side`` and the aspect kept; the input size if that would upscale."""
    short = min(width, height)
    if not short_side or short <= short_side:
        return width, height
    scale = short_side / short
    if width <= height:
        return short_side, max(1, round(height * scale))
    return max(1, round(width * scale)), short_side


@dataclass(frozen=True)
class Budget:
    """Limits on one image's decode (see the module docstring); 0 or None switches a limit off."""

    max_bytes: int = 0
    max_pixels: int = 0
    seconds: float = 0.0

    @classmethod
    def of(cls, cfg: ImageConfig | None) -> Budget:
        if cfg is None:
            return cls()
        return cls(int(cfg.max_bytes or 0), int(cfg.max_pixels or 0), float(cfg.decode_seconds or 0))

    def check_pixels(self, width: int, height: int, samples: int = 1, what: str = "image") -> None:
        if self.max_pixels and width * height * max(samples, 1) > self.max_pixels:
            raise ImageError("oversized_image", f"{what}: declared size over image.max_pixels")


_NO_BUDGET = Budget()


def decode_gray8(path: Path, short_side: int | None = None, budget: Budget = _NO_BUDGET) -> Image.Image:
    """Decode ``path`` to an 8-bit gray image, resized to ``short_side`` when given (never upscaled)."""
    path = Path(path)
    data = _read(path, budget.max_bytes)
    with _time_limit(budget.seconds):
        return _decode(data, path.name, short_side, budget).image


def process_image(path: Path, cfg: ImageConfig) -> EncodedImage:
    """Decode, resize and encode the image at ``path`` as ``cfg`` says, within ``cfg``'s budgets."""
    path = Path(path)
    budget = Budget.of(cfg)
    data = _read(path, budget.max_bytes)
    with _time_limit(budget.seconds):
        return _process(data, path.name, cfg, budget)


def read_image_bytes(path: Path, max_bytes: int = 0) -> bytes:
    """An image file's bytes, read once, within ``max_bytes`` (ImageError ``missing_image`` or
    ``oversized_image`` otherwise): the shard builder hashes them for dedup and then decodes them from memory."""
    return _read(Path(path), max_bytes)


def process_image_bytes(data: bytes, name: str, cfg: ImageConfig) -> EncodedImage:
    """Same as ``process_image`` for a file already in memory; ``name`` only lends its suffix."""
    budget = Budget.of(cfg)
    if budget.max_bytes and len(data) > budget.max_bytes:
        raise ImageError("oversized_image", "file larger than image.max_bytes")
    with _time_limit(budget.seconds):
        return _process(data, name, cfg, budget)


def _process(data: bytes, name: str, cfg: ImageConfig, budget: Budget) -> EncodedImage:
    dec = _decode(data, name, cfg.short_side, budget)
    payload, ext = encode_gray8(dec.image, cfg)
    return EncodedImage(payload, ext, dec.image.width, dec.image.height, dec.orig_width, dec.orig_height, dec.bits)


class _Timeout(BaseException):
    """Raised by the alarm inside a decode; a BaseException so that no library's ``except Exception`` eats it."""


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the body after ``seconds`` of wall time (SIGALRM; only in a process's main thread)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _fire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise ImageError("decode_timeout", "decode took longer than image.decode_seconds") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def encode_gray8(image: Image.Image, cfg: ImageConfig) -> tuple[bytes, str]:
    """Encode an ``L`` image as JPEG (``cfg.quality``) or lossless PNG; returns (bytes, extension)."""
    buf = io.BytesIO()
    if cfg.format == "png":
        image.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
        return buf.getvalue(), "png"
    if cfg.format == "jpg":
        image.save(buf, "JPEG", quality=int(cfg.quality), optimize=False)
        return buf.getvalue(), "jpg"
    raise ValueError(f"image.format must be 'jpg' or 'png', not {cfg.format!r}")


# ----------------------------------------------------------------------------------------------- dispatch


def _read(path: Path, max_bytes: int = 0) -> bytes:
    """The file's bytes; its size is checked against ``max_bytes`` before anything is read. The last component
    is opened without following a symlink (the builder passes resolved paths; a link swapped in since is refused)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise ImageError("missing_image", "no such file") from None
    except PermissionError:
        raise ImageError("missing_image", "file not readable (permission denied)") from None
    except OSError:
        raise ImageError("missing_image", "file could not be opened") from None
    fh = os.fdopen(fd, "rb")  # the read is bounded by max_bytes and runs outside the decode's alarm
    with fh:  # owns the descriptor from here on
        try:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise ImageError("missing_image", "not a regular file")
            if max_bytes and st.st_size > max_bytes:
                raise ImageError("oversized_image", "file larger than image.max_bytes")
            data = fh.read(max_bytes + 1 if max_bytes else -1)
        except OSError:
            raise ImageError("missing_image", "file could not be read") from None
    if max_bytes and len(data) > max_bytes:  # grew since the stat
        raise ImageError("oversized_image", "file larger than image.max_bytes")
    return data


def _decode(data: bytes, name: str, short_side: int | None, budget: Budget = _NO_BUDGET) -> _Decoded:
    if not data:
        raise ImageError("corrupt_image", "empty file")
    if data[:3] == JPEG_MAGIC or data[:8] == PNG_MAGIC:
        return _decode_pillow(data, short_side, budget)
    if data[128:132] == b"DICM":
        return _decode_dicom(data, short_side, force=False, budget=budget)
    if name.lower().endswith(DICOM_SUFFIXES):
        return _decode_dicom(data, short_side, force=True, budget=budget)
    return _decode_pillow(data, short_side, budget)


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, _LANCZOS, reducing_gap=_REDUCING_GAP)


def _open_pillow(
    data: bytes, short_side: int | None, what: str, budget: Budget = _NO_BUDGET
) -> tuple[Image.Image, int, int]:
    """Open and fully load ``data``; a JPEG is DCT-downscaled (draft) toward the target size.

    Returns the loaded image and the source's width and height (before any draft). The declared size is
    checked against the budget before any pixel is decoded.
    """
    try:
        with warnings.catch_warnings():
            # Pillow's DecompressionBombWarning names no file; the budget below is the guard that does
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        ow, oh = image.size
        what = image.format or what
        budget.check_pixels(ow, oh, len(image.getbands()), what)
        size = target_size(ow, oh, short_side)
        if image.format == "JPEG" and size != (ow, oh):
            image.draft("L", size)
        image.load()
        return image, ow, oh
    except (MemoryError, ImageError):
        raise
    except UnidentifiedImageError:
        raise ImageError("corrupt_image", f"{what}: not a recognised image format") from None
    except Image.DecompressionBombError:
        raise ImageError("unsupported_image", f"{what}: too many pixels (decompression bomb guard)") from None
    except EOFError:
        raise ImageError("truncated_image", f"{what}: data ends early") from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, zlib.error... for bad data
        if "truncat" in str(exc).lower():
            raise ImageError("truncated_image", f"{what}: data ends early") from None
        raise ImageError("corrupt_image", f"{what}: data cannot be decoded ({type(exc).__name__})") from None


# ------------------------------------------------------------------------------------------ Pillow files

_BITS = {"1": 1, "I;16": 16, "I;16L": 16, "I;16B": 16, "I;16N": 16, "I": 32, "F": 32}


def _decode_pillow(data: bytes, short_side: int | None, budget: Budget = _NO_BUDGET) -> _Decoded:
    what = "JPEG" if data[:3] == JPEG_MAGIC else "PNG" if data[:8] == PNG_MAGIC else "image"
    image, ow, oh = _open_pillow(data, short_side, what, budget)
    what = image.format or what
    mode = image.mode
    try:
        if mode == "L":
            gray = image
        elif mode.startswith("I") or mode == "F":
            gray = Image.fromarray(_window_array(np.asarray(image)), "L")
        else:
            gray = image.convert("L")
    except MemoryError:
        raise
    except Exception as exc:
        raise ImageError(
            "unsupported_image", f"{what}: pixel mode cannot be converted to gray ({type(exc).__name__})"
        ) from None
    return _Decoded(_resize(gray, target_size(ow, oh, short_side)), ow, oh, _BITS.get(mode, 8))


# --------------------------------------------------------------------------------------------- windowing


def _stride(n_pixels: int) -> int:
    return max(1, math.ceil((n_pixels / STATS_PIXELS) ** 0.5))


def _weighted_percentiles(values: np.ndarray, counts: np.ndarray) -> tuple[float, float]:
    """The ROBUST_PERCENTILES of a distribution given as (value, count) pairs (values in any order)."""
    keep = counts > 0
    values, counts = values[keep], counts[keep]
    if values.size == 0:
        return 0.0, 1.0
    order = np.argsort(values, kind="stable")
    values, cdf = values[order], np.cumsum(counts[order])
    total = cdf[-1]
    lo = values[min(np.searchsorted(cdf, total * ROBUST_PERCENTILES[0] / 100.0, side="right"), values.size - 1)]
    hi = values[min(np.searchsorted(cdf, total * ROBUST_PERCENTILES[1] / 100.0, side="left"), values.size - 1)]
    if hi <= lo:  # (almost) constant image: fall back to min-max
        lo, hi = values[0], values[-1]
    return float(lo), float(hi)


def _linear_to_u8(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    span = hi - lo if hi > lo else 1.0
    y = (np.asarray(values, dtype=np.float64) - lo) * (255.0 / span)
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)


def _window_array(arr: np.ndarray) -> np.ndarray:
    """Robust window of a > 8-bit gray array (Pillow modes I;16*, I, F) to uint8."""
    if arr.ndim != 2:
        raise ValueError("not a single-channel image")
    if arr.dtype.kind == "u" and arr.dtype.itemsize == 2:
        arr = arr.astype(np.uint16, copy=False)  # native byte order for indexing
        s = _stride(arr.size)
        counts = np.bincount(arr[::s, ::s].ravel(), minlength=1 << 16)
        domain = np.arange(1 << 16)
        lut = _linear_to_u8(domain, *_weighted_percentiles(domain, counts))
        return lut[arr]
    s = _stride(arr.size)
    sample = arr[::s, ::s].astype(np.float64).ravel()
    sample = sample[np.isfinite(sample)]
    lo, hi = np.percentile(sample, ROBUST_PERCENTILES) if sample.size else (0.0, 1.0)
    if hi <= lo and sample.size:
        lo, hi = sample.min(), sample.max()
    out = np.empty(arr.shape, dtype=np.uint8)
    step = max(1, (1 << 22) // max(arr.shape[1], 1))  # ~4M values at a time: float64 temporaries stay ~32 MB
    for r in range(0, arr.shape[0], step):
        out[r : r + step] = _linear_to_u8(np.nan_to_num(arr[r : r + step].astype(np.float64)), float(lo), float(hi))
    return out


# ------------------------------------------------------------------------------------------------- DICOM


def _decode_dicom(data: bytes, short_side: int | None, force: bool, budget: Budget = _NO_BUDGET) -> _Decoded:
    with _quiet_pydicom():
        _check_deflated(data, budget)
        ds = _read_dataset(data, force)
        try:
            rows, cols = int(ds.Rows), int(ds.Columns)
            samples = int(ds.get("SamplesPerPixel", 1) or 1)
            bits_alloc = int(ds.BitsAllocated)
            bits_stored = min(max(int(ds.get("BitsStored", bits_alloc) or bits_alloc), 1), bits_alloc)
            pixrep = int(ds.get("PixelRepresentation", 0) or 0)
            nframes = int(ds.get("NumberOfFrames", 1) or 1)
            photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2") or "MONOCHROME2").strip().upper()
        except MemoryError:
            raise
        except Exception:
            raise ImageError(
                "unreadable_dicom", "missing or invalid image attributes (Rows, Columns, BitsAllocated, ...)"
            ) from None
        if rows <= 0 or cols <= 0:
            raise ImageError("unreadable_dicom", "image has no rows or columns")
        budget.check_pixels(cols, rows, samples, "DICOM")
        if samples == 1 and photometric not in ("MONOCHROME1", "MONOCHROME2"):
            raise ImageError("unsupported_image", "DICOM: single-sample image that is not MONOCHROME1/2")
        ts = _transfer_syntax(ds)
        mono1 = photometric == "MONOCHROME1"
        if ts == JPEGBaseline8Bit and samples == 1 and bits_alloc == 8 and nframes == 1:
            return _dicom_jpeg(ds, short_side, bits_stored, pixrep, mono1, budget)
        try:
            arr = pixel_array(ds, index=0)
        except MemoryError:
            raise
        except Exception:
            raise ImageError("unreadable_dicom", "pixel data cannot be decoded") from None
        oh, ow = arr.shape[:2]
        arr = arr.astype(arr.dtype.newbyteorder("="), copy=False)
        if arr.ndim == 3:
            if arr.dtype != np.uint8:
                raise ImageError("unsupported_image", "DICOM: colour pixel data with more than 8 bits")
            gray, bits = Image.fromarray(np.ascontiguousarray(arr[..., :3]), "RGB").convert("L"), 8
        elif arr.dtype.kind in "ui" and arr.dtype.itemsize <= 2:
            idx = np.ascontiguousarray(arr).view(np.uint8 if arr.dtype.itemsize == 1 else np.uint16)
            lut = _dicom_lut(ds, 8 * arr.dtype.itemsize, bits_stored, pixrep, mono1, lambda: _counts(idx))
            gray, bits = Image.fromarray(lut[idx], "L"), bits_stored
        elif arr.dtype.kind in "uif":  # 32-bit integers or floats: map values directly
            values = _modality(arr, ds)

            def stats():
                s = _stride(values.size)
                sample = values[::s, ::s].ravel()
                return _weighted_percentiles(sample, np.ones(sample.size, dtype=np.int64))

            y = _voi_to_u8(ds, values, stats, passthrough=False)
            gray, bits = Image.fromarray(255 - y if mono1 else y, "L"), bits_stored
        else:
            raise ImageError("unsupported_image", "DICOM: pixel data type not supported")
        return _Decoded(_resize(gray, target_size(ow, oh, short_side)), ow, oh, bits)


_DEFLATED_UID = str(DeflatedExplicitVRLittleEndian).encode("ascii")


def _check_deflated(data: bytes, budget: Budget) -> None:
    """A deflated-syntax DICOM is inflated whole by pydicom: inflate it here first, at most to max_bytes.

    The file meta group (preamble, ``DICM``, group 0002, always explicit little endian) is read for its group
    length; the deflated body starts right after it."""
    if data[128:132] != b"DICM" or _DEFLATED_UID not in data[132 : 132 + 4096]:
        return
    if data[132:136] != b"\x02\x00\x00\x00" or data[136:138] != b"UL":
        raise ImageError("unreadable_dicom", "deflated DICOM without a file meta group length")
    body = 144 + int.from_bytes(data[140:144], "little")
    if _DEFLATED_UID not in data[132:body]:
        return
    cap = budget.max_bytes or (1 << 62)
    try:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        size = 0
        chunk = data[body:]
        while chunk:  # inflate in 16 MiB steps, counting, so the whole body is never held at once
            out = inflater.decompress(chunk, 1 << 24)
            size += len(out)
            if size > cap:
                raise ImageError("oversized_image", "deflated DICOM inflates past image.max_bytes")
            chunk = inflater.unconsumed_tail
    except zlib.error:
        raise ImageError("unreadable_dicom", "deflated data cannot be inflated") from None


def _read_dataset(data: bytes, force: bool):
    try:
        ds = pydicom.dcmread(io.BytesIO(data), force=force)
    except MemoryError:
        raise
    except Exception:
        raise ImageError("unreadable_dicom", "not a readable DICOM file") from None
    if "PixelData" not in ds:
        if "FloatPixelData" in ds or "DoubleFloatPixelData" in ds:
            raise ImageError("unsupported_image", "DICOM: float pixel data")
        raise ImageError("unreadable_dicom", "no pixel data")
    return ds


def _transfer_syntax(ds) -> UID:
    ts = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None)
    if ts is None:  # no file meta (read with force): the encoding the body was read with
        implicit, little = ds.original_encoding
        ts = ImplicitVRLittleEndian if implicit else (ExplicitVRLittleEndian if little else ExplicitVRBigEndian)
        ds.file_meta = getattr(ds, "file_meta", None) or pydicom.dataset.FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ts
    ts = UID(str(ts))
    known = ts.is_transfer_syntax and ts.name != str(ts)
    label = ts.name if known else "(unknown)"
    try:
        decoder = get_decoder(ts)
    except Exception:
        raise ImageError("unsupported_image", f"DICOM: transfer syntax {label} is not supported") from None
    if not decoder.is_available:
        raise ImageError(
            "unsupported_image", f"DICOM: transfer syntax {label} needs a decoding plugin that is not installed"
        ) from None
    return ts


def _dicom_jpeg(
    ds, short_side: int | None, bits_stored: int, pixrep: int, mono1: bool, budget: Budget = _NO_BUDGET
) -> _Decoded:
    """Single-frame 8-bit JPEG-baseline DICOM: decode the encapsulated frame with Pillow (draft)."""
    try:
        frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    except MemoryError:
        raise
    except Exception:
        raise ImageError("unreadable_dicom", "encapsulated pixel data cannot be parsed") from None
    try:
        image, ow, oh = _open_pillow(frame, short_side, "DICOM JPEG frame", budget)
    except ImageError as err:  # same reason as pydicom's own decoding would give
        if err.reason in ("unsupported_image", "oversized_image"):
            raise
        raise ImageError("unreadable_dicom", err.detail) from None
    if image.mode != "L":
        image = image.convert("L")
    lut = _dicom_lut(ds, 8, bits_stored, pixrep, mono1, lambda: _counts(np.asarray(image)))
    if not np.array_equal(lut, np.arange(256)):
        image = image.point(lut.tolist())
    return _Decoded(_resize(image, target_size(ow, oh, short_side)), ow, oh, bits_stored)


def _counts(idx: np.ndarray) -> np.ndarray:
    s = _stride(idx.size)
    return np.bincount(idx[::s, ::s].ravel(), minlength=1 << (8 * idx.dtype.itemsize))


def _dicom_lut(ds, nbits: int, bits_stored: int, pixrep: int, mono1: bool, counts) -> np.ndarray:
    """uint8 lookup table from every stored bit pattern (2**nbits) to the displayed gray value."""
    patterns = np.arange(1 << nbits, dtype=np.int64)
    stored = patterns & ((1 << bits_stored) - 1)
    if pixrep == 1:
        stored = np.where(stored >= 1 << (bits_stored - 1), stored - (1 << bits_stored), stored)
    values = _modality(stored, ds)
    passthrough = bits_stored <= 8 and pixrep == 0 and np.array_equal(values, stored)
    y = _voi_to_u8(ds, values, lambda: _weighted_percentiles(values, counts()), passthrough)
    return 255 - y if mono1 else y


def _modality(values: np.ndarray, ds) -> np.ndarray:
    try:
        return np.asarray(apply_modality_lut(values, ds), dtype=np.float64)
    except MemoryError:
        raise
    except Exception:
        raise ImageError("unreadable_dicom", "invalid modality LUT or rescale attributes") from None


def _first_number(value) -> float:
    if isinstance(value, (MultiValue, list, tuple)):
        value = value[0]
    return float(value)


def _voi_to_u8(ds, values: np.ndarray, stats, passthrough: bool) -> np.ndarray:
    """VOI LUT Sequence, else Window Center/Width, else (8-bit identity) as is, else the robust window."""
    if ds.get("VOILUTSequence"):
        try:
            y = np.asarray(apply_voi(np.rint(values).astype(np.int64), ds, index=0), dtype=np.float64)
            return _linear_to_u8(y, float(y.min()), float(y.max()))
        except MemoryError:
            raise
        except Exception:
            pass  # a broken VOI LUT: fall back to the window or the robust window
    try:
        center, width = _first_number(ds.WindowCenter), _first_number(ds.WindowWidth)
    except Exception:
        center = width = None
    if center is not None and np.isfinite(center) and np.isfinite(width) and width > 0:
        func = str(ds.get("VOILUTFunction", "LINEAR") or "LINEAR").strip().upper()
        x = values
        if func == "SIGMOID":
            y = 255.0 / (1.0 + np.exp(np.clip(-4.0 * (x - center) / width, -700, 700)))
        elif func == "LINEAR_EXACT":
            y = ((x - center) / width + 0.5) * 255.0
        elif width > 1:
            y = ((x - (center - 0.5)) / (width - 1.0) + 0.5) * 255.0
        else:
            y = np.where(x <= center - 0.5, 0.0, 255.0)
        return np.clip(np.rint(y), 0, 255).astype(np.uint8)
    if passthrough:
        return np.clip(values, 0, 255).astype(np.uint8)
    return _linear_to_u8(values, *stats())


@contextmanager
def _quiet_pydicom():
    """pydicom's warnings and log lines may quote header values: silence them while a file is read."""
    logger = logging.getLogger("pydicom")
    disabled = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = disabled
