import datetime

from django.db import transaction

from factorytier.audit.services import record, snapshot
from factorytier.core import clock

from .choices import Role, UnitKind
from .models import ApiToken, Enterprise, RecommendingUnit, User


def register_enterprise(data: dict) -> User:
    """Create the enterprise and its first user in one transaction, with audit entries."""
    with transaction.atomic():
        unit = RecommendingUnit.objects.get(kind=UnitKind.DISTRICT, district=data["district"])
        enterprise = Enterprise.objects.create(
            name=data["name"], uscc=data["uscc"], address=data["address"], district=data["district"],
            nature=data["nature"], legal_entity=data["legal_entity"], industry=data["industry"],
            contact_name=data["contact_name"], contact_mobile=data["contact_mobile"], recommending_unit=unit,
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


TOKEN_USE_RESOLUTION = datetime.timedelta(minutes=1)


def user_for_token(clear: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(clear), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    # Written at most once a minute: a busy client's every call would otherwise be a write.
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
