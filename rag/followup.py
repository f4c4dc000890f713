"""Stage 0 of `ask`: resolve a follow-up question against the previous turns of a conversation.

"Which departments are responsible for it?" after "What does the policy say about the single window?"
is searched as "Which departments are responsible for the single window?", within the documents the
previous answer cited, with the clauses it cited ranked first. "What about Chongqing?" / "那重庆呢？"
becomes the new subject plus the previous topic. Detection is by general rules only: back-referring
pronouns and demonstratives (it, they, those …; 它, 这个, 这些, 该 …) and elliptic questions
("what about X?", "and X?", "X呢？").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.types import Hit, RagError

MAX_TURNS = 20  # older turns cannot change how the latest question reads
MAX_TURN_CHARS = 2000
CLAUSE_BOOST = 0.05  # added to the fused score of a clause the previous answer cited (RRF scores are ~0.03)

# English words that point back at something said before ("that" only where it cannot start a clause)
_EN_REF = re.compile(r"\b(it|its|they|them|their|theirs|these|those|this|such|"
                     r"that(?=\s*(?:[?.!,;]|$|\s+(?:mean|means|include|includes|cover|covers|apply|applies|"
                     r"require|requires|say|says)\b))|the same|the above|the former|the latter)\b", re.I)
_EN_ELLIPSIS = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*[?？.!]*\s*$|"
                          r"^\s*(?:and|also|same for|and for|and in)\s+"
                          # (not a question of its own after "and": "And what formalities make a contract valid?")
                          r"(?!(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|"
                          r"will|would|should|must|may|has|have)\b)(?P<y>.+?)\s*[?？]+\s*$", re.I)
# Chinese back-references, matched against jieba's words (so 其他 / 应该 / 因此 never count)
_ZH_REF = frozenset("它 它们 其 其中 这个 那个 这些 那些 该 此 此项 上述 前述 以上 这项 那项 这一 这方面 那方面 "
                    "这里 那里 这样 此类 这类 那类 这种 那种 他们 她们 它的 它们的".split())
_ZH_ELLIPSIS = re.compile(r"^\s*(?:那么|那|还有|另外|而|和|以及)?\s*(?P<x>[^，,。？?]{1,20}?)\s*(?:的|方面)?呢\s*[？?。]*\s*$")
# words that ask for something but name no topic ("what does the policy say about …")
_EN_META = frozenset("what which who whom whose when where why how does do did is are was were will would can "
                     "could should the a an of to in on at by for with about say says said tell me us please policy "
                     "policies document documents notice opinion text clause clauses mention mentions mentioned "
                     "any there this that it its and or".split())
_ZH_META = frozenset("的 了 和 与 及 或 在 是 对 为 有 有哪些 哪些 什么 怎么 怎样 如何 是否 吗 呢 吧 请问 关于 方面 "
                     "相关 问题 文件 政策 规定 提到 内容 说 怎么说 讲 里 中 有关 哪个 哪 这 那 一下 都 要 会 "
                     "措施 要求".split()) | {"？", "?", "，", "。", " "}


class Turn(NamedTuple):
    """One earlier exchange: the question and the clauses (ids "doc#path") its answer cited."""

    question: str
    cited: tuple[str, ...] = ()


class FollowUp(NamedTuple):
    """How the latest question reads in its conversation (what `ask` searches for)."""

    question: str  # the question to search for (rewritten, or the original)
    original: str
    kind: str = "new"  # "new", "reference" (pronoun / demonstrative) or "ellipsis" ("what about X?")
    topic: str = ""  # the previous question's topic terms used in the rewrite
    docs: frozenset[str] = frozenset()  # search within these documents (empty: no restriction)
    boost: tuple[str, ...] = ()  # clause ids ranked first when retrieved
    focus: str = ""  # what the answer's sentences are chosen for ("" = `question`)

    @property
    def is_followup(self) -> bool:
        """Whether the question was read against the conversation."""
        return self.kind != "new"

    def explain(self) -> dict:
        """What `rag ask --explain` shows about this stage."""
        return {"kind": self.kind, "original": self.original, "rewritten": self.question, "topic": self.topic,
                "restricted_to": sorted(self.docs), "boosted_clauses": list(self.boost)}


def parse_history(history: object) -> list[Turn]:
    """Turns from the JSON a client sends: a list of questions, or of answer objects as `rag ask --json`
    prints them ({"question": …, "citations": [{"doc": …, "clause": …}]}). RagError when malformed."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)):
        raise RagError("history must be a list of earlier turns (questions, or answer objects)")
    turns = []
    for i, item in enumerate(list(history)[-MAX_TURNS:], 1):
        if isinstance(item, Turn):
            turns.append(item)
            continue
        if isinstance(item, str):
            item = {"question": item}
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise RagError(f"history turn {i} must be a question or an object with a \"question\" string")
        cites = item.get("citations") or []
        if not isinstance(cites, list) or not all(isinstance(c, dict) and isinstance(c.get("doc"), str)
                                                  and isinstance(c.get("clause"), str) for c in cites):
            raise RagError(f"history turn {i}: \"citations\" must be a list of {{\"doc\": …, \"clause\": …}}")
        turns.append(Turn(item["question"][:MAX_TURN_CHARS], tuple(f"{c['doc']}#{c['clause']}" for c in cites)))
    return turns


