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
