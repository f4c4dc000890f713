"""Names, places and years a question depends on that the corpus never mentions.

A question about 成都, RCEP or 2023 cannot be answered from documents that never name them, however
close its other words come; such a question is refused rather than answered with a near miss."""

from __future__ import annotations

from typing import NamedTuple

from rag import lexicon
from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import spelled_by
from rag.retrieve import QueryPlan
from rag.sites import compact
from rag.tokenize import singular, tokenize
from rag.translate import pinyin, translate_terms
from rag.wordforms import uses_form

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}
_NEUTRAL = {"no", "i", "ok", "is", "what", "which", "who", "when", "where", "how", "why", "does", "do", "did",
            "guofa", "guofaban", "guobanfa", "yufubanfa", "yuefu", "chinese", "english", "the", "a", "an",
            "in", "on", "under", "according", "if", "are", "can", "should", "will", "and", "or", "of",
            # the kind of document a capitalised title ends with ("the Countervailing Regulations") names no thing
            "law", "laws", "regulation", "regulations", "rules", "measures", "provisions", "opinion", "opinions",
            "notice", "circular", "guidance", "guidelines", "decision", "announcement", "plan",
            # "Is it a good idea to rely on one card?": a judgement asked for, no thing the documents must name
            "idea", "ideas"}
_ZH_TAGS = {"ns", "nt", "eng"}  # places, organisations, Latin-script names (RCEP)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


class Vocabulary(NamedTuple):
    """What the corpus mentions: its lower-cased text, token frequencies and the years of its documents."""

    text: str
    df: dict
    years: frozenset[str]
    languages: frozenset[str] = frozenset()  # of its documents ("zh", "en"); empty when unknown
    governments: frozenset[str] = frozenset()  # countries whose government sites published its documents ("uk")
    sites: frozenset[str] = frozenset()  # those sites' names (rag.sites.site_names: "whitehouse", "govuk")
    files: frozenset[str] = frozenset()  # the words of its documents' file names, compacted ("pwc", "sb806")
    titles: str = ""  # its documents' titles, lower-cased, one per line

    def knows(self, term: str) -> bool:
        """True when the corpus mentions the term, or at least half of its words (广东省政府: 广东, 政府)."""
        low = term.lower()
        if low in self.text:
            return True
        if re.fullmatch(r"[a-z]{4,12}", low) and any(f"{low[:i]}-{low[i:]}" in self.text for i in range(1, len(low))):
            return True  # "WiFi", "email": a word the corpus hyphenates (Wi-Fi, e-mail)
        if self.named_aside(term):
            return True
        parts = [p for p in re.split(r"[-/–]", low) if p]
        if len(parts) > 1:  # "US-China", "China-EU": a compound of names the corpus uses
            return all(self.knows(p) or (len(p) <= 3 and ".".join(p) + "." in self.text) for p in parts)  # US: u.s.
        return self.knows_words(term)

    def named_aside(self, term: str) -> bool:
        """True when the corpus names a term outside its text: in a document's title ("… Meeting in Geneva", a
        statement whose text never says where), by the site that published it ("the White House" for a fact sheet
        on whitehouse.gov) or by a file name ("PwC" for pwc_china_tax_summary.md, a page that never names its
        publisher)."""
        if self.titles and re.search(rf"(?<![\w]){re.escape(term.lower())}(?![\w])", self.titles):
            return True
        return bool(self.sites or self.files) and (self.site_named(term) or compact(term) in self.files)

    def site_named(self, term: str) -> bool:
        """True when a term names a site that published a document of the corpus: its name, or a longer name
        ending in it ("the White House": bidenwhitehouse.archives.gov, an administration's archive)."""
        name = compact(term)
        return name in self.sites or (len(name) >= 6 and any(site.endswith(name) for site in self.sites))

    def issued_in(self, term: str) -> bool:
        """True when a term names the country whose documents the corpus holds, which its laws seldom name:
        China for documents in Chinese (a law on farmers' cooperatives says 中华人民共和国 in its title at most),
        the United States for texts citing its Code ("15 U.S.C. 7214"), the country a file name names: "in China",
        美国证交会."""
        country = country_key(term)
        if country is not None and country in self.governments:
            return True  # "英国的金融制裁名单" over a GOV.UK guide, which never writes "UK"
        if country is not None and country in {country_key(w) for w in self.files}:
            return True  # 美国证交会 over "us_code_15_7214i….md", a section of the US Code that never names the US
        if country == "cn":
            return "zh" in self.languages
        return country == "us" and ("u.s.c." in self.text or "united states code" in self.text)

    def knows_words(self, term: str) -> bool:
        """True when the corpus uses at least half of a term's words (a dictionary look-up per word, never
        a scan of the corpus text: the check for any number of candidate terms costs the same at any size)."""
        toks = [t for t in dict.fromkeys(tokenize(term)) if len(t) >= 2]
        return bool(toks) and sum(self.df.get(t, 0) > 0 or uses_form(t, self.df) for t in toks) >= len(toks) / 2

    def knows_name(self, name: str) -> bool:
        """True when the corpus uses half of a name's words and its last one, which says what it names ("United
        Kingdom" is not the United States; "North Korea" may be the Democratic People's Republic of Korea)."""
        toks = [t for t in dict.fromkeys(tokenize(name)) if len(t) >= 2]
        return self.knows_words(name) and self.df.get(toks[-1], 0) > 0


