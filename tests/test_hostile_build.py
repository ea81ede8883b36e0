"""The shard builder against hostile hospital exports: every class of issue 13, with real files.

Each test builds a small real export (``make_csv_dataset``: real CXR pixels, a CSV table), adds hostile rows
and files, runs the real builder, and checks the quarantine reason of every hostile study *and* that every good
study was written (nothing else lost). ``test_one_build_over_every_hostile_file_under_a_4g_address_space`` runs
the CLI under ``prlimit --as=4G`` over all of them at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import webdataset as wds
from helpers.cli import REPO, run_cli
from helpers.datasets import csv_config, cxr_variant, make_csv_dataset
from helpers.hostile import deflated_dicom, float_tiff_declaring, rle_dicom_declaring, sparse_file, symlink

from megacxr.cli import main
from megacxr.errors import InputError
from megacxr.shards.build import build_shards
from megacxr.shards.config import ImageConfig, ShardBuildConfig
from megacxr.shards.images import ImageError, process_image, process_image_bytes

GOOD_PATIENTS = 4  # make_csv_dataset: 2 studies each -> 8 good studies


def _cfg(table: Path, out: Path, **kw) -> ShardBuildConfig:
    return csv_config(table, out, **{"shard_samples": 4, "max_quarantine_share": 1.0, **kw})


def _row(i: int, path: str) -> dict:
    return {
        "patient_id": f"HX{i:03d}",
        "study_id": f"HOSTILE{i:03d}",
        "image_path": path,
        "report": f"IMPRESSION: Hostile case {i}, no acute cardiopulmonary process.",
        "study_date": "2023-02-01",
        "view": "PA",
    }


def _rows_by_ref(manifest: dict, table: Path) -> dict[int, str]:
    """quarantine reason per data row number of the table (the csv source's reference)."""
    out = {}
    for q in manifest["quarantine"]:
        name, _, row = q["ref"].partition(":row ")
        assert name == table.name, q
        out[int(row)] = q["reason"]
    return out


def _samples(out: Path) -> list[dict]:
    manifest = json.loads((out / "manifest.json").read_text())
    return [s for sh in manifest["shards"] for s in wds.WebDataset(str(out / sh["path"]), shardshuffle=False)]


def _hostile_export(tmp_path: Path, real_png, rows: list[tuple[str, str]]) -> tuple[Path, dict[int, str]]:
    """The good export plus one study per (image path, expected reason); returns the table and the expected
    reason per data row number."""
    extra = [_row(i, path) for i, (path, _) in enumerate(rows)]
    table = make_csv_dataset(tmp_path / "export", real_png, patients=GOOD_PATIENTS, extra_rows=extra)
    first = 2 * GOOD_PATIENTS + 1
    return table, {first + i: reason for i, (_, reason) in enumerate(rows)}


def _outside_files(tmp_path: Path, real_png) -> Path:
    """A folder beside the export holding a real radiograph (so any leak would decode fine)."""
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    cxr_variant(real_png, 500).save(outside / "secret.png")
    cxr_variant(real_png, 501).save(outside / "dir" / "secret2.png")
    return outside


def test_image_paths_outside_the_root_are_quarantined(tmp_path, real_png):
    outside = _outside_files(tmp_path, real_png)
    export = tmp_path / "export"
    symlink(export / "images" / "link.png", outside / "secret.png")  # a file link leaving the root
    symlink(export / "images" / "linkdir", outside / "dir")  # a folder link leaving the root
    (export / "images" / "inner").mkdir(parents=True)
    cxr_variant(real_png, 502).save(export / "images" / "inner" / "fine.png")
    symlink(export / "images" / "inside_link.png", export / "images" / "inner" / "fine.png")  # stays inside
    rows = [
        ("../outside/secret.png", "path_outside_root"),
        (str(outside / "secret.png"), "path_outside_root"),  # absolute
        ("..\\outside\\secret.png", "path_outside_root"),  # backslash form
        ("images\\..\\..\\outside\\dir\\secret2.png", "path_outside_root"),
        ("images/link.png", "path_outside_root"),
        ("images/linkdir/secret2.png", "path_outside_root"),
        ("/etc/hostname", "path_outside_root"),
        ("images/inner/../../../outside/secret.png", "path_outside_root"),
        ("images/inside_link.png", None),  # a link inside the root is fine
        ("images/" + "M" * 300 + "/x.png", "missing_image"),
    ]  # ENAMETOOLONG: no traceback
    table, expected = _hostile_export(tmp_path, real_png, rows)
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    got = _rows_by_ref(manifest, table)
    assert got == {row: reason for row, reason in expected.items() if reason}
    assert manifest["totals"]["samples"] == 2 * GOOD_PATIENTS + 1  # every good study written
    assert manifest["totals"]["studies_read"] == manifest["totals"]["samples"] + manifest["totals"]["quarantined"]
    said = json.dumps(manifest)
    assert str(outside) not in said and "secret" not in said and "M" * 50 not in said


def test_decode_budgets_quarantine_bombs_and_keep_the_rest(tmp_path, real_png):
    export = tmp_path / "export"
    (export / "bombs").mkdir(parents=True)
    pixels = (np.arange(64 * 64).reshape(64, 64) % 251).astype(np.uint8)
    rle_dicom_declaring(export / "bombs" / "rle.dcm", pixels, 30000, 30000)
    deflated_dicom(export / "bombs" / "deflated.dcm", 600 << 20)  # inflates to 600 MiB
    float_tiff_declaring(export / "bombs" / "float.tif", 12000, 12000)
    sparse_file(export / "bombs" / "huge.png", 10 << 30, b"\x89PNG\r\n\x1a\n")  # 10 GiB
    sparse_file(export / "bombs" / "junk.jpg", 3 << 30, b"\xff\xd8\xff\xe0")  # 3 GiB behind a JPEG magic
    rows = [
        ("bombs/rle.dcm", "oversized_image"),
        ("bombs/deflated.dcm", "oversized_image"),
        ("bombs/float.tif", "oversized_image"),
        ("bombs/huge.png", "oversized_image"),
        ("bombs/junk.jpg", "oversized_image"),
    ]
    table, expected = _hostile_export(tmp_path, real_png, rows)
    manifest = build_shards(_cfg(table, tmp_path / "out", workers=2, **{"image.max_bytes": 64 << 20}))
    assert _rows_by_ref(manifest, table) == expected
    assert manifest["totals"]["samples"] == 2 * GOOD_PATIENTS


def test_decode_budget_defaults_and_time_limit(tmp_path, real_png):
    big = tmp_path / "big.png"
    cxr_variant(real_png, 3, size=(2000, 2400)).save(big)
    assert process_image(big, ImageConfig()).width == 512  # the defaults let a radiograph in
    with pytest.raises(ImageError) as err:
        process_image(big, ImageConfig(decode_seconds=1e-4))
    assert err.value.reason == "decode_timeout"
    with pytest.raises(ImageError) as err:
        process_image(big, ImageConfig(max_pixels=2000 * 2400 - 1))
    assert err.value.reason == "oversized_image"
    assert process_image(big, ImageConfig(max_pixels=2000 * 2400)).height == 614


def _crash_on(name: str, how: str):
    """A stand-in decoder that dies (SIGKILL, as the kernel's OOM killer does) or raises MemoryError on one
    file and decodes every other file with the real one."""
    real = process_image_bytes

    def fake(data, file_name, cfg):
        if file_name == name:
            if how == "kill":
                os.kill(os.getpid(), 9)
            raise MemoryError()
        return real(data, file_name, cfg)

    return fake


@pytest.mark.parametrize("how,workers", [("kill", 2), ("kill", 1), ("memory", 2)])
def test_a_worker_killed_or_out_of_memory_loses_only_that_study(tmp_path, real_png, monkeypatch, how, workers):
    export = tmp_path / "export"
    (export / "x").mkdir(parents=True)
    cxr_variant(real_png, 77).save(export / "x" / "poison.png")
    table, expected = _hostile_export(tmp_path, real_png, [("x/poison.png", "decode_error")])
    monkeypatch.setattr("megacxr.shards.worker.process_image_bytes", _crash_on("poison.png", how))
    manifest = build_shards(_cfg(table, tmp_path / "out", workers=workers))
    assert _rows_by_ref(manifest, table) == expected
    assert manifest["totals"]["samples"] == 2 * GOOD_PATIENTS
    assert len(_samples(tmp_path / "out")) == 2 * GOOD_PATIENTS


# Reports of good studies carrying identifiers of the forms real exports hold (and terminal escapes); the
# second list is what must not reach a shard.
PLANTED_IN_REPORTS = [
    "Pt: Jane Roe.",
    "Reported by Dr. ___: Min Park.",
    "Lee, Anne reviewed.",
    "pt john smith identified.",
    "d/w dr kim.",
    "Discussed with Sarah Connor at 14:30.",
    "Home 45 Oak Ave, Springfield, IL 62704.",
    "주소: 서울특별시 강남구 테헤란로 123.",
    "A 94-year-old woman.",
    "Sent from 10.1.2.3.",
    "환자 김민수 확인.",
    "MRN 12345678, call (617) 555-0134.",
    "Seen 03/14/2023.",
    "Heart \x1b[2J\x1b]0;x\x07normal \u202eevil\u202c.",
    "Lungs\u200b are\ufeff clear.",  # zero-width space and a BOM inside text (issue 28)
]
PLANTED_IDENTIFIERS = [
    "Jane Roe",
    "Min Park",
    "Lee, Anne",
    "john smith",
    "dr kim",
    "Sarah Connor",
    "45 Oak Ave",
    "Springfield",
    "테헤란로 123",
    "94-year",
    "10.1.2.3",
    "김민수",
    "12345678",
    "555-0134",
    "03/14/2023",
]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs util-linux prlimit")
def test_one_build_over_every_hostile_file_under_a_4g_address_space(tmp_path, real_png):
    outside = _outside_files(tmp_path, real_png)
    export = tmp_path / "export"
    (export / "bombs").mkdir(parents=True)
    pixels = (np.arange(64 * 64).reshape(64, 64) % 251).astype(np.uint8)
    rle_dicom_declaring(export / "bombs" / "rle.dcm", pixels, 30000, 30000)
    deflated_dicom(export / "bombs" / "deflated.dcm", 6_500_000_000)  # 6.5 GB inflated
    float_tiff_declaring(export / "bombs" / "float.tif", 12000, 12000)
    sparse_file(export / "bombs" / "huge.png", 10 << 30, b"\x89PNG\r\n\x1a\n")
    sparse_file(export / "bombs" / "junk.jpg", 3 << 30, b"\xff\xd8\xff\xe0")
    symlink(export / "images" / "link.png", outside / "secret.png")
    rows = [
        ("bombs/rle.dcm", "oversized_image"),
        ("bombs/deflated.dcm", "oversized_image"),
        ("bombs/float.tif", "oversized_image"),
        ("bombs/huge.png", "oversized_image"),
        ("bombs/junk.jpg", "oversized_image"),
        ("../outside/secret.png", "path_outside_root"),
        ("images/link.png", "path_outside_root"),
        ("/etc/hostname", "path_outside_root"),
    ]
    table, expected = _hostile_export(tmp_path, real_png, rows)
    # the table's own hostiles: identifiers of every form in good studies' reports, terminal escapes, an
    # unclosed quote swallowing two rows, a cell over the cap, an ENAMETOOLONG path
    image = table.read_text().splitlines()[1].split(",")[2]
    n = 2 * GOOD_PATIENTS + len(rows)
    phi_rows = [
        f'HX3{i:02d},HOSTILE3{i:02d},{image},"IMPRESSION: Clear lungs. {text}",2023-01-01,PA\r\n'
        for i, text in enumerate(PLANTED_IN_REPORTS)
    ]
    _append_raw(
        table,
        "".join(phi_rows) + f'HX400,HOSTILE400,{image},"IMPRESSION: unclosed quote,2023-01-01,PA\r\n'
        f"HX401,HOSTILE401,{image},IMPRESSION: Zqxlost.,2023-01-01,PA\r\n"
        f"HX402,HOSTILE402,{image},IMPRESSION: Zqxlost too.,2023-01-01,PA\r\n"
        f'HX403,HOSTILE403,{image},"IMPRESSION: closes it.",2023-01-01,PA\r\n'
        + f'HX404,HOSTILE404,{image},"IMPRESSION: {"y" * (2 << 20)}",2023-01-01,PA\r\n'
        + f"HX405,HOSTILE405,images/{'N' * 300}.png,IMPRESSION: Normal.,2023-01-01,PA\r\n"
        # issue 28: a NUL in a path is a missing image, not the end of the build
        + "HX406,HOSTILE406,images/a\x00b.png,IMPRESSION: Normal.,2023-01-01,PA\r\n",
    )
    first = n + len(phi_rows) + 1
    expected.update(
        {
            first: "swallowed_rows",
            first + 1: "swallowed_row",
            first + 2: "swallowed_row",
            first + 3: "swallowed_row",
            first + 4: "oversized_cell",
            first + 5: "missing_image",
            first + 6: "missing_image",
        }
    )
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            "prlimit",
            f"--as={4 << 30}",
            sys.executable,
            "-m",
            "megacxr",
            "shards",
            "build",
            "--source",
            "csv",
            "--images",
            str(table.parent),
            "--reports",
            str(table),
            "--out",
            str(out),
            "--workers",
            "2",
            "--no-progress",
            "--max-quarantine-share",
            "1",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert _rows_by_ref(manifest, table) == expected
    assert manifest["totals"]["samples"] == 2 * GOOD_PATIENTS + len(phi_rows)
    totals = manifest["totals"]
    assert totals["studies_read"] == totals["samples"] + totals["quarantined"]  # nothing else lost
    # nothing of the outside files, the ids or the row content anywhere the builder writes or says
    said = proc.stdout + proc.stderr + (out / "manifest.json").read_text()
    for leak in (
        "HX0",
        "HX3",
        "HX4",
        "HOSTILE",
        "Hostile case",
        "Zqx",
        "yyyy",
        "NNNN",
        str(outside),
        "secret",
        "hostname",
    ):
        assert leak not in said, leak
    secret = (outside / "secret.png").read_bytes()
    shards = b"".join(sh.read_bytes() for sh in out.rglob("*.tar"))
    assert b"HOSTILE" not in shards and b"HX3" not in shards and secret[100:400] not in shards
    texts = "".join(s["txt"].decode() + s["json"].decode() for s in _samples(out))
    assert "\x1b" not in texts and "\u202e" not in texts and "\x07" not in texts and "Heart normal" in texts
    assert "\u200b" not in texts and "\ufeff" not in texts and "Lungs are clear." in texts
    for identifier in PLANTED_IDENTIFIERS:
        assert identifier.encode() not in shards, identifier
    assert sum("Clear lungs." in s["txt"].decode() for s in _samples(out)) == len(phi_rows)  # studies kept


# ------------------------------------------------------------------------------------------------- tables

SECRETS = ("Jane Roe", "MRN0099887", "1950-02-03", "ACC77", "IMPRESSION: Secret")


def _append_raw(table: Path, text: str) -> None:
    with open(table, "a", newline="") as fh:
        fh.write(text)


def _cli_build(table: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "megacxr",
            "shards",
            "build",
            "--source",
            "csv",
            "--images",
            str(table.parent),
            "--reports",
            str(table),
            "--out",
            str(out),
            "--workers",
            "1",
            "--no-progress",
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow  # CLI subprocesses
def test_duplicate_headers_and_headerless_tables_exit_2_without_echoing_cells(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "export", real_png, patients=2)
    lines = table.read_text().splitlines(keepends=True)
    dup = table.with_name("dup.csv")
    dup.write_text(
        lines[0].rstrip("\r\n")
        + ",patient_id\r\n"
        + "".join(row.rstrip("\r\n") + ",MRN0099887\r\n" for row in lines[1:])
    )
    proc = _cli_build(dup, tmp_path / "o1")
    assert proc.returncode == 2 and "duplicate column header" in proc.stderr and "'patient_id'" in proc.stderr
    assert "Traceback" not in proc.stderr and "MRN0099887" not in proc.stderr
    headerless = table.with_name("noheader.csv")
    headerless.write_text(
        'MRN0099887,ACC77,images/a.png,"IMPRESSION: Secret. Jane Roe, born 1950-02-03.",'
        "2023-01-01,PA\r\n" + "".join(lines[1:])
    )
    proc = _cli_build(headerless, tmp_path / "o2")
    assert proc.returncode == 2 and "does not look like a header row" in proc.stderr, proc.stderr
    for secret in SECRETS + ("images/a.png",):
        assert secret not in proc.stderr + proc.stdout, secret


def test_an_unclosed_quote_never_merges_rows_silently(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "export", real_png, patients=GOOD_PATIENTS)
    image = table.read_text().splitlines()[1].split(",")[2]
    # row 9 opens a quote it never closes: rows 10-12 land inside its report cell; row 13 closes the quote
    _append_raw(
        table,
        f'HX100,HOSTILE100,{image},"IMPRESSION: unclosed quote starts here,2023-01-01,PA\r\n'
        f"HX101,HOSTILE101,{image},IMPRESSION: swallowed one.,2023-01-01,PA\r\n"
        f"HX102,HOSTILE102,{image},IMPRESSION: swallowed two.,2023-01-01,PA\r\n"
        f"HX103,HOSTILE103,{image},IMPRESSION: swallowed three.,2023-01-01,PA\r\n"
        f'HX104,HOSTILE104,{image},"IMPRESSION: closes it.",2023-01-01,PA\r\n'
        # a real multi-line report with commas stays one good study
        f'HX105,HOSTILE105,{image},"IMPRESSION: Lines, clear.\nNo effusion, no edema, no '
        f'pneumothorax, normal heart, normal mediastinum, ok.",2023-01-01,PA\r\n',
    )
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    got = _rows_by_ref(manifest, table)
    first = 2 * GOOD_PATIENTS + 1
    assert got[first] == "swallowed_rows"
    assert [got[first + k] for k in (1, 2, 3, 4)] == ["swallowed_row"] * 4  # 104: cut at its quote
    assert manifest["totals"]["samples"] == 2 * GOOD_PATIENTS + 1  # the good ones and the multi-line one
    assert manifest["totals"]["studies_read"] == manifest["totals"]["samples"] + manifest["totals"]["quarantined"]
    texts = [s["txt"].decode() for s in _samples(tmp_path / "out")]
    assert not any("swallowed" in t or "HOSTILE" in t for t in texts)
    assert any("No effusion, no edema" in t for t in texts)


def test_an_oversized_cell_quarantines_its_row_only(tmp_path, real_png, monkeypatch):
    table = make_csv_dataset(tmp_path / "export", real_png, patients=GOOD_PATIENTS)
    image = table.read_text().splitlines()[1].split(",")[2]
    _append_raw(table, f'HX200,HOSTILE200,{image},"IMPRESSION: {"x" * (17 << 20)}",2023-01-01,PA\r\n')
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    assert _rows_by_ref(manifest, table) == {2 * GOOD_PATIENTS + 1: "oversized_cell"}
    assert manifest["totals"]["samples"] == 2 * GOOD_PATIENTS


@pytest.mark.slow  # CLI subprocesses
def test_systematic_problems_exit_2_and_dates_are_metadata(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "export", real_png, patients=6)
    text = table.read_text()
    # every date as MM/DD/YYYY: the studies are kept, the dates dropped and counted
    us = table.with_name("us_dates.csv")
    us.write_text(text.replace("2023-01-01", "01/13/2023").replace("2023-01-02", "01/14/2023"))
    proc = _cli_build(us, tmp_path / "o1")
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "o1" / "manifest.json").read_text())
    assert manifest["totals"]["samples"] == 12 and manifest["dropped_fields"] == {"study_date": 12}
    assert "--date-format" in proc.stderr
    proc = _cli_build(us, tmp_path / "o2", "--date-format", "%m/%d/%Y")
    assert proc.returncode == 0 and "--date-format" not in proc.stderr
    assert json.loads((tmp_path / "o2" / "manifest.json").read_text())["dropped_fields"] == {}
    # images under another root than --images: every study missing its image -> exit 2 naming reason and field
    moved = tmp_path / "moved"
    shutil.copytree(table.parent, moved)
    shutil.rmtree(moved / "images")
    proc = _cli_build(moved / table.name, tmp_path / "o3")
    assert proc.returncode == 2 and "'missing_image'" in proc.stderr and "field 'image'" in proc.stderr
    assert not (tmp_path / "o3" / "manifest.json").exists()
    proc = _cli_build(moved / table.name, tmp_path / "o3", "--max-quarantine-share", "1")
    assert proc.returncode != 2, proc.stderr


