"""The ``mzcheck`` command / 命令行.

Exit codes: 0 nothing at or above ``--fail-on`` falls short; 1 something does; 2 an input cannot be
used (missing file, parse error, unknown jurisdiction). Bad input never prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors are input errors: exit 2, one clear line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"mzcheck: error: {message}\n")
        raise SystemExit(EXIT_INPUT)


_HISTORY_DB = ("history store: an SQLite file or a postgresql://user@host/db address (default: $MZCHECK_HISTORY, "
               "else $XDG_DATA_HOME/mzcheck/history.sqlite3) / 历史记录库:SQLite 文件或 PostgreSQL 地址")


def build_parser() -> argparse.ArgumentParser:
    from mzcheck.render import WRITERS

    p = _Parser(prog="mzcheck", description="Check civil-affairs indicators against plan targets / 民政指标目标达成检查")
    p.add_argument("--version", action="version", version=f"mzcheck {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(sp: argparse.ArgumentParser, formats: Sequence[str] = ("text", "json")) -> None:
        sp.add_argument("--targets", metavar="DIR", action="append", default=[], help="a folder (or rule file) of targets of your own, added to the bundled ones; repeatable / 自定义目标规则目录(叠加在内置规则之上,可重复)")
        sp.add_argument("--no-bundled", action="store_true", help="leave the bundled rules out / 不含内置规则")
        sp.add_argument("--format", choices=list(formats), default="text", help="output format / 输出格式")
        sp.add_argument("--lang", choices=["zh", "en"], default=os.environ.get("MZCHECK_LANG", "zh"),
                        help="language of messages (default zh) / 输出语言")

    c = sub.add_parser("check", help="check reports against the targets / 检查报表")
    c.add_argument("reports", nargs="+", metavar="REPORT", help="report files (.yaml, .json, .csv, .xlsx)")
    common(c, list(WRITERS))
    c.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                   help="exit 1 when something at this level falls short (default error) / 失败阈值")
    c.add_argument("--year", type=int, help="check against the targets due in this year / 对照该年度目标")
    c.add_argument("--output", "-o", metavar="PATH", help="write the output to a file / 输出到文件")
    c.add_argument("--record", action="store_true",
                   help="keep the checked reports in the history store (created if absent) / 将本次报表记入历史记录库")
    c.add_argument("--history-db", metavar="PATH|URL", help=_HISTORY_DB)
    c.add_argument("--completion", choices=["mean", "total"], default="mean",
                   help="overall completion rate shown: mean of the item rates (default) or total over total / "
                   "总体完成率口径:各项平均(默认)或合计比")

    t = sub.add_parser("targets", help="list the rules / 列出目标规则")
    common(t, ("text", "json", "markdown"))
    t.add_argument("--jurisdiction", "-j", metavar="J", help="name or GB/T 2260 code / 名称或区划代码")
    t.add_argument("--year", "-y", type=int, help="due year / 目标年度")

    i = sub.add_parser("indicators", help="list the indicator catalog / 列出指标目录")
    common(i)

    e = sub.add_parser("explain", help="show a rule and its source, or what a message code means / 解释规则或消息编号")
    e.add_argument("rule_id", metavar="RULE_ID|CODE", nargs="?", help="a rule id, or a message code such as R201")
    e.add_argument("--codes", action="store_true", help="every message code, as Markdown (docs/messages.md) / 全部消息编号")
    common(e)

    tp = sub.add_parser("template", help="write a report to fill in / 生成填报模板")
    tp.add_argument("--jurisdiction", "-j", metavar="J", required=True, help="name or GB/T 2260 code / 名称或区划代码")
    tp.add_argument("--year", "-y", type=int, required=True, help="year the targets are due / 目标年度")
    tp.add_argument("--format", choices=["yaml", "xlsx"], default="yaml", help="yaml (default) or xlsx / 模板格式")
    tp.add_argument("--output", "-o", metavar="PATH", help="file to write (YAML goes to stdout without it) / 输出文件")
    tp.add_argument("--force", action="store_true", help="overwrite an existing file / 覆盖已有文件")
    tp.add_argument("--targets", metavar="DIR", action="append", default=[], help="a folder (or rule file) of targets of your own, added to the bundled ones; repeatable / 自定义目标规则目录(叠加在内置规则之上,可重复)")
    tp.add_argument("--no-bundled", action="store_true", help="leave the bundled rules out / 不含内置规则")

    sc = sub.add_parser("schema", help="print the JSON Schema of rule or report files / 输出 JSON Schema")
    sc.add_argument("kind", choices=["rules", "report"], help="rules: files under targets/; report: report files")
    sc.add_argument("--targets", metavar="DIR", action="append", default=[], help="a folder (or rule file) of targets of your own, added to the bundled ones; repeatable / 自定义目标规则目录(叠加在内置规则之上,可重复)")
    sc.add_argument("--no-bundled", action="store_true", help="leave the bundled rules out / 不含内置规则")

    x = sub.add_parser("extract", help="draft rules from a plan text / 从规划文本起草目标规则")
    x.add_argument("plan", metavar="PLAN", help="plan text: .txt (UTF-8 or GBK/GB18030) or .docx / 规划文本")
    x.add_argument("--jurisdiction", "-j", metavar="J", help="whose plan (default: read from the text) / 所属行政区划")
    x.add_argument("--year", "-y", type=int, help="the plan year (default: read from the text) / 计划年度")
    x.add_argument("--format", choices=["yaml", "json"], default="yaml", help="yaml rule file (default) or json list")
    x.add_argument("--targets", metavar="DIR", action="append", default=[], help="a folder (or rule file) of targets of your own, added to the bundled ones; repeatable / 自定义目标规则目录(叠加在内置规则之上,可重复)")
    x.add_argument("--no-bundled", action="store_true", help="leave the bundled rules out / 不含内置规则")
    x.add_argument("--output", "-o", metavar="DIR",
                   help="write a folder that `mzcheck lint DIR --sources DIR/sources` accepts / 写出可校验的目录")
    x.add_argument("--tasks", action=argparse.BooleanOptionalAction, default=True,
                   help="draft yes/no tasks (完成…, 成立…, a dated 出台…) as 1 项 (是=1), the catalogue's convention, "
                        "noted in each draft (default); --no-tasks leaves them out / "
                        "起草是否完成类任务(记为 1 项,草稿 note 中注明;默认),--no-tasks 不起草")
    x.add_argument("--explain", action="store_true",
                   help="say, sentence by sentence, why it was or was not drafted / 逐句说明起草与否的原因")
    x.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of --explain / --explain 的语言")

    h = sub.add_parser("history", help="print a jurisdiction's recorded series, or export / import the records / "
                       "查看、导出或导入历史记录")
    h.add_argument("action", nargs="?", choices=["export", "import"],
                   help="export: every record as JSON Lines (-o FILE, else stdout); import FILE: an export into "
                        "--history-db / export 导出全部记录;import 导入导出文件")
    h.add_argument("file", nargs="?", metavar="FILE", help="import: the export to read ('-' for stdin); export: the file "
                   "to write (as -o) / 要导入或导出的文件")
    h.add_argument("--jurisdiction", "-j", metavar="J", help="name or GB/T 2260 code / 名称或区划代码")
    h.add_argument("--indicator", "-i", metavar="I", help="indicator id or Chinese name (default: all) / 指标")
    h.add_argument("--history-db", metavar="PATH|URL", help=_HISTORY_DB)
    h.add_argument("--output", "-o", metavar="FILE", help="export: the file to write (a new one) / 导出文件")
    common(h)

    lint = sub.add_parser("lint", help="validate rule files / 校验规则文件")
    lint.add_argument("path", nargs="?", metavar="DIR", help="rule folder or file (default: the bundled targets/)")
    lint.add_argument("--no-bundled", action="store_true", help="lint the folder without the bundled rules / 不含内置规则")
    lint.add_argument("--sources", metavar="DIR", help="folder of the plan texts: check every quote is verbatim / 原文目录")
    lint.add_argument("--format", choices=["text", "json"], default="text")
    lint.add_argument("--lang", choices=["zh", "en"], default="zh")
    return p


def _version() -> str:
    from mzcheck import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    from mzcheck.core.errors import MzcheckError  # after parsing: --help and --version import no models

    try:
        handler = {"check": cmd_check, "targets": cmd_targets, "indicators": cmd_indicators,
                   "explain": cmd_explain, "lint": cmd_lint, "template": cmd_template,
                   "schema": cmd_schema, "extract": cmd_extract, "history": cmd_history}[args.command]
        return handler(args)
    except MzcheckError as exc:
        sys.stderr.write(f"mzcheck: {exc}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("mzcheck: interrupted / 已中断\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug in mzcheck, not in the input
        if os.environ.get("MZCHECK_DEBUG"):
            raise
        sys.stderr.write(f"mzcheck: internal error / 内部错误: {type(exc).__name__}: {exc}\n"
                         "  help: rerun with MZCHECK_DEBUG=1 for details and report it / 设置 MZCHECK_DEBUG=1 查看详情并反馈\n")
        return EXIT_INTERNAL


def _layers(args: argparse.Namespace) -> tuple[list[str | Path], bool]:
    """The rule-set layers of this run: the configuration's (mzcheck.toml, MZCHECK_TARGETS), then --targets."""
    from mzcheck.load.config import find_config

    config = find_config()
    layers: list[str | Path] = [*config.targets, *getattr(args, "targets", [])]
    return layers, config.bundled and not getattr(args, "no_bundled", False)


