"""A stateful fake of a Bluesky PDS: the XRPC methods posse calls, and nothing else.

Real HTTP on 127.0.0.1, so the atproto SDK runs unmodified against it
(``POSSE_BLUESKY_API_URL=http://127.0.0.1:PORT``). From the lexicons
(``com.atproto.server.createSession``, ``com.atproto.repo.createRecord`` /
``putRecord`` / ``uploadBlob``, ``app.bsky.feed.post``, ``app.bsky.richtext.facet``,
``app.bsky.embed.external``) and the PDS source:

- ``createSession``: ``identifier`` (handle or DID) + ``password``; wrong ones get
  401 ``{"error": "AuthenticationRequired", "message": "Invalid identifier or
  password"}``. The answer carries ``accessJwt`` (HS256, ``exp`` in 2 hours, scope
  ``com.atproto.appPass`` for an app password) and ``refreshJwt``.
- Every write needs ``Authorization: Bearer <accessJwt>``: a bad signature is 400
  ``InvalidToken``, an expired one 400 ``ExpiredToken`` (as the PDS answers), none
  401 ``AuthMissing``; ``repo`` must be the session's DID or handle.
- The record is validated as ``app.bsky.feed.post``: ``$type``; ``text`` at most
  300 graphemes and 3000 UTF-8 bytes; ``createdAt`` an RFC 3339 datetime with a
  timezone; ``langs`` at most 3; each facet's ``byteStart``/``byteEnd`` inside
  the text's UTF-8 bytes, and - stricter than Bluesky, on purpose - a ``#link``
  facet must cover exactly the bytes of its ``uri`` and a ``#tag`` facet exactly
  ``#tag``; ``embed`` ``app.bsky.embed.external`` with ``uri``, ``title``,
  ``description`` and an optional ``thumb`` blob that was uploaded, ``image/*``,
  at most 1,000,000 bytes. Any failure: 400 ``InvalidRequest`` with the reason.
- Record keys: ``app.bsky.feed.post`` keys are TIDs (13 characters of
  ``234567a-z``, first one ``2``-``j``). ``putRecord`` with ``"swapRecord": null``
  is a create-only write: if the key exists the PDS answers 400 ``InvalidSwap``
  ("Record was at CID"), unless the record is byte-identical (a no-op that answers
  the existing uri). ``createRecord`` on an existing key fails inside the
  repository tree (500 ``InternalServerError``).
- 429 answers carry ``ratelimit-limit``, ``ratelimit-remaining``,
  ``ratelimit-reset`` (Unix seconds) and ``ratelimit-policy``.

- ``GET com.atproto.repo.getRecord?repo=&collection=&rkey=`` (public, no token
  needed): ``{"uri", "cid", "value"}``, or 400 ``RecordNotFound`` "Could not locate
  record: URI". ``repo`` may be the DID or the handle.

Faults are scripted with ``script(Fault(...))`` from ``tests.fakes._server``;
"created, answer lost" is ``answer_lost()`` there. Not what a PDS does, for tests
only: ``visibility_delay`` (default 0) hides a new record from getRecord for that
many seconds (a PDS answers from its repository at once).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import regex

from ._server import FakeServer, Fault, Received, Reply

__all__ = ["FakeBluesky", "Fault", "cid_for"]

TID = regex.compile(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}")
DATETIME = regex.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"
)
_B32 = "abcdefghijklmnopqrstuvwxyz234567"
# Distinctive, so a secrets test can search every output for it (app password form).
APP_PASSWORD = "bsky-SECR-ET7q-9x2k"


def _b32(data: bytes) -> str:
    bits = "".join(f"{byte:08b}" for byte in data)
    bits += "0" * (-len(bits) % 5)
    return "".join(_B32[int(bits[i : i + 5], 2)] for i in range(0, len(bits), 5))


def cid_for(data: bytes, codec: int = 0x71) -> str:
    """A CIDv1 (base32, sha2-256): dag-cbor 0x71 for records, raw 0x55 for blobs."""
    digest = hashlib.sha256(data).digest()
    return "b" + _b32(bytes([0x01, codec, 0x12, 0x20]) + digest)


def _jwt_part(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class InvalidRecord(ValueError):
    pass


class FakeBluesky(FakeServer):
    name = "bluesky"

    def __init__(
        self,
        *,
        handle: str = "hanako.bsky.social",
        app_password: str = APP_PASSWORD,
        did: str = "did:plc:fakehanako000000000000000",
        clock: Callable[[], float] = time.time,
        token_lifetime: float = 7200.0,
        account_password: str | None = None,
        visibility_delay: float = 0.0,
    ) -> None:
        super().__init__()
        self.visibility_delay = visibility_delay
        self.created: dict[str, float] = {}  # rkey -> when it was written
        self.handle = handle
        # The account's own password with email sign-in codes on: Bluesky asks
        # for the emailed code, which a CI job cannot give.
        self.account_password = account_password
        self.app_password = app_password
        self.did = did
        self.clock = clock
        self.token_lifetime = token_lifetime
        # A new server signs with a new key: its tokens are worthless elsewhere.
        self._key = secrets.token_bytes(32)
        self.sessions = 0
        self.records: dict[str, dict[str, Any]] = {}  # rkey -> record
        self.cids: dict[str, str] = {}  # rkey -> cid
        self.blobs: dict[str, dict[str, Any]] = {}  # cid -> blob ref
        self._counter = 0

    @property
    def posts(self) -> list[dict[str, Any]]:
        return list(self.records.values())

    def env(self) -> dict[str, str]:
        """What ``pelican-posse`` needs to post here (as ``make fakes`` prints it)."""
        return {
            "POSSE_BLUESKY_API_URL": self.url,
            "POSSE_BLUESKY_HANDLE": self.handle,
            "POSSE_BLUESKY_APP_PASSWORD": self.app_password,
        }

    # --- tokens ----------------------------------------------------------------
    def _jwt(self, scope: str, lifetime: float) -> str:
        now = int(self.clock())
        head = _jwt_part({"typ": "at+jwt", "alg": "HS256"})
        body = _jwt_part(
            {
                "scope": scope,
                "sub": self.did,
                "iat": now,
                "exp": now + int(lifetime),
                "aud": "did:web:127.0.0.1",
            }
        )
        signature = hmac.new(self._key, f"{head}.{body}".encode(), "sha256").digest()
        return (
            f"{head}.{body}."
            + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
        )

    def _check_token(self, received: Received) -> Reply | None:
        lower = {k.lower(): v for k, v in received.headers.items()}
        auth = lower.get("authorization", "")
        if not auth.startswith("Bearer "):
            return Reply(
                401, {"error": "AuthMissing", "message": "Authentication Required"}
            )
        token = auth[len("Bearer ") :]
        try:
            head, body, signature = token.split(".")
            expected = hmac.new(self._key, f"{head}.{body}".encode(), "sha256").digest()
            given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
            payload = json.loads(
                base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            )
        except ValueError:
            return Reply(400, {"error": "InvalidToken", "message": "Malformed token"})
        if (
            not hmac.compare_digest(expected, given)
            or payload.get("scope") == "com.atproto.refresh"
        ):
            return Reply(400, {"error": "InvalidToken", "message": "Bad token scope"})
        if payload.get("exp", 0) <= self.clock():
            return Reply(400, {"error": "ExpiredToken", "message": "Token has expired"})
        return None

    # --- dispatch --------------------------------------------------------------
    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        status = fault.status or 500
        if status == 429:
            reset = int(self.clock()) + 300
            headers = {
                "ratelimit-limit": "5000",
                "ratelimit-remaining": "0",
                "ratelimit-reset": str(reset),
                "ratelimit-policy": "5000;w=3600",
                **fault.headers,
            }
            body = fault.body or {
                "error": "RateLimitExceeded",
                "message": "Rate Limit Exceeded",
            }
            return Reply(429, body, headers)
        names = {
            500: ("InternalServerError", "Internal Server Error"),
            502: ("UpstreamFailure", "Upstream Failure"),
            503: ("NotEnoughResources", "Service Unavailable"),
            504: ("UpstreamTimeout", "Upstream Timeout"),
        }
        error, message = names.get(
            status, ("InternalServerError", "Internal Server Error")
        )
        body = fault.body or {"error": error, "message": message}
        return Reply(status, body, dict(fault.headers))

    def answer(self, received: Received) -> Reply:
        path = urllib.parse.urlsplit(received.path).path
        method = path.removeprefix("/xrpc/")
        if received.method == "GET" and method == "com.atproto.repo.getRecord":
            return self._get_record(received)
        if received.method != "POST":
            return Reply(
                404,
                {"error": "MethodNotImplemented", "message": "Method Not Implemented"},
            )
        if method == "com.atproto.server.createSession":
            return self._create_session(received)
        if method not in (
            "com.atproto.repo.createRecord",
            "com.atproto.repo.putRecord",
            "com.atproto.repo.uploadBlob",
        ):
            return Reply(
                501,
                {"error": "MethodNotImplemented", "message": "Method Not Implemented"},
            )
        refused = self._check_token(received)
        if refused:
            return refused
        if method == "com.atproto.repo.uploadBlob":
            return self._upload_blob(received)
        try:
            data = json.loads(received.body or b"{}")
        except ValueError:
            return _invalid("Request body is not JSON")
        return self._write(method.rpartition(".")[2], data)

    def _get_record(self, received: Received) -> Reply:
        query = {
            k: v[-1]
            for k, v in urllib.parse.parse_qs(
                urllib.parse.urlsplit(received.path).query
            ).items()
        }
        for name in ("repo", "collection", "rkey"):
            if not query.get(name):
                return _invalid(f'Params must have the property "{name}"')
        uri = f"at://{query['repo']}/{query['collection']}/{query['rkey']}"
        rkey = query["rkey"]
        known = (
            query["repo"] in (self.did, self.handle)
            and query["collection"] == "app.bsky.feed.post"
            and rkey in self.records
            and self.clock() >= self.created[rkey] + self.visibility_delay
        )
        if not known:
            return Reply(
                400,
                {
                    "error": "RecordNotFound",
                    "message": f"Could not locate record: {uri}",
                },
            )
        return Reply(
            200,
            {
                "uri": f"at://{self.did}/app.bsky.feed.post/{rkey}",
                "cid": self.cids[rkey],
                "value": self.records[rkey],
            },
        )

    def _create_session(self, received: Received) -> Reply:
        try:
            data = json.loads(received.body or b"{}")
        except ValueError:
            return _invalid("Request body is not JSON")
        identifier = str(data.get("identifier", "")).lower()
        if not isinstance(data.get("password"), str) or not identifier:
            return _invalid("Input must have the properties identifier and password")
        known = identifier in (self.handle.lower(), self.did)
        if (
            known
            and self.account_password
            and not data.get("authFactorToken")
            and (hmac.compare_digest(data["password"], self.account_password))
        ):
            return Reply(
                401,
                {
                    "error": "AuthFactorTokenRequired",
                    "message": "A sign in code has been sent to your email address",
                },
            )
        if not known or not hmac.compare_digest(data["password"], self.app_password):
            return Reply(
                401,
                {
                    "error": "AuthenticationRequired",
                    "message": "Invalid identifier or password",
                },
            )
        self.sessions += 1
        return Reply(
            200,
            {
                "accessJwt": self._jwt("com.atproto.appPass", self.token_lifetime),
                "refreshJwt": self._jwt("com.atproto.refresh", 90 * 86400),
                "handle": self.handle,
                "did": self.did,
                "active": True,
            },
        )

    def _upload_blob(self, received: Received) -> Reply:
        lower = {k.lower(): v for k, v in received.headers.items()}
        mime = lower.get("content-type", "*/*").split(";")[0]
        cid = cid_for(received.body, codec=0x55)
        blob = {
            "$type": "blob",
            "ref": {"$link": cid},
            "mimeType": mime,
            "size": len(received.body),
        }
        self.blobs[cid] = blob
        return Reply(200, {"blob": blob})

    def _write(self, method: str, data: dict[str, Any]) -> Reply:
        if data.get("repo") not in (self.did, self.handle):
            return Reply(
                401,
                {
                    "error": "AuthRequired",
                    "message": "Input/repo must be the session's account",
                },
            )
        if data.get("collection") != "app.bsky.feed.post":
            return _invalid("This fake only accepts app.bsky.feed.post")
        record = data.get("record")
        try:
            self.validate_post(record)
        except InvalidRecord as error:
            return _invalid(f"Invalid app.bsky.feed.post record: {error}")
        rkey = data.get("rkey")
        if method == "putRecord" and not isinstance(rkey, str):
            return _invalid('Input must have the property "rkey"')
        if rkey is None:
            self._counter += 1
            rkey = _tid(int(self.clock() * 1_000_000) + self._counter)
        if not TID.fullmatch(str(rkey)):
            return _invalid(
                f"Invalid record key for app.bsky.feed.post: {rkey!r} (must be a TID)"
            )
        encoded = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
        cid = cid_for(encoded)
        uri = f"at://{self.did}/app.bsky.feed.post/{rkey}"
        existing = self.cids.get(rkey)
        if existing is not None:
            if method == "createRecord":
                return Reply(
                    500,
                    {
                        "error": "InternalServerError",
                        "message": "Internal Server Error",
                    },
                )
            if existing == cid:  # the PDS treats an identical put as a no-op
                return Reply(200, {"uri": uri, "cid": cid})
            if "swapRecord" in data and data["swapRecord"] is None:
                return Reply(
                    400,
                    {"error": "InvalidSwap", "message": f"Record was at {existing}"},
                )
        self.records[rkey] = record
        self.cids[rkey] = cid
        self.created[rkey] = self.clock()
        rev = _tid(int(self.clock() * 1_000_000))
        return Reply(
            200,
            {
                "uri": uri,
                "cid": cid,
                "commit": {"cid": cid_for(uri.encode()), "rev": rev},
                "validationStatus": "valid",
            },
        )

    # --- the lexicon -----------------------------------------------------------
    def validate_post(self, record: Any) -> None:
        if not isinstance(record, dict):
            raise InvalidRecord("Record must be an object")
        if record.get("$type") != "app.bsky.feed.post":
            raise InvalidRecord("Record/$type must be app.bsky.feed.post")
        text = record.get("text")
        if not isinstance(text, str):
            raise InvalidRecord('Record must have the property "text"')
        encoded = text.encode("utf-8")
        if len(regex.findall(r"\X", text)) > 300:
            raise InvalidRecord("Record/text must not be longer than 300 graphemes")
        if len(encoded) > 3000:
            raise InvalidRecord("Record/text must not be longer than 3000 characters")
        created = record.get("createdAt")
        if not isinstance(created, str) or not DATETIME.fullmatch(created):
            raise InvalidRecord("Record/createdAt must be a valid datetime")
        try:
            dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidRecord("Record/createdAt must be a valid datetime") from None
        langs = record.get("langs", [])
        if (
            not isinstance(langs, list)
            or len(langs) > 3
            or not all(
                isinstance(x, str) and regex.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", x)
                for x in langs
            )
        ):
            raise InvalidRecord("Record/langs must be up to 3 language tags")
        for number, facet in enumerate(record.get("facets", []) or []):
            self._validate_facet(number, facet, encoded)
        if "embed" in record:
            self._validate_embed(record["embed"])

    def _validate_facet(self, number: int, facet: Any, text: bytes) -> None:
        where = f"Record/facets/{number}"
        index = facet.get("index") if isinstance(facet, dict) else None
        if not isinstance(index, dict):
            raise InvalidRecord(f'{where} must have the property "index"')
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not (
            isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end <= len(text)
        ):
            raise InvalidRecord(f"{where}/index is outside the text's bytes")
        covered = text[start:end]
        features = facet.get("features")
        if not isinstance(features, list) or not features:
            raise InvalidRecord(f'{where} must have the property "features"')
        for feature in features:
            kind = feature.get("$type") if isinstance(feature, dict) else None
            if kind == "app.bsky.richtext.facet#link":
                uri = feature.get("uri")
                if not isinstance(uri, str) or "://" not in uri:
                    raise InvalidRecord(f"{where}/features/uri must be a valid uri")
                if covered != uri.encode("utf-8"):
                    raise InvalidRecord(
                        f"{where} covers {covered.decode('utf-8', 'replace')!r}, "
                        f"not the link {uri!r}"
                    )
            elif kind == "app.bsky.richtext.facet#tag":
                tag = feature.get("tag")
                if (
                    not isinstance(tag, str)
                    or not tag
                    or len(regex.findall(r"\X", tag)) > 64
                ):
                    raise InvalidRecord(f"{where}/features/tag must be 1-64 graphemes")
                if covered.decode("utf-8", "replace")[1:] != tag:
                    raise InvalidRecord(f"{where} does not cover #{tag}")
            elif kind != "app.bsky.richtext.facet#mention":
                raise InvalidRecord(f"{where}/features has an unknown $type {kind!r}")

    def _validate_embed(self, embed: Any) -> None:
        if (
            not isinstance(embed, dict)
            or embed.get("$type") != "app.bsky.embed.external"
        ):
            raise InvalidRecord("Record/embed must be app.bsky.embed.external here")
        external = embed.get("external")
        if not isinstance(external, dict):
            raise InvalidRecord('Record/embed must have the property "external"')
        for key in ("uri", "title", "description"):
            if not isinstance(external.get(key), str):
                raise InvalidRecord(
                    f'Record/embed/external must have the property "{key}"'
                )
        if "://" not in external["uri"]:
            raise InvalidRecord("Record/embed/external/uri must be a valid uri")
        thumb = external.get("thumb")
        if thumb is not None:
            link = (
                (thumb.get("ref") or {}).get("$link")
                if isinstance(thumb, dict)
                else None
            )
            if thumb.get("$type") != "blob" or link not in self.blobs:
                raise InvalidRecord(
                    "Record/embed/external/thumb must be an uploaded blob"
                )
            if (
                not str(thumb.get("mimeType", "")).startswith("image/")
                or int(thumb.get("size", 0)) > 1_000_000
            ):
                raise InvalidRecord(
                    "Record/embed/external/thumb must be an image "
                    "of at most 1000000 bytes"
                )


def _invalid(message: str) -> Reply:
    return Reply(400, {"error": "InvalidRequest", "message": message})


def _tid(micros: int) -> str:
    value = (micros << 10) & ((1 << 63) - 1)
    chars = []
    for _ in range(13):
        chars.append("234567abcdefghijklmnopqrstuvwxyz"[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))
