"""The review page's routes, all under ``/review`` and kept out of the OpenAPI document.

GET  /review/                 the queue, with filters (action, label, target, source) and paging
GET  /review/items/{id}       one item: highlighted evidence, voices, scores, reasons, reviews, audit trail
POST /review/items/{id}/review  confirm or overturn (reason required, CSRF token checked)
GET|POST /review/analyze      the paste box: analyse any text; stored only when asked
GET|POST /review/login, POST /review/logout   sessions opened with an API key (none with --no-auth)
GET  /review/static/{name}    the page's own CSS and JS (no CDN)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from hatescope.api.security import Principal
from hatescope.errors import Forbidden, HatescopeError, InputTooLarge, NotFound, StoreError
from hatescope.store import REVIEW_DECISIONS
from hatescope.types import ACTIONS, KINDS, Analysis
from hatescope.web import highlight as hl
from hatescope.web.pages import (
    PREFIX,
    STATIC,
    PageContext,
    error_page,
    int_param,
    page_context,
    redirect,
    render,
    safe_next,
    to_login,
    web_state,
)
from hatescope.web.session import csrf_ok, new_session

router = APIRouter(prefix=PREFIX, include_in_schema=False)
root_router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
_STATIC_TYPES = {"web.css": "text/css; charset=utf-8", "web.js": "text/javascript; charset=utf-8"}
_MAX_FILTER_CHARS = 200
_MAX_ID = 2**63 - 1
_NO_STORE = "this server has no database: start it with `hatescope serve --db URL` to review stored items"


def _refuse_form(ctx: Any, csrf: str) -> Response | None:
    """A form POST needs a signed-in reviewer and the session's CSRF token; the refusal page otherwise."""
    if ctx.user is None:
        return to_login(ctx)
    if not csrf_ok(ctx.session, csrf):
        return _csrf_refused(ctx)
    return None


def _csrf_refused(ctx: PageContext) -> Response:
    return error_page(ctx, status=Forbidden.http_status, code=Forbidden.code,
                      message="the form expired or came from another site; reload the page and try again")


@root_router.get("/")
def root() -> Response:
    return RedirectResponse(PREFIX + "/", status_code=307)


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in _STATIC_TYPES:  # a fixed allow-list: no path from the URL ever reaches the filesystem
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(STATIC / name, media_type=_STATIC_TYPES[name], headers={"cache-control": "max-age=3600"})


def analysis_view(analysis: Analysis) -> dict[str, Any]:
    """What the analysis partial template needs, for a stored item or the paste box."""
    findings = list(analysis.findings)
    show_voices = analysis.kind == "article" or any(s.kind != "author" or s.speaker for s in analysis.segments)
    return {
        "a": analysis,
        "marked": hl.highlight(analysis.text, findings),
        "findings": findings,
        "bars": hl.score_bars(analysis.scores),
        "legend": [(label, hl.label_class(label)) for label in hl.labels_present(findings)],
        "voices": hl.voices(analysis.segments, findings) if show_voices else [],
        "segments": {s.index: s for s in analysis.segments},
        "label_class": hl.label_class,
    }


# ------------------------------------------------------------------ queue
@router.get("/")
def queue_page(request: Request) -> Response:
    ctx = page_context(request)
    if ctx.user is None:
        return to_login(ctx)
    if ctx.store is None:
        return error_page(ctx, status=503, code=StoreError.code, message=_NO_STORE)
    q = request.query_params
    filters = {k: (q.get(k) or "").strip()[:_MAX_FILTER_CHARS] or None for k in ("action", "label", "target", "source")}
    if filters["action"] is not None and filters["action"] not in ACTIONS:
        filters["action"] = None  # the select only offers known actions; anything else means "all"
    limit = int_param(q.get("limit"), default=PAGE_SIZE, low=1, high=200)
    offset = int_param(q.get("offset"), default=0, low=0, high=2**31)
    try:
        entries = ctx.store.queue(limit=limit, offset=offset, **filters)
        total = ctx.store.queue_count(**filters)
    except HatescopeError as exc:
        return error_page(ctx, exc)
    kept = {k: v for k, v in filters.items() if v}

    def page_url(new_offset: int) -> str:
        return f"{PREFIX}/?" + urlencode({**kept, "limit": limit, "offset": new_offset})

    return render(
        ctx, "queue.html",
        entries=entries, total=total, filters=filters, limit=limit, offset=offset,
        prev_url=page_url(max(0, offset - limit)) if offset > 0 else None,
        next_url=page_url(offset + limit) if offset + limit < total else None,
        targets_seen=sorted({t for e in entries for t in e.targets}),
        sources_seen=sorted({e.source for e in entries}),
    )


