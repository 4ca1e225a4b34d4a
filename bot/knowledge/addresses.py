"""Addresses of official legal texts: the only links the knowledge base may cite.

A lawyer checking the guide must be able to open the text a ground relies on, at the
publisher that makes it authoritative: the Belgian Official Journal and its consolidated
texts (Justel / ELI), the Council of Europe treaty office, the UN treaty collection,
EUR-Lex, INTERPOL, and the courts' own databases. A reproduction (a commercial database,
a blog, a mirror) may be where a text was *read*, and the source's ``read`` note says so,
but it is never the address given as the text: reproductions go stale or disappear, and a
lawyer cannot cite them. So an address must be ``https://`` on one of these hosts.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator

OFFICIAL_HOSTS: tuple[str, ...] = (
    # Belgium: Official Journal and Justel, case law, courts, parliament, authorities
    "ejustice.just.fgov.be",
    "juportal.be",
    "const-court.be",
    "raadvst-consetat.be",
    "lachambre.be",
    "dekamer.be",
    "senate.be",
    "justice.belgium.be",
    "cgra.be",
    "cgvs.be",
    "cgrs.be",
    # Council of Europe: treaty office, registry texts, the Court
    "coe.int",
    "echr.coe.int",
    "hudoc.echr.coe.int",
    "rm.coe.int",
    # United Nations
    "treaties.un.org",
    "unodc.org",
    "ohchr.org",
    "unhcr.org",
    # European Union
    "eur-lex.europa.eu",
    "data.europa.eu",
    "curia.europa.eu",
    # INTERPOL
    "interpol.int",
    # France (Conseil d'État decisions cited as comparisons)
    "legifrance.gouv.fr",
    "conseil-etat.fr",
)


def is_official(url: str) -> bool:
    """Whether ``url`` is an https address on an official host (or one of its subdomains)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in OFFICIAL_HOSTS)


def _official(url: str) -> str:
    if not is_official(url):
        raise ValueError(
            f"{url!r} is not the address of an official text: give an https address on "
            "one of the hosts in bot/knowledge/addresses.py (name a reproduction you read "
            "in the source's 'read' note instead)"
        )
    return url


OfficialAddress = Annotated[str, AfterValidator(_official)]
"""An ``https://`` address of an official text, checked when the knowledge base loads."""
