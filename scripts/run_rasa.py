"""`rasa run` / `rasa shell` with Klyngebot's fences; the Makefile starts Rasa through this.

    python -m scripts.run_rasa run --model models/klyngebot.tar.gz --cors http://localhost:8000 ...

- `--cors` must name exact origins (`https://www.example.dk`): Sanic-CORS treats a value with `*`,
  `^`, `(` … as a regular expression and matches it unanchored (CVE-2026-37737), so
  `https://.*\\.example\\.dk` also lets `https://x.example.dk.evil.example` in, and `*` lets everyone.
  Such a value stops the start with a sentence saying why.
- Rasa's HTTP API is switched on only when `KLYNGEBOT_API_TOKEN` or `KLYNGEBOT_JWT_SECRET` is set,
  and the secret is handed to Rasa inside this process, so it never shows in `ps` or
  /proc/<pid>/cmdline (a secret on the command line does). A secret given as `--auth-token` or
  `--jwt-secret` on the command line is refused for the same reason.
"""

from __future__ import annotations

import os
import sys
from typing import List, Sequence

from channels.origins import allowed_origins

TOKEN_VARIABLE = "KLYNGEBOT_API_TOKEN"
JWT_VARIABLE = "KLYNGEBOT_JWT_SECRET"
_SECRET_FLAGS = ("--auth-token", "-t", "--jwt-secret")


class Refused(SystemExit):
    """A start refused before Rasa runs; the message says why and what to do."""


def cors_values(args: Sequence[str]) -> List[str]:
    """The values given to `--cors` (it takes any number of them, up to the next option)."""
    values: List[str] = []
    taking = False
    for arg in args:
        if arg == "--cors":
            taking = True
        elif arg.startswith("--cors="):
            values.append(arg.split("=", 1)[1])
            taking = False
        elif arg.startswith("-"):
            taking = False
        elif taking:
            values.append(arg)
    return values


def fenced(args: Sequence[str], environ: dict) -> List[str]:
    """The arguments Rasa gets: checked, with the API secret from the environment added."""
    args = list(args)
    secret_flags = [a for a in args if a.split("=", 1)[0] in _SECRET_FLAGS]
    if secret_flags:
        raise Refused(
            f"Refused: {secret_flags[0]} on the command line shows the secret to every user of this "
            f"machine (ps). Set {TOKEN_VARIABLE} or {JWT_VARIABLE} in the environment instead."
        )
    if "--cors" in args or any(a.startswith("--cors=") for a in args):
        try:
            allowed_origins(cors_values(args))
        except ValueError as error:
            raise Refused(
                f"Refused --cors: {error}. Sanic-CORS matches patterns unanchored "
                f"(CVE-2026-37737), so only exact origins are accepted."
            ) from None
    if environ.get(TOKEN_VARIABLE):
        args += ["--enable-api", "--auth-token", environ[TOKEN_VARIABLE]]
    if environ.get(JWT_VARIABLE):
        args += ["--enable-api", "--jwt-secret", environ[JWT_VARIABLE]]
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = fenced(sys.argv[1:] if argv is None else argv, dict(os.environ))
    from rasa.__main__ import main as rasa_main  # imported late: it takes seconds

    sys.argv = ["rasa", *args]  # read by Rasa's argument parser; /proc/<pid>/cmdline keeps the original
    rasa_main()


if __name__ == "__main__":
    main()
