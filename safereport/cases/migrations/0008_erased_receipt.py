"""Hashes of erased records' receipt codes, so a returning person is told the truth (docs/adr/0020)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_languages_from_the_list_other_sealed'),
    ]

    operations = [
        migrations.CreateModel(
            name='ErasedReceipt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lookup', models.CharField(editable=False, max_length=64, unique=True)),
            ],
        ),
    ]
