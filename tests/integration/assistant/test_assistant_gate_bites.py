"""The regression gate must fail, with a readable reason, when retrieval is crippled."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from assistant.factory import build_assistant
from caselearn.settings import PROJECT_ROOT
from evals.gate import check_gate, make_baseline
from evals.golden import load_golden
from evals.runner import run_eval

pytestmark = pytest.mark.integration
GOLDEN = PROJECT_ROOT / "evals" / "golden" / "golden.jsonl"


class RandomEmbedder:
    """Deterministic noise with the model's shape: retrieval by it is no better than chance."""

    def __init__(self, dim: int = 384) -> None:
        self.name, self.dim = "random", dim

    def embed(self, texts, progress=None):
        out = []
        for t in texts:
            rng = random.Random(t)
            v = [rng.gauss(0, 1) for _ in range(self.dim)]
            norm = sum(x * x for x in v) ** 0.5
            out.append([x / norm for x in v])
        return out


@pytest.fixture(scope="module")
def items():
    dev = load_golden(GOLDEN, "dev")
    return [i for i in dev if not i.out_of_scope][:20] + [i for i in dev if i.out_of_scope][:4]


@pytest.fixture(scope="module")
def baseline(real_library, items):
    good = build_assistant(real_library)
    run = run_eval(items, good, good.lookup, good.embedder)
    assert check_gate(run, make_baseline(run)).ok  # a run passes against itself
    return make_baseline(run), good.embedder


def test_gate_fails_when_top_k_is_one(real_library, items, baseline):
    base, embedder = baseline
    crippled = real_library.model_copy(deep=True)
    crippled.retrieval.top_k = 1
    bad = build_assistant(crippled, embedder=embedder)
    gate = check_gate(run_eval(items, bad, bad.lookup, embedder), base)
    assert not gate.ok
    # A readable reason names the metric that fell, with before and after values.
    fell = [r for r in gate.reasons if "fell from" in r]
    assert any(m in r for r in fell for m in ("coverage", "recall@5", "pass_rate")), gate.reasons


def test_gate_fails_with_a_random_embedder(real_library, items, baseline):
    base, embedder = baseline
    bad = build_assistant(real_library, embedder=RandomEmbedder())
    gate = check_gate(run_eval(items, bad, bad.lookup, embedder), base)
    assert not gate.ok
    assert any("fell from" in r or "regressed" in r for r in gate.reasons), gate.reasons


def test_cli_gate_exits_nonzero_against_the_committed_baseline(real_library, tmp_path):
    env = {**os.environ, "CASELEARN_DATA_DIR": str(real_library.data_dir)}
    cmd = [sys.executable, "-m", "caselearn.cli", "eval", "--split", "holdout", "--top-k", "1"]
    proc = subprocess.run(
        [*cmd, "--report", str(tmp_path)], capture_output=True, text=True, env=env, timeout=600
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "fell from" in proc.stdout + proc.stderr
    assert (tmp_path / "report.html").exists()
