"""The compiled rule set cached on disk (mzcheck/load/cache.py): used only while current and authentic."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mzcheck.load import cache
from mzcheck.load import rules as rules_module
from mzcheck.load.ruleset import RuleSet

FIXTURES = Path(__file__).parent / "fixtures" / "targets"


@pytest.fixture
def targets(tmp_path: Path) -> Path:
    folder = tmp_path / "targets"
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(where))
    return where


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Every time the rule files are actually loaded (not read from the cache)."""
    calls: list[tuple[object, ...]] = []
    real = rules_module.load_targets

    def counting(*paths: str | Path, bundled: bool = True) -> RuleSet:
        calls.append(paths)
        return real(*paths, bundled=bundled)

    monkeypatch.setattr(rules_module, "load_targets", counting)  # the cache imports it when it loads
    return calls


def _targets_of(rules: RuleSet) -> dict[str, str]:
    return {r.id: str(r.threshold.value) for r in rules.rules}


def _pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_second_load_of_the_same_files_comes_from_the_cache(targets: Path, folder: Path,
                                                              loads: list[tuple[object, ...]]) -> None:
    first = cache.load_targets_cached(targets, bundled=False)
    second = cache.load_targets_cached(targets, bundled=False)
    assert len(loads) == 1 and len(_pickles(folder)) == 1
    assert _targets_of(second) == _targets_of(first) and second.layers == first.layers
    assert [r.file for r in second.rules] == [r.file for r in first.rules]
    secret = folder / "secret"
    assert secret.stat().st_mode & 0o077 == 0  # readable by its owner alone


def test_whether_a_rule_set_is_cached_is_told_without_loading_it(targets: Path, folder: Path,
                                                                  loads: list[tuple[object, ...]]) -> None:
    # what a check asks before it chooses its records (docs/design/0035-light-records-for-a-check.md)
    assert not cache.cached(targets, bundled=False) and loads == []
    first = cache.load_targets_cached(targets, bundled=False)
    assert cache.cached(targets, bundled=False) and len(loads) == 1
    assert _targets_of(cache.load_targets_cached(targets, bundled=False)) == _targets_of(first)  # the entry found
    assert len(loads) == 1
    (path,) = _pickles(folder)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert not cache.cached(targets, bundled=False)  # tampered with: loaded again, never read
    rule_file = targets / "rules" / "test-2025.yaml"
    cache.load_targets_cached(targets, bundled=False)
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not cache.cached(targets, bundled=False)  # a changed file: not current
    assert len(loads) == 2


def test_a_light_process_never_loads_rule_files_unvalidated(targets: Path, folder: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from mzcheck.core import modelbase; modelbase.use_light(); "
            "from mzcheck.load.cache import load_targets_cached\n"
            "try:\n    load_targets_cached(sys.argv[1], bundled=False)\n"
            "except RuntimeError as exc:\n    print('REFUSED', exc)\n")
    said = subprocess.run([sys.executable, "-c", code, str(targets)], capture_output=True, text=True,
                          env={**os.environ, cache.ENV_VAR: str(folder)})
    assert "REFUSED" in said.stdout and "MZCHECK_LIGHT=off" in said.stdout, said.stderr[-2000:]


def test_a_changed_rule_file_is_loaded_again(targets: Path, folder: Path, loads: list[tuple[object, ...]]) -> None:
    before = cache.load_targets_cached(targets, bundled=False)
    assert before.rule("t-new-dementia-beds") is not None
    rule_file = targets / "rules" / "test-2025.yaml"
    rule_file.write_text(rule_file.read_text(encoding="utf-8").replace("target: 800张", "target: 900张"),
                         encoding="utf-8")
    after = cache.load_targets_cached(targets, bundled=False)
    assert len(loads) == 2
    changed = after.rule("t-new-dementia-beds")
    assert changed is not None and changed.threshold.value == 900
    # and back: the first content's entry is still there, and current again
    rule_file.write_text(rule_file.read_text(encoding="utf-8").replace("target: 900张", "target: 800张"),
                         encoding="utf-8")
    again = cache.load_targets_cached(targets, bundled=False)
    assert len(loads) == 2 and _targets_of(again) == _targets_of(before)


def test_a_new_rule_file_is_loaded_again(targets: Path, folder: Path, loads: list[tuple[object, ...]]) -> None:
    cache.load_targets_cached(targets, bundled=False)
    extra = targets / "rules" / "more-2025.yaml"
    text = (targets / "rules" / "test-2025.yaml").read_text(encoding="utf-8")
    extra.write_text(text.replace("id: t-", "id: more-"), encoding="utf-8")
    after = cache.load_targets_cached(targets, bundled=False)
    assert len(loads) == 2 and after.rule("more-carers") is not None


@pytest.mark.parametrize("damage", ["flip a byte of the content", "truncate", "flip a byte of the signature",
                                    "empty", "another key's file"])
