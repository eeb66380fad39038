"""What a question asks for: reviews or guidance, several documents, two things at once, or a
named document as a whole. Rules on the wording, no model."""

from __future__ import annotations

import re

from assistant.query import REVIEW_INTENT, content_words
from caselearn.dates import MONTHS

_GUIDANCE_INTENT = re.compile(
    r"\b(guidance|research|framework|statutory|kcsie|keeping children safe|legislation|the law)\b",
    re.IGNORECASE,
)
# A question about several documents at once: "the reviews", "reviews and guidance", "across".
_BROAD_INTENT = re.compile(
    r"\b(reviews|documents|sources|across|(?:reviews?|research) and (?:guidance|research)"
    r"|(?:guidance|research) and (?:the )?(?:reviews?|research))\b",
    re.IGNORECASE,
)


def asks_about_reviews(question: str) -> bool:
    """Does the question ask what the reviews (rather than guidance) said?"""
    return bool(REVIEW_INTENT.search(question))


def asks_about_guidance(question: str) -> bool:
    """Does the question ask about guidance or research as well as (or instead of) reviews?"""
    return bool(_GUIDANCE_INTENT.search(question))


def asks_broadly(question: str) -> bool:
    """Does the question ask what several documents say, rather than for one answer?"""
    return bool(_BROAD_INTENT.search(question))


# "...about X and about Y", "..., and how old was the baby?": a second question joined to the first.
_ASPECT_JOIN = re.compile(
    r",?\s+and\s+(?=(?:about|what|how|whether|why|when|who|which|where|if)\b)", re.IGNORECASE
)


def aspects(question: str) -> list[str]:
    """The parts of a question that asks two things at once; [] for a single question."""
    parts = [p.strip(" ?,") for p in _ASPECT_JOIN.split(question)]
    if len(parts) < 2 or any(len(content_words(p)) < 2 for p in parts):
        return []
    return parts


# Words that ask about a named document as a whole rather than about a topic within it.
_OVERVIEW_WORDS = {
    "summarise", "summarize", "summary", "overview", "happened", "happen", "tell", "give",
    "describe", "outline", "explain", "story", "briefly", "brief", "main", "points", "gist",
    "key", "make", "made", "came", "come", "out", "say", "said", "identified", "serious", "case",
    "themes", "theme", "issues", "highlights", "headlines", "practice", "practitioners",
    "scr", "scrs", "cspr", "silr", "bulletin", "briefing", "note", "notes", "report", "paper",
    "document", "publication", "research", "study", "guidance", "framework", "project", "phase",
    "led", "commissioned",
}  # fmt: skip
# Words that ask for a review's conclusions: its recommendations, lessons, findings, messages.
_PART_WORDS = {
    "recommend", "recommends", "recommended", "recommendation", "recommendations", "lesson",
    "lessons", "learning", "learned", "learnt", "learn", "findings", "finding", "find", "found",
    "conclusions", "conclude", "concluded", "messages", "takeaways", "advice", "advise", "advises",
    "advised", "suggest", "suggests", "suggested", "suggestions",
}  # fmt: skip
# What the section titles of a review's conclusions hold ("PART 5: RECOMMENDATIONS", "Lessons
# learned and key messages", "Improving Practice", "Next steps – What can you do").
# Not "learning" alone: "Multi-Agency Serious Incident Learning Review" names the whole review.
CONCLUSION_SECTIONS = (
    "recommend", "lesson", "key learning", "learning point", "message", "finding", "conclu",
    "improving practice", "next steps", "what can you do",
)  # fmt: skip


def asks_for_overview(terms: list[str]) -> bool:
    """Are a named-document question's remaining words only "summarise", "what happened", "what
    did it recommend"...: the document as a whole, or its conclusions, with no topic?"""
    return all(t in _OVERVIEW_WORDS or t in _PART_WORDS for t in terms)


# "learning review" and "learning brief" name a kind of document, not what is asked of it.
_LEARNING_NAME = re.compile(r"\blearning (?:reviews?|briefs?|briefings?)\b", re.IGNORECASE)


def asks_for_conclusions(question: str) -> bool:
    """Does an overview question ask for the recommendations, lessons or findings? Read from the
    question's own words: "learning" and "lessons" are stopwords, gone from its terms."""
    words = re.findall(r"[a-z]+", _LEARNING_NAME.sub(" ", question.lower()))
    return any(w in _PART_WORDS for w in words)


# "How many…", "what proportion…", "when did…": the answer is a number, a date or a period.
_NUMBER_ASKED = re.compile(
    r"\b(?:how (?:many|much|long|often|old|big|large)|what (?:number|proportion|percentage|share"
    r"|period|year|date|age|rate)|when (?:did|was|were|is|does|do)|per ?cent)\b",
    re.IGNORECASE,
)
# Not "may": "staff may…" states no date.
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half|third|quarter|"
    rf"per ?cent|{'|'.join(m for m in MONTHS if m != 'may')})\b",
    re.IGNORECASE,
)


