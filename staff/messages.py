"""The Block Kit message staff see for a request, built with slack_sdk's models."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.contact_details import KIND_NAMES
from bot.dataset import Dataset
from bot.meeting_time import ZONE, MeetingTime
from stores.requests import Request

TAKE, HANDLED, MAIL = "staff_take", "staff_handled", "staff_mail"
STATUS_DA = {"open": "Ny", "taken": "Taget", "handled": "Klaret"}


def _escape(text: str) -> str:
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(request: Request) -> str:
    if request.wanted_at is not None:
        local = request.wanted_at.astimezone(ZONE)
        return MeetingTime(local.date(), local.time().replace(second=0, microsecond=0)).describe()
    if request.wanted_day:
        return MeetingTime(date.fromisoformat(request.wanted_day)).describe()
    return "ikke angivet"


def request_text(request: Request, dataset: Dataset) -> str:
    """One line for notifications and screen readers."""
    cluster = dataset.clusters.get(request.cluster_id or "")
    return (
        f"{STATUS_DA.get(request.status, request.status)} forespørgsel {request.id[:8]}: "
        f"{KIND_NAMES.get(request.kind, request.kind)} hos {cluster.name if cluster else '?'}, {_when(request)}"
    )


def request_blocks(request: Request, dataset: Dataset) -> list[dict]:
    """The request with its details and the buttons: take it, mark it handled, answer by e-mail."""
    cluster = dataset.clusters.get(request.cluster_id or "")
    fields = [
        f"*Hvad*\n{KIND_NAMES.get(request.kind, request.kind)}",
        f"*Klynge*\n{_escape(cluster.name if cluster else '?')}",
        f"*Hvornår*\n{_when(request)}",
        f"*Kontor*\n{_escape(request.office or '–')}",
        f"*Navn*\n{_escape(request.name)}",
        f"*Kontakt*\n{_escape(request.email or request.phone or '–')}",
        f"*Virksomhed*\n{_escape(request.company or '–')}",
        f"*Emne*\n{_escape(request.topic or '–')}",
    ]
    buttons = []
    if request.status == "open":
        buttons.append(ButtonElement(text="Jeg tager den", action_id=TAKE, value=request.id))
    if request.status != "handled":
        buttons.append(
            ButtonElement(text="Markér som klaret", action_id=HANDLED, value=request.id, style="primary")
        )
    if request.email:
        subject = quote(f"Din forespørgsel til {cluster.name if cluster else 'klyngen'}")
        buttons.append(
            ButtonElement(
                text="Svar på e-mail", action_id=MAIL, url=f"mailto:{request.email}?subject={subject}"
            )
        )
    status = STATUS_DA.get(request.status, request.status)
    who = f" af <@{request.staff_id}>" if request.staff_id else ""
    blocks = [
        SectionBlock(
            text=MarkdownTextObject(text=f"*{status} forespørgsel* `{request.id[:8]}`{who}"),
            fields=[MarkdownTextObject(text=f) for f in fields],
        ),
    ]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text=f"Samtale `{_escape(request.conversation_id)}`")])
    )
    return [block.to_dict() for block in blocks]
