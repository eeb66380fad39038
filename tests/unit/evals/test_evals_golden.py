"""Golden loader: valid files load, bad lines fail with their line number."""

from __future__ import annotations

import pytest

from evals.golden import GoldenError, load_golden, missing_sources


def test_loads_and_filters_splits(tmp_path, fx, golden_row):
    path = fx.write_jsonl(
        tmp_path / "g.jsonl",
        [golden_row("a"), "", golden_row("b", split="holdout", tags=["out-of-scope"])],
    )
    items = load_golden(path, "all")
    assert [i.id for i in items] == ["a", "b"]
    assert [i.id for i in load_golden(path, "dev")] == ["a"]
    assert [i.id for i in load_golden(path, "holdout")] == ["b"]
    assert items[0].critical and not items[0].out_of_scope
    assert items[1].out_of_scope and not items[1].critical
    assert items[0].learning_points[0].phrases == ("father",)
    assert items[0].expected_passages[0].source == fx.REVIEW
    assert items[1].line == 3


def test_bad_json_names_line(tmp_path, fx, golden_row):
    path = fx.write_jsonl(tmp_path / "g.jsonl", [golden_row("a"), golden_row("b"), "{not json"])
    with pytest.raises(GoldenError, match=r"g\.jsonl:3: invalid JSON"):
        load_golden(path)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"split": "test"}, "'split' must be 'dev' or 'holdout'"),
        ({"answerable": "yes"}, "'answerable' must be true or false"),
        ({"expected_sources": "reviews/x.txt"}, "'expected_sources' must be a list"),
        ({"expected_sources": ["/abs/x.txt"]}, "must be corpus-relative"),
        ({"learning_points": [{"phrases": [], "reference": "r"}]}, "has no phrases"),
        ({"expected_passages": [{"source": "x"}]}, "needs string 'source' and 'text'"),
        ({"question": "  "}, "'question' must be a non-empty string"),
    ],
)
def test_bad_fields_name_line_and_field(tmp_path, fx, golden_row, override, message):
    path = fx.write_jsonl(tmp_path / "g.jsonl", [golden_row("a"), golden_row("b", **override)])
    with pytest.raises(GoldenError) as err:
        load_golden(path)
    assert ":2:" in str(err.value)
    assert message in str(err.value)


def test_missing_field_and_duplicate_id(tmp_path, fx, golden_row):
    row = golden_row("a")
    del row["question"]
    path = fx.write_jsonl(tmp_path / "g.jsonl", [row])
    with pytest.raises(GoldenError, match=r":1: missing required field\(s\) question"):
        load_golden(path)
    path = fx.write_jsonl(tmp_path / "d.jsonl", [golden_row("a"), golden_row("a")])
    with pytest.raises(GoldenError, match=r"d\.jsonl:2: duplicate id 'a' \(first on line 1\)"):
        load_golden(path)


def test_empty_file_and_bad_split_argument(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldenError, match="no golden items"):
        load_golden(path)
    with pytest.raises(ValueError, match="split must be"):
        load_golden(path, "train")  # type: ignore[arg-type]


def test_missing_sources(tmp_path, fx):
    (tmp_path / "reviews").mkdir()
    (tmp_path / fx.REVIEW).write_text("x", encoding="utf-8")
    present = fx.golden("a")
    absent = fx.golden("b", expected_sources=["reviews/nope.txt"])
    assert missing_sources([present], tmp_path) == []
    problems = missing_sources([present, absent], tmp_path)
    assert len(problems) == 1 and "reviews/nope.txt" in problems[0] and problems[0].startswith("b")
