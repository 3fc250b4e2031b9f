"""Mandates now live in habilitations (same tables): gouvernance forgets them in its state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gouvernance", "0006_phase_2023_seances_passees_cofinancement_revue"),
        ("habilitations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="invitation",
                    name="mandat",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="invitation",
                        to="habilitations.mandat",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalMandat"),
                migrations.DeleteModel(name="Mandat"),
            ],
        ),
    ]
