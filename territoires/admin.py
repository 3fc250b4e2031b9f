from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EPCI,
    Axe,
    Commune,
    Departement,
    EnveloppeAnnuelle,
    InstrumentFinancement,
    MembreTerritoire,
    NomOperateur,
    Operateur,
    Phase,
    Region,
    Territoire,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "zone"]
    search_fields = ["nom", "code"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region"]
    list_select_related = ["region"]
    list_filter = ["region"]
    search_fields = ["nom", "code"]


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


class NomOperateurInline(admin.TabularInline):
    model = NomOperateur
    extra = 0


@admin.register(Operateur)
class OperateurAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["nom"]
    inlines = [NomOperateurInline]


class MembreInline(admin.TabularInline):
    model = MembreTerritoire
    extra = 0
    raw_id_fields = ["epci", "commune"]


@admin.register(Territoire)
class TerritoireAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "code", "phase", "region_pilote", "statut", "niveau_maturite"]
    raw_id_fields = ["precedent"]
    list_select_related = ["region_pilote"]
    list_filter = ["phase", "statut", "niveau_maturite", "region_pilote"]
    search_fields = ["nom", "code"]
    autocomplete_fields = ["regions", "departements"]
    inlines = [MembreInline]

    def get_queryset(self, request):
        return super().get_queryset(request)


class AxeInline(admin.TabularInline):
    model = Axe
    extra = 0
    fields = ["ordre", "code", "libelle_court", "libelle", "description", "demande_simplification"]


class InstrumentInline(admin.TabularInline):
    model = InstrumentFinancement
    extra = 0
    fields = ["code", "libelle", "financeur", "description"]
    show_change_link = True


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    """The delegation keeps each phase: its period, its axes or priorities, its financing instruments."""

    list_display = ["code", "libelle", "debut", "fin"]
    inlines = [AxeInline, InstrumentInline]


class EnveloppeInline(admin.TabularInline):
    model = EnveloppeAnnuelle
    extra = 0


@admin.register(InstrumentFinancement)
class InstrumentFinancementAdmin(SimpleHistoryAdmin):
    list_display = ["libelle", "phase", "financeur"]
    list_select_related = ["phase"]
    list_filter = ["phase"]
    inlines = [EnveloppeInline]


@admin.register(Axe)
class AxeAdmin(SimpleHistoryAdmin):
    list_display = ["libelle_court", "code", "phase", "ordre", "demande_simplification"]
    list_select_related = ["phase"]
    list_filter = ["phase"]
    search_fields = ["libelle", "code"]
