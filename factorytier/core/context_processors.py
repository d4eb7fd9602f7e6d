import functools

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from factorytier.accounts.choices import Role
from factorytier.core import rows


def _items(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return [(gettext_noop("自评工具"), reverse("checker:page")), (gettext_noop("公布结果"), "/results/"),
                (gettext_noop("核验申报书"), reverse("documents:verify_upload"))]
    items = [(gettext_noop("首页"), reverse("core:home"))]
    if user.role == Role.ENTERPRISE:
        items += [(gettext_noop("我的申报"), reverse("applications:list")), (gettext_noop("就绪度自评"), reverse("applications:readiness"))]
        if user.enterprise_id:
            items += [(gettext_noop("培育跟踪"), "/cultivation/")]
    elif user.role == Role.RECOMMENDER:
        items += [(gettext_noop("推荐审核"), reverse("recommendations:queue")), (gettext_noop("待推荐申报"), reverse("applications:list"))]
    elif user.role == Role.COMMISSION:
        items += [(gettext_noop("申报批次"), reverse("campaigns:list")), (gettext_noop("全部申报"), reverse("applications:list")),
                  (gettext_noop("推荐情况"), reverse("recommendations:overview")), (gettext_noop("核验名单"), reverse("recommendations:registries")),
                  (gettext_noop("专家库"), "/reviews/experts/"), (gettext_noop("待发通知"), "/decisions/outbox/"), (gettext_noop("培育跟踪"), "/cultivation/"),
                  (gettext_noop("审计日志"), reverse("audit:log"))]
    elif user.role == Role.EXPERT:
        items += [(gettext_noop("评审任务"), "/reviews/"), (gettext_noop("本人资料"), "/reviews/profile/")]
    if user.role == Role.ADMIN or user.is_superuser:
        items += [(gettext_noop("申报批次"), reverse("campaigns:list")), (gettext_noop("审计日志"), reverse("audit:log")), (gettext_noop("后台管理"), "/admin/")]
    # The API documentation sits on the profile page beside the tokens: factory managers' navigation
    # shows only what they use.
    return items


@functools.cache
def _unread_statement() -> tuple:
    """(the notice model, a fixed count of a user's unread notices): every page's navigation bar shows the
    count, and building the ORM's COUNT each time cost ≈0.5 ms of a page."""
    from django.contrib.auth import get_user_model

    notice = get_user_model()._meta.get_field("notices").related_model
    table, user, read = notice._meta.db_table, notice._meta.get_field("user").column, notice._meta.get_field("read_at").column
    return notice, f'SELECT COUNT(*) FROM "{table}" WHERE "{user}" = %s AND "{read}" IS NULL'


def unread_notices(user) -> int:
    notice, sql = _unread_statement()
    return rows.fetch_one(notice, sql, [user.pk])[0]


def navigation(request):
    path = request.path
    items = _items(request.user)
    # The longest matching prefix is the active item, so 首页 "/" does not light up everywhere.
    best = max((url for _, url in items if path.startswith(url) and (url != "/" or path == "/")), key=len, default=None)
    unread = 0
    if request.user.is_authenticated:
        unread = unread_notices(request.user)
    base_url_warning = (
        request.user.is_authenticated
        and (request.user.role in (Role.COMMISSION, Role.ADMIN) or request.user.is_superuser)
        and not settings.FACTORYTIER_BASE_URL_CONFIGURED
    )
    return {"nav_items": [(label, url, url == best) for label, url in items], "unread_notices": unread,
            "base_url_warning": base_url_warning, "base_url": settings.FACTORYTIER_BASE_URL}
