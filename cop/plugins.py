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
  And `profile_panels(member, viewer) -> list[cop.home.Panel]`: sections of
  the profile page, scoped to what `viewer` may read (discussions: recent
  posts and accepted answers).
- `<app>.threads`: `thread_notes(request, thread) -> list[cop.home.Panel]`,
  lines the app adds under a thread's title (conversations: "Question for
  <expert>"), and `thread_related() -> list[str]`, the relations the thread
  page loads with the thread (in its one query) so the notes ask nothing more.
- `<app>.digest`: `digest_sections(batch: cop.digest.DigestBatch) ->
  dict[member id, list[cop.digest.Section]]`, what the app adds to the email
  digests of a batch of members (`digests` builds and sends them). Read only,
  a constant number of queries per batch whatever its size (asserted in
  tests/digests), only what is new in each member's window
  `(batch.since[id], batch.until]` and what they may see; items are
  `cop.digest.Fragment`s, rendered once per language and zone. See
  `cop/digest.py` for the whole contract.
- `<app>.search`: `provider`, a `cop.search.providers.SearchProvider`: one tab
  of the site search (`/search/`), with the app's own filters, results grouped
  as the app sees fit and a results template. Text is indexed and queries are
  analysed by `cop.search.text` (Arabic folding and light stemming, English
  Snowball stemming) and widened across languages by the glossary
  (`cop.search.glossary.query_from`); the contract is in `cop.search.providers`.

Hooks run in the order of PLATFORM_APPS.
"""

from collections.abc import Iterator
from functools import cache
from importlib import import_module
from types import ModuleType

PLATFORM_APPS = (
    "members",
    "events",
    "discussions",
    "surveys",
    "library",
    "conversations",
    "digests",
)


def app_modules(apps: tuple[str, ...] | str, name: str | None = None) -> Iterator[ModuleType]:
    """Yield `<app>.<name>` for each app that has one, in order.

    `app_modules("privacy")` walks PLATFORM_APPS; `app_modules(apps, "home")`
    walks the apps given.
    """
    if name is None:
        apps, name = PLATFORM_APPS, apps
    yield from _found(tuple(apps), name)


@cache
def _found(apps: tuple[str, ...], name: str) -> tuple[ModuleType, ...]:
    # Looked up once per process: a module that is not there is a search of the
    # import path each time, and pages collect hooks on every request.
    found = []
    for app in apps:
        try:
            found.append(import_module(f"{app}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{app}.{name}", app):
                raise
    return tuple(found)


def forget_found_modules() -> None:
    """Look the hook modules up again (for tests that add one)."""
    _found.cache_clear()


def collect(name: str, function: str, *args) -> list:
    """Call `<app>.<name>.<function>(*args)` for each platform app defining it; join the lists."""
    items = []
    for module in app_modules(name):
        contribute = getattr(module, function, None)
        if contribute is not None:
            items += contribute(*args)
    return items
