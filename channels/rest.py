"""The REST channel (`POST /webhooks/rest/webhook`), with long messages cut politely."""
from rasa.core.channels.rest import RestInput as RasaRestInput

from channels.limits import CutLongMessages


class RestInput(CutLongMessages, RasaRestInput):
    """Rasa's REST channel; its name stays "rest", so the webhook URL is unchanged."""
