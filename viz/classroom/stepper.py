"""Stepping through a forward or backward pass, one node at a time, as drawings.

``step_through(root, direction="backward")`` makes a list of frames. Frame 0 is the
starting point; then there is one frame per node visit, in the order the engine
visits them:

    backward  the root first, then reverse topological order. At node v the frame
              highlights v, shows dL/dv (complete by now), and labels each edge
              into v with the chain-rule product it sends down:
                  dL/dv × dv/du = what u receives
              Every other node shows its gradient so far: "?" before anything has
              arrived, "g + …" while some of its users are still to come, and the
              final number once all of them have been visited.
    forward   topological order. At node v the frame highlights v, fills in its
              value, and labels each edge into v with the local derivative the
              operation records next to its value. Nodes not computed yet show "?".

The numbers are the engine's: the backward frames are ``autograd.backward_steps(root)``,
the sweep ``backward()`` performs, written down; the running sums are its additions,
in its order. Nothing is run on the graph and no ``.grad`` changes, so the frames
are the same before and after the student's own ``backward()``.

Show the frames in Jupyter (an ipywidgets control with previous / next / a slider /
play, redrawing in place; without ipywidgets, the frames one after another), or
save them with ``save_html(path)`` as one self-contained page for class: inline
SVG, a few lines of script, buttons and the left/right arrow keys, no network.

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
from nn._files import write_atomically
from nn._optional import in_browser
from viz.classroom.names import NodeNames, check_precision, fmt
from viz.drawing.graph import check_drawable, draw_graph
from viz.drawing.text import page_text, script_json
from viz.render.animation import animation_format, save_animation
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
            return (fmt(node.data, p) if known else "?", "")
        data = fmt(node.data, p)
        if not node.requires_grad:
            return (data, "—")  # a constant: backward gives it no gradient
        if known:
            return (data, fmt(self.gradient[node], p))  # complete: the engine's number
        so_far = [value for frame, value in self.partial.get(node, ()) if frame <= index]
        return (data, f"{fmt(so_far[-1], p)} + …" if so_far else "?")  # "+ …": more users still to come


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


class StepThrough:
    """The frames of one pass and the ways to show them; see ``step_through``."""

    def __init__(self, root: Value, direction: str, frames: list[Frame], names: NodeNames, **draw_options: Any) -> None:
        self.root = root
        self.direction = direction
        self.frames = frames
        self.names = names
        self.draw_options = draw_options
        self._svg_cache: dict[int, str] = {}

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
            edge_text=frame.edge,
            highlight=[frame.node] if frame.node is not None else [],
            highlight_edges=frame.edges,  # the edges this step uses, the ones that carry a label
            show_grad=self.direction == "backward",
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
        from viz.render.renderer import render_svg

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
        import ipywidgets as widgets

        last = len(self.frames) - 1
        picture = widgets.HTML()
        caption = widgets.HTML()
        slider = widgets.IntSlider(value=0, min=0, max=last, description="step", continuous_update=False)
        play = widgets.Play(value=0, min=0, max=last, interval=1200, description="play")
        widgets.jslink((play, "value"), (slider, "value"))
        previous = widgets.Button(description="◀ previous")
        following = widgets.Button(description="next ▶")

        def show(index: int) -> None:
            caption.value = f"<b>{index} / {last}</b> {page_text(self.frames[index].caption)}"
            # a wide drawing scrolls sideways inside the output instead of being cut off
            picture.value = f'<div style="overflow-x: auto; max-width: 100%">{self.svg(index)}</div>'

        def on_slider(change: dict[str, Any]) -> None:
            show(change["new"])

        slider.observe(on_slider, names="value")
        previous.on_click(lambda _: setattr(slider, "value", max(0, slider.value - 1)))
        following.on_click(lambda _: setattr(slider, "value", min(last, slider.value + 1)))
        show(0)
        return widgets.VBox([widgets.HBox([previous, following, play, slider]), caption, picture])

    def _ipython_display_(self) -> None:
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
        return _PAGE.format(
            title=page_text(title),
            frames="\n".join(parts),
            captions=script_json([frame.caption for frame in self.frames]),
            last=len(self.frames) - 1,
        )

    def _focus(self, frame: Frame) -> str:
        """The drawing's ids of what a frame is about: the visited node, its operation and its inputs."""
        if frame.node is None:
            return ""
        position = self.names.position
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

    def save(self, path: str | os.PathLike[str], *, scale: float = 1.0, seconds: float = 2.0) -> Path:
        """Write the pass to ``path``, in the form its ending names; returns the path.

        .html, .htm   the page to step through (``save_html``)
        .gif, .webp   an animation for slides: each frame with its caption underneath,
                      every frame the same size, ``seconds`` each (the last one longer);
                      ``scale=2`` for twice the pixels (``viz/render/animation.py``)
        """
        if Path(path).suffix.lower() in (".html", ".htm"):
            return self.save_html(path)
        animation_format(path)  # a wrong ending is reported before anything is rendered
        drawings = [self.draw(index) for index in range(len(self.frames))]
        pictures = many_pictures(drawings, "png", scale=scale)
        return save_animation(pictures, path, captions=self.captions(), seconds=seconds, scale=scale)


