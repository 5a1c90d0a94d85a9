"""The ``mzcheck`` command / 命令行.

Exit codes: 0 nothing at or above ``--fail-on`` falls short; 1 something does; 2 an input cannot be
used (missing file, parse error, unknown jurisdiction), even when the other inputs of the run were checked
and written; 3 an internal error. Bad input never prints a traceback. The contract: docs/contract.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from mzcheck.core.forks import Span
    from mzcheck.load.config import Config
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
    c.add_argument("reports", nargs="+", metavar="REPORT",
                   help="report files (.yaml, .json, .csv, .tsv, .xlsx, .xls); each is checked, a bad one is reported "
                        "beside the others' results / 报表文件,逐个检查")
    c.add_argument("--sheet", metavar="NAME|N",
                   help="the sheet of a workbook to read, by name or number from 1 (default: the first sheet with a "
                        "header row, passing over a cover sheet) / 读取的工作表(名称或从 1 起的序号;默认第一个有表头的工作表)")
    common(c, list(WRITERS))
    c.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                   help="exit 1 when something at this level falls short (default error) / 失败阈值")
    c.add_argument("--fail-on-empty", action="store_true",
                   help="exit 1 when no rule applies to a report (nothing checked) / 无可检查项时退出码为 1")
    c.add_argument("--year", type=_year, help="check against the targets due in this year / 对照该年度目标")
    c.add_argument("--waivers", metavar="FILE", action="append", default=[],
                   help="approved exceptions (YAML; added to the configuration's waivers); repeatable / "
                        "豁免文件(YAML,叠加在配置文件的 waivers 之上,可重复)")
    c.add_argument("--output", "-o", metavar="PATH", help="write the output to a file / 输出到文件")
    c.add_argument("--annotate", metavar="OUT.xlsx",
                   help="for one .xlsx or .csv report: write a copy of it with the results beside the rows they used "
                        "(the input is never changed) / 将结果写在输入表格副本的对应行旁(不修改原表)")
    c.add_argument("--record", action="store_true",
                   help="keep the checked reports in the history store (created if absent) / 将本次报表记入历史记录库")
    c.add_argument("--history-db", metavar="PATH|URL", help=_HISTORY_DB)
    c.add_argument("--completion", choices=["mean", "total"], default="mean",
                   help="overall completion rate shown: mean of the item rates (default) or total over total / "
                   "总体完成率口径:各项平均(默认)或合计比")

    t = sub.add_parser("targets", help="list the rules / 列出目标规则")
    common(t, ("text", "json", "markdown"))
    t.add_argument("--jurisdiction", "-j", metavar="J", help="name or GB/T 2260 code / 名称或区划代码")
    t.add_argument("--year", "-y", type=_year, help="due year / 目标年度")

    i = sub.add_parser("indicators", help="list the indicator catalog / 列出指标目录")
    common(i)

    e = sub.add_parser("explain", help="show a rule and its source, or what a message code means / 解释规则或消息编号")
    e.add_argument("rule_id", metavar="RULE_ID|CODE", nargs="?", help="a rule id, or a message code such as R201")
    e.add_argument("--codes", action="store_true", help="every message code, as Markdown (docs/messages.md) / 全部消息编号")
    common(e)

    tp = sub.add_parser("template", help="write a report to fill in / 生成填报模板")
    tp.add_argument("--jurisdiction", "-j", metavar="J", required=True, help="name or GB/T 2260 code / 名称或区划代码")
    tp.add_argument("--year", "-y", type=_year, required=True, help="year the targets are due / 目标年度")
    tp.add_argument("--format", choices=["yaml", "xlsx"], default="yaml", help="yaml (default) or xlsx / 模板格式")
    tp.add_argument("--output", "-o", metavar="PATH", help="file to write (YAML goes to stdout without it) / 输出文件")
    tp.add_argument("--force", action="store_true", help="overwrite an existing file / 覆盖已有文件")
    tp.add_argument("--targets", metavar="DIR", action="append", default=[], help="a folder (or rule file) of targets of your own, added to the bundled ones; repeatable / 自定义目标规则目录(叠加在内置规则之上,可重复)")
    tp.add_argument("--no-bundled", action="store_true", help="leave the bundled rules out / 不含内置规则")

    sc = sub.add_parser("schema", help="print the JSON Schema of rule, report or waiver files, or of check's JSON output / "
                                       "输出 JSON Schema")
    sc.add_argument("kind", choices=["rules", "report", "waivers", "result", "results"],
                    help="rules: files under targets/; report: report files; waivers: --waivers files; result: the whole "
                         "`check --format json` output; results: one report object of it")
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

    d = sub.add_parser("diff", help="what changed between two rule sets; exit 1 when a binding rule got stricter / "
                       "比较两个规则集(约束性规则收紧时退出码为 1)")
    d.add_argument("old", metavar="OLD", help="the old rule set: a folder or rule file, or several joined by "
                   f"{os.pathsep!r}, each a layer on the bundled rules / 旧规则集(目录或规则文件,可用 {os.pathsep} 连接多层)")
    d.add_argument("new", metavar="NEW", help="the new rule set, the same way / 新规则集")
    d.add_argument("--no-bundled", action="store_true",
                   help="compare the folders alone, on the bundled catalog (for a revised copy of a bundled file) / "
                        "不含内置规则(比较内置规则文件的修订副本时使用)")
    d.add_argument("--format", choices=["text", "markdown", "json"], default="text", help="output format / 输出格式")
    d.add_argument("--lang", choices=["zh", "en"], default=os.environ.get("MZCHECK_LANG", "zh"),
                   help="language of messages (default zh) / 输出语言")

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


def _year(text: str) -> int:
    """A year given on the command line: ASCII or full-width digits, 1949–2100, as a report's years are read."""
    from mzcheck.core.codes.reports import NOT_A_YEAR
    from mzcheck.core.errors import InputError
    from mzcheck.core.numbers import as_year

    year = as_year(text)
    if year is None:
        raise argparse.ArgumentTypeError(str(InputError.of(NOT_A_YEAR, shown_en=repr(text), shown_zh=f"“{text}”",
                                                           example=2025)))
    return year


