"""Output of ``megacxr eval retrieval`` beside its JSON, as ``eval text`` and ``eval align`` write theirs: a
markdown report (R@k, MRR and mean rank per direction with their 95% bootstrap intervals and the chance level;
per source; zero-shot AUROC per label) and a PNG (R@k per direction with interval error bars, chance dashed)."""

from __future__ import annotations

from pathlib import Path

from megacxr.eval.report import pyplot, save_figure

__all__ = ["retrieval_markdown", "write_retrieval_png"]

_DIRECTIONS = {"i2t": "image -> report", "t2i": "report -> image"}


def _ks(metrics: dict) -> list[int]:
    return list(metrics.get("ks") or [1, 5, 10])


def _value(row: dict, metric: str) -> str:
    v = row.get(metric)
    if v is None or v != v:
        return "-"
    ci = (row.get("ci") or {}).get(metric)
    return f"{v:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def retrieval_markdown(metrics: dict) -> str:
    ks = _ks(metrics)
    out = [
        "# Image-report retrieval",
        "",
        f"Checkpoint `{metrics.get('checkpoint', '?')}`, split `{metrics.get('split', '?')}`: "
        f"{metrics.get('images', '?')} images, {metrics.get('reports', '?')} reports; ties "
        f"{metrics.get('ties', 'pessimistic')}. Values with their 95% bootstrap interval over the queries.",
        "",
        "| direction | queries | " + " | ".join(f"R@{k}" for k in ks) + " | MRR | mean rank | chance R@1 |",
        "|---|---:|" + "---:|" * (len(ks) + 3),
    ]
    for d, name in _DIRECTIONS.items():
        row = metrics.get(d)
        if not row:
            continue
        cells = [_value(row, f"R@{k}") for k in ks] + [_value(row, "MRR"), _value(row, "mean_rank")]
        chance = (row.get("chance") or {}).get(f"R@{ks[0]}")
        out.append(
            f"| {name} | {row['queries']} | " + " | ".join(cells) + f" | {'-' if chance is None else f'{chance:.3f}'} |"
        )
    per = metrics.get("per_source") or {}
    if per:
        out += ["", "## Per source (queries and candidates within each folder)", ""]
        out += ["| source | images | " + " | ".join(f"i2t R@{k}" for k in ks) + " |", "|---|---:|" + "---:|" * len(ks)]
        for name, m in per.items():
            out.append(f"| {name} | {m['images']} | " + " | ".join(_value(m["i2t"], f"R@{k}") for k in ks) + " |")
    zs = metrics.get("zero_shot") or {}
    if zs.get("auroc"):
        out += ["", "## Zero-shot label AUROC", "", "| label | AUROC |", "|---|---:|"]
        for label, value in zs["auroc"].items():
            out.append(f"| {label} | {'-' if value is None else f'{value:.3f}'} |")
        macro = zs.get("macro_auroc")
        out.append(f"| macro | {'-' if macro is None else f'{macro:.3f}'} |")
    return "\n".join(out) + "\n"


def write_retrieval_png(metrics: dict, path: str | Path) -> Path | None:
    """R@k bars per direction with 95% interval error bars and the chance level dashed; None without matplotlib."""
    plt = pyplot()
    if plt is None:
        return None
    ks = _ks(metrics)
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(_DIRECTIONS)
    for j, (d, name) in enumerate(_DIRECTIONS.items()):
        row = metrics.get(d) or {}
        values = [row.get(f"R@{k}") or 0.0 for k in ks]
        spans = [(row.get("ci") or {}).get(f"R@{k}") or [v, v] for k, v in zip(ks, values, strict=True)]
        err = [[v - lo for v, (lo, _) in zip(values, spans, strict=True)]]
        err.append([hi - v for v, (_, hi) in zip(values, spans, strict=True)])
        xs = [i + j * width for i in range(len(ks))]
        ax.bar(xs, values, width, yerr=err, capsize=3, label=name)
        for x, k in zip(xs, ks, strict=True):
            chance = (row.get("chance") or {}).get(f"R@{k}")
            if chance is not None:
                ax.hlines(chance, x - width / 2, x + width / 2, colors="black", linestyles="dashed")
    ax.set_xticks([i + width / 2 for i in range(len(ks))], [f"R@{k}" for k in ks])
    ax.set_ylim(0, 1.05)
    ax.set_title("retrieval, 95% bootstrap intervals (dashed: chance)")
    ax.legend(fontsize=8)
    return save_figure(plt, fig, path)
