from leakwarden.cli import main

raise SystemExit(main())
