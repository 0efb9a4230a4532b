"""A drawing as a TikZ picture for LaTeX slides: Graphviz's layout, LaTeX's text.

Graphviz's JSON output (``-Tjson``, written by ``dot`` and by the pip-installed
renderer alike) lists, for the graph, each cluster, each node and each edge, the
operations that draw it: polygons, ellipses, Bézier curves and polylines with
their pen and fill colours, and each piece of text with its baseline point,
alignment, font size and the width Graphviz measured for it. Each operation
becomes one TikZ command at the same coordinates (PostScript points, TeX's
``bp``, y upwards as in TikZ), so the picture has exactly Graphviz's layout.

Text stays text: ``tex_text`` escapes TeX's special characters (a label may hold
``50% & x_1``) and spells the symbols chalkgrad writes (× · Σ ŷ …) as LaTeX
commands, so that the slide's own font draws every label. That font need not
be as narrow as the one Graphviz measured: a text wider than Graphviz's space
for it is shrunk to fit (``\\chalkgradtext``), never left to run out of its box.

Read next: ``saving.py`` (``viz.save(drawing, "graph.tex")`` comes here).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

# -- text -----------------------------------------------------------------------------

# TeX's special characters, and those that the default (OT1) font encoding would
# draw as other glyphs (< as ¡, | as —, " as ”).
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\char36{}",  # not \$: bold \$ comes from a bitmap font in pdflatex
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"{\ttfamily\char34}",
}

# The symbols chalkgrad's drawings use, and their neighbours, as commands that work
# with pdflatex, lualatex and xelatex in any document. Greek letters in text are
# written as math, the way a lecture writes them.
_SYMBOLS = {
    "×": r"\ensuremath{\times}",
    "·": r"\ensuremath{\cdot}",
    "−": r"\ensuremath{-}",
    "±": r"\ensuremath{\pm}",
    "∂": r"\ensuremath{\partial}",
    "∇": r"\ensuremath{\nabla}",
    "∑": r"\ensuremath{\sum}",
    "√": r"\ensuremath{\surd}",
    "∞": r"\ensuremath{\infty}",
    "→": r"\ensuremath{\rightarrow}",
    "←": r"\ensuremath{\leftarrow}",
    "≈": r"\ensuremath{\approx}",
    "≤": r"\ensuremath{\leq}",
    "≥": r"\ensuremath{\geq}",
    "≠": r"\ensuremath{\neq}",
    "⋮": r"\ensuremath{\vdots}",
    "▶": r"\ensuremath{\triangleright}",
    "►": r"\ensuremath{\triangleright}",
    "◀": r"\ensuremath{\triangleleft}",
    "°": r"\ensuremath{^\circ}",
    "¹": r"\ensuremath{^1}",
    "²": r"\ensuremath{^2}",
    "³": r"\ensuremath{^3}",
    "µ": r"\ensuremath{\mu}",
    "…": r"\ldots{}",
    "—": r"\textemdash{}",
    "–": r"\textendash{}",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "\u00a0": "~",
    "ŷ": r"\^{y}",
}
_GREEK_SMALL = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau upsilon "
    "phi chi psi omega"
)
for _offset, _name in enumerate(_GREEK_SMALL.split()):
    _SYMBOLS[chr(ord("α") + _offset)] = _name if _name == "o" else rf"\ensuremath{{\{_name}}}"
_GREEK_CAPITAL = "A B Gamma Delta E Z H Theta I K Lambda M N Xi O Pi P - Sigma T Upsilon Phi X Psi Omega"
for _offset, _name in enumerate(_GREEK_CAPITAL.split()):
    if _name != "-":  # U+03A2 is unassigned
        _SYMBOLS[chr(ord("Α") + _offset)] = _name if len(_name) == 1 else rf"\ensuremath{{\{_name}}}"

# Combining accents (written after their letter, as in "ŷ" typed y + U+0302).
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0307": ".", "\u0308": '"'}


def tex_text(text: str) -> str:
    """``text`` as TeX source that typesets exactly those characters, in any LaTeX document.

    TeX's specials (``\\ { } $ & # % _ ^ ~``) and ``< > | "`` are escaped; the
    symbols above become commands; a minus sign in front of a number is typeset
    as a minus (``-0.5`` becomes ``\\ensuremath{-}0.5``), and ``--`` stays two
    hyphens instead of becoming a dash. Other characters are written as they
    are: accented Latin letters work with pdflatex, anything the font has with
    lualatex and xelatex.
    """
    out: list[str] = []
    for k, char in enumerate(text):
        following = text[k + 1] if k + 1 < len(text) else ""
        if char in _ACCENTS and out:
            out[-1] = f"\\{_ACCENTS[char]}{{{out[-1]}}}"
        elif char == "-":
            previous = text[k - 1] if k > 0 else " "
            if following.isdigit() and not (previous.isalnum() or previous in "._"):
                out.append(r"\ensuremath{-}")
            else:
                out.append("-{}" if following == "-" else "-")
        elif char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _SYMBOLS:
            out.append(_SYMBOLS[char])
        elif char in "\n\r\t" or unicodedata.category(char) in ("Cc", "Cf"):
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


# -- the drawing operations -----------------------------------------------------------------


@dataclass
class _Pen:
    """What an operation is drawn with: set by the c/C/S/F/t operations before it."""

    pen: str = "#000000"
    fill: str = "#000000"
    width: float = 1.0
    dash: str = ""  # "", "dashed" or "dotted"
    invisible: bool = False
    size: float = 14.0
    bold: bool = False
    italic: bool = False


def _colour(spec: str) -> str | None:
    """A Graphviz colour ("#rrggbb", "#rrggbbaa" or a name) as a TikZ colour; None if transparent."""
    spec = spec.strip()
    if spec.lower() in ("none", "transparent", "invis", ""):
        return None
    if spec.startswith("#") and len(spec) in (7, 9):
        red, green, blue = (int(spec[i : i + 2], 16) for i in (1, 3, 5))
        alpha = int(spec[7:9], 16) if len(spec) == 9 else 255
        if alpha == 0:
            return None
        return f"{{rgb,255:red,{red};green,{green};blue,{blue}}}"
    return spec  # a colour name Graphviz left as it was; xcolor knows the common ones


def _alpha(spec: str) -> float:
    spec = spec.strip()
    return int(spec[7:9], 16) / 255 if spec.startswith("#") and len(spec) == 9 else 1.0


def _gradient_colour(op: dict) -> str:
    """A colour operation's colour; a gradient is drawn in its first colour."""
    if "color" in op:
        return str(op["color"])
    stops = op.get("stops") or [{"color": "#000000"}]
    return str(stops[0]["color"])


