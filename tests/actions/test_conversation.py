"""Follow-ups (intent inform) repeat the last question with the new detail; the fallback explains.

Which question a follow-up repeats is Rasa's rule (data/rules.yml, on the `last_question` slot),
so a follow-up after a question runs that question's action with the intent `inform`.
"""

from tests.conftest import answer_action, fallback_action, follow_up_action, make_tracker


def test_what_about_another_area_repeats_the_last_question(dispatcher):
    answer_action("ask_contact").run(
        dispatcher,
        make_tracker(
            text="hvad med energi?",
            intent="inform",
            slots={"last_question": "ask_contact", "cluster": "clean"},
        ),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("Sådan kontakter du Energy Cluster Denmark")


def test_a_bare_postcode_answers_the_pending_nearest_office_question(dispatcher):
    answer_action("ask_nearest_office").run(
        dispatcher,
        make_tracker(
            text="7500",
            intent="inform",
            slots={"last_question": "ask_nearest_office", "awaiting_place": True},
        ),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("Nærmeste kontorer fra Holstebro")


def test_a_new_year_repeats_a_count(dispatcher):
    answer_action("ask_count").run(
        dispatcher,
        make_tracker(text="og i 2023?", intent="inform", slots={"last_question": "ask_count"}),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("I 2023 var der 13")


def test_without_a_last_question_the_detail_decides(dispatcher):
    follow_up_action().run(
        dispatcher, make_tracker(text="CLEAN", entities=[{"entity": "cluster", "value": "clean"}]), {}
    )
    assert "CLEAN" in dispatcher.messages[0]["text"]


def test_fallback_explains_in_danish_and_suggests(dispatcher):
    fallback_action().run(dispatcher, make_tracker(text="😀😀"), {})
    assert "emojis" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["response"] == "utter_suggestions"


def test_fallback_still_answers_when_the_message_names_an_area(dispatcher):
    fallback_action().run(dispatcher, make_tracker(text="er der en klynge for fødevarer"), {})
    assert "Food & Bio Cluster Denmark" in dispatcher.messages[0]["text"]


def test_fallback_does_not_guess_from_markup(dispatcher):
    fallback_action().run(dispatcher, make_tracker(text="<b>energi</b>"), {})
    assert "HTML" in dispatcher.messages[0]["text"]


def test_fallback_offers_the_nearest_office_when_the_message_names_a_place(dispatcher):
    fallback_action().run(
        dispatcher, make_tracker(text="Vi ligger i Randers. Hvor kan vi besøge en klynge?"), {}
    )
    assert dispatcher.messages[0]["text"].startswith("Nærmeste kontorer fra Randers")


def test_another_cluster_after_a_nearest_office_answer_keeps_the_town(dispatcher):
    place = make_tracker(text="Holstebro").latest_message["entities"][0]["value"]
    answer_action("ask_nearest_office").run(
        dispatcher,
        make_tracker(
            text="og for Energy Cluster Denmark?",
            intent="inform",
            slots={"last_question": "ask_nearest_office", "place": place, "cluster": "clean"},
        ),
        {},
    )
    text = dispatcher.messages[0]["text"]
    assert "Holstebro" in text and "Energy Cluster Denmark" in text and "Hvor bor du" not in text


def test_a_landsdel_is_a_place(dispatcher):
    answer_action("ask_clusters_in_place").run(
        dispatcher, make_tracker(text="er der klyngekontorer på Fyn"), {}
    )
    assert dispatcher.messages[0]["text"].startswith("Klynger med kontor på Fyn")
    assert "Odense Robotics" in dispatcher.messages[0]["text"]


def test_an_english_sentence_naming_a_trade_and_a_town_is_answered_from_what_it_names(dispatcher):
    fallback_action().run(
        dispatcher,
        make_tracker(text="I need help finding a cluster for my drone company in Odense"),
        {},
    )
    assert "Odense Robotics" in dispatcher.messages[0]["text"]


def test_a_new_question_without_a_date_forgets_the_year_asked_before(dispatcher):
    events = answer_action("ask_clusters_in_place").run(
        dispatcher,
        make_tracker(text="hvem har kontor i Sønderjylland?", slots={"date": {"start": "2021-01-01"}}),
        {},
    )
    assert {"event": "slot", "name": "date", "value": None, "timestamp": None} in events
    follow_up = answer_action("ask_contact").run(
        dispatcher,
        make_tracker(text="og i 2021?", intent="inform", slots={"last_question": "ask_contact"}),
        {},
    )
    assert not [e for e in follow_up if e.get("name") == "date"]  # the follow-up's own date stays


def test_a_place_after_a_clusters_offices_asks_for_the_nearest_of_them(dispatcher):
    answer_action("ask_offices").run(
        dispatcher,
        make_tracker(
            text="jeg bor i Holstebro",
            intent="inform",
            slots={"last_question": "ask_offices", "cluster": "energy-cluster-denmark"},
        ),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("Nærmeste Energy Cluster Denmark-kontor")
