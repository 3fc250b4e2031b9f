"""« À faire »: the open tasks of the signed-in person, grouped, counted, each a link to the exact page
where it is done.

Every read starts from the scoping layer (``visible_*``) and is narrowed to the roles the person holds
where the task lies: the chef de projet sees the fiches to put on an agenda of their own territories,
the pilote régional the contracts awaiting the comité régional of their régions. Each group is two
queries at most (its first items and its total), whatever the volume.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from contrats.enums import StatutDocument, StatutVersion, TypePartie
from contrats.models import DocumentContrat, LigneContrat, PartieSignataire, VersionContrat
from contrats.selectors import visible_contrats
from fiches_actions.enums import StatutFiche, Suivi
from fiches_actions.models import ValeurIndicateur
from fiches_actions.scoping import coauthored_fiche_ids, visible_fiches
from fiches_actions.services.fiches import submission_errors
from gouvernance.enums import Qualite, StatutDemandePerimetre, StatutSeance, TypeComite
from gouvernance.models import Decision, MembreComite, PointOrdreDuJour, Seance
from gouvernance.selectors import next_convened_start, visible_comites, visible_demandes, visible_seances
from habilitations.enums import Role
from habilitations.permissions import roles_for
from habilitations.scoping import scope_for, visible_regions, visible_territoires
from portail.cache import generation, keep, kept_key

SHOWN = 5  # items listed per group; the total says how many more there are

MISSING_LABELS = {
    "titre": "titre",
    "description": "description",
    "objectifs": "objectifs",
    "porteur_organisation": "organisation porteuse",
    "porteur_type": "type de porteur",
    "date_debut": "date de début",
    "date_fin": "date de fin",
    "cout_total": "coût total",
    "financements": "plan de financement",
    "obstacle": "obstacle",
    "texte_concerne": "texte concerné",
    "derogation_demandee": "dérogation demandée",
}


@dataclasses.dataclass(frozen=True)
class Tache:
    libelle: str
    detail: str
    url: str
    action: str


@dataclasses.dataclass(frozen=True)
class Groupe:
    cle: str
    titre: str
    total: int
    taches: tuple[Tache, ...]

    @property
    def reste(self) -> int:
        return max(0, self.total - len(self.taches))


def _group(cle, titre, queryset, build) -> Groupe | None:
    items = list(queryset[:SHOWN])
    if not items:
        return None
    total = len(items) if len(items) < SHOWN else queryset.count()
    return Groupe(cle=cle, titre=titre, total=total, taches=tuple(build(item) for item in items))


def _territories_where(scope, roles) -> list[int]:
    return [pk for pk, held in scope.roles_by_territoire.items() if held & roles]


def _regions_where(scope, roles) -> list[str]:
    return [code for code, held in scope.roles_by_region.items() if held & roles]


def _day(value) -> str:
    return date_format(timezone.localtime(value) if isinstance(value, datetime.datetime) else value, "DATE_FORMAT")


# ---------------------------------------------------------------- authors


def _drafts(user, scope):
    fiches = (
        visible_fiches(user)
        .filter(
            Q(auteur=user) | Q(pk__in=coauthored_fiche_ids(user)),
            statut=StatutFiche.BROUILLON,
            territoire_id__in=scope.territoire_ids,
        )
        .select_related("territoire")
        .prefetch_related("financements")
        .order_by("modifie_le", "pk")
    )

    def build(fiche):
        missing = [MISSING_LABELS.get(field, field) for field in submission_errors(fiche)]
        detail = ("Manque : " + ", ".join(missing) + ".") if missing else "Complète : elle peut être déposée."
        return Tache(
            fiche.titre or "Brouillon sans titre",
            f"{fiche.territoire.nom} — {detail}",
            reverse(
                "fiches_actions:fiche_summary" if not missing else "fiches_actions:fiche_step",
                args=[fiche.pk] if not missing else [fiche.pk, "identification"],
            ),
            "Déposer" if not missing else "Compléter",
        )

    return _group("brouillons", "Brouillons à déposer", fiches, build)


def _to_complete(user, scope):
    motive = Subquery(
        Decision.objects.filter(point__fiche=OuterRef("pk")).order_by("-enregistree_le").values("motifs")[:1]
    )
    fiches = (
        visible_fiches(user)
        .filter(
            Q(auteur=user) | Q(pk__in=coauthored_fiche_ids(user)),
            statut=StatutFiche.A_COMPLETER,
            territoire_id__in=scope.territoire_ids,
        )
        .select_related("territoire")
        .annotate(motif=motive)
        .order_by("modifie_le", "pk")
    )
    return _group(
        "a_completer",
        "Fiches renvoyées « à compléter » par le comité",
        fiches,
        lambda fiche: Tache(
            fiche.titre,
            f"Motif du comité : {fiche.motif or 'non précisé'}",
            reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"]),
            "Compléter",
        ),
    )


def quarter_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _follow_up_due(user, condition):
    """Validated fiches still running whose progress and indicators were not updated this quarter."""
    start = quarter_start(timezone.localdate())
    measured = ValeurIndicateur.objects.filter(indicateur__fiche=OuterRef("pk"), date__gte=start)
    fiches = (
        visible_fiches(user)
        .filter(condition, statut=StatutFiche.VALIDEE, decidee_le__date__lt=start)
        .exclude(suivi__in=[Suivi.REALISEE, Suivi.ABANDONNEE])
        .exclude(Exists(measured))
        .select_related("territoire")
        .order_by("decidee_le", "pk")
    )
    return _group(
        "suivi",
        "Suivi trimestriel à mettre à jour",
        fiches,
        lambda fiche: Tache(
            fiche.titre,
            f"{fiche.territoire.nom} — avancement : {fiche.get_suivi_display() or 'non renseigné'}",
            reverse("fiches_actions:fiche_detail", args=[fiche.pk]) + "#suivi",
            "Mettre à jour le suivi",
        ),
    )


# ---------------------------------------------------------------- the territory's team


def _validated_outside_contracts(user, territoires):
    fiches = (
        visible_fiches(user)
        .filter(statut=StatutFiche.VALIDEE, territoire_id__in=territoires)
        .exclude(Exists(LigneContrat.objects.filter(fiche=OuterRef("pk"))))
        .select_related("territoire")
        .order_by("decidee_le", "pk")
    )
    return _group(
        "hors_contrat",
        "Fiches validées à intégrer à un contrat",
        fiches,
        lambda fiche: Tache(
            fiche.titre,
            fiche.territoire.nom,
            # The territory's governance page holds its contracts: start one, or add the fiche to the draft.
            reverse("gouvernance:territoire_gouvernance", args=[fiche.territoire.code]),
            "Préparer le contrat",
        ),
    )


def _dormant(user, territoires):
    """Territories of the current phase whose comité de projet has met neither in the last six months
    nor since: the ones to call first."""
    recent = Seance.objects.filter(
        comite__territoire=OuterRef("pk"),
        comite__type=TypeComite.PROJET,
        date__gte=timezone.now() - datetime.timedelta(days=183),
    ).exclude(statut=StatutSeance.ANNULEE)
    current = territoires.order_by("-phase").values_list("phase", flat=True)[:1]
    dormant = (
        territoires.filter(phase__in=Subquery(current))
        .exclude(Exists(recent))
        .select_related("region_pilote")
        .order_by("nom")
    )
    return _group(
        "dormants",
        "Territoires sans séance depuis six mois",
        dormant,
        lambda territoire: Tache(
            territoire.nom,
            f"Région pilote : {territoire.region_pilote.nom}" if territoire.region_pilote_id else "",
            reverse("gouvernance:territoire_gouvernance", args=[territoire.code]),
            "Voir sa gouvernance",
        ),
    )


def _signed_this_month(user):
    start = timezone.localdate().replace(day=1)
    versions = (
        VersionContrat.objects.filter(
            contrat__in=visible_contrats(user).values("pk"), statut=StatutVersion.SIGNE, signee_le__date__gte=start
        )
        .select_related("contrat__territoire")
        .order_by("-signee_le")
    )
    return _group(
        "signes_ce_mois",
        "Contrats signés ce mois-ci",
        versions,
        lambda version: Tache(
            str(version),
            f"{version.contrat.territoire.nom} — signé le {_day(version.signee_le)}",
            reverse("contrats:contrat_detail", args=[version.contrat_id]),
            "Voir le contrat",
        ),
    )


def _to_schedule(user, territoires):
    fiches = (
        visible_fiches(user)
        .filter(statut=StatutFiche.DEPOSEE, territoire_id__in=territoires)
        .select_related("territoire")
        .order_by("deposee_le", "pk")
    )
    may_convene = [
        t for t in _territories_where(scope_for(user), roles_for("comite", "convene")) if t in set(territoires)
    ]
    comites = {
        c.territoire_id: c.pk
        for c in visible_comites(user).filter(type=TypeComite.PROJET, territoire_id__in=may_convene)
    }

    def build(fiche):
        comite = comites.get(fiche.territoire_id)
        detail = (
            f"{fiche.territoire.nom} — déposée le {_day(fiche.deposee_le)}"
            if fiche.deposee_le
            else fiche.territoire.nom
        )
        if comite is None:  # a committee not set up yet: the fiche itself is the next page
            return Tache(
                fiche.titre, detail, reverse("fiches_actions:fiche_detail", args=[fiche.pk]), "Ouvrir la fiche"
            )
        return Tache(
            fiche.titre,
            detail,
            reverse("gouvernance:seance_create", args=[comite]) + f"?fiches={fiche.pk}",
            "Inscrire à une séance",
        )

    return _group("a_inscrire", "Fiches déposées à inscrire à l'ordre du jour", fiches, build)


def _undecided_points():
    return PointOrdreDuJour.objects.filter(seance=OuterRef("pk"), decision__isnull=True)


def _held_without_decisions(seances, cle, titre):
    seances = (
        seances.filter(statut=StatutSeance.CONVOQUEE, date__lt=timezone.now())
        .filter(Exists(_undecided_points()))
        .select_related("comite")
        .order_by("date", "pk")
    )
    return _group(
        cle,
        titre,
        seances,
        lambda seance: Tache(
            f"{seance.comite.nom} — {_day(seance.date)}",
            "Des points attendent leur décision.",
            reverse("gouvernance:seance_detail", args=[seance.pk]),
            "Enregistrer les décisions",
        ),
    )


def _releves_to_publish(seances):
    seances = (
        seances.filter(statut=StatutSeance.CONVOQUEE, date__lt=timezone.now())
        .exclude(Exists(_undecided_points()))
        .select_related("comite")
        .order_by("date", "pk")
    )
    return _group(
        "releves",
        "Relevés de décisions à publier",
        seances,
        lambda seance: Tache(
            f"{seance.comite.nom} — {_day(seance.date)}",
            "Toutes les décisions sont prises.",
            reverse("gouvernance:seance_detail", args=[seance.pk]),
            "Publier le relevé",
        ),
    )


def _versions(user, territoires, statut):
    return (
        VersionContrat.objects.filter(
            contrat__in=visible_contrats(user).values("pk"), contrat__territoire_id__in=territoires, statut=statut
        )
        .select_related("contrat__territoire")
        .order_by("pk")
    )


def _contracts_to_review(user, territoires):
    return _group(
        "contrats_a_revoir",
        "Contrats « à revoir » après le comité régional",
        _versions(user, territoires, StatutVersion.A_REVOIR),
        lambda version: Tache(
            str(version),
            version.contrat.territoire.nom,
            reverse("contrats:contrat_detail", args=[version.contrat_id]),
            "Reprendre le contrat",
        ),
    )


def _failed_documents(user, territoires=None):
    documents = DocumentContrat.objects.filter(
        version__contrat__in=visible_contrats(user).values("pk"), statut=StatutDocument.ECHEC
    )
    if territoires is not None:
        documents = documents.filter(version__contrat__territoire_id__in=territoires)
    documents = documents.select_related("version__contrat__territoire").order_by("cree_le", "pk")
    return _group(
        "documents_en_echec",
        "Productions de contrats signés en échec",
        documents,
        lambda document: Tache(
            str(document.version),
            document.erreur[:160] or "Cause inconnue.",
            reverse("contrats:contrat_detail", args=[document.version.contrat_id]),
            "Relancer la production",
        ),
    )


def _parties_to_sign(user, condition):
    parties = (
        PartieSignataire.objects.filter(
            condition,
            version__contrat__in=visible_contrats(user).values("pk"),
            version__statut=StatutVersion.VALIDE,
            signature__isnull=True,
        )
        .select_related("version__contrat__territoire")
        .order_by("version__validee_le", "ordre", "pk")
    )
    return _group(
        "signatures",
        "Signatures attendues",
        parties,
        lambda partie: Tache(
            f"{partie.libelle}",
            f"{partie.version} — validé le {_day(partie.version.validee_le)}"
            if partie.version.validee_le
            else str(partie.version),
            reverse("contrats:partie_sign", args=[partie.pk]),
            "Enregistrer la signature",
        ),
    )


def _signature_condition(user, scope) -> Q | None:
    """The parties whose signature this person gives or records: their own party's, or every party of
    their territories for a chef de projet (with the scanned page)."""
    conditions = []
    chef = _territories_where(scope, {Role.CHEF_DE_PROJET})
    if chef:
        conditions.append(Q(version__contrat__territoire_id__in=chef))
    industriel = _territories_where(scope, {Role.INDUSTRIEL_BINOME})
    if industriel:
        conditions.append(Q(type=TypePartie.INDUSTRIEL, version__contrat__territoire_id__in=industriel))
    for role, kind in ((Role.SERVICES_ETAT_REGION, TypePartie.ETAT), (Role.PILOTE_REGIONAL, TypePartie.REGION)):
        regions = _regions_where(scope, {role})
        if regions:
            conditions.append(Q(type=kind, version__contrat__territoire__region_pilote_id__in=regions))
    for mandat in scope.mandats:
        if mandat.role == Role.REFERENT_OPERATEUR and mandat.operateur_id:
            conditions.append(
                Q(
                    type=TypePartie.OPERATEUR,
                    operateur_id=mandat.operateur_id,
                    version__contrat__territoire_id=mandat.territoire_id,
                )
            )
    presidencies = MembreComite.objects.active().filter(user=user, qualite=Qualite.PRESIDENT_EPCI)
    conditions.append(
        Q(
            type=TypePartie.EPCI,
            epci_id__in=presidencies.values("epci_id"),
            version__contrat__territoire_id__in=presidencies.values("comite__territoire_id"),
        )
    )
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return condition


# ---------------------------------------------------------------- committee members


def _my_seances(user):
    seats = MembreComite.objects.active().filter(user=user).values("comite_id")
    return visible_seances(user).filter(comite_id__in=seats)


def _next_seances(user):
    seances = (
        _my_seances(user)
        .filter(statut=StatutSeance.CONVOQUEE, date__gte=timezone.now())
        .select_related("comite")
        .order_by("date", "pk")
    )
    return _group(
        "prochaines_seances",
        "Prochaines séances de mes comités",
        seances,
        lambda seance: Tache(
            f"{seance.comite.nom} — {_day(seance.date)}",
            seance.lieu or "Visioconférence",
            reverse("gouvernance:seance_detail", args=[seance.pk]),
            "Voir l'ordre du jour",
        ),
    )


# ---------------------------------------------------------------- régions and the nation


def _contracts_for_regional_committee(user, regions):
    on_agenda = PointOrdreDuJour.objects.filter(version_contrat=OuterRef("pk")).exclude(
        seance__statut=StatutSeance.ANNULEE
    )
    versions = (
        VersionContrat.objects.filter(
            contrat__in=visible_contrats(user).values("pk"),
            contrat__territoire__region_pilote_id__in=regions,
            statut=StatutVersion.SOUMIS,
        )
        .exclude(Exists(on_agenda))
        .select_related("contrat__territoire")
        .order_by("soumise_le", "pk")
    )
    comites = {c.region_id: c.pk for c in visible_comites(user).filter(type=TypeComite.REGIONAL, region_id__in=regions)}

    def build(version):
        comite = comites.get(version.contrat.territoire.region_pilote_id)
        url = (
            reverse("gouvernance:seance_create", args=[comite]) + f"?contrats={version.pk}"
            if comite
            else reverse("contrats:contrat_detail", args=[version.contrat_id])
        )
        return Tache(
            str(version),
            f"{version.contrat.territoire.nom} — soumis le {_day(version.soumise_le)}"
            if version.soumise_le
            else version.contrat.territoire.nom,
            url,
            "Inscrire en comité régional",
        )

    return _group("contrats_soumis", "Contrats soumis, à inscrire en comité régional", versions, build)


def _perimeter_requests(user, regions):
    demandes = (
        visible_demandes(user)
        .filter(statut=StatutDemandePerimetre.DEPOSEE, territoire__regions__code__in=regions)
        .distinct()
        .select_related("territoire")
        .order_by("pk")
    )
    return _group(
        "demandes_perimetre",
        "Demandes d'adaptation de périmètre à examiner",
        demandes,
        lambda d: Tache(
            d.territoire.nom,
            (d.motifs or "")[:160],
            reverse("gouvernance:demande_detail", args=[d.pk]),
            "Examiner la demande",
        ),
    )


def _unanswered_simplifications(user):
    fiches = (
        visible_fiches(user)
        .filter(axe__demande_simplification=True, statut=StatutFiche.VALIDEE, reponse_le__isnull=True)
        .select_related("territoire")
        .order_by("decidee_le", "pk")
    )
    return _group(
        "simplifications",
        "Demandes de simplification sans réponse",
        fiches,
        lambda fiche: Tache(
            fiche.titre,
            fiche.territoire.nom,
            reverse("fiches_actions:simplification_answer", args=[fiche.pk]),
            "Répondre",
        ),
    )


# ---------------------------------------------------------------- the inbox


def shared(key: str, compute):
    """What is the same for everyone holding the same scope (the nation's tasks, its overview): computed
    once per generation of the counted data, so a change shows at the next load, never later; kept ten
    minutes at most (``portail.cache.keep``), as « signed this month » and « dormant » move with the clock."""
    return keep(f"partage:{generation()}:{key}", compute)


def a_faire(user) -> list[Groupe]:
    """The open tasks of ``user``, group by group, in the order they are usually done."""
    if user is None or not user.is_authenticated:
        return []
    scope = scope_for(user)
    if not scope.has_mandate:
        return []
    # Kept for the person (portail.cache.keep) until a counted change, the next day, or the start of the
    # next convened séance of their scope: that is when a séance moves from « prochaines » to « tenues
    # sans décision ».
    return keep(kept_key("a-faire", user), lambda: _open_tasks(user, scope), until=lambda: next_convened_start(user))


def _open_tasks(user, scope) -> list[Groupe]:
    groups = []
    chefs = _territories_where(scope, {Role.CHEF_DE_PROJET})
    if scope.territoire_ids:
        authored = (Q(auteur=user) | Q(pk__in=coauthored_fiche_ids(user))) & Q(territoire_id__in=scope.territoire_ids)
        # One follow-up group: the person's own fiches and, for a chef de projet, every fiche of their
        # territories (two groups of the same key used to hide the second one).
        follow_up = authored | Q(territoire_id__in=chefs) if chefs else authored
        groups += [_drafts(user, scope), _to_complete(user, scope), _follow_up_due(user, follow_up)]
    team = _territories_where(scope, {Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME})
    if team:
        team_seances = visible_seances(user).filter(comite__type=TypeComite.PROJET, comite__territoire_id__in=team)
        groups += [
            _to_schedule(user, team),
            _held_without_decisions(team_seances, "seances_sans_decision", "Séances tenues sans décision enregistrée"),
            _releves_to_publish(team_seances),
            _validated_outside_contracts(user, team),
            _contracts_to_review(user, team),
            _failed_documents(user, team),
        ]
    groups.append(_parties_to_sign(user, _signature_condition(user, scope)))
    groups += [
        _next_seances(user),
        # The territory's own team has these in « Séances tenues sans décision » already.
        _held_without_decisions(
            _my_seances(user).exclude(comite__territoire_id__in=team),
            "decisions_a_enregistrer",
            "Décisions à enregistrer dans mes séances",
        ),
    ]
    regions = _regions_where(scope, {Role.PILOTE_REGIONAL, Role.MEMBRE_COMITE_REGIONAL})
    if regions:
        regions = list(visible_regions(user).filter(code__in=regions).values_list("code", flat=True))
        groups += [
            _contracts_for_regional_committee(user, regions),
            _perimeter_requests(user, regions),
            shared(
                "dormants-" + "-".join(sorted(regions)),
                lambda: _dormant(user, visible_territoires(user).filter(regions__code__in=regions).distinct()),
            ),
        ]
    if scope.is_national:
        groups += shared(
            "a-faire-national",
            lambda: [
                _unanswered_simplifications(user),
                _dormant(user, visible_territoires(user)),
                _signed_this_month(user),
                _failed_documents(user),
            ],
        )
    seen, unique = set(), []
    for group in groups:
        if group is not None and group.cle not in seen:
            seen.add(group.cle)
            unique.append(group)
    return unique


def next_useful_page(user) -> tuple[str, str]:
    """Where an empty inbox sends each level."""
    scope = scope_for(user)
    if scope.is_national:
        return reverse("pilotage:tableau_de_bord"), "Voir le tableau de bord national"
    if scope.region_codes:
        return reverse("pilotage:tableau_de_bord"), "Voir le tableau de bord de ma région"
    territoire = visible_territoires(user).filter(pk__in=scope.territoire_ids).first()
    if territoire is not None:
        return reverse("gouvernance:territoire_detail", args=[territoire.code]), f"Ouvrir {territoire.nom}"
    return reverse("fiches_actions:fiche_list"), "Parcourir les fiches actions"
