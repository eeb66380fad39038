"""Chat page through Streamlit's AppTest: starters, answers with sources, follow-ups, abstentions,
filters, and safe rendering of a document carrying HTML and markdown."""

import re

import pytest
from app_testkit import EVIL_SOURCE, page_script
from streamlit.testing.v1 import AppTest

from caselearn.ui.chat import STARTERS


@pytest.fixture
def chat(app_env):
    return AppTest.from_string(page_script("chat"), default_timeout=60).run()


def _html(at) -> list[str]:
    return [h.value for h in at.get("html")]


def _ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_app_chat_starter_question_is_answered_with_sources(chat):
    assert not chat.exception
    labels = [b.label for b in chat.button]
    assert set(STARTERS) <= set(labels)
    next(b for b in chat.button if "fathers" in b.label).click().run()
    assert not chat.exception
    assert [m.name for m in chat.chat_message] == ["user", "assistant"]
    assert chat.chat_message[0].children[0].value == next(s for s in STARTERS if "fathers" in s)
    answer = _html(chat)[0]
    assert re.search(r"<sup[^>]*>\[1\]</sup>", answer)
    assert chat.expander, "each citation gets an expander"
    assert chat.expander[0].label.startswith("\\[1\\]")
    marks = [h for h in _html(chat) if "<mark" in h]
    assert len(marks) == len(chat.expander)
    assert not any(b.label in STARTERS for b in chat.button), "starters go once the chat starts"


def test_app_chat_follow_up_uses_the_session(chat):
    _ask(chat, "What did the reviews say about fathers?")
    _ask(chat, "and what about substance misuse?")
    assert [m.name for m in chat.chat_message] == ["user", "assistant"] * 2
    captions = [c.value for c in chat.caption]
    assert any("Understood as" in c and "substance misuse" in c for c in captions)
    assert len(chat.session_state["chat"].session.turns) == 2
    next(b for b in chat.button if b.label == "New conversation").click().run()
    assert not chat.chat_message
    assert chat.session_state["chat"].session.turns == []


def test_app_chat_abstention_is_a_warning_without_sources(chat):
    _ask(chat, "How do I bake sourdough bread?")
    assert chat.warning and "does not cover" in chat.warning[0].value
    assert not chat.expander
    assert not any("caselearn-answer" in h for h in _html(chat))


def test_app_chat_kind_filter_excluding_everything_abstains(chat):
    chat.sidebar.multiselect(key="filter_kinds").set_value(["guidance"]).run()
    _ask(chat, "What did the reviews say about neglect?")
    assert chat.warning
    assert any("filters exclude every document" in c.value.replace("\\", "") for c in chat.caption)


def test_app_chat_document_filter_limits_sources(chat):
    chat.sidebar.multiselect(key="filter_docs").set_value(
        ["reviews/003_52c76c2e1049232f.txt"]
    ).run()
    _ask(chat, "What did the review recommend about handover to a new worker?")
    assert chat.expander
    sources = {c.source for c in chat.session_state["chat"].turns[-1].citations}
    assert sources == {"reviews/003_52c76c2e1049232f.txt"}


def test_app_chat_theme_filter_quotes_only_tagged_passages(chat, app_env):
    from ingest.catalog import Catalog

    catalog = Catalog(app_env.settings.catalog_path)
    theme = "substance-misuse"
    tagged = [c for c, _score in catalog.chunks_for_theme(theme)]
    assert tagged
    chat.sidebar.multiselect(key="filter_themes").set_value([theme]).run()
    _ask(chat, "What did the reviews say about drugs and alcohol?")
    answer = chat.session_state["chat"].turns[-1]
    assert answer.citations
    for c in answer.citations:
        assert any(t.source == c.source and t.start <= c.start and c.end <= t.end for t in tagged)


def test_app_chat_document_text_is_shown_as_plain_text(chat):
    chat.sidebar.multiselect(key="filter_docs").set_value([EVIL_SOURCE]).run()
    _ask(chat, "What about bruising in a non-mobile baby?")
    html = "\n".join(_html(chat))
    assert "alert(&#x27;xss&#x27;)" in html, "the payload is in the quoted text"
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<a " not in html and "[the protocol](javascript:alert(1))" in html
    for e in chat.expander:
        assert "<" not in e.label.replace("\\<", "")
    md = [m.value for m in chat.markdown] + [c.value for c in chat.caption]
    assert not any("javascript:" in m for m in md)


def test_app_chat_no_llm_no_generative_toggle(chat):
    assert not chat.sidebar.toggle


class FakeGenerative:
    """Stands in for the LLM answerer: streams tokens, then answers citing the extractive [1]."""

    def __init__(self) -> None:
        self.streamed: list[str] = []

    def answer(self, question, passages, fallback, on_token=None):
        from caselearn.types import Answer

        base = fallback()
        for tok in ("Fathers ", "were ", "<b>overlooked</b> ", "[1]."):
            self.streamed.append(tok)
            on_token(tok)
        return Answer(question, "Fathers were <b>overlooked</b> [1].", False,
                      base.citations[:1], mode="llm")  # fmt: skip


def test_app_chat_generative_toggle_streams_when_an_llm_is_there(app_env, monkeypatch):
    import assistant.factory
    from caselearn.ui import state

    fake = FakeGenerative()
    monkeypatch.setattr(state, "llm_available", lambda settings: True)
    monkeypatch.setattr(assistant.factory, "_llm_parts", lambda settings, emb: (fake, None))
    at = AppTest.from_string(page_script("chat"), default_timeout=60).run()
    toggle = at.sidebar.toggle[0]
    assert toggle.label.startswith("Generative") and toggle.value is False
    toggle.set_value(True).run()
    _ask(at, STARTERS[0])
    assert fake.streamed == ["Fathers ", "were ", "<b>overlooked</b> ", "[1]."]
    answer = at.session_state["chat"].turns[-1]
    assert answer.mode == "llm" and len(answer.citations) == 1
    html = [h.value for h in at.get("html")]
    assert any("Fathers were &lt;b&gt;overlooked&lt;/b&gt;" in h for h in html)
    assert len(at.expander) == 1
