"""The trail above every page about a territory or a région: the same links wherever it is shown."""

from django.urls import reverse_lazy

from portail.breadcrumbs import crumb

TERRITOIRES = ("Territoires d'industrie", reverse_lazy("gouvernance:territoire_list"))


def territoire_trail(territoire) -> tuple[tuple[str, str], ...]:
    """Territoires d'industrie › <the territory>."""
    return (TERRITOIRES, crumb(territoire.nom, "gouvernance:territoire_detail", territoire.code))


def gouvernance_trail(territoire) -> tuple[tuple[str, str], ...]:
    """Territoires d'industrie › <the territory> › Gouvernance."""
    return (*territoire_trail(territoire), crumb("Gouvernance", "gouvernance:territoire_gouvernance", territoire.code))
