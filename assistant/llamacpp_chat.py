"""A small LangChain chat model over llama_cpp.Llama.create_chat_completion (local GGUF)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

logger = logging.getLogger(__name__)

_ROLES = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}
# llama-cpp-python chat formats that silently drop system messages.
_NO_SYSTEM_FORMATS = {"gemma"}


def to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as OpenAI-style role/content dicts for llama-cpp-python."""
    out = []
    for msg in messages:
        role = _ROLES.get(msg.type)
        if role is None:
            raise ValueError(f"unsupported message type {msg.type!r}")
        out.append({"role": role, "content": msg.text})
    return out


def merge_system(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """Fold system messages into the first user message (Gemma has no system role)."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if not system:
        return rest
    for msg in rest:
        if msg["role"] == "user":
            msg["content"] = f"{system}\n\n{msg['content']}"
            return rest
    return [{"role": "user", "content": system}, *rest]


def guess_chat_format(metadata: dict[str, str]) -> str | None:
    """A llama-cpp-python chat format for GGUFs without an embedded chat template."""
    if "tokenizer.chat_template" in metadata:
        return None
    if metadata.get("general.architecture", "").startswith("gemma"):
        return "gemma"
    return None


class LlamaCppChatModel(BaseChatModel):
    """Chat with a GGUF through llama-cpp-python; the model loads on first use.

    The chat template comes from the GGUF metadata; a Gemma GGUF without one (such as the
    packaged Gemma 3 270M) gets llama-cpp-python's "gemma" format instead of its llama-2 fallback.
    """

    model_path: str
    n_ctx: int = 8192
    n_threads: int | None = None  # None: all cores (llama-cpp-python's default is half)
    chat_format: str | None = None
    temperature: float = 0.0
    max_tokens: int = 512
    _client: Any = PrivateAttr(default=None)
    # One Llama context cannot serve two calls at once (e.g. two app sessions).
    _lock: Any = PrivateAttr(default_factory=threading.RLock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx}

    def client(self) -> Any:
        """The llama_cpp.Llama instance, loaded once."""
        with self._lock:
            return self._load()

    def _load(self) -> Any:
        if self._client is None:
            from llama_cpp import Llama

            logger.info("loading GGUF %s (n_ctx=%d)", self.model_path, self.n_ctx)
            threads = self.n_threads or os.cpu_count() or 1
            llama = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                chat_format=self.chat_format,
                verbose=False,
            )
            guessed = self.chat_format or guess_chat_format(getattr(llama, "metadata", {}))
            if guessed and guessed != getattr(llama, "chat_format", None):
                logger.info("GGUF has no chat template; using the %r chat format", guessed)
                llama.chat_format = guessed
            self._client = llama
        return self._client

    def _messages(self, messages: list[BaseMessage]) -> list[dict[str, str]]:
        out = to_llama_messages(messages)
        if getattr(self.client(), "chat_format", None) in _NO_SYSTEM_FORMATS:
            return merge_system(out)
        return out

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
        with self._lock:
            reply = self.client().create_chat_completion(
                messages=self._messages(messages), **self._params(stop, **kwargs)
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
        with self._lock:
            parts = self.client().create_chat_completion(
                messages=self._messages(messages), stream=True, **self._params(stop, **kwargs)
            )
            for part in parts:
                text = part["choices"][0].get("delta", {}).get("content") or ""
                if not text:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                if run_manager:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
