"""An item and its article's lead-in: the fine "有下列行为之一的，……处5000元以下的罚款：" is stated once for every item
under it, so a question about one item's consequence is answered with the lead-in and the item (rag/leadin.py,
rag/answer.py)."""

from __future__ import annotations

from rag.answer import AnswerPolicy, compose
from rag.answerability import asked_for, supplies
from rag.leadin import lead_in, with_lead_ins
from rag.types import Clause, Document, Hit

_ARTICLE = ("经营者违反明码标价规定，有下列行为之一的，责令改正，没收违法所得，可以并处5000元以下的罚款：\n"
            "(一)不标明价格的；\n(二)不按照规定的内容和方式明码标价的；\n(三)在标价之外加价出售商品或者收取未标明的费用的；")
_ITEM = "在标价之外加价出售商品或者收取未标明的费用的；"
_OTHER = "价格违法行为的行政处罚由价格违法行为发生地的地方人民政府价格主管部门决定。"
_TEXT = _ARTICLE + _OTHER


def _clause(path: str, text: str, order: int) -> Clause:
    start = _TEXT.index(text)
    return Clause("p.md", path, "", text, ((start, start + len(text)),), "zh", path.count("/") + 1, order)


ARTICLE = _clause("第十三条", _ARTICLE, 13)
ITEM = _clause("第十三条/（三）", _ITEM, 14)
OTHER = _clause("第三条", _OTHER, 3)
CLAUSES = [OTHER, ARTICLE, ITEM]
DOCS = {"p.md": Document("p.md", _TEXT, "zh", "价格违法行为行政处罚规定")}
SHOP = "What happens to a shop that sells above the marked price?"


def _hits(*clauses: Clause) -> list[Hit]:
    return [Hit(c, 1.0 / (60 + n), {"dense": n}, 0.9) for n, c in enumerate(clauses, 1)]


def test_the_lead_in_is_the_text_before_the_first_item():
    assert lead_in(ARTICLE).endswith("可以并处5000元以下的罚款：")
    assert lead_in(OTHER) == ""
    semicolon = Clause("p.md", "第十三条", "", _ARTICLE.replace("罚款：", "罚款；"), ARTICLE.spans, "zh", 1, 13)
    assert lead_in(semicolon).endswith("罚款；")  # (some laws end the lead-in with a semicolon)


def test_an_item_that_lacks_the_asked_for_penalty_gives_its_place_to_its_article():
    hits = with_lead_ins(_hits(ITEM, OTHER, ARTICLE), asked_for(SHOP), SHOP, lambda doc: CLAUSES)
    assert [h.clause.path for h in hits] == ["第十三条", "第三条"]  # the article in the item's place, once
    assert hits[0].sources["lead-in"] == "第十三条/（三）"


def test_an_open_question_keeps_the_ranking():
    what = "What does the rule say about selling above the marked price?"
    assert [h.clause.path for h in with_lead_ins(_hits(ITEM, OTHER), asked_for(what), what, lambda d: CLAUSES)] == \
        ["第十三条/（三）", "第三条"]


def test_the_answer_quotes_the_item_with_its_lead_in():
    weights = {"标价": 2.0, "加价": 2.0, "出售": 1.0}  # the question's translated terms: the item's words
    text, citations = compose(SHOP, "en", _hits(ARTICLE), weights, DOCS, AnswerPolicy())
    assert "可以并处5000元以下的罚款：" in text and "(三)在标价之外加价出售商品" in text
    assert text.index("罚款：") < text.index("(三)")  # in the article's order
    assert citations[0].clause.path == "第十三条"


def test_a_paragraph_after_the_items_answers_for_them():
    """"…公示下列企业信息：(一)…(二)动产抵押登记信息；…前款规定的企业信息应当自产生之日起20个工作日内予以公示。": how soon
    a mortgage registration is published is in the paragraph after the items, which speaks of all of them."""
    text = ("工商行政管理部门应当通过企业信用信息公示系统，公示其在履行职责过程中产生的下列企业信息：\n"
            "(一)注册登记、备案信息；\n(二)动产抵押登记信息；\n(三)行政处罚信息。\n"
            "前款规定的企业信息应当自产生之日起20个工作日内予以公示。")
    item_text = "动产抵押登记信息；"
    start = text.index(item_text)
    article = Clause("d.md", "第六条", "", text, ((0, len(text)),), "zh", 1, 6)
    item = Clause("d.md", "第六条/（二）", "", item_text, ((start, start + len(item_text)),), "zh", 2, 7)
    docs = {"d.md": Document("d.md", text, "zh", "企业信息公示暂行条例")}
    question = "公司把设备抵押出去登记了，多久挂出来？"
    need = asked_for(question)
    hits = with_lead_ins(_hits(item), need, question, lambda doc: [article, item])
    assert [h.clause.path for h in hits] == ["第六条"]  # the article, whose paragraph gives the period
    weights = {"抵押": 2.0, "登记": 1.0}
    text_out, _ = compose(question, "zh", _hits(article), weights, docs, AnswerPolicy(),
                          prefer=lambda s: supplies(need, s, question), asks_item=True)
    assert "20个工作日内予以公示" in text_out  # quoted for the item it speaks of, though it shares no word with it
