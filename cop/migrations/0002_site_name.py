# This migration once wrote "localhost:8000" into django.contrib.sites' row, and
# feeds linked there in production. The site's address and name now come from
# SITE_URL (cop.sites) and django.contrib.sites is not installed: the migration
# stays, empty, so that later migrations keep their place in the graph.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cop", "0001_initial")]

    operations = []