def entry() -> int:
    """The ``mzcheck`` command (the console script, ``python -m mzcheck``): :func:`main` in a process of its own,
    where a check that validates nothing may run on light records (:func:`_light`).

    A check's process then ends once its exit handlers have run (a coverage tool's, a profiler's) and its output
    is flushed: what it opened is closed (the history store, the output file renamed into place, temporary
    files), and what is left is the interpreter freeing a province's objects one by one and collecting them once
    more, 13 ms of a million-row check."""
    code = main(light=True)
    forks = sys.modules.get("mzcheck.core.forks")
    if forks is not None:  # the processes it forked, waited for: none left behind, their time counted as its own
        forks.wait_left()
    threads = sys.modules.get("threading")
    if _checked and (threads is None or threads.active_count() == 1):  # no thread of anyone's to wait for
        import atexit

        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed or failing stream: the interpreter's own exit says so
            return code
        atexit._run_exitfuncs()
        with contextlib.suppress(OSError, ValueError):  # what the handlers wrote
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return code


_checked: list[bool] = []  # main ran a check: nothing is left open at its end
# what a check run by entry read and made (its rules and reports, the streamed tables its values are read from, how
# it decides: the texts the writers keep), kept to the process's end: a province's table and rules are hundreds of
# thousands of objects, which a function returning would free one by one (0.1 s for the dense million rows; the
# tables and writers some 30 ms more) just before the process ends without freeing anything
_left: list[Any] = []


def main(argv: Sequence[str] | None = None, *, light: bool = False) -> int:
    """The command line, as called from Python: the records are always pydantic's (``light`` is for
    :func:`entry`, whose process is the command's alone)."""
    _fit_stdout()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    if light and args.command == "check":
        _light(args)
        _checked.append(True)
    from mzcheck.core.errors import MzcheckError  # after parsing: --help and --version import no models

    try:
        handler = {"check": cmd_check, "targets": cmd_targets, "indicators": cmd_indicators,
                   "explain": cmd_explain, "lint": cmd_lint, "template": cmd_template,
                   "schema": cmd_schema, "extract": cmd_extract, "history": cmd_history,
                   "diff": cmd_diff}[args.command]
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


# the check's formats whose writers read light records; the others are written from pydantic's models
LIGHT_FORMATS = ("json", "text", "markdown", "junit", "github", "html", "xlsx")


