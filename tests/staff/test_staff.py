"""staff/: the staff message for a request, and what a press on its buttons may change."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from staff import interactions, notify
from staff.config import StaffConfig
from staff.messages import HANDLED, MAIL, TAKE, request_blocks
from stores.requests import Request

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
STAFF = StaffConfig(token="xoxb-test", team="T0KLYNGE", channel="C0STAFF", api_url="http://127.0.0.1:9/api/")


@pytest.fixture
def stored(store):
    request = Request(
        conversation_id="rest:visitor",
        kind="meeting",
        name="Mette <b>Jensen</b>",
        email="mette@example.dk",
        cluster_id="energy-cluster-denmark",
        office="Esbjerg",
        wanted_at=datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc),
        topic="Havvind",
        consent_at=NOW,
    )
    return store.add(request, NOW)


def _buttons(blocks):
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_the_staff_message_has_the_details_and_three_buttons(stored, dataset):
    blocks = request_blocks(stored, dataset)
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Energy Cluster Denmark" in text and "torsdag den 3. december 2026 kl. 10.00" in text
    assert "Mette &lt;b&gt;Jensen&lt;/b&gt;" in text  # a visitor's text is never Slack markup
    buttons = {b["action_id"]: b for b in _buttons(blocks)}
    assert buttons[TAKE]["value"] == buttons[HANDLED]["value"] == stored.id
    assert buttons[MAIL]["url"].startswith("mailto:mette@example.dk?subject=")


def _press(action_id, value, team="T0KLYNGE", channel="C0STAFF"):
    return {
        "type": "block_actions",
        "team": {"id": team},
        "user": {"id": "U0STAFF"},
        "channel": {"id": channel},
        "container": {"message_ts": "1700000000.000100"},
        "actions": [{"action_id": action_id, "value": value}],
    }


def test_staff_take_then_handle_a_request(store, stored, dataset):
    taken = interactions.handle(_press(TAKE, stored.id), store, dataset, STAFF, NOW)
    assert store.get(stored.id).status == "taken" and taken.ts == "1700000000.000100"
    assert TAKE not in [b["action_id"] for b in _buttons(taken.blocks)]
    handled = interactions.handle(_press(HANDLED, stored.id), store, dataset, STAFF, NOW)
    assert store.get(stored.id).status == "handled" and _buttons(handled.blocks)[0]["action_id"] == MAIL
    assert store.get(stored.id).staff_id == "U0STAFF"


@pytest.mark.parametrize("team, channel", [("T0OTHER", "C0STAFF"), ("T0KLYNGE", "C0ELSEWHERE"), (None, None)])
def test_a_press_from_outside_the_staff_channel_changes_nothing(store, stored, dataset, team, channel):
    assert interactions.handle(_press(HANDLED, stored.id, team, channel), store, dataset, STAFF, NOW) is None
    assert store.get(stored.id).status == "open"


def test_without_configuration_nobody_is_staff(store, stored, dataset):
    nobody = StaffConfig(token=None, team=None, channel=None)
    assert interactions.handle(_press(HANDLED, stored.id, None, None), store, dataset, nobody, NOW) is None
    assert not nobody.is_staff(None, None)


def test_the_e_mail_button_and_an_unknown_request_change_nothing(store, stored, dataset):
    assert interactions.handle(_press(MAIL, stored.id), store, dataset, STAFF, NOW) is None
    assert interactions.handle(_press(HANDLED, "no-such-id"), store, dataset, STAFF, NOW) is None
    assert store.get(stored.id).status == "open"


def test_only_staff_buttons_are_staff_actions():
    assert interactions.is_staff_action(_press(TAKE, "x"))
    assert not interactions.is_staff_action(
        {"type": "block_actions", "actions": [{"action_id": "ab12c", "value": "/greet"}]}
    )


def test_posting_is_skipped_without_configuration_and_survives_a_slack_outage(stored, dataset):
    assert notify.post_request(stored, dataset, StaffConfig(token=None, team=None, channel=None)) is False
    assert (
        notify.post_request(stored, dataset, STAFF) is False
    )  # nothing listens on port 9: logged, not raised


def test_no_visitor_action_reaches_the_staff_side():
    """Staff functions are called from the Slack channel only: no action of the bot lists or marks."""
    import inspect

    from actions import base, request_form

    for module in (base, request_form):
        source = inspect.getsource(module)
        assert "open_requests" not in source and ".mark(" not in source and "interactions" not in source
