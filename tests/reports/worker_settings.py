"""Settings of the Celery worker that the report tests start: the portal's, plus test-only knobs."""

from portal.settings import *  # noqa: F403
from portal.settings import env

# A pause inside rendering so that a test can kill the worker mid-render.
REPORTS_RENDER_DELAY_SECONDS = env.float("REPORTS_RENDER_DELAY_SECONDS", default=0)
REPORTS_PENDING_GRACE_SECONDS = env.int("REPORTS_PENDING_GRACE_SECONDS", default=0)
REPORTS_STALE_CLAIM_SECONDS = env.int("REPORTS_STALE_CLAIM_SECONDS", default=330)
