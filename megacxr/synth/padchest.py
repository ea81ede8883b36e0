"""Synthetic PadChest: ``PADCHEST_chest_x_ray_images_labels_160K_01.02.19.csv.gz`` (one row per image, 35
columns, gzipped as BIMCV distributes it) and 16-bit PNGs (values in a 12-bit range) at
``<ImageDir>/<ImageID>`` with integer ImageDir folders.

Quirks kept: reports are lower-case stemmed Spanish, sentences separated by " . " ("cardiomegali . derram
pleural izquierd ."); ``Labels`` / ``Localizations`` / ``LabelsLocalizationsBySentence`` / CUI columns are
Python-style list strings ("['normal']" for normals); ``PatientBirth`` is a float year; many DICOM columns
hold the string "None"; ``Projection`` is PA / L / AP / AP_horizontal. The table sits in the images root.
"""

from __future__ import annotations

import datetime as dt

from megacxr.synth import Context, save_image, write_csv
from megacxr.synth.content import DEVICES, URGENCY, sample_cohort
from megacxr.synth.draw import draw, to_uint16

ROOT = "BIMCV-PadChest-FULL"
TABLE = "PADCHEST_chest_x_ray_images_labels_160K_01.02.19.csv.gz"
HEADER = [
    "ImageID",
    "ImageDir",
    "StudyDate_DICOM",
    "StudyID",
    "PatientID",
    "PatientBirth",
    "PatientSex_DICOM",
    "ViewPosition_DICOM",
    "Projection",
    "MethodProjection",
    "Pediatric",
    "Modality_DICOM",
    "Manufacturer_DICOM",
    "PhotometricInterpretation_DICOM",
    "PixelRepresentation_DICOM",
    "PixelAspectRatio_DICOM",
    "SpatialResolution_DICOM",
    "BitsStored_DICOM",
    "WindowCenter_DICOM",
    "WindowWidth_DICOM",
    "Rows_DICOM",
    "Columns_DICOM",
    "XRayTubeCurrent_DICOM",
    "Exposure_DICOM",
    "ExposureInuAs_DICOM",
    "ExposureTime",
    "RelativeXRayExposure_DICOM",
    "ReportID",
    "Report",
    "MethodLabel",
    "Labels",
    "Localizations",
    "LabelsLocalizationsBySentence",
    "labelCUIS",
    "LocalizationsCUIS",
]
_SIDE = {
    "left": ("izquierd", "loc left"),
    "right": ("derech", "loc right"),
    "bilateral": ("bilateral", "loc bilateral"),
}
_ZONE = {
    "upper": ("lobul superior", "loc upper lobe"),
    "middle": ("lobul medi", "loc middle lobe"),
    "lower": ("lobul inferior", "loc lower lobe"),
}
_CUI = {
    "normal": "C1550457",
    "cardiomegaly": "C0018800",
    "pleural effusion": "C2073625",
    "costophrenic angle blunting": "C0238747",
    "pneumothorax": "C1963215",
    "consolidation": "C0521530",
    "pneumonia": "C0032285",
    "atelectasis": "C0004144",
    "laminar atelectasis": "C0264496",
    "nodule": "C0034079",
    "mass": "C0149726",
    "pulmonary edema": "C0034063",
    "rib fracture": "C0035522",
    "endotracheal tube": "C0336630",
    "central venous catheter via jugular vein": "C1145640",
    "central venous catheter via subclavian vein": "C1145641",
    "pacemaker": "C0030163",
    "dual chamber device": "C1720767",
    "NSG tube": "C0085678",
    "loc left": "C0443246",
    "loc right": "C0444532",
    "loc bilateral": "C0238767",
    "loc upper lobe": "C0225756",
    "loc middle lobe": "C0225757",
    "loc lower lobe": "C0225758",
    "loc basal": "C1282910",
    "loc apical": "C0225695",
    "loc costophrenic angle": "C0230151",
}
_NEGATIONS = (
    ("no se observ neumotorax", "pneumothorax"),
    ("sin derram pleural", "effusion"),
    ("no se observ condensacion", "consolidation"),
    ("senos costofren libr", "effusion"),
)
_NORMAL = (
    "sin hallazg patolog relev",
    "no se observ alteracion significat",
    "torax sin alteracion",
    "indice cardiotoracic normal",
)