def _light(args: argparse.Namespace) -> None:
    """Run this check on light records (mzcheck.core.modelbase, docs/design/0035-light-records-for-a-check.md)
    when nothing in it is validated by the models: its rule set is read from the signed cache, no waiver file is
    read, nothing is recorded or annotated, its format's writer reads records; and ``MZCHECK_LIGHT`` does not
    say off. Reports are read by readers that check every field themselves. Else pydantic's models, as always."""
    from mzcheck.core import modelbase

    if os.environ.get("MZCHECK_LIGHT", "").strip().lower() in ("0", "off", "no", "false"):
        return
    if args.record or args.annotate or args.waivers or args.format not in LIGHT_FORMATS or modelbase.is_light():
        return
    try:
        from mzcheck.load.cache import cached

        if _config(args).paths("waivers"):
            return
        layers, bundled = _layers(args)
        if cached(*layers, bundled=bundled):
            modelbase.use_light()
    except Exception:  # a configuration or layer in error: the check itself says what, on pydantic's models
        return


def _config(args: argparse.Namespace) -> Config:
    """The run's configuration (mzcheck.toml or pyproject.toml, MZCHECK_TARGETS), found once and kept with its
    arguments: the layers, the files it reads and the waivers all ask for it."""
    config = getattr(args, "_config", None)
    if config is None:
        from mzcheck.load.config import find_config

        config = args._config = find_config()
    return cast("Config", config)


def _layers(args: argparse.Namespace) -> tuple[list[str | Path], bool]:
    """The rule-set layers of this run: the configuration's (mzcheck.toml, MZCHECK_TARGETS), then --targets."""
    config = _config(args)
    layers: list[str | Path] = [*config.targets, *getattr(args, "targets", [])]
    return layers, config.bundled and not getattr(args, "no_bundled", False)


def _rules(args: argparse.Namespace) -> RuleSet:
    from mzcheck.load.cache import load_targets_cached  # the compiled rule set of an earlier run, if current

    layers, bundled = _layers(args)
    from mzcheck.core.collector import paused

    # a check run as the command keeps its rules to its end: frozen as soon as they are read back, their objects
    # (137,000 for the dense benchmark's 13,124 rules) are not scanned by the collector's next turns, the first of
    # which comes as soon as it is on again (12 ms of the dense benchmark's start); called from Python, left as is
    with paused(freeze=bool(_checked)):
        return load_targets_cached(*layers, bundled=bundled)


def _reports_of(path: str, rules: RuleSet, args: argparse.Namespace, settle: Any = None,
                fills: list[Any] | None = None) -> Any:
    """A report file's reports. A big CSV file is streamed (mzcheck.read.stream: same reports and messages,
    values read only where a rule needs them), with a progress bar when it takes a while on a terminal; with
    ``settle``, the processes reading it decide what they read as they go, and such reports come as
    :class:`~mzcheck.read.rows.Settled`; with ``fills``, their values are read by the process that decides each,
    through the function added to ``fills`` (``CsvReports.fill``). Raises PartlyRead with the usable reports
    when only some rows or reports of the file are wrong."""
    from mzcheck.read.formats import load_report
    from mzcheck.read.rows import PartlyRead

    if path.lower().endswith((".csv", ".tsv")):
        from mzcheck.read import stream

        if stream.streamable(path):
            from mzcheck.core.collector import paused
            from mzcheck.read.children import gather

            # what is loaded stays to the end of this run: frozen before the collector runs again, it is never
            # rescanned (collecting the million rows' objects once, as the collector came back on, cost 5-10 ms)
            with paused(freeze=True):
                try:
                    streamed = stream.stream_csv_reports(path, rules, target_year=args.year,
                                                         keep_all=bool(getattr(args, "record", False)), settle=settle,
                                                         unread=fills is not None)
                except PartlyRead as exc:
                    if fills is not None and isinstance(exc.reports, stream.CsvReports):
                        fills.append(exc.reports.fill)
                    raise PartlyRead(exc.problems, gather(list(exc.reports), rules, exc.spoiled), exc.spoiled) from None
                if streamed is not None:
                    if fills is not None:
                        fills.append(streamed.fill)
                    return gather(list(streamed), rules)
    return load_report(path, rules, sheet=args.sheet)


_MARKS = str.maketrans({"✓": "+", "✗": "x", "→": "->", "↓": "v", "…": "...", "—": "-", "–": "-", "⚠": "!"})
_ascii_marks: list[str] = []  # the encoding of a stdout that cannot show every mark (then marks go ASCII)


