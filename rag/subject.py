"""The thing an asked figure is of: the clause that gives it must name it.

"口岸的卫生许可证有效期是几年？" over a corpus whose only validity period is a medical device certificate's, or
"适用优先注册程序后，技术审评时限缩短为多少日？" over an article giving the ordinary review periods: the figure found
is of another thing. A question that asks for a figure, a period or a date names what it is of by its most specific
word: the rarest noun of its asking sentences that the corpus uses at all (a word the corpus never uses is the
salience stage's, rag/salience.py), and only a noun few clauses use counts — a common one (企业, 申请) says nothing
of which figure; for when, how long or how often, neither does a word naming who acts ("金融机构多久要做一次合规审计？"
times the audit, whatever the rule calls the institution). A clause in the question's language that gives the
figure must name that noun.

In Chinese, jieba tags a word's part of speech; in English (numbers, percentages and amounts only), a word is a
thing when its first Chinese sense is a noun that is no common word ("ethanol": 乙醇, not "people": 人们). A clause in
the question's language is matched by the question's own words, not by a translation that may have picked another
sense, so a clause in the other language is never judged here. English questions also have their own checks of the
thing a figure is of (the measured thing, a country named: rag/answerability.py). Everything here is relative to the
corpus (clause frequencies), so it carries to a new one."""

from __future__ import annotations

from rag import lazyre as re
from rag import lexicon
from rag.answerability import Need, asked_for, asking_sentences, fits
from rag.tokenize import ZH_STOPWORDS, segment, token_set
from rag.types import Citation

# the kinds of item whose figure belongs to a thing ("卫生许可证的有效期", "the tonnage of sorghum")
FIGURE_KINDS = ("number", "percent", "money", "period", "frequency", "time", "date", "year")
# a noun in at most this share of the clauses is specific (in at most SPECIFIC_MIN, however small the corpus)
SPECIFIC_SHARE = 0.02
SPECIFIC_MIN = 3
# jieba's tags of things: nouns (n, nr, ns, nt, nz, …), verbal nouns (优先, 亏损), place words (口岸), Latin names
_THING_TAGS = ("n", "vn", "s", "eng")
# words that ask for the figure, not of what it is
_ASKING = re.compile(r"多少|多长|多久|多大|多高|^几|期限|时间|日期|时候|比例|金额|数额|数量|费用|年限|天数|月份|年份|时限")


# a word more frequent than this in general Chinese (jieba's dictionary counts; 外国 7204, 地方 52641, 经营 7456)
# names no particular thing, however few clauses of a small corpus use it (许可证 351, 入境签证 3, 优先 1204)
COMMON_COUNT = 3000


def _is_thing(word: str) -> bool:
    """True when jieba tags the word, read alone, as a thing (a noun, a verbal noun, a place word) and it is no
    common word of general Chinese."""
    tags = [tag for _, tag in lexicon.pos_tokenizer_for(word).cut(word)]
    return (len(tags) == 1 and tags[0].startswith(_THING_TAGS)
            and lexicon.lexicon().freq_for("jieba", word).get(word, 0) <= COMMON_COUNT)


def thing_words(question: str, df: dict[str, int], titles: list[str], kind: str = "") -> list[tuple[str, int]]:
    """The nouns of a Chinese question's asking sentences the corpus uses, with the number of clauses using each;
    not the words that ask for the figure, nor a word of a document's title (a document named, not a thing). Of
    two questions asked at once, only the one asking for the `kind` of item ("外方最多能占多少股份？外国机构……又有
    什么限制？": the first)."""
    asking = asking_sentences(question)
    asks = re.findall(r"[^。！？!?]+[？?]", asking)
    if kind and len(asks) > 1:
        asking = "".join(s for s in asks if asked_for(s).kind == kind) or asking
    titled = set().union(*(token_set(t) for t in titles)) if titles else set()
    words = [w for run in re.findall(r"[\u4e00-\u9fff]+", asking) for w in segment(run)]
    kept = [w for w in dict.fromkeys(words)
            if len(w) >= 2 and w not in ZH_STOPWORDS and not _ASKING.search(w) and w not in titled and _is_thing(w)]
    return [(w, n) for w in kept if (n := _clauses_using(w, df))]


# English words that ask for the figure or measure it, not of what it is
_ASKING_EN = frozenset("percentage percent rate share amount number figure total value much many long time period "
                       "deadline date year month week day hour limit maximum minimum level size cost price".split())


def english_thing_words(question: str, df: dict[str, int], titles: list[str]) -> list[tuple[str, int]]:
    """The nouns of an English question's asking sentences the corpus uses ("By what percentage will the UK cut its
    tariff on US ethanol?": tariff, ethanol), with the number of clauses using each; not the words that ask for
    the figure, nor a word of a document's title, nor a word the dictionary gives no noun sense for."""
    from rag.tokenize import EN_STOPWORDS, tokenize

    titled = set().union(*(set(tokenize(t)) for t in titles)) if titles else set()
    asking = asking_sentences(question)

    def things(text: str) -> list[str]:
        return [w for w in dict.fromkeys(tokenize(text))
                if w.isascii() and w.isalpha() and len(w) >= 4 and w not in EN_STOPWORDS and w not in _ASKING_EN
                and w not in titled and not _adverb(w) and _is_thing_en(w)]
    # "how many railway stations is China planning?", "the number of cigarettes an adult may bring": the things
    # counted, not the doer nor a verb ("planning") or an adjective ("official") the dictionary also gives as a noun
    # (a phrase none of whose words is a specific thing leaves nothing to check: the rest of the question is not it)
    phrases = [m.group(1) or m.group(2) for m in _COUNTED_PHRASE.finditer(asking)]
    words = [w for phrase in phrases for w in things(phrase)] if phrases else things(asking)
    return [(w, df[w]) for w in words if df.get(w)]


