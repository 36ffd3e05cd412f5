"""Request-level safeguards that apply to every page and API call (configured in settings.MIDDLEWARE)."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse

MB = 1024 * 1024
MULTIPART_OVERHEAD = 64 * 1024  # form fields and boundaries around the one file


def _too_large(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    """Refuse a body larger than the import size limit (LOUYU_IMPORT_MAX_MB) before Django reads it, so an
    oversized upload never reaches the disk or a parser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = int(getattr(settings, "LOUYU_IMPORT_MAX_MB", 100)) * MB
        if length > limit + MULTIPART_OVERHEAD:
            return _too_large(request, f"上传内容为 {length / MB:,.1f} MB，超过上限 {limit / MB:,.1f} MB；请拆分后分批导入")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sign a user out after LOUYU_IDLE_MINUTES without a request (等保 2.0: session timeout).

    The time of the session's last request is kept server-side in the shared cache (keyed by the session),
    not in the session row, so a request costs no database write. API calls with a token carry no session
    and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.contrib.auth import logout
        from django.core.cache import cache
        from django.shortcuts import redirect

        minutes = int(getattr(settings, "LOUYU_IDLE_MINUTES", 30))
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if minutes and user is not None and session is not None and session.session_key and user.is_authenticated:
            key = f"louyu:seen:{session.session_key}"
            now = int(time.time())
            last = cache.get(key)
            if last is not None and now - int(last) > minutes * 60:
                cache.delete(key)
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "长时间未操作，已自动退出，请重新登录。"}, status=401,
                                        json_dumps_params={"ensure_ascii": False})
                return redirect(f"{settings.LOGIN_URL}?next={request.path}&timeout=1")
            if last is None or now - int(last) >= 30:
                cache.set(key, now, timeout=int(getattr(settings, "SESSION_COOKIE_AGE", 8 * 3600)))
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """A user who signed in with an expired password can only reach the password change page (and sign
    out). The login page checks the age once and marks the session; no query per request."""

    SESSION_FLAG = "louyu_password_expired"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.urls import reverse

        session = getattr(request, "session", None)
        if session is not None and session.get(self.SESSION_FLAG):
            allowed = {reverse("web:password_change"), reverse("web:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "密码已过期，请先在网页上修改密码。"}, status=403,
                                        json_dumps_params={"ensure_ascii": False})
                return redirect(reverse("web:password_change") + "?expired=1")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response, and `Cache-Control: no-store` on the API and on every
    download (exports, error reports, templates): tax figures must not linger in a browser or proxy cache.

    The policy allows only the platform's own (vendored) scripts: no inline script, no eval, no CDN.
    Inline `style` attributes stay allowed (templates and the chart/map libraries set them). A city whose
    map uses a tile server lists its origin in LOUYU_CSP_IMG_SOURCES."""

    def __init__(self, get_response):
        self.get_response = get_response
        images = " ".join(["'self'", "data:", "blob:", *getattr(settings, "LOUYU_CSP_IMG_SOURCES", [])])
        self.policy = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        disposition = response.get("Content-Disposition", "")
        if request.path.startswith("/api/") or disposition.startswith("attachment"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
