import json

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cop.mail import unsubscribe_read
from cop.pagination import paginate
from cop.plugins import collect
from cop.profiles import with_profile_values
from cop.shortcuts import render_form
from cop.text import isolate

from . import exports, permissions, selectors, services
from .email_preferences import SCOPE_TEXTS
from .forms import (
    AccountCloseForm,
    ContactForm,
    DirectoryFilterForm,
    InvitationForm,
    MembershipActionForm,
    ProfileForm,
    RosterFilterForm,
)
from .models import Invitation, MembershipStatus, User
from .tokens import address_token_read, invitation_id

PAGE_SIZE = 25


@csrf_exempt  # RFC 8058 one-click unsubscribe posts from the mail client, without a form.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Turn off one kind of email from a signed link: GET asks, POST does it and offers undo.

    The token names the person and the scope; only that preference changes.
    """
    found = unsubscribe_read(token)
    user = User.objects.filter(pk=found[0]).first() if found else None
    if user is None:
        return _unsubscribe_refused(request, "invalid")
    if user.status == MembershipStatus.CLOSED or not user.is_active:
        return _unsubscribe_refused(request, "closed")
    context = {"scope": found[1], "token": token, "texts": SCOPE_TEXTS[found[1]]}
    if request.method == "GET":
        return render(request, "members/unsubscribe_confirm.html", context)
    if "undo" in request.POST:
        try:
            services.member_resubscribe(user=user, scope=found[1], value=request.POST["undo"])
        except ValidationError:
            return _unsubscribe_refused(request, "undo")
        return render(request, "members/unsubscribe_done.html", {**context, "undone": True})
    undo = services.member_unsubscribe(user=user, scope=found[1])
    return render(request, "members/unsubscribe_done.html", {**context, "undo": undo})


@never_cache
@require_http_methods(["GET", "POST"])
def address_confirm(request, token):
    """Confirm from the emailed link that a failing address works again: GET asks, POST does it.

    No sign-in needed (the member may read mail on another device); the token
    names the person and the address, and expires.
    """
    found = address_token_read(token)
    user = User.objects.filter(pk=found[0]).first() if found else None
    if user is None or user.email.lower() != found[1] or not user.is_active:
        return render(request, "members/address_confirm.html", {"invalid": True}, status=400)
    if request.method == "GET":
        return render(request, "members/address_confirm.html", {"token": token})
    services.member_address_confirmed(member=user, address=found[1])
    return render(request, "members/address_confirm.html", {"done": True})


@login_required
@require_http_methods(["POST"])
def address_confirm_send(request):
    """Send the signed-in member a link that confirms their address works again."""
    permissions.check_can_edit_own_profile(request.user)
    services.member_address_confirm_send(member=request.user)
    messages.success(
        request,
        _("We sent a confirmation link to your address. Open it to receive our emails again."),
    )
    return redirect("members:profile_edit")


def _unsubscribe_refused(request, problem: str):
    return render(request, "members/unsubscribe_invalid.html", {"problem": problem}, status=400)


def _posted(request):
    """Bind a form on every POST, even an empty one (`request.POST or None` would not)."""
    return request.POST if request.method == "POST" else None


# --- Directory and profiles ----------------------------------------------------
@require_GET
def directory(request):
    """Approved members, filtered by country, topic and expertise; never their emails."""
    permissions.check_can_view_directory(request.user)
    form = DirectoryFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    members = selectors.directory_for(
        viewer=request.user,
        country=filters.get("country"),
        expertise=filters.get("expertise", ""),
        experts_only=filters.get("experts", False),
        q=filters.get("q", ""),
        app_filters=form.app_filter_values() if filters else (),
    )
    page = paginate(members if valid else members.none(), request.GET.get("page"), PAGE_SIZE)
    page.object_list = with_profile_values(page.object_list, viewer=request.user)
    context = {"form": form, "page": page}
    return render(request, "members/directory.html", context, status=200 if valid else 400)


@require_GET
def profile_detail(request, pk):
    member = selectors.member_profile_for(viewer=request.user, pk=pk)
    context = {
        "member": member,
        "show_email": permissions.can_see_email(request.user, member),
        "can_manage": permissions.can_manage_member(request.user, member),
        "show_address_problem": member.email_failing_since is not None
        and permissions.can_see_address_problem(request.user, member),
        "app_actions": collect("profile", "profile_actions", request, member),
        "panels": collect("profile", "profile_panels", member, request.user),
    }
    if context["can_manage"]:
        context["history"] = selectors.membership_history(member=member)[:10]
        selectors.with_membership_actions(viewer=request.user, people=[member])
    return render(request, "members/profile_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    permissions.check_can_edit_own_profile(request.user)
    # A fresh copy: a rejected form must not leave half-changed data on request.user.
    member = User.objects.get(pk=request.user.pk)
    form = ProfileForm(_posted(request), instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                member=member, app_fields=form.app_data(), **form.profile_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            # The page comes back in the language the member just chose.
            return redirect(
                translate_url(reverse("members:profile_edit"), member.preferred_language)
            )
    return render_form(request, "members/profile_edit.html", {"form": form})


@login_required
@require_GET
def data_export(request):
    """The member's own data, as a JSON download."""
    permissions.check_can_edit_own_profile(request.user)
    data = selectors.member_data_export(member=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-mena-cop-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_close(request):
    permissions.check_can_edit_own_profile(request.user)
    form = AccountCloseForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_close(member=request.user)
        logout(request)
        messages.success(request, _("Your account is closed. Thank you for taking part."))
        return redirect("home")
    return render_form(request, "members/account_close.html", {"form": form})


# --- Roster --------------------------------------------------------------------
@login_required
@never_cache
@require_GET
def roster(request):
    """A country's people for its focal point (facilitators pick the country)."""
    country = selectors.roster_country_for(viewer=request.user, code=request.GET.get("country"))
    facilitator = permissions.is_facilitator(request.user)
    data = request.GET.copy()
    if country is not None:
        data["country"] = country.code  # the selector already resolved it (any letter case)
    form = RosterFilterForm(data or None, choose_country=facilitator)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    people = page = None
    if country is not None:
        people = selectors.roster_for(
            viewer=request.user,
            country=country,
            status=filters.get("status", ""),
            q=filters.get("q", ""),
        )
        page = paginate(people if valid else people.none(), request.GET.get("page"), PAGE_SIZE)
        page.object_list = selectors.with_membership_actions(
            viewer=request.user, people=page.object_list
        )
    context = {
        "country": country,
        "countries": (
            selectors.countries_for_facilitator(viewer=request.user)
            if facilitator and country is None
            else None
        ),
        "choose_country": facilitator,
        "form": form,
        "page": page,
    }
    return render(request, "members/roster.html", context, status=200 if valid else 400)


@login_required
@never_cache
@require_GET
def roster_export(request):
    """The roster as CSV for Excel (UTF-8 with BOM, formula-injection safe)."""
    country = selectors.roster_country_for(viewer=request.user, code=request.GET.get("country"))
    if country is None:
        return redirect("members:roster")
    people = selectors.roster_for(viewer=request.user, country=country)
    response = HttpResponse(exports.roster_csv(people), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()  # the focal point's date, not the server's
    response["Content-Disposition"] = f'attachment; filename="roster-{country.code}-{stamp}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def membership_action(request, pk):
    """One transition (approve, decline, suspend, reinstate) for one person; GET shows it alone."""
    member = selectors.member_for_action(viewer=request.user, pk=pk)
    form = MembershipActionForm(
        _posted(request), member=member, initial={"action": request.GET.get("action")}
    )
    if request.method == "POST" and form.is_valid():
        transition = form.transition
        try:
            services.membership_change(
                member=member,
                by=request.user,
                transition=transition,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, transition.done_message % {"name": isolate(member.display_name)}
            )
            return redirect(_back_to(request, member))
    context = {"member": member, "form": form, "next": _back_to(request, member)}
    return render_form(request, "members/membership_action.html", context)


def _back_to(request, member: User) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    url = reverse("members:roster")
    if permissions.is_facilitator(request.user) and member.country_id:
        url += f"?country={member.country.code}"
    return url


# --- Invitations ---------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    """A focal point invites a colleague into their country (facilitators: any country)."""
    permissions.check_can_view_roster(request.user)
    own = None if permissions.is_facilitator(request.user) else request.user.focal_point_of
    form = InvitationForm(_posted(request), country=own)
    if request.method == "POST" and form.is_valid():
        country = form.cleaned_data["country"]
        permissions.check_can_invite(request.user, country)
        try:
            invitation = services.invitation_create(
                email=form.cleaned_data["email"],
                country=country,
                by=request.user,
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": isolate(invitation.email)}
            )
            return redirect(f"{reverse('members:roster')}?country={country.code}")
    context = {
        "form": form,
        "invitations": selectors.invitations_for(viewer=request.user),
        "now": timezone.now(),
        "valid_days": services.invitation_valid_for().days,
    }
    return render_form(request, "members/invite.html", context)


@require_GET
def invitation_accept(request, token):
    """Check an invitation link, remember it in the session and go to the signup page."""
    pk = invitation_id(token)
    invitation = Invitation.objects.select_related("country").filter(pk=pk).first() if pk else None
    problem = None
    if invitation is None:
        problem = "invalid"
    elif invitation.accepted_at is not None:
        problem = "used"
    elif invitation.expires_at <= timezone.now():
        problem = "expired"
    elif request.user.is_authenticated:
        problem = "signed_in"
    if problem:
        return render(request, "members/invitation_invalid.html", {"problem": problem}, status=400)
    request.session[selectors.INVITATION_SESSION_KEY] = invitation.pk
    return render(request, "members/invitation_welcome.html", {"invitation": invitation})


# --- Writing to the facilitators ----------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def contact(request):
    """A message to the facilitators, emailed to each in their language; for anyone.

    Visitors need it most (a verification email that never came); a signed-in
    person writes under their account. Limited per client address and per
    sender address (COP_CONTACT_RATE_LIMITS).
    """
    sender = request.user if request.user.is_authenticated else None
    page = _local_path(request.POST.get("page") or request.GET.get("from") or "", request)
    form = ContactForm(_posted(request), sender=sender)
    status = None
    if request.method == "POST" and form.is_valid():
        details = form.sender_details()
        if not ratelimit.consume(
            request,
            app="members",
            action="contact",
            config={"contact": settings.COP_CONTACT_RATE_LIMITS},
            key=details["email"].lower(),
        ):
            form.add_error(
                None,
                _(
                    "You have sent several messages in a short time. Please wait an hour "
                    "before writing again."
                ),
            )
            status = 429
        else:
            try:
                services.facilitators_contact(
                    **details, message=form.cleaned_data["message"], sender=sender, page=page
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your message is on its way to the facilitators. They answer by email."),
                )
                return redirect(page or reverse("home"))
    response = render_form(request, "members/contact.html", {"form": form, "page": page})
    if status:
        response.status_code = status
    return response


def _local_path(target: str, request) -> str:
    """`target` if it is a path of this site (where the writer came from), else ""."""
    target = target[:500]
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
