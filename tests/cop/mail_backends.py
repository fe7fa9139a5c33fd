"""An email backend that fails as a test tells it to, and remembers how it was used."""

import smtplib
from collections import defaultdict

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection


def loses_connection(exc) -> bool:
    """After these a real SMTP connection is unusable (SMTPException is an OSError too)."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


class ScriptedBackend(BaseEmailBackend):
    """Like the locmem backend (messages land in `mail.outbox`), with scripted failures.

    `script[address]` lists what happens to the next messages to `address`, in
    order: an exception to raise, or None to accept. `open_failures` lists
    exceptions raised when a connection is opened.
    """

    script: dict[str, list] = defaultdict(list)
    open_failures: list = []
    connections_opened = 0
    sent_inside_transaction: list[bool] = []
    observe = None  # called with each message as it is sent

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connection = None

    @classmethod
    def reset(cls):
        cls.script = defaultdict(list)
        cls.open_failures = []
        cls.connections_opened = 0
        cls.sent_inside_transaction = []
        cls.observe = None

    def open(self):
        if self.connection:
            return False
        if self.open_failures:
            raise self.open_failures.pop(0)
        ScriptedBackend.connections_opened += 1
        self.connection = object()
        return True

    def close(self):
        self.connection = None

    def send_messages(self, messages):
        created = self.open()
        sent = 0
        try:
            for message in messages:
                self.sent_inside_transaction.append(db_connection.in_atomic_block)
                if ScriptedBackend.observe is not None:  # a plain function, not a method
                    ScriptedBackend.observe(message)
                outcomes = self.script[message.to[0]]
                outcome = outcomes.pop(0) if outcomes else None
                if outcome is not None:
                    if loses_connection(outcome):
                        self.connection = None
                    raise outcome
                message.message()  # what a real backend serialises
                mail.outbox.append(message)
                sent += 1
        finally:
            if created:
                self.close()
        return sent
