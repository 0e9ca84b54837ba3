"""The command line as a developer uses it: `rasa shell` beside the action server, in a pseudo-terminal."""

from __future__ import annotations

import os
import socket
import sys

import pexpect
import pytest

from scripts.servers import free_port, rasa_command, write_endpoints
from tests.servers import MODEL, ROOT

pytestmark = pytest.mark.e2e


def test_rasa_shell_answers_a_danish_question(tmp_path):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test-e2e does)")
    action_port, rasa_port = free_port(), free_port()
    endpoints = write_endpoints(tmp_path / "endpoints.yml", action_port)
    env = {
        **os.environ,
        "ACTIONS_PORT": str(action_port),
        "ACTIONS_LOG": str(tmp_path / "actions.log"),
        "RASA_TELEMETRY_ENABLED": "false",
        "TERM": "dumb",
    }
    # As `make shell` starts it: scripts/servers.py starts the action server and stops it afterwards.
    shell = pexpect.spawn(
        sys.executable,
        ["-m", "scripts.servers", "--", *rasa_command(MODEL, rasa_port, endpoints, subcommand="shell")],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=240,
        dimensions=(40, 200),
    )
    try:
        shell.expect("Your input ->")
        # An answer without buttons: the shell shows buttons as a menu instead of the prompt.
        shell.sendline("Hvad er styrkepositionerne?")
        shell.expect("turisme \\(ingen klynge\\)", timeout=90)
        shell.expect("Your input ->")
        shell.sendline("/stop")
        shell.expect(pexpect.EOF, timeout=60)
    finally:
        shell.close(force=True)
    assert not _listening(action_port), "the action server outlived the shell"


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0
