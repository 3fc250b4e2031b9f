"""The notifications page, the header count, the preferences, the digests and the one-click unsubscribe."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from fiches_actions.services.workflow import fiche_submit
from gouvernance.services import seance_convene
from notifications.models import EmailStatus, Frequency, Notification, Preference
from notifications.services import send_digests

from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days

pytestmark = pytest.mark.django_db


def deposit(gov, porteur, capture, **fields):
    fiche = complete_fiche(gov.world.a1, porteur, **fields)
    with capture(execute=True):
        fiche_submit(fiche=fiche, by=porteur)
    return fiche


def test_the_header_counts_unread_notices_and_opening_one_leads_to_the_page(
    gov, porteur_a1, client, login, django_capture_on_commit_callbacks
):
    fiche = deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Centre de formation robotique")
    login(gov.chef_a1)
    home = client.get("/").content.decode()
    assert re.search(
        r'id="lien-notifications"[^>]*>Notifications <span[^>]*><span class="fr-sr-only">, non lues : '
        r"</span>1</span>",
        home,
    )
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Fiche action déposée : Centre de formation robotique" in page and "Non lue" in page
    notice = Notification.objects.get(recipient=gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):  # as each request commits in production
        response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == f"/fiches/{fiche.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "non lues" not in client.get("/").content.decode()


def test_nobody_opens_or_reads_another_persons_notice(
    gov, porteur_a1, client, login, django_capture_on_commit_callbacks
):
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks)
    notice = Notification.objects.get(recipient=gov.chef_a1)
    login(gov.chef_b1)
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    assert "Fiche action déposée" not in client.get(reverse("notifications:list")).content.decode()
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_and_the_empty_state(gov, porteur_a1, client, login, django_capture_on_commit_callbacks):
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Première")
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Seconde")
    login(gov.chef_a1)
    response = client.post(reverse("notifications:list"), follow=True)
    assert "2 notifications marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(recipient=gov.chef_a1, read_at__isnull=True).exists()
    unread = client.get(reverse("notifications:list") + "?etat=non-lues").content.decode()
    assert "Vous avez tout lu." in unread
    login(gov.chef_b1)
    assert "Aucune notification pour l'instant" in html.unescape(
        client.get(reverse("notifications:list")).content.decode()
    )


def test_a_daily_digest_gathers_what_the_person_chose_to_delay(
    gov, porteur_a1, client, login, django_capture_on_commit_callbacks
):
    login(gov.chef_a1)
    response = client.post(reverse("notifications:preferences"), {"fiche.deposee": Frequency.DAILY}, follow=True)
    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    mail.outbox.clear()
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Première")
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Seconde")
    assert not [m for m in mail.outbox if gov.chef_a1.email in m.to]
    assert len([m for m in mail.outbox if gov.elu_a1.email in m.to]) == 2  # the élu kept « immédiatement »

    assert send_digests(EmailStatus.DAILY) == 1
    digest = [m for m in mail.outbox if gov.chef_a1.email in m.to]
    assert len(digest) == 1 and digest[0].subject == "Votre récapitulatif quotidien : 2 avis"
    assert "Fiche action déposée : Première" in digest[0].body and "Fiche action déposée : Seconde" in digest[0].body
    assert "/fiches/" in digest[0].body
    assert send_digests(EmailStatus.DAILY) == 0  # a second run sends nothing


def test_notices_that_ask_for_action_cannot_be_muted(gov, client, login):
    login(gov.elu_a1)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="seance.convoquee"' not in page and "Vous êtes convoqué(e) à une séance" in page
    client.post(reverse("notifications:preferences"), {"seance.convoquee": Frequency.OFF})
    assert not Preference.objects.filter(user=gov.elu_a1, kind="seance.convoquee").exists()
    client.post(reverse("notifications:preferences"), {"fiche.deposee": Frequency.WEEKLY})
    response = client.post(
        reverse("notifications:preferences"),
        {"fiche.deposee": "souvent", "fiche.commentee": Frequency.OFF},
        follow=True,
    )
    assert "Une fréquence choisie n'est pas proposée : rien n'a changé." in html.unescape(response.content.decode())
    kept = dict(Preference.objects.filter(user=gov.elu_a1).values_list("kind", "frequency"))
    assert kept["fiche.deposee"] == Frequency.WEEKLY and kept["fiche.commentee"] == Frequency.IMMEDIATE


def test_one_click_unsubscribe_without_a_session_turns_off_that_kind_only(
    gov, porteur_a1, django_capture_on_commit_callbacks
):
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if gov.chef_a1.email in m.to)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body

    anonymous = Client(enforce_csrf_checks=True)  # a mail client: no session, no form token
    response = anonymous.post(
        url.replace("http://testserver", ""),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and "C'est fait" in html.unescape(response.content.decode())
    assert dict(Preference.objects.values_list("user__email", "kind")) == {gov.chef_a1.email: "fiche.deposee"}
    assert Preference.objects.get().frequency == Frequency.OFF

    mail.outbox.clear()
    fiche = deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Après le désabonnement")
    assert not [m for m in mail.outbox if gov.chef_a1.email in m.to]
    assert [m for m in mail.outbox if gov.elu_a1.email in m.to]  # others unchanged
    assert [m for m in mail.outbox if porteur_a1.email in m.to]  # and the chef's other kinds still leave
    # The notice is still in the chef's notifications.
    assert Notification.objects.filter(
        recipient=gov.chef_a1, url=f"/fiches/{fiche.pk}/", email_status=EmailStatus.NONE
    ).exists()


def test_a_forged_unsubscribe_link_changes_nothing(gov, client):
    from notifications.services import unsubscribe_token

    token = unsubscribe_token(gov.chef_a1.pk, "fiche.deposee")
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = client.post(reverse("notifications:unsubscribe", args=[forged]))
    assert response.status_code == 400 and "n'est pas valide" in html.unescape(response.content.decode())
    required = unsubscribe_token(gov.chef_a1.pk, "seance.convoquee")
    response = client.post(reverse("notifications:unsubscribe", args=[required]))
    assert response.status_code == 400
    assert "ils ne se désactivent pas" in html.unescape(response.content.decode())
    assert not Preference.objects.exists()


def test_the_unsubscribe_page_asks_before_acting(gov, client):
    from notifications.services import unsubscribe_token

    token = unsubscribe_token(gov.chef_a1.pk, "seance.releve_publie")
    page = client.get(reverse("notifications:unsubscribe", args=[token])).content.decode()
    assert "Confirmer le désabonnement" in page and "relevé de décisions" in page
    assert not Preference.objects.exists()


def test_the_notifications_page_reads_a_constant_number_of_queries(
    gov, client, login, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    login(gov.elu_a1)

    def convene(n):
        for _ in range(n):
            seance_convene(
                comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", points_libres=["Point"]
            )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.selectors import refresh_counts

    def first_load_after_a_notice():
        # The list is kept until a notice is written or read: measured at the load that renders it.
        refresh_counts([gov.elu_a1.pk])  # what a notice's commit does
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("notifications:list")).content.decode()
        return len(queries), re.search(r"(\d+) notifications", page).group(1)

    convene(2)
    client.get(reverse("notifications:list"))  # the person's scope is cached after a first visit
    small, shown = first_load_after_a_notice()
    assert shown == "2"
    convene(30)
    client.get(reverse("notifications:list"))  # likewise: each measure follows a first visit
    large, shown = first_load_after_a_notice()
    assert shown == "32"
    assert large == small <= 12


def test_the_kept_notifications_page_follows_each_notice_written_or_read(
    gov, porteur_a1, client, login, django_capture_on_commit_callbacks
):
    """The list is kept for its reader, and moves at the next load when a notice arrives or is read;
    the « mark all as read » form keeps a working token of the reader's own session."""
    login(gov.chef_a1)
    assert "Aucune notification pour l'instant" in html.unescape(
        client.get(reverse("notifications:list")).content.decode()
    )
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Atelier partagé")
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Fiche action déposée : Atelier partagé" in page and "Non lue" in page
    assert "Tout marquer comme lu" in page
    other = Client()
    other.force_login(gov.chef_b1)  # another reader at the same address reads their own list
    assert "Atelier partagé" not in other.get(reverse("notifications:list")).content.decode()
    unread = reverse("notifications:list") + "?etat=non-lues"
    assert "1 notification non lue." in client.get(unread).content.decode()
    notice = Notification.objects.get(recipient=gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("notifications:open", args=[notice.pk]))
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Atelier partagé" in page and "Non lue" not in page and "Tout marquer comme lu" not in page
    # Reading a notice is an update() that no counted change follows: the total is not kept apart.
    assert "0 notification non lue." in client.get(unread).content.decode()
    deposit(gov, porteur_a1, django_capture_on_commit_callbacks, titre="Banc d'essai")
    browser = Client(enforce_csrf_checks=True)  # a second session of the same reader, checked as a browser is
    browser.force_login(gov.chef_a1)
    page = browser.get(reverse("notifications:list")).content.decode()
    assert "Banc d&#x27;essai" in page and page.count("Non lue") == 1
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("notifications:list"), {"csrfmiddlewaretoken": token}, follow=True)
    assert "1 notification marquée comme lue." in response.content.decode()
    assert "Non lue" not in client.get(reverse("notifications:list")).content.decode()