# an acronym in brackets right after a name: the question's own short form of it ("美国外国投资委员会（CFIUS）")
_GLOSSED = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])\s*[（(]([A-Z][A-Za-z]{1,9})[）)]")
_COUNTRIES = {**dict.fromkeys(("china", "chinese", "prc", "中国", "中华人民共和国", "我国", "中方"), "cn"),
              **dict.fromkeys(("us", "u.s.", "united states", "america", "american", "美国", "美方"), "us"),
              **dict.fromkeys(("uk", "u.k.", "united kingdom", "britain", "great britain", "british", "英国", "英方"),
                              "uk"),
              **dict.fromkeys(("canada", "canadian", "加拿大"), "ca"),
              **dict.fromkeys(("australia", "australian", "澳大利亚", "澳洲"), "au"),
              **dict.fromkeys(("new zealand", "新西兰"), "nz"),
              **dict.fromkeys(("singapore", "singaporean", "新加坡"), "sg"),
              **dict.fromkeys(("eu", "european union", "欧盟"), "eu"),
              **dict.fromkeys(("india", "indian", "印度"), "in"),
              **dict.fromkeys(("japan", "japanese", "日本"), "jp"),
              **dict.fromkeys(("korea", "south korea", "korean", "韩国"), "kr"),
              **dict.fromkeys(("hong kong", "香港"), "hk")}


def country_key(name: str) -> str | None:
    """The country a name names, as rag/sites.py keys it ("uk" for 英国, "UK", "Britain"), or None."""
    return _COUNTRIES.get(re.sub(r"^the\s+|['’]s$", "", name.strip().lower()))


