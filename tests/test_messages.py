"""The message catalogue: every message has a code, both languages and an explanation; explain CODE prints it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mzcheck.cli import main
from mzcheck.core.codes import all_codes, lookup
from mzcheck.core.messages import CATALOGUE, code
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.read.formats import load_report
from mzcheck.render.codes import messages_markdown

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_targets()


def test_every_code_explains_itself_in_both_languages() -> None:
    codes = all_codes()
    assert len(codes) >= 80
    for c in codes:
        assert c.zh.strip() and c.en.strip(), c.code
        assert c.why_zh.strip() and c.why_en.strip(), f"{c.code} has no explanation"
        literal = re.sub(r"\{[^}]*\}", "", c.zh)  # K105–K107 pass pydantic's detail through, in each language
        assert not literal or any("\u4e00" <= ch <= "\u9fff" for ch in literal), f"{c.code}: no Chinese in zh"


def test_a_code_is_defined_once_and_its_templates_share_their_fields() -> None:
    taken = next(iter(CATALOGUE))
    with pytest.raises(ValueError, match="defined twice"):
        code(taken, "some-new-name", "文本", "text")
    with pytest.raises(ValueError, match="different fields"):
        code("W999", "fields-differ", "{a}", "{b}")
    with pytest.raises(ValueError, match="letter and three digits"):
        code("Q12", "bad-code", "文本", "text")


def test_a_code_is_found_by_code_or_name() -> None:
    by_code = lookup("k202")
    assert by_code is not None and by_code.name == "duplicate-rule"
    assert lookup("duplicate-rule") is by_code
    assert lookup("no-such-thing") is None


def test_explain_prints_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "U106", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("U106 unknown-unit") and "fix:" in out


def test_explain_an_unknown_code_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "Z999"]) == 2
    assert "O104" in capsys.readouterr().err


def test_the_messages_page_is_generated_from_the_catalogue() -> None:
    page = (ROOT / "docs" / "messages.md").read_text(encoding="utf-8")
    assert page == messages_markdown() + "\n", "run `mzcheck explain --codes > docs/messages.md`"


def test_every_message_of_a_real_check_carries_its_code(bundled: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    seen = 0
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        for report in load_report(example, bundled):
            for r in evaluate(bundled, report).results:
                messages = [r.message, *(s.message for s in r.shortfall), *(f.message for f in r.findings)]
                for m in messages:
                    assert m.code is not None and lookup(m.code) is not None, (example.name, r.rule_id, m)
                    seen += 1
    assert seen > 50
