"""Request bodies are bounded before anything reads them: their size (from Content-Length, before the
CSRF check or the form parser touch the body) and, for JSON, how deeply it nests (before any parser
recurses into it). A refused request gets a 413 or 400 with a Chinese message, never a 5xx."""

from __future__ import annotations

import re
from itertools import accumulate

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

MB = 1024 * 1024
# For the depth scan: '[' and '{' open (+1), ']' and '}' close (-1); every other byte counts 0.
_DELTA = [0] * 256
_DELTA[ord("[")] = _DELTA[ord("{")] = 1
_DELTA[ord("]")] = _DELTA[ord("}")] = -1
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}\"\\")


def max_body_bytes(content_type: str) -> int:
    """A multipart form may carry files (each bounded again when it is read); anything else is small."""
    if content_type.startswith("multipart/"):
        return settings.FACTORYTIER_MAX_REQUEST_MB * MB
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it (brackets inside strings
    do not count). Linear in the body's size, no recursion."""
    if b"[" not in body and b"{" not in body:
        return 0
    kept = body.translate(None, _NOT_BRACKETS)  # only brackets, quotes and backslashes remain
    if b'"' in kept:
        kept = _strip_strings(kept)
    if not kept:
        return 0
    return max(0, max(accumulate(map(_DELTA.__getitem__, kept))))


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


def _strip_strings(kept: bytes) -> bytes:
    return _STRING.sub(b"", kept).replace(b"\\", b"").replace(b'"', b"")


def _refuse(request, status: int, message: str):
    wants_json = request.path.startswith("/api/") or "json" in request.META.get("CONTENT_TYPE", "") \
        or "json" in request.META.get("HTTP_ACCEPT", "")
    if wants_json:
        return JsonResponse({"detail": message, "errors": [{"path": "", "message": message}]}, status=status)
    # Runs before sessions and authentication: a plain page, no template context needed.
    return HttpResponse(f"<!doctype html><meta charset=utf-8><title>请求无法处理</title><h1>{status} · 请求无法处理</h1>"
                        f"<p>{escape(message)}</p><p><a href=\"/\">返回首页</a></p>", status=status)


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, "请求头 Content-Length 无效")
        limit = max_body_bytes(content_type)
        if length > limit:
            # Refused without reading a byte of the body: nothing reaches the disk or the parsers.
            return _refuse(request, 413, f"提交的内容过大（{length / MB:.1f} MB），上限为 {limit / MB:.0f} MB；"
                                         "附件请逐个上传，每个文件不超过上限")
        # Any body but a multipart form may be handed to a JSON parser (some endpoints parse whatever they
        # get); browsers percent-encode brackets in urlencoded forms, so those scan as flat.
        if length and not content_type.startswith("multipart/"):
            depth_limit = settings.FACTORYTIER_MAX_JSON_DEPTH
            if json_depth(request.body) > depth_limit:
                return _refuse(request, 400, f"提交的 JSON 嵌套层数超过 {depth_limit} 层，未处理")
        return self.get_response(request)
