"""H: The history store / 历史记录库."""

from __future__ import annotations

from mzcheck.core.messages import code

_ELSEWHERE = ("请移走该文件,或用 --history-db 或 MZCHECK_HISTORY 指定其他位置",
              "move the file away, or choose another store with --history-db or MZCHECK_HISTORY")

# --- H1xx: the store, whatever the database
IS_FOLDER = code(
    "H101", "history-is-folder", "历史记录库的路径是一个文件夹", "the history store path is a folder",
    why=("SQLite 历史记录库是一个文件;给出的路径是已有的文件夹。", "An SQLite history store is one file; the path names a folder."),
    help=("请指定文件夹中的一个文件,如 history.sqlite3", "name a file inside it, e.g. history.sqlite3"))
NO_FOLDER = code(
    "H102", "history-no-folder", "无法创建历史记录库所在的文件夹:{reason}", "cannot create the folder of the history store: {reason}",
    why=("第一次记录时 mzcheck 会创建记录库及其所在文件夹。", "mzcheck creates the store and its folder when it first records."))
CANNOT_OPEN = code(
    "H103", "history-cannot-open", "无法打开历史记录库:{reason}", "cannot open the history store: {reason}",
    why=("文件无法读取或写入(权限、磁盘等)。", "The file cannot be read or written (permissions, the disk …)."))
NOT_SQLITE = code(
    "H104", "history-not-sqlite", "该文件不是 SQLite 数据库;mzcheck 不会使用或覆盖它",
    "the file is not an SQLite database; mzcheck will not use or overwrite it",
    why=("历史记录库是 SQLite 文件。其他文件(文本、表格)可能被误指定,mzcheck 不会改动它。",
         "The store is an SQLite file. Another file (a text, a spreadsheet) is likely named by mistake; mzcheck leaves it alone."),
    help=_ELSEWHERE)
FOREIGN = code(
    "H105", "history-foreign", "这是{what_zh},不是 mzcheck 历史记录库;mzcheck 不会使用或覆盖它",
    "this is {what_en}, not an mzcheck history store; mzcheck will not use or overwrite it",
    why=("mzcheck 的记录库带有标记(SQLite 的 application_id,PostgreSQL 中 mzcheck 模式的 store_info 表);"
         "没有标记的数据库属于其他程序。",
         "An mzcheck store is marked (SQLite's application_id; the store_info table of the mzcheck schema in "
         "PostgreSQL); a database without the mark belongs to another program."),
    help=_ELSEWHERE)
NEWER = code(
    "H106", "history-newer", "记录库的结构版本为 {version},高于本版本 mzcheck 支持的 {supported};请升级 mzcheck",
    "the store has schema version {version}, newer than this mzcheck reads ({supported}); upgrade mzcheck",
    why=("更新版本的 mzcheck 写过这个记录库;旧版本读写它可能出错,因此拒绝使用。",
         "A newer mzcheck has written the store; an older one could misread or damage it, so it stays away."),
    help=("pip install -U mzcheck", "pip install -U mzcheck"))
MISSING_TABLES = code(
    "H107", "history-missing-tables", "记录库缺少数据表:{tables_zh}", "the store lacks the tables {tables_en}",
    why=("记录库的表被删除或改名,mzcheck 不会修补它。", "Tables of the store were dropped or renamed; mzcheck will not patch it."),
    help=_ELSEWHERE)
DAMAGED = code(
    "H108", "history-damaged", "记录库已损坏({detail});mzcheck 不会使用或覆盖它",
    "the store is damaged ({detail}); mzcheck will not use or overwrite it",
    why=("SQLite 的完整性检查没有通过;请从备份恢复,或用 sqlite3 的 .recover 导出可用的数据。",
         "SQLite's integrity check failed: restore a backup, or save what is left with sqlite3's .recover."),
    help=_ELSEWHERE)
READ_ONLY = code(
    "H109", "history-read-only", "历史记录库只读或无法写入:{reason}", "the history store is read-only or cannot be written: {reason}",
    why=("记录需要写入权限(文件和所在文件夹,或数据库用户的写权限)。",
         "Recording needs write access: to the file and its folder, or the database user's right to write."))
LOCKED = code(
    "H110", "history-locked", "历史记录库一直被其他进程占用:{reason}", "the history store stayed locked by another process: {reason}",
    why=("多个进程同时记录时会排队等待,最多 30 秒。", "Processes recording at once queue for the store, for up to 30 seconds."),
    help=("请待其他 mzcheck 结束后重试", "try again when the other mzcheck has finished"))
ABSENT = code(
    "H111", "history-absent", "该位置没有历史记录库", "there is no history store here",
    why=("不加 --record 时,mzcheck 只读取已有的记录库,不会新建。", "Without --record mzcheck only reads an existing store; it makes none."),
    help=("先用 mzcheck check --record --history-db … 记录", "record one first: mzcheck check --record --history-db …"))
NOTHING_YET = code(
    "H112", "history-nothing-yet", "尚无历史记录", "no history recorded yet",
    why=("历史记录来自 mzcheck check --record。", "The history comes from mzcheck check --record."),
    help=("用 mzcheck check --record 记录报表", "record reports with mzcheck check --record"))
NEEDS_JURISDICTION = code(
    "H113", "history-needs-jurisdiction", "查看历史序列需要 --jurisdiction", "the series needs --jurisdiction",
    why=("mzcheck history 打印一个地区的记录序列;export 和 import 处理整个记录库。",
         "mzcheck history prints one jurisdiction's series; export and import take the whole store."),
    help=("如 mzcheck history -j 杭州市", "e.g. mzcheck history -j 杭州市"))
