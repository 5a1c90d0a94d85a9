"""F: files: missing, unreadable, too large, binary, encodings / 文件."""

from __future__ import annotations

from mzcheck.core.messages import Phrase, code

# --- F1xx: opening a file
NO_SUCH_FILE = code(
    "F101", "no-such-file", "文件不存在:{name}", "no such file: {name}",
    why=("给出的路径下没有文件:路径拼写错误,或命令不在文件所在的目录中运行。",
         "Nothing exists at the path given: a typing slip, or the command runs in another folder than the file's."))
IS_A_FOLDER = code(
    "F102", "is-a-folder", "{name} 是文件夹而非文件", "{name} is a folder, not a file",
    why=("这里需要一个文件;文件夹中的规则请用 --targets 指定。", "A file is expected here; a folder of rules is given "
         "with --targets."))
TOO_LARGE = code(
    "F103", "file-too-large", "文件大小 {size} MB超过 {limit} MB 上限", "file is {size} MB, above the {limit} MB limit",
    why=("报表和规则文件只有几 KB;超过上限的文件多半不是要检查的文件,读入它只会耗尽内存。",
         "Reports and rule files are kilobytes; a file beyond the limit is most likely the wrong file, and reading it "
         "would only exhaust memory."),
    help=("请拆分文件或确认文件是否正确", "split the file or check that this is the right file"))
TOO_LONG = code(
    "F104", "file-too-long", "文件长度超过 {limit} MB 上限", "file is longer than the limit, above the {limit} MB limit",
    why=("该输入(管道或设备)读到上限仍未结束。", "The input (a pipe or a device) had not ended when the limit was reached."),
    help=("请拆分文件或确认文件是否正确", "split the file or check that this is the right file"))
UNREADABLE = code(
    "F105", "file-unreadable", "无法读取文件", "cannot read the file: {reason_en}",
    why=("操作系统拒绝读取该文件(权限不足、设备故障或文件已被删除),原因见消息。",
         "The operating system refused to read the file (permissions, a failing device, a file removed meanwhile); "
         "the message gives its reason."))
EMPTY = code(
    "F106", "file-empty", "文件为空", "the file is empty",
    why=("文件没有内容,或只有空白和注释。", "The file has no content, or only blanks and comments."))

# --- F2xx: what kind of file it is
BINARY = code(
    "F201", "binary-file", "二进制文件而非文本", "binary file, not text",
    why=("文件含有零字节,不是文本(如图片、压缩包或 Word 文档)。", "The file holds zero bytes: it is not text (a picture, an "
         "archive, a Word document …)."),
    help=("请保存为 YAML、JSON、CSV 或 .xlsx", "save the report as YAML, JSON, CSV or .xlsx"))
BINARY_CSV = code(
    "F202", "binary-csv", "二进制文件而非 CSV 文本", "binary file, not CSV text",
    why=("扩展名为 .csv 的文件含有零字节:通常是 Excel 工作簿改了扩展名。",
         "A file named .csv holds zero bytes: usually an Excel workbook given another name."),
    help=("Excel 工作簿请使用 .xlsx 扩展名", "an Excel workbook must be named .xlsx"))
NOT_XLSX = code(
    "F203", "not-xlsx", "不是 .xlsx 工作簿", "not an .xlsx workbook (an .xlsx file is a zip archive)",
    why=(".xlsx 文件是 zip 压缩包;这个文件不是,可能是旧版 .xls 或改了扩展名的文本。",
         "An .xlsx file is a zip archive; this one is not: an old .xls file, or text given an .xlsx name."),
    help=("旧版工作簿请改用 .xls 扩展名,或在 Excel 中另存为 .xlsx", "an old workbook: name it .xls, or save it as .xlsx in Excel"))
XLSX_TOO_LARGE = code(
    "F204", "xlsx-unpacks-too-large", "工作簿解压后达 {size} MB,过大,拒绝读取", "the workbook unpacks to {size} MB; refusing to read it",
    why=("工作簿解压后远超任何报表的大小,可能是压缩炸弹。", "The workbook unpacks far beyond any report's size: a zip bomb, "
         "most likely."))
