from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme


class RememberLanguageMiddleware:
    """Remember the language of the last prefixed page in the language cookie.

    The language switcher is a plain link to the same page under the other
    prefix (it works without JavaScript and without a POST); this keeps the
    bare `/` and emails' fallbacks in step with what the visitor chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        name = settings.LANGUAGE_COOKIE_NAME
        if (
            language
            and request.COOKIES.get(name) != language
            # A view that chose the language itself (login applies the member's
            # preference) has the last word.
            and name not in response.cookies
        ):
            response.set_cookie(
                name,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                httponly=True,
            )
        return response


class RequestBodyLimitMiddleware(MiddlewareMixin):
    """Answer 413 to a request whose declared body is larger than the platform ever accepts,
    before anything reads it.

    Listed just before `CsrfViewMiddleware`, whose check parses the body (and would
    spool its files to disk); the test runs in `process_view`, after every
    middleware's request phase (so the page knows the signed-in member) and
    before any view hook reads `request.POST`. Bodies that declare no length are
    capped while they are parsed (`cop.uploads.UploadLimitHandler`).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body at all then
        if length <= settings.COP_REQUEST_MAX_BYTES:
            return None
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("home")
        return render(
            request,
            "413.html",
            {
                "file_limit": settings.COP_UPLOAD_MAX_BYTES,
                "max_files": settings.COP_UPLOAD_MAX_FILES,
                "back_url": back,
            },
            status=413,
        )


class RejectNulMiddleware(MiddlewareMixin):
    """Answer 400 to a NUL byte anywhere in the query string.

    No page of the platform takes one, and PostgreSQL refuses it in any text it is
    given (a 500 wherever a parameter reaches a query). One rule here instead of a
    check in every view; the other hostile values (huge, non-numeric, negative,
    repeated) are the forms' and paginators' to refuse. Path segments are typed by
    their converters (ids, slugs) or checked by their views (signed tokens).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return None
        return render(request, "400.html", status=400)
