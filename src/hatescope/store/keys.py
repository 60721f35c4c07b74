"""API keys: shown once, stored only as a SHA-256 hash.

A key looks like ``hs_<key_id>_<token>``: the key id (8 hex chars) finds the row without
scanning, the token is 32 random bytes (url-safe base64). A SHA-256 of the whole key is enough
here — the token has 256 bits of entropy, so slow password hashes would add nothing but latency
to every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone

from sqlalchemy import select

from hatescope.errors import InvalidKeySettings, NotFound
from hatescope.store import convert
from hatescope.store.models import ApiKeyRow
from hatescope.store.records import ApiKey

PREFIX = "hs_"


def _hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def key_id_of(plaintext: str) -> str | None:
    """The key id inside a plaintext key, or None when it is not shaped like one of ours."""
    if not isinstance(plaintext, str) or not plaintext.startswith(PREFIX):
        return None
    parts = plaintext[len(PREFIX):].split("_", 1)
    if len(parts) != 2 or len(parts[0]) != 8 or not parts[1]:
        return None
    return parts[0]


class ApiKeyMixin:
    """Store methods for API keys (mixed into ``Store``)."""

    def create_api_key(self, name: str, rate_limit_per_min: int = 60, *, actor: str = "admin") -> tuple[str, str]:
        name = (name or "").strip()
        if not name or len(name) > 200:
            raise InvalidKeySettings("an API key needs a name of 1..200 characters")
        if int(rate_limit_per_min) < 1:
            raise InvalidKeySettings("rate_limit_per_min must be at least 1")
        with self._write() as s:  # type: ignore[attr-defined]
            while True:  # 8 hex chars: collisions are rare, but never reuse an id
                key_id = secrets.token_hex(4)
                if s.get(ApiKeyRow, key_id) is None:
                    break
            plaintext = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
            s.add(ApiKeyRow(key_id=key_id, name=name, key_hash=_hash(plaintext),
                            rate_limit_per_min=int(rate_limit_per_min), created_at=datetime.now(timezone.utc)))
            self._log(s, "api_key.create", item_id=None, actor=actor, key_id=key_id, name=name,  # type: ignore[attr-defined]
                      rate_limit_per_min=int(rate_limit_per_min))
        return key_id, plaintext

    def verify_api_key(self, plaintext: str) -> ApiKey | None:
        """The key's record when ``plaintext`` is a valid, unrevoked key; None otherwise."""
        key_id = key_id_of(plaintext)
        if key_id is None:
            return None
        with self._read() as s:  # type: ignore[attr-defined]
            row = s.get(ApiKeyRow, key_id)
            if row is None or row.revoked_at is not None:
                return None
            if not hmac.compare_digest(row.key_hash, _hash(plaintext)):  # constant time: no timing oracle
                return None
            return convert.api_key(row)

    def get_api_key(self, key_id: str) -> ApiKey:
        with self._read() as s:  # type: ignore[attr-defined]
            row = s.get(ApiKeyRow, key_id)
            if row is None:
                raise NotFound(f"no API key with id {key_id}", key_id=key_id)
            return convert.api_key(row)

    def list_api_keys(self) -> list[ApiKey]:
        with self._read() as s:  # type: ignore[attr-defined]
            return [convert.api_key(r) for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))]

    def revoke_api_key(self, key_id: str, *, actor: str = "admin") -> ApiKey:
        with self._write() as s:  # type: ignore[attr-defined]
            row = s.get(ApiKeyRow, key_id)
            if row is None:
                raise NotFound(f"no API key with id {key_id}", key_id=key_id)
            if row.revoked_at is None:
                row.revoked_at = datetime.now(timezone.utc)
                self._log(s, "api_key.revoke", item_id=None, actor=actor, key_id=key_id)  # type: ignore[attr-defined]
            s.flush()
            return convert.api_key(row)
