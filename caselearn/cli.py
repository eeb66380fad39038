"""The `caselearn` command line: small commands, `--json` everywhere, heavy imports deferred."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from caselearn.settings import Settings

logger = logging.getLogger(__name__)


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


class LazyGroup(click.Group):
    """Imports a subcommand's module only when that subcommand runs (keeps `ask` start-up fast)."""

    lazy: dict[str, str] = {
        "ask": "caselearn.ask_command:ask_command",
        "briefing": "caselearn.quiz_command:briefing_command",
        "eval": "evals.command:eval_command",
        "quiz": "caselearn.quiz_command:quiz_command",
        "themes": "caselearn.themes_command:themes_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attr = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
@click.option("--data-dir", type=click.Path(path_type=Path), help="Where the library is stored.")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.version_option(package_name="caselearn")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, verbose: int) -> None:
    """Ask what child safeguarding case reviews learned, with the passages behind every answer."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    settings = Settings()
    if data_dir is not None:
        settings.data_dir = data_dir
    ctx.obj = {"settings": settings}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="Remove stored documents not found under PATHS.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or per-document lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--retag", is_flag=True, help="Only re-tag stored chunks with the theme taxonomy.")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    prune: bool,
    quiet: bool,
    as_json: bool,
    retag: bool,
) -> None:
    """Add new, re-embed changed and (with --prune) drop removed documents under PATHS.

    PATHS default to the corpus folder. Exit status 1 when any document failed.
    """
    from ingest.library import open_library
    from ingest.sync import sync
    from ingest.themes import TaxonomyError, load_taxonomy

    settings = _settings(ctx)
    targets = list(paths) or [settings.corpus_dir]
    try:
        themes = load_taxonomy()
    except TaxonomyError as exc:
        raise click.ClickException(str(exc)) from None
    if retag:
        if paths or prune:
            raise click.UsageError("--retag re-tags the stored library: no PATHS or --prune")
        from caselearn.themes_command import retag_library

        retag_library(settings, themes, quiet, as_json)
        return
    lib = open_library(settings)

    def event(msg: str) -> None:
        if msg.startswith("FAILED"):
            click.echo(f"error: {msg[len('FAILED ') :]}", err=True)
        elif not quiet and not as_json:
            click.echo(msg, err=True)

    report = sync(
        settings,
        targets,
        lib.catalog,
        lib.store,
        lib.embedder,
        prune=prune,
        progress=not quiet,
        on_event=event,
        themes=themes,
    )
    for source, reason in report.failed:
        if reason == "no such file or directory":
            click.echo(f"error: {source}: {reason}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"{len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
            f"{len(report.failed)} failed documents; {report.total_chunks} chunks in the library "
            f"({report.chunks_written} written) in {report.seconds:.1f} s"
            + (f"; {report.retagged} documents re-tagged" if report.retagged else "")
        )
    ctx.exit(0 if report.ok else 1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help='Print {"documents": [...]} as JSON.')
@click.pass_context
def library(ctx: click.Context, as_json: bool) -> None:
    """List the documents in the library with their metadata and chunk counts."""
    from ingest.catalog import Catalog

    settings = _settings(ctx)
    docs = Catalog(settings.catalog_path).documents()
    if as_json:
        click.echo(json.dumps({"documents": docs}, indent=2))
        return
    if not docs:
        click.echo("The library is empty: run `caselearn ingest corpus/`.")
        return
    for d in docs:
        facts = [d["kind"]]
        facts += [str(d[k]) for k in ("subject", "review_type", "date", "child_age") if d.get(k)]
        if d.get("publisher"):
            facts.append(d["publisher"])
        click.echo(f"{d['source']}  [{d['chunks']} chunks]")
        click.echo(f"    {d['title']}")
        click.echo(f"    {' · '.join(facts)}")
    total = sum(d["chunks"] for d in docs)
    click.echo(f"{len(docs)} documents, {total} chunks")


def main() -> None:
    cli(prog_name="caselearn")


if __name__ == "__main__":
    main()
