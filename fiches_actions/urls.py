from django.urls import path

from .views import edition, imports, pages

app_name = "fiches_actions"

urlpatterns = [
    path("fiches/", pages.fiche_list, name="fiche_list"),
    path("fiches/nouvelle/", edition.fiche_create, name="fiche_create"),
    path("fiches/recherche/", pages.search, name="search"),
    path("fiches/import/", imports.import_fiches, name="import"),
    path("fiches/import/modele.xlsx", imports.template_download, name="import_template"),
    path("fiches/import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("fiches/import/<int:pk>/etat.json", imports.import_status, name="import_status"),
    path("fiches/simplification/", pages.simplification_list, name="simplification_list"),
    path("territoires/<str:code>/plan-d-actions/", pages.plan_actions, name="plan_actions"),
    path("fiches/<int:pk>/", pages.fiche_detail, name="fiche_detail"),
    path("fiches/<int:pk>/modifier/<slug:etape>/", edition.fiche_step, name="fiche_step"),
    path("fiches/<int:pk>/recapitulatif/", edition.fiche_summary, name="fiche_summary"),
    path("fiches/<int:pk>/co-auteurs/", edition.fiche_share, name="fiche_share"),
    path("fiches/<int:pk>/pieces/", edition.piece_upload, name="piece_upload"),
    path("fiches/<int:pk>/commentaires/", pages.comment_create, name="comment_create"),
    path("fiches/<int:pk>/suivi/", pages.follow_up, name="follow_up"),
    path("fiches/<int:pk>/version-validee/", pages.fiche_validated_version, name="fiche_version"),
    path("fiches/<int:pk>/reponse/", pages.simplification_answer, name="simplification_answer"),
    path("fiches/pieces/<int:pk>/", pages.piece_download, name="piece_download"),
    path("fiches/pieces/<int:pk>/retirer/", edition.piece_delete, name="piece_delete"),
]
