"""Claims get a verdict from the quoted sentences: supported, contradicted (with the figures that
disagree) or not stated (rag/claims.py)."""

from __future__ import annotations

import pytest

from rag.claims import Figure, claim_text, contradiction, figures, is_claim, judge, verdict_line


@pytest.mark.parametrize("question, claim", [
    ("Is it true that the opinion promises zero tariffs on 100% of tariff lines?",
     "the opinion promises zero tariffs on 100% of tariff lines"),
    ("重庆的文件要求整体通关时间压缩一半，对吗？", "重庆的文件要求整体通关时间压缩一半"),
    ("有人说进博会已经成为重要平台，这个说法有依据吗？", "进博会已经成为重要平台，这个说法有依据吗"),
    # a statement with a tag
    ("Companies had three years to change their corporate form, right?",
     "Companies had three years to change their corporate form"),
    ("外国投资者的利润可以自由汇出，是吗？", "外国投资者的利润可以自由汇出"),
    ("外国人要住满2年才算境内个人，是这样吗？", "外国人要住满2年才算境内个人"),
    # something read or heard, and asked whether the documents say it
    ("I read that China joined the WIPO Copyright Treaty back in 2001. Is that what the guide says?",
     "China joined the WIPO Copyright Treaty back in 2001"),
    ("Does the guide really say that China joined the treaty in 2007?", "China joined the treaty in 2007"),
    ("代表处可以派两名首席代表，是否如此？", "代表处可以派两名首席代表"),
    # a statement with a tag question, or "Correct?" after it
    ("Certification is compulsory in China for every product and service, isn't it?",
     "Certification is compulsory in China for every product and service"),
    ("The fee applies to every shipment, doesn't it?", "The fee applies to every shipment"),
    ("I read that the regulator must name three bodies for every product area. Correct?",
     "the regulator must name three bodies for every product area"),
    # whether a document says it ("《条例》是不是规定……")
    ("旅行社条例是不是规定导游每天带团不能超过8小时？", "导游每天带团不能超过8小时"),
    # the source a claim cites is no part of what it claims
    ("Is it true that the US guide says China had the second-largest number of online shoppers?",
     "China had the second-largest number of online shoppers"),
    ("According to the US guide, China caps direct sellers' pay at 50 percent of their sales, correct?",
     "China caps direct sellers' pay at 50 percent of their sales"),
])
def test_claims_are_recognised_and_their_statement_extracted(question, claim):
    assert is_claim(question)
    assert claim_text(question).startswith(claim[:12])
    assert claim_text(question) == claim or "有依据" in claim


def test_ordinary_questions_are_not_claims():
    assert not is_claim("What does the policy say about the single window?")
    assert not is_claim("跨境电商零售进口有哪些政策？")
    assert not is_claim("What does the law say about imports?")
    assert not is_claim("Does the law say how much the fine is?")
    assert not is_claim("Which is the right form to fill in?")
    assert not is_claim("海关是否要求提供原产地证书？")  # a yes/no question, not a statement to check


def test_a_range_with_its_unit_written_once_is_a_range_of_amounts():
    evidence = ["对其没有违法所得的价格违法行为，可以处10万元以下的罚款；情节严重的，处10万元以上50万元以下的罚款。"]
    assert judge("情节严重的，可以罚10万到50万元，对吗？", evidence, answered=True).verdict == "supported"
    assert judge("情节严重的，可以罚10万到30万元，对吗？", evidence, answered=True).verdict == "contradicted"


def test_an_english_count_of_things_is_compared_with_a_chinese_count():
    evidence = ["国务院认证认可监督管理部门应当确保在每一列入目录产品领域至少指定两家符合本条例规定条件的机构。"]
    three = judge("Is it true that the regulator must name at least three certification bodies per product area?",
                  evidence, answered=True)
    assert three.verdict == "contradicted" and three.reason == "2 ≠ 3"
    assert judge("Is it true that the regulator must name at least two certification bodies per product area?",
                 evidence, answered=True).verdict == "supported"


def test_an_amount_claimed_of_a_deposit_is_not_compared_with_the_fines_for_not_paying_it():
    evidence = ["对外承包工程的单位未按照规定存缴备用金的，由商务主管部门责令限期改正，处5万元以上10万元以下的罚款，"
                "对其主要负责人处5000元以上1万元以下的罚款。"]
    assert judge("对外承包工程的企业每家都要交100万元备用金，是吗？", evidence, answered=True).verdict == "not_stated"
    fined = judge("不存缴备用金最高可以罚100万元，对吗？", evidence, answered=True)
    assert fined.verdict == "contradicted" and "1,000,000" in fined.reason


@pytest.mark.parametrize("question, evidence, verdict, shown", [
    ("Is it true that the opinion gives zero tariffs on 100% of tariff lines?",
     ["继续落实给予最不发达国家97%税目输华产品零关税待遇的承诺。"], "contradicted", "97%"),
    ("重庆的文件要求整体通关时间压缩一半，对吗？", ["整体通关时间压缩三分之一。"], "contradicted", "1/3"),
    ("对外贸易法规定最高可以罚款十万元，对吗？", ["可以处五万元以下罚款；"], "contradicted", "50,000"),
    ("Is it true that the treaty came into force in 1997?", ["该协定自1987年1月1日起生效。"], "contradicted", "1987"),
    ("Is it true that imports fell in the first ten months?", ["今年1-10月，中国进口达到2.19万亿美元，增长31.4%。"],
     "contradicted", ""),
    ("Is it true that foreign companies are exempt from paying VAT?",
     ["Both foreign and domestic enterprises are required to pay value-added taxes."], "contradicted", ""),
    ("RCEP指导意见是商务部一家单独印发的，对吗？", ["商务部等6部门联合印发《指导意见》。"], "contradicted", ""),
    ("有报道说商务部取消了81类商品的自动进口许可，是真的吗？",
     ["MOFCOM cancelled automatic import licenses for 81 categories of products."], "supported", ""),
    ("Is it true that the rule took effect on January 1, 2006?", ["该办法自2006年1月1日起施行。"], "supported", ""),
    ("该办法由质检总局发布、2006年1月1日起施行，对吗？",
     ["The Measures, promulgated by AQSIQ, are effective from January 1, 2006."], "supported", ""),
    ("重庆规定对龙头企业最高补助500万元，对吗？", ["对经认定的龙头企业给予政策补助。"], "not_stated", ""),
    # the claim's year picks the figure it is compared with: 2020's share, not this year's
    ("2020年中国进口占世界进口的比重是12%，对吗？",
     ["2020年中国进口占世界进口比重高达11.5%，今年上半年进口额占国际市场份额进一步提升至12%。"], "contradicted", "11.5%"),
    ("2020年中国进口占世界进口的比重是11.5%，对吗？",
     ["2020年中国进口占世界进口比重高达11.5%，今年上半年进口额占国际市场份额进一步提升至12%。"], "supported", ""),
    # a count of people in Chinese (人, 名, 个人) is a figure too
    ("调查组成员至少要5个人，对吗？", ["调查组成员不少于3人。"], "contradicted", "3 people"),
    ("调查组至少有3名成员，对吗？", ["调查组成员不少于3人。"], "supported", ""),
    ("一家企业需要10万人民币的保证金，对吗？", ["保证金金额为10万元人民币。"], "supported", ""),
    # the party a Chinese rule gives an act to ("由……承担")
    ("熏蒸消毒的费用由口岸检疫机关自己承担，是吗？", ["所需费用或者招致的损失，由货主、物主或者其代理人承担。"],
     "contradicted", "货主"),
    ("熏蒸消毒的费用由货主承担，是吗？", ["所需费用或者招致的损失，由货主、物主或者其代理人承担。"], "supported", ""),
    # ... and who interprets a regulation
    ("《药品进口管理办法》由商务部负责解释，对吗？", ["本办法由国家食品药品监督管理局和海关总署负责解释。"], "contradicted", "海关总署"),
    ("《药品进口管理办法》由海关总署负责解释，对吗？", ["本办法由国家食品药品监督管理局和海关总署负责解释。"], "supported", ""),
    # ... and the body a matter is submitted to ("报……批准", "向……报送"), a short name being the same body
    ("规划只要报金华市人民政府批准就可以了，对吗？", ["规划按照规定程序报省人民政府批准。"], "contradicted", "省人民政府"),
    ("规划要报省人民政府批准，对吗？", ["规划按照规定程序报省人民政府批准。"], "supported", ""),
    ("签订合同后要向国家发展和改革委员会报送合同情况，对吗？", ["签订合同，并向中华人民共和国商务部报送合同有关情况。"],
     "contradicted", "商务部"),
    ("签订合同后要向市场监管部门报送合同情况，对吗？", ["签订合同，并向市场监督管理部门报送合同有关情况。"], "supported", ""),
    # "without …" is no negation of the claim: the source's "cannot" is
    ("Is it true that firms outside mainland China can apply for ICP filing directly, without a mainland entity?",
     ["Currently, firms outside mainland China cannot apply for ICP filing."], "contradicted", ""),
    ("Is it true that firms outside mainland China can apply for ICP filing without a mainland entity?",
     ["Firms outside mainland China can apply for ICP filing without a mainland entity."], "supported", ""),
    # a status lost where the source keeps it
    ("Is it true that goods passing through Albania unprocessed lose their origin when exported to those countries?",
     ["Products which do not undergo any processing in Albania retain their origin if exported into those countries."],
     "contradicted", ""),
    # the figure a Chinese source gives right after the claim's own label, whatever other sentence has the claimed one
    ("听说货物放在保税仓库里，正常的存储期限是3年，对吗？", ["保税仓储货物存储期限为1年。", "《保税仓库注册登记证书》有效期为3年。",
                                          "货物在保税仓库内存储期满，未及时申请延期的，海关应当按照规定处理。"],
     "contradicted", "1 year"),
    ("听说保税仓储货物的存储期限是1年，对吗？", ["保税仓储货物存储期限为1年。", "《保税仓库注册登记证书》有效期为3年。"],
     "supported", ""),
    ("延期后存储期限最长是2年，对吗？", ["保税仓储货物存储期限为1年。", "确有正当理由的，延期后存储期限最长不超过2年。"],
     "supported", ""),
    # how often: "every year" where no sentence says so is not stated
    ("出口经营者每年要向商务部门交一份合规报告，是吗？", ["出口经营者应当立即停止出口并向国务院商务主管部门报告。"],
     "not_stated", ""),
    ("企业每年3月底前报送经营情况，对吗？", ["企业应当于每年3月底前报送上一年度的经营情况资料。"], "supported", ""),
    # ... but what is free is said of a fee, and a subsidised loan of a subsidy
    ("I heard China's compulsory standards have to be published free of charge. Is that right?",
     ["强制性标准文本应当免费向社会公开。"], "supported", ""),
    ("听说国有企业拿到的贷款实际上相当于补贴，是这样吗？",
     ["Favored borrowers, particularly SOEs, benefit from what is effectively subsidized capital."], "supported", ""),
    # a ban on another act in another sentence does not contradict a claim that this one may be done
    ("生产许可证证书丢了可以申请补领，对吗？", ["许可证证书遗失或者损毁，应当申请补领，主管部门应当及时受理申请。",
                                   "任何单位和个人不得伪造、变造许可证证书。"], "supported", ""),
    # what a claimed amount is of (a fee, a fine, a subsidy …), where no sentence names it
    ("Is it true that the port labs charge importers a fixed inspection fee for every batch they test?",
     ["口岸药品检验所应当对进口药品实施口岸检验。", "口岸检验所需标准品、对照品由中国药品生物制品检定所负责审核、标定。"], "not_stated", ""),
    # ... checked before the figures: a monthly sales target is not contradicted by a fine's amounts
    ("直销员每个月至少要卖出1万元的货，是吗？", ["没收违法销售收入，可以处5万元以下的罚款；"], "not_stated", ""),
    # an amount claimed of a fee is compared with the amounts of sentences about fees only
    ("Is it true that registering a representative office costs a flat 1,000 yuan?",
     ["代表机构应当如实记载代表机构费用收支情况。", "实缴注册资本不低于人民币8000万元；"], "not_stated", ""),
    # people counted in English against 名 in Chinese; one chief representative is a count
    ("Is it true that a company can send up to five representatives to its office?", ["外国企业可以委派1至3名代表。"],
     "contradicted", "3 people"),
    ("外国企业给驻华代表处可以派两名首席代表，是否如此？", ["外国企业应当委派一名首席代表。"], "contradicted", "1 person"),
    # "may not" is a ban, as 不得 is; "may" alone a permission
    ("Is it true that an insurer being wound up may not move its property out of China before its debts are paid?",
     ["外资保险公司解散的，未清偿债务前，不得将其财产转移至中国境外。"], "supported", ""),
    ("Is it true that an insurer being wound up may move its property out of China before its debts are paid?",
     ["外资保险公司解散的，未清偿债务前，不得将其财产转移至中国境外。"], "contradicted", ""),
    # a length of time from a sentence about something else contradicts nothing: "提前三十日在首页公示" is no
    # deadline for refunding a deposit
    ("I was told a Chinese online seller must refund a customer's deposit within seven days. Is that true?",
     ["电子商务经营者按照约定向消费者收取押金的，应当明示押金退还的方式、程序。", "消费者申请退还押金，符合押金退还条件的，电子商务经营者应当及时退还。",
      "电子商务经营者自行终止从事电子商务的，应当提前三十日在首页显著位置持续公示有关信息。"], "not_stated", ""),
    # an amount in dollars with no unit after it ("$140") is a figure the source must state
    ("I heard a Chinese visa costs U.S. citizens $140. Is that right?",
     ["A visa must be obtained from Chinese Embassies and Consulates before traveling to China."], "not_stated", ""),
    ("I heard a Chinese visa costs U.S. citizens $140. Is that right?",
     ["A visa for U.S. citizens costs $130, paid at the consulate."], "contradicted", "130"),
    # an amount with its currency written first ("RMB 50,000", "US$ 5 million", a range "RMB 50,000 to 100,000")
    ("I read that a testing agency that fakes its results can be fined at most RMB 50,000. True?",
     ["伪造检验结果的，对单位处五万元以上十万元以下的罚款。"], "contradicted", "100"),
    ("Is it true that a company that destroys evidence faces a fine of RMB 50,000 to 100,000?",
     ["毁灭有关证据的，责令停产停业，并处10万元以上20万元以下罚款。"], "contradicted", ""),
    ("Is it true that a company that destroys evidence faces a fine of RMB 100,000 to 200,000?",
     ["毁灭有关证据的，责令停产停业，并处10万元以上20万元以下罚款。"], "supported", ""),
    ("I heard the fund holds US$ 5 million. Right?", ["The fund holds $3 million."], "contradicted", ""),
    # "annual leave" is leave, not something done every year
    ("I read that in China employees who have worked 20 years or more get 15 days of paid annual leave. True?",
     ["已满10年不满20年的，年休假10天；已满20年的，年休假15天。"], "supported", ""),
    # a share written as a fraction: "two-thirds" is the source's "2/3", not its "1/3"
    ("The guide says China's top 14 airports handle two-thirds of the country's air traffic. Is that right?",
     ["The top three airports account for 1/3 of all traffic, while the top 14 airports handle 2/3 of total traffic."],
     "supported", ""),
    ("The guide says China's top 14 airports handle three quarters of the country's air traffic. Is that right?",
     ["The top three airports account for 1/3 of all traffic, while the top 14 airports handle 2/3 of total traffic."],
     "contradicted", ""),
    # a source's 年度 / 年应征…销售额 is a yearly figure: "annual sales", "the annual return" are not unstated
    ("Is it true that firms with annual sales under 2 million yuan count as small taxpayers?",
     ["年应征增值税销售额未超过五百万元的纳税人为小规模纳税人。"], "contradicted", "say RMB 5,000,000, not RMB 2,000,000"),
    ("Is it true that the annual tax return is due within four months after the year ends?",
     ["纳税人应当自年度终了之日起十五日内预缴税款。", "纳税人应当自年度终了之日起五个月内报送年度纳税申报表。"],
     "contradicted", "say 5 months, not 4 months"),
    ("Is it true that the annual tax return is due within five months after the year ends?",
     ["纳税人应当自年度终了之日起五个月内报送年度纳税申报表。"], "supported", ""),
    # a share written 百分之三十 is shown as a percentage
    ("Is it true that at least 20 percent of each yearly procurement budget is set aside for small firms?",
     ["向小企业预留的采购份额应当占本部门年度政府采购项目预算总额的百分之三十以上。"], "contradicted", "say 30%, not 20%"),
    # a date's "13, 2018" stays with the figures before it
    ("I read the Secretary had 90 days after March 2, 2020 to finish the fee study. Correct?",
     ["Not later than 120 days after March 2, 2020, the Secretary shall complete a study of the fee."],
     "contradicted", "say 120 days, not 90 days"),
])
def test_verdicts_compare_figures_and_direction(question, evidence, verdict, shown):
    result = judge(question, evidence, answered=True)
    assert result.verdict == verdict
    if shown:
        assert shown in verdict_line(result, "en")


