from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portail.sauvegarde import SauvegardeError, backup


class Command(BaseCommand):
    help = "Sauvegarde la base PostgreSQL (pg_dump) et les fichiers locaux dans un dossier."

    def add_arguments(self, parser):
        parser.add_argument("dossier", type=Path)

    def handle(self, *args, dossier, **options):
        try:
            result = backup(dossier)
        except SauvegardeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Base sauvegardée dans {result.dump}")
        if result.media:
            self.stdout.write(f"Fichiers sauvegardés dans {result.media}")
        self.stdout.write(f"Pour restaurer : manage.py restaurer {result.dump} --confirmer")
