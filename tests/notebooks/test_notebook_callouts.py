"""The notebooks' callouts say what kind they are, their numbers are asserted, and the student tries first.

A callout is a markdown quote; its first line opens with its kind in bold (``> **Slide error**``). Where a
notebook compares itself with a lecture slide, the reader must know at once whether
the slide's arithmetic is wrong, whether it only carried a rounded number on, or
whether the text the notebook works from was garbled; where it fills in something
the deck only had in a figure, it must say so. And every number the prose quotes (a
slide's value, an exact value beside it) must be one the code uses or checks: it
appears as a literal in a code cell, in an assert or as an input. These tests read
the saved notebooks.
"""

from __future__ import annotations

import ast
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


# A quoted number: a decimal (0.5744, -0.2261) or a count of 100 or more (109,386 or 677{,}381),
# with its sign when the sign is written against it ("1 - 0.964" is a difference, not -0.964).
NUMBER = re.compile(r"(?<![\w.\[])(-?)(\d{1,3}(?:(?:\{,\}|,)\d{3})+|\d+\.\d+|\d{3,})(?!\w)")
APPENDIX = "<!-- appendix -->"  # quotations of garbled deck text, not mathematics


def _quoted_numbers(markdown: str) -> list[tuple[str, float]]:
    text = re.sub(r"`[^`]*`", " ", markdown)  # inline code: labels such as W1[0,0], file names
    numbers = []
    for match in NUMBER.finditer(text.replace("−", "-")):
        digits = match[2].replace("{,}", "").replace(",", "")
        if "." in digits or int(digits) >= 100:
            numbers.append((match[0], -float(digits) if match[1] else float(digits)))
    return numbers


def _literals(source: str) -> set[float]:
    """Every number written in the code, with its sign (-0.2261 is a literal, not 0.2261)."""
    values = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            value, sign = node.operand.value, -1.0
        elif isinstance(node, ast.Constant):
            value, sign = node.value, 1.0
        else:
            continue
        if type(value) in (int, float):
            values.add(sign * float(value))
    return values


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_number_the_prose_quotes_is_used_or_checked_by_the_code(path: Path) -> None:
    literals = set().union(*(_literals(source) for source in _cells(path, "code")))
    unchecked = [
        text
        for source in _cells(path, "markdown")
        if APPENDIX not in source
        for text, value in _quoted_numbers(source)
        if value not in literals
    ]
    assert not unchecked, f"{path.name} quotes numbers no code cell computes with or asserts: {', '.join(unchecked)}"
