"""The summaries: a chef de projet's week, a pilote's or the delegation's month, dormant territories first."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from fiches_actions.enums import StatutFiche
from fiches_actions.scoping import visible_fiches
from gouvernance.enums import StatutSeance, TypeComite
from habilitations.enums import Role
from habilitations.scoping import scope_for, visible_territoires
from notifications.registry import Message, Notice, register
from portail.typographie import MONTHS, plural

from .selectors import a_faire

TEAM = {Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME}
LISTED = 40  # territories named one by one in a monthly summary; the rest are counted


def _team_territories(user) -> list[int]:
    return sorted(t for t, roles in scope_for(user).roles_by_territoire.items() if roles & TEAM)


def week_changes(user, since) -> dict:
    fiches = visible_fiches(user).filter(territoire_id__in=_team_territories(user))
    return fiches.aggregate(
        deposees=Count("pk", filter=Q(deposee_le__gte=since)),
        validees=Count("pk", filter=Q(decidee_le__gte=since, statut=StatutFiche.VALIDEE)),
        a_completer=Count("pk", filter=Q(decidee_le__gte=since, statut=StatutFiche.A_COMPLETER)),
    )


@register
class SyntheseHebdomadaire(Notice):
    kind = "synthese.hebdomadaire"
    label = "Synthèse hebdomadaire de votre territoire (le lundi)"
    template = "pilotage/emails/synthese_hebdomadaire.txt"

    def announce(self, *, user, period: str, now):
        since = now - datetime.timedelta(days=7)
        changes = week_changes(user, since)
        tasks = sum(group.total for group in a_faire(user))
        if not tasks and not any(changes.values()):
            return []  # nothing happened and nothing waits: no e-mail for the sake of it
        return [
            Message(
                user,
                f"Votre semaine sur le portail : {plural(tasks, 'tâche')} en attente",
                reverse("accueil"),
                {"periode": period, "depuis": since.isoformat()},
                once=f"{self.kind}:{period}",
            )
        ]

    def context(self, params, recipient):
        since = datetime.datetime.fromisoformat(params["depuis"])
        return {"groupes": a_faire(recipient), "changes": week_changes(recipient, since), "periode": params["periode"]}


def month_activity(user, start, end):
    """The territories the person pilots (one région, or all for the delegation), each with its month;
    the dormant ones (no séance of their comité de projet in six months) first."""
    scope = scope_for(user)
    territoires = visible_territoires(user)
    if not scope.is_national:
        regions = [m.region_id for m in scope.mandats if m.role == Role.PILOTE_REGIONAL]
        territoires = territoires.filter(region_pilote_id__in=regions)
    current = territoires.order_by("-phase").values_list("phase", flat=True)[:1]
    six_months = end - datetime.timedelta(days=183)
    held = Q(comites__type=TypeComite.PROJET) & ~Q(comites__seances__statut=StatutSeance.ANNULEE)
    rows = (
        territoires.filter(phase__in=list(current))
        .annotate(
            derniere_seance=Max("comites__seances__date", filter=held & Q(comites__seances__date__lt=end)),
            seances_du_mois=Count(
                "comites__seances",
                filter=held & Q(comites__seances__date__gte=start, comites__seances__date__lt=end),
                distinct=True,
            ),
        )
        .order_by("nom")
    )
    rows = list(rows)
    fiches = dict(
        visible_fiches(user)
        .filter(territoire__in=[t.pk for t in rows], deposee_le__gte=start, deposee_le__lt=end)
        .values_list("territoire_id")
        .annotate(n=Count("pk"))
        .values_list("territoire_id", "n")
    )
    for row in rows:
        row.fiches_du_mois = fiches.get(row.pk, 0)
        row.dormant = row.derniere_seance is None or row.derniere_seance < six_months
    rows.sort(key=lambda t: (not t.dormant, -t.seances_du_mois - t.fiches_du_mois, t.nom))
    return rows


@register
class SyntheseMensuelle(Notice):
    kind = "synthese.mensuelle"
    label = "Synthèse mensuelle de l'activité des territoires (le 1er du mois)"
    template = "pilotage/emails/synthese_mensuelle.txt"

    def announce(self, *, user, period: str, now):
        return [
            Message(
                user,
                f"Activité des territoires en {_month_name(period)}",
                reverse("pilotage:tableau_de_bord"),
                {"periode": period},
                once=f"{self.kind}:{period}",
            )
        ]

    def context(self, params, recipient):
        year, month = (int(part) for part in params["periode"].split("-"))
        tz = timezone.get_current_timezone()
        start = datetime.datetime(year, month, 1, tzinfo=tz)
        end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
        rows = month_activity(recipient, start, end)
        return {
            "periode": _month_name(params["periode"]),
            "lignes": rows[:LISTED],
            "reste": max(0, len(rows) - LISTED),
            "dormants": sum(1 for r in rows if r.dormant),
            "total": len(rows),
        }


def _month_name(period: str) -> str:
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"
