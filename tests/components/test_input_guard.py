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
