from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portail.typographie import plural
from territoires.services.parsing import ReferentielError
from territoires.services.referentiel import DATA_DIR, referentiel_import


class Command(BaseCommand):
    help = (
        "Importe ou met à jour les référentiels (régions, départements, EPCI, communes, territoires "
        "d'industrie des phases 2019-2022 et 2023-2027, opérateurs). Idempotent, tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            default=DATA_DIR,
            help="Dossier des fichiers sources (par défaut : territoires/data).",
        )
        parser.add_argument(
            "--forcer",
            action="store_true",
            help="Relire les fichiers même s'ils n'ont pas changé depuis le dernier import.",
        )

    def handle(self, *args, dossier, forcer, **options):
        try:
            report = referentiel_import(data_dir=dossier, force=forcer)
        except ReferentielError as exc:
            raise CommandError(f"Import annulé, aucune donnée modifiée. {exc}") from None
        if report.skipped:
            self.stdout.write("Totaux : " + ", ".join(f"{n} {name}" for name, n in report.totals.items()))
            self.stdout.write(
                self.style.SUCCESS("Référentiel à jour (fichiers identiques au dernier import), rien n'a changé.")
            )
            return
        for name, counter in report.counts.items():
            self.stdout.write(
                f"  {name:<28} créés {counter.created:>6}  modifiés {counter.updated:>6}  "
                f"supprimés {counter.removed:>5}  inchangés {counter.unchanged:>6}"
            )
        self.stdout.write("Totaux : " + ", ".join(f"{n} {name}" for name, n in report.totals.items()))
        if report.decided_perimeters:
            self.stdout.write(
                f"{plural(report.decided_perimeters, 'périmètre')} déjà modifiés par une décision du comité "
                "régional : gardés tels que décidés."
                if report.decided_perimeters > 1
                else "1 périmètre déjà modifié par une décision du comité régional : gardé tel que décidé."
            )
        if report.unmatched_communes_2020:
            self.stdout.write(
                f"{report.unmatched_communes_2020} communes de 2020 n'existent plus et ne "
                "rattachent aucun EPCI (fusions de communes)."
            )
        self.stdout.write(
            self.style.SUCCESS("Référentiel à jour, rien n'a changé." if not report.changed else "Référentiel importé.")
        )
