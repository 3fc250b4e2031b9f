from django.db.models import Count, Prefetch
from rest_framework import serializers, viewsets

from gouvernance.scoping import visible_territoires

from .models import EPCI, Departement, Region, Territoire


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "nom", "chef_lieu", "zone"]


class DepartementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Departement
        fields = ["code", "nom", "region", "chef_lieu", "zone"]


class EPCISerializer(serializers.ModelSerializer):
    class Meta:
        model = EPCI
        fields = ["siren", "nom", "nature", "population", "nb_communes", "departement_principal", "region_principale"]


class TerritoireSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    departements = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    nb_membres = serializers.IntegerField(read_only=True)

    class Meta:
        model = Territoire
        fields = [
            "id",
            "code",
            "nom",
            "phase",
            "region_pilote",
            "regions",
            "departements",
            "statut",
            "niveau_maturite",
            "nb_membres",
        ]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data, the same for everyone signed in."""

    queryset = Region.objects.defer("contour").order_by("nom")
    serializer_class = RegionSerializer
    filterset_fields = ["zone"]
    ordering_fields = ["code", "nom"]


class DepartementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Departement.objects.defer("contour").order_by("code")
    serializer_class = DepartementSerializer
    filterset_fields = ["region", "zone"]
    ordering_fields = ["code", "nom"]


class EPCIViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = EPCI.objects.order_by("nom")
    serializer_class = EPCISerializer
    filterset_fields = ["nature", "region_principale", "departement_principal"]
    ordering_fields = ["nom", "population"]


class TerritoireViewSet(viewsets.ReadOnlyModelViewSet):
    """Territories within the scope of the caller's mandates."""

    serializer_class = TerritoireSerializer
    lookup_field = "code"
    filterset_fields = ["phase", "statut", "region_pilote", "niveau_maturite"]
    ordering_fields = ["nom", "code"]

    def get_queryset(self):
        return (
            visible_territoires(self.request.user)
            .without_geometry()
            .prefetch_related(
                Prefetch("regions", queryset=Region.objects.only("code")),
                Prefetch("departements", queryset=Departement.objects.only("code")),
            )
            .annotate(nb_membres=Count("membres", distinct=True))
            .order_by("nom", "pk")
        )
