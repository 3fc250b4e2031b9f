"""Demonstration fiches: the real projects the 2019 press named for Grand Est Touraine, Roanne-Tarare
and Saint-Omer, completed with plainly marked reconstructions so each territory shows a full picture.

Every state is reached through the services and the committee's decisions, as in real use.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comptes.models import User
from gouvernance.enums import Verdict
from gouvernance.models import PointOrdreDuJour, Seance
from gouvernance.services import (
    comite_projet_get_or_create,
    decision_record,
    seance_convene,
    seance_publish_releve,
)
from territoires.enums import CodePhase
from territoires.models import Axe, InstrumentFinancement, Operateur, Territoire
from territoires.phases import axe_for

from .enums import StatutFiche
from .models import FicheAction, LigneFinancement, MesureNationale
from .services import fiche_submit, simplification_answer
from .services.workflow import fiche_put_in_instruction

DOMAIN = "demo.territoires-industrie.example"
RECONSTITUEE = "Fiche reconstituée pour la démonstration."
ILLUSTRATIF = "(Exemple illustratif.)"

MESURES = [
    ("formation-industrie-futur", "Formation aux métiers de l'industrie du futur", "recruter", None),
    ("ecoles-production", "Écoles de production", "recruter", None),
    ("accompagnement-pme", "Accélérateur PME et ETI", "innover", "bpifrance"),
    ("pret-industrie-futur", "Prêts pour l'industrie du futur", "innover", "bpifrance"),
    (
        "fonds-propres-territoires",
        "Investissement en fonds propres dans les projets industriels",
        "attirer",
        "banque-des-territoires",
    ),
    ("prospection-investisseurs", "Prospection d'investisseurs étrangers", "attirer", "business-france"),
    ("recrutement-france-travail", "Appui au recrutement des entreprises industrielles", "recruter", "france-travail"),
    ("sites-cles-en-main", "Sites industriels clés en main", "simplifier", None),
]

# The offer of services of 2023-2027 (« panier de services »), as illustrative as the 2019 one above.
MESURES_2023 = [
    (
        "recrutement-industrie-2024",
        "Appui au recrutement et à la formation des salariés",
        "competences",
        "france-travail",
    ),
    ("diagnostic-decarbonation", "Diagnostic de décarbonation des PME industrielles", "transition", "bpifrance"),
    ("accelerateur-innovation", "Accélérateur territorial de l'innovation", "innovation", "bpifrance"),
    ("friches-industrielles", "Recyclage des friches et foncier économique", "foncier", "banque-des-territoires"),
]

# Grand Est Touraine's plan d'actions of 2023-2027 along the four priorities, one fiche in each state;
# reconstructed for the demonstration (title, priority, cost, description, state).
TOURAINE_2023 = [
    (
        "Campus des métiers de l'industrie du Val d'Amboise",
        "competences",
        1800000,
        "Regrouper formation initiale, apprentissage et formation continue des industriels du territoire.",
        StatutFiche.VALIDEE,
    ),
    (
        "Réseau de chaleur fatale de la zone industrielle de La Boitardière",
        "transition",
        3200000,
        "Récupérer la chaleur des procédés de trois sites pour chauffer la zone et des logements voisins.",
        StatutFiche.VALIDEE,
    ),
    (
        "Plateforme de prototypage partagée",
        "innovation",
        950000,
        "Des équipements de fabrication additive et de métrologie mutualisés entre PME et lycées.",
        StatutFiche.A_COMPLETER,
    ),
    (
        "Requalification de la friche de l'ancienne papeterie",
        "foncier",
        2600000,
        "Dépolluer et redécouper huit hectares pour accueillir des extensions industrielles sans artificialiser.",
        StatutFiche.EN_INSTRUCTION,
    ),
    (
        "Navette domicile-travail des zones d'activité",
        "competences",
        420000,
        "Une navette à la demande entre les gares et les trois zones d'activité aux horaires postés.",
        StatutFiche.DEPOSEE,
    ),
    (
        "Parc photovoltaïque sur ombrières des sites industriels",
        "transition",
        1500000,
        "Produire l'électricité des sites sur leurs parkings.",
        StatutFiche.REFUSEE,
    ),
    (
        "Observatoire du foncier économique",
        "foncier",
        180000,
        "Recenser les terrains, bâtiments vacants et friches mobilisables, avec les intercommunalités.",
        StatutFiche.BROUILLON,
    ),
]

ROANNAIS_2023 = [
    (
        "École de production de la mécanique roannaise",
        "competences",
        1200000,
        "Former des jeunes de 15 à 18 ans en produisant pour de vrais clients.",
        StatutFiche.VALIDEE,
    ),
    (
        "Décarbonation des fonderies et ateliers de traitement thermique",
        "transition",
        2800000,
        "Remplacer les fours au gaz par des fours électriques et récupérer la chaleur.",
        StatutFiche.DEPOSEE,
    ),
    (
        "Textile technique : centre d'essais partagé",
        "innovation",
        700000,
        "Un banc d'essais pour les textiles techniques des entreprises du Roannais.",
        StatutFiche.BROUILLON,
    ),
]

# (title, axe, cost, description, named in the 2019 sources, engagement ferme planned)
TOURAINE = [
    (
        "Usine de démonstration de l'industrie du futur",
        "innover",
        2400000,
        "Une usine-vitrine où les PME testent robotique, fabrication additive et maintenance prédictive.",
        True,
        True,
    ),
    (
        "Industry-lab au CFAI d'Amboise",
        "recruter",
        850000,
        "Un laboratoire de formation aux technologies de l'industrie du futur au centre de formation des apprentis.",
        True,
        True,
    ),
    (
        "Lieu d'accueil de start-up en intelligence artificielle et big data",
        "innover",
        600000,
        "Un espace pour les jeunes entreprises qui travaillent avec les industriels du territoire.",
        True,
        True,
    ),
    (
        "Couverture 4G puis 5G des zones industrielles",
        "attirer",
        1200000,
        "Résorber les zones blanches des parcs d'activités et préparer la 5G industrielle.",
        True,
        True,
    ),
    (
        "Liens école-industrie",
        "recruter",
        120000,
        "Visites d'entreprises, stages de découverte et parrainages pour les collégiens et lycéens.",
        True,
        True,
    ),
    (
        "Recrutement d'animateurs pour les 3 clubs d'industriels",
        "attirer",
        270000,
        "Trois postes d'animateurs pour les clubs d'industriels du territoire.",
        True,
        True,
    ),
    (
        "Tiers-lieu industriel à Montlouis",
        "innover",
        900000,
        "Un tiers-lieu pour le contrat de septembre : ateliers partagés et formation.",
        True,
        True,
    ),
    (
        "Rescrit environnemental pour l'extension des sites industriels",
        "simplifier",
        30000,
        "Sécuriser en amont l'extension de sites existants.",
        False,
        True,
    ),
    ("Gestion prévisionnelle des emplois et compétences territoriale", "recruter", 150000, RECONSTITUEE, False, False),
    ("Plateforme de mobilité domicile-travail vers les zones d'emploi", "attirer", 320000, RECONSTITUEE, False, False),
    ("Offre foncière industrielle mutualisée", "attirer", 500000, RECONSTITUEE, False, False),
    ("Programme de transition énergétique des PME", "innover", 400000, RECONSTITUEE, False, False),
    ("Diagnostic numérique des entreprises industrielles", "innover", 90000, RECONSTITUEE, False, False),
    ("Logement des apprentis et des jeunes salariés", "recruter", 700000, RECONSTITUEE, False, False),
    ("Semaine de l'industrie en Val d'Amboise", "recruter", 40000, RECONSTITUEE, False, False),
    ("Marketing territorial « Touraine industrielle »", "attirer", 110000, RECONSTITUEE, False, False),
    ("Accompagnement à l'export des PME", "attirer", 80000, RECONSTITUEE, False, False),
    ("Économie circulaire entre industriels", "innover", 160000, RECONSTITUEE, False, False),
    ("Plateforme d'achats locaux", "innover", 75000, RECONSTITUEE, False, False),
    ("Guichet unique des autorisations d'urbanisme industriel", "simplifier", 60000, RECONSTITUEE, False, False),
    ("Formation des dirigeants au management de l'innovation", "recruter", 55000, RECONSTITUEE, False, False),
]

ROANNE = [
    (
        "École de production du Roannais",
        "recruter",
        950000,
        "Former par la production des jeunes de 15 à 18 ans aux métiers de la mécanique.",
        StatutFiche.VALIDEE,
    ),
    (
        "Plateforme mutualisée de recrutement industriel",
        "recruter",
        300000,
        "Environ 1 200 emplois industriels non pourvus : un guichet commun aux six intercommunalités.",
        StatutFiche.VALIDEE,
    ),
    ("Formations qualifiantes textile technique et mécanique", "recruter", 420000, RECONSTITUEE, StatutFiche.DEPOSEE),
    (
        "Prêt de main-d'œuvre entre industriels",
        "simplifier",
        20000,
        "Simplifier le prêt de main-d'œuvre à but non lucratif entre entreprises du territoire.",
        StatutFiche.VALIDEE,
    ),
    ("Attractivité des métiers auprès des demandeurs d'emploi", "recruter", 90000, RECONSTITUEE, StatutFiche.BROUILLON),
]

SAINT_OMER = [
    (
        "Bachelor « industrie et numérique »",
        "recruter",
        680000,
        "Une formation post-bac en alternance, avec les industriels du territoire (29,5 % des emplois salariés).",
        StatutFiche.VALIDEE,
    ),
    (
        "Fibre optique des zones d'activité",
        "attirer",
        1500000,
        "Raccorder au très haut débit les zones d'activité de Cœur de Flandre et du Pays de Saint-Omer.",
        StatutFiche.VALIDEE,
    ),
    ("Zones d'activité durables", "attirer", 2000000, "Requalifier les zones industrielles.", StatutFiche.DEPOSEE),
    (
        "Territoire zéro déchet industriel",
        "innover",
        350000,
        "Valoriser les déchets de production.",
        StatutFiche.DEPOSEE,
    ),
    ("Dérogation pour la maintenance industrielle le dimanche", "simplifier", 10000, RECONSTITUEE, StatutFiche.VALIDEE),
]

SIMPLIFICATIONS = {
    "Rescrit environnemental pour l'extension des sites industriels": (
        "Délais et incertitudes des autorisations environnementales pour étendre un site existant",
        "Code de l'environnement, autorisation environnementale (art. L. 181-1)",
        "Un rescrit délivré par le préfet pour sécuriser le projet avant le dépôt du dossier",
        "Rescrit environnemental ouvert aux porteurs de projets industriels ; la DREAL accompagne le territoire.",
    ),
    "Guichet unique des autorisations d'urbanisme industriel": (
        "Dossiers déposés auprès de plusieurs services",
        "Code de l'urbanisme",
        "Un interlocuteur unique pour les projets industriels",
        "",
    ),
    "Prêt de main-d'œuvre entre industriels": (
        "Les entreprises renoncent au prêt de main-d'œuvre par crainte du délit de marchandage",
        "Code du travail, art. L. 8241-1 et L. 8241-2",
        "Une convention-type territoriale validée par la DIRECCTE",
        "",
    ),
    "Dérogation pour la maintenance industrielle le dimanche": (
        "Les arrêts de maintenance ne peuvent se faire que le dimanche",
        "Code du travail, art. L. 3132-3",
        "Une dérogation préfectorale simplifiée pour la maintenance",
        "",
    ),
}


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


@transaction.atomic
def demo_load() -> None:
    for code, libelle, axe, operateur in MESURES:
        MesureNationale.objects.get_or_create(
            code=code,
            defaults=dict(
                libelle=libelle,
                axe=Axe.objects.get(phase=CodePhase.PHASE_1.value, code=axe),
                illustrative=True,
                operateur=Operateur.objects.filter(code=operateur).first() if operateur else None,
            ),
        )
    _current_phase()
    touraine, roanne, omer = (Territoire.objects.get(code=c) for c in ("2402", "8411", "3209"))
    if FicheAction.objects.filter(territoire__in=[touraine, roanne, omer]).exists():
        return
    porteur, chef = _user("porteur.touraine"), _user("chef-projet.touraine")
    fiches = [
        _fiche(touraine, porteur if i % 2 else chef, titre, axe, cost, description)
        for i, (titre, axe, cost, description, *_rest) in enumerate(TOURAINE)
    ]
    _decide(
        touraine, fiches, datetime.datetime(2019, 7, 9, 14, 0), "Amboise", "chef-projet.touraine", "comite.touraine"
    )
    _answer("Rescrit environnemental pour l'extension des sites industriels")

    _territory(
        roanne, ROANNE, "chef-projet.roanne", "prefecture.loire", datetime.datetime(2019, 10, 8, 10, 0), "Roanne"
    )
    _territory(
        omer,
        SAINT_OMER,
        "chef-projet.saint-omer",
        "elu.saint-omer",
        datetime.datetime(2019, 11, 12, 10, 0),
        "Saint-Omer",
    )


def _current_phase() -> None:
    """2023-2027: the plan d'actions of Grand Est Touraine and Roannais Forez, decided in a séance of 2024,
    one fiche on the agenda of the next séance, drafts still being written."""
    for code, libelle, axe, operateur in MESURES_2023:
        MesureNationale.objects.get_or_create(
            code=code,
            defaults=dict(
                libelle=libelle,
                axe=Axe.objects.get(phase=CodePhase.PHASE_2.value, code=axe),
                illustrative=True,
                operateur=Operateur.objects.filter(code=operateur).first() if operateur else None,
            ),
        )
    touraine = Territoire.objects.get(code="ti-2405")
    roannais = Territoire.objects.get(code="ti-8417")
    if FicheAction.objects.filter(territoire__in=[touraine, roannais]).exists():
        return
    for territoire, rows, chef, porteur, decider, lieu in (
        (touraine, TOURAINE_2023, "chef-projet.touraine", "porteur.touraine", "comite.touraine", "Amboise"),
        (roannais, ROANNAIS_2023, "chef-projet.roanne", "chef-projet.roanne", "prefecture.loire", "Roanne"),
    ):
        created = []
        for i, (titre, axe, cost, description, statut) in enumerate(rows):
            auteur = _user(porteur if i % 2 else chef)
            fiche = _fiche(territoire, auteur, titre, axe, cost, description, statut, debut=datetime.date(2024, 9, 1))
            FicheAction.objects.filter(pk=fiche.pk).update(description=f"{description} {ILLUSTRATIF}")
            created.append((fiche, statut))
        decided = {
            StatutFiche.VALIDEE: Verdict.VALIDEE,
            StatutFiche.A_COMPLETER: Verdict.A_COMPLETER,
            StatutFiche.REFUSEE: Verdict.REFUSEE,
        }
        seance_day = datetime.datetime(2024, 6, 18, 14, 0)
        # Deposited as a real plan d'actions is: in the weeks before the séance that decided it, and
        # lately for those on the next agenda (the quarterly activity chart and the decision delay
        # read these dates).
        for i, (fiche, statut) in enumerate(created):
            if statut == StatutFiche.BROUILLON:
                continue
            if statut in decided:
                deposit = timezone.make_aware(seance_day) - datetime.timedelta(days=21 + 9 * i)
            else:
                deposit = timezone.now() - datetime.timedelta(days=20 + 11 * i)
            FicheAction.objects.filter(pk=fiche.pk).update(deposee_le=deposit)
        _decide_each(
            territoire,
            [(fiche, decided[statut]) for fiche, statut in created if statut in decided],
            seance_day,
            lieu,
            chef,
            decider,
        )
        upcoming = [fiche for fiche, statut in created if statut == StatutFiche.EN_INSTRUCTION]
        if upcoming:
            seance_convene(
                comite=comite_projet_get_or_create(territoire=territoire),
                by=_user(chef),
                date=timezone.now().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(days=12),
                lieu=f"{lieu}, salle du conseil communautaire",
                revue_plan=True,
                fiches=upcoming,
            )


def _decide_each(territoire, verdicts, when, lieu, convener, decider):
    """A past séance of the comité de projet deciding each fiche (recorded after the fact)."""
    comite = comite_projet_get_or_create(territoire=territoire)
    seance = Seance.objects.create(
        comite=comite,
        date=timezone.make_aware(when),
        lieu=lieu,
        convoquee_par=_user(convener),
        convoquee_le=timezone.make_aware(when) - datetime.timedelta(days=15),
    )
    motifs = {
        Verdict.VALIDEE: "Fiche validée au plan d'actions 2023-2027.",
        Verdict.A_COMPLETER: "Préciser le plan de financement et les entreprises utilisatrices.",
        Verdict.REFUSEE: "Relève du droit commun : à présenter au guichet régional de l'énergie.",
    }
    published = False
    for ordre, (fiche, verdict) in enumerate(verdicts, start=1):
        point = PointOrdreDuJour.objects.create(
            seance=seance, ordre=ordre, fiche=fiche, titre=f"Fiche action : {fiche.titre}"
        )
        fiche_put_in_instruction(fiche=fiche, by=_user(convener))
        # The committee opens its first validated fiche to the public data (« publiable »).
        publish = verdict == Verdict.VALIDEE and not published
        published = published or publish
        decision_record(point=point, by=_user(decider), verdict=verdict, motifs=motifs[verdict], publiable=publish)
    review = PointOrdreDuJour.objects.create(
        seance=seance, ordre=len(verdicts) + 1, titre=f"Revue annuelle {when.year} du plan d'actions", revue_plan=True
    )
    decision_record(
        point=review,
        by=_user(decider),
        verdict=Verdict.PRIS_ACTE,
        motifs="Plan d'actions adopté selon les quatre priorités ; bilan à la revue de l'an prochain.",
    )
    seance_publish_releve(seance=seance, by=_user(convener))


def _fiche(territoire, auteur, titre, axe, cost, description, statut=StatutFiche.DEPOSEE, debut=None):
    cost = Decimal(cost)
    epci = territoire.membres.filter(epci__isnull=False).select_related("epci").first()
    extra = {}
    if axe == "simplifier" and titre in SIMPLIFICATIONS:
        obstacle, texte, derogation, _ = SIMPLIFICATIONS[titre]
        extra = dict(obstacle=obstacle, texte_concerne=texte, derogation_demandee=derogation)
    fiche = FicheAction.objects.create(
        territoire=territoire,
        auteur=auteur,
        titre=titre,
        axe=axe_for(territoire.phase_id, axe),
        description=description,
        objectifs="Objectifs et indicateurs à préciser avec le comité de projet.",
        porteur_organisation=auteur.organisation or "Collectivité porteuse",
        porteur_type="public",
        date_debut=debut or datetime.date(2019, 9, 1),
        date_fin=datetime.date(debut.year + 3, 12, 31) if debut else datetime.date(2022, 12, 31),
        cout_total=cost,
        localisation=epci.epci if epci else None,
        **extra,
    )
    region = (cost * Decimal("0.4")).quantize(Decimal("1"))
    etat = (cost * Decimal("0.3")).quantize(Decimal("1"))
    LigneFinancement.objects.create(fiche=fiche, financeur="region", montant=region, statut="sollicite")
    # From 2024, the State's part of an investment project comes from its yearly envelope.
    envelope = InstrumentFinancement.objects.filter(phase=territoire.phase_id).first() if debut else None
    LigneFinancement.objects.create(
        fiche=fiche,
        financeur="etat",
        montant=etat,
        statut="acquis",
        instrument=envelope,
        annee=debut.year if envelope else None,
    )
    LigneFinancement.objects.create(fiche=fiche, financeur="epci", montant=cost - region - etat, statut="acquis")
    if statut != StatutFiche.BROUILLON:
        fiche_submit(fiche=fiche, by=auteur)
    return fiche


def _decide(territoire, fiches, when, lieu, convener, decider, publish=True):
    """A past séance of the comité de projet that validates ``fiches`` (recorded after the fact)."""
    comite = comite_projet_get_or_create(territoire=territoire)
    seance = Seance.objects.create(
        comite=comite,
        date=timezone.make_aware(when),
        lieu=lieu,
        convoquee_par=_user(convener),
        convoquee_le=timezone.make_aware(when) - datetime.timedelta(days=15),
    )
    for ordre, fiche in enumerate(fiches, start=1):
        # Deposited in the weeks before the séance, as the plan d'actions was.
        deposit = timezone.make_aware(when) - datetime.timedelta(days=18 + 5 * ordre)
        FicheAction.objects.filter(pk=fiche.pk).update(deposee_le=deposit)
        point = PointOrdreDuJour.objects.create(
            seance=seance, ordre=ordre, fiche=fiche, titre=f"Fiche action : {fiche.titre}"
        )
        fiche_put_in_instruction(fiche=fiche, by=_user(convener))
        decision_record(
            point=point,
            by=_user(decider),
            verdict=Verdict.VALIDEE,
            motifs="Fiche validée pour le contrat de territoire.",
        )
    if publish:
        seance_publish_releve(seance=seance, by=_user(convener))


def _territory(territoire, rows, chef, decider, when, lieu):
    chef_user = _user(chef)
    created = [
        (_fiche(territoire, chef_user, titre, axe, cost, description, statut), statut)
        for titre, axe, cost, description, statut in rows
    ]
    validated = [fiche for fiche, statut in created if statut == StatutFiche.VALIDEE]
    if validated:
        _decide(territoire, validated, when, lieu, chef, decider)
    for fiche, statut in created:
        if fiche.est_simplification and statut == StatutFiche.VALIDEE:
            _answer(fiche.titre)


def _answer(titre):
    fiche = FicheAction.objects.get(titre=titre)
    reponse = SIMPLIFICATIONS[titre][3]
    if reponse:
        simplification_answer(fiche=fiche, by=_user("delegation"), reponse=reponse, date=datetime.date(2019, 10, 15))
