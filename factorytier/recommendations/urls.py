from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("applications/<int:pk>/return/", views.return_application, name="return"),
    path("list/", views.list_open, name="list_open"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/add/", views.list_add, name="list_add"),
    path("lists/<int:pk>/remove/", views.list_remove, name="list_remove"),
    path("lists/<int:pk>/move/", views.list_move, name="list_move"),
    path("lists/<int:pk>/reorder/", views.list_reorder, name="list_reorder"),
    path("lists/<int:pk>/submit/", views.list_submit, name="list_submit"),
    path("lists/<int:pk>/reopen/", views.list_reopen, name="list_reopen"),
    path("lists/<int:pk>/summary/<str:fmt>/", views.summary_table, name="summary"),
    path("registries/", views.registries, name="registries"),
    path("registries/<int:pk>/", views.registry, name="registry"),
    path("registries/<int:pk>/apply/", views.registry_apply, name="registry_apply"),
    path("overview/", views.overview, name="overview"),
    path("paper/", views.paper, name="paper"),
    path("paper/<int:pk>/", views.paper_record, name="paper_record"),
    path("campaigns/<int:pk>/export/<str:kind>/", views.export, name="export"),
    path("applications/<int:pk>/dossier/", views.dossier, name="dossier"),
]
