"""Synthetic MIMIC-CXR-JPG with MIMIC-CXR free-text reports, in the PhysioNet layout.

``mimic-cxr-jpg/files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg`` plus the three gzipped tables (split, metadata,
CheXpert labels) in that root; reports in ``mimic-cxr-reports/files/pXX/pSUBJECT/sSTUDY.txt`` written like the
real files: every line starts with a space, a centred ``FINAL REPORT`` line, ``___`` where PHI was removed,
section headers as "newline, one space, UPPER CASE words, colon", lines under 80 characters, a line holding one
space between sections. The section mix follows the release: mostly findings + impression, some impression
only, some findings only, a few with neither (the last paragraph concludes), and a few addenda placed above a
line of underscores followed by the original report.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import numpy as np

from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.synth import Context, save_image, split_patients, write_csv
from megacxr.synth.content import clock, compose, fill, labels, sample_cohort
from megacxr.synth.draw import draw, to_uint8

PREFIX = "mimic-cxr-2.0.0"
IMAGES, REPORTS = "mimic-cxr-jpg", "mimic-cxr-reports"
META_HEADER = [
    "dicom_id",
    "subject_id",
    "study_id",
    "PerformedProcedureStepDescription",
    "ViewPosition",
    "Rows",
    "Columns",
    "StudyDate",
    "StudyTime",
    "ProcedureCodeSequence_CodeMeaning",
    "ViewCodeSequence_CodeMeaning",
    "PatientOrientationCodeSequence_CodeMeaning",
]
CHEXPERT_HEADER = ["subject_id", "study_id"] + sorted(k for k in CHEXPERT_LABELS)
# (views, probability); "" is a blank ViewPosition (drawn as a frontal view).
_VIEW_SETS = (
    (("PA", "LATERAL"), 0.45),
    (("AP",), 0.28),
    (("AP", "LATERAL"), 0.06),
    (("PA", "LL"), 0.04),
    (("PA",), 0.04),
    (("AP", "AP"), 0.04),
    (("",), 0.04),
    (("PA", "LATERAL", "LATERAL"), 0.03),
    (("", "LATERAL"), 0.02),
)
_VIEW_CODE = {"PA": "postero-anterior", "AP": "antero-posterior", "LATERAL": "lateral", "LL": "left lateral", "": ""}
WIDTH = 78  # text columns after the leading space: lines stay under 80 characters


def _views(rng, study) -> tuple[str, ...]:
    if study.has("et_tube") and rng.random() < 0.8:
        return ("AP",)
    p = np.array([w for _, w in _VIEW_SETS])
    return _VIEW_SETS[int(rng.choice(len(_VIEW_SETS), p=p / p.sum()))][0]


def _procedure(views: tuple[str, ...], rng) -> str:
    if rng.random() < 0.03:
        return ""
    if views[0] == "AP":
        return "CHEST (PORTABLE AP)"
    if len(views) > 1:
        return str(rng.choice(["CHEST (PA AND LAT)", "CHEST (PA AND LAT)", "CHEST (PRE-OP PA AND LAT)"]))
    return "CHEST (SINGLE VIEW)" if views[0] == "" else "CHEST (PA)"


def _block(header: str | None, text: str, inline: bool) -> list[str]:
    """Lines of one section: ' HEADER:  text' wrapped, or ' HEADER: ' / ' ' / wrapped text."""
    if header is None:
        return [" " + line for line in textwrap.wrap(text, WIDTH)]
    if inline:
        return [" " + line for line in textwrap.wrap(text, WIDTH, initial_indent=f"{header}:  ")]
    return [f" {header}: ", " "] + [" " + line for line in textwrap.wrap(text, WIDTH)]


def _numbered(sentences: list[str]) -> list[str]:
    lines = []
    for i, s in enumerate(sentences, 1):
        lines += [" " + line for line in textwrap.wrap(s, WIDTH, initial_indent=f"{i}.  ", subsequent_indent="    ")]
    return lines


def render_report(study, views, rng) -> tuple[str, dict, str]:
    """(report text, CheXpert labels of the sections present, section mix name)."""
    rep = compose(study, [v or "AP" for v in views], rng)
    blank = lambda kind: clock(rng) if kind == "TIME" else "___"  # noqa: E731 - PHI removed, times kept
    sep = "  " if rng.random() < 0.5 else " "
    findings = fill(sep.join(s.text for s in rep.findings), blank)
    impression = [fill(s.text, blank) for s in rep.impression]
    if rep.communication:
        impression.append(fill(rep.communication, blank))
    mix = str(rng.choice(["both", "impression", "findings", "neither"], p=[0.71, 0.12, 0.12, 0.05]))
    inline = rng.random() < 0.35
    sections: list[list[str]] = []
    if mix != "neither" and rng.random() < 0.85:
        sections.append(_block("EXAMINATION", rep.examination, True))
    sections.append(_block(str(rng.choice(["INDICATION", "INDICATION", "HISTORY"])), fill(rep.indication, blank), True))
    if rng.random() < 0.8:
        sections.append(_block("TECHNIQUE", rep.technique, True))
    sections.append(_block("COMPARISON", fill(rep.comparison, blank), True))
    if mix in ("both", "findings"):
        sections.append(_block("FINDINGS", findings, inline))
    if mix in ("both", "impression"):
        if len(impression) > 1 and rng.random() < 0.4:
            sections.append([" IMPRESSION: ", " "] + _numbered(impression))
        else:
            sections.append(_block("IMPRESSION", sep.join(impression), inline))
    if mix == "neither":
        sections.insert(
            0,
            [
                " "
                + str(
                    rng.choice(
                        [
                            "PORTABLE CHEST OF ___",
                            "CHEST RADIOGRAPH PERFORMED ON ___",
                            "PA AND LATERAL CHEST RADIOGRAPHS",
                        ]
                    )
                )
            ],
        )
        sections.append(_block(None, findings, False))
        sections.append(_block(None, sep.join(impression), False))
    used = {
        "both": rep.findings + rep.impression,
        "impression": rep.impression,
        "findings": rep.findings,
        "neither": rep.findings + rep.impression,
    }[mix]
    lines = [" " * 33 + "FINAL REPORT"]
    for i, sec in enumerate(sections):
        lines += ([" "] if i else []) + sec
    if rng.random() < 0.05:
        note = rep.communication or str(
            rng.choice(
                [
                    "The findings were discussed with Dr. <NAME> by telephone at <TIME> on <DATE>.",
                    "Upon further review, the findings and impression are unchanged.",
                    "Correction: the comparison study is from <DATE>, not as stated below.",
                ]
            )
        )
        top = [" " * 32 + "FINAL ADDENDUM"] + _block("ADDENDUM", fill(note, blank), True) + [" ", " " + "_" * WIDTH]
        lines = top + lines
        mix += "+addendum"
    return "\n".join(lines) + "\n", labels(used), mix


def _study_time(rng) -> str:
    """StudyTime as the metadata table prints it: HHMMSS.fff read as a float (leading zeros lost)."""
    t = int(rng.integers(0, 24)) * 10000 + int(rng.integers(0, 60)) * 100 + int(rng.integers(0, 60))
    frac = f"{int(rng.integers(0, 1000)):03d}".rstrip("0") if rng.random() < 0.9 else ""
    return f"{t}.{frac or '0'}"


def write(ctx: Context) -> dict:
    rng = ctx.rng(0)
    cohort = sample_cohort(rng, ctx.studies)
    n_pat = cohort[-1].patient + 1
    subjects = np.sort(rng.choice(9_000_000, n_pat, replace=False) + 10_000_000)
    study_ids = rng.choice(10_000_000, len(cohort), replace=False) + 50_000_000
    split = split_patients(rng, list(range(n_pat)))
    first_day = {
        p: dt.date(int(rng.integers(2110, 2205)), 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        for p in range(n_pat)
    }
    images_root, reports_root = ctx.out / IMAGES, ctx.out / REPORTS

    def one(i: int):
        st = cohort[i]
        r = ctx.rng(1, i)
        subject, sid = str(subjects[st.patient]), str(study_ids[i])
        folder = f"files/p{subject[:2]}/p{subject}/s{sid}"
        views = _views(r, st)
        text, labs, mix = render_report(st, views, r)
        (reports_root / folder).parent.mkdir(parents=True, exist_ok=True)
        (reports_root / f"{folder}.txt").write_text(text)
        date = (first_day[st.patient] + dt.timedelta(days=st.day)).strftime("%Y%m%d")
        time, procedure = _study_time(r), _procedure(views, r)
        meta = []
        for view in views:
            dicom = "-".join(f"{int(x):08x}" for x in r.integers(0, 2**32, 5, dtype=np.uint64))
            w, h = ctx.dims(r)
            save_image(
                images_root / folder / f"{dicom}.jpg",
                to_uint8(draw(st.findings, view or "AP", r, w, h)),
                "JPEG",
                quality=95,
            )
            orient = "" if r.random() < 0.05 else ("Recumbent" if view == "AP" and r.random() < 0.4 else "Erect")
            meta.append([dicom, subject, sid, procedure, view, h, w, date, time, procedure, _VIEW_CODE[view], orient])
        chex = [subject, sid] + [("" if labs[k] is None else f"{labs[k]:.1f}") for k in CHEXPERT_HEADER[2:]]
        return meta, chex, split[st.patient]

    results = list(ctx.map(one, range(len(cohort))))
    meta_rows = [m for res in results for m in res[0]]
    write_csv(images_root / f"{PREFIX}-metadata.csv.gz", META_HEADER, meta_rows, gz=True)
    write_csv(
        images_root / f"{PREFIX}-split.csv.gz",
        ["dicom_id", "study_id", "subject_id", "split"],
        [[m[0], m[2], m[1], res[2]] for res in results for m in res[0]],
        gz=True,
    )
    write_csv(
        images_root / f"{PREFIX}-chexpert.csv.gz",
        CHEXPERT_HEADER,
        sorted((res[1] for res in results), key=lambda row: (row[0], row[1])),
        gz=True,
    )
    return {"images": IMAGES, "reports": REPORTS, "patients": n_pat}
