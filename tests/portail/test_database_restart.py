"""Finding 15: PostgreSQL restarted under a running server (gunicorn, connections kept between
requests): the next requests reconnect, none answers 5xx."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

# Serial: the restart would cut every other test of a parallel run off its database.
pytestmark = [pytest.mark.integration, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_requests_after_a_database_restart_reconnect(gov):
    restart = os.environ.get("PORTAIL_PG_RESTART")
    if not restart:
        pytest.fail("PORTAIL_PG_RESTART manque : lancez la suite par la commande de test du README.")
    db = connection.settings_dict
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portail.settings.test",
        DB_CONN_MAX_AGE="600",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portail.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # A public page that reads the database: the verification of a contract by its reference.
    url = f"http://127.0.0.1:{port}/v/INCONNUE/"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if status(url) == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for _ in range(6):  # every worker holds a connection now
            assert status(url) == 200
        connection.close()
        subprocess.run([restart], check=True, capture_output=True)
        answers = [status(url) for _ in range(10)]
        assert answers == [200] * 10, answers
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
