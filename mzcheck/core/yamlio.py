"""Reading YAML (and JSON) with line numbers, exactly and safely / 带行号的安全 YAML 读取.

PyYAML's safe loader is used to compose the node tree only; this module builds the Python values
itself so that

- every value keeps the line it came from (errors say ``file:14: target.unit: …``);
- a duplicate key is an error naming the key and both lines (PyYAML silently keeps the last);
- numbers stay exact: ``0.29`` becomes ``Decimal("0.29")``, never the float 0.28999…;
- no tag can construct an object (``!!python/object`` is refused), and alias bombs are bounded.

JSON is read by the same code: it is YAML as far as reports and rules need.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from mzcheck.core.codes import files as F
from mzcheck.core.codes import syntax as Y
from mzcheck.core.errors import InputError, Problem, Said, problem
from mzcheck.core.files import read_bounded
from mzcheck.core.messages import Code
from mzcheck.core.numbers import int_text

Path_ = tuple[str | int, ...]

MAX_BYTES = 50 * 1024 * 1024  # reports and rule files are kilobytes; 50 MB is surely a wrong file
MAX_NODES = 1_000_000
MAX_ALIASED = 100_000  # values repeated through aliases: real files repeat a few, a bomb billions

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_DECIMAL_INT = re.compile(r"[-+]?\d+")
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class Document:
    """Parsed data and the line of every path in it (1-based)."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def problem(self, path: Path_, message: Said, help: Said | None = None, field: str | None = None) -> Problem:
        fld = field if field is not None else self.field(path)
        return Problem(message, file=self.file, line=self.line(path), field=fld, help=help)

    def coded(self, path: Path_, code: Code, /, *, field: str | None = None, help: Said | None = None,
              **fields: Any) -> Problem:
        """The problem of a catalogue code at ``path`` (its line, and the path as the field)."""
        return problem(code, file=self.file, line=self.line(path), field=field if field is not None else self.field(path),
                       help=help, **fields)

    @staticmethod
    def field(path: Path_) -> str | None:
        """``values.certified_carers`` for a path: its keys, list positions left out."""
        return ".".join(str(x) for x in path if not isinstance(x, int)) or None


