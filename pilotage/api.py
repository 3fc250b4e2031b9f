"""« À faire » through the API: the same selector as the home page, for the caller's scope."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import a_faire


class TacheSerializer(serializers.Serializer):
    libelle = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="La page du portail où la tâche se fait.")
    action = serializers.CharField()


class GroupeSerializer(serializers.Serializer):
    cle = serializers.CharField(help_text="Identifiant stable du groupe (ex. « a_inscrire », « signatures »).")
    titre = serializers.CharField()
    total = serializers.IntegerField(help_text="Nombre de tâches du groupe ; les premières sont listées.")
    taches = TacheSerializer(many=True)


class AFaireView(APIView):
    """The open tasks of the caller, grouped and counted, each with the link where it is done."""

    @extend_schema(responses={200: GroupeSerializer(many=True)})
    def get(self, request):
        return Response(GroupeSerializer(a_faire(request.user), many=True).data)
