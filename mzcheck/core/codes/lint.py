"""L: lint findings on a rule set / 规则校验."""

from __future__ import annotations

from mzcheck.core.messages import code

QUOTE_NOT_VERBATIM = code(
    "L001", "quote-not-verbatim", "引文在原文 {file} 中找不到:“{quote}”", "the quote is not verbatim in {file}: '{quote}'",
    why=("每条规则的 source.quote 须逐字出自其规划原文,读者才能核对目标从何而来。",
         "Every rule's source.quote must occur word for word in its plan, so a reader can check where the target "
         "comes from."))
DUPLICATE = code(
    "L002", "duplicate-target", "与 {first}({where})重复", "duplicates {first} ({where})",
    why=("两条规则对同一地区、同一指标、同一年设定了相同的目标。", "Two rules set the same target for one jurisdiction, "
         "indicator and year."),
    help=("删除其中一条,或写明两者的区别", "remove one, or say how they differ"))
CONTRADICTION = code(
    "L003", "contradiction", "与 {first}({where})矛盾:两条约束性目标不可能同时达到",
    "contradicts {first} ({where}): both binding targets cannot hold",
    why=("两条约束性规则对同一指标的要求没有交集(如 ≥ 80% 与 ≤ 70%)。",
         "Two binding rules on one indicator allow no common value (≥ 80% and ≤ 70%)."))
NO_SOURCE_FILE = code(
    "L004", "no-source-file", "出处未注明原文文件(document.file),无法核对引文",
    "the source names no file (document.file); the quote cannot be checked",
    why=("规则文件的 document.file 写明原文的文件名,lint --sources 才能核对引文。",
         "A rule file's document.file names the plan's text, so lint --sources can check the quotes."))
SOURCE_FILE_MISSING = code(
    "L005", "source-file-missing", "原文文件 {file} 不在 {folder} 中", "source file {file} is not in {folder}",
    why=("--sources 指向的目录中没有该规划原文。", "The folder given with --sources does not hold that plan's text."))
SOURCE_UNREADABLE = code(
    "L006", "source-unreadable", "原文文件 {file} 无法核对引文:{reason_zh}", "source file {file} cannot be checked: {reason_en}",
    why=("原文须是一个普通文件(不超过 20 MB),UTF-8 或 GBK/GB18030 编码的文字;命名管道、设备、二进制文件或编码不明的"
         "文件不读,以免等待或误读。",
         "A plan's text must be a regular file of at most 20 MB, in UTF-8 or GBK/GB18030; a named pipe, a device, "
         "a binary file or text in another encoding is not read, so lint neither waits nor misreads."))
