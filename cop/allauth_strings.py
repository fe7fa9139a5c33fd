"""allauth strings whose Arabic we word differently from allauth's own catalogue.

Our catalogue (LOCALE_PATHS) takes precedence over allauth's; listing the
strings here with gettext_noop keeps them in it when makemessages runs.
allauth's "الاشتراك" for "Sign Up" reads as "subscription"; practitioners
expect "إنشاء حساب".
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Sign Up"),
    gettext_noop("Signup"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Verify Your Email Address"),
]
