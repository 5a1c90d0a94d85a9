"""``--format github``: GitHub Actions workflow commands / GitHub Actions 注释.

Each result that falls short becomes an annotation on the report file, at the line of the value when
the file shows it: ``::error`` when it fails the run under ``--fail-on``, ``::warning`` otherwise (an
aspirational shortfall, a missing value). A ``::notice`` per report carries the summary. Text is
escaped as the runner expects (``%``, CR, LF in messages; also ``:`` and ``,`` in properties).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mzcheck.model.results import CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.junit import fails
from mzcheck.render.markdown import source_text, summary_text, title_text, tr

Lines = dict[tuple[str, str], int]  # (section, indicator key as written) → line


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def value_lines(file: str) -> Lines:
    """Where each indicator key sits in a YAML/JSON report or a CSV table; empty when unknown.

    Only for pointing an annotation at a line: a file that cannot be read here gives no lines.
    """
    out: Lines = {}
    path = Path(file)
    try:
        if path.suffix.lower() in (".csv", ".tsv"):
            from mzcheck.read.table import read_table

            for row in read_table(path).rows:
                cell = row["indicator"]
                sec = row.get("section")
                section = "added" if sec is not None and sec.text.lower() in ("added", "新增", "本期新增", "新增量") \
                    else "values"
                if cell.line is not None:
                    out.setdefault((section, _key(cell.text)), cell.line)
        elif path.suffix.lower() in (".yaml", ".yml", ".json"):
            from mzcheck.core import yamlio

            doc = yamlio.load(path)
            for p, line in doc.lines.items():
                if len(p) == 2 and p[0] in ("values", "added"):
                    out.setdefault((str(p[0]), _key(str(p[1]))), line)
    except Exception:  # an annotation without a line is still an annotation
        return {}
    return out


def line_of(r: Result, lines: Lines) -> int | None:
    section = "added" if r.kind == "increment" else "values"
    names = [r.indicator, r.indicator_name.zh, r.indicator_name.en]
    names += [s.indicator for s in r.shortfall]  # a ratio given as its components: the component's line
    for name in names:
        line = lines.get((section, _key(name)))
        if line is not None:
            return line
    return None


def annotation(r: Result, check: CheckResult, options: Options, lines: Lines) -> str | None:
    if fails(r, options.fail_on):
        level = "error"
    elif r.severity in ("error", "warning") or r.status in ("not_met", "behind", "invalid"):
        level = "warning"
    else:
        return None
    lang = options.lang
    props = []
    if check.report.file:
        props.append(f"file={escape_property(check.report.file)}")
        line = line_of(r, lines)
        if line is not None:
            props.append(f"line={line}")
    props.append(f"title={escape_property(f'{check.report.jurisdiction} {r.rule_id}')}")
    body = [tr(r.message, lang)]
    body += [tr(s.message, lang) for s in r.shortfall]
    body += [tr(f.message, lang) for f in r.findings]
    body.append(source_text(r))
    return f"::{level} {','.join(props)}::{escape_data(chr(10).join(body))}"


def render(results: Sequence[CheckResult], options: Options) -> str:
    out = []
    cache: dict[str, Lines] = {}
    for check in results:
        file = check.report.file
        lines = cache.setdefault(file, value_lines(file)) if file else {}
        for r in check.results:
            a = annotation(r, check, options, lines)
            if a is not None:
                out.append(a)
        title = escape_property(title_text(check, options.lang))
        out.append(f"::notice title={title}::{escape_data(summary_text(check, options.lang))}")
    return "\n".join(out) + "\n"
