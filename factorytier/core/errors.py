from django.shortcuts import render


def _page(request, status: int, title: str, text: str):
    return render(request, "core/error.html", {"status": status, "title": title, "text": text}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, "请求无效", "提交的内容无法识别，请返回上一页重试。")


def permission_denied(request, exception=None):
    return _page(request, 403, "没有访问权限", "您的账户角色无权访问此页面。如需访问，请联系所在单位管理员。")


def page_not_found(request, exception=None):
    return _page(request, 404, "页面不存在", "您访问的页面不存在，或您无权查看该内容。")


def server_error(request):
    # No template context processors here: the database may be what failed.
    from django.http import HttpResponseServerError

    return HttpResponseServerError(
        "<!doctype html><meta charset=utf-8><title>系统错误</title><h1>系统暂时出现问题</h1><p>请稍后重试；如持续出现，请联系系统管理员。</p>"
    )
