from django.db import migrations
from django.db.models import Exists, F, OuterRef


def backfill(apps, schema_editor):
    """Applicants who confirmed their address before requests were recorded are waiting too."""
    User = apps.get_model("members", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    User.objects.filter(status="applicant", requested_at__isnull=True).filter(
        Exists(verified)
    ).update(requested_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_membership_workflow"),
        ("account", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
