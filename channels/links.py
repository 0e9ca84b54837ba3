"""Links in an answer as a channel shows them: a source is labelled with its site ("ufm.dk").

Answers carry full URLs (the shell and REST clients show them as they are); Slack and the web
widget show each as a short link whose text is the site. The widget does the same in
web/klyngebot-widget.js (`siteOf`), as it renders the text itself.
"""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

URL = re.compile(r"https?://[^\s<>\"'«»]+")
# Punctuation that ends a sentence rather than the URL ("Kilde: https://… ." or "(… )").
_TRAILING = ".,;:!?)]"


def links_in(text: str) -> Iterator[tuple[str, int, int]]:
    """Each http(s) URL in the text with its start and end, trailing punctuation left out."""
    for match in URL.finditer(text):
        url = match.group()
        while url and url[-1] in _TRAILING and not (url.endswith(")") and "(" in url):
            url = url[:-1]
        yield url, match.start(), match.start() + len(url)


def site_of(url: str) -> str:
    """The site a URL is on, as people say it: "https://www.ufm.dk/aktuelt/…" -> "ufm.dk"."""
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")