XLSX_DAMAGED = code(
    "F205", "xlsx-damaged", "工作簿已损坏", "damaged .xlsx workbook: {reason_en}",
    why=("zip 压缩包已损坏(下载不完整或复制出错)。", "The zip archive is damaged (an incomplete download or copy)."))
XLSX_UNREADABLE = code(
    "F206", "xlsx-unreadable", "无法读取工作簿", "cannot read the workbook: {reason_en}",
    why=("工作簿的内容不符合 .xlsx 格式,常见于其他程序生成的文件。",
         "The workbook's content does not follow the .xlsx format, as files written by some programs do not."),
    help=("请用 Excel 打开后重新另存为 .xlsx", "open it in Excel and save it again as .xlsx"))
XLSX_NO_SHEET = code(
    "F207", "xlsx-no-sheet", "工作簿没有工作表", "the workbook has no sheet",
    why=("mzcheck 读取工作簿中 --sheet 指定的工作表,或第一个有表头的工作表;这个工作簿一个工作表也没有。",
         "mzcheck reads the sheet --sheet names, or the first sheet with a header; this workbook has no sheet."))

# --- F3xx: encodings
UTF16 = code(
    "F301", "utf16-text", "文件为 UTF-16 编码,而非 UTF-8", "the file is UTF-16 encoded (Windows 'Unicode'), not UTF-8",
    why=("YAML 和 JSON 报表须为 UTF-8 编码;记事本的“Unicode”即 UTF-16。",
         "YAML and JSON reports are UTF-8; Notepad's 'Unicode' is UTF-16."),
    help=("请另存为 UTF-8 编码", "save it as UTF-8"))
NOT_UTF8 = code(
    "F302", "not-utf8", "第 {at} 字节处不是有效的 UTF-8 文本", "not valid UTF-8 text at byte {at}",
    why=("YAML 和 JSON 报表须为 UTF-8 编码;中文 Windows 默认的 GBK 编码读出来是乱码。",
         "YAML and JSON reports are UTF-8; GBK, the default of Chinese Windows, would read as garbled text."),
    help=("请另存为 UTF-8 编码", "save it as UTF-8"))
LOOKS_GBK = Phrase("文件似为 GBK 编码,请另存为 UTF-8",
                   "the file looks GBK/GB18030-encoded (Chinese Windows); save it as UTF-8")  # the help of F302
CSV_ENCODING = code(
    "F303", "csv-encoding", "第 {at} 字节起既不是 UTF-8 也不是 GBK 编码的文本", "neither UTF-8 nor GBK/GB18030 text (first bad byte at {at})",
    why=("CSV 文件按 UTF-8(带或不带 BOM)或 GBK/GB18030 读取;这个文件两者都不是。",
         "A CSV file is read as UTF-8 (with or without a BOM) or as GBK/GB18030; this file is neither."),
    help=("在 Excel 中:另存为 → “CSV UTF-8(逗号分隔)(*.csv)”",
          "in Excel: Save As → “CSV UTF-8 (Comma delimited) (*.csv)” (另存为 → “CSV UTF-8(逗号分隔)”)"))
READ_AS_GB18030 = code(
    "F304", "read-as-gb18030", "{name} 按 GBK/GB18030 编码读取;如有乱码请另存为 CSV UTF-8",
    "{name} was read as GBK/GB18030 (not UTF-8); if names look garbled, save it as “CSV UTF-8(逗号分隔)”",
    why=("CSV 文件不是 UTF-8,于是按 GBK/GB18030 读取;如果名称显示为乱码,说明它是另一种编码。",
         "The CSV file is not UTF-8, so it was read as GBK/GB18030; names that look garbled mean another encoding."))

