from django.urls import reverse

from factorytier.accounts.choices import Role


def _items(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return [("自评工具", reverse("checker:page")), ("评审结果", "/results/")]
    items = [("首页", reverse("core:home"))]
    if user.role == Role.ENTERPRISE:
        items += [("我的申报", reverse("applications:list")), ("就绪度自评", reverse("applications:readiness"))]
        if user.enterprise_id:
            items += [("培育跟踪", "/cultivation/")]
    elif user.role == Role.RECOMMENDER:
        items += [("待推荐申报", reverse("applications:list"))]
    elif user.role == Role.COMMISSION:
        items += [("申报批次", reverse("campaigns:list")), ("全部申报", reverse("applications:list")),
                  ("专家库", "/reviews/experts/"), ("待发通知", "/decisions/outbox/"), ("培育跟踪", "/cultivation/"),
                  ("审计日志", reverse("audit:log"))]
    elif user.role == Role.EXPERT:
        items += [("评审任务", "/reviews/"), ("本人资料", "/reviews/profile/")]
    if user.role == Role.ADMIN or user.is_superuser:
        items += [("申报批次", reverse("campaigns:list")), ("审计日志", reverse("audit:log")), ("后台管理", "/admin/")]
    items += [("接口文档", "/api/v1/docs")]
    return items


def navigation(request):
    path = request.path
    items = _items(request.user)
    # The longest matching prefix is the active item, so 首页 "/" does not light up everywhere.
    best = max((url for _, url in items if path.startswith(url) and (url != "/" or path == "/")), key=len, default=None)
    unread = 0
    if request.user.is_authenticated:
        unread = request.user.notices.filter(read_at__isnull=True).count()
    return {"nav_items": [(label, url, url == best) for label, url in items], "unread_notices": unread}