def _fit_stdout() -> None:
    """When stdout's encoding (PYTHONIOENCODING=ascii, a GBK console) cannot encode the status marks, write
    marks in ASCII and anything else it cannot encode as \\u escapes, with one note; never a crash."""
    _ascii_marks.clear()
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "✓✗→↓…—".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
        _ascii_marks[:] = [encoding]


def _reads(args: argparse.Namespace, *extra: str | Path) -> list[str | Path]:
    """Every file this run reads, which no output may replace: ``extra`` (reports, a plan), the layers of
    rules of every --targets and the configuration (bundled ones included), the configuration file, the
    history store and its journal files, the waiver files the configuration names."""
    from mzcheck.core.errors import MzcheckError
    from mzcheck.load.bundled import bundled_targets

    config = _config(args)
    reads: list[str | Path] = [*extra]
    for layer in [*config.targets, *getattr(args, "targets", [])]:
        p = Path(layer)
        reads.append(p)
        if not p.is_dir():  # a rule file: its folder's catalog is read too
            reads.extend(p.parent / n for n in ("indicators.yaml", "jurisdictions.yaml"))
    with contextlib.suppress(MzcheckError):  # no bundled targets: a broken install, said when they are loaded
        reads.append(bundled_targets())
    if config.file is not None:
        reads.append(config.file)
    reads.extend(config.paths("waivers"))
    store = _store_path(args)
    if store is not None:
        reads.extend(Path(f"{store}{end}") for end in ("", "-wal", "-journal", "-shm"))
    return reads


def _store_path(args: argparse.Namespace) -> Path | None:
    """The history store's file, when the run names one or the default can be told (not a PostgreSQL address)."""
    from mzcheck.core.errors import MzcheckError
    from mzcheck.history.postgres import is_url
    from mzcheck.history.store import default_location

    where = getattr(args, "history_db", None)
    if where is None and args.command not in ("check", "history"):
        return None
    try:
        location = where or default_location()
        return None if is_url(location) else Path(location).expanduser()
    except (MzcheckError, RuntimeError):  # no home folder to find it in: then no store is read either
        return None


def _emit(data: str | bytes | Iterable[str | bytes | Span], output: str | None = None,
          reads: Sequence[str | Path] = ()) -> None:
    """Write a writer's output to ``output`` (text as UTF-8, text given piece by piece, or bytes such as a
    workbook; never onto a file of ``reads``, replaced whole or not at all) or to stdout, piece by piece. A
    piece given as bytes (a report's UTF-8 from a forked process) is written as it is where stdout is UTF-8;
    then the text pieces around it are encoded here, as stdout would, into the same buffer. A piece given as a
    :class:`~mzcheck.core.forks.Span` (a forked process's run of reports, joined) is copied from its file."""
    from mzcheck.core.codes import output as O
    from mzcheck.core.errors import InputError
    from mzcheck.core.files import write_output

    if output:
        write_output(output, data, reads)
        return
    if isinstance(data, bytes):
        raise InputError.of(O.XLSX_NEEDS_OUTPUT)
    noted = False
    raw = _utf8_stdout() if not isinstance(data, str) else None
    errors = getattr(sys.stdout, "errors", None) or "strict"  # UTF-8's, as stdout would encode it
    for given in [data] if isinstance(data, str) else data:
        if raw is not None:
            _stdout(given.encode("utf-8", errors) if isinstance(given, str) else given, raw)
            continue
        if not isinstance(given, (str, bytes)):  # a Span: read, for a stdout of another encoding
            given = given.read()
        piece = given.decode("utf-8") if isinstance(given, bytes) else given  # for a stdout of another encoding
        if _ascii_marks:
            encoding = _ascii_marks[0]
            try:
                piece.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                piece = piece.translate(_MARKS)
                if not noted:
                    note = O.ASCII_MARKS(encoding=encoding)
                    sys.stderr.write(f"mzcheck: {note.code} {note.both()}\n")
                    noted = True
        _stdout(piece)
    _stdout(None)


def _utf8_stdout() -> Any:
    """stdout's binary buffer, flushed, where bytes of UTF-8 are what its text would be written as (it encodes
    as UTF-8, with no marks made ASCII, and line breaks are not translated: not on Windows); else None."""
    import codecs

    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if raw is None or _ascii_marks or os.linesep != "\n":
        return None
    try:
        if codecs.lookup(getattr(stream, "encoding", None) or "ascii").name != "utf-8":
            return None
    except LookupError:
        return None
    _stdout(None)
    return raw


