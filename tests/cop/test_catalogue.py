"""The Arabic catalogue is complete: every UI string is in it, translated, and not fuzzy."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", ".git", "var", "artifacts", "node_modules", "__pycache__", ".pytest_cache"}


def catalogues(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("locale/ar/LC_MESSAGES/django.po")
        if not SKIP_DIRS.intersection(path.relative_to(root).parts)
    )


def untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or any(not v.strip() for v in entry.msgstr_plural.values())
    return not entry.msgstr.strip()


def keys(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def test_the_arabic_catalogue_exists():
    assert (BASE / "locale/ar/LC_MESSAGES/django.po").exists()


@pytest.mark.parametrize("path", catalogues(BASE), ids=lambda p: str(p.relative_to(BASE)))
def test_no_entry_is_empty_or_fuzzy(path):
    po = polib.pofile(str(path))
    empty = [e.msgid for e in po if not e.obsolete and untranslated(e)]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not empty, f"untranslated in {path.name}: {empty[:10]}"
    assert not fuzzy, f"fuzzy in {path.name}: {fuzzy[:10]}"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=6"), (
        "Arabic has six plural forms"
    )


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings again from a copy of the source and compare with the catalogue."""
    copy = tmp_path / "src"
    shutil.copytree(BASE, copy, ignore=shutil.ignore_patterns(*SKIP_DIRS, "*.mo", "tests"))
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ar",
            "--no-obsolete",
            "-i",
            "var/*",
            "-i",
            "artifacts/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    missing = {}
    for fresh in catalogues(copy):
        committed = BASE / fresh.relative_to(copy)
        have = keys(committed) if committed.exists() else set()
        absent = sorted(msgid for ctx, msgid in keys(fresh) - have)
        if absent:
            missing[str(fresh.relative_to(copy))] = absent[:15]
    assert not missing, f"strings missing from the catalogue (run makemessages): {missing}"
