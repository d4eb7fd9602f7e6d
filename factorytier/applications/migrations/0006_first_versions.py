"""Drafts that existed before version history keep their content as their first version."""

from django.db import migrations
from django.utils import timezone


def keep_current_content(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Version = apps.get_model("applications", "Version")
    have = set(Version.objects.values_list("application_id", "number"))
    Version.objects.bulk_create([
        Version(application_id=a.pk, number=a.version, title=a.title, content=a.content or {}, changed=[],
                saved_at=a.updated_at or timezone.now(), note="启用版本记录前的内容")
        for a in Application.objects.all() if (a.pk, a.version) not in have
    ])


class Migration(migrations.Migration):
    dependencies = [("applications", "0005_versions")]
    operations = [migrations.RunPython(keep_current_content, migrations.RunPython.noop)]
