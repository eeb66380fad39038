"""The plan: what the service decided about a question before retrieving and answering."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Plan:
    """What the service decided about a question before answering it."""

    question: str
    terms: list[str]
    expansions: list[str]
    review_intent: bool
    named: list[str]
    n_reviews: int
    n_documents: int
    uncovered: list[str] | None = None
    broad: bool = False
    # Asks what guidance or research says, and not what the reviews say.
    guidance_intent: bool = False
    # The parts of a question that asks two things ("about X and about Y"), else [], and their
    # vectors when the service has embedded them already.
    aspects: list[str] = field(default_factory=list)
    aspect_vecs: list[list[float]] = field(default_factory=list)
    # "Summarise the Liam review": the named document as a whole, with no topic to match.
    overview: bool = False
    # An overview of the document's recommendations, lessons or findings.
    conclusions: bool = False
    # The term a definition question asks about ("What is a low-level concern?"), else None.
    defines: str | None = None
    # The answer is a number, a date or a period ("How many…", "When did…").
    numeric: bool = False
    # The answer is a count or a share ("How many working days…").
    counted: bool = False
    # The plural noun a list question asks for ("What are the four categories of…"), else None.
    listed: str | None = None
    # "What did the review recommend…": sentences that state a recommendation answer it.
    recommends: bool = False
    # "What did the research find…": sentences that announce a finding answer it.
    finds: bool = False
    # "Who chaired…", "Which organisations…": sentences naming a body or a person answer it.
    agent: bool = False
    # "Who makes the most referrals?": sentences that rank things answer it.
    superlative: bool = False
    # "Why…?": sentences that give a cause answer it.
    causal: bool = False
    # "Which review found…": the answer is one document, the best match, not every match.
    which_one: bool = False
    # A theme filter chose the passages: the theme is the topic, whatever words the question uses.
    themed: bool = False
    # Typed in a hurry ("the house is an absolute tip - any learning?"): everyday words the
    # documents never use say nothing about whether they cover it.
    casual: bool = False
    # "What happened to Baby E?": the case's events, told as a death or an injury.
    happened: bool = False
