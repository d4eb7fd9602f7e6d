from django.contrib import admin

from factorytier.core.admin_audit import AuditedAdmin

from .models import Campaign, Quota


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    list_display = ["name", "year", "region", "application_deadline", "recommendation_deadline", "is_active"]
    inlines = [QuotaInline]
