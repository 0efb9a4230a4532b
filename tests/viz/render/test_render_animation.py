"""Step-throughs as animations: one frame per step, all the same size, captions underneath, GIF and WebP."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import require
from viz_helpers import RENDERER_NAMES, locate

import viz
from autograd import Value
from viz.render.animation import save_animation
from viz.render.renderer import ENV_VARIABLE


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def frames_of(path: Path) -> list[object]:
    from PIL import Image, ImageSequence

    with Image.open(path) as animation:
        return [
            (frame.size, frame.info.get("duration"), frame.convert("RGB").copy())
            for frame in ImageSequence.Iterator(animation)
        ]


@pytest.mark.parametrize("suffix", [".gif", ".webp"])
def test_pictures_of_different_sizes_become_frames_of_one_size(suffix: str, tmp_path: Path) -> None:
    pictures = [png(200, 100, (255, 0, 0)), png(150, 120, (0, 0, 255)), png(180, 90, (0, 160, 0))]
    path = save_animation(pictures, tmp_path / f"steps{suffix}", captions=["one", "two", "three"], seconds=0.5)
    frames = frames_of(path)
    assert len(frames) == 3
    sizes = {size for size, _, _ in frames}  # type: ignore[misc]
    assert len(sizes) == 1
    ((width, height),) = sizes
    assert width == 200 and height > 120  # the widest and tallest picture, plus the caption strip
    durations = [duration for _, duration, _ in frames]  # type: ignore[misc]
    if suffix == ".gif":  # (Pillow does not read a WebP frame's duration back)
        assert durations == [500, 500, 1500]  # the last frame stays three times as long
    middle = frames[1][2]  # type: ignore[index]
    assert middle.getpixel((100, 60))[2] > 200  # the blue picture, centred
    assert middle.getpixel((5, 60)) == (255, 255, 255)  # white where the narrower picture leaves room


def test_without_captions_the_canvas_is_the_largest_picture(tmp_path: Path) -> None:
    path = save_animation([png(40, 30, (0, 0, 0)), png(50, 20, (9, 9, 9))], tmp_path / "a.gif")
    assert {size for size, _, _ in frames_of(path)} == {(50, 30)}  # type: ignore[misc]


def test_bad_requests_are_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.gif, \.webp or \.mp4"):
        save_animation([png(4, 4, (0, 0, 0))], tmp_path / "a.avi")
    with pytest.raises(ValueError, match="at least one frame"):
        save_animation([], tmp_path / "a.gif")
    with pytest.raises(ValueError, match="one caption per frame"):
        save_animation([png(4, 4, (0, 0, 0))], tmp_path / "a.gif", captions=["a", "b"])
    with pytest.raises(ValueError, match="seconds must be a positive number"):
        save_animation([png(4, 4, (0, 0, 0))], tmp_path / "a.gif", seconds=0)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("renderer", RENDERER_NAMES)
def test_a_step_through_saves_as_an_animation(renderer: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = locate(renderer)
    require(found is not None, f"the Graphviz renderer `{renderer}`")
    assert found is not None
    monkeypatch.setenv(ENV_VARIABLE, found.path)
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    out = (x * w).tanh()
    out.label = "out"
    steps = viz.step_through(out)
    for suffix in (".gif", ".webp"):
        frames = frames_of(steps.save(tmp_path / f"backward{suffix}", seconds=1))
        assert len(frames) == len(steps)
        assert len({size for size, _, _ in frames}) == 1  # type: ignore[misc]
        pictures = [picture.tobytes() for _, _, picture in frames]  # type: ignore[misc]
        assert len(set(pictures)) == len(pictures)  # every step shows something new
    sharp = frames_of(steps.save(tmp_path / "sharp.gif", scale=2))
    assert sharp[0][0][0] > 1.8 * frames[0][0][0]  # type: ignore[index]
    assert steps.save(tmp_path / "page.html").read_text().startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=r"\.gif, \.webp or \.mp4"):
        steps.save(tmp_path / "backward.txt")


def test_mp4_holds_every_frame_for_its_time(tmp_path: Path) -> None:
    from viz.render.video import find_ffmpeg

    try:
        find_ffmpeg()
    except ModuleNotFoundError:
        require(False, "ffmpeg (pip install imageio-ffmpeg)")
    import imageio_ffmpeg

    pictures = [png(201, 101, (255, 0, 0)), png(150, 120, (0, 0, 255)), png(180, 90, (0, 160, 0))]
    path = save_animation(pictures, tmp_path / "steps.mp4", captions=["one", "two", "three"], seconds=0.5)
    assert path.read_bytes()[4:8] == b"ftyp"  # an MP4 container
    _, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert seconds == pytest.approx(0.5 + 0.5 + 1.5, abs=0.15)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["size"] == (202, 120 + (meta["size"][1] - 120))  # the widest picture, padded to an even width
    assert meta["size"][1] % 2 == 0 and meta["size"][1] > 120  # the caption strip below, even height
    reader.close()


def test_mp4_without_ffmpeg_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import shutil
    import sys

    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # as if it were not installed
    with pytest.raises(ModuleNotFoundError, match=r"pip install imageio-ffmpeg.*\.gif"):
        save_animation([png(4, 4, (0, 0, 0))], tmp_path / "a.mp4")
    x = Value(1.0, label="x")
    with pytest.raises(ModuleNotFoundError, match="ffmpeg"):
        viz.step_through(x.tanh()).save(tmp_path / "b.mp4")  # reported before any frame is drawn
    assert list(tmp_path.iterdir()) == []


def test_a_window_follows_each_frames_focus(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    def picture(square: tuple[int, int]) -> bytes:
        image = Image.new("RGB", (400, 300), (255, 255, 255))
        ImageDraw.Draw(image).rectangle([square, (square[0] + 40, square[1] + 40)], fill=(220, 0, 0))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    pictures = [picture((300, 200)), picture((10, 10)), picture((180, 130))]
    focus = [(300.0, 200.0, 340.0, 240.0), (10.0, 10.0, 50.0, 50.0), None]
    path = save_animation(pictures, tmp_path / "w.gif", window=(100, 80), focus=focus, captions=["a", "b", "c"])
    frames = frames_of(path)
    assert {size[0] for size, _, _ in frames} == {100}  # type: ignore[misc]
    first, second, overview = (image for _, _, image in frames)  # type: ignore[misc]
    assert first.getpixel((50, 40))[0] > 200 and first.getpixel((50, 40))[1] < 50  # the square, centred
    assert second.getpixel((30, 30))[1] < 50  # near the corner: the window stops at the picture's edge
    assert overview.getpixel((50, 40))[1] < 80  # the whole picture shrunk: its middle square is in the middle
    with pytest.raises(ValueError, match="window= needs focus="):
        save_animation(pictures, tmp_path / "x.gif", window=(100, 80))


@pytest.mark.parametrize("renderer", RENDERER_NAMES)
def test_node_boxes_are_where_the_png_draws_the_nodes(renderer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside each Value's box, at its left edge's middle, the PNG has that Value's fill colour."""
    from PIL import Image

    from autograd import topological_order
    from viz.drawing import styles
    from viz.render.positions import node_boxes
    from viz.render.saving import picture_bytes

    found = locate(renderer)
    require(found is not None, f"the Graphviz renderer `{renderer}`")
    assert found is not None
    monkeypatch.setenv(ENV_VARIABLE, found.path)
    x, w = Value(2.0, label="x", requires_grad=False), Value(-3.0, label="w")
    out = (x * w).tanh()
    out.label = "out"
    drawing = viz.draw_graph(out)
    for scale in (1, 2.5):
        png = picture_bytes(drawing, "png", scale=scale)
        boxes = node_boxes(drawing, png, dpi=96 * scale)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        for position, node in enumerate(topological_order(out)):
            left, top, right, bottom = boxes[str(position)]
            colour = styles.ROLE_COLOURS[styles.role(node, node is out)].lstrip("#")
            wanted = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
            for x_inside in (left + 3 * scale, right - 3 * scale):  # just inside both ends of the record
                seen = image.getpixel((round(x_inside), round((top + bottom) / 2)))
                assert max(abs(a - b) for a, b in zip(seen, wanted)) < 12, (scale, node.label, seen, wanted)
        assert set(boxes) >= {"op2", "op3"}  # the operations have boxes too


def test_a_step_through_in_a_window(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = locate("graphviz-pure") or locate("dot")
    require(found is not None, "a Graphviz renderer")
    assert found is not None
    monkeypatch.setenv(ENV_VARIABLE, found.path)
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    out = (x * w + b).tanh()
    out.label = "out"
    steps = viz.step_through(out)
    whole = frames_of(steps.save(tmp_path / "whole.gif"))
    framed = frames_of(steps.save(tmp_path / "framed.gif", window=(240, 160)))
    assert len(framed) == len(steps)
    assert {size[0] for size, _, _ in framed} == {240}  # type: ignore[misc]
    assert whole[0][0][0] > 240  # type: ignore[index]  (the whole drawing is wider than the window)
    pictures = [image.tobytes() for _, _, image in framed]  # type: ignore[misc]
    assert len(set(pictures)) == len(pictures)
