"""Figures of the programme, computed from what the user may see: the national delegation sees the
nation, a région its territories, a territory itself. Every figure links to the list behind it."""

import statistics

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractYear

from contrats.models import Protocole, VersionContrat
from fiches_actions.enums import Axe, Financeur, StatutFiche
from fiches_actions.models import FicheAction, LigneFinancement
from territoires.enums import Phase, StatutTerritoire

from .models import Seance
from .scoping import visible_fiches, visible_territoires


def dashboard(*, user) -> dict:
    territoires = visible_territoires(user)
    fiches = visible_fiches(user).exclude(statut=StatutFiche.BROUILLON)
    par_phase = {(r["phase"], r["statut"]): r["n"] for r in territoires.values("phase", "statut").annotate(n=Count("pk"))}
    par_axe = {(r["axe"], r["statut"]): r["n"] for r in fiches.values("axe", "statut").annotate(n=Count("pk"))}
    statuts = [s for s in StatutFiche if s != StatutFiche.BROUILLON]
    financement = (LigneFinancement.objects.filter(fiche__in=fiches.filter(statut=StatutFiche.VALIDEE).values("pk"))
                   .values("financeur", "operateur__nom")
                   .annotate(demande=Sum("montant"), obtenu=Sum("montant_obtenu")).order_by("-demande"))
    delays = [(decided - submitted).days for submitted, decided in
              fiches.filter(deposee_le__isnull=False, decidee_le__isnull=False).values_list("deposee_le", "decidee_le")]
    simplifications = fiches.filter(axe=Axe.SIMPLIFIER, statut=StatutFiche.VALIDEE)
    last_seance = Seance.objects.filter(comite__territoire=OuterRef("pk")).order_by("-date").values("date")[:1]
    last_fiche = FicheAction.objects.filter(territoire=OuterRef("pk")).order_by("-modifie_le").values("modifie_le")[:1]
    activite = (territoires.filter(phase=Phase.PHASE_2 if territoires.filter(phase=Phase.PHASE_2).exists()
                                   else Phase.PHASE_1)
                .without_geometry().select_related("region_pilote")
                .annotate(derniere_seance=Subquery(last_seance), derniere_fiche=Subquery(last_fiche))
                .order_by(F("derniere_seance").asc(nulls_first=True), F("derniere_fiche").asc(nulls_first=True),
                          "nom")[:20])
    return {
        "territoires": {
            "lignes": [(phase, [(statut, par_phase.get((phase.value, statut.value), 0)) for statut in StatutTerritoire])
                       for phase in Phase],
            "statuts": list(StatutTerritoire),
            "total": sum(par_phase.values()),
        },
        "signatures": {
            "protocoles": list(Protocole.objects.filter(territoire__in=territoires.values("pk"), statut="signe")
                               .annotate(annee=ExtractYear("date_signature")).values("annee")
                               .annotate(n=Count("pk")).order_by("annee")),
            "contrats": list(VersionContrat.objects.filter(contrat__territoire__in=territoires.values("pk"),
                                                           statut="signe", numero=1)
                             .annotate(annee=ExtractYear("signee_le")).values("annee").annotate(n=Count("pk"))
                             .order_by("annee")),
        },
        "fiches": {
            "lignes": [(axe, [(statut, par_axe.get((axe.value, statut.value), 0)) for statut in statuts]) for axe in Axe],
            "statuts": statuts,
            "total": sum(par_axe.values()),
        },
        "financement": [{**row, "libelle": row["operateur__nom"] or Financeur(row["financeur"]).label}
                        for row in financement],
        "delai_median": statistics.median(delays) if delays else None,
        "nb_decisions": len(delays),
        "simplifications": {"total": simplifications.count(),
                            "repondues": simplifications.filter(reponse_le__isnull=False).count()},
        "activite": activite,
    }
