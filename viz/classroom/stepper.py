"""Stepping through a forward or backward pass, one node at a time, as drawings.

``step_through(root, direction="backward")`` makes a list of frames. Frame 0 is the
starting point; then there is one frame per node visit, in the order the engine
visits them, and a last frame sums the pass up:

    backward  the root first, then reverse topological order. At node v the frame
              highlights v, shows dL/dv (complete by now), and labels each edge
              into v with the chain-rule product it sends down:
                  dL/dv × dv/du = what u receives
              Every other node shows its gradient so far: "?" before anything has
              arrived, "g + …" while some of its users are still to come, and the
              final number once all of them have been visited. A visit that sends
              nothing (a leaf) has no frame: the frame that completes its gradient
              says so. The summary: every gradient known, and what to do next.
    forward   topological order. At node v the frame highlights v, fills in its
              value, and labels each edge into v with the local derivative the
              operation records next to its value. Nodes not computed yet show "?".

All frames share one layout: the drawing reserves room for every text any frame
shows (``viz/drawing/room.py``), so stepping changes text, colours and emphasis and
every node stays where it was.

The numbers are the engine's: the backward frames are ``autograd.backward_steps(root)``,
the sweep ``backward()`` performs, written down; the running sums are its additions,
in its order. Nothing is run on the graph and no ``.grad`` changes, so the frames
are the same before and after the student's own ``backward()``.

Show the frames in Jupyter (an ipywidgets control with previous / next / a slider /
play, redrawing in place; without ipywidgets, the frames one after another), or
save them with ``save_html(path)`` as one self-contained page for class (inline
SVG, a presenter view and an overview, the arrow keys, no network; the page is
``stepper_page.py``), or with ``save(path)`` as an animation.

Read next: ``exercise.py`` (the same drawings, with the numbers left to the student).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd import BackwardRecord, Value
from autograd import backward_steps as record_backward
from autograd.formatting import check_precision, format_number
from nn._files import write_atomically
from nn._optional import in_browser
from viz.classroom.names import NodeNames
from viz.classroom.stepper_page import MIN_TEXT_PX, PAGE
from viz.drawing.graph import check_drawable, draw_graph
from viz.drawing.room import Room
from viz.drawing.text import page_text, script_json
from viz.render.animation import animation_format, save_animation
from viz.render.positions import Box, node_boxes
from viz.render.renderer import SCREEN_DPI, fit_width, render_svg
from viz.render.saving import many_pictures

DIRECTIONS = ("backward", "forward")


class Timeline:
    """When each node's number appears, shared by all frames of one pass.

    Storing what changes at each step (instead of every node's text in every frame)
    keeps the memory in proportion to the graph, not to the graph times its frames.
    ``known_at[v]`` is the frame from which v's final number is shown; ``partial[v]``
    lists (frame, running sum) for a gradient that has started to arrive;
    ``gradient[v]`` is v's complete gradient (from the backward record).
    """

    def __init__(self, direction: str, precision: int) -> None:
        self.direction = direction
        self.precision = precision
        self.known_at: dict[Value, int] = {}
        self.partial: dict[Value, list[tuple[int, float]]] = {}
        self.gradient: dict[Value, float] = {}

    def cell(self, node: Value, index: int) -> tuple[str, str]:
        """The (data, grad) text of ``node`` in frame ``index``."""
        p = self.precision
        at = self.known_at.get(node)
        known = at is not None and at <= index
        if self.direction == "forward":
            return (format_number(node.data, p) if known else "?", "")
        data = format_number(node.data, p)
        if not node.requires_grad:
            return (data, "—")  # a constant: backward gives it no gradient
        if known:
            return (data, format_number(self.gradient[node], p))  # complete: the engine's number
        so_far = [value for frame, value in self.partial.get(node, ()) if frame <= index]
        return (data, f"{format_number(so_far[-1], p)} + …" if so_far else "?")  # "+ …": more users still to come

    def every_cell(self, node: Value, last: int) -> set[tuple[str, str]]:
        """Every (data, grad) text ``node`` shows in frames 0 to ``last``: what its record needs room for."""
        moments = {0, last, self.known_at.get(node, 0)} | {frame for frame, _ in self.partial.get(node, ())}
        return {self.cell(node, index) for index in moments if index <= last}


@dataclass
class Frame:
    """One step: the node visited, its caption, and the labels of the edges in use."""

    index: int
    node: Value | None  # the node visited (None for the starting frame)
    name: str  # its name ("" for the starting frame)
    caption: str
    timeline: Timeline
    edges: dict[tuple[Value, int], str] = field(default_factory=dict)  # (node, input index) -> label

    def cell(self, node: Value) -> tuple[str, str]:
        """What ``node``'s record shows in this frame: (data text, grad text)."""
        return self.timeline.cell(node, self.index)

    def edge(self, node: Value, index: int) -> str | None:
        return self.edges.get((node, index))

    def edge_on_drawing(self, node: Value, index: int) -> str | None:
        """The edge's label as drawn: "u × l" over "= s", two short lines that keep the layout narrow."""
        text = self.edges.get((node, index))
        return None if text is None else _two_lines(text)


def _two_lines(label: str) -> str:
    """``"-2 × 3 = -6"`` as ``"-2 × 3\\n= -6"`` (a label without " = " stays as it is)."""
    head, equals, result = label.rpartition(" = ")
    return f"{head}\n= {result}" if equals else label


class StepThrough:
    """The frames of one pass and the ways to show them; see ``step_through``."""

    def __init__(self, root: Value, direction: str, frames: list[Frame], names: NodeNames, **draw_options: Any) -> None:
        self.root = root
        self.direction = direction
        self.frames = frames
        self.names = names
        self.draw_options = draw_options
        self.room = self._reserve_room()
        self._svg_cache: dict[int, str] = {}

    def _reserve_room(self) -> Room:
        """Room for every text any frame shows, so that all frames share one layout (``room.py``)."""
        timeline, last = self.frames[0].timeline, len(self.frames) - 1
        with_grad = self.direction == "backward"
        cells = {
            node: [(f"data {data}", f"grad {grad}" if with_grad else "") for data, grad in shown]
            for node, shown in ((node, timeline.every_cell(node, last)) for node in self.names.order)
        }
        edges: dict[tuple[Value, int], list[str]] = {}
        for frame in self.frames:
            for edge, text in frame.edges.items():
                edges.setdefault(edge, []).append(_two_lines(text))
        return Room.for_texts(cells, edges)

    def __len__(self) -> int:
        return len(self.frames)

    def __getitem__(self, index: int) -> Frame:
        return self.frames[index]

    def __iter__(self) -> Any:
        return iter(self.frames)

    def __repr__(self) -> str:
        return f"<StepThrough: {self.direction} pass of {self.names(self.root)}, {len(self.frames)} frames>"

    def captions(self) -> list[str]:
        return [frame.caption for frame in self.frames]

    # -- drawing one frame ------------------------------------------------------------

    def draw(self, index: int, **options: Any) -> Any:
        """Frame ``index`` as a drawing (a ``viz.draw_graph`` Digraph).

        Keyword arguments go to ``draw_graph`` for this drawing only (e.g. ``clusters=True``).
        """
        frame = self.frames[self._check_index(index)]
        return draw_graph(
            self.root,
            cell_text=frame.cell,
            edge_text=frame.edge_on_drawing,
            highlight=[frame.node] if frame.node is not None else [],
            highlight_edges=frame.edges,  # the edges this step uses, the ones that carry a label
            show_grad=self.direction == "backward",
            room=self.room,
            **{**self.draw_options, **options},
        )

    def svg(self, index: int) -> str:
        """Frame ``index`` rendered to SVG text (cached)."""
        index = self._check_index(index)
        if index not in self._svg_cache:
            self._svg_cache[index] = self._render(index)
        return self._svg_cache[index]

    def render_all(self) -> None:
        """Render every frame (a few at a time: each render is a separate Graphviz process)."""
        todo = [index for index in range(len(self.frames)) if index not in self._svg_cache]
        if in_browser():  # Pyodide has no threads; the page's Graphviz renders in-process anyway
            self._svg_cache.update((index, self._render(index)) for index in todo)
            return
        with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
            for index, svg in zip(todo, pool.map(self._render, todo)):
                self._svg_cache[index] = svg

    def _render(self, index: int) -> str:
        return render_svg(self.draw(index))

    def _check_index(self, index: int) -> int:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"a frame index is a whole number, got {type(index).__name__} {index!r}")
        if not -len(self.frames) <= index < len(self.frames):
            raise IndexError(f"there are {len(self.frames)} frames (0 to {len(self.frames) - 1}); got index {index}")
        return index % len(self.frames)

    # -- Jupyter ----------------------------------------------------------------------

    def widget(self) -> Any:
        """An ipywidgets control: previous / next buttons, a slider and play, redrawing in place."""
        # imported here: optional: only Jupyter needs it
        import ipywidgets as widgets

        last = len(self.frames) - 1
        picture = widgets.HTML()
        caption = widgets.HTML(layout=widgets.Layout(height="4.5em", overflow="auto"))  # the picture never moves
        slider = widgets.IntSlider(value=0, min=0, max=last, description="step", continuous_update=False)
        play = widgets.Play(value=0, min=0, max=last, interval=1200, description="play")
        widgets.jslink((play, "value"), (slider, "value"))
        previous = widgets.Button(description="◀ previous")
        following = widgets.Button(description="next ▶")

        def show(index: int) -> None:
            caption.value = f"<b>{index} / {last}</b> {page_text(self.frames[index].caption)}"
            # every frame has the same size (one layout): scaled to the cell's width, nothing moves
            picture.value = fit_width(self.svg(index))

        def on_slider(change: dict[str, Any]) -> None:
            show(change["new"])

        slider.observe(on_slider, names="value")
        previous.on_click(lambda _: setattr(slider, "value", max(0, slider.value - 1)))
        following.on_click(lambda _: setattr(slider, "value", min(last, slider.value + 1)))
        show(0)
        return widgets.VBox([widgets.HBox([previous, following, play, slider]), caption, picture])

    def _ipython_display_(self) -> None:
        # imported here: only inside Jupyter
        from IPython.display import HTML, display

        try:
            control = self.widget()
        except ImportError:  # no ipywidgets: show every frame, one after the other
            for index, frame in enumerate(self.frames):
                display(HTML(f"<p><b>{index} / {len(self.frames) - 1}</b> {page_text(frame.caption)}</p>"))
                display(self.draw(index))
            return
        display(control)

    # -- one self-contained HTML page ------------------------------------------------

    def html(self, title: str | None = None) -> str:
        """The page ``save_html`` writes, as text."""
        title = title or f"{self.direction} pass of {self.names(self.root)}"
        self.render_all()
        parts = []
        for index, frame in enumerate(self.frames):
            svg = _strip_xml_prologue(self.svg(index))
            # data-node-id is the id draw_graph gives the visited node (its topological position)
            node_id = str(self.names.position[frame.node]) if frame.node is not None else ""
            parts.append(
                f'<div class="frame" id="frame-{index}" data-index="{index}" data-node-id="{node_id}" '
                f'data-focus="{self._focus(frame)}" data-node="{page_text(frame.name)}" hidden>'
                f"{svg}</div>"
            )
        return PAGE.format(
            title=page_text(title),
            frames="\n".join(parts),
            captions=script_json([frame.caption for frame in self.frames]),
            last=len(self.frames) - 1,
            min_text_px=MIN_TEXT_PX,
        )

    def _focus(self, frame: Frame) -> str:
        """The drawing's ids of what a frame is about: the visited node, its operation and its inputs.

        The first and last frames visit no node; they are about the root (backward
        starts and ends there) or, going forward, about the first input.
        """
        position = self.names.position
        if frame.node is None:
            start = self.root if self.direction == "backward" else self.names.order[0]
            return str(position[start])
        ids = [str(position[frame.node]), f"op{position[frame.node]}"]
        ids += [str(position[child]) for child in frame.node.inputs]
        return " ".join(dict.fromkeys(ids))  # in order, without repeats (a * a)

    def save_html(self, path: str | os.PathLike[str], title: str | None = None) -> Path:
        """Write the frames as ONE HTML file (inline SVG, inline script, no network); returns its path.

        Open it in any browser, also from ``file://``; step with the buttons or the
        left/right arrow keys (Home/End jump to the first/last frame).
        """
        target = Path(path)
        if target.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"save_html writes an HTML page: end the file name with .html, got {str(path)!r}")
        return write_atomically(target, self.html(title), make_folders=True)

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        scale: float = 1.0,
        seconds: float = 2.0,
        window: tuple[int, int] | None = None,
    ) -> Path:
        """Write the pass to ``path``, in the form its ending names; returns the path.

        .html, .htm   the page to step through (``save_html``)
        .gif, .webp,  an animation for slides: each frame with its caption underneath,
        .mp4          every frame the same size, ``seconds`` each (the last one longer);
                      ``scale=2`` for twice the pixels; ``window=(1280, 720)`` shows in
                      each frame only that many pixels around the step (the visited node
                      and its inputs; the first and last frames: the whole graph, shrunk),
                      for a graph too large to read whole on a slide
                      (``viz/render/animation.py``; .mp4 needs ffmpeg: pip install imageio-ffmpeg)
        """
        if Path(path).suffix.lower() in (".html", ".htm"):
            return self.save_html(path)
        animation_format(path)  # a wrong ending is reported before anything is rendered
        drawings = [self.draw(index) for index in range(len(self.frames))]
        pictures = many_pictures(drawings, "png", scale=scale)
        focus = None
        if window is not None:  # one layout for all frames: the boxes of frame 0 hold for every frame
            boxes = node_boxes(drawings[0], pictures[0], dpi=SCREEN_DPI * scale)
            focus = [  # the first and the summary frame visit no node: they show the whole graph
                _union([boxes[name] for name in self._focus(frame).split()], window) if frame.node is not None else None
                for frame in self.frames
            ]
        return save_animation(
            pictures, path, captions=self.captions(), seconds=seconds, scale=scale, window=window, focus=focus
        )


