"""Sections looked up by the heading a question quotes (rag/sections.py)."""

from __future__ import annotations

import pytest

from rag.sections import headed, named_section
from rag.types import Clause


@pytest.mark.parametrize("question, name", [
    ("What does the 'Special Considerations' section of the explainer list?", "Special Considerations"),
    ("What is under the heading \u201cKey Details\u201d?", "Key Details"),
    ("Summarise the part titled \"Fees and Charges\".", "Fees and Charges"),
    ("\u300c\u603b\u5219\u300d\u90e8\u5206\u8bb2\u4e86\u4ec0\u4e48\uff1f", "\u603b\u5219"),  # 「总则」部分讲了什么？
    ("\u6807\u9898\u4e3a\u201c\u6cd5\u5f8b\u8d23\u4efb\u201d\u7684\u90a3\u4e00\u7ae0\u8bf4\u4e86\u4ec0\u4e48", "\u6cd5\u5f8b\u8d23\u4efb"),
    ("What's the 'most favoured nation' rule?", ""),  # a quoted term, not a section
    ("What does the features section say?", ""),  # unquoted: a topic as often as a heading
])
def test_a_quoted_name_called_a_section_is_a_heading(question, name):
    assert named_section(question) == name


def _clause(doc: str, n: int, heading: str) -> Clause:
    return Clause(doc_id=doc, path=f"{n}", heading=heading, text=f"{heading} text.", spans=(), lang="en")


def test_the_clause_headed_so_in_the_best_ranked_document():
    pool = [_clause("a.md", 1, "Background"), _clause("a.md", 2, "Fees"), _clause("b.md", 1, "Background")]
    assert [c.id for c in headed("background", pool)] == ["a.md#1"]
    assert [c.id for c in headed("Background", pool, ["b.md", "a.md"])] == ["b.md#1"]
    assert [c.id for c in headed("\u603b\u5219", [_clause("c.md", 1, "\u7b2c\u4e00\u7ae0 \u603b\u5219")])] == ["c.md#1"]
    assert headed("Penalties", pool) == []


def test_the_assistant_answers_a_quoted_section_as_a_look_up(tmp_path, fake_embedder):
    from rag.assistant import Assistant

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "agency.md").write_text(
        "# The foreign exchange agency explained\n\n## Background\n\nThe agency was set up in 1979 in Beijing.\n\n"
        "## Special Considerations\n\nThe agency also plans standards for automated forex administration and "
        "publishes payment statistics.\n\n## Features\n\nThe agency works with the central bank on reserves.\n",
        encoding="utf-8")
    assistant = Assistant.load(sources=[tmp_path / "docs"], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    answer = assistant.ask("What does the 'Special Considerations' section say about the agency's duties?")
    assert answer.mode == "lookup" and not answer.refused
    assert answer.citations[0].clause.heading == "Special Considerations"
    assert "automated forex administration" in answer.text
    other = assistant.ask("What does the 'Enforcement Powers' section say about the agency's duties?")
    assert other.mode != "lookup"  # no such heading: searched for as words