def _words(text: str) -> list[str]:
    from rag.tokenize import _RUNS, segment

    out = []
    for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text):
        run = m.group(0)
        if run[0] >= "\u3400":
            out.extend(segment(run))
        else:
            out.extend(_RUNS.findall(run))
    return out


def topic_words(question: str) -> list[str]:
    """A question's words but its question words and generic words ("多久之内要申请？": 多久, 之内, 申请)."""
    kept = []
    for w in _words(question):
        if re.match(r"[A-Za-z]", w):
            if w.lower() not in _EN_META:
                kept.append(w)
        elif w not in _ZH_META and w not in _ZH_REF and w.strip():
            kept.append(w)
    return kept


def topic_terms(question: str) -> str:
    """A question without its question words and generic words: its topic, in reading order."""
    kept = topic_words(question)
    joiner = " " if any(re.match(r"[A-Za-z]", w) for w in kept) else ""
    return joiner.join(kept).strip()


def _reference(question: str) -> bool:
    if _EN_REF.search(question):
        return True
    return any(w in _ZH_REF for w in _words(question) if w[0] >= "\u3400")


def _ellipsis(question: str) -> str | None:
    m = _EN_ELLIPSIS.match(question)
    if m:
        return (m.group("x") or m.group("y") or "").strip() or None
    m = _ZH_ELLIPSIS.match(question)
    if m and m.group("x").strip():
        return m.group("x").strip()
    return None


def _substitute(question: str, topic: str) -> str:
    """Put the topic where the question points back at it."""
    if _EN_REF.search(question):
        def repl(m: re.Match) -> str:
            word = m.group(0).lower()
            if word in ("those", "these", "such", "the same") and re.match(r"\s+[A-Za-z]", question[m.end():]):
                return f"the {topic}"  # "those departments" -> "the single window departments"
            return f"the {topic}"
        return _EN_REF.sub(repl, question, count=1)
    out, done = [], False
    for w in _words(question):
        if not done and w in _ZH_REF:
            out.append(topic)
            done = True
        else:
            out.append(w)
    return "".join(out) if done else f"{question} {topic}"


def resolve_followup(question: str, history: Sequence[Turn] | None) -> FollowUp:
    """How `question` reads after `history` (oldest first): the question to search for, and where."""
    if not history:
        return FollowUp(question, question)
    previous = history[-1]
    # the previous question may itself have been a follow-up: read the conversation in order
    context = resolve_followup(previous.question, history[:-1]).question if len(history) > 1 else previous.question
    topic = topic_terms(context)
    if not topic:
        return FollowUp(question, question)
    cited_docs = frozenset(c.split("#", 1)[0] for c in previous.cited)
    subject = _ellipsis(question)
    if subject is not None:  # "what about Chongqing?": the previous question about a new subject, any document
        return FollowUp(f"{context.rstrip()} {subject}", question, "ellipsis", topic)
    if _reference(question):  # search with the topic put back; pick the sentences by what is asked now
        return FollowUp(_substitute(question, topic), question, "reference", topic, cited_docs, previous.cited,
                        focus=question)
    return FollowUp(question, question)


def rerank(hits: Sequence[Hit], follow: FollowUp) -> list[Hit]:
    """The hits with the clauses the previous answer cited moved up (when they were retrieved)."""
    if not follow.boost:
        return list(hits)
    boosted = set(follow.boost)
    return sorted((Hit(h.clause, h.score + (CLAUSE_BOOST if h.clause.id in boosted else 0.0), h.sources,
                       h.dense, h.lexical) for h in hits), key=lambda h: -h.score)
