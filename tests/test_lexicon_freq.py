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


def test_threads_asking_for_the_tagger_at_once_all_get_it():
    """A server's warm-up and its first question ask for jieba's part-of-speech module at the same moment: each
    gets the whole module, never one half imported ("internal error (AttributeError)" on the first question)."""
    import subprocess
    import sys

    code = """
import threading
from rag import lexicon
start = threading.Barrier(8)
got = []
def ask():
    start.wait()
    got.append(hasattr(lexicon._posseg(), "POSTokenizer"))
threads = [threading.Thread(target=ask) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(sum(got), len(got))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["8", "8"], out.stdout + out.stderr
