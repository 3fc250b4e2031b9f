from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Avis et courriels"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from comptes.backends import read_with_person

        from .selectors import refresh_counts, unread_key, version_key

        read_with_person(unread_key)  # every page's header shows the count
        read_with_person(version_key)  # and the notices page is kept under it

        def warm(sender, user, **kwargs):
            refresh_counts([user.pk])

        # The header's count is ready before the first page after sign-in.
        user_logged_in.connect(warm, dispatch_uid="notifications-compteur", weak=False)
