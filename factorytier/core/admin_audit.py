"""Admin pages that write the platform's audit log for every change they make."""

from django.contrib import admin
from django.db import transaction

from factorytier.audit.services import record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
            super().save_model(request, obj, form, change)
            record(request.user, f"admin.{'change' if change else 'add'}", obj, before=before, after=snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "admin.delete", obj, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(request.user, "admin.delete", obj, before=snapshot(obj))
            super().delete_queryset(request, queryset)
