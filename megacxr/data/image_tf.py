"""Chest X-ray image transforms for training and evaluation, without torchvision.

``decode_image`` turns shard bytes (JPEG / PNG / anything Pillow reads) into an 8-bit gray ``L`` image, using
libjpeg's DCT-domain downscaling (``draft``) when the file is much larger than needed. ``CxrTransform`` turns that
image (or the bytes directly) into a normalised ``float32`` tensor ``[channels, size, size]``.

Train transform (``train=True`` and ``cfg.augment``), every random number drawn from the ``rng`` argument (a
``numpy.random.Generator``), so the same generator state gives the identical tensor (exact resume):

* random resized crop: area fraction uniform in ``cfg.scale``, aspect ratio log-uniform in ``cfg.ratio``, up to
  10 tries for a crop that fits the image, else the largest centred crop whose aspect lies in ``cfg.ratio``
  (not moved, not redrawn). Crops are continuous (sub-pixel), not snapped to integers;
* rotation uniform in ``[-cfg.rotation, cfg.rotation]`` degrees about the crop centre. The crop centre is drawn
  uniformly among the positions where the *rotated* crop still lies inside the image (in each axis where that is
  possible), so rotation rarely needs any fill. Where the rotated crop does leave the image (a crop close to the
  whole image), the corners are filled with the mean of the image's outer frame (a 4-pixel strip along the four
  edges), not black: that costs a few thousand pixels, and it is the intensity the corners would continue with;
* horizontal flip with probability ``cfg.hflip`` (0 by default: laterality is clinical, a flipped film shows
  dextrocardia);
* intensity: brightness (multiply by ``1 +- cfg.brightness``), contrast (scale by ``1 +- cfg.contrast`` about the
  image mean), gamma (``v ** g``, ``g`` uniform in ``cfg.gamma``), each clipped to ``[0, 1]``, in that order.

Efficiency decisions:

* The geometry (crop + rotation + flip + resize) is ONE bilinear ``Image.transform(AFFINE)``. Bilinear sampling
  does not low-pass filter, so when the crop is downscaled by ``s`` input pixels per output pixel, the region
  under the crop is first box-averaged by ``k = round(s)`` with ``Image.reduce(k, box)`` (only the rotated crop's
  bounding box is reduced): the affine then resamples by ``s / k`` in ``[0.67, 1.5)``, where bilinear neither
  aliases much nor blurs much. (512-px shards to 224 px: ``k = 2``; to 448 px: no reduce.)
* Brightness, contrast, gamma and the normalisation ``(v - mean) / std`` are pointwise, so they compose into one
  256-entry float32 table per channel; the output is a single gather ``table[:, pixels]`` from the uint8 image
  straight to the float tensor (no uint8 re-quantisation between jitter and normalisation). The contrast pivot
  (the mean after brightness) comes from the 256-bin histogram, not a pass over float pixels. Pillow's 8-bit
  bilinear transform truncates instead of rounding (about -0.4 to -0.5 gray level on average); the train table
  adds that half level back, so train and eval intensities agree on average.
* The output tensor is preallocated and filled by one ``np.take`` per distinct channel (channels with equal
  mean/std are copied): a fresh ``[3, 448, 448]`` gather result was 2-3x slower through the allocator.
* ``channels=3`` replicates the gray image (towers pretrained on RGB); ``mean`` / ``std`` may differ per channel.

Eval transform (``train=False`` or ``cfg.augment=False``): resize so the short side is ``size`` (Pillow's
antialiased bilinear), centre crop ``size x size`` at offset ``round((n - size) / 2)``, normalise. Deterministic; no
rng. It resizes the whole image, not just the box that survives the crop: Pillow runs a box resize's two passes
in the other order, which moves 10% of the pixels by one gray level against the plain resize + crop reference,
and for square shards nothing is cropped anyway. Inputs more than 3x larger than needed are first box-reduced by
Pillow (``reducing_gap=3``); JPEG bytes are drafted to >= ``size`` first.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

__all__ = ["ImageTransformConfig", "CxrTransform", "TrainParams", "decode_image", "expand_pixels"]

_CROP_TRIES = 10
_FRAME = 4  # width in pixels of the outer frame whose mean fills rotated-out corners
_EVAL_REDUCING_GAP = 3.0


@dataclass
class ImageTransformConfig:
    size: int = 224  # output is size x size
    channels: int = 3  # 1 or 3 (3 = gray replicated)
    mean: tuple = (0.5,)  # per channel, or one value broadcast
    std: tuple = (0.5,)
    scale: tuple = (0.75, 1.0)  # random resized crop area fraction
    ratio: tuple = (0.85, 1.18)  # crop aspect ratio (width / height) range
    rotation: float = 7.0  # max degrees, uniform in [-r, r]
    brightness: float = 0.15  # multiplicative jitter range
    contrast: float = 0.15
    gamma: tuple = (0.85, 1.15)
    hflip: float = 0.0  # probability; 0 by default: laterality is clinical
    augment: bool = True  # False -> the deterministic eval transform

    def __post_init__(self) -> None:
        for name in ("mean", "std", "scale", "ratio", "gamma"):
            value = getattr(self, name)
            setattr(self, name, tuple(float(v) for v in (value if isinstance(value, (list, tuple)) else [value])))
        self.validate()

    def validate(self) -> None:
        def bad(field_name: str, why: str) -> ValueError:
            return ValueError(f"image transform config: {field_name}={getattr(self, field_name)!r}: {why}")

        if int(self.size) != self.size or self.size < 1:
            raise bad("size", "must be a positive integer")
        if self.channels not in (1, 3):
            raise bad("channels", "must be 1 or 3")
        for name in ("mean", "std"):
            if len(getattr(self, name)) not in (1, self.channels):
                raise bad(name, f"needs 1 or {self.channels} values")
        if min(self.std) <= 0:
            raise bad("std", "must be > 0")
        for name in ("scale", "ratio", "gamma"):
            lo_hi = getattr(self, name)
            if len(lo_hi) != 2 or not 0 < lo_hi[0] <= lo_hi[1]:
                raise bad(name, "must be (low, high) with 0 < low <= high")
        if self.scale[1] > 1:
            raise bad("scale", "area fraction cannot exceed 1")
        if not 0 <= self.rotation <= 45:
            raise bad("rotation", "must be in [0, 45] degrees")
        for name in ("brightness", "contrast"):
            if not 0 <= getattr(self, name) < 1:
                raise bad(name, "must be in [0, 1)")
        if not 0 <= self.hflip <= 1:
            raise bad("hflip", "is a probability in [0, 1]")


def decode_image(data: bytes, draft_size: int | None = None) -> Image.Image:
    """Decode image bytes to an 8-bit gray ``L`` image.

    A JPEG is decoded luma-only and, with ``draft_size``, DCT-downscaled by 1/2, 1/4 or 1/8 to the smallest size
    whose width and height are both still >= ``draft_size``. 16-bit / integer / float images (shards hold 8-bit
    images, so only foreign input) are windowed linearly to their 0.5th-99.5th percentiles; colour goes to luma.
    Raises ``ValueError`` for bytes that are not a decodable image.
    """
    try:
        with warnings.catch_warnings():
            # an image over Pillow's pixel guard is an error of this sample (the stream counts it with its shard
            # and key), not a warning that names no file
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format == "JPEG":
                image.draft("L", (draft_size, draft_size) if draft_size else None)
            image.load()
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError... for bad data
        raise ValueError(f"image bytes cannot be decoded ({type(exc).__name__}: {exc})") from None
    return _to_gray8(image)


def _to_gray8(image: Image.Image) -> Image.Image:
    if image.mode == "L":
        return image
    if image.mode.startswith("I") or image.mode == "F":
        arr = np.asarray(image).astype(np.float32)
        sub = arr[:: max(1, arr.shape[0] // 512), :: max(1, arr.shape[1] // 512)]
        lo, hi = np.percentile(sub, (0.5, 99.5))
        scaled = (arr - lo) * (255.0 / max(float(hi - lo), 1e-6))
        return Image.fromarray(np.clip(scaled + 0.5, 0, 255).astype(np.uint8), "L")
    if image.mode in ("LA", "PA", "RGBA") or "transparency" in image.info:
        image = image.convert("RGBA" if image.mode != "LA" else "LA")
    return image.convert("L")


def _frame_mean(img: Image.Image) -> int:
    """Mean gray level of the image's outer frame (``_FRAME`` pixels wide along all four edges)."""
    arr = np.asarray(img)  # one copy of the whole image is cheaper than four crops
    height, width = arr.shape[:2]
    t = min(_FRAME, width, height)
    strips = [arr[:t], arr[height - t :], arr[t : height - t, :t], arr[t : height - t, width - t :]]
    total = sum(int(a.sum(dtype=np.int64)) for a in strips if a.size)
    count = sum(a.size for a in strips)
    return int(round(total / count)) if count else 0


