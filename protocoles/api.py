from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from habilitations.scoping import visible_territoires
from portail.api_fields import TERRITORY_CODE

from . import selectors
from .models import Enjeu, Protocole, SignataireProtocole
from .services import protocole_save, protocole_sign


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
            reverse("protocoles:protocole_pdf", args=[protocole.territoire.code])
        )


class EnjeuInputSerializer(serializers.Serializer):
    axe = serializers.RegexField(r"^[a-z0-9-]{1,20}$", help_text="Code d'un axe de la phase du territoire.")
    intitule = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="", max_length=4000)


class ProtocoleInputSerializer(serializers.Serializer):
    territoire = serializers.RegexField(TERRITORY_CODE, help_text="Code du territoire (ex. ti-2405).")
    engagements = serializers.CharField(allow_blank=True, default="", max_length=20000)
    enjeux = EnjeuInputSerializer(many=True, max_length=60)


class SignatureProtocoleInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    lieu = serializers.CharField(max_length=120)
    signataires = SignataireSerializer(many=True, max_length=60)


class ProtocoleViewSet(viewsets.ReadOnlyModelViewSet):
    """Protocoles d'accord with their enjeux and signatories, written and signed through the same services
    as the protocol's page."""

    serializer_class = ProtocoleSerializer
    filterset_fields = ["statut"]
    ordering_fields = ["date_signature", "id"]
    http_method_names = ["get", "post", "head", "options"]

    def _read(self, protocole, code=status.HTTP_200_OK):
        return Response(
            ProtocoleSerializer(self.get_queryset().get(pk=protocole.pk), context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(request=ProtocoleInputSerializer, responses={201: ProtocoleSerializer})
    def create(self, request, *args, **kwargs):
        """Write the draft protocol of a territory (its commitments and enjeux), or rewrite it while a draft."""
        data = ProtocoleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        territoire = visible_territoires(request.user).filter(code=data.validated_data["territoire"]).first()
        if territoire is None:
            raise NotFound()
        protocole = protocole_save(
            territoire=territoire,
            by=request.user,
            engagements=data.validated_data["engagements"],
            enjeux=[dict(enjeu) for enjeu in data.validated_data["enjeux"]],
        )
        return self._read(protocole, status.HTTP_201_CREATED)

    @extend_schema(request=SignatureProtocoleInputSerializer, responses={200: ProtocoleSerializer})
    @action(detail=True, methods=["post"])
    def signer(self, request, pk=None):
        """Record the protocol's signature: date, place and each signatory."""
        protocole = self.get_object()
        data = SignatureProtocoleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        protocole_sign(
            protocole=protocole,
            by=request.user,
            date=data.validated_data["date"],
            lieu=data.validated_data["lieu"],
            signataires=[dict(row) for row in data.validated_data["signataires"]],
        )
        return self._read(protocole)

    def get_queryset(self):
        return (
            selectors.visible_protocoles(self.request.user)
            .select_related("territoire")
            .prefetch_related(Prefetch("enjeux", queryset=Enjeu.objects.select_related("axe")), "signataires")
            .order_by("pk")
        )
