"""The PostgreSQL functions behind every append-only trigger (safereport/core/appendonly.py)."""

from django.db import migrations

from safereport.core.appendonly import AppendOnlyFunctions


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [AppendOnlyFunctions()]
