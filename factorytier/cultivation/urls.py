from django.urls import path

from . import views

app_name = "cultivation"
urlpatterns = [
    path("", views.cultivation_list, name="list"),
    path("<int:pk>/", views.cultivation_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.cultivation_action, name="action"),
]
