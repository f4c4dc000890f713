"""Which clause an extractive answer quotes first when the question and the clauses differ in language."""

from __future__ import annotations

import re

from rag.answer import AnswerPolicy, compose
from rag.types import Clause, Document, Hit

# "Can China hit back at a country that uses export controls against it?": the dictionary reads "back" as
# 支持 and "controls" as 管理, which the blacklist article is full of; the reciprocity article says it in
# other words, and only the embedder sees that it is the one asked about.
_BLACKLIST = "国家出口管制管理部门对违反管理要求的进口商，建立管控名单，并支持有关部门管理。"
_RECIPROCITY = "任何国家或者地区滥用出口管制措施危害国家安全和利益的，可以对该国家或者地区对等采取措施。"
_TEXT = _BLACKLIST + _RECIPROCITY


def _hit(path: str, text: str, dense: float, rank: int) -> Hit:
    start = _TEXT.index(text)
    clause = Clause("law.md", path, "", text, ((start, start + len(text)),), "zh", 1, rank)
    return Hit(clause, 1.0 / (60 + rank), {"dense": rank}, dense)


def _answer(question_lang: str, by_meaning: bool = True) -> tuple[str, list]:
    hits = [_hit("第十八条", _BLACKLIST, 0.80, 1), _hit("第四十八条", _RECIPROCITY, 0.86, 2)]
    weights = {"支持": 2.0, "管理": 2.0, "国家": 1.0, "出口": 1.0}  # the translated terms, idf-weighted
    docs = {"law.md": Document("law.md", _TEXT, "zh", "出口管制法")}
    lang = question_lang
    return compose("Can China hit back at a country that uses export controls against it?", lang, hits,
                   weights, docs, AnswerPolicy(), by_meaning=by_meaning)


def test_an_english_question_quotes_the_chinese_clause_closest_in_meaning():
    text, citations = _answer("en")
    assert [c.clause.path for c in citations] == ["第十八条", "第四十八条"]
    assert f"{_RECIPROCITY} [2]" in text


def test_terms_decide_when_question_and_clauses_share_a_language():
    text, citations = _answer("zh")
    assert [c.clause.path for c in citations] == ["第十八条"]
    assert _RECIPROCITY not in text


def test_a_claim_is_judged_on_the_clause_that_states_its_terms():
    _, citations = _answer("en", by_meaning=False)
    assert [c.clause.path for c in citations] == ["第十八条"]


# "Can our factory just decide to make people work longer hours?": the translation reaches 工作时间 in both
# articles, and the one on a uniform working week shares more of its words (统一); only the sentence embedder sees
# that the article forbidding unauthorised overtime says what was asked
_WEEK = "国家机关、事业单位实行统一的工作时间，星期六和星期日为周休息日。"
_OVERTIME = "任何单位和个人不得擅自延长职工工作时间。"


def _hours(meaning) -> list:
    text = _WEEK + _OVERTIME
    spans = {part: ((text.index(part), text.index(part) + len(part)),) for part in (_WEEK, _OVERTIME)}
    hits = [Hit(Clause("hours.md", path, "", part, spans[part], "zh", 1, n), 1.0 / (60 + n), {"bm25": n}, 0.8)
            for n, (path, part) in enumerate([("第七条", _WEEK), ("第六条", _OVERTIME)])]
    docs = {"hours.md": Document("hours.md", text, "zh", "国务院关于职工工作时间的规定")}
    weights = {"工作": 1.0, "时间": 1.0, "统一": 1.0, "单位": 1.0}
    policy = AnswerPolicy(max_clauses=1)
    return compose("Can our factory just decide to make people work longer hours?", "en", hits, weights, docs,
                   policy, meaning=meaning)[1]


