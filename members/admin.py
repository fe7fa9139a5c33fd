from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Country, User


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ("name", "code", "timezone", "focal_point", "is_founding", "is_international")
    list_filter = ("is_founding", "is_international")
    search_fields = ("name_ar", "name_en", "code")
    autocomplete_fields = ("focal_point",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = (
        "email",
        "name_arabic",
        "name_latin",
        "country",
        "status",
        "is_expert",
        "is_staff",
    )
    list_filter = ("status", "country", "is_expert", "is_staff", "preferred_language")
    search_fields = ("email", "name_arabic", "name_latin", "organisation")
    list_select_related = ("country",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
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
        (_("Membership"), {"fields": ("status", "last_active")}),
        (_("Email"), {"fields": ("notification_mode", "digest_frequency")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
