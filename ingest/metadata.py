"""Title and review metadata, only where the document states them: unknown stays None."""

from __future__ import annotations

import re

from caselearn.dates import MONTHS
from caselearn.types import DocMeta
from ingest.blocks import Block

_MONTHS = "|".join(m.capitalize() for m in MONTHS)
_DATE = re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTHS}) ((?:19|20)\d\d)\b")
_TITLE_WORDS = re.compile(
    r"serious case review|learning review|learning bulletin|briefing note|learning brief|"
    r"executive summary|learning the lessons|practice review|\bSCR\b|findings|guidance|framework",
    re.IGNORECASE,
)
_SUBJECT_NAMED = re.compile(r"\b(Baby|Child) ([A-Z]{1,2})\b")
# Written as the review writes them, never from title-cased prose ("the family a lot of…"); one
# letter, not "I" ("Children I spoke to") nor the start of a word ("the Family GP").
_SUBJECT_GROUP = re.compile(r"\b(?:Family|Young Person|Sibling Group|Children) (?!I\b)[A-Z]\b")
# A pseudonym the review gives the child: quoted at the end of its title ("Local Child
# Safeguarding Practice Review: 'Harry'"), introduced ("will be referred to as Jack"), or whose
# death or injury it reviews ("following the death of Arthur"), said often enough that it is not
# a case the review only cites ("the death of Victoria Climbié").
_PSEUDONYM_TITLE = re.compile(r"['‘\"“]([A-Z][a-z]{2,})['’\"”]\W*$")
_PSEUDONYM_INTRODUCED = re.compile(
    r"(?:referred to(?: in this (?:report|review))? as|pseudonym(?: of)?)"
    r"\s+['‘\"“]?([A-Z][a-z]{2,})\b"
)
_PSEUDONYM_HARMED = re.compile(r"(?:death|murder|killing) of|injuries to")
_NAME_AFTER = re.compile(r"\s+['‘\"“]?([A-Z][a-z]{2,})\b")
# The subject of a death or injury is named at least this often near the start of its review.
_PSEUDONYM_MENTIONS = 3
_NOT_PSEUDONYMS = {
    "Baby", "Child", "Children", "Family", "Mother", "Father", "Mum", "Dad", "Mrs", "Miss", "The",
    "This", "Her", "His", "Local", "Police",
}  # fmt: skip
_SUBJECT_CODE = re.compile(r"\b(SILR\d+[a-z]?|CSPR\d+[a-z]?)\b")
_SUBJECT_PERSON = re.compile(
    r"^([A-Z][a-z]+) was (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"[ -](?:day|week|month|year)s?[ -]old"
)
# A leading "The" is prose, not part of the board's name.
_PUBLISHER = re.compile(
    r"\b((?!The\b)(?:[A-Z][A-Za-z]*(?: and| &)? ){1,4}(?:Local )?Safeguarding Children(?:'s)? "
    r"(?:Board|Partnership))\b"
)
_PUBLISHER_UPPER = re.compile(
    r"\b((?!THE\b)(?:[A-Z]+(?: AND| &)? ){1,4}(?:LOCAL )?SAFEGUARDING CHILDREN(?:'S)? "
    r"(?:BOARD|PARTNERSHIP))\b"
)
_PUBLISHER_ABBR = re.compile(r"\bpublished by ([A-Z]{3,6})\b")
_ORGS = (
    "Department for Education",
    "Association of Directors of Children's Services",
    "Ofsted",
    "Child Safeguarding Practice Review Panel",
)
# Number words an age is written with ("eight months"), as a regex alternation.
NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_AGE = re.compile(
    rf"(?:aged (?:just )?(?:over |under )?|\b)((?:\d{{1,2}}|{NUMBER_WORDS})[ -](?:day|week|month|year)s?)"
    rf"(?:[ -]old)?",
    re.IGNORECASE,
)
_AGE_CONTEXT = re.compile(
    rf"(?:\b(?:\d{{1,2}}|{NUMBER_WORDS})[ -](?:day|week|month|year)s?[ -]old (?:baby|child|infant|boy|girl)"
    rf"|\b[A-Z][a-z]+ was (?:\d{{1,2}}|{NUMBER_WORDS}) (?:day|week|month|year)s? old"
    rf"|died aged (?:just )?(?:over |under )?(?:\d{{1,2}}|{NUMBER_WORDS}) (?:day|week|month|year)s?"
    rf"|aged (?:\d{{1,2}}|{NUMBER_WORDS}) (?:day|week|month|year)s?)",
    re.IGNORECASE,
)


def _clean_heading(text: str) -> str:
    return text[2:] if text.startswith("- ") else text


# What a word processor leaves in a PDF's title field: "Microsoft Word - SCR final.docx", a file
# name ("SCR_Child_A_v3", "Report1"), a template's placeholder.
_JUNK_TITLE = re.compile(
    r"^(?:microsoft|untitled|word\s*-|powerpoint|document\s*\d*$|title$|report\s*\d*$|slide\s*\d*$)"
    r"|\.(?:docx?|pdf|rtf|odt|indd|pptx?)$"
    r"|^\S*[_\d]\S*$",
    re.IGNORECASE,
)


