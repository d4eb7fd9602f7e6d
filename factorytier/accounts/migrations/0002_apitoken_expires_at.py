from datetime import timedelta

from django.db import migrations, models
from django.db.models import F


def expire_old_tokens(apps, schema_editor):
    # Tokens made before tokens expired get the default lifetime, counted from their creation.
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=F("created_at") + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="有效期至"),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
    ]
