from django.contrib import admin

from .enums import StatutVersion
from .models import Contrat, DocumentContrat, VersionContrat


class ReadOnlyWhenSigned:
    """A signed version is frozen: the admin shows it and changes nothing (the database agrees)."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "statut", None) == StatutVersion.SIGNE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "statut", None) == StatutVersion.SIGNE:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Contrat)
class ContratAdmin(admin.ModelAdmin):
    list_display = ["intitule", "territoire", "annee_debut", "annee_fin"]
    list_select_related = ["territoire"]
    raw_id_fields = ["territoire", "cree_par"]


@admin.register(VersionContrat)
class VersionContratAdmin(ReadOnlyWhenSigned, admin.ModelAdmin):
    list_display = ["contrat", "numero", "statut", "signee_le"]
    list_filter = ["statut"]
    readonly_fields = ["statut", "soumise_le", "validee_le", "signee_le"]
    raw_id_fields = ["contrat", "cree_par"]


@admin.register(DocumentContrat)
class DocumentContratAdmin(admin.ModelAdmin):
    list_display = ["reference", "version", "statut", "fini_le"]
    readonly_fields = ["reference", "version", "statut", "erreur", "fichier", "sha256", "tache", "essais", "fini_le"]

    def has_delete_permission(self, request, obj=None):
        return False
