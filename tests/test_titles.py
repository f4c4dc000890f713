"""Chinese document titles and clause headings read in English by their structure (rag/titles.py). The
titles are of documents outside the seeds: national laws, a provincial notice, a ministry announcement."""

from __future__ import annotations

import pytest

from rag.titles import english_phrase, english_title


@pytest.mark.parametrize("title, english", [
    ("中华人民共和国海关法", "Customs Law of the People's Republic of China"),
    ("《中华人民共和国对外贸易法》", "Foreign Trade Law of the People's Republic of China"),
    ("海关总署公告2020年第1号", "Announcement No. 1 [2020] of the General Administration of Customs"),
    ("中华人民共和国出口管制法", "Export Control Law of the People's Republic of China"),  # a thing, not "Exporting"
    ("中华人民共和国技术进出口管理条例",
     "Regulations of the People's Republic of China on the Administration of Technology Import and Export"),
    ("中华人民共和国外商投资法实施条例",
     "Regulations for the Implementation of the Foreign Investment Law of the People's Republic of China"),
    # measures are not a law: 管理办法 is not 管理办 + 法 ("Supervise Do Law")
    ("中华人民共和国发票管理办法", "Measures of the People's Republic of China on the Administration of Invoice"),
    ("中华人民共和国反不正当竞争法", "Anti-unfair Competition Law of the People's Republic of China"),  # not "Contrary"
    ("中华人民共和国海关事务担保条例", "Customs Affairs Guarantee Regulations of the People's Republic of China"),
    ("中华人民共和国两用物项出口管制条例", "Dual-use Items Export Control Regulations of the People's Republic of China"),
    # 若干 of a title is "several", not the dictionary's "how many?"
    ("国务院关于口岸开放的若干规定", "Several Provisions of the State Council on Port Opening Up"),
])
def test_laws_and_announcements_read_as_english_titles(title, english):
    assert english_title(title) == english


@pytest.mark.parametrize("title, english", [
    # a verb where English puts a noun: the act ("protection"), a noun sense of the word ("bankruptcy"), the object
    # of a verb phrase before its act ("money laundering"), not "Protect", "Go Bankrupt", "Launder Money"
    ("中华人民共和国个人信息保护法", "Personal Information Protection Law of the People's Republic of China"),
    ("中华人民共和国企业破产法", "Enterprises Bankruptcy Law of the People's Republic of China"),
    ("中华人民共和国反洗钱法", "Anti-money Laundering Law of the People's Republic of China"),
    ("中华人民共和国环境影响评价法", "Environmental Impact Evaluation Law of the People's Republic of China"),
    # a word the dictionary defines in several words, not its pinyin ("Zhongxiaoqiye")
    ("中华人民共和国中小企业促进法", "Small and Medium Enterprise Promotion Law of the People's Republic of China"),
    # 性 makes a description: "business performance", not "Doing Business Nature Act"
    ("营业性演出管理条例", "Administrative Regulations on Business Performance"),
    ("女职工劳动保护特别规定", "Special Provisions on Female Workers Work Protection"),
    ("中华人民共和国出口管制法", "Export Control Law of the People's Republic of China"),  # a noun as it is
])
def test_a_title_names_acts_with_nouns(title, english):
    assert english_title(title) == english


def test_a_forwarding_notice_names_both_issuers_the_kind_and_the_subject():
    english = english_title("国务院办公厅转发商务部等部门关于扩大进口促进对外贸易平衡发展意见的通知")
    assert english.startswith("Notice of the General Office of the State Council Forwarding the Opinions of "
                              "the Ministry of Commerce and Other Departments on Expanding Imports")
    assert "Balanced Development of Foreign Trade" in english


def test_a_provincial_government_is_named_by_its_place_and_level():
    english = english_title("广东省人民政府关于印发广东省促进外贸稳增长若干措施的通知")
    assert english.startswith("Notice of the Guangdong Provincial People's Government Issuing the Several Measures")
    assert "Guangdong Province" in english and "Guangdongsheng" not in english


def test_a_title_with_a_document_number_or_no_chinese():
    assert english_title("商务部关于进一步做好进口工作的通知 商贸发〔2021〕12号").startswith(
        "Notice of the Ministry of Commerce on")
    assert english_title("Doing Business in China") == ""


@pytest.mark.parametrize("heading, english", [
    ("总则", "General Provisions"),
    ("法律责任", "Legal Liability"),
    ("降低进口关税", "reducing import tariff"),
    ("加强进口促进对外贸易平衡发展", "strengthening imports and promoting balanced development of foreign trade"),
])
def test_headings_read_in_order_and_open_with_a_verb_where_the_chinese_does(heading, english):
    assert english_phrase(heading) == english


def test_latin_names_and_numbers_are_kept():
    english = english_phrase("高质量实施RCEP协定")
    assert "RCEP" in english and "agreement" in english
