"""Typed config loading: YAML, dotted overrides, type checks, unknown keys."""

from dataclasses import dataclass, field
from typing import Literal

import pytest
from helpers.cli import REPO

from megacxr.config import dotted_field, load_config, to_dict
from megacxr.errors import ConfigError, InputError
from megacxr.shards.config import ShardBuildConfig
from megacxr.train.config import load_train_config
from megacxr.train.stages import get_stage


@dataclass
class Inner:
    lr: float = 1e-4
    mode: Literal["a", "b"] = "a"
    names: list[str] = field(default_factory=lambda: ["x"])
    path: str = ""


@dataclass
class Outer:
    steps: int = 10
    name: str | None = None
    inner: Inner = field(default_factory=Inner)


def test_yaml_and_overrides(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("steps: 20\ninner:\n  lr: 3.0e-4\n")
    cfg = load_config(Outer, path, ["inner.mode=b", "inner.names=[p, q]", "name=run1"])
    assert cfg.steps == 20 and cfg.inner.lr == pytest.approx(3e-4)
    assert cfg.inner.mode == "b" and cfg.inner.names == ["p", "q"] and cfg.name == "run1"
    assert to_dict(cfg)["inner"] == {"lr": 3e-4, "mode": "b", "names": ["p", "q"], "path": ""}


def test_override_wins_over_yaml_and_keeps_defaults(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("inner:\n  mode: b\n")
    cfg = load_config(Outer, path, ["inner.lr=0.5"])
    assert cfg.inner.mode == "b" and cfg.inner.lr == 0.5 and cfg.steps == 10


def test_unknown_key_names_file_and_key(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("inner:\n  lrr: 1\n")
    with pytest.raises(ConfigError) as exc:
        load_config(Outer, path)
    assert "inner.lrr" in str(exc.value) and str(path) in str(exc.value)


def test_bad_types_rejected():
    with pytest.raises(ConfigError, match="inner.mode"):
        load_config(Outer, None, ["inner.mode=c"])
    with pytest.raises(ConfigError, match="steps"):
        load_config(Outer, None, ["steps=ten"])
    with pytest.raises(ConfigError):
        load_config(Outer, None, ["noequals"])


def test_null_empties_a_list_and_unsets_a_path_but_is_no_number(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("inner:\n  names: ~\n  path: /data/x\n")
    cfg = load_config(Outer, path, ["inner.path=null", "name=null"])
    assert cfg.inner.names == [] and cfg.inner.path == "" and cfg.name is None
    with pytest.raises(ConfigError, match="steps"):
        load_config(Outer, None, ["steps=null"])
    with pytest.raises(ConfigError, match="inner.lr"):
        load_config(Outer, None, ["inner.lr=null"])


def test_shard_build_config_overrides():
    cfg = load_config(
        ShardBuildConfig,
        None,
        ["image.format=png", "text.sections=[impression]", "shard_bytes=2_000_000", "phi.enabled=true"],
    )
    assert cfg.image.format == "png" and cfg.text.sections == ["impression"]
    assert cfg.shard_bytes == 2_000_000 and cfg.phi.enabled is True


def test_engine_extra_may_not_silently_change_what_the_typed_config_generates():
    from pathlib import Path

    from megacxr.train.config import load_train_config
    from megacxr.train.engine import deepspeed_config

    stage = Path(__file__).resolve().parents[1] / "configs" / "mntp.yaml"
    for extra, typed in (
        ("{gradient_accumulation_steps: 4}", "engine.grad_accum"),
        ("{zero_optimization: {stage: 1}}", "engine.zero_stage"),
        ("{bf16: {enabled: true}}", "engine.precision"),
    ):
        cfg = load_train_config(stage, [f"engine.extra={extra}", "engine.precision=fp32"])
        with pytest.raises(ConfigError, match=typed) as err:
            deepspeed_config(cfg, 1)
        assert err.value.field.startswith("engine.extra.")
    allowed = load_train_config(stage, ["engine.extra={gradient_accumulation_steps: 4}", "engine.allow_override=true"])
    assert deepspeed_config(allowed, 1)["gradient_accumulation_steps"] == 4
    added = load_train_config(
        stage, ["engine.extra={zero_optimization: {overlap_comm: true}, steps_per_print: 1000000000}"]
    )
    ds = deepspeed_config(added, 1)  # new keys and equal values pass
    assert ds["zero_optimization"]["overlap_comm"] is True and ds["zero_optimization"]["stage"] == 0


def test_a_setting_of_another_stage_is_refused_naming_its_stage(tmp_path):
    from pathlib import Path

    from megacxr.train.config import load_train_config

    configs = Path(__file__).resolve().parents[1] / "configs"
    with pytest.raises(
        ConfigError, match="clip.loss.soft.label is a setting of the clip stage; this run's stage is supcon"
    ) as err:
        load_train_config(configs / "supcon.yaml", ["clip.loss.soft.label=0.3"])
    assert err.value.field == "clip.loss.soft.label"
    with pytest.raises(ConfigError, match="of the supcon stage"):
        load_train_config(configs / "mntp.yaml", ["supcon.hard_negatives=2"])
    own = tmp_path / "mine.yaml"  # in a stage file too, with the file named
    own.write_text("stage: mntp\npreset: tiny\nclip:\n  tower:\n    embed_dim: 64\n")
    with pytest.raises(ConfigError, match="clip.tower.embed_dim is a setting of the clip stage") as err:
        load_train_config(own, [])
    assert err.value.file is not None and "mine.yaml" in str(err.value.file)
    # presets serve every stage (tiny sets clip.tower and clip.image); the stage's own keys pass
    assert load_train_config(configs / "clip.yaml", ["clip.loss.soft.label=0.3"]).clip.loss.soft.label == 0.3
    assert load_train_config(configs / "mntp.yaml", []).stage == "mntp"


@pytest.mark.parametrize(
    "override, field",
    [
        ("mntp.masking.ratio=2", "mntp.masking.ratio"),  # MaskingConfig names "masking.ratio"
        ("data.text.sentence_shuffle=3", "data.text.sentence_shuffle"),  # TextConfig names "text.*"
        ("data.text.sections=whole", "data.text.sections"),
        ("supcon.variants.stack=2", "supcon.variants.stack"),  # VariantConfig names "variants.*"
        ("supcon.variants.weights={nonsense: 1}", "supcon.variants.weights"),
        ("clip.loss.soft.text=3", "clip.loss.soft.text"),  # already full: left alone
        ("run.max_steps=0", "run.max_steps"),
    ],
)
def test_a_section_s_error_names_the_key_as_the_config_tree_spells_it(override, field):
    stage = "supcon" if override.startswith(("supcon.variants", "clip.loss.soft")) else "mntp"
    if override.startswith("clip.loss.soft"):
        stage = "clip"
    with pytest.raises(ConfigError) as e:
        load_train_config(REPO / "configs" / f"{stage}.yaml", [override])
    assert e.value.field == field, (override, e.value.field)
    assert f"field {field!r}" in str(e.value) and str(e.value).count("field") == 1


def test_the_dotted_field_rule():
    assert dotted_field("masking.ratio", "mntp.masking") == "mntp.masking.ratio"
    assert dotted_field("ratio", "mntp.masking") == "mntp.masking.ratio"
    assert dotted_field("mntp.masking.ratio", "mntp.masking") == "mntp.masking.ratio"
    assert dotted_field("vision.shape", "clip.tower.vision") == "clip.tower.vision.shape"
    assert dotted_field("clip.loss.soft.text", "mntp.masking") == "clip.loss.soft.text"  # another section's key
    assert dotted_field("masking.ratio", "") == "masking.ratio" and dotted_field(None, "data") is None


@pytest.mark.parametrize(
    "stage, override, field",
    [
        ("clip", "clip.tower.vision.kind=resnet", "clip.tower.vision.kind"),  # VisionConfig says vision.kind
        ("clip", "clip.tower.text_mode=frozen", "clip.tower.text_mode"),  # DualTowerConfig says text_mode
        ("clip", "clip.tower.text_lora={r: 0}", "clip.tower.text_lora.r"),  # LoraSettings says lora.r
        ("mntp", "mntp.model.lora.r=0", "mntp.model.lora.r"),
        ("mntp", "mntp.model.pooling.kind=max", "mntp.model.pooling.kind"),
        ("supcon", "supcon.model.dtype=float16", "supcon.model.dtype"),
    ],
)
def test_the_model_library_s_relative_keys_are_placed_by_the_loader(stage, override, field):
    with pytest.raises(ConfigError) as e:
        load_train_config(REPO / "configs" / f"{stage}.yaml", [override])
    assert e.value.field == field, (override, e.value.field)


def test_errors_at_build_time_are_placed_under_the_stage_s_section(tmp_path):
    # no stage-2 export there: the model library says text_path when the dual tower is built
    cfg = load_train_config(REPO / "configs" / "clip.yaml", [f"clip.tower.text_path={tmp_path}"])
    with pytest.raises(InputError) as e:
        get_stage(cfg).build_model()
    assert e.value.field == "clip.tower.text_path" and "megacxr_encoder.json" in str(e.value)
    cfg = load_train_config(REPO / "configs" / "mntp.yaml", ["mntp.model.path="])
    with pytest.raises(ConfigError) as e:
        get_stage(cfg).build_model()
    assert e.value.field == "mntp.model.path"  # ReportEncoder says path


def test_the_model_library_names_no_key_of_the_trainer_s_tree():
    import re

    pattern = re.compile(r"""field=f?["'](?:model|clip|data|loss|run|engine|optim)\.""")
    hits = [
        f"{p.relative_to(REPO)}:{n}"
        for p in sorted((REPO / "megacxr" / "models").rglob("*.py"))
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not hits, hits
    assert pattern.search('raise ConfigError("x", field="clip.tower.vision.kind")')  # the check can fail