def test_a_listed_item_s_label_binds_the_figure_after_its_colon_and_the_heading_names_what_it_is():
    items = ["- Helmets: Increase rate to 10 percent in 2025;", "- Bicycles: Increase rate to 30 percent in 2025."]
    context = "Fact sheet on tariff increases"
    assert judge("Is it true that the tariff on bicycles rises to 10 percent?", items, True,
                 context=context).reason == "30% ≠ 10%"
    assert judge("Is it true that the tariff on bicycles rises to 30 percent?", items, True,
                 context=context).verdict == "supported"
    # without a heading or title naming tariffs, the items' percentages are of something unnamed
    assert judge("Is it true that the tariff on bicycles rises to 10 percent?", items, True).verdict == "not_stated"


def test_a_claim_with_no_evidence_is_not_stated():
    assert judge("Is it true that the Expo is held in Shanghai?", [], answered=False).verdict == "not_stated"


def test_claim_answers_lead_with_the_verdict_and_keep_the_quote(real_assistant):
    answer = real_assistant.ask("Is it true that the 2018 national opinion promises zero tariffs on all (100%) "
                                "tariff lines from least developed countries?")
    assert answer.verdict == "contradicted"
    first, rest = answer.text.split("\n", 1)
    assert first.startswith("Contradicted by the documents.") and "97%" in first
    assert "97%税目" in rest and answer.citations  # the source sentence is still quoted and cited
    assert answer.to_dict()["verdict"] == "contradicted"


def test_a_claim_the_documents_do_not_state_is_a_refusal_that_shows_what_was_checked(real_assistant):
    answer = real_assistant.ask("重庆的扩大进口意见规定，对经认定的进口商品龙头企业最高补助500万元，对吗？")
    assert answer.verdict == "not_stated" and answer.refused and not answer.citations
    assert answer.text == "文件中没有这一说法的依据。"
    assert answer.retrieved and answer.retrieved[0].clause.doc_id.startswith("004")  # the Chongqing clause checked


def test_a_claim_stating_a_figure_is_judged_on_the_sentences_that_state_one():
    from rag.claims import figure_preference

    prefer = figure_preference("对外贸易法规定，擅自进出口限制类技术，最高可罚违法所得的十倍，对吗？")
    assert prefer("并处违法所得一倍以上五倍以下罚款。")
    assert not prefer("依照有关法律、行政法规的规定处理、处罚；")
    assert figure_preference("Is it true that the Expo is a platform for trade?") is None


@pytest.mark.parametrize("claim, said", [
    ("Is it true that Chongqing will build a space station for imports?", "space station"),
    ("Is it true that the documents require all imported cars to be electric?", ""),
])
def test_a_claim_about_what_the_documents_never_say_is_not_stated(real_assistant, claim, said):
    answer = real_assistant.ask(claim)
    assert answer.verdict == "not_stated" and answer.refused
    assert answer.text.startswith("Not stated in the documents.") and said in answer.text
    assert answer.retrieved  # the closest clauses are still shown


def test_weak_support_still_answers_a_claim_the_documents_contradict(real_assistant):
    answer = real_assistant.ask("Is it true that the opinion forwarded as Guobanfa [2018] No. 53 was drawn up by "
                                "the Ministry of Commerce alone, without other departments?")
    assert answer.verdict == "contradicted" and not answer.refused
    assert any("外交部" in s for c in answer.citations for s in c.sentences)  # the other departments, quoted


def test_weak_support_answers_a_claim_whose_every_figure_the_documents_state(real_assistant, monkeypatch):
    """With support too weak to answer a question ("first passed back in 1996" over a summary that says "originally
    enacted in 1996"), a claim is still judged supported when the cited sentences state each figure it claims; one
    stating no figure is not (that nothing contradicts it is no support)."""
    import rag.assistant

    monkeypatch.setattr(rag.assistant, "should_refuse", lambda *a, **k: True)
    answer = real_assistant.ask("Is it true that the 2018 national opinion grants zero tariffs on 97% of tariff "
                                "lines from the least developed countries?")
    assert answer.verdict == "supported" and not answer.refused and "97%" in answer.text
    answer = real_assistant.ask("Is it true that the 2018 national opinion encourages imports of advanced technology?")
    assert answer.refused and answer.verdict == "not_stated"


def test_a_verdict_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    code = ("from rag.claims import judge, verdict_line; v = judge('协定是1997年1月1日生效的，对吗？', "
            "['The treaty took effect on January 1, 1987, and was revised in 1999 and in 2009.'], True); "
            "print(v.verdict, verdict_line(v, 'en'))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(4)}
    assert len(outputs) == 1 and outputs.pop().startswith("contradicted")


_TWO_RATES_EN = ["Two exceptions apply to the 25 percent rate: small firms with thin profits pay 20 percent, "
                 "and firms in encouraged high-tech industries pay 15 percent."]
_TWO_RATES_ZH = ["符合条件的小型微利企业，减按20%的税率征收企业所得税；国家需要重点扶持的高新技术企业，减按15%的税率征收企业所得税。"]


@pytest.mark.parametrize("question, evidence, verdict", [
    ("Is it true that high-tech firms pay a 20 percent rate?", _TWO_RATES_EN, "contradicted"),
    ("Is it true that high-tech firms pay 15 percent?", _TWO_RATES_EN, "supported"),
    ("Is it true that small firms pay 20 percent?", _TWO_RATES_EN, "supported"),
    ("高新技术企业按20%的税率缴纳企业所得税，对吗？", _TWO_RATES_ZH, "contradicted"),
    ("小型微利企业的税率是20%，对吗？", _TWO_RATES_ZH, "supported"),
    ("Is it true that high-tech enterprises pay 20% income tax?", _TWO_RATES_ZH, "contradicted"),
])
def test_a_figure_is_checked_against_what_the_claim_says_it_is_about(question, evidence, verdict):
    """A sentence holding the claimed figure supports the claim only if the figure is about the claim's
    subject: "20%" belongs to small firms there, so high-tech firms at 20% is contradicted (by 15%)."""
    result = judge(question, evidence, answered=True)
    assert result.verdict == verdict
    if verdict == "contradicted":
        assert result.reason == "15% ≠ 20%"


def test_a_claim_naming_a_thing_the_evidence_never_mentions_is_not_stated():
    """The evidence sets up the fund but says nothing of customs duties: the claim that duties finance it
    is not stated, whatever else the sentence shares with it; the same claim without that thing is
    supported."""
    evidence = ["国家根据对外贸易发展的需要，建立和完善为对外贸易服务的金融机构，设立对外贸易发展基金、风险基金。"]
    assert judge("Is it true that the law says the foreign trade development fund is financed from customs duties?",
                 evidence, answered=True).verdict == "not_stated"
    assert judge("Is it true that the state sets up a foreign trade development fund?",
                 evidence, answered=True).verdict == "supported"


@pytest.mark.parametrize("question, verdict", [
    ("Is it true that the opinion raises import tariffs on energy raw materials?", "contradicted"),
    ("Is it true that the opinion hikes import tariffs on energy raw materials?", "contradicted"),
    ("Is it true that the opinion lowers import tariffs on energy raw materials?", "supported"),
])
def test_a_tariff_raised_is_the_opposite_of_one_lowered(question, verdict):
    """"Raised" and "hiked" are the rising side of a direction, as "increased" is: a claim that a rule raises
    tariffs is contradicted by a source that lowers them (降低), not supported by it."""
    evidence = ["根据国内经济发展需要，以暂定税率的方式，降低部分能源原材料的进口关税。"]
    assert judge(question, evidence, answered=True).verdict == verdict


@pytest.mark.parametrize("question, evidence, verdict", [
    ("反补贴税的纳税人是出口经营者，对吗？", ["反补贴税的纳税人为补贴进口产品的进口经营者。"], "contradicted"),
    ("Is it true that the importer pays the duty?", ["反补贴税的纳税人为补贴进口产品的进口经营者。"], "supported"),
    ("进出口货物都要申报，对吗？", ["进口货物的收货人应当向海关申报。"], "supported"),  # 进出口 holds both
    # the Export-Import Bank is no direction: a claim naming it is not contradicted by "exports"
    ("Is it true that the Export-Import Bank's China program covers exports of renewable energy?",
     ["The Bank shall support exports in the following areas: renewable energy, energy efficiency, and energy storage."],
     "supported"),
    ("Is it true that MOFCOM may force exporters to make undertakings?",
     ["商务部可以向出口经营者提出有关价格承诺的建议。", "商务部不得强迫出口经营者作出承诺。"], "contradicted"),
    ("Is it true that MOFCOM may suggest price undertakings to exporters?",
     ["商务部可以向出口经营者提出有关价格承诺的建议。", "商务部不得强迫出口经营者作出承诺。"], "supported"),
])
def test_direction_is_read_where_the_claim_is_stated(question, evidence, verdict):
    """Import against export is a contradiction; and the sentence most about the claim decides its
    direction, even when a neighbouring sentence points the other way."""
    assert judge(question, evidence, answered=True).verdict == verdict


@pytest.mark.parametrize("claim, verdict", [
    ("Is it true that the fine is at most five times the illegal turnover?", "contradicted"),  # 5 is the minimum
    ("罚款最高是违法经营额的五倍，对吗？", "contradicted"),
    ("罚款至少是违法经营额的十倍，对吗？", "contradicted"),  # 10 is the maximum
    ("Is it true that the fine can be up to ten times the illegal turnover?", "supported"),
    ("Is it true that the fine is at least five times the illegal turnover?", "supported"),
])
def test_a_bound_on_a_figure_is_checked_against_the_range_the_source_gives(claim, verdict):
    from rag.claims import judge

    evidence = ["出口经营者有下列行为之一的，责令停止违法行为，没收违法所得，违法经营额五十万元以上的，"
                "并处违法经营额五倍以上十倍以下罚款；"]
    assert judge(claim, evidence, True, 0.5).verdict == verdict


def test_a_claim_whose_figures_the_source_states_needs_fewer_of_its_words_there():
    from rag.claims import judge

    evidence = ["临时管制的实施期限不超过二年。"]
    claim = "Is it true that a temporary control can last at most two years?"
    assert judge(claim, evidence, True, 0.15).verdict == "supported"  # its words reach Chinese only translated
    assert judge("Is it true that the list must be reviewed every year?", evidence, True, 0.15).verdict == "not_stated"


def test_the_clause_a_claim_names_is_no_figure_of_the_claim():
    from rag.claims import figures

    assert {f.value for f in figures("RCEP指导意见的第23项任务是发挥海南自由贸易港的叠加效应")} == set()
    assert {f.value for f in figures("Article 16 says the licence is issued within 30 days")} == {30.0}


_FREE_PORT = ["货物由海南自由贸易港进入境内其他地区（以下简称内地），原则上按进口规定办理相关手续。",
              "货物、物品以及运输工具由内地进入海南自由贸易港，按国内流通规定管理。"]


@pytest.mark.parametrize("question, verdict", [
    ("货物从内地进入海南，要按进口规定办理手续，对吗？", "contradicted"),  # said of goods going the other way
    ("货物从海南进入内地，要按进口规定办理手续，对吗？", "supported"),
    ("货物从内地进入海南，按国内流通规定管理，对吗？", "supported"),
])
def test_where_goods_move_from_and_to_is_checked(question, verdict):
    result = judge(question, _FREE_PORT, True)
    assert result.verdict == verdict
    if verdict == "contradicted":
        assert verdict_line(result, "zh") == "与文件不符。文件写的是海南自由贸易港 → 内地，不是内地 → 海南。"


def test_in_force_on_publication_is_supported_only_where_the_law_says_so():
    claim = "Is it true that the law took effect on the day it was published?"
    assert judge(claim, ["本法自公布之日起施行。"], True).verdict == "supported"
    dated = judge(claim, ["本法自2021年6月10日起施行。"], True)
    assert (dated.verdict, dated.reason) == ("contradicted", "10 June 2021 ≠ the day of publication")


def test_the_year_a_law_took_effect_is_read_from_the_sentence_saying_so():
    evidence = ["本条例自2002年1月1日起施行。", "1997年3月25日国务院发布的《中华人民共和国反倾销和反补贴条例》中关于反补贴的规定同时废止。"]
    result = judge("Is it true that the regulations came into force in 2005?", evidence, True, covered=0.05)
    assert (result.verdict, result.reason) == ("contradicted", "2002 ≠ 2005")  # not the repealed one's 1997
    assert judge("Is it true that the regulations came into force in 2002?", evidence, True, 0.05).verdict == "supported"


def test_working_days_are_days_and_a_length_in_other_units_is_the_same_time():
    from rag.claims import Figure, figures

    assert figures("自收到申请之日起30个工作日内") == {Figure("day", 30.0)}
    assert figures("within 15 working days") == {Figure("day", 15.0)}
    assert figures("自公告之日起30日内作出决定") == {Figure("day", 30.0)}
    assert Figure("day", 30.0) not in figures("本条例自2002年1月1日起施行")  # a date, not a length of time
    assert judge("Is it true that the measure can last up to 12 months?", ["实施期限不得超过1年。"], True,
                 0.6).verdict == "supported"
    # a licence valid for three years is not contradicted by the ten working days to decide on it
    assert judge("技术进口许可证的有效期是三年，对吗？", ["并自收到前款规定的文件之日起10个工作日内，对技术进口作出许可或者不许可的决定。"],
                 True, 0.6).verdict == "not_stated"


def test_a_figure_stated_only_of_something_else_is_contradicted_by_the_sentence_about_the_claim():
    claim = "技术出口许可的审查期限是自收到合同副本等文件之日起10个工作日，对吗？"
    evidence = ["国务院外经贸主管部门对技术进口合同的真实性进行审查，并自收到前款规定的文件之日起10个工作日内，对技术进口作出许可或者不许可的决定。",
                "国务院外经贸主管部门对技术出口合同的真实性进行审查，并自收到前款规定的文件之日起15个工作日内，对技术出口作出许可或者不许可的决定。"]
    verdict = judge(claim, evidence, True, 0.9)
    assert verdict.verdict == "contradicted"
    assert verdict_line(verdict, "zh") == "与文件不符。文件写的是15个工作日，不是10个工作日。"
    assert verdict_line(verdict, "en").endswith("The documents say 15 working days, not 10 working days.")
    assert judge("技术进口许可的审查期限是10个工作日，对吗？", evidence, True, 0.9).verdict == "supported"


def test_an_amount_claimed_of_a_year_the_evidence_never_mentions_is_not_stated():
    evidence = ["China attracted $105.7 billion in foreign direct investment (FDI) in 2010, second only to the United States."]
    assert judge("Is it true that China's FDI in 2011 went above $116 billion?", evidence, True, 0.5).verdict == "not_stated"
    # the amount is the evidence's, the year is not: the year is what the claim gets wrong
    verdict = judge("Is it true that China attracted $105.7 billion of FDI in 2011?", evidence, True, 0.5)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "2010 ≠ 2011")


