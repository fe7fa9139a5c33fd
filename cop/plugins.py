"""Find the optional per-app hook modules the platform composes.

Apps plug into the platform through small modules; no app imports another to
do its work. The hooks, each optional:

- `<app>.home`: `home_panels(request) -> list[cop.home.Panel]` (member's home)
  and `landing_panels(request)` (visitors' landing page).
- `<app>.demo`: `seed(*, stdout) -> list[tuple[role, email]]` for `seed_demo`.
- `<app>.privacy`: `member_data(member) -> dict` (the app's part of a member's
  data export, JSON-able; the export has one key per app) and
  `member_closed(member) -> None` (called inside the account-closing
  transaction, before the member's own fields are erased: erase or detach
  what the app keeps about the person; what they wrote for others stays,
  attributed to "former member"). A test fails when a model of ours that
  points at a member is named by no app's privacy module.
- `<app>.profile`: `profile_fields() -> list[cop.profiles.ProfileField]`, what
  the app adds to every member's profile (discussions: topics of interest),
  offered in the signup and profile forms, shown on profiles and in the
  directory, and used as a directory filter.
  It may also define `profile_actions(request, member) -> list[cop.home.Panel]`:
  what the app offers on a profile page (conversations: "send a private
  message", "ask this expert").
- `<app>.threads`: `thread_notes(request, thread) -> list[cop.home.Panel]`,
  lines the app adds under a thread's title (conversations: "Question for
  <expert>"), and `thread_related() -> list[str]`, the relations the thread
  page loads with the thread (in its one query) so the notes ask nothing more.
- `<app>.digest`: what the app adds to a member's email digest (defined with
  the digest).

Hooks run in the order of PLATFORM_APPS.
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

PLATFORM_APPS = ("members", "events", "discussions", "surveys", "library", "conversations")


def app_modules(apps: tuple[str, ...] | str, name: str | None = None) -> Iterator[ModuleType]:
    """Yield `<app>.<name>` for each app that has one, in order.

    `app_modules("privacy")` walks PLATFORM_APPS; `app_modules(apps, "home")`
    walks the apps given.
    """
    if name is None:
        apps, name = PLATFORM_APPS, apps
    for app in apps:
        try:
            yield import_module(f"{app}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{app}.{name}", app):
                raise


def collect(name: str, function: str, *args) -> list:
    """Call `<app>.<name>.<function>(*args)` for each platform app defining it; join the lists."""
    items = []
    for module in app_modules(name):
        contribute = getattr(module, function, None)
        if contribute is not None:
            items += contribute(*args)
    return items
