from django.conf import settings
from django.utils import translation


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
