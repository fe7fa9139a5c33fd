"""Admin's filters by country list countries in the reader's alphabetical order."""

import pytest
from django.utils import translation

from members.selectors import sorted_countries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/{lang}/admin/members/user/",
        "/{lang}/admin/members/membershipevent/",
        "/{lang}/admin/events/registration/",
        "/{lang}/admin/surveys/response/",
    ],
)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_country_filters_follow_the_readers_order(admin_client, url, language):
    html = admin_client.get(url.format(lang=language)).content.decode()
    with translation.override(language):
        names = [country.name for country in sorted_countries()]
    positions = [html.find(f">{name}</a>") for name in names]
    assert -1 not in positions, [n for n, p in zip(names, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    if language == "ar":
        # Jordan (الأردن) under alef, Yemen (اليمن) under yaa: not every "ال" name first.
        assert positions[names.index("الأردن")] < positions[names.index("تونس")]
        assert positions[names.index("تونس")] < positions[names.index("اليمن")]
