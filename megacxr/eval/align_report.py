"""Output of ``megacxr eval align``: the console table, a markdown report and a PNG of accuracy per finding.

Rows: ``overall``, then every ``chosen`` finding and every ``location``; columns: the three comparisons of
``megacxr.eval.align`` as tie-aware accuracy (strict beside it on the console), with the number of items; the
markdown and the PNG show each value's 95% bootstrap interval.
"""

from __future__ import annotations

import logging
from pathlib import Path

from megacxr.eval.align import COMPARISONS
from megacxr.eval.report import pyplot, save_figure

log = logging.getLogger("megacxr.eval")

__all__ = ["align_markdown", "format_align_table", "write_align_png"]

SHORT = {"report_over_negation": "report>negation", "omitted_over_negation": "omitted>negation"}
SHORT["report_best_of_three"] = "report best of 3"


def _rows(result: dict) -> list[tuple[str, dict]]:
    rows = [("overall", result["overall"])] if result.get("overall") else []
    rows += [(f"chosen: {k}", v) for k, v in result["by_chosen"].items()]
    rows += [(f"location: {k}", v) for k, v in result["by_location"].items()]
    return rows


def _cell(acc: dict) -> str:
    return f"{acc['tie_aware']:.3f} / {acc['strict']:.3f}"


def format_align_table(result: dict) -> str:
    head = f"CXR-Align comparisons: {result['scored']} of {result['items']} items scored (tie-aware / strict)"
    lines = [head, f"{'':<32}{'items':>6}" + "".join(f"{SHORT[c]:>20}" for c in COMPARISONS)]
    for name, comps in _rows(result):
        items = comps[COMPARISONS[0]]["items"]
        lines.append(f"{name[:31]:<32}{items:>6}" + "".join(f"{_cell(comps[c]):>20}" for c in COMPARISONS))
    if result.get("overall"):
        chance = "".join(f"{result['overall'][c]['chance']:>20.3f}" for c in COMPARISONS)
        lines.append(f"{'chance':<32}{'':>6}" + chance)
    problems = {k: len(v) for k, v in result["problems"].items() if v}
    if problems:
        lines.append("not scored: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in problems.items()))
    return "\n".join(lines)


def _with_ci(acc: dict) -> str:
    ci = (acc.get("ci") or {}).get("tie_aware")
    return f"{acc['tie_aware']:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def align_markdown(result: dict) -> str:
    out = [
        "# CXR-Align comparisons",
        "",
        f"Checkpoint `{result['checkpoint']}`, items `{result['items_file']}`: {result['scored']} of "
        f"{result['items']} items scored. Tie-aware accuracy (a tie counts half), 95% bootstrap interval.",
        "",
        "| group | items | " + " | ".join(SHORT[c] for c in COMPARISONS) + " |",
        "|---|---:|" + "---:|" * len(COMPARISONS),
    ]
    for name, comps in _rows(result):
        cells = [_with_ci(comps[c]) for c in COMPARISONS]
        out.append(f"| {name} | {comps[COMPARISONS[0]]['items']} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def write_align_png(result: dict, path: str | Path) -> Path | None:
    """Bars of the three comparisons per chosen finding (overall first); None without matplotlib or items."""
    if not result.get("overall"):
        return None
    plt = pyplot()
    if plt is None:
        return None
    groups = [("overall", result["overall"])] + list(result["by_chosen"].items())
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(groups) + 2), 4.2))
    width = 0.8 / len(COMPARISONS)
    for j, comp in enumerate(COMPARISONS):
        values = [g[comp]["tie_aware"] for _, g in groups]
        spans = [(g[comp].get("ci") or {}).get("tie_aware") or [v, v] for (_, g), v in zip(groups, values, strict=True)]
        err = [[v - lo for v, (lo, _) in zip(values, spans, strict=True)]]
        err.append([hi - v for v, (_, hi) in zip(values, spans, strict=True)])
        ax.bar([i + j * width for i in range(len(groups))], values, width, yerr=err, capsize=2, label=SHORT[comp])
    ax.axhline(0.5, color="black", linestyle="dashed", linewidth=1)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(groups))], [n for n, _ in groups], rotation=30, ha="right")
    ax.set_ylim(0, 1)
    ax.set_title("CXR-Align: tie-aware accuracy per chosen finding, 95% intervals (dashed: chance of the pairs)")
    ax.legend(fontsize=8)
    return save_figure(plt, fig, path)
