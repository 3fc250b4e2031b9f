"""API tokens become hashed, named and dated (django-rest-knox). The clear tokens of the previous
release are carried over as hashes, so that the scripts using them keep working until their expiry;
the clear copies are then deleted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hash_the_clear_tokens(apps, schema_editor):
    import datetime

    from django.utils import timezone
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    Token = apps.get_model("authtoken", "Token")
    JetonAPI = apps.get_model("comptes", "JetonAPI")
    expiry = timezone.now() + datetime.timedelta(days=90)
    for old in Token.objects.all().iterator():
        JetonAPI.objects.create(
            digest=hash_token(old.key),
            token_key=old.key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=old.user_id,
            expiry=expiry,
            nom="Jeton repris de la version précédente du portail",
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("comptes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="generation_sessions",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="siret_proconnect",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=14, verbose_name="SIRET (ProConnect)"
            ),
        ),
        migrations.CreateModel(
            name="JetonAPI",
            fields=[
                ("digest", models.CharField(max_length=128, primary_key=True, serialize=False)),
                ("token_key", models.CharField(db_index=True, max_length=25)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("expiry", models.DateTimeField(blank=True, null=True)),
                (
                    "nom",
                    models.CharField(
                        help_text="Par exemple : tableur du SGAR, script de suivi.",
                        max_length=80,
                        verbose_name="nom du jeton",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="auth_token_set",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="personne",
                    ),
                ),
            ],
            options={
                "verbose_name": "jeton d'API",
                "verbose_name_plural": "jetons d'API",
                "ordering": ["-created"],
            },
        ),
        migrations.RunPython(hash_the_clear_tokens, migrations.RunPython.noop),
    ]
