"""The frame of every page (templates/base.html): its head and its header, rendered from the few
values they show and kept in the process. A header depends on the person's name, their mandates,
their unread count, the menu items their scope opens and the current one — nothing else: the same
values give the same HTML, so the HTML is kept under those values (a change of any of them is simply
another entry) and only the CSRF token of the sign-out form is set in at each request. The fragment
is rendered from those values alone, without the request's context, so it cannot show anything the
key does not hold. Rendering the header through the template engine cost half of a bare page."""

from functools import lru_cache

from django import template
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from portail.context_processors import shell_links

register = template.Library()

# Set where the sign-out form's token goes; a NUL cannot come from any value of the fragment.
_CSRF_SLOT = "\x00csrf\x00"
HEADERS_KEPT = 2048  # distinct (person, mandates, count, page) states per process, a few kB each


@register.simple_tag
def tete_portail() -> SafeString:
    """The style sheets and icons: the same for every page of the process."""
    return _head()


@lru_cache(maxsize=1)
def _head() -> SafeString:
    return mark_safe(get_template("_tete.html").render({}))


@register.simple_tag(takes_context=True)
def entete_portail(context) -> SafeString:
    request = context.get("request")
    html = _header(header_values(context))
    if _CSRF_SLOT in html:
        token = get_token(request) if request is not None else ""
        html = html.replace(
            _CSRF_SLOT, format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        )
    return mark_safe(html)


@lru_cache(maxsize=HEADERS_KEPT)
def _header(values: tuple) -> str:
    shown = dict(values)
    return get_template("_entete.html").render(
        {**shown, "liens": dict(shown["liens"]), "jeton_csrf": mark_safe(_CSRF_SLOT)}
    )


def header_values(context) -> tuple:
    """Everything the header shows, as a hashable key."""
    user, scope = context.get("user"), context.get("scope")
    links = context.get("liens") or shell_links(None)["liens"]
    # A page rendered without the request's context processors (the 500 page) has no scope: it shows
    # the header of someone not signed in rather than failing.
    signed_in = bool(user is not None and user.is_authenticated and scope is not None)
    values: dict = {"connecte": signed_in, "liens": tuple(sorted(links.items()))}
    if signed_in:
        values.update(
            nom=user.get_full_name() or user.email,
            # A context processor's lazy count: it proxies str(), not int().
            non_lus=int(str(context.get("avis_non_lus") or 0)),
            mandats=scope.libelles,
        )
    values["menu"] = menu(
        context.get("request"),
        links,
        signed_in=signed_in,
        has_mandate=signed_in and scope.has_mandate,
        national=signed_in and scope.is_national,
        may_invite=signed_in and bool(context.get("peut_inviter")),
        administers=signed_in and (user.is_superuser or "delegation_nationale" in scope.national_roles),
    )
    return tuple(sorted(values.items()))


def menu(
    request, links, *, signed_in: bool, has_mandate: bool, national: bool, may_invite: bool, administers: bool
) -> tuple[tuple[str, str, bool], ...]:
    """The main menu's items a person sees: (address, label, whether it is the current page)."""
    match = getattr(request, "resolver_match", None)
    url_name, app_name = (match.url_name, match.app_name) if match else ("", "")
    path = getattr(request, "path", "")
    items = [(links["accueil"], "Accueil", url_name == "accueil")]
    if has_mandate:
        # Every territory page (list, sheet, governance, perimeter) sits under the list's address.
        territories = links["gouvernance__territoire_list"]
        items.append((territories, "Territoires", path.startswith(territories)))
        items.append((links["pilotage__tableau_de_bord"], "Tableau de bord", url_name == "tableau_de_bord"))
    if signed_in:
        items.append((links["fiches_actions__fiche_list"], "Fiches actions", app_name == "fiches_actions"))
    if national:
        items.append((links["gouvernance__national_activity"], "Activité des comités", url_name == "national_activity"))
    if may_invite:
        items.append((links["gouvernance__invitation_create"], "Inviter", url_name == "invitation_create"))
    if administers:
        items.append((links["admin__index"], "Administration", False))
    return tuple(items)
