"""X: Drafting rules from plans / 规则起草.

X1xx: a plan that cannot be read (its file, encoding, whose plan, which year).
X2xx: why a sentence was drafted (a commitment).
X3xx: why a sentence or a number was not drafted (an achievement, a name, a condition …).
X4xx: the notes written on drafts (how a value not written as a number was read).
X5xx: the words around the drafts: file headers, the command's summary, --explain.
"""

from __future__ import annotations

from mzcheck.core.messages import code

# --- X1xx: the plan cannot be read -----------------------------------------------------------------------
BINARY_PLAN = code(
    "X101", "plan-binary", "二进制文件,不是文本", "a binary file, not text",
    why=("extract 读取 .txt(UTF-8 或 GBK/GB18030)或 .docx 格式的规划文本。",
         "extract reads plan texts as .txt (UTF-8 or GBK/GB18030) or .docx."),
    help=("请将规划另存为 .txt(UTF-8 或 GBK)或 .docx", "save the plan as .txt (UTF-8 or GBK) or .docx"))
PLAN_ENCODING = code(
    "X102", "plan-encoding", "既不是 UTF-8 也不是 GBK 编码的文本(第 {byte} 字节)",
    "neither UTF-8 nor GBK/GB18030 text (byte {byte})",
    why=("中文规划文本通常是 UTF-8 或 GBK 编码;该文件两者都不是,可能已损坏或是其他格式。",
         "Chinese plan texts are UTF-8 or GBK; this file is neither, so it is damaged or of another format."),
    help=("请将规划另存为 UTF-8 文本", "save the plan as UTF-8 text"))
OLD_DOC = code(
    "X103", "plan-old-doc", "无法读取旧版 Word .doc 文件", "old Word .doc files cannot be read",
    why=(".doc 是旧版 Word 的二进制格式,没有可靠的纯 Python 读取方法。",
         ".doc is old Word's binary format, which has no dependable pure-Python reader."),
    help=("请另存为 .docx 或 UTF-8 文本", "save it as .docx or as UTF-8 text"))
EMPTY_PLAN = code(
    "X104", "plan-empty", "规划文本为空", "the plan is empty",
    why=("文件里没有文字,没有可起草的目标。", "The file has no text, so there is nothing to draft."))
DOCX_MISSING = code(
    "X105", "docx-missing", "读取 .docx 需要安装 python-docx", "reading .docx needs python-docx, which is not installed",
    why=("python-docx 是可选依赖,只在读取 .docx 时需要。", "python-docx is optional and only needed for .docx plans."),
    help=("请运行 pip install python-docx,或将文档另存为 UTF-8 文本",
          "pip install python-docx, or save the plan as UTF-8 text"))
DOCX_UNREADABLE = code(
    "X106", "docx-unreadable", "无法读取的 .docx 文件({kind})", "not a readable .docx file ({kind})",
    why=("文件以 .docx 的形式打开失败:可能已损坏,或只是扩展名为 .docx。",
         "The file could not be opened as .docx: it is damaged, or only named .docx."))
DOCX_TOO_LARGE = code(
    "X113", "docx-too-large", ".docx 解压后约 {size} MB,超过 {limit} MB 上限,拒绝读取",
    "the .docx unpacks to about {size} MB, above the limit of {limit} MB; refusing to read it",
    why=(".docx 是压缩包:几十 KB 的文件可以解压出数 GB 的 XML。规划正文解压后只有几 MB,读取前先按压缩包自己声明的"
         "大小核对(zipfile 不会解出多于声明的内容)。",
         "A .docx is a zip: a file of a few dozen KB can unpack to gigabytes of XML. A plan unpacks to a few MB; the "
         "sizes the zip declares are checked before reading (zipfile never unpacks more than a part declares)."),
    help=("请确认是规划正文;或另存为 UTF-8 文本", "check that this is the plan; or save it as UTF-8 text"))
DOCX_EMPTY = code(
    "X107", "docx-empty", ".docx 中没有文字", "the .docx has no text",
    why=("extract 读取正文段落和表格;页眉页脚、文本框不读。",
         "extract reads body paragraphs and tables; headers, footers and text boxes are not read."))
NO_JURISDICTION = code(
    "X108", "plan-whose", "无法判断规划所属行政区划", "cannot tell whose plan this is",
    why=("未指定 --jurisdiction 时,extract 从“××市民政局”等字样识别地区;文中没有这样的字样。",
         "Without --jurisdiction, extract reads the place from words such as ××市民政局; the text has none."),
    help=("请用 --jurisdiction 指定", "pass --jurisdiction NAME"))
