"""« Mon compte »: who I am, the mandates I hold, my API tokens, my password and my other sessions."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from comptes.services import jeton_create, jeton_revoke, other_sessions_end
from portail.breadcrumbs import breadcrumb
from portail.forms import add_service_errors

from .forms import JetonForm
from .selectors import own_mandates, own_token, own_tokens

COMPTE = ("Mon compte", reverse_lazy("habilitations:mon_compte"))


def _page(request, *, form=None, nouveau_jeton=None, status=200):
    response = render(
        request,
        "habilitations/mon_compte.html",
        {
            "mandats": own_mandates(request.user),
            "jetons": own_tokens(request.user),
            "form_jeton": form or JetonForm(),
            "nouveau_jeton": nouveau_jeton,
            "breadcrumb_data": breadcrumb(current="Mon compte"),
        },
        status=status,
    )
    # A new token is shown once, in this answer only: no cache may keep it.
    add_never_cache_headers(response)
    return response


@login_required
def mon_compte(request):
    return _page(request)


@login_required
@require_http_methods(["POST"])
def jeton_create_view(request):
    form = JetonForm(request.POST)
    if form.is_valid():
        try:
            instance, token = jeton_create(
                user=request.user, nom=form.cleaned_data["nom"], days=form.cleaned_data["duree"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _page(request, nouveau_jeton={"jeton": instance, "valeur": token}, status=201)
    return _page(request, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def jeton_revoke_view(request, digest):
    jeton = own_token(request.user, digest)
    if jeton is None:
        raise Http404("Ce jeton n'existe pas ou a déjà été révoqué.")
    if request.method == "POST":
        jeton_revoke(user=request.user, digest=digest)
        messages.success(request, f"Le jeton « {jeton.nom} » est révoqué : il n'ouvre plus l'API.")
        return redirect("habilitations:mon_compte")
    return render(
        request,
        "confirm.html",
        {
            "titre": f"Révoquer le jeton « {jeton.nom} » ?",
            "texte": "Les outils qui s'en servent ne pourront plus lire ni écrire dans le portail. "
            "Cette action ne peut pas être annulée : il faudra créer un nouveau jeton.",
            "bouton": "Révoquer le jeton",
            "retour": reverse("habilitations:mon_compte"),
            "breadcrumb_data": breadcrumb(COMPTE, current="Révoquer un jeton"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def other_sessions_end_view(request):
    if request.method == "POST":
        other_sessions_end(request=request)
        messages.success(request, "Vous êtes déconnecté de vos autres appareils ; cette session reste ouverte.")
        return redirect("habilitations:mon_compte")
    return render(
        request,
        "confirm.html",
        {
            "titre": "Se déconnecter des autres appareils ?",
            "texte": "Toutes vos autres sessions (autre navigateur, autre ordinateur, téléphone) seront fermées ; "
            "celle-ci reste ouverte. Vos jetons d'API ne sont pas touchés.",
            "bouton": "Se déconnecter des autres appareils",
            "retour": reverse("habilitations:mon_compte"),
            "breadcrumb_data": breadcrumb(COMPTE, current="Autres appareils"),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "habilitations/mot_de_passe.html"
    success_url = reverse_lazy("habilitations:mon_compte")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "breadcrumb_data": breadcrumb(COMPTE, current="Mot de passe")}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Mot de passe changé. Vos autres sessions sont fermées et vos jetons d'API révoqués : "
            "créez-en de nouveaux pour vos outils.",
        )
        return response
