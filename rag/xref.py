"""Cross-references inside a law: the article that names another one answers questions about it.

A law states a duty in one article and its consequence in another that cites it by number: 第三十三条 lists
what traders must not do, and 第六十二条 says "违反本法第三十三条规定……可以禁止……一年以上三年以下……".
A question about the act ("if a trader forges certificates of origin, can it be barred, and for how long?")
finds the first article by its words, never the second. This stage puts each article that cites a
retrieved article right after it in the ranking, so the answer can quote the consequence, the period or
the authority the citing article holds. References are read from the clause texts of the same document
("本法第X条", "本条例第X条至第Y条", "Article N of this Law"); nothing is precomputed in the index.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.markers import cn_number
from rag.types import Clause, Hit

EXPANDED = 2  # the retrieved clauses whose citing articles are brought in
PER_ARTICLE = 2  # citing articles brought in for one retrieved article
STEP = 1e-6  # a citing article ranks just below the article it cites

_CN = "[一二三四五六七八九十百零〇]+"
# "本法第三十三条", "本条例第六十条至第六十二条", "本法第七条、第二十八条第二款、第二十九条"
_ZH_REFS = re.compile(rf"本(?:法|条例|规定|办法|细则|决定)((?:第{_CN}条(?:第{_CN}款)?(?:第{_CN}项)?[、，,和及或者至与]*)+)")
_ZH_ONE = re.compile(rf"第({_CN})条")
_ZH_RANGE = re.compile(rf"第({_CN})条至第({_CN})条")
# "Article 33 of this Law", "Articles 60 to 62 of these Regulations", "Article 7 of this Law"
_EN_REFS = re.compile(r"\bArticles?\s+(\d{1,3})(?:\s*(?:to|through|-|–)\s*(\d{1,3}))?"
                      r"(?:\s*(?:,|and)\s*(\d{1,3}))*\s+of\s+(?:this|these|the present)\s+"
                      r"(?:Law|Act|Code|Regulations?|Rules|Provisions|Measures|Decision)\b", re.I)
_ZH_ARTICLE = re.compile(rf"^第({_CN})条$")
_EN_ARTICLE = re.compile(r"^Article\s+(\d{1,3})$", re.I)


def article_number(clause: Clause) -> int | None:
    """The number of the article a clause is or lies in (第三十三条/（一） → 33), if its path has one."""
    for part in clause.path.split("/"):
        if m := _ZH_ARTICLE.match(part):
            return cn_number(m.group(1))
        if m := _EN_ARTICLE.match(part):
            return int(m.group(1))
    return None


def cited_articles(text: str) -> set[int]:
    """Article numbers a clause text cites in its own law ("本法第六十条至第六十二条" → {60, 61, 62})."""
    found: set[int] = set()
    for m in _ZH_REFS.finditer(text):
        run = m.group(1)
        for r in _ZH_RANGE.finditer(run):
            lo, hi = cn_number(r.group(1)), cn_number(r.group(2))
            if 0 < lo <= hi <= lo + 50:
                found.update(range(lo, hi + 1))
        found.update(cn_number(n) for n in _ZH_ONE.findall(run))
    for m in _EN_REFS.finditer(text):
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if lo <= hi <= lo + 50:
            found.update(range(lo, hi + 1))
        found.update(int(n) for n in re.findall(r"\d{1,3}", m.group(0))[2 if m.group(2) else 1:])
    found.discard(0)
    return found


def citing_table(clauses: list[Clause]) -> dict[int, tuple[Clause, ...]]:
    """Article number → the articles of the same document that cite it (top-level article clauses, in order)."""
    table: dict[int, list[Clause]] = {}
    for c in clauses:
        last = c.path.rsplit("/", 1)[-1]
        if not (_ZH_ARTICLE.match(last) or _EN_ARTICLE.match(last)):
            continue  # an item (（一）) is read with its article, whose text holds it
        own = article_number(c)
        for n in cited_articles(c.text):
            if n != own:
                table.setdefault(n, []).append(c)
    return {n: tuple(cs) for n, cs in table.items()}


def with_citing_articles(hits: list[Hit], clauses_of: Callable[[str], list[Clause]]) -> list[Hit]:
    """The ranking with, after each of its first EXPANDED articles, the articles of its law that cite it."""
    tables = functools.lru_cache(maxsize=None)(lambda doc_id: citing_table(clauses_of(doc_id)))
    present = {h.clause.id for h in hits}
    added: dict[int, list[Hit]] = {}
    for i, h in enumerate(hits[:EXPANDED]):
        number = article_number(h.clause)
        if number is None:
            continue
        for c in tables(h.clause.doc_id).get(number, ())[:PER_ARTICLE]:
            if c.id not in present:
                present.add(c.id)
                added.setdefault(i, []).append(Hit(c, h.score - STEP, {"cites": h.clause.id}, h.dense, 0.0))
    if not added:
        return hits
    out: list[Hit] = []
    for i, h in enumerate(hits):
        out.append(h)
        out += added.get(i, [])
    return out
