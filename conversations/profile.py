"""What conversations add to a member's profile page: write to them, ask them (experts)."""

from cop.home import Panel

from . import permissions


def profile_fields() -> list:
    return []


def profile_actions(request, member) -> list[Panel]:
    user = request.user
    if not user.is_authenticated or member.pk == user.pk:
        return []
    context = {
        "message": permissions.can_start_conversation(user, [member]),
        "ask": permissions.can_ask_expert(user, member),
    }
    if not any(context.values()):
        return []
    return [Panel(title="", template="conversations/_profile_actions.html", context=context)]