@pytest.mark.slow  # CLI subprocesses
def test_an_unexpected_error_is_one_line_and_debug_writes_a_private_traceback(tmp_path, real_png):
    table = make_csv_dataset(tmp_path / "export", real_png, patients=2)
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    args = [
        sys.executable,
        "-m",
        "megacxr",
        "shards",
        "build",
        "--source",
        "csv",
        "--images",
        str(table.parent),
        "--reports",
        str(table),
        "--out",
        str(blocker / "out"),
        "--no-progress",
    ]
    proc = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and str(blocker) not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "--debug" in proc.stderr, proc.stderr
    proc = subprocess.run(args + ["--debug"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    logs = list(tmp_path.glob("megacxr-debug-*.log"))
    assert proc.returncode == 1 and len(logs) == 1 and str(logs[0]) in proc.stderr
    assert "Traceback" in logs[0].read_text() and (logs[0].stat().st_mode & 0o777) == 0o600


@pytest.mark.slow  # synth + CLI subprocesses
@pytest.mark.parametrize("source", ["mimic-cxr", "padchest"])
def test_public_layouts_with_a_folder_linked_outside_the_root(tmp_path, source):
    """Not only the csv reader: a study folder of a public layout replaced by a symlink to a copy outside."""
    data = tmp_path / "data"
    run_cli("synth", "--source", source, "--out", str(data), "--studies", "12", "--seed", "5", check=True)
    info = json.loads((data / "synth.json").read_text())
    root = data / info["images"]
    images = sorted(p for p in root.rglob("*") if p.suffix in (".jpg", ".png") and p.is_file())
    folder = images[0].parent
    outside = tmp_path / "elsewhere"
    shutil.copytree(folder, outside)
    shutil.rmtree(folder)
    folder.symlink_to(outside, target_is_directory=True)
    args = [
        "shards",
        "build",
        "--source",
        source,
        "--images",
        str(root),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
        "--no-progress",
    ]
    if info.get("reports"):
        args += ["--reports", str(data / info["reports"])]
    run_cli(*args, check=True)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    outside_refs = [q["ref"] for q in manifest["quarantine"] if q["reason"] == "path_outside_root"]
    assert len(outside_refs) >= 1
    if source == "mimic-cxr":  # one study folder moved: exactly that study quarantined
        assert len(outside_refs) == 1 and folder.name in outside_refs[0]
    assert manifest["totals"]["studies_read"] == manifest["totals"]["samples"] + manifest["totals"]["quarantined"]
    assert str(outside) not in json.dumps(manifest)


@pytest.mark.parametrize("form", ["next_row_quoted", "next_row_quoted_with_commas", "last_row"])
def test_an_unclosed_quote_closed_by_the_next_rows_quote_or_never_is_counted(tmp_path, real_png, form):
    """Issue 28: the commonest unclosed quote (the next row's own quoted report closes it) swallowed that row
    silently. Every affected row is quarantined and counted, also when the quote opens in the last row, and no
    text of theirs reaches a shard."""
    table = make_csv_dataset(tmp_path / "export", real_png, patients=GOOD_PATIENTS)
    image = table.read_text().splitlines()[1].split(",")[2]
    opened = f'HX300,HOSTILE300,{image},"IMPRESSION: the quote opens here,2023-01-01,PA\r\n'
    if form == "last_row":
        tail = opened + f"HX301,HOSTILE301,{image},IMPRESSION: after it.,2023-01-01,PA\r\n"
        want = ["swallowed_rows", "swallowed_row"]
    else:
        report = "IMPRESSION: closes it, with a comma." if form.endswith("commas") else "IMPRESSION: closes it."
        tail = opened + f'HX301,HOSTILE301,{image},"{report}",2023-01-01,PA\r\n'
        tail += f"HX302,GOOD302,{image},IMPRESSION: a good row after them.,2023-01-01,PA\r\n"
        want = ["swallowed_rows", "swallowed_row"]
    _append_raw(table, tail)
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    got = _rows_by_ref(manifest, table)
    first = 2 * GOOD_PATIENTS + 1
    assert [got.get(first), got.get(first + 1)] == want, got
    kept = 2 * GOOD_PATIENTS + (0 if form == "last_row" else 1)
    assert manifest["totals"]["samples"] == kept
    assert manifest["totals"]["studies_read"] == manifest["totals"]["samples"] + manifest["totals"]["quarantined"]
    texts = [s["txt"].decode() for s in _samples(tmp_path / "out")]
    assert not any("HOSTILE" in t or "quote opens" in t or "closes it" in t for t in texts)


@pytest.mark.parametrize("field,value", [("max_views", 0), ("max_views", -1), ("short_side", 0), ("quality", 101)])
def test_image_settings_out_of_range_are_one_line_errors(tmp_path, real_png, field, value):
    """Issue 28: ``max_views: 0`` crashed the build; each image setting is checked before any work."""
    table = make_csv_dataset(tmp_path / "export", real_png, patients=2)
    cfg = _cfg(table, tmp_path / "out")
    setattr(cfg.image, field, value)
    with pytest.raises(InputError, match=f"image.{field}"):
        build_shards(cfg)


@pytest.mark.parametrize("value", ["nan", "inf", "-0.1", "1.5"])
def test_a_quarantine_share_that_is_not_a_share_is_a_one_line_error(tmp_path, real_png, capsys, value):
    """Issue 28: ``--max-quarantine-share nan`` disabled the guard. Every value outside [0, 1] (NaN included) is
    refused before any work, in one line naming the option."""
    table = make_csv_dataset(tmp_path / "export", real_png, patients=2)
    out = tmp_path / "out"
    argv = ["shards", "build", "--source", "csv", "--images", str(table.parent), "--reports", str(table)]
    code = main([*argv, "--out", str(out), "--no-progress", "--max-quarantine-share", value])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "--max-quarantine-share" in err
    assert not (out / "manifest.json").exists()


def test_an_unparseable_date_is_counted_once_per_study_not_per_image_row(tmp_path, real_png):
    """Issue 28: the date warning counted image rows as studies ("585 of 400 studies")."""
    table = make_csv_dataset(tmp_path / "export", real_png, patients=3, studies_per_patient=1)
    lines = table.read_text().splitlines()
    rows = [line.replace("2023-01-01", "sometime in spring") for line in lines[1:]]
    lateral = [r.replace(",PA", ",LATERAL") for r in rows]
    table.write_text("\n".join([lines[0], *rows, *lateral]) + "\n")  # two image rows per study
    manifest = build_shards(_cfg(table, tmp_path / "out"))
    assert manifest["totals"]["studies_read"] == 3
    assert manifest["dropped_fields"] == {"study_date": 3}