def _rules(args: argparse.Namespace) -> RuleSet:
    from mzcheck.load.cache import load_targets_cached  # the compiled rule set of an earlier run, if current

    layers, bundled = _layers(args)
    return load_targets_cached(*layers, bundled=bundled)


def _reports_of(path: str, rules: RuleSet, args: argparse.Namespace) -> Any:
    """A report file's reports. A big CSV file is streamed (mzcheck.read.stream: same reports and messages,
    values read only where a rule needs them), with a progress bar when it takes a while on a terminal."""
    from mzcheck.read.formats import load_report

    if path.lower().endswith((".csv", ".tsv")):
        from mzcheck.read import stream

        if stream.streamable(path):
            streamed = stream.stream_csv_reports(path, rules, target_year=args.year,
                                                 keep_all=bool(getattr(args, "record", False)))
            if streamed is not None:
                import gc

                from mzcheck.read.children import gather

                gc.freeze()  # what is loaded stays to the end of this run: the collector need not rescan it
                return gather(list(streamed), rules)
    return load_report(path, rules)


def _emit(data: str | bytes, output: str | None = None, inputs: Sequence[str] = ()) -> None:
    """Write a writer's output to ``output`` (text as UTF-8, or bytes such as a workbook) or to stdout."""
    from mzcheck.core.codes import output as O
    from mzcheck.core.errors import InputError

    if output:
        path = Path(output)
        if path.exists() and path.is_dir():
            raise InputError.of(O.OUTPUT_IS_FOLDER, file=output, path=output)
        if any(path.resolve() == Path(p).resolve() for p in inputs):
            raise InputError.of(O.OUTPUT_IS_INPUT, file=output, path=output)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return
    if isinstance(data, bytes):
        raise InputError.of(O.XLSX_NEEDS_OUTPUT)
    sys.stdout.write(data)
    sys.stdout.flush()


