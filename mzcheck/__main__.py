from mzcheck.cli import main

raise SystemExit(main())
