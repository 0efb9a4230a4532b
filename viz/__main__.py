"""``python -m viz`` runs the ``chalkgrad`` command line."""

from viz.cli import main

raise SystemExit(main())
