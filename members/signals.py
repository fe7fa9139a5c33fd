"""allauth's and the platform's signals, handed to our services (the only signals used here)."""

from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from cop.signals import email_address_refused

from . import selectors, services


@receiver(user_signed_up, dispatch_uid="members.invitation_on_signup")
def accept_invitation_on_signup(sender, request, user, **kwargs):
    """Someone who followed an invitation link and signed up with that address joins at once."""
    invitation = selectors.invitation_in_session(request)
    if invitation is not None and services.invitation_accept(invitation=invitation, member=user):
        request.session.pop(selectors.INVITATION_SESSION_KEY, None)


@receiver(email_confirmed, dispatch_uid="members.request_on_email_confirmed")
def request_membership_on_email_confirmed(sender, request, email_address, **kwargs):
    """A confirmed email address turns a registration into a membership request."""
    services.membership_request(member=email_address.user)


@receiver(email_confirmed, dispatch_uid="members.address_working_on_email_confirmed")
def address_working_on_email_confirmed(sender, request, email_address, **kwargs):
    """A newly confirmed address (a changed email) is known to work."""
    services.member_address_confirmed(member=email_address.user, address=email_address.email)


@receiver(email_address_refused, dispatch_uid="members.address_failing_on_refusal")
def address_failing_on_refusal(sender, address, reason, **kwargs):
    """A mail server refused a member's address for good (5xx): mark it on their profile."""
    services.member_address_failing(address=address, reason=reason)