def _strip_xml_prologue(svg: str) -> str:
    """Inline SVG starts at <svg>: drop the <?xml?> line, the DOCTYPE and comments before it."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: Helvetica, Arial, sans-serif; margin: 1em; }}
  #top {{ position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid #e5e7eb; }}
  #controls {{ padding: .4em 0; }}
  #controls button {{ font-size: 1.1em; padding: .2em .8em; }}
  #counter {{ display: inline-block; min-width: 5em; text-align: center; font-weight: bold; }}
  #zoom {{ display: inline-block; min-width: 3.5em; text-align: center; }}
  #caption {{ font-size: 1.15em; line-height: 1.35; min-height: 2.7em; margin: .2em 0 .5em 0; }}
  .frame {{ overflow-x: auto; }}
  body.fit .frame svg {{ max-width: 100%; height: auto; }}
</style>
</head>
<body>
<h1 style="font-size: 1.3em">{title}</h1>
<div id="top">
<div id="controls">
  <button id="first" title="first frame (Home)">first</button>
  <button id="prev" title="previous (left arrow)">◀ previous</button>
  <span id="counter"></span>
  <button id="next" title="next (right arrow)">next ▶</button>
  <button id="last" title="last frame (End)">last</button>
  <button id="smaller" title="smaller (-)">−</button><span id="zoom">100%</span><button id="larger"
   title="larger (+)">+</button>
  <button id="fit" title="fit the drawing to the window width (F)">fit width</button>
  <span style="color: #6b7280">keys: ← → Home End + − F</span>
</div>
<p id="caption"></p>
</div>
{frames}
<script>
(function () {{
  var captions = {captions};
  var last = {last};
  var current = 0;
  var zoom = 1;
  function show(index) {{
    current = Math.max(0, Math.min(last, index));
    for (var i = 0; i <= last; i++) {{
      document.getElementById("frame-" + i).hidden = (i !== current);
    }}
    document.getElementById("counter").textContent = current + " / " + last;
    document.getElementById("caption").textContent = captions[current];
    document.body.setAttribute("data-current", String(current));
    reveal(document.getElementById("frame-" + current));
  }}
  // Scroll so that the step is on screen: the visited node, its operation and its
  // inputs (with the labelled edges between them); if they do not all fit, the node.
  function reveal(frame) {{
    var wanted = (frame.getAttribute("data-focus") || "").split(" ").filter(Boolean);
    if (!wanted.length) return;
    var nodeBox = null, box = null;
    var titles = frame.querySelectorAll("g.node > title");
    for (var k = 0; k < titles.length; k++) {{
      if (wanted.indexOf(titles[k].textContent) < 0) continue;
      var r = titles[k].parentNode.getBoundingClientRect();
      if (titles[k].textContent === wanted[0]) nodeBox = r;
      box = box ? {{left: Math.min(box.left, r.left), right: Math.max(box.right, r.right),
                   top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom)}}
                : {{left: r.left, right: r.right, top: r.top, bottom: r.bottom}};
    }}
    if (!box || !nodeBox) return;
    var area = frame.getBoundingClientRect();
    if (box.right - box.left > frame.clientWidth) box = nodeBox;
    frame.scrollLeft += (box.left + box.right) / 2 - (area.left + frame.clientWidth / 2);
    var header = document.getElementById("top").getBoundingClientRect().bottom;
    var room = window.innerHeight - header;
    if (box.top < header || box.bottom > window.innerHeight) {{
      if (box.bottom - box.top > room) box = nodeBox;
      window.scrollBy(0, (box.top + box.bottom) / 2 - (header + room / 2));
    }}
  }}
  function setZoom(factor) {{
    zoom = Math.max(0.25, Math.min(3, factor));
    document.body.classList.remove("fit");
    var pictures = document.querySelectorAll(".frame svg");
    for (var k = 0; k < pictures.length; k++) {{
      var svg = pictures[k];
      if (!svg.dataset.width) {{
        svg.dataset.width = parseFloat(svg.getAttribute("width"));
        svg.dataset.height = parseFloat(svg.getAttribute("height"));
      }}
      svg.style.width = (svg.dataset.width * zoom) + "pt";
      svg.style.height = (svg.dataset.height * zoom) + "pt";
    }}
    document.getElementById("zoom").textContent = Math.round(zoom * 100) + "%";
    show(current);
  }}
  function toggleFit() {{
    var fit = !document.body.classList.contains("fit");
    if (fit) setZoom(1);  // fit starts from the natural size
    document.body.classList.toggle("fit", fit);
    document.getElementById("zoom").textContent = fit ? "fit" : "100%";
    show(current);
  }}
  document.getElementById("first").onclick = function () {{ show(0); }};
  document.getElementById("prev").onclick = function () {{ show(current - 1); }};
  document.getElementById("next").onclick = function () {{ show(current + 1); }};
  document.getElementById("last").onclick = function () {{ show(last); }};
  document.getElementById("smaller").onclick = function () {{ setZoom(zoom / 1.25); }};
  document.getElementById("larger").onclick = function () {{ setZoom(zoom * 1.25); }};
  document.getElementById("fit").onclick = toggleFit;
  document.addEventListener("keydown", function (event) {{
    if (event.key === "ArrowRight") {{ show(current + 1); event.preventDefault(); }}
    else if (event.key === "ArrowLeft") {{ show(current - 1); event.preventDefault(); }}
    else if (event.key === "Home") {{ show(0); event.preventDefault(); }}
    else if (event.key === "End") {{ show(last); event.preventDefault(); }}
    else if (event.key === "+" || event.key === "=") {{ setZoom(zoom * 1.25); }}
    else if (event.key === "-") {{ setZoom(zoom / 1.25); }}
    else if (event.key === "f" || event.key === "F") {{ toggleFit(); }}
  }});
  show(0);
}})();
</script>
</body>
</html>
"""