# ------------------------------------------------------------------ item
def _item_page(ctx: PageContext, item_id: int, *, status: int = 200, form_error: str = "",
               form: dict[str, str] | None = None, restored: bool = False) -> Response:
    if ctx.store is None:
        return error_page(ctx, status=503, code=StoreError.code, message=_NO_STORE)
    try:
        item = ctx.store.get_item(item_id)
        reviews = ctx.store.reviews(item_id)
        audit = ctx.store.audit(item_id)
        upcoming = [e for e in ctx.store.queue(limit=2) if e.item_id != item_id][:1]
    except HatescopeError as exc:
        return error_page(ctx, exc)
    view = analysis_view(item.analysis.to_analysis()) if item.analysis is not None else None
    return render(
        ctx, "item.html", status=status,
        item=item, view=view, reviews=reviews, audit=audit,
        next_item=upcoming[0].item_id if upcoming else None,
        saved=ctx.request.query_params.get("reviewed") == "1",
        form_error=form_error, form=form or {"decision": "", "reason": "", "action": ""}, restored=restored,
    )


def _parse_item_id(raw: str) -> int | None:
    """Item ids are positive 64-bit integers; anything else is simply not found (a page, not a crash)."""
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= _MAX_ID else None


def _not_found(ctx: PageContext, raw: str) -> Response:
    return error_page(ctx, status=NotFound.http_status, code=NotFound.code, message=f"no item with id {raw[:40]}")


@router.get("/items/{raw_id}")
def item_page(request: Request, raw_id: str) -> Response:
    ctx = page_context(request)
    if ctx.user is None:
        return to_login(ctx)
    item_id = _parse_item_id(raw_id)
    if item_id is None:
        return _not_found(ctx, raw_id)
    draft = web_state(request).drafts.take(ctx.session.get("draft"), item_id)
    if draft is not None:  # typed before the session ended: shown again, saved only when submitted again
        ctx.session.pop("draft", None)
        ctx.dirty = True
        return _item_page(ctx, item_id, form=draft.form(), restored=True)
    return _item_page(ctx, item_id)


def _keep_draft_and_login(ctx: PageContext, item_id: int, form: dict[str, str]) -> Response:
    """No one is signed in (the session ended while they typed): keep the form, sign in, come back to the item.

    The login then returns to the item page (a GET), never to this POST-only URL, and the page shows the form
    filled in again; only the token that finds the draft travels in the cookie."""
    ctx.session["draft"] = web_state(ctx.request).drafts.put(item_id, **form)
    ctx.dirty = True
    return redirect(ctx, f"{PREFIX}/login?next={quote(f'{PREFIX}/items/{item_id}', safe='')}")


