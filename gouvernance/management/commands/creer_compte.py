from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from gouvernance.services import compte_create, mandat_create
from habilitations.enums import ROLE_NIVEAU, Niveau, Role
from portail.forms import refusal_text
from territoires.models import Operateur, Region, Territoire

ROLE_HELP = "; ".join(f"{role.value} ({role.label}, {ROLE_NIVEAU[role].label.lower()})" for role in Role)


class Command(BaseCommand):
    help = (
        "Crée un compte (ou réutilise celui de cette adresse) et lui donne un mandat. "
        "Affiche un lien à usage unique pour choisir le mot de passe."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse électronique de la personne.")
        parser.add_argument(
            "--role",
            required=True,
            choices=[r.value for r in Role],
            metavar="ROLE",
            help=f"Code du rôle : {ROLE_HELP}.",
        )
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--territoire", metavar="CODE", help="Code ANCT du territoire (rôle territorial).")
        scope.add_argument("--region", metavar="CODE", help="Code INSEE de la région (rôle régional).")
        scope.add_argument("--national", action="store_true", help="Périmètre national (rôle national).")
        parser.add_argument(
            "--operateur",
            metavar="CODE",
            help="Opérateur représenté (référent opérateur) : "
            "banque-des-territoires, bpifrance, business-france, france-travail.",
        )
        parser.add_argument("--prenom", default="")
        parser.add_argument("--nom", default="")
        parser.add_argument("--organisation", default="")

    @transaction.atomic
    def handle(self, *args, email, role, territoire, region, national, operateur, prenom, nom, organisation, **options):
        role = Role(role)
        expected = ROLE_NIVEAU[role]
        given = Niveau.TERRITORIAL if territoire else Niveau.REGIONAL if region else Niveau.NATIONAL
        if expected != given:
            option = {Niveau.TERRITORIAL: "--territoire", Niveau.REGIONAL: "--region"}.get(expected, "--national")
            raise CommandError(f"Le rôle « {role.label} » est {expected.label.lower()} : indiquez {option}.")
        try:
            territoire_obj = Territoire.objects.get(code=territoire) if territoire else None
            region_obj = Region.objects.get(code=region) if region else None
            operateur_obj = Operateur.objects.get(code=operateur) if operateur else None
        except Territoire.DoesNotExist:
            raise CommandError(
                f"Aucun territoire de code « {territoire} ». Les codes sont sur la page du territoire."
            ) from None
        except Region.DoesNotExist:
            raise CommandError(f"Aucune région de code INSEE « {region} ».") from None
        except Operateur.DoesNotExist:
            raise CommandError(f"Aucun opérateur de code « {operateur} ».") from None
        try:
            user, created = compte_create(email=email, first_name=prenom, last_name=nom, organisation=organisation)
            mandat = mandat_create(
                user=user, role=role, by=None, territoire=territoire_obj, region=region_obj, operateur=operateur_obj
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(refusal_text(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Compte créé' if created else 'Compte existant'} : {user.email} — mandat « {mandat} »."
            )
        )
        if created or not user.has_usable_password():
            link = reverse(
                "comptes:password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            self.stdout.write(
                f"Lien pour choisir le mot de passe (24 h, usage unique) : {settings.PORTAIL_BASE_URL}{link}"
            )
