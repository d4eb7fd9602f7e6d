from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("documents/<int:snapshot_id>/<str:fmt>/", views.download, name="download"),
    path("verify/", views.verify_upload, name="verify_upload"),
    path("verify/<str:digest>", views.verify, name="verify"),
]