def test_a_period_in_other_units_in_the_sentence_about_the_claim_contradicts_it():
    evidence = ["因品质或者规格原因，进口货物自进口之日起1年内原状复运出境的，不征收出口关税。",
                "暂时进境的在展览会、交易会中展示的货物，可以暂不缴纳关税，并应当自进境之日起6个月内复运出境。"]
    verdict = judge("展会上展示的暂时进境货物，应当自进境之日起一年内复运出境，对吗？", evidence, True, 0.6)
    assert verdict.verdict == "contradicted"
    assert verdict_line(verdict, "zh") == "与文件不符。文件写的是6个月，不是1年。"
    assert judge("展会上展示的暂时进境货物，应当自进境之日起6个月内复运出境，对吗？", evidence, True, 0.6).verdict == "supported"


def test_a_body_the_claim_puts_in_place_of_the_one_the_evidence_names():
    evidence = ["The notice established an interagency Joint Conference, led by NDRC and MOFCOM, with the authority "
                "to block foreign mergers and acquisitions."]
    verdict = judge("Is it true that the Joint Conference on security reviews is led by SASAC?", evidence, True, 0.5)
    assert verdict.verdict == "contradicted"
    assert verdict_line(verdict, "en").endswith("The documents say NDRC and MOFCOM, not SASAC.")
    # the same bodies by other names, or one of them, is no contradiction
    assert judge("Is it true that the Joint Conference is led by the Ministry of Commerce and NDRC?", evidence, True,
                 0.5).verdict == "supported"
    assert judge("Is it true that the Joint Conference is run by SASAC?", evidence, True, 0.5).verdict == "not_stated"


@pytest.mark.parametrize("claim, evidence, verdict", [
    ("Is it true that China attracted $105.7 billion of FDI in 2010, more than any other country?",
     "China attracted $105.7 billion in foreign direct investment (FDI) in 2010, second only to the United States.",
     "contradicted"),
    ("Is it true that China attracted $105.7 billion of FDI in 2010?",
     "China attracted $105.7 billion in foreign direct investment (FDI) in 2010, second only to the United States.",
     "supported"),
    ("中国是世界最大的进口市场，对吗？", "中国已连续多年是全球第二大进口市场。", "contradicted"),
    ("中国是世界第二大进口市场，对吗？", "中国已连续多年是全球第二大进口市场。", "supported"),
    # "ranking second in the world" is second place too, and "America" the United States the evidence names
    ("Is it true that China had the second-largest number of online shoppers in the world in 2011, after America?",
     "Internet shoppers in China hit 145 million in 2011, ranking second in the world after the United States. "
     "China will become the world's largest e-commerce market in 2015.", "supported"),
])
def test_first_place_claimed_against_second_place_stated(claim, evidence, verdict):
    assert judge(claim, [evidence], True, 0.6).verdict == verdict


_LEAVE = ["对职工应休未休的年休假天数，单位应当按照该职工日工资收入的300%支付年休假工资报酬。"]
_AGE = ["不得利用不满十周岁的未成年人作为广告代言人。"]
_DECIDE = ["海关应当自收到申请之日起十四日内作出决定。"]


@pytest.mark.parametrize("claim, evidence, verdict, shown", [
    # a multiple in words against a percentage of 100 or more ("double" the wage, 日工资收入的300%)
    ("Is it true that unused annual leave is paid at double the daily wage?", _LEAVE, "contradicted", "300% ≠ 2 times"),
    ("Is it true that unused annual leave is paid at three times the daily wage?", _LEAVE, "supported", ""),
    # an age with no unit ("children under eight") against 不满十周岁
    ("Is it true that children under eight cannot be used as ad spokespeople?", _AGE, "contradicted",
     "10 years old ≠ 8 years old"),
    ("Is it true that children under ten cannot be used as ad spokespeople?", _AGE, "supported", ""),
    # "more than five years old" (records) is 超过5年
    ("Is it true that negative records must be deleted once they are more than five years old?",
     ["征信机构对个人不良信息的保存期限为5年；超过5年的，应当予以删除。"], "supported", ""),
    # weeks are seven days; "a month" is one month (not "twice a year", a frequency)
    ("Is it true that customs decides on the application within two weeks?", _DECIDE, "supported", ""),
    ("海关两周内作出决定，对吗？", _DECIDE, "supported", ""),
    ("Is it true that customs decides on the application within three weeks?", _DECIDE, "contradicted",
     "14 days ≠ 21 days"),
    ("Is it true that customs decides on the application within a month?", _DECIDE, "contradicted", "14 days ≠ 1 month"),
])
def test_figures_written_in_words_are_compared(claim, evidence, verdict, shown):
    found = judge(claim, evidence, True, 0.6)
    assert (found.verdict, found.reason) == (verdict, shown)


_RULE = ["On October 28, 2024, the Treasury Department issued a final investment rule implementing the order with an "
         "effective date of January 2, 2025."]
_LAW = ["本法于2019年3月15日第十三届全国人民代表大会第二次会议通过，自2020年1月1日起施行。"]


@pytest.mark.parametrize("claim, evidence, verdict, shown", [
    # a date the evidence gives to another event: issued on the day it took effect
    ("Is it true that Treasury issued its final investment rule on January 2, 2025?", _RULE, "contradicted",
     "October 28, 2024 ≠ January 2, 2025"),
    ("Is it true that the investment rule took effect on October 28, 2024?", _RULE, "contradicted",
     "January 2, 2025 ≠ October 28, 2024"),
    ("Is it true that the investment rule took effect on January 2, 2025?", _RULE, "supported", ""),
    ("本法于2020年1月1日通过，对吗？", _LAW, "contradicted", "2019年3月15日 ≠ 2020年1月1日"),
    ("本法自2020年1月1日起施行，对吗？", _LAW, "supported", ""),
])
def test_a_date_is_the_date_of_the_event_the_evidence_gives_it_to(claim, evidence, verdict, shown):
    found = judge(claim, evidence, True, 0.6)
    assert (found.verdict, found.reason) == (verdict, shown)


def test_a_country_the_evidence_does_not_name_is_not_stated():
    evidence = ["The term “foreign country of concern” means the People’s Republic of China, the Democratic People’s "
                "Republic of Korea, the Russian Federation, the Islamic Republic of Iran, or any other country."]
    claim = "I heard the U.S. list of foreign countries of concern names China, North Korea, Russia and {}. Correct?"
    assert judge(claim.format("Cuba"), evidence, True, 0.6).verdict == "not_stated"
    assert judge(claim.format("Iran"), evidence, True, 0.6).verdict == "supported"


def test_a_count_of_things_is_compared_with_counts_of_the_same_things():
    evidence = ["China explicitly recognized computer software as a literary work, granting fifty years of protection.",
                "These two companies are subject to the same ceiling of twenty revenue-sharing foreign films per year."]
    verdict = judge("Is it true that China lets in up to 50 revenue-sharing foreign films a year?", evidence, True, 0.5)
    assert verdict.verdict == "contradicted"  # not supported by "fifty years" of software protection
    assert verdict_line(verdict, "en").endswith("The documents say 20 films, not 50 films.")
    assert judge("Is it true that China lets in up to twenty foreign films a year?", evidence, True,
                 0.5).verdict == "supported"
    # a count the evidence gives of nothing the claim counts is no reason to call the claim unstated
    assert judge("Is it true that the guidance covers six areas?", ["指导意见从六个方面提出了措施。"], True,
                 0.5).verdict == "supported"


def test_a_span_of_months_and_a_body_named_in_full_are_checked():
    evidence = ["Representative offices must submit annual reports to SAIC or AIC between March 1st and June 30th of "
                "each year with all proper documentation required."]
    verdict = judge("Is it true that representative offices file annual reports between January 1st and March 31st?",
                    evidence, True, 0.7)
    assert verdict_line(verdict, "en").endswith("The documents say March–June, not January–March.")
    assert judge("Is it true that offices file annual reports between March 1st and June 30th?", evidence, True,
                 0.7).verdict == "supported"
    review = ["国家建立外商投资安全审查制度，对影响国家安全的外商投资进行安全审查。"]
    assert judge("Is it true that the security review is run by the National Development and Reform Commission?",
                 review, True, 0.5).verdict == "not_stated"  # the body is named nowhere
    assert judge("Is it true that the Ministry of Commerce reviews mergers?", ["商务部负责审查并购。"], True,
                 0.5).verdict == "supported"  # 商务部


def test_a_rate_per_ten_thousand_is_compared_with_one_per_thousand():
    evidence = ["未作约定的，按照每日利率万分之五支付逾期利息。"]
    claim = "逾期利息如果合同没约定，是按每天千分之一算吗？"
    assert is_claim(claim)
    verdict = judge(claim, evidence, True, 0.6)
    assert verdict.verdict == "contradicted"
    assert verdict_line(verdict, "zh").endswith("文件写的是0.05%，不是0.1%。")
    assert judge("逾期利息是按每日万分之五计算吗？", evidence, True, 0.6).verdict == "supported"


@pytest.mark.parametrize("question, claim", [
    ("Does the White House fact sheet say the money raised by the new tariffs will be spent on border security?",
     "the money raised by the new tariffs will be spent on border security"),
    ("Does the notice state the fee must be paid in cash?", "the fee must be paid in cash"),
    ("Does the law say that fees are capped?", "fees are capped"),
])
def test_asking_whether_a_document_says_something_is_a_claim(question, claim):
    assert is_claim(question) and claim_text(question) == claim


@pytest.mark.parametrize("question", ["What does the law say about fees?", "Does the law say anything about fees?",
                                      "Does the guide say how long it takes?", "What does the guide say the deadline is?",
                                      "Does the law apply to foreign firms?",
                                      "Does the United States require a licence for these exports?"])
def test_asking_what_a_document_says_is_no_claim(question):
    assert not is_claim(question)


def test_the_verb_oppose_is_no_tag_of_a_claim():
    assert not is_claim("员工想成立工会，老板能反对吗？")  # 反对: oppose, not 对吗 ("right?")
    assert is_claim("员工可以成立工会，对吗？")


def test_a_claim_the_source_negates_is_contradicted():
    evidence = ["The country has not ratified the conventions on freedom of association and collective bargaining, "
                "but has ratified conventions prohibiting child labor."]
    assert judge("I read that the country has signed the conventions on freedom of association and collective "
                 "bargaining. Is that right?", evidence, True, 0.7).verdict == "contradicted"
    assert judge("Is it true that the country has ratified conventions prohibiting child labor?", evidence, True,
                 0.7).verdict == "supported"
    assert judge("Is it true that the country has not ratified the conventions on collective bargaining?", evidence,
                 True, 0.7).verdict == "supported"


def test_a_thing_the_english_source_calls_by_another_glossary_name_is_stated():
    evidence = ["Foreign-invested enterprises do not need pre-approval to open foreign exchange accounts."]
    assert judge("Is it true that foreign companies can open foreign currency accounts without approval?", evidence,
                 True, 0.6).verdict == "supported"  # foreign currency: 外汇, "foreign exchange"
    inspectors = ["监督检查的人员不得少于2人，并应当出示证件。"]
    assert judge("Is it true that there must be at least two inspectors and they have to show ID?", inspectors, True,
                 0.6).verdict == "supported"  # ID: 证件


def test_days_before_an_event_are_a_length_of_time_and_a_day_of_the_month_is_not():
    evidence = ["输入其他动物的，应当在进境前15日报检。"]
    verdict = judge("进口一般动物，要在到港前30天报检，对吧？", evidence, True, 0.6)
    assert verdict_line(verdict, "zh") == "与文件不符。文件写的是15天，不是30天。"
    assert judge("应当于每年3月31日前公开，对吗？", ["应当于每年3月31日前公开上一年度的信息。"], True,
                 0.6).verdict == "supported"  # 31日 is a date, no length of 31 days


def test_a_length_in_another_unit_in_the_sentence_about_the_claim_contradicts_it():
    evidence = ["临时保障措施的实施期限，自临时保障措施决定公告规定实施之日起，不超过200天。"]
    verdict = judge("Is it true that a provisional safeguard measure can last up to one year?", evidence, True, 0.6)
    assert verdict_line(verdict, "en").endswith("The documents say 200 days, not 1 year.")


def test_a_claim_that_one_party_is_the_only_one_is_contradicted_by_a_list_naming_others():
    evidence = ["出口货物发货人可以向海关、中国国际贸易促进委员会及其地方分会申请领取出口货物原产地证书。"]
    assert judge("办原产地证书只能去找海关，对吗？", evidence, True, 0.6).verdict == "contradicted"
    report = ["发生突发事件时，应当立即向中国驻该国使馆(领馆)和国内有关主管部门报告。"]
    assert judge("碰上突发事件，只要向国内主管部门报告就行了，是否如此？", report, True, 0.6).verdict == "contradicted"
    assert judge("原产地证书只能由国务院批准，对吗？", ["原产地证书由国务院批准。"], True, 0.6).verdict == "supported"


def test_a_figure_of_the_sentences_most_about_a_claim_contradicts_one_said_of_something_else():
    # two sentences hold as many of the claim's words; the only calendar-day figure between them is 3 days, and
    # the claimed 7 days stand in a sentence about another step (a reply to the audit report)
    evidence = ["海关进行稽查时，应当在实施稽查的3日前，书面通知被稽查人。",
                "海关总署应当自收到全部申请文件之日起30个工作日内作出是否准予备案的决定，并书面通知申请人。",
                "被稽查人应当自收到相关材料之日起7日内，将其书面意见送交海关。"]
    verdict = judge("Is it true that customs has to give a company 7 days' written notice before it starts an audit?",
                    evidence, answered=True)
    assert verdict.verdict == "contradicted" and verdict.reason == "3 days ≠ 7 days"


def test_a_tied_sentence_without_a_figure_leaves_the_claimed_figure_where_the_evidence_states_it():
    evidence = ["知识产权权利人可以在知识产权海关保护备案有效期届满前6个月内，向海关总署申请续展备案。",
                "每次续展备案的有效期为10年。",
                "知识产权海关保护备案有效期届满而不申请续展的，知识产权海关保护备案随即失效。"]
    assert judge("Is it true that a customs IP recordal can be renewed, and each renewal lasts 10 years?",
                 evidence, answered=True).verdict == "supported"


