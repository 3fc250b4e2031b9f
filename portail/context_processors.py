"""What every page's frame needs, computed once per process rather than once per request."""

from django.urls import get_script_prefix, reverse

# The links of the header, menu and footer (templates/base.html).
SHELL_LINKS = [
    "accueil",
    "admin:index",
    "comptes:login",
    "comptes:logout",
    "contrats:verifier",
    "fiches_actions:fiche_list",
    "gouvernance:invitation_create",
    "gouvernance:national_activity",
    "gouvernance:territoire_list",
    "habilitations:mon_compte",
    "legal:accessibilite",
    "legal:cookies",
    "legal:donnees_personnelles",
    "legal:mentions_legales",
    "legal:plan_du_site",
    "notifications:list",
    "pilotage:donnees_ouvertes",
    "pilotage:tableau_de_bord",
]

_links_by_prefix: dict[str, dict[str, str]] = {}


def shell_links(request):
    """``{{ liens.legal__cookies }}``…: reversed once per script prefix (the URL configuration does not
    change while the process runs); eighteen ``{% url %}`` per page cost a tenth of a bare page."""
    prefix = get_script_prefix()
    links = _links_by_prefix.get(prefix)
    if links is None:
        links = _links_by_prefix[prefix] = {name.replace(":", "__"): reverse(name) for name in SHELL_LINKS}
    return {"liens": links}
