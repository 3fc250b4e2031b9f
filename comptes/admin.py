"""The accounts are administered with the mandates they hold: see habilitations/admin.py."""

from django.contrib import admin
from rest_framework.authtoken.admin import TokenProxy

# DRF's clear-text tokens are kept installed only for the migration that hashed them into knox's
# tokens; their admin would offer to create tokens that no longer authenticate anyone.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
