"""A small LangChain chat model over llama_cpp.Llama.create_chat_completion (local GGUF)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

logger = logging.getLogger(__name__)

_ROLES = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}


def to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as OpenAI-style role/content dicts for llama-cpp-python."""
    out = []
    for msg in messages:
        role = _ROLES.get(msg.type)
        if role is None:
            raise ValueError(f"unsupported message type {msg.type!r}")
        out.append({"role": role, "content": msg.text})
    return out


class LlamaCppChatModel(BaseChatModel):
    """Chat with a GGUF through llama-cpp-python; the model loads on first use.

    The chat template comes from the GGUF metadata (llama-cpp-python's default).
    """

    model_path: str
    n_ctx: int = 8192
    n_threads: int | None = None
    temperature: float = 0.0
    max_tokens: int = 512
    _client: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx}

    def client(self) -> Any:
        """The llama_cpp.Llama instance, loaded once."""
        if self._client is None:
            from llama_cpp import Llama

            logger.info("loading GGUF %s (n_ctx=%d)", self.model_path, self.n_ctx)
            self._client = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                verbose=False,
            )
        return self._client

    def _params(self, stop: list[str] | None, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = {"temperature": self.temperature, "max_tokens": self.max_tokens}
        if stop:
            params["stop"] = stop
        params.update(kwargs)
        return params

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        reply = self.client().create_chat_completion(
            messages=to_llama_messages(messages), **self._params(stop, **kwargs)
        )
        choice = reply["choices"][0]
        text = choice["message"].get("content") or ""
        info = {"finish_reason": choice.get("finish_reason")}
        return ChatResult(
            generations=[ChatGeneration(message=AIMessage(content=text), generation_info=info)]
        )

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        parts = self.client().create_chat_completion(
            messages=to_llama_messages(messages), stream=True, **self._params(stop, **kwargs)
        )
        for part in parts:
            text = part["choices"][0].get("delta", {}).get("content") or ""
            if not text:
                continue
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
            if run_manager:
                run_manager.on_llm_new_token(text, chunk=chunk)
            yield chunk
