"""Whether a question is a claim to check ("Is it true that …?", "……对吗？"), and the statement it checks.

Asked of every question, so it lives apart from the verdict (rag/claims.py), which only a claim imports."""

from __future__ import annotations

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import fold_case

# "Does the fact sheet say the money will be spent on border security?" (not "… say about …", "… say what …")
_DOES_SAY_EN = (r"^\s*does (?:the|this|that) [\w'’ -]{0,40}?(?:really )?(?<!united )(?<!member )(?:says?|states?) (?!(?:about|anything|something|"
                r"much|so|what|how|who|whom|when|where|which|why|if|whether|otherwise|that)\b)(?=[a-z])")
# a statement with a tag: "…, right?", "…. Correct?", "…, isn't it?", "…, doesn't it?"
_TAG_EN = (r"[,，.]\s*(?:right|correct|true|isn['’]t (?:it|that (?:so|right))|is(?:n['’]t)? that (?:so|right))\s*\?\s*$|"
           r",\s*(?:isn|aren|doesn|don|wasn|weren|didn|hasn|haven|can|won)['’]t (?:it|they|there|he|she|we|you)\s*\?\s*$")
_CLAIM_EN = re.compile(r"\b(?:is it (?:true|correct|right|the case|accurate)|true or false|am i right|is (?:this|that) "
                       r"(?:right|true|correct|accurate)|fact[- ]check|is the claim|is there (?:any )?(?:basis|evidence) for|"
                       r"is (?:this|that) what (?:the |this |that )?[\w' -]{0,40}?(?:says?|states?|said)|"
                       r"does (?:the|this|that) [\w' -]{0,40}?(?:really )?(?:say|state) that)\b|" + _DOES_SAY_EN + "|"
                       + _TAG_EN, re.I)  # (and a statement with a tag)
# 对 ("right") as a tag, not the end of a verb: "老板能反对吗？" asks whether the boss may oppose (反对)
_NOT_A_VERB = r"(?<![反相针面绝核比应校配敌])"
# "……，是这么说的吗？" / "文件是这样写的吗？": whether the documents say so
_SAID_SO_ZH = r"(?:文件|它|这份\w{0,6})?(?:真的)?是(?:这么|这样|如此)(?:说|写|规定)的(?:吗|么|嘛)"
_CLAIM_ZH = re.compile(_NOT_A_VERB + r"(?:对吗|对不对)|是真的吗|是否属实|属实吗|有依据吗|有没有依据|是不是真的|正确吗|是否正确|这个说法|此说法|准确吗|"
                       r"是否如此|是不是如此|真是这样吗|(?:是不是|是否)(?:真的)?(?:规定|写明)了?|" + _SAID_SO_ZH + "|"
                       r"是(?:按|以|按照)?[^，,。？?]{0,10}?(?:\d|[一二两三四五六七八九十百千万]分之)[^，,。？?]{0,10}?吗[？?]?\s*$|"  # 是按千分之一算吗？
                       r"(?:是吗|是这样吗|是不是这样|没错吧|" + _NOT_A_VERB + r"对吧|是吧)[？?。！!]*\s*$")
_LEAD_EN = re.compile(r"^.*?\b(?:is it (?:true|correct|right|the case|accurate)|true or false|fact[- ]check|is the claim)"
                      r"\s*(?:that|:)?\s*", re.I)
_TAIL_ZH = re.compile(r"[，,]?\s*(?:" + _NOT_A_VERB + r"(?:对吗|对不对)|是真的吗|是否属实|属实吗|有依据吗|有没有依据|是不是真的|正确吗|是否正确|准确吗|"
                      r"是否如此|是不是如此|真是这样吗|" + _SAID_SO_ZH + "|"
                      r"是吗|是这样吗|是不是这样|没错吧|" + _NOT_A_VERB + r"对吧|是吧)[？?。！!]*\s*$")
_TAIL_EN = re.compile(_TAG_EN, re.I)
_LEAD_ZH = re.compile(r"^(?:有人说|听说|据说|网上说|有说法称|我听说)|^[^，。？?]{0,30}?(?:是不是|是否)(?:真的)?(?:规定|写明)了?[，,：:]?")
# "I read that China joined the treaty in 2001. Is that what the guide says?": the statement between them
_REPORTED_EN = re.compile(r"^(?:I(?:['’]ve| have)? (?:read|heard|been told|seen)|someone (?:told me|said|says)|"
                          r"they say|apparently|a colleague (?:told me|said|says))(?: somewhere)?(?: that)?[,:]?\s*", re.I)
_ASKS_IF_SAID_EN = re.compile(r"[.?!]?\s*(?:is|was) (?:this|that) (?:what [^?]{0,60}?(?:says?|states?|said)|so|right|true|"
                              r"correct|accurate)\s*\?\s*$", re.I)
# "the US guide says China …", "according to the regulations, …": the source the claim cites is no part of it
_SOURCE_EN = re.compile(r"^(?:(?:the|this|that|China's) [\w'’ -]{0,40}?(?:guide|law|regulations?|rules|document|report|"
                        r"chapter|opinion|notice|measures)s? (?:says?|states?|said)(?: that)?,?|(?:according to|under) (?:the|this|that) "
                        r"[\w'’ -]{0,40}?(?:guide|law|regulations?|rules|document|report|chapter|opinion|notice|measures|"
                        r"provisions|order|act|code),)\s*", re.I)
# "按照1986年的鼓励外商投资规定，…": the document the claim cites (its year names it: no figure the claim states)
_SOURCE_ZH = re.compile(r"^(?:(?:按照|根据|依照|依据|据)[^，,。；;？?]{1,40}?(?:规定|条例|法|办法|意见|通知|细则|措施|指南|决定|"
                        r"公告)》?(?:的规定)?|[^，,。；;？?]{1,30}?[里中上](?:说|写道|写着|提到))[，,：:]\s*")
_DOES_IT_SAY_EN = re.compile(r"^\s*does (?:the|this|that) [\w' -]{0,40}?(?:really )?(?:say|state) that\s*|" + _DOES_SAY_EN,
                             re.I)


_CLAIM_EN_NEEDS = ("true", "correct", "right", "case", "accurate", "fact", "claim", "basis", "evidence", "so?", "say",
                   "state", "n't it?", "n’t it?", "n't they?", "n’t they?", "n't there?", "n't he?", "n't she?", "n't we?",
                   "n't you?")


def is_claim(question: str) -> bool:
    """True for a question that asks whether a statement is true (the English pattern is only tried, and
    compiled, when the question holds a word every match of it needs; the Chinese one when it holds more than
    ASCII)."""
    folded = fold_case(question)
    return bool((any(w in folded for w in _CLAIM_EN_NEEDS) and _CLAIM_EN.search(question))
                or (not question.isascii() and _CLAIM_ZH.search(question)))  # (each of its words is Chinese)


def claim_text(question: str) -> str:
    """The statement being checked, without "Is it true that" / "对吗"."""
    text = _LEAD_ZH.sub("", _TAIL_ZH.sub("", _TAIL_EN.sub("", _LEAD_EN.sub("", question.strip()))))
    text = _SOURCE_EN.sub("", _DOES_IT_SAY_EN.sub("", _REPORTED_EN.sub("", _ASKS_IF_SAID_EN.sub("", text))))
    text = _SOURCE_ZH.sub("", text)
    return text.strip(" ?？。") or question
