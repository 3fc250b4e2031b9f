"""Outlines leave the région, département and territory rows for a table of their own, so that no list
or join reads a geometry it does not draw. Every outline is copied before the columns go."""

from django.db import migrations, models

KINDS = (("region", "Region"), ("departement", "Departement"), ("territoire", "Territoire"))


def copy_outlines(apps, schema_editor):
    Contour = apps.get_model("territoires", "Contour")
    for objet, model in KINDS:
        rows = apps.get_model("territoires", model).objects.exclude(contour=None).values_list("code", "contour")
        Contour.objects.bulk_create(
            (Contour(objet=objet, code=code, geojson=geojson) for code, geojson in rows.iterator()), batch_size=200
        )


def copy_outlines_back(apps, schema_editor):
    Contour = apps.get_model("territoires", "Contour")
    for objet, model in KINDS:
        Model = apps.get_model("territoires", model)
        for code, geojson in Contour.objects.filter(objet=objet).values_list("code", "geojson").iterator():
            Model.objects.filter(code=code).update(contour=geojson)


class Migration(migrations.Migration):
    dependencies = [
        ("territoires", "0005_noms_des_operateurs"),
    ]

    operations = [
        migrations.CreateModel(
            name="Contour",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "objet",
                    models.CharField(
                        choices=[("region", "région"), ("departement", "département"), ("territoire", "territoire")],
                        max_length=12,
                        verbose_name="objet",
                    ),
                ),
                ("code", models.CharField(max_length=12, verbose_name="code")),
                ("geojson", models.JSONField(verbose_name="contour GeoJSON")),
            ],
            options={
                "verbose_name": "contour",
                "constraints": [models.UniqueConstraint(fields=("objet", "code"), name="contour_unique_par_objet")],
            },
        ),
        migrations.RunPython(copy_outlines, copy_outlines_back),
        migrations.RemoveField(model_name="departement", name="contour"),
        migrations.RemoveField(model_name="region", name="contour"),
        migrations.RemoveField(model_name="territoire", name="contour"),
    ]
