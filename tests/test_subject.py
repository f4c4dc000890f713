"""The thing an asked figure is of (rag/subject.py): a figure of another thing is no answer."""

from rag.answerability import asked_for
from rag.subject import thing_words, unnamed_text, unnamed_thing
from rag.types import Citation, Clause

PERMIT = "口岸的卫生许可证有效期是几年？"
# clause frequencies of a corpus of 430 clauses: 许可证 in one, 口岸 in thirty
DF = {"口岸": 30, "卫生": 47, "许可证": 1, "许可": 8, "有效期": 7, "企业": 200, "营业执照": 40, "优先": 6, "程序": 20,
      "技术": 43, "审评": 37}


def cite(text: str, lang: str = "zh") -> Citation:
    return Citation(1, Clause("d.md", "第一条", "", text, (), lang), "", None, (text,))


def test_a_period_of_another_certificate_does_not_answer_how_long_a_permit_is_valid():
    need = asked_for(PERMIT)
    device = cite("医疗器械注册证有效期为5年。")
    permit = cite("口岸卫生许可证有效期为4年。")
    assert unnamed_thing(need, PERMIT, [device], DF, 430, []) == "许可证"
    assert unnamed_thing(need, PERMIT, [permit], DF, 430, []) == ""
    assert unnamed_thing(need, PERMIT, [device, permit], DF, 430, []) == ""  # one giving clause names it
    assert "许可证" in unnamed_text("许可证", "zh")


def test_the_review_period_of_a_procedure_the_article_does_not_name_is_no_answer():
    question = "医疗器械适用优先注册程序后，技术审评时限缩短为多少日？"
    ordinary = cite("第二类医疗器械注册申请的技术审评时限为60日。")
    assert unnamed_thing(asked_for(question), question, [ordinary], DF, 430, []) == "优先"
    assert unnamed_thing(asked_for(question), question, [cite("适用优先注册程序的，技术审评时限为30日。")],
                         DF, 430, []) == ""


def test_a_common_word_a_document_title_or_a_question_without_a_figure_binds_nothing():
    licence = "企业的营业执照有效期是几年？"
    assert unnamed_thing(asked_for(licence), licence, [cite("医疗器械注册证有效期为5年。")], DF, 430, []) == ""
    # nor a word of general Chinese, however few clauses of a small corpus use it (地方, "place")
    assert [w for w, _ in thing_words("旅行社搬了地方，多久要去报备？", {"地方": 1, "旅行社": 40}, [])] == ["旅行社"]
    # a word of a document's title names the document, not the thing the figure is of
    assert "许可证" not in dict(thing_words(PERMIT, DF, ["口岸卫生许可证管理办法"]))
    which = "口岸的卫生许可证由哪个部门发放？"
    assert unnamed_thing(asked_for(which), which, [cite("医疗器械注册证由药品监督管理部门发放。")], DF, 430, []) == ""
    # an English question is checked by its own rules (the measured thing, a country named)
    english = "How many years is a port health permit valid?"
    assert unnamed_thing(asked_for(english), english, [cite("医疗器械注册证有效期为5年。")], DF, 430, []) == ""


def test_in_a_large_corpus_a_noun_used_in_a_few_clauses_is_still_specific():
    # 2% of 5000 clauses is 100: a noun in 60 clauses still names a particular thing, one in 120 does not
    need = asked_for(PERMIT)
    device = cite("医疗器械注册证有效期为5年。")
    assert unnamed_thing(need, PERMIT, [device], {**DF, "许可证": 60, "口岸": 300, "有效期": 150}, 5000, []) == "许可证"
    assert unnamed_thing(need, PERMIT, [device], {**DF, "许可证": 120, "口岸": 300, "有效期": 150}, 5000, []) == ""


def test_a_compound_named_by_its_parts_is_named():
    question = "老百姓举报了违规演出，文化部门多久要公布处理结果？"
    clause = cite("文化主管部门接到公众的举报，应当立即调查、处理，并自处理完毕之日起7日内公布结果。")
    df = {"处理结果": 2, "演出": 40}  # (老百姓 the corpus never uses)
    assert unnamed_thing(asked_for(question), question, [clause], df, 212, []) == ""


def test_a_clause_in_the_other_language_giving_the_figure_is_not_judged_by_the_chinese_words():
    question = "外国派来的代表入境以后，多长时间之内得在代表处登记好？"
    df = {"入境": 2, "代表处": 3}
    chinese = cite("代表机构应当自登记之日起30日内备案。")
    english = cite("All Foreign Representatives must register with a RO within 6 months of entry.", "en")
    assert unnamed_thing(asked_for(question), question, [chinese], df, 146, []) == "入境"
    assert unnamed_thing(asked_for(question), question, [chinese, english], df, 146, []) == ""


