"""The 1-2-3-1 sigmoid network of the lecture deck, typed in as the slide writes it, with BCE loss."""

import nn

# W[l] has one row per unit of layer l and one column per unit of layer l-1.
model = nn.MLP.from_weights(
    weights=[[[0.1], [0.1]], [[0.2, 0.1], [0.3, 0.2], [0.1, 0.3]], [[0.4, 0.2, 0.6]]],
    biases=[[0.1, 0.2], [0.3, 0.1, 0.2], [0.5]],
    activations="sigmoid",
)
y_hat = model([2.0])[0]
loss = nn.bce(y_hat, 1.0)
loss.backward()

print(f"y_hat = {y_hat.data:.4f}, loss = {loss.data:.4f}")  # the slide: 0.7739 and 0.2563
for parameter in model.parameters():  # labelled as on the slide: W1[0,0], b1[0], ...
    print(f"dL/d{parameter.label} = {parameter.grad:.5f}")

loss
