from django.urls import path

from . import views

app_name = "pilotage"

urlpatterns = [
    path("tableau-de-bord/", views.tableau_de_bord, name="tableau_de_bord"),
    path("donnees-ouvertes/", views.donnees_ouvertes, name="donnees_ouvertes"),
    path("donnees-ouvertes/<slug:name>.csv", views.donnees_ouvertes_csv, name="donnees_ouvertes_csv"),
    path("donnees-ouvertes/<slug:name>.schema.json", views.donnees_ouvertes_schema, name="donnees_ouvertes_schema"),
]
