"""Typed configuration: dataclasses loaded from YAML, with dotted ``key=value`` overrides.

Every component has a small dataclass config. ``load_config(Cls, path, ["a.b=3", ...])`` reads a YAML
mapping into ``Cls`` (nested dataclasses, lists, dicts, Optional, Literal and Enum fields are checked and
converted), applies the overrides in order, and rejects unknown keys and ill-typed values with an error that
names the file and the dotted key. ``null`` empties a list or mapping setting and unsets a string setting whose
default is empty (a path); an Optional setting takes it as None. ``to_dict`` goes back to plain data (for
manifests, logs, DeepSpeed JSON).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml

from megacxr.errors import ConfigError, InputError

T = TypeVar("T")

_MISSING = object()


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def convert_value(value: Any, tp: Any, where: str) -> Any:
    """Convert ``value`` (YAML data) to type ``tp`` or raise ConfigError naming ``where``."""
    if tp is Any or tp is object:
        return value
    origin = get_origin(tp)
    if origin is typing.Union or (hasattr(types, "UnionType") and origin is types.UnionType):
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return convert_value(value, arg, where)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(f"{value!r} is not a valid {_type_name(tp)}", field=where)
    if origin is Literal:
        choices = get_args(tp)
        if value in choices:
            return value
        raise ConfigError(f"{value!r} is not one of {list(choices)}", field=where)
    if origin in (list, tuple, typing.Sequence) or tp in (list, tuple):
        if isinstance(value, str):
            value = [v for v in (s.strip() for s in value.split(",")) if v]
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"expected a list, got {value!r}", field=where)
        args = get_args(tp)
        item_tp = args[0] if args else Any
        out = [convert_value(v, item_tp, f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(out) if origin is tuple or tp is tuple else out
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"expected a mapping, got {value!r}", field=where)
        args = get_args(tp)
        kt, vt = args if args else (Any, Any)
        return {convert_value(k, kt, where): convert_value(v, vt, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):
            return value
        if not isinstance(value, dict):
            raise ConfigError(f"expected a mapping for {tp.__name__}, got {value!r}", field=where)
        return from_dict(tp, value, where)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            raise ConfigError(f"{value!r} is not one of {[m.value for m in tp]}", field=where) from None
    if tp is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0", "on", "off"):
            return value.lower() in ("true", "yes", "1", "on")
        raise ConfigError(f"expected true/false, got {value!r}", field=where)
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.replace("_", ""))
            except ValueError:
                pass
        raise ConfigError(f"expected an integer, got {value!r}", field=where)
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise ConfigError(f"expected a number, got {value!r}", field=where)
    if tp is str:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        raise ConfigError(f"expected a string, got {value!r}", field=where)
    if tp is Path:
        if isinstance(value, (str, Path)):
            return Path(value)
        raise ConfigError(f"expected a path, got {value!r}", field=where)
    if isinstance(tp, type) and isinstance(value, tp):
        return value
    raise ConfigError(f"cannot convert {value!r} to {_type_name(tp)}", field=where)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def tagged_section(tag: str, classes: Callable[[], Mapping[str, type]]) -> Any:
    """A dataclass field whose YAML key is the value of its sibling field ``tag``, and whose class is
    ``classes()[that value]``: ``stage: clip`` keeps the run's stage settings under ``clip:``, typed as the clip
    stage's config. ``from_dict`` reads the section under the tag's value (a section named after another choice is
    refused, naming the choice it belongs to), and ``to_dict`` writes it back there; the attribute holds the built
    section (its defaults when the mapping has none). ``classes`` is called late, so a registry may grow after
    import (a stage registered by a test)."""
    return dataclasses.field(default=None, metadata={"tag": tag, "classes": classes})


def _tagged(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if "tag" in f.metadata]


def _read_tagged(cls: type, data: dict, where: str) -> tuple[dict, dict]:
    """``data`` without the tagged sections, and {field name: its built section}."""
    data, built = dict(data), {}
    for f in _tagged(cls):
        choices = f.metadata["classes"]()
        tag_field = next(t for t in dataclasses.fields(cls) if t.name == f.metadata["tag"])
        chosen = data.get(tag_field.name, tag_field.default)
        if chosen not in choices:
            continue  # the tag's own check (its class's __post_init__) names the choices
        for other in choices:
            if other != chosen and other in data and data[other]:
                key = f"{where}.{other}" if where else other
                raise ConfigError(
                    f"settings of the {other} {tag_field.name}; this one's {tag_field.name} is {chosen}, which would "
                    "ignore them",
                    field=key,
                )
        section = data.pop(chosen, None) or {}
        for other in choices:
            data.pop(other, None)
        key = f"{where}.{chosen}" if where else str(chosen)
        built[f.name] = convert_value(section, choices[chosen], key)
    return data, built


def from_dict(cls: type[T], data: dict, where: str = "") -> T:
    """Build dataclass ``cls`` from a mapping, rejecting unknown keys."""
    hints = _hints(cls)
    data, tagged = _read_tagged(cls, data, where)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init and "tag" not in f.metadata}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        key = f"{where}.{unknown[0]}" if where else unknown[0]
        raise ConfigError(f"unknown key (valid keys: {', '.join(sorted(fields))})", field=key)
    kwargs = {}
    for name, value in data.items():
        if value is None:
            value = _null(hints[name], fields[name])
        kwargs[name] = convert_value(value, hints[name], f"{where}.{name}" if where else name)
    with config_section(where, cls):
        return cls(**kwargs, **tagged)


@contextlib.contextmanager
def config_section(where: str, cls: type | None = None):
    """Errors raised inside name their field under ``where``: a section's class, or the model library (whose
    configs name their keys relative to themselves), cannot know where the trainer's tree puts it; see
    ``dotted_field``. ``cls``: the section's dataclass, whose field names mark a relative key."""
    try:
        yield
    except InputError as exc:
        names = {f.name for f in dataclasses.fields(cls)} if cls is not None else ()
        field = dotted_field(exc.field, where, names)
        if field == exc.field:
            raise
        raise type(exc)(exc.detail, file=exc.file, field=field) from None


