from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; what they may see and do comes from their mandates, not from this row."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("équipe technique"), default=False)
    # Part of each session's proof: changed by « Se déconnecter des autres appareils », which ends every
    # other session while the password stays.
    generation_sessions = models.PositiveIntegerField(
        _("génération des sessions"), default=0, db_default=0, editable=False
    )
    # The SIRET of the organisation, as ProConnect states it at sign-in (claim « siret »), when it does.
    siret_proconnect = models.CharField(
        _("SIRET (ProConnect)"), max_length=14, blank=True, default="", db_default="", editable=False
    )
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    def get_session_auth_hash(self):
        # Django drops a session whose stored hash no longer matches: the password and the generation
        # both count, so either one changing signs the other devices out.
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "comptes.User.get_session_auth_hash", f"{self.password}:{self.generation_sessions}", algorithm="sha256"
        ).hexdigest()

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self._password_changed = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if getattr(self, "_password_changed", False):
            self._password_changed = False
            # A new password closes every other door: the API tokens are revoked. Sessions need nothing:
            # Django checks each session against the password's hash and drops the others itself.
            self.auth_token_set.all().delete()


class JetonAPI(AbstractAuthToken):
    """A personal API token: named by its owner, kept only as a hash, valid until its expiry or until it
    is revoked (by its owner, by a new password, or when the owner's last mandate ends)."""

    # knox reads the tokens of a person under this name.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="auth_token_set", verbose_name=_("personne"))
    nom = models.CharField(
        _("nom du jeton"), max_length=80, help_text=_("Par exemple : tableur du SGAR, script de suivi.")
    )

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.nom} ({self.token_key}…)"
