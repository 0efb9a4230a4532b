"""Make sure the ``autograd`` on the import path is chalkgrad's engine.

PyPI's HIPS "autograd" package has the same import name. Installed after
chalkgrad, it replaces chalkgrad's ``autograd/__init__.py``, and ``import
autograd`` finds HIPS: everything built on top would fail in confusing ways.
``nn`` and ``viz`` call ``require_chalkgrad_engine()`` first, to fail early and
clearly, with the commands that fix it (``autograd/installation.py`` writes them;
the other order of installation is noticed there).
"""

from __future__ import annotations

import shlex
import sys


def require_chalkgrad_engine(package: str) -> None:
    """Raise ImportError with the fix when ``autograd`` is not chalkgrad's engine."""
    # imported here: the check itself: which autograd is importable is what it looks at
    import autograd

    if getattr(autograd, "ENGINE", None) == "chalkgrad":
        return
    location = getattr(autograd, "__file__", None) or "an unknown location"
    try:  # chalkgrad's own files are usually still next to HIPS's, in the folder they share
        # imported here: may be missing when another autograd shadows ours
        from autograd.installation import clash_advice

        advice = clash_advice()
    except ImportError:
        python = shlex.quote(sys.executable)
        advice = (
            f"Fix: {python} -m pip uninstall -y autograd chalkgrad, then install chalkgrad again the way you did "
            "before (the .whl file, or pip install -e . in its folder), or use chalkgrad's own virtual "
            "environment (python3 scripts/run.py demo creates .venv)."
        )
    raise ImportError(
        f"chalkgrad's '{package}' package needs chalkgrad's 'autograd' engine, but 'import autograd' found a "
        f"different package at {location} (most likely the unrelated HIPS autograd from PyPI, which uses the "
        f"same name; a virtual environment of chalkgrad's own avoids the clash). {advice}"
    )
