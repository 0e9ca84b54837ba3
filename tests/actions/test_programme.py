"""actions/programme.py: programme questions read the date from the message."""

from tests.conftest import answer_action, make_tracker


def _text(action, dispatcher, text, **tracker):
    action.run(dispatcher, make_tracker(text=text, **tracker), {})
    return dispatcher.messages[-1]["text"]


def test_count_for_a_year(dispatcher):
    assert _text(answer_action("ask_count"), dispatcher, "hvor mange klynger var der i 2021").startswith(
        "I 2021 var der 14"
    )


def test_funding_of_a_named_cluster(dispatcher):
    text = _text(
        answer_action("ask_funding"),
        dispatcher,
        "hvad fik energiklyngen i støtte",
    )
    assert "Energy Cluster Denmark fik 32 mio. kr." in text


def test_programme_history_and_strongholds_answer(dispatcher):
    assert "1. oktober 2020" in _text(answer_action("ask_programme"), dispatcher, "hvem udpegede klyngerne")
    assert "MARLOG" in _text(answer_action("ask_history"), dispatcher, "hvad skete der i 2022")
    assert "turisme" in _text(answer_action("ask_strongholds"), dispatcher, "hvad er styrkepositionerne")
