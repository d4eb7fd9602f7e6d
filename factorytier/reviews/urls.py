from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("profile/", views.my_profile, name="my_profile"),
    path("profile/conflicts/<int:pk>/remove/", views.remove_conflict, name="remove_conflict"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
    path("assignments/<int:pk>/", views.score, name="score"),
    path("assignments/<int:pk>/conflict/", views.declare_on_opening, name="declare_on_opening"),
    path("experts/", views.pool, name="pool"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/decide/", views.conflict_decide, name="conflict_decide"),
    path("campaigns/<int:pk>/assignments/", views.campaign_assignments, name="assignments"),
    path("campaigns/<int:pk>/assignments/auto/", views.auto_assign, name="auto_assign"),
    path("campaigns/<int:pk>/assignments/publish/", views.publish_assignments, name="publish_assignments"),
    path("campaigns/<int:pk>/scores/", views.campaign_scores_page, name="scores"),
    path("applications/<int:pk>/experts/", views.application_experts, name="application_experts"),
    path("applications/<int:pk>/move/", views.application_move, name="move"),
    path("applications/<int:pk>/onsite/", views.onsite_record, name="onsite"),
    path("applications/<int:pk>/onsite/files/<int:file_id>/", views.onsite_file, name="onsite_file"),
]
