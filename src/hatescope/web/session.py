"""The review page's session: a signed, HTTP-only cookie holding who is logged in and a CSRF token.

Nothing secret is kept in the cookie: the API key used to log in is verified once and only its
``key_id`` and name are remembered (every request re-checks that the key is still active, so a
revoked key ends its sessions). The cookie is ``base64url(json) "." base64url(HMAC-SHA256)``;
a cookie whose signature does not match, or whose ``exp`` has passed, is ignored.

The signing secret comes from ``$HATESCOPE_WEB_SECRET`` (set it when several server processes
share the traffic); otherwise each process draws a random one, so sessions end on restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from typing import Any

COOKIE_NAME = "hatescope_review"
SECRET_ENV = "HATESCOPE_WEB_SECRET"
#: Cookies longer than this are not even parsed (a browser sends at most ~4 KB anyway).
_MAX_COOKIE_CHARS = 4096


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def secret_from_env() -> bytes:
    """The configured secret, or a fresh random one (sessions then last as long as the process)."""
    configured = os.environ.get(SECRET_ENV, "")
    if configured:
        return hashlib.sha256(configured.encode("utf-8")).digest()
    return secrets.token_bytes(32)


@dataclass(frozen=True)
class SessionCodec:
    """Signs and checks session cookies. ``max_age`` is in seconds."""

    secret: bytes
    max_age: int = 8 * 3600

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.secret, payload.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, data: dict[str, Any]) -> str:
        body = dict(data)
        body.setdefault("exp", int(time.time()) + self.max_age)
        payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def loads(self, cookie: str | None) -> dict[str, Any] | None:
        """The session in a cookie, or ``None`` when it is missing, forged, malformed or expired."""
        if not cookie or len(cookie) > _MAX_COOKIE_CHARS or cookie.count(".") != 1:
            return None
        payload, signature = cookie.split(".")
        try:
            if not hmac.compare_digest(self._sign(payload), signature):
                return None
            data = json.loads(_unb64(payload))
        except (ValueError, UnicodeError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("exp"), int) or data["exp"] < time.time():
            return None
        if not isinstance(data.get("csrf"), str):
            return None
        return data


def new_session() -> dict[str, Any]:
    """An anonymous session: only a CSRF token (forms need one before anyone logs in)."""
    return {"csrf": secrets.token_urlsafe(32)}


def csrf_ok(session: dict[str, Any], submitted: str | None) -> bool:
    """True when a form carried the session's CSRF token (constant-time comparison)."""
    expected = session.get("csrf")
    if not expected or not submitted:
        return False
    return hmac.compare_digest(str(expected).encode("utf-8"), submitted.encode("utf-8", "surrogatepass"))
