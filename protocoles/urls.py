from django.urls import path

from . import views

app_name = "protocoles"

urlpatterns = [
    path("territoires/<str:code>/protocole/", views.protocole_detail, name="protocole_detail"),
    path("territoires/<str:code>/protocole.pdf", views.protocole_pdf, name="protocole_pdf"),
]
