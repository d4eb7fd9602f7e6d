from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from factorytier.audit.services import record
from factorytier.core.admin_audit import AuditedAdmin

from .models import ApiToken, Enterprise, RecommendingUnit, User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "mobile", "enterprise", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit"]
    search_fields = ["username", "display_name", "mobile", "email", "enterprise__name"]
    autocomplete_fields = ["enterprise", "unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("身份", {"fields": ["display_name", "role", "enterprise", "unit", "mobile", "email"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the new password was saved
            record(request.user, "admin.password_change", User.objects.get(pk=id))
        return response

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2", "display_name", "role",
                                                "enterprise", "unit", "mobile", "email"]}),
    ]


@admin.register(RecommendingUnit)
class RecommendingUnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "district", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "district"]


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ["name", "uscc", "district", "recommending_unit", "central_soe_group", "legal_entity", "industry",
                    "pilot_demo_locally_accepted"]
    list_filter = ["district", "legal_entity", "nature", "pilot_demo_locally_accepted"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["recommending_unit", "central_soe_group"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens are created by their owners; the administrator can only see and revoke (delete) them."""

    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False
