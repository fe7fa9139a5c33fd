"""The member's home page is made of panels that each app contributes.

An app adds a panel by defining `home_panels(request) -> list[Panel]` in its
`home.py` (and `landing_panels(request)` for the visitors' landing page). The
panels appear in the order of HOME_APPS.
"""

from dataclasses import dataclass, field

from .plugins import app_modules

HOME_APPS = ("members", "conversations", "events", "discussions", "surveys", "library")


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    slug: str = ""


def collect_panels(request, hook: str = "home_panels") -> list[Panel]:
    panels = []
    for module in app_modules(HOME_APPS, "home"):
        contribute = getattr(module, hook, None)
        if contribute is not None:
            panels += contribute(request)
    return panels
