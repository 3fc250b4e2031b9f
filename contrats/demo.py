"""Demonstration protocols and contract: Grand Est Touraine (protocol of 23 April 2019 at Amboise, the
first in France, and its 2019-2022 contract with 21 fiches, 8 of them firm commitments, signed and
sealed) and Roanne-Tarare (protocol of 20 June 2019 at L'Arbresle by its six intercommunalités)."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from fiches_actions.demo import TOURAINE
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict
from gouvernance.models import PointOrdreDuJour, Seance
from gouvernance.services import comite_regional_get_or_create, decision_record
from protocoles.models import Protocole
from protocoles.services import protocole_save, protocole_sign
from territoires.models import Territoire

from .models import Contrat
from .services.contrats import contrat_create, party_holders, signature_record, version_set_fiches, version_submit

DOMAIN = "demo.territoires-industrie.example"
SCAN = b"%PDF-1.4\n% page de signature numerisee (demonstration)\n%%EOF\n"


def _user(local):
    return User.objects.get(email=f"{local}@{DOMAIN}")


@transaction.atomic
def demo_load() -> None:
    _current_contract()
    touraine = Territoire.objects.get(code="2402")
    roanne = Territoire.objects.get(code="8411")
    if not Protocole.objects.filter(territoire=touraine).exists():
        chef = _user("chef-projet.touraine")
        protocole = protocole_save(
            territoire=touraine,
            by=chef,
            engagements=(
                "L'État, la Région Centre-Val de Loire, les quatre communautés de communes et les industriels "
                "s'engagent à soutenir les projets industriels du territoire."
            ),
            enjeux=[
                {"axe": "recruter", "intitule": "Former et attirer les compétences de l'industrie du futur"},
                {
                    "axe": "innover",
                    "intitule": "Diffuser la robotique et le numérique dans les 580 entreprises industrielles",
                },
                {"axe": "attirer", "intitule": "Couvrir les zones d'activité en très haut débit mobile"},
                {"axe": "simplifier", "intitule": "Sécuriser les extensions de sites industriels"},
            ],
        )
        protocole_sign(
            protocole=protocole,
            by=chef,
            date=datetime.date(2019, 4, 23),
            lieu="Amboise",
            signataires=[
                {"partie": membre.nom, "personne": "Président de la communauté de communes", "qualite": "président"}
                for membre in touraine.membres.order_by("nom")
            ]
            + [
                {"partie": "État", "personne": "Préfète d'Indre-et-Loire", "qualite": "préfète"},
                {
                    "partie": "Région Centre-Val de Loire",
                    "personne": "Président du conseil régional",
                    "qualite": "président",
                },
            ],
        )
    if not Protocole.objects.filter(territoire=roanne).exists():
        chef = _user("chef-projet.roanne")
        protocole = protocole_save(
            territoire=roanne,
            by=chef,
            engagements=(
                "Les six intercommunalités, l'État et la Région Auvergne-Rhône-Alpes s'engagent d'abord sur le "
                "recrutement : environ 1 200 emplois industriels ne trouvent pas preneur."
            ),
            enjeux=[
                {"axe": "recruter", "intitule": "Pourvoir les emplois industriels non pourvus par la formation"},
                {
                    "axe": "attirer",
                    "intitule": "Faire connaître les métiers industriels du bassin de 300 000 habitants",
                },
            ],
        )
        protocole_sign(
            protocole=protocole,
            by=chef,
            date=datetime.date(2019, 6, 20),
            lieu="L'Arbresle",
            signataires=[
                {"partie": membre.nom, "personne": "Président de l'intercommunalité", "qualite": "président"}
                for membre in roanne.membres.order_by("nom")
            ],
        )
    if not Contrat.objects.filter(territoire=touraine).exists():
        _touraine_contract(touraine)


def _current_contract() -> None:
    """Grand Est Touraine's 2024-2027 contract, being prepared from the fiches its committee validated."""
    territoire = Territoire.objects.get(code="ti-2405")
    if Contrat.objects.filter(territoire=territoire).exists():
        return
    chef = _user("chef-projet.touraine")
    version = contrat_create(
        territoire=territoire,
        by=chef,
        intitule="Contrat Territoire d'industrie Grand Est Touraine",
        annee_debut=2024,
        annee_fin=2027,
        preambule="Exemple illustratif : le contrat du plan d'actions 2023-2027, en préparation.",
    )
    validated = FicheAction.objects.filter(territoire=territoire, statut="validee").order_by("titre")
    version_set_fiches(version=version, by=chef, lignes=[(fiche, i == 0) for i, fiche in enumerate(validated)])


def _touraine_contract(touraine):
    chef = _user("chef-projet.touraine")
    version = contrat_create(
        territoire=touraine,
        by=chef,
        intitule="Contrat Territoire d'industrie Grand Est Touraine",
        annee_debut=2019,
        annee_fin=2022,
        preambule=(
            "Premier territoire de France à avoir signé son protocole d'accord, le 23 avril 2019 "
            "à Amboise, Grand Est Touraine réunit quatre communautés de communes et 580 "
            "entreprises industrielles."
        ),
    )
    firm = {titre for titre, _axe, _cost, _desc, _named, ferme in TOURAINE if ferme}
    fiches = {f.titre: f for f in FicheAction.objects.filter(territoire=touraine)}
    version_set_fiches(
        version=version,
        by=chef,
        lignes=[(fiches[titre], titre in firm) for titre, *_rest in TOURAINE if titre in fiches],
    )
    version_submit(version=version, by=chef)
    comite = comite_regional_get_or_create(region=touraine.region_pilote)
    when = timezone.make_aware(datetime.datetime(2019, 9, 10, 10, 0))
    seance = Seance.objects.create(
        comite=comite,
        date=when,
        lieu="Hôtel de Région, Orléans",
        convoquee_par=_user("pilote.centre"),
        convoquee_le=when - datetime.timedelta(days=15),
    )
    point = PointOrdreDuJour.objects.create(
        seance=seance, ordre=1, version_contrat=version, titre=f"Validation : {version}"
    )
    decision_record(
        point=point,
        by=_user("comite-regional.centre"),
        verdict=Verdict.VALIDEE,
        motifs="Contrat conforme au protocole d'accord.",
    )
    for partie in version.parties.order_by("ordre"):
        holders = party_holders(partie)
        by = User.objects.filter(pk__in=holders).first() if holders else chef
        signature_record(
            partie=partie,
            by=by,
            signataire=str(by) if holders else f"Représentant — {partie.libelle}",
            qualite="",
            date=datetime.date(2019, 9, 27),
            lieu="Amboise",
            preuve=None if holders else ContentFile(SCAN),
        )