@router.post("/items/{raw_id}/review")
def review_item(
    request: Request,
    raw_id: str,
    decision: str = Form(""),
    reason: str = Form(""),
    action: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    ctx = page_context(request)
    item_id = _parse_item_id(raw_id)
    form = {"decision": decision, "reason": reason, "action": action}
    if ctx.user is None:
        return to_login(ctx) if item_id is None else _keep_draft_and_login(ctx, item_id, form)
    if item_id is None:
        return _not_found(ctx, raw_id)
    if not csrf_ok(ctx.session, csrf):
        # Nothing is saved (the token is what proves the form came from this page), but the text comes back
        # in a fresh form with a valid token, for the reviewer to check and submit themselves.
        return _item_page(ctx, item_id, status=403, form=form,
                          form_error="This form had expired, so nothing was saved. Your review is below: check it and submit it again.")
    if decision not in REVIEW_DECISIONS:
        return _item_page(ctx, item_id, status=400, form_error="Choose Confirm or Overturn.", form=form)
    if not reason.strip():
        return _item_page(ctx, item_id, status=400, form_error="A review needs a reason.", form=form)
    if ctx.store is None:
        return error_page(ctx, status=503, code=StoreError.code, message=_NO_STORE)
    try:
        ctx.store.review(item_id, decision=decision, reason=reason, reviewer=ctx.user.name,
                         action=action if action in ACTIONS else None)
    except HatescopeError as exc:
        if exc.code.startswith("HS1"):
            return _item_page(ctx, item_id, status=400, form_error=exc.message, form=form)
        return error_page(ctx, exc)
    return redirect(ctx, f"{PREFIX}/items/{item_id}?reviewed=1")


# ------------------------------------------------------------------ paste box
@router.get("/analyze")
def analyze_form(request: Request) -> Response:
    ctx = page_context(request)
    if ctx.user is None:
        return to_login(ctx)
    return render(ctx, "analyze.html", text="", kind="post", store_it=False, source="web", view=None,
                  stored_id=None, error="", kinds=KINDS)


@router.post("/analyze")
def analyze_submit(
    request: Request,
    text: str = Form(""),
    kind: str = Form("post"),
    store: str = Form(""),
    source: str = Form("web"),
    csrf: str = Form(""),
) -> Response:
    ctx = page_context(request)
    refused = _refuse_form(ctx, csrf)
    if refused is not None:
        return refused
    store_it = store == "on"
    values: dict[str, Any] = {"text": text, "kind": kind, "store_it": store_it, "source": source or "web",
                              "view": None, "stored_id": None, "error": "", "kinds": KINDS}
    services = ctx.services
    try:
        if len(text) > services.config.max_text_chars:
            raise InputTooLarge(f"text has {len(text):,} characters; the limit is {services.config.max_text_chars:,}")
        analysis = services.workers.analyze_blocking(text, kind)  # the API's lanes and time budget, not this thread
        values["view"] = analysis_view(analysis)
        if store_it:
            if ctx.store is None:
                values["error"] = "Not stored: " + _NO_STORE
            else:
                item = ctx.store.ingest(source=(source or "web").strip()[:_MAX_FILTER_CHARS] or "web", external_id=None,
                                        text=text, kind=analysis.kind, author=None, analysis=analysis)
                values["stored_id"] = item.id
    except HatescopeError as exc:
        values["error"] = f"{exc.code}: {exc.message}"
        return render(ctx, "analyze.html", status=400 if exc.code.startswith("HS1") else exc.http_status, **values)
    return render(ctx, "analyze.html", **values)


# ------------------------------------------------------------------ login
@router.get("/login")
def login_form(request: Request) -> Response:
    ctx = page_context(request)
    nxt = safe_next(request.query_params.get("next"))
    if ctx.user is not None:
        return redirect(ctx, nxt)
    return render(ctx, "login.html", next=nxt, error="")


@router.post("/login")
def login_submit(request: Request, key: str = Form(""), csrf: str = Form(""), next: str = Form("")) -> Response:  # noqa: A002
    ctx = page_context(request)
    nxt = safe_next(next)
    if not ctx.services.config.auth:
        return redirect(ctx, nxt)
    if not csrf_ok(ctx.session, csrf):
        return render(ctx, "login.html", status=403, next=nxt, error="The form expired; please try again.")
    host = request.client.host if request.client else "local"
    try:  # guessing keys costs the same budget as any anonymous client
        ctx.services.limiter.check(Principal(id=f"web-login:{host}", name="web-login", rate_limit_per_min=30, authenticated=False))
    except HatescopeError as exc:
        return render(ctx, "login.html", status=429, next=nxt, error=exc.message)
    key = key.strip()
    found = ctx.store.verify_api_key(key) if (ctx.store is not None and 0 < len(key) <= 256) else None
    if found is None or not found.active:
        return render(ctx, "login.html", status=401, next=nxt, error="That API key is not valid.")
    # A fresh session (new CSRF token) on login, so a token planted before login is worthless after it.
    # A review draft kept while signed out stays findable: the item page shows it, filled in, for submitting.
    draft = ctx.session.get("draft")
    ctx.session = {**new_session(), "key_id": found.key_id, "name": found.name}
    if isinstance(draft, str):
        ctx.session["draft"] = draft
    ctx.dirty = True
    return redirect(ctx, nxt)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    ctx = page_context(request)
    if csrf_ok(ctx.session, csrf):
        ctx.session, ctx.dirty = new_session(), True
    return redirect(ctx, f"{PREFIX}/login")


__all__ = ["router", "root_router", "analysis_view"]