def file_words(name: str) -> frozenset[str]:
    """The words of a document's file name, compacted as rag.sites.compact writes a name: "pwc_china_tax_2025.md"
    → pwc, china, tax; "missouri_sb806.md" → missouri, sb806 (and sb). A user who named the file so knows whose
    it is."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("/", 1)[-1]).lower()
    words = [w for w in re.split(r"[\W_]+", stem) if w]
    return frozenset(x for w in words for x in (w, re.sub(r"\d+$", "", w)) if len(x) >= 2 and not x.isdigit())


def _has_word(text, word: str) -> bool:
    """Whether the corpus text (a string, or rag.sparse.CorpusWords for a large index) has `word` as a word."""
    return bool(re.search(rf"\b{word}\b", text)) if isinstance(text, str) else text.has_word(word)


def salient_terms(question: str, lang: str) -> list[str]:
    """Places, organisations, acronyms, capitalised names and years a question mentions."""
    out: list[str] = []
    if lang == "zh":
        for word, tag in lexicon.pos_tokenizer_for(question).cut(question):
            if tag in _ZH_TAGS and len(word) >= 2 and (tag == "eng" or _name_like(word, tag)):
                out.append(word)
    else:
        found = list(re.finditer(r"[A-Za-z][\w'’\-]*", question))
        words = [m.group(0) for m in found]
        last = -2  # the index of the word that ended the last name
        for i, (m, w) in enumerate(zip(found, words)):
            bare = re.sub(r"n['’]t$|['’](?:s|ve|m|re|ll|d|t)$", "", w)  # "China's", "I've", "I'm" (the pronoun I), "Doesn't"
            if bare.lower() in _NEUTRAL or bare.lower() in _MONTHS:
                continue
            if _incidental_nationality(bare, words[i + 1] if i + 1 < len(words) else ""):
                continue
            # a capital starting a sentence is no name ("… owes a fine. Could our boss …"), as the first word's is not
            opens = i == 0 or re.search(r"(?:[!?。！？]|[a-z]{2}\.)\s*$", question[:m.start()]) is not None  # (not "U.S.")
            if (bare.isupper() and len(bare) > 1) or (not opens and bare[:1].isupper()):
                titled = bare == w and not bare.isupper()  # (not "China's", not an acronym)
                if out and last == i - 1 and titled and question[found[i - 1].end():m.start()] == " ":
                    out[-1] += " " + bare  # one name in two words: "Hong Kong", "New Zealand"
                else:
                    out.append(bare)
                last = i if titled else -2
    # the years of the sentences that ask, not of the story told before them ("We set up our joint venture back
    # in 2010. What happens if …?": the rules asked about are not 2010's)
    from rag.answerability import asking_sentences

    out.extend(_YEAR.findall(asking_sentences(question)))
    return list(dict.fromkeys(out))


# a party a question's scenario merely describes ("I want to pay a German company …"): the rules it asks about
# apply to any such party, so its nationality is no name the documents must mention
_PARTY_NOUNS = frozenset("company companies firm firms supplier suppliers seller sellers buyer buyers partner partners "
                         "customer customers client clients bank banks exporter exporters importer importers "
                         "manufacturer manufacturers investor investors business businesses factory factories "
                         "vendor vendors trader traders distributor distributors".split())
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ch|i|ss)")


def _incidental_nationality(word: str, following: str) -> bool:
    """True for a nationality adjective before a party noun: "German" in "a German company"."""
    return following.lower() in _PARTY_NOUNS and _DEMONYM.fullmatch(word) is not None


# how a Chinese place or body's name ends (a four-character word tagged as a place without one is more often
# an idiom the tagger's dictionary mislabels: 挪作他用 "divert to other uses")
_NAME_ENDS = tuple("省市县区州盟旗镇乡村岛港湾山江河湖路街国洲部委局署厅办院会行司所社团")


# how a common noun made of a word and a suffix ends (加盟店 "franchise shop", 供应商 "supplier")
_COMMON_ENDS = tuple("店商方户者员品费证")


def _name_like(word: str, tag: str = "ns") -> bool:
    """True for a word tagged as a place or organisation that may be one: short, ending as names do, or a
    proper name in CC-CEDICT (its pinyin capitalised: 乌鲁木齐 [Wu1 lu3 mu4 qi2]). A word tagged as a place
    that CC-CEDICT gives only as a common word is none (东西 "thing", tagged as "east and west")."""
    from rag.translate import _cedict_zh

    entries = [e for e in (_cedict_zh().get(word) or []) if e]
    if tag == "ns" and entries and not any(e[1:2].isupper() for e in entries):
        return False
    if tag == "ns" and not entries and len(word) == 2:
        return False  # 上列 ("名单上列的"): two characters jieba tags a place, which no dictionary knows as one
    if not entries and word.endswith(_COMMON_ENDS) and any(
            e and not e[1:2].isupper() for e in _cedict_zh().get(word[:-1]) or []):
        return False  # 加盟店 (tagged an organisation): a common word and 店, a franchise shop
    if len(word) < 4 or word.endswith(_NAME_ENDS):
        return True
    return any(e[1:2].isupper() for e in entries)


def _knows_kind(term: str, vocab: Vocabulary) -> bool:
    """True when the corpus mentions a Chinese term, or the kind of thing it is (贸易顺差: 顺差)."""
    return vocab.knows_words(term) or (len(term) >= 4 and vocab.knows_words(term[-2:]))


def _head_known(word: str, vocab: Vocabulary) -> bool:
    """True when the corpus uses the English head word of a term, or one of its dictionary senses."""
    from rag.translate import dictionary_senses

    if vocab.knows_words(word):
        return True
    return any(len(z) >= 2 and vocab.knows_words(z) for z in dictionary_senses(word))


def _said_apart(modifier: str, senses: list[str], vocab: Vocabulary) -> bool:
    """True when the corpus writes one of the modifier's Chinese words shortly before the character a Chinese
    word for the whole term ends in, the kind of thing it is: "prepaid card" (储值卡) as 预付消费卡."""
    if not isinstance(vocab.text, str):  # (a large index keeps no text to look in)
        return False
    from rag.translate import dictionary_senses

    firsts = [a for a in dictionary_senses(modifier) if len(a) >= 2]
    kinds = {z[-1] for z in senses if len(z) >= 2 and "\u4e00" <= z[-1] <= "\u9fff"}
    return bool(firsts and kinds) and re.search(
        f"(?:{'|'.join(map(re.escape, firsts))})[\u4e00-\u9fff]{{0,3}}?[{''.join(kinds)}]", vocab.text) is not None


# adjectives that make no new thing of the noun they modify: "a good reputation" is a reputation
_PLAIN_MODIFIERS = frozenset("good bad new old big small large serious major minor high low full clean sound "
                             "proper valid strong poor".split())


def missing_concepts(text: str, vocab: Vocabulary, heads: bool = True) -> list[str]:
    """English two- and three-word terms a dictionary names as one thing ("space station": 空间站) that the
    corpus mentions in neither language: not the words (one of them at least is unknown to it), not the
    term, and none of the dictionary's Chinese words for it (nor the kind of thing each names). Only
    things (nouns), not actions ("hit back" may be said as 采取相应措施).

    heads: a term whose head word (or one of its senses) the corpus uses is not missing ("trade fairs" when
    it speaks of 展览会); a claim, which asserts the term, is checked without this allowance."""
    from rag.translate import EN_STOPWORDS, glossary_targets

    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return _missing_zh_things(text, vocab)
    table = lexicon.lexicon().en_cedict
    low = text.lower()
    words = re.findall(r"[a-z]+", low)
    out: list[str] = []
    covered: set[int] = set()
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            span = words[i : i + size]
            if (covered & set(range(i, i + size)) or any(w in EN_STOPWORDS or w in _NEUTRAL for w in span)
                    or not re.search(r"\b" + r"\s+".join(span) + r"\b", low)):
                continue  # function words, or words on either side of a comma, are no term
            if span[0] in _LIGHT_VERBS:
                continue  # "keep watch", "take stock": an action, which a text says in its own words (监测, 监督)
            if size == 2 and _ADVERB_PARTICIPLE.fullmatch(" ".join(span)):
                continue  # "newly elected", "recently amended": how something came to be, no thing (选举产生的)
            if all(vocab.knows_words(w) for w in span):
                continue  # the corpus uses each of its words: it may well say it otherwise
            if vocab.sites and vocab.site_named(" ".join(span)):
                continue  # "the White House", whose site published a document of the corpus
            forms = dict.fromkeys([" ".join(span), " ".join(span[:-1] + [singular(span[-1])]),  # customs duty
                                   " ".join(singular(w) for w in span)])
            senses = [z for form in forms for z in table.get(form, [])]
            glossed = [z for form in forms for z in _glossary_senses(form)]  # "foreign currency": 外汇 in these texts
            if not senses or any(_knows_kind(z, vocab) for z in senses + glossed):
                continue
            if any(_names(vocab, other) for z in glossed for other in glossary_targets(z) if len(other) > 3):
                continue  # "foreign currency": 外汇, which English evidence calls "foreign exchange"
            if size == 2 and _said_apart(span[0], senses, vocab):
                continue  # "prepaid card" (储值卡): 预付消费卡, the modifier's word and the thing a word apart
            if singular(span[-1]) in _PEOPLE and any(vocab.knows(p) for p in _ANY_PEOPLE):
                continue  # "a senior engineer", "our sales director": someone the law speaks of as 劳动者 or 人员
            if singular(span[-1]) in _PARTICIPANTS and any(vocab.knows(p) for p in _ANY_PARTICIPANTS):
                continue  # "foreign players", "market participants": the firms the law speaks of as 企业 or 经营者
            if (heads or span[0] in _PLAIN_MODIFIERS) and _head_known(span[-1], vocab):
                continue  # the corpus speaks of the kind of thing ("trade fairs": 展览会 for fairs, "key tasks": 任务;
                # "a good reputation": 信誉良好)
            tags = lexicon.lexicon().tags_for(" ".join(senses))
            verbs, nouns = (sum(tags.get(z, "").startswith(t) for z in senses) for t in ("v", "n"))
            if size == 2 and span[1] in _PARTICLES and verbs > nouns:
                continue  # "set aside" (预留, 计提 …), "hand over": a phrasal verb, an action, though one sense is a
                # noun
            if any(tags.get(z, "").startswith("n") for z in senses):
                covered.update(range(i, i + size))
                out.append(" ".join(span))
    return out


# an adverb in -ly before a participle in -ed ("newly elected", "duly signed", "directly owned"); not an adjective in
# -ly before a noun ("early retirement", "elderly care")
_ADVERB_PARTICIPLE = re.compile(r"[a-z]{2,}ly [a-z]{2,}ed")


# the particles of English phrasal verbs ("set aside", "carry out", "phase out", "hand over")
_PARTICLES = frozenset("aside out off up down away back over forth apart".split())


# verbs that make an action of the noun after them ("keep watch", "take care", "make sure")
_LIGHT_VERBS = frozenset("keep keeps kept take takes took make makes made give gives gave get gets got put puts hold "
                         "holds held bring brings brought carry carries turn turns look looks go goes come comes do does "
                         "have has let lets".split())


# people by their work or role: a law speaks of them in general (劳动者, 人员, employees), so a question's own
# example of one ("a senior engineer") is no thing the documents lack
_PEOPLE = frozenset("engineer technician manager director accountant officer employee worker staffer lawyer agent "
                    "driver guide consultant executive representative assistant secretary salesman saleswoman "
                    "salesperson designer programmer developer analyst supervisor clerk cashier nurse doctor teacher "
                    "researcher scientist expert specialist intern trainee apprentice contractor freelancer".split())
_ANY_PEOPLE = ("劳动者", "人员", "职工", "员工", "工作人员", "employees", "staff", "persons", "workers")
# the nationalities an English question gives a person ("a British headmaster"), and how a text speaks of
# nationality as such
_DEMONYMS = frozenset("""american british english scottish welsh irish canadian australian new-zealander french german
italian spanish portuguese dutch belgian swiss austrian swedish norwegian danish finnish polish czech hungarian greek
turkish russian ukrainian japanese korean indian pakistani bangladeshi sri-lankan nepalese thai vietnamese malaysian
singaporean indonesian filipino burmese cambodian mongolian kazakh iranian iraqi israeli saudi emirati egyptian
nigerian kenyan ethiopian ghanaian south-african moroccan algerian brazilian mexican argentine argentinian chilean
colombian peruvian venezuelan cuban""".split())
_ANY_NATIONALITY = ("国籍", "外籍", "外国人", "外国公民", "nationality", "nationals", "foreigners", "foreign citizens")
# who takes part in a market, by a word no law uses for them, and how the law speaks of them
_PARTICIPANTS = frozenset("player participant entity operator actor stakeholder".split())
_ANY_PARTICIPANTS = ("企业", "经营者", "市场主体", "公司", "enterprises", "companies", "businesses", "firms", "operators")


def _glossary_senses(term: str) -> list[str]:
    """The glossary's Chinese terms for an English one (as written, lower-cased)."""
    from rag.translate import _glossary

    return _glossary().exact.get(tuple(term.split()), [])