def _union(boxes: list[Box], window: tuple[int, int]) -> Box:
    """The box around all of ``boxes`` if it fits in ``window``, else the first one (the visited node)."""
    around = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    fits = around[2] - around[0] <= window[0] and around[3] - around[1] <= window[1]
    return around if fits else boxes[0]


def _strip_xml_prologue(svg: str) -> str:
    """Inline SVG starts at <svg>: drop the <?xml?> line, the DOCTYPE and comments before it."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


# -- building the frames -------------------------------------------------------------


def _backward_frames(record: BackwardRecord, names: NodeNames, p: int) -> list[Frame]:
    """The start, one frame per visit that sends something, and a summary.

    A visit that sends nothing (a leaf, or a node whose inputs are all constants)
    adds nothing to the picture: its gradient was already complete at the visit that
    sent it its last part, and that frame says so ("now complete: ...").
    """
    timeline = Timeline("backward", p)
    # How many edges into users each node still waits for; at 0 its gradient is complete.
    pending: dict[Value, int] = {step.node: 0 for step in record}
    for step in record:
        timeline.gradient[step.node] = step.upstream
        for send in step.sends:
            if send.sent is not None:
                pending[send.input] += 1
    root = record.root
    timeline.known_at[root] = 0  # the seed, d(root)/d(root)
    root_name = names(root)
    frames = [
        Frame(
            index=0,
            node=None,
            name="",
            caption=f"After the forward pass every value is known and no gradient yet. Backward starts at "
            f"{root_name} with d{root_name}/d{root_name} = {format_number(record.seed, p)}.",
            timeline=timeline,
        )
    ]
    for step in record:
        if all(send.sent is None for send in step.sends):
            continue  # nothing to send: a leaf, or only constant inputs
        node, upstream = step.node, step.upstream
        index = len(frames)
        name = names(node)
        edges: dict[tuple[Value, int], str] = {}
        sent, completed = [], []
        for i, send in enumerate(step.sends):
            if send.sent is None:
                continue  # a constant: backward sends it nothing
            child = send.input
            timeline.partial.setdefault(child, []).append((index, send.so_far or 0.0))  # the engine's running sum
            pending[child] -= 1
            if pending[child] == 0:
                timeline.known_at[child] = index
                completed.append(names(child))
            product = f"{format_number(upstream, p)} × {format_number(send.local, p)} = {format_number(send.sent, p)}"
            edges[(node, i)] = product
            sent.append(f"{names(child)} += {product}")
        caption = (
            f"At {name} ({node.op}): d{root_name}/d{name} = {format_number(upstream, p)}. "
            "Chain rule, upstream × local: "
            + "; ".join(sent)
            + (f". Now complete: {', '.join(dict.fromkeys(completed))}." if completed else ".")
        )
        frames.append(Frame(index=index, node=node, name=name, caption=caption, timeline=timeline, edges=edges))
    frames.append(_backward_summary(record, names, p, len(frames), timeline))
    return frames


def _backward_summary(record: BackwardRecord, names: NodeNames, p: int, index: int, timeline: Timeline) -> Frame:
    """The last frame: every gradient is known; the parameters' gradients, and what to do next."""
    root_name = names(record.root)
    parameters = sorted((step.node for step in record if not step.node.inputs), key=lambda node: names(node))
    largest = max(parameters, key=lambda node: abs(record.gradient(node)), default=None)
    steepest = (
        f" The steepest parameter is {names(largest)}: d{root_name}/d{names(largest)} = "
        f"{format_number(record.gradient(largest), p)}."
        if largest is not None
        else ""
    )
    caption = (
        f"Backward is done: every node shows its complete gradient d{root_name}/d(node).{steepest} "
        "Next: one step of gradient descent, w ← w − lr · gradient for every parameter "
        "(viz.sgd_update shows it), then zero the gradients before the next forward and backward pass."
    )
    return Frame(index=index, node=None, name="", caption=caption, timeline=timeline)