@dataclass
class TrainParams:
    """One draw of the train transform, in input pixel coordinates (continuous, pixel i spans [i, i+1))."""

    cx: float
    cy: float
    w: float
    h: float
    angle: float  # degrees
    flip: bool
    brightness: float
    contrast: float
    gamma: float


class CxrTransform:
    """``img -> float32 tensor [channels, size, size]``; see the module docstring for what each mode does."""

    def __init__(self, cfg: ImageTransformConfig, train: bool):
        cfg.validate()
        self.cfg = cfg
        self.train = bool(train and cfg.augment)
        self.size = int(cfg.size)
        c = cfg.channels
        self._mean = np.broadcast_to(np.asarray(cfg.mean, np.float64), (c,)).reshape(c, 1)
        self._std = np.broadcast_to(np.asarray(cfg.std, np.float64), (c,)).reshape(c, 1)
        self._same_norm = bool(np.all(self._mean == self._mean[0]) and np.all(self._std == self._std[0]))
        self._eval_lut = self._lut(np.arange(256, dtype=np.float64) / 255.0)
        if self.train:
            s_min = cfg.scale[0] * min(cfg.ratio[0], 1.0 / cfg.ratio[1], 1.0)
            self.draft_size = math.ceil(self.size / math.sqrt(s_min))  # smallest crop keeps >= size pixels
        else:
            self.draft_size = self.size

    def __repr__(self) -> str:
        return f"CxrTransform(train={self.train}, cfg={self.cfg})"

    # ------------------------------------------------------------------------------------------------ API
    def __call__(self, img: Image.Image | bytes, rng: np.random.Generator | None = None) -> torch.Tensor:
        pixels, lut = self.encode(img, rng)
        return self._to_tensor(pixels, lut)

    def encode(self, img: Image.Image | bytes, rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The transform with the pointwise part deferred: ``(pixels uint8 [size, size], lut float32 [channels,
        256])`` such that ``lut[c, pixels]`` is channel ``c`` of ``__call__``'s tensor (exactly, same rng draws).

        Shipping these instead of the float tensor moves 12x fewer bytes from a loader worker to the trainer (at
        3 channels); ``expand_pixels`` does the gather on the training device."""
        if isinstance(img, (bytes, bytearray, memoryview)):
            img = decode_image(bytes(img), self.draft_size)
        else:
            img = _to_gray8(img)
        if not self.train:
            return np.asarray(self._eval_geometry(img)), self._eval_lut
        if rng is None:
            raise TypeError("the train transform needs rng (a numpy Generator): all its randomness comes from it")
        p = self.sample_params(rng, *img.size)
        out = self._train_geometry(img, p)
        return np.asarray(out), self._train_lut(out, p)

    def sample_params(self, rng: np.random.Generator, width: int, height: int) -> TrainParams:
        """Draw one set of train parameters for a ``width x height`` image (rng draws in a fixed order)."""
        cfg = self.cfg
        area = float(width * height)
        lr = (math.log(cfg.ratio[0]), math.log(cfg.ratio[1]))
        angle = float(rng.uniform(-cfg.rotation, cfg.rotation)) if cfg.rotation > 0 else 0.0
        for _ in range(_CROP_TRIES):
            frac = rng.uniform(cfg.scale[0], cfg.scale[1])
            aspect = math.exp(rng.uniform(lr[0], lr[1]))
            w, h = math.sqrt(frac * area * aspect), math.sqrt(frac * area / aspect)
            if w <= width and h <= height:
                break
        else:  # centre crop: the largest crop with its aspect clamped into cfg.ratio
            aspect = min(max(width / height, cfg.ratio[0]), cfg.ratio[1])
            w, h = (width, width / aspect) if width / height <= aspect else (height * aspect, height)
            w, h = min(w, width), min(h, height)
            return self._finish(rng, width / 2, height / 2, w, h, angle)
        # rotated crop's half extents; the centre is uniform where the rotated crop fits, else the image centre
        ca, sa = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
        half_x, half_y = (ca * w + sa * h) / 2, (sa * w + ca * h) / 2
        cx = rng.uniform(half_x, width - half_x) if half_x < width / 2 else width / 2
        cy = rng.uniform(half_y, height - half_y) if half_y < height / 2 else height / 2
        return self._finish(rng, cx, cy, w, h, angle)

    def _finish(self, rng: np.random.Generator, cx, cy, w, h, angle) -> TrainParams:
        cfg = self.cfg
        flip = bool(rng.random() < cfg.hflip) if cfg.hflip > 0 else False
        b = rng.uniform(1 - cfg.brightness, 1 + cfg.brightness)
        c = rng.uniform(1 - cfg.contrast, 1 + cfg.contrast)
        g = rng.uniform(cfg.gamma[0], cfg.gamma[1])
        return TrainParams(float(cx), float(cy), float(w), float(h), angle, flip, float(b), float(c), float(g))

    # ------------------------------------------------------------------------------------------- geometry
    def _eval_geometry(self, img: Image.Image) -> Image.Image:
        s = self.size
        width, height = img.size
        if width <= height:
            new_w, new_h = s, max(s, int(round(height * s / width)))
        else:
            new_w, new_h = max(s, int(round(width * s / height))), s
        left, top = int(round((new_w - s) / 2.0)), int(round((new_h - s) / 2.0))
        if (new_w, new_h) != img.size:
            img = img.resize((new_w, new_h), Image.Resampling.BILINEAR, reducing_gap=_EVAL_REDUCING_GAP)
        return img.crop((left, top, left + s, top + s)) if img.size != (s, s) else img

    def _train_geometry(self, img: Image.Image, p: TrainParams) -> Image.Image:
        s = self.size
        width, height = img.size
        th = math.radians(p.angle)
        cos, sin = math.cos(th), math.sin(th)
        sx, sy = p.w / s, p.h / s  # input pixels per output pixel
        fx = -sx if p.flip else sx
        kx, ky = max(1, int(sx + 0.5)), max(1, int(sy + 0.5))
        hx = (abs(cos) * p.w + abs(sin) * p.h) / 2  # half extents of the rotated crop
        hy = (abs(sin) * p.w + abs(cos) * p.h) / 2
        inside = p.cx - hx >= 0 and p.cy - hy >= 0 and p.cx + hx <= width and p.cy + hy <= height
        fill = 0 if inside else _frame_mean(img)
        x0 = y0 = 0
        if kx > 1 or ky > 1:  # box-average only the rotated crop's bounding box (+1 reduced pixel of margin)
            x0 = max(0, (math.floor(p.cx - hx) // kx - 1) * kx)
            y0 = max(0, (math.floor(p.cy - hy) // ky - 1) * ky)
            x1 = min(width, (math.ceil(p.cx + hx) // kx + 2) * kx)
            y1 = min(height, (math.ceil(p.cy + hy) // ky + 2) * ky)
            img = img.reduce((kx, ky), box=(x0, y0, x1, y1))
        # output point (u, v) (continuous, pixel centres at i + 0.5) -> input point, then -> reduced image
        a, b = cos * fx / kx, -sin * sy / kx
        d, e = sin * fx / ky, cos * sy / ky
        c = (p.cx - x0) / kx - (a + b) * s / 2
        f = (p.cy - y0) / ky - (d + e) * s / 2
        return img.transform(
            (s, s), Image.Transform.AFFINE, (a, b, c, d, e, f), Image.Resampling.BILINEAR, fillcolor=fill
        )

    # ------------------------------------------------------------------------------------------ intensity
    def _lut(self, values: np.ndarray) -> np.ndarray:
        """[0, 1] intensities for the 256 gray levels -> normalised float32 table [channels, 256]."""
        return ((values[None, :] - self._mean) / self._std).astype(np.float32)

    def _train_lut(self, out: Image.Image, p: TrainParams) -> np.ndarray:
        # Pillow's 8-bit bilinear transform truncates instead of rounding (-0.4..-0.5 gray level on average):
        # the half level is added back so that train and eval intensities agree
        levels = np.minimum(np.arange(256, dtype=np.float64) + 0.5, 255.0)
        v = np.clip(levels * (p.brightness / 255.0), 0.0, 1.0)
        hist = np.asarray(out.histogram(), dtype=np.float64)
        pivot = float(hist @ v) / max(float(hist.sum()), 1.0)
        v = np.clip((v - pivot) * p.contrast + pivot, 0.0, 1.0)
        return self._lut(v**p.gamma)

    def _to_tensor(self, pixels: np.ndarray, lut: np.ndarray) -> torch.Tensor:
        """One gather per distinct channel into a preallocated tensor (a fresh 3-channel gather result thrashes
        the allocator: 2-3x slower at 448 px); channels with the same normalisation are copied."""
        out = torch.empty((lut.shape[0],) + pixels.shape, dtype=torch.float32)
        view = out.numpy()
        np.take(lut[0], pixels, out=view[0])
        for ch in range(1, lut.shape[0]):
            if self._same_norm:
                view[ch] = view[0]
            else:
                np.take(lut[ch], pixels, out=view[ch])
        return out


def expand_pixels(pixels: torch.Tensor, lut: torch.Tensor, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """``uint8 [B, H, W]`` gray levels and per-sample tables ``[B, C, 256]`` -> ``[B, C, H, W]`` in ``dtype``:
    ``out[b, c] = lut[b, c, pixels[b]]``, the deferred last step of ``CxrTransform`` (see ``encode``). One
    gather; run it on the training device, where it costs next to nothing."""
    if pixels.dtype != torch.uint8 or pixels.dim() != 3:
        raise ValueError(f"pixels must be uint8 [B, H, W], got {tuple(pixels.shape)} {pixels.dtype}")
    b, h, w = pixels.shape
    if lut.dim() != 3 or lut.shape[0] != b or lut.shape[2] != 256:
        raise ValueError(f"lut must be [B={b}, C, 256], got {tuple(lut.shape)}")
    c = lut.shape[1]
    lut = lut.to(device=pixels.device, dtype=dtype)
    index = pixels.reshape(b, 1, h * w).to(torch.int64).expand(b, c, h * w)
    return torch.gather(lut, 2, index).reshape(b, c, h, w)