def _missing_zh_things(text: str, vocab: Vocabulary) -> list[str]:
    """The things (common nouns) a Chinese claim names that the corpus mentions in neither language: not the
    word (nor half its words, nor the kind of thing it is), nor any of its dictionary senses ("举报的人可以拿到
    奖金": 奖金, a bonus, in a law that never mentions one)."""
    from rag.tokenize import ZH_STOPWORDS
    from rag.translate import ZH_STOPWORDS as ZH_QUESTION_WORDS
    from rag.translate import _cedict_zh, dictionary_senses_zh, glossary_targets

    text = _ATTRIBUTION.sub("", text)  # "出口管制法规定，…": the document it cites is no thing it claims
    out: list[str] = []
    before = ""
    for word, tag in lexicon.pos_tokenizer_for(text).cut(text):
        after_number, before = _NUMERAL.fullmatch(before) is not None, word
        if (tag != "n" or len(word) < 2 or word in out or word in ZH_STOPWORDS or word in ZH_QUESTION_WORDS
                or word in _GENERIC_ZH or lexicon.lexicon().freq_for("jieba", word).get(word, 0) > GENERAL_COUNT):
            continue  # (企业, 公司, 单位, 机构: who acts, in general words a law may put otherwise, "单位")
        if after_number and word[0] in _UNIT_CHARS:
            continue  # "180天才审完": 180天 and 才 ("only then"), which the segmenter joins into 天才 (a genius)
        if len(word) == 2 and not _cedict_zh().get(word):
            continue  # a two-character shortening no dictionary lists (扣货: 扣留货物) names no thing of its own
        senses = dictionary_senses_zh(word)
        entries = [e for e in _cedict_zh().get(word) or () if e]
        if entries and all(re.fullmatch(r"\[[^\]]*\] (?:/to [^/]+)+/", e) for e in entries):
            continue  # a word the dictionary knows only as a verb (商量: to consult, to talk over), which the
            # segmenter tags a noun: no thing, and a law says it otherwise (协商)
        if not senses and len(word) >= 3 and word[-1] in _BODY_ENDS and any(
                vocab.knows_words(s) for s in dictionary_senses_zh(word[:-1])):
            continue  # 保护局: a body (局) named by what the corpus speaks of (protection: "Consumer Financial
            # Protection Bureau")
        if (_knows_kind(word, vocab) or vocab.knows(word)
                or any(vocab.knows_words(s) for s in (*glossary_targets(word), *senses))):
            continue
        if _group_of_known(word, text, vocab):
            continue  # "钨、铋、钼这些金属": a group named by examples the corpus names
        if not senses and len(word) >= 3 and "en" in vocab.languages and not glossary_targets(word):
            continue  # 军用飞机, 过渡期: a word no dictionary lists, so what English documents call it is unknown (their
            # "military aircraft", "grace period"); their silence on it is no sign they never speak of it
        out.append(word)
    return out