def _sentence(f, rng) -> tuple[str, list[str], list[str]]:
    """(stemmed Spanish sentence, PadChest labels, localizations) for one finding."""
    side, loc_side = _SIDE.get(f.side or "", ("", ""))
    zone, loc_zone = _ZONE.get(f.zone or "", ("", ""))
    k = f.kind
    if k == "cardiomegaly":
        grade = {"mild": "lev", "moderate": "moder", "severe": "sever"}[f.severity]
        text = str(rng.choice(["cardiomegali", f"cardiomegali {grade}", "aument de silueta cardiac"]))
        labs, locs = ["cardiomegaly"], []
    elif k == "effusion":
        if f.severity == "mild" and rng.random() < 0.5:
            text, labs = f"pinzamient de sen costofren {side}", ["costophrenic angle blunting"]
            locs = [loc_side, "loc costophrenic angle"]
        else:
            text, labs, locs = f"derram pleural {side}", ["pleural effusion"], [loc_side]
    elif k == "pneumothorax":
        text, labs, locs = (
            str(rng.choice([f"neumotorax {side}", f"neumotorax apical {side}"])),
            ["pneumothorax"],
            [loc_side, "loc apical"],
        )
    elif k == "consolidation":
        text, labs, locs = f"consolidacion {zone} {side}", ["consolidation"], [loc_zone, loc_side]
    elif k == "pneumonia":
        text = str(rng.choice([f"neumoni {zone} {side}", f"condensacion {zone} {side} compatibl con neumoni"]))
        labs, locs = (
            (["pneumonia"] if text.startswith("neumoni") else ["consolidation", "pneumonia"]),
            [loc_zone, loc_side],
        )
    elif k == "atelectasis":
        if f.severity == "mild":
            text, labs, locs = f"atelectasi laminar basal {side}", ["laminar atelectasis"], ["loc basal", loc_side]
        else:
            text, labs, locs = f"atelectasi {side} en base", ["atelectasis"], ["loc basal", loc_side]
    elif k == "nodule":
        mass = (f.value or 0) >= 30
        text = f"{'mas' if mass else 'nodul'} pulmonar {zone} {side}"
        labs, locs = ["mass" if mass else "nodule"], [loc_zone, loc_side]
    elif k == "edema":
        text, labs, locs = (
            str(rng.choice(["edem pulmonar", "edem intersticial", "signos de edem pulmonar"])),
            ["pulmonary edema"],
            [],
        )
    elif k == "fracture":
        text, labs, locs = (
            str(rng.choice([f"fractur costal {side}", f"fractur de arc costal {side} consolid"])),
            ["rib fracture"],
            [loc_side],
        )
    elif k == "et_tube":
        text, labs, locs = "tub endotraqueal", ["endotracheal tube"], []
    elif k == "central_line":
        if f.side == "right":
            text, labs = "cateter venos central via yugular derech", ["central venous catheter via jugular vein"]
        else:
            text, labs = "cateter venos central via subclavi izquierd", ["central venous catheter via subclavian vein"]
        locs = []
    elif k == "pacemaker":
        text, labs, locs = str(rng.choice(["marcapas", "marcapas bicameral"])), ["pacemaker"], []
        if text.endswith("bicameral"):
            labs = ["pacemaker", "dual chamber device"]
    else:
        text, labs, locs = "sond nasogastr", ["NSG tube"], []
    if f.certainty == "possible":
        text = f"posibl {text}" if rng.random() < 0.5 else f"{text} , no se descart"
    return " ".join(text.split()), labs, [x for x in locs if x]


def report(study, rng) -> dict:
    sentences, by_sentence = [], []
    for f in sorted(study.findings, key=lambda f: URGENCY.index(f.kind)):
        text, labs, locs = _sentence(f, rng)
        sentences.append(text)
        by_sentence.append(labs + locs)
    if study.normal:
        sentences += list(rng.choice(_NORMAL, size=int(rng.integers(1, 3)), replace=False))
        by_sentence += [["normal"]] * (len(sentences) - len(by_sentence))
    for text, kind in _NEGATIONS:
        if not study.has(kind) and rng.random() < 0.3:
            sentences.append(text)
            by_sentence.append(["exclude"])
    labels = list(dict.fromkeys(x for s in by_sentence for x in s if not x.startswith("loc ") and x != "exclude"))
    locs = list(dict.fromkeys(x for s in by_sentence for x in s if x.startswith("loc ")))
    return {
        "Report": " . ".join(sentences) + " .",
        "Labels": str(labels or ["normal"]),
        "Localizations": str(locs),
        "LabelsLocalizationsBySentence": str(by_sentence),
        "labelCUIS": str([_CUI[x] for x in labels if x in _CUI]),
        "LocalizationsCUIS": str([_CUI[x] for x in locs if x in _CUI]),
    }


