"""The ``ntkanim`` command: list, simulate, render, info.

Every scene module becomes ``ntkanim simulate SCENE`` and ``ntkanim render SCENE``; options shared
by all scenes are defined once here.  User mistakes are usage errors (exit 2) that name the
option; a diverging simulation is a runtime error (exit 1).  Nothing half-written is left.
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from click.core import ParameterSource

from .render.encode import FORMATS
from .scene import POSITIVE_FLOAT, Size

RENDERS = Path("renders")
BACKENDS = ("mpl", "manim")


def _scenes():
    from scenes import all_scenes

    return all_scenes()


# ----------------------------------------------------------------------------- shared options

def _sim_shared():
    return [
        click.Option(["--seed"], type=click.IntRange(min=0), default=0, show_default=True,
                     help="Seed of the first net; net k uses seed + k."),
        click.Option(["--device"], default="cpu", show_default=True,
                     help="torch device for the simulation, e.g. cpu or cuda."),
        click.Option(["--quiet"], is_flag=True, help="No progress bars; print only the paths."),
    ]


def _render_shared():
    return [
        click.Option(["--from", "from_path"], type=click.Path(path_type=Path), default=None,
                     help="Render this record (.npz) instead of simulating."),
        click.Option(["--no-cache"], is_flag=True, help="Simulate even if a cached record exists."),
        click.Option(["--format", "fmt"], type=click.Choice(FORMATS), default=None,
                     help="Output format (default: from --out's extension, else the scene's)."),
        click.Option(["--fps"], type=POSITIVE_FLOAT, default=None, help="Frames per second."),
        click.Option(["--size"], type=Size(), default=None,
                     help="Output size WIDTHxHEIGHT in pixels (default: the scene's, mostly 800x600)."),
        click.Option(["--dpi"], type=POSITIVE_FLOAT, default=None,
                     help="Dots per inch (default: height / 6, so text scales with --size)."),
        click.Option(["--frame"], type=click.IntRange(min=0), default=None,
                     help="With --format png or svg: which frame (default the last)."),
        click.Option(["--theme"], type=click.Choice(["light", "dark"]), default="light",
                     show_default=True),
        click.Option(["--out", "-o"], type=click.Path(path_type=Path), default=None,
                     help="Output file, or a folder for renders/<scene>.<ext> (default renders/)."),
        click.Option(["--backend"], type=click.Choice(BACKENDS), default="mpl", show_default=True,
                     help="matplotlib (mpl) or manim."),
        click.Option(["-q", "--quality"], type=click.Choice(list("lmhpk")), default=None,
                     help="manim quality preset: l 480p15, m 720p30, h 1080p60, k 2160p60."),
        click.Option(["--transparent"], is_flag=True,
                     help="manim: transparent background (png and webm only)."),
    ]


# ----------------------------------------------------------------------------- helpers

@contextmanager
def _progress(total: int, desc: str, quiet: bool):
    """Yields an update(n) function drawing a tqdm bar on stderr (nothing when quiet)."""
    if quiet or total <= 0:
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit="", leave=False, file=sys.stderr,
              dynamic_ncols=True) as bar:
        yield bar.update


def _check_device(device: str):
    if device == "cpu":
        return device  # no need to load torch to know that
    import torch

    try:
        dev = torch.device(device)
    except (RuntimeError, ValueError):
        raise click.BadParameter(f"{device!r} is not a torch device", param_hint="'--device'")
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise click.BadParameter("CUDA is not available on this machine", param_hint="'--device'")
    return str(dev)


def _writable_target(path: Path, option: str) -> Path:
    """Create the folder for ``path`` and check that it can be written, or a usage error."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise click.BadParameter(f"cannot create folder {folder}: {err.strerror}",
                                 param_hint=f"'{option}'")
    if not os.access(folder, os.W_OK | os.X_OK) or path.is_dir():
        raise click.BadParameter(f"cannot write {path}", param_hint=f"'{option}'")
    return path


def _output(scene, out: Path | None, fmt: str | None) -> tuple[Path, str]:
    """(file to write, format) from --out and --format."""
    ext = out.suffix.lower().lstrip(".") if out is not None and out.suffix else None
    if ext is not None and ext not in FORMATS:
        raise click.BadParameter(f"unknown extension .{ext}; use one of {', '.join(FORMATS)}",
                                 param_hint="'--out'")
    if fmt and ext and fmt != ext:
        raise click.BadParameter(f"--format {fmt} does not match {out.name}", param_hint="'--out'")
    fmt = fmt or ext or scene.defaults.get("format", "gif")
    if out is None or ext is None:
        out = (out or RENDERS) / f"{scene.name}.{fmt}"
    return _writable_target(out, "--out"), fmt