# the last character of a body's name: a bureau, ministry, commission, administration, office, court, council
_BODY_ENDS = frozenset("局部委署厅办院会处司")
# a figure, and the units that follow one: a "word" starting with a unit after a figure is the unit and the next word
_NUMERAL = re.compile(r"[\d.,]+|[零〇一二两三四五六七八九十百千万亿]+")
_UNIT_CHARS = frozenset("天日年月周个次元人名家件项倍岁号")
# a noun more frequent than this in general Chinese (jieba's dictionary counts: 企业 34827, 公司 45604, 单位 17532,
# 机构 19209; 银行 7684, 飞机 9091, 奖金 1029) names a whole class of things, no particular thing a claim asserts
GENERAL_COUNT = 15000
# nouns too general to be a thing a claim asserts ("有1年时间完成": time)
_GENERIC_ZH = frozenset("时间 时候 事情 东西 情况 问题 方面 地方 方式 办法 部分 内容 工作 情形".split())
_ATTRIBUTION = re.compile(r"^[^，,。；;：:]{2,40}?(?:规定|说|提出|指出|要求|明确|写道|表示)[，,：:]|"
                          r"^(?:据|根据|按照|依据|依照)[^，,。；;：:]{1,30}?[，,：:]")  # "据这份指南，…": its source


