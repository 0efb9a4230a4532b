"""The notebooks' callouts say what kind they are, and the worked examples let the student try first.

A callout is a markdown quote; its first line opens with its kind in bold (``> **Slide error**``). Where a
notebook compares itself with a lecture slide, the reader must know at once whether
the slide's arithmetic is wrong, whether it only carried a rounded number on, or
whether the text the notebook works from was garbled; where it fills in something
the deck only had in a figure, it must say so. These tests read the saved notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
KINDS = ("Rounding drift", "Slide error", "Extraction", "Reconstruction")
OPENING = re.compile(r"> \*\*(?P<kind>[^*]+)\*\*")
# The notebooks that follow a worked example by hand, and ask before they reveal.
PREDICT_THEN_REVEAL = (
    "01_tour",
    "02_perceptrons",
    "04_network_1231_bce",
    "05_network_232_relu_sigmoid",
    "06_network_221_mse",
)


def _cells(path: Path, kind: str) -> list[str]:
    nbformat = pytest.importorskip("nbformat")
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == kind]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_callout_opens_with_its_kind(path: Path) -> None:
    for source in _cells(path, "markdown"):
        assert "Slide check" not in source, f"{path.name}: say which kind of check it is: {', '.join(KINDS)}"
        lines = source.splitlines()
        openings = [
            line
            for k, line in enumerate(lines)
            if line.startswith(">") and (k == 0 or not lines[k - 1].startswith(">"))
        ]
        for line in openings:
            match = OPENING.match(line)
            kind = match["kind"].rstrip(":") if match else line[:40]
            assert kind in KINDS, f"{path.name}: a callout opens with {kind!r}; open it with one of {', '.join(KINDS)}"


@pytest.mark.parametrize("stem", PREDICT_THEN_REVEAL)
def test_the_student_tries_before_the_reveal(stem: str) -> None:
    sources = _cells(REPO_ROOT / "notebooks" / f"{stem}.ipynb", "code")
    exercises = [source for source in sources if "viz.exercise(" in source]
    assert len(exercises) >= 1 and sum(".check(" in source for source in sources) >= 2, (
        f"{stem} should let the student fill in numbers (viz.exercise) and check them before each reveal"
    )
    # a cell where the student writes answers, runnable without them (the example is commented out)
    assert any(line.startswith("# print(") and ".check(" in line for s in sources for line in s.splitlines())
