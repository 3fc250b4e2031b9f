"""A fiche's enjeu is now a protocoles model on the same table: the state follows, the database keeps
its foreign key."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fiches_actions", "0007_ligne_enveloppe"),
        ("protocoles", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="ficheaction",
                    name="enjeu",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="fiches",
                        to="protocoles.enjeu",
                        verbose_name="enjeu du protocole auquel elle répond",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalficheaction",
                    name="enjeu",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="protocoles.enjeu",
                        verbose_name="enjeu du protocole auquel elle répond",
                    ),
                ),
            ],
        ),
    ]
