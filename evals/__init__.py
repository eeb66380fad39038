"""Evaluation framework: golden set, metrics, runner, regression gate and reports."""