def missing_terms(plan: QueryPlan, vocab: Vocabulary) -> list[str]:
    """The salient terms of a question that neither the corpus nor any of their translations mention
    (names, places, years; for English questions also the things of `missing_concepts`)."""
    from rag.answerability import asking_sentences

    # the things the asking sentences name, not the story told before them ("I'm buying young fruit trees from a
    # nursery overseas. Do I sort out the quarantine approval before I sign?": a rule for any plants)
    missing = missing_concepts(asking_sentences(plan.question), vocab) if plan.lang == "en" else []
    # (names too: "… a road in Africa. Who are we supposed to let know?" asks a rule for any country)
    glossed = {m.group(1) for m in _GLOSSED.finditer(plan.question)}
    for term in salient_terms(asking_sentences(plan.question), plan.lang):
        if term.isdigit():
            if term not in vocab.years and term not in vocab.text:
                missing.append(term)
            continue
        if vocab.knows(term):
            continue
        if plan.lang == "zh" and len(spelled := pinyin(term)) >= 5 and _has_word(vocab.text, spelled):
            continue  # a name the English documents spell in pinyin (沈丹阳: Shen Danyang)
        targets = [t for s, t, _, w in plan.translations if term.lower() in s.lower() and w >= 0.5]
        if any(vocab.knows(t) for t in targets):
            continue
        if vocab.issued_in(term):
            continue  # "in China" over Chinese laws that never write 中国
        if term in glossed:
            continue  # "美国外国投资委员会（CFIUS）": the name the question writes beside it stands for it
        if plan.lang == "zh" and _known_pair(term, vocab):
            continue  # 中美: China and the United States, which the documents name
        if plan.lang == "zh" and _known_in_parts(term, plan, vocab):
            continue  # 外资银行: 外资 (foreign investment) + 银行 (bank), which the English documents call foreign banks
        if plan.lang == "zh" and any(_names(vocab, sense) or _adjective_named(vocab, sense)
                                     for sense in _english_names(term)):
            continue  # 美国: "U.S." in the English documents (a sense the query's translation left out); 安第斯
            # (the Andes): "the signatory Andean Countries"
        if plan.lang == "zh" and _example_of_known(term, plan.question, vocab):
            continue  # "从哥伦比亚、秘鲁这些安第斯国家进口": examples of a group the documents name
        if plan.lang == "zh" and _group_of_known(term, plan.question, vocab):
            continue  # "钨、铋、钼这些金属": a group the question names by examples the documents name
        if plan.lang == "en" and known_by_another_name(term, vocab):
            continue  # "America": 美国, which the English documents call the United States
        if plan.lang == "en" and known_by_its_expansion(term, vocab):
            continue  # "FCC": a text that calls it the (Federal Communications) Commission
        if plan.lang == "en" and term.lower() in _DEMONYMS and any(vocab.knows(w) for w in _ANY_NATIONALITY):
            continue  # "a British headmaster": a rule on nationality ("应当具有中华人民共和国国籍", "foreign nationals")
            # speaks of every nationality
        if spelled_out(term, vocab) or abbreviated(term, plan.question, vocab):
            continue  # "CFIUS": the Committee on Foreign Investment in the United States; "Five-Year Plan": FYP
        if spelled_in(term, plan.question) or numbered_short(term, plan.question, vocab):
            continue  # "a free trade agreement … the FTA tariff": the question's own short form; "SB 806": Senate
            # Bill No. 806
        if plan.lang == "zh" and "en" in vocab.languages and re.search(r"[\u4e00-\u9fff]", term) \
                and not _proper_name(term):
            continue  # 加盟商, 联系国: a word the tagger takes for a name but no dictionary gives as one, which English
            # documents may word otherwise than its dictionary senses (a place, a body, a person's name is checked)
        if plan.lang == "en" and "zh" in vocab.languages and term.isupper() and not targets \
                and not translate_terms(term, "zh"):
            continue  # "GMO", "HACCP": no dictionary says what Chinese documents would call it, so their silence
            # on the letters is no sign they never speak of it
        missing.append(term)
    return missing


# a rule stated for any party or thing, or for a list left open: "除保险公司外，任何单位或者个人不得……",
# "不得利用……教材、文具、教具、校服、校车等发布……广告", "any person", "goods such as …", "or other …"
_FOR_ANY = re.compile(r"任何(?:单位|个人|组织|人|企业|机构|一方)|、[\u4e00-\u9fff]{1,10}等(?![级次])|"
                      r"\bany (?:person|persons|entity|entities|organi[sz]ations?|one|individuals?|compan(?:y|ies)|"
                      r"business(?:es)?|party|parties|goods|products?|items?)\b|\bsuch as\b|\bor other\b|\band other\b", re.I)


def case_things(question: str, missing: list[str], vocab: Vocabulary, rules: list[str]) -> list[str]:
    """The things of the case an English question asks yes or no of ("Can we hand out pencil cases with our logo
    inside a primary school?", "Can a car dealership sell the cover?") that the documents never mention, when one of
    the rules it was matched with (`rules`: the texts of its best clauses) is stated for any party or thing, or for a
    list left open (`_FOR_ANY`): instances the rule covers by their kind, which no refusal should call unmentioned.
    Not a name, a place or a year, nor the things of a claim, which are what it claims; and not a case no rule so
    stated was found for ("Do I need quarantine approval for a space station?" against a rule for plant seeds)."""
    from rag.answerability import asking_sentences, asks_yes_or_no
    from rag.claimtext import is_claim

    if not missing or is_claim(question) or not asks_yes_or_no(question) or not any(_FOR_ANY.search(r) for r in rules):
        return []
    things = set(missing_concepts(asking_sentences(question), vocab))
    return [t for t in missing if t in things]


# how the dictionary defines a place inside China ("Shanghai municipality, central east China", "Guangzhou
# subprovincial city and capital of Guangdong"), not a country, a foreign city ("Paris, capital of France") or a
# pair of countries (中美: "China-US")
_IN_CHINA = re.compile(r"\b(?:province|(?:sub)?provincial|municipality|prefecture|county|autonomous region|"
                       r"capital of (?:the )?People's Republic of China)\b", re.I)


def _proper_name(term: str) -> bool:
    """True for a Chinese word CC-CEDICT gives as a proper name (its pinyin capitalised: 秘鲁 [Bi4 lu3], 上海), or a
    place of China."""
    from rag.translate import _cedict_zh

    return any(e[1:2].isupper() for e in _cedict_zh().get(term) or [] if e) or chinese_place(term)


