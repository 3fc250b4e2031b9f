"""Calendar invitations (.ics) for séances, built with the icalendar library."""

import datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText


def seance_ics(seance) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Territoires d'industrie//Portail//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"seance-{seance.pk}@territoires-industrie")
    event.add("dtstamp", seance.convoquee_le)
    event.add("dtstart", seance.date)
    event.add("dtend", seance.date + datetime.timedelta(minutes=seance.duree_minutes))
    event.add("summary", f"Séance du {seance.comite.nom}")
    url = f"{settings.PORTAIL_BASE_URL}{reverse('gouvernance:seance_detail', args=[seance.pk])}"
    event.add("url", url)
    event.add("location", vText(seance.lieu or seance.lien_visio))
    lines = [f"{point.ordre}. {point.titre}" for point in seance.points.all()]
    event.add("description", "Ordre du jour :\n" + "\n".join(lines) + f"\n\nLa séance sur le portail : {url}")
    event["organizer"] = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    calendar.add_component(event)
    return calendar.to_ical()
