from django.conf import settings
from django.contrib.auth import views as auth_views

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(proconnect=settings.OIDC_ENABLED, **kwargs)
