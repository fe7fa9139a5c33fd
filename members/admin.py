from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from cop.admin_base import RecordAdmin, with_reason

from . import permissions, services
from .forms import CountryChoiceField
from .models import Country, Invitation, MembershipEvent, MembershipStatus, User
from .selectors import sorted_countries
from .workflow import TRANSITIONS


class CountryAdminForm(forms.ModelForm):
    """Appointing a focal point goes through `services.focal_point_appoint` (audited)."""

    class Meta:
        model = Country
        fields = (
            "code",
            "timezone",
            "week_starts_on",
            "is_international",
            "is_founding",
            "focal_point",
        )

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
    list_display = (
        "name",
        "code",
        "timezone",
        "week_starts_on",
        "focal_point",
        "is_founding",
        "is_international",
    )
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
    fields = ("created_at", "action", "from_status", "to_status", "from_country", "country", "actor", "reason")  # fmt: skip
    readonly_fields = fields
    ordering = ("-created_at",)
    verbose_name_plural = gettext_lazy("Audit trail")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "country", "from_country")


class MemberChangeForm(UserChangeForm):
    """The user change form. Country and the facilitator role go through the services.

    `acting_user` is set on the class by `UserAdmin.get_form`: the superuser-only
    "facilitator" box is removed for everyone else.
    """

    acting_user = None
    facilitator = forms.BooleanField(
        label=gettext_lazy("Facilitator"),
        required=False,
        help_text=gettext_lazy(
            "Facilitators moderate, manage every country and use this workbench. "
            "The change is recorded in the audit trail."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.acting_user is None or not self.acting_user.is_superuser:
            self.fields.pop("facilitator", None)
        elif self.instance.pk:
            self.fields["facilitator"].initial = self.instance.is_staff and (
                self.instance.groups.filter(name=permissions.FACILITATORS_GROUP).exists()
            )

    def clean_country(self):
        country = self.cleaned_data.get("country")
        if self.instance.pk and "country" in self.changed_data:
            try:
                permissions.check_can_move_member(self.acting_user, self.instance)
            except PermissionDenied as refusal:
                raise ValidationError(str(refusal)) from None
            services.validate_country_change(self.instance, country)
        return country


class CountryListFilter(admin.RelatedFieldListFilter):
    """A filter by country listing countries in the reader's alphabetical order.

    The order of every country list of the site (`members.selectors.sorted_countries`):
    admin's own filter sorts by the stored name, which puts every "ال…" name together.
    """

    def field_choices(self, field, request, model_admin):
        return [(country.pk, country.name) for country in sorted_countries()]


class FacilitatorFilter(admin.SimpleListFilter):
    title = gettext_lazy("facilitator")
    parameter_name = "facilitator"

    def lookups(self, request, model_admin):
        return (("1", gettext_lazy("Yes")), ("0", gettext_lazy("No")))

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(permissions.facilitators_q())
        if self.value() == "0":
            return queryset.exclude(permissions.facilitators_q())
        return queryset


def _transition_action(transition):
    def action(modeladmin, request, queryset):
        return modeladmin.apply_transition(request, queryset, transition)

    action.__name__ = f"{transition.name}_selected"
    return admin.action(description=transition.admin_description, permissions=["change"])(action)


# Who administers whom: only a superuser changes a superuser's or a facilitator's account,
# grants Django permissions or the facilitator role.
SUPERUSER_ONLY_FIELDS = ("is_active", "is_superuser", "user_permissions")


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
        "facilitator_role",
        "requested_at",
        "last_active",
    )
    list_filter = (
        "status",
        ("country", CountryListFilter),
        "is_expert",
        FacilitatorFilter,
        "preferred_language",
    )
    search_fields = ("email", "name_arabic", "name_latin", "organisation", "position")
    list_select_related = ("country",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "country":  # the platform's one order of countries
            kwargs["form_class"] = CountryChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    readonly_fields = (
        "status",
        "requested_at",
        "member_since",
        "last_active",
        "intake_completed_at",
        "last_login",
        "date_joined",
        "facilitator_role",
    )
    inlines = [MembershipEventInline]
    actions = [_transition_action(transition) for transition in TRANSITIONS.values()]
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            roles = ("is_active", "facilitator", "is_superuser", "user_permissions")
        else:
            roles = ("is_active", "facilitator_role")
        return (
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
                    ),
                    "description": gettext_lazy(
                        "A move to another country is recorded in the audit trail."
                    ),
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
            (gettext_lazy("Role"), {"fields": roles}),
            (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = self.readonly_fields
        if not request.user.is_superuser:
            readonly += SUPERUSER_ONLY_FIELDS
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user  # a class made for this request by modelform_factory
        return form

    def get_queryset(self, request):
        return permissions.with_facilitator_flag(super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not request.user.is_superuser
            and (obj.is_superuser or permissions.is_facilitator(obj))
        ):
            return False  # facilitators see one another's accounts; a superuser changes them
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password lets you sign in as them: members reset their own.
        if not request.user.is_superuser:
            raise PermissionDenied(_("Only an administrator sets another person's password."))
        return super().user_change_password(request, id, form_url)

    @admin.display(description=gettext_lazy("facilitator"), boolean=True)
    def facilitator_role(self, obj):
        return permissions.is_facilitator(obj)

    def save_model(self, request, obj, form, change):
        """Save the profile; the country and the facilitator role change through the services."""
        moved = change and "country" in form.changed_data
        if moved:
            obj.country_id = form.initial.get("country")  # the service moves them, audited
        super().save_model(request, obj, form, change)
        if moved:
            services.member_country_change(
                member=obj, country=form.cleaned_data["country"], by=request.user
            )
        if change and "facilitator" in form.changed_data:
            if form.cleaned_data["facilitator"]:
                services.facilitator_appoint(member=obj, by=request.user)
            else:
                services.facilitator_remove(member=obj, by=request.user)

    def apply_transition(self, request, queryset, transition):
        if not transition.reason_required:
            self._apply(request, queryset, transition)
            return None
        return with_reason(
            self,
            request,
            queryset,
            action=f"{transition.name}_selected",
            title=str(transition.admin_description).rstrip("…. "),
            intro=_(
                "Each person below receives the reason by email, in their language. "
                "People whose status does not allow it are left unchanged."
            ),
            submit=transition.label,
            help_text=_("Sent by email to each person, in their language."),
            describe=lambda person: f"{person} <{person.email}> · {person.get_status_display()}",
            apply=lambda reason: self._apply(request, queryset, transition, reason),
        )

    def _apply(self, request, queryset, transition, reason=""):
        done, refused = 0, []
        for member in queryset.select_related("country"):
            try:
                with transaction.atomic():
                    services.membership_change(
                        member=member, by=request.user, transition=transition, reason=reason
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


@admin.register(MembershipEvent)
class MembershipEventAdmin(RecordAdmin):
    """The audit trail, read-only: rows are written by the membership services only."""

    list_display = (
        "created_at",
        "member",
        "action",
        "from_status",
        "to_status",
        "actor",
        "from_country",
        "country",
    )
    list_filter = ("action", ("country", CountryListFilter), "created_at")
    search_fields = ("member__email", "member__name_latin", "member__name_arabic", "reason")
    list_select_related = ("member", "actor", "country", "from_country")
    date_hierarchy = "created_at"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "country", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = (("country", CountryListFilter), "accepted_at")
    search_fields = ("email",)
    list_select_related = ("country", "invited_by")
    readonly_fields = ("accepted_at", "accepted_by", "created_at")

    def has_add_permission(self, request):
        return False  # invitations are sent from the roster, which emails them
