"""channels/limits.py: long messages are cut with a Danish note, unstorable text is mended, and a
message that fails or gets no answer is answered with a Danish "try again"."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.input_check import MAX_CHARS
from channels.limits import TRY_AGAIN, cut, guarded, storable


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


def test_lone_surrogates_are_replaced_everywhere_in_a_value():
    assert storable("hej\udfff") == "hej\ufffd"
    assert storable({"k\ud800": ["x\udfff", 3, None]}) == {"k\ufffd": ["x\ufffd", 3, None]}
    assert storable("æøå 🙂") == "æøå 🙂"
    storable({"a": "\udfff"})["a"].encode("utf-8")  # no UnicodeEncodeError


def _run(handler, text="hej"):
    collector = CollectingOutputChannel()
    asyncio.run(guarded(handler)(UserMessage(text, collector, "rest:someone")))
    return [m["text"] for m in collector.messages], collector


async def _answer(message):
    await message.output_channel.send_response(message.sender_id, {"text": f"svar på {message.text}"})


def test_an_answered_message_gets_only_its_answer():
    texts, _ = _run(_answer)
    assert texts == ["svar på hej"]


def test_the_user_is_told_before_the_cut_message_is_handled():
    texts, _ = _run(_answer, "ord " * 599 + "ord")
    assert texts[0].startswith("Din besked var på 2.399 tegn, så") and len(texts) == 2
    assert len(texts[1]) <= len("svar på ") + MAX_CHARS


def test_a_message_with_a_lone_surrogate_reaches_rasa_mended():
    texts, _ = _run(_answer, "hej\udfff")
    assert texts == ["svar på hej\ufffd"]


@pytest.mark.parametrize("error", [RuntimeError("database is down"), OSError("connection refused")])
def test_a_failing_message_is_answered_with_try_again_and_logged_once(error, caplog):
    async def failing(message):
        raise error

    texts, _ = _run(failing)
    assert texts == [TRY_AGAIN] and "noget gik galt" in TRY_AGAIN
    logged = [r for r in caplog.records if r.name == "channels.limits"]
    assert len(logged) == 1 and "rest:someone" in logged[0].getMessage()


def test_a_message_that_gets_no_answer_is_answered_with_try_again(caplog):
    async def silent(message):  # what Rasa does when the action server is down
        return None

    texts, _ = _run(silent)
    assert texts == [TRY_AGAIN]
    assert "got no answer" in caplog.text and "rest:someone" in caplog.text


def test_an_output_channel_that_fails_is_logged_not_raised(caplog):
    class Broken(CollectingOutputChannel):
        async def send_text_message(self, *args, **kwargs):
            raise ConnectionError("Slack is down")

    async def failing(message):
        raise RuntimeError("and so is the database")

    asyncio.run(guarded(failing)(UserMessage("hej", Broken(), "slack:U1")))
    assert "could not send" in caplog.text
