"""Synthetic Open-I (Indiana University chest X-ray collection) in both of its published layouts.

XML (the NLM release): ``ecgen-radiology/<uid>.xml`` (eCitation / MedlineCitation / Article / Abstract /
AbstractText Label=COMPARISON|INDICATION|FINDINGS|IMPRESSION, ``<MeSH><major>..</major><minor>..</minor></MeSH>``,
one ``<parentImage id="CXR<uid>_1_IM-NNNN-CCCC">`` per image) with the images in ``NLMCXR_png/<id>.png``.
CSV (the Kaggle repackaging): ``indiana_reports.csv`` (uid, MeSH, Problems, image, indication, comparison,
findings, impression) and ``indiana_projections.csv`` (uid, filename, projection) with the images in
``images/images_normalized/<uid>_IM-NNNN-CCCC.dcm.png``. Both describe the same studies.

Quirks: ``XXXX`` is the de-identification token, and the de-identifier also ate ordinary words ("Normal chest
x-XXXX", "no XXXX of pleural effusion"); some reports have an empty FINDINGS; uids have gaps; the XML has no
view (the projections table has it); every report is its own patient.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from megacxr.synth import Context, save_image, write_csv
from megacxr.synth.content import DEVICES, compose, fill, sample_cohort
from megacxr.synth.draw import draw, to_uint8

XML_DIR, PNG_DIR, CSV_IMAGES = "ecgen-radiology", "NLMCXR_png", "images/images_normalized"
REPORTS_CSV, PROJECTIONS_CSV = "indiana_reports.csv", "indiana_projections.csv"
_CAPTIONS = (
    "Xray Chest PA and Lateral",
    "Chest, 2 views, frontal and lateral",
    "PA and lateral views of the chest XXXX, XXXX at XXXX hours",
)
_DEVICE_MESH = {
    "et_tube": "Tube, Inserted",
    "central_line": "Catheters, Indwelling",
    "pacemaker": "Pacemaker, Artificial",
    "ng_tube": "Tube, Inserted",
}
_SEV = {"mild": "small", "moderate": "moderate", "severe": "large"}


def mesh_terms(study) -> tuple[list[str], list[str]]:
    """(major, minor) MeSH-style terms of a study: heading/qualifier/qualifier..."""
    if study.normal:
        return ["normal"], []
    major, minor = [], []
    for f in study.findings:
        if f.kind in DEVICES:
            minor.append(_DEVICE_MESH[f.kind])
            continue
        zone = {"upper": "upper lobe", "middle": "middle lobe", "lower": "lower lobe"}.get(f.zone or "", "")
        term = {
            "cardiomegaly": f"Cardiomegaly/{f.severity}",
            "effusion": f"Pleural Effusion/{f.side}/{_SEV[f.severity]}",
            "pneumothorax": f"Pneumothorax/{f.side}/{_SEV[f.severity]}",
            "consolidation": f"Consolidation/lung/{zone}/{f.side}",
            "pneumonia": f"Pneumonia/{zone}/{f.side}",
            "atelectasis": f"Pulmonary Atelectasis/base/{f.side}",
            "nodule": f"{'Mass' if (f.value or 0) >= 30 else 'Nodule'}/lung/{zone}/{f.side}",
            "edema": f"Pulmonary Edema/{f.severity}",
            "fracture": f"Fractures, Bone/ribs/{f.side}",
        }[f.kind]
        (major if f.certainty == "present" else minor).append(term)
    if not major:  # every Open-I report has at least one major term
        major.append(minor.pop(0))
    return major, minor


def _overredact(text: str, rng) -> str:
    """The Open-I de-identifier also replaced innocent words with XXXX."""
    text = re.sub(r"\bx-ray\b", "x-XXXX", text)
    if rng.random() < 0.3:
        text = text.replace("no pleural effusions", "no XXXX of a pleural effusion")
    if rng.random() < 0.2:
        text = text.replace("osseous structures", "XXXX structures")
    return text


def report(study, views, rng) -> dict[str, str]:
    rep = compose(study, views, rng)
    xxxx = lambda kind: "XXXX"  # noqa: E731
    findings = " ".join(s.text for s in rep.findings)
    impression = " ".join(s.text for s in rep.impression)
    if study.normal and rng.random() < 0.4:
        impression = str(
            rng.choice(["Normal chest x-ray.", "No active disease.", "No acute cardiopulmonary abnormality."])
        )
    comparison = (
        rep.comparison
        if rng.random() < 0.7
        else str(rng.choice(["XXXX", "Chest x-ray XXXX", "PA and lateral chest XXXX"]))
    )
    out = {
        "indication": fill(rep.indication.replace("History: ", ""), xxxx),
        "comparison": fill(comparison, xxxx),
        "findings": "" if rng.random() < 0.12 else fill(findings, xxxx),
        "impression": fill(impression, xxxx),
    }
    return {k: _overredact(v, rng) for k, v in out.items()}


def _xml(
    uid: int, sec: dict[str, str], major: list[str], minor: list[str], images: list[str], caption: str, date: str
) -> str:
    def text(label: str) -> str:
        body = sec[label.lower()]
        return (
            f'<AbstractText Label="{label}">{escape(body)}</AbstractText>'
            if body
            else f'<AbstractText Label="{label}"/>'
        )

    year, month, day = date.split("-")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<eCitation>",
        '   <meta type="rr"/>',
        f'   <uId id="CXR{uid}"/>',
        f'   <pmcId id="{uid}"/>',
        "   <docSource>CXR</docSource>",
        f'   <IUXRId id="{uid}"/>',
        "   <licenseType>open-access</licenseType>",
        "   <licenseURL>http://creativecommons.org/licenses/by-nc-nd/4.0/</licenseURL>",
        "   <ccLicense>byncnd</ccLicense>",
        "   <articleURL/>",
        f"   <articleDate>{date}</articleDate>",
        "   <articleType>XR</articleType>",
        "   <publisher>Indiana University</publisher>",
        "   <title>Indiana University Chest X-ray Collection</title>",
        "   <note>The data are drawn from multiple hospital systems.</note>",
        "   <specialty>pulmonary diseases</specialty>",
        "   <subset>CXR</subset>",
        '   <MedlineCitation Owner="Indiana University" Status="supplied by publisher">',
        '      <Article PubModel="Electronic">',
        "         <Journal>",
        "            <JournalIssue>",
        "               <PubDate>",
        f"                  <Year>{year}</Year>",
        f"                  <Month>{month}</Month>",
        f"                  <Day>{day}</Day>",
        "               </PubDate>",
        "            </JournalIssue>",
        "         </Journal>",
        "         <ArticleTitle>Indiana University Chest X-ray Collection</ArticleTitle>",
        "         <Abstract>",
    ]
    lines += ["            " + text(label) for label in ("COMPARISON", "INDICATION", "FINDINGS", "IMPRESSION")]
    lines += [
        "         </Abstract>",
        "         <Affiliation>Indiana University</Affiliation>",
        "      </Article>",
        "   </MedlineCitation>",
        "   <MeSH>",
    ]
    lines += [f"      <major>{escape(t)}</major>" for t in major] + [f"      <minor>{escape(t)}</minor>" for t in minor]
    lines.append("   </MeSH>")
    for k, image_id in enumerate(images, 1):
        lines += [
            f"   <parentImage id={quoteattr(image_id)}>",
            f"      <figureId>F{k}</figureId>",
            f"      <caption>{escape(caption)}</caption>",
            '      <panel type="single">',
            f"         <url>/hadoop/storage/radiology/extract/{image_id}.jpg</url>",
            "         <imgModality>7</imgModality>",
            "      </panel>",
            "   </parentImage>",
        ]
    lines.append("</eCitation>")
    return "\n".join(lines) + "\n"


def write(ctx: Context) -> dict:
    rng = ctx.rng(0)
    cohort = sample_cohort(rng, ctx.studies, max_per_patient=1)
    uids = np.cumsum(rng.choice([1, 1, 1, 2], len(cohort)))
    view_sets = [("PA", "LATERAL")] * 17 + [("PA",), ("PA",), ("PA", "PA", "LATERAL")]
    plans, image_no = [], 1
    for i in range(len(cohort)):
        views = view_sets[int(rng.integers(len(view_sets)))]
        codes = {"PA": iter(("1001", "3001", "2001")), "LATERAL": iter(("4001", "2001", "3001"))}
        # One IM series per study; the codes tell frontal from lateral in the real data only loosely.
        names = [f"{uids[i]}_IM-{image_no:04d}-{next(codes[v])}" for v in views]
        plans.append((views, names, rng.random() < 0.3))
        image_no += 1 + int(rng.integers(0, 2))
    (ctx.out / XML_DIR).mkdir(parents=True, exist_ok=True)
    (ctx.out / CSV_IMAGES).mkdir(parents=True, exist_ok=True)

    def one(i: int):
        st, (views, names, repeat) = cohort[i], plans[i]
        r = ctx.rng(1, i)
        sec = report(st, list(views), r)
        major, minor = mesh_terms(st)
        caption = str(r.choice(_CAPTIONS))
        # The NLM file names come as CXR<uid>_IM-... and, for some reports, CXR<uid>_<uid>_IM-...
        ids = [f"CXR{uids[i]}_{n}" if repeat else f"CXR{n}" for n in names]
        date = f"2013-08-{int(r.integers(1, 29)):02d}"
        (ctx.out / XML_DIR / f"{uids[i]}.xml").write_text(_xml(int(uids[i]), sec, major, minor, ids, caption, date))
        projections = []
        for view, name, image_id in zip(views, names, ids, strict=False):
            w, h = ctx.dims(r)
            pixels = to_uint8(draw(st.findings, view, r, w, h))
            data = save_image(ctx.out / PNG_DIR / f"{image_id}.png", pixels, "PNG")
            (ctx.out / CSV_IMAGES / f"{name}.dcm.png").write_bytes(data)
            projections.append([int(uids[i]), f"{name}.dcm.png", "Lateral" if view == "LATERAL" else "Frontal"])
        heads = list(dict.fromkeys(t.split("/")[0] for t in major + minor))
        row = [
            int(uids[i]),
            ";".join(major + minor),
            ";".join(heads),
            caption,
            sec["indication"],
            sec["comparison"],
            sec["findings"],
            sec["impression"],
        ]
        return row, projections

    results = list(ctx.map(one, range(len(cohort))))
    write_csv(
        ctx.out / REPORTS_CSV,
        ["uid", "MeSH", "Problems", "image", "indication", "comparison", "findings", "impression"],
        [r[0] for r in results],
    )
    write_csv(ctx.out / PROJECTIONS_CSV, ["uid", "filename", "projection"], [p for r in results for p in r[1]])
    return {
        "images": PNG_DIR,
        "reports": XML_DIR,
        "patients": len(cohort),
        "extra_variants": {"csv": {"images": CSV_IMAGES, "reports": REPORTS_CSV, "projections": PROJECTIONS_CSV}},
    }
