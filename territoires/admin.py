from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EPCI, Commune, Departement, MembreTerritoire, Operateur, Region, Territoire


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "zone"]
    search_fields = ["nom", "code"]
    exclude = ["contour"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region"]
    list_select_related = ["region"]
    list_filter = ["region"]
    search_fields = ["nom", "code"]
    exclude = ["contour"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["siren", "nom", "nature", "population", "region_principale"]
    list_select_related = ["region_principale"]
    list_filter = ["nature", "region_principale"]
    search_fields = ["nom", "siren"]
    autocomplete_fields = ["departements", "regions"]
    raw_id_fields = ["departement_principal", "region_principale"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code_insee", "nom", "epci"]
    list_select_related = ["epci"]
    search_fields = ["nom", "code_insee", "siren"]
    raw_id_fields = ["epci"]


@admin.register(Operateur)
class OperateurAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["nom"]


class MembreInline(admin.TabularInline):
    model = MembreTerritoire
    extra = 0
    raw_id_fields = ["epci", "commune"]


@admin.register(Territoire)
class TerritoireAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "code", "phase", "region_pilote", "statut", "niveau_maturite"]
    list_select_related = ["region_pilote"]
    list_filter = ["phase", "statut", "niveau_maturite", "region_pilote"]
    search_fields = ["nom", "code"]
    autocomplete_fields = ["regions", "departements"]
    inlines = [MembreInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("contour")
