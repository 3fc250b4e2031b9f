"""A fiche's axe, and a national measure's, become keys to the phase's axes (territoires.Axe).

Each fiche takes the axe of its territory's phase with the same code; a fiche whose code its territory's
phase does not have (a 2019 axe on a 2023-2027 territory) keeps the 2019-2022 axe of that code, so
nothing is lost: its next edit asks for one of the current priorities."""

import django.db.models.deletion
from django.db import migrations, models


def to_axes(apps, schema_editor):
    Axe = apps.get_model("territoires", "Axe")
    ids = {(phase, code): pk for pk, phase, code in Axe.objects.values_list("pk", "phase_id", "code")}
    first_phase = {}
    for (_phase, code), pk in sorted(ids.items()):
        first_phase.setdefault(code, pk)
    for name in ("FicheAction", "HistoricalFicheAction"):
        model = apps.get_model("fiches_actions", name)
        for (phase, code), pk in ids.items():
            model.objects.filter(territoire__phase_id=phase, axe=code).update(axe_ref=pk)
        for code, pk in first_phase.items():
            model.objects.filter(axe_ref__isnull=True, axe=code).update(axe_ref=pk)
    MesureNationale = apps.get_model("fiches_actions", "MesureNationale")
    for code, pk in first_phase.items():
        MesureNationale.objects.filter(axe=code).update(axe_ref=pk)
    left = apps.get_model("fiches_actions", "FicheAction").objects.filter(axe_ref__isnull=True).count()
    if left:
        raise RuntimeError(f"{left} fiche(s) portent un axe inconnu : migration interrompue, rien n'est perdu.")


class Migration(migrations.Migration):
    dependencies = [
        ("fiches_actions", "0005_fiche_recente"),
        ("territoires", "0004_phases"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="ficheaction", name="fiches_acti_statut_4ed074_idx"),
        migrations.AddField(
            model_name="ficheaction",
            name="axe_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="territoires.axe"
            ),
        ),
        migrations.AddField(
            model_name="historicalficheaction",
            name="axe_ref",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="territoires.axe",
            ),
        ),
        migrations.AddField(
            model_name="mesurenationale",
            name="axe_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="territoires.axe"
            ),
        ),
        migrations.RunPython(to_axes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="ficheaction", name="axe"),
        migrations.RemoveField(model_name="historicalficheaction", name="axe"),
        migrations.RemoveField(model_name="mesurenationale", name="axe"),
        migrations.RenameField(model_name="ficheaction", old_name="axe_ref", new_name="axe"),
        migrations.RenameField(model_name="historicalficheaction", old_name="axe_ref", new_name="axe"),
        migrations.RenameField(model_name="mesurenationale", old_name="axe_ref", new_name="axe"),
        migrations.AlterField(
            model_name="ficheaction",
            name="axe",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fiches",
                to="territoires.axe",
                verbose_name="axe ou priorité",
            ),
        ),
        migrations.AlterField(
            model_name="historicalficheaction",
            name="axe",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="territoires.axe",
                verbose_name="axe ou priorité",
            ),
        ),
        migrations.AlterField(
            model_name="mesurenationale",
            name="axe",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mesures",
                to="territoires.axe",
                verbose_name="axe ou priorité",
            ),
        ),
        migrations.AlterModelOptions(
            name="mesurenationale",
            options={
                "ordering": ["axe__phase", "axe__ordre", "libelle"],
                "verbose_name": "mesure nationale",
                "verbose_name_plural": "mesures nationales (panier de services)",
            },
        ),
        migrations.AddIndex(
            model_name="ficheaction",
            index=models.Index(fields=["statut", "axe"], name="fiche_statut_axe"),
        ),
    ]
