from django.urls import path

from . import editor, readiness_views, views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_create, name="create"),
    path("readiness/", readiness_views.readiness_page, name="readiness"),
    path("readiness/evidence/<int:evidence_id>/", readiness_views.evidence_download, name="evidence"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/move/", views.application_move, name="move"),
    path("<int:pk>/edit/", editor.edit, name="edit"),
    path("<int:pk>/autosave/", editor.autosave, name="autosave"),
    path("<int:pk>/findings/", editor.findings, name="findings"),
    path("<int:pk>/versions/", editor.versions, name="versions"),
    path("<int:pk>/versions/compare/", editor.version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/restore/", editor.version_restore, name="version_restore"),
    path("<int:pk>/attachments/", editor.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/remove/", editor.attachment_remove, name="attachment_remove"),
]
