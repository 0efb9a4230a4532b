"""Frames' pictures as one animation for slides: an animated GIF or WebP, every frame the same size.

``save_animation(pictures, "backward.gif", captions=...)`` takes the PNG pictures of
a sequence of frames (a step-through renders them, see
``viz/classroom/stepper.py``) and writes them as one looping animation:

- every frame is placed on a canvas of the same size, the largest picture's (a
  slide embeds one fixed-size animation; a frame that was a little smaller is
  centred on white instead of being stretched);
- an optional caption strip under each frame says what the step does, wrapped to
  the canvas width and as tall as the longest caption needs, so it never changes
  the frame size either; its text is larger on a wider canvas, so that it stays
  readable when a slide shrinks the animation to fit;
- each frame is shown ``seconds`` long, the last one ``last_seconds`` (longer by
  default: it is the summary a class looks at).

GIF plays everywhere (slides, browsers, chat); WebP is smaller and keeps every
colour; both are written by Pillow, which comes with matplotlib. MP4 (H.264) is
for slide programs and players that want video; it needs the ``ffmpeg`` program
(``video.py``).

Read next: ``video.py`` (MP4), ``saving.py`` (single pictures), ``nn/_files.py`` (the atomic write).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nn._files import write_atomically
from nn._optional import optional_import
from viz.render.positions import Box
from viz.render.video import find_ffmpeg, mp4_bytes

# File name ending -> Pillow's format name.
ANIMATION_SUFFIXES = {".gif": "GIF", ".webp": "WEBP", ".mp4": "MP4"}

CAPTION_POINTS = 15  # caption text size in pixels at scale 1 (a 96-dpi picture) under a narrow frame
BACKGROUND = (255, 255, 255)
CAPTION_INK = (31, 41, 55)  # the dark grey of the drawings' text
CAPTION_RULE = (229, 231, 235)  # a hairline between the drawing and its caption


def animation_format(path: str | os.PathLike[str]) -> str:
    """The animation format ``path`` asks for: "GIF", "WEBP" (Pillow's names) or "MP4"."""
    suffix = Path(path).suffix.lower()
    if suffix == ".mp4":
        find_ffmpeg()  # a missing encoder is reported before any frame is drawn
    if suffix in ANIMATION_SUFFIXES:
        return ANIMATION_SUFFIXES[suffix]
    raise ValueError(f"an animation is saved as .gif, .webp or .mp4, got {str(path)!r}")


def save_animation(
    pictures: Sequence[bytes],
    path: str | os.PathLike[str],
    *,
    captions: Sequence[str] | None = None,
    seconds: float = 2.0,
    last_seconds: float | None = None,
    scale: float = 1.0,
    window: tuple[int, int] | None = None,
    focus: Sequence[Box | None] | None = None,
) -> Path:
    """Write ``pictures`` (PNG bytes, one per frame) as a looping animation; returns the path.

    ``captions``: one text per frame, drawn under it (None: no caption strip).
    ``seconds``: how long each frame shows; ``last_seconds``: the last frame
    (default three times ``seconds``). ``scale``: the pictures' scale (1 for
    96 dpi), so that the caption text grows with them. ``window=(width, height)``
    with ``focus`` (one box per frame, in the picture's pixels): each frame shows
    only a window of that many pixels around its box, the part a student must
    read, instead of the whole picture shrunk to the slide; a frame whose box is
    None shows the whole picture shrunk into the window (an overview).
    """
    fmt = animation_format(path)
    if not pictures:
        raise ValueError("an animation needs at least one frame; got no pictures")
    if captions is not None and len(captions) != len(pictures):
        raise ValueError(f"one caption per frame: got {len(captions)} captions for {len(pictures)} pictures")
    for name, value in (("seconds", seconds), ("last_seconds", last_seconds), ("scale", scale)):
        if value is not None and (isinstance(value, bool) or not math.isfinite(value) or value <= 0):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    if (window is None) != (focus is None) or (focus is not None and len(focus) != len(pictures)):
        raise ValueError("window= needs focus=, one box per picture (and focus= needs window=)")
    if window is not None and not all(isinstance(side, int) and side > 0 for side in window):
        raise ValueError(f"window must be (width, height) in whole pixels, got {window!r}")
    frames = _frames(pictures, captions, scale, window, focus)
    durations = [round(1000 * seconds)] * len(frames)
    durations[-1] = round(1000 * (last_seconds if last_seconds is not None else 3 * seconds))
    if fmt == "MP4":
        return write_atomically(path, mp4_bytes(frames, durations), make_folders=True)
    options: dict[str, Any] = {"save_all": True, "append_images": frames[1:], "duration": durations, "loop": 0}
    if fmt == "WEBP":
        _require_webp()
        options["lossless"] = True  # text stays sharp
    else:
        options["disposal"] = 1  # each frame covers the whole canvas
    out = io.BytesIO()
    frames[0].save(out, format=fmt, **options)
    return write_atomically(path, out.getvalue(), make_folders=True)


def _frames(
    pictures: Sequence[bytes],
    captions: Sequence[str] | None,
    scale: float,
    window: tuple[int, int] | None,
    focus: Sequence[Box | None] | None,
) -> list[Any]:
    """The pictures (or their windows around the focus) on canvases of one size, captions underneath."""
    Image = optional_import("PIL.Image", "Saving an animation (.gif, .webp)")
    # imported here: Pillow is optional: only animations need it
    from PIL import ImageDraw

    images = [Image.open(io.BytesIO(picture)).convert("RGB") for picture in pictures]
    if window is not None and focus is not None:
        images = [_view(image, box, window) for image, box in zip(images, focus)]
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    # A slide shows the animation fitted to its width: a wide drawing is shrunk, so its
    # caption is drawn larger, to read at the size of a caption under a 1280-pixel frame.
    font = _caption_font(round(max(CAPTION_POINTS * scale, CAPTION_POINTS * width / 1280)))
    margin = round(10 * scale)
    wrapped = [_wrap(text, font, width - 2 * margin) for text in captions] if captions is not None else None
    line_height = round(font.size * 1.35)
    strip = max(len(lines) for lines in wrapped) * line_height + 2 * margin if wrapped is not None else 0

    frames = []
    for k, image in enumerate(images):
        canvas = Image.new("RGB", (width, height + strip), BACKGROUND)
        canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
        if wrapped is not None:
            pen = ImageDraw.Draw(canvas)
            pen.line([(0, height), (width, height)], fill=CAPTION_RULE, width=max(1, round(scale)))
            for row, line in enumerate(wrapped[k]):
                pen.text((margin, height + margin + row * line_height), line, font=font, fill=CAPTION_INK)
        frames.append(canvas)
    return frames


def _view(image: Any, box: Box | None, window: tuple[int, int]) -> Any:
    """The ``window`` of ``image`` around ``box``; for no box, the whole image shrunk into the window."""
    if box is not None:
        return image.crop(_window_around(box, window, image.size))
    overview = image.copy()
    overview.thumbnail(window)  # keeps the proportions; never enlarges
    return overview


def _window_around(box: Box, window: tuple[int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A ``window``-sized crop of a picture of ``size``, centred on ``box`` but never past the picture's edges."""
    crop = []
    for low, high, wanted, limit in ((box[0], box[2], window[0], size[0]), (box[1], box[3], window[1], size[1])):
        span = min(wanted, limit)
        start = round((low + high) / 2 - span / 2)
        crop.append(max(0, min(start, limit - span)))
        crop.append(crop[-1] + span)
    return crop[0], crop[2], crop[1], crop[3]


def _caption_font(size: int) -> Any:
    """DejaVu Sans (the drawings' font) when the system has it, else Pillow's own font, at ``size`` px."""
    # imported here: Pillow is optional: only animations need it
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _wrap(text: str, font: Any, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels (a longer word gets a line of its own)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and font.getlength(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _require_webp() -> None:
    # imported here: Pillow is optional: only animations need it
    from PIL import features

    if not features.check("webp"):
        raise RuntimeError(
            "this Pillow was built without WebP support: save the animation as .gif, "
            "or install a Pillow wheel from PyPI (pip install --force-reinstall pillow)"
        )
