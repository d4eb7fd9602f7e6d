"""Request bodies are bounded before anything reads them: their size (from Content-Length, before the
CSRF check or the form parser touch the body) and, for JSON, how deeply it nests (before any parser
recurses into it). A refused request gets a 413 or 400 with a Chinese message, never a 5xx.

U+0000 never reaches a page or an endpoint from the address or an API body: PostgreSQL's text cannot hold
it, so a lookup of such a value would fail in the driver. An address with it in its path is refused, and it
is dropped from query parameters (which are ignored when they make no sense anyway). The web's forms and the
editor refuse it field by field themselves (Django's ProhibitNullCharactersValidator, the draft's validation);
the API refuses a body holding it with a 422 that names each field."""

from __future__ import annotations

import json
import re
from itertools import accumulate

from django.conf import settings
from django.http import HttpResponse, JsonResponse, QueryDict
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


NUL_MESSAGE = "含有不可见的控制字符（U+0000），请删除后重试"


def nul_paths(value, path: tuple = ()) -> list[str]:
    """The dotted paths of the strings (values and keys) in parsed JSON that hold U+0000. The nesting is
    bounded before this runs, so the recursion is too."""
    if isinstance(value, str):
        return [".".join(map(str, path))] if "\x00" in value else []
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                found.append(".".join(map(str, (*path, key))))
            found += nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += nul_paths(item, (*path, i))
    return found


def _api_nul_fields(body: bytes, content_type: str) -> list[str]:
    """The fields of an API body that hold U+0000: in JSON it can only come as the escape \\u0000, in a
    form as %00, so a body without either is not parsed here."""
    if content_type == "application/x-www-form-urlencoded":
        if b"%00" not in body:
            return []
        return [key for key, values in QueryDict(body).lists() if "\x00" in key or any("\x00" in v for v in values)]
    if b"\\u0000" not in body:
        return []
    try:
        return nul_paths(json.loads(body))
    except ValueError:
        return []  # not JSON: the endpoint says so


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
        if "\x00" in request.path:
            return _refuse(request, 400, f"网址中{NUL_MESSAGE}")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query:
            # Query parameters that make no sense are ignored (a list shows its first page), so U+0000 is too.
            request.META["QUERY_STRING"] = query.replace("%00", "")
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
            if request.path.startswith("/api/"):
                fields = _api_nul_fields(request.body, content_type)
                if fields:  # as the API answers any invalid input (api.validation_error)
                    return JsonResponse({"detail": "输入无效", "errors": [{"path": f, "message": NUL_MESSAGE} for f in fields]},
                                        status=422)
        return self.get_response(request)
