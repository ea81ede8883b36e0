"""DICOM files written with pydicom for the image and clip tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid


def write_dicom(
    path: Path,
    arr: np.ndarray,
    *,
    photometric="MONOCHROME2",
    bits_stored=None,
    signed=False,
    window=None,
    rescale=None,
    ts=ExplicitVRLittleEndian,
    pixel_bytes=None,
    preamble=True,
    **tags,
):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ts
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID, ds.SOPInstanceUID = SecondaryCaptureImageStorage, ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.PatientName, ds.PatientID = "CR", NAME, MRN
    ds.Rows, ds.Columns = arr.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, photometric
    ds.BitsAllocated = 8 * arr.dtype.itemsize
    ds.BitsStored = bits_stored or ds.BitsAllocated
    ds.HighBit, ds.PixelRepresentation = ds.BitsStored - 1, int(signed)
    if window:
        ds.WindowCenter, ds.WindowWidth = window
    if rescale:
        ds.RescaleSlope, ds.RescaleIntercept = rescale
    for k, v in tags.items():
        setattr(ds, k, v)
    ds.PixelData = pixel_bytes if pixel_bytes is not None else arr.tobytes()
    if ts != ExplicitVRLittleEndian:
        ds["PixelData"].VR = "OB"
    if preamble:
        ds.save_as(path, enforce_file_format=True)
    else:  # bare dataset: no preamble, no "DICM", no file meta
        del ds.file_meta
        ds.save_as(path, implicit_vr=True, little_endian=True)
    return path


NAME, MRN = "Doe^Johnathan", "MRN99887766"
