"""The one font of every drawing, chosen so that the layout and the browser agree on text widths.

Graphviz sizes each box from the width of the text it will hold, but it does not
draw the text in an SVG: the browser does, with whatever font it finds under the
name written in the file. When the two disagree, text leaves its box. So the font
must be one that

- Graphviz's ``dot`` measures exactly (through the fonts installed on the machine),
- the pip-installed ``graphviz-pure`` measures from its built-in metric tables
  (it knows DejaVu Sans, Helvetica/Arial, Times and Courier, nothing else), and
- the browser draws with those same widths.

"Helvetica" fails the last test on Linux, where no Helvetica is installed: graphviz-pure
sizes boxes with Helvetica's widths, the browser draws the wider DejaVu Sans, and
text runs out of its box. DejaVu Sans passes all three on Linux (Debian's
``fonts-dejavu-core``, installed with almost every desktop and by chalkgrad's
setup). Where it is missing (most Macs and Windows machines) the SVG names the
fallbacks: Verdana, whose widths are within about 1 % of DejaVu Sans, then any sans-serif
font, which is narrower still, so text keeps fitting its box.

Read next: ``renderer.py``, which writes the fallbacks into every SVG it renders.
"""

from __future__ import annotations

# The name every drawing gives Graphviz (fontname=...): exactly as the metric tables spell it.
FONT = "DejaVu Sans"

# What the SVG asks the browser for: the font above, then fonts at least as narrow.
SVG_FONT_FAMILY = "DejaVu Sans,Verdana,sans-serif"


def declare_fallbacks(svg: str) -> str:
    """``svg`` with each ``font-family="DejaVu Sans"`` widened to name its fallbacks.

    Graphviz writes the font name it was given, and a browser without that font
    would fall back to its default (often a serif font). Only the attribute Graphviz
    itself writes is changed; label text cannot contain it, since labels are escaped.
    """
    return svg.replace(f'font-family="{FONT}"', f'font-family="{SVG_FONT_FAMILY}"')


# -- how wide a text is -----------------------------------------------------------------
#
# Advance widths of DejaVu Sans (version 2.37) in font units (2048 to the em), for
# the characters chalkgrad's drawings use, regular and bold, read from the font
# files of Debian's fonts-dejavu-core. They let a drawing reserve exactly the room a
# text will take before any renderer runs (a step-through reserves room for every
# text any of its frames will show). A character not listed counts as wide as the
# widest listed one, so an estimate is never too small.
_MEASURED = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~×−—–·…≈∂Σŷ→←∇²√πθσμλ∈≤≥±"
)
# fmt: off
_REGULAR = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
    1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024,
    1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
    1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716, 1716,
    1716, 2048, 1024, 651, 2048, 1716, 1059, 1294, 1212, 1716, 1716, 1370, 821, 1305, 1233, 1253,
    1298, 1303, 1212, 1784, 1716, 1716, 1716,
)
_BOLD = (
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188,
    2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741,
    1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024,
    1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407,
    1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716, 1716,
    1716, 2048, 1024, 778, 2048, 1716, 1114, 1399, 1335, 1716, 1716, 1427, 897, 1366, 1620, 1407,
    1595, 1507, 1296, 1836, 1716, 1716, 1716,
)
# fmt: on
_UNITS_PER_EM = 2048
_WIDTHS = {False: dict(zip(_MEASURED, _REGULAR)), True: dict(zip(_MEASURED, _BOLD))}
_WIDEST = {False: max(_REGULAR), True: max(_BOLD)}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of one line of ``text`` in DejaVu Sans at ``size`` points (no kerning)."""
    widths = _WIDTHS[bold]
    unknown = _WIDEST[bold]
    return sum(widths.get(char, unknown) for char in text) * size / _UNITS_PER_EM
