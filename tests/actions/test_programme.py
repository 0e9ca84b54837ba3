"""actions/programme.py: programme questions read the date from the message."""
from actions.programme import ActionCount, ActionFunding, ActionHistory, ActionProgramme, ActionStrongholds
from tests.conftest import make_tracker


def _text(action, dispatcher, text, **tracker):
    action.run(dispatcher, make_tracker(text=text, **tracker), {})
    return dispatcher.messages[-1]["text"]


def test_count_for_a_year(dispatcher):
    assert _text(ActionCount(), dispatcher, "hvor mange klynger var der i 2021").startswith("I 2021 var der 14")


def test_funding_of_a_named_cluster(dispatcher):
    text = _text(ActionFunding(), dispatcher, "hvad fik energiklyngen i støtte",
                 entities=[{"entity": "cluster", "value": "energiklyngen"}])
    assert "Energy Cluster Denmark fik 32 mio. kr." in text


def test_programme_history_and_strongholds_answer(dispatcher):
    assert "1. oktober 2020" in _text(ActionProgramme(), dispatcher, "hvem udpegede klyngerne")
    assert "MARLOG" in _text(ActionHistory(), dispatcher, "hvad skete der i 2022")
    assert "turisme" in _text(ActionStrongholds(), dispatcher, "hvad er styrkepositionerne")
