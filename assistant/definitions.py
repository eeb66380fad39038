"""Definition questions: "What is a low-level concern?" wants the sentence that says what one is
("A low-level concern is any concern…", "Neglect: the persistent failure…"), which similarity
alone ranks below sentences that merely use the term."""

from __future__ import annotations

import re
from functools import lru_cache

# The term a question asks to have defined, opener by opener; the first that matches wins.
_ASKS = [
    re.compile(r"^how (?:does|do) .{1,80}? define (?:the (?:term|phrase) )?(?P<t>.+)", re.I),
    re.compile(r"^how (?:is|are) (?P<t>.+?) defined\b", re.I),
    re.compile(r"^what does (?:the (?:term|phrase|word) )?(?P<t>.+?) (?:mean|stand for)\b", re.I),
    re.compile(r"^what (?:is|are) meant by (?:the (?:term|phrase) )?(?P<t>.+)", re.I),
    re.compile(r"^what (?:do|does) [\w ]{1,30}? mean by (?P<t>.+)", re.I),
    re.compile(
        r"^(?:define|definition of|what constitutes|(?:what|which|who)(?: \w+){0,2}? (?:actually |exactly )?"
        r"(?:counts?|qualif(?:y|ies)|(?:is|are) counted) as|"
        r"what exactly (?:is|are)|"
        r"explain what) (?:the (?:term|phrase) )?(?P<t>.+?)(?: is| are| means)?$",
        re.I,
    ),
    # "What is the purpose of children's social care?" is answered by what it exists to do.
    re.compile(r"^what(?:'s| is| are) the (?:purpose|aim) of (?P<t>.+)", re.I),
    re.compile(r"^what(?:'s| is| are) (?P<t>.+)", re.I),
]
_QUOTED = re.compile(r"['‘\"“]([^'’\"”]{2,60})['’\"”]")
# "…according to KCSIE", "…in the guidance": where to look, not part of the term.
_WHERE = re.compile(
    r"\s+(?:according to|as defined|as used|(?:in|under|within|for) (?:the )?"
    r"(?:guidance|kcsie|reviews?|library|law|framework|research|documents?|keeping children))\b.*$",
    re.I,
)
# "Under the DfE statutory guidance, what counts as…": where to look, said first.
_WHERE_FIRST = re.compile(r"^(?:under|according to|in|within|for)\b[^,?]{1,80},\s*", re.I)
# "As a DSL I need to brief staff - what counts as…", "New to this. What is…": the scene set
# before the question.
_SCENE = re.compile(
    r"^(?!(?:what|how|who|which|why|when)\b).{2,160}?(?:\s[-–—]|[.!?:])\s+(?=(?:what|how|who|which)\b)",
    re.I,
)
# "What counts as a low-level concern about an adult working in a school?": who or what it concerns
# qualifies the term; the documents define the term alone.
_QUALIFIER = re.compile(
    r"\s+(?:about|regarding|concerning|in relation to|when|if|where|under)\s+.*$", re.I
)
_ARTICLE = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:definition|meaning) of\s+(?:an?\s+|the\s+)?)?", re.I
)
_MAX_WORDS = 6
# Between a term's words: space, hyphen, dash or a stray quote ("'low-level' concern").
_JOIN = r"[\s\-‐–'‘’\"“”]+"
_Q = r"['‘’\"“”]?"
_VERB = (
    r"(?:is|are|means|refers? to|describes?|comprises|covers|involves|"
    r"(?:is|are) (?:defined|described|used) as|can (?:be defined as|include|involve|mean|be)|"
    r"may (?:include|involve|be)|exists? to|aims? to|is there to)\b"
)


def defined_term(question: str) -> str | None:
    """The term a "what is X / what counts as X / what does X mean" question asks about."""
    q = " ".join(question.split()).strip(" ?.!")
    q = _WHERE_FIRST.sub("", _SCENE.sub("", q))
    for pattern in _ASKS:
        m = pattern.match(q)
        if m:
            break
    else:
        return None
    quoted = _QUOTED.search(m.group("t"))
    term = quoted.group(1) if quoted else _WHERE.sub("", m.group("t"))
    if not quoted and pattern is not _ASKS[-1]:
        # Not after a bare "What is…": "What is the learning about fathers?" defines nothing.
        term = _QUALIFIER.sub("", term)
    term = _ARTICLE.sub("", term.strip(" ?.!,'\"")).strip()
    if not term or len(term.split()) > _MAX_WORDS:
        return None
    return term


@lru_cache(maxsize=64)
def _patterns(term: str) -> tuple[re.Pattern[str], ...]:
    # "child missing education" is defined as "Children missing education are…"
    words = [re.escape(w) + r"(?:s|es|ren)?" for w in re.findall(r"[\w]+", term.lower())]
    t = _Q + _JOIN.join(words) + _Q
    return (
        # "A low-level concern is any concern…", "In this framework the term 'X' refers to…"
        re.compile(
            rf"^(?:\d{{1,3}}\.\s+|[-•]\s+)?(?:[^.]{{0,60}}?\bthe term\s+)?(?:an?\s+|the\s+)?"
            rf"{t}(?:\s*\([^)]{{1,60}}\))?,?\s+{_VERB}",
            re.I,
        ),
        # "Safeguarding and promoting the welfare of children is defined … as:"
        re.compile(rf"^(?:an?\s+|the\s+)?{t}\b[^.:]{{0,60}}?\b(?:is|are) defined\b", re.I),
        # a glossary line: "Neglect: the persistent failure…", "Abuse - A form of maltreatment"
        re.compile(rf"^{t}(?:\s*\([^)]{{1,30}}\))?\s*[:–—-]\s+\S", re.I),
        # "…sometimes referred to as 'teenage relationship abuse'", "we refer to this as…"
        re.compile(
            rf"\b(?:known as|refer(?:red|s)? to (?:this |these |them |it )?as|defined as|called)"
            rf"\s+{t}",
            re.I,
        ),
        # "Children missing education (CME) refers to…"
        re.compile(rf"\(\s*{t}\s*\)\s+{_VERB}", re.I),
    )


def defines(sentence: str, term: str) -> bool:
    """Does the sentence say what the term is (rather than only use it)?"""
    text = " ".join(sentence.split())
    return any(p.search(text) for p in _patterns(term.lower()))