def _stdout(text: str | bytes | Span | None, raw: Any = None) -> None:
    """Write ``text`` to stdout, or bytes (a span of a file's, copied) to its buffer ``raw`` (None: flush it)."""
    try:
        if text is None:
            sys.stdout.flush()
        elif raw is not None:
            if isinstance(text, (bytes, str)):
                raw.write(text)
            else:
                text.send(raw)
        else:
            sys.stdout.write(text)  # type: ignore[arg-type]
    except BrokenPipeError:
        raise
    except OSError as exc:  # stdout on a full disk, a device that fails: said, and nothing recorded after it
        from mzcheck.core.codes import output as O  # here, not for each of a province's thousands of reports
        from mzcheck.core.errors import InputError

        with contextlib.suppress(OSError, ValueError):  # what is left in the buffer goes nowhere at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise InputError.of(O.WRITE_FAILED, reason_en=exc.strerror or str(exc)) from None


def _check_annotate(args: argparse.Namespace, reads: Sequence[str | Path]) -> None:
    """``--annotate OUT.xlsx`` takes one table report and a new .xlsx path that is neither an input nor -o."""
    from mzcheck.core.codes import output as O
    from mzcheck.core.errors import InputError
    from mzcheck.core.files import check_output

    tables = [p for p in args.reports if p.lower().endswith((".xlsx", ".csv", ".tsv"))]
    if len(args.reports) != 1 or len(tables) != 1:
        raise InputError.of(O.ANNOTATE_NEEDS_TABLE, given=", ".join(args.reports))
    if not args.annotate.lower().endswith(".xlsx"):
        raise InputError.of(O.XLSX_SUFFIX, file=args.annotate)
    if args.output and Path(args.output).resolve() == Path(args.annotate).resolve():
        raise InputError.of(O.OUTPUT_IS_INPUT, file=args.annotate, path=args.annotate)
    check_output(args.annotate, [*reads, *([args.output] if args.output else [])])


def _annotation(args: argparse.Namespace, results: Sequence[Any], reads: Sequence[str | Path]) -> None:
    """The one input table with the results beside its rows (mzcheck.render.annotate), written atomically."""
    from mzcheck.core.files import write_output
    from mzcheck.read.table import read_table
    from mzcheck.render.annotate import annotate

    table = args.reports[0]
    header = read_table(table).header_line or 1
    write_output(args.annotate, annotate(table, header, results, args.lang), reads)


def cmd_check(args: argparse.Namespace) -> int:
    """Every report of every file is checked and written; the files (or rows) that cannot be read are
    reported beside them (in the output of the machine formats, and on stderr), and make the exit 2."""
    from mzcheck.core.codes import output as O
    from mzcheck.core.codes.history import ABSENT
    from mzcheck.core.errors import InputError, Problem, problem
    from mzcheck.core.files import check_output
    from mzcheck.history.store import default_location, open_store, shown_location
    from mzcheck.load.waivers import load_waivers
    from mzcheck.render import one_pass, streamer, writer

    reads = _reads(args, *args.reports)
    if args.output:
        check_output(args.output, reads)  # refused before anything is read or recorded
    if args.annotate:
        _check_annotate(args, reads)
    rules = _rules(args)
    waivers = load_waivers([*_config(args).paths("waivers"), *args.waivers], rules)
    results = []
    problems: list[Problem] = []
    # earlier records feed the trends; a missing store is made only when recording; the default location is
    # looked for only when no store is named (an environment without a home folder then has none to read)
    location: str | Path | None
    if args.history_db or args.record:
        location = args.history_db or default_location()
        store = open_store(location, create=args.record)
    else:
        try:
            location = default_location()
        except InputError:
            location = None
        store = open_store(location) if location is not None else None
    if store is None and args.history_db:
        raise InputError.of(ABSENT, file=shown_location(args.history_db))
    write = streamer(args.format) or one_pass(args.format)
    if write is not None and not args.record and not args.annotate:
        return _check_streamed(args, rules, store, waivers, reads, write, location)
    checked = []
    try:
        for path in args.reports:
            for report in _readable(path, rules, args, problems):
                report, check = _judged(args, rules, store, waivers, report)
                checked.append((report, check))
                results.append(check)
        if args.record and store is not None and problems:  # a run is recorded whole or not at all
            problems.append(problem(O.NOT_RECORDED, files=len({p.file for p in problems})))
        options = _options(args, problems)
        if args.annotate and results:
            _annotation(args, results, reads)
        if results or args.format in _CARRY_ERRORS:
            _emit(writer(args.format)(results, options), args.output, reads)
        # recorded only once the output is written: a refused or failed output records nothing
        if args.record and store is not None and not problems:
            for report, check in checked:
                store.record(rules, report, check)
            sys.stderr.write(f"mzcheck: 已记录 / recorded {len(checked)} → {store.location}\n")
    finally:
        if store is not None:
            store.close()
    return _exit(args, problems, all(r.summary.passed for r in results), any(r.summary.total == 0 for r in results))


