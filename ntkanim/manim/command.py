"""``ntkanim render SCENE --backend manim`` (and every diagram scene): options to a manim render.

Quality presets are manim's (``-q l|m|h|p|k``); ``--fps`` and ``--size`` override them.  A record
movie lasts (record frames) / (the scene's mpl fps) seconds at every quality: more frames per
second interpolate the record, they do not speed it up.  Diagrams also write their last frame
as ``<out>.png``.
"""
from __future__ import annotations

import click

from . import INSTALL, SCENES, available, scene_class

GIF_DEFAULT_FPS = 30  # a 60 fps preset is wasted on GIF players


def _options(scene, opts):
    """(path, fmt, fps, size) from the shared render options, or a usage error naming one."""
    from ..cli import _output
    from ..render.encode import GIF_MAX_FPS
    from .backend import QUALITIES

    if opts["dpi"] is not None:
        raise click.BadParameter("manim draws in scene units; use --size or -q", param_hint="'--dpi'")
    if opts["frame"] is not None:
        raise click.BadParameter("manim's png is the last frame", param_hint="'--frame'")
    out = opts["out"]
    has_ext = out is not None and bool(out.suffix)
    path, fmt = _output(scene, out, opts["fmt"] or (None if has_ext else "mp4"))
    if fmt == "svg":
        raise click.BadParameter("svg is for matplotlib stills; use --backend mpl",
                                 param_hint="'--format'")
    width, height, fps = QUALITIES[opts["quality"] or "m"]
    if fmt == "gif":
        fps = min(fps, GIF_DEFAULT_FPS)
    fps = opts["fps"] or fps
    if fmt == "gif" and fps > GIF_MAX_FPS:
        raise click.BadParameter(f"GIF players show at most {GIF_MAX_FPS} frames per second",
                                 param_hint="'--fps'")
    if opts["transparent"] and fmt in ("mp4", "gif"):
        raise click.BadParameter(f"{fmt} cannot be transparent; use --format webm or png",
                                 param_hint="'--transparent'")
    return path, fmt, fps, opts["size"] or (width, height)


def render_manim(scene, opts: dict, get_record) -> dict:
    """Render ``scene`` with manim; ``get_record()`` -> (record, path) for record scenes."""
    if scene.name not in SCENES:
        raise click.UsageError(f"{scene.name} has no manim version yet; use --backend mpl")
    if not available():
        raise click.UsageError(INSTALL)
    from ..cli import _progress, _writable_target
    from .backend import frame_count, render

    path, fmt, fps, size = _options(scene, opts)
    cls, theme = scene_class(scene.name), opts["theme"]
    record = record_path = still = None
    total = 0
    if scene.kind == "diagram":
        def make(**kw):
            return cls(theme=theme, **kw)
        if fmt != "png":
            still = _writable_target(path.with_suffix(".png"), "--out")
    else:
        record, record_path = get_record()
        # a png is the last frame alone: a movie of one frame
        seconds = 0.0 if fmt == "png" else cls.duration(record, opts, scene.defaults.get("fps", 10))
        total = frame_count(seconds, fps)

        def make(**kw):
            return cls(record, opts, seconds, theme, **kw)
    with _progress(total, f"render {scene.name} (manim)", opts["quiet"]) as update:
        result = render(make, path, fmt, fps, size, theme, opts["transparent"], still, update)
    click.echo(str(path))
    if still is not None:
        click.echo(str(still))
    return {"scene": scene.name, "output": str(path), "format": fmt, "backend": "manim",
            "record": str(record_path) if record_path else None, **result}
