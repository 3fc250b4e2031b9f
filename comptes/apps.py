from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portail.sessions import read_with_session

        from .backends import forget_person, keys_read_with_person
        from .models import User

        # The person's keys are read in the session's round trip to Redis (``portail.sessions``).
        read_with_session(keys_read_with_person)

        def forget(sender, instance, **kwargs):
            forget_person(instance.pk)

        # Any change of an account (password, activity, names, rights) retires its kept copy.
        post_save.connect(forget, sender=User, dispatch_uid="comptes.forget_person.save", weak=False)
        post_delete.connect(forget, sender=User, dispatch_uid="comptes.forget_person.delete", weak=False)

        from .jetons import forget_tokens
        from .models import JetonAPI

        def forget_token(sender, instance, **kwargs):
            forget_tokens(instance.token_key)

        # A token made, revoked or expired retires the kept tokens of its prefix: a revoked token is
        # refused at its next call.
        post_save.connect(forget_token, sender=JetonAPI, dispatch_uid="comptes.forget_tokens.save", weak=False)
        post_delete.connect(forget_token, sender=JetonAPI, dispatch_uid="comptes.forget_tokens.delete", weak=False)
