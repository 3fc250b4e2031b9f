"""Mandates move from gouvernance to the access floor without touching the database: the tables keep
their names, and the content types follow so that object permissions, history and journal entries
that name a mandate still find it."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ("mandat", "historicalmandat")


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "gouvernance", "habilitations")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "habilitations", "gouvernance")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("gouvernance", "0006_phase_2023_seances_passees_cofinancement_revue"),
        ("territoires", "0005_noms_des_operateurs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalMandat",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("elu_binome", "Élu du binôme"),
                                    ("industriel_binome", "Industriel du binôme"),
                                    ("chef_de_projet", "Chef de projet"),
                                    ("membre_comite_projet", "Membre du comité de projet"),
                                    ("porteur_projet", "Porteur de projet"),
                                    ("referent_operateur", "Référent opérateur"),
                                    ("pilote_regional", "Pilote régional"),
                                    ("membre_comite_regional", "Membre du comité régional"),
                                    ("services_etat_region", "Services de l'État en région"),
                                    ("delegation_nationale", "Délégation nationale"),
                                    ("membre_copil_national", "Membre du comité de pilotage national"),
                                ],
                                max_length=30,
                                verbose_name="rôle",
                            ),
                        ),
                        ("date_debut", models.DateField(default=django.utils.timezone.localdate, verbose_name="début")),
                        (
                            "date_fin",
                            models.DateField(
                                blank=True,
                                help_text="Jour où le mandat prend fin : l'accès cesse ce jour-là.",
                                null=True,
                                verbose_name="fin",
                            ),
                        ),
                        (
                            "cofinancement_etat",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Pour un chef de projet cofinancé par l'État.",
                                null=True,
                                validators=[django.core.validators.MaxValueValidator(100)],
                                verbose_name="part de l'État dans le poste (%)",
                            ),
                        ),
                        (
                            "cofinancement_debut",
                            models.DateField(blank=True, null=True, verbose_name="cofinancement : début"),
                        ),
                        (
                            "cofinancement_fin",
                            models.DateField(blank=True, null=True, verbose_name="cofinancement : fin"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "operateur",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="territoires.operateur",
                                verbose_name="opérateur",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="territoires.region",
                                verbose_name="région",
                            ),
                        ),
                        (
                            "territoire",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="territoires.territoire",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="personne",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical mandat",
                        "verbose_name_plural": "historical mandats",
                        "db_table": "gouvernance_historicalmandat",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Mandat",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("elu_binome", "Élu du binôme"),
                                    ("industriel_binome", "Industriel du binôme"),
                                    ("chef_de_projet", "Chef de projet"),
                                    ("membre_comite_projet", "Membre du comité de projet"),
                                    ("porteur_projet", "Porteur de projet"),
                                    ("referent_operateur", "Référent opérateur"),
                                    ("pilote_regional", "Pilote régional"),
                                    ("membre_comite_regional", "Membre du comité régional"),
                                    ("services_etat_region", "Services de l'État en région"),
                                    ("delegation_nationale", "Délégation nationale"),
                                    ("membre_copil_national", "Membre du comité de pilotage national"),
                                ],
                                max_length=30,
                                verbose_name="rôle",
                            ),
                        ),
                        ("date_debut", models.DateField(default=django.utils.timezone.localdate, verbose_name="début")),
                        (
                            "date_fin",
                            models.DateField(
                                blank=True,
                                help_text="Jour où le mandat prend fin : l'accès cesse ce jour-là.",
                                null=True,
                                verbose_name="fin",
                            ),
                        ),
                        (
                            "cofinancement_etat",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Pour un chef de projet cofinancé par l'État.",
                                null=True,
                                validators=[django.core.validators.MaxValueValidator(100)],
                                verbose_name="part de l'État dans le poste (%)",
                            ),
                        ),
                        (
                            "cofinancement_debut",
                            models.DateField(blank=True, null=True, verbose_name="cofinancement : début"),
                        ),
                        (
                            "cofinancement_fin",
                            models.DateField(blank=True, null=True, verbose_name="cofinancement : fin"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "operateur",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="mandats",
                                to="territoires.operateur",
                                verbose_name="opérateur",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mandats",
                                to="territoires.region",
                                verbose_name="région",
                            ),
                        ),
                        (
                            "territoire",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mandats",
                                to="territoires.territoire",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mandats",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="personne",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "mandat",
                        "verbose_name_plural": "mandats",
                        "db_table": "gouvernance_mandat",
                        "ordering": ["-date_debut"],
                        "indexes": [
                            models.Index(
                                fields=["user", "date_debut", "date_fin"], name="gouvernance_user_id_42cad8_idx"
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("region__isnull", True),
                                        (
                                            "role__in",
                                            [
                                                "chef_de_projet",
                                                "elu_binome",
                                                "industriel_binome",
                                                "membre_comite_projet",
                                                "porteur_projet",
                                                "referent_operateur",
                                            ],
                                        ),
                                        ("territoire__isnull", False),
                                    ),
                                    models.Q(
                                        ("region__isnull", False),
                                        (
                                            "role__in",
                                            ["membre_comite_regional", "pilote_regional", "services_etat_region"],
                                        ),
                                        ("territoire__isnull", True),
                                    ),
                                    models.Q(
                                        ("region__isnull", True),
                                        ("role__in", ["delegation_nationale", "membre_copil_national"]),
                                        ("territoire__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="mandat_perimetre_selon_niveau",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("date_fin__isnull", True),
                                    ("date_fin__gte", models.F("date_debut")),
                                    _connector="OR",
                                ),
                                name="mandat_fin_apres_debut",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("cofinancement_etat__isnull", True),
                                    models.Q(
                                        ("cofinancement_debut__isnull", False),
                                        ("cofinancement_etat__lte", 100),
                                        ("role", "chef_de_projet"),
                                    ),
                                    _connector="OR",
                                ),
                                name="mandat_cofinancement_chef_de_projet",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("cofinancement_fin__isnull", True),
                                    ("cofinancement_fin__gte", models.F("cofinancement_debut")),
                                    _connector="OR",
                                ),
                                name="mandat_cofinancement_fin_apres_debut",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("operateur__isnull", False), ("role", "referent_operateur")),
                                    models.Q(
                                        models.Q(("role", "referent_operateur"), _negated=True),
                                        ("operateur__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="mandat_operateur_pour_referent",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("date_fin__isnull", True), ("role", "referent_operateur")),
                                fields=("territoire", "operateur"),
                                name="un_referent_ouvert_par_operateur_et_territoire",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
