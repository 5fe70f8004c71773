"""Secret parts of links (one-tap call-out links, applicants' sign-in links, guardians' confirmation links)
are not shown on the outbox page, and are not kept once a message is sent."""

from __future__ import annotations

import re

_LINK = re.compile(r"https?://[^\s/]+(/\S*)?")
_SECRET = re.compile(r"[A-Za-z0-9_-]{20,}")  # a token (``secrets.token_urlsafe``): long, no dots
REMOVED = "[secret removed]"


def without_secrets(text: str) -> str:
    """``text`` with every long token in the path or query of a link replaced by ``[secret removed]``."""

    def scrub(link: re.Match) -> str:
        path = link.group(1) or ""
        return link.group(0)[: len(link.group(0)) - len(path)] + _SECRET.sub(REMOVED, path)

    return _LINK.sub(scrub, text)
