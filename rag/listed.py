"""Lists the documents leave to someone else to draw up.

"Which products are on the mandatory certification list?", "特定国家具体是哪些？": the question asks for the
members of a set. A regulation often only says who draws the set up ("统一的产品目录由国务院认证认可监督管理部门
会同国务院有关部门制定、调整", "赴国务院商务主管部门会同……确定的特定国家或者地区") and never names its members.
Such a sentence is on topic and quoted first, yet it does not answer: the answer is a refusal that quotes it
and says the documents leave the list to that body.

Not for a question asking which body (the setter is its answer), nor when a quoted sentence enumerates members
("包括……", "including …").
"""

from __future__ import annotations

from rag import lazyre as re  # patterns compiled on first use (cold start)

# the question asks for the members of a set: "which products / countries / banks …", "哪些产品", "具体是哪些"
ASKS_MEMBERS = re.compile(
    r"\b(?:which|what) (?!(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should|must|may)\b)"
    r"(?:exact |specific |particular )?(?:[a-z-]+ ){0,2}?(?P<noun>[a-z]+s)\b(?! of the)|"
    r"(?:具体)?(?:是|有)?哪(?:些|几(?:个|种|类|家|项))(?P<zh>[\u4e00-\u9fff]{0,4})", re.I)
# sets whose members are bodies: asking which of them is asking who sets or does something, which a sentence
# naming the setter answers
_BODIES = re.compile(r"^(?:departments?|ministries|ministry|agencies|authorities|bodies|organs|offices|regulators|"
                     r"governments|courts|部门|机关|机构|单位|政府|法院)", re.I)
# a sentence saying who draws up a set, in either language
SETS = re.compile(
    r"(?:目录|名单|名录|清单|范围|国家或者地区|国家和地区)[^。；;]{0,40}?由[^。；;]{2,60}?(?:制定|公布|确定|调整|发布|指定)|"
    r"(?:会同|由)[^。；;]{2,60}?(?:确定|指定|公布|制定)的[^。；;，,]{0,12}?(?:目录|名单|名录|清单|国家|地区|银行|产品|机构)|"
    r"\b(?:list|catalogue|catalog|directory)\b[^.;]{0,60}?\b(?:drawn up|formulated|published|determined|issued|"
    r"adjusted|designated|set)\b[^.;]{0,10}?\bby\b|"
    r"\b(?:designated|determined|listed|published) by the\b", re.I)
# a sentence that names members itself
_ENUMERATES = re.compile(r"包括|如下|下列|以下(?!简称|称)|：|:(?:\s|$)|\bincluding\b|\bincludes?\b|\bsuch as\b|\bnamely\b|"
                         r"\bas follows\b", re.I)  # (a lead-in ending its sentence with ":" names them after it)


def asks_members(question: str) -> bool:
    """True for a question asking which things make up a set ("which products …?", "哪些国家？"), not which body."""
    m = ASKS_MEMBERS.search(question)
    if not m:
        return False
    noun = m.group("noun") or m.group("zh") or ""
    return not _BODIES.match(noun)


def left_to_a_list(question: str, sentences: list[str]) -> str | None:
    """The quoted sentence that leaves the asked set to the body drawing it up, when no quoted sentence names
    members; None otherwise."""
    if not sentences or not asks_members(question) or any(_ENUMERATES.search(s) for s in sentences):
        return None
    return next((s for s in sentences[:2] if SETS.search(s)), None)


def listed_text(sentence: str, lang: str) -> str:
    """The refusal that says the documents leave the list to the body drawing it up, quoting the sentence."""
    if lang == "zh":
        return f"文件中未找到相关内容：文件没有列出具体名单，只规定由谁确定：“{sentence}”"
    return f"Not found in the documents: they do not list them, only say who draws the list up: \u201c{sentence}\u201d"
