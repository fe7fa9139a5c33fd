"""Find the optional per-app modules (`<app>.home`, `<app>.demo`) the platform composes."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType


def app_modules(apps: tuple[str, ...], name: str) -> Iterator[ModuleType]:
    """Yield `<app>.<name>` for each app that has one, in the order given."""
    for app in apps:
        try:
            yield import_module(f"{app}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
