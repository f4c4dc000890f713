"""An answer from clauses in the other language leads each point with a line in the asker's language
(rag/gloss.py)."""

from __future__ import annotations

import pytest

from rag.gloss import clause_in_chinese, clause_in_english, figures_in_english, is_gloss_line, romanised_number


@pytest.mark.parametrize("path, english", [
    ("五/（十五）", "Part V, item (15)"),
    ("第六章/第三十三条", "Chapter 6, Article 33"),
    ("第四章/第二十五条/（三）", "Chapter 4, Article 25, item (3)"),
    ("三是", "point 3"),
    ("¶4", "paragraph 4"),
])
def test_clause_paths_in_english(path, english):
    assert clause_in_english(path) == english


def test_clause_paths_in_chinese():
    assert clause_in_chinese("¶3") == "第3段"
    assert clause_in_chinese("Chapter 2/Article 16") == "第2章第16条"
    # an English heading is set apart from the steps beside it
    assert clause_in_chinese("Key Provisions/Seven-Chapter Structure (55 Articles)/Chapter 6") == \
        "Key Provisions / Seven-Chapter Structure (55 Articles) / 第6章"
    assert clause_in_chinese("五/（十五）") == "五（十五）"
    assert clause_in_chinese("Article 21/1/2") == "第21条（1）（2）"  # (numbers apart: not 第21条12)
    assert clause_in_chinese("Setting up Alipay/1") == "Setting up Alipay / 1"


def test_document_numbers_are_romanised_as_english_texts_cite_them():
    assert romanised_number("国办发〔2018〕53号") == "Guobanfa [2018] No. 53"
    assert romanised_number("渝府办发〔2018〕175号") == "Yufubanfa [2018] No. 175"
    # an announcement's number, and an issuer the glossary knows without its 中国 or 国家
    assert romanised_number("商务部公告2025年第21号") == "Ministry of Commerce Announcement No. 21 of 2025"
    assert romanised_number("中国人民银行公告（2015）第 39 号") == "People's Bank of China Announcement No. 39 of 2015"
    assert romanised_number("国家税务总局令第49号") == "State Taxation Administration Order No. 49"


def test_figures_and_dates_are_written_in_english():
    figures = figures_in_english(("今年1-10月，中国进口达到2.19万亿美元，增长31.4%。", "整体通关时间压缩三分之一。",
                                  "可以处五万元以下罚款；", "2019年，中国政府主动履行义务。"))
    assert {"US$2.19 trillion", "31.4%", "one third", "50,000 yuan", "2019"} <= set(figures)


def test_english_answers_from_chinese_clauses_lead_each_point_in_english(real_assistant):
    answer = real_assistant.ask("What percentage of tariff lines from least developed countries get zero tariffs?")
    assert not answer.refused and answer.citations
    lines = answer.text.split("\n")
    for c in answer.citations:
        lead = next(i for i, line in enumerate(lines) if line.startswith(f"[{c.n}] "))
        assert lines[lead].isascii() or "translated" in lines[lead]  # English, marked where translated
        assert all(s in lines[lead + 1] for s in c.sentences)  # then the verbatim Chinese quote
    assert "97%" in lines[0] and "Guobanfa [2018] No. 53" in lines[0]


@pytest.mark.parametrize("question", ["跨境电商零售进口有哪些政策？", "What new trade model did the meeting mention?"])
def test_only_points_in_the_other_language_are_led(real_assistant, question):
    answer = real_assistant.ask(question)
    led = {int(line[1:line.index("]")]) for line in answer.text.split("\n") if is_gloss_line(line)}
    assert led == {c.n for c in answer.citations if c.clause.lang != answer.lang}
