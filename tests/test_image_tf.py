"""Tests for megacxr.data.image_tf: CXR train/eval transforms without torchvision."""

from __future__ import annotations

import io
import math
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from megacxr.data.image_tf import CxrTransform, ImageTransformConfig, decode_image

REAL_CXR = Path(__file__).parent / "data" / "real_cxr"

NO_JITTER = {"brightness": 0.0, "contrast": 0.0, "gamma": (1.0, 1.0)}
IDENTITY_NORM = {"mean": (0.0,), "std": (1.0,)}


def cfg(**kw) -> ImageTransformConfig:
    return ImageTransformConfig(**kw)


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.fixture(scope="module")
def real_img() -> Image.Image:
    return Image.open(REAL_CXR / "00000001_000.png").convert("L")


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------- shapes, config


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("train", [True, False])
def test_shape_and_dtype(real_img, channels, train):
    t = CxrTransform(cfg(size=96, channels=channels), train=train)
    for img in (real_img, real_img.crop((0, 0, 300, 512)), real_img.crop((0, 0, 512, 200))):
        out = t(img, rng(0))
        assert out.shape == (channels, 96, 96) and out.dtype == torch.float32
        assert out.is_contiguous() and torch.isfinite(out).all()


def test_three_channels_follow_their_own_normalisation(real_img):
    mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
    for train in (True, False):
        out = CxrTransform(cfg(size=64, mean=mean, std=std), train=train)(real_img, rng(3))
        gray = out * torch.tensor(std)[:, None, None] + torch.tensor(mean)[:, None, None]
        assert torch.allclose(gray[0], gray[1], atol=1e-5) and torch.allclose(gray[0], gray[2], atol=1e-5)
        assert not torch.allclose(out[0], out[2], atol=1e-3)


def test_config_validation_names_the_field():
    with pytest.raises(ValueError, match="channels"):
        cfg(channels=2)
    with pytest.raises(ValueError, match="mean"):
        cfg(channels=3, mean=(0.1, 0.2))
    with pytest.raises(ValueError, match="scale"):
        cfg(scale=(0.8, 1.2))
    with pytest.raises(ValueError, match="hflip"):
        cfg(hflip=1.5)
    c = cfg(mean=[0.4], std=0.2, gamma=[0.9, 1.1])  # YAML lists and scalars are accepted
    assert c.mean == (0.4,) and c.std == (0.2,) and c.gamma == (0.9, 1.1)


def test_train_needs_rng_and_is_picklable(real_img):
    t = CxrTransform(cfg(size=64), train=True)
    with pytest.raises(TypeError, match="rng"):
        t(real_img)
    t2 = pickle.loads(pickle.dumps(t))
    assert torch.equal(t(real_img, rng(5)), t2(real_img, rng(5)))


# ---------------------------------------------------------------------------------------------------- eval


def reference_eval(img: Image.Image, size: int, mean, std) -> torch.Tensor:
    """Resize the short side to size (PIL bilinear), centre crop, normalise: computed independently."""
    w, h = img.size
    if w <= h:
        nw, nh = size, round(h * size / w)
    else:
        nw, nh = round(w * size / h), size
    r = img.resize((nw, nh), Image.Resampling.BILINEAR)
    left, top = round((nw - size) / 2), round((nh - size) / 2)
    arr = np.asarray(r.crop((left, top, left + size, top + size)), dtype=np.float64) / 255.0
    chans = [(arr - m) / s for m, s in zip(mean, std, strict=False)]
    return torch.tensor(np.stack(chans), dtype=torch.float32)


@pytest.mark.parametrize("box", [None, (0, 0, 512, 400), (40, 0, 330, 512)])
@pytest.mark.parametrize("size", [224, 160])
def test_eval_matches_reference(real_img, box, size):
    img = real_img.crop(box) if box else real_img
    mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
    t = CxrTransform(cfg(size=size, mean=mean, std=std), train=False)
    out = t(img)
    ref = reference_eval(img, size, mean, std)
    assert (out - ref).abs().max() <= 1e-5  # the same resize, crop and arithmetic: equal up to float rounding
    assert torch.equal(out, t(img, rng(1)))  # deterministic: rng ignored
    aug_off = CxrTransform(cfg(size=size, mean=mean, std=std, augment=False), train=True)
    assert torch.equal(out, aug_off(img, rng(2)))


