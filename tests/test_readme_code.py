"""The README's streaming-API block runs as written (issue 29: it used to raise a TypeError): the block is read
from README.md, its shard folders and tokenizer folder pointed at the test corpus, and executed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from helpers.cli import REPO


def _streaming_block() -> str:
    text = (REPO / "README.md").read_text()
    start = text.index("The streaming API in your own training loop")
    match = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert match is not None
    return match.group(1)


def test_the_readme_streaming_example_runs(train_corpus):
    shards, model = train_corpus
    code = _streaming_block()
    swaps = {
        '["shards/mimic-cxr", "shards/hospital"]': repr([str(shards)]),
        '{"mimic-cxr": 0.4, "csv": 0.6}': '{"mimic-cxr": 1.0}',
        '"runs/supcon/export"': repr(str(model)),
        "num_workers=4": "num_workers=0",  # the test process; the README's 4 workers are what a user runs
        "batch_size=32": "batch_size=8",
    }
    for old, new in swaps.items():
        assert old in code, old  # the README still shows what this test swaps
        code = code.replace(old, new)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - our own README's example
    batch, loader = scope["batch"], scope["loader"]
    assert tuple(batch["pixel_values"].shape) == (8, 3, 224, 224)
    assert batch["input_ids"].shape[0] == 8 and batch["labels"].shape == (8, 14) and len(batch["keys"]) == 8
    resumed = next(iter(loader))  # the loader rebuilt from the saved state goes on after the first batch
    assert set(resumed["keys"]).isdisjoint(batch["keys"])


def test_the_walkthroughs_shard_folders_and_salts_are_ignored_by_git():
    """`--out shards/hospital` (the own-data walkthrough) must not put the salt, the plan or the manifest into
    `git add -A` (issue 29); the shipped recipes stay tracked."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO).returncode == 0

    assert ignored("shards/hospital/.salt") and ignored("shards/hospital/manifest.json")
    assert ignored("elsewhere/out/.salt")
    assert not ignored("shards/hospital-template.yaml") and not ignored("shards/FORMAT.md")


def _anchor(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation removed, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def test_the_table_of_contents_names_every_section_and_no_link_leaves_the_repository():
    """Issue 29: the README had no table of contents and linked a design file outside the repository."""
    text = (REPO / "README.md").read_text()
    headings = [line.lstrip("#").strip() for line in text.splitlines() if re.match(r"#{2,3} ", line)]
    headings = [h for h in headings if h != "Contents"]
    toc = re.findall(r"^\s*- \[(.+?)\]\(#([^)]+)\)$", text, re.M)
    assert [title for title, _ in toc] == headings
    assert all(anchor == _anchor(title) for title, anchor in toc)
    assert "../" not in re.sub(r"```.*?```", "", text, flags=re.S).split("## Contents")[0]  # the opening paragraph
    assert not re.search(r"\]\(\.\./", text)  # no Markdown link out of the repository


def test_the_slurm_script_requeues_signals_and_has_its_log_folder():
    """Issue 29: the SLURM script wrote to a logs/ folder that did not exist and had no requeue or site settings."""
    script = (REPO / "launchers" / "slurm.sbatch").read_text()
    for setting in ("--requeue", "--signal=B:USR1@120", "--time=", "--partition=", "--account="):
        assert f"SBATCH {setting}" in script, setting
    folder = re.search(r"#SBATCH --output=([^/\s]+)/", script).group(1)
    tracked = subprocess.run(["git", "ls-files", f"{folder}/.gitkeep"], cwd=REPO, capture_output=True, text=True)
    assert tracked.stdout.strip() == f"{folder}/.gitkeep"


# Each README Python block runs in a test: the text that comes before the block -> the test file that runs it
# (it reads the block by that text).
RUN_BLOCKS = {
    "The streaming API in your own training loop": "test_readme_code.py",
    "Anywhere transformers is installed": "test_sentence_transformers.py",
    "The folder is also a sentence-transformers model": "test_sentence_transformers.py",
    "## Use a trained model": "test_clip.py",
    "The report encoder in MTEB, offline": "test_mteb_task.py",
}


def test_every_readme_python_block_is_run_by_a_test():
    """A new Python block in the README needs a test that runs it (and a line here): README code is tested code."""
    text = (REPO / "README.md").read_text()
    starts = [m.start() for m in re.finditer(r"^\s*```python\n", text, re.M)]
    claimed = []
    for anchor, test_file in RUN_BLOCKS.items():
        at = text.index(anchor)
        claimed.append(min(s for s in starts if s > at))
        runner = (REPO / "tests" / test_file).read_text()
        assert runner.count(anchor) >= (2 if test_file == "test_readme_code.py" else 1), (anchor, test_file)
    assert sorted(claimed) == starts, "a README Python block that no test runs (add its test and a line here)"
