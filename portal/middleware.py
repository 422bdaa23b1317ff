from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import formats, translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant on an
    English-language browser would get the English portal without asking for it. Here only the language
    cookie set by the switch (`set_language`) counts.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request) -> str:
    """The language of the switch's cookie if supported, else the default (Vietnamese)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than REQUEST_MAX_BYTES before anything reads it.

    First in MIDDLEWARE, so that no session, CSRF check or view touches `request.POST` first: a 60 MB upload is
    answered 413 from its Content-Length alone, and nothing of it is read or written to a temporary file. Under
    WSGI, Django reads at most Content-Length bytes, so the declared length bounds what can be read. A body
    without one (Transfer-Encoding: chunked) is one Django would silently drop; it is refused with 411, so that
    nothing streams past the cap either. Behind nginx, client_max_body_size refuses larger bodies before they
    reach the application, and nginx sends a Content-Length for the bodies it passes on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BYTES
        if "HTTP_TRANSFER_ENCODING" in request.META:
            return self._refuse(request, 411, limit)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length is not a number
        if length > limit:
            return self._refuse(request, 413, limit)
        return self.get_response(request)

    def _refuse(self, request, status, limit):
        context = {"status": status, "limit_mb": _megabytes(limit), "upload_mb": _megabytes(settings.UPLOAD_MAX_BYTES)}
        with translation.override(chosen_language(request)):
            html = render_to_string("413.html", context)
        response = HttpResponse(html, status=status)
        # The unread body is left on the connection: the server must not try to read the next request from it.
        response["Connection"] = "close"
        return response


def _megabytes(size: int) -> str:
    return formats.number_format(size / (1024 * 1024), decimal_pos=0 if size % (1024 * 1024) == 0 else 1)
