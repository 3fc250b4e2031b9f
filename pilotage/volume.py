"""Data at the programme's size, for benchmarks: scale 1 is the 183 real territories of 2023 with
about 40 fiches each, their committees, séances, decisions, protocols and contracts; scale N adds
N-1 generated copies of each territory (same région and départements, marked « volume » in their
code and name) so that the portal can be measured at ten times the programme.

Rows are written in bulk, without history nor e-mails: this is load, not a story. Every generated
account shares one password given on the command line, and every generated row can be recognised
(territory codes ``ti-v…``, accounts ``…@volume.territoires-industrie.example``).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from contrats.enums import StatutVersion
from contrats.models import Contrat, VersionContrat
from fiches_actions.enums import Financeur, StatutFiche, Suivi
from fiches_actions.models import FicheAction, Indicateur, LigneFinancement
from gouvernance.enums import Qualite, StatutSeance, TypeComite, Verdict
from gouvernance.models import Comite, Decision, MembreComite, PointOrdreDuJour, Seance
from habilitations.enums import Role
from habilitations.models import Mandat
from portail.cache import figures_changed
from portail.database import refresh_planner_statistics
from protocoles.models import Protocole
from territoires.enums import CodePhase
from territoires.models import Axe, Territoire

DOMAIN = "volume.territoires-industrie.example"
FICHES_PER_TERRITORY = 40
SEANCES_PER_COMMITTEE = 3
BATCH = 2000

# Of 40 fiches: most validated, as in a territory two years into its contract.
STATUTS = (
    [StatutFiche.VALIDEE] * 24
    + [StatutFiche.DEPOSEE] * 5
    + [StatutFiche.EN_INSTRUCTION] * 3
    + [StatutFiche.A_COMPLETER] * 2
    + [StatutFiche.REFUSEE] * 2
    + [StatutFiche.BROUILLON] * 4
)
SUIVIS = [Suivi.NON_DEMARREE, Suivi.EN_COURS, Suivi.EN_COURS, Suivi.REALISEE, Suivi.ABANDONNEE]


@dataclass
class Report:
    territoires: int = 0
    comptes: int = 0
    fiches: int = 0
    seances: int = 0
    decisions: int = 0
    contrats: int = 0
    counts: dict = field(default_factory=dict)


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def generate(*, scale: int, password: str, seed: int = 2019) -> Report:
    if (
        Territoire.objects.filter(code__startswith="ti-v").exists()
        or User.objects.filter(email__endswith="@" + DOMAIN).exists()
    ):
        raise ValueError("Des données de volume existent déjà : partez d'une base neuve.")
    rng = random.Random(seed)
    report = Report()
    real = list(
        Territoire.objects.filter(phase=CodePhase.PHASE_2).prefetch_related("regions", "departements").order_by("code")
    )
    if not real:
        raise ValueError("Importez d'abord le référentiel (importer_referentiel).")
    territoires = list(real)
    for copy in range(1, scale):
        for model in real:
            clone = Territoire.objects.create(
                code=f"ti-v{copy}-{model.code[3:]}",
                nom=f"{model.nom} (volume {copy})",
                phase_id=CodePhase.PHASE_2.value,
                region_pilote_id=model.region_pilote_id,
                statut=model.statut,
                niveau_maturite=rng.choice([None, 1, 2, 3]),
            )
            clone.regions.set(model.regions.all())
            clone.departements.set(model.departements.all())
            territoires.append(clone)
    report.territoires = len(territoires)

    hashed = make_password(password)
    now = timezone.now()
    users = _bulk(
        User,
        [
            User(email=f"chef-{t.code}@{DOMAIN}", first_name="Chef", last_name=t.code, password=hashed)
            for t in territoires
        ]
        + [
            User(email=f"elu-{t.code}@{DOMAIN}", first_name="Élu", last_name=t.code, password=hashed)
            for t in territoires
        ],
    )
    chefs, elus = users[: len(territoires)], users[len(territoires) :]
    regional_users = {}
    for region_id in sorted({t.region_pilote_id for t in territoires}):
        regional_users[region_id] = User(
            email=f"region-{region_id}@{DOMAIN}", first_name="Pilote", last_name=f"région {region_id}", password=hashed
        )
    _bulk(User, list(regional_users.values()))
    national = User.objects.create(
        email=f"national@{DOMAIN}", first_name="Délégation", last_name="nationale", password=hashed
    )
    report.comptes = len(users) + len(regional_users) + 1
    start = datetime.date(2023, 1, 1)
    _bulk(
        Mandat,
        [
            Mandat(user=u, role=Role.CHEF_DE_PROJET, territoire=t, date_debut=start)
            for u, t in zip(chefs, territoires, strict=False)
        ]
        + [
            Mandat(user=u, role=Role.ELU_BINOME, territoire=t, date_debut=start)
            for u, t in zip(elus, territoires, strict=False)
        ]
        + [
            Mandat(user=u, role=Role.PILOTE_REGIONAL, region_id=code, date_debut=start)
            for code, u in regional_users.items()
        ]
        + [Mandat(user=national, role=Role.DELEGATION_NATIONALE, date_debut=start)],
    )

    comites = _bulk(Comite, [Comite(type=TypeComite.PROJET, territoire=t) for t in territoires])
    _bulk(
        MembreComite,
        [
            MembreComite(comite=c, user=u, qualite=q, date_debut=start)
            for c, chef, elu in zip(comites, chefs, elus, strict=False)
            for u, q in ((chef, Qualite.CHEF_DE_PROJET), (elu, Qualite.ELU))
        ],
    )

    axes = list(Axe.objects.filter(phase=CodePhase.PHASE_2.value))
    fiches = []
    for territoire, chef in zip(territoires, chefs, strict=False):
        for index in range(FICHES_PER_TERRITORY):
            statut = STATUTS[index % len(STATUTS)]
            deposee = now - datetime.timedelta(days=rng.randint(60, 900))
            decided = statut in (StatutFiche.VALIDEE, StatutFiche.A_COMPLETER, StatutFiche.REFUSEE)
            fiches.append(
                FicheAction(
                    territoire=territoire,
                    auteur=chef,
                    titre=f"Action {index + 1} de {territoire.nom}"[:200],
                    axe=axes[index % len(axes)],
                    description="Action générée pour la mesure de charge.",
                    objectifs="Mesurer le portail au volume du programme.",
                    porteur_organisation="Porteur de volume",
                    cout_total=Decimal(100_000 + 10_000 * (index % 50)),
                    statut=statut,
                    suivi=rng.choice(SUIVIS) if statut == StatutFiche.VALIDEE else "",
                    deposee_le=None if statut == StatutFiche.BROUILLON else deposee,
                    decidee_le=deposee + datetime.timedelta(days=rng.randint(7, 120)) if decided else None,
                    modifie_le=deposee,
                )
            )
    fiches = _bulk(FicheAction, fiches)
    report.fiches = len(fiches)
    lignes, indicateurs = [], []
    for fiche in fiches:
        half = (fiche.cout_total / 2).quantize(Decimal("1"))
        validated = fiche.statut == StatutFiche.VALIDEE
        lignes.append(
            LigneFinancement(
                fiche=fiche,
                financeur=Financeur.ETAT,
                montant=half,
                statut="acquis",
                montant_obtenu=half if validated and fiche.pk % 2 else None,
            )
        )
        lignes.append(
            LigneFinancement(
                fiche=fiche, financeur=Financeur.REGION, montant=fiche.cout_total - half, statut="sollicite"
            )
        )
        if validated:
            indicateurs.append(Indicateur(fiche=fiche, libelle="Emplois créés", unite="emplois", cible=20))
    _bulk(LigneFinancement, lignes)
    _bulk(Indicateur, indicateurs)

    seances = []
    for comite, chef in zip(comites, chefs, strict=False):
        for n in range(SEANCES_PER_COMMITTEE):
            date = now - datetime.timedelta(days=90 * (n + 1) + rng.randint(0, 30))
            seances.append(
                Seance(
                    comite=comite,
                    convoquee_par=chef,
                    lieu="Mairie",
                    date=date,
                    statut=StatutSeance.RELEVE_PUBLIE,
                    releve_publie_le=date + datetime.timedelta(days=7),
                )
            )
    seances = _bulk(Seance, seances)
    report.seances = len(seances)
    by_territory = {}
    for fiche in fiches:
        if fiche.decidee_le:
            by_territory.setdefault(fiche.territoire_id, []).append(fiche)
    points, verdicts = [], []
    first_seance = {s.comite.territoire_id: s for s in seances[::SEANCES_PER_COMMITTEE]}
    verdict_of = {
        StatutFiche.VALIDEE: Verdict.VALIDEE,
        StatutFiche.A_COMPLETER: Verdict.A_COMPLETER,
        StatutFiche.REFUSEE: Verdict.REFUSEE,
    }
    for territoire_id, decided in by_territory.items():
        seance = first_seance[territoire_id]
        for ordre, fiche in enumerate(decided, start=1):
            points.append(PointOrdreDuJour(seance=seance, ordre=ordre, titre=fiche.titre, fiche=fiche))
            verdicts.append(verdict_of[fiche.statut])
    points = _bulk(PointOrdreDuJour, points)
    elu_of = {t.pk: e for t, e in zip(territoires, elus, strict=False)}
    decisions = _bulk(
        Decision,
        [
            Decision(point=p, verdict=v, enregistree_par=elu_of[p.fiche.territoire_id])
            for p, v in zip(points, verdicts, strict=False)
        ],
    )
    report.decisions = len(decisions)

    signed_on = datetime.date(2024, 3, 15)
    with_protocol = set(Protocole.objects.values_list("territoire_id", flat=True))
    with_contract = set(Contrat.objects.filter(annee_debut=2023).values_list("territoire_id", flat=True))
    _bulk(
        Protocole,
        [
            Protocole(
                territoire=t,
                cree_par=c,
                statut="signe",
                engagements="Engagements des signataires.",
                date_signature=signed_on,
                lieu_signature="Préfecture",
            )
            for t, c in zip(territoires, chefs, strict=False)
            if t.pk not in with_protocol
        ],
    )
    contrats = _bulk(
        Contrat,
        [
            Contrat(territoire=t, intitule=f"Contrat {t.nom}"[:200], annee_debut=2023, annee_fin=2027, cree_par=c)
            for t, c in zip(territoires, chefs, strict=False)
            if t.pk not in with_contract
        ],
    )
    _bulk(
        VersionContrat,
        [
            VersionContrat(
                contrat=c,
                numero=1,
                statut=StatutVersion.SIGNE,
                cree_par=c.cree_par,
                soumise_le=now,
                validee_le=now,
                signee_le=now,
            )
            for c in contrats
        ],
    )
    report.contrats = len(contrats)
    refresh_planner_statistics()
    figures_changed()
    return report
