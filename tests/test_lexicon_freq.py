"""The frequency tables behind segmentation and sense ranking (rag/lexicon.py): a glossary line changes how text
holding its term is cut, and no other word's probability."""

from __future__ import annotations

from rag.lexicon import GLOSSARY_MASS, _jieba_freq, _translate_freq


def test_a_glossary_term_leaves_the_totals_and_the_other_words_alone():
    cedict = {"集体": [], "合同": [], "展览会": [], "展览": [], "会": []}
    few, more = _translate_freq(cedict, ["单一窗口"]), _translate_freq(cedict, ["单一窗口", "集体合同", "跨境电商"])
    assert few[1] == more[1] == 1000 * 4 + 200 + GLOSSARY_MASS["translate"]  # headwords + the fixed glossary mass
    assert all(more[0][w] == few[0][w] for w in cedict)
    assert more[0]["集体合同"] == 1_000_000 and more[0]["集体合"] == 0  # the term whole, its prefixes reachable


def test_jieba_keeps_its_own_total_whatever_the_glossary():
    term = "进口贸易促进创新示范区"  # no word of jieba's own
    (freq_a, total_a), (freq_b, total_b) = _jieba_freq(["单一窗口"]), _jieba_freq(["单一窗口", term, "跨境电商"])
    assert total_a == total_b
    assert freq_b[term] >= 1 and freq_a.get(term) is None
    assert freq_a["合同"] == freq_b["合同"]
