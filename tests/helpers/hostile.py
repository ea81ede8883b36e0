"""Hostile input files for the shard builder's tests, written for real (pydicom, Pillow, raw bytes).

Each maker writes one file that attacks one budget or promise of the builder and costs the test almost nothing
to write: declared sizes are patched into small real files, decompression bombs are built from one repeated
full-flush deflate block, and huge files are sparse.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filewriter import write_dataset, write_file_meta_info
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    RLELossless,
    SecondaryCaptureImageStorage,
    generate_uid,
)

_CHUNK = 1 << 24


def _meta(ts) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=["megacxr-test"])
    meta.TransferSyntaxUID = ts
    return meta


def _image_attrs(ds: Dataset, rows: int, cols: int, bits: int = 8) -> None:
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = generate_uid(entropy_srcs=["megacxr-test-sop"])
    ds.Modality = "DX"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0


def rle_dicom_declaring(path: Path, pixels: np.ndarray, rows: int, cols: int) -> Path:
    """A real RLE Lossless DICOM of ``pixels`` (uint8) whose header then declares ``rows`` x ``cols``."""
    ds = Dataset()
    ds.file_meta = _meta(ExplicitVRLittleEndian)
    _image_attrs(ds, *pixels.shape)
    ds.PixelData = np.ascontiguousarray(pixels, dtype=np.uint8).tobytes()
    ds.compress(RLELossless, encoding_plugin="pydicom")
    ds.Rows, ds.Columns = rows, cols
    ds.save_as(path, enforce_file_format=True)
    return path


def deflated_dicom(path: Path, inflated_bytes: int) -> Path:
    """A Deflated Explicit VR Little Endian DICOM whose body inflates to about ``inflated_bytes`` (zeros).

    The body is deflated in full-flush blocks: after a full flush the compressed form of 16 MiB of zeros is the
    same bytes every time, so a multi-GB bomb is one 16 MiB compression repeated."""
    n = max(1, inflated_bytes // _CHUNK)
    head = Dataset()
    _image_attrs(head, 4096, 4096)  # a plausible declared size: only the inflated length is hostile
    buf = pydicom.filebase.DicomBytesIO()
    buf.is_little_endian, buf.is_implicit_VR = True, False
    write_dataset(buf, head)
    # one element holds at most 4 GiB: the zeros are split over a private OB element and the pixel data
    n_pixel = min(n, (1 << 32) // _CHUNK - 1)
    n_private = n - n_pixel
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)

    def flushed(raw: bytes) -> bytes:
        return deflater.compress(raw) + deflater.flush(zlib.Z_FULL_FLUSH)

    block = flushed(bytes(_CHUNK))  # identical bytes for every 16 MiB of zeros that follows a full flush
    with open(path, "wb") as fh:
        fh.write(b"\x00" * 128 + b"DICM")
        meta = pydicom.filebase.DicomBytesIO()
        write_file_meta_info(meta, _meta(DeflatedExplicitVRLittleEndian), enforce_standard=True)
        fh.write(meta.getvalue())
        private = b"\x09\x00\x10\x00OB\x00\x00" + struct.pack("<I", n_private * _CHUNK) if n_private else b""
        fh.write(flushed(buf.getvalue() + private))
        for _ in range(n_private):
            fh.write(block)
        fh.write(flushed(b"\xe0\x7f\x10\x00OB\x00\x00" + struct.pack("<I", n_pixel * _CHUNK)))
        for _ in range(n_pixel):
            fh.write(block)
        fh.write(deflater.flush())
    return path


def float_tiff_declaring(path: Path, width: int, height: int) -> Path:
    """A small real float32 TIFF (deflate) whose IFD then declares ``width`` x ``height``."""
    buf = io.BytesIO()
    Image.fromarray(np.zeros((16, 16), dtype=np.float32), "F").save(buf, "TIFF", compression="tiff_adobe_deflate")
    data = bytearray(buf.getvalue())
    assert data[:4] == b"II*\x00"
    ifd = struct.unpack_from("<I", data, 4)[0]
    for i in range(struct.unpack_from("<H", data, ifd)[0]):
        at = ifd + 2 + 12 * i
        tag, typ = struct.unpack_from("<HH", data, at)
        if tag in (256, 257):  # ImageWidth, ImageLength
            value = width if tag == 256 else height
            if typ == 3:
                struct.pack_into("<H", data, at + 8, value)
            else:
                struct.pack_into("<I", data, at + 8, value)
    path.write_bytes(bytes(data))
    return path


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no disk: ``head`` then a hole."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def symlink(link: Path, target: Path) -> Path:
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    return link
