"""``POST /v1/moderations``: OpenAI's moderation endpoint, answered by hatescope.

A client of OpenAI's moderation API switches by changing its base URL (and key). The request is
OpenAI's: ``input`` is a string, an array of strings (one result each, in order), or an array of
content parts that together make one input (their texts are analysed as one text, joined by a blank
line, so a quote in one part and its condemnation in the next are read together). ``model`` is
accepted and ignored: the answer names the model that did the work, ``hatescope-<version>``.

Image parts are refused with a 400: this endpoint reads text only (``POST /v1/analyze`` takes an
image upload and reads its text by OCR). Fetching image URLs on a client's behalf is deliberately
not done.

Texts go through the same lanes and time budget as every other analysis (``lanes.py``); errors are
OpenAI-shaped (``moderation_map.openai_error_response``, chosen by path in ``errors.py``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Literal, Optional, Union

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr, create_model
from starlette.responses import JSONResponse

import hatescope
from hatescope.api.errors import MalformedRequest
from hatescope.api.moderation_map import CATEGORY_NAMES, TextPiece, blank_result, moderation_result
from hatescope.api.security import auth_dependencies, authenticate
from hatescope.errors import HatescopeError, InputError, InputTooLarge, TooManyItems, UnsupportedFormat
from hatescope.types import Analysis

PATH = "/v1/moderations"
MODEL_NAME = f"hatescope-{hatescope.__version__}"
#: Between the text parts of one input: a paragraph break, so segmentation sees separate paragraphs.
PART_SEPARATOR = "\n\n"


# ------------------------------------------------------------------ published shapes (OpenAPI)
class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")  # newer OpenAI SDKs may send fields this server does not know


class TextPart(_Lenient):
    type: Literal["text"]
    text: StrictStr


class ImageUrl(_Lenient):
    url: StrictStr


class ImagePart(_Lenient):
    type: Literal["image_url"]
    image_url: ImageUrl


class ModerationRequest(_Lenient):
    input: Union[StrictStr, list[StrictStr], list[Union[TextPart, ImagePart]]] = Field(
        description="A text, texts (one result each), or the content parts of one input (image parts are refused)"
    )
    model: Optional[StrictStr] = Field(default=None, description="Accepted and ignored: hatescope answers")


def _flags_model(name: str, value: Any) -> type[BaseModel]:
    fields: dict[str, Any] = {c.replace("/", "_").replace("-", "_"): (value, Field(alias=c)) for c in CATEGORY_NAMES}
    return create_model(name, **fields)


class ModerationResult(BaseModel):
    flagged: bool
    categories: _flags_model("ModerationCategories", bool)  # type: ignore[valid-type]
    category_scores: _flags_model("ModerationCategoryScores", float)  # type: ignore[valid-type]
    category_applied_input_types: _flags_model(  # type: ignore[valid-type]
        "ModerationAppliedInputTypes", list[Literal["text", "image"]]
    )
    hatescope: dict[str, Any] = Field(description="action, hateful, scores, labels, targets, spans, reasons, versions")


class ModerationResponse(BaseModel):
    id: str
    model: str
    results: list[ModerationResult]


class OpenAIError(BaseModel):
    message: str
    type: str
    param: Optional[str]
    code: Optional[str] = Field(description="the hatescope error code (HSxxx, docs/ERRORS.md)")


class OpenAIErrorBody(BaseModel):
    error: OpenAIError


_ERRORS: dict[int | str, dict[str, Any]] = {s: {"model": OpenAIErrorBody} for s in (400, 401, 413, 429, 500, 503, 504)}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {
            "schema": ModerationRequest.model_json_schema(ref_template="#/components/schemas/{model}"),
        }},
    }
}


# ------------------------------------------------------------------ reading the request
def _bad(message: str, param: str | None) -> MalformedRequest:
    return MalformedRequest(message, http_status=400, param=param)


def _parts_text(parts: list[Any]) -> tuple[str, list[TextPiece]]:
    """The content parts of one input → (the text to analyse, where each part sits in it)."""
    texts: list[tuple[int, str]] = []
    for i, part in enumerate(parts):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "image_url":
            exc = UnsupportedFormat(
                "image inputs are not supported by this endpoint (it reads text); "
                "POST the image to /v1/analyze as multipart/form-data to have its text read by OCR",
                param=f"input[{i}]",
            )
            exc.http_status = 400  # OpenAI answers an input it cannot take with 400, not 415
            raise exc
        if kind != "text" or not isinstance(part.get("text"), str):
            raise _bad(f"input[{i}] must be {{\"type\": \"text\", \"text\": \"...\"}}", f"input[{i}]")
        texts.append((i, part["text"]))
    pieces, joined, at = [], [], 0
    for n, (i, text) in enumerate(texts):
        if n:
            joined.append(PART_SEPARATOR)
            at += len(PART_SEPARATOR)
        pieces.append(TextPiece(part=i, start=at, end=at + len(text)))
        joined.append(text)
        at += len(text)
    return "".join(joined), pieces


def read_inputs(data: Any) -> list[tuple[str, list[TextPiece] | None]]:
    """The inputs of a request body, in order: (text, where its parts sit, or None for a plain string)."""
    if not isinstance(data, dict):
        raise _bad("request body must be a JSON object with an `input`", None)
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise _bad("model must be a string", "model")
    if "input" not in data:
        raise _bad("you must provide an input (a string, an array of strings, or an array of content parts)", "input")
    value = data["input"]
    if isinstance(value, str):
        return [(value, None)]
    if not isinstance(value, list) or not value:
        raise _bad("input must be a string, or a non-empty array of strings or of content parts", "input")
    if all(isinstance(v, str) for v in value):
        return [(v, None) for v in value]
    if all(isinstance(v, dict) for v in value):
        text, pieces = _parts_text(value)
        return [(text, pieces)]
    odd = next((i for i, v in enumerate(value) if not isinstance(v, (str, dict))), None)
    if odd is not None:
        raise _bad(f"input[{odd}] must be a string or a content part object", f"input[{odd}]")
    raise _bad("input must be an array of strings or an array of content parts, not a mix of both", "input")


def _param(index: int, inputs: list[Any], raw_input: Any) -> str:
    return "input" if not isinstance(raw_input, list) or inputs[index][1] is not None else f"input[{index}]"


# ------------------------------------------------------------------ the endpoint
router = APIRouter()


@router.post(
    PATH,
    tags=["openai"],
    response_model=ModerationResponse,
    responses=_ERRORS,
    dependencies=[Depends(authenticate), *auth_dependencies()],
    openapi_extra=_BODY,
    summary="OpenAI moderation (POST /v1/moderations), answered by hatescope",
)
async def create_moderation(request: Request) -> JSONResponse:
    services = request.app.state.services
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # absurd nesting is a RecursionError
        raise _bad("request body is not valid JSON", None) from None
    inputs = read_inputs(data)
    config = services.config
    if len(inputs) > config.max_batch_items:
        raise TooManyItems(f"input has {len(inputs)} texts; the limit is {config.max_batch_items}",
                           limit=config.max_batch_items, param="input")
    for i, (text, _) in enumerate(inputs):
        if len(text) > config.max_text_chars:
            raise InputTooLarge(f"{_param(i, inputs, data['input'])} has {len(text):,} characters; "
                                f"the limit is {config.max_text_chars:,}",
                                limit=config.max_text_chars, param=_param(i, inputs, data["input"]))

    todo = [i for i, (text, _) in enumerate(inputs) if text.strip()]  # a blank text has nothing to moderate
    outcomes = await services.workers.analyze_many([(inputs[i][0], "post") for i in todo])
    analyses: dict[int, Analysis] = {}
    for i, outcome in zip(todo, outcomes):
        if isinstance(outcome, HatescopeError):
            if isinstance(outcome, InputError):
                outcome.details.setdefault("param", _param(i, inputs, data["input"]))
            raise outcome  # a refused text or the time budget (504): OpenAI's shape has no per-input errors
        analyses[i] = outcome
    services.metrics.count_analyses([a.action for a in analyses.values()])

    policy = services.engine.policy
    results = [
        moderation_result(analyses[i], policy, pieces=pieces) if i in analyses
        else blank_result("blank input: nothing to moderate")
        for i, (_, pieces) in enumerate(inputs)
    ]
    request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex[:16]
    return JSONResponse({"id": f"modr-{request_id}", "model": MODEL_NAME, "results": results})