# --- F5xx: special files and the bounds of a workbook (docs/design/0017-resource-limits.md)
SPECIAL_FILE = code(
    "F501", "special-file", "这是{what_zh},不是普通文件;未打开", "this is {what_en}, not a regular file; not opened",
    why=("mzcheck 只读取普通文件:读取命名管道会一直等待写入方,设备和 /proc、/sys 中的文件可能永不结束。",
         "mzcheck reads regular files only: reading a named pipe waits for a writer forever, and devices and the "
         "files of /proc and /sys may never end."),
    help=("请先把内容保存为文件再检查", "save the content to a file first, then check that file"))
XLSX_PART_TOO_LARGE = code(
    "F502", "xlsx-part-too-large", "工作簿中的 {part} 解压后达 {size} MB,超过 {limit} MB 上限,拒绝读取",
    "the workbook's {part} unpacks to {size} MB, above the {limit} MB limit; refusing to read it",
    why=("报表工作簿的每个部分(工作表、共享字符串)解压后只有几 MB;超过上限的多半是压缩炸弹,读入会耗尽内存。",
         "Each part of a report workbook (a sheet, the shared strings) unpacks to a few MB; one beyond the limit is "
         "most likely a zip bomb, and reading it would exhaust memory."),
    help=("请拆分工作簿,或另存为 CSV", "split the workbook, or save it as CSV"))
XLSX_TOO_MANY_CELLS = code(
    "F503", "xlsx-too-many-cells", "工作簿的 {part} 含 {count} 个以上{what_zh},超过 {limit} 个上限,拒绝读取",
    "the workbook's {part} holds more than {count} {what_en}, above the limit of {limit}; refusing to read it",
    why=("报表只有几百到几万个单元格;超过上限的工作簿读入会耗尽内存。",
         "A report has hundreds to tens of thousands of cells; a workbook beyond the limit would exhaust memory."),
    help=("请拆分工作簿,或另存为 CSV", "split the workbook, or save it as CSV"))
XLSX_TOO_FAR = code(
    "F504", "xlsx-too-far", "单元格 {at} 超出可读取的范围(最多 {rows} 行、{columns} 列)",
    "cell {at} lies beyond the range read (at most {rows} rows and {columns} columns)",
    why=("mzcheck 按行列读取工作表;远处的一个单元格会让整张表变成数十亿个空单元格。工作表声明的尺寸不被信任。",
         "mzcheck reads a sheet row by row and column by column; one far-away cell would make the sheet billions of "
         "empty cells. The size a sheet declares is not trusted."),
    help=("请删除远处的单元格,或把数据移到表格左上方", "delete the far-away cell, or move the data to the top left"))
XLSX_MERGED_TOO_LARGE = code(
    "F505", "xlsx-merged-too-large", "合并单元格 {range} 覆盖的单元格超过 {limit} 个上限",
    "merged cells {range} cover more than the limit of {limit} cells",
    why=("合并单元格的值要展开到它覆盖的每个单元格;覆盖整张表的合并区域会耗尽内存。",
         "A merged range's value is spread over every cell it covers; a range over the whole sheet would exhaust memory."),
    help=("请取消该合并,或只合并表格中的单元格", "unmerge it, or merge only cells of the table"))
TABLE_TOO_MANY_CELLS = code(
    "F506", "table-too-many-cells", "表格约有 {count} 个单元格,超过 {limit} 个上限,拒绝读取",
    "the table has about {count} cells, above the limit of {limit}; refusing to read it",
    why=("表格读取器把每个单元格都留在内存中(每个约 200 字节);数 MB 的文件若几乎全是分隔符,也会有数千万个单元格。"
         "按分隔符和行数估算,引号中的分隔符也计入。",
         "The table reader keeps every cell in memory (some 200 bytes each); a file of a few MB that is nearly all "
         "delimiters makes tens of millions of them. The count is estimated from delimiters and lines, quoted "
         "delimiters included."),
    help=("请拆分文件;mzcheck check 会流式读取布局简单的大型 UTF-8 CSV",
          "split the file; mzcheck check streams a big UTF-8 CSV in the plain layout"))