def test_a_chinese_claim_is_contradicted_by_the_english_source_that_negates_it():
    evidence = ["Chinese lawyers are allowed to work at foreign law firms, but they may not practice law as licensed "
                "Chinese attorneys.",
                "Foreign lawyers are not permitted to qualify to practice law in China and are not allowed to form "
                "joint ventures with Chinese lawyers."]
    assert judge("有人说外国律师可以和中国律师合办合资律所，对吗？", evidence, answered=True).verdict == "contradicted"
    # the same claim negated agrees with the source; a bound (不超过) is no negation
    assert judge("有人说外国律师不能和中国律师合办合资律所，对吗？", evidence, answered=True).verdict == "supported"


def test_a_bound_claimed_of_a_range_is_checked_against_the_range_when_another_sentence_is_closer():
    # the sentences sharing most of the claim's words give no range (the five years of a ban); the one giving the
    # range decides
    evidence = ["未经许可擅自出口管制物项；",
                "违反本法规定受到处罚的出口经营者，自处罚决定生效之日起，国家出口管制管理部门可以在五年内不受理其提出的出口许可申请；",
                "对其直接负责的主管人员和其他直接责任人员，可以禁止其在五年内从事有关出口经营活动，因出口管制违法行为受到刑事处罚的，"
                "终身不得从事有关出口经营活动。",
                "出口经营者有下列行为之一的，责令停止违法行为，没收违法所得，违法经营额五十万元以上的，并处违法经营额五倍以上十倍以下罚款；"]
    verdict = judge("Is it true that a firm caught exporting controlled items without a licence can be fined at most "
                    "five times the illegal turnover?", evidence, answered=True)
    assert verdict.verdict == "contradicted" and verdict.reason.startswith("10")


def test_a_most_claimed_that_the_source_gives_only_as_a_least_is_contradicted():
    """"can each be fined up to RMB 500,000": every quoted sentence giving 50万元 gives it as the least of a range
    (处五十万元以上二百万元以下), so the claimed most is contradicted, whichever sentence is closest to the claim (here
    an unrelated one quoted beside them); a sentence stating the figure on its own leaves the claim to the other
    checks."""
    fines = ("环境影响报告书存在严重质量问题的，由生态环境主管部门对建设单位处五十万元以上二百万元以下的罚款，"
             "并对建设单位的法定代表人、主要负责人、直接负责的主管人员，处五万元以上二十万元以下的罚款。")
    drafter = ("接受委托编制环境影响报告书的技术单位违反环境影响评价标准和技术规范，致使其编制的环境影响报告书存在严重质量"
               "问题的，对技术单位处所收费用三倍以上五倍以下的罚款；")
    others = ["情节严重的，禁止从事环境影响报告书编制工作；",
              "畜牧兽医主管部门应当建立乳品生产经营者违法行为记录，及时提供给中国人民银行，纳入企业信用信息基础数据库。"]
    claim = ("I heard that the managers behind a badly flawed environmental report in China can each be fined up to "
             "RMB 500,000. True?")
    verdict = judge(claim, [fines, drafter, *others], answered=True)
    assert verdict.verdict == "contradicted" and verdict.reason == "RMB 2,000,000 ≠ RMB 500,000"
    stated = fines.replace("五十万元以上二百万元以下", "五十万元")
    assert judge(claim, [stated, drafter, *others], answered=True).verdict != "contradicted"


def test_a_length_in_days_after_ahead_is_a_figure():
    """"提前三十日在首页……公示": 30 days (alone, 三十日 may be a day of the month)."""
    from rag.claims import Figure, figures

    assert Figure("day", 30.0) in figures("电子商务经营者自行终止从事电子商务的，应当提前三十日在首页显著位置持续公示有关信息。")
    assert figures("本办法自三月三十日起施行") == {Figure("calendar-month", 3.0)}  # March: no length of time


def test_a_month_of_the_year_is_no_number_of_months():
    """"signed in December 2024" is no "12 months", and "September 9, 2024" no "9 months": a claim dated by another
    month than the source's is not contradicted by it (the source may date another event), and a Chinese date's
    month is the same month as the English one."""
    from rag.claims import Figure, figures

    assert figures("signed into law in December 2024") == {Figure("calendar", 2024.0), Figure("calendar-month", 12.0)}
    assert Figure("month", 12.0) in figures("within 12 months")
    assert figures("2006年1月1日") == figures("January 1, 2006") == {Figure("calendar", 2006.0),
                                                                   Figure("calendar-month", 1.0)}
    verdict = judge("Is it true that the BIOSECURE Act was signed into law in December 2024?",
                    ["Passed the House of Representatives September 9, 2024."], answered=True)
    assert verdict.verdict == "not_stated"
    assert judge("该办法2006年1月1日起施行，对吗？", ["The Measures are effective from January 1, 2006."],
                 answered=True).verdict == "supported"
    # a claim dating one event to the day is contradicted by the source's other month of the same year
    issued = judge("国发〔2012〕15号是国务院在2012年6月7日印发的，对吗？", ["中华人民共和国国务院二○一二年四月三十日"], answered=True)
    assert issued.verdict == "contradicted"
    assert verdict_line(issued, "zh").endswith("文件写的是4月，不是6月。")
    # a deadline's month is compared when the claim names no event the source dates otherwise
    due = judge("Someone told me annual company reports in China are due by the end of March. True?",
                ["企业应当于每年1月1日至6月30日，通过企业信用信息公示系统向工商行政管理部门报送上一年度年度报告。"], answered=True)
    assert (due.verdict, due.reason) == ("contradicted", "June ≠ March")


def test_a_claim_naming_what_the_documents_never_mention_is_contradicted_only_by_its_own_figure():
    """"网店……提前十天在首页公告" (网店, 公告: words the law never uses) is contradicted by 提前三十日 said of the same
    thing (提前, 首页 beside both figures); "经济法院……一年内结案" is not by "3年以上……从事直销活动的经验"."""
    from rag.claims import judge

    law = ["电子商务经营者自行终止从事电子商务的，应当提前三十日在首页显著位置持续公示有关信息。"]
    verdict = judge("听说网店不想干了，提前十天在首页公告一下就行，对吗？", law, True, 0.38, unmentioned=True)
    assert verdict.verdict == "contradicted" and "30" in verdict.reason
    other = ["Formal commercial disputes between investors are heard in economic courts.",
             "投资者具有良好的商业信誉，在提出申请前连续5年没有重大违法经营记录；外国投资者还应当有3年以上在中国境外从事直销活动的经验；"]
    claim = "美国的商务指南说中国经济法院审理投资者之间的纠纷一般一年内结案，是否如此？"
    assert judge(claim, other, True, 0.39, unmentioned=True).verdict != "contradicted"
    assert judge(claim, other, True, 0.39).verdict == "contradicted"  # (any figure of its kind, when all is mentioned)


def test_a_rate_of_growth_is_no_share_of_a_market():
    """"U.S. makers hold half of the market" is not contradicted by a market "growing at 15 percent annually"; a
    claimed growth is by the growth stated ("grew 10 percent": "an increase of 23.47 percent"), and a change *to* a
    figure states a level ("increased to 10 percent" is 10%)."""
    from rag.claims import Figure, figures, judge

    market = ["China's medical equipment market has been growing at 15 percent annually and reached RMB 100 billion."]
    claim = "I read that U.S. manufacturers hold half of China's medical equipment market. Is that right?"
    assert judge(claim, market, True, 0.8).verdict != "contradicted"
    grew = "I read that China's medical equipment market grew 10 percent a year. Is that right?"
    assert judge(grew, market, True, 0.8).verdict == "contradicted"
    assert Figure("percent", 10.0) in figures("the rate was increased to 10 percent")
    assert Figure("growth", 15.0) in figures("进口额同比增长15%") and Figure("percent", 15.0) in figures("税率为15%")


def test_a_count_an_english_source_never_writes_is_not_stated_there():
    """"about 5,000 foreign-invested commercial enterprises" is not supported by a source that names such
    enterprises and counts none; a count in figures with a thousands comma is read ("over 20,000 hospitals")."""
    from rag.claims import Figure, figures, judge

    assert Figure("count:hospitals", 20000.0) in figures("China has over 20,000 hospitals")
    source = ["In 2005, the Ministry of Commerce issued documents outlining the application procedures for investors "
              "to establish new foreign-invested commercial enterprises in China."]
    claim = "The guide says there are about 5,000 foreign-invested commercial enterprises in China. Correct?"
    assert judge(claim, source, True, 0.8).verdict == "not_stated"
    counted = ["There are about 5,000 foreign-invested commercial enterprises in China."]
    assert judge(claim, counted, True, 0.8).verdict == "supported"


def test_which_ones_is_no_count():
    """深圳有哪几个区算保税区？ asks which districts, not how many."""
    from rag.answerability import asked_for

    assert asked_for("深圳有哪几个区算保税区？").kind != "number"
    assert asked_for("深圳有几个区算保税区？").kind == "number"


def test_a_claim_naming_a_country_the_evidence_never_mentions_is_not_stated():
    evidence = ["A transaction is an excepted transaction where it involves a person of a country or territory outside "
                "the United States designated by the Treasury Secretary."]
    assert judge("Is it true that Treasury has already designated the United Kingdom as an excepted country?",
                 evidence, answered=True).verdict == "not_stated"
    assert judge("Is it true that a country outside the United States may be designated by the Treasury Secretary?",
                 evidence, answered=True).verdict == "supported"


def test_a_grade_in_roman_numerals_is_a_figure():
    research = ["从事Ⅲ、Ⅳ级农业转基因生物研究的，应当在研究开始前向国务院农业行政主管部门报告。"]
    assert judge("从事Ⅰ、Ⅱ级农业转基因生物研究的，要在研究开始前报告，对吗？", research, True).verdict == "contradicted"
    assert judge("从事Ⅲ级农业转基因生物研究的，要在研究开始前报告，对吗？", research, True).verdict == "supported"
    devices = ["Class III devices shall not be marketed without premarket approval."]
    assert judge("Is it true that Class II devices need premarket approval?", devices, True).reason == "III ≠ II"


def test_the_year_of_the_document_a_claim_cites_is_no_figure_it_claims():
    # "按照1986年的…规定，": which document, not a year the staff rule is dated; the rule is the claim
    assert claim_text("按照1986年的鼓励外商投资规定，外资企业辞退职工要向当地劳动部门备案，对吗？") == "外资企业辞退职工要向当地劳动部门备案"
    assert judge("按照1986年的鼓励外商投资规定，外资企业辞退职工要向当地劳动部门备案，对吗？",
                 ["外商投资企业招聘、招收、辞退或者开除职工，应当向当地劳动人事部门备案。"], True).verdict == "supported"
    assert claim_text("Is it true that under the February 2025 order, no drawback is available?") == "no drawback is available"


def test_a_grade_binds_the_figure_claimed_of_it():
    ev = ["（二）第二类医疗器械注册申请、变更注册申请、延续注册申请的技术审评时限为60日，申请资料补正后的技术审评时限为60日；",
          "（三）第三类医疗器械注册申请、变更注册申请、延续注册申请的技术审评时限为90日，申请资料补正后的技术审评时限为60日。"]
    claim = "《医疗器械注册与备案管理办法》规定，第二类医疗器械注册申请的技术审评时限为90日，对吗？"
    verdict = judge(claim, ev, True, 0.8)
    assert verdict.verdict == "contradicted" and "90" in verdict.reason and "60" in verdict.reason
    assert judge(claim.replace("90日", "60日"), ev, True, 0.8).verdict == "supported"
    # 第二类 is a grade, not two kinds; a length in 日 before a comma or a full stop is days, not a date
    from rag.claims import Figure, figures

    assert figures("第二类医疗器械的审评时限为60日。") == {Figure("grade", 2.0), Figure("day", 60.0)}


def test_a_figure_the_source_states_otherwise_contradicts_a_claim_whose_words_it_barely_holds():
    # an English claim over Chinese evidence: its words reach the source only through their translations, so
    # few of them are found; a figure of the same kind said otherwise still decides it
    claim = "Is it true that an approved medical device clinical trial in China has to get going within 5 years?"
    evidence = ["医疗器械临床试验应当在批准后3年内实施；"]
    result = judge(claim, evidence, True, covered=0.15)
    assert (result.verdict, result.reason) == ("contradicted", "3 years ≠ 5 years")
    # the same few words and no figure said otherwise: the evidence is about something else
    assert judge("Is it true that a clinical trial approval in China costs 5,000 yuan?", evidence, True,
                 covered=0.15).verdict == "not_stated"
    assert judge(claim, evidence, True, covered=0.05).verdict == "not_stated"  # below half the floor: not about it


def test_foreign_invested_firms_are_no_investment_a_claim_states_an_amount_of():
    # "invested" claims an amount of investment; "foreign-invested firms" only names the firms
    assert judge("Is it true that foreign-invested firms have one year to export the goods they process?",
                 ["The goods must be processed and exported within one year from the date of importation."],
                 True).verdict == "supported"
    assert judge("Is it true that foreign investors invested 2 million yuan in the zone?",
                 ["The zone received loans of 2 million yuan."], True).verdict == "not_stated"


def test_each_listed_item_keeps_its_own_figure():
    """Items of a list ending in "；" are separate statements: the item the claim is about decides, not a figure
    that another item states for something else."""
    evidence = ["国际货物运输代理企业的注册资本最低限额应当符合下列要求：",
                "（一）经营海上国际货物运输代理业务的，注册资本最低限额为500万元人民币；",
                "（二）经营航空国际货物运输代理业务的，注册资本最低限额为300万元人民币；",
                "（三）经营陆路国际货物运输代理业务或者国际快递业务的，注册资本最低限额为200万元人民币。"]
    verdict = judge("经营陆路国际货物运输代理业务的企业，注册资本最低限额为300万元，对吗？", evidence, True)
    assert verdict.verdict == "contradicted" and verdict.reason.startswith("RMB 2,000,000")
    assert judge("经营航空国际货物运输代理业务的企业，注册资本最低限额为300万元，对吗？", evidence, True).verdict == "supported"


def test_the_figure_a_claims_words_are_bound_to_decides_between_two_items():
    evidence = ["外商投资电信企业的注册资本应当符合下列规定：",
                "(一)经营全国的或者跨省、自治区、直辖市范围的基础电信业务的，其注册资本最低限额为10亿元人民币；"
                "经营增值电信业务的，其注册资本最低限额为1000万元人民币；",
                "(二)经营省、自治区、直辖市范围内的基础电信业务的，其注册资本最低限额为1亿元人民币；"
                "经营增值电信业务的，其注册资本最低限额为100万元人民币。"]
    verdict = judge("经营全国的基础电信业务的外商投资电信企业，注册资本最低限额为1亿元人民币，对吗？", evidence, True)
    assert verdict.verdict == "contradicted" and verdict.reason.startswith("RMB 1,000,000,000")


