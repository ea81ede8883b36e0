"""Synthetic CheXpert Plus: ``df_chexpert_plus_240401.csv`` (one row per image) and
``{train,valid}/patientNNNNN/studyN/viewN_{frontal,lateral}.jpg`` under one root.

Quirks kept from the release: the full report text sits in ``report`` and again split over the ``section_*``
columns; text is often ALL CAPS; ``section_findings`` is frequently empty (the impression then lists
everything, numbered); narrative, summary and sign-off carry realistic fake surrogate names and shifted dates
(they look like PHI but are not); demographics columns per row; ``ap_pa`` blank on lateral rows.
"""

from __future__ import annotations

import datetime as dt

from megacxr.synth import Context, save_image, split_patients, write_csv
from megacxr.synth.content import compose, fill, person, sample_cohort
from megacxr.synth.draw import draw, to_uint8

TABLE = "df_chexpert_plus_240401.csv"
SECTIONS = (
    "narrative",
    "clinical_history",
    "history",
    "comparison",
    "technique",
    "procedure_comments",
    "findings",
    "impression",
    "end_of_impression",
    "summary",
    "accession_number",
)
HEADER = (
    [
        "path_to_image",
        "path_to_dcm",
        "frontal_lateral",
        "ap_pa",
        "deid_patient_id",
        "patient_report_date_order",
        "report",
    ]
    + [f"section_{s}" for s in SECTIONS]
    + ["age", "sex", "race", "ethnicity", "interpreter_needed", "insurance_type", "recent_bmi", "deceased", "split"]
)
_VIEW_SETS = ((("AP",), 0.5), (("PA", "LATERAL"), 0.3), (("AP", "LATERAL"), 0.1), (("PA",), 0.05), (("AP", "AP"), 0.05))
_RACE = ("White", "Asian", "Black or African American", "Other", "Native Hawaiian or Other Pacific Islander", "Unknown")
_SUMMARY = {
    True: ("1-NORMAL", "1-NORMAL STUDY"),
    False: (
        "2-ABNORMAL, NO ACTION NEEDED",
        "3-ABNORMAL, ROUTINE FOLLOW-UP",
        "4-POSSIBLE SIGNIFICANT FINDINGS, MAY NEED ACTION",
    ),
}


def _stamp(d: dt.date, rng) -> str:
    return (
        f"{d.month}/{d.day}/{d.year} {int(rng.integers(1, 13))}:{int(rng.integers(0, 60)):02d} "
        f"{rng.choice(['AM', 'PM'])}"
    )


def sections(study, views, date: dt.date, prior: dt.date | None, rng) -> dict[str, str]:
    """The section_* texts of one report (empty string where the report has no such section)."""
    rep = compose(study, list(views), rng)
    first, last = person(rng)

    def filler(kind: str) -> str:
        if kind == "AGE":
            return str(study.age)
        if kind == "DATE":
            d = prior or date
            return f"{d.month}/{d.day}/{d.year}"
        if kind == "TIME":
            return f"{int(rng.integers(1, 13))}:{int(rng.integers(0, 60)):02d} {rng.choice(['AM', 'PM'])}"
        return f"{last.upper()}"

    portable = views[0] == "AP"
    sec = dict.fromkeys(SECTIONS, "")
    exam = "CHEST 1 VIEW PORTABLE" if portable else f"CHEST {len(views)} VIEW{'S' if len(views) > 1 else ''}"
    sec["narrative"] = f"{exam}: {_stamp(date, rng)}" if rng.random() < 0.8 else f"{exam}"
    history = fill(rep.indication.replace("History: ", ""), filler)
    sec["clinical_history" if rng.random() < 0.85 else "history"] = history
    sec["comparison"] = fill(rep.comparison, filler)
    sec["technique"] = rep.technique if rng.random() < 0.7 else ""
    if portable and rng.random() < 0.3:
        sec["procedure_comments"] = "Portable upright AP view obtained at bedside."
    have_findings = rng.random() < 0.45
    if have_findings:
        sec["findings"] = fill(" ".join(s.text for s in rep.findings), filler)
        items = [fill(s.text, filler) for s in rep.impression]
    else:
        items = [fill(s.text, filler) for s in rep.impression]
        items += [
            fill(s.text, filler)
            for s in rep.findings
            if s.text not in items and not any(v == 1.0 for v in s.labels.values())
        ][:2]
    if rep.communication:
        items.append(fill(rep.communication, filler))
    sec["impression"] = "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1)) if len(items) > 1 else items[0]
    sec["end_of_impression"] = (
        f"I have personally reviewed the images for this examination and agreed with the "
        f"report transcribed above. Signed by: {first} {last}, M.D. on "
        f"{_stamp(date, rng)}"
    )
    code = str(rng.choice(_SUMMARY[study.normal]))
    sec["summary"] = code if rng.random() < 0.7 else f"{code}\nReported and signed by: {first} {last}, M.D."
    sec["accession_number"] = str(int(rng.integers(10_000_000, 99_999_999)))
    if rng.random() < 0.6:
        sec = {k: v.upper() for k, v in sec.items()}
    labels = {
        "narrative": "NARRATIVE",
        "clinical_history": "CLINICAL HISTORY",
        "history": "HISTORY",
        "comparison": "COMPARISON",
        "technique": "TECHNIQUE",
        "procedure_comments": "PROCEDURE COMMENTS",
        "findings": "FINDINGS",
        "impression": "IMPRESSION",
        "end_of_impression": "END OF IMPRESSION",
        "summary": "SUMMARY",
        "accession_number": "ACCESSION NUMBER",
    }
    blocks = []
    for k in SECTIONS:
        if sec[k]:
            sep = "\n" if k in ("narrative", "impression", "summary", "accession_number") else " "
            blocks.append(f"{labels[k]}:{sep}{sec[k]}")
    sec["report"] = "\n\n".join(blocks) + "\n"
    return sec


