from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("applications/<int:pk>/", views.case, name="case"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("outbox/", views.outbox, name="outbox"),
    path("campaigns/<int:pk>/publish/", views.publish, name="publish"),
]
