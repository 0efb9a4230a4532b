"""chalkgrad's drawings: computation graphs, network diagrams, plots and teaching tools."""

from nn._engine import require_chalkgrad_engine

require_chalkgrad_engine("viz")

__all__: list[str] = []

# Teaching tools: backprop tables, chain-rule paths (imported after the engine check above).
from viz.chain_rule import chain_rule  # noqa: E402
from viz.table import backprop_table  # noqa: E402

__all__ += ["backprop_table", "chain_rule"]
