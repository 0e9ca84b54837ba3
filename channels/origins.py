"""Which web sites may talk to Klyngebot from a browser: exact origins only.

Sanic-CORS (behind `rasa run --cors`) treats a value with `*`, `^`, `(` … as a regular expression and
matches it unanchored (CVE-2026-37737): `https://.*\\.example\\.dk` also lets in
`https://x.example.dk.evil.example`, and `*` lets in everyone. So every origin, in `--cors` as in the
socket.io channel's `cors_allowed_origins`, must be a plain `scheme://host[:port]`.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, List, Text

from sanic import Blueprint, Sanic

_ORIGIN = re.compile(r"https?://([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:]+\])(:\d{1,5})?")


def allowed_origins(origins: Iterable[Text] | Text | None) -> List[Text]:
    """The origins as a list, each checked to be `scheme://host[:port]` as a browser sends it."""
    if isinstance(origins, str):
        origins = [origins]
    origins = list(origins or [])
    bad = [o for o in origins if not isinstance(o, str) or not _ORIGIN.fullmatch(o)]
    if not origins or bad:
        raise ValueError(
            f"cors origins must list the web site origins allowed to connect, each like "
            f"'https://www.example.dk' or 'http://localhost:8000' (no path, no '*', no pattern); "
            f"got {bad or origins}"
        )
    return origins


def refuse_cors_patterns(app: Sanic) -> None:
    """Stop the start when the app's CORS (`rasa run --cors …`) names anything but exact origins."""
    context = getattr(app.ctx, "sanic_cors", None)
    resources = (getattr(context, "_options", None) or {}).get("resources") or {}
    for options in resources.values():
        origins = options.get("origins")
        if origins:  # Rasa passes "" when --cors is not given: no CORS headers at all
            allowed_origins(origins)


class OriginChecked:
    """Blueprint mixin: when Rasa registers the blueprint (after `--cors` is configured), CORS patterns
    are refused, so `rasa run --cors '*'` fails at start-up however Rasa was started."""

    def register(self, app: Sanic, options: Any) -> None:
        refuse_cors_patterns(app)
        super().register(app, options)


class OriginCheckedBlueprint(OriginChecked, Blueprint):
    """A plain Sanic blueprint with the origin check."""
