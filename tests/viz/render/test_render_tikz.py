"""The .tex export: TeX-safe text, one TikZ command per Graphviz operation, and real LaTeX compiling it.

The compiled PDF is read back with poppler's pdftotext: the page is Graphviz's
bounding box, and every text sits where Graphviz put it, inside the width Graphviz
measured for it. In CI pdflatex (with TikZ and the standalone class) and pdftotext
are required; scripts/run.py installs them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import require
from viz_helpers import RENDERER_NAMES, locate

import nn
import viz
from autograd import Value
from viz.render.renderer import Renderer, render
from viz.render.tikz import tex_text, tikz_document, tikz_picture

# -- text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("data 2.0000", "data 2.0000"),
        ("grad -0.5", r"grad \ensuremath{-}0.5"),
        ("7.3e-05", "7.3e-05"),  # an exponent's sign is not a minus sign in front of a number
        ("a-1", "a-1"),
        ("x--y", "x-{}-y"),
        ("50% & $5 #1", r"50\% \& \char36{}5 \#1"),
        ("b_1^2 {x}", r"b\_1\textasciicircum{}2 \{x\}"),
        ("a\\b ~c", r"a\textbackslash{}b \textasciitilde{}c"),
        ('<B> | "q"', r"\textless{}B\textgreater{} \textbar{} {\ttfamily\char34}q{\ttfamily\char34}"),
        ("2 × 3 · 4", r"2 \ensuremath{\times} 3 \ensuremath{\cdot} 4"),
        ("σ(z) Σ ∂L/∂w", r"\ensuremath{\sigma}(z) \ensuremath{\Sigma} \ensuremath{\partial}L/\ensuremath{\partial}w"),
        ("ŷ y\u0302", r"\^{y} \^{y}"),
        ("grad — …", r"grad \textemdash{} \ldots{}"),
        ("tab\there\nnew", "tab here new"),
        ("é", "é"),
    ],
)
def test_tex_text(text: str, tex: str) -> None:
    assert tex_text(text) == tex


def test_every_greek_letter_is_a_command_or_its_latin_twin() -> None:
    small = "αβγδεζηθικλμνξοπρςστυφχψω"
    assert tex_text("λ") == r"\ensuremath{\lambda}" and tex_text("ο") == "o" and tex_text("ω") == r"\ensuremath{\omega}"
    assert all(tex_text(char) != char for char in small if char != "ο")
    assert tex_text("Ω") == r"\ensuremath{\Omega}" and tex_text("Α") == "A" and tex_text("Ρ") == "P"


# -- operations to commands (no renderer needed) ----------------------------------------------


def test_each_operation_becomes_one_command_at_graphvizs_coordinates() -> None:
    layout = {
        "bb": "0,0,100,50",
        "_ldraw_": [
            {"op": "F", "size": 14.0, "face": "Helvetica"},
            {"op": "T", "pt": [50, 40], "align": "c", "width": 30, "text": "Title"},
        ],
        "objects": [
            {
                "_gvid": 0,
                "name": "n0",
                "_draw_": [
                    {"op": "c", "grad": "none", "color": "#fffffe00"},
                    {"op": "C", "grad": "none", "color": "#fde68a"},
                    {"op": "P", "points": [[0, 0], [0, 10], [20, 10], [20, 0]]},
                    {"op": "c", "grad": "none", "color": "#000000"},
                    {"op": "S", "style": "setlinewidth(2.5)"},
                    {"op": "e", "rect": [10, 5, 4, 3]},
                    {"op": "S", "style": "invis"},
                    {"op": "p", "points": [[0, 0], [1, 1], [2, 0]]},
                ],
                "_ldraw_": [
                    {"op": "F", "size": 11.0, "face": "Helvetica"},
                    {"op": "t", "fontchar": 1},
                    {"op": "c", "grad": "none", "color": "#dc2626"},
                    {"op": "T", "pt": [2.5, 3.126], "align": "l", "width": 8.0, "text": "w_1"},
                ],
            }
        ],
        "edges": [
            {
                "_gvid": 0,
                "tail": 0,
                "head": 0,
                "_draw_": [{"op": "c", "color": "#6b7280"}, {"op": "b", "points": [[0, 0], [1, 2], [3, 4], [5, 6]]}],
                "_ldraw_": [
                    {"op": "F", "size": 9.0},
                    {"op": "T", "pt": [5, 6], "align": "r", "width": 10, "text": "-2"},
                ],
            }
        ],
    }
    picture = tikz_picture(json.dumps(layout))
    commands = [line.strip() for line in picture.splitlines() if line.strip().startswith(("\\path", "\\node"))]
    assert commands == [
        r"\path[use as bounding box] (0,0) rectangle (100,50);",
        r"\node[anchor=base] at (50,40) {\chalkgradtext{14}{30}{Title}};",
        r"\path[draw={rgb,255:red,107;green,114;blue,128}] (0,0) .. controls (1,2) and (3,4) .. (5,6);",
        r"\path[fill={rgb,255:red,253;green,230;blue,138}] (0,0) -- (0,10) -- (20,10) -- (20,0) -- cycle;",
        r"\path[draw={rgb,255:red,0;green,0;blue,0}, line width=2.5bp] (10,5) ellipse [x radius=4, y radius=3];",
        r"\node[anchor=base west, text={rgb,255:red,220;green,38;blue,38}] at (2.5,3.13) "
        r"{\chalkgradtext{11}{8}{\textbf{w\_1}}};",
        r"\node[anchor=base east] at (5,6) {\chalkgradtext{9}{10}{\ensuremath{-}2}};",
    ]
    assert picture.index("% edge n0 -> n0") < picture.index("% node n0") < picture.index("% label of edge n0 -> n0")


def test_a_document_wraps_the_picture_in_the_standalone_class() -> None:
    document = tikz_document('{"bb": "0,0,1,1", "objects": [], "edges": []}', name="g.tex")
    assert document.splitlines()[-1] == r"\end{document}"
    assert r"\documentclass[tikz, border=2bp]{standalone}" in document
    assert "pdflatex g.tex" in document and r"\input{g.tex}" in document


# -- real LaTeX --------------------------------------------------------------------------------


@pytest.fixture(params=RENDERER_NAMES)
def renderer(request: pytest.FixtureRequest) -> Renderer:
    found = locate(request.param)
    require(found is not None, f"the Graphviz renderer `{request.param}`")
    assert found is not None
    return found


def latex_tools() -> None:
    have_latex = shutil.which("pdflatex") is not None and shutil.which("kpsewhich") is not None
    if have_latex:
        found = subprocess.run(["kpsewhich", "standalone.cls", "tikz.sty"], capture_output=True, text=True)
        have_latex = len(found.stdout.split()) == 2
    require(have_latex, "pdflatex with TikZ and the standalone class (texlive-pictures, texlive-latex-extra)")
    require(shutil.which("pdftotext") is not None, "poppler's pdftotext (poppler-utils)")


def compile_tex(tex: Path) -> Path:
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tex.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = tex.with_suffix(".log").read_text(errors="replace")
    assert done.returncode == 0, log[-3000:]
    assert "Overfull" not in log
    return tex.with_suffix(".pdf")


Word = tuple[str, float, float, float, float]  # text, x min, y min, x max, y max (bp, y from the top)


def pdf_lines(pdf: Path) -> tuple[tuple[float, float], list[list[Word]]]:
    """The page size of a PDF and its text, as the words of each line pdftotext finds."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", xhtml))
    ns = "{http://www.w3.org/1999/xhtml}"
    page = next(root.iter(f"{ns}page"))
    lines = []
    for line in root.iter(f"{ns}line"):
        words = []
        for word in line.iter(f"{ns}word"):
            box = tuple(float(word.get(key, "nan")) for key in ("xMin", "yMin", "xMax", "yMax"))
            words.append((unicodedata.normalize("NFC", word.text or "").replace("−", "-"), *box))
        lines.append(words)
    return (float(page.get("width", "nan")), float(page.get("height", "nan"))), lines  # type: ignore[return-value]


