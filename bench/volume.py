"""Key pages and API lists at the programme's size: SQL queries per request, median and p95 latency
in process, then requests per second under wrk against gunicorn, next to a trivial view served by
the same gunicorn in the same run (the framework floor).

Run by bench/volume.sh on a database filled by `generer_volume --echelle N`.
"""

import logging
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from comptes.models import User  # noqa: E402
from fiches_actions.models import FicheAction  # noqa: E402
from pilotage.volume import DOMAIN  # noqa: E402
from portail.cache import figures_changed  # noqa: E402
from territoires.models import Territoire  # noqa: E402

logging.disable(logging.WARNING)  # the login messages of each measured session
SCALE = int(sys.argv[1])
RUNS = int(os.environ.get("RUNS", "30"))
WRK_SECONDS = os.environ.get("WRK_SECONDS", "10")

national = User.objects.get(email=f"national@{DOMAIN}")
# The région with the most territories, and its first territory's chef de projet.
current = Territoire.objects.filter(phase="2023-2027")
region_code = (
    current.values("region_pilote")
    .order_by()
    .annotate(n=django.db.models.Count("pk"))
    .order_by("-n")
    .first()["region_pilote"]
)
regional = User.objects.get(email=f"region-{region_code}@{DOMAIN}")
first = current.filter(region_pilote=region_code).order_by("code").first()
chef = User.objects.get(email=f"chef-{first.code}@{DOMAIN}")

PAGES = [
    ("Tableau de bord national", national, "/tableau-de-bord/", True),
    ("Tableau de bord régional", regional, "/tableau-de-bord/", True),
    ("Tableau de bord territorial", chef, "/tableau-de-bord/", True),
    ("Liste des fiches (national)", national, "/fiches/", True),
    ("Liste des fiches (régional)", regional, "/fiches/", True),
    ("Liste des territoires (national)", national, "/territoires/", False),
    ("API fiches (national)", national, "/api/v1/fiches/", True),
    ("API territoires (national)", national, "/api/v1/territoires/", False),
    ("API chiffres (national)", national, "/api/v1/chiffres/", True),
    ("Accueil « À faire » (national)", national, "/", False),
    ("Accueil « À faire » (régional)", regional, "/", False),
    ("Accueil « À faire » (chef de projet)", chef, "/", False),
    ("API à faire (national)", national, "/api/v1/a-faire/", False),
    ("Notifications (chef de projet)", chef, "/notifications/", False),
    ("Activité des comités (national)", national, "/gouvernance/nationale/", True),
    ("API séances (national)", national, "/api/v1/seances/", True),
    ("API contrats (national)", national, "/api/v1/contrats/", True),
]


