from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [path("preferences/", views.preferences, name="preferences")]
