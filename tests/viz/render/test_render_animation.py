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
