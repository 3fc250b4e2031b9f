"""Fiches through the API: the same scope and the same services as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from gouvernance.scoping import visible_fiches, visible_territoires

from . import services
from .enums import Financeur, StatutFinancement, Suivi
from .models import FicheAction, Indicateur, LigneFinancement


class LigneSerializer(serializers.ModelSerializer):
    financeur = serializers.ChoiceField(choices=Financeur.choices)
    statut = serializers.ChoiceField(choices=StatutFinancement.choices, default=StatutFinancement.SOLLICITE)
    montant = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = LigneFinancement
        fields = ["financeur", "operateur", "precision", "montant", "statut", "montant_obtenu"]
        read_only_fields = ["montant_obtenu"]


class IndicateurSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicateur
        fields = ["libelle", "unite", "cible"]


class FicheSerializer(serializers.ModelSerializer):
    territoire = serializers.SlugRelatedField(slug_field="code", queryset=FicheAction.territoire.field.related_model
                                              .objects.all())
    financements = LigneSerializer(many=True, required=False)
    indicateurs = IndicateurSerializer(many=True, required=False)
    # Empty until the fiche is validated: the schema must say so, or clients reject the value.
    suivi = serializers.ChoiceField(choices=[("", "Pas encore de suivi (fiche non validée)"), *Suivi.choices],
                                    read_only=True)

    class Meta:
        model = FicheAction
        fields = ["id", "territoire", "titre", "axe", "description", "objectifs", "porteur_organisation",
                  "porteur_siret", "porteur_type", "maitre_ouvrage", "contact_nom", "contact_email",
                  "contact_telephone", "localisation", "date_debut", "date_fin", "cout_total", "obstacle",
                  "texte_concerne", "derogation_demandee", "statut", "suivi", "version", "deposee_le",
                  "financements", "indicateurs"]
        read_only_fields = ["statut", "suivi", "version", "deposee_le"]


def _service_errors(call):
    """Run a service; its French refusals become API errors (400 or 403)."""
    try:
        return call()
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error))


class FicheViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FicheSerializer
    filterset_fields = ["statut", "axe", "territoire"]
    ordering_fields = ["modifie_le", "titre"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (visible_fiches(self.request.user).select_related("territoire").defer("territoire__contour")
                .prefetch_related(Prefetch("financements", queryset=LigneFinancement.objects.order_by("pk")),
                                  Prefetch("indicateurs", queryset=Indicateur.objects.order_by("pk")))
                .order_by("-modifie_le", "pk"))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        territoire = data.pop("territoire")
        if not visible_territoires(request.user).filter(pk=territoire.pk).exists():
            raise NotFound("Territoire introuvable.")
        lignes, indicateurs = data.pop("financements", []), data.pop("indicateurs", [])

        def create():
            with transaction.atomic():
                fiche, _ = services.fiche_create(by=request.user, territoire=territoire, **data)
                if lignes:
                    services.financements_replace(fiche=fiche, by=request.user, lignes=lignes)
                if indicateurs:
                    services.indicateurs_replace(fiche=fiche, by=request.user, indicateurs=indicateurs)
                return fiche

        fiche = _service_errors(create)
        return Response(self.get_serializer(self.get_queryset().get(pk=fiche.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        fiche = self.get_object()
        serializer = self.get_serializer(fiche, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("territoire", None)
        lignes, indicateurs = data.pop("financements", None), data.pop("indicateurs", None)
        version = request.data.get("version")
        if version is None:
            raise ValidationError({"version": ["Indiquez la version lue (verrouillage optimiste)."]})

        def update():
            with transaction.atomic():
                updated = services.fiche_update(fiche=fiche, by=request.user, version=int(version), **data)
                if lignes is not None:
                    services.financements_replace(fiche=updated, by=request.user, lignes=lignes)
                if indicateurs is not None:
                    services.indicateurs_replace(fiche=updated, by=request.user, indicateurs=indicateurs)

        _service_errors(update)
        return Response(self.get_serializer(self.get_queryset().get(pk=fiche.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: FicheSerializer})
    @action(detail=True, methods=["post"])
    def deposer(self, request, pk=None):
        """Submit the fiche to the comité de projet (the same checks as the page)."""
        fiche = self.get_object()
        _service_errors(lambda: services.fiche_submit(fiche=fiche, by=request.user))
        return Response(self.get_serializer(self.get_queryset().get(pk=fiche.pk)).data)
