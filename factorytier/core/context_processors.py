from django.conf import settings
from django.urls import reverse

from factorytier.accounts.choices import Role


def _items(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return [("自评工具", reverse("checker:page")), ("公布结果", "/results/"),
                ("核验申报书", reverse("documents:verify_upload"))]
    items = [("首页", reverse("core:home"))]
    if user.role == Role.ENTERPRISE:
        items += [("我的申报", reverse("applications:list")), ("就绪度自评", reverse("applications:readiness"))]
        if user.enterprise_id:
            items += [("培育跟踪", "/cultivation/")]
    elif user.role == Role.RECOMMENDER:
        items += [("推荐审核", reverse("recommendations:queue")), ("待推荐申报", reverse("applications:list"))]
    elif user.role == Role.COMMISSION:
        items += [("申报批次", reverse("campaigns:list")), ("全部申报", reverse("applications:list")),
                  ("推荐情况", reverse("recommendations:overview")), ("核验名单", reverse("recommendations:registries")),
                  ("专家库", "/reviews/experts/"), ("待发通知", "/decisions/outbox/"), ("培育跟踪", "/cultivation/"),
                  ("审计日志", reverse("audit:log"))]
    elif user.role == Role.EXPERT:
        items += [("评审任务", "/reviews/"), ("本人资料", "/reviews/profile/")]
    if user.role == Role.ADMIN or user.is_superuser:
        items += [("申报批次", reverse("campaigns:list")), ("审计日志", reverse("audit:log")), ("后台管理", "/admin/")]
    # The API documentation sits on the profile page beside the tokens: factory managers' navigation
    # shows only what they use.
    return items


def navigation(request):
    path = request.path
    items = _items(request.user)
    # The longest matching prefix is the active item, so 首页 "/" does not light up everywhere.
    best = max((url for _, url in items if path.startswith(url) and (url != "/" or path == "/")), key=len, default=None)
    unread = 0
    if request.user.is_authenticated:
        unread = request.user.notices.filter(read_at__isnull=True).count()
    base_url_warning = (
        request.user.is_authenticated
        and (request.user.role in (Role.COMMISSION, Role.ADMIN) or request.user.is_superuser)
        and not settings.FACTORYTIER_BASE_URL_CONFIGURED
    )
    return {"nav_items": [(label, url, url == best) for label, url in items], "unread_notices": unread,
            "base_url_warning": base_url_warning, "base_url": settings.FACTORYTIER_BASE_URL}
