"""Running for real: conversations survive a restart, the HTTP API stays shut without a secret, and
the action server is reachable on loopback only."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from contextlib import ExitStack

import pytest
import requests

from tests.servers import (
    ROOT,
    action_server,
    free_port,
    klyngebot,
    rasa_command,
    rasa_server,
    write_endpoints,
)

pytestmark = pytest.mark.e2e


def _ask(webhook: str, sender: str, message: str) -> str:
    replies = requests.post(webhook, json={"sender": sender, "message": message}, timeout=120).json()
    return "\n".join(reply.get("text") or "" for reply in replies)


def _restart_keeps_context(tmp_path, db_url: str, dataset) -> None:
    action_port, rasa_port = free_port(), free_port()
    endpoints = write_endpoints(tmp_path, action_port, tracker_db=tmp_path / "unused")
    command = rasa_command(endpoints, ROOT / "credentials.yml", rasa_port)
    webhook = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
    sender, env = f"restart-{uuid.uuid4()}", {"KLYNGEBOT_DB_URL": db_url}
    with action_server(tmp_path, action_port):
        with rasa_server(tmp_path, command, rasa_port, env):
            assert "Energy Cluster Denmark" in _ask(webhook, sender, "Hvilken klynge dækker energi?")
        # The Rasa server is gone and comes back; only the database remembers the conversation.
        with rasa_server(tmp_path, command, rasa_port, env):
            answer = _ask(webhook, sender, "og hvor ligger deres kontor?")
    assert dataset.clusters["energy-cluster-denmark"].headquarters.town in answer


def test_a_conversation_survives_a_restart_with_sqlite(tmp_path, dataset):
    _restart_keeps_context(tmp_path, f"sqlite:///{tmp_path / 'conversations.db'}", dataset)


@pytest.mark.skipif(
    not os.environ.get("KLYNGEBOT_TEST_PG_URL"),
    reason="needs a PostgreSQL server: set KLYNGEBOT_TEST_PG_URL (.ci/run starts one)",
)
def test_a_conversation_survives_a_restart_with_postgresql(tmp_path, dataset):
    _restart_keeps_context(tmp_path, os.environ["KLYNGEBOT_TEST_PG_URL"], dataset)


def test_the_http_api_is_off_unless_a_token_is_set_and_the_token_stays_out_of_ps(tmp_path):
    token = uuid.uuid4().hex
    with ExitStack() as stack:
        shut = stack.enter_context(klyngebot(_mkdir(tmp_path / "shut")))
        assert requests.get(f"{shut.url}/status", timeout=10).status_code == 404
        guarded = stack.enter_context(
            klyngebot(_mkdir(tmp_path / "guarded"), env={"KLYNGEBOT_API_TOKEN": token})
        )
        assert requests.get(f"{guarded.url}/status", timeout=10).status_code == 401
        assert requests.get(f"{guarded.url}/status", params={"token": token}, timeout=10).ok
        listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
        assert "run_rasa" in listing and token not in listing


def test_the_action_server_listens_on_loopback_only(tmp_path):
    outside = _non_loopback_address()
    if outside is None:
        pytest.skip("this machine has no non-loopback address to try")
    port = free_port()
    with action_server(tmp_path, port):
        with socket.socket() as sock:
            sock.settimeout(2)
            assert sock.connect_ex((outside, port)) != 0
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=5).ok


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, it only picks a route
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def _mkdir(path):
    path.mkdir(parents=True, exist_ok=True)
    return path
