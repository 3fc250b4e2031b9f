"""Demonstration data: real territories of the programme, one account per role and level.

Idempotent: a second run finds every account and mandate in place and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from comptes.models import User
from habilitations.enums import Role
from habilitations.models import Mandat
from territoires.enums import NiveauMaturite, StatutTerritoire
from territoires.models import Operateur, Region, Territoire

from .enums import Verdict
from .models import Binome
from .services import (
    binome_designate,
    comite_national_get_or_create,
    comite_projet_get_or_create,
    comite_regional_get_or_create,
    compte_create,
    decision_record,
    demande_perimetre_create,
    mandat_create,
    membre_add,
    seance_publish_releve,
    seance_record_attendance,
)

DOMAIN = "demo.territoires-industrie.example"

# Real cases of the programme (phase 2019-2022 codes): Grand Est Touraine (Centre-Val de Loire),
# Roanne - Tarare (Auvergne-Rhône-Alpes), Flandre - Saint-Omer (Hauts-de-France).
GRAND_EST_TOURAINE, ROANNE_TARARE, SAINT_OMER = "2402", "8411", "3209"
CENTRE_VAL_DE_LOIRE, AUVERGNE_RHONE_ALPES, HAUTS_DE_FRANCE = "24", "84", "32"
# The same territories labelled again for 2023-2027 (where the demo's people work today), each taking up
# the history of its 2019-2022 predecessor: Grand Est Touraine (ti-2405), Roannais Forez (ti-8417, the
# Roanne side of Roanne - Tarare), Pays de Saint-Omer (ti-3212).
CURRENT = {GRAND_EST_TOURAINE: "ti-2405", ROANNE_TARARE: "ti-8417", SAINT_OMER: "ti-3212"}
# The new label was announced on 9 November 2023; the mandates of the second phase start with 2024.
PHASE_2_START = datetime.date(2024, 1, 1)

# (local part, first name, last name, organisation, role, territory or région code, operator)
ACCOUNTS = [
    ("chef-projet.touraine", "Julie", "Bernard", "Pays Loire Touraine", Role.CHEF_DE_PROJET, GRAND_EST_TOURAINE, None),
    (
        "comite.touraine",
        "Paul",
        "Girard",
        "Préfecture d'Indre-et-Loire",
        Role.MEMBRE_COMITE_PROJET,
        GRAND_EST_TOURAINE,
        None,
    ),
    ("porteur.touraine", "Sophie", "Petit", "CFAI Centre-Val de Loire", Role.PORTEUR_PROJET, GRAND_EST_TOURAINE, None),
    ("bpifrance.touraine", "Nicolas", "Roux", "Bpifrance", Role.REFERENT_OPERATEUR, GRAND_EST_TOURAINE, "bpifrance"),
    ("chef-projet.roanne", "Émilie", "Fournier", "Roannais Agglomération", Role.CHEF_DE_PROJET, ROANNE_TARARE, None),
    (
        "president.amboise",
        "Thierry",
        "Vasseur",
        "CC du Val d'Amboise",
        Role.MEMBRE_COMITE_PROJET,
        GRAND_EST_TOURAINE,
        None,
    ),
    (
        "prefecture.loire",
        "Hélène",
        "Marchand",
        "Préfecture de la Loire",
        Role.MEMBRE_COMITE_PROJET,
        ROANNE_TARARE,
        None,
    ),
    ("chef-projet.saint-omer", "Thomas", "Lambert", "CA du Pays de Saint-Omer", Role.CHEF_DE_PROJET, SAINT_OMER, None),
    ("elu.saint-omer", "Martine", "Delattre", "CA du Pays de Saint-Omer", Role.MEMBRE_COMITE_PROJET, SAINT_OMER, None),
    (
        "pilote.centre",
        "Isabelle",
        "Mercier",
        "Région Centre-Val de Loire",
        Role.PILOTE_REGIONAL,
        CENTRE_VAL_DE_LOIRE,
        None,
    ),
    (
        "comite-regional.centre",
        "Hervé",
        "Blanc",
        "Région Centre-Val de Loire",
        Role.MEMBRE_COMITE_REGIONAL,
        CENTRE_VAL_DE_LOIRE,
        None,
    ),
    (
        "etat.centre",
        "Nadia",
        "Guerin",
        "Préfecture de région Centre-Val de Loire",
        Role.SERVICES_ETAT_REGION,
        CENTRE_VAL_DE_LOIRE,
        None,
    ),
    (
        "pilote.aura",
        "Olivier",
        "Faure",
        "Région Auvergne-Rhône-Alpes",
        Role.PILOTE_REGIONAL,
        AUVERGNE_RHONE_ALPES,
        None,
    ),
    ("pilote.hdf", "Camille", "Robin", "Région Hauts-de-France", Role.PILOTE_REGIONAL, HAUTS_DE_FRANCE, None),
    ("delegation", "Anne", "Dubois", "Délégation aux Territoires d'industrie", Role.DELEGATION_NATIONALE, None, None),
    ("copil", "François", "Garnier", "Intercommunalités de France", Role.MEMBRE_COPIL_NATIONAL, None, None),
]


def _scope_kwargs(role: Role, code: str | None) -> dict:
    from habilitations.enums import ROLE_NIVEAU, Niveau

    niveau = ROLE_NIVEAU[role]
    if niveau == Niveau.TERRITORIAL:
        return {"territoire": Territoire.objects.get(code=code)}
    if niveau == Niveau.REGIONAL:
        return {"region": Region.objects.get(code=code)}
    return {}


@transaction.atomic
def demo_load(*, password: str) -> list[tuple[str, str]]:
    """Create the demo accounts and mandates; return (e-mail, description) for each account."""
    _link_phases()
    for local, first, last, organisation, role, code, operateur in ACCOUNTS:
        user = _account(f"{local}@{DOMAIN}", first, last, organisation, password)
        # A territorial mandate of 2019 goes on in the territory's 2023-2027 successor.
        scopes = [(code, datetime.date(2019, 1, 1))] + ([(CURRENT[code], PHASE_2_START)] if code in CURRENT else [])
        for scope_code, debut in scopes:
            scope = _scope_kwargs(role, scope_code)
            if not Mandat.objects.active().filter(user=user, role=role, **scope).exists():
                mandat_create(
                    user=user,
                    role=role,
                    by=None,
                    operateur=Operateur.objects.get(code=operateur) if operateur else None,
                    date_debut=debut,
                    **scope,
                )

    _binomes(password)
    _account(f"sans-mandat@{DOMAIN}", "Léa", "Simon", "", password)
    _committees()

    Territoire.objects.filter(code=GRAND_EST_TOURAINE).update(
        niveau_maturite=NiveauMaturite.CONFIRME, statut=StatutTerritoire.ACTIF
    )
    Territoire.objects.filter(code=ROANNE_TARARE).update(niveau_maturite=NiveauMaturite.EN_STRUCTURATION)
    Territoire.objects.filter(code=SAINT_OMER).update(niveau_maturite=NiveauMaturite.EN_STRUCTURATION)
    # The 2023-2027 chef de projet of Grand Est Touraine, co-financed by the State (illustrative rate).
    Mandat.objects.filter(
        user__email=f"chef-projet.touraine@{DOMAIN}", territoire__code=CURRENT[GRAND_EST_TOURAINE]
    ).update(cofinancement_etat=50, cofinancement_debut=PHASE_2_START, cofinancement_fin=datetime.date(2026, 12, 31))
    Territoire.objects.filter(code=CURRENT[GRAND_EST_TOURAINE]).update(niveau_maturite=NiveauMaturite.CONFIRME)
    Territoire.objects.filter(code=CURRENT[ROANNE_TARARE]).update(niveau_maturite=NiveauMaturite.CONFIRME)
    return demo_accounts()


def _link_phases() -> None:
    for old, new in CURRENT.items():
        Territoire.objects.filter(code=new, precedent__isnull=True).update(precedent=_territoire(old))


NAMES = {
    GRAND_EST_TOURAINE: "Grand Est Touraine",
    ROANNE_TARARE: "Roanne - Tarare",
    SAINT_OMER: "Flandre - Saint-Omer",
    CENTRE_VAL_DE_LOIRE: "Centre-Val de Loire",
    AUVERGNE_RHONE_ALPES: "Auvergne-Rhône-Alpes",
    HAUTS_DE_FRANCE: "Hauts-de-France",
}

BINOME_ACCOUNTS = [
    ("elu.touraine", "Élu du binôme — Grand Est Touraine (depuis 2020)"),
    ("industriel.touraine", "Industriel du binôme — Grand Est Touraine"),
    ("elu.roanne", "Élu du binôme — Roanne - Tarare"),
    ("industriel.roanne", "Industriel du binôme — Roanne - Tarare"),
    ("ancien-elu.touraine", "Ancien élu du binôme de Grand Est Touraine (jusqu'en 2020) — ne voit plus rien"),
    ("sans-mandat", "Compte sans mandat — pages publiques seulement"),
]


def demo_accounts() -> list[tuple[str, str]]:
    """The accounts the demo creates, as listed by ``charger_demo``, without touching the database."""
    return [
        (f"{local}@{DOMAIN}", f"{role.label} — {NAMES.get(code, 'national')}")
        for local, _first, _last, _org, role, code, _op in ACCOUNTS
    ] + [(f"{local}@{DOMAIN}", label) for local, label in BINOME_ACCOUNTS]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _territoire(code: str) -> Territoire:
    return Territoire.objects.get(code=code)


def _binomes(password: str) -> None:
    """Grand Est Touraine's binôme changed with the 2020 municipal elections; Roanne-Tarare's did not."""
    ancien = _account(f"ancien-elu.touraine@{DOMAIN}", "Jacques", "Martin", "CC du Castelrenaudais", password)
    elu = _account(f"elu.touraine@{DOMAIN}", "Claire", "Moreau", "CC du Val d'Amboise", password)
    industriel = _account(
        f"industriel.touraine@{DOMAIN}", "Marc", "Lefèvre", "Club des industriels du Val d'Amboise", password
    )
    elu_roanne = _account(f"elu.roanne@{DOMAIN}", "Bernard", "Chevalier", "CC du Pays de l'Arbresle", password)
    industriel_roanne = _account(f"industriel.roanne@{DOMAIN}", "Sandrine", "Perrin", "Fonderie du Roannais", password)
    touraine, roanne = _territoire(GRAND_EST_TOURAINE), _territoire(ROANNE_TARARE)
    for territoire, pair in (
        (_territoire(CURRENT[GRAND_EST_TOURAINE]), (elu, industriel)),
        (_territoire(CURRENT[ROANNE_TARARE]), (elu_roanne, industriel_roanne)),
    ):
        if not Binome.objects.filter(territoire=territoire).exists():
            binome_designate(territoire=territoire, elu=pair[0], industriel=pair[1], by=None, date_debut=PHASE_2_START)
    if not Binome.objects.filter(territoire=touraine).exists():
        binome_designate(
            territoire=touraine, elu=ancien, industriel=industriel, by=None, date_debut=datetime.date(2018, 11, 22)
        )
        binome_designate(
            territoire=touraine, elu=elu, industriel=industriel, by=None, date_debut=datetime.date(2020, 7, 1)
        )
    if not Binome.objects.filter(territoire=roanne).exists():
        binome_designate(
            territoire=roanne,
            elu=elu_roanne,
            industriel=industriel_roanne,
            by=None,
            date_debut=datetime.date(2018, 11, 22),
        )


def _committees() -> None:
    """Committees with their members, the protocol séances of 2019, and a pending perimeter request."""
    from territoires.models import EPCI

    from .enums import Qualite
    from .models import DemandePerimetre, MembreComite

    debut = datetime.date(2019, 1, 1)
    touraine, roanne, omer = (_territoire(c) for c in (GRAND_EST_TOURAINE, ROANNE_TARARE, SAINT_OMER))
    touraine_2023, roannais = _territoire(CURRENT[GRAND_EST_TOURAINE]), _territoire(CURRENT[ROANNE_TARARE])
    seats = {
        comite_projet_get_or_create(territoire=touraine_2023): [
            ("elu.touraine", Qualite.ELU, None),
            ("industriel.touraine", Qualite.INDUSTRIEL, None),
            ("chef-projet.touraine", Qualite.CHEF_DE_PROJET, None),
            ("comite.touraine", Qualite.REPRESENTANT_ETAT, None),
            ("pilote.centre", Qualite.REPRESENTANT_REGION, None),
            ("bpifrance.touraine", Qualite.OPERATEUR, None),
            ("president.amboise", Qualite.PRESIDENT_EPCI, "200043065"),
        ],
        comite_projet_get_or_create(territoire=roannais): [
            ("elu.roanne", Qualite.ELU, None),
            ("industriel.roanne", Qualite.INDUSTRIEL, None),
            ("chef-projet.roanne", Qualite.CHEF_DE_PROJET, None),
            ("prefecture.loire", Qualite.REPRESENTANT_ETAT, None),
            ("pilote.aura", Qualite.REPRESENTANT_REGION, None),
        ],
        comite_projet_get_or_create(territoire=touraine): [
            ("elu.touraine", Qualite.ELU, None),
            ("industriel.touraine", Qualite.INDUSTRIEL, None),
            ("chef-projet.touraine", Qualite.CHEF_DE_PROJET, None),
            ("comite.touraine", Qualite.REPRESENTANT_ETAT, None),
            ("pilote.centre", Qualite.REPRESENTANT_REGION, None),
            ("bpifrance.touraine", Qualite.OPERATEUR, None),
            ("president.amboise", Qualite.PRESIDENT_EPCI, "200043065"),
        ],
        comite_projet_get_or_create(territoire=roanne): [
            ("elu.roanne", Qualite.ELU, None),
            ("industriel.roanne", Qualite.INDUSTRIEL, None),
            ("chef-projet.roanne", Qualite.CHEF_DE_PROJET, None),
            ("prefecture.loire", Qualite.REPRESENTANT_ETAT, None),
            ("pilote.aura", Qualite.REPRESENTANT_REGION, None),
        ],
        # Saint-Omer's committee is still being formed: its page flags the missing members.
        comite_projet_get_or_create(territoire=omer): [
            ("chef-projet.saint-omer", Qualite.CHEF_DE_PROJET, None),
            ("elu.saint-omer", Qualite.ELU, None),
        ],
        comite_regional_get_or_create(region=touraine.region_pilote): [
            ("pilote.centre", Qualite.REPRESENTANT_REGION, None),
            ("comite-regional.centre", Qualite.REPRESENTANT_REGION, None),
            ("etat.centre", Qualite.REPRESENTANT_ETAT, None),
        ],
        comite_national_get_or_create(): [("delegation", Qualite.MINISTERE, None), ("copil", Qualite.PARTENAIRE, None)],
    }
    for comite, members in seats.items():
        for local, qualite, siren in members:
            user = _user(local)
            if not MembreComite.objects.filter(comite=comite, user=user).exists():
                membre_add(
                    comite=comite,
                    user=user,
                    qualite=qualite,
                    by=None,
                    date_debut=debut,
                    epci=EPCI.objects.get(siren=siren) if siren else None,
                )

    _past_seance(
        comite_projet_get_or_create(territoire=touraine),
        datetime.datetime(2019, 4, 23, 10, 0),
        "Château-Gaillard, Amboise",
        "chef-projet.touraine",
        "comite.touraine",
        [
            (
                "Signature du protocole d'accord, premier de France",
                Verdict.PRIS_ACTE,
                "Protocole signé le 23 avril 2019 à Amboise par l'État, la Région, les quatre communautés de "
                "communes et les industriels.",
            ),
            (
                "Usine de démonstration de l'industrie du futur et industry-lab au CFAI d'Amboise",
                Verdict.FAVORABLE,
                "Fiches à instruire pour le contrat de septembre.",
            ),
        ],
    )
    _past_seance(
        comite_projet_get_or_create(territoire=roanne),
        datetime.datetime(2019, 6, 20, 14, 0),
        "L'Arbresle",
        "chef-projet.roanne",
        "prefecture.loire",
        [
            (
                "Signature du protocole d'accord par les six intercommunalités",
                Verdict.PRIS_ACTE,
                "Protocole signé le 20 juin 2019 à L'Arbresle ; contrat 2019-2022 attendu fin 2019.",
            ),
            (
                "Recrutement : environ 1 200 emplois non pourvus, priorité à la formation",
                Verdict.FAVORABLE,
                "L'axe « recruter » porte l'essentiel des fiches actions à venir.",
            ),
        ],
    )

    if not DemandePerimetre.objects.filter(territoire=touraine_2023).exists():
        demande_perimetre_create(
            territoire=touraine_2023,
            by=_user("chef-projet.touraine"),
            ajouts=[EPCI.objects.get(siren="200071587")],
            retraits=[],
            motifs="Demande fictive de démonstration : plusieurs sous-traitants des clubs industriels du "
            "territoire sont installés dans le Lochois.",
        )


def _past_seance(comite, when, lieu, convener, secretary, points) -> None:
    """A séance of 2019, recorded after the fact: its decisions and relevé go through the services."""
    from django.utils import timezone

    from .enums import Qualite
    from .models import PointOrdreDuJour, Seance

    date = timezone.make_aware(when)
    if Seance.objects.filter(comite=comite, date=date).exists():
        return
    seance = Seance.objects.create(
        comite=comite,
        date=date,
        lieu=lieu,
        convoquee_par=_user(convener),
        convoquee_le=date - datetime.timedelta(days=15),
    )
    for ordre, (titre, verdict, motifs) in enumerate(points, start=1):
        point = PointOrdreDuJour.objects.create(seance=seance, ordre=ordre, titre=titre)
        decision_record(point=point, by=_user(secretary), verdict=verdict, motifs=motifs)
    seance_record_attendance(
        seance=seance, by=_user(convener), presents={m.pk for m in comite.membres.exclude(qualite=Qualite.OPERATEUR)}
    )
    seance_publish_releve(seance=seance, by=_user(convener))


def _account(email: str, first: str, last: str, organisation: str, password: str) -> User:
    user, created = compte_create(
        email=email, first_name=first, last_name=last, organisation=organisation, password=password
    )
    if not created and not user.check_password(password):
        # The printed demo password must always work, even after someone changed it.
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
