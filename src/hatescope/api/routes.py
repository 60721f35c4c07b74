"""The endpoints. Thin: check the request, call the engine or the store, shape the JSON."""

from __future__ import annotations

import json
import logging
from typing import Any, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

import hatescope
from hatescope.api import perspective, schemas
from hatescope.api.discovery import discovery_document
from hatescope.api.languages import load_language_support
from hatescope.api.errors import ImageUnsupported, MalformedRequest, StoreUnavailable
from hatescope.api.security import Principal, auth_dependencies, authenticate
from hatescope.errors import (
    HatescopeError, InputTooLarge, InvalidImage, NotFound, TooManyItems, UnsupportedFormat,
)
from hatescope.ingest import validate_kind
from hatescope.types import Analysis

log = logging.getLogger("hatescope.api")

_MAX_ID = 2**63 - 1
_NATIVE_ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": schemas.ErrorBody} for s in (400, 401, 404, 413, 415, 422, 429, 500, 503)
}
#: Endpoints that analyse text may also run out of time (504 HS601).
_ANALYSIS_ERRORS: dict[int | str, dict[str, Any]] = {**_NATIVE_ERRORS, 504: {"model": schemas.ErrorBody}}
_PERSPECTIVE_ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": schemas.GoogleErrorBody} for s in (400, 401, 413, 429, 500, 503, 504)
}

router = APIRouter()
_auth = [Depends(authenticate), *auth_dependencies()]


def _services(request: Request) -> Any:
    return request.app.state.services


def _store(request: Request) -> Any:
    store = _services(request).store
    if store is None:
        raise StoreUnavailable("this server has no database; start it with `hatescope serve --db URL`")
    return store


# ------------------------------------------------------------------ Perspective-compatible
@router.post(
    "/v1alpha1/comments:analyze",
    tags=["perspective"],
    response_model=schemas.AnalyzeCommentResponse,
    response_model_exclude_none=True,
    responses=_PERSPECTIVE_ERRORS,
    dependencies=_auth,
    summary="Perspective API AnalyzeComment, answered by hatescope",
)
async def comments_analyze(body: schemas.AnalyzeCommentRequest, request: Request) -> JSONResponse:
    services = _services(request)
    if body.doNotStore:
        request.state.do_not_store = True
    attributes = perspective.check_attributes(body.requestedAttributes)
    text = perspective.comment_text(
        body.comment.text, body.comment.type, max_bytes=services.config.perspective_max_text_bytes
    )
    languages, detected = perspective.resolve_languages(
        body.languages, text, supported=services.config.supported_languages, attributes=attributes
    )
    analysis = await services.workers.analyze(text, "post")
    services.metrics.count_analyses([analysis.action])
    if services.store is not None and services.config.store_perspective_comments and not body.doNotStore:
        await run_in_threadpool(
            lambda: services.store.ingest(source="perspective", external_id=None, text=body.comment.text, analysis=analysis)
        )
    out = perspective.build_response(
        analysis, body, languages=languages, detected=detected, counts=services.engine.policy.counts
    )
    return JSONResponse(out)


@router.get(
    "/$discovery/rest",
    tags=["perspective"],
    summary="Discovery document for Google API client libraries (Perspective's Python sample)",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}, 404: {"model": schemas.ErrorBody}},
)
def discovery_rest(request: Request, version: str = Query(default="v1alpha1", max_length=20)) -> JSONResponse:
    if version != "v1alpha1":
        raise NotFound(f"no discovery document for version {version}; use v1alpha1")
    languages = _services(request).config.supported_languages
    return JSONResponse(discovery_document(str(request.base_url), languages=languages, support=load_language_support()))


# ------------------------------------------------------------------ native
_ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": schemas.AnalyzeRequest.model_json_schema(ref_template="#/components/schemas/{model}")},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "image": {"type": "string", "format": "binary"},
                        "kind": {"type": "string", "enum": ["post", "article"]},
                    },
                    "required": ["image"],
                }
            },
        },
    }
}


