"""Answers for messages that are not questions about clusters: bad input and what the bot can do."""

from __future__ import annotations

from bot import input_check
from bot.answers import Answer

_REPLIES = {
    input_check.EMPTY: "Din besked var tom. Skriv dit spørgsmål om de danske erhvervsklynger.",
    input_check.TOO_LONG: (
        f"Din besked er meget lang (over {input_check.MAX_CHARS} tegn). "
        "Skriv gerne dit spørgsmål kort, i én eller to sætninger."
    ),
    input_check.NO_WORDS: "Jeg kan kun læse tekst, ikke symboler eller emojis alene.",
    input_check.GIBBERISH: "Det ligner ikke ord, jeg kan læse. Skriv dit spørgsmål med almindelige ord.",
    input_check.MARKUP: "Din besked indeholder kode eller HTML, som jeg ikke læser. Skriv dit spørgsmål som almindelig tekst.",
    input_check.CODE: "Det ligner kode eller en databaseforespørgsel, og det kan jeg ikke bruge. Skriv dit spørgsmål med almindelige ord.",
    input_check.ENGLISH: (
        "Det forstod jeg desværre ikke. Jeg svarer på dansk og forstår danske spørgsmål bedst "
        "(I answer in Danish). Skriv gerne dit spørgsmål på dansk."
    ),
}


def not_understood(problem: str | None) -> Answer:
    """A polite Danish reason why a message could not be used (`problem` from bot.input_check);
    the caller adds the suggestions."""
    return Answer(_REPLIES.get(problem, "Det forstod jeg desværre ikke."))
