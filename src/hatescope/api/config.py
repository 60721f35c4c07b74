"""What an operator can set on the HTTP API. Every limit here is documented in docs/API.md.

Each field's ``description`` is also its line in docs/CONFIG.md: ``hatescope.settings`` takes these
fields as they are (type, default, bounds), so a limit is defined once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from hatescope.api.languages import report_languages
from hatescope.errors import AnalysisTimedOut, InputTooLarge, ServerBusy

#: Perspective API refuses comments over 20 KB of UTF-8; the compatible endpoint keeps that limit.
PERSPECTIVE_MAX_TEXT_BYTES = 20_480


class ApiConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db_url: str | None = Field(default=None, description=(
        "Database URL for items, the review queue and API keys (none: no store; key auth then needs `store=`)."))
    auth: bool = Field(default=True, description="Require API keys; off serves without keys (loopback addresses only).")
    anonymous_rate_limit_per_min: int = Field(default=600, ge=1, description=(
        "Requests per minute per client when running without keys (keys carry their own limit)."))
    key_cache_seconds: float = Field(default=10.0, ge=0, description=(
        "Seconds a verified key is trusted before the store is asked again (the revocation delay)."))
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description=(
        f"Largest request body accepted on JSON endpoints, in bytes (413 {InputTooLarge.code} above it)."))
    max_image_bytes: int = Field(default=8 * 1_048_576, ge=1024, description=(
        "Largest multipart body (an image upload on /v1/analyze), in bytes."))
    max_text_chars: int = Field(default=100_000, ge=1, description="Largest text of one native item, in characters.")
    perspective_max_text_bytes: int = Field(default=PERSPECTIVE_MAX_TEXT_BYTES, ge=1, description=(
        "Largest comment on the Perspective-compatible endpoint, in UTF-8 bytes."))
    max_batch_items: int = Field(default=64, ge=1, le=1024, description="Most items in one POST /v1/analyze:batch.")
    analysis_workers: int = Field(default=0, ge=0, le=64, description=(
        "Threads that run the engine (0: one per CPU core, at most 4); requests beyond that wait and are batched."))
    analysis_batch_max: int = Field(default=16, ge=1, le=256, description="Most waiting texts one worker analyses together.")
    time_budget_s: float = Field(default=10.0, gt=0, le=3600, description=(
        f"Seconds a request may wait for its analysis (queue and work together); 504 {AnalysisTimedOut.code} past it."))
    isolate_above_chars: int = Field(default=2_000, ge=0, description=(
        "Texts longer than this (characters) are analysed apart, in their own lane (docs/API.md, Concurrency)."))
    isolation: Literal["process", "thread"] = Field(default="process", description=(
        "How the long-text lane runs: `process` (worker processes, stopped at the time budget) or `thread`."))
    isolated_workers: int = Field(default=0, ge=0, le=16, description=(
        "Workers in the long-text lane (0: one per core, at most 2)."))
    isolated_queue_max: int = Field(default=8, ge=1, le=1024, description=(
        f"Long texts that may wait for a worker; more get 503 {ServerBusy.code} with Retry-After."))
    analysis_queue_max: int = Field(default=1024, ge=1, le=100_000, description=(
        f"Short texts that may wait for an analysis thread; more get 503 {ServerBusy.code} with Retry-After."))
    cors_origins: list[str] = Field(default_factory=list, description=(
        "Browser origins allowed by CORS; none (the default) sends no CORS headers at all."))
    supported_languages: list[str] = Field(default_factory=list, description=(
        "Languages the Perspective-compatible endpoint answers for (BCP-47 primary subtags); others get "
        "Perspective's 400. Empty (the default): the languages that meet the documented bar in the packaged "
        "report data/language_support.json, read at startup (docs/MULTILINGUAL.md)."))
    store_perspective_comments: bool = Field(default=True, description=(
        "Store Perspective-endpoint comments (unless the request says `doNotStore`) when a store is open."))
    default_source: str = Field(default="api", description="The `source` recorded for items stored through the API.")
    access_log: bool = Field(default=True, description="One log line per request (never its text, query string or key).")
    log_text: bool = Field(default=False, description=(
        "Put request bodies (post texts) and exception messages, which may quote them, in the logs. Off: never."))
    web_secret: SecretStr | None = Field(default=None, description=(
        "Signs the review page's session cookie; set it when several server processes share the traffic "
        "(none: a random one per process, so sessions end on restart)."))

    @model_validator(mode="after")
    def _languages_from_report(self) -> "ApiConfig":
        # Read here, when the server's config is built, so the list is the measured one, never a typed copy.
        if not self.supported_languages:
            self.supported_languages = report_languages()
        return self
