from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import timezone, translation

from cop.mail import email_time_zone, queue_rendered_message
from cop.sites import absolute_url, current_site


class AccountAdapter(DefaultAccountAdapter):
    """allauth, the platform's way: emails queued through Celery, language follows the member."""

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email in the recipient's language and zone; queue it after commit.

        Every allauth email is an account email: sensitive (reset and
        confirmation links, login codes), never shown in admin, erased once
        sent; and without an unsubscribe link.
        """
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        zone = getattr(user, "timezone", None)
        # allauth builds its links on the request's host and language; point them
        # at SITE_URL and the recipient's language instead.
        context = {
            key: translate_url(absolute_url(value), language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        context = {"email": email, "current_site": current_site(), **context}
        with translation.override(language), timezone.override(email_time_zone(zone)):
            message = self.render_mail(template_prefix, email, context)
            if not getattr(message, "alternatives", None):
                # allauth ships text-only emails; every email gets an HTML part too.
                html = render_to_string(
                    "email/wrapped_text.html",
                    {
                        "subject": message.subject,
                        "text": message.body,
                        "language": language,
                        "is_rtl": translation.get_language_bidi(),
                    },
                )
                message.attach_alternative(html, "text/html")
        queue_rendered_message(message, language=language, kind=template_prefix, sensitive=True)

    def is_email_verified(self, request, email):
        """An address that received a still-valid invitation needs no second confirmation."""
        from .selectors import invitation_in_session

        invitation = invitation_in_session(request)
        if invitation is not None and invitation.email.lower() == (email or "").lower():
            return True
        return super().is_email_verified(request, email)

    def post_login(self, request, user, **kwargs):
        """Apply the member's preferred language: redirect into it and remember it."""
        response = super().post_login(request, user, **kwargs)
        language = user.preferred_language
        if isinstance(response, HttpResponseRedirect):
            response["Location"] = translate_url(response["Location"], language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
        return response
