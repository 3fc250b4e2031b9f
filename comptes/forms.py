from django import forms
from django.contrib.auth import forms as auth_forms
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .services import email_queue


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie : "
            "le mot de passe distingue majuscules et minuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
    }

    def clean_username(self):
        from .identite import normalise_email

        return normalise_email(self.cleaned_data.get("username"))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset link through the worker, so a slow mail server never blocks the page."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_queue(subject=subject, body=body, to=[to_email])