def _analysis_json(analysis: Analysis, item_id: int | None = None) -> dict[str, Any]:
    out = analysis.to_dict()
    out["item_id"] = item_id
    return out


def _store_item(request: Request, analysis: Analysis, *, source: str | None, external_id: str | None, author: str | None) -> int:
    services = _services(request)
    item = _store(request).ingest(
        source=source or services.config.default_source, external_id=external_id,
        text=analysis.text, kind=analysis.kind, author=author, analysis=analysis,
    )
    return int(item.id)


@router.post(
    "/v1/analyze",
    tags=["native"],
    response_model=schemas.AnalysisOut,
    responses=_ANALYSIS_ERRORS,
    dependencies=_auth,
    openapi_extra=_ANALYZE_BODY,
    summary="Analyse one post or article (JSON), or an image (multipart, via OCR)",
)
async def analyze(request: Request) -> JSONResponse:
    services = _services(request)
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        return await _analyze_image(request)
    if "json" not in ctype:
        raise UnsupportedFormat("send application/json, or multipart/form-data with an `image` file")
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; absurd nesting is a RecursionError
        raise MalformedRequest("request body is not valid JSON", http_status=400) from None
    try:
        req = schemas.AnalyzeRequest.model_validate(data)
    except ValidationError as exc:
        raise MalformedRequest(_validation_summary(exc)) from None
    if len(req.text) > services.config.max_text_chars:
        raise InputTooLarge(
            f"text has {len(req.text):,} characters; the limit is {services.config.max_text_chars:,}",
            limit=services.config.max_text_chars,
        )
    if req.store:
        _store(request)  # refuse before analysing when there is nowhere to store

    analysis = await services.workers.analyze(req.text, req.kind)
    services.metrics.count_analyses([analysis.action])
    item_id = None
    if req.store:
        item_id = await run_in_threadpool(
            lambda: _store_item(request, analysis, source=req.source, external_id=req.external_id, author=req.author)
        )
    return JSONResponse(_analysis_json(analysis, item_id))


async def _analyze_image(request: Request) -> JSONResponse:
    services = _services(request)
    try:
        import hatescope.ingest.image  # noqa: F401 - present when this build reads images (Pillow, Tesseract)
    except ImportError:
        raise ImageUnsupported("image analysis is not installed in this build (hatescope.ingest.image)") from None
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - any multipart parser complaint is the client's malformed body
        raise MalformedRequest("multipart body could not be parsed", http_status=400) from None
    upload = form.get("image")
    kind = form.get("kind") or "post"
    if upload is None or isinstance(upload, str):
        raise MalformedRequest("multipart body needs a file field named `image`")
    validate_kind(kind)  # before OCR, which is the expensive part
    data = await upload.read()

    def work() -> dict[str, Any]:
        try:
            analysis = services.engine.analyze_image(data, kind=kind, policy=None)
        except HatescopeError:
            raise
        except Exception:  # noqa: BLE001 - a decoder crash on a hostile file is a bad image, not a 500
            log.exception("image analysis failed")
            raise InvalidImage("the image could not be read") from None
        services.metrics.count_analyses([analysis.action])
        return _analysis_json(analysis)

    return JSONResponse(await run_in_threadpool(work))


def _validation_summary(exc: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()[:5]]
    return "invalid request: " + "; ".join(parts)


