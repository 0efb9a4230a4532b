"""Structure is data: a Value the student relabels keeps its place in clusters, exercises and drawings."""

from __future__ import annotations

import re

import nn
import viz


def _relabelled_network() -> tuple[nn.MLP, object]:
    model = nn.MLP.from_weights([[[0.5, -0.25]], [[2.0]]], [[0.1], [0.0]], "sigmoid")
    loss = nn.mse(model([1.0, 2.0]), [1.0])
    model.layers[0].neurons[0].w[1].label = "my weight"  # was W1[0,1]
    model.layers[0].neurons[0].b.label = "bias!"  # type: ignore[union-attr]  # was b1[0]
    return model, loss


def _cluster_of(source: str, text: str) -> str:
    """The name of the innermost cluster whose block holds ``text``."""
    position = source.index(text)
    openings = [(m.start(), m.group(1)) for m in re.finditer(r"subgraph (cluster_\w+) \{", source)]
    inside = []
    for start, name in openings:
        end = start + len(source[start:].split("\t\t}\n")[0])
        if start < position < end:
            inside.append((start, name))
    return max(inside)[1] if inside else ""


def test_a_relabelled_weight_stays_in_its_neurons_cluster() -> None:
    _, loss = _relabelled_network()
    source = viz.draw_graph(loss, clusters=True).source
    assert _cluster_of(source, "<B>my weight</B>") == "cluster_neuron1_0"
    assert _cluster_of(source, "<B>bias!</B>") == "cluster_neuron1_0"
    collapsed = viz.draw_graph(loss, collapse=True).source
    assert "my weight" not in collapsed and "neuron1_0" in collapsed  # absorbed into its neuron


def test_a_relabelled_weight_works_in_the_exercise_and_its_hints() -> None:
    model, loss = _relabelled_network()
    ex = viz.exercise(loss)
    assert "my weight" in ex.blanks and "bias!" in ex.blanks
    right = ex.solution[model.layers[0].neurons[0].w[1].label]
    assert ex.check({"my weight": right}).all_correct is False  # other blanks are still to do
    assert ex.check({"my weight": right})["my weight"].correct
    # an answer that forgot the local derivative: the hint names the weight's partner, x[1]
    upstream = ex.solution["z1[0]"]
    hint = ex.check({"my weight": upstream})["my weight"].message
    assert "the number my weight is multiplied by, x[1]" in hint


def test_a_relabelled_network_still_draws_its_neurons_values() -> None:
    model, loss = _relabelled_network()
    model.layers[1].neurons[0].w[0].label = "v"
    source = viz.draw_network(model, root=loss).source
    # the neurons still show their activations, found by role, and the weights their labels
    assert "a1[0&#93; = 0.525" in source and "a2[0&#93; = 0.741" in source
    assert "label=<my weight = -0.25>" in source and "label=<v = 2>" in source
