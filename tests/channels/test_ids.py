"""channels/ids.py: conversation ids are checked, namespaced by channel, and widget sessions issued."""

import os
import stat

import pytest

from channels.ids import (
    MAX_ID_CHARS,
    BadConversationId,
    SessionTokens,
    channel_local,
    conversation_id,
    id_problem,
    session_secret,
)


@pytest.mark.parametrize(
    "value", ["me", "U0STAFF", "C123_1700000000.000100", "a" * MAX_ID_CHARS, "restart-3f2a", "x@y.dk"]
)
def test_ordinary_ids_are_accepted(value):
    assert id_problem(value) is None


@pytest.mark.parametrize(
    "value, reason",
    [
        (None, "string"),
        (42, "string"),
        ({"a": 1}, "string"),
        ("", "empty"),
        ("a" * (MAX_ID_CHARS + 1), "at most"),
        ("a" * 1_000_000, "at most"),
        ("u-\udfff", "characters"),
        ("hej du", "characters"),
        ("æøå", "characters"),
        ("a/b", "characters"),
        ("<script>", "characters"),
        ("a\n", "characters"),
    ],
)
def test_ids_no_conversation_may_have_are_refused_with_a_reason(value, reason):
    assert reason in id_problem(value)
    with pytest.raises(BadConversationId):
        conversation_id("rest", value)


def test_ids_are_namespaced_by_channel_so_channels_never_share_one():
    assert conversation_id("rest", "U0STAFF") == "rest:U0STAFF"
    assert conversation_id("slack", "U0STAFF") != conversation_id("rest", "U0STAFF")
    # a REST client cannot name a socket.io conversation by putting the prefix in its sender
    assert conversation_id("rest", "socketio:abc") == "rest:socketio:abc"
    assert channel_local("slack:U0STAFF") == "U0STAFF" and channel_local("plain") == "plain"


def test_issued_sessions_are_recognised_and_unguessable():
    tokens = SessionTokens(b"k" * 32)
    issued = {tokens.issue() for _ in range(1000)}
    assert len(issued) == 1000
    assert all(tokens.valid(t) and id_problem(t) is None for t in issued)


@pytest.mark.parametrize("claimed", [None, 7, "", "session-from-local-storage", "x\udfff", "a.b", "a.b.c"])
def test_a_session_id_the_server_did_not_issue_is_not_valid(claimed):
    assert not SessionTokens(b"k" * 32).valid(claimed)


def test_a_session_from_another_secret_or_altered_is_not_valid():
    token = SessionTokens(b"k" * 32).issue()
    assert not SessionTokens(b"j" * 32).valid(token)
    random_part, mac = token.split(".")
    flipped = ("B" if random_part[0] == "A" else "A") + random_part[1:]
    assert not SessionTokens(b"k" * 32).valid(f"{flipped}.{mac}")


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="16 bytes"):
        SessionTokens(b"short")


def test_the_secret_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGEBOT_SESSION_SECRET", "from-the-environment-0123456789")
    assert session_secret(tmp_path / "s") == b"from-the-environment-0123456789"
    assert not (tmp_path / "s").exists()

    monkeypatch.delenv("KLYNGEBOT_SESSION_SECRET")
    first = session_secret(tmp_path / "var" / "s")
    assert len(first) == 64 and session_secret(tmp_path / "var" / "s") == first  # kept across restarts
    assert stat.S_IMODE(os.stat(tmp_path / "var" / "s").st_mode) == 0o600
