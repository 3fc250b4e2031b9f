from django.apps import AppConfig


class FichesActionsConfig(AppConfig):
    name = "fiches_actions"
    verbose_name = "Fiches actions"