EMPTY_JURISDICTION = code(
    "X109", "jurisdiction-empty", "行政区划为空", "--jurisdiction is empty",
    why=("--jurisdiction 需要一个名称、别名或区划代码。", "--jurisdiction takes a name, an alias or a division code."))
NO_PLAN_YEAR = code(
    "X110", "plan-year-unknown", "无法判断计划年度", "cannot tell the plan year",
    why=("“今年”“全年”和未写年份的目标都以计划年度为准;未指定 --year 时从“2025年工作计划”等标题识别。",
         "今年, 全年 and targets without a year are read in the plan year; without --year it comes from a heading "
         "such as 2025年工作计划."),
    help=("请用 --year 指定计划年度", "pass --year YEAR"))
YEAR_RANGE = code(
    "X111", "plan-year-range", "年度 {year} 超出范围", "year {year} is out of range",
    why=("计划年度应在 1949 至 2100 年之间。", "The plan year lies between 1949 and 2100."),
    help=("例如 --year 2025", "e.g. --year 2025"))
OUTPUT_NOT_FOLDER = code(
    "X112", "output-not-folder", "{path} 已存在且不是文件夹", "{path} exists and is not a folder",
    why=("--output 写出一个文件夹(rules/、indicators.yaml …),不会覆盖同名文件。",
         "--output writes a folder (rules/, indicators.yaml …) and never overwrites a file of that name."),
    help=("请换一个目录名", "choose another folder name"))

# --- X2xx: why a sentence was drafted ----------------------------------------------------------------------
IN_PLAN_PART = code(
    "X201", "commitment-plan-part", "计划部分(“{heading}”)", "in a plan part ('{heading}')",
    why=("“思路、计划、要点、目标”等标题之下的句子是承诺,不是实绩。",
         "Sentences under a heading such as 思路, 计划, 要点 or 目标 are commitments, not achievements."))
FUTURE_MARK = code(
    "X202", "commitment-future", "将来标记“{marker}”", "a mark of the future: '{marker}'",
    why=("将、力争、计划、确保、到…年底、全年等词表明句子说的是要做到的事。",
         "将, 力争, 计划, 确保, 到…年底, 全年 and the like say the sentence states what is to be done."))
OPEN_TEXT = code(
    "X203", "commitment-open", "未分节的文本,没有往期标记", "a text without parts, and no mark of the past",
    why=("文本没有“总结/计划”之分时,没有截至、已、以来、往年年份等标记的句子按目标起草。",
         "In a text not split into summary and plan, a sentence without 截至, 已, 以来 or a past year is drafted."))
DATED_IN_SUMMARY = code(
    "X204", "commitment-summary-dated", "总结部分中写明了将来的期限“{marker}”",
    "a summary part, but it names a date to come: '{marker}'",
    why=("总结部分是往年实绩,只有写明“到2025年”之类将来期限的句子才是目标。",
         "A summary part states past results; only a sentence naming a date to come (到2025年 …) is a target."))
TABLE_TARGET = code(
    "X205", "commitment-table", "指标表的目标列“{column}”", "the target column '{column}' of an indicator table",
    why=("“指标 | 单位 | 2025年目标”这样的表格,目标列每行一条;现状、基数列不取。",
         "In a table such as 指标 | 单位 | 2025年目标 each row of the target column is one target; the current "
         "or base columns are not."))

# --- X3xx: why a sentence or a number was not drafted --------------------------------------------------
IN_SUMMARY_PART = code(
    "X301", "achievement-summary-part", "总结部分(“{heading}”):往年实绩", "a summary part ('{heading}'): past results",
    why=("“总结、回顾、综述、成效、工作情况”等标题之下是已做到的事。",
         "Under a heading such as 总结, 回顾, 综述, 成效 or 工作情况 stand things already done."))
PAST_YEAR = code(
    "X302", "achievement-past-year", "说的是往年({year}年)", "a past year ({year})",
    why=("早于计划年度的年份说的是实绩,除非句中另有“到2025年”等将来期限。",
         "A year before the plan year speaks of results, unless the sentence also names a date to come."))
PAST_MARK = code(
    "X303", "achievement-marker", "往期或进度标记“{marker}”", "a mark of the past or of progress: '{marker}'",
    why=("截至、已、以来、累计、目前、现有、正在、同比、完成率等词表明说的是已有的状况。",
         "截至, 已, 以来, 累计, 目前, 现有, 正在, 同比, 完成率 and the like speak of what is already so."))
