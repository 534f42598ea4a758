"""A coarse crime type recorded by staff, for statistics (ADR 0031, amended 2026-12-02).

SQLite rebuilds the case table for the CHECK; other tables' guards read it by
name, so the rebuild uses SQLite's legacy rename (core.guards), and training
0002 installs training's guards on this table again.
"""

from django.conf import settings
from django.db import migrations, models

from safereport.core.guards import SQLiteRebuildAmongGuards


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_oversight_body'),
        ('cases', '0010_statistics_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        SQLiteRebuildAmongGuards(),
        migrations.AddField(
            model_name='case',
            name='crime_type',
            field=models.CharField(choices=[('trafficking_sexual_exploitation', 'Trafficking for sexual exploitation'), ('forced_marriage', 'Forced marriage'), ('fgm', 'Female genital mutilation (cutting)'), ('rape', 'Rape'), ('sexual_assault', 'Other sexual assault'), ('sexual_harassment_or_exploitation', 'Sexual harassment or sexual exploitation'), ('other', 'Other harm'), ('not_recorded', 'Not recorded')], default='not_recorded', max_length=40),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['care_centre', 'crime_type', 'created_at'], name='case_stats_crime_type'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('crime_type__in', ['trafficking_sexual_exploitation', 'forced_marriage', 'fgm', 'rape', 'sexual_assault', 'sexual_harassment_or_exploitation', 'other', 'not_recorded'])), name='case_crime_type_in_list'),
        ),
        SQLiteRebuildAmongGuards(done=True),
    ]
