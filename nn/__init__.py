"""chalkgrad's neural-network layer: neurons, layers, MLPs, losses, optimizers, data.

Everything here is built from ``autograd.Value``; nothing is hidden from backward.
"""

from nn._engine import require_chalkgrad_engine

require_chalkgrad_engine("nn")

__all__: list[str] = []