def _record_from(scene, path: Path):
    from .record import RecordError, load

    try:
        record = load(path, scene.required)
    except RecordError as err:
        raise click.BadParameter(str(err), param_hint="'--from'")
    made_by = record.meta.get("scene")
    if made_by not in scene.records:
        raise click.BadParameter(f"{path} is a record of scene {made_by!r}; {scene.name} draws "
                                 f"records of {', '.join(scene.records)}", param_hint="'--from'")
    return record


def _simulate(scene, opts: dict, device: str, use_cache: bool, quiet: bool):
    from .cache import cached_simulate
    from .errors import DivergenceError

    try:
        config = scene.build_config(opts)
    except ValueError as err:
        raise click.UsageError(str(err))
    total = getattr(config, "steps", 0)
    try:
        with _progress(total, f"simulate {scene.name}", quiet) as update:
            record, path, hit = cached_simulate(config, scene.name, device, update, use_cache)
    except DivergenceError as err:
        raise click.ClickException(str(err))
    return record, path, hit


def _explicit(ctx, names) -> list[str]:
    return [n for n in names if ctx.get_parameter_source(n) == ParameterSource.COMMANDLINE]


# ----------------------------------------------------------------------------- commands

class SceneGroup(click.Group):
    """A group whose subcommands are scenes: an unknown name lists the known ones."""

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name is not None and self.get_command(ctx, name) is None and not name.startswith("-"):
            known = ", ".join(self.list_commands(ctx))
            raise click.UsageError(f"unknown scene {name!r}; choose from: {known}", ctx)
        return super().resolve_command(ctx, args)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ntkanim")
def main():
    """Movies of neural-network training dynamics: the neural tangent kernel, animated.

    Start with `ntkanim list`, then `ntkanim render ellipses`.
    """


@main.command("list")
def list_scenes():
    """List the scenes, what each shows, and the post's figure it reproduces."""
    for scene in _scenes().values():
        click.echo(f"{scene.name:<18} {scene.kind:<7} {scene.summary}")
        if scene.reproduces:
            click.echo(f"{'':<26} reproduces: {scene.reproduces}")


@main.command("info")
@click.argument("record", type=click.Path(path_type=Path))
def info(record):
    """Describe a record: its scene, config, versions and arrays with shapes."""
    from .record import RecordError, load

    try:
        rec = load(record)
    except RecordError as err:
        raise click.BadParameter(str(err), param_hint="'RECORD'")
    meta = rec.meta
    click.echo(f"{record}: scene {meta.get('scene')}, experiment {meta.get('experiment')}, "
               f"schema {meta.get('schema')}")
    click.echo("versions: " + ", ".join(f"{k} {v}" for k, v in meta.get("versions", {}).items()))
    click.echo("config: " + json.dumps(meta.get("config", {}), sort_keys=True))
    for name, arr in rec.arrays.items():
        click.echo(f"  {name:<16} {arr.dtype!s:<8} {tuple(arr.shape)}")


@main.group(cls=SceneGroup)
def simulate():
    """Run a scene's simulation and save its record (.npz) without drawing."""


@main.group(cls=SceneGroup)
def render():
    """Render a scene to GIF/MP4/WebM/PNG (simulating first unless --from is given)."""


def _simulate_command(scene):
    def callback(**opts):
        out = _writable_target(opts.pop("out") or RENDERS / f"{scene.name}.npz", "--out")
        device = _check_device(opts["device"])
        record, _, _ = _simulate(scene, opts, device, not opts.pop("no_cache"), opts["quiet"])
        record.meta["scene"] = scene.name
        record.save(out)
        click.echo(str(out))

    params = list(scene.sim_options) + _sim_shared() + [
        click.Option(["--out", "-o"], type=click.Path(path_type=Path), default=None,
                     help="Record to write (default renders/<scene>.npz)."),
        click.Option(["--no-cache"], is_flag=True, help="Simulate even if a cached record exists."),
    ]
    return click.Command(scene.name, callback=callback, params=params, help=scene.help,
                         short_help=scene.summary)


def _render_command(scene):
    sim_names = [p.name for p in scene.sim_options] + ["seed", "device"]

    @click.pass_context
    def callback(ctx, **opts):
        return render_scene(ctx, scene, sim_names, opts)

    params = list(scene.sim_options) + list(scene.draw_options) + _sim_shared() + _render_shared()
    return click.Command(scene.name, callback=callback, params=params, help=scene.help,
                         short_help=scene.summary)


