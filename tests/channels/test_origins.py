"""channels/origins.py: only exact origins, whether in `--cors` or in the socket.io channel, and a
server configured with a CORS pattern refuses to start however Rasa was launched."""

import uuid

import pytest
from rasa.server import configure_cors
from sanic import Sanic

from channels.ids import SessionTokens
from channels.origins import allowed_origins, refuse_cors_patterns
from channels.rest import RestInput
from channels.socketio import SocketIOInput

Sanic.test_mode = True


async def _nothing(message):
    return None


def _app(cors):
    app = Sanic(f"origins-test-{uuid.uuid4().hex}")
    configure_cors(app, cors)  # what `rasa run --cors …` does before it registers the channels
    return app


@pytest.mark.parametrize(
    "origins", ["http://localhost:8000", ["https://www.klynger.dk", "http://[::1]:8000"]]
)
def test_exact_origins_are_allowed(origins):
    assert allowed_origins(origins)


@pytest.mark.parametrize(
    "origins",
    [
        "*",
        [r"https://.*\.example\.dk"],
        ["^https://klynge"],
        ["http://a.dk/"],
        ["https://a.dk", "https://(b|c).dk"],
        [],
        None,
    ],
)
def test_patterns_wildcards_and_paths_are_refused(origins):
    with pytest.raises(ValueError, match="cors origins"):
        allowed_origins(origins)


@pytest.mark.parametrize(
    "channel", [lambda: RestInput(), lambda: SocketIOInput(tokens=SessionTokens(b"k" * 32))]
)
@pytest.mark.parametrize("cors", ["*", [r"https://.*\.klynger\.dk"]])
def test_a_server_with_a_cors_pattern_refuses_to_register_the_channels(channel, cors):
    app = _app(cors)
    with pytest.raises(ValueError, match="cors origins"):
        app.blueprint(channel().blueprint(_nothing), url_prefix="/webhooks/x")


@pytest.mark.parametrize(
    "cors", ["", None, "http://localhost:8000", ["http://localhost:8000", "https://klynger.dk"]]
)
def test_a_server_with_exact_origins_or_none_registers_them(cors):
    app = _app(cors)
    app.blueprint(RestInput().blueprint(_nothing), url_prefix="/webhooks/rest")
    refuse_cors_patterns(app)
