"""actions/conversation.py: follow-ups repeat the last question with the new detail; fallback explains."""
from actions.conversation import ActionFallback, ActionFollowUp
from tests.conftest import make_tracker


def test_what_about_another_area_repeats_the_last_question(dispatcher):
    ActionFollowUp().run(dispatcher, make_tracker(text="hvad med energi?", entities=[{"entity": "area", "value": "energi"}],
                                                  slots={"last_question": "ask_contact", "cluster": "clean"}), {})
    assert dispatcher.messages[0]["text"].startswith("Sådan kontakter du Energy Cluster Denmark")


def test_a_bare_postcode_answers_the_pending_nearest_office_question(dispatcher):
    ActionFollowUp().run(dispatcher, make_tracker(text="7500", entities=[{"entity": "postcode", "value": "7500"}],
                                                  slots={"last_question": "ask_nearest_office", "awaiting_place": True}), {})
    assert dispatcher.messages[0]["text"].startswith("Nærmeste kontorer fra Holstebro")


def test_a_new_year_repeats_a_count(dispatcher):
    ActionFollowUp().run(dispatcher, make_tracker(text="og i 2023?", slots={"last_question": "ask_count"}), {})
    assert dispatcher.messages[0]["text"].startswith("I 2023 var der 13")


def test_without_a_last_question_the_detail_decides(dispatcher):
    ActionFollowUp().run(dispatcher, make_tracker(text="CLEAN", entities=[{"entity": "cluster", "value": "clean"}]), {})
    assert "CLEAN" in dispatcher.messages[0]["text"]


def test_fallback_explains_in_danish_and_suggests(dispatcher):
    ActionFallback().run(dispatcher, make_tracker(text="😀😀"), {})
    assert "emojis" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["response"] == "utter_suggestions"


def test_fallback_still_answers_when_the_message_names_an_area(dispatcher):
    ActionFallback().run(dispatcher, make_tracker(text="er der en klynge for fødevarer"), {})
    assert "Food & Bio Cluster Denmark" in dispatcher.messages[0]["text"]


def test_fallback_does_not_guess_from_markup(dispatcher):
    ActionFallback().run(dispatcher, make_tracker(text="<b>energi</b>"), {})
    assert "HTML" in dispatcher.messages[0]["text"]


def test_fallback_offers_the_nearest_office_when_the_message_names_a_place(dispatcher):
    ActionFallback().run(dispatcher, make_tracker(text="Vi ligger i Randers. Hvor kan vi besøge en klynge?"), {})
    assert dispatcher.messages[0]["text"].startswith("Nærmeste kontorer fra Randers")
