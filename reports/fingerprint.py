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
    payload = json.dumps(
        {"template_version": template_version, "data": data},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
