"""Image decoding for the shard builder on real CXR pixels: DICOM (MONOCHROME1/2, 8/16-bit, windows, rescale,
JPEG baseline), 8/16-bit PNG, JPEG draft resizing, the error reasons, and no patient identifier in any error."""

from __future__ import annotations

import io
import logging
import pickle
import warnings
from pathlib import Path

import numpy as np
import pydicom
import pytest
from helpers.images import MRN, NAME, write_dicom
from PIL import Image
from pydicom.uid import JPEGLosslessSV1

from megacxr.data.image_tf import decode_image
from megacxr.shards.config import ImageConfig
from megacxr.shards.images import (
    EncodedImage,
    ImageError,
    decode_gray8,
    process_image,
    process_image_bytes,
    target_size,
)

REAL = Path(__file__).parent / "data" / "real_cxr"
MONO1 = REAL / "monochrome1_sample.dcm"
MONO2 = REAL / "siim_pneumothorax_sample.dcm"
PNG8 = REAL / "00000001_000.png"


def corr(a, b) -> float:
    return float(np.corrcoef(np.asarray(a, float).ravel(), np.asarray(b, float).ravel())[0, 1])


@pytest.fixture(scope="module")
def px8() -> np.ndarray:
    """The real 1024x1024 8-bit pixels of the SIIM DICOM, downsampled to 256 for speed."""
    return np.asarray(Image.fromarray(pydicom.dcmread(MONO2).pixel_array).resize((256, 256), Image.BOX))


def px12(px8: np.ndarray) -> np.ndarray:
    """The same pixels on a 12-bit scale with a little noise (values 0..4095)."""
    noise = np.random.default_rng(0).integers(0, 16, px8.shape)
    return (px8.astype(np.uint16) * 16 + noise).clip(0, 4095).astype(np.uint16)


def gray(path, short_side=None) -> np.ndarray:
    return np.asarray(decode_gray8(path, short_side))


# ------------------------------------------------------------------------------------------------ DICOM


def test_monochrome1_is_inverse_of_monochrome2():
    m1, m2 = gray(MONO1), gray(MONO2)
    assert m1.shape == m2.shape == (1024, 1024)
    assert corr(m1, 255 - m2.astype(int)) > 0.99
    assert corr(gray(MONO1, 256), 255 - gray(MONO2, 256).astype(int)) > 0.99


def test_jpeg_baseline_dicom_matches_pydicom_and_resizes():
    ref = pydicom.dcmread(MONO2).pixel_array
    assert np.array_equal(gray(MONO2), ref)  # 8-bit, no VOI: the stored values as they are
    small = gray(MONO2, 300)
    assert small.shape == (300, 300)
    expected = np.asarray(Image.fromarray(ref).resize((300, 300), Image.LANCZOS))
    assert np.abs(small.astype(int) - expected).mean() < 2.0  # draft + Lanczos ~ full decode + Lanczos


def test_8bit_native_dicom_passthrough(tmp_path, px8):
    p = write_dicom(tmp_path / "a.dcm", px8)
    assert np.array_equal(gray(p), px8)
    enc = process_image(p, ImageConfig(short_side=512))
    assert (enc.bits, enc.width, enc.height) == (8, 256, 256)


def test_16bit_dicom_without_window_uses_robust_window(tmp_path, px8):
    p = write_dicom(tmp_path / "a.dcm", px12(px8), bits_stored=12)
    out = gray(p)
    assert corr(out, px8) > 0.99
    assert out.min() == 0 and out.max() == 255  # the window spans the data
    assert process_image(p, ImageConfig()).bits == 12


def test_16bit_dicom_window_tags(tmp_path, px8):
    arr = px12(px8)
    full = gray(write_dicom(tmp_path / "full.dcm", arr, bits_stored=12, window=(2048, 4096)))
    assert np.abs(full.astype(int) - px8).mean() < 1.5  # x/16 is the 8-bit original
    narrow = gray(write_dicom(tmp_path / "narrow.dcm", arr, bits_stored=12, window=(1000, 500)))
    assert (narrow[arr <= 749] == 0).all() and (narrow[arr > 1250] == 255).all()
    mid = (arr > 800) & (arr < 1200)
    assert corr(narrow[mid], arr[mid]) > 0.99


def test_bits_stored_masks_unused_high_bits(tmp_path, px8):
    arr = px12(px8)
    garbage = arr | (np.random.default_rng(1).integers(0, 16, arr.shape, dtype=np.uint16) << 12)
    clean = gray(write_dicom(tmp_path / "clean.dcm", arr, bits_stored=12))
    dirty = gray(write_dicom(tmp_path / "dirty.dcm", garbage, bits_stored=12))
    assert np.array_equal(clean, dirty)


