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

    def save_related(self, request, form, formsets, change):
        """Many-to-many changes (a user's groups, a group's permissions) are audited too."""
        obj = form.instance
        names = [f.name for f in obj._meta.many_to_many if f.name in form.cleaned_data]

        def state():
            return {n: sorted(str(x) for x in getattr(obj, n).all()) for n in names}

        with transaction.atomic():
            before = state() if change else {n: [] for n in names}
            super().save_related(request, form, formsets, change)
            after = state()
            if before != after:
                changed = [n for n in names if before[n] != after[n]]
                record(request.user, "admin.change", obj, before={n: before[n] for n in changed},
                       after={n: after[n] for n in changed})

    def save_formset(self, request, form, formset, change):
        """Inline rows (e.g. a campaign's quotas) are audited one by one, with before and after."""
        with transaction.atomic():
            # Read from the database: the formset's own instances already carry the submitted values.
            pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
            before = {o.pk: snapshot(o) for o in formset.model.objects.filter(pk__in=pks)}
            deleted_pks = {id(f.instance): f.instance.pk for f in formset.deleted_forms}
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                record(request.user, "admin.add", obj, after=snapshot(obj))
            for obj, _fields in formset.changed_objects:
                record(request.user, "admin.change", obj, before=before.get(obj.pk), after=snapshot(obj))
            for obj in formset.deleted_objects:
                # Deleted rows have lost their primary key by now: name the row by the key it had.
                pk = deleted_pks.get(id(obj))
                record(request.user, "admin.delete", None, object_type=obj._meta.label_lower, object_id=pk,
                       object_label=str(obj), before=before.get(pk) or {"id": pk})

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "admin.delete", obj, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(request.user, "admin.delete", obj, before=snapshot(obj))
            super().delete_queryset(request, queryset)
