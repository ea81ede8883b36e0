"""The report encoder export in sentence-transformers (issue 29): ``SentenceTransformer(export,
trust_remote_code=True)`` gives megacxr's embeddings, with the trained instruction by default and another one per
call, in-process and in a process where megacxr cannot be imported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch
from helpers.cli import readme_python

from megacxr.data.text import TextConfig
from megacxr.models.encoder import LoraSettings, ReportEncoder, TextModelConfig
from megacxr.models.export import export_encoder
from megacxr.models.pooling import PoolingConfig
from megacxr.models.shapes import init_model

st = pytest.importorskip("sentence_transformers")  # a dev dependency: `make install` installs it

REPORTS = [
    "The lungs are clear. No effusion.",
    "Mild cardiomegaly with a small left pleural effusion.",
    "Right lower lobe consolidation, worse than before.",
]
TEXT = TextConfig(instruction="Retrieve the matching report")


PROMPTS = {"label": "Given a chest X-ray report, retrieve the list of its findings", "paraphrase": TEXT.instruction}


POOLINGS = ["latent_attention", "mean", "weighted_mean", "eos"]


def _build_export(folder, kind: str, name: str = "export"):
    base = init_model("tiny", folder / "base", texts=REPORTS + [TEXT.instruction], seed=3)
    torch.manual_seed(0)
    pooling = PoolingConfig(kind=kind, latents=8, heads=4)
    enc = ReportEncoder.from_config(
        TextModelConfig(path=str(base), attention="sdpa", pooling=pooling, lora=LoraSettings(enabled=False))
    )
    with torch.no_grad():
        for param_name, p in enc.named_parameters():
            if param_name.startswith("pooler."):
                p.add_(torch.randn_like(p) * 0.1)  # a head away from its initial values
    return export_encoder(enc.eval(), folder / name, text=TEXT, prompts=PROMPTS)


@pytest.fixture(scope="module", params=POOLINGS)
def export(tmp_path_factory, request):
    return _build_export(tmp_path_factory.mktemp(f"st-{request.param}"), request.param)


def _auto(folder):
    from transformers import AutoModel

    return AutoModel.from_pretrained(str(folder), trust_remote_code=True, local_files_only=True).eval()


def test_the_export_ships_the_sentence_transformers_files(export):
    modules = json.loads((export / "modules.json").read_text())
    assert modules == [{"idx": 0, "name": "0", "path": "", "type": "sentence_megacxr.MegacxrSentenceModule"}]
    config = json.loads((export / "config_sentence_transformers.json").read_text())
    assert config["prompts"] == {
        "report": "Retrieve the matching report: ",
        "query": "Retrieve the matching report: ",
        "document": "Retrieve the matching report: ",
        "label": "Given a chest X-ray report, retrieve the list of its findings: ",
        "paraphrase": "Retrieve the matching report: ",
    }
    assert config["default_prompt_name"] == "report"
    assert (export / "sentence_megacxr.py").is_file()


def test_encode_gives_the_encoders_embeddings_with_the_trained_instruction(export):
    model = st.SentenceTransformer(str(export), trust_remote_code=True, local_files_only=True, device="cpu")
    got = torch.as_tensor(model.encode(REPORTS, convert_to_numpy=True))
    with torch.no_grad():
        want = _auto(export).encode(REPORTS)
    torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-5)
    assert model.get_embedding_dimension() == got.shape[1]
    unit = model.encode(REPORTS, normalize_embeddings=True, convert_to_tensor=True)
    torch.testing.assert_close(unit.norm(dim=-1), torch.ones(len(REPORTS)), atol=1e-5, rtol=0)


def test_another_instruction_per_call_and_none(export):
    model = st.SentenceTransformer(str(export), trust_remote_code=True, local_files_only=True, device="cpu")
    auto = _auto(export)
    for prefix in ("Find the impression that matches: ", ""):
        got = torch.as_tensor(model.encode(REPORTS, prompt=prefix))
        with torch.no_grad():
            want = auto.encode(REPORTS, prefix=prefix)
        torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-5)
    label = torch.as_tensor(model.encode(REPORTS, prompt_name="label"))  # a trained task's instruction by name
    with torch.no_grad():
        want = auto.encode(REPORTS, prefix=PROMPTS["label"] + ": ")
    torch.testing.assert_close(label, want, atol=1e-5, rtol=1e-5)
    default = torch.as_tensor(model.encode(REPORTS))
    assert not torch.allclose(default, torch.as_tensor(model.encode(REPORTS, prompt="")), atol=1e-4)


@pytest.mark.slow  # one interpreter start, for the four pooling heads (each an export of its own)
def test_it_loads_where_megacxr_cannot_be_imported(tmp_path):
    """A client environment: megacxr refused at import, started outside the repository; every pooling head's
    export loads and embeds there, each to the dimension its config names."""
    folders = {kind: _build_export(tmp_path / kind, kind, name=f"export_{kind}") for kind in POOLINGS}
    script = (
        "import json, sys; sys.modules['megacxr'] = None\n"
        "from sentence_transformers import SentenceTransformer\n"
        f"for kind, folder in { ({k: str(v) for k, v in folders.items()})!r}.items():\n"
        "    m = SentenceTransformer(folder, trust_remote_code=True, local_files_only=True, device='cpu')\n"
        f"    e = m.encode({REPORTS!r})\n"
        "    print(kind, e.shape[0], e.shape[1])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HF_MODULES_CACHE": str(tmp_path / "modules")},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [line.split() for line in proc.stdout.splitlines()]
    assert [r[0] for r in rows] == POOLINGS and all(r[1] == str(len(REPORTS)) for r in rows)
    for kind, _, dim in rows:
        assert int(dim) == json.loads((folders[kind] / "config.json").read_text())["hidden_size"], kind


def test_the_readme_blocks_load_the_export_as_written(export):
    """README section 5's AutoModel and sentence-transformers blocks, run as written on this export."""
    swaps = {'"runs/supcon/export"': repr(str(export))}
    scope: dict = {"reports": REPORTS}
    exec(compile(readme_python("Anywhere transformers is installed", swaps), "README.md", "exec"), scope)  # noqa: S102
    assert tuple(scope["emb"].shape) == (2, scope["model"].config.hidden_size)
    scope = {"reports": REPORTS}
    exec(compile(readme_python("The folder is also a sentence-transformers model", swaps), "README.md", "exec"), scope)  # noqa: S102
    assert scope["emb"].shape[0] == len(REPORTS)