def _forward_frames(root: Value, names: NodeNames, p: int) -> list[Frame]:
    """The start, one frame per operation in topological order, and a summary."""
    order = names.order
    timeline = Timeline("forward", p)
    for node in order:
        if not node.inputs:
            timeline.known_at[node] = 0  # inputs and parameters are given from the start
    leaves = ", ".join(f"{names(n)} = {format_number(n.data, p)}" for n in order if not n.inputs and n.label)
    start = f"The inputs and parameters are given: {leaves}."
    frames = [Frame(index=0, node=None, name="", caption=start, timeline=timeline)]
    for node in order:
        if not node.inputs:
            continue
        index = len(frames)
        timeline.known_at[node] = index
        name = names(node)
        arguments = ", ".join(format_number(child.data, p) for child in node.inputs)
        edges = {(node, i): f"local {format_number(local, p)}" for i, local in enumerate(node.local_grads)}
        locals_text = ", ".join(
            f"d{name}/d{names(child)} = {format_number(local, p)}"
            for child, local in zip(node.inputs, node.local_grads)
        )
        value = format_number(node.data, p)
        caption = f"{name} = {node.op}({arguments}) = {value}; recorded local derivatives: {locals_text}"
        frames.append(Frame(index=index, node=node, name=name, caption=caption, timeline=timeline, edges=edges))
    done = (
        f"The forward pass is done: every value is known, {names(root)} = {format_number(root.data, p)}, and every "
        "operation has recorded its local derivatives. Next: the backward pass multiplies them along the "
        "graph (step_through(root, direction='backward'))."
    )
    frames.append(Frame(index=len(frames), node=None, name="", caption=done, timeline=timeline))
    return frames


