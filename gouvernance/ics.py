"""Calendar invitations (.ics) for séances, built with the icalendar library (RFC 5545 / 5546)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def seance_uid(seance) -> str:
    # Stable for the séance's whole life: a moved or cancelled séance replaces the same calendar event.
    return f"seance-{seance.pk}@territoires-industrie"


def seance_ics(
    seance, *, method: str = "REQUEST", sequence: int | None = None, attendee: str = "", motif: str = ""
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Territoires d'industrie//Portail//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", seance_uid(seance))
    event.add("sequence", seance.sequence if sequence is None else sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", seance.date)
    event.add("dtend", seance.date + datetime.timedelta(minutes=seance.duree_minutes))
    event.add("summary", f"Séance du {seance.comite.nom}")
    url = f"{settings.PORTAIL_BASE_URL}{reverse('gouvernance:seance_detail', args=[seance.pk])}"
    event.add("url", url)
    event.add("location", vText(seance.lieu or seance.lien_visio))
    if method == "CANCEL":
        event.add("status", "CANCELLED")
        event.add("description", f"Séance annulée. Motif : {motif}\n\n{url}")
    else:
        event.add("status", "CONFIRMED")
        lines = [f"{point.ordre}. {point.titre}" for point in seance.points.all()]
        event.add("description", "Ordre du jour :\n" + "\n".join(lines) + f"\n\nLa séance sur le portail : {url}")
    event["organizer"] = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    if attendee:
        person = vCalAddress(f"mailto:{attendee}")
        person.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", person, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