def test_16bit_monochrome1_rescale_and_signed(tmp_path, px8):
    arr = px12(px8)
    base = gray(write_dicom(tmp_path / "base.dcm", arr, bits_stored=12, window=(2048, 4096)))
    inv = gray(write_dicom(tmp_path / "m1.dcm", arr, bits_stored=12, window=(2048, 4096), photometric="MONOCHROME1"))
    assert np.array_equal(inv, 255 - base)
    # stored = (x + 1000) / 2 with slope 2, intercept -1000: the window applies to the rescaled x
    stored = ((arr.astype(np.int32) + 1000) // 2).astype(np.uint16)
    resc = gray(write_dicom(tmp_path / "r.dcm", stored, bits_stored=12, window=(2048, 4096), rescale=(2, -1000)))
    assert np.abs(resc.astype(int) - base).max() <= 1
    signed = (arr.astype(np.int32) - 2048).astype(np.int16)
    s = gray(write_dicom(tmp_path / "s.dcm", signed, bits_stored=12, signed=True))
    u = gray(write_dicom(tmp_path / "u.dcm", arr, bits_stored=12))
    assert np.abs(s.astype(int) - u).max() <= 1


def test_dicom_detected_by_content_and_without_preamble(tmp_path, px8):
    p = write_dicom(tmp_path / "a.dcm", px8)
    renamed = tmp_path / "image.bin"
    renamed.write_bytes(p.read_bytes())
    assert np.array_equal(gray(renamed), px8)
    bare = write_dicom(tmp_path / "bare.dcm", px8, preamble=False)
    assert bare.read_bytes()[128:132] != b"DICM"
    assert np.array_equal(gray(bare), px8)


def _bad_dicoms(tmp_path, px8):
    yield "unreadable_dicom", write_dicom(tmp_path / "short.dcm", px8, pixel_bytes=px8.tobytes()[:1000])
    yield (
        "unsupported_image",
        write_dicom(
            tmp_path / "ls.dcm", px8, ts=JPEGLosslessSV1, pixel_bytes=pydicom.encaps.encapsulate([b"\xff\xd8junk" * 10])
        ),
    )
    yield "unsupported_image", write_dicom(tmp_path / "pal.dcm", px8, photometric="PALETTE COLOR")
    yield (
        "unreadable_dicom",
        write_dicom(
            tmp_path / "jpg.dcm",
            px8,
            ts=pydicom.uid.JPEGBaseline8Bit,
            pixel_bytes=pydicom.encaps.encapsulate([b"not a jpeg" * 10]),
        ),
    )
    header_only = tmp_path / "cut.dcm"
    header_only.write_bytes(write_dicom(tmp_path / "full.dcm", px8).read_bytes()[:400])
    yield "unreadable_dicom", header_only


def test_dicom_errors_never_show_patient_identifiers(tmp_path, px8, caplog):
    caplog.set_level(logging.DEBUG)
    seen = set()
    for reason, path in _bad_dicoms(tmp_path, px8):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(ImageError) as info:
                process_image(path, ImageConfig())
        err = info.value
        assert err.reason == reason, (path.name, str(err))
        seen.add(err.reason)
        texts = [str(err), repr(err), *map(str, err.args), str(pickle.loads(pickle.dumps(err)))]
        texts += [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
        for text in texts:
            assert NAME not in text and "Johnathan" not in text and MRN not in text, text
            assert str(tmp_path) not in text  # nor a file path
    assert {"unreadable_dicom", "unsupported_image"} <= seen


# -------------------------------------------------------------------------------------------- PNG / JPEG


def test_16bit_png_robust_window(tmp_path, px8):
    arr = px12(px8)
    arr[:3, :4] = 4095  # a burned-in marker: a few pixels must not set the window
    p = tmp_path / "padchest.png"
    Image.fromarray(arr).save(p)
    assert Image.open(p).mode.startswith("I")
    enc = process_image(p, ImageConfig(format="png"))
    out = np.asarray(Image.open(io.BytesIO(enc.data)))
    assert enc.bits == 16 and out.dtype == np.uint8
    assert corr(out, px8) > 0.99
    assert np.percentile(out, 99) >= 245 and np.percentile(out, 1) <= 10


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "LA", "P", "1"])
def test_colour_and_other_modes_become_gray(tmp_path, mode):
    src = Image.open(PNG8).convert("L")
    p = tmp_path / f"{mode}.png"
    src.convert(mode).save(p)
    out = decode_gray8(p, 128)
    assert out.mode == "L" and out.size == (128, 128)
    if mode != "1":
        assert corr(np.asarray(out), np.asarray(src.resize((128, 128), Image.LANCZOS))) > 0.98


