import pytest

from habilitations.enums import Role

from ..conftest import mandate

pytestmark = pytest.mark.django_db


def test_national_delegation_manages_reference_data_in_the_admin(world, login):
    client = login(mandate(Role.DELEGATION_NATIONALE))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/territoires/territoire/").status_code == 200
    page = client.get(f"/admin/territoires/territoire/{world.a1.pk}/change/")
    assert page.status_code == 200 and "Grand Est Touraine" in page.content.decode()


def test_the_delegation_finds_every_registered_model_of_the_portal_in_the_admin(world, login):
    """Each model registered in the admin is reachable by the delegation: no app of the portal is left
    out of its rights when models move between apps (mandates, protocols)."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.contrib import admin
    from django.urls import reverse

    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in Path(config.path).parts
    }
    client = login(mandate(Role.DELEGATION_NATIONALE))
    index = client.get("/admin/").content.decode()
    # The notices are each person's own mail: the technical staff (superusers) may read the outbox, the
    # delegation may not.
    registered = [model for model in admin.site._registry if model._meta.app_label in ours - {"notifications"}]
    assert {model._meta.app_label for model in registered} >= {"habilitations", "protocoles", "territoires"}
    for model in registered:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert url in index, f"{model._meta.label} n'apparaît pas dans l'administration"
        assert client.get(url).status_code == 200, model._meta.label


def test_the_delegation_edits_a_phase_and_its_priorities_with_their_history(world, login):
    from territoires.models import Axe, Phase
    from territoires.phases import reference

    client = login(mandate(Role.DELEGATION_NATIONALE))
    page = client.get("/admin/territoires/phase/2023-2027/change/")
    assert page.status_code == 200 and "Mobiliser un foncier industriel adapté" in page.content.decode()
    foncier = Axe.objects.get(phase="2023-2027", code="foncier")
    assert [axe.libelle_court for axe in reference()[-1].axes_list][-1] == "Foncier"
    response = client.post(
        f"/admin/territoires/axe/{foncier.pk}/change/",
        {
            "phase": "2023-2027",
            "code": "foncier",
            "libelle": foncier.libelle,
            "libelle_court": "Foncier industriel",
            "ordre": foncier.ordre,
            "description": foncier.description,
        },
    )
    assert response.status_code == 302
    # Read by the dashboards from the cache: the edit shows at once, and its history is kept.
    assert [axe.libelle_court for axe in reference()[-1].axes_list][-1] == "Foncier industriel"
    assert foncier.history.count() == 1 and Phase.objects.get(code="2023-2027").axes.count() == 4


@pytest.mark.parametrize("role", [Role.CHEF_DE_PROJET, Role.PILOTE_REGIONAL, Role.MEMBRE_COPIL_NATIONAL])
def test_other_roles_have_no_admin(world, login, role):
    user = mandate(role, territoire=world.a1, region=world.region_a)
    response = login(user).get("/admin/territoires/territoire/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_ends_with_the_mandate(world, login):
    import datetime

    user = mandate(Role.DELEGATION_NATIONALE, date_fin=datetime.date(2022, 6, 30))
    assert login(user).get("/admin/").status_code == 302


def test_every_field_the_admin_shows_of_the_portal_has_a_french_label(world):
    """No label falls back to the field's own name (« Cree le », « Signee le », « User », « Epci »):
    each field of the portal's registered models says its label in French, accents included."""
    import re
    from pathlib import Path

    from django.conf import settings
    from django.contrib import admin

    # Field names that are already the French word, as spelled (« statut », « nom », « code »…).
    same = re.compile(r"^[a-z]+$")
    unlabelled = []
    for model in admin.site._registry:
        path = Path(__import__(model.__module__).__file__)
        if not path.is_relative_to(settings.BASE_DIR) or "site-packages" in path.parts:
            continue
        for field in model._meta.get_fields():
            if field.auto_created or not getattr(field, "editable", False) and not hasattr(field, "verbose_name"):
                continue
            label = str(getattr(field, "verbose_name", ""))
            if label and label == field.name.replace("_", " ") and not same.match(field.name):
                unlabelled.append(f"{model._meta.label}.{field.name}")
    assert not unlabelled, unlabelled