# -- building the frames -------------------------------------------------------------


def _backward_frames(record: BackwardRecord, names: NodeNames, p: int) -> list[Frame]:
    """One frame per step of the record: what the visited node received and what it sent."""
    timeline = Timeline("backward", p)
    # How many edges into users each node still waits for; at 0 its gradient is complete.
    pending: dict[Value, int] = {step.node: 0 for step in record}
    for step in record:
        timeline.gradient[step.node] = step.upstream
        for send in step.sends:
            if send.sent is not None:
                pending[send.input] += 1
    running: dict[Value, float] = {}
    root = record.root
    timeline.known_at[root] = 0  # the seed, d(root)/d(root)
    root_name = names(root)
    frames = [
        Frame(
            index=0,
            node=None,
            name="",
            caption=f"After the forward pass every value is known and no gradient yet. Backward starts at "
            f"{root_name} with d{root_name}/d{root_name} = {fmt(record.seed, p)}.",
            timeline=timeline,
        )
    ]
    for step in record:
        node, upstream = step.node, step.upstream
        index = len(frames)
        name = names(node)
        edges: dict[tuple[Value, int], str] = {}
        sent = []
        for i, send in enumerate(step.sends):
            if send.sent is None:
                continue  # a constant: backward sends it nothing
            child = send.input
            running[child] = running.get(child, 0.0) + send.sent
            timeline.partial.setdefault(child, []).append((index, running[child]))
            pending[child] -= 1
            if pending[child] == 0:
                timeline.known_at[child] = index
            product = f"{fmt(upstream, p)} × {fmt(send.local, p)} = {fmt(send.sent, p)}"
            edges[(node, i)] = product
            sent.append(f"{names(child)} += {product}")
        if node.inputs:
            gradient = f"d{root_name}/d{name} = {fmt(upstream, p)}"
            caption = f"At {name} ({node.op}): {gradient}. Chain rule, upstream × local: " + (
                "; ".join(sent) if sent else "its inputs are constants, nothing to send"
            )
        else:
            caption = f"At {name} (a leaf): its gradient is complete, d{root_name}/d{name} = {fmt(upstream, p)}."
        frames.append(Frame(index=index, node=node, name=name, caption=caption, timeline=timeline, edges=edges))
    return frames


def _forward_frames(root: Value, names: NodeNames, p: int) -> list[Frame]:
    order = names.order
    timeline = Timeline("forward", p)
    for node in order:
        if not node.inputs:
            timeline.known_at[node] = 0  # inputs and parameters are given from the start
    leaves = ", ".join(f"{names(n)} = {fmt(n.data, p)}" for n in order if not n.inputs and n.label)
    start = f"The inputs and parameters are given: {leaves}."
    frames = [Frame(index=0, node=None, name="", caption=start, timeline=timeline)]
    for node in order:
        if not node.inputs:
            continue
        index = len(frames)
        timeline.known_at[node] = index
        name = names(node)
        arguments = ", ".join(fmt(child.data, p) for child in node.inputs)
        edges = {(node, i): f"local {fmt(local, p)}" for i, local in enumerate(node.local_grads)}
        locals_text = ", ".join(
            f"d{name}/d{names(child)} = {fmt(local, p)}" for child, local in zip(node.inputs, node.local_grads)
        )
        caption = f"{name} = {node.op}({arguments}) = {fmt(node.data, p)}; recorded local derivatives: {locals_text}"
        frames.append(Frame(index=index, node=node, name=name, caption=caption, timeline=timeline, edges=edges))
    return frames


def step_through(
    root: Value, direction: str = "backward", precision: int = 4, notation: str = "chalkgrad", **draw_options: Any
) -> StepThrough:
    """The forward or backward pass of ``root`` as frames, one per node visit.

    ``direction`` is "backward" (the engine's sweep, read from
    ``autograd.backward_steps``; no ``.grad`` is changed) or "forward".
    ``precision``: significant digits shown. Other keyword arguments go to
    ``viz.draw_graph`` (e.g. ``rankdir="TB"``, ``clusters=True``); a graph too large
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