def test_a_date_claimed_for_taking_effect_is_contradicted_by_the_date_the_lead_in_gives():
    evidence = ["(b)  The prohibitions in subsection (a) of this section shall take effect:",
                "(i)   beginning at 12:01 a.m. eastern daylight time on August 2, 2021, with respect to any person "
                "listed in the Annex to this order;",
                "(c)  The purchase or sale of securities made solely to effect the divestment is permitted prior to:",
                "(i)   12:01 a.m. eastern daylight time on June 3, 2022, with respect to any person listed in the "
                "Annex to this order; or"]
    verdict = judge("Is it true that the prohibitions took effect on June 3, 2021?", evidence, True)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "August 2, 2021 ≠ June 3, 2021")
    assert judge("Is it true that the prohibitions took effect on August 2, 2021?", evidence, True).verdict == "supported"


@pytest.mark.parametrize("claim", ["Is it true that members aren't allowed to trade on their own account?",
                                   "Is it true that members aren’t permitted to trade on their own account?",
                                   "Is it true that members are not allowed to trade on their own account?"])
def test_a_claim_that_something_is_not_allowed_agrees_with_a_ban(claim):
    evidence = ["Members are prohibited from trading on their own account."]
    assert judge(claim, evidence, True).verdict == "supported"
    assert judge(claim.replace("aren't allowed", "are allowed").replace("aren’t permitted", "are permitted")
                 .replace("are not allowed", "are allowed"), evidence, True).verdict == "contradicted"


def test_a_number_without_a_unit_is_checked_against_the_one_the_source_gives():
    """A telephone number, a key to press, a service number: claimed otherwise than the sentence about it says,
    the claim is contradicted, even where the claimed number is another line's."""
    evidence = ["Domestic Operator (some English): 113, 173"]
    verdict = judge("The guide says the domestic operator is reached on 114. Correct?", evidence, True)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "113 ≠ 114")
    evidence = ["Two assistance firms, Global Rescue Ltd. and Travel Aid Corporation, offer medical insurance "
                "policies designed for travelers.", "Tel (86 21) 5012-3344",
                "Travel Aid members calling with a medical emergency should call Travel Aid Emergency in China at "
                "telephone (86-21) 6677-8899."]
    claim = "The guide says Travel Aid members with a medical emergency in China should call (86-21) 5012-3344. Right?"
    verdict = judge(claim, evidence, True)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "6677-8899 ≠ 5012-3344")


def test_a_claim_that_a_text_tells_another_body_to_act_is_contradicted():
    """"directs the Secretary of Commerce to publish it" against "The United States Trade Representative is
    authorized and directed to publish this memorandum": another body is told to do it; the body it names agrees."""
    source = ["The United States Trade Representative is authorized and directed to publish this memorandum in the "
              "Federal Register."]
    verdict = judge("Is it true that the memorandum directs the Secretary of Commerce to publish it in the Federal "
                    "Register?", source, True, 0.6)
    assert verdict.verdict == "contradicted"
    assert verdict.reason == "United States Trade Representative ≠ Secretary of Commerce"
    assert judge("Is it true that the memorandum directs the Trade Representative to publish it in the Federal "
                 "Register?", source, True, 0.6).verdict == "supported"


def test_idioms_and_concessions_set_no_direction():
    """"What's more" is no increase against a claim of "less than 70%"; "Even if they're not on the list" is a
    concession, not the negation of the rule that follows it."""
    quota = ["For instance, an institution's QDII quota has a cap of 8% of its fund assets.",
             "What's more, in the event that an institution has utilized under 70% of its existing allocation, it "
             "won't be eligible to apply for another quota."]
    assert judge("Is it true that an institution that has used less than 70% of its existing QDII allocation cannot "
                 "apply for a new quota?", quota, True, 0.8).verdict == "supported"
    owned = ["Even if they're not on the consolidated list themselves, organisations are subject to financial "
             "sanctions if they're more than 50% owned by a person or organisation that's on the consolidated list."]
    assert judge("Is it true that a company more than 50% owned by someone on the consolidated list is itself subject "
                 "to financial sanctions?", owned, True, 0.8).verdict == "supported"
    assert judge("Is it true that a company more than 50% owned by someone on the consolidated list is not subject "
                 "to financial sanctions?", owned, True, 0.8).verdict == "contradicted"


def test_a_quarterly_plan_is_said_of_a_quarter_in_chinese():
    plan = ["经主管进口的公司签注意见后，于季度开始前二十天送财政部。"]
    assert judge("Is it true that the quarterly plan had to reach the Ministry 30 days before the quarter began?",
                 plan, True, 0.8).verdict == "contradicted"
    assert judge("Is it true that the quarterly plan had to reach the Ministry 20 days before the quarter began?",
                 plan, True, 0.8).verdict == "supported"


def test_a_country_whose_government_published_the_evidence_is_stated_by_it():
    owned = ["Organisations are subject to financial sanctions if they're more than 50% owned by a person that's on "
             "the consolidated list."]
    claim = "Is it true that a company more than 50% owned by someone on the UK consolidated list is sanctioned too?"
    assert judge(claim, owned, True, 0.8).verdict == "not_stated"
    assert judge(claim, owned, True, 0.8, sites=frozenset({"www.gov.uk"})).verdict == "supported"


def test_a_figure_of_another_country_contradicts_no_claim_about_this_one():
    """"a 10% tariff on goods from the United Kingdom" is not contradicted by Brazil's 40%: no sentence speaks of
    the UK; a sentence about the UK, or a text the UK government published, does contradict it."""
    brazil = ["Imposing an additional 40% tariff on Brazil following recent events."]
    assert judge("Is it true that the order set a 10% tariff on goods from the United Kingdom?", brazil, True,
                 0.8).verdict == "not_stated"
    assert judge("Is it true that the order set a 10% tariff on goods from Brazil?", brazil, True,
                 0.8).verdict == "contradicted"
    assert judge("Is it true that the order set a 10% tariff on goods from the UK?", ["Goods face a 40% tariff."], True,
                 0.8, sites=frozenset({"www.gov.uk"})).verdict == "contradicted"


def test_a_price_claimed_is_contradicted_by_the_sales_value_the_source_gives():
    """售价 is the "sales value" of the goods sold: "售价不超过500新元" is contradicted by "does not exceed $200"."""
    evidence = ["Relief applies to imported goods when the sales value of the goods does not exceed $200."]
    assert judge("听说进口商品的免税标准是售价不超过500新元，对吗？", evidence, True, 0.5).verdict == "contradicted"
    assert judge("Is it true that relief applies when the price is at most $200?", evidence, True,
                 0.5).verdict == "supported"


def test_a_figure_of_a_document_about_the_claimed_place_contradicts_the_claim():
    """An order about land in Nevada names the state again and again, but not in the sentence that gives the
    deadline to sell it: "180 days to sell the Nevada land" is contradicted by its 120 days all the same; an
    order about a place it names once is not about it."""
    from rag.types import Document

    sentence = ["Not later than 120 days after the date of this order, the Purchaser shall sell all its "
                "interests in the Property."]
    claim = "Is it true that the buyer was given 180 days to sell the Nevada land?"
    nevada = Document("order.md", "The Property lies in Elko County, Nevada. Nevada law governs the lease. "
                      "The Nevada site is near an air base.\n" + sentence[0], "en", "Order on the Property")
    once = Document("other.md", "A buyer from Nevada bought land in Ohio.\n" + sentence[0], "en",
                    "Order on Ohio land")
    assert judge(claim, sentence, True, 0.8).verdict == "not_stated"
    assert judge(claim, sentence, True, 0.8, documents=(once,)).verdict == "not_stated"
    verdict = judge(claim, sentence, True, 0.8, documents=(nevada,))
    assert verdict.verdict == "contradicted" and verdict.reason == "120 days ≠ 180 days"


@pytest.mark.parametrize("text, kind, value", [
    ("公用仓库面积最低为2000平方米", "area:m2", 2000.0),
    ("at least 5,000 square metres of floor space", "area:m2", 5000.0),
    ("up to 1.5 liters of liquor", "volume:l", 1.5),
    ("年产量不超过10万吨", "mass:t", 100000.0),
    ("within 50 km of the border", "length:km", 50.0),
    ("距离居民区不少于500米", "length:m", 500.0),
])
def test_physical_measures_are_figures_in_their_units(text, kind, value):
    """An area, a volume, a weight or a length is a figure of its unit (2000平方米 is no year 2000, "5,000 square
    metres" no count of metres)."""
    from rag.claims import Figure, figures

    assert figures(text) == {Figure(kind, value)}


def test_a_hyphenated_period_a_verb_granting_and_a_chinese_count_are_compared():
    """"a 15-day period" is 15 days; "grants a waiver" claims no grant of money (whose absence would leave the claim
    unstated); 10家 in a Chinese claim is compared with "9 airlines" in an English source."""
    cure = ["The Commission shall provide the applicant a 15-day period to cure the defect before denying it."]
    assert judge("Is it true that the Commission gives an applicant 30 days to cure a defect?", cure, True,
                 0.5).reason == "15 days ≠ 30 days"
    waiver = ["The head of the agency shall, not later than 30 days after granting such waiver, notify Congress."]
    assert judge("Is it true that an agency that grants a waiver has 60 days to tell Congress?", waiver, True,
                 0.5).reason == "30 days ≠ 60 days"
    airlines = ["The dashboard led 9 airlines to change their policies."]
    assert judge("听说有10家航空公司改了政策，对吗？", airlines, True, 0.5).verdict == "contradicted"
    assert judge("听说有9家航空公司改了政策，对吗？", airlines, True, 0.5).verdict == "supported"
    assert not figures("the 14th Five-Year Plan")  # (a name, no period)


def test_a_measure_claimed_otherwise_is_contradicted_in_its_unit():
    """"at least 5,000 square metres" against 面积最低为2000平方米: contradicted, and said in the asker's language
    with the unit; a weight is no area."""
    evidence = ["公用保税仓库面积最低为2000平方米；", "每批货物不超过5000吨。"]
    verdict = judge("Is it true that a public bonded warehouse needs at least 5,000 square metres of floor space?",
                    evidence, True, 0.5)
    assert verdict.verdict == "contradicted" and verdict.reason == "2000 square metres ≠ 5000 square metres"
    assert "2000平方米，不是5000平方米" in verdict_line(judge("听说公用保税仓库面积最低要5000平方米，对吗？", evidence,
                                                               True, 0.5), "zh")
    assert judge("Is it true that the warehouse needs 2,000 square metres of floor space?", evidence, True,
                 0.5).verdict == "supported"


@pytest.mark.parametrize("text, kind, value", [
    ("submitted thirty calendar days prior to closing", "day", 30.0),
    ("within sixty (60) days", "day", 60.0),
    ("fifteen working days", "day", 15.0),
    ("twenty-five percent of the value", "percent", 25.0),
    ("eighteen months", "month", 18.0),
])
def test_numbers_written_in_words_are_figures(text, kind, value):
    from rag.claims import figures

    assert any(f.kind == kind and f.value == value for f in figures(text))
    assert not figures("someone often visits the tenants")


def _cited_context(doc_id: str, title: str, sentence: str, lang: str) -> str:
    """`judge`'s context for one sentence cited from a document with that file name and title."""
    from rag.claims import cited_context
    from rag.types import Citation, Clause

    clause = Clause(doc_id=doc_id, path="1", heading="", text=sentence, spans=(), lang=lang)
    return cited_context([Citation(1, clause, title, None, (sentence,))])


def test_a_claim_naming_the_bill_its_file_is_named_after_is_judged_on_its_figures():
    """A bill whose text says "SENATE BILL NO. 806" only on its cover, saved as missouri_sb806_….md: "under SB 806" and
    "Missouri" are what the evidence is, and its thirty days contradict sixty."""
    sentence = ("All proposed transfers of agricultural land to an alien shall be submitted to the director of the "
                "department of agriculture thirty calendar days prior to when such transfers are finalized.")
    context = _cited_context("missouri_sb806_foreign_ownership.md", "SECOND REGULAR SESSION", sentence, "en")
    claim = ("Is it true that under Missouri SB 806 a proposed transfer of foreign-held farmland must be submitted to "
             "the department of agriculture at least 60 days before it closes?")
    assert judge(claim, [sentence], True, 0.5, context).verdict == "contradicted"
    assert judge(claim, [sentence], True, 0.5, "SECOND REGULAR SESSION").verdict == "not_stated"


def test_how_many_articles_a_text_has_is_a_figure_a_claim_is_judged_on():
    summary = ["The 22-article regulation authorizes visa/entry controls, asset freezing/confiscation, and "
               "trade/investment restrictions."]
    assert judge("听说中国的反制裁实施规定一共30条，对吗？", summary, True, 0.5).reason == "22 articles ≠ 30 articles"
    assert judge("Is it true that the regulation has 22 articles?", summary, True, 0.5).verdict == "supported"
    assert judge("该法是否共有二十条？", ["本法共三十条，自2020年1月1日起施行。"], True, 0.5).verdict == "contradicted"
    # a title that states no count neither supports nor contradicts one
    title = ["实施《中华人民共和国反外国制裁法》的规定（Provisions on the Implementation of the Law）"]
    assert judge("听说中国的反制裁实施规定一共30条，对吗？", title, True, 0.5).verdict == "not_stated"
    # 30条措施 are thirty measures, 第30条 one article: no length of the text
    assert judge("听说这份意见共30条措施，对吗？", ["意见提出了20条政策措施。"], True, 0.5).reason != "20 articles ≠ 30 articles"
    assert verdict_line(judge("听说中国的反制裁实施规定一共30条，对吗？", summary, True, 0.5), "zh").endswith(
        "文件写的是22条，不是30条。")


def test_a_claim_asking_whether_the_documents_say_so_in_chinese():
    question = "那份中国用钱攻略里说，朋友教的大陆账户转账小技巧不一定合法，是这么说的吗？"
    assert is_claim(question)
    assert claim_text(question) == "朋友教的大陆账户转账小技巧不一定合法"
    assert is_claim("这个办法规定罚款5万元，文件是这么规定的吗？")
    assert not is_claim("海关会怎么说的？")


def test_a_date_in_chinese_numerals_and_an_anniversary_are_figures():
    effect = ["本办法自二○○四年一月一日起施行。"]
    claim = "Is it true that China's customs measures on express consignments took effect on 1 January 2004?"
    assert judge(claim, effect, True, 0.55).verdict == "supported"
    assert judge(claim.replace("1 January", "1 March"), effect, True, 0.55).verdict == "contradicted"
    today = ["Today, on the 80th anniversary of Victory Day for World War II, President Donald J. Trump and Prime "
             "Minister Keir Starmer announced a historic trade deal."]
    assert judge("美英宣布这项贸易协议的那天，正好是二战胜利日70周年，对吗？", today, True, 0.95).reason == "80 ≠ 70"


def test_a_body_of_several_words_is_not_known_by_one_of_its_words():
    evidence = ["SAFE is an official state-run bureau under the People's Republic of China and part of the central bank."]
    claim = "Is it true that the head of SAFE is appointed by the National People's Congress?"
    assert judge(claim, evidence, True, 0.33).verdict == "not_stated"


