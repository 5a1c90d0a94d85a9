"""O: output and command-line use / 输出与命令行."""

from __future__ import annotations

from mzcheck.core.messages import code

OUTPUT_IS_FOLDER = code(
    "O101", "output-is-folder", "{path} 是文件夹", "{path} is a folder",
    why=("--output 须为文件路径。", "--output names a file."))
OUTPUT_IS_INPUT = code(
    "O102", "output-is-input", "{path} 是本次读取的输入文件,未覆盖", "{path} is one of the inputs; not overwriting it",
    why=("mzcheck 从不覆盖本次运行读取的任何文件(报表、规则、指标目录、历史记录库)。",
         "mzcheck never writes over a file the run reads (reports, rules, the catalog, the history store)."),
    help=("请换一个输出路径", "choose another --output path"))
UNKNOWN_RULE = code(
    "O103", "unknown-rule", "没有规则“{rule_id}”", "no rule {rule_id!r}",
    why=("规则编号不在已加载的规则集中。", "No rule of the loaded rule set has that id."),
    help=("运行 mzcheck targets 查看规则列表", "run `mzcheck targets` for the list"))
UNKNOWN_CODE = code(
    "O104", "unknown-code", "没有消息编号“{key}”", "no message code {key!r}",
    why=("消息编号由一个字母和三位数字组成(如 R201),也可以写名称(如 unknown-jurisdiction)。",
         "A message code is a letter and three digits (R201), or its name (unknown-jurisdiction)."),
    help=("全部编号见 docs/messages.md,或运行 mzcheck explain --codes", "see docs/messages.md, or run mzcheck explain --codes"))
XLSX_NEEDS_OUTPUT = code(
    "O105", "xlsx-needs-output", "xlsx 格式需要用 --output 指定文件", "the xlsx format needs --output PATH",
    why=("Excel 文件是二进制文件,不能输出到终端。", "An Excel file is binary: it cannot go to the terminal."))
OUTPUT_EXISTS = code(
    "O106", "output-exists", "文件已存在,未覆盖", "the file exists; not overwriting it",
    why=("为避免丢失数据,mzcheck 不覆盖已有文件,除非明确要求。", "To lose nothing, mzcheck does not replace a file unless told to."),
    help=("如需覆盖请加 --force", "pass --force to replace it"))
XLSX_SUFFIX = code(
    "O107", "xlsx-suffix", "Excel 文件名须以 .xlsx 结尾", "an Excel file must be named .xlsx",
    why=("Excel 按扩展名识别文件类型。", "Excel tells the file's type from its name."))
NOTHING_DUE = code(
    "O108", "nothing-due", "{place}没有{year}年到期的目标", "no target of {place} is due in {year}",
    why=("该地区在该年度没有到期的目标规则(含上级对每个下级单位的规则)。",
         "No rule of this jurisdiction (or of its parent, for each child) is due in that year."))
ANNOTATE_NEEDS_TABLE = code(
    "O401", "annotate-needs-table", "--annotate 需要恰好一个 .xlsx、.csv 或 .tsv 报表,本次为:{given}",
    "--annotate needs exactly one .xlsx, .csv or .tsv report; given: {given}",
    why=("--annotate 在输入表格的副本中逐行写出结果,只能对一个表格文件使用(YAML、JSON 报表没有表格行)。",
         "--annotate writes the results beside the rows of a copy of the input table: one table file (a YAML or "
         "JSON report has no table rows)."),
    help=("对每个表格分别运行 mzcheck check 表格 --annotate 结果.xlsx", "run mzcheck check TABLE --annotate OUT.xlsx once per table"))
CANNOT_WRITE = code(
    "O402", "cannot-write", "无法写入 {path}:{reason}", "cannot write {path}: {reason}",
    why=("输出文件所在的文件夹不存在、没有写权限或磁盘已满;已有的同名文件保持不变。",
         "The output's folder does not exist, is not writable, or the disk is full; a file already there is left "
         "as it was."),
    help=("请检查路径,或换一个输出位置", "check the path, or write somewhere else"))
