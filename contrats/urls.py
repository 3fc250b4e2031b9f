from django.urls import path

from .views import pages, verification

app_name = "contrats"

urlpatterns = [
    path("territoires/<str:code>/contrats/nouveau/", pages.contrat_create, name="contrat_create"),
    path("contrats/<int:pk>/", pages.contrat_detail, name="contrat_detail"),
    path("contrats/<int:pk>/modifier/", pages.contrat_edit, name="contrat_edit"),
    path("contrats/<int:pk>/supprimer/", pages.contrat_delete, name="contrat_delete"),
    path("contrats/<int:pk>/avenant/", pages.avenant_create, name="avenant_create"),
    path("contrats/versions/<int:pk>/fiches/", pages.version_fiches, name="version_fiches"),
    path("contrats/versions/<int:pk>/soumettre/", pages.version_submit, name="version_submit"),
    path("contrats/versions/<int:pk>/apercu.pdf", pages.version_preview, name="version_preview"),
    path("contrats/versions/<int:pk>/contrat.pdf", pages.version_download, name="version_download"),
    path("contrats/versions/<int:pk>/document.json", pages.document_status, name="document_status"),
    path("contrats/versions/<int:pk>/relancer/", pages.document_retry, name="document_retry"),
    path("contrats/parties/<int:pk>/signer/", pages.partie_sign, name="partie_sign"),
    path("contrats/versions/<int:pk>/parties/ajouter/", pages.partie_add, name="partie_add"),
    path("contrats/parties/<int:pk>/retirer/", pages.partie_remove, name="partie_remove"),
    path("verifier/", verification.verifier, name="verifier"),
    path("v/<str:reference>/", verification.verifier_reference, name="verifier_reference"),
]
