"""Protocols and their enjeux move from contrats to their own app, below the fiches that answer them,
without touching the database: the tables keep their names and the content types follow."""

import django.db.models.deletion
import django.utils.timezone
import django_fsm
from django.conf import settings
from django.db import migrations, models


MOVED = ("protocole", "enjeu", "signataireprotocole")


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "contrats", "protocoles")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "protocoles", "contrats")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contrats", "0007_partie_autre"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("territoires", "0005_noms_des_operateurs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Protocole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("engagements", models.TextField(blank=True, verbose_name="engagements des signataires")),
                        (
                            "statut",
                            django_fsm.FSMField(
                                choices=[("brouillon", "Brouillon"), ("signe", "Signé")],
                                default="brouillon",
                                max_length=10,
                                verbose_name="statut",
                            ),
                        ),
                        ("date_signature", models.DateField(blank=True, null=True, verbose_name="signé le")),
                        ("lieu_signature", models.CharField(blank=True, max_length=120, verbose_name="à")),
                        ("cree_le", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "cree_par",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "territoire",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="protocole",
                                to="territoires.territoire",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "protocole d'accord",
                        "verbose_name_plural": "protocoles d'accord",
                        "db_table": "contrats_protocole",
                    },
                ),
                migrations.CreateModel(
                    name="Enjeu",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("intitule", models.CharField(max_length=200, verbose_name="enjeu")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("ordre", models.PositiveSmallIntegerField(default=1)),
                        (
                            "axe",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="enjeux",
                                to="territoires.axe",
                                verbose_name="axe ou priorité",
                            ),
                        ),
                        (
                            "protocole",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="enjeux",
                                to="protocoles.protocole",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enjeu",
                        "db_table": "contrats_enjeu",
                        "ordering": ["protocole", "axe__ordre", "ordre"],
                    },
                ),
                migrations.CreateModel(
                    name="SignataireProtocole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("partie", models.CharField(max_length=200, verbose_name="partie")),
                        ("personne", models.CharField(max_length=200, verbose_name="signataire")),
                        ("qualite", models.CharField(blank=True, max_length=200, verbose_name="qualité")),
                        (
                            "protocole",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="signataires",
                                to="protocoles.protocole",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "contrats_signataireprotocole",
                        "ordering": ["pk"],
                    },
                ),
            ],
        ),
    ]
