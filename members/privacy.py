"""The members app's part of a person's data export (the `privacy` hook, see `cop.plugins`).

Closing the account is the members app's own service
(`services.account_close`): it removes the person as focal point, frees
their address, erases their profile and calls every app's `member_closed`.
Their membership trail stays, attributed to "former member".
"""

from allauth.account.models import EmailAddress

from .models import Country, Invitation, MembershipEvent, User


def _iso(value):
    return value.isoformat() if value else None


def member_data(member: User) -> dict:
    country = Country.objects.filter(focal_point=member).first()
    accepted = Invitation.objects.filter(accepted_by=member).select_related("invited_by").first()
    return {
        "profile": {
            "email": member.email,
            "name_arabic": member.name_arabic,
            "name_latin": member.name_latin,
            "country": member.country.code if member.country else None,
            "organisation": member.organisation,
            "position": member.position,
            "preferred_language": member.preferred_language,
            "timezone": member.timezone,
            "expertise": member.expertise,
            "is_expert": member.is_expert,
            "notification_mode": member.notification_mode,
            "digest_frequency": member.digest_frequency,
            "message_emails": member.message_emails,
            "event_reminders": member.event_reminders,
            "survey_reminders": member.survey_reminders,
            "coaching_reminders": member.coaching_reminders,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=member).order_by("pk")
        ],
        "membership": {
            "status": member.status,
            "joined": _iso(member.date_joined),
            "requested": _iso(member.requested_at),
            "member_since": _iso(member.member_since),
            "last_active": _iso(member.last_active),
            "intake_survey_answered": _iso(member.intake_completed_at),
            "focal_point_of": country.code if country else None,
            "joined_by_invitation": _iso(accepted.accepted_at) if accepted else None,
            "history": [
                {
                    "when": _iso(event.created_at),
                    "action": event.action,
                    "status_before": event.from_status,
                    "status_after": event.to_status,
                    "reason": event.reason,
                }
                for event in MembershipEvent.objects.filter(member=member).order_by("created_at")
            ],
        },
        "invitations_sent": [
            {
                "email": invitation.email,
                "country": invitation.country.code,
                "sent": _iso(invitation.created_at),
                "accepted": _iso(invitation.accepted_at),
            }
            for invitation in Invitation.objects.filter(invited_by=member)
            .select_related("country")
            .order_by("created_at")
        ],
    }
