"""actions/clusters.py: entities, text and slots become the right answer and context."""

from tests.conftest import answer_action, fallback_action, make_tracker


def _run(action, dispatcher, **tracker):
    events = action.run(dispatcher, make_tracker(**tracker), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_area_entity_value_from_synonyms_is_answered(dispatcher, dataset):
    messages, slots = _run(
        answer_action("ask_cluster_for_area"),
        dispatcher,
        text="hvilken klynge dækker energi",
        entities=[{"entity": "area", "value": "energi"}],
    )
    assert "Energy Cluster Denmark" in messages[0]["text"]
    assert slots == {
        "last_question": "ask_cluster_for_area",
        "awaiting_place": False,
        "cluster": "energy-cluster-denmark",
        "area": "energi",
        "date": None,  # a new question without a date is about today
        "subject": None,  # no programme subject to carry into a follow-up
    }


def test_a_misspelt_area_is_resolved_by_the_nlu(dispatcher):
    messages, _ = _run(
        answer_action("ask_cluster_for_area"),
        dispatcher,
        text="vi laver hoereaparater",
    )
    assert "Danish Sound Cluster" in messages[0]["text"]


def test_a_company_description_without_entities_is_matched_on_its_words(dispatcher):
    messages, _ = _run(
        answer_action("ask_cluster_for_area"),
        dispatcher,
        text="Vi er et lille firma i Vejle, der producerer møbler og lamper til hjemmet",
    )
    assert "Lifestyle & Design Cluster" in messages[0]["text"]


def test_no_area_gets_a_question_back(dispatcher):
    messages, _ = _run(answer_action("ask_cluster_for_area"), dispatcher, text="hvilken klynge passer til os")
    assert "Jeg kunne ikke se" in messages[0]["text"]


def test_follow_up_without_a_name_uses_the_cluster_in_context(dispatcher, dataset):
    messages, _ = _run(
        answer_action("ask_offices"),
        dispatcher,
        text="og hvor ligger deres kontor?",
        slots={"cluster": "energy-cluster-denmark"},
    )
    assert messages[0]["text"].startswith("Energy Cluster Denmark har disse kontorer")


def test_a_named_cluster_beats_the_one_in_context(dispatcher):
    messages, slots = _run(
        answer_action("ask_contact"),
        dispatcher,
        text="hvordan kontakter jeg CLEAN",
        entities=[{"entity": "cluster", "value": "clean"}],
        slots={"cluster": "energy-cluster-denmark"},
    )
    assert "CLEAN" in messages[0]["text"] and slots["cluster"] == "clean"


def test_no_cluster_anywhere_asks_which_with_buttons(dispatcher):
    messages, _ = _run(answer_action("ask_cluster_info"), dispatcher, text="hvad laver de")
    assert messages[0]["text"].startswith("Hvilken klynge mener du?")
    assert messages[0]["buttons"][0]["payload"].startswith('/ask_cluster_info{"cluster": ')


def test_status_reads_the_date_in_the_message(dispatcher):
    messages, _ = _run(
        answer_action("ask_status"),
        dispatcher,
        text="Var MARLOG aktiv 1. januar 2021?",
    )
    assert messages[0]["text"].startswith("Ja, den 1. januar 2021 var MARLOG")


def test_the_list_has_a_button_per_living_cluster(dispatcher):
    messages, _ = _run(answer_action("list_clusters"), dispatcher, text="hvilke klynger findes der")
    assert len(messages[0]["buttons"]) == 13


def test_a_huge_message_is_declined(dispatcher):
    # components/input_guard.py turns it into nlu_fallback whatever the classifier guessed.
    messages, slots = _run(fallback_action(), dispatcher, text="energi " * 2000)
    assert "meget lang" in messages[0]["text"] and messages[1]["response"] == "utter_suggestions"
    assert slots == {}


def test_button_payloads_carry_intent_and_entities():
    from actions.base import payload
    from bot.answers import Button

    assert payload(Button("x", "ask_contact", {"cluster": "clean"})) == '/ask_contact{"cluster": "clean"}'
    assert payload(Button("x", "list_clusters")) == "/list_clusters"
