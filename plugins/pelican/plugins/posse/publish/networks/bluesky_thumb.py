"""A Bluesky post's thumbnail: the card picture fetched and uploaded as a blob
(``com.atproto.repo.uploadBlob``); on any trouble the post goes without it,
and a warning says why."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ...said import said
from .base import scrub
from .bluesky_text import _words

if TYPE_CHECKING:
    from atproto import Client

log = logging.getLogger(__name__)

MAX_THUMB_BYTES = 1_000_000  # app.bsky.embed.external#external thumb maxSize
IMAGE_TIMEOUT = (5.0, 15.0)
# Why a post goes without its card's thumbnail (warnings; words.py).
UNFETCHED, UNFIT = "bluesky.log.unfetched", "bluesky.log.unfit"
UPLOAD_FAILED, NO_BLOB = "bluesky.log.upload_failed", "bluesky.log.no_blob"


def thumbnail(
    client: Client,
    image_url: str,
    *,
    classify: Callable[[Exception], Exception],
    secrets: Iterable[str],
) -> dict[str, Any] | None:
    """Upload the card image; on any trouble post without it (a log says why)."""
    import httpx  # noqa: PLC0415 - loaded by _login()
    import requests  # noqa: PLC0415 - only to fetch a card image
    from atproto_client.exceptions import (  # noqa: PLC0415
        RateLimitExceededError,
        RequestErrorBase,
        UnauthorizedError,
    )

    try:
        with requests.get(image_url, timeout=IMAGE_TIMEOUT, stream=True) as answer:
            answer.raise_for_status()
            mime = answer.headers.get("Content-Type", "").split(";")[0].strip()
            data = answer.raw.read(MAX_THUMB_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        why = type(error).__name__
        log.warning("posse: bluesky: %s", said(UNFETCHED, url=image_url, why=why))
        return None
    if not mime.startswith("image/") or len(data) > MAX_THUMB_BYTES:
        unfit = said(UNFIT, url=image_url, type=mime or "?", size=len(data))
        log.warning("posse: bluesky: %s", unfit)
        return None
    try:
        uploaded = client.invoke_procedure(
            "com.atproto.repo.uploadBlob",
            content=data,
            input_encoding=mime,
            output_encoding="application/json",
        )
    except (RateLimitExceededError, UnauthorizedError) as error:
        raise classify(error) from None
    except (RequestErrorBase, httpx.TransportError) as error:
        words = (
            _words(error)[2]
            if isinstance(error, RequestErrorBase)
            else type(error).__name__
        )
        why = scrub(words, secrets)
        log.warning("posse: bluesky: %s", said(UPLOAD_FAILED, why=why))
        return None
    blob = uploaded.content.get("blob") if isinstance(uploaded.content, dict) else None
    if not isinstance(blob, dict):
        log.warning("posse: bluesky: %s", said(NO_BLOB))
        return None
    return blob
