"""BM25 tokens: jieba (search mode) for Chinese, lower-cased words for English."""

from __future__ import annotations

import functools

from rag import lexicon, segcache
from rag.lang import RUNS
from rag import lazyre as re  # patterns compiled on first use (cold start)

_RUNS = RUNS  # Han runs, English words, numbers
# a character a word may or may not have, in brackets inside it: 油(气)田 is 油田 and 油气田, 出(入)境 出境 and 出入境
# (not a numbered item, "(一)")
_OPTIONAL = re.compile(r"([\u4e00-\u9fff])[（(]([^\W\d一二三四五六七八九十])[)）]([\u4e00-\u9fff])")


def _runs(text: str) -> list[str]:
    """A text's runs (Han runs, English words, numbers), a word with an optional character read both ways."""
    if "(" in text or "（" in text:
        text = _OPTIONAL.sub(lambda m: f"{m[1]}{m[2]}{m[3]} {m[1]}{m[3]}", text)
    return _RUNS.findall(text)


EN_STOPWORDS = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been being it its this that
    these those there their they them he she we you your our i me my do does did doing done have has had having
    what which who whom whose when where why how about into over under than then so such not no nor can could
    will would shall should may might must also any all each other some more most very just only own same too
    s t if while during before after above below up down out off again further once here both few us please tell
    say says said según""".split()
)
BULK = 64  # from this many texts, `tokenize_corpus` holds the whole dictionary in memory
ZH_STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 是 对 为 把 被 将 从 以 于 之 其 而 并 也 都 就 有 这 那 哪 吗 呢 吧 啊 什么 怎么 怎样 "
    "如何 哪些 是否 有没有 请问 一下 关于 方面 相关 问题 文件 规定 提到 内容 什么样".split()
)


def _cut_for_search(run: str) -> list[str]:
    """jieba's search-mode segmentation of one Chinese run, over its dictionary plus the glossary's
    terms (跨境电商, 单一窗口 kept whole), looking up only the entries the run needs (rag/lexicon.py);
    a run of indexed text was segmented at index time (rag/segcache.py)."""
    tokens = segcache.lookup(run)
    return _search_segments(run) if tokens is None else tokens


def _search_segments(run: str) -> list[str]:
    return list(lexicon.tokenizer_for("jieba", run).cut_for_search(run))


def segment(run: str) -> list[str]:
    """jieba's accurate-mode words of one Chinese run, over the same dictionary as the BM25 tokens."""
    return list(lexicon.tokenizer_for("jieba", run).cut(run))


@functools.lru_cache(maxsize=65536)
def token_set(text: str) -> frozenset[str]:
    """The distinct tokens of a text, cached: clause and sentence texts recur from question to question."""
    return frozenset(tokenize(text))


def tokenize(text: str) -> list[str]:
    """Tokens of a Chinese, English or mixed text, stopwords removed."""
    runs = _runs(text)
    kept = segcache.lookup_many([run for run in runs if run[0] >= "\u3400"])  # one query for the text's runs
    return _run_tokens(runs, lambda run: kept.get(run) or _search_segments(run))


def tokenize_corpus(texts: list[str]) -> list[list[str]]:
    """Tokens of many texts (index time): the same tokens as `tokenize`, segmented with the whole
    dictionary in memory, which is faster than looking words up once there are many texts. The
    Chinese runs' tokens are kept for answering (rag/segcache.py), with the glossary's terms'."""
    out, segments = _segmented(list(texts))
    segcache.store(segments.items())
    keep_segments([zh for _, zh in lexicon.glossary_pairs()])  # what questions are translated into
    return out


def keep_segments(texts: list[str]) -> None:
    """Segment and keep the Chinese runs of texts answering will tokenize (index time: a clause's
    heading and text, whose joined runs no chunk has); runs already kept are not segmented again."""
    todo = [run for text in texts for run in _runs(text) if run[0] >= "\u3400"]
    todo = [run for run in dict.fromkeys(todo) if segcache.lookup(run) is None]
    segcache.store(_segmented(todo)[1].items())


def _segmented(texts: list[str]) -> tuple[list[list[str]], dict[str, list[str]]]:
    """Each text's tokens, and every Chinese run's (search-mode) segments."""
    cut = _cut_for_search if len(texts) < BULK else lexicon.full_tokenizer("jieba").cut_for_search
    segments: dict[str, list[str]] = {}

    def cut_and_keep(run: str) -> list[str]:
        if run not in segments:
            segments[run] = list(cut(run))
        return segments[run]

    return [_tokens(t, cut_and_keep) for t in texts], segments


def _tokens(text: str, cut) -> list[str]:
    return _run_tokens(_runs(text), cut)


def _run_tokens(runs: list[str], cut) -> list[str]:
    """The tokens of a text's runs (`_RUNS.findall(text)`), Chinese runs segmented by `cut`."""
    tokens: list[str] = []
    for run in runs:
        if run[0] >= "\u3400":
            for tok in cut(run):
                if tok not in ZH_STOPWORDS:
                    tokens.append(tok)
        else:
            tok = run.lower().replace("’", "'")
            if tok.endswith("'s"):
                tok = tok[:-2]
            if tok not in EN_STOPWORDS:
                tokens.append(singular(american(tok)))
    return tokens


# British spellings, as American ones: a UK guide's "organisation" and "licence" are the "organization" and
# "license" of a translated question and of a US text. Only words spelled one way in the one country and the
# other in the other ("emphasise", but not "advise", "enterprise", "franchise" or "premise", which both write so)
_BRITISH = {"licence": "license", "licences": "licenses", "licenced": "licensed", "defence": "defense",
            "offence": "offense", "offences": "offenses", "centre": "center", "centres": "centers",
            "programme": "program", "programmes": "programs", "catalogue": "catalog", "catalogues": "catalogs",
            "labour": "labor", "favour": "favor", "favourable": "favorable", "colour": "color", "harbour": "harbor",
            "honour": "honor", "behaviour": "behavior", "neighbour": "neighbor", "neighbouring": "neighboring",
            "metre": "meter", "metres": "meters", "litre": "liter", "litres": "liters", "fibre": "fiber",
            "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "jewellery": "jewelry",
            "aluminium": "aluminum", "tonne": "ton", "tonnes": "tons", "fulfil": "fulfill", "enrol": "enroll"}
_ISE_STEMS = re.compile(r"^(organ|recogn|author|real|minim|maxim|priorit|util|final|categor|standard|critic|emphas|"
                        r"summar|special|capital|harmon|liberal|privat|subsid|local|mobil|stabil|digit|custom|optim|"
                        r"legal|normal|central|decentral|commercial|industrial|international|global|modern|rational|"
                        r"penal|apolog|character|computer|visual|memor|formal|neutral|symbol|synchron|monopol|"
                        r"sanit|steril|equal|capsul|jeopard|legitim|incentiv|monet)is(e|es|ed|ing|er|ers|ation|ations)$")


def american(word: str) -> str:
    """A lower-case English word as American English spells it (see _BRITISH)."""
    if word in _BRITISH:
        return _BRITISH[word]
    if "is" in word and (m := _ISE_STEMS.match(word)):
        return f"{m.group(1)}iz{m.group(2)}"
    return word


def singular(word: str) -> str:
    """Fold English plurals so "imports" matches "import" (a light, predictable stemmer)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
