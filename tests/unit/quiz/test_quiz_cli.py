"""`caselearn quiz` and `caselearn briefing` on the small library, plus the optional LLM wording."""

from __future__ import annotations

import json

from click.testing import CliRunner
from ingest_testkit import DERBYSHIRE, LIAM

from assistant.quiz.generate import QuizRequest
from assistant.quiz.rephrase import StemRephraser
from caselearn.cli import cli


def _run(quiz_settings, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(quiz_settings.data_dir), *args])


def test_quiz_gift_to_file_and_dropped_on_stderr(quiz_settings, tmp_path):
    out = tmp_path / "q.gift"
    res = _run(quiz_settings, "quiz", "--theme", "safe sleep", "--n", "5", "--format", "gift",
               "-o", str(out))  # fmt: skip
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.count("::q") >= 4 and "$CATEGORY: caselearn/safe-sleep" in text
    assert "dropped" in res.stderr and "items from 2 reviews" in res.stderr


def test_quiz_json_is_deterministic(quiz_settings):
    args = ["quiz", "--review", "Liam", "--n", "3", "--types", "mcq,cloze", "--seed", "9", "--json"]
    first, second = _run(quiz_settings, *args), _run(quiz_settings, *args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert {i["citation"]["source"] for i in data["items"]} == {LIAM}
    assert {i["type"] for i in data["items"]} == {"mcq", "cloze"}


def test_quiz_usage_errors(quiz_settings):
    bad = _run(quiz_settings, "quiz", "--theme", "astrology")
    assert bad.exit_code == 2 and "valid themes" in bad.output
    both = _run(quiz_settings, "quiz", "--theme", "neglect", "--review", "Liam")
    assert both.exit_code == 2
    types = _run(quiz_settings, "quiz", "--types", "essay")
    assert types.exit_code == 2 and "mcq, tf, short, cloze" in types.output


def test_briefing_command(quiz_settings):
    res = _run(quiz_settings, "briefing", "--theme", "safe-sleep")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# Team briefing") and DERBYSHIRE in res.stdout
    data = json.loads(_run(quiz_settings, "briefing", "--theme", "safe-sleep", "--json").stdout)
    assert len(data["questions"]) == 3


class FakeModel:
    def __init__(self, reply):
        self.reply = reply
        self.calls = 0

    def invoke(self, messages):
        self.calls += 1
        if isinstance(self.reply, Exception):
            raise self.reply
        return type("Msg", (), {"content": self.reply(messages[0].content)})()


def test_llm_rewording_is_validated(generator):
    req = QuizRequest(theme="safe sleep", n=4, seed=1)
    offline = generator.generate(req)

    def reword(prompt: str) -> str:
        stem = prompt.rsplit("Question: ", 1)[1].strip()
        return "Question: In short, " + stem[0].lower() + stem[1:]

    good = generator.generate(req, StemRephraser(FakeModel(reword)))
    assert [i.answer for i in good.items] == [i.answer for i in offline.items]
    assert all(i.rephrased and i.stem.startswith("In short, ") for i in good.items)

    def leak(prompt: str) -> str:  # gives the answer away: rejected, offline wording kept
        return "What is it? " + offline.items[0].answer + "?"

    leaky = generator.generate(req, StemRephraser(FakeModel(leak)))
    assert leaky.items[0].stem == offline.items[0].stem and not leaky.items[0].rephrased

    dead = FakeModel(ConnectionError("no server"))
    down = generator.generate(req, StemRephraser(dead))
    assert dead.calls == 1 and [i.stem for i in down.items] == [i.stem for i in offline.items]
