"""actions/places.py: place from entities or text, asking back, and keeping the cluster meanwhile."""

from tests.conftest import answer_action, make_tracker


def _run(action, dispatcher, **tracker):
    events = action.run(dispatcher, make_tracker(**tracker), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_postcode_entity_gives_the_nearest_offices(dispatcher):
    messages, slots = _run(
        answer_action("ask_nearest_office"),
        dispatcher,
        text="Jeg bor i 7500 Holstebro",
        entities=[{"entity": "postcode", "value": "7500"}, {"entity": "town", "value": "Holstebro"}],
    )
    assert messages[0]["text"].startswith("Nærmeste kontorer fra Holstebro (7500)")
    assert slots["awaiting_place"] is False


def test_a_place_in_the_text_is_found_without_entities(dispatcher):
    messages, _ = _run(
        answer_action("ask_nearest_office"), dispatcher, text="hvor er nærmeste kontor når man bor i Thisted"
    )
    assert "fra Thisted" in messages[0]["text"]


def test_no_place_asks_where_and_remembers_the_named_cluster(dispatcher):
    messages, slots = _run(
        answer_action("ask_nearest_office"), dispatcher, text="hvor er energiklyngens nærmeste kontor"
    )
    assert messages[0]["text"].startswith("Hvor bor du?")
    assert slots["awaiting_place"] is True and slots["cluster"] == "energy-cluster-denmark"


def test_the_answer_to_the_question_back_keeps_the_cluster(dispatcher):
    messages, _ = _run(
        answer_action("ask_nearest_office"),
        dispatcher,
        text="Vejle",
        entities=[{"entity": "town", "value": "Vejle"}],
        slots={"cluster": "energy-cluster-denmark", "awaiting_place": True},
    )
    assert messages[0]["text"].startswith("Nærmeste Energy Cluster Denmark-kontorer fra Vejle")


def test_context_cluster_is_not_used_unless_referred_to(dispatcher):
    messages, _ = _run(
        answer_action("ask_nearest_office"),
        dispatcher,
        text="nærmeste kontor fra Vejle",
        entities=[{"entity": "town", "value": "Vejle"}],
        slots={"cluster": "energy-cluster-denmark"},
    )
    assert messages[0]["text"].startswith("Nærmeste kontorer fra Vejle")


def test_an_ambiguous_town_is_asked_back(dispatcher):
    messages, slots = _run(
        answer_action("ask_nearest_office"),
        dispatcher,
        text="jeg bor i Viby",
        entities=[{"entity": "town", "value": "Viby"}],
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/ask_nearest_office{"postcode": "8260"}' in payloads and slots["awaiting_place"] is True


def test_an_unknown_town_entity_is_named_in_the_answer(dispatcher):
    messages, _ = _run(
        answer_action("ask_nearest_office"),
        dispatcher,
        text="jeg bor i Xyzby",
        entities=[{"entity": "town", "value": "Xyzby"}],
    )
    assert "Jeg kender ikke stedet »Xyzby«" in messages[0]["text"]


def test_clusters_in_a_region(dispatcher):
    messages, _ = _run(
        answer_action("ask_clusters_in_place"),
        dispatcher,
        text="er der klynger i Region Sjælland",
        entities=[{"entity": "town", "value": "Region Sjælland"}],
    )
    assert messages[0]["text"].startswith("Klynger med kontor i Region Sjælland")


def test_a_town_inside_a_cluster_name_is_not_the_users_place(dispatcher):
    messages, _ = _run(
        answer_action("ask_nearest_office"),
        dispatcher,
        text="Hvor er Odense Robotics' nærmeste kontor fra Vejle?",
    )
    assert messages[0]["text"].startswith("Nærmeste Odense Robotics-kontorer fra Vejle")
