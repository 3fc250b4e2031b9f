from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Mandat


@admin.register(Mandat)
class MandatAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "territoire", "region", "date_debut", "date_fin", "cofinancement_etat"]
    list_select_related = ["user", "territoire", "region"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__last_name", "territoire__nom"]
    autocomplete_fields = ["user", "territoire", "region"]
    date_hierarchy = "date_debut"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("territoire__contour", "region__contour")
