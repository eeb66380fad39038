"""`caselearn themes`: the review × theme matrix with the strongest passage per cell; retagging."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caselearn.settings import Settings
from ingest.theme_matrix import ThemeMatrix
from ingest.themes import Theme

_QUOTE_CHARS = 220


def short_quote(quote: str, terms: list[str], limit: int = _QUOTE_CHARS) -> str:
    """The quote on one line, cut to `limit` characters around its first vocabulary term."""
    text = " ".join(quote.split())
    if len(text) <= limit:
        return text
    lowered = text.lower()
    hits = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    start = max(0, min(hits) - limit // 3) if hits and min(hits) > limit - 40 else 0
    if start:
        start = text.find(" ", start) + 1
    piece = text[start : start + limit - 2].rsplit(" ", 1)[0]
    return ("…" if start else "") + piece + "…"


def render_matrix(matrix: ThemeMatrix) -> str:
    """Counts per theme and document, then the quote behind every non-empty cell."""
    docs = matrix.documents
    lines = [f"Documents ({matrix.kind}):"]
    lines += [f"  [{n}] {d.label} — {d.source} ({d.chunks} chunks)" for n, d in enumerate(docs, 1)]
    width = max(len(t.label) for t in matrix.themes)
    col = max(4, len(str(len(docs))) + 3)
    head = "".join(f"[{n}]".rjust(col) for n in range(1, len(docs) + 1))
    lines += ["", f"{'Theme (tagged passages)'.ljust(width)}{head}"]
    for t in matrix.themes:
        cells = "".join(str(matrix.count(d.source, t.id) or ".").rjust(col) for d in docs)
        lines.append(f"{t.label.ljust(width)}{cells}")
    for t in matrix.themes:
        present = [(n, d) for n, d in enumerate(docs, 1) if matrix.cell(d.source, t.id)]
        if not present:
            continue
        lines += ["", f"{t.label} ({t.id})"]
        for n, d in present:
            c = matrix.cells[(d.source, t.id)]
            ev = c.evidence
            quote = short_quote(ev.quote, ev.terms)
            where = f"p. {ev.page}" if ev.page is not None else (ev.section or "")
            plural = "passage" if c.count == 1 else "passages"
            lines.append(f"  [{n}] {d.label}: {c.count} {plural}")
            lines.append(f'      "{quote}"')
            lines.append(f"      — {d.source}{', ' + where if where else ''}")
    if matrix.untagged:
        lines += ["", f"note: {len(matrix.untagged)} documents are untagged or tagged from an "
                      "older themes.yaml; run `caselearn ingest --retag`"]  # fmt: skip
    return "\n".join(lines)


def retag_library(settings: Settings, themes: list[Theme], quiet: bool, as_json: bool) -> None:
    """`caselearn ingest --retag`: tag every stored chunk from its stored vector."""
    from ingest.library import open_library
    from ingest.retag import retag
    from ingest.themes import ThemeTagger

    lib = open_library(settings)
    if not lib.catalog.documents():
        raise click.ClickException(
            f"the library in {settings.data_dir} is empty: run `caselearn ingest corpus/` first"
        )
    tagger = ThemeTagger(themes, lib.query_embedder())

    def event(msg: str) -> None:
        if not quiet and not as_json:
            click.echo(msg, err=True)

    report = retag(lib.catalog, lib.store, tagger, on_event=event)
    for source, reason in report.skipped:
        click.echo(f"error: {source}: {reason}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"{report.documents} documents re-tagged with {len(themes)} themes: {report.tags} tags "
            f"on {report.chunks} chunks, no chunk re-embedded, in {report.seconds:.1f} s"
        )
    if report.skipped:
        raise click.exceptions.Exit(1)


@click.command("themes")
@click.option("--json", "as_json", is_flag=True, help="Print the matrix as JSON.")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path), help="Write a PNG heatmap.")
@click.option(
    "--svg", type=click.Path(dir_okay=False, path_type=Path), help="Write an SVG heatmap."
)
@click.option(
    "--kind",
    type=click.Choice(["review", "guidance", "all"]),
    default="review",
    show_default=True,
    help="Which documents make the rows.",
)
@click.pass_context
def themes_command(
    ctx: click.Context, as_json: bool, png: Path | None, svg: Path | None, kind: str
) -> None:
    """The document × theme matrix: tagged passages per cell and the strongest one, quoted."""
    from ingest.catalog import Catalog
    from ingest.theme_matrix import theme_matrix
    from ingest.themes import TaxonomyError, load_taxonomy

    settings: Settings = ctx.obj["settings"]
    catalog = Catalog(settings.catalog_path)
    if not catalog.documents():
        raise click.ClickException(
            f"the library in {settings.data_dir} is empty: run `caselearn ingest corpus/` first"
        )
    try:
        themes = load_taxonomy()
    except TaxonomyError as exc:
        raise click.ClickException(str(exc)) from None
    matrix = theme_matrix(catalog, kind, themes)  # type: ignore[arg-type]
    if matrix.untagged and as_json:
        click.echo(
            f"warning: {len(matrix.untagged)} documents are untagged or tagged from an older "
            "themes.yaml; run `caselearn ingest --retag`",
            err=True,
        )
    for path, fmt in ((png, "png"), (svg, "svg")):
        if path is not None:
            from caselearn.theme_heatmap import render_heatmap

            render_heatmap(matrix, path, fmt)
            click.echo(f"wrote {path}", err=True)
    click.echo(json.dumps(matrix.to_dict(), indent=2) if as_json else render_matrix(matrix))
