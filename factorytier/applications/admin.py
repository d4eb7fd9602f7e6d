from django.contrib import admin

from .models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only here: applications change state only through the workflow's service function."""

    list_display = ["__str__", "campaign", "tier", "state", "submitted_at", "updated_at"]
    list_filter = ["campaign", "tier", "state"]
    search_fields = ["enterprise__name", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