def _digits(rng, n: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, n))


def write(ctx: Context) -> dict:
    rng = ctx.rng(0)
    cohort = sample_cohort(rng, ctx.studies)
    n_pat = cohort[-1].patient + 1
    patient_ids = [
        f"{_digits(rng, 38)}_{''.join(rng.choice(list('abcdefghijklmnopqrstuvwxyz0123456789'), 6))}"
        for _ in range(n_pat)
    ]
    first_day = {
        p: dt.date(int(rng.integers(2009, 2017)), 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        for p in range(n_pat)
    }
    n_dirs = max(2, min(55, ctx.studies // 30 + 1))
    root = ctx.out / ROOT

    def one(i: int):
        st = cohort[i]
        r = ctx.rng(1, i)
        portable = st.has("et_tube") or (any(f.kind in DEVICES for f in st.findings) and r.random() < 0.5)
        projections = (
            [str(r.choice(["AP_horizontal", "AP"], p=[0.7, 0.3]))]
            if portable
            else list([["PA", "L"], ["PA", "L"], ["PA", "L"], ["PA"], ["AP"], ["L"]][int(r.integers(6))])
        )
        date = first_day[st.patient] + dt.timedelta(days=st.day)
        study_id = _digits(r, 45)
        rep = report(st, r)
        birth = f"{date.year - st.age}.0" if r.random() < 0.97 else ""
        rows = []
        for proj in projections:
            image_id = f"{_digits(r, 45)}_{_digits(r, 2)}-{_digits(r, 3)}-{_digits(r, 3)}.png"
            image_dir = int(r.integers(0, n_dirs))
            w, h = ctx.dims(r)
            view = {"PA": "PA", "L": "LATERAL", "AP": "AP", "AP_horizontal": "AP"}[proj]
            save_image(root / str(image_dir) / image_id, to_uint16(draw(st.findings, view, r, w, h), 12), "PNG")
            vp = {
                "PA": ["POSTEROANTERIOR", "PA"],
                "L": ["LATERAL", "LL"],
                "AP": ["ANTEROPOSTERIOR", "AP", "None"],
                "AP_horizontal": ["AP", "None", "ANTEROPOSTERIOR"],
            }[proj]
            rows.append(
                [
                    image_id,
                    image_dir,
                    date.strftime("%Y%m%d"),
                    study_id,
                    patient_ids[st.patient],
                    birth,
                    st.sex,
                    str(r.choice(vp)),
                    proj,
                    str(r.choice(["Manual review of DICOM fields", "recalculated from image"], p=[0.9, 0.1])),
                    "No",
                    str(r.choice(["CR", "DX"])),
                    str(r.choice(["PhilipsMedicalSystems", "ImagingDynamicsCompanyLtd", "GEHealthcare"])),
                    "MONOCHROME2",
                    0,
                    "None",
                    f"{r.choice([0.139, 0.143, 0.148])}",
                    12,
                    "2047.0" if r.random() < 0.6 else "None",
                    "4095.0" if r.random() < 0.6 else "None",
                    h,
                    w,
                    str(int(r.integers(100, 500))) if r.random() < 0.8 else "None",
                    str(int(r.integers(1, 20))),
                    f"{float(r.integers(1000, 20000)):.1f}",
                    str(int(r.integers(5, 40))),
                    "None" if r.random() < 0.5 else str(int(r.integers(500, 2500))),
                    None,
                    rep["Report"],
                    None,
                    rep["Labels"],
                    rep["Localizations"],
                    rep["LabelsLocalizationsBySentence"],
                    rep["labelCUIS"],
                    rep["LocalizationsCUIS"],
                ]
            )
        method = "Physician" if r.random() < 0.27 else "RNN_model"
        report_id = int(r.integers(1_000_000, 9_999_999))
        for row in rows:
            row[HEADER.index("ReportID")], row[HEADER.index("MethodLabel")] = report_id, method
        return rows

    rows = [row for rs in ctx.map(one, range(len(cohort))) for row in rs]
    write_csv(root / TABLE, HEADER, rows, gz=True)
    return {"images": ROOT, "reports": f"{ROOT}/{TABLE}", "patients": n_pat}
