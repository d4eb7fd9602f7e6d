import datetime

from django.db import connections, router, transaction

from factorytier.audit.services import record, snapshot
from factorytier.core import clock, rows

from .choices import Role, UnitKind
from .models import ApiToken, Enterprise, RecommendingUnit, User


def register_enterprise(data: dict, unit: RecommendingUnit | None = None) -> User:
    """Create the enterprise and its first user in one transaction, with audit entries.

    `unit` is its recommending unit (a 管委会 it chose), else its district's. A central SOE names its
    group HQ (`central_soe_group`), which recommends its 卓越级 applications (N.EX.P3).
    Raises IntegrityError when a registration with the same code, user name or mobile won the race."""
    with transaction.atomic():
        if unit is None:
            unit = RecommendingUnit.objects.get(kind=UnitKind.DISTRICT, district=data["district"])
        enterprise = Enterprise.objects.create(
            name=data["name"], uscc=data["uscc"], address=data["address"], district=data["district"],
            nature=data["nature"], legal_entity=data["legal_entity"], industry=data["industry"],
            contact_name=data["contact_name"], contact_mobile=data["contact_mobile"], recommending_unit=unit,
            central_soe_group=data.get("central_soe_group"),
        )
        user = User.objects.create_user(
            username=data["username"], password=data["password1"], email=data.get("email", ""),
            role=Role.ENTERPRISE, enterprise=enterprise, mobile=data["contact_mobile"],
            display_name=data["contact_name"],
        )
        record(user, "enterprise.register", enterprise, after=snapshot(enterprise))
        record(user, "user.create", user, after=snapshot(user, ["username", "role", "mobile", "enterprise"]))
    return user


def create_api_token(user: User, name: str, days: int = ApiToken.DEFAULT_LIFETIME_DAYS) -> tuple[ApiToken, str]:
    """Returns the token row and the clear token, which is shown once and never stored. The token expires
    after `days` days (90 by default)."""
    clear = ApiToken.generate()
    days = max(1, min(int(days or ApiToken.DEFAULT_LIFETIME_DAYS), 365))
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=clear[:10], digest=ApiToken.hash(clear),
                                        expires_at=clock.now() + datetime.timedelta(days=days))
        record(user, "api_token.create", token, after={"name": name, "prefix": token.prefix,
                                                       "expires_at": token.expires_at})
    return token, clear


def revoke_all_api_tokens(user: User, actor=None, reason: str = "密码已修改") -> int:
    """Revoke every live token of `user` (on a password change or reset, or deactivation)."""
    with transaction.atomic():
        live = list(ApiToken.objects.select_for_update(of=("self",)).filter(user=user, revoked_at__isnull=True))
        if not live:
            return 0
        now = clock.now()
        ApiToken.objects.filter(pk__in=[t.pk for t in live]).update(revoked_at=now)
        record(actor if actor is not None else user, "api_token.revoke_all", user,
               after={"tokens": [t.prefix for t in live], "revoked_at": now}, note=reason)
    return len(live)


def revoke_api_token(user: User, token: ApiToken) -> None:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
        if token.revoked_at:
            return
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record(user, "api_token.revoke", token, before={"revoked_at": None}, after={"revoked_at": token.revoked_at})


TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


def user_for_token(clear: str) -> User | None:
    """The user of a live token (not revoked, not expired, user active), or None. Every API call asks, so
    the token and its user are read by one fixed statement (see `core.rows`)."""
    now = clock.now()
    using = router.db_for_read(ApiToken)
    tokens, users = ApiToken._meta.db_table, User._meta.db_table
    row = rows.fetch_one(ApiToken, (
        f'SELECT {rows.select_list(ApiToken)}, {rows.select_list(User)} FROM "{tokens}" '
        f'JOIN "{users}" ON "{users}"."id" = "{tokens}"."user_id" '
        f'WHERE "{tokens}"."digest" = %s AND "{tokens}"."revoked_at" IS NULL AND "{users}"."is_active" '
        f'AND ("{tokens}"."expires_at" IS NULL OR "{tokens}"."expires_at" > %s)'
    ), [ApiToken.hash(clear), connections[using].ops.adapt_datetimefield_value(now)])
    if row is None:
        return None
    split = rows.width(ApiToken)
    token, user = rows.instance(ApiToken, row[:split], using), rows.instance(User, row[split:], using)
    token.user = user
    # Written at most once a minute: a busy client's every call would otherwise be a write.
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
