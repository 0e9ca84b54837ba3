"""components/input_guard.py: unanswerable messages become nlu_fallback, others are left alone."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.input_guard import InputGuard


def _guard(text, intent="greet"):
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": [{"entity": "town", "value": "x"}],
        }
    )
    InputGuard().process([message])
    return message


@pytest.mark.parametrize("text", ["", "a" * 5000, "🙂🙂", "<script>alert(1)</script>", "1 OR 1=1; --"])
def test_unanswerable_messages_become_fallback_without_entities(text):
    message = _guard(text)
    assert message.get("intent")["name"] == "nlu_fallback" and message.get("entities") == []


@pytest.mark.parametrize("text", ["Hvilken klynge dækker energi?", "Which cluster covers energy?"])
def test_a_normal_question_keeps_its_intent(text):
    # English too: data/nlu/english.yml teaches the main intents in English; the answer is Danish.
    assert _guard(text, "ask_cluster_for_area").get("intent")["name"] == "ask_cluster_for_area"


def _with_kind(text, intent, kind):
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.8},
            "klyngebot_hints": {"request_kind": kind},
        }
    )
    InputGuard().process([message])
    return message.get("intent")["name"]


def test_a_request_heard_as_a_contact_question_or_follow_up_starts_the_form():
    assert _with_kind("kan jeg komme forbi jer i Vejle?", "ask_contact", "meeting") == "request_contact"
    assert _with_kind("kan nogen ringe mig op", "inform", "callback") == "request_contact"


def test_a_kind_word_in_another_question_keeps_its_intent():
    assert (
        _with_kind("hvor er nærmeste kontor jeg kan besøge", "ask_nearest_office", "meeting")
        == "ask_nearest_office"
    )
    assert _with_kind("hvad er deres adresse", "ask_contact", None) == "ask_contact"
