"""`caselearn ask`: one question, a file of questions, or an interactive session with follow-ups."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from caselearn.types import Answer

_START = time.perf_counter()


def read_questions(path: Path) -> list[str]:
    """One question per line, or JSONL objects with a `question` field; blank lines skipped."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                out.append(str(json.loads(line)["question"]))
            except (json.JSONDecodeError, KeyError) as exc:
                raise click.BadParameter(
                    f"{path}:{n}: not a JSON object with 'question' ({exc})"
                ) from None
        else:
            out.append(line)
    return out


def render(answer: Answer) -> str:
    """The answer with its numbered sources, for a terminal."""
    lines = [answer.answer, ""]
    if answer.standalone_question:
        lines.insert(0, f"(understood as: {answer.standalone_question})\n")
    if answer.citations:
        lines.append("Sources:")
    for c in answer.citations:
        where = f"p. {c.page}" if c.page is not None else (c.section or "")
        lines.append(f"[{c.n}] {c.title} ({c.kind}{', ' + where if where else ''}) — {c.source}")
        lines.append(f'    "{c.quote}"')
    lines.extend(f"note: {n}" for n in answer.notes)
    return "\n".join(lines).rstrip()


@click.command("ask")
@click.argument("question", required=False)
@click.option(
    "--questions",
    "questions_file",
    type=click.Path(exists=True, path_type=Path),
    help="Answer every question in FILE (lines, or JSONL with 'question').",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@click.option(
    "--kind",
    type=click.Choice(["review", "guidance"]),
    multiple=True,
    help="Only reviews or only guidance.",
)
@click.option("--doc", "docs", multiple=True, help="Only this document (source, subject or title).")
@click.option("--year-from", type=int)
@click.option("--year-to", type=int)
@click.option("--theme", "themes", multiple=True, help="Only passages tagged with this theme.")
@click.option("--llm/--no-llm", default=None, help="Generative answer from the configured LLM.")
@click.option("--top-k", type=int, help="Passages to retrieve.")
@click.option("--chat", is_flag=True, help="Interactive session with follow-up questions.")
@click.pass_context
def ask_command(ctx, question, questions_file, as_json, kind, docs, year_from, year_to, themes,
                llm, top_k, chat) -> None:  # fmt: skip
    """Answer QUESTION from the library, citing the passages it relies on."""
    from assistant.factory import EmptyLibraryError, build_assistant
    from assistant.retrieve import Filters
    from assistant.service import Session

    settings = ctx.obj["settings"]
    if top_k:
        settings.retrieval.top_k = top_k
    questions = read_questions(questions_file) if questions_file else []
    if question:
        questions.insert(0, question)
    if not questions and not chat:
        raise click.UsageError("give a QUESTION, --questions FILE or --chat")
    if themes:
        from assistant.theme_filter import resolve_themes
        from ingest.themes import UnknownThemeError

        try:
            themes = tuple(t.id for t in resolve_themes(themes))
        except UnknownThemeError as exc:
            raise click.BadParameter(str(exc), param_hint="--theme") from None
    try:
        assistant = build_assistant(settings, with_llm=bool(llm))
    except EmptyLibraryError as exc:
        raise click.ClickException(str(exc)) from None
    filters = Filters(
        kinds=list(kind) or None,
        sources=list(docs) or None,
        year_from=year_from,
        year_to=year_to,
        themes=list(themes) or None,
    )
    stream = (lambda tok: click.echo(tok, nl=False, err=True)) if llm and not as_json else None
    session = Session() if chat else None
    first = True
    for q in questions:
        answer = assistant.ask(q, filters=filters, session=session, llm=llm, on_token=stream)
        if first:
            answer.timings_ms["cold_start"] = round((time.perf_counter() - _START) * 1000, 1)
            first = False
        click.echo(json.dumps(answer.to_dict()) if as_json else render(answer) + "\n")
    if chat:
        _chat_loop(assistant, filters, session, llm, as_json, stream)


def _chat_loop(assistant, filters, session, llm, as_json, stream) -> None:
    """Read follow-up questions from stdin until EOF or an empty line."""
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            click.echo("? ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line or not line.strip():
            return
        answer = assistant.ask(line.strip(), filters=filters, session=session, llm=llm,
                               on_token=stream)  # fmt: skip
        click.echo(json.dumps(answer.to_dict()) if as_json else render(answer) + "\n")
