"""Names for the nodes of a network, in chalkgrad's labels or in the decks' notation.

Every drawing and teaching tool asks ``node_name(node, notation)`` for the name it shows;
this file is the one place that decides it. There are two notations:

``notation="chalkgrad"`` (the default) shows each Value's ``label``. nn labels what it
makes with the layer counted from 1 and units and inputs counted from 0, as in numpy:
``W2[0,1]``, ``b2[0]``, ``z2[0]``, ``a2[0]``, ``x[0]``.

``notation="deck"`` writes the nodes nn made the way the lecture decks do: everything
counted from 1 and the layer as a superscript in brackets. Read from the Value's
``role`` (set by nn; see ``nn.naming``), never from its label:

    role                                chalkgrad   deck          LaTeX
    weight: layer l, unit j, input i    W{l}[j,i]   w_(i+1)(j+1)^[l]   w_{i+1\\,j+1}^{[l]}
    bias: layer l, unit j               b{l}[j]     w_0(j+1)^[l]       w_{0\\,j+1}^{[l]}
    weighted sum: layer l, unit j       z{l}[j]     z_(j+1)^[l]        z_{j+1}^{[l]}
    activation: layer l, unit j         a{l}[j]     a_(j+1)^[l]        a_{j+1}^{[l]}
    network input i                     x[i]        x_(i+1)            x_{i+1}

so chalkgrad's ``W1[0,0]`` is the deck's w₁₁^[1], ``b2[0]`` is w₀₁^[2] and ``a2[0]`` is
a₁^[2]. A weight is named *from* input i *into* unit j, as deck 000 writes w_ij (the
matrix entry W^[l][j, i] of the row-per-unit matrices the decks and ``MLP.from_weights``
use); the bias is the weight of the constant input 1, w_0j (deck 000's name; other decks
write b_j). The error of a unit, δ_j^[l] = ∂L/∂z_j^[l], is the gradient of z_j^[l].

In drawings and captions the indices are Unicode subscript digits (w₁₁^[1]); Unicode has
no superscript brackets, so the layer is written ``^[l]`` as in the LaTeX source. When an
index has two digits the subscripts are separated by a comma (w₁₂,₃^[1]). A Value without
a role (one you made and labelled yourself, a helper node of a loss, the loss itself)
keeps its label in both notations. A neuron is "layer 2 · unit 0" in chalkgrad's
labels and "layer 2 · neuron 1" in the decks' (``unit_title``).

``typed`` turns a name as a student types it ("w_11^[1]", "w_{11}^{[1]}", "w11^[1]") into
the form the tools compare, so an exercise accepts the deck's names as answers.

Read next: ``classroom/names.py`` (the tools' names, built on ``node_name``).
"""

from __future__ import annotations

from autograd import Value
from nn.naming import Role

NOTATIONS = ("chalkgrad", "deck")

_SUBSCRIPT = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉,")
_PLAIN = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789", "_{} \t")


def check_notation(notation: object) -> str:
    """The notation, or a ValueError that lists the ones there are."""
    if notation not in NOTATIONS:
        raise ValueError(
            f"notation must be 'chalkgrad' (nn's labels, units counted from 0: W1[0,0]) or 'deck' "
            f"(the lectures' names, counted from 1: w_11^[1]); got {notation!r}"
        )
    return str(notation)


def _deck_parts(role: object) -> tuple[str, list[str], int | None] | None:
    """(letter, 1-based subscript indices, layer) of a role in the decks' notation; None if it has none."""
    if not isinstance(role, Role):
        return None
    layer, unit, index = role.layer, role.unit, role.input
    if role.kind == "W" and unit is not None and index is not None:
        return "w", [str(index + 1), str(unit + 1)], layer
    if role.kind == "b" and unit is not None:
        return "w", ["0", str(unit + 1)], layer
    if role.kind in ("z", "a") and unit is not None:
        return role.kind, [str(unit + 1)], layer
    if role.kind == "x" and index is not None:
        return "x", [str(index + 1)], None
    return None


def _joined(indices: list[str]) -> str:
    """Subscript indices side by side (11), or with commas when one has two digits (12,3)."""
    return ("," if any(len(i) > 1 for i in indices) else "").join(indices)


def deck_name(role: object) -> str | None:
    """The decks' name of a role as text (w₁₁^[1], a₂^[1], x₁); None for a role it does not name."""
    parts = _deck_parts(role)
    if parts is None:
        return None
    letter, indices, layer = parts
    name = letter + _joined(indices).translate(_SUBSCRIPT)
    return name if layer is None else f"{name}^[{layer}]"


def deck_latex(role: object) -> str | None:
    """The decks' name of a role in LaTeX (w_{11}^{[1]}), for markdown and slides; None if it has none."""
    parts = _deck_parts(role)
    if parts is None:
        return None
    letter, indices, layer = parts
    name = f"{letter}_{{{_joined(indices)}}}"
    return name if layer is None else f"{name}^{{[{layer}]}}"


def node_name(node: Value, notation: str = "chalkgrad") -> str:
    """The name a drawing or a tool shows for ``node``: its label, or its deck name (see above)."""
    if notation == "deck":
        name = deck_name(getattr(node, "role", None))
        if name is not None:
            return name
    return node.label


def unit_title(layer: int, unit: int, notation: str = "chalkgrad") -> str:
    """How drawings name a neuron: "layer 2 · unit 0" (chalkgrad) or "layer 2 · neuron 1" (deck).

    Never "2.1", which a student reads as a number.
    """
    if notation == "deck":
        return f"layer {layer} · neuron {unit + 1}"
    return f"layer {layer} · unit {unit}"


def input_name(index: int, notation: str = "chalkgrad") -> str:
    """The name of network input ``index`` (0-based) where a drawing has no Value for it: x[0] or x₁."""
    if notation == "deck":
        return "x" + str(index + 1).translate(_SUBSCRIPT)
    return f"x[{index}]"


def typed(name: str) -> str:
    """A typed name in the form the tools compare: subscript digits, "_", braces and spaces dropped.

    "w_{11}^{[1]}", "w_11^[1]", "w₁₁^[1]" and "w11^[1]" all become "w11^[1]".
    """
    return name.translate(_PLAIN)
