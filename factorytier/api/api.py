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


# Pydantic's error types in the applicant's language.
MESSAGES = {
    "missing": "必填", "int_parsing": "应为整数", "int_type": "应为整数", "string_type": "应为文字",
    "dict_type": "应为对象", "list_type": "应为列表", "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
    "greater_than_equal": "数值过小", "less_than_equal": "数值过大", "string_pattern_mismatch": "格式不正确",
    "json_invalid": "不是有效的 JSON", "model_attributes_type": "应为对象",
}


def _message(err: dict) -> str:
    kind = err.get("type", "")
    if kind in ("literal_error", "enum"):
        return "应为以下之一：" + str((err.get("ctx") or {}).get("expected", ""))
    return MESSAGES.get(kind, err.get("msg", "无效"))


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "header")]
        errors.append({"path": ".".join(loc), "message": _message(err)})
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
from factorytier.recommendations.api import router as recommendations_router  # noqa: E402

api.add_router("/", recommendations_router)
from factorytier.cultivation.api import router as cultivation_router  # noqa: E402
from factorytier.decisions.api import router as decisions_router  # noqa: E402
from factorytier.reviews.api import router as reviews_router  # noqa: E402

api.add_router("/", reviews_router)
api.add_router("/", decisions_router)
api.add_router("/", cultivation_router)
