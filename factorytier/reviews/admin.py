from django.contrib import admin

from factorytier.core.admin_audit import AuditedAdmin

from .models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["application", "expert", "status", "assigned_at", "due_at"]
    list_filter = ["status"]
    autocomplete_fields = ["application", "expert"]
