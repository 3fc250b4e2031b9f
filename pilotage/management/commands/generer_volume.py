from django.core.management.base import BaseCommand, CommandError

from pilotage.volume import generate


class Command(BaseCommand):
    help = (
        "Génère des données au volume du programme pour les mesures de performance : échelle 1 = les "
        "183 territoires de 2023 avec environ 40 fiches chacun ; échelle 10 = dix fois plus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--echelle", type=int, default=1)
        parser.add_argument(
            "--mot-de-passe", required=True, dest="password", help="mot de passe de tous les comptes générés"
        )

    def handle(self, *args, echelle, password, **options):
        if echelle < 1:
            raise CommandError("L'échelle est un entier supérieur ou égal à 1.")
        try:
            report = generate(scale=echelle, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Échelle {echelle} : {report.territoires} territoires, {report.comptes} comptes, "
            f"{report.fiches} fiches, {report.seances} séances, {report.decisions} décisions, "
            f"{report.contrats} contrats."
        )
