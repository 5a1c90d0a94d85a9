"""``--format junit``: JUnit XML for CI test reports / JUnit XML 报告.

One ``<testsuite>`` per report, one ``<testcase>`` per rule. A result that makes the run fail under
``--fail-on`` (not met, invalid, behind; with ``--fail-on warning`` also aspirational shortfalls and
missing values) is a ``<failure>``; a missing value or a target not yet due that does not fail the run
is ``<skipped>``, and so is a waived result (its message says why); anything else passes. The suite's
``summary`` property counts each status, waived apart. A suite with no failure also gets an explicit passing case
saying so, so a CI summary shows a green line rather than nothing. Each input that could not be read
(``options.errors``, grouped by file) is a suite of one ``<testcase>`` holding an ``<error>`` with every
problem of that file, so a CI summary shows the bad file among the checked ones.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from mzcheck.core.errors import Problem
from mzcheck.model.results import CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.words import (
    amount_text,
    closing,
    gap_text,
    source_text,
    status_word,
    summary_text,
    target_of,
    tr,
    waiver_text,
)

# XML 1.0 cannot carry most control characters, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def details(r: Result, lang: str) -> str:
    """The body of a failure: the message in both languages, what closes the gap, notes, the source."""
    other = "en" if lang == "zh" else "zh"
    lines = [tr(r.message, lang), tr(r.message, other)]
    lines += [f"{'需要' if lang == 'zh' else 'to close'}: {tr(m, lang)}" for m in closing(r)]
    lines += [f"{'注意' if lang == 'zh' else 'note'}: {tr(f.message, lang)}" for f in r.findings]
    for c in r.children:
        if c.status != "met":
            lines.append(f"{c.jurisdiction}: {status_word(c.status, lang)} {amount_text(c.actual, lang)}")
    lines.append(f"{'实际' if lang == 'zh' else 'actual'}: {amount_text(r.actual, lang)}; "
                 f"{'目标' if lang == 'zh' else 'target'}: {target_of(r, lang)}; "
                 f"{'差距' if lang == 'zh' else 'gap'}: {gap_text(r.gap, lang)}")
    lines.append(f"{'依据' if lang == 'zh' else 'source'}: {source_text(r)}")
    return _clean("\n".join(lines))


def suite(check: CheckResult, options: Options) -> ET.Element:
    rep = check.report
    lang = options.lang
    name = f"{rep.jurisdiction} {rep.period}" + (f" → {rep.target_year}" if rep.target_year != rep.period else "")
    el = ET.Element("testsuite", name=name)
    props = ET.SubElement(el, "properties")
    for key, value in (("jurisdiction", rep.jurisdiction), ("code", rep.code), ("period", str(rep.period)),
                       ("target_year", str(rep.target_year)), ("as_of", rep.as_of.isoformat()),
                       ("fail_on", options.fail_on), ("summary", summary_text(check, lang))):
        ET.SubElement(props, "property", name=key, value=value)
    failures = skipped = 0
    for r in check.results:
        case = ET.SubElement(el, "testcase", name=r.rule_id, classname=f"mzcheck.{rep.code}.{r.indicator}")
        if rep.file:
            case.set("file", rep.file)
        if r.fails(options.fail_on):
            failures += 1
            f = ET.SubElement(case, "failure", message=_clean(tr(r.message, lang)), type=r.status)
            f.text = details(r, lang)
        elif r.status == "waived":
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(waiver_text(r, lang))).text = details(r, lang)
        elif r.status in ("missing", "not_due"):
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(tr(r.message, lang)))
        elif r.status != "met":  # an aspirational shortfall under --fail-on error: passes, but says so
            out = ET.SubElement(case, "system-out")
            out.text = details(r, lang)
    if failures == 0:
        ok = ET.SubElement(el, "testcase", name="summary", classname=f"mzcheck.{rep.code}")
        out = ET.SubElement(ok, "system-out")
        out.text = _clean(summary_text(check, lang))
    tests = len(el.findall("testcase"))
    el.set("tests", str(tests))
    el.set("failures", str(failures))
    el.set("errors", "0")
    el.set("skipped", str(skipped))
    if rep.file:
        el.set("file", rep.file)
    return el


def error_suite(file: str, problems: Sequence[Problem], options: Options) -> ET.Element:
    """The suite of an input that could not be read: one testcase with an ``<error>`` listing its problems."""
    el = ET.Element("testsuite", name=file, tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(el, "testcase", name=file, classname="mzcheck.input")
    if file:
        case.set("file", file)
        el.set("file", file)
    first = problems[0]
    error = ET.SubElement(case, "error", message=_clean(first.text(options.lang).split("\n")[0]),
                          type=first.code or "input")
    error.text = _clean("\n".join(p.text(options.lang) for p in problems))
    return el


def render(results: Sequence[CheckResult], options: Options) -> str:
    root = ET.Element("testsuites", name="mzcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    by_file: dict[str, list[Problem]] = {}
    for p in options.errors:
        by_file.setdefault(p.file or "", []).append(p)
    suites = [error_suite(file, problems, options) for file, problems in by_file.items()]
    for s in suites:
        root.append(s)
        for key in totals:
            totals[key] += int(s.get(key, "0"))
    for check in results:
        s = suite(check, options)
        root.append(s)
        for key in totals:
            totals[key] += int(s.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