# --------------------------------------------------------------------------------------------------- train


def test_train_reproducible_and_seed_dependent(real_img):
    t = CxrTransform(cfg(size=128, hflip=0.5), train=True)
    a, b = t(real_img, rng(7)), t(real_img, rng(7))
    assert torch.equal(a, b)
    g = rng(11)
    first, second = t(real_img, g), t(real_img, g)  # a generator that moves on gives a new draw
    assert not torch.equal(first, second)
    outs = [t(real_img, rng(s)) for s in range(6)]
    for i in range(len(outs)):
        for j in range(i + 1, len(outs)):
            assert (outs[i] - outs[j]).abs().mean() > 1e-3


def marker_image(w=200, h=200) -> Image.Image:
    arr = np.full((h, w), 40, np.uint8)
    # bright marker on the image's right; any crop (width >= 0.8 w) keeps part of it, in its right half
    arr[h // 3 : 2 * h // 3, int(0.6 * w) : int(0.9 * w)] = 250
    return Image.fromarray(arr)


def marker_side(out: torch.Tensor) -> float:
    """Centroid column of the bright pixels, as a fraction of the width."""
    a = out[0].numpy()
    assert a.max() - a.min() > 0.5  # the marker is in the crop
    cols = np.nonzero(a > (a.max() + a.min()) / 2)[1]
    return float(cols.mean()) / out.shape[-1]


def test_no_flip_by_default():
    img = marker_image()
    t = CxrTransform(cfg(size=64), train=True)  # default hflip = 0
    sides = [marker_side(t(img, rng(s))) for s in range(150)]
    assert min(sides) > 0.55


def test_flip_when_asked():
    img = marker_image()
    always = CxrTransform(cfg(size=64, hflip=1.0), train=True)
    assert max(marker_side(always(img, rng(s))) for s in range(60)) < 0.45
    half = CxrTransform(cfg(size=64, hflip=0.5), train=True)
    sides = np.array([marker_side(half(img, rng(s))) for s in range(100)])
    assert 20 < (sides < 0.5).sum() < 80


def crop_from_gradients(t: CxrTransform, width: int, height: int, seed: int) -> tuple[float, float, float, float]:
    """Recover the sampled crop box from two renders: one where gray = x, one where gray = y."""
    gx = Image.fromarray(np.tile(np.arange(width, dtype=np.uint8), (height, 1)))
    gy = Image.fromarray(np.tile(np.arange(height, dtype=np.uint8)[:, None], (1, width)))
    s = t.size
    ox = t(gx, rng(seed))[0].numpy() * 255.0
    oy = t(gy, rng(seed))[0].numpy() * 255.0
    # output pixel u samples input x = x0 + (u + 0.5) * w / s; pixel i holds value i, centred at i + 0.5
    v0, v1 = np.median(ox[:, 0]), np.median(ox[:, -1])
    w = (v1 - v0) * s / (s - 1)
    x0 = v0 + 0.5 - 0.5 * w / s
    v0, v1 = np.median(oy[0, :]), np.median(oy[-1, :])
    h = (v1 - v0) * s / (s - 1)
    y0 = v0 + 0.5 - 0.5 * h / s
    return x0, y0, w, h


@pytest.mark.parametrize("width,height", [(256, 256), (240, 180)])
def test_crop_respects_scale_and_ratio(width, height):
    scale, ratio = (0.5, 0.8), (0.8, 1.25)
    t = CxrTransform(
        cfg(size=64, channels=1, scale=scale, ratio=ratio, rotation=0.0, **NO_JITTER, **IDENTITY_NORM), train=True
    )
    fracs = []
    for seed in range(40):
        x0, y0, w, h = crop_from_gradients(t, width, height, seed)
        frac = w * h / (width * height)
        assert scale[0] - 0.02 <= frac <= scale[1] + 0.02, (seed, frac)
        assert ratio[0] - 0.03 <= w / h <= ratio[1] + 0.03, (seed, w / h)
        assert x0 >= -1.0 and y0 >= -1.0 and x0 + w <= width + 1.0 and y0 + h <= height + 1.0
        p = t.sample_params(rng(seed), width, height)  # the params the render used
        assert abs(p.w * p.h / (width * height) - frac) < 0.02
        assert abs(p.cx - (x0 + w / 2)) < 1.5 and abs(p.cy - (y0 + h / 2)) < 1.5
        fracs.append(frac)
    assert min(fracs) < scale[0] + 0.08 and max(fracs) > scale[1] - 0.08  # the whole range is used


def test_crop_falls_back_to_centre_crop():
    # a very wide image: no crop with aspect <= 1.18 and area >= 0.75 fits, so the centre crop is used
    t = CxrTransform(cfg(size=32), train=True)
    p = t.sample_params(rng(0), 400, 100)
    assert p.h == pytest.approx(100) and p.w == pytest.approx(118)
    assert p.cx == pytest.approx(200) and p.cy == pytest.approx(50)


def line_angle(out: torch.Tensor) -> float:
    """Angle in degrees of the bright line in a render, from the per-column intensity centroid."""
    a = out[0].numpy().astype(np.float64)
    a = np.clip(a - (np.median(a) + a.max()) / 2, 0, None)  # only the band, not the background or the fill
    s = a.shape[0]
    cols = np.arange(s // 6, s - s // 6)  # away from filled corners
    ys = np.arange(s)[:, None]
    cy = (a[:, cols] * ys).sum(0) / a[:, cols].sum(0)
    slope = np.polyfit(cols, cy, 1)[0]
    return math.degrees(math.atan(slope))


def test_rotation_bounded():
    arr = np.full((200, 200), 30, np.uint8)
    arr[97:103, :] = 230  # a horizontal bright band through the centre
    img = Image.fromarray(arr)
    r = 10.0
    t = CxrTransform(cfg(size=96, channels=1, rotation=r, scale=(1.0, 1.0), ratio=(1.0, 1.0), **NO_JITTER), train=True)
    angles = []
    for seed in range(40):
        measured = line_angle(t(img, rng(seed)))
        drawn = t.sample_params(rng(seed), 200, 200).angle
        assert abs(measured) <= r + 0.5
        assert abs(abs(measured) - abs(drawn)) < 0.5
        angles.append(measured)
    assert max(angles) > r / 2 and min(angles) < -r / 2  # both directions, not a fixed angle
    flat = CxrTransform(cfg(size=96, channels=1, rotation=0.0, scale=(1.0, 1.0), ratio=(1.0, 1.0)), train=True)
    assert all(abs(line_angle(flat(img, rng(s)))) < 0.2 for s in range(5))


def test_rotation_fills_with_frame_intensity_not_black():
    img = Image.fromarray(np.full((128, 128), 200, np.uint8))
    t = CxrTransform(
        cfg(size=64, channels=1, rotation=25.0, scale=(1.0, 1.0), ratio=(1.0, 1.0), **NO_JITTER, **IDENTITY_NORM),
        train=True,
    )
    for seed in range(5):
        out = t(img, rng(seed))[0] * 255
        assert out.min() >= 199 and out.max() <= 201  # corners filled with 200, not 0


def test_downscale_is_not_aliased():
    # 1-pixel stripes downscaled 1.8x: bilinear alone gives strong moire; reduce + bilinear gives flat gray
    arr = np.zeros((448, 448), np.uint8)
    arr[:, ::2] = 255
    t = CxrTransform(
        cfg(size=224, channels=1, rotation=0.0, scale=(0.81, 0.81), ratio=(1.0, 1.0), **NO_JITTER, **IDENTITY_NORM),
        train=True,
    )
    out = t(Image.fromarray(arr), rng(0))[0] * 255
    assert out.std() < 8 and abs(out.mean() - 127.5) < 4


def test_intensity_jitter_bounded_and_applied(real_img):
    mean, std = (0.5,), (0.25,)
    wild = CxrTransform(
        cfg(size=64, channels=1, mean=mean, std=std, brightness=0.9, contrast=0.9, gamma=(0.3, 3.0)), train=True
    )
    lo, hi = (0 - 0.5) / 0.25, (1 - 0.5) / 0.25
    means = []
    for seed in range(30):
        out = wild(real_img, rng(seed))
        assert out.min() >= lo - 1e-6 and out.max() <= hi + 1e-6
        means.append(float(out.mean()))
    assert np.std(means) > 0.1  # the jitter does change the intensities
    default = CxrTransform(cfg(size=64, channels=1, mean=mean, std=std), train=True)
    for seed in range(30):
        out = default(real_img, rng(seed))
        assert out.min() >= lo - 1e-6 and out.max() <= hi + 1e-6


def test_identity_geometry_without_jitter_is_exact(real_img):
    t = CxrTransform(
        cfg(size=512, channels=1, rotation=0.0, scale=(1.0, 1.0), ratio=(1.0, 1.0), **NO_JITTER, **IDENTITY_NORM),
        train=True,
    )
    out = t(real_img, rng(0))[0].numpy() * 255
    # the train table adds back the half gray level Pillow's bilinear transform truncates (255 stays 255)
    expected = np.minimum(np.asarray(real_img, dtype=np.float64) + 0.5, 255.0)
    assert np.abs(out - expected).max() < 1e-3


# ------------------------------------------------------------------------------------------- bytes, decode


def test_real_png_and_jpeg_bytes(real_img):
    png, jpg = encode(real_img, "PNG"), encode(real_img, "JPEG", quality=95)
    for train in (True, False):
        t = CxrTransform(cfg(size=224), train=train)
        from_img = t(real_img, rng(4))
        assert torch.equal(t(png, rng(4)), from_img)
        from_jpg = t(jpg, rng(4))
        assert from_jpg.shape == (3, 224, 224)
        assert (from_jpg - from_img).abs().mean() < 0.02  # JPEG q95 noise only: same geometry and jitter
    assert decode_image(jpg).mode == "L" and decode_image(jpg).size == (512, 512)


def test_large_jpeg_uses_draft_and_matches(real_img):
    big = real_img.resize((2048, 2048), Image.Resampling.BICUBIC)
    data = encode(big.convert("RGB"), "JPEG", quality=95)  # colour JPEG: decoded luma-only
    small = decode_image(data, draft_size=256)
    assert small.mode == "L" and small.size == (256, 256)  # DCT-domain 1/8
    assert decode_image(data).size == (2048, 2048)
    ev = CxrTransform(cfg(size=224), train=False)
    assert (ev(data) - ev(real_img)).abs().mean() < 0.03
    tr = CxrTransform(cfg(size=224), train=True)
    assert tr.draft_size >= 224 / math.sqrt(0.75 * 0.85)  # the smallest crop still has >= 224 source pixels
    assert (tr(data, rng(9)) - tr(real_img, rng(9))).abs().mean() < 0.05


def test_decode_other_modes_and_errors(real_img):
    arr16 = np.asarray(real_img).astype(np.uint16) * 16  # 12-bit range in a 16-bit PNG
    img16 = Image.fromarray(arr16)
    gray = decode_image(encode(img16, "PNG"))
    assert gray.mode == "L" and np.asarray(gray).max() > 240  # windowed, not left dark
    assert decode_image(encode(real_img.convert("RGB"), "PNG")).mode == "L"
    with pytest.raises(ValueError, match="cannot be decoded"):
        decode_image(b"not an image at all")
    with pytest.raises(ValueError, match="cannot be decoded"):
        decode_image(encode(real_img, "JPEG")[:200])


@pytest.mark.parametrize("train", [True, False])
def test_encode_then_expand_equals_the_float_transform(real_img, train):
    """``encode`` + ``expand_pixels`` (the deferred normalisation the uint8 loader format uses) is exact."""
    from megacxr.data.image_tf import expand_pixels

    cfg = ImageTransformConfig(size=40, channels=3, mean=(0.4, 0.5, 0.6), std=(0.2, 0.25, 0.3))
    t = CxrTransform(cfg, train=train)
    ref = [t(real_img, np.random.default_rng(s)) for s in range(3)]
    enc = [t.encode(real_img, np.random.default_rng(s)) for s in range(3)]
    pixels = torch.from_numpy(np.stack([p for p, _ in enc]))
    lut = torch.from_numpy(np.stack([lt for _, lt in enc]))
    assert pixels.dtype == torch.uint8 and lut.shape == (3, 3, 256)
    assert torch.equal(expand_pixels(pixels, lut), torch.stack(ref))
    with pytest.raises(ValueError, match="uint8"):
        expand_pixels(pixels.float(), lut)