def test_a_year_naming_the_cited_document_is_no_figure_of_the_claim():
    sentence = "本规定由国务院口岸领导小组办公室负责解释。"
    context = _cited_context("port_opening_state_council_provisions_1985.md", "国务院关于口岸开放的若干规定", sentence, "zh")
    claim = ("Is it true that China's 1985 port-opening provisions are interpreted by the office of the State "
             "Council's port leading group?")
    assert judge(claim, [sentence], True, 0.67, context).verdict == "supported"
    # a year no title or file name gives stays a figure the evidence must state
    assert judge(claim.replace("1985", "1990"), [sentence], True, 0.67, context).verdict == "not_stated"
    # and the month beside a document's year names it too
    copper = ("A single foreign producer dominates global copper smelting, controlling over 50 percent of global "
              "smelting capacity.")
    claim = ("Is it true that the February 2025 copper order says a single foreign producer controls over half of "
             "global copper smelting capacity?")
    context = _cited_context("wh_eo_copper_imports_section_232_2025.md", "Adjusting Imports of Copper", copper, "en")
    assert judge(claim, [copper], True, 0.48, context).verdict == "supported"


def test_a_count_of_people_in_chinese_is_compared_with_a_count_of_soldiers_in_english():
    evidence = ["Pursuant to the commitments in the Kuala Lumpur Peace Accords, Thailand will release 18 Cambodian "
                "soldiers that have been detained since July."]
    assert judge("有人说按照吉隆坡和平协定，泰国要放回28名被扣押的柬埔寨士兵，对吗？", evidence, True, 0.75).verdict == \
        "contradicted"
    assert judge("有人说按照吉隆坡和平协定，泰国要放回18名被扣押的柬埔寨士兵，对吗？", evidence, True, 0.75).verdict == \
        "supported"


def test_an_amount_in_pounds_claimed_in_chinese_is_compared_with_one_written_with_the_pound_sign():
    result = judge("听说在英国申请消费税退税，金额至少要满1000英镑才能提交，对吗？",
                   ["The minimum amount you can claim is £500."], answered=True,
                   context="How to claim excise duty drawback")
    assert result.verdict == "contradicted"
    assert result.reason == "£500 ≠ £1,000"  # each amount with its currency
    assert "文件写的是500英镑，不是1,000英镑" in verdict_line(result, "zh")
    assert judge("Is it true that the minimum claim is EUR 500?", ["The minimum amount you can claim is €500."],
                 answered=True).verdict == "supported"


def test_a_fixed_quota_business_is_what_a_source_calls_定额():
    result = judge("Is it true that a fixed-quota individual business in China can suspend operations for up to two years?",
                   ["实行定期定额征收方式的个体工商户需要停业的，应当在停业前向税务机关申报办理停业登记，停业期限不得超过一年。"],
                   answered=True)
    assert result.verdict == "contradicted"


def test_other_dollars_and_their_chinese_names_are_amounts():
    from rag.claims import Figure, figures

    assert figures("低价值的标准是售价不超过1000新元") == {Figure("money", 1000.0)}
    assert figures("A fine not exceeding S$5,000.") == {Figure("money", 5000.0)}


def test_an_english_claim_is_contradicted_by_the_chinese_figure_said_of_the_same_thing():
    # the sentence most about the claim (个体工商户, 定额, 停业) states no period; the one that does says 停业期限 … 一年,
    # of what the claim's "suspend operations for up to two years" is about
    evidence = ["实行定期定额征收方式的个体工商户需要停业的，应当在停业前向税务机关申报办理停业登记。", "纳税人的停业期限不得超过一年。"]
    claim = "Is it true that a fixed-quota individual business in China can suspend operations for up to two years?"
    assert judge(claim, evidence, True, 0.36).verdict == "contradicted"


def test_a_period_is_contradicted_by_the_period_said_of_the_same_thing_in_a_less_wordy_sentence():
    evidence = ["China's Administrative Penalty Law establishes a framework for agencies to impose penalties.",
                "- Statute of limitations: two years from violation date (extended to five years for certain violations)"]
    claim = "Is it true that China's Administrative Penalty Law gives authorities three years from the violation to impose a penalty?"
    assert judge(claim, evidence, True, 0.38, context="Administrative Penalty Law").verdict == "contradicted"


def test_a_figure_of_another_thing_does_not_contradict_a_claim_about_what_the_documents_never_mention():
    # soybeans are nowhere in the documents: the $3.4 billion a year of LNG says nothing of them, whatever words
    # ("annually", "purchases") the two share
    evidence = ["-   Up to $3.4 billion annually in U.S. LNG purchases through multi-year agreements with Petronas."]
    claim = "有人说马来西亚承诺每年买20亿美元的美国大豆，是真的吗？"
    assert judge(claim, evidence, True, 0.37, unmentioned=True).verdict != "contradicted"


def test_an_amount_in_another_currency_is_not_the_claimed_one():
    """"每次要被罚1万美元" is not supported by "1万元" (renminbi): an amount in a currency written beside it is the
    same figure only in that currency; "$10,000" (a dollar sign alone: US, Singapore or Hong Kong dollars) may be."""
    from rag.claims import _same, figures

    def money(text: str):
        return next(f for f in figures(text) if f.kind == "money")

    assert not _same(money("每次要被罚1万美元"), money("给予1万元以下的奖金"))
    assert not _same(money("a fine of 5,000 euros"), money("处5000元罚款"))
    assert _same(money("每次要被罚1万美元"), money("a fine of $10,000"))
    assert _same(money("a fine of 10,000 yuan"), money("处1万元罚款"))
    assert money("S$500").currency == "SGD" and money("3万港元").currency == "HKD"
    claim = "听说违规的酒店每次要被罚1万美元，对吗？"
    assert judge(claim, ["违规的酒店每次处1万元罚款。"], True, 0.6).verdict != "supported"


def test_women_men_and_children_are_counted_as_people():
    """"more than 100 women on staff" states a figure the source must give: a source that only says "女职工比较多的
    用人单位" does not state it."""
    assert figures("any company with more than 100 women on staff") == figures("100 people")
    assert figures("three women") == figures("3名")
    assert judge("Someone told me any company with more than 100 women on staff must set up a nursing room. True?",
                 ["女职工比较多的用人单位应当根据女职工的需要，建立女职工卫生室、孕妇休息室、哺乳室等设施。"], True).verdict == "not_stated"


def test_a_period_that_recurs_every_n_years_must_be_stated_as_one():
    """"renewed every five years": a sentence about something else that ends "不满五年" does not support it; a
    source renewing it every five years does, and one renewing it every five years contradicts "every three"."""
    claim = "Is it true that a company's Business License has to be renewed every {} years?"
    other = ["受吊销注册会计师证书的处罚，自处罚决定之日起至申请注册之日止不满五年的；"]
    assert judge(claim.format("five"), other, True).verdict == "not_stated"
    assert judge(claim.format("five"), ["营业执照每五年换发一次。"], True).verdict == "supported"
    assert judge(claim.format("three"), ["营业执照每五年换发一次。"], True).verdict == "contradicted"


def test_a_key_to_press_is_judged_by_the_line_about_the_airline_not_by_another_airlines_line():
    claim = "The guide says you press 1 for English when calling Thai Airways in Beijing. Correct?"
    evidence = ['Thai Airways (86 10) 8515-0088 (press "0" for English)',
                'Qantas 800-819-0089 (press "1" for English)/ (86 10) 6567-9006 (press "101" for English)']
    assert judge(claim, evidence, True).verdict == "contradicted"


def test_a_level_on_a_scale_is_contradicted_by_another_level_of_the_same_thing():
    evidence = ["The threat level for all China posts is considered low for crime and medium for terrorism."]
    assert judge("The guide says the threat level for terrorism at all China posts is high. True?", evidence,
                 True).verdict == "contradicted"
    assert judge("The guide says the threat level for terrorism at all China posts is medium. True?", evidence,
                 True).verdict == "supported"



def test_either_of_two_numbers_in_one_unit_states_both():
    """"one or two hours", "an hour or two", 两三天: either number, in the unit written once; so a claim of "an
    hour or two" is the source's "one or two hours", not a contradiction of it."""
    hours = {f.value for f in figures("with some closing for one or two hours in the middle of the day") if f.kind == "hour"}
    assert hours == {1.0, 2.0}
    assert {f.value for f in figures("close for an hour or two at noon") if f.kind == "hour"} == {1.0, 2.0}
    assert {f.value for f in figures("一般两三天内办结") if f.kind == "day"} == {2.0, 3.0}
    assert {f.value for f in figures("三十天内") if f.kind == "day"} == {30.0}  # (thirty, not three or ten)
    evidence = ["Offices are normally open Monday to Friday between 8:30 AM and 5 PM, with some closing for one or two "
                "hours in the middle of the day.", "Time throughout China is eight hours ahead of GMT/UTC."]
    claim = "The guide says some offices in China close for an hour or two in the middle of the day. Is that true?"
    assert judge(claim, evidence, True).verdict == "supported"
    assert judge(claim.replace("an hour or two", "three or four hours"), evidence, True).verdict == "contradicted"


def test_a_listed_case_is_read_with_the_lead_in_it_completes():
    """An item ("（三）三个经营者……四分之三的") is about what its lead-in says ("可以推定……市场支配地位："): it, not a
    later sentence that names "第三项" and a tenth, is the sentence about three firms presumed dominant."""
    evidence = ["有下列情形之一的，可以推定经营者具有市场支配地位：", "（一）一个经营者在相关市场的市场份额达到二分之一的；",
                "（二）两个经营者在相关市场的市场份额合计达到三分之二的；", "（三）三个经营者在相关市场的市场份额合计达到四分之三的。",
                "有前款第二项、第三项规定的情形，其中有的经营者市场份额不足十分之一的，不应当推定该经营者具有市场支配地位。"]
    claim = "I read that in China three companies that together hold three-quarters of a market can be presumed dominant. Correct?"
    assert judge(claim, evidence, True).verdict == "supported"
    assert judge(claim.replace("three-quarters", "four-fifths"), evidence, True).verdict == "contradicted"


_LANGUAGES = ["Mandarin Chinese is the national language, spoken by over 70 percent of Chinese.",
              "China employs simplified characters but most areas outside the Mainland use traditional characters."]
_CITIES = ["Jiangxi province has set up the goal of energy efficiency: new buildings must reduce energy use by 50 percent.",
           "Guangzhou city has announced that it is mandatory for all government buildings to adapt to green building "
           "standards."]
_COMMITTEE = ["To foster cooperation, industry players and the Commercial Service are in the process of revitalizing a "
              "VisitUSA Committee."]
_ACT = ["Not later than 270 days after the enactment of this Act, the Director of National Intelligence shall assess the "
        "risks posed by foreign adversaries collecting the genomic data of United States citizens."]


@pytest.mark.parametrize("claim, evidence, verdict", [
    ("The guide says Cantonese is the second most widely spoken language in China. Is that right?", _LANGUAGES,
     "not_stated"),
    ("The guide says Mandarin is the national language of China. Is that right?", _LANGUAGES, "supported"),
    ("The guide says Shanghai requires every new building to meet green building standards. Correct?", _CITIES,
     "not_stated"),
    ("The guide says Guangzhou requires government buildings to meet green building standards. Correct?", _CITIES,
     "supported"),
    ("The guide says the VisitUSA Committee is chaired by the U.S. Ambassador to China. Correct?", _COMMITTEE,
     "not_stated"),
    # a people, an office holder named by the body ("the Director of National Intelligence")
    ("I heard the Act makes the Director of National Intelligence assess the risks of foreign adversaries collecting "
     "Americans' genetic data. True?", _ACT, "supported"),
])
def test_a_claim_naming_what_the_evidence_never_names_is_not_stated(claim, evidence, verdict):
    """English evidence that names Mandarin, never Cantonese, does not state that Cantonese is China's second
    language; sentences on Fujian, Jiangxi and Guangzhou do not state what Shanghai requires; a committee being
    revived says nothing of who chairs it. The same evidence still supports what it says."""
    assert judge(claim, evidence, True).verdict == verdict


def test_the_publisher_and_the_parts_of_a_document_are_no_unnamed_things():
    """"the White House fact sheet" over a page whitehouse.gov published, "the Annex" of an order: a claim names the
    publisher and the document's parts, which its sentences need not write."""
    trade = ["While trade accounts for 67% of Canada’s GDP, 73% of Mexico’s GDP, and 2% of China’s GDP, trade with the "
             "United States accounts for a large share of it."]
    sites = frozenset({"www.whitehouse.gov"})
    assert judge("Does the White House fact sheet say that trade accounts for 67% of Canada's GDP?", trade, True, 0.5,
                 sites=sites).verdict == "supported"
    assert judge("Does the White House fact sheet say that the Annex lists 67% of Canada's GDP as trade?", trade, True,
                 0.5, sites=sites).verdict == "supported"


def test_one_sentence_stating_all_of_a_claims_figures_decides_it():
    """"已满20年的，年休假15天" states both of "20 years or more get 15 days": the other lengths of service in the
    sentences around it (1 year, 10 years) do not contradict it."""
    evidence = ["职工累计工作已满1年不满10年的，年休假5天；", "已满10年不满20年的，年休假10天；", "已满20年的，年休假15天。",
                "机关、团体、企业、事业单位、民办非企业单位、有雇工的个体工商户等单位的职工连续工作1年以上的，享受带薪年休假"
                "(以下简称年休假)。"]
    claim = "I read that in China employees who have worked 20 years or more get 15 days of paid annual leave. True?"
    assert judge(claim, evidence, True).verdict == "supported"
    assert judge(claim.replace("15 days", "20 days"), evidence, True).verdict == "contradicted"


def test_millimetres_milligrams_and_degrees_are_figures_a_source_must_state():
    """"54 mm", "0.1 mg/kg", "26°C" are measures: a claim stating one is not supported by evidence that gives
    none ("室内温度控制制度" says there is a rule, not 26°C), and one in another amount is contradicted."""
    assert {(f.kind, f.value) for f in figures("网目尺寸不得小于54毫米")} == {("length:mm", 54.0)}
    assert {(f.kind, f.value) for f in figures("a residue limit of 0.1 mg/kg")} == {("mass:mg", 0.1)}
    assert {(f.kind, f.value) for f in figures("不得低于26℃")} == {("temperature", 26.0)}
    assert {(f.kind, f.value) for f in figures("26 degrees Celsius")} == {("temperature", 26.0)}
    rule = ["使用空调采暖、制冷的公共建筑应当实行室内温度控制制度。"]
    claim = "Is it true that China's energy conservation law sets the indoor temperature of air-conditioned public " \
            "buildings at 26°C in summer?"
    assert judge(claim, rule, True, 0.5).verdict == "not_stated"
    assert judge(claim, ["公共建筑夏季室内空调温度设置不得低于26℃。"], True, 0.5).verdict == "supported"
    assert judge(claim, ["公共建筑夏季室内空调温度设置不得低于24℃。"], True, 0.5).verdict == "contradicted"


def test_dollars_named_by_their_country_or_code_are_amounts_in_that_currency():
    """"100,000 US dollars", "USD 5 million", "50 Hong Kong dollars" are amounts: a claim stating one is not
    supported by a sentence that gives none (it was read as no figure at all, so nothing was left to check)."""
    from rag.claims import Figure

    assert {(f.kind, f.value, f.currency) for f in figures("at least 100,000 US dollars")} == {("money", 1e5, "USD")}
    assert {(f.kind, f.value, f.currency) for f in figures("USD 5 million")} == {("money", 5e6, "USD")}
    assert {(f.kind, f.currency) for f in figures("50 Hong Kong dollars")} == {("money", "HKD")}
    assert figures("a deposit of 200 Singapore dollars") == {Figure("money", 200.0)}
    claim = ("Is it true that China's registration rules require a foreign-invested company to have at least "
             "100,000 US dollars of registered capital?")
    rule = ["法律、行政法规或者国务院决定对公司注册资本有最低限额规定的，减少后的注册资本应当不少于最低限额。"]
    assert judge(claim, rule, True, 0.54).verdict == "not_stated"


