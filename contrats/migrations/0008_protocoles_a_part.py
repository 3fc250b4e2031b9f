"""Protocols live in their own app now (same tables): contrats forgets them in its state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contrats", "0007_partie_autre"),
        ("protocoles", "0001_initial"),
        ("fiches_actions", "0008_enjeu_dans_protocoles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="SignataireProtocole"),
                migrations.DeleteModel(name="Enjeu"),
                migrations.DeleteModel(name="Protocole"),
            ],
        ),
    ]
