"""The plain-float floor: each benchmark's computation with Python floats and no graph.

What a careful student would write by hand for the same forward pass, backward pass
and update, in the same Python (lists, zip, builtin sum; no numpy): the time any
scalar autograd engine written in Python is measured against. An engine cannot do
less work than this; the ratio to it is the cost of keeping a graph.

Every function here computes the same numbers as the chalkgrad version of its
benchmark (``bench/run.py`` checks the demo step's loss against it).
"""

from __future__ import annotations

import math

Matrix = list[list[float]]


def mlp_forward(weights: list[Matrix], biases: list[list[float]], x: list[float]) -> list[list[float]]:
    """Every layer's activations, inputs first: ReLU hidden layers, a linear last layer."""
    activations = [x]
    last = len(weights) - 1
    for layer, (W, b) in enumerate(zip(weights, biases)):
        a = activations[-1]
        z = [sum(w * ai for w, ai in zip(row, a)) + bj for row, bj in zip(W, b)]
        activations.append(z if layer == last else [v if v > 0 else 0.0 for v in z])
    return activations


def mlp_backward(
    weights: list[Matrix],
    activations: list[list[float]],
    delta: list[float],
    grad_w: list[Matrix],
    grad_b: list[list[float]],
) -> None:
    """Add dL/dW and dL/db into grad_w, grad_b, given dL/d(output) = delta."""
    last = len(weights) - 1
    for layer in range(last, -1, -1):
        if layer != last:  # through the ReLU: its slope is 1 where the unit was on
            delta = [d if a > 0 else 0.0 for d, a in zip(delta, activations[layer + 1])]
        a_in = activations[layer]
        for j, d in enumerate(delta):
            if d != 0.0:
                row = grad_w[layer][j]
                for i, ai in enumerate(a_in):
                    row[i] += d * ai
                grad_b[layer][j] += d
        if layer:
            W = weights[layer]
            delta = [sum(delta[j] * W[j][i] for j in range(len(delta))) for i in range(len(a_in))]


def zeros_like(weights: list[Matrix], biases: list[list[float]]) -> tuple[list[Matrix], list[list[float]]]:
    return [[[0.0] * len(row) for row in W] for W in weights], [[0.0] * len(b) for b in biases]


def demo_step(
    weights: list[Matrix], biases: list[list[float]], X: list[list[float]], y: list[float], lr: float = 0.05
) -> float:
    """micrograd's demo step: mean max-margin loss + 1e-4 * sum of squared parameters, then SGD."""
    alpha = 1e-4
    n = len(X)
    grad_w, grad_b = zeros_like(weights, biases)
    margins = 0.0
    for x, target in zip(X, y):
        activations = mlp_forward(weights, biases, x)
        margin = 1.0 - target * activations[-1][0]
        if margin > 0:
            margins += margin
            mlp_backward(weights, activations, [-target / n], grad_w, grad_b)
    loss = margins / n
    for W, b, GW, GB in zip(weights, biases, grad_w, grad_b):
        for row, grow in zip(W, GW):
            for i, w in enumerate(row):
                loss += alpha * w * w
                row[i] = w - lr * (grow[i] + 2 * alpha * w)
        for j, bj in enumerate(b):
            loss += alpha * bj * bj
            b[j] = bj - lr * (GB[j] + 2 * alpha * bj)
    return loss


def softmax_step(
    weights: list[Matrix], biases: list[list[float]], x: list[float], target: int, lr: float = 0.1
) -> float:
    """One SGD step of softmax cross-entropy on one sample (the digits epoch's step)."""
    activations = mlp_forward(weights, biases, x)
    logits = activations[-1]
    biggest = max(logits)
    exps = [math.exp(z - biggest) for z in logits]
    total = sum(exps)
    delta = [e / total for e in exps]
    delta[target] -= 1.0
    grad_w, grad_b = zeros_like(weights, biases)
    mlp_backward(weights, activations, delta, grad_w, grad_b)
    for W, b, GW, GB in zip(weights, biases, grad_w, grad_b):
        for row, grow in zip(W, GW):
            for i, g in enumerate(grow):
                row[i] -= lr * g
        for j, g in enumerate(GB):
            b[j] -= lr * g
    return biggest + math.log(total) - logits[target]


def relu_chain(n: int) -> float:
    """n relus forward, keeping each slope, then the chain rule back: the gradient at the start."""
    y = 0.5
    slopes = []
    for _ in range(n):
        slopes.append(1.0 if y > 0 else 0.0)
        y = y if y > 0 else 0.0
    grad = 1.0
    for slope in reversed(slopes):
        grad *= slope
    return grad


def sum_of_products(ws: list[float], xs: list[float]) -> tuple[float, list[float]]:
    """f = sum of w_i * x_i and its gradient df/dw_i = upstream 1.0 times x_i."""
    total = sum(w * x for w, x in zip(ws, xs))
    return total, [1.0 * x for x in xs]