def test_a_year_set_before_its_statement_dates_the_figures_after_it():
    """"Preceding June 2018, … could repatriate up to 20%": the year stands alone before the comma, and the 20% after
    it is that year's; a claim of 50% for before June 2018 is contradicted, not left unmatched."""
    evidence = ["Preceding June 2018, foreign institutions invested in China's stock or bond markets through the QFII "
                "program could repatriate up to 20% of its investments."]
    claim = "Is it true that before June 2018 QFII investors could repatriate up to 50% of their investments?"
    verdict = judge(claim, evidence, True, 0.47)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "20% ≠ 50%")
    assert judge(claim.replace("50%", "20%"), evidence, True, 0.47).verdict == "supported"
    assert judge("2020年，进口增长了15%，对吗？", ["2020年，进口增长12%。"], True, 0.6).verdict == "contradicted"


def test_a_figure_only_in_a_sentence_about_something_else_does_not_support_a_claim():
    """"(24 hours)" after a telephone number does not say that the hospital the sentence before names is open 24
    hours a day: the claim is not stated. Said of the hospital, it is supported."""
    hospitals = ("Most hospitals in China will not accept medical insurance from the United States, with the exception "
                 "of the following hospitals: Beijing United Family Hospital, Shanghai United Family Hospital.")
    phone = "U.S. telephone: 1-800-537-2029 or 1-410-453-6300 (24 hours)"
    claim = "The guide says Beijing United Family Hospital is open 24 hours a day. Is that right?"
    assert judge(claim, [hospitals, phone], True, 0.55).verdict == "not_stated"
    assert judge(claim, [hospitals, "Beijing United Family Hospital is open 24 hours a day."], True, 0.8).verdict \
        == "supported"


def test_a_number_after_no_is_no_negation_and_nothing_prohibiting_is_one():
    """"Order No. 5" negates nothing, so a claim the sentence states is supported; "Nothing in this order shall
    prohibit transactions" is "does not prohibit them", so "does not stop them" agrees with it."""
    order = ["China's Ministry of Commerce issued Order No. 5 on August 13, 2025, imposing countermeasures against "
             "two Lithuanian banks in response to the EU's inclusion of two Chinese financial institutions in its "
             "sanctions."]
    claim = ("Is it true that China's commerce ministry issued its order against the two Lithuanian banks on "
             "August 13, 2025?")
    assert judge(claim, order, True, 0.59).verdict == "supported"
    nothing = ["Nothing in this order or the regulations issued under this order shall prohibit transactions for the "
               "conduct of the official business of the United States Government by employees, grantees, or "
               "contractors thereof."]
    claim = ("I heard the outbound investment order does not stop transactions done for official U.S. government "
             "business. True?")
    context = "Executive Order on Addressing United States Investments in Certain National Security Technologies " \
              "(outbound investment order)"
    assert judge(claim, nothing, True, 0.5, context).verdict == "supported"
    assert judge(claim.replace("does not stop", "stops"), nothing, True, 0.5, context).verdict == "contradicted"


def test_the_month_may_permits_held_and_a_short_title_are_no_permission():
    """"from May 1" is a date, not "may"; "fish-farming permits" are documents, not "permits" (allows); "This Act may
    be cited as" allows nothing. None of them is the opposite of a source's 禁止/不得."""
    fishers = ["县级以上地方人民政府在核发养殖证时，应当优先安排当地的渔业生产者，不得拖延发放。"]
    claim = ("Someone told me local governments in China have to give local fishers priority when handing out "
             "fish-farming permits. Right?")
    assert judge(claim, fishers, True, 0.38).verdict == "supported"
    assert judge("Is it true that the Act bars imported batteries?",
                 ["Imported batteries are barred. This Act may be cited as the Battery Act."], True, 0.5).verdict \
        == "supported"


def test_dates_a_source_names_no_month_for_are_not_stated():
    """"from May 1 to September 16" against a rule that only says who sets the closed seasons: the dates are the
    claim's own, and the evidence states none."""
    seasons = ["禁止使用炸鱼、毒鱼、电鱼等破坏渔业资源的方法进行捕捞。",
               "禁渔区和禁渔期，由国务院渔业行政主管部门或者省、自治区、直辖市人民政府渔业行政主管部门规定。"]
    claim = "Is it true that China's Fisheries Law sets the summer fishing ban from May 1 to September 16?"
    assert judge(claim, seasons, True, 0.25).verdict == "not_stated"
    assert judge(claim, ["每年5月1日至9月16日为伏季休渔期，禁止捕捞。"], True, 0.5).verdict == "supported"


def test_a_question_in_the_source_states_no_direction_and_a_thing_set_against_another_is_no_negation():
    """A guide's heading "Do commercial entities still need to pay social security …?" asks; it does not say they
    must pay, so it cannot contradict a claim that they are exempt (a sentence saying so does). "…, not
    third-countries." sets one party against another; it does not deny what the sentence states."""
    claim = "深圳新规规定，企业在休眠期间可以免缴员工的社会保险费，对吗？"
    asked = ["Do commercial entities still need to pay social security for their employees during the dormant period?"]
    assert judge(claim, asked, True, 0.87).verdict != "contradicted"
    told = ["Commercial entities must pay social security for their employees during the dormant period."]
    assert judge(claim, told, True, 0.87).verdict == "contradicted"
    origin = ["The United States and Indonesia will negotiate facilitative rules of origin that ensure that the "
              "benefits from the agreement accrue to the United States and Indonesia, not third-countries."]
    claim = ("Is it true that the United States and Indonesia will negotiate rules of origin so that the benefits of "
             "the agreement accrue to the United States and Indonesia?")
    assert judge(claim, origin, True, 0.8).verdict == "supported"


def test_a_chinese_claims_words_take_the_senses_the_english_source_uses():
    """酒店 is "hotel" and 客人 "guest" beside "Hotels must register foreign guests with police" (the dictionary's first
    senses, "wine shop" and "visitor", share too few words with it): "酒店没有义务……登记" denies what it says."""
    evidence = ["Hotels must register foreign guests with police."]
    assert judge("听说在中国，酒店没有义务替外国客人向警方做登记，对吗？", evidence, True, 0.51).verdict == "contradicted"
    assert judge("听说在中国，酒店有义务替外国客人向警方做登记，对吗？", evidence, True, 0.51).verdict == "supported"


_PORT_FINES = ["逾期不改正的，强制拆除养殖、种植设施，拆除费用由违法行为人承担；", "可以处一万元以下罚款。",
               "向港口水域倾倒泥土、砂石的，由港口行政管理部门责令停止违法行为；", "处五千元以上五万元以下罚款。",
               "未依法向港口行政管理部门报告并经其同意，在港口内进行危险货物的装卸作业的，处五千元以上五万元以下罚款。"]


def test_a_claimed_amount_that_only_later_cited_clauses_state_is_contradicted_by_the_first():
    """"Fish farming in port waters can be fined up to 50,000 yuan": the article cited first (the one the search
    found most about the claim: fish farming, 养殖, which the claim's English words do not reach) fines it 一万元;
    the 五万元 is the next articles', on dumping and dangerous goods. Where the article cited first states the
    claimed amount, the others' figures do not contradict it; nor does a first article giving two amounts."""
    claim = "I read that fish farming in Chinese port waters can be fined up to 50,000 yuan under the port law. True?"
    result = judge(claim, _PORT_FINES, True, 0.3, units=(0, 0, 1, 1, 2))
    assert result.verdict == "contradicted" and result.reason == "RMB 10,000 ≠ RMB 50,000"
    dumping_first = _PORT_FINES[2:] + _PORT_FINES[:2]
    assert judge(claim, dumping_first, True, 0.3, units=(0, 0, 1, 2, 2)).verdict == "supported"
    two_fines = ["可以处一万元以下罚款；情节严重的，处二万元以下罚款。", *_PORT_FINES[2:]]
    assert judge(claim, two_fines, True, 0.3, units=(0, 1, 1, 2)).verdict == "supported"
    # in the claim's own language its words tell which clause a figure is of, whichever was cited first
    english = ["Operators of fish farms in port waters that fail to remove them may be fined up to $10,000.",
               "Anyone who dumps soil into port waters shall be fined up to $50,000."]
    dumping = "I read that dumping soil into port waters can be fined up to $50,000 under the port law. True?"
    assert judge(dumping, english, True, 0.5, units=(0, 1)).verdict == "supported"


def test_a_claim_few_of_whose_words_reach_the_evidence_is_contradicted_by_the_other_end_of_its_range():
    """An English claim whose words the Chinese evidence holds few of (below half the coverage floor) is not stated
    there, unless the sentence most about it states its amount as one end of a range the claim puts otherwise:
    "fined at most 1,000 yuan" against 处1000元以上5000元以下的罚款."""
    evidence = ["违反本条例的规定，客运经营者、货运经营者不按规定维护和检测运输车辆的，由县级以上道路运输管理机构责令改正，"
                "处1000元以上5000元以下的罚款。"]
    claim = "Someone told me a freight company in China can be fined at most 1,000 yuan for not maintaining its trucks. Right?"
    result = judge(claim, evidence, True, 0.08)
    assert result.verdict == "contradicted" and result.reason == "RMB 5,000 ≠ RMB 1,000"
    assert judge(claim.replace("1,000", "3,000"), evidence, True, 0.08).verdict == "not_stated"
    assert judge(claim.replace("at most", "at least"), evidence, True, 0.08).verdict == "not_stated"


def test_a_least_claimed_is_not_contradicted_by_a_most_stated_that_allows_it():
    """"At least 21 years old" against 年龄不超过60周岁: the rules set the most, and say nothing of the least; a least
    above that most ("at least 65") or another most ("at most 65") is still contradicted, the same most supported."""
    evidence = ["从事货运经营的驾驶人员，应当符合下列条件：", "(一)取得相应的机动车驾驶证；", "(二)年龄不超过60周岁；"]

    def verdict(said: str) -> tuple[str, str]:
        result = judge(f"Someone told me a truck driver in China {said}. Right?", evidence, True, 0.3)
        return result.verdict, result.reason

    assert verdict("has to be at least 21 years old") == ("not_stated", "")
    assert verdict("has to be at least 65 years old") == ("contradicted", "60 years old ≠ 65 years old")
    assert verdict("can be at most 65 years old") == ("contradicted", "60 years old ≠ 65 years old")
    assert verdict("can be at most 60 years old")[0] == "supported"


def test_a_figure_in_a_technical_unit_is_compared_in_that_unit():
    """"30cN/dtex" is a fibre strength the figures do not otherwise read: the evidence's "≥40cN/dtex", in the same
    unit, contradicts it; the same figure supports it; a figure in another unit says nothing of it."""
    evidence = ["- Fibers meeting strength specifications (≥40cN/dtex) in untwisted condition are subject to licensing."]
    claim = "听说超高分子量聚乙烯纤维只要强度在30cN/dtex以上就要办出口许可，对吗？"
    result = judge(claim, evidence, True, 0.33)
    assert result.verdict == "contradicted" and result.reason == "40cN/dtex ≠ 30cN/dtex"
    assert judge(claim.replace("30", "40"), evidence, True, 0.33).verdict == "supported"
    assert judge(claim.replace("30cN/dtex", "30 GHz"), evidence, True, 0.33).reason != "40cN/dtex ≠ 30 GHz"


def test_a_ban_claimed_is_not_contradicted_by_a_may_near_it():
    """Rules say most acts with "may" or 可以: "the court may take measures to restrict" is no answer to a claim about
    "a ban … imposed at the creditor's request". An act claimed allowed is still contradicted by a ban stated."""
    evidence = ["If the party subject to enforcement fails to pay as the enforcement notice specifies, the court may "
                "take measures to restrict the extravagant consumption of such party at the request of the creditor."]
    claim = ("Is it true that, according to the guide, a ban on a debtor's extravagant consumption is usually imposed "
             "at the creditor's request?")
    assert judge(claim, evidence, True, 0.5).verdict != "contradicted"
    banned = ["The party subject to a restriction order must not travel by air or stay in luxury hotels."]
    allowed = "Is it true that a party subject to a restriction order is allowed to travel by air?"
    assert judge(allowed, banned, True, 0.5).verdict == "contradicted"


def test_a_cap_claimed_for_one_tier_is_judged_against_that_tiers_cap():
    """"The probation period can be as long as a year for an open-ended contract": the law's tiers say 一年 only as
    a contract length (不满一年的), and 无固定期限的劳动合同 (the glossary's 无固定期限劳动合同, with 的 inside) gets
    "不得超过六个月". The claim is contradicted by that cap, shown as such, not by the tier's three years."""
    from rag.claims import judge

    evidence = ["劳动合同期限三个月以上不满一年的，试用期不得超过一个月；", "劳动合同期限一年以上不满三年的，试用期不得超过二个月；",
                "三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。",
                "以完成一定工作任务为期限的劳动合同或者劳动合同期限不满三个月的，不得约定试用期。"]
    wrong = judge("Someone told me the probation period in China can be as long as a year for an open-ended contract. "
                  "True?", evidence, True)
    assert wrong.verdict == "contradicted" and wrong.reason == "6 months ≠ 1 year"
    right = judge("Someone told me the probation period in China can be as long as six months for an open-ended "
                  "contract. True?", evidence, True)
    assert right.verdict == "supported"


def test_a_thing_the_claim_sets_against_its_own_and_the_year_naming_its_document_need_not_be_stated():
    """"The USTR's office, not the Commerce Department, is running the investigation": the evidence names the USTR's
    office and need not name the department the claim sets against it. "China's 2024 aerospace export controls":
    the year names the document (its file says 2024), no figure the sentences must state."""
    from rag.claims import judge

    ustr = judge("Is it true that the U.S. Trade Representative's office, not the Commerce Department, is running the "
                 "Section 301 investigation into Chinese legacy chips?",
                 ["The Office of the U.S. Trade Representative is launching a Section 301 investigation to examine the "
                  "PRC's targeting of foundational semiconductors (also known as legacy or mature node chips)."], True)
    assert ustr.verdict == "supported"
    commerce = judge("Is it true that the Commerce Department is running the Section 301 investigation into Chinese "
                     "legacy chips?",
                     ["The Office of the U.S. Trade Representative is launching a Section 301 investigation to examine "
                      "the PRC's targeting of foundational semiconductors."], True)
    assert commerce.verdict != "supported"
    controls = judge("Is it true that under China's 2024 aerospace export controls, exporters with contracts already "
                     "signed must apply for permits after the fact?", ["- Existing contracts require retroactive permit "
                                                                      "applications"], True,
                     context="Announcement on Export Controls for Aerospace Structures (cn aerospace export controls "
                             "summary) 2024")
    assert controls.verdict == "supported"


