"""The app's Home tab in Slack: the open requests with their buttons, and the latest answer ratings."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.dataset import Dataset
from staff.messages import request_blocks
from stores.requests import RequestStore

SHOWN_REQUESTS = 20  # Slack allows 100 blocks in a Home view; a request takes three
RATINGS_DAYS = 30


def home_view(store: RequestStore, dataset: Dataset, now: datetime) -> dict:
    """The Home view: open and taken requests, oldest first, then the month's thumbs."""
    open_requests = store.open_requests()
    blocks: list[dict] = [HeaderBlock(text=f"Åbne forespørgsler ({len(open_requests)})").to_dict()]
    if not open_requests:
        blocks.append(SectionBlock(text="Ingen åbne forespørgsler.").to_dict())
    for request in open_requests[:SHOWN_REQUESTS]:
        blocks += request_blocks(request, dataset)
        blocks.append(DividerBlock().to_dict())
    if len(open_requests) > SHOWN_REQUESTS:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=f"… og {len(open_requests) - SHOWN_REQUESTS} flere.")]
            ).to_dict()
        )
    ratings = store.ratings(since=now - timedelta(days=RATINGS_DAYS))
    up = sum(1 for r in ratings if r.rating > 0)
    down = [r for r in ratings if r.rating < 0]
    blocks.append(HeaderBlock(text=f"Vurderinger, seneste {RATINGS_DAYS} dage").to_dict())
    blocks.append(SectionBlock(text=MarkdownTextObject(text=f":+1: {up}   :-1: {len(down)}")).to_dict())
    for rating in down[-5:]:
        answer = (
            " ".join(rating.answer.split())[:280]
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
        )
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=f":-1: {rating.created_at:%d.%m %H:%M}: {answer}")]
            ).to_dict()
        )
    return {"type": "home", "blocks": blocks}