def _jpeg(tmp_path: Path, size: tuple[int, int], name="a.jpg", quality=95) -> Path:
    p = tmp_path / name
    Image.open(PNG8).convert("L").resize(size, Image.BICUBIC).save(p, quality=quality)
    return p


def test_resize_short_side_keeps_aspect_and_never_upscales(tmp_path):
    wide = _jpeg(tmp_path, (1800, 1000), "wide.jpg")
    enc = process_image(wide, ImageConfig(short_side=256))
    assert (enc.width, enc.height, enc.orig_width, enc.orig_height) == (461, 256, 1800, 1000)
    assert Image.open(io.BytesIO(enc.data)).size == (461, 256)
    tall = _jpeg(tmp_path, (1000, 1300), "tall.jpg")
    assert decode_gray8(tall, 500).size == (500, 650)
    small = process_image(_jpeg(tmp_path, (300, 200), "small.jpg"), ImageConfig(short_side=512))
    assert (small.width, small.height) == (300, 200)
    assert target_size(2544, 3056, 512) == (512, 615) and target_size(400, 300, 512) == (400, 300)


def test_jpeg_draft_close_to_full_decode(tmp_path):
    p = _jpeg(tmp_path, (2000, 2400))
    fast = gray(p, 448)
    ref = np.asarray(Image.open(p).convert("L").resize((448, 538), Image.LANCZOS))
    assert fast.shape == ref.shape and np.abs(fast.astype(int) - ref).mean() < 1.5


def test_png_output_is_lossless(tmp_path):
    p = _jpeg(tmp_path, (900, 700))
    cfg = ImageConfig(short_side=333, format="png")
    enc = process_image(p, cfg)
    assert isinstance(enc, EncodedImage) and enc.ext == "png"
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(enc.data))), gray(p, 333))
    assert process_image_bytes(p.read_bytes(), p.name, cfg).data == enc.data


def test_jpeg_output_quality(tmp_path):
    p = _jpeg(tmp_path, (900, 700))
    hi, lo = (process_image(p, ImageConfig(quality=q)) for q in (95, 40))
    assert hi.ext == lo.ext == "jpg" and len(hi.data) > len(lo.data)
    assert Image.open(io.BytesIO(hi.data)).mode == "L"


# ------------------------------------------------------------------------------------------------ errors


def _reason(path: Path) -> str:
    with pytest.raises(ImageError) as info:
        process_image(path, ImageConfig())
    assert str(path.parent) not in str(info.value)
    return info.value.reason


def test_error_reasons(tmp_path):
    data = _jpeg(tmp_path, (800, 900)).read_bytes()
    for cut in (400, len(data) // 2, len(data) - 2):
        (tmp_path / "t.jpg").write_bytes(data[:cut])
        assert _reason(tmp_path / "t.jpg") == "truncated_image"
    png = io.BytesIO()
    Image.open(PNG8).save(png, "PNG")
    (tmp_path / "t.png").write_bytes(png.getvalue()[: len(png.getvalue()) // 2])
    assert _reason(tmp_path / "t.png") == "truncated_image"
    (tmp_path / "g.jpg").write_bytes(np.random.default_rng(0).bytes(5000))
    assert _reason(tmp_path / "g.jpg") == "corrupt_image"
    (tmp_path / "e.png").write_bytes(b"")
    assert _reason(tmp_path / "e.png") == "corrupt_image"
    assert _reason(tmp_path / "nope.jpg") == "missing_image"
    with pytest.raises(ImageError) as info:
        decode_gray8(tmp_path / "nope.dcm")
    assert info.value.reason == "missing_image"
    (tmp_path / "g.dcm").write_bytes(b"\x00" * 128 + b"DICM" + b"\xff" * 300)
    assert _reason(tmp_path / "g.dcm") == "unreadable_dicom"


def test_image_error_pickles_and_validates_reason():
    err = pickle.loads(pickle.dumps(ImageError("truncated_image", "JPEG: data ends early")))
    assert err.reason == "truncated_image" and str(err) == "truncated_image: JPEG: data ends early"
    with pytest.raises(ValueError):
        ImageError("bad_reason")


def test_pillows_pixel_guard_never_warns_without_a_file(tmp_path, monkeypatch):
    """Issue 28: Pillow's DecompressionBombWarning named no file. The shard builder's own budget is the guard
    there (no warning); a training-time decode makes it an error of that sample (the stream counts it)."""
    buf = io.BytesIO()
    Image.new("L", (48, 40), 128).save(buf, format="PNG")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1200)  # 1920 pixels: over the guard, under twice it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        process_image_bytes(buf.getvalue(), "big.png", ImageConfig(short_side=32))
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    with pytest.raises(ValueError, match="DecompressionBombWarning"):
        decode_image(buf.getvalue())
