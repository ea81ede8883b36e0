"""``python -m megacxr`` runs the CLI."""

from megacxr.cli import main

raise SystemExit(main())