# what a count or an amount is of: the words after "how many"/"how much" up to the verb, or after "the number of"
_COUNTED_PHRASE = re.compile(r"\bhow (?:many|much)\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+?)(?=\s+(?:is|are|was|were|do|does|did|"
                             r"can|could|will|would|should|must|has|have|had|may|might|need|needs|get|gets)\b|\s*[?,.;]|$)|"
                             r"\b(?:number|amount|total|quantity) of\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+?)"
                             r"(?=\s+(?:is|are|was|were|do|does|did|can|could|will|would|should|must|has|have|had|may|"
                             r"might|that|which|who|in|on|for|under)\b|\s*[?,.;]|$)", re.I)


def _adverb(word: str) -> bool:
    """True for an English adverb made with -ly ("roughly", "basically", "typically"), which names no thing a figure is
    of: the word it is made from is in the word list (not "supply", "family", "monopoly")."""
    from rag.translate import _en_words

    if not word.endswith("ly") or len(word) < 5:
        return False
    stems = (word[:-2], word[:-4]) if word.endswith("ally") else (word[:-2],)
    return any(len(stem) >= 4 and stem in _en_words() for stem in stems)


def _is_thing_en(word: str) -> bool:
    """True when the dictionary's first Chinese sense of an English word is a noun that is no common word of general
    Chinese (ethanol: 乙醇; not "cut": 剪, nor "people": 人们, which names no particular thing)."""
    from rag.translate import _en_to_zh_ranked

    senses = _en_to_zh_ranked(word)
    if not senses:
        return False
    tags = [tag for _, tag in lexicon.pos_tokenizer_for(senses[0]).cut(senses[0])]
    return (len(tags) == 1 and tags[0].startswith("n")
            and lexicon.lexicon().freq_for("jieba", senses[0]).get(senses[0], 0) <= COMMON_COUNT)


# the kinds of item that time an action (when, how long, how often), which its doer does not name
_TIMED_KINDS = ("period", "frequency", "time", "date", "year")
# a word naming who acts (an institution, a company, a body, its staff), not the thing a figure is of
_PARTY = re.compile(r"(?:机构|单位|部门|机关|企业|公司|人员|经营者|者|人)$")


def _clauses_using(word: str, df: dict[str, int]) -> int:
    """How many clauses use a word: its own count as a token, or (a word the corpus segments otherwise: 许可证 in
    卫生许可证) at most its rarest part's."""
    if df.get(word):
        return df[word]
    parts = [df[t] for t in token_set(word) if df.get(t)]
    return min(parts) if parts else 0


def unnamed_thing(need: Need, question: str, citations: list[Citation] | tuple[Citation, ...],
                  df: dict[str, int], n_clauses: int, titles: list[str]) -> str:
    """The question's most specific noun when no clause in its language that gives the asked figure names it
    ("" when one does, or when the question mixes scripts, asks for no figure or names nothing specific)."""
    chinese = re.search(r"[\u4e00-\u9fff]", question) is not None
    if need.kind not in FIGURE_KINDS or (chinese and re.search(r"[A-Za-z]{3}", question)):
        return ""
    if not chinese and need.kind not in ("number", "percent", "money"):
        return ""  # (in English, an amount's thing only: "how often …, for X and for Y?" names things of its parts)
    lang = "zh" if chinese else "en"
    giving = [c.clause for c in citations if any(fits(need, s, question) for s in c.sentences)]
    if not giving or any(c.lang != lang for c in giving):  # (a clause in the other language may give it, in
        return ""  # other words)
    giving = [c.heading + c.text for c in giving]
    cap = max(SPECIFIC_MIN, int(SPECIFIC_SHARE * n_clauses))
    words = thing_words(question, df, titles, need.kind) if chinese else english_thing_words(question, df, titles)
    if need.kind in _TIMED_KINDS:  # "金融机构多久要做一次合规审计？": when or how often the audit is done, whoever
        words = [(w, n) for w, n in words if not _PARTY.search(w)]  # does it (a rule may call it 数据处理者)
    specific = [(w, n) for w, n in words if n <= cap]
    if not specific:
        return ""
    rarest = min(n for _, n in specific)
    wanted = [w for w, n in specific if n == rarest]
    if any(_names(text, w) for w in wanted for text in giving):
        return ""
    return wanted[0]


def _names(text: str, word: str) -> bool:
    """True when a text has the word, or each of its parts (处理结果: "处理完毕之日起7日内公布结果"); an English
    word in any of its forms ("ethanol exports")."""
    if word.isascii():
        from rag.tokenize import tokenize

        return word in text.lower() or word in tokenize(text)
    if word in text:
        return True
    parts = [p for p in token_set(word) if p != word and len(p) >= 2]
    if bool(parts) and all(p in text for p in parts):
        return True
    # (two words, one of them written short: 监管部门 for 市场监督管理部门)
    return any(all(w in text or _shortened_in(w, text) for w in (word[:i], word[i:])) for i in range(2, len(word) - 1))


def _shortened_in(part: str, text: str) -> bool:
    """True when a two-character word is the short form of a longer one of the text, its first characters
    (监管 in 市场监督管理部门: 监督管理)."""
    return len(part) == 2 and re.search(re.escape(part[0]) + "[\u4e00-\u9fff]{1,2}" + re.escape(part[1]), text) is not None


def unnamed_text(word: str, lang: str) -> str:
    """The refusal that says which thing the figures found are not of."""
    if lang == "zh":
        return f"文件中未找到相关内容：最接近的条款给出的数字不是关于“{word}”的。"
    return f"Not found in the documents: the closest clauses give figures, but none of them for “{word}”."
