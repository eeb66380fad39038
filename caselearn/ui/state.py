"""What the pages share: settings, the embedding model and the Assistant, built once per process.

The model takes seconds to load, so it is a `st.cache_resource`; the Assistant is rebuilt (cheaply,
with the cached model) whenever the library changes, keyed by the catalog's fingerprints.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import socket
from urllib.parse import urlparse

import streamlit as st

from assistant.factory import EmptyLibraryError, build_assistant
from assistant.service import Assistant
from caselearn.settings import Settings
from ingest.embed import Embedder, make_embedder
from ingest.library import Library, open_library

logger = logging.getLogger(__name__)


def app_settings() -> Settings:
    """Defaults < caselearn.toml < CASELEARN_* environment, read on every run (cheap)."""
    return Settings()


def settings_key(settings: Settings) -> str:
    """The settings as a stable string: the cache key for everything built from them."""
    return settings.model_dump_json()


@st.cache_resource(show_spinner="Loading the embedding model…")
def _embedder(key: str) -> Embedder:
    settings = Settings.model_validate_json(key)
    logger.info("loading the %s embedder", settings.embedding.backend)
    return make_embedder(settings.embedding)


def embedder(settings: Settings) -> Embedder:
    return _embedder(settings_key(settings))


@st.cache_resource(show_spinner=False)
def _library(key: str) -> Library:
    return open_library(Settings.model_validate_json(key))


def library(settings: Settings) -> Library:
    """The catalog and vector store (no model: use `embedder()` for that, it is cached)."""
    return _library(settings_key(settings))


def embedder_factory(settings: Settings):
    """What `ingest.sync.sync` wants: a callable returning the (cached) embedder."""
    return lambda: embedder(settings)


def library_version(settings: Settings) -> str:
    """Changes whenever a document is added, changed, removed or re-tagged."""
    catalog = library(settings).catalog
    prints = sorted(catalog.fingerprints().items())
    tagging = catalog.db.execute("SELECT doc_id, taxonomy FROM theme_tagging ORDER BY 1").fetchall()
    return hashlib.sha256(json.dumps([prints, tagging]).encode()).hexdigest()[:16]


@st.cache_resource(show_spinner="Opening the library…", max_entries=2)
def _assistant(key: str, version: str, with_llm: bool) -> Assistant:
    settings = Settings.model_validate_json(key)
    logger.info("building the assistant (library %s, llm %s)", version, with_llm)
    try:
        return build_assistant(settings, embedder=_embedder(key), with_llm=with_llm)
    except EmptyLibraryError:
        raise
    except RuntimeError as exc:  # e.g. the LLM extra is not installed
        if not with_llm:
            raise
        logger.warning("no generative mode: %s", exc)
        return build_assistant(settings, embedder=_embedder(key))


def assistant(settings: Settings) -> Assistant:
    """The Assistant over the current library (raises EmptyLibraryError when there is none)."""
    return _assistant(settings_key(settings), library_version(settings), llm_available(settings))


@st.cache_data(ttl=30, show_spinner=False)
def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.3):
            return True
    except OSError:
        return False


def llm_available(settings: Settings) -> bool:
    """Is an LLM there to use: a reachable OpenAI-compatible server, or llama.cpp installed?

    Cheap: one TCP connect with a short timeout, remembered for 30 seconds.
    """
    llm = settings.llm
    if llm.backend == "llamacpp":
        return importlib.util.find_spec("llama_cpp") is not None
    url = urlparse(llm.base_url)
    if not url.hostname:
        return False
    port = url.port or (443 if url.scheme == "https" else 80)
    return _reachable(url.hostname, port)
