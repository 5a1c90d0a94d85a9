from mzcheck.cli import entry

raise SystemExit(entry())
