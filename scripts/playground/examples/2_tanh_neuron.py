"""One neuron, o = tanh(x1*w1 + x2*w2 + b), with the lecture's numbers."""

from autograd import Value

x1 = Value(2.0, label="x1")
x2 = Value(0.0, label="x2")
w1 = Value(-3.0, label="w1")
w2 = Value(1.0, label="w2")
b = Value(6.8813735870195432, label="b")
n = x1 * w1 + x2 * w2 + b
n.label = "n"
o = n.tanh()
o.label = "o"

o.backward()
print(f"o = {o.data:.4f}")
for leaf in (x1, w1, x2, w2, b):
    print(f"do/d{leaf.label} = {leaf.grad:.4f}")  # tanh'(n) = 1 - o**2 = 0.5 at this n

o
