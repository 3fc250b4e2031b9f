from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commentaire, FicheAction, Indicateur, LigneFinancement, MesureNationale, PieceJointe


@admin.register(MesureNationale)
class MesureNationaleAdmin(admin.ModelAdmin):
    list_display = ["libelle", "axe", "operateur", "active", "illustrative"]
    list_filter = ["axe", "active", "illustrative"]
    search_fields = ["libelle", "code"]


class LigneInline(admin.TabularInline):
    model = LigneFinancement
    extra = 0


class IndicateurInline(admin.TabularInline):
    model = Indicateur
    extra = 0


@admin.register(FicheAction)
class FicheActionAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["titre", "territoire", "axe", "statut", "suivi", "modifie_le"]
    list_select_related = ["territoire"]
    list_filter = ["statut", "axe", "suivi"]
    search_fields = ["titre", "territoire__nom", "porteur_organisation"]
    raw_id_fields = ["territoire", "auteur", "localisation", "reponse_par"]
    # States move only through committee decisions and services, never by hand here.
    readonly_fields = ["statut", "suivi", "version", "deposee_le", "decidee_le"]
    inlines = [LigneInline, IndicateurInline]

    def get_queryset(self, request):
        return super().get_queryset(request)


admin.site.register(PieceJointe)
admin.site.register(Commentaire)
