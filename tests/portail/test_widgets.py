"""The Python-written select gives the same document as Django's templates: same attributes, options,
groups, selection and escaping."""

import lxml.html
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portail.widgets import Select

CHOICES = [
    ("", "Tous"),
    ("validee", gettext_lazy("Validée")),
    ("a<b", 'Guillemets " et <balises>'),
    ("sur", mark_safe("Déjà <em>sûr</em>")),
    ("Groupe & co", [("g1", "Premier"), ("g2", "Second")]),
]


def tree(html):
    root = lxml.html.fragment_fromstring(html)
    return [(el.tag, sorted(el.attrib.items()), (el.text or "").strip()) for el in root.iter()]


def test_same_document_as_djangos_select_for_every_kind_of_choice():
    for value in ("", "validee", "a<b", "g2", "absent"):
        attrs = {"class": "fr-select", "id": "id_x", "required": True, "disabled": False, "data-x": 'a"b'}
        ours = Select(choices=CHOICES).render("statut", value, attrs=attrs)
        django = forms.Select(choices=CHOICES).render("statut", value, attrs=attrs)
        assert tree(ours) == tree(django), value
    assert "<em>sûr</em>" in ours and "&lt;balises&gt;" in ours and 'value="a&lt;b"' in ours


def test_the_fiche_list_filters_keep_the_choice_made(client, django_user_model):
    user = django_user_model.objects.create_user(email="lecteur@exemple.fr", password="x" * 12)
    client.force_login(user)
    page = client.get("/fiches/", {"statut": "validee", "tri": "titre"}).content.decode()
    form = lxml.html.fromstring(page).get_element_by_id("id_statut")
    assert [option.get("value") for option in form if option.get("selected") is not None] == ["validee"]
