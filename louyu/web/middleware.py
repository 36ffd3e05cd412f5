"""A user with a generated first password must set their own before anything else (等保 2.0 身份鉴别)."""
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/static/", "/favicon.ico")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _must_change(user):
            allowed = (reverse("web:password_change"), reverse("web:logout"))
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "首次登录须先修改初始密码。"}, status=403)
                return redirect(f"{reverse('web:password_change')}?next={request.path}")
        return self.get_response(request)


def _must_change(user) -> bool:
    profile = getattr(user, "profile", None) if not user.is_superuser else None
    return bool(profile and profile.must_change_password)
