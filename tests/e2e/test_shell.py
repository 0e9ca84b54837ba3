"""The command line as a developer uses it: `rasa shell` beside the action server, in a pseudo-terminal."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "klyngebot.tar.gz"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_rasa_shell_answers_a_danish_question(tmp_path):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test-e2e does)")
    action_port, rasa_port = _free_port(), _free_port()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    rasa = str(Path(sys.executable).with_name("rasa"))
    env = {
        **os.environ,
        "ACTIONS_PORT": str(action_port),
        "ACTIONS_LOG": str(tmp_path / "actions.log"),
        "RASA_TELEMETRY_ENABLED": "false",
        "TERM": "dumb",
    }
    # The same wrapper `make shell` uses: it starts the action server and stops it afterwards.
    shell = pexpect.spawn(
        str(ROOT / "scripts" / "with-actions"),
        [rasa, "shell", "--model", str(MODEL), "--endpoints", str(endpoints), "--port", str(rasa_port)],
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
