"""allauth strings whose Arabic we word differently from allauth's own catalogue.

Our catalogue (LOCALE_PATHS) takes precedence over allauth's; listing the
strings here with gettext_noop keeps them in it when makemessages runs.
allauth's "الاشتراك" for "Sign Up" reads as "subscription"; practitioners
expect "إنشاء حساب". The messages after signup had grammar slips and a typo
("لم ترى", "لم تتلقى", "غضو") on the first page every new member reads.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Sign Up"),
    gettext_noop("Signup"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, "
        "check your spam folder. Please contact us if you do not receive the verification "
        "email within a few minutes."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please "
        '<a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
]
