"""Rebuild every post's search document and vector with the shared analyser
(`cop.search.text`: Arabic light stemming, English Snowball stemming), which both
queries and new posts now use."""

from django.db import migrations

from cop.search.text import index_text, plain_text


def reindex(apps, schema_editor):
    Post = apps.get_model("discussions", "Post")
    postgres = schema_editor.connection.vendor == "postgresql"
    posts = Post.objects.select_related("thread").only(
        "parent_id", "body_html", "translation_html", "thread__title", "thread__title_translation"
    )
    with schema_editor.connection.cursor() as cursor:
        for post in posts.iterator(chunk_size=2000):
            titles = ""
            if post.parent_id is None:
                titles = index_text(f"{post.thread.title} {post.thread.title_translation}")
            bodies = index_text(
                f"{plain_text(post.body_html)} {plain_text(post.translation_html)}"
            )
            document = f"{titles} {bodies}".strip()
            if postgres:
                cursor.execute(
                    "UPDATE discussions_post SET search_document = %s, search_vector = "
                    "setweight(to_tsvector('simple', %s), 'A') "
                    "|| setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                    [document, titles, bodies, post.pk],
                )
            else:
                Post.objects.filter(pk=post.pk).update(search_document=document)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0007_topics")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
