"""Answerability: what a question asks for, and whether the chosen sentences supply it.

A question such as "how much money does the guidance allocate to the import fund?" is on topic for a
clause that says the fund will be *increased*, but that clause does not answer it: no amount is given.
This stage works out the kind of item a question asks for (a number, a percentage, an amount of money, a
year or date, a period, an organisation) and the constraints it names (a year), and checks the sentences
an answer would quote against them. It is language-independent on the source side (numbers, dates and
organisation names are recognised in Chinese and English text), so it does not depend on how well a
question was translated, and it has no per-corpus constants."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import fold_case, has_han
from rag.blocs import bloc_named
from rag.markers import cn_number
from rag.months import MONTH_NAME, MONTHS
from rag.lookup import strip_doc_numbers
from rag.tokenize import singular
from rag.types import Citation, Document, Hit

# ---- what a question asks for -------------------------------------------------------------------

_QTY = (r"rate|total|amount|value|volume|share|surplus|deficit|limit|threshold|quota|number|percentage|"
        r"proportion|growth|price|cost|fee|fine|size|scale|ceiling|cap|sum|budget|figure|level|ratio|"
        r"duty|duties|tariff|tax|penalty|allowance|subsidy|spending|investment|"
        r"load|weight|speed|capacity|distance|height|length|width|depth|temperature|age|count")  # (measures)
# a bare "what tax / penalty / subsidy …" asks which kind ("what tax will Hainan charge instead of VAT?": a
# sales tax), not how much
_KIND_NOUNS = r"(?:tax|taxes|duty|duties|tariff|tariffs|penalty|penalties|fee|fees|fine|fines|subsidy|allowance|investment)"
_EN = {
    "percent": re.compile(r"\bwhat (?:percentage|percent|share|proportion|ratio)\b|\bhow many percent|\bby what percent|"
                          r"\bwhat (?:[\w'-]+ )?(?:market|import|export|equity|ownership) share\b|"
                          r"\bwhat (?:(?:minimum|maximum|largest|smallest|controlling|majority|foreign) )?(?:equity )?"
                          r"(?:stake|shareholding)s?\b|"
                          # "how much of the gross fee can I deduct?": a share of it (not "how much of the quota is
                          # left?")
                          r"\bhow much of (?:the|my|our|your|his|her|its|their|a|an|each|every) [\w\s'-]{1,40}?\b"
                          r"(?:deduct\w*|exempt\w*|tax(?:ed|able)|refund\w*|reimburs\w*|own(?:ed)?|hold|held|"
                          r"cover(?:ed|s)?)\b|"
                          r"\bwhat (?:is|was|are|were) (?:the|its|their|china's) (?:[\w'-]+ ){0,4}(?:rate|share|proportion|"
                          r"percentage|ratio)s?\b(?! of exchange)|\bin percent\b|\bas a percentage\b|\bwhat (?:[\w'-]+ ){0,3}(?:rate|percentage|ratio)s?\b"
                          r"(?!\s+(?:of exchange|policy|policies|regime|system|reform|mechanism))|"
                          # "what import tariff does China charge on aircraft parts?": the rate (not "what tariffs
                          # does it charge?", which asks which)
                          r"\bwhat (?:import |export |customs |anti-dumping |extra |additional )?(?:tariff|duty)(?: rate)? "
                          r"(?:does|do|did|will|would|can|could|must) [\w\s'-]{1,60}?\b(?:charge|levy|impose|apply|put)\b", re.I),
    "money": re.compile(r"\bhow much (?:[\w'-]+ ){0,2}(?:money|funding|capital|cash|reward|bonus|compensation|deposit)\b|"
                        # a fee by the time it is paid for: "what annual fee does an auction company pay?" (an amount)
                        r"\bwhat (?:annual|yearly|monthly|weekly|daily|one-off|one-time) (?:[\w'-]+ )?"
                        r"(?:fees?|charges?|levy|levies|rent|premiums?|contributions?|payments?)\b|"
                        # a cap or a floor: "what is the most the insurance will pay for …", "the least we can be fined"
                        r"\bwhat(?:'s| is| was| are)? the (?:most|maximum|least|minimum) "
                        # (not a superlative: "the most reliable way to get cash")
                        r"(?![a-z]+(?:able|ible|ful|ive|ous|ent|ic|al|ly)\b|(?:common|popular|important|likely|secure|"
                        r"safe|easy|quick|cheap)\b)(?:[\w'-]+ ){0,9}?(?:pay|pays|paid|"
                        r"cover|covers|charge|charges|cost|costs|fine|fined|claim|receive|get|reimbursed|refunded|"
                        r"awarded|granted|compensated|lent|borrowed)\b|"
                        r"\bhow much (?:does|did|will|do|can|could|would|may|might|must) [\w\s'-]{0,40}\b"
                        r"(?:cost|allocate|spend|pay|invest|charge|fined?|deposit|lodge|put (?:down|up)|owe|lend|lent|borrow|earn)\b|\bwhat (?:is|was|are|were) the (?:\w+ ){0,3}"
                        r"(?:cost|price|fee|fine|budget|subsidy|value|deposit|wages?|salary|salaries|revenue|turnover|income|"
                        r"(?:registered|paid-in|minimum|required|initial|start-up) capital)\b|"
                        r"\bwhat (?:[\w'-]+ ){0,2}(?:revenue|turnover|income|salary|salaries|wages?)\b|"
                        r"\bwhat (?:minimum |maximum |required |initial |start-up |paid-in )?(?:registered |paid-in )?"
                        r"capital (?:does|do|did|will|would|must|should|is|are)\b|"  # "what minimum registered capital does … need?"
                        # "what fee does the ministry charge to process it?": how much (not "what tax will it charge
                        # instead of VAT?" or "what fees will it charge us?", which ask what kinds)
                        r"\bwhat (?!(?:kinds?|types?|sorts?) of\b)(?:[\w'-]+ ){0,2}?(?:fee|charge|price) "
                        r"(?:does|do|did|will|would|can|could|may|must) [\w\s'-]{0,60}?\b"
                        r"(?:charge|levy|collect|ask)\b|"
                        # "what does customs charge for disinfecting a shipment?": how much (not "what does the
                        # prosecutor charge him with?")
                        r"\bwhat (?:does|do|did|will|would|can|could|may|might) [\w\s'-]{1,40}?\bcharges? (?:for|to)\b|"
                        r"\bhow (?:big|large|high|heavy) (?:is|are|was|were|would be|will be) the (?:\w+ ){0,2}"
                        r"(?:fines?|penalt(?:y|ies)|fees?|deposits?|costs?|prices?)\b|\bhow (?:big|large|high|heavy|much) "
                        r"(?:can|could|may|might|would|will) (?:the |a |an |its |their )?(?:\w+ ){0,2}(?:fines?|penalt(?:y|ies)|"
                        r"fees?|deposits?|costs?|prices?) (?:get|be|go|run)\b", re.I),
    "frequency": re.compile(r"\bhow (?:often|frequently)\b|\bat what intervals?\b|\bhow many times (?:a|per|each|every) "
                            r"(?:year|month|quarter|week|day)\b", re.I),
    "period": re.compile(r"\bhow long\b(?!\s+(?:is|are|was|were)\s+(?:the\s+|its\s+|their\s+|[A-Z][\w.]*'s\s+)?(?:\w+\s+)?"
                         r"(?:coastline|coast|border|frontier|river|road|railway|railroad|rail line|highway|expressway|bridge|"
                         r"tunnel|pipeline|runway|canal|wall|network)s?\b)|\bfor how many (?:years|months|days)\b|\bwithin how many\b|"
                         r"\bhow much (?:advance |prior )?(?:notice|warning|lead time|time)\b|"
                         r"\bhow (?:far|long|much) (?:ahead|in advance|beforehand)\b|"
                         r"\bhow (?:fast|quickly) (?:does|do|must|should|will|can|has|have)\b|"
                         r"\bhow (?:fast|quickly)\s*[?？]|"
                         r"\bhow many (?:working |business )?(?:days|months|years|hours)\b|\bwhat (?:is|was) the "
                         r"(?:\w+ ){0,2}(?:deadline|time limit|period|term|validity|"
                         r"(?:shelf|storage|service|useful) life)\b|"
                         r"\bwhat (?:[\w'-]+ ){0,2}?(?:prison|jail) (?:terms?|sentences?)\b|"
                         r"\bwhat (?:is|was|are) the (?:longest|shortest|maximum|minimum) (?:\w+ ){0,2}(?:sentence|jail term|"
                         r"prison term|detention|term|period)s?\b", re.I),
    "year": re.compile(r"\b(?:which|what) year\b|\bin what year\b|\bwhich year's\b", re.I),
    # the time of day: "what time does the counter open?", "what are the opening hours?"
    "time": re.compile(r"\b(?:at |until |till |from )?what time\b|\b(?:opening|business|office) hours\b|"
                       r"\bwhat hours\b|\bhow late (?:is|are|does|do|will)\b", re.I),
    "date": re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?when\b|\b(?:which|what) (?:date|day|month)\b|\bsince when\b|"
                       r"\bby when\b|\bwhen (?:was|were|did|will|does|is|do)\b", re.I),
    "person": re.compile(r"\bwhich officials?(?=\s+(?:from|at|of|in|said|says|stated|announced|explained|spoke|"
                         r"briefed|presented|is|was|has|had|did)\b|\s*[?,])|\bwhich (?:person|minister|spokes(?:man|person|woman)|expert|director)\b|"
                         r"\bwho (?:said|says|stated|announced|spoke|explained|briefed|told|presented)\b|\bwhose name\b|"
                         # "who is the current administrator of SAFE?": a person holding an office, not the body
                         r"\bwho (?:is|was|are|were) (?:the |its |their )?(?:current |present |new |former |first )?"
                         r"(?:head|director|director-general|administrator|minister|chair(?:man|woman|person)?|governor|"
                         r"president|commissioner|chief|secretary|ceo|spokes(?:man|person|woman))\b", re.I),
    "org": re.compile(r"\bwho (?:is|are|was|were|will|issued|issues|leads|signed)\b(?! (?:supposed|required|meant|obliged|"
                      r"responsible|liable|expected) to\b)|"
                      r"\bwhich (?:[A-Za-z-]+ ){0,2}?(?:ministry|ministries|department|departments|agency|agencies|authority|"
                      r"authorities|body|bodies|organi[sz]ation|organi[sz]ations|office|people|laborator(?:y|ies)|"
                      r"institution|institutions|government|governments|bureau|commission|company|companies)\b|"
                      # "what is the name of the agency that enforces it?", "what regulator approves it?"
                      r"\bwhat (?:is|are|was|were) the names? of (?:the |a |an |its |their )?(?:[A-Za-z-]+ ){0,2}?"
                      r"(?:ministry|department|agency|authority|body|organi[sz]ation|office|bureau|commission|regulator|"
                      r"court|company)\b|\bwhat (?:(?!(?:is|are|was|were|does|do|did|will|would|can|could|may|might|must|should|"
                      r"if|the|a|an|its|their|this|that|our|my|your)\b)[A-Za-z-]+ ){0,2}?(?:ministry|department|agency|"
                      r"bureau|regulator)\b(?!'s| (?:rules?|regulations?|guidelines?|polic(?:y|ies)|"
                      r"approvals?|documents?|forms?|fees?|websites?|reports?)\b)", re.I),
    "party": re.compile(r"^\s*who\b|\bwho (?:pays|bears|must|can|may|should|shall|has to|needs to|gets|receives)\b|"
                        r"\bwho (?:is|are) (?:supposed|required|meant|obliged|responsible|liable|expected) to\b",
                        re.I),
    "penalty": re.compile(r"\bwhat (?:happens|will happen|would happen|could happen|can happen) to\b(?! it\b)|"  # (a thing:
                          # "what happens to it [the guarantee] in the end?" asks its fate, not a penalty)
                          r"\bwhat (?:is|are) the (?:\w+ ){0,2}(?:consequences?|penalt(?:y|ies)|punishments?|sanctions?)\b|"
                          r"\bwhat (?:penalt(?:y|ies)|punishments?|sanctions?|consequences?|fines?)\b|"
                          r"\bhow (?:is|are|will|would|can) [\w\s'-]{1,40}?\b(?:punished|penali[sz]ed|sanctioned)\b", re.I),
    "place": re.compile(r"\bwhich (?:chinese |foreign |other |\w+ )?(?:cities|city|provinces?|towns?|countr(?:y|ies)|"
                        r"nations?)\b|\b(?:which|what) (?:government |official |online )?(?:web ?sites?|portals?)\b|"
                        r"\bin which (?:city|province|town)\b|\bwhere (?:is|are|was|were) [\w\s'-]{1,40}\b(?:located|based|"
                        r"headquartered)\b", re.I),
    "number": re.compile(rf"\bhow (?:much|many|large|big|small|fast|high|low|deep|wide|narrow|tall|heavy|thick|old|far(?! (?:can|could|may|might|will|would|should|must|do|does) [\w\s'-]{{1,30}}\bgo\b))\b|\bwhat (?:is|was|are|were) (?:the|its|their|"
                         rf"china's|the country's) (?:[\w'-]+ ){{0,3}}(?:{_QTY})\b|\bwhat (?!{_KIND_NOUNS}\b)(?:{_QTY})\b|"
                         r"\bwhat (?:[\w'-]+ ){1,3}(?:figure|amount|sum|threshold|value|volume|total|ceiling|cap|limit)s?\b|"
                         r"\bwhat (?:phone|telephone|hotline|helpline|fax) numbers?\b|"  # (a number to call: _ASKS_THE_NUMBER)
                         # "what minimum distance must there be between two stations?": a measure bounded
                         rf"\bwhat (?:minimum|maximum|smallest|largest|lowest|highest|shortest|longest) (?:[\w'-]+ ){{0,2}}(?:{_QTY}|area|"
                         r"floor space)s?\b|"  # ("what minimum warehouse floor area does a distributor need?")
                         # "what's the most local staff an office may hire?": a count of the people or things named
                         r"\bwhat (?:is|was) the (?:most|maximum|fewest|least|minimum)(?: number of)? (?:[\w'-]+ ){0,3}?"
                         r"(?:staff|people|personnel|employees|workers|members|[a-z]+s)\b(?= (?:a|an|the|that|which|we|you|"
                         r"they|it|one|can|may|must|is|are|allowed|permitted)\b)",
                         re.I),
}
# Words every match of each _EN pattern contains (looked for in lang.fold_case(question), as IGNORECASE
# compares): a question without any of them is not of that kind, and its pattern is never compiled.
_EN_NEEDS = {
    "percent": ("percent", "share", "proportion", "ratio", "rate", "tariff", "duty", "how much of", "stake",
                "shareholding"),
    "money": ("how much", "cost", "price", "fee", "fine", "budget", "subsidy", "value", "capital", "deposit", "penalt",
              "levy", "levies", "rent", "premium", "contribution", "payment",
              "revenue", "turnover", "income", "salar", "wage", "the most", "the maximum", "the least", "the minimum",
              "charge"),
    "frequency": ("how often", "how frequently", "interval", "how many times"),
    "period": ("how long", "how many", "how fast", "how quickly", "how much", "how far", "deadline", "time limit", "period", "term",
               "sentence", "detention", "validity", " life"),
    "year": ("year",),
    "time": ("what time", "hours", "how late"),
    "date": ("when", "date", "day", "month"),
    "person": ("official", "person", "minister", "spokes", "expert", "director", "who"),
    "org": ("who", "ministr", "department", "agenc", "authorit", "bod", "organi", "office", "people", "institution",
            "government", "bureau", "commission", "compan", "regulator", "court"),
    "party": ("who",),
    "penalty": ("happen", "consequence", "penalt", "punish", "sanction", "fine"),
    "place": ("which", "where", "what"),
    "number": ("how ", *_QTY.split("|"), "the most", "the maximum", "the fewest", "the least", "the minimum", "area", "floor space"),
}
_ZH = {
    "percent": re.compile(r"(?:税率|利率|费率|比率|增长率|关税)(?:具体|大概|一般|目前|现在|最高|最低)?(?:是|为|有|定为)?(?:多少|几)|百分之几|[\u4e00-\u9fff]{2}的多少[？?]?\s*$|多少个?百分点|比例是多少|比重是多少|占比多少|几成|多大比[重例]|增长了?多少|增速是?多少"),
    "money": re.compile(r"多少(?:金额|钱|元|美元|欧元|英镑|日元|港元|港币|资金|经费|亿|万|奖金|奖励|补贴|补助|赔偿|报酬|保证金|押金|注册资本|罚款|[\u4e00-\u9fff]{0,3}费)|(?:金额|资金|经费|预算|费用|罚款|补贴|额度|限额|限值|[\u4e00-\u9fff]{1,3}费)"
                        r"(?:是|为|有|要|收)?多少"),
    "frequency": re.compile(r"(?:多久|多长时间|每隔多久|隔多久|几年|几个月|多少天)[^，,。？?]{0,12}一次|频率|频次|(?:每年|一年|每月|一个月)(?:要|需要|应当)?[^，,。？?]{0,6}几次"),
    "period": re.compile(r"多久|多长时间|(?:期限|期间|时限)[^，,。？?]{0,4}多长|(?<![月好十这那])几个?(?:工作日|月(?!几?[日号]|份)|天|日|小时)|(?<![近前这的哪])几年(?![来前后里])|(?<![连续着])多少年(?![来前后度])|多少(?:个)?(?:工作日|天|日|小时|个月)|期限是|有效期"),
    "year": re.compile(r"哪一?年|何年|哪个年份"),
    "time": re.compile(r"几点|(?:营业|开放|办公|服务)时间(?:是|为)?(?:几点|什么|从|怎么|多少)|"
                       r"什么时间(?:开门|关门|营业|开放|上班|下班)|什么时候(?:开门|关门)"),
    "date": re.compile(r"哪一?天|哪个月|几月|何时|什么时候|什么时间|何日|哪一?日|几号|日期是"),
    "person": re.compile(r"哪位|哪一位|哪名|什么人|谁(?:说|表示|介绍|解读|宣布|指出|发布)|"
                         r"(?:官员|负责人|发言人|专家|局长|部长|署长|行长|主任|主席|总裁|董事长)是谁|谁是[^，,。？?]{0,12}?"
                         r"(?:局长|部长|署长|行长|主任|主席|总裁|董事长|负责人)"),
    "org": re.compile(r"哪[个些][\u4e00-\u9fff]{0,4}?(?:部门|机构|单位|机关)|哪几?家|由哪|哪个?(?:部委|部(?!法|规)|委|局|署)"),
    "place": re.compile(r"哪个城市|哪些城市|哪座城市|哪几个城市|哪个省|哪些省|设在哪|位于哪|在哪个城市|(?:哪个|哪些|什么)网站"),
    "party": re.compile(r"谁"),
    "penalty": re.compile(r"(?:怎么|如何|怎样|会受到什么|受到什么|有什么|给予什么|什么样的?)(?:处罚|惩罚|处分|制裁|后果)|"
                          r"会怎样|会怎么样|承担什么(?:样的)?(?:法律)?责任|罚则是什么"),
    "number": re.compile(r"多少|(?<![哪好十这那])几[个项家名次倍条批类种]|多大|多高|多快|多远|多重"),  # (好几个,
    # 十几个, 这几个: several, a dozen or so, these few; no count asked)
}
_EVENT_KINDS = ("date", "year", "org", "person", "party")  # kinds asked of an event ("who signed…")
_KINDS = ("percent", "money", "frequency", "period", "year", "time", "date", "person", "penalty", "place", "org", "party", "number")  # most specific
# first
# "When must an investigation be terminated?", "When is a subsidy considered negligible?": in rules, "when"
# with a modal or a verb of status asks in what circumstances, not on what date
_CONDITIONAL_WHEN = re.compile(r"\bwhen\s+(?:must|can|may|should|shall|could|would|might)\b|\bwhen\s+(?:is|are|does|do)\b"
                               r"[^?]{0,80}?\b(?:ha(?:ve|s) to|need to|needs to|required to|supposed to|obliged to|"
                               r"allowed to|able to)\b|\bwhen\s+(?:is|are|does|do)\b"
                               r"[^?]{0,80}?\b(?:considered|deemed|regarded|treated|required|allowed|permitted|prohibited|"
                               r"forbidden|apply|applies|qualif(?:y|ies)|counts?|entitled|eligible|exempt(?:ed)?|liable|"
                               r"terminated|suspended|refused|rejected|need|needs|require|requires)\b", re.I)
# ("when does a bank need a CAC security assessment?": in which cases, not on which date)
# "When is an auditor obliged to refuse to sign off a report, for instance if the client holds back its books?":
# a case given as an example asks which cases, even of an event (signing off)
_EXAMPLE_CASE = re.compile(r"\b(?:for (?:instance|example)|e\.g\.|say|such as|like)[,:]?\s+(?:if|when|where|in case)\b",
                           re.I)


@dataclass(frozen=True)
class Need:
    """What a question asks for: `kind` is one of _KINDS or "open" (a what/how/why/list question)."""

    kind: str
    years: tuple[str, ...] = ()  # years the question names as constraints ("in 2018"), not asks for
    fact_years: tuple[str, ...] = ()  # of those, the ones that date the asked fact ("the surplus in 2018"),
    # not a document ("the 2018 opinion", "2018年的意见"): the sentence giving the figure must be of that year
    months: tuple[int, ...] = ()  # months that date the asked fact ("the surplus in July", "7月份的顺差")
    span: tuple[int, int] | None = None  # a part of a year the asked figure covers ("the first half": (1, 6))
    events: tuple[str, ...] = ()  # what a date or year is asked of ("came into force": "effect"; EVENTS)
    nouns: tuple[str, ...] = ()  # what a figure is asked of ("the trade surplus": "surplus"; QUANTITY_NOUNS)
    ahead: bool = False  # the question asks about what is still to come ("by when will …", "最晚什么时候")
    echoes: frozenset[str] = frozenset()  # the question's own terms in the other language (its translations):
    # a body named only by them restates the question ("the foreign trade authority of the State Council":
    # 国务院对外贸易主管部门) and supplies no answer to "which ministry is it?"


_YEAR = re.compile(r"(?<![\d〔\[])(19[5-9]\d|20[0-4]\d)(?![\d〕\]])")
_DOC_WORDS = (r"(?:opinions?|guidance|guidelines?|notice|circular|law|regulations?|measures|plan|document|policy|report|"
              r"意见|通知|文件|规定|办法|法|条例|规划|方案|指导意见|报告)")
_QUANTITY = ("number", "percent", "money")


def asked_for(question: str) -> Need:
    """The kind of item a question asks for, and the years it is constrained to."""
    bare = _CONTRACTIONS.sub(lambda m: m.group(1) + " is", strip_doc_numbers(question))  # "What's the biggest fine"
    kind = "open"
    english = re.search(r"[A-Za-z]{2}", bare) is not None
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in bare)
    folded = fold_case(bare) if english else ""
    for name in _KINDS:  # only the patterns of the question's scripts, and words: each is compiled on first use
        needs = _EN_NEEDS.get(name, ("",))  # (a kind without its words listed is always tried)
        if (english and any(w in folded for w in needs) and _EN[name].search(bare)) or (
                chinese and _ZH[name].search(bare)):
            kind = name
            break
    if kind == "date" and _CONDITIONAL_WHEN.search(bare) and (
            _EXAMPLE_CASE.search(bare) or not any(p.search(bare) for p in EVENTS.values())):
        kind = "open"
    if kind == "date" and _WHEN_CLAUSE.match(bare):
        kind = asked_for(bare[bare.index(",") + 1:]).kind  # "When our bank pays abroad, what must it check?": what it asks after
    if kind in (*_QUANTITY, "period", "date") and _DECIDER.search(bare):
        kind = "party"  # "拿多少报酬由谁说了算？", "who decides how much the administrator is paid?": who sets it
    if kind in ("money", "number") and chinese and _BY_HOW_MUCH.search(bare) and \
            not _ZH[kind].search(_BY_HOW_MUCH.sub("", bare)):
        kind = "open"  # "是不是按用了多少热来收费？": charged by how much is used, no amount asked
    if kind == "org" and english and _COUNTS_AS.search(bare):
        kind = "open"  # "Which companies count as Authorized Economic Operators?": which kinds, as the rules define them
    if kind == "number" and chinese and _A_FEW.search(bare):
        kind = "open"  # "想招几个本地员工，一般怎么招？": 几个 is "a few"; the question asks how
    asking = asking_sentences(bare)  # not the story told first: "Customs held a shipment … Who pays?" asks of no
    # holding, and "We set up our joint venture back in 2010. What happens if …?" of no year
    if kind != "open" and english and _YES_NO.match(asking) and not _SECOND_ASK.search(_MUST_STATE.sub(" ", asking)):
        kind = "open"  # "Is there a limit on how long goods can be stored?": "no limit" answers it; "Does the
        # contract have to say how long the venture will last?" asks whether it must, not how long
    if kind != "open" and chinese and ((_ZH_YES_NO.search(bare) and _zh_asks_yes_no(bare, kind))
                                       or _a_few_before_yes_no(bare)):
        kind = "open"  # "…另外几家投标的公司…，中的标还算数吗？", "合同里必须写明合资多少年吗？"
    if kind != "open" and chinese and _ZH_MAY_DECIDE.search(re.split(r"[，,；;：:]", bare.strip())[-1]):
        kind = "open"  # "外资企业能不能自己定工资怎么发、发多少？": whether it may decide the figure, not the figure
    if kind != "open" and _CHOICE.search(bare):
        kind = "open"  # "who writes it, the buyer or the seller?": the answer is one of the named choices
    years = tuple(dict.fromkeys(_YEAR.findall(asking)))
    fact = tuple(y for y in years if not re.search(rf"{y}\s*(?:年的?|'s)?\s*(?:(?:[A-Za-z-]+\s+){{0,5}}?|[\u4e00-\u9fff]{{0,10}}?){_DOC_WORDS}", bare, re.I))
    # every month pattern needs 月 or an English month name: a question with neither compiles none of them
    named = "月" in bare or any(name in bare for name in MONTHS)
    months = tuple(dict.fromkeys(n for n, pattern in _MONTHS if named and re.search(pattern, bare)))
    events = tuple(name for name, pattern in EVENTS.items()
                   if any(not _OF_THE_EVENT.match(asking, m.end()) for m in pattern.finditer(asking))
                   ) if kind in _EVENT_KINDS else ()
    nouns = _quantity_nouns(bare, asking, kind) if kind in _QUANTITY else \
        tuple(name for name, pattern in PERIOD_NOUNS.items() if pattern.search(_asking_clause(asking, kind))) \
        if kind == "period" else ()
    if kind == "number" and _ASKS_COUNT.search(asking):  # "前多少辆可以按10%的税率缴税？": a count of vehicles, not an
        # amount of the tax the question gives a figure for itself (but "多少家是美国投资的？" counts firms invested in)
        nouns = tuple(n for n in nouns if not all(_FIGURE_BEFORE.search(bare[:m.start()])
                                                  for m in QUANTITY_NOUNS[n].finditer(bare)))
    if kind == "number" and (counted := _HOW_MANY_OF.search(asking)) and not any(
            pattern.search(counted.group(1)) for pattern in QUANTITY_NOUNS.values()):
        nouns = ()  # "How many cigarettes can I bring in without paying duty?": a count of cigarettes, not of a tax
    if kind == "number" and has_han(asking) and _PEOPLE_DECIDE.search(asking) and (
            counted := _COUNTED_ZH.search(_asking_clause(asking, kind))) and not any(
            pattern.search(counted.group(1)) for pattern in QUANTITY_NOUNS.values()):
        nouns = ()  # "维修资金……需要多少业主同意？": a count of the owners who must agree, not an amount of the fund the
        # situation names
    if kind in ("money", "number"):
        nouns += tuple(name for name, pattern in EVERY.items() if _ASKS_EVERY[name].search(asking))
    ahead = bool(events) and _AHEAD.search(bare) is not None
    return Need(kind, years, fact, months, span_of(bare), events, nouns, ahead)


def _quantity_nouns(bare: str, asking: str, kind: str) -> tuple[str, ...]:
    """What an amount is asked of ("the trade surplus", 关税): in a Chinese question, of the clause that asks for it
    when that clause names one ("英国汽车超出每年的低税额度以后，进入美国要交多高的关税？": the tariff, not the
    quota the situation names), else of the whole question."""
    def named(text: str) -> tuple[str, ...]:
        return tuple(name for name, pattern in QUANTITY_NOUNS.items() if pattern.search(_SHARE_OF.sub(" ", text)))

    if has_han(asking) and (clause := _asking_clause(asking, kind)) != asking and (own := named(clause)):
        return own
    if not has_han(bare) and (scene := _CIRCUMSTANCE.match(bare)):
        return named(bare[scene.end():])  # "When it sets quotas, what share of the businesses must it survey?": a
        # share of the businesses, not of the quota the circumstance names
    return named(bare)


# "which companies count as / qualify as …": the kinds of party a definition names, no body
_COUNTS_AS = re.compile(r"\bwhich (?:[\w-]+ ){0,2}?(?:compan(?:y|ies)|firms?|enterprises?|businesses|bodies|"
                        r"organi[sz]ations?|people) (?:count|counts|qualify|qualifies|are (?:considered|deemed|treated|"
                        r"regarded|classed|classified))\b", re.I)
# the things an English question counts ("how many cigarettes …")
_HOW_MANY_OF = re.compile(r"\bhow many ([a-z][a-z-]*(?: [a-z][a-z-]*)?)", re.I)
# the things a Chinese question counts ("多少业主", "几个成员"): a noun right after 多少 or 几 (not a unit: 多少天, 多少钱)
# (the rest of the clause is what is counted: "多少挂失手续费" counts no 挂失 but a fee)
_COUNTED_ZH = re.compile(r"(?:多少|几)(?:个|名|位|家|户)?((?![天日年月周个次元人名家件项倍岁号小分秒钱块])[\u4e00-\u9fff]{2,})")
# a clause of circumstance that opens an English question ("When it sets quotas, …", "If the goods are re-exported, …")
_CIRCUMSTANCE = re.compile(r"\s*(?:when|whenever|if|once|after|before)\b[^,?]{3,120},\s*(?=\w)", re.I)


# what a share is of ("how much of the gross fee …"): the whole, not the thing the figure must be about
_SHARE_OF = re.compile(r"\bhow much of (?:the|my|our|your|his|her|its|their|a|an|each|every) (?:[\w-]+ ){0,3}?[\w-]+"
                       r"(?= (?:can|could|may|might|must|should|do|does|did|is|are|was|were|will|would|goes|go)\b)",
                       re.I)
# "When X happens, what …?": a clause of circumstance before the question proper
_WHEN_CLAUSE = re.compile(r"\s*when\b[^,?]{3,120},\s*(?:what|who|which|how|where|why|can|could|do|does|did|is|are|am|"
                          r"was|were|has|have|may|must|shall|should|will|would)\b", re.I)
# who sets a figure or a date: the asked item is whoever decides it, not the figure
_DECIDER = re.compile(r"由谁(?:来)?(?:决定|确定|说了算|定|批准|核定|审批|拍板)|谁(?:来)?(?:决定|确定|说了算|拍板|核定)|"
                      r"\bwho (?:decides|determines|sets|fixes|approves|gets to decide|has the final say)\b", re.I)
# 多少 in a phrase of manner: "按用了多少热来收费", "根据进口多少确定" (by how much, not how much)
_BY_HOW_MUCH = re.compile(r"(?:按(?!时|期)|根据|依据|依照|视)照?[^，,。？?]{0,8}?多少[^，,。？?]{0,4}?(?:来|计|算|收|缴|定)")
# (not "不按时报送年报要罚多少钱？": 按时 is "on time", and the amount is asked)
# 几个 in a clause before the one that asks how ("…几个本地员工，一般怎么招？")
_A_FEW = re.compile(r"几个[^，,？?]*[，,][^，,]*(?:怎么|如何|怎样)[^，,几多]*[？?]?\s*$")


def _asking_clause(asking: str, kind: str) -> str:
    """The clause of a Chinese question that asks for the item (the one holding 多少天, 多久 …), without the
    situation told before it: "居留证快到期了，一般要提前多少天开始办续签？" asks how far ahead, not how long a
    permit is valid; the whole question when no clause does, or in English."""
    if not has_han(asking):
        return asking
    clauses = [c for c in re.split(r"[，,；;：:]", asking) if _ZH[kind].search(c)]
    return clauses[-1] if clauses else asking


def asking_sentences(question: str) -> str:
    """The sentences of a question that ask (end with a question mark), without the scenario told before them;
    the whole question when none does. The full stop of an abbreviation ("U.S.", "No.", "e.g.") ends none."""
    masked = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\0"), question)
    parts = re.findall(r"[^.!?。！？]+[?？]", masked)
    return " ".join(parts).replace("\0", ".") if parts else question


_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}|\b(?:No|Nos|Art|Arts|Sec|Secs|Para|Ch|Vol|Inc|Co|Ltd|Corp|Mr|Ms|Mrs|Dr|"
                           r"St|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", re.I)


_CONTRACTIONS = re.compile(r"\b(what|who|how|when|where|which)['’]s\b", re.I)


# A question that ends by offering its choices ("…, the buyer or the seller?", "是买方还是卖方？")
_CHOICE = re.compile(r",\s*(?:the |a |an )?[\w'’ -]{1,40}?\s+or\s+(?:the |a |an )?[\w'’ -]{1,40}\?\s*$|"
                     r"是?[\u4e00-\u9fff]{1,12}还是[\u4e00-\u9fff]{1,12}[？?]?\s*$", re.I)


# A yes/no question (it starts with an auxiliary verb) asks for no figure, date or body, even when one is
# named inside it, unless a second question follows ("…, and for how long?") or it asks what a text says
# ("Does the law say how much the fine is?")
_YES_NO = re.compile(r"\s*(?:is|are|am(?! I the (?:one|person|party)\b)|was|were|does|do|did|can|could|may|might|"
                     r"must|will|would|should|shall|has|have|had)\b", re.I)  # ("am I the one who …?" asks who)
_SECOND_ASK = re.compile(r"[,;]\s*(?:and|or|but)?\s*(?:if so,?\s*)?(?:for |in |by |within )?(?:how|what|which|when|who|"
                         r"where)\b|\?\s*\S|\b(?:say|state|specify|mention|give|set|list|tell)s?\s+(?:me\s+|us\s+)?"
                         r"(?:how|what|which|when|who)\b", re.I)  # "does it say how much …?" asks how much


def asks_yes_or_no(question: str) -> bool:
    """True for an English question asking yes or no of its case ("Can we hand out pencil cases with our logo
    inside a primary school?"), not also how much, when or who ("Can we …, and how many days …?")."""
    asking = asking_sentences(question)
    return bool(_YES_NO.match(asking)) and not _SECOND_ASK.search(_MUST_STATE.sub(" ", asking))


# a stating verb after a modal of obligation: "does the contract have to say how long …?" asks whether it must
_MUST_STATE = re.compile(r"\b(?:(?:have|has|need|needs|required|supposed|obliged) to|must|should)\s+(?:say|state|specify|"
                         r"mention|give|set|list|fix)\s+(?:how|what|which|when|who)\b", re.I)
_ZH_YES_NO = re.compile(r"吗\s*[？?]?\s*$")
# a question asked A-not-A ("会不会", "能不能")
_A_NOT_A = re.compile(r"会不会|能不能|是不是|有没有|要不要|可不可以|算不算|用不用|需不需要|行不行|认不认|让不让|准不准|管不管|"
                     r"([\u4e00-\u9fff])不\1")  # (any "A不A": 大不大, 严不严, 贵不贵)
_FIGURE_ASKED = re.compile(r"几|多少|多久|多长|多大|多高")


def _a_few_before_yes_no(question: str) -> bool:
    """True when 几 says "a few" in a clause telling how things stand, and a later clause asks yes or no with
    no figure of its own ("打错了几个字，海关会不会直接不认？", "去中国玩几天，能不能一分现金都不带，全靠手机付？")."""
    clauses = [c for c in re.split(r"[，,；;：:]", question.strip()) if c.strip()]
    first = next((i for i, c in enumerate(clauses) if "几" in c), None)
    if first is None or first == len(clauses) - 1 or "？" in clauses[first] or "?" in clauses[first]:
        return False
    later = clauses[first + 1:]
    return not any(_FIGURE_ASKED.search(c) for c in later) and any(
        _A_NOT_A.search(c) or _ZH_YES_NO.search(c) for c in later)


# a figure a yes/no question names as what must be written down ("合同里必须写明合资多少年吗？")
_ZH_MUST_STATE = re.compile(r"(?:必须|需要|要|应当|应该|得|是否|有没有)[^，,。？?]{0,8}?(?:写明|载明|注明|约定|规定|说明|写上|"
                            r"标明|列明)[^，,。？?]{0,8}?(?:多少|几)")


# whether someone may or must do something to a figure ("能不能自己定……发多少", "可不可以自行决定招几个人",
# "需不需要向上面汇报……还了多少"): a yes or no, unless the figure is what they are to be told ("能不能告诉我要交多少")
_ZH_MAY_DECIDE = re.compile(r"(?:能不能|可不可以|可以不可以|能否|可否|需不需要|要不要|用不用|必须不必须|应不应该|该不该)"
                            r"(?![^，,。？?；;]*?(?:告诉|说明|知道|问))[^，,。？?；;]*?"
                            r"(?:多少|几)")


def _zh_asks_yes_no(question: str, kind: str) -> bool:
    """True when a Chinese question ending in 吗 asks yes or no, not its figure: the figure's words are not in its
    last clause ("另外几家…，中的标还算数吗？"), or are what must be written down ("必须写明合资多少年吗？")."""
    last = re.split(r"[，,；;：:]", question.strip())[-1]
    return not _ZH[kind].search(last) or _ZH_MUST_STATE.search(last) is not None


# what an event's word names when a noun of its costs or steps follows it ("发布费用由哪个机构承担？": who pays for
# the publishing, not who published)
_OF_THE_EVENT = re.compile(r"(?:的)?(?:费用|成本|经费|开支|支出|程序|流程|手续|材料|条件|标准|方式|渠道)")

# What a date is asked of, in either language: "when did it come into force?" is not answered by the date
# of a news report about it. A date or year question naming one of these events is answered only by a
# sentence naming the same event (or, for issuing and signing, by a document's signature line).
EVENTS = {
    "effect": re.compile(r"生效|施行|起实施|正式实施|开始实施|起实行|开始实行|起执行|开始执行|"
                         r"\b(?:tak(?:e|es|en)|took) effect\b|\b(?:come|came|comes|enter(?:ed|s)?) into force\b|"
                         r"\bin (?:force|effect)\b|\beffective\b|\bwith effect from\b|"
                         # a rule stated from a date on: "From 1 Jan 2023, GST will be extended to …", "自2018年1月1日起，
                         # ……必须登记" (not a period counted from a date: "自2018年1月1日起计算")
                         r"^\s*(?:from|starting|beginning|as (?:of|from)) \d{1,2} [A-Z][a-z]{2,8}\.? \d{4}\b|"
                         r"^\s*(?:from|starting|beginning|as (?:of|from)) [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b|"
                         r"^\s*[自从]\s*\d{4}\s*年[^，。；,;]{0,12}?(?:起|开始)(?!计算|算起|计)|"
                         r"\b(?:start|begin|began|begun)(?:s|ed)? (?:to apply|applying)\b(?! for\b)|起适用|开始适用|"
                         # "shall be implemented as of March 1, 2021", "applies from 1 July 2024"
                         r"\b(?:be |is |are )?(?:implemented|applied|enforced) (?:as (?:of|from)|from|starting|beginning)\b|"
                         r"\bappl(?:y|ies) (?:as (?:of|from)|from|starting|beginning) (?:\d|[A-Z][a-z]{2,8}\.? \d)|"
                         r"\bfrom (?:what|which) (?:date|day)\b[^?？]{1,80}?\bappl(?:y|ies)\b(?! for\b)",
                         re.I),  # (rules that
    # "started to apply", "from what date do the measures apply?"; not applying for a licence)
    "issue": re.compile(r"印发|发布|公布|公开|颁布|下发|出台|签发|核发|颁发|签署|签订|缔结|\bissu(?:e|ed|es|ing)\b|\bpublish(?:ed|es)?\b|"
                        r"\bconclud(?:e|ed|es)\b|"
                        r"(?<!customs )\breleas(?:e|ed|es)\b(?! (?:of )?(?:the |our |your |their |its |a )?"
                        r"(?:[\w-]+ ){0,2}(?:goods|shipments?|cargo|consignments?|containers?|vehicles?|funds|"
                        r"deposits?))|\bpromulgat\w+|\bsign(?:ed|s)?\b", re.I),
    "establish": re.compile(r"成立|设立|组建|创建|\bestablish(?:ed|es|ment)?\b|\bset up\b|\bfound(?:ed|ing)?\b|"
                            r"\bformation\b|\bformed\b|\bcreat(?:ed|ion)\b|\blaunched\b", re.I),  # (a body "was launched")
    "hold": re.compile(r"举办|召开|举行|开幕|\bheld\b(?! back\b)|\bhold(?:s|ing)?\b(?! back\b)|\bconven(?:e|ed)\b|"
                       r"\bhost(?:ed|s)?\b(?! (?:the |an? |its )?(?:\w+ )?(?:office|secretariat|headquarters|unit|"
                       r"agency|body)\b)", re.I),  # (not a body that "hosts the office" of another: 设在)
    "open": re.compile(r"开放|开通|开业|启用|启动|投入使用|\bopen(?:ed|s)?\b|\blaunch(?:ed|es)?\b|\bbeg(?:an|un)\b", re.I),
    "approve": re.compile(r"批准|获批|批复|核准|审批|签字|签名|会议(?:审议)?通过|\bapprov(?:e|ed|al|ing)\b|\bratif(?:y|ies|ied|ication)\b|"
                         r"\bendors(?:e|ed|es|ing|ement)\b|\bauthori[sz](?:e|ed|es|ing|ation)\b|"
                         r"\bsign(?:s|ed)? off\b", re.I),
    "amend": re.compile(r"修订|修正|修改|审议通过|会议通过|\bamend(?:ed|ment)?\b|\brevis(?:ed|ion)\b|\badopt(?:ed)?\b", re.I),
    "replace": re.compile(r"取代|替代|代替|废止|\breplac(?:e|ed|es)\b|\bsupersed(?:e|ed|es)\b|\brepeal(?:ed)?\b", re.I),
}

# What a figure is asked of: "the trade surplus" is not answered by a sentence giving some other number.
QUANTITY_NOUNS = {
    "surplus": re.compile(r"顺差|\bsurplus(?:es)?\b", re.I),
    "deficit": re.compile(r"逆差|赤字|\bdeficits?\b", re.I),
    "fine": re.compile(r"罚款|罚金|罚(?=多少|几)|\bfine[sd]?\b|\bpenalt(?:y|ies)\b", re.I),  # (会被罚多少钱？)
    # (not the verb: "an agency that grants a waiver")
    "subsidy": re.compile(r"补贴|补助|奖励|奖金|\bsubsid(?:y|ies|i[sz](?:e|ed|es|ing))\b|\brewards?\b|\bbonus(?:es)?\b|"
                          r"\bgrants?\b(?!\s+(?:a|an|the|such|its|their|them|it|this|that|any|approval|permission|"
                          r"waivers?|exemptions?|licen[cs]es?|permits?)\b)", re.I),
    "sales": re.compile(r"销售额|营业额|销售|营业收入|\bsales\b|\bturnover\b|\brevenues?\b", re.I),
    # (not a tax law or a tax office, 个人所得税法 or 税务机关, of which no figure is asked; taxes by their acronyms)
    "tax": re.compile(r"关税|税率|(?<!免)税(?!法|务)|免税(?![店商品])|\btariffs?\b|\bdut(?:y|ies)\b(?!-free)|\btax(?:es)?\b(?! (?:law|code|bureau|"
                      r"authorit|office|department|administration))|\b(?:VAT|IIT|CIT|EIT|GST)\b", re.I),
    # (a parcel's value, 价值, is no price; the "sales value" of goods sold is: 售价)
    "price": re.compile(r"价格|价(?!值)|\bprices?\b|\bsales? values?\b", re.I),
    "interest": re.compile(r"利率|利息|\binterest rates?\b|\b(?:lending|deposit|loan|borrowing|benchmark) rates?\b", re.I),
    "fee": re.compile(r"费用|收费|费率|手续费|工本费|申请费|登记费|服务费|免费|免收|无偿|\bfees?\b|\bcharges?\b|\bcosts?\b|"
                      r"\bfree of charge\b|"
                      # (a fee stated by the act of charging it: "每件收取10元", "is charged at $25 per page"; not
                      # 收取保证金, a deposit)
                      r"收取(?:人民币)?\s*[\d一二三四五六七八九十百千两]|\bcharg(?:ed|ing)\s+(?:at\s+|a\s+|an\s+)?"
                      r"(?:RMB|CNY|USD|EUR|GBP|US\$|HK\$|S\$|A\$|C\$|[$£€¥])?\s*\d", re.I),  # (what is free is said of a fee
    # too: "免费向社会公开")
    "quota": re.compile(r"配额|额度|定额|\bquotas?\b", re.I),
    "budget": re.compile(r"预算|资金|基金|经费|\bbudgets?\b|\bfund(?:s|ing)?\b", re.I),
    # (投资了: "invested in"; not the adjective of "foreign-invested firms")
    # (出资, a member's or shareholder's contribution of capital: what "how much they invested" asks of)
    "investment": re.compile(r"投资|出资|\binvestments?\b|(?<!-)\binvest(?:ed|s|ing)?\b|\b(?:O?FDI|ODI)\b", re.I),
    "population": re.compile(r"人口|\bpopulation\b", re.I),
    "deposit": re.compile(r"保证金|押金|备用金|\bdeposits?\b|\bsecurity money\b", re.I),
    "wage": re.compile(r"工资|薪酬|薪金|\bwages?\b|\bsalar(?:y|ies)\b|\bpay ?rolls?\b", re.I),
    "capital": re.compile(r"注册资本|资本|出资|\bcapital(?:i[sz]ation)?\b", re.I),
}

# what a period is asked of, when the asking sentence says it: "how long is the registration valid?" is not
# answered by "15日内审核完毕", nor "多少天内必须答复？" by a decision's 45个工作日
PERIOD_NOUNS = {
    "valid": re.compile(r"有效期|有效|失效|届满|期满|到期|过期|(?:经营|许可|使用|保护|合作|承包|租赁|存储|储存|存放|保存|仓储|停留|居留)期限|"
                        r"\bvalid(?:ity)?\b|\bgood for\b|\bstay good\b|\bexpir\w*|"
                        # (how a law states how long an authority lasts: "shall be effective for the period ending on
                        # the date that is three years after …", "shall remain in force for five years")
                        r"\bruns? out\b|\beffective for\b|\bremains? in (?:force|effect) for\b", re.I),
    "reply": re.compile(r"答复|回复|告知|\brepl(?:y|ies|ied)\b|\brespon(?:d|ds|se|ses)\b|\bget back to\b|\bhear back\b|"
                        r"\binform(?:s|ed)?\b", re.I),
    # "质量负责人至少要有几年相关工作经验？": years of experience, which a yearly deadline does not give
    "experience": re.compile(r"经验|(?:工作|从业|执业)(?:经历|年限)|\bexperience[ds]?\b", re.I),
}
# how often a figure is asked of ("how much does it pay each year?"): a one-off amount is no answer
_HOW_OFTEN = {"every year": r"每年|每一年|\b(?:annually|annual(?!\s+(?:leave|vacation|holiday))|yearly|every year|each year|per year|(?<!\bin )a year)\b",
              "every month": r"每月|每个月|\b(?:monthly|every month|each month|per month|(?<!\bin )a month)\b"}
# ("how much must we export in a year?": within one year, not each year)
_ASKS_EVERY = {name: re.compile(pattern, re.I) for name, pattern in _HOW_OFTEN.items()}
# (a sentence also says it as 年度 or 按月, which a question uses of one year: "2020年度进口额", or names the years:
# "25 MMT … in each of 2026, 2027, and 2028", or puts 年 before an amount: "年应征增值税销售额", "年营业收入" — not a
# number's year, "2020年销售额", nor 当年/同年/上年, one year's)
_ANNUAL_AMOUNT = (r"|(?<![\d〇零○一二三四五六七八九十百千两几多当同今明去前后本该上下全每隔逐历成青少老])年"
                  r"[\u4e00-\u9fff]{0,8}?(?:额|量|收入|产值|利润)")
EVERY = {name: re.compile(pattern + {"every year": r"|年度|\beach of (?:the )?(?:(?:fiscal|calendar) )?(?:years? )?(?:19|20)\d\d\b" + _ANNUAL_AMOUNT,
                                     "every month": r"|按月|月度|(?<![\d〇零一二两三四五六七八九十个])月[\u4e00-\u9fff]{0,3}?率"}[name], re.I)
         for name, pattern in _HOW_OFTEN.items()}
# (a sentence speaks of a tax also by what is taxable: "30% of one's taxable income")
_ASKED_OF = {**QUANTITY_NOUNS, **PERIOD_NOUNS, **EVERY,
             "tax": re.compile(QUANTITY_NOUNS["tax"].pattern + r"|\btaxable\b|\brates?\b", re.I)}  # ("subject to
# 25% rates": a tax asked of is given as a rate)


# Parts of a year a figure may cover: "the first half of 2021" is not answered by a January-October figure.
_NUM_WORD = r"(\d{1,2}|[一二三四五六七八九十]{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_SPANS = [
    (re.compile(r"上半年|\bfirst half\b|\bH1\b|\bJanuary\s*(?:-|–|to|through)\s*June\b", re.I), lambda m: (1, 6)),
    (re.compile(r"下半年|\bsecond half\b|\bH2\b", re.I), lambda m: (7, 12)),
    (re.compile(r"第?一季度|\bfirst quarter\b|\bQ1\b", re.I), lambda m: (1, 3)),
    (re.compile(rf"前{_NUM_WORD}个?月|(?<![\d-])1\s*[-–—~至到]\s*(\d{{1,2}})\s*月|一至([一二三四五六七八九十]{{1,3}})月|"
                rf"\bfirst {_NUM_WORD} months\b", re.I), None),
]
_MONTH_RANGE = re.compile(rf"\bJanuary\s*(?:-|–|to|through)\s*({'|'.join(MONTHS)})\b")