def step_through(
    root: Value, direction: str = "backward", precision: int = 4, notation: str = "chalkgrad", **draw_options: Any
) -> StepThrough:
    """The forward or backward pass of ``root`` as frames, one per node visit.

    ``direction`` is "backward" (the engine's sweep, read from
    ``autograd.backward_steps``; no ``.grad`` is changed) or "forward".
    ``precision``: significant digits shown. Other keyword arguments go to
    ``viz.draw_graph`` (e.g. ``rankdir="TB"``, ``clusters=True``, or ``layout="slide"``
    for a network: its overview then fits a 16:9 screen); a graph too large
    to draw with them is refused before any frame is made. In Jupyter the result
    shows as an interactive control; ``.save_html(path)`` writes a standalone page.
    ``notation="deck"`` names the nodes nn made as the lecture decks do (w₁₁^[1] for
    W1[0,0]; see ``viz.notation``), in the captions and
    the drawings alike.
    """
    names = NodeNames(root, notation)
    draw_options["notation"] = names.notation
    if direction not in DIRECTIONS:
        raise ValueError(f'direction must be "backward" or "forward", got {direction!r}')
    p = check_precision(precision)
    check_drawable(root, **draw_options)  # too large, or a wrong option: said now, not at display time
    if direction == "backward":
        if not root.requires_grad:
            raise ValueError(f"{names(root)} does not depend on anything that needs a gradient: no backward to show")
        frames = _backward_frames(record_backward(root), names, p)
    else:
        frames = _forward_frames(root, names, p)
    return StepThrough(root, direction, frames, names, **draw_options)
