"""The trail above the pages of the fiches."""

from django.urls import reverse_lazy

from portail.breadcrumbs import crumb

FICHES = ("Fiches actions", reverse_lazy("fiches_actions:fiche_list"))


def fiche_trail(fiche) -> tuple[tuple[str, str], ...]:
    """Fiches actions › <the fiche>."""
    return (FICHES, crumb(fiche.titre, "fiches_actions:fiche_detail", fiche.pk))