def _count(word: str) -> int:
    low = word.lower()
    if low.isdigit():
        return int(low)
    if low in _EN_VALUES:
        return _EN_VALUES[low]
    return cn_number(word)


def span_of(text: str) -> tuple[int, int] | None:
    """The part of a year a text names, as (first month, last month): 上半年, "first ten months", 1-10月."""
    months = "月" in text or "first" in fold_case(text)  # what every match of the last (costliest) pattern needs
    for pattern, fixed in _SPANS:
        m = pattern.search(text) if fixed or months else None
        if m and fixed:
            return fixed(m)
        if m:
            word = next(g for g in m.groups() if g)
            try:
                return (1, _count(word))
            except (ValueError, KeyError, IndexError):
                return None
    m = _MONTH_RANGE.search(text) if "January" in text else None
    if m:
        return (1, MONTHS.index(m.group(1)) + 1)
    return None


_CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
# "in July", "July's", "7月", "七月份" (a range such as "1-10月" names no single month)
_MAY = r"(?<!^)May(?!\s+(?:I|we|you|they|it)\b)"  # not the modal verb ("May I ask …")
_MONTHS = [(n, re.compile(rf"\b{_MAY if name == 'May' else name}\b|(?<![\d\-–~至到]){n}\s*月(?!\d)|"
                           rf"(?<![一二三四五六七八九十\-–~至到]){cn}月|"
                           # "Sept. 2019", "Dec 5, 2011": the month abbreviated, before a figure
                           rf"\b{name[:3]}{'t?' if name == 'September' else ''}\.?(?=\s+\d)"))
           for n, (name, cn) in enumerate(zip(MONTHS, _CN_MONTHS), 1)]


