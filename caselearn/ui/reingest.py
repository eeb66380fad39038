"""Re-ingest the corpus from the app, reporting progress as passages are embedded."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from caselearn.settings import Settings
from caselearn.ui import state
from ingest.embed import Embedder
from ingest.sync import SyncReport, sync
from ingest.themes import load_taxonomy

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class ProgressEmbedder:
    """Wraps an embedder to report (passages embedded, passages to embed) as it goes."""

    def __init__(self, inner: Embedder, on_progress: Progress) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.on_progress = on_progress

    def _step(self, total: int, progress: Callable[[int], None] | None) -> Callable[[int], None]:
        """A progress callback that also reports (done, total) to the page."""
        done = 0
        self.on_progress(0, total)

        def step(n: int) -> None:
            nonlocal done
            done += n
            self.on_progress(done, total)
            if progress:
                progress(n)

        return step

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[list[float]]:
        return self.inner.embed(texts, progress=self._step(len(texts), progress))

    def token_embeddings(self, texts: Sequence[str], progress: Callable[[int], None] | None = None):
        """The ingest's pass (chunk and sentence vectors): must reach the inner model as such."""
        return self.inner.token_embeddings(texts, progress=self._step(len(texts), progress))


def reingest(
    settings: Settings, on_progress: Progress, on_event: Callable[[str], None]
) -> SyncReport:
    """Bring the library in line with the corpus folder (new, changed, re-tagged documents)."""
    lib = state.library(settings)
    themes = load_taxonomy()

    def factory() -> Embedder:
        return ProgressEmbedder(state.embedder(settings), on_progress)

    logger.info("re-ingesting %s", settings.corpus_dir)
    return sync(
        settings,
        [settings.corpus_dir],
        lib.catalog,
        lib.store,
        factory,
        progress=False,
        on_event=on_event,
        themes=themes,
    )