def test_the_sentence_closest_in_meaning_is_quoted_when_the_terms_point_elsewhere():
    closer = {_WEEK: 0.30, _OVERTIME: 0.37}
    assert [c.clause.path for c in _hours(None)] == ["第七条"]
    assert [c.clause.path for c in _hours(lambda sentences: [closer[s] for s in sentences])] == ["第六条"]
    assert [c.sentences for c in _hours(lambda sentences: [closer[s] for s in sentences])] == [(_OVERTIME,)]


def test_a_part_after_a_semicolon_is_quoted_with_the_part_it_continues():
    text = "主管部门应当在收到申请后，立即发放自动进口许可证明；在特殊情况下，最长不得超过10天。"
    clause = Clause("regs.md", "第二十四条", "", text, ((0, len(text)),), "zh", 1, 0)
    docs = {"regs.md": Document("regs.md", text, "zh", "货物进出口管理条例")}
    answer, citations = compose("自动进口许可证明最长多少天发放？", "zh", [Hit(clause, 0.1, {"bm25": 1}, 0.9)],
                                {"自动进口许可": 3.0, "发放": 1.0}, docs, AnswerPolicy(),
                                prefer=lambda sentence: "天" in sentence)
    assert answer == "主管部门应当在收到申请后，立即发放自动进口许可证明； [1]在特殊情况下，最长不得超过10天。 [1]"


def test_a_chinese_question_needs_the_same_support_from_english_text_as_from_chinese():
    from rag.answer import should_refuse

    def hit(lang: str) -> Hit:
        clause = Clause("d.md", "¶1", "", "The PBOC sets exchange rates through a managed float system.", ((0, 10),), lang)
        return Hit(clause, 1.0, {}, 0.75, 0.16)  # support 0.75 + 0.9 × 0.16 = 0.894

    policy = AnswerPolicy()
    assert should_refuse([hit("zh")], "zh", policy)  # below 0.90 over either: the later stages judge what it asks of
    assert should_refuse([hit("en")], "zh", policy)  # what is above, and a near miss over English text (0.88–0.90)
    # is no answer
    # a colloquial Chinese question over a Chinese law ("得先把召回方案报给谁？"): its best clause holds few of its
    # words, and its support (0.927 measured) is no reason to refuse; the later stages judge what it asks
    everyday = Hit(Clause("d.md", "第十六条", "", "生产者实施召回，应当制定召回计划。", ((0, 10),), "zh"), 1.0, {}, 0.80, 0.142)
    assert not should_refuse([everyday], "zh", policy)  # 0.80 + 0.9 × 0.142 = 0.928
    # "粮价涨得太厉害的时候，政府能不能出手管一管？" over a grain regulation's article on price intervention: 0.907
    grain = Hit(Clause("d.md", "第二十八条", "", "粮食价格显著上涨时，可以采取价格干预措施。", ((0, 10),), "zh"), 1.0, {}, 0.80, 0.119)
    assert not should_refuse([grain], "zh", policy)


def test_an_english_clause_holds_a_chinese_question_by_its_words_each_counted_once():
    from rag.answer import question_share
    from rag.retrieve import plan_query

    plan = plan_query("人民币汇率是通过什么机制确定的？", {"zh", "en"})
    df = {}
    share = question_share(plan, {}, df, 100)
    english = Clause("g.md", "¶1", "", "The PBOC sets the RMB exchange rate through a managed float mechanism.", ((0, 1),), "en")
    other = Clause("g.md", "¶2", "", "Exchange controls were fixed and determined through banks.", ((0, 1),), "en")
    chinese = Clause("r.md", "第一条", "", "人民币汇率由市场决定。", ((0, 1),), "zh")
    assert share(english) > share(other)  # RMB, exchange rate and mechanism, not two senses of 确定
    assert 0 < share(chinese) < 1  # the question's own words: 人民币, 汇率


