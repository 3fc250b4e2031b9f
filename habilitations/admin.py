"""The accounts and the mandates they hold are administered together: an account is worth what its
mandates grant."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from comptes.models import User

from .models import Mandat


class MandatInline(admin.TabularInline):
    model = Mandat
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["territoire", "region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "is_active"]
    search_fields = ["email", "first_name", "last_name", "organisation"]
    list_filter = ["is_active", "is_staff"]
    inlines = [MandatInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "organisation")}),
        (_("Accès technique"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Mandat)
class MandatAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "territoire", "region", "date_debut", "date_fin", "cofinancement_etat"]
    list_select_related = ["user", "territoire", "region"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__last_name", "territoire__nom"]
    autocomplete_fields = ["user", "territoire", "region"]
    date_hierarchy = "date_debut"

    def get_queryset(self, request):
        return super().get_queryset(request)
