"""Every error hatescope raises on purpose, with a stable code: the one place each code is defined. The CLI prints
``error HS0xx: message`` and exits with the code's exit status; the HTTP API returns ``{"error": {"code": "HS0xx",
"message": ...}}`` with the code's HTTP status. Codes never change meaning; new ones are appended. Each code is one
class below (exit status, HTTP status, one-line ``meaning``); docs/ERRORS.md is generated from them (``python -m
hatescope.errors_doc --write``) and a test keeps the two in step. Raise sites use the class, never a code literal.

    HatescopeError
    ├── InputError            bad input from a user (HS1xx, exit 2, HTTP 400/413/415/422)
    ├── ConfigError           bad policy / config / lexicon file (HS2xx, exit 3)
    ├── ModelError            model artifact missing or corrupt (HS3xx, exit 4; the API answers 503)
    ├── StoreError            database problems (HS4xx, exit 5)
    ├── AuthError             API keys, rate limits (HS5xx, HTTP 401/403/429)
    └── ServiceUnavailable    the server is full or out of time (HS6xx, exit 7, HTTP 503/504)
"""

from __future__ import annotations

from hatescope.errors_base import MAX_TEXT_CHARS, NOT_USED, ErrorBehaviour  # noqa: F401 - MAX_TEXT_CHARS: import it from here


class HatescopeError(ErrorBehaviour):
    code = "HS000"
    exit_code = 1
    http_status = 500
    meaning = "internal error (a bug: please report it)"


class Interrupted(HatescopeError):
    """Ctrl-C or an aborted prompt on the command line; the CLI prints it, nothing raises it."""

    code = "HS001"
    exit_code = 130
    meaning = "interrupted / aborted"
    http_shown = NOT_USED


class InputError(HatescopeError):
    code = "HS100"
    exit_code = 2
    http_status = 400
    meaning = "invalid input (wrong type...)"


class ConfigError(HatescopeError):
    code = "HS200"
    exit_code = 3
    meaning = "invalid engine config"
    http_shown = NOT_USED


class ModelError(HatescopeError):
    """The API answers every ModelError with 503 (api/errors.py): the server runs but cannot analyse."""

    code = "HS300"
    exit_code = 4
    meaning = "model artifact missing, corrupt (sha256 mismatch) or runtime unavailable"
    http_shown = "503"


class StoreError(HatescopeError):
    code = "HS400"
    exit_code = 5
    meaning = "database error"


class AuthError(HatescopeError):
    code = "HS500"
    exit_code = 6
    http_status = 401
    meaning = "missing or invalid API key"


class ServiceUnavailable(HatescopeError):
    """The server cannot answer this request now (HS6xx, HTTP 503/504): it is full or out of time."""

    code = "HS600"
    exit_code = 7
    http_status = 503
    meaning = "the server cannot answer now (overloaded or out of time)"


# ----------------------------------------------------------------------------------------- HS1xx input
class EmptyInput(InputError):
    code = "HS101"
    meaning = "the text is empty or only white space"


class InvalidEncoding(InputError):
    code = "HS102"
    meaning = ("the input is not valid UTF-8 (the byte offset is given), or a text or id holds a lone surrogate such as "
               'JSON `"\\ud800"` (not valid Unicode; the character offset is given)')


class InputTooLarge(InputError):
    code = "HS103"
    http_status = 413
    meaning = ("the text exceeds 1,000,000 characters; an image file over 20 MB or 40 megapixels "
               "(API: see docs/API.md for request limits)")


class UnknownKind(InputError):
    code = "HS104"
    http_status = 422
    meaning = "`--kind`/`kind` is not `post` or `article`"


class MalformedRecord(InputError):
    code = "HS105"
    http_status = 422
    meaning = ("a batch record is not a JSON object with `id` and string `text`, its id is not a non-empty string or "
               'a number (an object, a list, a boolean, `""`), or a CSV row is broken (an unclosed quote, more fields '
               "than the header); a CSV header without `id` and `text` stops the run")
    exit_shown = "2 (with `--strict`)"


class UnsupportedFormat(InputError):
    code = "HS106"
    http_status = 415
    meaning = "unknown file extension / image format"


class InvalidImage(InputError):
    code = "HS107"
    http_status = 422
    meaning = "corrupt or undecodable image (too large: HS103)"


class NoSuchFile(InputError):
    code = "HS108"
    meaning = "the input file does not exist"
    http_shown = NOT_USED


class InvalidBatchSize(InputError):
    code = "HS109"
    meaning = "`batch_size` below 1 (store ingestion)"


class UnknownDecision(InputError):
    code = "HS110"
    meaning = "unknown review decision (not `confirm`/`overturn`) or unknown action"


class IncompleteReview(InputError):
    code = "HS111"
    meaning = "a review without a reason or reviewer, or a reason over 4,000 characters"


class InvalidKeySettings(InputError):
    code = "HS112"
    meaning = "invalid API key name or rate limit"


class UnreadableInput(InputError):
    code = "HS113"
    http_status = 422
    meaning = ("a batch file is not in the format its extension names (a `.parquet` that is not Parquet); "
               "a damaged Parquet row group is reported with its rows and skipped")


class UnsupportedAttribute(InputError):
    code = "HS120"
    meaning = "Perspective endpoint: an attribute hatescope does not score"


class UnsupportedLanguage(InputError):
    code = "HS121"
    meaning = "Perspective endpoint: a language hatescope does not analyse"


