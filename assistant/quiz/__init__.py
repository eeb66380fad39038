"""Quizzes and team-meeting briefings built from the reviews' own learning points.

Every item carries the verbatim passage that justifies its key, and is validated before it is
kept (see docs/quizzes.md).
"""
