from assistant.naming import (
    DocAliases,
    document_aliases,
    named_documents,
)
from assistant.unknown_names import unknown_review


def test_named_and_unknown_reviews():
    aliases = [DocAliases("reviews/h.txt", ["child h", "leicestershire"])]
    assert named_documents("What did the Child H review recommend?", aliases) == ["reviews/h.txt"]
    assert named_documents("What did Child Q say?", aliases) == []
    assert unknown_review("What did the Child Q review in Hackney find?", aliases) == "Child Q"
    assert (
        unknown_review("Findings of the Daniel Pelka serious case review?", aliases)
        == "Daniel Pelka"
    )
    assert unknown_review("What did the Child H review recommend?", aliases) is None


def test_guidance_is_named_by_the_acronym_of_its_title_head():
    from assistant.naming import document_aliases

    doc = {
        "source": "guidance/cme_2024.pdf",
        "kind": "guidance",
        "title": "Children Missing Education - Guidance for Local authorities",
    }
    aliases = document_aliases(doc)
    assert "cme" in aliases.aliases
    asked = "Which groups does the CME guidance say are at risk?"
    assert named_documents(asked, [aliases]) == ["guidance/cme_2024.pdf"]


def test_a_quoted_title_names_its_document_and_is_left_out_of_the_topic():
    from assistant.naming import topic_text

    titles = {"reviews/v.txt": "Briefing: Are you sure you know who visits or lives in my house?"}
    asked = "What did the 'who visits or lives in my house' briefing say about missed appointments?"
    assert named_documents(asked, [], titles) == ["reviews/v.txt"]
    topic = topic_text(asked, [], ["reviews/v.txt"], titles)
    assert "house" not in topic and "visits" not in topic
    assert "missed appointments" in topic
    # A quoted phrase that is no document's title stays in the topic.
    other = "What did the briefing say about 'disguised compliance' in practice?"
    assert "disguised compliance" in topic_text(other, [], ["reviews/v.txt"], titles)


def test_the_named_documents_publisher_is_left_out_of_the_topic():
    from assistant.naming import document_aliases, topic_text

    doc = {"source": "reviews/d.txt", "title": "SILR15b", "kind": "review",
           "subject": "SILR15b", "publisher": "Derbyshire Safeguarding Children Board"}  # fmt: skip
    aliases = [document_aliases(doc)]
    asked = "What did the Derbyshire Safeguarding Children Board review say about thriving?"
    assert named_documents(asked, aliases) == ["reviews/d.txt"]
    assert topic_text(asked, aliases, ["reviews/d.txt"]) == "What did the say about thriving?"


def test_a_description_of_a_named_review_is_left_out_of_the_topic_with_its_name():
    from assistant.naming import document_aliases, topic_text

    doc = {"source": "reviews/b.txt", "title": "Briefing Note", "kind": "review", "year": 2020,
           "date": "December 2020", "review_type": "briefing note"}  # fmt: skip
    aliases = [document_aliases(doc)]
    asked = "In the 2020 briefing about the 6 month old who died, how did staff deal with it?"
    assert named_documents(asked, aliases) == ["reviews/b.txt"]
    topic = topic_text(asked, aliases, ["reviews/b.txt"])
    assert "died" not in topic and "how did staff deal with it?" in topic


def test_a_title_ending_in_framework_is_named_by_its_last_two_words_and_a_topic_is_not():
    from assistant.naming import document_aliases

    framework = document_aliases(
        {
            "source": "g/f.pdf",
            "kind": "guidance",
            "title": "Children's social care national framework",
        }
    )
    cme = document_aliases(
        {"source": "g/c.pdf", "kind": "guidance", "title": "Children Missing Education - Guidance"}
    )
    asked = "What does the national framework say about children missing education?"
    assert named_documents(asked, [framework, cme]) == ["g/f.pdf"]


def test_a_file_name_word_names_a_guidance_document_only_when_its_text_uses_it_as_a_name():
    def aliases(source: str, text: str) -> list[str]:
        doc = {"source": source, "title": "A guide to multi-agency work", "kind": "guidance"}
        return document_aliases(doc, lambda: text).aliases

    assert "working" not in aliases(
        "guidance/working_together_2023.pdf", "When working with families."
    )
    assert "essex" in aliases("guidance/essex_recording.pdf", "Essex County Council led it.")
    assert "kcsie" in aliases("guidance/kcsie_2025.pdf", "Keeping children safe in education.")


def test_a_title_head_names_its_document_with_a_document_noun_or_a_number():
    cme = {
        "source": "guidance/cme.pdf",
        "kind": "guidance",
        "title": "Children Missing Education - Guidance for Local authorities",
    }
    study = {
        "source": "guidance/study.pdf",
        "kind": "guidance",
        "title": "DfE Project 2A: User research into social worker inputted data to CMS",
    }
    aliases = [document_aliases(cme), document_aliases(study)]
    assert named_documents(
        "Which groups does the children missing education guidance name?", aliases
    ) == ["guidance/cme.pdf"]
    # the topic alone is not the document
    assert (
        named_documents("What should schools do about children missing education?", aliases) == []
    )
    assert named_documents("In the DfE Project 2A research, how many fields?", aliases) == [
        "guidance/study.pdf"
    ]
    assert named_documents("What did DfE Project 2A find?", aliases) == ["guidance/study.pdf"]