def test_a_sentence_holding_the_asked_figure_counts_what_it_speaks_of():
    """"The mark is required for 23 categories …" speaks of the CCC mark the sentence before names: it holds
    the figure "中国的CCC认证覆盖多少类产品？" asks for, though only the earlier sentence holds the question's terms."""
    from rag.answer import antecedent
    from rag.sentences import split_sentences

    text = ("The China Compulsory Certification (CCC) mark is China's national safety and quality mark. "
            "The mark is required for 23 categories including 254 products, ranging from fuses to ovens. "
            "Domestic products cannot be sold in China without obtaining registration.")
    assert [antecedent(split_sentences(text), i) for i in range(3)] == [None, 0, None]
    clause = Clause("ccc.md", "¶1", "", text, ((0, len(text)),), "en", 1, 0)
    docs = {"ccc.md": Document("ccc.md", text, "en", "Standards Product Certification")}
    answer, _ = compose("中国的CCC认证覆盖多少类产品？", "zh", [Hit(clause, 0.1, {"dense": 1}, 0.9)],
                        {"ccc": 3.0, "certification": 2.0, "china": 0.5, "products": 0.5}, docs, AnswerPolicy(),
                        prefer=lambda sentence: "23" in sentence)
    assert "23 categories" in answer
    plain, _ = compose("中国的CCC认证覆盖多少类产品？", "zh", [Hit(clause, 0.1, {"dense": 1}, 0.9)],
                       {"ccc": 3.0, "certification": 2.0, "china": 0.5, "products": 0.5}, docs, AnswerPolicy())
    assert "23 categories" not in plain  # (only because it holds the figure asked for)


def test_an_item_holding_the_asked_figure_is_read_and_quoted_with_its_lead_in():
    """"(ii) … 60 days after the date of the determination" is an item of "(b) The prohibitions … shall take
    effect:": when did the prohibitions take effect is answered by the item, quoted under its lead-in."""
    from rag.answer import antecedent, lead_in
    from rag.sentences import split_sentences

    text = ("(a) The purchase of the listed securities is prohibited.\n"
            "(b) The prohibitions in subsection (a) shall take effect:\n"
            "(i) on August 2, 2021, with respect to any person listed in the Annex;\nor\n"
            "(ii) on the date that is 60 days after the date of the determination, for any other person.\n"
            "(c) The Secretary of the Treasury may issue regulations.")
    parts = split_sentences(text)
    item = next(i for i, p in enumerate(parts) if "60 days" in p)
    assert parts[lead_in(parts, item)].startswith("(b)") and antecedent(parts, item) == lead_in(parts, item)
    assert lead_in(parts, len(parts) - 1) is None  # "(c) …" follows a sentence that leads in nothing
    clause = Clause("eo.md", "Section 1", "", text, ((0, len(text)),), "en", 1, 0)
    docs = {"eo.md": Document("eo.md", text, "en", "Executive Order on Securities")}
    weights = {"prohibition": 2.0, "take": 1.0, "effect": 1.0, "treasury": 2.5}
    answer, _ = compose("证券禁令在认定后多少天生效？", "zh", [Hit(clause, 0.1, {"dense": 1}, 0.9)], weights, docs,
                        AnswerPolicy(), prefer=lambda sentence: "days" in sentence)
    assert "60 days" in answer and "(b) The prohibitions" in answer
    assert answer.index("(b) The prohibitions") < answer.index("60 days")  # in the document's order