def test_a_damaged_or_foreign_cache_file_is_ignored(targets: Path, folder: Path, loads: list[tuple[object, ...]],
                                                     tmp_path: Path, damage: str) -> None:
    expected = _targets_of(cache.load_targets_cached(targets, bundled=False))
    (path,) = _pickles(folder)
    data = bytearray(path.read_bytes())
    head = len(cache.FORMAT) + 65  # the format line, the key and its newline
    if damage == "flip a byte of the content":
        data[-100] ^= 0xFF
    elif damage == "truncate":
        del data[len(data) // 2:]
    elif damage == "flip a byte of the signature":
        data[head + 3] ^= 0x01
    elif damage == "empty":
        data = bytearray()
    else:  # a valid file of other rules, put under this key's name
        other = tmp_path / "other"
        shutil.copytree(targets, other)
        (other / "rules" / "test-2025.yaml").unlink()
        cache.load_targets_cached(other, bundled=False)
        foreign = next(p for p in _pickles(folder) if p != path)
        data = bytearray(foreign.read_bytes())
    path.write_bytes(bytes(data))
    before = len(loads)
    assert _targets_of(cache.load_targets_cached(targets, bundled=False)) == expected
    assert len(loads) == before + 1  # loaded from the files, and the entry written anew
    assert _targets_of(cache.load_targets_cached(targets, bundled=False)) == expected
    assert len(loads) == before + 1


def test_content_signed_with_another_secret_is_not_read(targets: Path, folder: Path,
                                                        loads: list[tuple[object, ...]]) -> None:
    cache.load_targets_cached(targets, bundled=False)
    (folder / "secret").write_bytes(os.urandom(32))  # as if the file came from someone else's cache
    cache.load_targets_cached(targets, bundled=False)
    assert len(loads) == 2


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_a_secret_others_can_read_turns_the_cache_off(targets: Path, folder: Path,
                                                      loads: list[tuple[object, ...]]) -> None:
    cache.load_targets_cached(targets, bundled=False)
    (folder / "secret").chmod(0o644)
    for _ in range(2):
        assert cache.load_targets_cached(targets, bundled=False).rule("t-carers") is not None
    assert len(loads) == 3


def test_a_folder_that_cannot_be_made_does_not_fail_the_load(targets: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "cache"))
    assert cache.load_targets_cached(targets, bundled=False).rule("t-carers") is not None


def test_off_writes_nothing(targets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_VAR, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() is None
    cache.load_targets_cached(targets, bundled=False)
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "mzcheck"


def test_bad_rules_are_reported_every_time_and_never_cached(targets: Path, folder: Path) -> None:
    from mzcheck.core.errors import InputError

    rule_file = targets / "rules" / "test-2025.yaml"
    rule_file.write_text(rule_file.read_text(encoding="utf-8").replace("target: 800张", "target: 800米"),
                         encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError):
            cache.load_targets_cached(targets, bundled=False)
    assert _pickles(folder) == []


def test_a_shared_rule_set_is_the_rule_set_it_was_made_from() -> None:
    """Equal values made one object (mzcheck/load/sharing.py) change nothing a rule set says: every rule,
    indicator and division dumps the same, and every example checks to the same JSON."""
    import pickle
    from decimal import Decimal

    from mzcheck.engine.evaluate import evaluate
    from mzcheck.load.rules import load_targets
    from mzcheck.load.sharing import share
    from mzcheck.read.formats import load_report

    rules = load_targets()
    shared = pickle.loads(pickle.dumps(rules))
    assert share(shared) is shared

    def said(rs: RuleSet) -> list[object]:
        return [*(r.rule.model_dump(mode="json") for r in rs.rules), *(r.jurisdiction.model_dump() for r in rs.rules),
                *(i.model.model_dump(mode="json") for i in rs.indicators.values()),
                *(repr(r.threshold) for r in rs.rules), *(repr(r.target_unit) for r in rs.rules)]

    assert said(shared) == said(rules)
    sources = [r.rule.source for r in shared.rules]
    assert len({id(s) for s in sources}) < len(sources)  # a document's rules share their source when equal
    given = [r.rule.__pydantic_fields_set__ for r in shared.rules]
    assert all(g == r.rule.model_fields_set for g, r in zip(given, rules.rules, strict=True))
    assert len({id(g) for g in given}) < len(given)  # rules given the same fields share the set of their names
    first = shared.rules[0].rule
    changed = first.model_copy(update={"note": "x"})
    assert "note" in changed.model_fields_set and ("note" in first.model_fields_set) == ("note" in rules.rules[0].rule.model_fields_set)
    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        for one, other in zip(load_report(path, rules), load_report(path, shared), strict=True):
            assert (evaluate(rules, one).model_dump(mode="json") == evaluate(shared, other).model_dump(mode="json")), path
    # values equal but written apart stay apart
    odd = share([Decimal("1500"), Decimal("1.5E+3"), 0.0, -0.0, 1, True])
    assert [str(v) for v in odd] == ["1500", "1.5E+3", "0.0", "-0.0", "1", "True"]
