"""What can be checked of production here: settings, the compose file, and the repository itself."""

import importlib.util
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from portail import celery_app

ROOT = Path(settings.BASE_DIR)


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="portail.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="territoires-industrie.example",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "CACHE_URL"])
def test_production_refuses_to_start_without_its_secret_key_or_shared_cache(missing):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "CACHE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="portail.settings.production", SECRET_KEY="x" * 60, CACHE_URL="redis://127.0.0.1:6379/1"
    )
    del env[missing]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"La variable d'environnement {missing} est obligatoire" in result.stderr


def printed_by(*, script: str, env: dict) -> str:
    """What ``script`` prints, run by a new Python process from the project's root; it must succeed."""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service_with_a_healthcheck():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "minio"} <= set(services)
    for name, service in services.items():
        assert "healthcheck" in service, name


def test_compose_commands_point_at_real_modules():
    services = _compose()["services"]
    web = services["web"]["command"]
    app = re.search(r"gunicorn (\S+):(\w+)", web)
    module = importlib.import_module(app.group(1))
    assert callable(getattr(module, app.group(2)))
    worker = shlex.split(services["worker"]["command"])
    assert worker[:3] == ["celery", "-A", "portail"]
    assert shlex.split(services["beat"]["command"])[:4] == ["celery", "-A", "portail", "beat"]
    from django.conf import settings as django_settings

    celery_app.loader.import_default_modules()
    for entry in django_settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks, entry["task"]
    assert importlib.util.find_spec("portail.celery") is not None

    assert celery_app.main == "portail"
    assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "portail.settings.production"
    assert importlib.util.find_spec(services["web"]["environment"]["DJANGO_SETTINGS_MODULE"]) is not None


def test_no_secret_is_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert "manage.py" in tracked
    pattern = re.compile(r"(SECRET_KEY|PASSWORD)\s*=\s*[\"'][^\"']{12,}[\"']")
    for name in tracked:
        path = ROOT / name
        # Test fixtures hold throw-away passwords of throw-away accounts on purpose.
        if name.startswith("tests/"):
            continue
        if path.suffix not in {".py", ".yml", ".toml", ".cfg", ".env", ".sh", ".md"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not pattern.search(text), name


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"PORT": "8101"}, "http://127.0.0.1:8101/v/ABC123/"),
        ({"HOST": "0.0.0.0", "PORT": "8102"}, "http://127.0.0.1:8102/v/ABC123/"),
        ({"PORT": "8101", "PORTAIL_BASE_URL": "https://portail.example"}, "https://portail.example/v/ABC123/"),
    ],
)
def test_links_printed_in_contracts_follow_the_port_the_portal_runs_on(extra, expected):
    """A sealed PDF never changes: its verification link (and its QR code) must carry the address the
    portal answers on, not a default one."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "PORTAIL_BASE_URL", "HOST", "PORT")
    }
    env.update(DJANGO_SETTINGS_MODULE="portail.settings.dev", **extra)
    script = (
        "import django; django.setup(); from contrats.services.contenu import verification_url; "
        "print(verification_url('ABC123'))"
    )
    output = printed_by(script=script, env=env)
    assert output.strip() == expected


def test_the_embedded_mode_shows_the_portals_own_404(tmp_path):
    """`make run` serves with DEBUG off: an unknown address gets the portal's French page, never the
    debug page that lists every URL; its static files are served all the same."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="portail.settings.dev", PORTAIL_VAR_DIR=str(tmp_path))
    script = (
        "import django; django.setup(); from django.test import Client; c = Client(HTTP_HOST='127.0.0.1'); "
        "r = c.get('/nexistepas/'); print(r.status_code); print('Page non trouvée' in r.content.decode()); "
        "print('URLconf' in r.content.decode()); s = c.get('/static/js/lignes.js'); print(s.status_code)"
    )
    output = printed_by(script=script, env=env)
    assert output.split() == ["404", "True", "False", "200"]


def test_djangos_own_server_answers_a_kept_alive_connection_without_waiting():
    """The embedded mode's server (and the tests' live server) writes headers and body apart: with
    Nagle's algorithm on, a browser's kept-alive connection waited for a delayed acknowledgement on
    every request. The server's sockets are opened with TCP_NODELAY."""
    import socket
    import socketserver

    from django.core.servers.basehttp import WSGIRequestHandler

    listener = socket.create_server(("127.0.0.1", 0))
    with listener, socket.create_connection(listener.getsockname()):
        accepted, _ = listener.accept()
        with accepted:
            handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
            handler.request, handler.server = accepted, None
            socketserver.StreamRequestHandler.setup(handler)
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            handler.finish()


def test_a_worker_loads_every_view_at_start_and_keeps_it_out_of_full_collections():
    """``portail.wsgi`` (what gunicorn loads) imports the URLconf and freezes what it loaded: the
    garbage collector's full passes no longer walk it, which paused requests for 130-165 ms."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="portail.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="territoires-industrie.example",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    probe = (
        "import gc, sys; import portail.wsgi; print(gc.get_freeze_count(), 'fiches_actions.views.pages' in sys.modules)"
    )
    output = printed_by(script=probe, env=env)
    frozen, views_loaded = output.split()
    assert int(frozen) > 50_000 and views_loaded == "True"


def test_a_celery_worker_process_freezes_the_tasks_and_what_they_import_once_started():
    """A worker process, once started (Celery's ``worker_process_init``, sent by every pool), has loaded
    its tasks and WeasyPrint and keeps them out of the collector's full passes, which each walked
    155,000 objects several times per contract rendered."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    probe = (
        "import gc, sys; from celery import signals; from portail.celery import app; "
        "signals.worker_process_init.send(sender=None); "
        "print(gc.get_freeze_count(), 'contrats.tasks' in sys.modules, 'weasyprint' in sys.modules)"
    )
    output = printed_by(script=probe, env=env)
    frozen, tasks_loaded, weasyprint_loaded = output.split()
    assert int(frozen) > 50_000 and tasks_loaded == "True" and weasyprint_loaded == "True"
