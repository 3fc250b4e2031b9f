from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portail.breadcrumbs import breadcrumb
from portail.cache import address_key, keep
from portail.pagination import paginate
from portail.typographie import plural

from . import selectors, services
from .models import Frequency
from .registry import all_notices, notice

NOTIFICATIONS = ("Notifications", reverse_lazy("notifications:list"))


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        count = services.mark_read(user=request.user)
        messages.success(
            request,
            (
                f"{plural(count, 'notification')} marquées comme lues."
                if count > 1
                else "1 notification marquée comme lue."
            )
            if count
            else "Toutes vos notifications étaient déjà lues.",
        )
        return redirect("notifications:list")
    unread_only = request.GET.get("etat") == "non-lues"

    def content():
        page = paginate(request, selectors.notifications_for(request.user, unread_only=unread_only), counted=False)
        return render_to_string(
            "notifications/_list_contenu.html", {"page_obj": page, "unread_only": unread_only}, request=request
        )

    # The list is kept for the person at this address until one of their notices is written or read;
    # the « mark all as read » form, which carries the session's CSRF token, stays outside.
    key = f"avis-page:{request.user.pk}:{selectors.notices_version(request.user)}:{address_key(request)}"
    return render(
        request,
        "notifications/list.html",
        {
            "contenu": mark_safe(keep(key, content)),  # noqa: S308 — our own template's output, autoescaped
            "unread_only": unread_only,
            "breadcrumb_data": breadcrumb(current="Notifications"),
        },
    )


@login_required
def notification_open(request, pk):
    """Opening a notice marks it read and leads to the page where the person acts."""
    row = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(user=request.user, notification_id=row.pk)
    if url_has_allowed_host_and_scheme(row.url, allowed_hosts=None) and row.url.startswith("/"):
        return redirect(row.url)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    rows = selectors.preferences_for(request.user)
    if request.method == "POST":
        choices = {n.kind: request.POST.get(n.kind, current) for n, current in rows}
        try:
            services.preferences_save(user=request.user, choices=choices)
        except ValidationError:
            messages.error(request, "Une fréquence choisie n'est pas proposée : rien n'a changé.")
        else:
            messages.success(request, "Vos préférences de notification sont enregistrées.")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "rows": rows,
            "frequencies": Frequency.choices,
            "required": [n for n in all_notices() if n.required],
            "breadcrumb_data": breadcrumb(NOTIFICATIONS, current="Préférences"),
        },
    )


@csrf_exempt  # RFC 8058: the mail client posts without a session or a form token; the signed link is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        _, kind = services.unsubscribe_read(token)
    except ValidationError as error:
        return render(request, "notifications/desabonnement.html", {"error": error.messages[0]}, status=400)
    label = "tous les avis de votre récapitulatif" if kind.startswith("*") else _label(kind)
    if request.method == "POST":
        try:
            services.unsubscribe(token)
        except ValidationError as error:
            return render(request, "notifications/desabonnement.html", {"error": error.messages[0]}, status=400)
        return render(request, "notifications/desabonnement.html", {"done": True, "label": label})
    return render(request, "notifications/desabonnement.html", {"label": label, "token": token})


def _label(kind: str) -> str:
    try:
        return notice(kind).label
    except KeyError:
        return kind