def test_a_second_common_sense_of_a_claim_word_does_not_make_another_sentence_the_closest():
    # "reduce" is 降低 (glossary); 减少 of trade frictions, in a Chinese preamble beside the English sentence that
    # says the opposite of the claim, is no word of it
    evidence = ["Stabilize resources and reasonably increase imports of beef, mutton, aquatic products and other "
                "consumer goods.",
                "国务院关于加强进口的指导意见：进一步加强进口，对于缓解资源环境瓶颈压力，减少贸易摩擦，都具有重要的战略意义。"]
    verdict = judge("Is it true that the State Council wanted to reduce imports of beef and mutton?", evidence, True)
    assert verdict.verdict == "contradicted"


def test_an_ordinal_counts_nothing():
    """善意第三人 is a bona fide third party, not three people; 第二次 the second time, not two times."""
    assert figures("投资人对受托人职权的限制，不得对抗善意第三人。") == set()
    assert figures("第二次违反规定的，吊销许可证。") == set()


def test_a_count_the_evidence_writes_in_no_form_is_not_stated():
    """A claimed count of things that the quoted sentences write nowhere, in figures, English words or Chinese
    numerals, is not stated by them (it was dropped, and the claim judged on its words alone as supported); a
    count they write is compared as before."""
    managed = ["个人独资企业投资人可以自行管理企业事务，也可以委托或者聘用其他具有民事行为能力的人负责企业的事务管理。",
               "投资人对受托人或者被聘用的人员职权的限制，不得对抗善意第三人。"]
    assert judge("Is it true that a sole proprietorship must employ at least three people?", managed,
                 answered=True).verdict == "not_stated"
    checked = ["乳品生产者应当建立生鲜乳进货查验制度，查验生鲜乳交接单。"]
    assert judge("Is it true that the raw milk delivery note is made out in two copies?", checked,
                 answered=True).verdict == "not_stated"
    assert judge("Is it true that the dairy checks the raw milk delivery note?", checked,
                 answered=True).verdict == "supported"
    copies = ["生鲜乳交接单应当一式两份，分别由生鲜乳收购站和乳品生产者保存。"]
    assert judge("Is it true that the raw milk delivery note is made out in two copies?", copies,
                 answered=True).verdict == "supported"
    assert judge("Is it true that the raw milk delivery note is made out in three copies?", copies,
                 answered=True).verdict != "supported"


def test_a_word_ending_in_s_is_no_thing_counted():
    """"£1,000 plus VAT" counts no "plus"; "90,000 mass incidents" counts incidents, not masses."""
    assert figures("Sessions cost £1,000 plus VAT for a whole day.") == {Figure("money", 1000.0, currency="GBP")}
    assert Figure("count:incidents", 90000.0) in figures("There were about 90,000 mass incidents last year.")


def test_kept_unchanged_contradicts_counted_anew():
    """"有效期要重新计算" is contradicted by a rule that keeps the period unchanged; the part kept is supported."""
    kept = ["变更后的医疗器械经营许可证编号和有效期限不变。"]
    assert judge("医疗器械经营许可证变更以后，许可证编号不变，但有效期要重新计算，对吗？", kept,
                 answered=True).verdict == "contradicted"
    assert judge("医疗器械经营许可证变更以后，许可证编号和有效期限都不变，对吗？", kept,
                 answered=True).verdict == "supported"
    assert judge("Is it true that the licence's validity period is reset after a change?",
                 ["After a change, the licence number and its validity period remain unchanged."],
                 answered=True).verdict == "contradicted"


def test_a_body_of_the_same_kind_named_otherwise_contradicts():
    """"a bureau of the Department of Justice" against "… of the Department of the Treasury"."""
    defined = ["The term “FinCEN” means the Financial Crimes Enforcement Network of the Department of the Treasury."]
    verdict = judge("Is it true that FinCEN is defined as a bureau of the Department of Justice?", defined, answered=True)
    assert verdict.verdict == "contradicted" and "Treasury" in verdict.reason
    assert judge("Is it true that FinCEN is a bureau of the Department of the Treasury?", defined,
                 answered=True).verdict == "supported"


def test_a_change_told_the_other_way_round_contradicts():
    """A change from A to B is contradicted by the change from B to A, across languages too."""
    tilted = ['When you tilt a ¥100 bill, the number "100" will change from green to blue.']
    assert judge("听说100元人民币斜着看，上面的数字“100”会从蓝色变成绿色，对吗？", tilted,
                 answered=True).verdict == "contradicted"
    assert judge("Is it true that the number 100 on the note changes from blue to green when tilted?", tilted,
                 answered=True).verdict == "contradicted"
    assert judge("Is it true that the number 100 on the note changes from green to blue when tilted?", tilted,
                 answered=True).verdict == "supported"


def test_a_half_yearly_act_against_a_quarterly_one():
    """"每半年核销一次" is contradicted by the sentence on that act saying every quarter; every six months is the
    same as every half year."""
    quarterly = ["免税商店应当在每季度第一个月25日前将上季度免税品入库、出库、销售情况编制清单，向主管海关办理免税品核销手续。",
                 "免税商店的经营、终止以及免税品的进口、销售、核销等适用本办法。"]
    verdict = judge("听说免税商店每半年才向海关核销一次账，是这样吗？", quarterly, answered=True)
    assert verdict.verdict == "contradicted" and "3 months" in verdict.reason
    assert judge("听说免税商店每季度向海关核销一次账，是这样吗？", quarterly, answered=True).verdict == "supported"
    assert judge("Is it true that the operator reports semi-annually?",
                 ["The operator shall report to the customs every six months."], answered=True).verdict == "supported"


def test_another_day_of_the_month_contradicts():
    """"communicated by October 1st" against "shall be communicated by October 15th"; the day stated supports."""
    amounts = ["The amounts to be used in any given national currency shall be the equivalent in that currency of the "
               "amounts expressed in euro as at the first working day of October.",
               "The amounts shall be communicated by October 15th, and shall apply from January 1st, the following year."]
    verdict = judge("Is it true that the national-currency amounts must be communicated by October 1st?", amounts,
                    answered=True)
    assert verdict.verdict == "contradicted" and verdict.reason == "October 15 ≠ October 1"
    assert judge("Is it true that the national-currency amounts must be communicated by October 15?", amounts,
                 answered=True).verdict == "supported"
    assert judge("听说清单要在1月10日前报送海关，对吗？", ["清单应当在1月25日前报送主管海关。"],
                 answered=True).verdict == "contradicted"


def test_a_place_in_a_series_is_compared_with_the_same_series():
    """第17轮 against "the 18th round" contradicts; an ordinal of another word ("the 13th annual Summit") decides
    nothing about 第13届."""
    assert figures("第17轮对俄制裁") == {Figure("ordinal:round", 17.0)}
    sanctions = ["The EU's July 18, 2025 inclusion of two Chinese financial institutions in sanctions related to the "
                 "18th round of Russia sanctions prompted the countermeasures."]
    verdict = judge("听说中国反制是因为欧盟在第17轮对俄制裁里加进了两家中国金融机构，对吗？", sanctions, answered=True)
    assert verdict.verdict == "contradicted" and verdict.reason == "18th round ≠ 17th round"
    summit = ["President Trump also participated in the 13th annual U.S.-ASEAN Summit meeting."]
    assert judge("听说特朗普还参加了第13届美国—东盟峰会，对吗？", summit, answered=True).verdict == "supported"


def test_a_share_per_mille():
    """"42‰" is a share of 0.042, compared with 27‰ and with 千分之四十二."""
    assert figures("月综合费率不得超过24‰") == figures("千分之二十四") == {Figure("fraction", 0.024)}
    fee = ["房地产抵押典当的月综合费率不得超过27‰。"]
    assert judge("Is it true that a pawnshop can charge up to 42‰ a month in fees on a loan secured by a house?", fee,
                 answered=True).verdict == "contradicted"
    assert judge("Is it true that a pawnshop can charge up to 27‰ a month in fees on a loan secured by a house?", fee,
                 answered=True).verdict == "supported"


def test_a_price_said_of_a_half_day_is_bound_to_it_across_languages():
    """"上门做半天的定制培训要收1000英镑" against "£1,000 plus VAT for a whole day, or £750 plus VAT for a half day":
    the £1,000 is the whole day's."""
    prices = ["Sessions cost £1,000 plus VAT for a whole day, or £750 plus VAT for a half day."]
    assert judge("听说英国出口管制局上门做半天的定制培训要收1000英镑加增值税，对吗？", prices,
                 answered=True).verdict == "contradicted"
    assert judge("听说英国出口管制局上门做半天的定制培训要收750英镑加增值税，对吗？", prices,
                 answered=True).verdict == "supported"


def test_a_claim_with_a_rise_and_a_fall_is_read_thing_by_thing():
    """"Cut tariffs to expand imports" says a fall of one thing and a rise of another: a source stating only the
    tariff cut does not contradict it (the rise is of imports, not of tariffs), and one stating a tariff rise or an
    import rise against the claimed fall does, in either language."""
    cut_only = ["适当降低部分商品的进口关税。"]
    english_cut = ["Reduce import tariffs on some consumer goods that are in great demand, such as beef and pork."]
    both = ["降低部分消费品进口关税，以扩大进口。"]
    assert judge("Is it true that China cut tariffs on beef to expand their imports?", cut_only, True, 0.6).verdict \
        == "supported"
    raised = judge("Is it true that China raised tariffs on beef to reduce their imports?", english_cut, True, 0.6)
    assert raised.verdict == "contradicted"
    assert contradiction("China raised tariffs on beef to reduce their imports.", english_cut) == \
        "'raised' where the evidence says 'reduce'"
    assert judge("中国降低关税来减少进口，对吗？", both, True, 0.6).verdict == "contradicted"
    assert judge("中国降低关税来扩大进口，对吗？", both, True, 0.6).verdict == "supported"


def test_an_amount_in_dollars_is_neither_stated_nor_contradicted_by_one_in_yuan():
    """"Civil fines of up to $1 million" against a Chinese rule's 处5万元以上10万元以下的罚款: a dollar amount is no
    yuan amount, so the rule's figures decide nothing (not stated); against "$500,000" in English, or 50万美元, they
    contradict it, and "US$1 million" states it."""
    yuan = ["没有违法所得或者违法所得不足1万元的，并处5万元以上10万元以下的罚款。"]
    claim = "I heard that breaking the transit rolling stock rule carries civil fines of up to $1 million. True?"
    assert judge(claim, yuan, True, 0.5).verdict == "not_stated"
    dollars = judge(claim, ["Violations carry civil fines of up to $500,000."], True, 0.5)
    assert (dollars.verdict, dollars.reason) == ("contradicted", "$500,000 ≠ $1,000,000")
    assert judge(claim, ["违反规定的，处最高50万美元的民事罚款。"], True, 0.5).verdict == "contradicted"
    assert judge(claim, ["Violations carry civil fines of up to US$1 million."], True, 0.5).verdict == "supported"


def test_what_members_invested_is_their_contribution_of_capital():
    """"However much they invested": a co-operative law writes a member's investment as 出资额, so the claim is about
    what its sentences say (one basic vote each, extra votes by contribution), not about something else."""
    votes = ["农民专业合作社成员大会选举和表决，实行一人一票制，成员各享有一票的基本表决权。",
             "出资额或者与本社交易量（额）较大的成员按照章程规定，可以享有附加表决权。"]
    claim = "I heard every member of a Chinese farmers' co-op gets one basic vote, however much they invested. True?"
    assert judge(claim, votes, True, 0.34).verdict == "supported"
    assert judge(claim, votes[:1], True, 0.34).verdict == "not_stated"  # (no sentence on what they put in)


def test_a_figure_the_source_sets_for_another_party_contradicts_the_claim():
    """A Chinese sentence setting a figure per party ("对生产企业并处货值金额3倍的罚款，对销售者并处1000元以上5万元以下的
    罚款"): a claim giving the seller the producer's 3 times is contradicted by the seller's own fine; the producer's
    is supported; a claim naming neither party more than the other is decided as before."""
    recall = ["生产企业和销售者不履行前款规定义务的，由监督管理部门依据各自职责，责令生产企业召回产品、销售者停止销售，"
              "对生产企业并处货值金额3倍的罚款，对销售者并处1000元以上5万元以下的罚款；"]
    seller = "Is it true that a seller that keeps selling a recalled product is fined three times the goods' value?"
    verdict = judge(seller, recall, True, 0.4)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "RMB 1,000–RMB 50,000 ≠ 3 times")
    producer = "Is it true that a producer that fails to recall a product is fined three times the goods' value?"
    assert judge(producer, recall, True, 0.4).verdict == "supported"
    bans = ["当事人为个人的，个体演员1年内不得从事营业性演出，个体演出经纪人5年内不得从事营业性演出的居间、代理活动。"]
    actor = "Someone told me a Chinese actor who loses their licence is banned from performing for five years. True?"
    assert judge(actor, bans, True, 0.4).reason == "1 year ≠ 5 years"
    assert judge(actor.replace("five years", "one year"), bans, True, 0.4).verdict == "supported"


def test_even_once_is_a_count_the_source_can_contradict():
    """"Barred after even one detention" against 3次以上行政拘留: a count of one against the source's three; "once a
    year" and "once approved" count nothing."""
    barred = ["有下列情形之一的，不得担任保安员：", "(一)曾被收容教育、强制隔离戒毒、劳动教养或者3次以上行政拘留的；"]
    claim = "Someone told me anyone who has ever been held in administrative detention, even once, is barred " \
            "from working as a security guard in China. Right?"
    assert judge(claim, barred, True, 0.37).verdict == "contradicted"
    assert not figures("Reports are filed once a year, once approved by the board.")
    assert figures("only once") == {Figure("count", 1.0)}


def test_an_amount_stated_otherwise_decides_a_claim_whose_frequency_the_source_does_not_write():
    """"Up to 50% of their investments each month" against "could repatriate up to 20% of its investments
    consistently" (the month lost in the writing): the sentence most about the claim gives its amount otherwise, so the
    claim is contradicted; with the claimed 50% it is not stated (nothing says how often), and a sentence that does
    say how often (every year) is weighed as before."""
    before = ["Preceding June 2018, foreign institutions invested through the QFII program could repatriate up to 20% "
              "of its investments consistently.",
              "As of mid-June 2018, China lifted both the 20% remittance ceiling and the three-month lock-up period."]
    claim = "Is it true that before June 2018 QFII investors could repatriate up to 50% of their investments each month?"
    verdict = judge(claim, before, True, 0.45)
    assert (verdict.verdict, verdict.reason) == ("contradicted", "20% ≠ 50%")
    stated = [s.replace("20% of", "50% of") for s in before]
    assert judge(claim, stated, True, 0.45).verdict == "not_stated"


def test_how_long_a_thing_stays_valid_is_stated_only_by_a_sentence_on_validity():
    """"Permits … valid for 180 days" against a sentence giving 30 days to file the permit's copy: no validity is
    stated, so the claim is not (not contradicted); a sentence giving the permit's validity decides it."""
    filing = ["进口或者出口濒危野生动植物及其产品的，应当向海关提交允许进出口证明书，并自海关放行之日起30日内，"
              "将海关验讫的允许进出口证明书副本交国家濒危物种进出口管理机构备案。"]
    claim = "Is it true that China's permits for exporting endangered species are valid for 180 days?"
    assert judge(claim, filing, True, 0.7).verdict == "not_stated"
    valid = filing + ["允许进出口证明书的有效期不得超过90日。"]
    assert judge(claim, valid, True, 0.7).verdict == "contradicted"
