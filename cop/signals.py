"""The platform's own signals, for other packages to hook into (never our own workflows)."""

from django.dispatch import Signal

# Sent with `address` and `reason` when a mail server refused an address for good (5xx).
email_address_refused = Signal()