# ---- what a sentence supplies -------------------------------------------------------------------

_CN = "零〇○一二两三四五六七八九十百千万亿"
_AR_NUM = re.compile(r"(?<![\dA-Za-z.])(\d+(?:[.,]\d+)*)\s*(%|％|个百分点|万亿|亿|万|千|百|倍|成|年|个?月|天|日|项|个|家|名|批|类|种|"
                     r"次|元|美元|吨|件|人|percent|per cent|billion|million|trillion|thousand|times|years?|months?|"
                     r"days?|hours?|categories|items|products|countries)?", re.I)
_CN_NUM = re.compile(rf"(?<![第{_CN}])([{_CN}]{{2,}}|[{_CN}])(分之[{_CN}]+|个百分点|倍|成|万亿|亿|个?月|年|天|日|项|个|家|名|批|类|种|"
                     rf"次|届|轮(?!车)|期|场|座|所|份|元|美元|吨|件|人|条|章|%)")  # (三轮车, a tricycle: no three rounds)
_ASKS_TIMES = re.compile(r"\bhow many times\b|\bhow often\b|\bhow many (?:more )?(?:renewals|extensions|rounds)\b|"
                         r"多少次|几次|几回|多少回", re.I)
# a count of things asked ("how many companies", "多少家"), which only a count of things answers
_ASKS_COUNT = re.compile(r"\bhow many (?!(?:more |working |business )?(?:times|years?|months?|days?|hours?|weeks?|"
                         r"percent|yuan|dollars|acres|hectares|miles|kilomet(?:er|re)s|met(?:er|re)s|feet|tons|tonnes|"
                         r"kilograms|pounds|lit(?:er|re)s)\b)(?:[a-z-]+ ){0,3}?(?:[a-z]+s|people|staff|personnel)\b|"
                         r"多少(?:家|个|名|人|位|项|种|类|件|批|起|所|台|辆|艘|架|套)|(?<!哪)几(?:家|名|位|项|种|类|件|批|起|所|台|辆|艘|架|套)",
                         re.I)  # (台, 辆, 艘, 架, 套: machines, vehicles, ships, aircraft, sets)
_EN_TENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|" \
           r"sixty|seventy|eighty|ninety)"
_EN_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# a number in English words above one ("sixteen", "twenty-five", "ninety")
_EN_MANY = rf"(?:{_EN_TENS}(?:[- ](?:two|three|four|five|six|seven|eight|nine|one))?|two|three|four|five|six|seven|eight|nine)"
_COUNTED_THINGS = re.compile(rf"\b(?:\d[\d,]*|{_EN_MANY}|"
                             r"hundred|thousand|dozens|hundreds|thousands)\s+(?:[A-Za-z-]+\s+){0,3}?"
                             r"([a-z]+s(?<!ss)(?<!us)(?<!is)|aircraft|people|personnel|staff)\b", re.I)  # (and the plurals without -s)
# a large count said by its scale ("329 million", "3.29亿"), not an amount of money
_COUNTED_MANY = re.compile(r"(?<![$¥])\b\d[\d,.]*\s*(?:million|billion|thousand)\b(?!\s*(?:yuan|dollars|RMB|US))|"
                           r"\d[\d,.]*\s*[万亿](?![元美])", re.I)
_NOT_THINGS = frozenset("years months days hours weeks times percent dollars yuan millions billions trillions "
                        "thousands hundreds acres hectares miles kilometers kilometres meters metres feet tons tonnes "
                        "kilograms pounds liters litres".split())  # (lengths and measures count no things)
# (个 counts things, but not in a period: "10个工作日", "6个月")
_STATES_COUNT = re.compile(rf"(?<![第{_CN}\d])(?:\d+|[{_CN}]+)\s*多?(?:家|个(?!工作日|自然日|营业日|月|小时|星期|季度|百分点)|名|人|位|项|种|类|件|"
                           rf"批|起|所|座|条|届|轮|期|台|辆|艘|架|套|份|张)")
