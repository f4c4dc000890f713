"""Chinese abbreviations of a document's subject (rag/abbrev.py)."""

from rag.abbrev import abbreviated_names, abbreviated_titles, subject

TITLES = ["机动车交通事故责任强制保险条例", "中华人民共和国个人所得税法", "中华人民共和国社会保险法", "物业管理条例",
          "中华人民共和国对外贸易法"]


def test_the_subject_of_a_title_is_what_it_regulates():
    assert subject("中华人民共和国个人所得税法") == "个人所得税"
    assert subject("物业管理条例") == "物业"
    assert subject("《人力资源市场暂行条例》") == "人力资源市场"


def test_an_abbreviation_names_the_document_whose_subject_it_shortens():
    assert abbreviated_titles("交强险", TITLES) == ["机动车交通事故责任强制保险条例"]
    assert abbreviated_titles("个税", TITLES) == ["中华人民共和国个人所得税法"]
    assert abbreviated_titles("社保", TITLES) == ["中华人民共和国社会保险法"]


def test_other_words_abbreviate_nothing():
    for word in ("成都", "港务局", "外贸", "保险", "国贸", "关税", "进口", "Wyoming"):
        assert abbreviated_titles(word, TITLES) == [], word


def test_an_abbreviation_names_the_body_the_documents_name_in_full():
    texts = ["中国海洋石油总公司海上自营油田比照上述规定执行。", "由中国石油化工集团公司统一经营。", "成立了都市发展公司。"]
    assert abbreviated_names("中海油", texts) == ["中国海洋石油总公司"]
    assert abbreviated_names("中石化", texts) == ["中国石油化工集团公司"]
    for word in ("成都公", "港务局", "中海", "Wyoming", "中海石油总公司"):  # (a name the texts do not have in full)
        assert abbreviated_names(word, texts) == [], word
