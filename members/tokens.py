"""Signed tokens in the links the members app emails."""

from django.core import signing

INVITATION_SALT = "members.invitation"


def invitation_token(invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_id(token: str) -> int | None:
    """The invitation id inside a valid token, None for a forged or mangled one.

    Expiry and single use are properties of the `Invitation` row, so that an
    expired or used link can be told apart from a forged one.
    """
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return value if type(value) is int else None
