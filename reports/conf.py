"""Settings of the reports app, each overridable in Django settings under the same name."""

from django.conf import settings

# Bumped whenever the PDF templates change what a report shows: a new version never reuses an old file.
TEMPLATE_VERSION = "2026.1"


def _get(name: str, default):
    return getattr(settings, name, default)


def render_soft_time_limit() -> int:
    return _get("REPORTS_RENDER_SOFT_TIME_LIMIT", settings.CELERY_TASK_SOFT_TIME_LIMIT)


def render_time_limit() -> int:
    return _get("REPORTS_RENDER_TIME_LIMIT", settings.CELERY_TASK_TIME_LIMIT)


def stale_claim_seconds() -> int:
    """A running claim older than this belongs to a dead worker: the hard limit would have ended it."""
    return _get("REPORTS_STALE_CLAIM_SECONDS", render_time_limit() + 30)


def pending_grace_seconds() -> int:
    """A pending row not (re)sent to the broker for this long is sent again by the sweeper."""
    return _get("REPORTS_PENDING_GRACE_SECONDS", 60)


def render_delay_seconds() -> float:
    """Extra pause inside rendering; zero in production, set by tests that must catch a render mid-way."""
    return float(_get("REPORTS_RENDER_DELAY_SECONDS", 0))


def max_render_attempts() -> int:
    return _get("REPORTS_MAX_ATTEMPTS", 3)


def file_lifetime_days() -> int:
    return _get("REPORTS_FILE_LIFETIME_DAYS", 365)