def write(ctx: Context) -> dict:
    rng = ctx.rng(0)
    cohort = sample_cohort(rng, ctx.studies)
    n_pat = cohort[-1].patient + 1
    split = split_patients(rng, list(range(n_pat)), names=("train", "valid"), fractions=(0.9, 0.1))
    number, counters = {}, {"train": 1, "valid": 64541}  # the release numbers valid patients after train
    for p in range(n_pat):
        number[p] = counters[split[p]]
        counters[split[p]] += 1
    first_day = {
        p: dt.date(int(rng.integers(2002, 2018)), 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        for p in range(n_pat)
    }
    demo = {
        p: [
            str(rng.choice(_RACE, p=[0.5, 0.15, 0.06, 0.17, 0.02, 0.1])),
            str(rng.choice(["Non-Hispanic/Non-Latino", "Hispanic/Latino", "Unknown"], p=[0.75, 0.17, 0.08])),
            "Yes" if rng.random() < 0.08 else "No",
            str(rng.choice(["Medicare", "Private Insurance", "Medicaid", "Unknown"], p=[0.45, 0.35, 0.15, 0.05])),
            "" if rng.random() < 0.3 else f"{rng.normal(27, 5):.1f}",
            "Yes" if rng.random() < 0.15 else "No",
        ]
        for p in range(n_pat)
    }

    def one(i: int):
        st = cohort[i]
        r = ctx.rng(1, i)
        views = _VIEW_SETS[int(r.choice(len(_VIEW_SETS), p=[w for _, w in _VIEW_SETS]))][0]
        date = first_day[st.patient] + dt.timedelta(days=st.day)
        prior = first_day[st.patient] + dt.timedelta(days=cohort[i - 1].day) if st.order else None
        sec = sections(st, views, date, prior, r)
        folder = f"{split[st.patient]}/patient{number[st.patient]:05d}/study{st.order + 1}"
        rows = []
        for k, view in enumerate(views, 1):
            fl = "lateral" if view == "LATERAL" else "frontal"
            rel = f"{folder}/view{k}_{fl}.jpg"
            w, h = ctx.dims(r)
            save_image(ctx.out / rel, to_uint8(draw(st.findings, view, r, w, h)), "JPEG")
            rows.append(
                [
                    rel,
                    rel[:-4] + ".dcm",
                    fl.capitalize(),
                    "" if view == "LATERAL" else view,
                    f"patient{number[st.patient]:05d}",
                    st.order + 1,
                    sec["report"],
                ]
                + [sec[s] for s in SECTIONS]
                + [st.age + st.day // 365, {"M": "Male", "F": "Female"}[st.sex]]
                + demo[st.patient]
                + [split[st.patient]]
            )
        return rows

    rows = [row for rs in ctx.map(one, range(len(cohort))) for row in rs]
    write_csv(ctx.out / TABLE, HEADER, rows)
    return {"images": ".", "reports": TABLE, "patients": n_pat}
