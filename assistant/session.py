"""A conversation: the questions asked so far, so a follow-up can be made standalone."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Session:
    """Conversation history: (question as asked, standalone question, answer text)."""

    turns: list[tuple[str, str, str]] = field(default_factory=list)

    def standalone_history(self) -> list[str]:
        return [t[1] for t in self.turns]
