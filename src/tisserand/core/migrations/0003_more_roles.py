from django.db import migrations

# The three roles of 0002 stay; issue 4 adds the five others. Roles combine: a user may
# belong to several groups.
NEW_ROLES = ["coordination", "mediation", "comptable", "benevole", "administrateur"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in NEW_ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NEW_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
