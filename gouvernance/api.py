from django.urls import reverse
from rest_framework import serializers, viewsets

from . import selectors
from .models import Comite, Decision, PointOrdreDuJour, Seance


class ComiteSerializer(serializers.ModelSerializer):
    # A comité régional, a comité des financeurs or the national COPIL has no territory.
    territoire = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        model = Comite
        fields = ["id", "type", "nom", "territoire", "region", "suivi_depuis"]


class PointSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointOrdreDuJour
        fields = ["ordre", "titre", "fiche", "demande_perimetre", "version_contrat"]


class SeanceSerializer(serializers.ModelSerializer):
    points = PointSerializer(many=True, read_only=True)
    releve_pdf = serializers.SerializerMethodField(
        help_text="Le relevé de décisions en PDF (projet tant qu'il n'est pas publié) ; s'ouvre avec le même jeton."
    )

    class Meta:
        model = Seance
        fields = [
            "id",
            "comite",
            "date",
            "duree_minutes",
            "lieu",
            "lien_visio",
            "statut",
            "releve_publie_le",
            "releve_pdf",
            "points",
        ]

    def get_releve_pdf(self, seance) -> str:
        return self.context["request"].build_absolute_uri(reverse("gouvernance:seance_releve_pdf", args=[seance.pk]))


class DecisionSerializer(serializers.ModelSerializer):
    seance = serializers.IntegerField(source="point.seance_id", read_only=True)
    point = serializers.CharField(source="point.titre", read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "seance", "point", "verdict", "motifs", "enregistree_le"]


class ComiteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ComiteSerializer
    filterset_fields = ["type", "region"]

    def get_queryset(self):
        return (
            selectors.visible_comites(self.request.user)
            .select_related("territoire", "region")
            .defer("territoire__contour", "region__contour")
            .order_by("pk")
        )


class SeanceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SeanceSerializer
    filterset_fields = ["comite", "statut"]
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.visible_seances(self.request.user).prefetch_related("points").order_by("-date", "pk")


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer
    filterset_fields = ["verdict"]

    def get_queryset(self):
        return selectors.decision_list(user=self.request.user)
