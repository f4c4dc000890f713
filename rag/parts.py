"""A stage of `ask`: a question asking two things or more ("指南说中国除了普通话还有几种主要方言？另外，劳动合同要经过什么
手续才生效？") that the documents do not answer as a whole is answered part by part. Searched whole, such a question
finds the clauses of one part: it is refused, checked against the other part's need (a number), or answered for one
part only, silent on the other. Each part is then asked on its own, a later one as a follow-up of the ones before
("多久之内要申请？" after "已经交过消费税的酒卖到国外，税能退吗？"); the parts the documents answer are quoted and cited,
in order, with their citations numbered on; every other part gets its own "not found". The answer by parts is kept
only when it answers more parts than the whole question's answer did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.answer import NOT_FOUND
from rag.answerability import for_part, question_parts
from rag.followup import Turn, resolve_followup, topic_words
from rag.lang import has_han
from rag.tokenize import EN_STOPWORDS, ZH_STOPWORDS
from rag.types import Answer, Citation, Hit

MAX_PARTS = 4  # a question asking more than this is no list of questions but a text with question marks in it
_MARKER = re.compile(r"\[(\d+)\]")


# words that ask or join, and name no subject of a part's own ("多久之内要申请？": 申请 alone)
_NO_SUBJECT = frozenset("多久 多少 多大 多长 多高 几 几个 哪里 哪儿 之内 以内 之后 以后 之前 以前 另外 还有 此外 要 能 会 "
                        "可以 需要 应该 应当 才 还 再 又 exactly much many big long".split())
OWN_WORDS = 3  # a part naming fewer words of its own goes on from the part before it


def asked_parts(question: str) -> list[str]:
    """The questions a question asks, when it asks two to MAX_PARTS: its parts (`question_parts`), each with the
    parts after it that go on from it ("税能退吗？" with "多久之内要申请？", "What is it used for?"): a part read as a
    follow-up of the one before (a pronoun, "what about …?"), or naming fewer than OWN_WORDS words of its own. []
    for a question asking one thing."""
    parts = question_parts(question)
    if not 2 <= len(parts) <= MAX_PARTS:
        return []
    asked: list[str] = []
    for i, part in enumerate(parts):
        if i and (resolve_followup(part, [Turn(parts[i - 1])]).is_followup or len(_own_words(part)) < OWN_WORDS):
            asked[-1] += ("" if has_han(asked[-1][-1:]) else " ") + part
        else:
            asked.append(part)
    return asked if len(asked) >= 2 else []


def _own_words(part: str) -> list[str]:
    return [w for w in topic_words(part) if w.lower() not in EN_STOPWORDS and w not in ZH_STOPWORDS
            and w.lower() not in _NO_SUBJECT and len(w) >= (2 if has_han(w) else 3) and re.match(r"\w", w)]


def answered_parts(parts: Sequence[str], answer: Answer, answers: Callable[[str], bool]) -> int:
    """How many of a question's parts (`asked_parts`) its answer answers: none when refused; else every part but
    those it says it does not answer (`not_found`) and those whose item its quotes do not give (`answers(part)`)."""
    if answer.refused:
        return 0
    left = [part for part in parts if any(f"“{part}”" in n for n in answer.not_found) or not answers(part)]
    return len(parts) - len(left)


def by_parts(question: str, parts: Sequence[str], earlier: Sequence[Turn],
             ask_part: Callable[[str, list[Turn]], Answer], lang: str, answered: int = 0) -> Answer | None:
    """The answer to `question` from the answers to its parts, each asked by `ask_part(part, turns before it)`
    (the conversation's earlier turns, then the parts before it with the clauses they cited); None when the
    documents answer no more parts than `answered`, those the whole question's answer answered."""
    turns = list(earlier)
    answers = []
    for part in parts:
        answer = ask_part(part, list(turns))
        answers.append(answer)
        turns.append(Turn(part, tuple(c.clause.id for c in answer.citations)))
    if sum(not a.refused for a in answers) <= answered:
        return None
    return combined(question, parts, answers, lang)


def combined(question: str, parts: Sequence[str], answers: Sequence[Answer], lang: str) -> Answer:
    """One answer: the answered parts' texts in order, their citations numbered on (a clause two parts cite keeps
    its first number), and a "not found" for each refused part."""
    citations: list[Citation] = []
    number: dict[str, int] = {}  # clause id -> its number in the combined answer
    texts, not_found = [], []
    for part, answer in zip(parts, answers):
        if answer.refused:
            not_found.append(_not_found_for(answer.text, part, lang))
            continue
        renumber: dict[int, int] = {}
        for c in answer.citations:
            if c.clause.id in number:
                n = number[c.clause.id]
                first = citations[n - 1]
                citations[n - 1] = replace(first, sentences=tuple(dict.fromkeys(first.sentences + c.sentences)))
            else:
                n = number[c.clause.id] = len(citations) + 1
                citations.append(replace(c, n=n))
            renumber[c.n] = n
        texts.append(_MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]" if int(m.group(1)) in renumber
                                 else m.group(0), answer.text))
        not_found.extend(answer.not_found)
    retrieved: list[Hit] = []
    seen: set[str] = set()
    for answer in sorted(answers, key=lambda a: a.refused):  # the answered parts' clauses first
        for h in answer.retrieved:
            if h.clause.id not in seen:
                seen.add(h.clause.id)
                retrieved.append(h)
    explain = {"parts": [{"part": p, "refused": a.refused, "mode": a.mode} for p, a in zip(parts, answers)]} \
        if any(a.explain for a in answers) else {}  # (`rag ask --explain`)
    return Answer(question, "\n".join(texts), False, tuple(citations), tuple(retrieved), lang, "search", explain,
                  not_found=tuple(not_found))


def _not_found_for(text: str, part: str, lang: str) -> str:
    """A part's refusal, saying which part it is for ("Not found in the documents for “…?”: …")."""
    if text.strip() in NOT_FOUND.values():  # the plain refusal, which says nothing of what is missing
        return f"文件中未找到“{part}”的答案。" if lang == "zh" else f"Not found in the documents for “{part}”."
    return for_part(text, part, lang)
