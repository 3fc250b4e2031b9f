"""French typography wherever the portal writes: « 1er janvier », « 0 fiche », « 2 fiches », « 11,0 Mo »."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils.formats import number_format

from portail.typographie import first_of_month, plural
from portail.uploads import check_upload


def render(source, **context):
    return Template(source).render(Context(context))


def test_the_first_of_the_month_is_written_1er_in_every_template():
    assert render("{{ d|date }}", d=datetime.date(2027, 1, 1)) == "1er janvier 2027"
    assert render("{{ d|date:'j F' }}", d=datetime.date(2027, 1, 11)) == "11 janvier"
    assert render("{{ d|date:'j F Y' }}", d=datetime.date(2027, 3, 21)) == "21 mars 2027"
    assert (
        first_of_month("Séance du 1 octobre 2026, relevé du 31 octobre")
        == "Séance du 1er octobre 2026, relevé du 31 octobre"
    )
    assert first_of_month("1,1 janvier") == "1,1 janvier"  # a decimal is no date


def test_a_date_written_directly_reads_as_djangos_format_on_every_day_of_a_year():
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone

    day = datetime.date(2028, 1, 1)  # a leap year
    while day.year == 2028:
        assert render("{{ d|date }}", d=day) == first_of_month(django_date(day))
        day += datetime.timedelta(days=1)
    # An aware time late in the evening (UTC) is already the next day in Paris: the page says so.
    late = datetime.datetime(2027, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert render("{{ d|date }}", d=late) == "1er janvier 2028" == first_of_month(django_date(timezone.localtime(late)))


@pytest.mark.parametrize(("count", "word"), [(0, "fiche"), (1, "fiche"), (2, "fiches"), (1234, "fiches")])
def test_zero_and_one_are_singular_as_in_french(count, word):
    assert render("fiche{{ n|pluralize }}", n=count) == word
    assert render("fiche{{ items|pluralize }}", items=list(range(count))) == word
    assert plural(count, "fiche") == f"{number_format(count, 0, use_l10n=True, force_grouping=True)} {word}"
    assert render("{{ n|pluralize:'a,ont' }}", n=count) == ("ont" if count > 1 else "a")


def test_a_file_too_large_is_told_in_french_megabytes():
    with pytest.raises(ValidationError) as refused:
        check_upload(name="plan.pdf", content=b"%PDF-1.4" + b"0" * (11 * 1024 * 1024))
    assert "pèse 11,0\u00a0Mo : la limite est de 10\u00a0Mo par fichier" in refused.value.message_dict["fichier"][0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Les industriels du territoire", "Enregistrer la signature des industriels du territoire"),
        ("L'État, représenté par le préfet", "Enregistrer la signature de l'État, représenté par le préfet"),
        ("La Région Centre-Val de Loire", "Enregistrer la signature de la Région Centre-Val de Loire"),
        ("Le Département d'Indre-et-Loire", "Enregistrer la signature du Département d'Indre-et-Loire"),
        ("Bpifrance", "Enregistrer la signature de Bpifrance"),
    ],
)
def test_de_is_contracted_with_the_article_of_the_name(name, expected):
    assert render("Enregistrer la signature {{ name|de }}", name=name) == expected.replace("'", "&#x27;")
