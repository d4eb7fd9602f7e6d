"""The platform's HTTP API, version 1. Each app adds its own router here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from .auth import AUTH


class UTF8Renderer(JSONRenderer):
    """JSON as UTF-8 text: Chinese as itself, not six-byte `\\u` escapes (a third of the size)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UTF8Renderer(),
    title="智能工厂梯度培育平台 API",
    version="1",
    description="factorytier 平台接口。认证：登录会话，或在“个人资料”页创建的个人令牌（Authorization: Bearer …）。",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        errors.append({"path": ".".join(loc), "message": err.get("msg", "无效")})
    return api.create_response(request, {"detail": "输入无效", "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "没有权限"}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "不存在"}, status=404)


from . import check, routes  # noqa: E402,F401  (registers the endpoints)
from .applications import router as applications_router  # noqa: E402

api.add_router("/", applications_router)