UTF16_BROKEN = code(
    "F601", "utf16-broken", "UTF-16 文本在第 {at} 字节处损坏(缺字节或孤立的代理项)",
    "broken UTF-16 text at byte {at} (a byte missing at the end, or half of a character pair)",
    why=("以 BOM 开头的 CSV 文件按 UTF-16 读取(Excel 的“Unicode 文本”);文件被截断或拼接时,最后一个字符不完整,"
         "或一个字符对只剩一半。", "A CSV file starting with a byte-order mark is read as UTF-16 (Excel's 'Unicode "
         "text'); a file cut short or pasted together ends in half a character, or holds half of a character pair."),
    help=("请从 Excel 重新导出:另存为 → “CSV UTF-8(逗号分隔)(*.csv)”",
          "export it again from Excel: Save As → “CSV UTF-8 (Comma delimited) (*.csv)”"))
NO_BOM_WIDE = code(
    "F602", "wide-text-without-bom", "文件似为无 BOM 的 {encoding} 文本", "the file looks like {encoding} text without a "
    "byte-order mark",
    why=("文件中每个字符之间夹着零字节,这是 UTF-16 或 UTF-32 编码的特征;没有开头的 BOM,mzcheck 无法确定字节顺序。",
         "Zero bytes between the characters mark UTF-16 or UTF-32 text; without the byte-order mark at its start "
         "mzcheck cannot tell the byte order."),
    help=("请另存为 “CSV UTF-8(逗号分隔)(*.csv)”", "save it as “CSV UTF-8 (Comma delimited) (*.csv)”"))
NO_HEADER_AS_GB18030 = code(
    "F603", "no-header-as-gb18030", "{name} 不是 UTF-8,按 GBK/GB18030 读取后找不到列名:可能是 Big5(繁体)或其他编码",
    "{name} is not UTF-8 and, read as GBK/GB18030, has no column names mzcheck knows: it may be Big5 (traditional "
    "Chinese) or another encoding",
    why=("CSV 文件按 UTF-8 或 GBK/GB18030 读取;Big5 等其他编码的字节也能按 GB18030 读出,但读出的是乱码,所以找不到表头。",
         "A CSV file is read as UTF-8 or GBK/GB18030; the bytes of Big5 and other encodings read as GB18030 too, but "
         "as garbled text, so no header is found."),
    help=("请另存为 “CSV UTF-8(逗号分隔)(*.csv)”", "save it as “CSV UTF-8 (Comma delimited) (*.csv)”"))

# --- F8xx: workbooks: formats and sheets
SAVE_AS_XLSX = code(
    "F801", "save-as-xlsx", "mzcheck 不读取{kind_zh}文件", "mzcheck does not read {kind_en} files",
    why=("mzcheck 读取 .xlsx 工作簿(以及装有 xlrd 时的 .xls);WPS、Numbers 和 OpenDocument 表格都能另存为 .xlsx。",
         "mzcheck reads .xlsx workbooks (and .xls where xlrd is installed); WPS, Numbers and OpenDocument "
         "spreadsheets can all be saved as .xlsx."),
    help=("请在表格软件中“另存为”Excel 工作簿(.xlsx)", "save it as an Excel workbook (.xlsx) from the spreadsheet program"))
XLS_NEEDS_XLRD = code(
    "F802", "xls-needs-xlrd", "读取旧版 .xls 工作簿需要 xlrd", "reading an old .xls workbook needs xlrd",
    why=(".xls 是 Excel 97–2003 的二进制格式,由可选依赖 xlrd 读取;未安装时请另存为 .xlsx。",
         ".xls is the binary format of Excel 97–2003, read through the optional dependency xlrd; without it, "
         "save the file as .xlsx."),
    help=("pip install 'mzcheck[xls]',或在 Excel 中另存为 .xlsx",
          "pip install 'mzcheck[xls]', or save it as .xlsx in Excel"))
NO_SUCH_SHEET = code(
    "F803", "no-such-sheet", "没有工作表“{sheet}”(共 {count} 个:{sheets})",
    "no sheet {sheet!r} (the {count} sheets: {sheets})",
    why=("--sheet 写工作表的名称,或从 1 起的序号。", "--sheet names a sheet, or gives its number from 1."))
