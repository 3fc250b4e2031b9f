from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "habilitations"

urlpatterns = [
    path("", views.mon_compte, name="mon_compte"),
    path("jetons/nouveau/", views.jeton_create_view, name="jeton_create"),
    path("jetons/<str:digest>/revoquer/", views.jeton_revoke_view, name="jeton_revoke"),
    path("autres-appareils/", views.other_sessions_end_view, name="other_sessions_end"),
    path("mot-de-passe/", login_required(views.PasswordChangeView.as_view()), name="password_change"),
]
