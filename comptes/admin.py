"""The accounts are administered with the mandates they hold: see habilitations/admin.py."""
