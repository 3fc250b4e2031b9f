from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portail.sauvegarde import SauvegardeError, restore


class Command(BaseCommand):
    help = "Remplace la base (et les fichiers locaux) par une sauvegarde faite avec « sauvegarder »."

    def add_arguments(self, parser):
        parser.add_argument("sauvegarde", type=Path, help="le fichier .dump")
        parser.add_argument(
            "--confirmer", action="store_true", help="obligatoire : les données actuelles seront remplacées"
        )

    def handle(self, *args, sauvegarde, confirmer, **options):
        if not confirmer:
            raise CommandError("La restauration remplace toutes les données actuelles : relancez avec --confirmer.")
        try:
            result = restore(sauvegarde)
        except SauvegardeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Base restaurée depuis {result.dump}" + (" avec ses fichiers." if result.media else "."))
