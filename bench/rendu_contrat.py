"""Render time of the demonstration's 21-fiche contract, next to bare WeasyPrint on the same HTML.

Usage (after `make run` has loaded the demonstration once):
    .venv/bin/python bench/rendu_contrat.py [repetitions]
Prints medians in milliseconds, and the goal of render + seal (≤ 600 ms) with « tenu » or « non tenu ».
The process first renders once and then freezes what it loaded, as a Celery worker does at start
(``portail.celery.freeze_what_the_worker_loaded``): the figures are those of the worker that seals.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.dev")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from weasyprint import HTML  # noqa: E402

from contrats.models import VersionContrat  # noqa: E402
from contrats.services.contenu import contract_context, render_contract  # noqa: E402
from contrats.services.sceau import seal  # noqa: E402
from portail.celery import freeze_what_the_worker_loaded  # noqa: E402
from portail.pdf import StaticOnlyFetcher  # noqa: E402

GOAL_MS = 600


def timed(function, repetitions):
    samples = []
    for _ in range(repetitions):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main():
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    version = VersionContrat.objects.filter(lignes__isnull=False).order_by("-lignes__ordre").first()
    if version is None:
        sys.exit("Aucun contrat : lancez d'abord `make run` pour charger la démonstration.")
    fiches = version.lignes.count()
    html = render_to_string(
        "contrats/contrat_pdf.html", contract_context(version, projet=False, reference="BENCH00000")
    )
    render_contract(version, projet=False, reference="BENCH00000")  # the worker's first task warms its caches
    freeze_what_the_worker_loaded()
    portal, portal_max = timed(lambda: render_contract(version, projet=False, reference="BENCH00000"), repetitions)
    bare, bare_max = timed(
        lambda: HTML(string=html, base_url="/", url_fetcher=StaticOnlyFetcher()).write_pdf(), repetitions
    )
    pdf = render_contract(version, projet=False, reference="BENCH00000")
    sealing, _ = timed(lambda: seal(pdf), repetitions)
    print(f"Contrat de {fiches} fiches, {repetitions} rendus, médianes (max) :")
    print(f"  portail (contexte + gabarit + WeasyPrint PDF/UA) : {portal:7.0f} ms ({portal_max:.0f})")
    print(f"  WeasyPrint nu sur le même HTML                   : {bare:7.0f} ms ({bare_max:.0f})")
    print(f"  rapport portail / nu                              : {portal / bare:7.2f}")
    print(f"  scellement PAdES (pyHanko)                        : {sealing:7.0f} ms")
    verdict = "tenu" if portal + sealing <= GOAL_MS else "non tenu"
    print(f"  rendu + scellement : {portal + sealing:.0f} ms — objectif ≤ {GOAL_MS} ms : {verdict}")


if __name__ == "__main__":
    main()
