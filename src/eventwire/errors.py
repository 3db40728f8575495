"""One error type with coded, actionable messages, and the catalogue of reject reasons.

Errors (``EventwireError``) stop a command: misuse, an unreadable database, a bad option. They carry
a stable code (``EW1xx`` usage, ``EW2xx`` store, ``EW3xx`` input, ``EW4xx`` API, ``EW5xx`` eval/bench)
and a sentence that says what to do next. The API renders them as ``{"error": {"code", "message"}}``.

Rejects are not errors: a bad input becomes a row in the ``rejects`` table with one of the reason
codes below and the batch goes on.
"""

from __future__ import annotations

# HTTP status used when an error reaches the API.
_HTTP_STATUS = {"1": 400, "2": 503, "3": 422, "4": 400, "5": 500}


class EventwireError(Exception):
    """A coded error. ``str(err)`` is ``"EW201: message"``."""

    def __init__(self, code: str, message: str, *, status: int | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status or _HTTP_STATUS.get(code[2:3], 500)

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": self.code, "message": self.message}}


# Catalogue of error codes, so docs and tests can list them. Keep messages actionable.
ERRORS: dict[str, str] = {
    "EW101": "Invalid option value.",
    "EW102": "No input paths matched.",
    "EW103": "Unknown output format.",
    "EW104": "Bad filter value (dates must be YYYY-MM-DD, dyads A,B, ISO3 codes three letters).",
    "EW105": "Config file is not valid TOML or has unknown keys.",
    "EW106": "Unknown event/story id.",
    "EW107": "Missing optional dependency.",
    "EW201": "Database cannot be opened.",
    "EW202": "Database schema is newer than this eventwire.",
    "EW203": "Database is locked by another writer.",
    "EW204": "Database is not an eventwire store.",
    "EW205": "Database file is damaged (truncated, zeroed or failing checksums): restore a backup or re-ingest.",
    "EW206": "The read snapshot could not be written (disk full or not writable); the store itself is committed.",
    "EW207": "Writing to the database failed (disk full, I/O error); committed batches are safe: free space and re-run.",
    "EW301": "Input cannot be read.",
    "EW401": "Bad request parameter.",
    "EW402": "Not found.",
    "EW403": "Unauthorised.",
    "EW404": "Request too large.",
    "EW405": "Internal error while answering an API request (logged on the server).",
    "EW406": "Host header not allowed (DNS-rebinding protection; see EVENTWIRE_ALLOWED_HOSTS).",
    "EW501": "Evaluation dataset not found.",
    "EW502": "Score below recorded floor.",
}

# Reject reasons: code -> what it means (shown by `eventwire rejects` and in docs/inputs.md).
REJECT_REASONS: dict[str, str] = {
    "empty": "the input has no content (0 bytes or whitespace only)",
    "unreadable": "the file could not be opened (permissions, vanished, a broken link, a device)",
    "outside_link": "a symbolic link in an input directory points outside it (read only with --follow-symlinks)",
    "binary": "the input is binary (images, archives, executables), not text",
    "decode_error": "the bytes could not be decoded as text in any detected encoding",
    "too_large": "the input is larger than the configured size limit (max_input_bytes / max_doc_chars)",
    "bad_gzip": "the gzip stream is truncated or corrupt, or expands beyond the decompression limit",
    "bad_json": "a JSONL line is not valid JSON or not an object",
    "bad_field": "a JSONL/feed field has the wrong type or no text/html field",
    "bad_feed": "an RSS/Atom feed could not be parsed",
    "bad_warc": "a WARC record is malformed",
    "no_text": "no article text was left after boilerplate removal",
    "too_short": "the article text is shorter than the minimum (min_article_chars)",
    "not_english": "the text is not in English (the coder supports English only)",
    "too_complex": "the markup has a shape that would stall the HTML/feed parser (a tag with thousands of attributes)",
    "timeout": "processing took longer than the per-document time limit",
    "fetch_error": "a URL could not be fetched (network error, HTTP error status)",
    "internal": "an unexpected error while processing this document (please report it)",
}
