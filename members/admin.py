from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import Country, Invitation, MembershipEvent, MembershipStatus, User


class CountryAdminForm(forms.ModelForm):
    """Appointing a focal point goes through `services.focal_point_appoint` (audited)."""

    class Meta:
        model = Country
        fields = ("code", "timezone", "is_international", "is_founding", "focal_point")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "focal_point" in self.fields:
            self.fields["focal_point"].queryset = User.objects.filter(
                status=MembershipStatus.MEMBER, is_active=True
            )

    def clean_focal_point(self):
        member = self.cleaned_data.get("focal_point")
        if member is not None and self.instance.pk and member.country_id != self.instance.pk:
            raise ValidationError(
                gettext_lazy("The focal point must be a member from this country.")
            )
        if member is not None:
            other = Country.objects.filter(focal_point=member).exclude(pk=self.instance.pk).first()
            if other is not None:
                raise ValidationError(
                    gettext_lazy("This person is already the focal point of %(country)s.")
                    % {"country": other}
                )
        return member


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    form = CountryAdminForm
    list_display = ("name", "code", "timezone", "focal_point", "is_founding", "is_international")
    list_filter = ("is_founding", "is_international")
    search_fields = ("name_ar", "name_en", "code")
    list_select_related = ("focal_point",)
    raw_id_fields = ("focal_point",)

    def save_model(self, request, obj, form, change):
        wanted = form.cleaned_data.get("focal_point")
        # The focal point changes only through the service, which records it in the trail.
        obj.focal_point_id = Country.objects.get(pk=obj.pk).focal_point_id if change else None
        super().save_model(request, obj, form, change)
        if (wanted.pk if wanted else None) != obj.focal_point_id:
            try:
                services.focal_point_appoint(country=obj, member=wanted, by=request.user)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    fk_name = "member"
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    ordering = ("-created_at",)
    verbose_name_plural = gettext_lazy("Audit trail")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy("Sent by email to each person, in their language."),
    )


class MemberChangeForm(UserChangeForm):
    def clean_country(self):
        """A focal point stays in the country they answer for until someone replaces them.

        Otherwise they would go on managing a roster that is no longer their own country's.
        """
        country = self.cleaned_data.get("country")
        serves = Country.objects.filter(focal_point=self.instance).first()
        if self.instance.pk and serves is not None and country != serves:
            raise ValidationError(
                gettext_lazy("This person is already the focal point of %(country)s.")
                % {"country": serves}
            )
        return country


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = MemberChangeForm
    ordering = ("email",)
    list_display = (
        "email",
        "name_arabic",
        "name_latin",
        "country",
        "status",
        "is_expert",
        "is_staff",
        "requested_at",
        "last_active",
    )
    list_filter = ("status", "country", "is_expert", "is_staff", "preferred_language")
    search_fields = ("email", "name_arabic", "name_latin", "organisation", "position")
    list_select_related = ("country",)
    readonly_fields = (
        "status",
        "requested_at",
        "member_since",
        "last_active",
        "intake_completed_at",
        "last_login",
        "date_joined",
    )
    inlines = [MembershipEventInline]
    actions = ["approve_selected", "decline_selected"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            gettext_lazy("Profile"),
            {
                "fields": (
                    "name_arabic",
                    "name_latin",
                    "country",
                    "organisation",
                    "position",
                    "preferred_language",
                    "timezone",
                    "is_expert",
                    "expertise",
                )
            },
        ),
        (
            gettext_lazy("Membership"),
            {
                "fields": (
                    "status",
                    "requested_at",
                    "member_since",
                    "last_active",
                    "intake_completed_at",
                ),
                "description": gettext_lazy(
                    "Membership changes through the roster or the actions of the member list, "
                    "so that each one is recorded and the person is told."
                ),
            },
        ),
        (gettext_lazy("Email"), {"fields": ("notification_mode", "digest_frequency")}),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def _apply(self, request, queryset, action, reason=""):
        done, refused = 0, []
        for member in queryset.select_related("country"):
            if member.pk == request.user.pk:
                refused.append(member)
                continue
            try:
                with transaction.atomic():
                    services.MEMBERSHIP_ACTIONS[action](
                        member=member, by=request.user, reason=reason
                    )
            except (ValidationError, PermissionDenied):
                refused.append(member)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d person updated.", "%(count)d people updated.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Not changed (their status does not allow it): %(names)s")
                % {"names": ", ".join(str(m) for m in refused)},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, "approve")

    @admin.action(
        description=gettext_lazy("Decline the selected requests…"), permissions=["change"]
    )
    def decline_selected(self, request, queryset):
        """Asks for the reason on an intermediate page, like Django's delete confirmation."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._apply(request, queryset, "decline", form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline the selected requests"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/user/decline_reason.html", context)


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: rows are written by the membership services only."""

    list_display = (
        "created_at",
        "member",
        "action",
        "from_status",
        "to_status",
        "actor",
        "country",
    )
    list_filter = ("action", "country", "created_at")
    search_fields = ("member__email", "member__name_latin", "member__name_arabic", "reason")
    list_select_related = ("member", "actor", "country")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "country", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("country", "accepted_at")
    search_fields = ("email",)
    list_select_related = ("country", "invited_by")
    readonly_fields = ("accepted_at", "accepted_by", "created_at")

    def has_add_permission(self, request):
        return False  # invitations are sent from the roster, which emails them