# how many people must act for something to happen (agree, attend, vote, propose), and the share of them a rule
# asks ("出席人数应当达到成员总数三分之二以上", "经20%以上的业主提议", "a majority of the members"): a share of the
# people answers "how many owners need to agree?"
_PEOPLE_DECIDE = re.compile(r"同意|赞成|出席|到会|参加|提议|表决|通过|签字|签名|联名|"
                            r"\b(?:agree|approve|attend|turn up|show up|vote|consent|sign|propose|request|ask for|"
                            r"call for|be present)\b", re.I)
_SHARE_OF_PEOPLE = re.compile(rf"(?:\d+(?:\.\d+)?\s*[%％]|\d+\s*/\s*\d+|百分之[{_CN}]+|[{_CN}]+分之[{_CN}]+|半数|过半|一半)"
                              r"(?:以上|以下|或者?以上)?(?:的|通过|同意)?[^，,。；;]{0,6}?"
                              r"(?:人|员|主|东|者|方|代表|委员|成员|业主|股东|职工|会员)|"
                              rf"(?:人数|总数)[^，,。；;]{{0,8}}?(?:\d+\s*/\s*\d+|[{_CN}]+分之[{_CN}]+|\d+(?:\.\d+)?\s*[%％])|"
                              r"\b(?:a|an absolute|a simple) majority of\b|\b(?:two|one)[- ](?:thirds?|quarters?|half) of (?:the |its |all )?"
                              r"(?:[a-z]+ ){0,2}?(?:members|owners|shareholders|directors|employees|workers|representatives|"
                              r"delegates|votes)\b|\b\d+(?:\.\d+)?\s*(?:%|percent) of (?:the |its |all )?(?:[a-z]+ ){0,2}?"
                              r"(?:members|owners|shareholders|directors|employees|workers|representatives|delegates|votes)\b",
                              re.I)
_TIMES = re.compile(rf"(?:\d+|[{_CN}]+)\s*倍|\b(?:\d+|one|two|three|five|ten) times (?:the|its|their)\b", re.I)
_CN_HALF = re.compile(r"一半|半数|减半|翻番|翻一番|过半")
_EN_NUM = re.compile(rf"\b(?:{_EN_MANY}|"
                     r"hundred|hundreds|thousand|thousands|million|billion|trillion|half|one[- ]third|one[- ]quarter|"
                     r"double|doubled|twice|triple|tripled|percent|dozen)\b", re.I)
_MONEY = re.compile(r"(?:\d|[" + _CN + r"])\s*(?:万亿|亿|万|千)?\s*(?:元|美元|人民币|欧元|日元|英镑|港元|港币|新元|新加坡元|澳元|加元)|"
                    r"(?:US|S|A|C|HK|NZ)?\$\s*\d|[£€]\s*\d|\b(?:RMB|USD|EUR|CNY|GBP|HKD|SGD|AUD|CAD)\s*\d|"
                    r"\d[\d.,]*\s*(?:billion|million|thousand)?\s*(?:yuan|dollars|RMB|USD|CNY|GBP|euros|pounds sterling)\b|\b(?:yuan|dollars)\b", re.I)
# (a share in words: "forty-six percent", "five per cent")
_PERCENT = re.compile(rf"\b(?:{_EN_TENS}(?:[- ]{_EN_UNITS})?|{_EN_UNITS})\s+(?:percent|per cent)\b|"
                      r"\d\s*(?:%|％|‰|‱|个百分点|per mille|percent|per cent|percentage points?)|百分之|[" + _CN + r"]+分之|[" + _CN + r"]成(?![立为果])|"
                      r"一半|半数|减半|\bhalf\b|\b(?:one|two|three|four|a)[- ](?:thirds?|quarters?|fifths?)\b|"
                      r"(?<![\d/])[1-9]\s?/\s?[2-9]\d?(?![\d/])|\btwice\b|\bdoubled?\b|倍", re.I)  # (a fraction: "1/3 of all traffic")
_MULTIPLE = re.compile(r"(?:\d+(?:\.\d+)?|[" + _CN + r"]+)\s*倍|\btwice\b|\bdoubled?\b|\btripled?\b", re.I)
# a question asking what part of a whole (not how many times larger, nor a rate)
_ASKS_SHARE = re.compile(r"\b(?:what|which) (?:share|proportion|percentage|fraction|part)\b|\bhow much of\b|"
                         r"比重|占比|比例|百分之几|几成|份额", re.I)
_PERIOD = re.compile(r"(?:\d+|[" + _CN + r"]+)\s*(?:个工作日|个?工作日|个?月|年|天|日|小时|分钟|周|星期)(?:内|以内|之内)?|"
                     r"\d+\s*(?:-\s*)?(?:(?:working|business|calendar|consecutive|successive|full|straight|clear) ){0,2}"
                     r"(?:days?|months?|years?|hours?|minutes?|weeks?)\b|"  # ("the 5-year period", "2 full business days")
                     r"(?<![\w.:/])\d{1,3}\s?(?:h|hrs?|mins?)\b(?![.:/]\d)|"  # ("within 24h of move-in", not "22:00")
                     r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                     r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                     r"hundred)\s+(?:(?:working|business|calendar|consecutive|successive|full|straight|clear) ){0,2}"
                     r"(?:days?|months?|years?|hours?|minutes?|weeks?)\b|(?:24|二十四)小时|年底前|年内|月底前|"
                     # no wait at all: "应当日办理并发放", "issued on the same day" answer "how long does it take?"
                     r"(?<![每])当[日天](?:办理|办结|发放|核发|签发|出具|受理|作出|完成|予以)|当场(?:办理|办结|发放|出具|作出)|"
                     r"\b(?:on|within) the same (?:working |business )?day\b|\bon the spot\b",
                     re.I)
_DATE = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)|[二○〇零一三四五六七八九]{4}年|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
                   rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号]|\b{MONTH_NAME}\b|\b(?:since|until|by the end of)\s+\d{{4}}\b|"
                   r"\b(?:on|the)\s+\d{1,2}(?:st|nd|rd|th)\b|(?<!\d)\d{1,2}[日号]|"
                   r"第[一二三四1-4]季度|[一二三四]季度|\b(?:first|second|third|fourth) quarter\b|\bQ[1-4]\b|年底|年初|月底|月初|"
                   r"上半年|下半年|\b(?:end|beginning|start) of (?:the|each|every) (?:year|month|quarter)\b")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)|[二○〇零一三四五六七八九]{4}年")
_ORG_ZH = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:部门|部(?!门)|委员会|委(?!托|派|任|屈|婉)|总局|局|总署|署|办公厅|办公室|厅|院|政府|海关|银行|中心|协会|商会|"
                     r"公司|集团|机构|组织|法院|检察院)")
_VAGUE_ORG = re.compile(r"^[由和与及、，]?(?:有关|相关|各|各级|其他|主管|本|该|职能|负责)*(?:部门|机构|单位|政府|地方政府|方面)$")
_ORG_EN = re.compile(r"\b(?:Ministry|Ministries|Administration|Council|Commission|Bureau|Office|Department|Customs|"
                     r"Government|Agency|Authority|Committee|Bank|Association|Chamber|Congress|Court|Standing Committee|"
                     r"MOFCOM|NDRC|GACC?|SAMR|WTO|spokesman|spokesperson|Minister|Premier|President|"
                     # (the heads of U.S. departments and offices: "the Secretary of Defense", "the Trade Representative")
                     r"Secretary of (?:the )?[A-Z][a-z]+|Trade Representative|Attorney General)\b|"
                     # the body a passive names: "administered by CNCA", "issued by the AIC"
                     r"\b(?:administered|run|managed|issued|operated|overseen|regulated|supervised|approved|granted|"
                     r"enforced|handled|governed) by (?:the )?[A-Z][A-Za-z]+")
_PARTY_ZH = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:经营者|纳税人|申请人|当事人|生产者|收货人|发货人|消费者|进口商|出口商|"
                       r"利害关系方|企业|个人|公民|法人|承运人|报关人|代理人|用人单位|用工单位|劳动者|职工|雇主|招标人|"
                       r"投标人|中标人|委托人|受托人|出租人|承租人|买受人|出卖人|债权人|债务人|持票人|出票人|付款人|"
                       r"保证人|被保险人|投保人|房东|房主|业主|员工|雇员|工会|担保人|托运人|零售商|批发商|供应商|经销商|"
                       r"酒店|宾馆|旅馆|"
                       # (the roles of a voyage or a flight: "船舶代理应当……通知", "船长必须……报告")
                       r"船舶代理|船长|机长|船方|船医|航空公司|船公司)")
# whoever a Chinese rule says does a thing: 由 and the party, then what it does ("由单位负责人和……签名并盖章",
# "由保安从业单位赔付")
_BY_WHOM_ZH = re.compile(r"由((?:[\u4e00-\u9fff（）]|、){2,40}?)(?:负责|承担|赔付|赔偿|支付|签名|签字|签署|盖章|组织|办理|审批|批准|"
                         r"决定|确定|提出|发放|缴纳|补偿|出具|提供|申报|报告|保管|处理|核发|认定|执行|实施|制定|发布|"
                         r"签发|颁发|指定|任命|召集|主持|垫付|退还|收取|征收)(?![人员])")
# the rest of an English body's name around the word that marks it: "the Department of Health and Human Services"
# (a question asking "which federal department" does not name it), "the Cyberspace Administration of China"
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w&'’.-]*\s+){1,4}$")
_NAME_AFTER = re.compile(r"(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+(?:and\s+)?[A-Z][\w&'’-]*)+)?")
_NOT_NAME = frozenset("The A An Any Each Every This That These Those Such Its Their Our Your Which What".split())


def _org_name_en(sentence: str, m) -> str:
    """The name of the body an `_ORG_EN` match marks, with the capitalised words before it and its "of …" after."""
    before = _NAME_BEFORE.search(sentence, 0, m.start())
    start = m.start()
    if before:
        words = before.group(0).split()
        while words and words[0] in _NOT_NAME:
            words.pop(0)
        start = m.start() - len(" ".join(words)) - 1 if words else m.start()
    end = _NAME_AFTER.match(sentence, m.end()).end()
    return sentence[max(start, 0):end].strip()


# a question asking which companies, and a sentence naming them: "companies such as BlI and HID", or three or
# more names in a list ("Panasonic, Samsung, Sony, and Sanyo")
_ASKS_FIRMS = re.compile(r"企业|公司|厂商|厂家|品牌|运营商|服务商|哪几?家|\b(?:compan(?:y|ies)|firms?|brands?|manufacturers?|"
                         r"makers?|vendors?|suppliers?|enterprises?|players?|providers?|operators?|carriers?)\b", re.I)
_NAMES_FIRMS = re.compile(r"\b(?:compan(?:y|ies)|firms|brands|manufacturers|makers|vendors|suppliers|enterprises|players)"
                          r"\s+(?:such as|including|like|namely)\s+(?:[\w.'’]+\s+)?[A-Z]|"
                          r"\b[A-Z][\w&.-]+(?:,\s+[A-Z][\w&.-]+){2,},?\s+(?:and|or)\s+[A-Z]|"
                          r"\b[A-Z][A-Za-z0-9-]+\.(?:com|cn|net|io)\b")  # (a brand by its site: "Trip.com")
# a body named in lower case, by its kind after a word that says which ("local environment protection bureaus",
# "monitoring centers", "inspection agencies"), not "the relevant departments" or "competent authorities"
_ORG_KIND_EN = re.compile(r"\b(?!(?:the|a|an|any|all|other|such|relevant|competent|concerned|appropriate|related|"
                          r"responsible|government|governmental|its|their|local|these|those|some|each|which|what|"
                          r"who|of|and|or|by|to|in|for|with|from)\b)[a-z][a-z-]+\s+(?:bureaus?|cent(?:er|re)s?|"
                          r"agenc(?:y|ies)|ministr(?:y|ies)|departments?|authorit(?:y|ies)|commissions?|committees?|"
                          r"institutes?|universit(?:y|ies)|associations?|laborator(?:y|ies)|hospitals?|administrations?|firms?|"
                          r"banks?|institutions?)\b")  # ("law firms", "accounting firms", "commercial banks")
_PARTY_EN = re.compile(r"\b(?:importers?|exporters?|taxpayers?|applicants?|consignees?|consignors?|producers?|"
                       r"manufacturers?|operators?|enterprises?|compan(?:y|ies)|buyers?|sellers?|carriers?|"
                       r"(?:interested )?parties|individuals?|persons?|travell?ers?|agents?|brokers?|"
                       # (the roles of a stay, a job, a sale: "host takes you to the police station")
                       r"hosts?|landlords?|tenants?|owners?|employers?|employees?|workers?|unions?|guests?|hotels?|"
                       r"retailers?|wholesalers?|suppliers?|distributors?|dealers?|lessors?|lessees?|shippers?|"
                       r"declarants?|guarantors?|sponsors?|property managers?|"
                       r"captains?|masters? of the (?:ship|vessel)|pilots? in command|airlines?|shipping lines?)\b", re.I)
_ORDINAL = re.compile(r"第[" + _CN + r"\d]+[届次批个条款项章节部分年]?|\b\d+(?:st|nd|rd|th)\b|"
                      r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.I)
# ordinals that count events ("the fourth Expo", "第四届"), as opposed to ones that cite ("第六十条", "third countries")
_EVENT_ORDINAL = re.compile(r"第[" + _CN + r"\d]+[届次批期轮]|\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|"
                            r"seventh|eighth|ninth|tenth)\s+(?:edition|session|round|batch|expo|fair|meeting|plenary)",
                            re.I)
# a count of such events asked for ("how many Expos have been held?", "举办了多少届？"), which the ordinal of the
# latest answers (not "how many trademark applications?", which 第一次提出申请 does not)
_COUNTS_EVENTS = re.compile(r"\bhow many (?:[a-z-]+ ){0,2}?(?:times|editions|sessions|rounds|batches|expos|fairs|"
                            r"meetings|plenaries|plenums|congresses|summits|groups|phases|waves|lots)\b|"
                            r"(?:多少|几)(?:届|次|批|期|轮)", re.I)


_EN_VALUES = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_EN_VALUES.update({w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())})


def _values(text: str) -> set[str]:
    """The numbers a text states, as digit strings: "fourth", "第四届" and "4" are all "4"."""
    found = {m.group(1).replace(",", "") for m in _AR_NUM.finditer(text)}
    found.update(str(_EN_VALUES[w.lower()]) for w in re.findall(r"[A-Za-z]+", text) if w.lower() in _EN_VALUES)
    for numeral in re.findall(rf"[{_CN}]+", text):
        try:
            found.add(str(cn_number(numeral)))
        except (ValueError, KeyError, IndexError):
            pass
    return found


# Numbers that are no quantity: a name in quotes ("1279"开放平台体系, the "14·5" plan) and round-the-clock
# service ("7×24小时", "24/7"), which is a schedule, not a duration.
_NAMES_AND_CLOCKS = re.compile(r"[“\"]\s*[\d·.\-]+\s*[”\"]|\d\s*[×xX*]\s*24\s*(?:小时|hours?)|\b24/7\b|"
                               r"\b(?:https?://|www\.)[^\s)\]>]+|\]\([^)\s]+\)", re.I)  # (and a link: the digits of
# ".../2024/12/10/biden-harris-…" are no figure)
_PHONE = re.compile(r"(?<![\d-])(?:\+?\d{1,3}[ -])?\(?\d{2,4}\)?[ -]\d{3,4}[ -]\d{4}(?![\d-])")  # "800-610-5678"


# the numbers of a list's items ("1) realize …; 2) focus on …", "（1）", "(2)") count nothing
_ENUMERATORS = re.compile(r"(?:^|(?<=[\s:;,：；，]))(?:[(（]\d{1,2}[)）]|\d{1,2}[)）])(?=\s|[\u4e00-\u9fff]|$)")


# a Chinese place as English text writes it: a capitalised word of two pinyin syllables or more (Shanghai, Guangzhou)
_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|"
             r"in|un|ia|ie|iu|ua|uo|ue|ui|a|o|e|i|u)")
_PINYIN = re.compile(rf"(?:{_SYLLABLE}){{2,4}}")
_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,})\b")
_HOME = frozenset({"中国", "我国", "中华人民共和国", "国内", "境内", "境外", "国外", "China", "Chinese",  # no place asked
                   "第三国", "外国", "本国", "各国", "他国", "别国", "邻国", "毗邻国家"})  # for, nor a country unnamed


def _names_place(sentence: str, question: str) -> bool:
    """True when a sentence names a place the question does not: a Chinese place name, or an English one
    (a capitalised word, not starting a sentence, that the dictionary gives as a Chinese place)."""
    from rag import lexicon
    from rag.salience import _name_like

    if _PLACE_BY_RELATION.search(sentence) and _OF_A_BODY.search(question):
        return True  # "which city's regulator?": 由制造地的市级……部门, the place that stands in that relation (of a body
        # that acts there; "which city hosts the fair?" wants a city's name)
    if any("\u4e00" <= ch <= "\u9fff" for ch in sentence):
        return any(tag == "ns" and len(w) >= 2 and w not in question and w not in _HOME and _name_like(w, tag)
                   for w, tag in lexicon.pos_tokenizer_for(sentence).cut(sentence))
    countries = _ASKS_COUNTRY.search(question) is not None  # "which countries …?": "Mexico", as the dictionary has it
    return any(m.group(1) not in _HOME and m.group(1).lower() not in question.lower()
               and (_PINYIN.fullmatch(m.group(1).lower()) or (countries and _is_place(m.group(1))))
               for m in _MID_CAPITAL.finditer(sentence))


_ASKS_COUNTRY = re.compile(r"\b(?:countr(?:y|ies)|nations?)\b", re.I)
_OF_A_BODY = re.compile(r"部门|机关|海关|法院|政府|监管|主管|登记|备案|申报|报关|\b(?:regulators?|authorit(?:y|ies)|offices?|"
                        r"departments?|bureaus?|customs|courts?|governments?|register|registration|file|apply|report)\b",
                        re.I)
# a place named by how it stands to the matter (where a company is registered, where goods are made, where the
# act took place): the answer to "which city / where" in a rule that holds for every place
_PLACE_BY_RELATION = re.compile(r"(?:所在地|住所地|制造地|生产地|发生地|登记地|注册地|户籍地|居住地|经常居住地|经营地|"
                                r"行为地|结果地|收货地|发货地|目的地|报关地|申报地)(?:的|所在)?[^，,。；;]{0,12}?"
                                r"(?:市|县|省|区|海关|部门|机关|政府|法院)|"
                                r"\b(?:in|of|at) the (?:place|city|county|province|district|jurisdiction|country) "
                                r"(?:where|in which|of (?:its|their|the) (?:registration|residence|domicile|manufacture|"
                                r"incorporation))\b", re.I)


