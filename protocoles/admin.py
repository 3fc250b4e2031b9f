from django.contrib import admin

from .models import Enjeu, Protocole, SignataireProtocole


class EnjeuInline(admin.TabularInline):
    model = Enjeu
    extra = 0
    autocomplete_fields = ["axe"]


class SignataireInline(admin.TabularInline):
    model = SignataireProtocole
    extra = 0


@admin.register(Protocole)
class ProtocoleAdmin(admin.ModelAdmin):
    list_display = ["territoire", "statut", "date_signature", "lieu_signature"]
    list_select_related = ["territoire"]
    list_filter = ["statut"]
    search_fields = ["territoire__nom", "territoire__code"]
    readonly_fields = ["statut", "cree_par", "cree_le"]
    autocomplete_fields = ["territoire"]
    inlines = [EnjeuInline, SignataireInline]

    def get_queryset(self, request):
        return super().get_queryset(request)
