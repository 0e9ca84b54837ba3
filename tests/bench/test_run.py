"""The run's small helpers: conversations for the load test, the cache note, the plans."""

from __future__ import annotations

from bench.answers import Question
from bench.run import QUESTIONS_PER_CONVERSATION, Plan, conversations, restored_from_cache


def test_questions_become_conversations_with_their_lead_ins():
    questions = [Question(f"q{i}", "", (), before=("first",) if i == 1 else ()) for i in range(6)]
    talks = conversations(questions)
    assert talks[0][:3] == ["q0", "first", "q1"]  # the lead-in comes right before its question
    assert len(talks) == -(-len(questions) // QUESTIONS_PER_CONVERSATION)
    assert sum(len(t) for t in talks) == 7


def test_components_taken_from_the_cache_are_counted(tmp_path):
    log = tmp_path / "train.log"
    log.write_text(
        "Restored component 'TEDPolicy' from cache.\nRestored component 'RulePolicy' from cache.\n"
    )
    assert restored_from_cache(log) == 2


def test_the_quick_plan_is_smaller_in_every_way():
    quick, full = Plan.make(True), Plan.make(False)
    assert quick.question_stride > full.question_stride
    assert all(quick.messages[c] < full.messages[c] and quick.seconds[c] <= full.seconds[c] for c in (1, 20))
