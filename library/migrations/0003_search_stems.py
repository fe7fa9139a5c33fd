"""Rebuild every published document's search document and vector with the shared analyser
(`cop.search.text`: Arabic light stemming, English Snowball stemming), which the site
search and the library's own search box both query with."""

from django.db import migrations

from cop.search.text import index_text, plain_text


def reindex(apps, schema_editor):
    Document = apps.get_model("library", "Document")
    postgres = schema_editor.connection.vendor == "postgresql"
    documents = Document.objects.filter(current_version__isnull=False).select_related(
        "current_version"
    )
    with schema_editor.connection.cursor() as cursor:
        for document in documents.iterator(chunk_size=500):
            version = document.current_version
            titles = index_text(f"{version.title} {version.title_translation}")
            bodies = index_text(
                " ".join(
                    [
                        version.summary,
                        version.summary_translation,
                        plain_text(version.body_html),
                        plain_text(version.body_translation_html),
                    ]
                )
            )
            text = f"{titles} {bodies}".strip()
            if postgres:
                cursor.execute(
                    "UPDATE library_document SET search_document = %s, search_vector = "
                    "setweight(to_tsvector('simple', %s), 'A') "
                    "|| setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                    [text, titles, bodies, document.pk],
                )
            else:
                Document.objects.filter(pk=document.pk).update(search_document=text)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