IMPORT_NEEDS_FILE = code(
    "H114", "history-import-needs-file", "导入需要导出文件", "import needs the export file",
    why=("mzcheck history import 把 mzcheck history export 写出的文件导入 --history-db 指定的记录库。",
         "mzcheck history import writes a file made by mzcheck history export into the store of --history-db."),
    help=("如 mzcheck history import 杭州.jsonl --history-db postgresql://…",
          "e.g. mzcheck history import hangzhou.jsonl --history-db postgresql://…"))

# --- H2xx: PostgreSQL
NEEDS_PSYCOPG = code(
    "H201", "history-needs-psycopg", "PostgreSQL 记录库需要 psycopg:请运行 pip install 'mzcheck[postgres]'",
    "a PostgreSQL store needs psycopg: pip install 'mzcheck[postgres]'",
    why=("PostgreSQL 驱动不是 mzcheck 的必备依赖;内嵌的 SQLite 记录库不需要它。",
         "The PostgreSQL driver is optional; the embedded SQLite store needs none."))
CANNOT_CONNECT = code(
    "H202", "history-cannot-connect", "无法连接 PostgreSQL 服务器:{reason}", "cannot connect to the PostgreSQL server: {reason}",
    why=("地址写作 postgresql://用户@主机:端口/数据库(密码可放在 ~/.pgpass 或 PGPASSWORD);服务器须可达并接受该用户。",
         "The address is postgresql://user@host:port/database (a password goes in ~/.pgpass or PGPASSWORD); the server must "
         "be reachable and accept the user."),
    help=("用 psql 和同一地址试连,看服务器怎么说", "try psql with the same address to see what the server says"))
SERVER_ERROR = code(
    "H203", "history-server-error", "PostgreSQL 服务器未能完成操作:{reason}", "the PostgreSQL server could not do it: {reason}",
    why=("连接中断或服务器拒绝了语句(权限、磁盘、关机);未完成的记录已整体撤回,不会留下一半。",
         "The connection broke or the server refused a statement (rights, disk, shutdown); an unfinished record is rolled "
         "back whole, never left half-written."),
    help=("稍后重试;同一次记录不会重复写入", "try again later; a record is never written twice"))

# --- H3xx: export and import
OUTPUT_EXISTS = code(
    "H301", "history-output-exists", "输出文件已存在,未覆盖", "the output file exists; not overwriting it",
    why=("导出不会覆盖已有文件。", "An export never overwrites a file."),
    help=("请换一个文件名,或先移走它", "choose another name, or move the file away"))
NOT_AN_EXPORT = code(
    "H302", "history-not-an-export", "不是 mzcheck 历史记录导出文件", "not an mzcheck history export",
    why=("导出文件是 JSON Lines:第一行为 {\"format\": \"mzcheck-history\", \"version\": …},其后每行一份报表。",
         "An export is JSON Lines: a first line {\"format\": \"mzcheck-history\", \"version\": …}, then one report a line."),
    help=("用 mzcheck history export 生成", "make one with mzcheck history export"))
EXPORT_NEWER = code(
    "H303", "history-export-newer", "导出文件的版本为 {version},高于本版本 mzcheck 支持的 {supported};请升级 mzcheck",
    "the export has version {version}, newer than this mzcheck reads ({supported}); upgrade mzcheck",
    why=("更新版本的 mzcheck 导出的文件可能含有本版本不认识的内容。", "A newer mzcheck may have written what this one does not know."))
BAD_RECORD = code(
    "H304", "history-bad-record", "记录无法导入:{detail}", "the record cannot be imported: {detail}",
    why=("导出文件被改动或截断;每行须是完整的一份报表记录。", "The export was edited or cut short; each line must be one whole record."),
    help=("重新导出;已导入的记录再次导入时会跳过", "export it again; records already imported are skipped when imported again"))

# --- H5xx: where the store is, and what an mzcheck-marked store must hold
NO_DEFAULT_LOCATION = code(
    "H501", "history-no-default-location", "无法确定默认的历史记录库位置:没有 $XDG_DATA_HOME,也没有主目录",
    "cannot tell where the default history store is: no $XDG_DATA_HOME and no home folder",
    why=("默认记录库位于 $XDG_DATA_HOME 或主目录下;该环境既没有 $XDG_DATA_HOME,也没有主目录($HOME 或账户信息)。",
         "The default store is under $XDG_DATA_HOME or the home folder; this environment has neither $XDG_DATA_HOME nor a "
         "home folder ($HOME or an account entry)."),
    help=("用 --history-db 或 MZCHECK_HISTORY 指定记录库", "name the store with --history-db or MZCHECK_HISTORY"))
UNKNOWN_VERSION = code(
    "H502", "history-unknown-version", "记录库标记为 mzcheck 的,但结构版本为 {version},不是任何版本的 mzcheck 所写",
    "the store is marked as mzcheck's but has schema version {version}, which no mzcheck writes",
    why=("mzcheck 的记录库版本从 1 起;版本 0 或负数说明文件被其他程序改动过,mzcheck 不会使用或改动它。",
         "mzcheck's stores start at version 1; version 0 or below means another program changed the file, and mzcheck "
         "will not use or change it."),
    help=_ELSEWHERE)
WRONG_COLUMNS = code(
    "H503", "history-wrong-columns", "记录库的数据表 {table} 缺少列:{columns}", "the store's table {table} lacks the columns {columns}",
    why=("记录库的表结构被改动过(列被删除或改名);mzcheck 不会使用或修补它。",
         "The store's tables were changed (columns dropped or renamed); mzcheck will not use or patch it."),
    help=_ELSEWHERE)
