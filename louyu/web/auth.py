"""Login and logout pages (the lockout rule itself is louyu.accounts.auth's)."""
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        from louyu.core.middleware import PasswordExpiryMiddleware
        from louyu.core.passwords import password_expired

        response = super().form_valid(form)
        if password_expired(form.get_user()):  # checked once here; the middleware reads the session flag
            self.request.session[PasswordExpiryMiddleware.SESSION_FLAG] = True
        return response


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (the layout's 退出 button is a form), so a link cannot log a user out; opening the
    address directly shows a page that asks to confirm (or says the user is already out)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "web/logout.html")
