"""chalkgrad's drawings: computation graphs, network diagrams, plots and teaching tools."""

from nn._engine import require_chalkgrad_engine

require_chalkgrad_engine("viz")

__all__: list[str] = []

# Computation graphs, rendering and saving (imported after the engine check above).
from viz.drawing.compat import draw_dot  # noqa: E402
from viz.drawing.graph import GraphTooLarge, draw_graph  # noqa: E402
from viz.drawing.network import draw_network  # noqa: E402
from viz.drawing.picture import save  # noqa: E402
from viz.drawing.plots import plot_activation, plot_decision_boundary, plot_history  # noqa: E402
from viz.render.drawing import Drawing  # noqa: E402
from viz.render.renderer import RendererNotFound, RenderError, find_renderer, render_png, render_svg  # noqa: E402

__all__ += [
    "Drawing",
    "GraphTooLarge",
    "RenderError",
    "RendererNotFound",
    "draw_dot",
    "draw_graph",
    "draw_network",
    "find_renderer",
    "plot_activation",
    "plot_decision_boundary",
    "plot_history",
    "render_png",
    "render_svg",
    "save",
]

# Teaching tools: backprop tables, chain-rule paths, stepping, exercises, one SGD step
# (imported after the engine check above).
from viz.classroom.chain_rule import chain_rule  # noqa: E402
from viz.classroom.exercise import exercise  # noqa: E402
from viz.classroom.sgd_update import sgd_update  # noqa: E402
from viz.classroom.stepper import step_through  # noqa: E402
from viz.classroom.table import backprop_table  # noqa: E402

__all__ += ["backprop_table", "chain_rule", "exercise", "sgd_update", "step_through"]