def test_of_two_questions_asked_at_once_only_the_one_asking_for_the_figure_names_its_thing():
    question = "外资做增值电信业务，外方最多能占多少股份？外国机构投资中国的人民币股票市场又有什么限制？"
    df = {"股票市场": 2, "股份": 5, "电信业务": 26}
    telecom = cite("经营增值电信业务的外商投资电信企业的外方投资者在企业中的出资比例，最终不得超过50%。")
    assert unnamed_thing(asked_for(question), question, [telecom], df, 84, []) == ""


def test_a_word_written_short_in_the_question_is_named_by_its_long_form():
    question = "市场监管部门来查电梯、锅炉这些设备，最少要来几个人？"
    clause = cite("市场监督管理部门实施监督检查时，应当有二名以上检查人员参加，出示有效的特种设备安全行政执法证件。")
    df = {"监管部门": 2, "电梯": 30, "锅炉": 30}
    assert unnamed_thing(asked_for(question), question, [clause], df, 300, []) == ""
    other = cite("卫生部门实施检查时，应当有二名以上检查人员参加。")
    assert unnamed_thing(asked_for(question), question, [other], df, 300, []) == "监管部门"


def test_an_english_figure_of_another_thing_does_not_answer():
    question = "By what percentage will the UK cut its tariff on US ethanol under the US–UK deal?"
    average = cite("The UK average applied agricultural tariff is 9.2% while the U.S. average applied agricultural "
                   "tariff was 5%.", "en")
    df = {"tariff": 30, "ethanol": 2, "deal": 20}
    titles = ["Fact Sheet: U.S.-UK Reach Historic Trade Deal"]
    assert unnamed_thing(asked_for(question), question, [average], df, 200, titles) == "ethanol"
    ethanol = cite("The UK will eliminate its 19% tariff on 1.4 billion liters of US ethanol exports.", "en")
    assert unnamed_thing(asked_for(question), question, [ethanol], df, 200, titles) == ""
    assert unnamed_text("ethanol", "en").endswith("none of them for “ethanol”.")
    # a common word names no particular thing
    question = "What was the average disposable income of people living in Chinese cities?"
    urban = cite("As of 2011, the per-capita disposable income of urban residents was $3,454.", "en")
    assert unnamed_thing(asked_for(question), question, [urban], {"people": 2, "income": 3}, 200, []) == ""


def test_an_english_question_asking_how_often_is_not_held_to_its_things():
    question = ("In China, how often are taxes handled for a foreign employee's income tax and for a factory's "
                "environmental tax?")
    monthly = cite("Your employer will deduct tax from your monthly salary.", "en")
    assert unnamed_thing(asked_for(question), question, [monthly], {"employee": 2, "factory": 2}, 200, []) == ""


def test_who_does_a_timed_action_is_not_the_thing_its_frequency_is_of():
    # "金融机构多久要做一次合规审计？" over a rule that calls the institutions 数据处理者: how often the audit is done
    question = "金融机构多久要做一次业务数据安全方面的合规审计？"
    audit = cite("数据处理者应当每三年至少开展一次业务数据安全合规审计。")
    df = {"金融机构": 2, "合规": 3, "业务": 60, "数据安全": 40}
    assert unnamed_thing(asked_for(question), question, [audit], df, 430, []) == ""
    # the thing itself still binds: a drill's frequency is no audit's
    drill = cite("数据处理者应当每年至少开展一次应急演练。")
    assert unnamed_thing(asked_for(question), question, [drill], df, 430, []) == "合规"


def test_an_adverb_is_no_thing_a_figure_is_of():
    """"roughly how much in extra fees …?": the figure is of fees, not of "roughly" (nor "typically", "annually");
    a noun ending in -ly ("supply", "family", "monopoly") is still one."""
    from rag.subject import _adverb

    assert all(_adverb(w) for w in ("roughly", "typically", "approximately", "annually", "monthly"))
    assert not any(_adverb(w) for w in ("supply", "family", "monopoly", "assembly", "italy", "reply", "apply"))


def test_what_a_count_is_of_is_the_thing_counted_not_the_doer_nor_a_verb():
    """"How many cigarettes can an adult bring?": the figure is of cigarettes, not of "adult"; "how many railway
    stations is China planning?" not of "planning". A clause giving a count of the thing counted answers."""
    question = "How many cigarettes can an adult usually bring into China without paying duty?"
    allowance = cite("Typical duty-free allowances for passengers aged 18 and over are: 400 cigarettes.", "en")
    df = {"cigarette": 2, "adult": 1, "duty": 30}
    assert unnamed_thing(asked_for(question), question, [allowance], df, 200, []) == ""
    from rag.subject import english_thing_words
    assert english_thing_words(question, df, []) == [("cigarette", 2)]
    question = "How many new or renovated railway stations is China planning?"
    stations = cite("The number of new railway stations built will be 1,000.", "en")
    assert unnamed_thing(asked_for(question), question, [stations], {"planning": 1, "station": 3}, 200, []) == ""
