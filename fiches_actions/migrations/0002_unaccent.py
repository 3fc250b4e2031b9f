from django.db import migrations


def create_unaccent(apps, schema_editor):
    # Accent-insensitive French search runs on PostgreSQL; the embedded SQLite mode falls back to LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("fiches_actions", "0001_initial")]
    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