@router.post(
    "/v1/analyze:batch",
    tags=["native"],
    response_model=schemas.BatchResponse,
    responses=_ANALYSIS_ERRORS,
    dependencies=_auth,
    summary="Analyse up to max_batch_items texts (default 64) in one request",
)
async def analyze_batch(body: schemas.BatchRequest, request: Request) -> JSONResponse:
    services = _services(request)
    limit = services.config.max_batch_items
    if len(body.items) > limit:
        raise TooManyItems(f"batch has {len(body.items)} items; the limit is {limit}", limit=limit)
    if body.store:
        _store(request)
    results: list[dict[str, Any]] = [{"id": it.id, "analysis": None, "error": None, "item_id": None} for it in body.items]
    good: list[int] = []
    for i, it in enumerate(body.items):
        if len(it.text) > services.config.max_text_chars:
            results[i]["error"] = InputTooLarge(f"text has {len(it.text):,} characters", limit=services.config.max_text_chars).to_dict()
        else:
            good.append(i)
    outcomes = await services.workers.analyze_many([(body.items[i].text, body.items[i].kind) for i in good])
    services.metrics.count_analyses([a.action for a in outcomes if isinstance(a, Analysis)])

    def finish() -> None:  # in the thread pool: storing touches the database
        for i, outcome in zip(good, outcomes):
            if isinstance(outcome, HatescopeError):
                results[i]["error"] = outcome.to_dict()
                continue
            item_id = None
            if body.store:
                external_id = None if body.items[i].id is None else str(body.items[i].id)
                item_id = _store_item(request, outcome, source=body.source, external_id=external_id, author=body.items[i].author)
            results[i]["analysis"] = _analysis_json(outcome, item_id)
            results[i]["item_id"] = item_id

    await run_in_threadpool(finish)
    return JSONResponse({"results": results})


# ------------------------------------------------------------------ store-backed
@router.get("/v1/items/{item_id}", tags=["review"], response_model=schemas.ItemOut, responses=_NATIVE_ERRORS, dependencies=_auth)
def get_item(request: Request, item_id: int = Path(ge=1, le=_MAX_ID)) -> JSONResponse:
    return JSONResponse(_store(request).get_item(item_id).to_dict())


@router.get("/v1/queue", tags=["review"], response_model=schemas.QueueResponse, responses=_NATIVE_ERRORS, dependencies=_auth)
def review_queue(
    request: Request,
    action: Optional[schemas.ActionName] = None,
    label: Optional[str] = Query(default=None, max_length=100),
    target: Optional[str] = Query(default=None, max_length=100),
    source: Optional[str] = Query(default=None, max_length=200),
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0, le=2**31),
) -> JSONResponse:
    store = _store(request)
    filters = {"action": action, "label": label, "target": target, "source": source}
    entries = store.queue(limit=limit, offset=offset, **filters)
    return JSONResponse({"items": [e.to_dict() for e in entries], "total": store.queue_count(**filters)})


@router.post(
    "/v1/items/{item_id}/review", tags=["review"], response_model=schemas.ReviewOut, responses=_NATIVE_ERRORS, dependencies=_auth
)
def review_item(body: schemas.ReviewRequest, request: Request, item_id: int = Path(ge=1, le=_MAX_ID)) -> JSONResponse:
    principal: Principal = request.state.principal
    record = _store(request).review(
        item_id, decision=body.decision, reason=body.reason, reviewer=body.reviewer or principal.name,
        labels=body.labels, action=body.action,
    )
    return JSONResponse(record.to_dict())


@router.get(
    "/v1/items/{item_id}/audit", tags=["review"], response_model=schemas.AuditResponse, responses=_NATIVE_ERRORS, dependencies=_auth
)
def item_audit(request: Request, item_id: int = Path(ge=1, le=_MAX_ID)) -> JSONResponse:
    store = _store(request)
    store.get_item(item_id)  # 404 for an unknown item rather than an empty log
    return JSONResponse({"events": [e.to_dict() for e in store.audit(item_id)]})


# ------------------------------------------------------------------ operations
@router.get("/healthz", tags=["operations"], response_model=schemas.Health)
def healthz(request: Request) -> JSONResponse:
    services = _services(request)
    return JSONResponse({
        "status": "ok",
        "version": hatescope.__version__,
        "auth": services.config.auth,
        "store": services.store is not None,
        "detectors": [d.name for d in services.engine.config.detectors],
        "long_text_workers": services.workers.long.workers,
        "long_text_workers_ready": services.workers.long_ready(),
    })


@router.get("/metrics", tags=["operations"], response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(request: Request) -> Response:
    m = _services(request).metrics
    return Response(m.render(), media_type=m.content_type)
