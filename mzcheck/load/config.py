"""The configuration: ``mzcheck.toml`` or ``[tool.mzcheck]`` of pyproject.toml / 配置文件.

Found upward from the working folder, as ruff and pytest find theirs; the first ``mzcheck.toml``, or
``pyproject.toml`` with a ``[tool.mzcheck]`` table, wins. Paths in it are relative to the file. Beside it the
environment variable ``MZCHECK_TARGETS`` (folders separated by the system's path separator) adds layers::

    [tool.mzcheck]
    targets = ["rules"]          # folders of one's own, on top of the bundled targets
    bundled = true               # false: leave the bundled rules out
    history_db = "history.sqlite3"
    waivers = ["waivers.yaml"]
    lang = "zh"
    fail_on = "error"

The command line adds to it: ``--targets DIR`` (repeatable) puts more layers on top, ``--no-bundled``
leaves the bundled rules out.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import InputError

ENV_VAR = "MZCHECK_TARGETS"
_TYPES: dict[str, tuple[type | tuple[type, ...], str, str]] = {
    "targets": ((list, str), "目录路径的列表", "a list of folder paths"),
    "bundled": (bool, "true 或 false", "true or false"),
    "history_db": (str, "路径或 postgresql:// 地址", "a path or a postgresql:// URL"),
    "waivers": ((list, str), "豁免文件路径的列表", "a list of waiver file paths"),
    "lang": (str, "zh 或 en", "zh or en"),
    "fail_on": (str, "error、warning 或 never", "error, warning or never"),
}


@dataclass
class Config:
    """What the configuration file and the environment say."""

    file: Path | None = None
    targets: list[Path] = field(default_factory=list)
    bundled: bool = True
    values: dict[str, Any] = field(default_factory=dict)  # history_db, waivers, lang, fail_on

    def paths(self, key: str) -> list[Path]:
        """A key of paths, relative to the file: ``waivers = ["w.yaml"]`` → ``[<folder>/w.yaml]``."""
        raw = self.values.get(key, [])
        items = [raw] if isinstance(raw, str) else list(raw)
        base = self.file.parent if self.file else Path.cwd()
        return [base / p for p in items]


# the text of each configuration file read in this process and what it parsed to: a run looks for its
# configuration several times (the files it reads, its rules, its waivers), and a long pyproject.toml without
# [tool.mzcheck] costs a parse each time; a file whose text changed is parsed again
_PARSED: dict[Path, tuple[str, dict[str, Any]]] = {}


def _table(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
        kept = _PARSED.get(path)
        if kept is not None and kept[0] == text:
            data = kept[1]
        else:
            data = tomllib.loads(text)
            _PARSED.clear()  # the one or two files of the current folder's configuration, no more
            _PARSED[path] = (text, data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError.of(C.CONFIG_NOT_TOML, file=str(path), reason=str(exc)) from None
    except OSError:
        return None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("mzcheck") if isinstance(tool, dict) and isinstance(tool.get("mzcheck"), dict) else None
    return data


def find_config(start: Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """The configuration that applies in ``start`` (default: the working folder), and ``MZCHECK_TARGETS``."""
    env = os.environ if environ is None else environ
    config = Config()
    folder = (start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        for name in ("mzcheck.toml", "pyproject.toml"):
            candidate = here / name
            if not candidate.is_file():
                continue
            table = _table(candidate)
            if table is None:
                continue
            config = _read(candidate, table)
            break
        else:
            continue
        break
    extra = [Path(p) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    config.targets += extra
    return config


def _read(path: Path, table: dict[str, Any]) -> Config:
    config = Config(file=path)
    for key, value in table.items():
        if key not in _TYPES:
            raise InputError.of(C.CONFIG_UNKNOWN_KEY, file=str(path), key=key)
        types, zh, en = _TYPES[key]
        if not isinstance(value, types) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            raise InputError.of(C.CONFIG_BAD_VALUE, file=str(path), key=key, expected_zh=zh, expected_en=en)
        config.values[key] = value
    config.targets = config.paths("targets")
    config.bundled = bool(config.values.get("bundled", True))
    return config