def _number(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _point(point: list[float]) -> str:
    return f"({_number(point[0])},{_number(point[1])})"


def _path(op: dict) -> str:
    kind = op["op"]
    if kind in "Ee":
        x, y, rx, ry = op["rect"]
        return f"({_number(x)},{_number(y)}) ellipse [x radius={_number(rx)}, y radius={_number(ry)}]"
    points = [_point(p) for p in op["points"]]
    if kind in "Pp":
        return " -- ".join([*points, "cycle"])
    if kind == "L":
        return " -- ".join(points)
    # A Bézier spline: a start point, then three points (two controls, an end) per piece.
    pieces = [points[0]]
    for k in range(1, len(points) - 2, 3):
        pieces.append(f".. controls {points[k]} and {points[k + 1]} .. {points[k + 2]}")
    return " ".join(pieces)


def _stroke_options(pen: _Pen) -> list[str]:
    options = []
    if pen.width != 1.0:
        options.append(f"line width={_number(pen.width)}bp")
    if pen.dash:
        options.append(pen.dash)
    return options


def _shape(op: dict, pen: _Pen) -> str | None:
    """One polygon / ellipse / curve / polyline as a TikZ command (None if nothing shows)."""
    if pen.invisible:
        return None
    filled = op["op"] in "PEB"
    outline = _colour(pen.pen)
    inside = _colour(pen.fill) if filled else None
    options = []
    if inside is not None:
        options.append(f"fill={inside}")
        if _alpha(pen.fill) < 1:
            options.append(f"fill opacity={_number(_alpha(pen.fill))}")
    if outline is not None:
        options += [f"draw={outline}", *_stroke_options(pen)]
        if _alpha(pen.pen) < 1:
            options.append(f"draw opacity={_number(_alpha(pen.pen))}")
    if inside is None and outline is None:
        return None
    return f"\\path[{', '.join(options)}] {_path(op)};"


_ANCHORS = {"l": "base west", "c": "base", "r": "base east"}


@dataclass
class _Run:
    """A piece of text: Graphviz's baseline point, alignment and measured width, and its TeX."""

    x: float
    y: float
    align: str
    width: float
    size: float
    colour: str  # a TikZ colour
    tex: str

    def end(self) -> float:
        return self.x + self.width


_BLACK = "{rgb,255:red,0;green,0;blue,0}"


def _run(op: dict, pen: _Pen) -> _Run | None:
    """A text operation with the pen's font and colour (None if it does not show)."""
    colour = _colour(pen.pen)
    if pen.invisible or colour is None:
        return None
    tex = tex_text(str(op["text"]))
    if pen.bold:
        tex = f"\\textbf{{{tex}}}"
    if pen.italic:
        tex = f"\\textit{{{tex}}}"
    x, y = op["pt"]
    return _Run(float(x), float(y), str(op.get("align", "c")), float(op.get("width", 0.0)), pen.size, colour, tex)


def _line(runs: list[_Run]) -> str | None:
    """Text runs that Graphviz set side by side on one baseline, as one TikZ node (None if blank).

    One run keeps Graphviz's point and alignment. Several (a bold name, then plain
    text) are typeset together, centred where Graphviz centred them: placed one by
    one, a font narrower than Graphviz's would leave gaps between them.
    """
    if not "".join(run.tex for run in runs).strip():
        return None
    first = runs[0]
    if len(runs) == 1:
        anchor, x, width, body = _ANCHORS.get(first.align, "base"), first.x, first.width, first.tex
    else:
        anchor, x, width = "base", (first.x + runs[-1].end()) / 2, runs[-1].end() - first.x
        body = "".join(_styled(run, first) for run in runs)
    options = f"anchor={anchor}" + (f", text={first.colour}" if first.colour != _BLACK else "")
    return (
        f"\\node[{options}] at {_point([x, first.y])} "
        f"{{\\chalkgradtext{{{_number(first.size)}}}{{{_number(max(width, 1.0))}}}{{{body}}}}};"
    )


def _styled(run: _Run, base: _Run) -> str:
    """A run inside a line: with its own size and colour where they differ from the line's first run."""
    tex = run.tex
    if run.colour != base.colour:
        tex = f"\\textcolor{{{run.colour.strip('{}')}}}{{{tex}}}"  # xcolor reads TikZ's colour expressions
    if run.size != base.size:
        tex = f"{{\\fontsize{{{_number(run.size)}bp}}{{{_number(run.size)}bp}}\\selectfont {tex}}}"
    return tex


def _set_style(pen: _Pen, style: str) -> None:
    style = style.strip()
    if style == "solid":
        pen.dash = ""
    elif style in ("dashed", "dotted"):
        pen.dash = style
    elif style == "bold":
        pen.width = 2.0
    elif style == "invis":
        pen.invisible = True
    elif style.startswith("setlinewidth(") and style.endswith(")"):
        pen.width = float(style[len("setlinewidth(") : -1])
    # "filled", "rounded", "radial", ...: already in the shapes' geometry


def _commands(operations: list[dict]) -> list[str]:
    """One attribute's drawing operations (``_draw_``, ``_ldraw_``, ...) as TikZ commands."""
    pen = _Pen()  # every attribute starts from Graphviz's defaults
    out: list[str] = []
    line: list[_Run] = []  # text runs side by side on one baseline, not written yet

    def finish_line() -> None:
        command = _line(line) if line else None
        if command is not None:
            out.append(command)
        line.clear()

    for op in operations:
        kind = op["op"]
        command: str | None = None
        if kind == "c":
            pen.pen = _gradient_colour(op)
        elif kind == "C":
            pen.fill = _gradient_colour(op)
        elif kind == "S":
            _set_style(pen, str(op["style"]))
        elif kind == "F":
            pen.size = float(op["size"])
        elif kind == "t":
            flags = int(op["fontchar"])
            pen.bold, pen.italic = bool(flags & 1), bool(flags & 2)
        elif kind in "PpEeBbL":
            finish_line()
            command = _shape(op, pen)
        elif kind == "T":
            run = _run(op, pen)
            if run is None:
                continue
            follows = line and line[-1].align == run.align == "l" and run.y == line[-1].y
            if not (follows and abs(run.x - line[-1].end()) < 1.0):
                finish_line()
            line.append(run)
        elif kind == "I":
            raise ValueError("this drawing has an image in a label; a TikZ picture can only hold its shapes and text")
        if command is not None:
            out.append(command)
    finish_line()
    return out


# -- the picture --------------------------------------------------------------------------

# Defined inside the picture, so that copying the tikzpicture into a slide keeps it.
_TEXT_MACRO = r"""  % \chalkgradtext{font size}{width Graphviz measured}{text}, both in PostScript points (bp):
  % the text at that size, shrunk to the width if the document's font draws it wider.
  \providecommand{\chalkgradtext}[3]{{\fontsize{#1bp}{#1bp}\selectfont\setbox0=\hbox{#3}%
    \ifdim\wd0>#2bp\relax\resizebox{#2bp}{!}{\box0}\else\box0\fi}}"""


def _comment(text: str) -> str:
    """``text`` safe inside a TeX comment line."""
    return "".join(char if char.isprintable() else " " for char in text)


def tikz_picture(layout: bytes | str) -> str:
    """Graphviz's JSON layout of a drawing (``-Tjson``) as a ``tikzpicture`` environment.

    Drawn in this order, each later one on top: the graph's title, the clusters
    (outer ones first), the edges with their arrowheads, the nodes, and last the
    edge labels, so no line crosses a label. There is no background: the slide's
    shows through.
    """
    graph = json.loads(layout)
    objects = graph.get("objects", [])
    clusters = [item for item in objects if "bb" in item]
    nodes = [item for item in objects if "bb" not in item]
    edges = graph.get("edges", [])
    names = {item["_gvid"]: str(item.get("name", "")) for item in nodes}

    lines = [
        r"\begin{tikzpicture}[x=1bp, y=1bp, line width=1bp, line join=round,"
        r" every node/.style={inner sep=0pt, outer sep=0pt}]",
        _TEXT_MACRO,
    ]
    if "bb" in graph:  # the picture is exactly Graphviz's box, margins included
        left, bottom, right, top = (float(v) for v in str(graph["bb"]).split(","))
        lines.append(f"  \\path[use as bounding box] {_point([left, bottom])} rectangle {_point([right, top])};")

    def section(title: str, *attributes: list[dict]) -> None:
        commands = [command for operations in attributes for command in _commands(operations)]
        if commands:
            lines.append(f"  % {_comment(title)}")
            lines.extend("  " + command for command in commands)

    section("the title", graph.get("_ldraw_", []))
    for item in clusters:
        section(f"cluster {item.get('name', '')}", item.get("_draw_", []), item.get("_ldraw_", []))
    for edge in edges:
        tail, head = names.get(edge.get("tail"), "?"), names.get(edge.get("head"), "?")
        section(f"edge {tail} -> {head}", *(edge.get(key, []) for key in ("_draw_", "_tdraw_", "_hdraw_")))
    for item in nodes:
        section(f"node {item.get('name', '')}", item.get("_draw_", []), item.get("_ldraw_", []))
    for edge in edges:
        tail, head = names.get(edge.get("tail"), "?"), names.get(edge.get("head"), "?")
        labels = (edge.get(key, []) for key in ("_ldraw_", "_tldraw_", "_hldraw_", "_xldraw_"))
        section(f"label of edge {tail} -> {head}", *labels)
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines) + "\n"


_PREAMBLE = r"""% A drawing by chalkgrad, laid out by Graphviz: its coordinates are Graphviz's, in points,
% and its text is typeset by LaTeX in the document's font.
%
% On its own:        pdflatex {name}   (needs TikZ and the standalone class)
% In your slides:    \usepackage{{tikz}} and \usepackage{{standalone}} in the preamble, then
%                    \resizebox{{\linewidth}}{{!}}{{\input{{{name}}}}}   (the standalone package skips the
%                    preamble below), or copy the tikzpicture environment into the slide.
\documentclass[tikz, border=2bp]{{standalone}}
\begin{{document}}
"""


def tikz_document(layout: bytes | str, name: str = "graph.tex") -> str:
    """A standalone LaTeX document holding ``tikz_picture(layout)``; ``name`` is used in its comments."""
    return _PREAMBLE.format(name=_comment(name)) + tikz_picture(layout) + "\\end{document}\n"