def chinese_place(term: str) -> bool:
    """True for a province or city of China, named in either language (上海, "Guangzhou")."""
    from rag.translate import _cedict_zh, translate_terms

    names = [e.target for e in translate_terms(term, "zh")] if term.isascii() else [term]
    return any(_IN_CHINA.search(sense) for name in names for sense in _cedict_zh().get(name, ()) if sense)


def known_by_its_expansion(name: str, vocab: Vocabulary) -> bool:
    """True for an acronym the corpus writes out in words instead ("FCC": a text that speaks of the Commission, its
    communications and federal programs): the English word list's expansion of it, which spells it ("Federal
    Communications Commission"), every word of which the corpus uses."""
    if not (2 <= len(name) <= 6 and name.isalpha() and name.isupper()):
        return False
    from rag.translate import _en_words

    expansion = re.match(r"(?:[A-Z][a-z]+|and|of|the|for)(?: (?:[A-Z][a-z]+|and|of|the|for))+",
                         _en_words().get(name.lower()) or "")
    words = [w for w in expansion.group(0).split() if w[0].isupper()] if expansion else []
    if "".join(w[0] for w in words) != name:
        return False  # (no expansion, or a gloss that does not spell it)
    return all(vocab.knows_words(w) for w in words)


# the short words an acronym skips ("Committee on Foreign Investment in the United States": CFIUS)
_SKIPPED = r"(?:of|on|in|the|and|for|to)"


def spelled_out(acronym: str, vocab: Vocabulary) -> bool:
    """True for an acronym of four or more letters (in a question in either language) whose words the corpus
    writes in full, one word per letter with only short words between them ("CFIUS": "committee on foreign
    investment in the united states")."""
    if not (4 <= len(acronym) <= 8 and acronym.isascii() and acronym.isalpha() and acronym.isupper()):
        return False
    words = [rf"(?!{_SKIPPED}\b){letter.lower()}[a-z]{{2,}}" for letter in acronym]
    between = rf"(?:[\s-]+{_SKIPPED}\b)*[\s-]+"
    return re.search(r"\b" + between.join(words) + r"\b", vocab.text) is not None


_SHORT_WORDS = r"(?:of|and|for|on|in|the|to)"


def spelled_in(acronym: str, question: str) -> bool:
    """True for an acronym whose words the question itself writes in full, one word per letter ("if they qualify
    under a free trade agreement, … the lower FTA tariff"): it names nothing the words do not."""
    if not (2 <= len(acronym) <= 6 and acronym.isascii() and acronym.isalpha() and acronym.isupper()):
        return False
    words = [rf"(?!{_SHORT_WORDS}\b){letter.lower()}[a-z]+" for letter in acronym]
    between = rf"(?:[\s-]+{_SHORT_WORDS}\b)*[\s-]+"
    return re.search(r"\b" + between.join(words) + r"\b", question.lower()) is not None


def numbered_short(acronym: str, question: str, vocab: Vocabulary) -> bool:
    """True for the initials of a numbered instrument whose number the corpus writes after the words in full:
    "SB 806" for "Senate Bill No. 806", "EO 14117" for "Executive Order 14117"."""
    if not (2 <= len(acronym) <= 4 and acronym.isascii() and acronym.isalpha() and acronym.isupper()):
        return False
    numbers = re.findall(rf"(?<![A-Za-z]){acronym}[\s.-]*(?:No\.?\s*)?(\d+)(?!\d)", question)
    if not numbers or not isinstance(vocab.text, str):
        return False
    words = r"\s+".join(rf"{letter.lower()}[a-z]+" for letter in acronym)
    return any(re.search(rf"\b{words}\s+(?:no\.?\s*|number\s+)?{n}\b", vocab.text) for n in numbers)


def abbreviated(term: str, question: str, vocab: Vocabulary) -> bool:
    """True for a capitalised name in an English question that the corpus writes as its initials: "Five-Year"
    of "the 12th Five-Year Plan", where the documents say "12th FYP"."""
    for m in re.finditer(r"(?:[A-Z][a-z]+(?:[\s-]+(?:of|and|for)\b)?[\s-]+)+[A-Z][a-z]+", question):
        if term in m.group(0):
            letters = "".join(w[0] for w in re.split(r"[\s-]+", m.group(0)) if w[0].isupper())
            if len(letters) >= 3 and re.search(rf"\b{letters.lower()}\b", vocab.text):
                return True
    return False


def known_by_another_name(name: str, vocab: Vocabulary, whole: bool = False) -> bool:
    """True when the corpus writes an English name otherwise: by another English name of its Chinese translation
    ("America", "US": 美国, the United States). whole: a name of several words only by the translation of the whole
    name, not by its words' (a claim's "National People's Congress" is not stated by "people", a sense of 人们)."""
    return any(_names(vocab, other) for e in translate_terms(name, "zh") for other in _english_names(e.target)
               if len(other) > 3 and other.lower() != name.lower()
               and (not whole or " " not in name or e.source.lower() == name.lower()))


