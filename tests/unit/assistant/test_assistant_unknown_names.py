from assistant.naming import DocAliases
from assistant.unknown_names import capitalised_names, named_document


def test_a_document_named_by_its_capitalised_title():
    q = "What training must foster carers complete under the Training, Support and Development Standards?"
    assert named_document(q) == "Training, Support and Development Standards"
    assert named_document("What does the Mental Capacity Act say?") == "Mental Capacity Act"
    assert named_document("What do the reviews say about fathers?") is None


def test_capitalised_names_leave_out_the_librarys_own_names_and_sentence_openers():
    library = [
        DocAliases("reviews/d.txt", ["derbyshire", "silr15b"]),
        DocAliases("r/h", ["child h"]),
    ]
    assert capitalised_names("How does a mum apply under Clare's Law?", library) == ["Clare's Law"]
    asked = "Within what time must a death be told to the Child Death Overview Panel?"
    assert capitalised_names(asked, library) == ["Child Death Overview Panel"]
    assert capitalised_names("What did the Derbyshire SILR15b review find?", library) == []
    assert capitalised_names("Summarise the Liam review.", library) == []
    # A question typed in title case is not a name.
    assert capitalised_names("What Did The Reviews Say About Fathers?", library) == []
