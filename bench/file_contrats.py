"""Time for N signed contracts queued at once to be rendered and sealed by W Celery workers.

Run through `bench/run.sh` (real PostgreSQL and Redis). Each contract is a copy of the
demonstration's 21-fiche contract, signed, with its document queued as the last signature would.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from contrats.enums import StatutDocument, StatutVersion  # noqa: E402
from contrats.models import Contrat, DocumentContrat, LigneContrat, PartieSignataire, Signature, VersionContrat  # noqa: E402
from contrats.tasks import render_signed_contract  # noqa: E402


def clone(source: VersionContrat, index: int) -> DocumentContrat:
    with transaction.atomic():
        contrat = Contrat.objects.create(
            territoire=source.contrat.territoire,
            intitule=f"Banc d'essai {index}",
            annee_debut=3000 + index,
            annee_fin=3003 + index,
            cree_par=source.cree_par,
        )
        version = VersionContrat.objects.create(
            contrat=contrat, numero=1, statut=StatutVersion.VALIDE, preambule=source.preambule, cree_par=source.cree_par
        )
        LigneContrat.objects.bulk_create(
            [
                LigneContrat(
                    version=version,
                    fiche_id=ligne.fiche_id,
                    ordre=ligne.ordre,
                    engagement_ferme=ligne.engagement_ferme,
                    instantane=ligne.instantane,
                )
                for ligne in source.lignes.all()
            ]
        )
        for partie in source.parties.select_related("signature"):
            copy = PartieSignataire.objects.create(
                version=version,
                type=partie.type,
                libelle=partie.libelle,
                epci_id=partie.epci_id,
                operateur_id=partie.operateur_id,
                ordre=partie.ordre,
            )
            s = partie.signature
            Signature.objects.create(
                partie=copy,
                signataire=s.signataire,
                qualite=s.qualite,
                date=s.date,
                lieu=s.lieu,
                enregistree_par=s.enregistree_par,
            )
        VersionContrat.objects.filter(pk=version.pk).update(statut=StatutVersion.SIGNE)
        return DocumentContrat.objects.create(version=version)


def produced_twice(ids: list[int]) -> int:
    """Documents rendered more than once, or stored in more than one file (a second save of the same
    name gets a suffix from the storage)."""
    from django.core.files.storage import default_storage

    twice = 0
    for document in DocumentContrat.objects.filter(pk__in=ids, statut=StatutDocument.TERMINE):
        folder = os.path.dirname(document.fichier.name or "")
        files = [
            name for name in default_storage.listdir(folder)[1] if name.startswith(f"contrat-{document.reference}")
        ]
        if document.essais != 1 or len(files) != 1:
            twice += 1
    return twice


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        sys.exit("CELERY_BROKER_URL (Redis) manque : lancez ce banc par bench/run.sh.")
    source = VersionContrat.objects.filter(statut=StatutVersion.SIGNE, lignes__isnull=False).distinct().first()
    documents = [clone(source, i) for i in range(count)]
    env = dict(os.environ, CELERY_BROKER_URL=broker)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portail",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "-n",
                f"banc{i}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(workers)
    ]
    try:
        time.sleep(3)  # let the workers connect before the clock starts
        start = time.perf_counter()
        for document in documents:
            render_signed_contract.delay(document.pk)
        ids = [d.pk for d in documents]
        deadline = start + 10 * count  # ten seconds a contract: past that, what is still waiting is lost
        pending = DocumentContrat.objects.filter(pk__in=ids).exclude(
            statut__in=[StatutDocument.TERMINE, StatutDocument.ECHEC]
        )
        while pending.exists() and time.perf_counter() < deadline:
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        lost = pending.count()
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=60)
    failed = DocumentContrat.objects.filter(pk__in=ids, statut=StatutDocument.ECHEC).count()
    duplicated = produced_twice(ids)
    fiches = source.lignes.count()
    print(
        f"{count} contrats de {fiches} fiches mis en file, {workers} workers : {elapsed:.1f} s "
        f"({elapsed / count:.2f} s par contrat, {count / elapsed * 60:.0f} contrats par minute), {failed} échec(s), "
        f"{lost} perdu(s), {duplicated} produit(s) deux fois"
    )
    if count == 100 and workers == 2:
        verdict = "tenu" if elapsed <= 40 and failed == lost == duplicated == 0 else "non tenu"
        print(f"  objectif ≤ 40 s pour 100 contrats, 2 workers, aucun échec, perdu ni doublon : {verdict}")


if __name__ == "__main__":
    main()
