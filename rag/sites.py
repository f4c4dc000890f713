"""The government web site a document was published on, and the country whose government runs it: a page
published there is about that country without naming it (a GOV.UK guide never writes "UK")."""

from __future__ import annotations

import re
from collections import Counter

GOVERNMENT_SITES = {"gov.uk": "uk", "gov": "us", "gov.cn": "cn", "gc.ca": "ca", "canada.ca": "ca", "gov.au": "au",
                    "govt.nz": "nz", "gov.sg": "sg", "europa.eu": "eu", "gov.in": "in", "go.jp": "jp", "go.kr": "kr",
                    "gov.hk": "hk"}  # by the end of the host name
_URL_HOST = re.compile(r"\bhttps?://([A-Za-z0-9.-]+)", re.I)
_SOURCE_KEYS = ("url", "source", "source_url", "canonical", "canonical_url", "original_url", "link")


def government_of(host: str) -> str | None:
    """The country (a value of GOVERNMENT_SITES) whose government runs the host, or None."""
    labels = host.lower().rstrip(".").split(".")
    for n in (2, 1):  # "www.gov.uk" by gov.uk, "www.whitehouse.gov" by gov
        if len(labels) > n and ".".join(labels[-n:]) in GOVERNMENT_SITES:
            return GOVERNMENT_SITES[".".join(labels[-n:])]
    return None


def web_site(meta: dict, raw_text: str) -> str | None:
    """The government web site a document was published on: the host of the address its front matter gives,
    else the government host most of its links point to (a page links to its own site more than to any
    other); None for a document from no government site."""
    for key in _SOURCE_KEYS:
        if isinstance(value := meta.get(key), str) and (m := _URL_HOST.match(value.strip())):
            return m.group(1).lower() if government_of(m.group(1)) else None
    hosts = Counter(h.lower() for h in _URL_HOST.findall(raw_text) if government_of(h))
    return hosts.most_common(1)[0][0] if hosts else None


_GENERIC_LABELS = frozenset("www gov govt go com org net edu int co".split())


def site_names(host: str) -> frozenset[str]:
    """What a question may call a site's publisher, compacted (lower case, no spaces or dots): its host's own
    labels ("whitehouse": the White House, "ustr") and the host itself ("govuk": GOV.UK)."""
    labels = [label for label in host.lower().split(".") if label]
    if labels and labels[0] == "www":
        labels = labels[1:]
    own = [label for label in labels if len(label) >= 3 and label not in _GENERIC_LABELS]
    return frozenset([*own, "".join(labels)])


def compact(term: str) -> str:
    """A name as `site_names` gives it: "White House" → "whitehouse", "GOV.UK" → "govuk"."""
    return re.sub(r"[\s.'’-]+", "", term.lower())


def publishers(hosts) -> dict[str, frozenset[str]]:
    """The countries whose governments run these sites and the sites' names: the `governments` and `sites` of a
    rag.salience.Vocabulary of documents published there."""
    hosts = [h for h in hosts if h]
    return {"governments": frozenset(filter(None, map(government_of, hosts))),
            "sites": frozenset(n for h in hosts for n in site_names(h))}
