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

# --- O5xx: writing outputs, the terminal's encoding
NO_OUTPUT_FOLDER = code(
    "O501", "output-folder-missing", "输出文件所在的文件夹 {folder} 不存在", "the output's folder {folder} does not exist",
    why=("mzcheck 不会自行创建输出文件所在的文件夹,以免拼写错误的路径悄悄生成新文件夹。",
         "mzcheck does not make the folder of an output, so that a mistyped path does not quietly make one."),
    help=("请先创建该文件夹,或换一个输出路径", "create the folder first, or choose another output path"))
CANNOT_WRITE_HERE = code(
    "O502", "output-not-writable", "无法在文件夹 {folder} 中写入输出文件", "cannot write the output in {folder}: {reason_en}",
    why=("输出先写入同一文件夹中的临时文件再改名替换,因此需要该文件夹的写权限;只读文件系统也不能写入。",
         "An output is written to a temporary file in the same folder and renamed into place, so the folder must be "
         "writable; a read-only file system is not."),
    help=("请换一个可写的输出路径", "choose an output path you can write to"))
WRITE_FAILED = code(
    "O503", "output-write-failed", "写入输出文件失败;原有文件未改动", "writing the output failed: {reason_en}; any file there is unchanged",
    why=("操作系统拒绝了写入(如磁盘已满);输出写入临时文件后才替换原文件,因此不会留下半个文件。",
         "The operating system refused the write (a full disk, for one); an output replaces a file only once it is "
         "written whole, so no half-written file is left."))
ASCII_MARKS = code(
    "O504", "output-encoding-fallback", "输出编码 {encoding} 无法显示部分字符:状态标记改用 ASCII,其余字符以 \\u 转义",
    "the output encoding {encoding} cannot show some characters: status marks are shown in ASCII, others as \\u escapes",
    why=("终端或 PYTHONIOENCODING 指定的编码(如 ascii,或不含 ✗ 的 GBK)不能编码所有字符;mzcheck 不会因此中断。",
         "The encoding of the terminal or of PYTHONIOENCODING (ascii, or GBK, which lacks ✗) cannot encode every "
         "character; mzcheck does not stop because of it."),
    help=("设置 PYTHONIOENCODING=utf-8 可显示全部字符", "set PYTHONIOENCODING=utf-8 to show every character"))

NOT_RECORDED = code(
    "O801", "not-recorded", "未记入历史记录库:{files} 个输入文件有错误", "nothing recorded: {files} input file(s) have errors",
    why=("--record 只在本次运行的全部报表都能读取时记录,以免历史记录缺少一部分报表;其余报表照常检查和输出。",
         "--record keeps a run only when every report of it could be read, so the history holds no half of a "
         "run; the readable reports are still checked and written."),
    help=("改正上面列出的问题后重新运行 --record", "fix the problems listed above and run with --record again"))
