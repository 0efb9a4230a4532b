"""chalkgrad's drawings: computation graphs, network diagrams, plots and teaching tools."""

from nn._engine import require_chalkgrad_engine

require_chalkgrad_engine("viz")

__all__: list[str] = []