def test_a_bulleted_item_holding_the_asked_year_is_quoted_under_its_lead_in():
    """"-   Umbrellas: …from 2028;" is an item of "… on the following goods:": it is read with its lead-in
    (whose terms make it on topic) and quoted under it, not with the item before it, which is its sibling."""
    from rag.answer import lead_in
    from rag.sentences import split_sentences

    text = ("The Ministry shall raise the import tariffs on the following goods:\n"
            "-   Bicycles:  the rate rises to 15 percent;\n-   Kettles:  the rate rises to 30 percent;\n"
            "-   Umbrellas:  the rate rises to 20 percent from 2028;\n"
            "-   Lamps:  the rate rises to 25 percent.\n"
            "Importers may ask the Ministry to exclude particular goods.")
    parts = split_sentences(text)
    item = next(i for i, p in enumerate(parts) if "Umbrellas" in p)
    assert lead_in(parts, item) == 0 and lead_in(parts, item + 1) == 0
    assert lead_in(parts, len(parts) - 1) is None  # the sentence after the list is no item
    clause = Clause("tariffs.md", "Section 1", "", text, ((0, len(text)),), "en", 1, 0)
    docs = {"tariffs.md": Document("tariffs.md", text, "en", "Memorandum on Tariffs")}
    weights = {"tariff": 3.0, "import": 2.0, "ministry": 1.0, "umbrella": 1.0}
    def holds_a_year(sentence: str) -> bool:
        return re.search(r"\b20\d\d\b", sentence) is not None

    answer, _ = compose("进口雨伞的关税从哪一年起提高？", "zh", [Hit(clause, 0.1, {"dense": 1}, 0.9)], weights, docs,
                        AnswerPolicy(), prefer=holds_a_year)
    assert "from 2028" in answer and "The Ministry shall raise" in answer
    assert "Kettles" not in answer  # (an item ending in ";" is no continuation of the one before it)


def test_a_table_row_is_quoted_under_its_header_row():
    """"| 3 | Obtain a business license | 5-10 days |" does not say that "5-10 days" is the time it takes: the
    table's header row does, and is quoted with it."""
    from rag.answer import antecedent
    from rag.sentences import split_sentences

    text = ("Starting a business takes these steps:\n| Step | Requirement | Time | Cost (USD) |\n| --- | --- | --- | --- |\n"
            "| 1 | Register with the market regulator | 3-5 days | $200-$1,000 |\n"
            "| 2 | Obtain a business license | 5-10 days | $500-$2,000 |\nOther permits may be needed.")
    parts = split_sentences(text)
    row = next(i for i, p in enumerate(parts) if "business license" in p)
    assert parts[antecedent(parts, row)].startswith("| Step | Requirement | Time")
    assert antecedent(parts, row - 1) == antecedent(parts, row)  # every row, the same header
    header = next(i for i, p in enumerate(parts) if p.startswith("| Step"))
    assert antecedent(parts, header + 1) is None and antecedent(parts, len(parts) - 1) is None  # the rule, a sentence
    clause = Clause("guide.md", "¶2", "", text, ((0, len(text)),), "en", 1, 0)
    docs = {"guide.md": Document("guide.md", text, "en", "Doing Business Guide")}
    weights = {"business": 1.0, "license": 3.0, "days": 1.0}
    answer, _ = compose("How long does getting a business license take?", "en", [Hit(clause, 0.1, {"dense": 1}, 0.9)],
                        weights, docs, AnswerPolicy(), prefer=lambda sentence: "days" in sentence)
    assert "5-10 days" in answer and "| Step | Requirement | Time" in answer
    assert answer.index("| Step") < answer.index("5-10 days")


def test_a_chinese_sentence_repeating_an_earlier_ones_subject_speaks_of_it():
    """"修改内容应当至少在实施前七日予以公示" is about the rule changes the sentence before names: it holds the
    period "how much warning before the changes?" asks for, though not the question's words."""
    from rag.answer import antecedent

    parts = ["电子商务平台经营者修改平台服务协议和交易规则，应当在其首页显著位置公开征求意见。",
             "修改内容应当至少在实施前七日予以公示。", "国家鼓励电子商务发展。"]
    assert [antecedent(parts, i) for i in range(3)] == [None, 0, None]


