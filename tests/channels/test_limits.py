"""channels/limits.py: long messages are cut between words, with a Danish note."""
import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.input_check import MAX_CHARS
from channels.limits import CutLongMessages, cut
from channels.rest import RestInput


def test_a_short_message_is_left_alone():
    assert cut("Hvilken klynge dækker energi?") == ("Hvilken klynge dækker energi?", None)


def test_a_long_message_is_cut_between_words_with_a_note():
    text = "hvilken klynge dækker energi " * 400
    kept, note = cut(text)
    assert len(kept) <= MAX_CHARS and not kept.endswith(" ") and text.startswith(kept)
    assert note == f"Din besked var på 11.600 tegn, så jeg har kun læst de første {len(kept)}."


def test_a_long_word_without_spaces_is_cut_at_the_limit():
    kept, _ = cut("a" * 10_000)
    assert kept == "a" * MAX_CHARS


class _CapturingChannel:
    """Stands in for a Rasa InputChannel: keeps the handler its blueprint is given."""

    def blueprint(self, on_new_message):
        self.handler = on_new_message


class _Channel(CutLongMessages, _CapturingChannel):
    pass


def test_the_user_is_told_before_the_cut_message_is_handled():
    handled = []

    async def on_new_message(message):
        handled.append(message.text)

    channel = _Channel()
    channel.blueprint(on_new_message)
    collector = CollectingOutputChannel()
    asyncio.run(channel.handler(UserMessage("ord " * 599 + "ord", collector, "someone")))
    assert collector.messages[0]["text"].startswith("Din besked var på 2.399 tegn, så")
    assert len(handled) == 1 and len(handled[0]) <= MAX_CHARS


def test_the_rest_channel_keeps_its_name_and_cuts():
    assert RestInput.name() == "rest" and issubclass(RestInput, CutLongMessages)
