"""A stable hash of the data a report is built from: equal data, equal fingerprint."""

import datetime
import hashlib
import json
from decimal import Decimal


def _json_default(value):
    if isinstance(value, Decimal):
        # normalize(): 32.1800 and 32.18 are the same figure.
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def data_fingerprint(data: dict, *, template_version: str) -> str:
    """SHA-256 of the data's canonical JSON, hashed as it is encoded: a register of 100,000 enterprises is never
    held as one JSON string (the same bytes, so the same fingerprint, as hashing `json.dumps` of it)."""
    encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    digest = hashlib.sha256()
    for chunk in encoder.iterencode({"template_version": template_version, "data": data}):
        digest.update(chunk.encode("utf-8"))
    return digest.hexdigest()
