"""Themes page through AppTest: the heatmap, a chosen cell's passages, "found in N of M"."""

from collections import Counter, defaultdict

import pytest
from app_testkit import page_script
from streamlit.testing.v1 import AppTest

from caselearn.ui.themes import heatmap
from ingest.catalog import Catalog
from ingest.theme_matrix import theme_matrix


@pytest.fixture
def themes_page(app_env):
    at = AppTest.from_string(page_script("themes"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def tags(app_env):
    """(source, theme) -> tagged passages, straight from the catalog."""
    counts: Counter = Counter()
    for source, theme, _cid, _score in Catalog(app_env.settings.catalog_path).theme_tags():
        counts[(source, theme)] += 1
    return counts


def _md(at) -> str:
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


def test_app_themes_cell_shows_its_passages(themes_page, tags):
    (source, theme), n = max(tags.items(), key=lambda kv: (kv[1], kv[0]))
    themes_page.selectbox(key="theme_pick").set_value(theme).run()
    themes_page.selectbox(key="theme_doc_pick").set_value(source).run()
    docs_with = {s for (s, t) in tags if t == theme}
    assert f"Found in **{len(docs_with)} of 6** reviews." in _md(themes_page)
    assert f"**{n}** tagged passage" in _md(themes_page)
    assert len(themes_page.expander) == min(n, 25)
    html = [h.value for h in themes_page.get("html")]
    assert html and all("<mark" in h for h in html[:1])


def test_app_themes_empty_cell_says_so(themes_page, tags, app_env):
    sources = [d["source"] for d in Catalog(app_env.settings.catalog_path).documents()]
    by_theme = defaultdict(set)
    for s, t in tags:
        by_theme[t].add(s)
    theme = next(t for t, tagged in sorted(by_theme.items()) if len(tagged) < len(sources))
    source = next(s for s in sources if s not in by_theme[theme])
    themes_page.selectbox(key="theme_pick").set_value(theme).run()
    themes_page.selectbox(key="theme_doc_pick").set_value(source).run()
    assert f"Found in **{len(by_theme[theme])} of 6** reviews." in _md(themes_page)
    assert themes_page.info and "is tagged with this theme" in themes_page.info[0].value
    assert not themes_page.expander


def test_app_themes_guidance_view_without_guidance(themes_page):
    themes_page.radio(key="theme_kind").set_value("guidance").run()
    assert themes_page.info and "no guidance documents" in themes_page.info[0].value


def test_app_themes_heatmap_spec_matches_the_matrix(app_env, tags):
    matrix = theme_matrix(Catalog(app_env.settings.catalog_path), "review")
    spec = heatmap(matrix).to_dict()
    rows = spec["data"]["values"]
    assert len(rows) == len(matrix.themes) * len(matrix.documents)
    for r in rows:
        assert r["passages"] == tags.get((r["source"], r["theme_id"]), 0)
    params = spec["params"]
    assert params[0]["name"] == "cell" and params[0]["select"]["fields"] == ["theme_id", "source"]


def test_app_themes_opens_on_the_fullest_cell(themes_page, tags):
    (source, theme), n = max(tags.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1]))
    assert themes_page.selectbox(key="theme_pick").value == theme
    assert themes_page.selectbox(key="theme_doc_pick").value == source
    assert f"**{n}** tagged passage" in _md(themes_page)
