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


ADDRESS_SALT = "members.address-confirm"
ADDRESS_TOKEN_DAYS = 7


def address_token(user) -> str:
    """A signed link that confirms `user`'s current address works (a new address voids it)."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=ADDRESS_SALT)


def address_token_read(token: str) -> tuple[int, str] | None:
    """(user id, address) inside a valid, unexpired token; None otherwise."""
    if not isinstance(token, str) or len(token) > 300:
        return None
    try:
        value = signing.loads(token, salt=ADDRESS_SALT, max_age=ADDRESS_TOKEN_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or type(value.get("u")) is not int:
        return None
    if not isinstance(value.get("e"), str):
        return None
    return value["u"], value["e"]
