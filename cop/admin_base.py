"""What the platform's admins share: read-only record admins and actions that ask why.

Declining or suspending members and hiding threads or posts all ask for the
reason on an intermediate page, then hand it to the service with each
selected row; one template and one helper serve them all. The audit trails
(membership, moderation) are written by services only and shown read-only.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 1000

# Links typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = help_text


def with_reason(
    modeladmin: admin.ModelAdmin,
    request,
    queryset,
    *,
    action: str,
    title: str,
    intro: str,
    submit: str,
    apply: Callable[[str], None],
    help_text: str = "",
    describe: Callable[[object], str] = str,
) -> TemplateResponse | None:
    """Show the reason page for `action`; once it is posted back valid, call `apply(reason)`."""
    posted = "apply" in request.POST
    form = ReasonForm(request.POST if posted else None, help_text=help_text)
    if posted and form.is_valid():
        apply(form.cleaned_data["reason"])
        return None
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "submit": submit,
        "opts": opts,
        "rows": [(obj.pk, describe(obj)) for obj in queryset],
        "form": form,
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "cancel_url": f"admin:{opts.app_label}_{opts.model_name}_changelist",
    }
    return TemplateResponse(request, "admin/action_reason.html", context)


class RecordAdmin(admin.ModelAdmin):
    """An audit trail in admin: rows are written by the services only, never here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
