from django.contrib.contenttypes.models import ContentType

from ..models import Transition


def transition_record(
    *, obj, source: str, cible: str, par, motif: str = "", decision=None, champ: str = "statut"
) -> Transition:
    """Write the who/when/from/to/why of a state change; every service that moves a state calls it."""
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        champ=champ,
        source=source,
        cible=cible,
        par=par,
        motif=motif,
        decision=decision,
    )
