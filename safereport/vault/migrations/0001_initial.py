from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_id", models.CharField(max_length=32, unique=True)),
                ("owner", models.CharField(max_length=120, unique=True)),
                ("kek_id", models.CharField(blank=True, db_index=True, max_length=64)),
                ("wrapped_key", models.BinaryField(null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("rewrapped_at", models.DateTimeField(null=True)),
                ("shredded_at", models.DateTimeField(null=True)),
            ],
        ),
    ]
