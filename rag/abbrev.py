"""Chinese abbreviations of a document's subject: 交强险 for 机动车交通事故责任强制保险, 个税 for 个人所得税, 社保 for 社会保险.

Chinese shortens a long name by keeping one character of some of its words, in order, and usually its last word's
head (险 of 保险, 税 of 所得税). A user asks about 交强险; the regulation is titled 机动车交通事故责任强制保险条例 and
never writes 交强险, so the word is no sign that the question is about something the documents never mention."""

from __future__ import annotations

from rag import lazyre as re  # patterns compiled on first use (cold start)

# what a title says around its subject: the state's name before, the kind of document after
_PREFIX = re.compile(r"^(?:中华人民共和国|国务院)")
_KIND = re.compile(r"(?:暂行|实施|管理)?(?:条例|规定|办法|细则|法)$")


def subject(title: str) -> str:
    """The subject of a Chinese title (个人所得税 of 中华人民共和国个人所得税法; 物业 of 物业管理条例)."""
    return _KIND.sub("", _PREFIX.sub("", title.strip("《》 ")))


def abbreviates(term: str, name: str) -> bool:
    """True when a Chinese term of two to four characters is an abbreviation of a longer name: its characters
    occur in the name in order and its last one is among the name's last two (交强险: 交通, 强制, 保险). Not the name
    itself or a part of it (which the corpus writes as it is)."""
    if not 2 <= len(term) <= 4 or len(name) <= len(term) or term in name \
            or not all("\u4e00" <= ch <= "\u9fff" for ch in term) or term[-1] not in name[-2:]:
        return False
    at = -1
    for ch in term:
        at = name.find(ch, at + 1)
        if at < 0:
            return False
    return True


def abbreviated_titles(term: str, titles: list[str]) -> list[str]:
    """The titles whose subject a term abbreviates ("交强险": 机动车交通事故责任强制保险条例)."""
    return [t for t in titles if abbreviates(term, subject(t))]


# the word a body's name ends with, saying what kind of body it is
_BODY = r"(?:总公司|集团公司|集团|股份有限公司|有限责任公司|有限公司|公司|银行|协会|商会)"


def abbreviated_names(term: str, texts: list[str]) -> list[str]:
    """The names of bodies in the texts that a term of three or four characters abbreviates ("中海油": 中国海洋石油
    总公司): its characters in order, a few apart at most, the last one ending the name's own words, before the word
    for its kind of body (公司, 集团, 银行). A term two characters long matches too much to count."""
    if not 3 <= len(term) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in term):
        return []
    pattern = re.compile("[\u4e00-\u9fff]{0,4}?".join(map(re.escape, term)) + f"[\u4e00-\u9fff]?{_BODY}")
    found = (m.group(0) for text in texts for m in pattern.finditer(text))
    return list(dict.fromkeys(n for n in found if term not in n))