# a count of the things the sentence has named ("… education agents …, with about 300 of them licensed"), or
# given as the number of things ("bringing the total number of signatory countries to 59")
_COUNT_OF_THEM = re.compile(r"\b\d[\d,]*\s+of\s+(?:them|these|those)\b|\bnumber of (?:[\w-]+\s+){0,3}?(?:[a-z]+s|people|"
                            r"staff|personnel)\b[^.;]{0,40}?\b(?:to|at|is|was|reached|reaches|of|stands at|totals?|"
                            r"totalled|totaled)\s+(?:about |around |over |nearly |almost |more than |some )?\d", re.I)


def _counts_things(sentence: str) -> bool:
    """True when an English sentence counts things ("1,000 foreign companies", "two acquisitions", "300 of them")."""
    if _COUNT_OF_THEM.search(sentence):
        return True
    return any(m.group(1).lower() not in _NOT_THINGS for m in _COUNTED_THINGS.finditer(sentence)) or any(
        not re.search(r"(?:RMB|US\$|\$|¥|USD|EUR)[\s\d.,-]*$", sentence[max(0, m.start() - 12):m.start()], re.I)
        for m in _COUNTED_MANY.finditer(sentence))


# copies counted by a word of their own ("submitted in triplicate": three copies) and things counted by the dozen
# ("a dozen licences")
_IN_COPIES = re.compile(r"\bin (?:duplicate|triplicate|quadruplicate|quintuplicate)\b", re.I)
_COPIES = frozenset("copy original counterpart set".split())
_BY_THE_DOZEN = re.compile(r"\b(?:a|half a|one|two|three|several) dozen\b|\bdozens of\b", re.I)


def _counted_by_word(sentence: str, question: str) -> bool:
    """True when an English question asks how many of a thing and the sentence counts them by a word, not a number:
    copies "in triplicate", "a dozen ports"."""
    asked = _ASKED_KIND.search(question)
    if not asked:
        return False
    thing = singular(asked.group(2).lower())
    if thing in _COPIES and _IN_COPIES.search(sentence):
        return True
    return any(re.match(rf"\s+(?:[\w-]+\s+){{0,2}}?{re.escape(thing)}", sentence[m.end():], re.I)
               for m in _BY_THE_DOZEN.finditer(sentence))


# "how many U.S. accounting firms …": the kind of thing counted, and the words saying which of them
_ASKED_KIND = re.compile(r"\bhow many ((?:[a-z][\w.-]* ){0,3}?)([a-z]+s)\b", re.I)


def _counts_other_kind(sentence: str, question: str) -> bool:
    """True when an English sentence counts only other things of the asked kind: "100,000 advertising firms" or
    "one hundred U.S. and international law firms" for "how many U.S. accounting firms?" (the word that says which
    of them are asked for, the one before the thing, is not among the count's own)."""
    asked = _ASKED_KIND.search(question)
    if not asked:
        return False
    from rag.translate import EN_STOPWORDS

    head = asked.group(2).lower()
    which = [w.lower().strip(".") for w in asked.group(1).split() if w.lower().strip(".") not in EN_STOPWORDS]
    if not which:
        return False
    counts = re.findall(rf"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
                        rf"hundreds?|thousands?|dozens?)\s+((?:[\w.-]+\s+){{0,5}}?){head}\b", sentence, re.I)
    if not counts:
        return False
    return all(words.split() and which[-1] not in {w.lower().strip(".,") for w in words.split()} for words in counts)


def counts_asked(need: Need, sentence: str, question: str) -> bool:
    """True when an English question asks how many of a thing and the sentence gives a count of that very thing
    ("up to 400 cigarettes" for "how many cigarettes can I bring in?"): an answer, whatever else the two share."""
    asked = _ASKED_KIND.search(question) if need.kind == "number" else None
    if not asked or asked.group(2).lower() in _NOT_THINGS or not supplies(need, sentence, question):
        return False
    return re.search(rf"\b(?:\d[\d,]*|{_EN_MANY})\s+(?:[\w.-]+\s+){{0,2}}?{re.escape(asked.group(2))}\b", sentence,
                     re.I) is not None


def _one_of_asked(sentence: str, question: str) -> bool:
    """True when an English question asks how many of a thing and the sentence gives one of it ("one representative",
    "a single account", "only one"): a count, which the words for numbers above one leave out."""
    asked = _ASKED_KIND.search(question)
    if not asked or asked.group(2).lower() in _NOT_THINGS:
        return False
    thing = re.escape(singular(asked.group(2).lower()))
    return re.search(rf"\b(?:one|a single|only one|just one)\s+(?:[\w-]+\s+){{0,2}}?{thing}\b(?!\s+of\b)", sentence,
                     re.I) is not None


def _counts_other_things(sentence: str, question: str) -> bool:
    """True when an English sentence counts things ("23 categories including 254 products") and none of them is
    the kind a question asks how many of ("how many compulsory national standards …?"): not the word, nor one
    the glossary or dictionary gives the same Chinese for ("firms" and "companies": 企业)."""
    asked = _ASKED_KIND.search(question)
    if not asked or not sentence.isascii():
        return False
    counted = {m.group(1).lower() for m in _COUNTED_THINGS.finditer(sentence)} - _NOT_THINGS
    head = asked.group(2).lower()
    if not counted or head in counted or head in _NOT_THINGS or re.search(rf"\b{re.escape(singular(head))}", sentence, re.I):
        return False
    from rag.translate import translate_terms

    def chinese(word: str) -> set[str]:
        return {e.target for e in translate_terms(word, "zh")}

    said = chinese(head)
    return not any(said & chinese(word) for word in counted)


# a day of the calendar ("June 1, 2009", "1 September 2021", "9月1日"), which counts nothing
_CALENDAR_DAY = re.compile(rf"\b{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s*\d{{4}})?|"
                           rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}\b(?:,?\s*\d{{4}})?|"
                           r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|(?:[二○〇零一三四五六七八九]{4}年)?[一二三四五六七八九十]{1,2}月"
                           r"[一二三四五六七八九十]{1,3}[日号]")

_CALENDAR_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d年|[二○〇零一][○〇零一二三四五六七八九]{3}年")


# a bound after a count: "两名以上工作人员" is a count of two, no article
_BOUND_AFTER = re.compile(r"\s*(?:以上|以下|以内|之内|或者?|至|到|及以上|及以下)")


def _numbers(sentence: str, question: str, years_count: bool) -> bool:
    """True when the sentence states a quantity the question does not already state."""
    text = strip_doc_numbers(sentence)
    if not _ASKS_PHONE.search(question):  # (a telephone number is no quantity, unless it is the figure asked for:
        text = _PHONE.sub(" ", text)  # "签证处的服务热线是多少？")
    bare = _ENUMERATORS.sub(" ", _NAMES_AND_CLOCKS.sub(" ", _CALENDAR_DAY.sub(" ", text)))
    asked = _values(question)
    if any(_values(m.group(0)) - asked for m in _EVENT_ORDINAL.finditer(bare)):
        return True  # "the fourth Expo" answers "how many Expos have been held?"
    text = _ORDINAL.sub(" ", bare)
    occurrences = _ASKS_TIMES.search(question) is not None
    for m in _AR_NUM.finditer(text):
        value, unit = m.group(1).replace(",", ""), (m.group(2) or "")
        if value in asked or (unit in ("次", "times") and not occurrences):
            continue  # (a count of occurrences, "延长不超过2次", answers "how many times", not "how many items")
        if _YEAR.fullmatch(value) and (unit in ("", "年") or unit.lower().startswith("year")) and not years_count:
            continue  # "2019年" dates an event; it is not an amount
        return True
    for m in _CN_NUM.finditer(text):
        numeral, unit = m.group(1), m.group(2)
        if unit == "年" and len(numeral) == 4:  # 二○一二年
            continue
        if len(numeral) == 1 and unit in _ARTICLE_UNITS.get(numeral, ()) and not _BOUND_AFTER.match(text, m.end()) \
                and not (unit == "次" and occurrences):
            continue  # 一个, 一批, 新一轮, 一年一度: articles and idioms more often than counts (not "两名以上", a bound;
            # not "可以延续一次" for "how many times can it be renewed?")
        if numeral + unit in question or _values(numeral) & asked or (unit == "次" and not occurrences):
            continue
        return True
    return bool(_CN_HALF.search(text) or _EN_NUM.search(text) or (occurrences and _ONCE.search(text)))


# the units after 一 and 两 that make an article or an idiom more often than a count: 一个, 一批, 一年一度; 两 only of
# lengths of time and occurrences (两年, 两次), which a period or a frequency is asked of; "两名委员", "由两人组成",
# "一式两份" count things
_ARTICLE_UNITS = {"一": ("个", "批", "项", "类", "种", "次", "件", "家", "名", "人", "年", "天", "日", "月", "个月", "轮", "期",
                        "份"),
                  "两": ("次", "年", "天", "日", "月", "个月", "轮", "期")}
_ONCE = re.compile(r"(?<=[a-z] )once(?=\s*(?:[.,;:)]|$|only\b|more\b|again\b|or twice\b))", re.I)  # "may be renewed once" (not
# "once a year", a frequency, nor "Once approved, …")


# a deadline asked for by name, and a day of a month, which sets one as well as a length of time does
_ASKS_DEADLINE = re.compile(r"\bdeadlines?\b|\bclosing date\b|截止(?:日期|时间)|最后期限", re.I)
_DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? {MONTH_NAME}\b|\b{MONTH_NAME}\.? \d{{1,2}}(?:st|nd|rd|th)?\b|"
                          r"\d{1,2}月\d{1,2}[日号]|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号]")


# "by when / before when" is answered by an event as well as by a date ("before the goods are imported")
_BEFORE_WHEN = re.compile(r"(?:什么时候|何时|什么时间)(?:之前|以前|前)|\bbefore when\b|\bhow soon\b|"
                          r"\bwhen (?:must|should|do|does|shall) [\w\s'-]{1,60}\bby\b", re.I)
_BEFORE = re.compile(r"\bbefore\b|\bprior to\b|\bin advance\b|之前|以前|事先|事前|[^\s，,。]{2}前[，,]", re.I)
# "when will / can …": what comes once a time has passed, which a rule states as that time ("满三年的", "after two
# years") as often as on a date
_WHEN_NEXT = re.compile(r"\bwhen (?:will|would|can|could|may|might)\b|什么时候(?:可以|能|才|会|再)|何时(?:可以|能|才|会|再)",
                        re.I)
_ELAPSED = re.compile(r"满[一二三四五六七八九十两\d]+个?(?:年|月|日|天|工作日)|"
                      r"(?<![\d.])[一二三四五六七八九十两\d]+个?(?:年|月|日|天)(?:后|以后|之后)|"
                      r"\bafter (?:\d+|one|two|three|four|five|six|ten|twelve) (?:full )?(?:years?|months?|days?)\b|"
                      r"\b(?:\d+|one|two|three|four|five|six|ten|twelve) (?:years?|months?|days?) (?:after|later|from)\b", re.I)
# a deadline set by an event: "在离境前", "在有效期届满之前", "before the goods leave", "prior to departure"
_BEFORE_EVENT = re.compile(r"在[\u4e00-\u9fff]{2,12}?(?:前|之前|以前)(?![\u4e00-\u9fff]{0,2}[年月日天])|"
                           r"\b(?:before|prior to) (?:the |their |its |his |her |your )?[a-z]+", re.I)
# "when should we file for renewal?", "最迟什么时候申请？": a deadline, which a rule states relative to an event
# ("届满的30天前", "within 30 days of receipt") as often as on a date
# ... or the event after which it comes ("在依法缴清税款……后，海关予以放行", "见票即付", "once the duty is paid")
_ONCE_DONE = re.compile(r"(?:^|[，,；;])\s*在[^，,。；;]{2,40}?(?:后|之后|以后)[，,]|[^，,。；;]{2,30}?(?:后|之后|以后)[，,]?"
                        r"(?:即|方可|才能|才可|即可)|见票即|\b(?:once|upon|as soon as|immediately after|on receipt of)\b",
                        re.I)
_DEADLINE_WHEN = re.compile(r"\bwhen (?:must|should|shall|do|does|has|have|need|needs) [\w\s'-]{1,60}\b(?:to )?"
                            r"(?:file|apply|submit|send|renew|register|report|declare|notify|get [\w\s'-]{1,30}\bin)\b|"
                            r"\b(?:latest|deadline)\b|\bby when\b|最迟|最晚|截止|"
                            # "仓库发现差异必须在什么时候向海关报告？": when a duty falls due, as often "within 3 days" as a date
                            r"(?:要|得|应当?|该|需要|必须)在?(?:什么时候|何时)(?:之前|以前|前)?[\u4e00-\u9fff]{0,12}?"
                            r"(?:报告|申报|提交|报送|备案|通知|申请|办理)", re.I)
_COUNT_EN = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety)"
_RELATIVE = re.compile(r"(?:\d+|[一二三四五六七八九十百两]+)\s*(?:个)?(?:工作日|天|日|个?月|年)"
                       r"(?:前|以前|之前|内|以内|之内)|"
                       rf"\b(?:within|at least|no later than|not later than) {_COUNT_EN} "
                       r"(?:working |business |calendar )?(?:days?|months?|years?)\b|"
                       rf"\b{_COUNT_EN} (?:working |business |calendar )?(?:days?|months?|years?) "
                       r"(?:before|prior to|after|of)\b|"
                       r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末|\d{1,2}日)(?:前|以前|之前)|"
                       # "by the next working day", "次日", "下一个工作日内"
                       r"\b(?:by|on|within) the (?:next|following) (?:working |business )?day\b|次日|下一个?工作日", re.I)


# "which date does customs go by?", "on what date does the company come into existence?": a date a rule names by
# its event ("按照海关放行的日期统计", "营业执照签发日期为市场主体的成立日期"); "城建税什么时候交？": at the same time as
# another payment ("与增值税同时缴纳")
_WHICH_DATE = re.compile(r"\b(?:which|what) (?:date|day)\b|哪一?天|哪个日期|什么日期|以什么日期|按什么日期", re.I)
_NAMED_DATE = re.compile(r"(?:按照?|以|依)[^，,。；;]{1,30}?的?(?:日期|之日|当日)(?!的)|日期[，,]?为|之日[，,]?为|"
                         r"\b(?:is|shall be|means) the date (?:of|on which|when)\b", re.I)  # (not "after the date of
# the enactment of this Act", which a bill says of every deadline: no answer to "on what date did the Senate vote?")
_DUE_WHEN = re.compile(r"(?:什么时候|何时)(?:要|得|应当?|该|需要|必须)?(?:交|缴|缴纳|申报|报|办理?|提交)|"
                       r"\bwhen (?:do|must|should|shall|does) [\w\s'-]{1,40}\b(?:pay|file|declare|report|submit)\b",
                       re.I)
_AT_THE_SAME_TIME = re.compile(r"同时(?:缴纳|申报|办理|提交|报送|扣缴)|\bat the same time as\b", re.I)
# "when does the clock start?", "从什么时候起算？": a start, which a rule states as an event ("自验收合格之日起算",
# "from the date of receipt") as often as a date
_STARTS_WHEN = re.compile(r"\bwhen (?:does|do|did|will|is|are) [\w\s'-]{1,60}?\b(?:start|begin|count|run)(?:s|ing)?\b|"
                          r"\bfrom when\b|\bstarting when\b|从什么时候|从何时|何时起|什么时候(?:开始|起)|起算", re.I)
# "when did it take effect?", "when does the duty arise?", "when do the measures stop?": a change of legal state, which
# a rule dates by an event ("自公布之日起施行", "为……排放应税污染物的当日", "upon publication") as often as on a date
_CHANGE_WHEN = re.compile(r"\bwhen (?:exactly |precisely )?(?:does|do|did|will|would|is|are|was|were) "
                          r"[\w\s'-]{1,60}?\b(?:take effect|took effect|come into (?:force|effect)|"
                          r"came into (?:force|effect)|enter(?:ed)? into force|"
                          r"become (?:liable|effective|due|payable|binding)|arises?|stop|end|cease|lapse|expire)\b|"
                          r"(?:什么时候|何时|哪天)(?:开始|起)?(?:生效|施行|实施|停止|终止|失效|产生|发生)", re.I)
_ON_EVENT = re.compile(r"为[^，,。；;]{1,30}?的?(?:当日|当天|之日|次日)|自[^，,。；;]{1,40}?(?:之日|之时|当日|次日)起|"
                       r"\b(?:on|from|as of) the (?:date|day) (?:of|on which|when)\b|"
                       r"\bupon (?:its )?(?:publication|promulgation|signature|issuance)\b|"
                       r"\b(?:effective )?immediately\b|"
                       # "take effect 180 days after the date of enactment", "on the first day of the first month
                       # beginning after the date of enactment"
                       rf"\b{_COUNT_EN} (?:calendar |business |working )?(?:days?|months?) after (?:the )?(?:date of (?:the )?)?"
                       r"(?:enactment|publication|promulgation|signature|issuance|entry into force)\b|"
                       r"\bthe first day of the (?:first )?(?:calendar )?(?:month|quarter|year) (?:beginning |following )?"
                       r"after\b", re.I)
_FROM_EVENT = re.compile(r"自[^，,。；;]{1,40}?(?:之日|之时|当日|次日)起|[^，,。；;]{2,40}?之日起算|"
                         r"\b(?:from|starting (?:from|on)|as of) the (?:date|day|time) (?:of|on which|when|that)\b", re.I)


# "when is the contract concluded?", "合同什么时候成立？": a legal state, which a rule says comes into being upon an
# event ("用户……提交订单成功，合同成立", "is concluded once the order is confirmed") as often as on a date
_COMES_INTO_BEING = re.compile(r"\bwhen (?:is|are|does|do|will|would) [\w\s'-]{1,60}?\b(?:concluded|formed|established|"
                               r"valid|effective|binding|take effect|come into effect|become effective|come into being)\b|"
                               r"(?:什么时候|何时|什么时间)(?:才算?)?(?:成立|生效)", re.I)
_UPON_EVENT = re.compile(r"[，,][^，,。；;]{0,12}(?:成立|生效)|\b(?:is|are|shall be|becomes?) (?:deemed )?(?:concluded|formed|"
                         r"established|effective|binding)\s+(?:when|once|upon|as soon as|at the time)\b|"
                         r"\b(?:takes?|shall take) effect (?:when|once|upon|as soon as)\b", re.I)


