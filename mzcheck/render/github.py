"""``--format github``: GitHub Actions workflow commands / GitHub Actions 注释.

Each result that falls short becomes an annotation on the report file, at the line of the value it used
(the result's ``inputs``) when the file shows one: ``::error`` when it fails the run under ``--fail-on``,
``::warning`` otherwise (an aspirational shortfall, a missing value), ``::notice`` for a waived one (with its reason).
A ``::notice`` per report carries the summary. Text is
escaped as the runner expects (``%``, CR, LF in messages; also ``:`` and ``,`` in properties).
An input that could not be read (a file, or rows of a table whose other reports were read) becomes an
``::error`` at its file and line (a cell's row), titled with its message code, before the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from mzcheck.core.errors import Problem
from mzcheck.core.messages import Message
from mzcheck.model.results import CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.words import closing, report_notes, source_text, summary_text, title_text, tr, waiver_text


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line_of(r: Result) -> int | None:
    """The line of the first value the verdict used (a cell's row in a table), when the input shows one."""
    for ref in r.inputs:
        if ref.line is not None:
            return ref.line
    return None


def annotation(r: Result, check: CheckResult, options: Options) -> str | None:
    if r.fails(options.fail_on):
        level = "error"
    elif r.status == "waived":
        level = "notice"
    elif r.severity in ("error", "warning") or r.status in ("not_met", "behind", "invalid"):
        level = "warning"
    else:
        return None
    lang = options.lang
    props = []
    if check.report.file:
        props.append(f"file={escape_property(check.report.file)}")
        line = line_of(r)
        if line is not None:
            props.append(f"line={line}")
    props.append(f"title={escape_property(f'{check.report.jurisdiction} {r.rule_id}')}")
    body = [waiver_text(r, lang)] if r.status == "waived" else []
    body.append(tr(r.message, lang))
    body += [tr(m, lang) for m in closing(r)]
    body += [tr(f.message, lang) for f in r.findings if f.code != "W107" or r.status != "waived"]
    body.append(source_text(r))
    return f"::{level} {','.join(props)}::{escape_data(chr(10).join(body))}"


def input_annotation(p: Problem, options: Options) -> str:
    """``::error file=…,line=…,title=F101::…`` for an input problem."""
    props = []
    if p.file:
        props.append(f"file={escape_property(p.file)}")
        if p.line is not None:
            props.append(f"line={p.line}")
    props.append(f"title={escape_property(p.code or 'mzcheck')}")
    where = p.cell or p.field
    body = p.message.text(options.lang) if isinstance(p.message, Message) else p.message
    if where:
        body = f"{where}: {body}"
    if p.help is not None:
        body += "\n" + (p.help.text(options.lang) if isinstance(p.help, Message) else p.help)
    return f"::error {','.join(props)}::{escape_data(body)}"


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(stream(results, options))


def stream(results: Iterable[CheckResult], options: Options) -> Iterator[str]:
    """The input errors' annotations, then each report's, a line each as the reports come."""
    written = False
    for p in options.errors:
        written = True
        yield input_annotation(p, options) + "\n"
    for check in results:
        out = []
        for r in check.results:
            a = annotation(r, check, options)
            if a is not None:
                out.append(a)
        for note in report_notes(check, options.lang):
            where = f"file={escape_property(check.report.file)}," if check.report.file else ""
            out.append(f"::warning {where}title={escape_property(check.report.jurisdiction)}::{escape_data(note)}")
        title = escape_property(title_text(check, options.lang))
        out.append(f"::notice title={title}::{escape_data(summary_text(check, options.lang))}")
        written = True
        yield "".join(line + "\n" for line in out)
    if not written:
        yield "\n"  # nothing to say is still a line