def find_text(lines: list[list[Word]], text: str, x: float, baseline: float) -> tuple[float, float] | None:
    """Where the PDF shows ``text`` starting near (x, baseline): (x min, x max) of its words, or None."""
    tokens = text.split()
    for words in lines:
        for i in range(len(words) - len(tokens) + 1):
            run = words[i : i + len(tokens)]
            first = run[0]
            if (
                [word[0] for word in run] == tokens
                and abs(first[1] - x) < 1.5
                and first[2] - 1 < baseline < first[4] + 1
            ):
                return first[1], run[-1][3]
    return None


def texts_of(layout: dict) -> list[dict]:
    """Every text operation of a Graphviz JSON layout."""
    items = [layout, *layout.get("objects", []), *layout.get("edges", [])]
    return [op for item in items for key, ops in item.items() if key.endswith("draw_") for op in ops if op["op"] == "T"]


def hostile_graph() -> Value:
    a = Value(2.0, label="a")
    b = Value(-3.0, label='b_1 & 50% $x$ {y} #~^<>|"\\end')
    c = (a * b + a).tanh()
    c.label = "σ(ŷ)"
    c.backward()
    return c


@pytest.mark.slow
def test_the_tex_file_compiles_with_graphvizs_layout(renderer: Renderer, tmp_path: Path) -> None:
    latex_tools()
    drawing = viz.draw_graph(hostile_graph(), edge_labels="chain", title="100% of the graph")
    layout = json.loads(render(drawing, "json", renderer=renderer))
    tex = tmp_path / "graph.tex"
    tex.write_text(tikz_document(render(drawing, "json", renderer=renderer)), encoding="utf-8")
    (width, height), lines = pdf_lines(compile_tex(tex))

    left, bottom, right, top = (float(v) for v in layout["bb"].split(","))
    assert width == pytest.approx(
        right - left + 4, abs=0.5
    )  # PostScript points; the standalone class's 2bp border each side
    assert height == pytest.approx(top - bottom + 4, abs=0.5)

    shown = " ".join(word[0] for words in lines for word in words).replace(" ", "")
    for label in ("b 1 & 50% $x$ {y} #", "data 2", "100% of the graph", "σ(ŷ)", "\\end"):
        assert label.replace(" ", "") in shown.replace("ˆ", "").replace("˜", "")

    # Every left-aligned text starts where Graphviz put it and ends inside the width Graphviz gave it.
    checked = 0
    for op in texts_of(layout):
        if op["align"] != "l" or not op["text"].startswith(("data ", "grad ")):
            continue
        x = op["pt"][0] - left + 2
        baseline = top - op["pt"][1] + 2
        found = find_text(lines, op["text"], x, baseline)
        assert found is not None, (op, x, baseline)
        assert found[1] <= x + op["width"] + 0.5, (op, found)
        checked += 1
    assert checked >= 6


