"""Radiograph-like drawings whose content follows the findings: ``draw`` renders one view (PA, AP or LATERAL)
of a study's ``Finding`` list as a float32 numpy image in [0, 1] (bright = dense); ``to_uint8`` and
``to_uint16`` quantise it for saving. Anatomy, pathologies and support devices are drawn here; what the
findings are and how reports word them live in ``megacxr.synth.content``.

Drawing coordinates: u runs left to right across the image, v top to bottom, both in [-0.5, 0.5]. Frontal
(PA/AP) views follow the radiological convention: the patient's right is drawn on the image's left (u < 0),
so a left-sided finding lands on the image's right half.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from megacxr.synth.content import DEVICES, SEVERITIES, Finding

_SIGN = {"right": (-1.0,), "left": (1.0,), "bilateral": (-1.0, 1.0), None: (-1.0, 1.0)}
_ZONE_V = {"upper": -0.2, "middle": -0.02, "lower": 0.12}


def _c01(x):
    return np.minimum(np.maximum(x, 0.0), 1.0)


def _sig(x, eps: float):
    """A soft step from 0 to 1 around x = 0 over about 4 * eps (a clipped ramp: cheaper than a logistic)."""
    return _c01(0.5 + x * (0.25 / eps))


def _smooth_noise(rng, h: int, w: int, cell: int) -> np.ndarray:
    small = rng.standard_normal((max(2, h // cell), max(2, w // cell))).astype(np.float32)
    return np.asarray(Image.fromarray(small).resize((w, h), Image.BICUBIC))


def _polyline(u, v, pts, width: float) -> np.ndarray:
    """1 on a line through ``pts`` of the given half-width, fading to 0 (vectorised distance to segments)."""
    dist = np.full(u.shape, 9.0, np.float32)
    for (u0, v0), (u1, v1) in zip(pts[:-1], pts[1:], strict=False):
        du, dv = u1 - u0, v1 - v0
        t = _c01(((u - u0) * du + (v - v0) * dv) / (du * du + dv * dv + 1e-9))
        dist = np.minimum(dist, np.hypot(u - u0 - t * du, v - v0 - t * dv))
    return _c01(1.5 - dist / width)


def _disk(u, v, cu, cv, r, soft=0.004):
    return _sig(r - np.hypot(u - cu, v - cv), soft)


def _gauss(u, v, cu, cv, su, sv):
    return np.exp(-0.5 * (((u - cu) / su) ** 2 + ((v - cv) / sv) ** 2))


def _devices(u, v, fs: list[Finding], lateral: bool) -> np.ndarray:
    out = np.zeros(u.shape, np.float32)
    for f in fs:
        s = 1.0 if f.side == "left" else -1.0
        if f.kind == "et_tube":
            tip = -0.1 - f.value * 0.022
            pts = [(-0.02, -0.55), (0.03, tip)] if lateral else [(0.0, -0.55), (0.0, tip)]
            out = np.maximum(out, _polyline(u, v, pts, 0.004))
        elif f.kind == "ng_tube":
            pts = (
                [(0.04, -0.55), (0.1, 0.0), (0.05, 0.32)]
                if lateral
                else [(-0.01, -0.55), (0.0, -0.1), (0.03, 0.22), (0.12, 0.32), (0.18, 0.33)]
            )
            out = np.maximum(out, _polyline(u, v, pts, 0.003))
        elif f.kind == "central_line":
            if lateral:
                pts = [(0.0, -0.45), (-0.05, -0.15), (-0.06, -0.05)]
            elif s < 0:
                pts = [(-0.1, -0.55), (-0.05, -0.3), (-0.025, -0.12), (-0.02, -0.05)]
            else:
                pts = [(0.36, -0.38), (0.2, -0.34), (0.06, -0.28), (-0.01, -0.2), (-0.02, -0.07)]
            out = np.maximum(out, _polyline(u, v, pts, 0.0028))
        elif f.kind == "pacemaker":
            bu, bv = (-0.3, -0.3) if lateral else (s * 0.28, -0.34)
            box = _sig(0.045 - np.abs(u - bu), 0.003) * _sig(0.032 - np.abs(v - bv), 0.003)
            leads = (
                [(bu, bv), (-0.1, -0.28), (-0.1, 0.0), (-0.2, 0.15)]
                if lateral
                else [(bu, bv), (s * 0.1, -0.3), (-0.02, -0.15), (0.0, 0.04), (0.1, 0.17)]
            )
            out = np.maximum(out, np.maximum(1.3 * box, _polyline(u, v, leads, 0.0028)))
    return out


def _frontal(u, v, fs: list[Finding], rng, ap: bool, tex: np.ndarray):
    get = {f.kind: f for f in fs}
    body = _sig(0.15 + 0.36 * _sig(v + 0.4, 0.03) - np.abs(u), 0.012)
    cm = get.get("cardiomegaly")
    ctr = 0.45 + (0.0 if cm is None else 0.1 + 0.06 * SEVERITIES.index(cm.severity)) + (0.03 if ap else 0.0)
    hw = ctr * 0.36
    hc = 0.045 + 0.5 * (hw - 0.162)
    # A tilted ellipse: right border just right of the spine, apex down and out to the patient's left.
    hu, hv = u - hc, v - 0.15
    ca, sa = 0.87, 0.5
    heart = _sig(1 - ((hu * ca + hv * sa) / (hw * 1.12)) ** 2 - ((-hu * sa + hv * ca) / (0.6 * hw + 0.03)) ** 2, 0.06)
    med = _sig(0.062 - np.abs(u - 0.005), 0.008) * _sig(v + 0.47, 0.02) * _sig(0.12 - v, 0.03) + 0.7 * _disk(
        u, v, 0.07, -0.2, 0.035, 0.01
    )
    med = _c01(med)
    air = np.zeros(u.shape, np.float32)
    opac = np.zeros(u.shape, np.float32)
    extra_dark = np.zeros(u.shape, np.float32)
    bright = np.zeros(u.shape, np.float32)
    abdomen = np.zeros(u.shape, np.float32)
    keep_markings = np.ones(u.shape, np.float32)
    atel = get.get("atelectasis")
    for s in (-1.0, 1.0):
        lift = 0.03 * SEVERITIES.index(atel.severity) if atel and s in _SIGN[atel.side] else 0.0
        cu, cv, rv = s * 0.215, -0.03, 0.34
        ru = 0.17 * np.clip(0.85 + 0.3 * (v - cv) / rv, 0.5, 1.1)
        f = ((np.abs(u - cu) / ru) ** 2.4 + (np.abs(v - cv) / rv) ** 2.4) ** (1 / 2.4)
        dome0 = (0.2 if s < 0 else 0.22) - lift
        dome = dome0 + 2.8 * np.maximum(s * (u - cu), -0.09) ** 2
        lung = _sig(1 - f, 0.02) * _sig(dome - v, 0.006)
        half = (u * s) > 0
        abdomen += half * _sig(v - dome, 0.006)
        local = np.zeros(u.shape, np.float32)
        lateralness = _c01(s * (u - cu) / 0.155)
        for f_ in fs:
            if s not in _SIGN.get(f_.side, ()) or f_.kind in DEVICES:
                continue
            k = SEVERITIES.index(f_.severity)
            if f_.kind == "effusion":
                level = dome0 - (0.04, 0.12, 0.24)[k] - 0.07 * lateralness**2
                local += 0.95 * _sig(v - level, 0.01)
            elif f_.kind == "pneumothorax":
                g = (0.07, 0.13, 0.21)[k]
                region = _sig(cv + 0.08 + 0.12 * k - v, 0.03) * _sig(s * (u - cu) + 0.06, 0.02)
                ptx = _sig(f - (1 - g), 0.005) * region
                extra_dark += ptx * lung
                keep_markings *= 1 - ptx
                bright += 1.5 * np.exp(-0.5 * ((f - (1 - g)) / 0.007) ** 2) * region * lung
                local += 0.15 * (1 - ptx) * region
            elif f_.kind in ("consolidation", "pneumonia"):
                r = (0.06, 0.08, 0.105)[k]
                cv_ = _ZONE_V[f_.zone] + (0.02 if f_.zone == "lower" and s > 0 else 0.0)
                patch = _gauss(u, v, cu + s * 0.01, cv_, r, r * 0.9) * np.clip(0.75 + 0.5 * tex, 0.2, 1.2)
                local += 0.9 * _c01(patch * 1.4)
            elif f_.kind == "atelectasis":
                vb = dome0 - 0.06
                local += 0.8 * _gauss(u, v - 0.25 * s * (u - cu), cu + s * 0.02, vb, 0.085, 0.011)
                if k:
                    local += 0.35 * k * _gauss(u, v, cu - s * 0.05, dome0 - 0.02, 0.07, 0.05)
            elif f_.kind == "nodule":
                r = 0.013 + 0.004 * k if f_.value < 30 else 0.045
                local += 0.9 * _disk(u, v, cu + s * 0.03, _ZONE_V[f_.zone], r, 0.004)
            elif f_.kind == "fracture":
                fu, fv = s * 0.345, _ZONE_V[f_.zone] + 0.04
                bright += 2.0 * _gauss(u, v, fu, fv, 0.024, 0.013)
                bright -= 0.9 * _polyline(u, v, [(fu - 0.004, fv - 0.016), (fu + 0.004, fv + 0.016)], 0.0025)
        opac += _c01(local) * lung
        air += lung
    air = air * (1 - heart) * (1 - med)
    ed = get.get("edema")
    markings_gain = 1.0
    if ed is not None:
        k = 0.3 + 0.18 * SEVERITIES.index(ed.severity)
        haze = _gauss(u, v, -0.12, 0.0, 0.1, 0.15) + _gauss(u, v, 0.12, 0.0, 0.1, 0.15)
        opac += k * _c01(haze) * air
        markings_gain = 1.8
    air = air * (1 - _c01(opac))
    # Vessels radiate from each hilum and fade towards the periphery.
    vessels = np.zeros(u.shape, np.float32)
    for s in (-1.0, 1.0):
        du, dv = u - s * 0.1, v + 0.02
        r = np.hypot(du, dv)
        theta = np.arctan2(dv, du)
        vessels += np.exp(-r / 0.15) * _c01((np.cos(16 * theta + 2.5 * tex) - 0.6) / 0.4)
    markings = (0.6 * vessels * markings_gain + 0.12 * tex) * air * keep_markings
    a = np.abs(u)
    thor = _sig(0.43 - a, 0.01) * _sig(v + 0.43, 0.01) * _sig(0.27 - v, 0.02)
    post = 0.5 + 0.5 * np.cos(2 * math.pi * (v + 0.5 * a - 1.5 * a**2 + 0.42) / 0.075)
    ant = 0.5 + 0.5 * np.cos(2 * math.pi * (v + 0.4 * a) / 0.09)
    ribs = (_c01((post - 0.7) / 0.3) ** 0.5 + 0.4 * _c01((ant - 0.8) / 0.2)) * thor * _sig(a - 0.05, 0.01)
    spine = _sig(0.034 - a, 0.006) * (0.5 + 0.5 * (np.cos(2 * math.pi * v / 0.05) > -0.5).astype(np.float32))
    # Soft tissue (breasts, diaphragm overlap) greys the lower lungs; the apices are greyed by the shoulders.
    air = air * (1 - 0.25 * _c01((v - 0.02) / 0.2) - 0.3 * _c01((-0.25 - v) / 0.12))
    clav = sum(_polyline(u, v, [(s * 0.04, -0.36), (s * 0.18, -0.4), (s * 0.33, -0.42)], 0.011) for s in (-1, 1))
    trachea = _sig(0.017 - np.abs(u - 0.003), 0.004) * _sig(-0.1 - v, 0.01)
    bubble = _gauss(u, v, 0.17, 0.3 + 0.02 * rng.standard_normal(), 0.05, 0.025) * abdomen
    central = np.maximum(np.maximum(0.2 * med, 0.15 * heart), 0.17 * _c01(abdomen))
    dens = (
        0.58 * body
        + central * body
        - 0.4 * air
        + 0.08 * markings
        - 0.12 * extra_dark
        + 0.1 * bright
        - 0.12 * bubble
        + 0.07 * ribs
        + 0.05 * spine
        + 0.12 * clav
        - 0.08 * trachea
    )
    return dens


def _lateral(u, v, fs: list[Finding], rng, tex: np.ndarray):
    get = {f.kind: f for f in fs}
    body = _sig(0.15 + 0.34 * _sig(v + 0.4, 0.03) - np.abs(u), 0.012)
    dome = 0.2 + 0.9 * (u - 0.02) ** 2
    f = ((np.abs(u - 0.02) / 0.32) ** 2.2 + (np.abs(v + 0.03) / 0.34) ** 2.2) ** (1 / 2.2)
    lung = _sig(1 - f, 0.02) * _sig(dome - v, 0.006) * _sig(0.24 - u, 0.01)
    cm = get.get("cardiomegaly")
    grow = 1.0 if cm is None else 1.15 + 0.08 * SEVERITIES.index(cm.severity)
    heart = _sig(1 - ((u + 0.12) / (0.15 * grow)) ** 2 - ((v - 0.13) / (0.14 * grow)) ** 2, 0.08)
    opac = np.zeros(u.shape, np.float32)
    for f_ in fs:
        k = SEVERITIES.index(f_.severity)
        if f_.kind == "effusion":
            level = 0.2 - (0.03, 0.09, 0.18)[k] * (1.4 if f_.side == "bilateral" else 1.0)
            opac += 0.9 * _sig(v - level + 0.3 * (u - 0.2), 0.01) * _sig(u - 0.05, 0.03)
        elif f_.kind in ("consolidation", "pneumonia"):
            cu, cv = {"upper": (0.02, -0.2), "middle": (-0.1, 0.02), "lower": (0.12, 0.12)}[f_.zone]
            r = (0.06, 0.08, 0.1)[k]
            opac += 0.85 * _c01(1.4 * _gauss(u, v, cu, cv, r, r) * np.clip(0.75 + 0.5 * tex, 0.2, 1.2))
        elif f_.kind == "nodule":
            opac += 0.85 * _disk(u, v, 0.05, _ZONE_V[f_.zone], 0.013 + 0.004 * k if f_.value < 30 else 0.045)
        elif f_.kind == "edema":
            opac += (0.3 + 0.18 * k) * _gauss(u, v, 0.0, 0.0, 0.14, 0.16)
        elif f_.kind == "atelectasis":
            opac += 0.7 * _gauss(u, v, 0.05, 0.14, 0.12, 0.012)
    air = lung * (1 - heart) * (1 - _c01(opac))
    spine_u = 0.3 + 0.03 * v
    discs = (np.cos(2 * math.pi * v / 0.055) < 0.75).astype(np.float32)
    spine = _sig(0.045 - np.abs(u - spine_u), 0.006) * (0.55 + 0.45 * discs)
    sternum = _polyline(u, v, [(-0.36, -0.33), (-0.37, 0.15)], 0.012)
    trachea = _polyline(u, v, [(-0.02, -0.55), (0.04, -0.12)], 0.014)
    ribs = (0.5 + 0.5 * np.cos(2 * math.pi * (v - 0.25 * u) / 0.07) > 0.8) * lung * 0.5
    dens = (
        0.6 * body
        + 0.1 * heart
        - 0.36 * air
        + 0.03 * tex * air
        + 0.12 * _sig(v - dome, 0.006) * body
        + 0.1 * spine
        + 0.08 * sternum
        - 0.08 * trachea
        + 0.04 * ribs
    )
    return dens


def draw(findings: list[Finding], view: str, rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """A radiograph-like float32 image in [0, 1] (bright = dense) showing the findings; view PA, AP or LATERAL."""
    lateral = view in ("LATERAL", "LL", "L")
    # The anatomy is smooth: draw it at half resolution and upsample, then add full-resolution noise.
    cw, ch = max(48, (width + 1) // 2), max(48, (height + 1) // 2)
    y, x = np.mgrid[0:ch, 0:cw].astype(np.float32)
    x, y = (x + 0.5) / cw - 0.5, (y + 0.5) / ch - 0.5
    ang, scale = rng.normal(0, 0.025), rng.uniform(0.9, 1.03)
    dx, dy = (float(d) for d in rng.normal(0, 0.015, 2))  # Python floats keep the grids float32
    ca, sa = math.cos(ang), math.sin(ang)
    u = ((x - dx) * ca - (y - dy) * sa) / scale
    v = ((x - dx) * sa + (y - dy) * ca) / scale
    tex = np.clip(_smooth_noise(rng, ch, cw, 6) / 1.5, -1, 1)
    dens = _lateral(u, v, findings, rng, tex) if lateral else _frontal(u, v, findings, rng, view == "AP", tex)
    dens = dens + 0.3 * _devices(u, v, [f for f in findings if f.kind in DEVICES], lateral)
    exposure = rng.uniform(-0.04, 0.04) + 0.02 * _smooth_noise(rng, ch, cw, max(cw, ch) // 2)
    img = _c01(0.03 + dens * np.float32(rng.uniform(0.95, 1.1)) + exposure) ** np.float32(rng.uniform(0.85, 1.15))
    img = np.asarray(Image.fromarray(img.astype(np.float32)).resize((width, height), Image.BICUBIC))
    return _c01(img + rng.standard_normal(img.shape, dtype=np.float32) * np.float32(0.012))


def to_uint8(img: np.ndarray) -> np.ndarray:
    return np.round(img * 255).astype(np.uint8)


def to_uint16(img: np.ndarray, bits: int = 12) -> np.ndarray:
    return np.round(img * ((1 << bits) - 1)).astype(np.uint16)
