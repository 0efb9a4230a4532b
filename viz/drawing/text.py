"""Text for drawings: numbers formatted for a cell, and any string made safe for a DOT label.

Every label that chalkgrad writes into a DOT file goes through ``html_text``. The
nodes use Graphviz's HTML-like labels (``label=<...>``), whose only special
characters are ``& < > "``: escaping those four as entities means that no label,
whatever it contains (quotes, ``|``, braces, backslashes, DOT keywords), can end
the label early or add statements to the graph. Backslashes are doubled, so that
Graphviz's name escapes (``\\N`` for the node's name) do not apply. Newlines
become line breaks; other control characters, which neither DOT nor SVG can
carry, are shown as their Python escape (``\\x07``) so they stay visible.

Graphviz reads at most 16 KiB of one HTML-like label. A text longer than
``LONGEST_TEXT`` (escaped) is therefore shortened, visibly: its beginning, then
"… (20,000 characters, shortened for the drawing)". A record holds a few such
texts and stays far below the limit. Pages and captions show the whole text.

Pages (the step-through's HTML) take text the same two ways, and only through
``page_text`` (HTML text and attributes) and ``script_json`` (data inside a
``<script>``): a label such as ``<!--<script>`` or ``</script>`` is shown as
written and cannot change the page's structure.

Read next: ``graph.py``, which builds the computation graph from these pieces.
"""

from __future__ import annotations

import html
import json
import unicodedata

# A backslash is doubled: Graphviz replaces "\N", "\G", "\E", ... with node, graph
# and edge names even inside HTML-like labels (after decoding entities, so "&#92;"
# does not help), and reads "\\" as one literal backslash.
# "]" is written as "&#93;" because dot 2.43 rejects a text run that starts with it.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "]": "&#93;", "\\": "\\\\"}


# The most bytes one text may take in a DOT label once escaped (Graphviz's limit for a
# whole HTML-like label is 16384; a node's record holds its label and a few numbers).
LONGEST_TEXT = 2048
# How much of a shortened text is kept: enough to recognise it.
_KEPT_CHARACTERS = 60


def html_text(text: str) -> str:
    """``text`` escaped for the inside of an HTML-like Graphviz label.

    ``& < > " ]`` become entities, a backslash is doubled, a newline (``\\n``,
    ``\\r\\n`` or ``\\r``) becomes ``<BR/>``, a tab becomes a space, and any other
    control, surrogate or unassigned code point is written as its visible escape,
    e.g. ``\\x00``. A text too long for Graphviz is shortened (see ``fitting``).
    """
    return _escaped(fitting(text))


def fitting(text: str) -> str:
    """``text`` itself, or when its escaped form is longer than ``LONGEST_TEXT`` bytes, its
    beginning and a note saying how long it was: "aaaa… (20,000 characters, shortened for the drawing)".
    """
    if len(text) * 12 <= LONGEST_TEXT or len(_escaped(text).encode("utf-8")) <= LONGEST_TEXT:
        return text  # (an escaped character takes at most 12 bytes: the first test is the quick one)
    return f"{text[:_KEPT_CHARACTERS]}… ({len(text):,} characters, shortened for the drawing)"


def _escaped(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<BR/>".join(_escape_line(line) for line in lines)


def _escape_line(line: str) -> str:
    out = []
    for char in line:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char == "\t":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs", "Cn", "Co", "Zl", "Zp"):
            # Not printable, or not allowed in XML: show the code point instead.
            out.append(visible_escape(char).replace("\\", "\\\\"))
        else:
            out.append(char)
    return "".join(out)


def printable(text: str) -> str:
    """``text`` with every character that cannot be shown (or stored in a file) as its visible escape.

    Newlines and tabs stay; controls, surrogates, unassigned code points and the
    line/paragraph separators become e.g. ``\\x07``, ``\\udc80``, ``\\u2028``, as in drawings.
    """
    return "".join(
        visible_escape(char)
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs", "Cn", "Co", "Zl", "Zp")
        else char
        for char in text
    )


def page_text(text: str) -> str:
    """``text`` for an HTML page, as element text or an attribute value: shown as written, inert.

    ``& < > " '`` become entities; what cannot be shown becomes its visible escape (``printable``).
    """
    return html.escape(printable(text), quote=True)


def script_json(value: object) -> str:
    """``value`` as JSON that can sit inside ``<script>...</script>`` and mean exactly the data.

    Escapes ``<``, ``>`` and ``&`` (so no ``</script>``, ``<!--`` or ``<script`` can
    appear, which would end the script or change how the browser reads it) and,
    with everything outside ASCII, U+2028 and U+2029 (line ends in older JavaScript).
    Strings pass through ``printable`` first, as they would in a drawing.
    """
    text = json.dumps(_printable_strings(value), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _printable_strings(value: object) -> object:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, (list, tuple)):
        return [_printable_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable_strings(item) for key, item in value.items()}
    return value


def visible_escape(char: str) -> str:
    """How a character that cannot be drawn is shown instead: ``\\x07``, ``\\u2028``, ..."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown_text(text: str) -> list[str]:
    """The lines a renderer draws for ``text`` after ``html_text``: what tests compare against."""
    lines = fitting(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    shown = []
    for line in lines:
        chars = []
        for char in line:
            if char == "\t":
                chars.append(" ")
            elif unicodedata.category(char) in ("Cc", "Cs", "Cn", "Co", "Zl", "Zp"):
                chars.append(visible_escape(char))
            else:
                chars.append(char)
        shown.append("".join(chars))
    return shown