# "How many working days…", "what proportion…", "the legal minimum age": a count, stated in one
# place. Not "how long
# should records be kept" nor "when does a child become looked after", which the library may
# answer with words spread over several documents.
_COUNT_ASKED = re.compile(
    r"\b(?:how (?:many|much)|what (?:number|proportion|percentage|share)|per ?cent"
    r"|(?:minimum|maximum|legal) age|what (?:are|is) the timescales?)\b",
    re.I,
)


def asks_for_count(question: str) -> bool:
    """Does the question ask how many, how much or what share?"""
    return bool(_COUNT_ASKED.search(question))


def asks_for_number(question: str) -> bool:
    """Is the answer a number, a date or a period ("How many…", "When did…")?"""
    return bool(_NUMBER_ASKED.search(question))


def has_number(text: str) -> bool:
    """Does the text state a number, a share or a date?"""
    return bool(_NUMBER.search(text))


# "What are the four categories of…", "Which groups of children…", "What outcomes does the
# framework set…": the answer is a list, and the sentence that introduces it names what it lists.
# Nouns that name no topic, only that there are several of something: "What options does KCSIE
# give…" is answered by "There are four likely scenarios…", whatever either calls them.
KINDS_OF_THINGS = (
    "options", "ways", "types", "kinds", "sorts", "categories", "steps", "forms", "scenarios",
    "areas", "things", "approaches", "actions",
)  # fmt: skip
_COUNTED = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|main|key|different) "
_LIST_ASKED = re.compile(
    rf"\b(?:what|which) (?:are|were) (?:the )?(?:{_COUNTED})*(?P<a>[a-z]+s)\b"
    rf"|\bwhich (?:{_COUNTED})*(?P<b>[a-z]+s) (?:of|does|do|did|are|is|were)\b"
    rf"|\bwhat (?:{_COUNTED})+(?P<c>[a-z]+s)\b"
    # Not "What schools should do…" (the subject) nor "What process…" (no plural).
    rf"|\bwhat (?P<d>[a-z]+s(?<!ss)(?<!us)(?<!is)) (?:does|do|did)\b"
    rf"|\bwhat (?P<e>{'|'.join(KINDS_OF_THINGS)}) (?:should|can|could|must)\b",
    re.IGNORECASE,
)


def asked_list(question: str) -> str | None:
    """The plural noun a list question asks for ("categories", "groups"), else None."""
    m = _LIST_ASKED.search(question)
    return next(g for g in m.groups() if g).lower() if m else None


# "Which review found…", "Which serious case review concerned…": one document is asked for.
_WHICH_ONE = re.compile(
    r"\bwhich (?:(?:serious|case|learning|safeguarding|practice|team-meeting) )*"
    r"(?:review|scr|cspr|silr|briefing|bulletin|report|document)\b(?!s)",
    re.IGNORECASE,
)


def asks_which_document(question: str) -> bool:
    """Does the question ask which one document (a review, a briefing) says something?"""
    return bool(_WHICH_ONE.search(question))


# Typed in a hurry: "teacher here - a year 8 told me…", "im the new DSL…", "…is that normal??".
_CASUAL = re.compile(
    r"\b(?:im|ive|dont|doesnt|didnt|cant|couldnt|wont|isnt|hasnt|havent|wasnt)\b|\?\?"
)


def asks_informally(question: str) -> bool:
    """Is the question typed casually: opening in lower case, apostrophes dropped, "??"?"""
    first = next((ch for ch in question if ch.isalpha()), "")
    return first.islower() or bool(_CASUAL.search(question))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z])")


_PRONOUN = re.compile(r"\b(\w+)\s+(?:it|them|him)\b", re.IGNORECASE)
# Words after which "it" is the subject: auxiliaries ("What did it say…", "Is it…"), a clause's
# opening ("When it comes to…", "if it is"), a contraction's tail ("isn't it", "what's it").
_NOT_OBJECT = {
    "did", "does", "do", "was", "is", "were", "are", "has", "have", "had", "will", "would", "can",
    "could", "should", "must", "may", "might", "when", "if", "that", "because", "so", "what",
    "how", "why", "where", "who", "whether", "as", "than", "t", "s", "and", "or", "but",
}  # fmt: skip


def refers_back(question: str) -> bool:
    """Does the question carry the scene's topic in an object pronoun ("Do I just pass it to the
    DSL?", "When should the school take them off the register?")? Not a subject after an
    auxiliary: "What did it say about the household?" names the document the scene set."""
    return any(m.group(1).lower() not in _NOT_OBJECT for m in _PRONOUN.finditer(question))


def final_question(text: str) -> str | None:
    """The question itself when the text sets the scene first ("The briefing followed a baby's
    death. What did it say about the household?"); None for a one-sentence question."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    if len(parts) < 2 or not parts[-1].endswith("?"):
        return None
    return parts[-1]