BASELINE = code(
    "X304", "not-target-baseline", "“…的基础上”是基数,不是目标", "'…的基础上' is a baseline, not a target",
    why=("“在…全覆盖的基础上”说的是已有的起点。", "在…的基础上 names the starting point already reached."))
RAISED_FROM = code(
    "X305", "not-target-start", "“由/从 A 提高到 B”中 A 是起点", "in '由/从 A 提高到 B', A is the starting value",
    why=("调整前的数值不是目标;调整后的 B 才是(且只在计划部分)。",
         "The value before the change is no target; the new value B is, and only in a plan part."))
RAISE_DONE = code(
    "X306", "achievement-raise", "“由 A 提高到 B”不在计划部分:已做出的调整",
    "'由 A 提高到 B' outside a plan part: a change already made",
    why=("总结和新闻里的“由 A 提高到 B”报告已执行的标准;只有计划部分里的才是目标。",
         "In a summary or a news report 由 A 提高到 B reports a standard already raised; only in a plan part is "
         "it a target."))
ESTIMATE = code(
    "X307", "not-target-estimate", "估计数(约、左右、近、可达)", "an estimate (约, 左右, 近, 可达)",
    why=("约数和“可达”的推算不是承诺的目标。", "Round figures and projections (可达) are not committed targets."))
MONEY = code(
    "X308", "not-target-money", "投资或预算金额", "an investment or a budget",
    why=("投资、投入、预算、拨付的金额是投入,不是要达到的指标。",
         "Money invested, budgeted or granted is an input, not a level to reach."))
SERVED = code(
    "X309", "not-target-served", "工作涉及的人群总数(全区N名…的),不是目标",
    "the population a task serves (全区N名…的), not a target",
    why=("“落实全区1.2万余名残疾人的两项补贴”说的是对象有多少,不是要做到多少。",
         "落实全区1.2万余名残疾人的两项补贴 says how many people a task covers, not what is to be reached."))
CONDITION = code(
    "X310", "not-target-condition", "限定条件(…以下的…),不是目标", "a condition that scopes a target (…以下的…)",
    why=("“5000人以下的社区配备不少于9人”中 5000 限定范围,9 才是目标。",
         "In 5000人以下的社区配备不少于9人, 5000 scopes the target and 9 is the target."))
PER_UNIT = code(
    "X311", "not-target-per-unit", "每个单位的配备标准,不是总数", "a staffing standard per unit, not a total",
    why=("“设立工作站,并配备不少于3名社工”说的是每站的配备标准。",
         "设立工作站,并配备不少于3名社工 states the staffing of each station."))
NO_SUBJECT = code(
    "X312", "not-target-no-subject", "无法确定指标", "no subject: the indicator cannot be told",
    why=("数字前后都没有能作为指标名称的词。", "No words before or after the number can name the indicator."))
UNKNOWN_UNIT = code(
    "X313", "not-target-unit", "无法识别的单位“{unit}”", "unknown unit '{unit}'",
    why=("单位须是计量单位表(mzcheck/core/units.txt)认得的。", "The unit must be one the unit table knows."))
NOT_IN_QUOTE = code(
    "X314", "not-target-value", "数值不在引文中", "a value not in the quote",
    why=("草稿从不编造数字:数值须写在引文里,或是文档说明的某种解读。",
         "A draft never invents a number: it is written in the quote or is a documented reading."))
STANDARD_UNKNOWN = code(
    "X315", "not-target-standard", "目录中没有该标准", "a standard the catalogue does not know",
    why=("“不超过最低工资标准”须以目录中的某项指标为参照。",
         "不超过最低工资标准 needs that standard as an indicator of the catalogue."))
INVALID_DRAFT = code(
    "X316", "not-target-invalid", "不是有效规则:{detail}", "not a valid rule: {detail}",
    why=("草稿按规则文件的校验规则检查,通不过的不给出。", "Each draft is checked as a rule file is; one that fails is left out."))
STRUCTURE = code(
    "X317", "not-target-structure", "文件自身的条目数(N个方面、等N项、办好N件实事)",
    "a count of the plan's own parts (N个方面, 等N项, 办好N件实事)",
    why=("“围绕5个方面30个项目”“等6项行动”“办好10件民生实事”数的是计划的条目,不是指标。",
         "围绕5个方面30个项目, 等6项行动, 办好10件民生实事 count the plan's items, not an indicator."))
