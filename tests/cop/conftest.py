"""Fixtures for the email pipeline tests."""

import pytest

from cop.models import OutboundEmail

from .mail_backends import ScriptedBackend


@pytest.fixture
def backend(settings, mailoutbox):
    """The scripted backend (see mail_backends.py); accepted messages land in `mailoutbox`."""
    settings.EMAIL_BACKEND = "tests.cop.mail_backends.ScriptedBackend"
    ScriptedBackend.reset()
    yield ScriptedBackend
    ScriptedBackend.reset()


@pytest.fixture
def make_email(db):
    """A queued email row, as `cop.mail` stores it (nothing is published)."""

    def make(to="someone@example.org", **fields):
        defaults = {
            "language": "en",
            "kind": "test/message",
            "subject": f"Hello {to}",
            "body_text": f"Body for {to}\n",
            "body_html": f"<p>Body for {to}</p>",
        }
        return OutboundEmail.objects.create(to=to, **(defaults | fields))

    return make
