"""The scans that stand in for patterns with a Han class (compiling `[\u4e00-\u9fff]` costs a cold question ~10 M
instructions each) find exactly what those patterns find, on made-up text full of the cases that matter: Han
characters at the block's edges and just outside it, every bracket, Unicode spaces and digits, final newlines."""

from __future__ import annotations

import random
import re

import pytest

from rag.assistant import places_in
from rag.gloss import romanised_number
from rag.lookup import _norm_number, doc_numbers, strip_doc_numbers
from rag.titles import _government

# Han inside the block (一 and 鿿 are its ends), just outside it (㐀 Extension A, 豈 a compatibility ideograph), the
# literals the patterns use, brackets of every style, spaces (ideographic, no-break, newline), digits (ASCII,
# full-width, Arabic-Indic: all \d), Latin
_ALPHABET = list("一鿿重庆广东深圳国办发渝府号省市自治区县人民政府办公厅室") + list("㐀豈") + list("〔〕[]【】（）()") + \
    [" ", "\u3000", "\u00a0", "\n", "\t"] + list("0123456789２０٣") + list("aZ.")


def _texts(n: int, seed: int, longest: int = 24) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, longest))) for _ in range(n)]


_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,6})\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*(\d{1,4})\s*号")
_DOC_NO_CASES = ["国办发〔2018〕53号", "请问国办发〔2018〕53号第（十五）条", "国务院办公厅国办发〔2018〕53号", "国办发 [ 2018 ] 53 号",
                 "渝府办发（2019）7号和国办发【2018】53号", "号国办发〔2018〕53号号文〔2019〕1号", "A〔2018〕53号", "国〔2018〕53",
                 "国办发〔18〕53号", "国办发〔2018〕12345号", "一二三四五六七〔2018〕5号", "国办发(2018)53号国发(2019)1号",
                 "国办发\u3000〔２０１８〕٣号", "the 2018 No. 53 notice"]


def _structured(n: int, seed: int) -> list[str]:
    """Texts of one to three 文号-like runs (prefix, spaces, brackets, year, number, 号), each part sometimes left
    out or swapped for a near miss, with other text between: most hold a match, many only nearly."""
    rnd = random.Random(seed)
    parts = [["国办发", "一二三四五六七", "号", "渝", "鿿", "㐀", "a", ""], [" ", "\u3000", "\n", ""], list("〔[【（(〕") + [""],
             [" ", ""], ["2018", "２０１８", "18", "20189", "٣٣٣٣"], [" ", ""], list("〕]】）)〔") + [""], [" ", ""],
             ["53", "7", "12345", "٣", "x"], [" ", ""], ["号", "号文", "号号", ""]]
    return ["".join(rnd.choice(["", "第", "和", "a", " "]) + "".join(rnd.choice(p) if rnd.random() < 0.85 else
                                                               rnd.choice(rnd.choice(parts)) for p in parts)
                    for _ in range(rnd.randint(1, 3))) for _ in range(n)]


def test_doc_numbers_find_what_the_han_pattern_finds():
    texts = _DOC_NO_CASES + _texts(3000, 1) + _structured(6000, 2)
    assert sum(bool(_DOC_NO.search(t)) for t in texts) > 300  # the cases hold plenty of matches
    for text in texts:
        expected = [(m.group(1), m.group(2), m.group(3), m.start(), m.end()) for m in _DOC_NO.finditer(text)]
        assert [tuple(d) for d in doc_numbers(text)] == expected, text
        m = _DOC_NO.search(text)
        assert _norm_number(text) == (f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else text), text


def test_strip_doc_numbers_removes_each_number_as_the_pattern_did():
    from rag.lookup import _EN_DOC_NO

    for text in _DOC_NO_CASES + _structured(3000, 3):
        assert strip_doc_numbers(text) == _EN_DOC_NO.sub(" ", _DOC_NO.sub(" ", text)), text


_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:省|市|自治区)")


@pytest.mark.parametrize("text", ["重庆市人民政府办公厅关于印发重庆市…的通知", "广东省深圳市", "广西壮族自治区", "自治区",
                                  "市市市市市", "重市", "a重庆市", "㐀重庆市", "重庆市省", "北京市天津市上海市"])
def test_places_are_the_names_the_han_pattern_finds(text):
    assert places_in(text) == _PLACE.findall(text)


def test_places_on_made_up_text():
    texts = _texts(6000, 4, longest=12)
    assert sum(bool(_PLACE.search(t)) for t in texts) > 150
    for text in texts:
        assert places_in(text) == _PLACE.findall(text), text


_GOVERNMENT = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<level>省|市|自治区|县|区)人民政府(?P<office>办公厅|办公室)?$")


def _government_groups(text: str):
    m = _GOVERNMENT.match(text)
    return (m.group("place"), m.group("level"), m.group("office") or "") if m else None


@pytest.mark.parametrize("text", ["重庆市人民政府办公厅", "重庆市人民政府", "广东省深圳市人民政府办公室", "广西壮族自治区人民政府",
                                  "重庆市人民政府\n", "重庆市人民政府办公厅\n", "重庆市人民政府\n\n", "重市人民政府",
                                  "一二三四五六七八九市人民政府", "一二三四五六七八市人民政府", "重庆市人民政府办公楼",
                                  "㐀重庆市人民政府", "重庆 市人民政府", "市区人民政府", "区区区人民政府办公室"])
def test_a_government_is_read_as_the_han_pattern_reads_it(text):
    assert _government(text) == _government_groups(text)


def test_governments_on_made_up_text():
    rnd = random.Random(5)
    parts = ["重庆", "广东", "深圳", "一", "鿿", "㐀", "省", "市", "自治区", "县", "区", "人民政府", "办公厅", "办公室", "\n", " ", "a"]
    texts = ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 4))) + rnd.choice(["", "人民政府"]) +
             rnd.choice(["", "", "办公厅", "办公室", "\n", "办公厅\n", "a"]) for _ in range(8000)]
    assert sum(_GOVERNMENT.match(t) is not None for t in texts) > 100
    for text in texts:
        assert _government(text) == _government_groups(text), text


_WENHAO = re.compile(r"\s*([\u4e00-\u9fff]+)\s*〔(\d{4})〕\s*(\d+)\s*号")


def test_a_doc_number_is_romanised_where_the_han_pattern_matches(monkeypatch):
    import rag.translate

    monkeypatch.setattr(rag.translate, "pinyin", lambda han: f"<{han}>")  # shows which Han run was taken

    def expected(number: str) -> str:
        m = _WENHAO.match(number)
        return f"<{m.group(1)}> [{m.group(2)}] No. {m.group(3)}" if m else number

    texts = ["国办发〔2018〕53号", "  国办发 〔2018〕 53 号", "\u3000国办发〔2018〕53号", "国办发〔18〕53号", "A国办发〔2018〕53号",
             "国办发(2018)53号", "国办发〔２０１８〕٣号"] + _structured(4000, 6) + _texts(2000, 7)
    rnd = random.Random(8)
    texts += ["".join(rnd.choice(p) for p in ([" ", "\u3000", "\n", "", ""], ["国办发", "渝府办发", "鿿一", "㐀", "a", ""],
                                              [" ", ""], ["〔", "[", ""], ["2018", "٣٣٣٣", "18"], ["〕", "]"], [" ", ""],
                                              ["53", "7", ""], [" ", ""], ["号", "号文", ""])) for _ in range(4000)]
    assert sum(_WENHAO.match(t) is not None for t in texts) > 50
    for text in texts:
        assert romanised_number(text) == expected(text), text