def test_a_sentence_holding_the_asked_figure_counts_what_a_later_sentence_says_of_its_subject():
    """"经营期限届满需要延续……的" speaks of the term of operation the sentence before it gives: that sentence holds
    the period "how long is the licence good for?" asks for, though only the later one holds the question's word."""
    text = "客运班线的经营期限为4年到8年。经营期限届满需要延续客运班线经营许可的，应当重新提出申请。"
    other = "同一线路有3个以上申请人时，可以通过招标的形式作出许可决定。"
    docs = {"r.md": Document("r.md", text + other, "zh", "道路运输条例")}
    hits = [Hit(Clause("r.md", "第十四条", "", text, ((0, len(text)),), "zh", 1, 0), 0.03, {"dense": 1}, 0.8),
            Hit(Clause("r.md", "第十二条", "", other, ((0, len(other)),), "zh", 1, 0), 0.02, {"dense": 2}, 0.8)]
    weights = {"许可": 2.5, "线路": 1.5, "long": 5.0}
    years = lambda sentence: bool(re.search(r"\d年", sentence))  # noqa: E731
    two = AnswerPolicy(max_sentences=2)
    answer, _ = compose("How long is a licence for a scheduled bus route good for?", "en", hits, weights, docs, two,
                        prefer=years, asks_item=True)
    assert answer.startswith("客运班线的经营期限为4年到8年。")
    claim, _ = compose("Is it true that a bus route licence is good for 10 years?", "en", hits, weights, docs, two,
                       prefer=years, by_meaning=False)
    assert "4年到8年" not in claim  # (a claim is judged on the sentence stating its own terms)


def test_a_sentence_on_the_asking_sentences_terms_may_be_preferred_over_the_scenarios():
    """"We collect royalties from a Chinese licensee. What income tax rate applies?": the scenario's rare word
    (特许权使用费) scores the list of incomes highest, but the rate the asking sentence asks for is in another
    article, on the asking sentence's own terms (所得税, 税率)."""
    from rag.answer import asking_weights
    from rag.retrieve import QueryPlan

    incomes = "特许权使用费收入；"
    rates = "企业所得税的税率为25％。非居民企业取得本法第三条第三款规定的所得，适用税率为20％。"
    text = incomes + rates
    hits = [Hit(Clause("eit.md", "第六条/（七）", "", incomes, ((0, len(incomes)),), "zh", 1, 0), 0.2, {"bm25": 1}, 0.9),
            Hit(Clause("eit.md", "第四条", "", rates, ((len(incomes), len(text)),), "zh", 1, 1), 0.1, {"bm25": 2}, 0.9)]
    docs = {"eit.md": Document("eit.md", text, "zh", "企业所得税法")}
    question = "We have no office in China but collect royalties from a Chinese licensee. What income tax rate applies?"
    weights = {"特许权使用费": 9.0, "所得税": 2.0, "税率": 2.0}
    plan = QueryPlan(question, "en", ("royalties", "income", "tax", "rate"),
                     (("royalties", "特许权使用费", "glossary", 1.0), ("income tax rate", "所得税", "glossary", 1.0),
                      ("income tax rate", "税率", "glossary", 1.0)), (), question)
    asked = asking_weights(plan, weights)
    assert asked == {"所得税": 2.0, "税率": 2.0}
    percent = lambda sentence: "％" in sentence  # noqa: E731
    answer, citations = compose(question, "en", hits, weights, docs, AnswerPolicy(), prefer=percent, asked=asked)
    assert "税率为20％" in answer and "第四条" in [c.clause.path for c in citations]
    answer, _ = compose(question, "en", hits, weights, docs, AnswerPolicy(), prefer=percent)
    assert "税率为20％" not in answer  # (on the whole question's terms, the scenario's word decides)
    assert asking_weights(plan._replace(question="What income tax rate applies to royalties?"), weights) is None