def usable_pdf_title(title: str, stem: str) -> bool:
    """A PDF title field worth showing: not a word processor's leftovers or the file's name."""
    title = title.strip()
    if len(title) <= 3 or _JUNK_TITLE.search(title):
        return False
    squash = re.sub(r"[\W_]+", "", title.lower())
    return squash != re.sub(r"[\W_]+", "", stem.lower())


def extract_title(blocks: list[Block], pdf_title: str | None, fallback: str) -> str:
    """The title as the document states it: leading headings, else PDF metadata, else file name."""
    if pdf_title and usable_pdf_title(pdf_title, fallback):
        # A PDF's own title field is what its publisher called it; page-one layout is less reliable.
        return pdf_title
    leading = [_clean_heading(b.text) for b in blocks[:8] if b.kind == "heading"]
    for i, heading in enumerate(leading):
        if _TITLE_WORDS.search(heading) and not heading.lower().startswith("contents"):
            title = heading
            nxt = leading[i + 1] if i + 1 < len(leading) else None
            pos = [_clean_heading(b.text) for b in blocks].index(heading)
            follows = pos + 1 < len(blocks) and blocks[pos + 1].kind == "heading"
            if (
                nxt
                and follows
                and (_SUBJECT_NAMED.fullmatch(nxt.title()) or nxt.endswith("?"))
                or nxt
                and follows
                and _SUBJECT_CODE.search(nxt)
                and len(nxt.split()) <= 10
            ):
                title = f"{title}: {nxt}"
            return title
    if leading:
        return leading[0]
    return fallback


def extract_meta(text: str, title: str, kind: str) -> DocMeta:
    """Subject, publisher, date/year, review type and child's age, when stated near the start."""
    head = text[:6000]
    meta = DocMeta()
    if kind == "review":
        meta.subject = _subject(title, head)
        meta.review_type = _review_type(title, head)
        meta.child_age = _child_age(head)
    meta.publisher = _publisher(head)
    meta.date, meta.year = _date(title, head)
    return meta


def _subject(title: str, head: str) -> str | None:
    for source in (title, head):
        if m := _SUBJECT_NAMED.search(source):
            return m.group(0)
        if m := _SUBJECT_NAMED.search(source.title()):
            return m.group(0)
    if m := _SUBJECT_CODE.search(title) or _SUBJECT_CODE.search(head):
        return m.group(1)
    for line in head.split("\n"):
        if m := _SUBJECT_PERSON.match(line.strip()):
            return m.group(1)
    if m := _SUBJECT_GROUP.search(title) or _SUBJECT_GROUP.search(head):
        return m.group(0)
    for m in [*_PSEUDONYM_TITLE.finditer(title), *_PSEUDONYM_INTRODUCED.finditer(head)]:
        if m.group(1) not in _NOT_PSEUDONYMS:
            return m.group(1)
    for harmed in _PSEUDONYM_HARMED.finditer(head):
        m = _NAME_AFTER.match(head, harmed.end())
        if m is None or m.group(1) in _NOT_PSEUDONYMS:
            continue
        if len(re.findall(rf"\b{m.group(1)}\b", head)) >= _PSEUDONYM_MENTIONS:
            return m.group(1)
    return None


def _review_type(title: str, head: str) -> str | None:
    both = f"{title}\n{head}"
    if re.search(r"\bSILR|Serious Incident Learning Review", both):
        return "SILR"
    if re.search(r"Child Safeguarding Practice Review|\bCSPR\b", both):
        return "CSPR"
    if re.search(r"briefing note", title, re.IGNORECASE):
        return "briefing note"
    if re.search(r"learning brief\b", both, re.IGNORECASE):
        return "learning brief"
    if re.search(r"Serious Case Review|\bSCR\b", both):
        return "SCR"
    return None


def _child_age(head: str) -> str | None:
    m = _AGE_CONTEXT.search(head)
    if not m:
        return None
    age = _AGE.search(m.group(0))
    if not age:
        return None
    qualifier = re.search(r"just over|over|under", m.group(0))
    value = normal_age(age.group(1))
    return f"{qualifier.group(0)} {value}" if qualifier else value


def normal_age(value: str) -> str:
    """ "8 months" for "eight-month", "8 month" or "Eight months": digits, a plural unit."""
    num, unit = value.lower().replace("-", " ").split(None, 1)
    words = {w: str(i) for i, w in enumerate(NUMBER_WORDS.split("|"), start=1)}
    num = words.get(num, num)
    return f"{num} {unit.rstrip('s')}" + ("s" if num != "1" else "")


def _publisher(head: str) -> str | None:
    if m := _PUBLISHER.search(head):
        return " ".join(m.group(1).split())
    if m := _PUBLISHER_UPPER.search(head):
        return " ".join(m.group(1).split()).title().replace(" And ", " and ")
    if m := _PUBLISHER_ABBR.search(head):
        return m.group(1)
    for org in _ORGS:
        if org.lower() in head.lower():
            return org
    return None


def _date(title: str, head: str) -> tuple[str | None, int | None]:
    published = re.search(rf"(?:published|Date Published)[^.\n]{{0,40}}?{_DATE.pattern}", head)
    m = published or _DATE.search(title)
    if not m:
        first = head[:400]
        m = _DATE.search(first)
    if not m:
        return None, None
    groups = [g for g in m.groups() if g]
    day_month_year = groups[-3:] if len(groups) >= 3 else groups[-2:]
    return " ".join(day_month_year), int(groups[-1])
