from django.db import transaction

from factorytier.audit.services import record, snapshot
from factorytier.core import clock

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


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the clear token, which is shown once and never stored."""
    clear = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=clear[:10], digest=ApiToken.hash(clear))
        record(user, "api_token.create", token, after={"name": name, "prefix": token.prefix})
    return token, clear


def revoke_api_token(user: User, token: ApiToken) -> None:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
        if token.revoked_at:
            return
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record(user, "api_token.revoke", token, before={"revoked_at": None}, after={"revoked_at": token.revoked_at})


def user_for_token(clear: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(clear), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token.user
