"""Frames as an MP4 video (H.264), for slide programs and players that want video, not GIF.

``mp4_bytes(frames, durations)`` streams the frames (Pillow images of one size,
from ``animation.py``) to the ``ffmpeg`` program as raw pixels, each repeated for
as long as it shows, and returns the video.
``ffmpeg`` is the one on the PATH, or the copy the ``imageio-ffmpeg`` package
ships (``pip install imageio-ffmpeg``, or ``pip install "chalkgrad[video]"``);
without either, the error says how to get one, or to save a .gif instead.

The file has 4 frames per second (each step is a still picture, repeated) in the
yuv420p pixels every player decodes.

Read next: ``animation.py`` (GIF and WebP, which need no extra program).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FRAMES_PER_SECOND = 4  # in the file: each step is one still picture, repeated (times round to 1/4 s)
TIMEOUT = 300.0


def find_ffmpeg() -> str:
    """The ffmpeg program: on the PATH, else the one imageio-ffmpeg ships, else a clear error."""
    on_path = shutil.which("ffmpeg")
    if on_path:
        return on_path
    try:
        # imported here: optional: only MP4 export needs it
        import imageio_ffmpeg
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "Saving a video (.mp4) needs the ffmpeg program. Install it with: pip install imageio-ffmpeg "
            "(or apt-get/brew install ffmpeg); or save the animation as .gif or .webp, which need nothing more.",
            name="imageio_ffmpeg",
        ) from None
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def mp4_bytes(frames: Sequence[Any], durations_ms: Sequence[int]) -> bytes:
    """``frames`` (RGB Pillow images of one size) shown ``durations_ms`` each, as an H.264 MP4 file."""
    program = find_ffmpeg()
    width, height = frames[0].size
    # H.264 in yuv420p stores colour per 2x2 pixels: the size is padded to even numbers.
    pad = f"pad={width + width % 2}:{height + height % 2}:0:0:white"
    with tempfile.TemporaryDirectory(prefix="chalkgrad-video-") as folder:
        target = Path(folder) / "video.mp4"
        command = [
            program, "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-framerate", str(FRAMES_PER_SECOND),
            "-i", "-", "-vf", pad, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-tune", "stillimage",
            "-movflags", "+faststart", str(target),
        ]  # fmt: skip
        encoder = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        assert encoder.stdin is not None and encoder.stderr is not None
        try:
            # Raw pixels at a fixed rate: each picture is sent once per frame of its duration.
            for frame, duration in zip(frames, durations_ms):
                pixels = frame.tobytes()
                for _ in range(max(1, round(duration * FRAMES_PER_SECOND / 1000))):
                    encoder.stdin.write(pixels)
            encoder.stdin.close()
            encoder.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            encoder.kill()
            raise RuntimeError(f"ffmpeg took more than {TIMEOUT:g} s to write the video and was stopped") from None
        except BrokenPipeError:
            encoder.wait()  # ffmpeg stopped early; its message says why
        message = encoder.stderr.read().decode("utf-8", "replace").strip()
        if encoder.returncode != 0 or not target.exists():
            raise RuntimeError(f"ffmpeg ({program}) could not write the video: {message or 'no message'}")
        return target.read_bytes()
