from django.urls import path

from .views import actions, pages, territoires

app_name = "gouvernance"

urlpatterns = [
    path("territoires/", territoires.territoire_list, name="territoire_list"),
    path("territoires/<str:code>/", territoires.territoire_detail, name="territoire_detail"),
    path("territoires/<str:code>/carte.svg", territoires.territoire_carte, name="territoire_carte"),
    path("regions/<str:code>/", territoires.region_detail, name="region_detail"),
    path("territoires/<str:code>/gouvernance/", pages.territoire_gouvernance, name="territoire_gouvernance"),
    path("territoires/<str:code>/binome/", actions.binome_change, name="binome_change"),
    path("territoires/<str:code>/perimetre/demande/", actions.demande_create, name="demande_create"),
    path("regions/<str:code>/gouvernance/", pages.region_gouvernance, name="region_gouvernance"),
    path("regions/<str:code>/comite-des-financeurs/", actions.financeurs_create, name="financeurs_create"),
    path("gouvernance/nationale/", pages.national_activity, name="national_activity"),
    path("comites/<int:pk>/", pages.comite_detail, name="comite_detail"),
    path("comites/<int:pk>/membres/ajouter/", actions.membre_add, name="membre_add"),
    path("comites/membres/<int:pk>/retirer/", actions.membre_end, name="membre_end"),
    path("comites/<int:pk>/convoquer/", actions.seance_create, name="seance_create"),
    path("comites/<int:pk>/seance-passee/", actions.seance_record_past, name="seance_record_past"),
    path("seances/<int:pk>/", pages.seance_detail, name="seance_detail"),
    path("seances/<int:pk>/presences/", actions.seance_attendance, name="seance_attendance"),
    path("seances/<int:pk>/publier/", actions.seance_publish, name="seance_publish"),
    path("seances/<int:pk>/annuler/", actions.seance_cancel, name="seance_cancel"),
    path("seances/<int:pk>/deplacer/", actions.seance_move, name="seance_move"),
    path("seances/<int:pk>/releve.pdf", actions.seance_releve_pdf, name="seance_releve_pdf"),
    path("seances/points/<int:pk>/decision/", actions.decision_create, name="decision_create"),
    path("demandes-perimetre/<int:pk>/", pages.demande_detail, name="demande_detail"),
    path("mandats/<int:pk>/fin/", actions.mandat_end, name="mandat_end"),
    path("invitations/nouvelle/", actions.invitation_create, name="invitation_create"),
    path("invitation/<str:token>/", actions.invitation_accept, name="invitation_accept"),
]
