"""A protocol's enjeu answers one axe of its territory's phase (territoires.Axe), as a fiche does."""

import django.db.models.deletion
from django.db import migrations, models


def to_axes(apps, schema_editor):
    Axe = apps.get_model("territoires", "Axe")
    Enjeu = apps.get_model("contrats", "Enjeu")
    ids = {(phase, code): pk for pk, phase, code in Axe.objects.values_list("pk", "phase_id", "code")}
    first_phase = {}
    for (_phase, code), pk in sorted(ids.items()):
        first_phase.setdefault(code, pk)
    for (phase, code), pk in ids.items():
        Enjeu.objects.filter(protocole__territoire__phase_id=phase, axe=code).update(axe_ref=pk)
    for code, pk in first_phase.items():
        Enjeu.objects.filter(axe_ref__isnull=True, axe=code).update(axe_ref=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("contrats", "0005_sceau_et_signatures"),
        ("territoires", "0004_phases"),
    ]

    operations = [
        migrations.AddField(
            model_name="enjeu",
            name="axe_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="territoires.axe"
            ),
        ),
        migrations.RunPython(to_axes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="enjeu", name="axe"),
        migrations.RenameField(model_name="enjeu", old_name="axe_ref", new_name="axe"),
        migrations.AlterField(
            model_name="enjeu",
            name="axe",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enjeux",
                to="territoires.axe",
                verbose_name="axe ou priorité",
            ),
        ),
        migrations.AlterModelOptions(
            name="enjeu",
            options={"ordering": ["protocole", "axe__ordre", "ordre"], "verbose_name": "enjeu"},
        ),
    ]
