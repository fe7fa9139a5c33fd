"""Apps plug in through hook modules; every model that holds a member is covered by one."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from cop.plugins import PLATFORM_APPS, app_modules

# Models of our apps that point at a member but need nothing from a privacy hook, and why.
HANDLED_ELSEWHERE: dict[str, str] = {}


def _referenced(module) -> set:
    """Every model class a privacy module names (directly or through an imported module)."""
    found = set()
    for value in vars(module).values():
        candidates = vars(value).values() if isinstance(value, type(module)) else [value]
        found |= {c for c in candidates if isinstance(c, type)}
    return found


def test_every_model_holding_a_member_is_covered_by_some_apps_privacy_hook():
    user = get_user_model()
    covered = set()
    for module in app_modules("privacy"):
        covered |= _referenced(module)
    uncovered = []
    for label in ("cop", *PLATFORM_APPS):
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models():
            holds_a_member = model is user or any(
                field.is_relation and field.related_model is user
                for field in model._meta.get_fields()
                if not field.auto_created or field.concrete
            )
            if holds_a_member and model not in covered:
                uncovered.append(model._meta.label)
    missing = sorted(set(uncovered) - set(HANDLED_ELSEWHERE))
    assert missing == [], (
        "These models keep something about a member but no app's privacy.py handles them "
        "(export it in member_data, erase or detach it in member_closed): " + ", ".join(missing)
    )


def test_the_hook_notices_a_model_it_does_not_cover():
    from discussions import privacy
    from discussions.models import ThreadFollow

    assert ThreadFollow in _referenced(privacy)
    assert get_user_model() not in _referenced(privacy)


@pytest.mark.parametrize("app", ["members", "cop"])
def test_members_and_the_platform_never_import_the_other_apps(app):
    others = {"discussions", "events", "surveys", "library"}
    offenders = []
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        if "migrations" in path.parts or "devtools" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in others]
    assert offenders == []


def test_privacy_hooks_follow_the_contract():
    for module in app_modules("privacy"):
        assert callable(module.member_data), module.__name__
        assert callable(getattr(module, "member_closed", lambda member: None))
