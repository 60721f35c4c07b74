"""What every review-page handler shares: the session, who is logged in, rendering, safe redirects.

The page reads the API's shared services (``request.app.state.services``: engine, store, config)
and its own state (``request.app.state.web``: the cookie signer and the templates), set by
``hatescope.web.mount``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hatescope.errors import Conflict, HatescopeError, NotFound
from hatescope.labels import catalogue as label_catalogue
from hatescope.types import ACTIONS
from hatescope.web.drafts import DraftBox
from hatescope.web.session import COOKIE_NAME, SessionCodec, new_session

PREFIX = "/review"
TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
#: Store codes that are the client's doing (a plain StoreError may carry them), with their HTTP status.
_STORE_STATUS = {NotFound.code: NotFound.http_status, Conflict.code: Conflict.http_status}

#: Strict CSP: only this server's own script and stylesheet, no inline code, no framing, no other hosts.
_SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


@dataclass
class WebState:
    codec: SessionCodec
    templates: jinja2.Environment
    #: Review forms submitted after the session ended, until their reviewer signs in again.
    drafts: DraftBox = field(default_factory=DraftBox)


def make_templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every {{ }} is escaped; only highlight() output is Markup, built from escaped pieces
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The queue's label filter lists every label known when the page is drawn (plug-ins' declared at engine load).
    env.globals.update(prefix=PREFIX, actions=ACTIONS, score_labels=label_catalogue)
    # Readable JSON (no \uXXXX escapes); autoescape still escapes the result like any other text.
    env.filters["compact_json"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return env


@dataclass(frozen=True)
class Reviewer:
    """Who is using the page: an API key's name, or ``local`` when the server runs with --no-auth."""

    name: str
    key_id: str | None


@dataclass
class PageContext:
    request: Request
    session: dict[str, Any]
    #: True when the cookie must be (re)written: a new session, a login or a logout.
    dirty: bool
    user: Reviewer | None

    @property
    def services(self) -> Any:
        return self.request.app.state.services

    @property
    def store(self) -> Any:
        return self.services.store


def web_state(request: Request) -> WebState:
    return request.app.state.web


def _web(request: Request) -> WebState:
    return request.app.state.web


def page_context(request: Request) -> PageContext:
    session = _web(request).codec.loads(request.cookies.get(COOKIE_NAME))
    dirty = session is None
    session = session or new_session()
    return PageContext(request=request, session=session, dirty=dirty, user=current_user(request, session))


def current_user(request: Request, session: dict[str, Any]) -> Reviewer | None:
    services = request.app.state.services
    if not services.config.auth:
        return Reviewer(name="local", key_id=None)
    key_id = session.get("key_id")
    if not isinstance(key_id, str) or services.store is None:
        return None
    try:
        key = services.store.get_api_key(key_id)
    except NotFound:
        return None
    # Checked on every request, so revoking the key ends the sessions it opened.
    return Reviewer(name=key.name, key_id=key.key_id) if key.active else None


def finish(ctx: PageContext, response: Response) -> Response:
    """Write the session cookie when it changed, and the security headers on every page."""
    if ctx.dirty:
        codec = _web(ctx.request).codec
        response.set_cookie(
            COOKIE_NAME,
            codec.dumps(ctx.session),
            max_age=codec.max_age,
            path=PREFIX,
            httponly=True,
            samesite="lax",
            secure=ctx.request.url.scheme == "https",
        )
    for name, value in _SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def render(ctx: PageContext, template: str, *, status: int = 200, **values: Any) -> Response:
    services = ctx.services
    html = _web(ctx.request).templates.get_template(template).render(
        csrf=ctx.session["csrf"],
        user=ctx.user,
        auth=bool(services.config.auth),
        has_store=services.store is not None,
        path=ctx.request.url.path,
        **values,
    )
    return finish(ctx, HTMLResponse(html, status_code=status))


def redirect(ctx: PageContext, url: str) -> Response:
    return finish(ctx, RedirectResponse(url, status_code=303))


def safe_next(target: str | None) -> str:
    """Only redirect back into the review page (no open redirect to another host)."""
    if (
        target
        and target.startswith(PREFIX + "/")
        and not target.startswith("//")
        and "\\" not in target
        and all(ord(c) > 31 for c in target)
    ):
        return target
    return PREFIX + "/"


def to_login(ctx: PageContext) -> Response:
    here = ctx.request.url.path + (f"?{ctx.request.url.query}" if ctx.request.url.query else "")
    return redirect(ctx, f"{PREFIX}/login?next={quote(here, safe='')}")


def error_page(ctx: PageContext, exc: HatescopeError | None = None, *, status: int | None = None,
               code: str = "", message: str = "") -> Response:
    if exc is not None:
        code, message = exc.code, exc.message
        status = status or _STORE_STATUS.get(exc.code, getattr(exc, "http_status", 500))
    return render(ctx, "error.html", status=status or 500, code=code, message=message)


def int_param(value: str | None, *, default: int, low: int, high: int) -> int:
    """A query-string integer, clamped; garbage falls back to the default (a page, not a 422)."""
    try:
        number = int(value) if value not in (None, "") else default
    except ValueError:
        return default
    return max(low, min(high, number))
