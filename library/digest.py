"""What the library adds to a member's digest: documents published in their window.

"New in the library": versions published in `(since, until]` of documents in the topics
the member follows, the latest version of each only, leaving out the member's own
documents (they know). Digest readers are approved members, who read members-only
documents too. Three queries per batch, whatever its size.
"""

from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cop.digest import DigestBatch, Fragment, Section

from .models import DocumentVersion

DOCUMENTS_PER_DIGEST = 5


def digest_sections(batch: DigestBatch) -> dict[int, list[Section]]:
    ids = batch.member_ids
    pairs = defaultdict(set)
    for version_id, member_id in (
        DocumentVersion.objects.filter(
            published_at__gt=batch.earliest,
            published_at__lte=batch.until,
            document__topics__follows__member_id__in=ids,
        )
        .values_list("pk", "document__topics__follows__member_id")
        .distinct()
    ):
        pairs[member_id].add(version_id)
    if not pairs:
        return {}
    versions = {
        version.pk: version
        for version in DocumentVersion.objects.filter(pk__in=set().union(*pairs.values()))
        .select_related("document")
        .prefetch_related("document__authors")
    }
    sections = {}
    for member_id in ids:
        start = batch.since[member_id]
        mine = sorted(
            (
                version
                for version in (versions[pk] for pk in pairs.get(member_id, ()))
                if version.published_at > start
                # Only the version readers now see is news.
                and version.document.current_version_id == version.pk
                and all(author.pk != member_id for author in version.document.authors.all())
            ),
            key=lambda version: (version.published_at, version.pk),
            reverse=True,
        )
        if not mine:
            continue
        shown = mine[:DOCUMENTS_PER_DIGEST]
        sections[member_id] = [
            Section(
                key="library",
                title=_("New in the library"),
                items=[
                    Fragment(
                        "library/digest/_document",
                        {
                            "version": version,
                            "document": version.document,
                            "site_url": settings.SITE_URL,
                        },
                        # A version never changes once published.
                        key=("library", version.pk, version.document.series_number),
                        cache=batch.cache,
                        zoned=False,
                    )
                    for version in shown
                ],
                news=True,
                more=len(mine) - len(shown),
                more_url="library:index",
            )
        ]
    return sections
