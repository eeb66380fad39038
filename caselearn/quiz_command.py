"""`caselearn quiz` and `caselearn briefing`: validated quizzes and team briefings from the reviews."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caselearn.settings import Settings

FORMATS = ("json", "md", "csv", "gift")


def _catalog(settings: Settings):
    from ingest.catalog import Catalog

    if not settings.catalog_path.exists():
        raise click.ClickException(
            f"the library in {settings.data_dir} is empty: run `caselearn ingest corpus/` first"
        )
    catalog = Catalog(settings.catalog_path)
    if not catalog.documents():
        raise click.ClickException(
            f"the library in {settings.data_dir} is empty: run `caselearn ingest corpus/` first"
        )
    return catalog


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def _rephraser(settings: Settings):
    """The LLM stem rephraser, or None (with a note) when no LLM can be set up."""
    from assistant.chat_models import make_chat_model
    from assistant.quiz.rephrase import StemRephraser

    try:
        return StemRephraser(make_chat_model(settings.llm))
    except (RuntimeError, ValueError) as exc:
        click.echo(f"note: no LLM configured ({exc}); offline phrasing kept", err=True)
        return None


def render(quiz, fmt: str) -> str:
    """The quiz in one of FORMATS."""
    if fmt == "json":
        return json.dumps(quiz.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from assistant.quiz.export_csv import to_csv

        return to_csv(quiz)
    if fmt == "gift":
        from assistant.quiz.export_gift import to_gift

        return to_gift(quiz)
    from assistant.quiz.export_md import to_markdown

    return to_markdown(quiz)


@click.command("quiz")
@click.option("--theme", help="A theme id or label (see `caselearn themes`), e.g. 'safe sleep'.")
@click.option("--review", help="One review: subject ('Child H'), source path or title fragment.")
@click.option("--topic", help="Free text, e.g. 'handover between workers'.")
@click.option("--n", "n", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option(
    "--types", default="mcq", show_default=True, help="Comma-separated: mcq,tf,short,cloze."
)
@click.option(
    "--difficulty",
    type=click.Choice(["easy", "medium", "hard"]),
    default="medium",
    show_default=True,
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same quiz.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--llm", is_flag=True, help="Let the configured LLM reword stems (re-validated).")
@click.pass_context
def quiz_command(ctx, theme, review, topic, n, types, difficulty, seed, fmt, as_json, output,
                 llm) -> None:  # fmt: skip
    """Make a quiz whose every answer is tied to a verbatim, checked passage of a review."""
    from assistant.quiz.generate import QuizGenerator, QuizRequest
    from assistant.quiz.scope import ScopeError
    from ingest.themes import UnknownThemeError

    settings: Settings = ctx.obj["settings"]
    wanted = tuple(t.strip() for t in types.split(",") if t.strip())
    try:
        req = QuizRequest(theme, review, topic, n, wanted, difficulty, seed)
        generator = QuizGenerator(_catalog(settings))
        quiz = generator.generate(req, _rephraser(settings) if llm else None)
    except (ScopeError, UnknownThemeError) as exc:
        raise click.UsageError(str(exc)) from None
    if not quiz.items:
        raise click.ClickException("no item passed validation; nothing to export")
    _emit(render(quiz, "json" if as_json else fmt), output)
    covered = len(quiz.covered)
    click.echo(
        f"{len(quiz.items)} items from {covered} review{'s' if covered != 1 else ''}; "
        f"{len(quiz.dropped)} dropped and {quiz.regenerated} regenerated in validation",
        err=True,
    )
    for d in quiz.dropped:
        click.echo(f"  dropped ({d.source}): {d.reasons[-1] if d.reasons else 'invalid'}", err=True)
    for note in quiz.notes:
        click.echo(f"note: {note}", err=True)


@click.command("briefing")
@click.option("--theme", required=True, help="A theme id or label, e.g. 'safe sleep'.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def briefing_command(ctx, theme: str, fmt: str, as_json: bool, output: Path | None) -> None:
    """A one-page team-meeting briefing: what each review found on THEME, quoted, and three
    discussion questions."""
    from assistant.quiz.briefing import build_briefing
    from assistant.quiz.scope import ScopeError
    from ingest.themes import UnknownThemeError

    try:
        briefing = build_briefing(_catalog(ctx.obj["settings"]), theme)
    except (ScopeError, UnknownThemeError) as exc:
        raise click.UsageError(str(exc)) from None
    if as_json or fmt == "json":
        _emit(json.dumps(briefing.to_dict(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        _emit(briefing.to_markdown(), output)