# what a law does to those who break it, in either language
# a question asking for a fine, not any consequence ("what fine does the act impose …?"), and a sentence naming one
_ASKS_FINE = re.compile(r"\bwhat (?:\w+ )?fines?\b|\bhow (?:much|heavily) (?:\w+ ){0,4}fined\b|罚多少|什么罚款|罚款是?多少", re.I)
_FINE = re.compile(r"罚款|罚金|\bfine[sd]?\b|\b(?:civil|monetary|administrative) penalt", re.I)
# what follows from not doing what a rule asks, as a guide says it: "If you don't get a licence for items that need one
# your goods will be delayed at customs", "如果不申报，货物将被退运", "otherwise the application may be rejected"
_IF_NOT_THEN = re.compile(r"^\W*(?:if|where|when|unless)\b[^.;:]{0,40}?\b(?:do(?:es)?n[’']t|do(?:es)? not|did not|didn[’']t|"
                          r"fail(?:s|ed)? to|never)\b[^.;:]{2,120}?\b(?:will|may|might|could|can|would|shall)\s+(?:not\s+)?"
                          r"(?:be|have|lose|face|pay)\b|"
                          r"\botherwise\b[^.;:]{0,60}?\b(?:will|may|might|could|can|shall)\s+(?:not\s+)?(?:be|have|lose|face)\b|"
                          r"^\W*(?:如果|如|若|倘若)?[^，,。；;]{0,20}?(?:不|未|没有)[^。；;]{2,40}?[，,][^。；;]{0,20}?(?:将|会|可能|将会)"
                          r"(?:被|无法|不能|不予|影响|导致|面临)|否则[^。；;]{0,30}?(?:将|会|可能)", re.I)
_PENALTY = re.compile(r"罚款|罚金|没收|警告|刑事责任|法律责任|处罚|处分|吊销|撤销|暂停|责令|拘留|取缔|不得从事|不予受理|追究|"
                      # a consequence in law ("仍不领取的，视为放弃受领分配的权利", "the claim is deemed withdrawn")
                      r"视为|丧失|无效|失效|"
                      # what becomes of a registration, a case or a contract ("海关注销该运营人登记", "民事诉讼……应当中止")
                      r"注销|中止|终止|\b(?:is|are|shall be|will be) (?:cancel+ed|terminated|stayed|struck off)\b|"
                      # put on a register of the non-compliant ("载入经营异常名录", "列入严重违法失信名单", "blacklisted")
                      r"(?:载入|列入|纳入)[^，,。；;]{0,12}?(?:名录|名单)|失信|\bblacklist|\babnormal operations? list|"
                      # what is done with goods that break a rule ("作退货或者销毁处理", "shall be re-exported or destroyed")
                      r"退货|退运|退回|销毁|扣留|扣押|封存|不准入境|不予放行|"
                      r"\bre-?export(?:ed|ation)?\b|\bdestroy(?:ed)?\b|\bseiz(?:ed?|ure)\b|\bdetained\b|"
                      r"\b(?:refused|denied) (?:entry|admission)\b|"
                      r"\bfines?\b|\bfined\b|penalt|punish|\bliab(?:le|ility)\b|revok|revocation|suspen|confiscat|"
                      r"prosecut|imprison|sanction|\bwarning\b|disqualif|criminal|\bdeemed\b|\bforfeit|\bnull and void\b|"
                      r"\b(?:is|are|shall be|becomes?) void\b|"
                      # owing the other side compensation ("the worker requests economic compensation", 支付赔偿金)
                      r"赔偿|经济补偿|\bcompensation\b|\bdamages\b|"
                      # an official's sanctions ("range from warnings to dismissal from office", 记过, 撤职, 开除)
                      r"\bwarnings\b|\bdismiss(?:al|ed)? from (?:office|post|service|employment)\b|\bdemot(?:ion|ed)\b|"
                      r"\bdisciplinary\b|记过|记大过|降级|撤职|开除|"
                      # a bar an authority is to impose ("the Commission shall prohibit the securities … from being
                      # traded", "is barred from registering"): what then happens; not a ban stated as such ("It is
                      # prohibited to import …"), which says what may not be done, nor one it only may impose
                      r"\b(?:shall|will|must) (?:then )?(?:prohibit|ban|bar|cancel|terminate|deregister|delist)\b|"
                      r"\b(?:is|are|be|been|being) (?:then )?(?:barred|banned|debarred|delisted|deregistered) from\b", re.I)


# the unit a question asks a length of time in ("多少天", "how many working days"), and how periods in it read
_UNITS = (
    (re.compile(r"(?:多少|几)个?(?:工作日|天|日)|\bhow many (?:working |business |calendar )?days\b", re.I),
     re.compile(r"工作日|天|日|days?", re.I)),
    (re.compile(r"(?:多少|几)个月|\bhow many months\b", re.I), re.compile(r"月|months?", re.I)),
    (re.compile(r"(?:多少|几)年|\bhow many years\b", re.I), re.compile(r"年|years?", re.I)),
)


def _asked_unit(question: str):
    """The pattern of the unit a question asks a period in, or None ("how long", "多久": any unit)."""
    return next((unit for asked, unit in _UNITS if asked.search(question)), None)


# how soon a thing is to be done, said without a length of time
# an amount capped by another the sentence names rather than by a figure
_CAPPED_BY = re.compile(r"(?:数额|金额|违约金|赔偿金?|费用|补偿)[^，,。；;]{0,6}?不得(?:超过|高于)[^，,。；;]{1,30}?(?:费用|金额|数额|"
                        r"工资|价款|损失|报酬|标准)|\b(?:amount|damages|compensation|penalty|fee|sum)s? (?:shall|may|must|can)"
                        r"(?:\s+not|not|n't) exceed (?:the )?[\w\s'-]{1,40}?\b(?:costs?|amount|fees?|price|wages?|salary|losses)\b",
                        re.I)
# how long something may be kept or held, which a rule may set by its purpose rather than in days
_HOW_LONG_KEPT = re.compile(r"\bhow long\b[^?]{0,60}?\b(?:keep|kept|store|stored|retain|retained|hold|held)\b|"
                            r"(?:保存|保留|存储|留存)[^，,。？?]{0,10}?(?:多久|多长时间)", re.I)
_AS_SHORT_AS_NEEDED = re.compile(r"所必要的最短(?:时间|期限)|必需的最短(?:时间|期限)|\b(?:no longer than (?:is )?"
                                 r"necessary|the shortest (?:time|period) necessary)\b", re.I)
# a period set as long as another: "土地使用年限，与经批准的该外资企业的经营期限相同", "the same as the term of the
# contract" answers "how long can we use the land?"; not "与正常工作期间相同的工资收入" (the same wage as during work:
# 的 makes it an attribute of something else)
_AS_LONG_AS = re.compile(r"与[^，,。；;]{1,30}?(?:期限|年限|期间|有效期)相同(?!的)|(?:期限|年限|有效期)[^，,。；;]{0,6}?以[^，,。；;]{1,30}?"
                         r"(?:期限|年限|有效期)为准|\b(?:the same as|equal to|coincides? with|no longer than) the (?:[\w-]+ ){0,5}"
                         r"(?:term|period|duration|validity)\b", re.I)
_HOW_FAST = re.compile(r"\bhow (?:fast|quickly|soon)\b|多快|多久", re.I)
_PROMPTLY = re.compile(r"立即|立刻|马上|及时|即时|当场|当即|随时|尽快|\b(?:immediately|promptly|without delay|at once|"
                       r"forthwith|as soon as possible|in a timely manner|on the spot|instantly)\b", re.I)


# a question asking for a ceiling ("最多不超过税款的多少", "what is the maximum fine?") is answered by a sentence
# that bounds the amount, not by one that states a rate or an amount with no bound ("按日加收万分之五")
_FIGURE_BEFORE = re.compile(r"\d\s*(?:[%％]|percent)?[^，,。？?\d]{0,6}$", re.I)  # a figure just before a word
_EXCEEDS = re.compile(r"超过|超出|高于|\bexceed(?:s|ing)?\b|\bmore than\b|\bover\b", re.I)
_ASKS_MAX = re.compile(r"最多|最高|上限|不超过|不得超过|封顶|\bat most\b|\bmaximum\b|\bupper limit\b|\bceiling\b|"
                       r"\bcapped\b|\bup to how\b|\b(?:biggest|largest|highest)\b|\bwhat(?:'s| is| was)? the most\b", re.I)
# and one asking for a floor ("担保金最少要交多少", "the minimum deposit") by a sentence with a lower bound
_ASKS_MIN = re.compile(r"最少|最低|至少|下限|\bat least\b|\bminimum\b|\blowest\b|\bsmallest\b", re.I)
_STATES_MIN = re.compile(r"最少|最低|至少|下限|不少于|不低于|不得少于|不得低于|以上|\bat least\b|\bminimum\b|\bno less than\b|"
                         r"\bnot less than\b|\bor more\b|\bfloor\b", re.I)
_STATES_MAX = re.compile(r"最多|最高|上限|不超过|不得超过|以下|以内|之内|至多|封顶|\bat most\b|\bmaximum\b|\bup to\b|"
                         r"\bto the extent of\b|"
                         r"\bnot (?:to )?exceed|\bno more than\b|\bnot more than\b|\bor less\b|\bcap(?:ped)?\b|"
                         r"\bceiling\b|\blimit(?:ed)?\b", re.I)


# a sentence saying something costs nothing, and a question asking what it costs (not what a fine or a sum is)
_FREE = re.compile(r"免费|免收|不收费|不收取[^，,。；;]{0,6}费|无偿|\bfree of charge\b|\bno charge\b|\bwithout charge\b|"
                   r"\bat no (?:cost|charge)\b|\bno fees?\b|\bcosts? nothing\b|\bis free\b|\bare free\b", re.I)
_ASKS_PRICE = re.compile(r"费用|收费|多少钱|要钱|花钱|付费|交费|缴费|手续费|\bcost\b|\bcosts\b|\bfees?\b|\bcharge[sd]?\b|"
                         r"\bprice\b|\bpay\b", re.I)


def supplies(need: Need, sentence: str, question: str) -> bool:
    """True when a sentence holds an item of the kind the question asks for."""
    kind = need.kind
    if kind == "open":
        return True
    if kind in _QUANTITY and _ASKS_MAX.search(question) and not _STATES_MAX.search(sentence) and not (
            _EXCEEDS.search(question) and _EXCEEDS.search(sentence)):  # "最高可以超过多少？": "can exceed 125%"
        return False
    if kind in _QUANTITY and _ASKS_MIN.search(question) and not _STATES_MIN.search(sentence):
        return False
    if kind == "number" and _ASKS_THE_NUMBER.search(question):  # "what phone number do I call?": a number to
        return _PHONE.search(sentence) is not None or _HOTLINE.search(sentence) is not None  # dial, not a figure
    if kind == "number" and (_one_of_asked(sentence, question) or _counted_by_word(sentence, question)):
        return True  # "how many representatives may each member appoint?": "one representative"; "how many copies?":
        # "in triplicate"
    if kind == "number":
        if _ASKS_COUNT.search(question) and not (_STATES_COUNT.search(sentence) or _counts_things(sentence)
                                                 or (_EVENT_ORDINAL.search(sentence)
                                                     and _COUNTS_EVENTS.search(question))
                                                 or (_PEOPLE_DECIDE.search(question) and _SHARE_OF_PEOPLE.search(sentence))):
            return False  # "how many companies hold a licence?": not "3年以上" nor "8000万元"
        if _counts_other_kind(sentence, question) or _counts_other_things(sentence, question):
            return False  # "how many accounting firms?": not "100,000 advertising firms", nor "23 categories"
        return _numbers(sentence, question, years_count=False)
    if kind == "percent":
        found = _PERCENT.search(_MULTIPLE.sub(" ", sentence) if _ASKS_SHARE.search(question) else sentence)
        return bool(found) and _numbers(sentence, question, years_count=False)  # (a share is no multiple:
        # "what share of chip imports comes from China?" is not answered by "货值金额10倍的罚款")
    if kind == "money" and _FREE.search(sentence) and _ASKS_PRICE.search(question):
        return True  # "在英国申请出口许可证要交多少费用？": "There's no charge for a licence", nothing to pay
    if kind == "money" and _CAPPED_BY.search(sentence):
        return True  # "how much can we ask them to pay back?": "违约金的数额不得超过用人单位提供的培训费用", a cap set
        # by another amount
    if kind == "money":  # (a fine is also set as a share or a multiple of an amount: "处违法所得1倍以上5倍以下罚款";
        # so is a cap on a payment: "the most a company can pay its sellers" is "不得超过……的30%")
        shares = bool(_PERCENT.search(sentence) or _TIMES.search(sentence))
        return (bool(_MONEY.search(sentence)) or ("fine" in need.nouns and QUANTITY_NOUNS["fine"].search(sentence)
                                                  and shares) or (shares and _ASKS_MAX.search(question) is not None)
                or (shares and _SHARE_OF_FUNDS.search(without_fines(sentence)) is not None)) and \
            _numbers(sentence, question, years_count=False)
    if kind == "frequency":  # "how often must it report?": "annually", 每季度 (not "regularly", 定期)
        return _STATES_FREQUENCY.search(sentence) is not None
    if kind == "period" and _HOW_FAST.search(question) and _PROMPTLY.search(sentence):
        return True  # "how quickly must they reply?": "立即", "without delay" answers it without a length
    if kind == "period" and _AS_LONG_AS.search(sentence):
        return True  # "how long can we keep using the land?": "与……经营期限相同", as long as another period
    if kind == "period" and _HOW_LONG_KEPT.search(question) and _AS_SHORT_AS_NEEDED.search(sentence):
        return True  # "how long may we keep the data?": "……所必要的最短时间", a length set by its purpose
    if kind == "period" and _ASKS_DEADLINE.search(question) and _DAY_OF_MONTH.search(strip_doc_numbers(sentence)):
        return True  # "what is the deadline for applications?": "申请截止日期为2021年3月31日", a day as well as a length
    if kind == "period":  # (not a day of the calendar, "2021年9月1日", whose 年, 月 and 日 measure nothing)
        text = _ORDINAL.sub(" ", _NAMES_AND_CLOCKS.sub(" ", _CALENDAR_YEAR.sub(" ", _CALENDAR_DAY.sub(" ", sentence))))
        unit = _asked_unit(question)  # "多少天内": a length in days, not "3年" of something else
        return any(m.group(0) not in question and (unit is None or unit.search(m.group(0)))
                   for m in _PERIOD.finditer(text))
    if kind == "place" and _ASKS_SITE.search(question):  # "到哪个网站下载？": a site named, not a city
        return _NAMES_SITE.search(sentence) is not None
    if kind == "place":  # "which cities …?", "设在哪个城市？": a sentence naming a place
        return _names_place(sentence, question)
    if kind == "penalty":  # "what happens to an exporter who …?": what the law does to them; "what fine …?": a fine
        return (_PENALTY.search(sentence) is not None or _IF_NOT_THEN.search(sentence) is not None) and (
            not _ASKS_FINE.search(question) or bool(_FINE.search(sentence)))
    if kind == "date" and _COMES_INTO_BEING.search(question) and _UPON_EVENT.search(sentence):
        return True  # "when is an online contract concluded?": "……提交订单成功，合同成立", upon an event
    if kind in _EVENT_KINDS and need.events and not _names_event(need, sentence, question):
        return False  # "when did it take effect?", "who signed it?": a sentence about that event
    if kind == "time":  # "几点开门？": a time of day ("9:00", "上午9时", "24小时"), not a date
        return _CLOCK.search(sentence) is not None
    if kind == "year":
        text = strip_doc_numbers(sentence)
        return any(m.group(0) not in question and _of_asked_event(need, text, m.start(), question)
                   for m in _YEAR_IN_TEXT.finditer(text))
    if kind == "date":
        if _BEFORE_WHEN.search(question) and _BEFORE.search(sentence):
            return True  # "在什么时候之前拿到？": "before selling in or importing to China" answers it
        if _WHEN_NEXT.search(question) and not need.events and (_ELAPSED.search(sentence) or _ONCE_DONE.search(sentence)):
            return True  # "when will customs look at its rating again?": "认定为严重失信企业满三年的，……重新确定"
        if _DEADLINE_WHEN.search(question) and (_RELATIVE.search(sentence) or _BEFORE_EVENT.search(sentence)):
            return True  # "when should it apply for renewal?": "30 days before the certificate expires"; "最晚什么
            # 时候把手续了结？": "应当在离境前……办理……结案手续", before an event
        if _WHICH_DATE.search(question) and _NAMED_DATE.search(sentence):
            return True  # "which date does customs go by?": "按照海关放行的日期统计"
        if _DUE_WHEN.search(question) and _AT_THE_SAME_TIME.search(sentence):
            return True  # "城建税什么时候交？": "与增值税、消费税同时缴纳"
        if _STARTS_WHEN.search(question) and _FROM_EVENT.search(sentence):
            return True  # "when does the payment period start?": "自检验或者验收合格之日起算", from an event
        if _CHANGE_WHEN.search(question) and _ON_EVENT.search(sentence):
            return True  # "when did the provisions take effect?": "本规定自公布之日起施行"
        text = strip_doc_numbers(sentence)
        return any(m.group(0) not in question and _of_asked_event(need, text, m.start(), question)
                   for m in _DATE.finditer(text))
    if kind == "person":
        return any(m.group(0) not in question for m in _PERSON.finditer(sentence))
    if kind == "party" and (any(m.group(0) not in question for m in _PARTY_ZH.finditer(sentence))
                            or any(m.group(0).lower() not in question.lower() for m in _PARTY_EN.finditer(sentence))):
        return True  # "who pays?": 进口经营者, the importer — a party named by its role
    if kind in ("party", "org") and any(
            (who := m.group(1).strip("和及与、")) not in question and len(who) >= 2 and not _VAGUE_ORG.match(who)
            for m in _BY_WHOM_ZH.finditer(sentence)):
        return True  # "who has to sign it?": "应当由单位负责人……签名并盖章"; "who pays?": "由保安从业单位赔付"
    if kind == "org" and _ASKS_FIRMS.search(question) and _NAMES_FIRMS.search(sentence):
        return True  # "which companies lead the market?": "Panasonic, Samsung, Sony, JVC, and Sanyo dominate …"
    if kind == "org" and (named_kind := _asked_org_kind(question)) and not named_kind.search(sentence):
        return False  # "由哪个商会签发？": a chamber of commerce, not "签发的金融机构"
    if kind in ("org", "party"):
        zh = [m.group(0) for m in _ORG_ZH.finditer(sentence)]
        return any(not _VAGUE_ORG.match(o) and o not in question and not _echoes(o, need.echoes) for o in zh) or any(
            _org_name_en(sentence, m).lower() not in question.lower() for m in _ORG_EN.finditer(sentence)) or any(
            m.group(0) not in question.lower() for m in _ORG_KIND_EN.finditer(sentence))
    return True


# a time of day, or hours that say none is needed ("open 24/7")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:：]\d{2}(?!\d)|\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|"
                    r"(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间)\s*[\d一二三四五六七八九十]{1,3}\s*[点时]|"
                    r"(?<![\d.])[\d一二三四五六七八九十]{1,3}\s*(?:点(?![\u4e00-\u9fff]{0,1}[意建措])|时(?=[至到—-]|\d{1,2}分|整))|"
                    r"\b24/7\b|24\s*(?:小时|hours?)(?:营业|开放|服务|a day)?|\baround the clock\b|\bmidnight\b|"
                    r"\bnoon\b|全天", re.I)


