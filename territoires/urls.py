from django.urls import path

from . import views

app_name = "territoires"

urlpatterns = [
    path("territoires/", views.territoire_list, name="territoire_list"),
    path("territoires/<str:code>/", views.territoire_detail, name="territoire_detail"),
    path("territoires/<str:code>/carte.svg", views.territoire_carte, name="territoire_carte"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
]