FURNITURE = code(
    "X318", "not-target-furniture", "页面信息(浏览量、发布时间、导航、标题栏)",
    "page furniture (views, dates, navigation, the title bar)",
    why=("网页上的浏览量、发布信息、导航和联系方式不是规划内容。",
         "A web page's view counts, publishing data, navigation and contacts are not part of the plan."))
HEADLINE = code(
    "X319", "not-target-headline", "标题:目标在正文中另有表述", "a headline: the body states its targets",
    why=("新闻和通知的标题重复正文中的数字;只从正文起草,以免重复。",
         "A headline repeats numbers of the body; only the body is drafted, so no target is drafted twice."))
ATTENDANCE = code(
    "X320", "not-target-attendance", "出席人数或会议序号", "attendance or the number of a meeting",
    why=("“出席代表210名”“常务会(75次)”说的是会议本身。", "出席代表210名 and 常务会(75次) describe the meeting itself."))
DUPLICATE = code(
    "X321", "not-target-duplicate", "与前文同一目标重复({quote})", "the same target as before ({quote})",
    why=("同一目标在文中重复表述时只起草一次。", "A target stated twice is drafted once."))
NAME_WORD = code(
    "X322", "not-target-name", "名称中的词(“{word}”),不是目标", "a word inside a name ('{word}'), not a target",
    why=("“推进…全覆盖工作视频会议”中的“全覆盖”是会议名称的一部分。",
         "In 推进…全覆盖工作视频会议 the word 全覆盖 is part of the meeting's name."))
STOCK = code(
    "X323", "not-target-status", "现状或进度(“{marker}”),不是目标", "a present state or progress ('{marker}'), not a target",
    why=("“重庆现有226个街道”“正在施工建设52个”说的是现状和进度。",
         "重庆现有226个街道 and 正在施工建设52个 describe the present state and progress."))

# --- X4xx: notes on drafts ------------------------------------------------------------------------------
NOTE_TASK = code(
    "X401", "note-task", "是否完成类任务:1 表示完成(指标目录约定),原文无此数字",
    "yes/no task: 1 = done, the catalogue's convention; the 1 is not in the text",
    why=("“完成/建成/成立…”和带日期的“出台/启动/正式运营…”按指标目录的约定记为 1 项。",
         "完成/建成/成立 … and a dated 出台/启动/正式运营 are counted as 1 项 by the catalogue's convention."))
NOTE_UNIVERSAL = code(
    "X402", "note-universal", "“{what}”读作覆盖率(配备率)100%(指标目录约定),原文无此数字",
    "every one has it ({what}): coverage 100%, the catalogue's convention; the 100 is not in the text",
    why=("“所有/每个 X 配备 Y”说的是 X 全部有 Y,即覆盖率 100%。",
         "所有/每个 X 配备 Y says every X has Y: a coverage of 100%."))
NOTE_STANDARD = code(
    "X403", "note-standard", "“{what}”读作该标准的 100%,原文无此数字",
    "{what}: 100% of that standard; the 100 is not in the text",
    why=("“不超过最低工资标准”即不超过该标准的 100%。", "不超过最低工资标准 is at most 100% of that standard."))
NOTE_ENUMERATION = code(
    "X404", "note-enumeration", "{value} 为列举的地名个数({names}),原文无此数字",
    "{value} = the places named ({names}); the number is not in the text",
    why=("“A市、B县、C区完成…”按所列地名计数。", "A市、B县、C区完成… is counted by the places named."))
NOTE_UNIT = code(
    "X405", "note-unit", "原文单位“{unit}”按指标单位“{own}”记", "counted in the catalogue's unit {own} (the text says {unit})",
    why=("“8个试点”可记入以“项”计的指标:两者都是计数。", "8个试点 can go to an indicator counted in 项: both are counts."))
NOTE_RELATIVE = code(
    "X406", "note-relative", "相对于“{name}”", "relative to {name}",
    why=("“达到上年度城镇居民人均消费支出的30%”以另一指标为参照。",
         "达到上年度城镇居民人均消费支出的30% is measured against another indicator."))
NOTE_AVERAGE = code(
    "X407", "note-average", "“平均每个{noun}”是平均数:读作比值 {unit},不是每个都要达到",
    "an average per {noun}: read as the ratio {unit}, not a level for each one",
    why=("“平均每个社区达到12家”说的是总数与社区数之比,不是每个社区都须有 12 家。",
         "平均每个社区达到12家 is the total over the number of communities, not 12 in every community."))

