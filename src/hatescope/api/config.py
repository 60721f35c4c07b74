"""What an operator can set on the HTTP API. Every limit here is documented in docs/API.md."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from hatescope.detect.multilingual import TRAINED_LANGUAGES

#: Perspective API refuses comments over 20 KB of UTF-8; the compatible endpoint keeps that limit.
PERSPECTIVE_MAX_TEXT_BYTES = 20_480


class ApiConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: Database URL for items, the review queue and API keys (``None``: no store; key auth then needs ``store=``).
    db_url: str | None = None
    #: ``False`` runs without API keys (``hatescope serve --no-auth``, loopback only).
    auth: bool = True
    #: Requests per minute per client when running without keys (keys carry their own limit).
    anonymous_rate_limit_per_min: int = Field(default=600, ge=1)
    #: How long a verified key is trusted before the store is asked again (revocation delay).
    key_cache_seconds: float = Field(default=10.0, ge=0)
    #: Largest request body accepted on JSON endpoints, in bytes (413 HS103 above it).
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    #: Largest multipart body (image upload on /v1/analyze), in bytes.
    max_image_bytes: int = Field(default=8 * 1_048_576, ge=1024)
    #: Largest text of one native item, in characters.
    max_text_chars: int = Field(default=100_000, ge=1)
    #: Largest comment on the Perspective-compatible endpoint, in UTF-8 bytes.
    perspective_max_text_bytes: int = Field(default=PERSPECTIVE_MAX_TEXT_BYTES, ge=1)
    #: Most items in one POST /v1/analyze:batch.
    max_batch_items: int = Field(default=64, ge=1, le=1024)
    #: Threads that run the engine (0: one per CPU core, at most 4); requests beyond that wait and are batched.
    analysis_workers: int = Field(default=0, ge=0, le=64)
    #: Most waiting texts one worker analyses together.
    analysis_batch_max: int = Field(default=16, ge=1, le=256)
    #: Origins allowed by CORS; empty (the default) sends no CORS headers at all.
    cors_origins: list[str] = Field(default_factory=list)
    #: Languages the Perspective-compatible endpoint answers for (BCP-47 primary subtags): English and the
    #: languages the multilingual classifier has training data in. Others get Perspective's 400.
    supported_languages: list[str] = Field(default_factory=lambda: ["en", *TRAINED_LANGUAGES])
    #: Store Perspective-endpoint comments (unless the request says ``doNotStore``) when a store is open.
    store_perspective_comments: bool = True
    #: The ``source`` recorded for items stored through the API.
    default_source: str = "api"
    #: One JSON line per request on the ``hatescope.api.access`` logger (never the text).
    access_log: bool = True
