"""``python -m viz`` runs the ``chalkgrad`` command line."""

from viz.cli.app import main

raise SystemExit(main())
