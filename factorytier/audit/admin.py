from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be browsed here, never changed."""

    list_display = ["at", "actor_label", "ip_address", "action_words", "action", "object_type", "object_id", "object_label"]

    @admin.display(description="操作（说明）")
    def action_words(self, obj):
        from .presenters import action_label

        return action_label(obj.action)
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_label", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