_CARRY_ERRORS = ("json", "jsonl", "github", "junit")  # formats written with no report: they carry the input errors


def _options(args: argparse.Namespace, problems: Sequence[Any]) -> Any:
    """The writers' options of a check: colour for text on a terminal (never with NO_COLOR or a dumb one)."""
    from mzcheck.render import Options

    color = (args.format == "text" and args.output is None and sys.stdout.isatty()
             and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb")
    return Options(lang=args.lang, color=color, fail_on=args.fail_on, errors=tuple(problems))


def _readable(path: str, rules: RuleSet, args: argparse.Namespace, problems: list[Any], settle: Any = None,
              fills: list[Any] | None = None) -> list[Any]:
    """The reports of ``path`` that can be read; the problems of the rest (a whole file, or some rows of a
    table) are added to ``problems``. ``settle``, ``fills``: as for :func:`_reports_of`."""
    from mzcheck.core.errors import InputError
    from mzcheck.read.rows import PartlyRead

    try:
        return list(_reports_of(path, rules, args, settle, fills))
    except PartlyRead as exc:  # some rows could not be read: the reports they do not touch can
        problems.extend(exc.problems)
        return list(exc.reports)
    except InputError as exc:
        problems.extend(exc.problems)
        return []


def _judged(args: argparse.Namespace, rules: RuleSet, store: Any, waivers: Any, report: Any) -> tuple[Any, Any]:
    """``report`` (against --year's targets when given) and its check."""
    from mzcheck.engine.evaluate import evaluate

    if args.year:
        report = report.model_copy(update={"target_year": args.year})
    return report, evaluate(rules, report, store.recorded(report.jurisdiction.code) if store else None,
                            fail_on=args.fail_on, completion_shown=args.completion, waivers=waivers)


def _exit(args: argparse.Namespace, problems: list[Any], passed: bool, empty: bool) -> int:
    """The exit code of a check: 2 (with the problems on stderr) when an input could not be read, else 1 when a
    report falls short (or, with --fail-on-empty, had nothing to check), else 0."""
    from mzcheck.core.errors import InputError

    if problems:
        sys.stderr.write(f"mzcheck: {InputError(problems)}\n")
        return EXIT_INPUT
    return EXIT_OK if passed and not (args.fail_on_empty and empty) else EXIT_FAIL


def cmd_history(args: argparse.Namespace) -> int:
    from mzcheck.core.codes.history import ABSENT, IMPORT_NEEDS_FILE, NEEDS_JURISDICTION, NOTHING_YET
    from mzcheck.core.errors import InputError
    from mzcheck.history.store import default_location, open_store, shown_location
    from mzcheck.history.transfer import export_store, import_file
    from mzcheck.render.series import render_series

    def where() -> str:  # the default location is looked for only when it is used
        return shown_location(args.history_db or default_location())

    if args.action == "export":
        source = open_store(args.history_db or default_location())
        if source is None:
            raise InputError.of(ABSENT, file=where())
        with source:
            n = export_store(source, args.output or args.file, reads=_reads(args))  # export FILE, or -o FILE
        sys.stderr.write(f"mzcheck: 已导出 {n} 份报表记录 / exported {n} records ← {source.location}\n")
        return EXIT_OK
    if args.action == "import":
        if args.file is None:
            raise InputError.of(IMPORT_NEEDS_FILE)
        target = open_store(args.history_db or default_location(), create=True)
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
    store = open_store(args.history_db or default_location())
    if store is None:
        raise InputError.of(NOTHING_YET, file=where())
    with store:
        points = store.series(place.code, indicator)
    _emit(render_series(rules, place, points, store.location, args.format, args.lang))
    return EXIT_OK


def _check_streamed(args: argparse.Namespace, rules: RuleSet, store: Any, waivers: Any,
                    reads: Sequence[str | Path], write: Any, where: Any) -> int:
    """``check`` in a format written report by report (``write`` is its stream: json, jsonl, text, markdown, html,
    github) or read once in order (xlsx): every file is read first (so every input problem is known before the
    output starts), then each report given to the writer as soon as it is decided, so a province's or the
    nation's tables are never held as results (the output is the writer's, byte for byte)."""
    from mzcheck.core.collector import paused
    from mzcheck.core.errors import Problem
    from mzcheck.history.store import open_store
    from mzcheck.read.rows import Settled
    from mzcheck.render import WrittenRun
    from mzcheck.render.pieces import decided

    problems: list[Problem] = []
    passed, empty = True, False
    try:
        def apart() -> tuple[Any, Any]:
            """In a forked process: a connection of its own to the history store (the one opened here is not
            to be used across a fork), and its closing."""
            own = open_store(where) if store is not None and where is not None else None
            return _deciding(args, rules, own, waivers), own.close if own is not None else lambda: None

        decide = _deciding(args, rules, store, waivers)
        settle = _settler(args, decide, apart)
        fills: list[Any] = []  # a big table's values are read by the process that decides each report (0040)
        reports = [r.decided if r.__class__ is Settled else r
                   for path in args.reports for r in _readable(path, rules, args, problems, settle, fills)]
        if fills:
            decide, apart = _filling(decide, fills), _filling_apart(apart, fills)
        if _checked:  # the process ends once the check is written (entry): nothing of it freed object by object
            _left.append((rules, reports, fills, decide))
        options = _options(args, problems)

        def checked() -> Any:
            nonlocal passed, empty
            bar = _checking(args, len(reports))
            done = 0
            # a province's reports are decided side by side by forked processes where the format allows
            for check in decided(reports, decide, args.format, options, apart=apart):
                if isinstance(check, WrittenRun):  # a forked process's run of them, joined
                    for summary in check.summaries:
                        passed = passed and summary.passed
                        empty = empty or summary.total == 0
                    done += len(check.summaries)
                else:
                    passed = passed and check.summary.passed
                    empty = empty or check.summary.total == 0
                    done += 1
                if bar is not None:
                    bar.update(done)
                yield check
            if bar is not None:
                bar.close()

        if reports or args.format in _CARRY_ERRORS:  # to a temporary file beside --output, renamed once whole
            # a report's results make no reference cycles and are let go once written. In the command's own process,
            # which ends with the check, what it still holds is frozen first, not all scanned once more by the
            # collector's next turn (some 30 ms after a province's table); called from Python, left as it is
            with paused(freeze=bool(_checked)):
                _emit(write(checked(), options), args.output, reads)
    finally:
        if store is not None:
            store.close()
    return _exit(args, problems, passed, empty)


def _filling(decide: Any, fills: list[Any]) -> Any:
    """``decide``, reading a report's values (and its children's) first where the stream left them unread (each
    streamed file's ``fill`` reads only its own reports')."""

    def filled(report: Any) -> Any:
        for fill in fills:
            fill(report)
        return decide(report)

    return filled


def _filling_apart(apart: Any, fills: list[Any]) -> Any:
    """``apart`` (see _check_streamed), its ``decide`` reading values first as :func:`_filling`'s."""

    def there() -> tuple[Any, Any]:
        decide, done = apart()
        return _filling(decide, fills), done

    return there


def _deciding(args: argparse.Namespace, rules: RuleSet, store: Any, waivers: Any) -> Any:
    """How a streamed check decides a report: its result (:func:`_judged`); in the json format, where no waiver
    or --year comes in, a report whose verdicts are all whole numbers as its text, written directly
    (mzcheck.render.direct, docs/design/0037-whole-verdicts-written-directly.md: the history store's records do
    not enter such verdicts, which are the figures against their targets on or after the due date)."""

    def judged(report: Any) -> Any:
        return _judged(args, rules, store, waivers, report)[1]

    if args.format != "json" or waivers or args.year:
        return judged
    from mzcheck.render.direct import writer

    direct = writer(rules, args.fail_on, args.completion)
    return lambda report: direct(report) or judged(report)


def _settler(args: argparse.Namespace, decide: Any, apart: Any) -> Any:
    """How a process reading a big table decides the reports it has read while the others still read
    (mzcheck.read.stream; docs/design/0036-deciding-while-reading.md): each report's text as the format writes
    it (its ``piece``) with its summary, as :class:`~mzcheck.render.Written`; None for a format without a piece.
    This process decides with ``decide``, a forked one with what ``apart`` gives it. A piece's text does not
    depend on the run's input errors (which only the run's end writes), the one option not known yet."""
    from mzcheck.render import Written
    from mzcheck.render.pieces import piece_of

    made = piece_of(args.format)
    if made is None:
        return None
    import mzcheck.engine.evaluate  # noqa: F401  # imported once, before the reading processes are forked

    here = os.getpid()

    def settle(reports: Iterable[Any]) -> list[Any]:
        text_of = made(_options(args, ()))
        decide_, done = (decide, None) if os.getpid() == here else apart()
        summaries: dict[Any, Any] = {}  # equal summaries (most reports': nothing to check) one object, pickled once
        try:
            out = []
            for check in map(decide_, reports):
                if check.__class__ is Written:  # written directly (mzcheck.render.direct)
                    out.append(check)
                    continue
                summary = check.summary
                if summary.completion is None:  # its fields are then counts and a yes or no
                    summary = summaries.setdefault(tuple(summary.__dict__.values()), summary)
                out.append(Written(text_of(check), summary))
            return out
        finally:
            if done is not None:
                done()

    return settle


def _checking(args: argparse.Namespace, count: int) -> Any:
    """The bar of the reports checked and written (shown after a second, on a terminal's stderr), when the output
    does not go to the same terminal: a bar redrawn between the lines of the results would break them."""
    from mzcheck.core import progress

    if count < 2 or (args.output is None and progress.terminal(sys.stdout)):
        return None
    return progress.Progress(count, "检查 / checking", "reports", delay=progress.DELAY)


def cmd_targets(args: argparse.Namespace) -> int:
    rules = _rules(args)
    code = rules.resolve(args.jurisdiction).code if args.jurisdiction is not None else None
    selected = rules.select(code, args.year, superseded=True)
    if args.format == "markdown":
        from mzcheck.load.ruleset import RuleSet
        from mzcheck.render.targets_doc import render_markdown

        _emit(render_markdown(RuleSet(rules.indicators, rules.jurisdictions, selected,
                                      superseded_by=rules.superseded_by)) + "\n")
        return EXIT_OK
    from mzcheck.render.rules import targets_text

    _emit(targets_text(selected, args.format, args.lang, rules.superseded_by))
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
    text = write_template(template, args.format, args.output, force=args.force, reads=_reads(args))
    if text is not None:
        _emit(text)
    else:
        sys.stderr.write(f"mzcheck: {len(template.entries)} 项待填 / values to fill in → {args.output}\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from mzcheck.load.schema import report_schema, results_schema, rules_schema, waivers_schema
    from mzcheck.render.json import dumps, result_schema

    schemas = {"rules": rules_schema, "waivers": waivers_schema, "results": results_schema, "result": result_schema}
    schema = schemas[args.kind]() if args.kind in schemas else report_schema(_rules(args))
    _emit(dumps(schema) + "\n")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Two rule sets, each loaded as ``--targets`` loads its layers; exit 1 when a binding rule got stricter."""
    from mzcheck.load.diff import diff_rule_sets
    from mzcheck.load.rules import load_targets
    from mzcheck.render.diff import render_diff

    bundled = _config(args).bundled and not args.no_bundled
    sides = []
    for spec in (args.old, args.new):
        layers = [p for p in spec.split(os.pathsep) if p.strip()]
        sides.append((layers, load_targets(*layers, bundled=bundled)))
    (old_layers, old), (new_layers, new) = sides
    diff = diff_rule_sets(old, new)
    _emit(render_diff(diff, args.format, args.lang, old_layers, new_layers))
    return EXIT_FAIL if diff.stricter else EXIT_OK


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
        rule_file = write_folder(ex, args.output, catalogue, reads=_reads(args, args.plan))
        plan_folder = Path(args.plan).parent
        hint = X.OUTPUT_HINT(path=rule_file, folder=args.output, sources=plan_folder)
        _emit(f"{summary}\n{hint.zh}\n{hint.en}\n")
        return EXIT_OK
    _emit(dumps(drafts_json(ex, catalogue)) + "\n" if args.format == "json" else drafts_yaml(ex))
    sys.stderr.write(summary + "\n")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
