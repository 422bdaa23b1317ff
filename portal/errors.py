"""A database outage answers 503 with the maintenance page instead of a 500.

The portal keeps running while PostgreSQL restarts: each request opens (or health-checks) its connection
again, so the pages come back by themselves once the database answers, with no restart of the portal.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def maintenance_response() -> HttpResponse:
    # Rendered without a request context: the user and the session live in the database that is away.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised by a view into the 503 maintenance page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable on %s: %s", request.path, exception)
            return maintenance_response()
        return None


def server_error(request):
    """handler500. Errors raised in a middleware (the session, the user) never reach process_exception;
    Django calls this inside its except block, so the exception is still at hand."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        logger.warning("Database unavailable on %s: %s", request.path, error)
        return maintenance_response()
    return defaults.server_error(request)
