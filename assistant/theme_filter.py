"""`ask --theme`: which chunks a theme filter allows (theme ids or labels, case-insensitive)."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.catalog import Catalog
from ingest.themes import Theme, load_taxonomy, resolve_theme


def resolve_themes(names: Sequence[str], themes: Sequence[Theme] | None = None) -> list[Theme]:
    """The themes named by id or label; raises UnknownThemeError listing the valid ids."""
    taxonomy = list(themes) if themes is not None else load_taxonomy()
    return list({t.id: t for t in (resolve_theme(n, taxonomy) for n in names)}.values())


def theme_chunk_ids(catalog: Catalog, names: Sequence[str]) -> set[str]:
    """Ids of the chunks tagged with any of the named themes."""
    return catalog.theme_chunk_ids(t.id for t in resolve_themes(names))