def cmd_check(args: argparse.Namespace) -> int:
    from mzcheck.core.codes.history import ABSENT
    from mzcheck.core.errors import InputError
    from mzcheck.engine.evaluate import evaluate
    from mzcheck.history.store import open_store, shown_location
    from mzcheck.render import Options, writer

    rules = _rules(args)
    results = []
    problems = []
    # earlier records feed the trends; a missing store is made only when recording
    store = open_store(args.history_db, create=args.record)
    if store is None and args.history_db:
        raise InputError.of(ABSENT, file=shown_location(args.history_db))
    if args.format == "json" and len(args.reports) == 1 and not args.record:
        return _check_streamed(args, rules, store)
    checked = []
    try:
        for path in args.reports:
            try:
                reports = _reports_of(path, rules, args)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            for report in reports:
                if args.year:
                    report = report.model_copy(update={"target_year": args.year})
                check = evaluate(rules, report, store.recorded(report.jurisdiction.code) if store else None,
                                 fail_on=args.fail_on, completion_shown=args.completion)
                checked.append((report, check))
                results.append(check)
        if problems:
            raise InputError(problems)
        if args.record and store is not None:
            for report, check in checked:
                store.record(rules, report, check)
            sys.stderr.write(f"mzcheck: 已记录 / recorded {len(checked)} → {store.location}\n")
    finally:
        if store is not None:
            store.close()
    color = (args.format == "text" and args.output is None and sys.stdout.isatty()
             and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb")
    options = Options(lang=args.lang, color=color, fail_on=args.fail_on)
    _emit(writer(args.format)(results, options), args.output, args.reports)
    return EXIT_OK if all(r.summary.passed for r in results) else EXIT_FAIL


def cmd_history(args: argparse.Namespace) -> int:
    from mzcheck.core.codes.history import ABSENT, IMPORT_NEEDS_FILE, NEEDS_JURISDICTION, NOTHING_YET
    from mzcheck.core.errors import InputError
    from mzcheck.history.store import default_location, open_store, shown_location
    from mzcheck.history.transfer import export_store, import_file
    from mzcheck.render.series import render_series

    where = shown_location(args.history_db or default_location())
    if args.action == "export":
        source = open_store(args.history_db)
        if source is None:
            raise InputError.of(ABSENT, file=where)
        with source:
            n = export_store(source, args.output or args.file)  # export FILE, or -o FILE
        sys.stderr.write(f"mzcheck: 已导出 {n} 份报表记录 / exported {n} records ← {source.location}\n")
        return EXIT_OK
    if args.action == "import":
        if args.file is None:
            raise InputError.of(IMPORT_NEEDS_FILE)
        target = open_store(args.history_db, create=True)
        assert target is not None  # made when absent
        with target:
            done = import_file(target, args.file)
        sys.stderr.write(f"mzcheck: 已导入 {done.added} 份,跳过已有的 {done.skipped} 份 / imported {done.added} records, "
                         f"skipped {done.skipped} already there → {target.location}\n")
        return EXIT_OK
    if args.jurisdiction is None:
        raise InputError.of(NEEDS_JURISDICTION)
    rules = _rules(args)
    place = rules.jurisdiction(args.jurisdiction)
    if place is None:
        names = "、".join(j.name for j in rules.jurisdictions.values())
        raise InputError(f"unknown jurisdiction {args.jurisdiction!r} / 未知行政区划", help=f"known / 可用: {names}")
    indicator = None
    if args.indicator is not None:
        indicator = rules.indicator_id(args.indicator)
        if indicator is None:
            close = rules.suggest_indicator(args.indicator)
            raise InputError(f"unknown indicator {args.indicator!r} / 未知指标",
                             help=f"did you mean {', '.join(close)}? / 是否应为 {'、'.join(close)}" if close else
                             "run `mzcheck indicators` for the list / 运行 mzcheck indicators 查看指标列表")
    store = open_store(args.history_db)
    if store is None:
        raise InputError.of(NOTHING_YET, file=where)
    with store:
        points = store.series(place.code, indicator)
    _emit(render_series(rules, place, points, store.location, args.format, args.lang))
    return EXIT_OK


def _check_streamed(args: argparse.Namespace, rules: RuleSet, store: Any) -> int:
    """``check --format json`` of one file: each report's object written as soon as it is decided, so a
    province's table is never held as results or as one text (the same text as the writer's)."""
    from mzcheck.engine.evaluate import evaluate
    from mzcheck.render.json import chunks

    try:
        path = args.reports[0]
        reports = _reports_of(path, rules, args)  # every input problem is raised here, before any output
        passed = True

        def checked() -> Any:
            nonlocal passed
            for report in reports:
                if args.year:
                    report = report.model_copy(update={"target_year": args.year})
                check = evaluate(rules, report, store.recorded(report.jurisdiction.code) if store else None,
                                 fail_on=args.fail_on, completion_shown=args.completion)
                passed = passed and check.summary.passed
                yield check

        _emit_chunks(chunks(checked()), args.output, args.reports)
    finally:
        if store is not None:
            store.close()
    return EXIT_OK if passed else EXIT_FAIL


def _emit_chunks(pieces: Any, output: str | None, inputs: Sequence[str]) -> None:
    """:func:`_emit` for text written piece by piece."""
    if not output:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    _emit("", output, inputs)  # the checks on the output's path, and the file made empty
    with Path(output).open("a", encoding="utf-8") as f:
        for piece in pieces:
            f.write(piece)


def cmd_targets(args: argparse.Namespace) -> int:
    rules = _rules(args)
    code = rules.resolve(args.jurisdiction).code if args.jurisdiction is not None else None
    selected = rules.select(code, args.year)
    if args.format == "markdown":
        from mzcheck.load.ruleset import RuleSet
        from mzcheck.render.targets_doc import render_markdown

        _emit(render_markdown(RuleSet(rules.indicators, rules.jurisdictions, selected)) + "\n")
        return EXIT_OK
    from mzcheck.render.rules import targets_text

    _emit(targets_text(selected, args.format, args.lang))
    return EXIT_OK


def cmd_indicators(args: argparse.Namespace) -> int:
    from mzcheck.render.rules import indicators_text

    _emit(indicators_text(_rules(args), args.format, args.lang))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    """A rule (by id) or a message code (R201, or its name)."""
    from mzcheck.core.codes import lookup
    from mzcheck.core.codes import output as O
    from mzcheck.core.errors import InputError
    from mzcheck.core.messages import did_you_mean, looks_like_code

    if args.codes:
        from mzcheck.render.codes import messages_markdown

        _emit(messages_markdown() + "\n")
        return EXIT_OK
    if args.rule_id is None:
        raise InputError.of(O.UNKNOWN_RULE, rule_id="")
    code = lookup(args.rule_id)
    if code is not None:
        from mzcheck.render.codes import code_text

        _emit(code_text(code, args.format, args.lang))
        return EXIT_OK
    if looks_like_code(args.rule_id):
        raise InputError.of(O.UNKNOWN_CODE, key=args.rule_id)
    rules = _rules(args)
    rule = rules.rule(args.rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(args.rule_id, [r.id for r in rules.rules], n=3, cutoff=0.5)
        raise InputError.of(O.UNKNOWN_RULE, rule_id=args.rule_id, help=did_you_mean(close))
    from mzcheck.render.rules import explain_text

    _emit(explain_text(rules, rule, args.format, args.lang))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from mzcheck.render.template import build_template, write_template

    template = build_template(_rules(args), args.jurisdiction, args.year)
    text = write_template(template, args.format, args.output, force=args.force)
    if text is not None:
        _emit(text)
    else:
        sys.stderr.write(f"mzcheck: {len(template.entries)} 项待填 / values to fill in → {args.output}\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from mzcheck.load.schema import report_schema, rules_schema
    from mzcheck.render.json import dumps

    schema = rules_schema() if args.kind == "rules" else report_schema(_rules(args))
    _emit(dumps(schema) + "\n")
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    from mzcheck.load.bundled import bundled_targets
    from mzcheck.load.lint import lint, within
    from mzcheck.load.rules import load_targets
    from mzcheck.render.json import dumps

    own = Path(args.path) if args.path is not None else None
    if own is None or own.resolve() == bundled_targets().resolve():
        rules, scope = load_targets(), None
    else:  # a folder of one's own, on the bundled catalog and rules it may build on; its own rules are linted
        rules, scope = load_targets(own, bundled=not args.no_bundled), own
    findings = lint(rules, Path(args.sources) if args.sources else None, scope=scope)
    if scope is not None:
        rules.rules = [r for r in rules.rules if within(r.file, scope)]
    if args.format == "json":
        _emit(dumps([f.as_dict() for f in findings]) + "\n")
    else:
        for f in findings:
            sys.stdout.write(f.text(args.lang) + "\n")
        n_rules = len(rules.rules)
        if findings:
            sys.stdout.write(f"{len(findings)} 个问题(共 {n_rules} 条规则)\n" if args.lang == "zh" else
                              f"{len(findings)} findings in {n_rules} rules\n")
        else:
            sys.stdout.write(f"全部 {n_rules} 条规则通过校验\n" if args.lang == "zh" else f"all {n_rules} rules are valid\n")
    return EXIT_FAIL if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    """Draft rules from a plan text; see docs/extract.md."""
    from mzcheck.core.codes import extract as X
    from mzcheck.extract import drafts_json, drafts_yaml, explain_text, extract_file, write_folder
    from mzcheck.load.rules import load_catalog
    from mzcheck.render.json import dumps

    layers, bundled = _layers(args)
    catalogue = load_catalog(*layers, bundled=bundled)
    ex = extract_file(args.plan, catalogue=catalogue, jurisdiction=args.jurisdiction, year=args.year,
                      tasks=args.tasks)
    summary = X.SUMMARY(place=ex.jurisdiction, year=ex.year, drafts=len(ex.drafts), proposed=len(ex.proposed)).both()
    if args.explain:
        _emit(explain_text(ex, args.lang))
        sys.stderr.write(summary + "\n")
        return EXIT_OK
    if args.output:
        rule_file = write_folder(ex, args.output, catalogue)
        plan_folder = Path(args.plan).parent
        hint = X.OUTPUT_HINT(path=rule_file, folder=args.output, sources=plan_folder)
        _emit(f"{summary}\n{hint.zh}\n{hint.en}\n")
        return EXIT_OK
    _emit(dumps(drafts_json(ex, catalogue)) + "\n" if args.format == "json" else drafts_yaml(ex))
    sys.stderr.write(summary + "\n")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