class UnsupportedScoreType(InputError):
    code = "HS122"
    meaning = "Perspective endpoint: a score type other than PROBABILITY"


class TooManyItems(InputTooLarge):
    code = "HS123"
    meaning = "`POST /v1/analyze:batch` with more items than the limit (docs/API.md)"
    exit_shown = NOT_USED


class MethodNotAccepted(InputError):
    """Answered by the API's HTTP error handler (api/errors.py) with the status Starlette chose."""

    code = "HS124"
    http_status = 405
    meaning = "HTTP method or media type not accepted by the endpoint"
    exit_shown, http_shown = NOT_USED, "405/406"


# ----------------------------------------------------------------------------------------- HS2xx config
class PolicyError(ConfigError):
    code = "HS201"
    meaning = "invalid policy file (names the key and the line)"
    http_shown = "400"


class LexiconError(ConfigError):
    code = "HS202"
    meaning = "invalid lexicon file"


class RegistryError(ConfigError):
    code = "HS203"
    meaning = "no component registered under that name"


class UnknownDataset(ConfigError):
    code = "HS204"
    meaning = "`hatescope eval`: unknown dataset name"


class DatasetsNotFound(ConfigError):
    code = "HS205"
    meaning = "datasets folder not found (set `HATESCOPE_DATA`)"


class LanguageReportInvalid(ConfigError):
    code = "HS206"
    meaning = ("the packaged language support report (`data/language_support.json`, read by the API at startup) is "
               "missing, not JSON or of another schema: regenerate it with `hatescope eval --suite languages`")


class UnmetRequirement(ConfigError):
    code = "HS207"
    meaning = ("a detector or stage requires a document fact (`requires`) that no component before it assigns "
               "(`assigns`), or names a fact the document does not have (docs/ADD_A_DETECTOR.md)")


class RuntimeMissing(ConfigError):
    code = "HS230"
    meaning = "an optional runtime (pyspark, pandas, Java) is not installed"


class KeysNeedStore(ConfigError):
    code = "HS250"
    meaning = "`serve` with API keys but no database to keep them in"


class UnsafeBind(ConfigError):
    code = "HS251"
    meaning = "`serve --no-auth` asked to bind a non-loopback address"


class InvalidSetting(ConfigError):
    code = "HS252"
    meaning = ("a server setting is invalid (named, with where it came from: flag, `HATESCOPE_*` variable or TOML file), "
               "unknown in the settings file, or the settings file is missing or not TOML (docs/CONFIG.md)")


# ----------------------------------------------------------------------------------------- HS3xx models
class ModelFileMissing(ModelError):
    code = "HS301"
    meaning = "a classifier file (manifest, encoder, heads) is missing"


class ModelFileCorrupt(ModelError):
    code = "HS302"
    meaning = "a classifier file is corrupt (sha256 mismatch) or cannot be loaded"


class NotASourceCheckout(ModelError):
    code = "HS303"
    meaning = "`hatescope train` outside a source checkout (no `training/`)"
    http_shown = NOT_USED


class UnknownPrecision(ModelError):
    code = "HS304"
    meaning = ("classifier `precision` is not auto/fp32/int8, or int8 was asked of a model without an int8 encoder "
               "or of the PyTorch (GPU) encoder")


class UnknownModel(ModelError):
    code = "HS305"
    meaning = "classifier `model` (`hatescope score --model`) is not one of the packaged models (default, fast)"


class OcrUnavailable(ModelError):
    code = "HS310"
    http_status = 503
    meaning = "Tesseract or a language's data is missing, or OCR failed/timed out"


class DeviceUnavailable(ModelError):
    code = "HS311"
    meaning = ("`--device cuda`: neither PyTorch (`hatescope[gpu]`) nor onnxruntime-gpu can reach a GPU, "
               "an unknown device or backend, or no detector can run there")
    http_shown = NOT_USED


# ----------------------------------------------------------------------------------------- HS4xx store
class NotFound(StoreError):
    code = "HS404"
    http_status = 404
    meaning = "no such item / review / key"


class Conflict(StoreError):
    code = "HS409"
    http_status = 409
    meaning = "the same `(source, external_id)` is already stored with a different text (items are never overwritten)"


class SchemaTooNew(StoreError):
    code = "HS410"
    http_status = 500
    meaning = "the database schema was migrated by a newer hatescope"


# ----------------------------------------------------------------------------------------- HS5xx auth
class InvalidKey(AuthError):
    code = "HS501"
    meaning = "API key not valid (unknown, wrong or revoked)"


class Forbidden(AuthError):
    code = "HS503"
    http_status = 403
    meaning = "key not allowed to do this"


class RateLimited(AuthError):
    code = "HS529"
    http_status = 429
    meaning = "too many requests for this key (see `Retry-After`)"


# ----------------------------------------------------------------------------------------- HS6xx service
class AnalysisTimedOut(ServiceUnavailable):
    code = "HS601"
    http_status = 504
    meaning = "the analysis did not finish within the server's time budget (`serve --time-budget`, default 10 s)"


class ServerBusy(ServiceUnavailable):
    code = "HS602"
    http_status = 503
    meaning = "every analysis worker is busy and the waiting line is full (see `Retry-After`)"


class WorkerDied(ServiceUnavailable):
    code = "HS610"
    http_status = 500
    meaning = ("`score --workers N`: a worker process died (killed, out of memory) and died again after the batches "
               "in flight were retried on fresh workers; the output holds every record before the batch named")
    http_shown = NOT_USED
