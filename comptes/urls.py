from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import PasswordResetForm
from .oidc import ProConnectCallbackView, ProConnectRequestView
from .views import LoginView

app_name = "comptes"

urlpatterns = [
    path("proconnect/", ProConnectRequestView.as_view(), name="oidc_authentication_init"),
    path("proconnect/retour/", ProConnectCallbackView.as_view(), name="oidc_authentication_callback"),
    path("connexion/", LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("comptes:password_reset_done"),
        ),
        name="password_reset",
    ),
    path("mot-de-passe/oubli/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("comptes:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]