def dotted_field(field: str | None, where: str, names=()) -> str | None:
    """The full dotted path of a ``field`` a config class names in its own terms, when it is built at ``where``.

    A section's class cannot know where the tree puts it: ``MaskingConfig`` says ``masking.ratio`` and is built at
    ``mntp.masking``. The model library's configs name keys relative to themselves (``path``, ``vision.kind``:
    ``names``, the class's own field names, mark such a head); a LoRA config says ``lora.r`` wherever it is built
    (placed by its key: ``clip.tower.text_lora.r``). The overlap of ``where``'s tail and the field's head is
    counted once (``mntp.masking`` + ``masking.ratio`` -> ``mntp.masking.ratio``); a field already under
    ``where``, or one with a dot that shares nothing with it (another section's key), is left as it is."""
    if not field or not where or field == where or field.startswith(where + "."):
        return field
    at, parts = where.split("."), field.split(".")
    if parts[0] in names:
        return f"{where}.{field}"
    if len(parts) == 2 and parts[1] in names:  # "lora.r" from LoraSettings built at clip.tower.text_lora
        return f"{where}.{parts[1]}"
    for k in range(min(len(at), len(parts) - 1), 0, -1):
        if at[-k:] == parts[:k]:
            return ".".join([*at, *parts[k:]])
    return f"{where}.{field}" if len(parts) == 1 else field


def _null(tp: Any, f: dataclasses.Field) -> Any:
    """What ``null`` (``key=null``, ``key: ~``) means for a field that is not Optional: "none" for a list, a
    tuple or a mapping (empty), "unset" for a string whose default is empty (a path setting); None otherwise
    (the type check then names the field)."""
    origin = get_origin(tp) or tp
    if origin in (list, tuple, typing.Sequence):
        return []
    if origin is dict:
        return {}
    if tp is str and f.default == "":
        return ""
    return None


def to_dict(obj: Any) -> Any:
    """Plain-data view of a config (dataclasses, enums and paths converted) for JSON/YAML."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {  # a tagged section is written under its tag's value (``tagged_section``)
            (getattr(obj, f.metadata["tag"]) if "tag" in f.metadata else f.name): to_dict(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
        }
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def parse_override(text: str) -> tuple[list[str], Any]:
    """``"a.b=3"`` -> (["a", "b"], 3); the value is parsed as YAML (so ``1e-4``, ``true``, ``[1,2]`` work)."""
    if "=" not in text:
        raise ConfigError(f"override {text!r} is not of the form dotted.key=value")
    key, raw = text.split("=", 1)
    key = key.strip().lstrip("-")
    if not key:
        raise ConfigError(f"override {text!r} has an empty key")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key.split("."), value


def apply_overrides(data: dict, overrides: list[str]) -> dict:
    """Apply dotted overrides to a plain mapping (creating nested mappings as needed)."""
    for text in overrides:
        path, value = parse_override(text)
        node = data
        for part in path[:-1]:
            nxt = node.get(part)
            if nxt is None:
                nxt = node[part] = {}
            if not isinstance(nxt, dict):
                raise ConfigError(f"cannot set {'.'.join(path)}: {part!r} is not a mapping")
            node = nxt
        node[path[-1]] = value
    return data


def load_yaml(path: str | Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise ConfigError("config file not found", file=path)
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=path) from None
    if not isinstance(data, dict):
        raise ConfigError("top level must be a mapping", file=path)
    return data


def load_config(cls: type[T], path: str | Path | None = None, overrides: list[str] | None = None) -> T:
    """Load ``cls`` from an optional YAML file plus dotted overrides (applied last)."""
    data: dict = load_yaml(path) if path is not None else {}
    base = to_dict(cls())  # defaults, so overrides of nested keys merge into them
    merged = deep_merge(base, data)
    merged = apply_overrides(merged, list(overrides or []))
    try:
        return from_dict(cls, merged)
    except ConfigError as exc:
        if path is not None and exc.file is None:
            raise ConfigError(exc.detail, file=path, field=exc.field) from None
        raise


def deep_merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out