def test_a_name_is_found_through_a_possessive_or_a_hyphen():
    aliases = [DocAliases("reviews/l.txt", ["liam"]), DocAliases("g/e.pdf", ["essex"])]
    assert named_documents("What did Liam's SCR recommend?", aliases) == ["reviews/l.txt"]
    assert named_documents("What did the Essex-led research find?", aliases) == ["g/e.pdf"]
    assert named_documents("What do reviews say about Essex Street?", aliases[:1]) == []


def test_a_title_after_its_publishers_acronym_names_the_document():
    doc = {"source": "g/asp.pdf", "kind": "guidance", "title": "ADCS Safeguarding Pressures"}
    aliases = document_aliases(doc)
    assert "safeguarding pressures" in aliases.aliases
    asked = "By how much has funding fallen, according to the Safeguarding Pressures report?"
    assert named_documents(asked, [aliases]) == ["g/asp.pdf"]


def _described_library() -> list[DocAliases]:
    recording = {
        "source": "guidance/essex_social_worker_recording.pdf",
        "kind": "guidance",
        "title": "DfE Project 2A: User research into social worker inputted data to CMS",
    }
    cme = {
        "source": "guidance/children_missing_education_2024.pdf",
        "kind": "guidance",
        "title": "Children Missing Education - Guidance for Local authorities",
    }
    return [document_aliases(recording), document_aliases(cme)]


def test_a_document_described_by_two_of_its_own_words_is_named():
    library = _described_library()
    recording = "guidance/essex_social_worker_recording.pdf"
    for asked in (
        "social worker here - did that study on CMS recording find any data we miss?",
        "According to the research into social workers' case management system recording, why?",
        "In the DfE-commissioned user research on social worker recording, how many items?",
    ):
        assert named_documents(asked, library) == [recording], asked


def test_a_description_sharing_one_word_or_none_names_nothing():
    library = _described_library()
    # One shared word ("recording") is a topic, not a description.
    assert named_documents("What did the research on recording find?", library) == []
    # No description ("the ... research on ...") at all: words alone name nothing.
    assert named_documents("How do social workers record data in a CMS?", library) == []
    # Words too common here to tell documents apart ("children", "education") do not count.
    assert named_documents("What did the study of children in education find?", library) == []


def test_a_description_two_documents_fit_equally_names_neither():
    library = [
        DocAliases("g/a.pdf", [], {"social", "worker", "caseload"}),
        DocAliases("g/b.pdf", [], {"social", "worker", "pay"}),
    ]
    assert named_documents("What did the survey of social workers find?", library) == []
    asked = "What did the survey of social workers' caseloads find?"
    assert named_documents(asked, library) == ["g/a.pdf"]


def test_a_review_is_named_by_its_date_and_what_it_is():
    library = [
        DocAliases("reviews/e.txt", ["baby e"], date="6 september 2016"),
        DocAliases("reviews/d.txt", ["derbyshire"], date="october 2018"),
        DocAliases("g/a.pdf", [], date="2023"),
        DocAliases("g/b.pdf", [], date="30 november 2023"),
    ]
    asked = "The learning bulletin published in September 2016 found a pattern. What was it?"
    assert named_documents(asked, library) == ["reviews/e.txt"]
    assert named_documents("What did the October 2018 review say?", library) == ["reviews/d.txt"]
    # A year without saying what was published names nothing; nor does a year two documents share.
    assert named_documents("How did referrals change between 2016 and 2018?", library) == []
    assert named_documents("What did the 2023 report find?", library) == []


def test_a_review_is_named_by_its_childs_age_when_a_review_is_asked_about():
    library = [
        DocAliases("reviews/e.txt", ["baby e"], age="8 months"),
        DocAliases("reviews/d.txt", ["derbyshire"], age="3 months"),
        DocAliases("reviews/b.txt", ["briefing"], age="6 months"),
        DocAliases("reviews/h.txt", ["child h"], age="9 weeks"),
        DocAliases("g/k.pdf", []),
    ]
    asked = "Which review concerned an 8-month-old baby whose parents would not engage?"
    assert named_documents(asked, library) == ["reviews/e.txt"]
    asked = "What did the review of the three month old baby's death say about sleeping?"
    assert named_documents(asked, library) == ["reviews/d.txt"]
    assert named_documents("In which case review was the baby 9 weeks old?", library) == [
        "reviews/h.txt"
    ]
    # Not a question about a review, an age no review has, or an age without "old".
    assert named_documents("How should a 6-month-old baby sleep?", library) == []
    asked = "What do case reviews say about 6-month-old babies and bruising?"
    assert named_documents(asked, library) == []
    assert named_documents("Which review concerned a 2-year-old?", library) == []
    assert named_documents("Which review covered the 6 months before the death?", library) == []


def test_sentences_of_a_described_document_are_scored_on_what_is_asked_of_it():
    from assistant.naming import topic_text

    asked = "In the DfE research on social worker recording, what did young people say?"
    assert topic_text(asked, [], ["guidance/r.pdf"]) == (
        "In the DfE research , what did young people say?"
    )
    # Nothing else asked: the description is the topic.
    asked = "What did the review into baby deaths say?"
    assert "baby deaths" in topic_text(asked, [], ["reviews/b.txt"])