# the kind of body a question asks which one of ("哪个商会", "which bank"), and how a sentence names one of that kind
_ORG_KINDS = {"chamber": r"商会|\bchambers? of commerce\b|\bchambers?\b", "bank": r"银行|\bbanks?\b",
              "court": r"法院|\bcourts?\b|\btribunals?\b", "association": r"协会|\bassociations?\b",
              "hospital": r"医院|\bhospitals?\b", "university": r"大学|高校|\buniversit(?:y|ies)\b",
              "insurer": r"保险(?:公司|机构)|\binsurers?\b|\binsurance (?:compan(?:y|ies)|providers?)\b"}
_ASKS_ORG_KIND = re.compile(r"(?:哪个|哪家|哪一个|哪一家|哪些|什么)(商会|银行|法院|协会|医院|大学|保险公司)|"
                            r"\b(?:which|what) (chambers?(?: of commerce)?|banks?|courts?|associations?|hospitals?|"
                            r"universit(?:y|ies)|insurers?|insurance compan(?:y|ies))\b", re.I)
_ORG_KIND_OF = {"商会": "chamber", "银行": "bank", "法院": "court", "协会": "association", "医院": "hospital",
                "大学": "university", "保险公司": "insurer", "insurance": "insurer"}


def _asked_org_kind(question: str):
    """The pattern for the kind of body a question asks which one of, or None ("由哪个商会签发？": 商会, chamber)."""
    m = _ASKS_ORG_KIND.search(question)
    if m is None:
        return None
    word = (m.group(1) or m.group(2)).lower()
    key = _ORG_KIND_OF.get(word) or _ORG_KIND_OF.get(word.split()[0]) or next(
        (k for k in _ORG_KINDS if word.startswith(k[:4])), None)  # "chambers of commerce", "universities"
    return re.compile(_ORG_KINDS[key], re.I) if key else None


# the period a question names by what it is of: "the supervision period", "the transition period", 试用期, 监督期限
_PERIOD_OF_EN = re.compile(r"\b(?:the|its|their|a|an|this|that)\s+([a-z]{4,}(?:-[a-z]+)?)\s+(?:period|term)s?\b", re.I)
_PERIOD_OF_ZH = re.compile(r"([\u4e00-\u9fff]{2})(?:期限|期间|期)(?:是|为|有|一般|最长|最短|大概)*(?:多长|多久|几|多少)")
_NOT_OF = frozenset("time same whole entire total certain specific fixed initial first last next limited reasonable "
                    "maximum minimum longest shortest given required specified prescribed relevant applicable "
                    "following such other said".split())
_NOT_OF_ZH = frozenset("时间 这个 那个 一个 整个 规定 法定 约定 最长 最短 多长 一定".split())


def period_of(question: str) -> tuple[str, str] | None:
    """(language, word) of what the period a question asks the length of is of ("the supervision period":
    ("en", "supervision"); "试用期是多久": ("zh", "试用")), or None when it names none."""
    asking = asking_sentences(question)
    m = _PERIOD_OF_EN.search(asking) if asking.isascii() else _PERIOD_OF_ZH.search(asking)
    if not m or m.group(1).lower() in (_NOT_OF if asking.isascii() else _NOT_OF_ZH):
        return None
    return ("en" if asking.isascii() else "zh", m.group(1).lower())


