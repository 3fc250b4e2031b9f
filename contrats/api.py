from django.db.models import Prefetch
from django.urls import reverse
from rest_framework import serializers, viewsets

from . import selectors
from .models import (
    Contrat,
    Enjeu,
    LigneContrat,
    PartieSignataire,
    Protocole,
    SignataireProtocole,
    Signature,
    VersionContrat,
)


class LigneContratSerializer(serializers.ModelSerializer):
    class Meta:
        model = LigneContrat
        fields = ["fiche", "ordre", "engagement_ferme"]


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["signataire", "qualite", "date", "lieu"]


class PartieSerializer(serializers.ModelSerializer):
    signature = SignatureSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PartieSignataire
        fields = ["id", "type", "libelle", "ordre", "signature"]


class VersionSerializer(serializers.ModelSerializer):
    pdf = serializers.SerializerMethodField(
        help_text="Le contrat signé et scellé, une fois produit ; s'ouvre avec le même jeton."
    )
    reference = serializers.CharField(source="document.reference", default=None, read_only=True)
    lignes = LigneContratSerializer(many=True, read_only=True)
    parties = PartieSerializer(many=True, read_only=True)

    class Meta:
        model = VersionContrat
        fields = [
            "id",
            "numero",
            "statut",
            "motif_avenant",
            "soumise_le",
            "validee_le",
            "signee_le",
            "reference",
            "pdf",
            "lignes",
            "parties",
        ]

    def get_pdf(self, version) -> str | None:
        document = getattr(version, "document", None)
        if document is None or document.statut != "termine":
            return None
        return self.context["request"].build_absolute_uri(reverse("contrats:version_download", args=[version.pk]))


class ContratSerializer(serializers.ModelSerializer):
    territoire = serializers.SlugRelatedField(slug_field="code", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Contrat
        fields = ["id", "territoire", "intitule", "annee_debut", "annee_fin", "versions"]


class ContratViewSet(viewsets.ReadOnlyModelViewSet):
    """Contracts and their versions, each with the link to its sealed PDF once produced. Read only:
    a signed contract is changed by an avenant, never through the API."""

    serializer_class = ContratSerializer

    def get_queryset(self):
        from django.db.models import Prefetch

        return (
            selectors.visible_contrats(self.request.user)
            .select_related("territoire")
            .defer("territoire__contour")
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=VersionContrat.objects.select_related("document")
                    .prefetch_related(
                        Prefetch("lignes", queryset=LigneContrat.objects.order_by("ordre")),
                        Prefetch(
                            "parties", queryset=PartieSignataire.objects.select_related("signature").order_by("ordre")
                        ),
                    )
                    .order_by("numero"),
                )
            )
            .order_by("pk")
        )


class EnjeuSerializer(serializers.ModelSerializer):
    axe = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Enjeu
        fields = ["axe", "intitule", "description", "ordre"]


class SignataireSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignataireProtocole
        fields = ["partie", "personne", "qualite"]


class ProtocoleSerializer(serializers.ModelSerializer):
    territoire = serializers.SlugRelatedField(slug_field="code", read_only=True)
    enjeux = EnjeuSerializer(many=True, read_only=True)
    signataires = SignataireSerializer(many=True, read_only=True)
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Protocole
        fields = [
            "id",
            "territoire",
            "statut",
            "engagements",
            "date_signature",
            "lieu_signature",
            "enjeux",
            "signataires",
            "pdf",
        ]

    def get_pdf(self, protocole) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("contrats:protocole_pdf", args=[protocole.territoire.code])
        )


class ProtocoleViewSet(viewsets.ReadOnlyModelViewSet):
    """Protocoles d'accord with their enjeux and signatories; a protocol is written on its page."""

    serializer_class = ProtocoleSerializer
    filterset_fields = ["statut"]
    ordering_fields = ["date_signature", "id"]

    def get_queryset(self):
        return (
            selectors.visible_protocoles(self.request.user)
            .select_related("territoire")
            .defer("territoire__contour")
            .prefetch_related(Prefetch("enjeux", queryset=Enjeu.objects.select_related("axe")), "signataires")
            .order_by("pk")
        )
