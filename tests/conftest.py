"""Shared test helpers.

Some tests need tools from outside Python: Graphviz's ``dot`` program, the
pip-installed renderer, Chromium. On a student's laptop a missing tool skips
those tests with a clear reason; in CI (the ``CI`` environment variable is set)
a missing tool fails them, so nothing is silently left untested.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The repository's top folder (tests live in sub-folders that mirror the packages).
REPO_ROOT = Path(__file__).resolve().parent.parent

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require(available: bool, what: str) -> None:
    """Skip (or, in CI, fail) the calling test when ``what`` is not available."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available on this machine")
    pytest.skip(f"{what} is not available on this machine")
