"""Review forms that arrived without a valid session, kept until the reviewer has signed in again.

A session can end while a reviewer types (it expired, the server restarted, the key's cache
lapsed). The form they then submit cannot be saved (nobody is signed in), but it must not be lost
either: the server keeps it here under a random token, puts only the token in the new session's
cookie, and after the login the item page shows the form filled in again. Nothing is saved until
the reviewer submits that form themselves, with the new session's CSRF token: a draft can never
write a review on its own, whoever planted it.

Bounded and short-lived (``max_drafts``, ``ttl_s``) and in this process's memory only: after a
restart the page's own copy in the browser (sessionStorage, ``static/web.js``) restores the text.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

#: A review's reason is at most 4,000 characters (the store refuses longer); a draft keeps no more.
MAX_REASON_CHARS = 4000


@dataclass(frozen=True)
class Draft:
    item_id: int
    decision: str
    reason: str
    action: str

    def form(self) -> dict[str, str]:
        return {"decision": self.decision, "reason": self.reason, "action": self.action}


class DraftBox:
    def __init__(self, *, max_drafts: int = 1000, ttl_s: float = 3600.0) -> None:
        self.max_drafts = max_drafts
        self.ttl_s = ttl_s
        self._drafts: OrderedDict[str, tuple[float, Draft]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, item_id: int, *, decision: str, reason: str, action: str) -> str:
        """Keep a draft; the returned token is what the session cookie carries."""
        token = secrets.token_urlsafe(16)
        draft = Draft(item_id=item_id, decision=decision[:20], reason=reason[:MAX_REASON_CHARS], action=action[:40])
        with self._lock:
            self._expire()
            self._drafts[token] = (time.monotonic() + self.ttl_s, draft)
            while len(self._drafts) > self.max_drafts:
                self._drafts.popitem(last=False)  # the oldest goes first
        return token

    def take(self, token: object, item_id: int) -> Draft | None:
        """The draft for this item under ``token``, removed from the box; None when there is none (or it expired)."""
        if not isinstance(token, str):
            return None
        with self._lock:
            self._expire()
            entry = self._drafts.get(token)
            if entry is None or entry[1].item_id != item_id:
                return None
            del self._drafts[token]
        return entry[1]

    def _expire(self) -> None:
        now = time.monotonic()
        while self._drafts:
            token, (expires, _) = next(iter(self._drafts.items()))
            if expires > now:
                break
            del self._drafts[token]