def test_a_sentence_with_the_asked_unit_but_none_of_the_questions_other_words_is_not_preferred():
    """"How many years must a buyer keep the records of a bid opening?": the airports sentence "within the next
    two years" holds a length in years and shares only the measure word with the question; it is not raised
    into the answer beside the clause on bid openings, whose lack of a period then refuses the question."""
    records = "开标过程应当记录，并存档备查。"
    airports = "Another 29 airports are expected to reach this limit within the next two years."
    docs = {"law.md": Document("law.md", records, "zh", "招标投标法"),
            "guide.md": Document("guide.md", airports, "en", "Aviation")}
    hits = [Hit(Clause("law.md", "第三十六条", "", records, ((0, len(records)),), "zh", 1, 0), 0.03, {"bm25": 1}, 0.8),
            Hit(Clause("guide.md", "¶2", "", airports, ((0, len(airports)),), "en", 1, 0), 0.02, {"dense": 2}, 0.8)]
    weights = {"开标": 3.0, "记录": 1.0, "year": 1.5}
    question = "How many years must a buyer keep the records of a bid opening?"

    def ask(asks_item: bool) -> str:
        text, _ = compose(question, "en", hits, weights, docs, AnswerPolicy(), by_meaning=False,
                          prefer=lambda sentence: "years" in sentence, asks_item=asks_item)
        return text

    assert ask(asks_item=True) == f"{records} [1]"
    assert airports in ask(asks_item=False)  # (a claim's figure is what its sentence must state)


def test_an_english_query_word_counts_in_its_inflected_forms():
    from rag.answer import _sentence_score

    weights = {"sign": 1.5, "declaration": 1.0, "申报": 2.0}
    assert _sentence_score("An origin declaration shall be completed and signed by the exporter.", weights) == 2.5
    assert _sentence_score("The exporter keeps the declarations.", weights) == 1.0
    assert _sentence_score("A design sign-off is required.", {"designs": 1.0}) == 0.0  # (no base to reach)


def test_sentence_vectors_are_embedded_once_and_the_oldest_are_let_go():
    """Quoting by meaning embeds the top clauses' sentences; a sentence seen before is not embedded again, and
    only the last `size` sentences are kept."""
    import numpy as np

    from rag.assistant import SentenceVectors

    embedded: list[str] = []

    class Counting:
        def embed_passages(self, sentences):
            embedded.extend(sentences)
            return np.array([[float(len(s)), 1.0] for s in sentences])

    vectors = SentenceVectors(Counting(), size=2)
    assert vectors(["甲。", "乙乙。", "甲。"]).tolist() == [[2.0, 1.0], [3.0, 1.0], [2.0, 1.0]]
    vectors(["乙乙。"])
    assert embedded == ["甲。", "乙乙。"]
    vectors(["丙丙丙。"])  # the oldest, 甲。, is let go
    vectors(["甲。"])
    assert embedded == ["甲。", "乙乙。", "丙丙丙。", "甲。"]


# "When should I get a written answer to my complaint?": the translation reaches 书面 in the consent article far more
# than the complaints article shares; the search ranks the complaints article first, and the answer quotes it too
_COMPLAINTS = "受理投诉的机构应当及时进行核查和处理，自受理之日起30日内书面答复投诉人。"
_CONSENT = "从事信贷业务的机构提供信贷信息，应当事先取得信息主体的书面同意，并以书面形式告知信息主体。"


def _complaint(keep_top: bool) -> tuple[str, list]:
    text = _COMPLAINTS + _CONSENT
    hits = [Hit(Clause("credit.md", path, "", part, ((text.index(part), text.index(part) + len(part)),), "zh", 1, n),
                1.0 / (60 + n), {"bm25": n}, 0.8)
            for n, (path, part) in enumerate((("第二十六条", _COMPLAINTS), ("第二十九条", _CONSENT)), 1)]
    weights = {"书面": 3.0, "信息": 3.0, "同意": 3.0}
    docs = {"credit.md": Document("credit.md", text, "zh", "征信业管理条例")}
    return compose("When should I get a written answer?", "zh", hits, weights, docs, AnswerPolicy(),
                   by_meaning=False, keep_top=keep_top)


def test_the_clause_the_search_ranks_first_is_quoted_when_kept():
    _, citations = _complaint(keep_top=False)
    assert [c.clause.path for c in citations] == ["第二十九条"]
    text, citations = _complaint(keep_top=True)
    assert [c.clause.path for c in citations] == ["第二十六条", "第二十九条"]
    assert f"{_COMPLAINTS} [1]" in text
