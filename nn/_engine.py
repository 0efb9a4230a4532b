"""Make sure the ``autograd`` on the import path is chalkgrad's engine.

PyPI's HIPS "autograd" package has the same import name. If it is installed
in the same environment, ``import autograd`` may find it instead of chalkgrad's
engine, and everything built on top would fail in confusing ways. ``nn`` and
``viz`` call ``require_chalkgrad_engine()`` first, to fail early and clearly.
"""

from __future__ import annotations


def require_chalkgrad_engine(package: str) -> None:
    """Raise ImportError with the fix when ``autograd`` is not chalkgrad's engine."""
    import autograd

    if getattr(autograd, "ENGINE", None) != "chalkgrad":
        location = getattr(autograd, "__file__", None) or "an unknown location"
        raise ImportError(
            f"chalkgrad's '{package}' package needs chalkgrad's 'autograd' engine, but "
            f"'import autograd' found a different package at {location} (most likely the "
            "unrelated HIPS autograd from PyPI, which uses the same name). Fix: use "
            "chalkgrad's own virtual environment (python3 scripts/run.py demo creates .venv), "
            "or run 'pip uninstall autograd' and then 'pip install -e .' in the chalkgrad folder."
        )
