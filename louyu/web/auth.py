"""Login and logout pages (the lockout rule itself is louyu.core.auth's)."""
from django.contrib.auth import views as auth_views

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (the layout's 退出 button is a form), so a link cannot log a user out."""
