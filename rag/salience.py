"""Names, places and years a question depends on that the corpus never mentions.

A question about 成都, RCEP or 2023 cannot be answered from documents that never name them, however
close its other words come; such a question is refused rather than answered with a near miss."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag import lexicon
from rag.retrieve import QueryPlan
from rag.tokenize import tokenize
from rag.translate import pinyin

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}
_NEUTRAL = {"no", "i", "ok", "is", "what", "which", "who", "when", "where", "how", "why", "does", "do", "did",
            "guofa", "guofaban", "guobanfa", "yufubanfa", "yuefu", "chinese", "english", "the", "a", "an",
            "in", "on", "under", "according", "if", "are", "can", "should", "will", "and", "or", "of"}
_ZH_TAGS = {"ns", "nt", "eng"}  # places, organisations, Latin-script names (RCEP)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True)
class Vocabulary:
    """What the corpus mentions: its lower-cased text, token frequencies and the years of its documents."""

    text: str
    df: dict
    years: frozenset[str]

    def knows(self, term: str) -> bool:
        """True when the corpus mentions the term, or at least half of its words (广东省政府: 广东, 政府)."""
        toks = [t for t in dict.fromkeys(tokenize(term)) if len(t) >= 2]
        if toks and sum(self.df.get(t, 0) > 0 for t in toks) >= len(toks) / 2:
            return True  # the token look-up first: the text scan grows with the corpus (~130M chars at 1M clauses)
        return term.lower() in self.text


def salient_terms(question: str, lang: str) -> list[str]:
    """Places, organisations, acronyms, capitalised names and years a question mentions."""
    out: list[str] = []
    if lang == "zh":
        for word, tag in lexicon.pos_tokenizer_for(question).cut(question):
            if tag in _ZH_TAGS and len(word) >= 2:
                out.append(word)
    else:
        words = re.findall(r"[A-Za-z][\w'’\-]*", question)
        for i, w in enumerate(words):
            bare = re.sub(r"['’]s$", "", w)
            if bare.lower() in _NEUTRAL or bare.lower() in _MONTHS:
                continue
            if (bare.isupper() and len(bare) > 1) or (i > 0 and bare[:1].isupper()):
                out.append(bare)
    out.extend(_YEAR.findall(question))
    return list(dict.fromkeys(out))


def missing_terms(plan: QueryPlan, vocab: Vocabulary) -> list[str]:
    """The salient terms of a question that neither the corpus nor any of their translations mention."""
    missing = []
    for term in salient_terms(plan.question, plan.lang):
        if term.isdigit():
            if term not in vocab.years and term not in vocab.text:
                missing.append(term)
            continue
        if vocab.knows(term):
            continue
        if plan.lang == "zh" and len(spelled := pinyin(term)) >= 5 and re.search(rf"\b{spelled}\b", vocab.text):
            continue  # a name the English documents spell in pinyin (沈丹阳: Shen Danyang)
        targets = [t for s, t, _, w in plan.translations if term.lower() in s.lower() and w >= 0.5]
        if any(vocab.knows(t) for t in targets):
            continue
        missing.append(term)
    return missing
