from django.conf import settings
from django.core.management.base import BaseCommand

from contrats.demo import demo_load as contrats_demo_load
from fiches_actions.demo import demo_load as fiches_demo_load
from gouvernance.demo import CURRENT, DOMAIN, GRAND_EST_TOURAINE, demo_accounts, demo_load


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes de démonstration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mot-de-passe", dest="password", required=True, help="Mot de passe commun des comptes de démonstration."
        )
        parser.add_argument(
            "--si-absentes",
            action="store_true",
            help="Ne rien charger si les données de démonstration sont déjà en place.",
        )

    def handle(self, *args, password, si_absentes, **options):
        if si_absentes and self._present(password):
            self._list(demo_accounts())
            return
        # Demo addresses are fictitious: the e-mails the demo triggers (convocations, relevés) go nowhere.
        backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, "django.core.mail.backends.dummy.EmailBackend"
        try:
            accounts = demo_load(password=password)
            fiches_demo_load()
            contrats_demo_load()
        finally:
            settings.EMAIL_BACKEND = backend
        self._history_read()
        self._list(accounts)

    @staticmethod
    def _present(password: str) -> bool:
        """True when the last demo load is in place with this password (checked on one account only)."""
        from comptes.models import User
        from fiches_actions.models import FicheAction

        marker = User.objects.filter(email=f"delegation@{DOMAIN}").first()
        return (
            marker is not None
            and FicheAction.objects.filter(territoire__code=CURRENT[GRAND_EST_TOURAINE]).exists()
            and marker.check_password(password)
        )

    def _history_read(self):
        """The demo replays years of governance in seconds: its notices are that history. Each person
        keeps their three latest unread, to show the header count and the notifications page."""
        from django.db.models import OuterRef, Subquery
        from django.utils import timezone

        from notifications.models import Notification

        latest = Notification.objects.filter(recipient=OuterRef("recipient")).order_by("-created_at", "-pk")
        Notification.objects.filter(read_at__isnull=True).exclude(pk__in=Subquery(latest.values("pk")[:3])).update(
            read_at=timezone.now()
        )

    def _list(self, accounts):
        self.stdout.write("Comptes de démonstration (mot de passe commun affiché par la commande de lancement) :")
        for email, description in accounts:
            self.stdout.write(f"  {email:<48} {description}")
