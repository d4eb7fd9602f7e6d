from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.results, name="list"),
    path("<int:pk>/", views.results_campaign, name="campaign"),
    path("<int:pk>.csv", views.results_csv, name="csv"),
    path("<int:pk>.json", views.results_json, name="json"),
]