class QueryCounter:
    """Counts the SQL statements of the requests run inside it, across reconnections."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __len__(self):
        return self.count


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def in_process():
    print(f"\n== Échelle {SCALE} : {Territoire.objects.count()} territoires, {FicheAction.objects.count()} fiches ==")
    print(
        f"{'page':36} {'requêtes SQL':>14} {'poids (ko)':>15} {'p50 (ms)':>9} {'p95 (ms)':>9} "
        f"{'1er chargement (ms)':>20} "
        f"{'après un changement (ms)':>25}"
    )
    for label, user, url, cached in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get(url)  # warm the process (templates, the reference map)
        cache.clear()
        with QueryCounter() as cold:
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            cold_ms = (time.perf_counter() - started) * 1000
        with QueryCounter() as warm:
            weight = len(client.get(url).content) / 1000
        # What a decision in one territory of every scope measured does: that territory is recounted,
        # the others' aggregates stay cached (best of three, each after its own change).
        after_change = []
        for _ in range(3 if cached else 0):
            figures_changed(territoires=[first.pk])
            started = time.perf_counter()
            client.get(url)
            after_change.append((time.perf_counter() - started) * 1000)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = f"{len(cold)} / {len(warm)}" if cached else f"{len(warm)}"
        # The weight goal is a page's HTML; an API document's is printed for what it is.
        held = "" if url.startswith("/api/") else (" tenu" if weight <= 150 else " non tenu")
        print(
            f"{label:36} {queries:>14} {weight:6.0f}{held:9} {statistics.median(timings):9.1f} {pct(timings, 95):9.1f} "
            f"{cold_ms if cached else statistics.median(timings):20.1f} "
            + (f"{min(after_change):25.1f}  " + ("tenu" if min(after_change) <= 250 else "non tenu") if cached else "")
        )
    print(
        "(tableaux de bord, chiffres et listes de fiches : requêtes cache vide / cache rempli ; « 1er chargement » : "
        "cache entièrement vide ; « après un changement » : les agrégats d'un territoire retirés et les listes gardées "
        "recalculées, comme après une décision, une signature ou une fiche modifiée — objectif ≤ 250 ms ; "
        "poids : le HTML de la page, objectif ≤ 150 ko)"
    )


def wrk(url, headers, seconds=WRK_SECONDS):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} réponses en erreur pendant la charge")
    return rate


def under_load():
    port = os.environ["BENCH_PORT"]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portail.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("GUNICORN_WORKERS", "2"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/sante/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # Every page above, signed in as its person: pages with a session, API lists with a token.
        from comptes.services import jeton_create

        sessions, tokens = {}, {}
        for user in {id(user): user for _, user, _, _ in PAGES}.values():
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            sessions[user.pk] = client.cookies["sessionid"].value
            tokens[user.pk] = jeton_create(user=user, nom="Banc d'essai")[1]
        targets = [
            ("Vue triviale (plancher)", "/sante/", []),
            (
                "Page de gabarit seule (accessibilité)",
                "/accessibilite/",
                [f"Cookie: sessionid={sessions[national.pk]}"],
            ),
        ] + [
            (
                label,
                path,
                [f"Authorization: Token {tokens[user.pk]}"]
                if path.startswith("/api/")
                else [f"Cookie: sessionid={sessions[user.pk]}"],
            )
            for label, user, path, _ in PAGES
        ]
        print(
            f"\nCharge : wrk 2 fils, 8 connexions, {WRK_SECONDS} s par page après 2 s de mise en route ; gunicorn "
            f"{os.environ.get('GUNICORN_WORKERS', '2')} processus, même machine"
        )
        print(f"{'page':36} {'requêtes/s':>11} {'part du plancher':>17} {'part de la page seule':>22}")
        floor = bare = None
        for index, (label, path, headers) in enumerate(targets):
            for header in headers:  # a session that does not open the page would measure a redirect
                request = urllib.request.Request(base + path, headers=dict([header.split(": ", 1)]))
                response = urllib.request.urlopen(request)
                assert response.status == 200 and response.geturl() == base + path, path
            # Each page is loaded under the same load for two seconds before it is measured: the
            # workers have just started, and the first page to use the templates (the bare page) was
            # otherwise measured while they were still compiling them.
            wrk(base + path, headers, seconds=2)
            rate = wrk(base + path, headers)
            if index == 0:
                floor = rate
                print(f"{label:36} {rate:11.0f} {1:16.0%}")
            elif index == 1:
                bare = rate
                held = "tenu" if rate / floor >= 0.25 else "non tenu"
                print(f"{label:36} {rate:11.0f} {rate / floor:16.0%} {'':>22}  objectif ≥ 25 % : {held}")
            else:
                held = "tenu" if rate / bare >= 0.5 else "non tenu"
                print(f"{label:36} {rate:11.0f} {rate / floor:16.0%} {rate / bare:21.0%}  objectif ≥ 50 % : {held}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _memory_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (the peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def exports():
    """The national fiche list exported whole: time to the first byte, total time, memory growth."""
    header = f"{'1er octet (ms)':>15} {'total (s)':>10} {'Mo':>6} {'mémoire (+Mo)':>14}"
    print(f"\n{'export des fiches (national)':36} {header}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(national)
    for fmt in ("csv", "xlsx"):
        Path("/proc/self/clear_refs").write_text("5")  # the peak is measured from here
        before = _memory_mb("VmRSS")
        started = time.perf_counter()
        response = client.get("/fiches/", {"format": fmt})
        size, first_byte = 0, None
        for chunk in response.streaming_content:
            if first_byte is None and chunk:
                first_byte = (time.perf_counter() - started) * 1000
            size += len(chunk)
        total = time.perf_counter() - started
        growth = max(0.0, _memory_mb("VmHWM") - before)
        held = first_byte <= 200 and total <= 10 and growth <= 100
        print(
            f"{fmt:36} {first_byte:15.0f} {total:10.1f} {size / 1e6:6.1f} {growth:14.0f}  "
            f"{'tenu' if held else 'non tenu'} (objectif : 1er octet ≤ 200 ms, total ≤ 10 s, mémoire ≤ +100 Mo)"
        )


if __name__ == "__main__":
    in_process()
    exports()
    under_load()
