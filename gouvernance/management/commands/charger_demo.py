from django.conf import settings
from django.core.management.base import BaseCommand

from gouvernance.demo import demo_load


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("--mot-de-passe", dest="password", required=True,
                            help="Mot de passe commun des comptes de démonstration.")

    def handle(self, *args, password, **options):
        # Demo addresses are fictitious: the e-mails the demo triggers (convocations, relevés) go nowhere.
        backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, "django.core.mail.backends.dummy.EmailBackend"
        try:
            accounts = demo_load(password=password)
        finally:
            settings.EMAIL_BACKEND = backend
        self.stdout.write("Comptes de démonstration (mot de passe commun affiché par la commande de lancement) :")
        for email, description in accounts:
            self.stdout.write(f"  {email:<48} {description}")