@functools.lru_cache(maxsize=4096)
def _period_words(lang: str, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How an English and a Chinese sentence say the word a period is of: (English stems, Chinese words)."""
    from rag.translate import translate_terms

    if lang == "en":
        stem = word[:max(5, len(word) - 3)]  # supervision, supervised, supervising: "supervis"
        return (stem,), tuple(e.target for e in translate_terms(word, "zh"))
    return tuple(e.target.lower() for e in translate_terms(word, "en")), (word,)


def _says_period_of(sentence: str, of: tuple[str, str]) -> bool:
    """True when a sentence names what the asked period is of, in its language."""
    english, chinese = _period_words(*of)
    if has_han(sentence):
        return any(z in sentence for z in chinese)
    low = sentence.lower()
    return any(e in low for e in english)


def fits(need: Need, sentence: str, question: str) -> bool:
    """True when a sentence supplies the asked-for item as `check` will want it: of the noun it is asked of ("the
    surplus"), as often as asked ("each year"), of the measured thing and in the asked unit. What an answer
    prefers to quote, so that a sentence with another figure does not take the place of the one with the asked one."""
    if not supplies(need, sentence, question):
        return False
    asked_of = [n for n in need.nouns if n not in EVERY]  # "the trade surplus": not a sentence with another figure
    if asked_of and not any(_ASKED_OF[n].search(sentence) for n in asked_of):
        return False
    if asked_of and "fine" not in asked_of and not supplies(need, without_fines(sentence), question):
        return False  # "how much is the deposit?": not the fine for not paying it
    if need.kind == "money" and not _CONSEQUENCE.search(question) and not supplies(need, without_fines(sentence), question):
        return False  # "评标专家每次评标的劳务费是多少？": not the fine an expert taking bribes pays
    often = [n for n in need.nouns if n in EVERY]  # "each year": a sentence saying how often
    if often and not any(EVERY[n].search(sentence) for n in often):
        return False
    if (thing := _measured_thing(question)) and not _names_thing(sentence, thing):
        return False  # "how many kilometers of high-speed rail?": not the railway's length
    # "in milligrams per cubic meter": a figure in megawatts is no answer
    return not (units := _asked_units(question)) or any(u.search(sentence) for u in units)


# a question about what follows from breaking a rule, whose amount may be a fine ("what could we have to pay if we
# sell without a licence?", "违规会被罚多少？")
_CONSEQUENCE = re.compile(r"罚|处分|处理|违反|违法|违规|擅自|未经|后果|责任|赔|没收|\bfines?\b|\bfined\b|penalt|punish|sanction|"
                          r"violat|breach|break|illegal|unlawful|without (?:a |an |any |the )?(?:licen[cs]e|permit|approval|"
                          r"permission|registration)|what happens|caught|liab|compensat|damages|forfeit|confiscat", re.I)


# an amount set as a share of another sum of money: "不低于……资金投入15%的启动资金", "30% of the registered capital"
_SHARE_OF_FUNDS = re.compile(r"(?:资金|资本|出资|投资|投入)[^，,。；;]{0,6}?(?:\d+(?:\.\d+)?\s*[%％]|百分之)|"
                             r"\d+(?:\.\d+)?\s*(?:%|percent) of (?:the |its |their )?(?:[\w-]+ ){0,2}"
                             r"(?:capital|investment|funds?|funding)\b", re.I)  # (not "20 percent of the applicable
# amount", a share of whatever sum, which answers no "how much did it lend?")


# a question asking for the number to call itself, and the numbers one dials: a telephone number, a service
# line of five digits (12366), an international one ("+44 29 2050 1261")
_ASKS_THE_NUMBER = re.compile(r"(?:电话|热线|传真)(?:号码)?(?:是|为)?(?:多少|几号|什么)|打(?:什么|哪个|多少)(?:号码?|电话)|"
                              r"\b(?:phone|telephone|hotline|helpline|fax) numbers?\b|\bwhat (?:hotline|helpline)\b|"
                              r"\bwhat numbers? (?:do|should|can|could|must) (?:i|we|you|they|people) (?:call|dial|ring)\b", re.I)
_HOTLINE = re.compile(r"(?<![\d.])1\d{4}(?![\d.])|\+\d{1,3}[ \d-]{6,}\d")
_ASKS_PHONE = re.compile(r"电话|热线|号码|传真|\b(?:phone|telephone|hotline|fax)\b|\bnumbers? (?:do|should|can|to) (?:i|we|you) "
                         r"(?:call|dial|ring)\b|\bwhat number\b", re.I)


# a question asking which website, and a sentence naming one: “信用中国”网站, "the GOV.UK website", an address
_ASKS_SITE = re.compile(r"(?:哪个|哪些|什么)网站|\b(?:which|what) (?:government |official |online )?(?:web ?sites?|portals?)\b",
                        re.I)
# (a body's own site, "商务部网站", names one; "进口促进专门网站", a kind of site to be set up, does not)
_NAMES_SITE = re.compile(r"[”\"》][\u4e00-\u9fff]{0,2}(?:网站|网|平台|门户)|\bhttps?://|\bwww\.|\b[\w-]+\.(?:gov|com|org|net|cn|uk)"
                         r"(?:\.[a-z]{2})?\b|\b(?:[A-Z][\w.'’-]*\s){1,4}(?:website|portal)\b|"
                         r"(?:部|委|局|署|厅|政府|海关|银行|中心|总署|总局|委员会)(?:官方|门户)?网站")


def without_fines(sentence: str) -> str:
    """A sentence without its parts that set a fine ("…，处5万元以上10万元以下的罚款")."""
    fine = QUANTITY_NOUNS["fine"]
    return "".join(part for part in re.split(r"(?<=[，；;。])|(?<=,)\s+", sentence) if not fine.search(part))


# how often a thing is done, as a sentence says it
_STATES_FREQUENCY = re.compile(r"每(?:年|一年|两年|[二三四五六七八九十\d]+年|半年|季度?|个?月|周|星期|天|日)|按(?:年|季|月|周|日)|年度|"
                               r"每隔\s*[\d一二两三四五六七八九十半]+\s*个?(?:年|月|季度?|周|星期|天|日|小时)|"  # 每隔6个月申请一次
                               r"周期[^，,。；;]{0,8}?[\d一二两三四五六七八九十]+\s*个?(?:年|月|日|天|周)|"  # 复审周期一般不超过五年
                               r"\bcycles? (?:of|is|are|lasts?) (?:\w+ )?\d*\s*\w+ (?:years?|months?|weeks?|days?)\b|"
                               r"(?:一年|半年|一个?月|一季度?)[^，,。；;]{0,4}一次|\b(?:annually|annual(?!\s+(?:leave|vacation|holiday))|yearly|quarterly|monthly|"
                               r"weekly|daily|biennial(?:ly)?|semi-?annual(?:ly)?|every (?:\w+ )?(?:years?|months?|quarters?|weeks?|"
                               r"days?)|each (?:year|month|quarter|week)|once (?:a|per|every) \w+|twice (?:a|per) \w+|"
                               r"(?:per|a) (?:year|month|quarter|week))\b", re.I)
_PERSON = re.compile(r"(?:司长|部长|局长|署长|主任|处长|厅长|主席|总理|书记|省长|市长|发言人|负责人|院长|会长|董事长|总经理|教授|"
                     r"研究员|大使)[\u4e00-\u9fff]{2,3}(?=表示|说|指出|介绍|认为|称|强调|主持|在|答|解读)|"
                     r"\b(?:Minister|Vice[- ]Minister|Director(?:-General)?|Spokes(?:man|person|woman)|Premier|President|"
                     r"Chairman|Ambassador|Commissioner|Administrator|Governor|Secretary|Mr|Ms|Mrs|Dr|Professor)\.?\s+"
                     r"(?:of (?:the )?)?(?:[A-Z][a-z]+\s?){1,3}|\b(?:headed|led|chaired) by (?:[A-Z][a-z]+\s?){2,3}|"
                     r"\b[A-Z][a-z]+ [A-Z][a-z]+(?:[A-Z][a-z]+)?,? (?:said|says|stated|noted|told|explained|added)\b")
_SIGNATURE = re.compile(r"^\s*\S{2,20}?\s*(?:[二○〇零一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|"
                        r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$")


def _of_asked_event(need: Need, sentence: str, at: int, question: str = "") -> bool:
    """True when the figure at `at` is of an event the question asks about, or the question names none: the
    event named nearest to it is an asked one ("signed a tax treaty … that took effect on January 1, 1987":
    1987 is when it took effect, not when it was signed)."""
    if not need.events:
        return True
    if "issue" in need.events and any(m.start() <= at < m.end() for m in _DATED_DOCUMENT.finditer(sentence)
                                       if _DOCUMENT_KINDS[m.group(1)].search(question)):
        return True  # "the Executive Order of August 9, 2023": the date the order was issued
    distances = [(abs(m.start() - at), name) for name, pattern in EVENTS.items() for m in pattern.finditer(sentence)]
    if not distances:
        return True
    nearest = min(d for d, _ in distances)  # (one word may name two events: 会议通过, adopted and approved)
    return any(name in need.events for d, name in distances if d == nearest)


def _names_event(need: Need, sentence: str, question: str = "") -> bool:
    """True when a sentence names an event the question asks the date of, or signs (see `signs`); a document
    named by its date ("the Executive Order of August 9, 2023") names when it was issued."""
    return (any(EVENTS[e].search(sentence) for e in need.events) or signs(need, sentence)
            or ("issue" in need.events and _dated_document(sentence, question) is not None))


# a document named with the date it was issued: "Executive Order 14105 of August 9, 2023", "Proclamation 9704 of
# March 8, 2018" (the way U.S. presidential documents are cited)
_DATED_DOCUMENT = re.compile(rf"\b(Order|Proclamation|Memorandum|Directive|Determination)(?: No\.)?(?: \d[\d,-]*)? of "
                             rf"{MONTH_NAME} \d{{1,2}}, \d{{4}}\b")
# ...of the kind of document the question asks the date of ("哪一天签发的行政命令": an order; not "the final rule")
_DOCUMENT_KINDS = {"Order": re.compile(r"\border\b|行政令|行政命令|命令|总统令", re.I),
                   "Proclamation": re.compile(r"\bproclamation\b|公告|宣言|声明", re.I),
                   "Memorandum": re.compile(r"\bmemorandum\b|备忘录", re.I),
                   "Directive": re.compile(r"\bdirective\b|指令", re.I),
                   "Determination": re.compile(r"\bdetermination\b|决定", re.I)}


def _dated_document(sentence: str, question: str):
    """The match of a document cited by its date in `sentence` whose kind the question asks about, or None."""
    return next((m for m in _DATED_DOCUMENT.finditer(sentence) if _DOCUMENT_KINDS[m.group(1)].search(question)), None)


def signs(need: Need, sentence: str) -> bool:
    """True when the question asks who issued or signed a document, or when, and the sentence is its
    signature: an issuer and a date ("国务院 2012年4月30日"), or one line of a signature clause (the
    issuing bodies, or the date alone). Such a sentence answers the question without sharing its words."""
    if not asks_signature(need):
        return False
    from rag.layout import is_signature_line

    return bool(_SIGNATURE.match(sentence)) or is_signature_line(sentence)


def asks_signature(need: Need) -> bool:
    """True when the question asks who issued or signed a document, or when it was (not by when something
    is still to be issued: "最晚什么时候出台？", "by when will the rules be published?")."""
    return "issue" in need.events and need.kind in _SIGNED_KINDS and not need.ahead


def about_its_life(claim: str) -> bool:
    """True when a claim is about when or how a document was issued or took effect ("… took effect on the day
    it was published"): its closing articles or its signature decide it, whatever else the claim shares."""
    return EVENTS["effect"].search(claim) is not None or EVENTS["issue"].search(claim) is not None


def asks_when_in_effect(need: Need) -> bool:
    """True for a question asking when something took effect ("when did the provisions take effect?")."""
    return need.kind in ("date", "year") and "effect" in need.events


_SIGNED_KINDS = ("org", "party", "date", "year")
# a question about what is still to come: a deadline or a plan, which no signature dates
_AHEAD = re.compile(r"最晚|最迟|之前|以前|前要|将于|将在|将会|何时前|\bby when\b|\bat the latest\b|\bwill\b|\bdeadline\b|"
                    r"\bgoing to\b|\bdue\b|\bexpected\b", re.I)


def _echoes(name: str, echoes: frozenset[str]) -> bool:
    """True when every word of a Chinese name is one of the question's own translated terms."""
    if not echoes:
        return False
    from rag.tokenize import tokenize

    words = [t for t in tokenize(name) if len(t) >= 2 and t not in _VAGUE_WORDS]
    return bool(words) and all(w in echoes for w in words)


_VAGUE_WORDS = frozenset({"主管", "主管部门", "有关", "相关", "职能", "负责"})  # "competent", "relevant": no name


# ---- the check -----------------------------------------------------------------------------------


class Verdict(NamedTuple):
    """Whether an answer supplies what was asked; `missing` names what it lacks ("" when it does)."""

    ok: bool
    missing: str = ""  # "number", "date", …, or "year:2018"


def _doc_years(doc: Document) -> set[str]:
    years = set(_YEAR.findall(" ".join(filter(None, (doc.title, doc.doc_number or "", doc.date or "")))))
    years.update(re.findall(r"[〔\[(（](\d{4})[〕\])）]", doc.doc_number or ""))
    return years


def _holds_years(need: Need, clause, doc: Document) -> bool:
    return all(year in clause.text or year in clause.heading or year in _doc_years(doc)
               or year in strip_doc_numbers(doc.text) for year in need.years)


def within_constraints(need: Need, hits: list[Hit], documents: dict[str, Document]) -> list[Hit]:
    """The hits whose clause or document holds the years the question names ("in 2018"), in rank order;
    all hits when none does (the check after composing then says which year is missing)."""
    if not need.years:
        return hits
    held = [h for h in hits if _holds_years(need, h.clause, documents[h.clause.doc_id])]
    return held or hits


def check(need: Need, question: str, citations: list[Citation] | tuple[Citation, ...],
          documents: dict[str, Document]) -> Verdict:
    """Do the quoted sentences supply the asked-for item, within the years the question names?"""
    if not citations:
        return Verdict(False, need.kind)
    for year in need.years:
        held = any(_holds_years(Need(need.kind, (year,)), c.clause, documents[c.clause.doc_id]) for c in citations)
        if not held:
            return Verdict(False, f"year:{year}")
    quoted = [(s, c) for c in citations for s in c.sentences]
    # the asked item, of the noun it is asked of, as often as asked, of the measured thing and in its unit (`fits`)
    supplying = [(s, c) for s, c in quoted if fits(need, s, question)]
    if not supplying:  # (a number to call, said as such: "… do not state the telephone number asked for")
        return Verdict(False, "phone" if need.kind == "number" and _ASKS_THE_NUMBER.search(question) else
                       "site" if need.kind == "place" and _ASKS_SITE.search(question) else need.kind)
    if need.kind == "period" and (of := period_of(question)) and any(_says_period_of(s, of) for s, _ in quoted):
        # "how long is the supervision period of the plan?": not the three years a director is barred, when a quoted
        # sentence names the supervision period (if none does, the question's word may not be the documents')
        supplying = [(s, c) for s, c in supplying if _says_period_of(s, of)]
        if not supplying:
            return Verdict(False, need.kind)
    if need.kind in ("year", "date"):  # "《伯尔尼公约》是哪一年加入的？" over documents that only list it: the year
        # of another treaty in the sentence before is no answer
        for title in _outside_titles(question, documents):
            supplying = [(s, c) for s, c in supplying if _mentions(s, title)]
            if not supplying:
                return Verdict(False, need.kind)
    if need.kind in (*_QUANTITY, "period", "frequency", "time", "year", "date"):
        # "In which year did China sign its investment agreement with Germany?", "what share of the imports came
        # from Germany?": a figure of a sentence about the United States or China is no answer; the sentence giving
        # it names the country (or body) the question asks about; a city of China a figure's question names
        # ("the commerce ministry in Beijing") is where the asker deals with rules made for all of China
        from rag.salience import chinese_place

        for name in _asked_names(question):
            if need.kind not in ("year", "date") and chinese_place(name):
                continue
            bloc = bloc_named(name, "\n".join(f"{documents[c.clause.doc_id].title}\n{c.clause.heading}\n{c.clause.text}"
                                             for c in citations).lower())  # "Peru": the Andean countries
            if not name.isascii() and need.kind not in _QUANTITY:
                continue  # (a Chinese question's place, "从澳洲运到英国", sets the scene of a period more often than
                # it asks a figure of that place, as "美国对越南商品征收的税率" does)
            # a sentence naming the place, or one of a document of that place ("the Shanghai rules" take effect
            # "自2006年3月1日起") or published by its government
            supplying = [(s, c) for s, c in supplying
                          if _names_name(s, name) or _names_name(documents[c.clause.doc_id].title, name)
                          or (bloc and (_names_name(s, bloc) or _names_name(documents[c.clause.doc_id].title, bloc)
                                        or _names_name(c.clause.heading, bloc)))
                          or _published_in(documents[c.clause.doc_id], name)
                          # (a Chinese question's place, 澳洲, by the clause: its words name the setting more often
                          # than the figure; not a sentence of another clause about Brazil for 越南)
                          or (not name.isascii() and _names_name(f"{c.clause.heading}\n{c.clause.text}", name))
                          # (or of a document about the place: a Singapore Customs page names Singapore again and
                          # again, but seldom in the sentence that gives the figure)
                          or _about_place(documents[c.clause.doc_id], name)]
            if not supplying:
                return Verdict(False, need.kind)
    if need.span and need.kind in _QUANTITY:  # "the first half of 2021": a January-October figure is no answer
        supplying = [(s, c) for s, c in supplying if span_of(s) == need.span]
        if not supplying:
            return Verdict(False, f"span:{need.span[0]}-{need.span[1]}")
    if need.kind in _QUANTITY:  # "the share in 2019": a 2020 figure from a document that mentions 2019 is no answer
        for year in need.fact_years:
            if not any(_of_year(year, s, c, documents[c.clause.doc_id]) for s, c in supplying):
                return Verdict(False, f"year:{year}")
        for month in need.months:  # "the surplus in July": an August figure is no answer
            pattern = dict(_MONTHS)[month]
            if not any(re.search(pattern, s) or _dated(documents[c.clause.doc_id], month)
                       or (_last_month(s) is None and _goes_on_from(s, c, lambda text: _last_month(text) == month))
                       for s, c in supplying):
                return Verdict(False, f"month:{MONTHS[month - 1]}")
    return Verdict(True)


# physical units a question may ask a figure in, each as either language writes it (not money: an amount in yuan
# answers a question asked in dollars)
_MEASURE_UNITS = {  # name: (how English writes it, how Chinese writes it)
    "kilometer": (r"kilomet(?:er|re)s?\b|km\b", "公里|千米"),
    "mile": (r"miles?\b", "英里"),
    "meter": (r"met(?:er|re)s?\b", "(?<![千厘毫平立])米"),
    "ton": (r"tons?\b|tonnes?\b", "吨"),
    "milligram": (r"milligrams?\b|mg\b", "毫克"),
    "kilogram": (r"kilograms?\b|kilos?\b|kg\b", "公斤|千克"),
    "cubic meter": (r"cubic met(?:er|re)s?\b|m3\b", "立方米"),
    "square meter": (r"square met(?:er|re)s?\b|m2\b", "平方米"),
    "hectare": (r"hectares?\b", "公顷"),
    "acre": (r"acres?\b", "英亩"),
    "litre": (r"lit(?:re|er)s?\b", "公升"),
    "pound": (r"pounds?\b", "磅"),
    "megawatt": (r"megawatts?\b|MW\b", "兆瓦"),
    "barrel": (r"barrels?\b", "桶"),
    "container": (r"TEUs?\b", "标准箱|集装箱"),
}
# what an English question measures in a unit (or counts in units): "how many kilometers of high-speed rail",
# "how many tons of soybeans"
_MEASURED = re.compile(rf"\bhow (?:many|much) (?:[a-z]+ )?(?:{'|'.join(en for en, _ in _MEASURE_UNITS.values())}|"
                       r"units|containers)\s+of\s+((?:[\w.-]+\s+){0,2}[\w.-]+)", re.I)


_NOT_THE_THING = frozenset("did does do has have had was were is are will china china's".split())


def _measured_thing(question: str) -> list[str]:
    """The content words of the thing an English question measures in a unit ("high-speed", "rail"), or []."""
    from rag.translate import EN_STOPWORDS

    m = _MEASURED.search(asking_sentences(question)) if question.isascii() else None
    if not m:
        return []
    return [w.lower() for w in m.group(1).split() if w.lower() not in EN_STOPWORDS
            and w.lower() not in _NOT_THE_THING and "." not in w]  # (not "U.S.": whose sorghum, not which)


_UNIT_ASKED = {name: re.compile(rf"\b(?:in|how many|how much) (?:[a-z]+ )?(?:{en})|多少(?:{zh})", re.I)
               for name, (en, zh) in _MEASURE_UNITS.items()}
_UNIT_STATED = {name: re.compile(rf"(?<![a-z])(?:{en})|{zh}", re.I) for name, (en, zh) in _MEASURE_UNITS.items()}


def _asked_units(question: str) -> list:
    """The patterns of the physical units a question asks a figure in ("in milligrams per cubic meter", "多少公里")."""
    asking = asking_sentences(question)
    return [_UNIT_STATED[name] for name, pattern in _UNIT_ASKED.items() if pattern.search(asking)]


def _names_thing(sentence: str, words: list[str]) -> bool:
    """True when a sentence has every word of a measured thing: an English one as written (a plural as its
    singular: "railways"), a Chinese one in a translation of it ("soybeans": 大豆); a word the dictionary does not
    translate is not held against a Chinese sentence."""
    if has_han(sentence):
        from rag.translate import translate_terms

        senses = [[e.target for e in translate_terms(w, "zh")] for w in words]  # (by its first two characters:
        # "sorghum" is 高粱糖浆 to the dictionary before it is 高粱)
        return all(not s or any(z[:2] in sentence for z in s) for s in senses)
    low = sentence.lower()
    return all(re.search(rf"\b{re.escape(singular(w))}", low) for w in words)


def _outside_titles(question: str, documents: dict[str, Document]) -> list[str]:
    """The 《titles》 a question names that are none of the documents' (a treaty, a law the corpus cites)."""
    from rag.lookup import _title_has

    return [t for t in dict.fromkeys(re.findall(r"《([^》]{2,40})》", question))
            if not any(_title_has(d.title, t) for d in documents.values())]


def _asked_names(question: str) -> list[str]:
    """The names an English question's asking sentences give, other than China's (countries, bodies: "Germany");
    the places a Chinese one names, other than China and the United States (越南)."""
    if not question.isascii():
        return _asked_places_zh(question)
    from rag.lookup import strip_clause_refs, title_phrases
    from rag.salience import salient_terms

    asking = asking_sentences(question)
    for phrase in title_phrases(asking):  # (not the words of a title it names: "the Regulations on Foreign …")
        asking = asking.replace(phrase, " ")
    return [n for n in salient_terms(strip_clause_refs(asking), "en") if not n.isdigit() and n not in _HOME
            and "-" not in n and " " not in n  # (not "US-China", a pair; nor a title's capitalised words)
            and n.upper().replace(".", "") not in ("PRC", "US", "USA") and _is_place(n)]  # (the US: "the United States")


PLACE_MENTIONS = 3  # a document naming a place this often is about it


@functools.lru_cache(maxsize=256)
def _place_forms(name: str) -> frozenset[str]:
    """A place's name as written and in the other language's words (新加坡, Singapore)."""
    from rag.translate import translate_terms

    return frozenset({name, *(e.target for e in translate_terms(name, "en" if not name.isascii() else "zh"))})


def _about_place(doc: Document, name: str) -> bool:
    """True when a document names a place at least PLACE_MENTIONS times, as written or translated (新加坡 as
    "Singapore")."""
    count = 0
    for n in sorted(_place_forms(name)):
        count += (len(re.findall(r"\b" + re.escape(n) + r"\b", doc.text, re.I)) if n.isascii() else doc.text.count(n))
        if count >= PLACE_MENTIONS:
            return True
    return False


def _published_in(doc: Document, name: str) -> bool:
    """True when a document was published on the site of the government of the country `name` names (a GOV.UK
    guide for 英国 or "the UK")."""
    from rag.salience import country_key
    from rag.sites import government_of

    return bool(doc.site) and country_key(name) is not None and government_of(doc.site) == country_key(name)


def _asked_places_zh(question: str) -> list[str]:
    """The places a Chinese question's asking sentences name ("美国对越南商品征收的税率是多少？": 越南), other than
    China and the United States, which a question names as the parties of most rules (as `_asked_names` does)."""
    from rag import lexicon

    asking = asking_sentences(question)
    return [word for word, tag in lexicon.pos_tokenizer_for(asking).cut(asking)
            if tag == "ns" and len(word) >= 2 and word not in _HOME and word not in ("美国", "美方")
            and not all(ch in _COUNTRY_CHARACTERS for ch in word) and _proper_name(word)]


def _proper_name(word: str) -> bool:
    """True for a word CC-CEDICT gives as a proper name (its pinyin capitalised: 越南 [Yue4 nan2]), not a common
    word jieba tags a place (深水港, a deep-water port)."""
    from rag.translate import _cedict_zh

    return any(e and e[1:2].isupper() for e in _cedict_zh().get(word) or ())


# the characters that abbreviate countries in a pair (中美, 美中, 中欧, 中澳): a pair names the parties, not a place
_COUNTRY_CHARACTERS = frozenset("中美英法德日俄韩欧澳加印意荷瑞新泰越")


def _is_place(name: str) -> bool:
    """True for an English name the dictionary gives first as a place ("Germany": 德国, tagged as one), not as a
    word of a title or a clause reference ("Article", "Regulations"), nor a word with a place among its later
    senses ("the Bank": 银行, 沙洲)."""
    from rag import lexicon
    from rag.translate import translate_terms

    first = next(iter(translate_terms(name, "zh")), None)  # (its first sense: "Bank" is 银行 before it is 沙洲)
    return first is not None and any(tag == "ns" and word == first.target
                                     for word, tag in lexicon.pos_tokenizer_for(first.target).cut(first.target))


def _names_name(sentence: str, name: str) -> bool:
    """True when a sentence names `name`: as written (any case) in English, or a Chinese translation of it."""
    if re.search(r"\b" + re.escape(name) + r"\b", sentence, re.I):
        return True
    from rag.translate import translate_terms

    if not name.isascii():  # 越南: as written in a Chinese sentence, or its English name ("Vietnam")
        return name in sentence or any(re.search(r"\b" + re.escape(e.target) + r"\b", sentence, re.I)
                                       for e in translate_terms(name, "en"))
    if sentence.isascii():
        return False
    return any(e.target in sentence for e in translate_terms(name, "zh"))


def _mentions(sentence: str, title: str) -> bool:
    """True when a sentence names a Chinese title: as written, or (an English sentence) by translations of more
    than half its words, all of a two-word one's ("the Berne Convention" for 伯尔尼公约)."""
    if title in sentence:
        return True
    from rag.translate import translate_terms

    words: dict[str, list[str]] = {}
    for e in translate_terms(title, "en"):
        words.setdefault(e.source, []).append(e.target.lower())
    low = sentence.lower()
    held = sum(any(re.search(r"\b" + re.escape(t[:max(4, len(t) - 2)]), low) for t in senses) for senses in words.values())
    return bool(words) and 2 * held > len(words)


def _dated(doc: Document, month: int) -> bool:
    """True when a document is dated in that month ("the November 2021 briefing")."""
    return bool(re.match(rf"\d{{4}}-0?{month}-", doc.date or ""))


def _goes_on_from(sentence: str, citation: Citation, dates) -> bool:
    """True when `dates` holds of the text of the sentence's clause before it: a sentence that names no year or
    month of its own goes on in the one the sentences before it last named."""
    at = citation.clause.text.find(sentence)
    return at > 0 and dates(citation.clause.text[:at])


def _last_month(text: str) -> int | None:
    """The month named last in a text (1-12), or None."""
    found = [(m.start(), n) for n, pattern in _MONTHS for m in re.finditer(pattern, text)]
    return max(found)[1] if found else None


def _of_year(year: str, sentence: str, citation: Citation, doc: Document) -> bool:
    """True when a sentence (or its clause's heading) dates itself to `year`, also as "this year"/"今年"."""
    if year in sentence or year in citation.clause.heading:
        return True
    if not _YEAR.search(sentence) and _goes_on_from(sentence, citation,
                                                    lambda text: _YEAR.findall(text)[-1:] == [year]):
        return True  # "In 2018, regulators made several updates. For instance, the quota has a cap of 8%"
    doc_year = (doc.date or "")[:4]
    if doc_year == year and not _YEAR.search(sentence):  # a document dated that year reports that year's figures
        return True  # (not a sentence dating its own: "35 percent of GDP in 2010 to 50 percent by 2015")
    if doc_year.isdigit():
        relative = {doc_year: r"今年|本年|this year|so far this year", str(int(doc_year) - 1): r"去年|上年|last year"}
        if year in relative and re.search(relative[year], sentence, re.I):
            return True
    return False


_WHAT = {
    "en": {"place": "the place", "number": "the figure", "phone": "the telephone number", "site": "the website", "percent": "the percentage", "money": "the amount", "period": "the period or deadline", "frequency": "the frequency",
           "date": "the date", "time": "the time of day", "year": "the year", "org": "who (the organisation or person)", "party": "who (the party)",
           "person": "the person", "penalty": "the penalty or consequence",
           "open": "an answer"},
    "zh": {"place": "所问的地点", "number": "所问的数字", "phone": "所问的电话号码", "site": "所问的网站", "percent": "所问的比例", "money": "所问的金额", "period": "所问的期限或时长", "frequency": "所问的频率",
           "date": "所问的日期", "time": "所问的时间", "year": "所问的年份", "org": "所问的机构或人员", "party": "所问的主体",
           "person": "所问的人员", "penalty": "所问的处罚或后果",
           "open": "答案"},
}


# "Can our entity get a licence directly, and once we import, how many days do we have to pay?": a second question
_AND_THEN_ASKS = re.compile(r",\s+and\s+(?=[^?]*\b(?:how|what|which|when|who|where)\b|(?:can|could|is|are|does|do|did|will|would|"
                            r"should|must|may|has|have)\s+(?:i|we|you|they|it|he|she|the|a|an|our|my|your|their|this|"
                            r"that|these|those)\b)", re.I)  # (", and can they split the refund?": a yes or no asked)


def question_parts(question: str) -> list[str]:
    """The questions a question asks ("Can our entity get a licence directly?", "how many days do we have to pay
    the duty?"): its sentences ending in a question mark, a second question after ", and" apart; one part for a
    question asked once."""
    masked = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\0"), question)
    asked = re.findall(r"[^.!?。！？]+[?？]", masked) or [masked]
    return [q.strip().replace("\0", ".") for part in asked for q in _AND_THEN_ASKS.split(part, maxsplit=1)]


def unanswered_parts(question: str, citations, documents: dict[str, Document], lang: str,
                     answers_open: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """For a question asking two things or more, of which the quoted sentences answer some: what the documents
    do not say for each other part ("Not found in the documents for “how many days …?”: … the period …");
    () when they answer every part or none (then the whole question is refused). answers_open: whether the quoted
    sentences answer an open part (by default none does: any on-topic sentence would)."""
    parts = question_parts(question)
    if len(parts) < 2:
        return ()
    needs = [asked_for(part) for part in parts]
    verdicts = [(part, need, check(need, part, citations, documents)) for part, need in zip(parts, needs)]
    missing = [(part, v) for part, _, v in verdicts if not v.ok]
    # answered: an item found ("how many days?": a period), or a yes or no asked ("can we …?", "……吗？"); an open
    # "which ports are designated …?" may be answered by any on-topic sentence, so it answers nothing here
    answered = [part for part, need, v in verdicts if v.ok and (need.kind != "open" or _asks_yes_or_no(part)
                                                                  or (answers_open is not None and answers_open(part)))]
    if not missing or not answered:
        return ()
    return tuple(for_part(missing_text(v, lang), part, lang) for part, v in missing)


_ZH_WHETHER = re.compile(r"是否|能否|可否|能不能|可不可以|是不是|有没有|要不要|会不会|吗\s*[？?]?\s*$")


def _asks_yes_or_no(part: str) -> bool:
    return bool(_YES_NO.match(part) or _ZH_WHETHER.search(part))


def for_part(text: str, part: str, lang: str) -> str:
    """A refusal ("Not found in the documents: …") said of one part of a question ("… for “how many days …?”: …")."""
    if lang == "zh":
        return text.replace("文件中未找到相关内容：", f"文件中未找到“{part}”的答案：", 1)
    return text.replace("Not found in the documents:", f"Not found in the documents for “{part}”:", 1)


def missing_text(verdict: Verdict, lang: str) -> str:
    """The refusal that says what the documents lack: "… but do not state the figure asked for."."""
    if verdict.missing.startswith("month:"):
        month = verdict.missing.split(":", 1)[1]
        if lang == "zh":
            return f"文件中未找到相关内容：最接近的条款没有给出{MONTHS.index(month) + 1}月的数字。"
        return f"Not found in the documents: the closest clauses give no figure for {month}."
    if verdict.missing.startswith("span:"):
        first, last = (int(x) for x in verdict.missing.split(":", 1)[1].split("-"))
        if lang == "zh":
            return f"文件中未找到相关内容：最接近的条款没有给出{first}-{last}月的数字。"
        return (f"Not found in the documents: the closest clauses give no figure for "
                f"{MONTHS[first - 1]}–{MONTHS[last - 1]}.")
    if verdict.missing.startswith("year:"):
        year = verdict.missing.split(":", 1)[1]
        if lang == "zh":
            return f"文件中未找到相关内容：最接近的条款没有涉及{year}年。"
        return f"Not found in the documents: the closest clauses do not concern {year}."
    what = _WHAT.get(lang, _WHAT["en"]).get(verdict.missing, _WHAT["en"]["open"])
    if lang == "zh":
        return f"文件中未找到相关内容：最接近的条款涉及这一话题，但没有给出{what}。"
    return f"Not found in the documents: the closest clauses discuss this topic but do not state {what} asked for."
