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

    def save_formset(self, request, form, formset, change):
        """Inline rows (e.g. a campaign's quotas) are audited one by one, with before and after."""
        with transaction.atomic():
            # Read from the database: the formset's own instances already carry the submitted values.
            pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
            before = {o.pk: snapshot(o) for o in formset.model.objects.filter(pk__in=pks)}
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                record(request.user, "admin.add", obj, after=snapshot(obj))
            for obj, _fields in formset.changed_objects:
                record(request.user, "admin.change", obj, before=before.get(obj.pk), after=snapshot(obj))
            for obj in formset.deleted_objects:
                record(request.user, "admin.delete", obj, object_type=obj._meta.label_lower, before=before.get(obj.pk))

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "admin.delete", obj, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(request.user, "admin.delete", obj, before=snapshot(obj))
            super().delete_queryset(request, queryset)
