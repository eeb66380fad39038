"""What kind of sentence answers a question: each `asks_…` reads the question, its `states_…` the
sentence the scorer lifts for it (a recommendation, a finding, a name, an event, a ranking, a
cause)."""

from __future__ import annotations

import re

# "What did the review recommend…": the answer is a recommendation, which the documents state
# in so many words ("The research recommends that…", "Recommendation 3:").
_RECOMMEND = re.compile(r"\brecommend(?:s|ed|ations?)?\b", re.IGNORECASE)


def asks_for_recommendations(question: str) -> bool:
    """Does the question ask what a document recommended?"""
    return bool(_RECOMMEND.search(question))


def states_recommendation(text: str) -> bool:
    """Does the sentence say it recommends something?"""
    return bool(_RECOMMEND.search(text))


# "What did the research find…", "the main finding": a sentence that announces a finding ("The main
# and most important insight emerging from the project is that…", "The review found that…")
# answers it. Not "find out", nor "Where did a review find that…", which says what was found.
_FINDING_ASKED = re.compile(
    r"\b(?:findings?|conclusions?|insights?)\b|\bwhat (?:did|does|do|has|have|had|was|were)\b"
    r"[^?]*\b(?:find|found|conclude|concluded)\b(?! out\b| that\b)",
    re.IGNORECASE,
)
# "that" after it: "The following key messages emerged…" announces a list, not a finding.
_FINDING = re.compile(
    r"\b(?:(?:main|key|principal|central|overall|important|significant) (?:findings?|insights?"
    r"|conclusions?|messages?)\b[^.;:]{0,60}\b(?:is|was|are|were)|(?:found|finds|find"
    r"|concluded?|concludes|shows?|showed|shown|reveal(?:s|ed)?)) that\b",
    re.IGNORECASE,
)


def asks_for_findings(question: str) -> bool:
    """Does the question ask what a document found or concluded?"""
    return bool(_FINDING_ASKED.search(question))


def states_finding(text: str) -> bool:
    """Does the sentence announce a finding ("the main insight… is that", "found that")?"""
    return bool(_FINDING.search(text))


# "Who chaired the review?", "Which organisations carried out the research?": the answer names
# a body or a person ("…written by Essex County Council… and Data to Insight", "An Independent
# Author (Paul Tudor)").
_AGENT_ASKED = re.compile(
    r"^\s*who\b(?! (?:is|are|was|were|counts?|qualifies)\b)|\bwho (?:wrote|chaired|carried out"
    r"|commissioned|conducted|authored|undertook|published|funded)\b"
    r"|\bwhich (?:organisations?|organizations?|bodies|councils"
    r"|universit(?:y|ies)|partners)\b",
    re.IGNORECASE,
)
_AGENT = re.compile(
    # Not "The Police": a name, capitalised before the body it names.
    r"\b(?!(?:The|A|An|This|These|Each|Every) )(?:[A-Z][\w'’-]+ )+(?:Council|University|Board"
    r"|Partnership|Trust|Police|Service|Agency|Department|Office|Insight|Commission(?:er)?|Panel"
    r"|Institute|College|Foundation)s?\b"
    r"|\b(?:Dr|Mr|Mrs|Ms|Professor)\.? [A-Z][\w'’-]+|\b(?:Chair|Author)\b[^.]{0,20}\([A-Z][a-z]+ [A-Z]"
)


def asks_for_agent(question: str) -> bool:
    """Does the question ask who did something, or which organisations?"""
    return bool(_AGENT_ASKED.search(question))


def states_agent(text: str) -> bool:
    """Does the sentence name an organisation or a person ("Essex County Council", "Dr O'Brien")?"""
    return bool(_AGENT.search(text))


# "What happened to Baby E?": the case's events, which the reviews tell as a death or an injury
# and how it came about ("died in September 2013, aged 8 months", "found not breathing").
_HAPPENED_ASKED = re.compile(r"\bwhat (?:happened|went on)\b|\bstory\b", re.IGNORECASE)
_EVENT = re.compile(
    r"\b(?:died|death|found (?:not breathing|unresponsive|dead)|post[- ]mortem|cause of death"
    r"|injur(?:y|ies|ed)|fractures?|sudden(?:ly)?|overlay|suffocat\w*|admitted to hospital)\b",
    re.IGNORECASE,
)


def asks_what_happened(question: str) -> bool:
    """Does the question ask what happened in a case?"""
    return bool(_HAPPENED_ASKED.search(question))


def states_event(text: str) -> bool:
    """Does the sentence tell a death or an injury ("found not breathing", "died aged…")?"""
    return bool(_EVENT.search(text))


# "Who makes the most referrals?": the answer ranks things, and the sentence that answers says
# so with a superlative of its own ("the largest single referrer", "the most common factor").
_RANKING = (
    r"most|least|largest|biggest|highest|lowest|greatest|commonest|fewest|smallest|youngest"
    r"|oldest"
)
_SUPERLATIVE = re.compile(rf"\b(?:{_RANKING}|leading|majority|main|top)\b", re.IGNORECASE)
_SUPERLATIVE_ASKED = re.compile(rf"\b(?:who|which|what)\b.*\bthe (?:{_RANKING})\b", re.IGNORECASE)


def asks_for_superlative(question: str) -> bool:
    """Does the question ask which is the most, largest, least…?"""
    return bool(_SUPERLATIVE_ASKED.search(question))


def states_superlative(text: str) -> bool:
    """Does the sentence rank something ("the largest referrer", "most frequently")?"""
    return bool(_SUPERLATIVE.search(text))


# "Why do social workers find some fields unhelpful?": the answer gives a cause.
_WHY = re.compile(r"\bwhy\b|\bwhat (?:caused|led to)\b|\breasons? (?:for|why)\b", re.IGNORECASE)
_CAUSE = re.compile(
    r"\b(?:because|due to|as a result|caused by|owing to|led to|the reasons?|resulted in)\b",
    re.IGNORECASE,
)


def asks_why(question: str) -> bool:
    """Does the question ask for a cause or a reason?"""
    return bool(_WHY.search(question))


def states_cause(text: str) -> bool:
    """Does the sentence give a cause ("…unhelpful due to duplication")?"""
    return bool(_CAUSE.search(text))
