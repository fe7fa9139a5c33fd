"""The conversations panel of the member's home page: conversations with unread messages."""

from django.utils.translation import gettext as _

from cop.home import Panel
from members.permissions import is_approved_member

from .selectors import unread_conversations


def home_panels(request) -> list[Panel]:
    if not is_approved_member(request.user):
        return []
    return [
        Panel(
            title=_("Unread private messages"),
            template="conversations/_home_panel.html",
            context={"rows": unread_conversations(request.user)},
            slug="conversations-unread",
        )
    ]