@pytest.mark.slow
def test_network_diagram_and_clusters_compile(renderer: Renderer, tmp_path: Path) -> None:
    latex_tools()
    model = nn.MLP.from_weights([[[0.1], [0.1]], [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]], [[0.4, 0.2, 0.6]]],
                                [[0.1, 0.2], [0.3, 0.1, 0.2], [0.5]], "sigmoid")  # fmt: skip
    loss = nn.bce(model([2.0]), [1])
    loss.backward()
    drawings = {
        "network": viz.draw_network(model, root=loss),
        "clusters": viz.draw_graph(loss, clusters=True),
    }
    for name, drawing in drawings.items():
        layout = json.loads(render(drawing, "json", renderer=renderer))
        tex = tmp_path / f"{name}.tex"
        tex.write_text(tikz_document(json.dumps(layout)), encoding="utf-8")
        _, lines = pdf_lines(compile_tex(tex))
        shown = {word[0] for words in lines for word in words}
        wanted = [op["text"].split()[0].replace("−", "-") for op in texts_of(layout) if op["text"].strip()]
        assert len(wanted) > 20
        missing = [word for word in wanted if word not in shown]
        assert not missing, (name, missing)


def test_runs_side_by_side_become_one_centred_line() -> None:
    """A bold name then plain text (one HTML-label line): one node, so a narrower font leaves no gap."""
    ops = [
        {"op": "F", "size": 10.0, "face": "DejaVu Sans"},
        {"op": "t", "fontchar": 1},
        {"op": "T", "pt": [10, 20], "align": "l", "width": 30, "text": "unit 0"},
        {"op": "t", "fontchar": 0},
        {"op": "c", "color": "#dc2626"},
        {"op": "F", "size": 8.0, "face": "DejaVu Sans"},
        {"op": "T", "pt": [40, 20], "align": "l", "width": 20, "text": " · tanh"},
        {"op": "T", "pt": [10, 8], "align": "l", "width": 25, "text": "next line"},
    ]
    layout = {"objects": [{"_gvid": 0, "name": "n", "_ldraw_": ops}], "edges": []}
    nodes = [line.strip() for line in tikz_picture(json.dumps(layout)).splitlines() if "\\node" in line]
    assert nodes == [
        r"\node[anchor=base] at (35,20) {\chalkgradtext{10}{50}{\textbf{unit 0}{\fontsize{8bp}{8bp}\selectfont "
        r"\textcolor{rgb,255:red,220;green,38;blue,38}{ \ensuremath{\cdot} tanh}}}};",
        r"\node[anchor=base west, text={rgb,255:red,220;green,38;blue,38}] at (10,8) "
        r"{\chalkgradtext{8}{25}{next line}};",
    ]


@pytest.mark.slow
def test_text_wider_than_graphvizs_space_is_shrunk_to_it(tmp_path: Path) -> None:
    """A document font wider than the one Graphviz measured (here typewriter capitals) still fits."""
    latex_tools()
    ops = [
        {"op": "F", "size": 11.0, "face": "Helvetica"},
        {"op": "T", "pt": [10, 10], "align": "l", "width": 40.0, "text": "WWWWWWWWWW"},
        {"op": "T", "pt": [10, 30], "align": "l", "width": 200.0, "text": "short"},
    ]
    layout = {"bb": "0,0,220,50", "objects": [{"_gvid": 0, "name": "n", "_ldraw_": ops}], "edges": []}
    tex = tmp_path / "wide.tex"
    tex.write_text(tikz_document(json.dumps(layout)).replace(r"\begin{document}", r"\begin{document}\ttfamily"))
    _, lines = pdf_lines(compile_tex(tex))
    words = {word[0]: word for line in lines for word in line}
    wide, short = words["WWWWWWWWWW"], words["short"]
    assert wide[1] == pytest.approx(12, abs=1) and wide[3] <= 12 + 40 + 0.5  # shrunk into its 40bp
    assert short[3] - short[1] < 60  # a text that fits keeps its natural size (not stretched to 200bp)
    assert (short[4] - short[2]) > 1.3 * (wide[4] - wide[2])  # only the wide one was scaled down