def _english_names(term: str) -> list[str]:
    """What a Chinese name is called in English: the glossary's names for it, then CC-CEDICT's."""
    from rag.translate import dictionary_senses_zh, glossary_targets

    return list(dict.fromkeys([*sorted(glossary_targets(term)), *dictionary_senses_zh(term)]))


def _names(vocab: Vocabulary, name: str) -> bool:
    """True when the corpus writes an English name: as words, or a short one as an abbreviation ("US": U.S.)."""
    low = name.lower()
    if len(low) <= 3 and low.isalpha():
        return _has_word(vocab.text, low) or ".".join(low) + "." in vocab.text if isinstance(vocab.text, str) else \
            _has_word(vocab.text, low)
    if "," in name:  # "Geneva, Switzerland": Geneva
        return _names(vocab, name.split(",")[0].strip())
    if vocab.named_aside(name):
        return True  # (日内瓦: "Geneva" of a statement's title)
    if len(name.split()) > 1 and all(w[:1].isupper() for w in name.split()):
        return vocab.knows_name(name)  # a name in capitals ("United Kingdom")
    return vocab.knows_words(name)


def _adjective_named(vocab: Vocabulary, name: str) -> bool:
    """True when the corpus writes the adjective of a place's name (a dictionary sense, "Andes mountain chain"):
    Andean, Peruvian, Korean, Mexican, Italian; the name's own capitalised words, not the words after them."""
    words = name.split()
    if not words or not words[0][:1].isupper() or not words[0].isalpha() or len(words[0]) < 4:
        return False
    place = words[0].lower()
    forms = {stem + end for stem in (place, place[:-1]) for end in ("an", "ean", "ian", "n")} - {place}
    return any(_has_word(vocab.text, form) for form in forms)


# a question's own examples of a group: "哥伦比亚、秘鲁这些安第斯国家", "德国、法国等欧盟国家"
_EXAMPLES_OF = r"(?:[、，,和与及或][\u4e00-\u9fff]{2,8}?)*(?:这些|那些|这样的|等|之类的?)([\u4e00-\u9fff]{2,10}?)(?:国家|地区|成员国|国)"


def _example_of_known(term: str, question: str, vocab: Vocabulary) -> bool:
    """True when a question gives a name as an example of a group the corpus names ("从哥伦比亚、秘鲁这些安第斯国家
    进口到英国": rules for the Andean countries, which need not list them)."""
    m = re.search(re.escape(term) + _EXAMPLES_OF, question)
    if m is None:
        return False
    group = m.group(1)
    return vocab.knows(group) or any(_names(vocab, s) or _adjective_named(vocab, s) for s in _english_names(group))


# "对钨、铋、钼这些金属的出口管制": the group named by its examples ("这些金属")
_GROUP_AFTER = r"(?:这些|那些|这样的|这类|之类的?|等)"


def _group_of_known(term: str, question: str, vocab: Vocabulary) -> bool:
    """True when a question names a group by examples the corpus names ("钨、铋、钼这些金属" over a text on
    tungsten, bismuth and molybdenum): what the group is, the question itself says."""
    m = re.search(r"((?:[\u4e00-\u9fff]{1,8}[、，,和与及或])+[\u4e00-\u9fff]{1,8}?)" + _GROUP_AFTER + re.escape(term),
                  question)
    if m is None:
        return False
    examples = re.split(r"[、，,和与及或]", m.group(1))[1:]  # (the first runs into the words before it)
    return any(vocab.knows(ex) or any(_names(vocab, s) for s in _english_names(ex)) for ex in examples if ex)


# the one-character names of countries and blocs that make pairs ("中美", "中欧", "美日")
_SHORT_NAMES = {"中": "中国", "美": "美国", "日": "日本", "英": "英国", "法": "法国", "德": "德国", "俄": "俄罗斯",
                "韩": "韩国", "欧": "欧盟", "澳": "澳大利亚", "加": "加拿大", "印": "印度", "东": "东盟"}


def _known_pair(term: str, vocab: Vocabulary) -> bool:
    """True for a pair of one-character country names (中美: 中国 and 美国) whose countries the corpus names, in
    either language."""
    if len(term) != 2 or term[0] == term[1] or not all(ch in _SHORT_NAMES for ch in term):
        return False
    return all(vocab.knows(full := _SHORT_NAMES[ch]) or any(_names(vocab, n) for n in _english_names(full)) for ch in term)


def _known_in_parts(term: str, plan: QueryPlan, vocab: Vocabulary) -> bool:
    """True when a Chinese term is written end to end by words of the question the corpus knows in translation
    (外资银行: 外资 and 银行, each with a translation the corpus uses). A part that is itself a name the
    corpus lacks (广州 in 广州银行) has no known translation, so the term stays missing."""
    from rag.tokenize import tokenize

    parts = [s for s, t, _, w in plan.translations if s in term and w >= 0.5 and vocab.knows(t)]
    # and the names inside it the corpus writes in English (美国公司: 美国, "U.S.", and 公司)
    parts += [p for p in tokenize(term)
              if len(p) >= 2 and p != term and any(_names(vocab, n) for n in _english_names(p))]
    return spelled_by(term, parts)