def shown(value: Any) -> str:
    """A value as the user wrote it, for messages: 2025.5, 2025-01-01, true, [1, 2] — not Python's repr."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "null (empty)"
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    return repr(value)


def read_text(path: str | Path) -> str:
    """Read a text file as UTF-8 (a BOM is accepted), refusing binaries, huge files and other encodings."""
    name = str(path)
    raw = read_bounded(path, MAX_BYTES)  # a pipe or device (/dev/zero) is refused at the limit
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.of(F.UTF16, file=name)
    if b"\x00" in raw[:8192]:
        raise InputError.of(F.BINARY, file=name)
    try:
        # a BOM past the start comes from pasting files together: it is invisible and means nothing
        return raw.decode("utf-8-sig").replace("\ufeff", "")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = None
        try:
            raw.decode("gb18030")
            hint = F.LOOKS_GBK()
        except UnicodeDecodeError:
            pass
        raise InputError.of(F.NOT_UTF8, file=name, line=line, help=hint, at=exc.start) from None


def load(path: str | Path) -> Document:
    """Read and parse a YAML or JSON file."""
    return loads(read_text(path), str(path))


def loads(text: str, file: str = "<string>") -> Document:
    import yaml

    if not text.strip():
        raise InputError.of(F.EMPTY, file=file)
    text = half_width(text, file)
    _check_depth(text, file)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if line is not None:
            _full_width_near(text, line, file)
        what = exc.problem or exc.context or "invalid YAML"
        column = f" (column {mark.column + 1})" if mark else ""
        raise InputError.of(Y.NOT_YAML, file=file, line=line, help=_yaml_hint(what), column_en=column,
                            problem_en=what) from None
    except yaml.YAMLError as exc:
        raise InputError.of(Y.NOT_YAML, file=file, column_en="", problem_en=str(exc)) from None
    except RecursionError:  # _check_depth bounds nesting; this is a last guard
        raise InputError.of(Y.TOO_DEEP, file=file, depth=MAX_DEPTH) from None
    doc = Document(None, file)
    if node is None:
        raise InputError.of(F.EMPTY, file=file)
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    return doc


# ------------------------------------------------------------------ full-width punctuation in hand-written YAML

_FULL = {"：": ("冒号", "colon", "冒号“:”", "':'"), "\u3000": ("空格", "space", "空格", "an ASCII space"),
         "，": ("逗号", "comma", "逗号“,”", "','")}
_BLOCK_VALUE = re.compile(r"""^\s*(?:-\s+)?[^\s#'"\[{][^#]*?:(?:\s+(?P<value>[^#\s].*?))?\s*(?:#.*)?$""")
_KEY_FULL_COLON = re.compile(r"""^(?P<lead>[ ]*)(?P<key>[^\s#'"\[{:：-][^#:：]*?)[ \u3000]*：[ \u3000]*(?P<rest>.*)$""")
_FLOW_LIST = re.compile(r"""^(?P<head>[^#]*?:[ ]+|[ ]*-[ ]+)(?P<list>\[[^#'"]*\])(?P<tail>[ ]*(?:#.*)?)$""")
_LIST_MARKS = re.compile(r"^(?:-[ ]+)+")
_FLOW_MAPPING = re.compile(r"(?:^|:[ ]+|-[ ]+|[\[,])[ ]*\{")  # a { that opens a mapping, not one inside text
_COLON_FULL_SPACE = re.compile(r"^(?P<head>[ ]*(?:-[ ]+)?[^\s#'\"\[{][^#]*?:)\u3000+")


def half_width(text: str, file: str = "<string>") -> str:
    """Hand-written YAML with the full-width punctuation a Chinese keyboard types, read where its meaning is
    clear: ``持证养老护理员数：5260`` (the line's key-value colon), ``key:　value`` (a full-width space after
    the colon), ``[养老，助餐]`` (a full-width comma in a [...] list). Full-width spaces as indentation are
    refused (Y701: how many spaces?), and so is a line with several ``：`` and no ``:`` (which one?). The
    bodies of block and multi-line scalars are left as written, and so is anything quoted. Line numbers
    do not change."""
    if "：" not in text and "\u3000" not in text and "，" not in text:
        return text
    lines = text.split("\n")
    body: int | None = None  # the indentation of a line whose value may continue on deeper lines
    for i, line in enumerate(lines):
        stripped = line.strip(" \r")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if body is not None and indent > body:
            continue  # a block scalar's body, or a plain scalar's next line: text, as written
        body = None
        if line[indent:indent + 1] == "\u3000":
            body_text = line.lstrip(" \u3000")
            lead = line[:len(line) - len(body_text)].replace("\u3000", "  ")
            raise _full_width_error("\u3000", file, i + 1, lead + body_text)
        plain = _unquoted(line)
        if "：" in plain and _FLOW_MAPPING.search(plain):  # {a：1}: a flow mapping's colon, or text? Say so.
            raise _full_width_error("：", file, i + 1, line.replace("：", ": "))
        m = _KEY_FULL_COLON.match(line)
        if m and ":" not in line.split("#", 1)[0]:
            if "：" in m.group("rest").split("#", 1)[0]:
                raise _full_width_error("：", file, i + 1, f"{m.group('lead')}{m.group('key')}: {m.group('rest')}")
            rest = m.group("rest")
            line = f"{m.group('lead')}{m.group('key')}:{' ' if rest else ''}{rest}"
        line = _COLON_FULL_SPACE.sub(lambda x: x.group("head") + " ", line)
        f = _FLOW_LIST.match(line)
        if f and "，" in f.group("list"):
            line = f.group("head") + re.sub(r"[ ]*，[ \u3000]*", ", ", f.group("list")) + f.group("tail")
        lines[i] = line
        v = _BLOCK_VALUE.match(line)
        if v is not None and v.group("value") is not None:  # a value (or | and >) that may go on below
            body = indent + len(line[indent:]) - len(_LIST_MARKS.sub("", line[indent:], count=1))  # the key's column
    return "\n".join(lines)


def _full_width_error(char: str, file: str, line: int, fixed: str) -> InputError:
    name_zh, name_en, ascii_zh, ascii_en = _FULL[char]
    return InputError.of(Y.FULL_WIDTH, file=file, line=line, char=char, hex=f"{ord(char):04X}", name_zh=name_zh,
                         name_en=name_en, ascii_zh=ascii_zh, ascii_en=ascii_en, fixed=fixed.rstrip(),
                         help=Y.FULL_WIDTH.hint(ascii_zh=ascii_zh, ascii_en=ascii_en, fixed=fixed.rstrip()))


def _full_width_near(text: str, line: int, file: str) -> None:
    """A YAML error at ``line`` whose line, or the one above (where the slip usually is), has full-width
    punctuation outside quotes: that character is named, with the line corrected (Y701)."""
    lines = text.split("\n")
    for n in (line, line - 1):
        if not 1 <= n <= len(lines):
            continue
        plain = _unquoted(lines[n - 1])
        suspects = (("：", ": ", ":" not in plain),  # no ':' on the line: the '：' may be meant as one
                    ("，", ", ", "[" in plain or "{" in plain),  # in a list or mapping written on one line
                    ("\u3000", "  ", plain.lstrip(" ").startswith("\u3000") or ":\u3000" in plain))
        for char, fix, suspect in suspects:
            if char in plain and suspect:
                raise _full_width_error(char, file, n, lines[n - 1].replace(char, fix).rstrip())


def _unquoted(line: str) -> str:
    """A line without its quoted parts and its comment."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "", line).split("#", 1)[0]


def _compose(text: str) -> Any:
    """The node tree, through libyaml when PyYAML has it (about 7× faster on the bundled rules).

    libyaml and PyYAML's own parser agree on ordinary files; they differ on tabs, ``!`` tags, ``?`` keys,
    stray document markers, a comment glued to ``|``/``>`` and unusual characters (libyaml accepts some
    that PyYAML refuses). Such texts, and any text libyaml refuses, go to PyYAML's parser, so results and
    error messages never depend on how PyYAML was built.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and not _PARSERS_DIFFER.search(text):
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


# Found by differential fuzzing of the two parsers (tests/test_startup.py runs the same comparison).
_PARSERS_DIFFER = re.compile(
    r"[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    r"|[!?]|[|>][-+0-9]*#|(?<![^\r\n])(?:---|\.\.\.)"
)


def _yaml_hint(what: str) -> Said | None:
    """A help line for PyYAML's problem text; None: Y101's own."""
    if "'\\t'" in what:
        return Y.TAB_HINT()
    if "mapping values are not allowed" in what:
        return Y.COLON_HINT()
    return None


# libyaml composes on the C stack: a few hundred thousand nested brackets crash the interpreter outright.
# Reports and rule files nest a handful of levels, so anything deeper is refused before composing.
MAX_DEPTH = 100


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, cheaply: block nesting needs a column per level, flow a bracket."""
    import yaml

    widest = max((len(line) for line in text.splitlines()), default=0)
    if widest + text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise InputError.of(Y.TOO_DEEP, file=file, line=line, depth=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # composing reports the syntax error with its line


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.seen: set[int] = set()
        self.repeated = 0

    def build(self, node: Any, path: Path_) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            raise InputError.of(Y.TOO_MANY_VALUES, file=self.doc.file, line=node.start_mark.line + 1, limit=MAX_NODES)
        # an alias repeats a node already built; nine aliases of nine aliases … is a billion values
        if id(node) in self.seen:
            self.repeated += 1
            if self.repeated > MAX_ALIASED:
                raise InputError.of(Y.ALIAS_BOMB, file=self.doc.file, line=node.start_mark.line + 1, limit=MAX_ALIASED)
        else:
            self.seen.add(id(node))
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                return self._bad_tag(node, path)
            out: dict[Any, Any] = {}
            seen: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problems.append(self.doc.coded(path, Y.MERGE_KEY))
                    continue
                key = self.build(key_node, path)
                if isinstance(key, (dict, list)):
                    self.problems.append(self.doc.coded(path, Y.KEY_NOT_PLAIN))
                    continue
                key = str(key) if not isinstance(key, str) else key
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                if key in seen:
                    first, first_col = seen[key]
                    where_en = (f"lines {first} and {line}" if first != line else
                                f"line {line}, columns {first_col} and {column}")
                    where_zh = (f"第 {first} 行和第 {line} 行" if first != line else
                                f"第 {line} 行第 {first_col} 列和第 {column} 列")
                    self.problems.append(problem(Y.DUPLICATE_KEY, file=self.doc.file, line=line, key=key,
                                                 where_en=where_en, where_zh=where_zh))
                    continue
                seen[key] = (line, column)
                self.doc.lines[(*path, key)] = line
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node, path)
            return [self.build(v, (*path, i)) for i, v in enumerate(node.value)]
        return self._scalar(node, path)

    def _bad_tag(self, node: Any, path: Path_) -> None:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        self.problems.append(problem(Y.TAG_NOT_ALLOWED, file=self.doc.file, line=node.start_mark.line + 1, tag=tag))
        return None

    def _scalar(self, node: Any, path: Path_) -> Any:

        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() in ("true", "yes", "on", "y")
        if tag == _INT:
            # YAML 1.1 reads 010 as octal 8, 1:30 as 90 and 0x10 as 16; a statistician means none of these.
            # Plain digits are the decimal integer; every other form stays text and is judged as written.
            digits = text.replace("_", "")
            if _DECIMAL_INT.fullmatch(digits) and len(digits) <= 40:
                return int(digits)
            return text
        if tag == _FLOAT:
            clean = text.replace("_", "").lower()
            if clean in (".inf", "+.inf", "-.inf", ".nan"):
                return math.nan if "nan" in clean else (math.inf if not clean.startswith("-") else -math.inf)
            try:
                return Decimal(clean)
            except InvalidOperation:
                return text
        if tag == _TIMESTAMP:
            try:
                value = _constructor().construct_yaml_timestamp(node)
            except ValueError:
                self.problems.append(self.doc.coded(path, Y.INVALID_DATE, text=text))
                return None
            return value.date() if isinstance(value, dt.datetime) else value
        return self._bad_tag(node, path)


@functools.cache
def _constructor() -> Any:
    import yaml

    return yaml.constructor.SafeConstructor()
