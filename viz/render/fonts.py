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
