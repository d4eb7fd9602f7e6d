from axes.admin import AccessAttemptAdmin as BaseAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from factorytier.audit.models import AuditEntry
from factorytier.audit.services import record
from factorytier.core import clock
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
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    filter_horizontal = ["groups"]
    actions = ["deactivate_users", "send_password_reset"]

    @admin.action(description="发送密码重设邮件", permissions=["change"])
    def send_password_reset(self, request, queryset):
        """The administrator's way to reset a password without knowing or choosing it: the user gets Django's
        reset link by e-mail (or use "修改密码" on the user's page to set one directly)."""
        from django.conf import settings

        from .forms import RecipientLanguagePasswordResetForm as PasswordResetForm

        sent, skipped = 0, []
        for user in queryset:
            if not user.email or not user.is_active:
                skipped.append(user.username)
                continue
            form = PasswordResetForm({"email": user.email})
            if form.is_valid():
                form.save(request=request, email_template_name="accounts/password_reset_email.txt",
                          subject_template_name="accounts/password_reset_subject.txt",
                          extra_email_context={"base_url": settings.FACTORYTIER_BASE_URL.rstrip("/")})
                record(request.user, "admin.password_reset_sent", user, note=f"重设邮件发往 {user.email}")
                sent += 1
        messages.success(request, f"已向 {sent} 个账号发送密码重设邮件。")
        if skipped:
            messages.warning(request, "以下账号未登记电子邮箱或已停用，未发送：" + "、".join(skipped)
                             + "。可在账号页面使用“修改密码”直接设置新密码。")

    @staticmethod
    def has_history(user) -> bool:
        return AuditEntry.objects.filter(actor=user).exists()

    def has_delete_permission(self, request, obj=None):
        # An account that appears in the audit log is never deleted (the log keeps who did what): deactivate it.
        if obj is not None and self.has_history(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        user = User.objects.filter(pk=object_id).first()
        if user is not None and self.has_history(user):
            messages.warning(request, f"账号“{user.username}”在审计日志中有操作记录，不能删除；"
                                      "如需禁止其登录，请在列表中选中后使用“停用所选账号”，或取消勾选“有效”。")
            return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description="停用所选账号（保留其操作记录）", permissions=["change"])
    def deactivate_users(self, request, queryset):
        n = 0
        with transaction.atomic():
            for user in queryset.select_for_update(of=("self",)).filter(is_active=True):
                user.is_active = False
                user.save(update_fields=["is_active"])
                user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=clock.now())
                record(request.user, "user.deactivate", user, before={"is_active": True}, after={"is_active": False})
                n += 1
        messages.success(request, f"已停用 {n} 个账号。")

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


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    """User groups: every change, permissions included, goes to the audit log."""


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(BaseAccessAttemptAdmin):
    """Deleting a lock-out record unlocks the (account, address) pair: each unlock is written to the audit log."""

    def _audit_unlock(self, request, attempt):
        record(request.user, "axes.unlock", None, object_type="axes.accessattempt",
               object_label=f"{attempt.username} @ {attempt.ip_address}",
               before={"username": attempt.username, "ip_address": attempt.ip_address,
                       "failures_since_start": attempt.failures_since_start})

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit_unlock(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for attempt in queryset:
                self._audit_unlock(request, attempt)
            super().delete_queryset(request, queryset)