# --- X5xx: the words around the drafts -------------------------------------------------------------------
FILE_HEADER = code(
    "X501", "draft-header", "由 mzcheck extract 从 {file} 起草的规则:使用前请逐条核对(指标、比较符、数值、截止日期、原文)。",
    "Draft rules from {file}, made by mzcheck extract: review every rule before use.",
    why=("草稿只是起草,需要人工核对后才能放入规则集。", "Drafts are for review before they join a rule set."))
FILE_YEAR = code(
    "X502", "draft-plan-year", "计划年度:{year}。原文位置为字符偏移。",
    "Plan year: {year}. Offsets are character offsets into the plan text.",
    why=("“今年”和未写年份的目标按计划年度读。", "今年 and targets without a year are read in the plan year."))
UNKNOWN_PLACE = code(
    "X503", "draft-unknown-place", "行政区划“{place}”不在 jurisdictions.yaml 中,请先添加(用 --output 时已暂记为代码 000000)",
    "{place} is not in jurisdictions.yaml: add it before loading these rules (--output writes it with code 000000)",
    why=("规则须指向目录中的行政区划;没有时请按 GB/T 2260 添加代码。",
         "A rule names a division of the catalogue; add it with its GB/T 2260 code."))
PROPOSED_HEAD = code(
    "X504", "draft-proposed", "建议新增的指标(加入 indicators.yaml,或使用 --output DIR):",
    "Proposed indicators (add them to indicators.yaml, or use --output DIR):",
    why=("目录中没有合适的指标时,草稿建议新增一个,附中文名和单位。",
         "When no indicator of the catalogue fits, a draft proposes one with its name and unit."))
PUBLISHED_UNKNOWN = code(
    "X505", "draft-published-unknown", "发布日期未知,请核对", "publication date unknown: check it",
    why=("文中没有“发布日期”等字样,暂记为计划年度的 1 月 1 日。",
         "The text gives no publication date; 1 January of the plan year is written in its place."))
PROPOSED_NOTE = code(
    "X506", "draft-proposed-indicator", "由 mzcheck extract 建议,请核对名称、编号和单位",
    "proposed by mzcheck extract: review its name, id and unit",
    why=("建议新增的指标编号由小词表拼成,需要改成恰当的名称。",
         "A proposed indicator's id is put together from a small word list; rename it as it deserves."))
SUMMARY = code(
    "X507", "draft-summary", "{place} {year}:{drafts} 条规则草稿,{proposed} 个建议新增指标",
    "{place} {year}: {drafts} draft rules, {proposed} proposed indicators",
    why=("extract 在标准错误上报告起草了多少条规则。", "extract reports on standard error how many rules it drafted."))
OUTPUT_HINT = code(
    "X508", "draft-output", "已写出 {path};校验:mzcheck lint {folder} --sources {sources}",
    "wrote {path}; check it: mzcheck lint {folder} --sources {sources}",
    why=("--output 写出的目录可直接用 mzcheck lint 校验,也可用 check --targets 检查报表。",
         "The folder --output writes passes mzcheck lint as it is, and check --targets can use it."))
DRAFTED = code(
    "X509", "explain-drafted", "起草 {rule}:{reason}", "drafted {rule}: {reason}",
    why=("--explain 列出每条草稿为何被读作目标。", "--explain lists why each draft was read as a target."))
NOT_DRAFTED = code(
    "X510", "explain-not-drafted", "未起草:{reason}", "not drafted: {reason}",
    why=("--explain 列出含数字却未起草的句子及原因。",
         "--explain lists the sentences with numbers that were not drafted, and why."))
INDICATORS_HEADER = code(
    "X511", "draft-indicators-header", "指标目录,末尾附 mzcheck extract 建议新增的指标。",
    "Indicator catalog with the indicators proposed by mzcheck extract appended.",
    why=("--output 写出的 indicators.yaml 是原目录加上建议新增的指标。",
         "The indicators.yaml --output writes is the catalog plus the proposed indicators."))
RULE_COMMENT = code(
    "X512", "draft-rule-comment", "原文位置 [{start}, {end}]{proposed_zh};依据:{reason_zh}",
    "offsets [{start}, {end}]{proposed_en}; why: {reason_en}",
    why=("草稿文件中每条规则上方注明引文在原文中的字符位置,以及它为何被读作目标。",
         "Above each rule the draft file gives the quote's character offsets and why it was read as a target."))
PROPOSED_MARK = code(
    "X513", "draft-proposed-mark", ";建议新增指标", "; a proposed indicator",
    why=("该规则的指标不在目录中,是建议新增的。", "The rule's indicator is not in the catalogue but proposed."))
