from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from gouvernance.models import Mandat

from .models import User


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
