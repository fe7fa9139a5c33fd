from django.db import migrations


def create_group(apps, schema_editor):
    """The Facilitators group, and every staff account that was a facilitator before it.

    Facilitators used to be "staff"; the role is now staff *in this group*, so the
    people already doing the work keep it. The group's permissions are set after
    every migrate, once they exist (`members.roles.sync_after_migrate`).
    """
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("members", "User")
    group, _ = Group.objects.get_or_create(name="Facilitators")
    staff = User.objects.filter(is_staff=True, is_active=True)
    group.user_set.add(*staff)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_audit_country_facilitator"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