def _record_for(ctx, scene, sim_names, opts):
    """(record, its path) for a render: from --from, else simulated through the cache."""
    if opts["from_path"] is not None:
        clash = _explicit(ctx, sim_names)
        if clash:
            raise click.UsageError(f"--{clash[0].replace('_', '-')} cannot be combined with "
                                   "--from: the record fixes the simulation")
        return _record_from(scene, opts["from_path"]), opts["from_path"]
    device = _check_device(opts["device"])
    store = ctx.meta.get(RECORD_STORE)
    if store is not None:
        return _stored_record(store, scene, opts, device)
    record, record_path, _ = _simulate(scene, opts, device, not opts["no_cache"], opts["quiet"])
    return record, record_path


RECORD_STORE = "ntkanim.records"  # ctx.meta key: render all's {"dir": Path, "saved": {hash: ...}}


def _stored_record(store: dict, scene, opts, device):
    """render all: each simulation once, saved as <dir>/<config hash>.npz and shared by scenes."""
    from .cache import config_hash

    try:
        key = config_hash(scene.build_config(opts), device)
    except ValueError as err:
        raise click.UsageError(str(err))
    if key not in store["saved"]:
        record, _, _ = _simulate(scene, opts, device, not opts["no_cache"], opts["quiet"])
        store["saved"][key] = (record, record.save(store["dir"] / f"{key}.npz"))
    return store["saved"][key]


def render_scene(ctx, scene, sim_names, opts) -> dict:
    """The body of ``render SCENE``: returns what it wrote (for ``render all``)."""
    from .render.encode import GIF_MAX_FPS
    from .render.mpl import render_movie

    if opts["backend"] == "manim" or scene.kind == "diagram":
        from .manim.command import render_manim

        return render_manim(scene, opts, lambda: _record_for(ctx, scene, sim_names, opts))
    path, fmt = _output(scene, opts["out"], opts["fmt"])
    fps = opts["fps"] or scene.defaults.get("fps", 10)
    if fmt == "gif" and fps > GIF_MAX_FPS:
        raise click.BadParameter(f"GIF players show at most {GIF_MAX_FPS} frames per second",
                                 param_hint="'--fps'")
    size = opts["size"] or scene.defaults.get("size", (800, 600))
    record, record_path = _record_for(ctx, scene, sim_names, opts)
    movie = scene.make_movie(record, opts)
    if opts["frame"] is not None and opts["frame"] >= movie.n_frames:
        raise click.BadParameter(f"the movie has {movie.n_frames} frames", param_hint="'--frame'")
    total = 1 if fmt in ("png", "svg") else movie.n_frames
    with _progress(total, f"render {scene.name}", opts["quiet"]) as update:
        result = render_movie(movie, path, fmt, fps, size, opts["dpi"], opts["theme"],
                              opts["frame"], update)
    click.echo(str(path))
    return {"scene": scene.name, "output": str(path), "format": fmt,
            "record": str(record_path) if record_path else None, **result}


@render.command("all")
@click.option("--quick", is_flag=True, help="Tiny settings: a fast preview of every scene.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=RENDERS, show_default=True,
              help="Folder for every output and index.json.")
@click.option("--quiet", is_flag=True, help="No progress bars; print only the paths.")
@click.option("--no-cache", is_flag=True, help="Simulate everything (each simulation once).")
@click.pass_context
def render_all(ctx, quick, out, quiet, no_cache):
    """Render every scene with the post's defaults, and write OUT/index.json.

    Each simulation's record is saved once as OUT/records/<config hash>.npz, shared by the
    scenes that draw it; index.json lists scene, output, format, record and config_hash.
    """
    from .cache import config_hash

    records = _writable_target(out / "records" / "index.json", "--out").parent
    ctx.meta[RECORD_STORE] = {"dir": records, "saved": {}}
    entries = []
    from .manim import available as manim_available

    for name, scene in _scenes().items():
        if scene.kind == "diagram" and not manim_available():
            continue  # manim-only scenes, rendered when the manim extra is installed
        command = render.get_command(ctx, name)
        args = ["--out", str(out)] + (["--quiet"] if quiet else []) + \
            (["--no-cache"] if no_cache else [])
        for key, value in (scene.quick if quick else {}).items():
            args += [f"--{key.replace('_', '-')}", _cli_value(value)]
        sub = command.make_context(name, args, parent=ctx)
        with sub:
            entry = command.invoke(sub)
            if scene.build_config is not None:
                config = scene.build_config(sub.params)
                entry["config_hash"] = config_hash(config, sub.params["device"])
        entries.append(entry)
    index = _writable_target(out / "index.json", "--out")
    index.write_text(json.dumps({"outputs": entries}, indent=2) + "\n")
    click.echo(str(index))


def _cli_value(value) -> str:
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)


def _install_scene_commands():
    for scene in _scenes().values():
        if scene.kind != "diagram":  # diagrams (manim only) have nothing to simulate
            simulate.add_command(_simulate_command(scene))
        render.add_command(_render_command(scene))


_install_scene_commands()
