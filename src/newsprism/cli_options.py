"""The command line's shared options and their conversion to library settings."""

from __future__ import annotations

import os
from enum import Enum

import typer

from newsprism.ingest.meta import DATE_ORDERS

SOURCES_HELP = ("Files, folders, URLs or feeds: .txt/.md, .html, RSS/Atom, .jsonl(.gz)/.csv/"
                ".parquet exports, .warc(.gz) archives.")
TEXT_COL = typer.Option(None, "--text-col", help="Export column with the article text.")
TITLE_COL = typer.Option(None, "--title-col", help="Export column with the title.")
DATE_COL = typer.Option(None, "--date-col", help="Export column with the publication date.")
OUTLET_COL = typer.Option(None, "--outlet-col", help="Export column with the outlet.")
URL_COL = typer.Option(None, "--url-col", help="Export column with the article URL.")
DateOrder = Enum("DateOrder", {o: o for o in DATE_ORDERS}, type=str)  # dmy, mdy, ymd
DATE_ORDER = typer.Option(
    None, "--date-order", case_sensitive=False,
    help="How exports write days as three numbers (29/04/2019 is dmy); default: read from "
    "each file's whole date column.")
ALLOW_PRIVATE = typer.Option(False, "--allow-private",
                             help="Let URLs reach private, loopback and link-local addresses.")
FOLLOW = typer.Option(True, "--follow/--no-follow",
                      help="Fetch the linked page of feed entries that carry only a teaser.")
Engine = Enum("Engine", {"local": "local", "processes": "processes", "ray": "ray"}, type=str)
ENGINE = typer.Option("local", "--engine", case_sensitive=False,
                      help="Where the stages run: local (this process), processes (one worker "
                      "process per core of this machine; more memory) or ray (a Ray cluster; "
                      'pip install "newsprism[ray]"; docs/scale.md).')
RAY_ADDRESS = typer.Option(None, "--ray-address",
                           help="The Ray cluster to join (auto, HOST:6379, ray://HOST:10001); "
                           "default: start one on this machine for the run.")
WORKERS = typer.Option(None, "--workers", min=1,
                       help="local: processes for the parse (annotate); processes: worker "
                       "processes; ray: model-loading actors per stage (default: one per CPU).")
DEVICE = typer.Option("cpu", "--device", case_sensitive=False,
                      help="Where the models run: cpu, cuda or auto (cuda when torch sees a GPU).")
GPUS_PER_WORKER = typer.Option(0.0, "--gpus-per-worker", min=0.0,
                               help="Ray: GPUs each model-loading actor takes (e.g. 0.25).")


def engine_settings(engine, ray_address: str | None, workers: int | None,
                     gpus_per_worker: float):
    from newsprism.engine import EngineSettings

    name = engine.value if isinstance(engine, Enum) else str(engine)
    if name != "ray" and (ray_address or gpus_per_worker):
        raise typer.BadParameter("--ray-address and --gpus-per-worker need --engine ray",
                                 param_hint="--engine")
    if name == "local" and workers is None:
        workers = os.cpu_count() or 1  # the parse on every core; the rest stays in-process
    return EngineSettings(name=name, address=ray_address, workers=workers,
                          gpus_per_worker=gpus_per_worker)


def device_name(name: str) -> str:
    from newsprism.devices import DeviceError, resolve

    try:
        resolve(name)
    except DeviceError as exc:
        raise typer.BadParameter(str(exc), param_hint="--device") from exc
    return name.lower()
