"""The contract as a document: what it shows (computed from the fiches frozen at submission, or the
live ones in a draft), its QR code to the public verification, and its HTML rendered by WeasyPrint
(PDF/UA) — the same for the preview (watermarked « projet ») and the signed PDF."""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from fiches_actions.models import FicheAction
from portail.pdf import render_pdf_html

from ..enums import TypePartie
from ..models import VersionContrat


def snapshot(fiche: FicheAction) -> dict:
    """The fiche as the contract keeps it: later edits of the fiche do not reach a submitted contract."""
    return {
        "titre": fiche.titre,
        "axe": fiche.axe.code,
        "axe_libelle": fiche.axe.libelle,
        "description": fiche.description,
        "objectifs": fiche.objectifs,
        "porteur": fiche.porteur_organisation,
        "maitre_ouvrage": fiche.maitre_ouvrage,
        "date_debut": fiche.date_debut.isoformat() if fiche.date_debut else None,
        "date_fin": fiche.date_fin.isoformat() if fiche.date_fin else None,
        "cout_total": str(fiche.cout_total or Decimal("0")),
        "financements": [
            {"financeur": ligne.libelle_financeur, "montant": str(ligne.montant), "statut": ligne.get_statut_display()}
            for ligne in fiche.financements.select_related("operateur")
        ],
    }


def verification_url(reference: str) -> str:
    return f"{settings.PORTAIL_BASE_URL}{reverse('contrats:verifier_reference', args=[reference])}"


def _qr_data_url(text: str) -> str:
    """The verification link as a PNG QR code. Not SVG: WeasyPrint parses and draws an SVG on each
    page it appears on (its thousands of path points cost a fifth of a 12-page contract's rendering),
    while a raster image is decoded once and placed on every page as one PDF object. Its modules are
    drawn without smoothing (``image-rendering: pixelated`` in contrat.css), so it scans as sharp."""
    import qrcode

    image = qrcode.make(text, box_size=6, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _by_axe(lignes: list[dict], phase_id: str) -> list[tuple[str, list[dict]]]:
    """The lines grouped by axe in the phase's order; an axe a frozen fiche carries that the phase does
    not (a fiche written under the previous phase) keeps the label it was frozen with, after them."""
    from territoires.phases import ordered_axes

    order = [(axe.code, axe.libelle) for axe in ordered_axes(phase_id, {ligne["axe"] for ligne in lignes})]
    known = {code for code, _label in order}
    for ligne in lignes:  # an axe deleted since the fiche was frozen keeps its frozen label
        if ligne["axe"] not in known:
            known.add(ligne["axe"])
            order.append((ligne["axe"], ligne["axe_libelle"]))
    return [(label, [ligne for ligne in lignes if ligne["axe"] == code]) for code, label in order]


def contract_context(version: VersionContrat, *, projet: bool, reference: str | None = None) -> dict:
    """Everything the document shows, computed from the frozen fiches (or the live ones in a draft)."""
    contrat, territoire = version.contrat, version.contrat.territoire
    lignes: list[dict[str, Any]] = []
    for ligne in version.lignes.select_related("fiche__territoire", "fiche__axe").prefetch_related(
        "fiche__financements__operateur"
    ):
        data = ligne.instantane or snapshot(ligne.fiche)
        lignes.append(
            {"ordre": ligne.ordre, "ferme": ligne.engagement_ferme, **data, "cout": Decimal(data["cout_total"])}
        )
    par_axe = _by_axe(lignes, territoire.phase_id)
    totaux_axe = [
        (label, sum((ligne["cout"] for ligne in items), Decimal("0")), len(items)) for label, items in par_axe
    ]
    par_financeur: defaultdict[str, Decimal] = defaultdict(Decimal)
    for fiche in lignes:
        for financement in fiche["financements"]:
            par_financeur[financement["financeur"]] += Decimal(financement["montant"])
    from gouvernance.models import Binome, Comite

    binome = Binome.objects.current().filter(territoire=territoire).select_related("elu", "industriel").first()
    comite = Comite.objects.filter(type="projet", territoire=territoire).first()
    parties = list(version.parties.select_related("signature").order_by("ordre"))
    from protocoles.models import Protocole

    # The contract follows its territory's protocole d'accord: its date and place come from it, not from typing.
    protocole = Protocole.objects.filter(territoire=territoire, statut=Protocole.SIGNE).first()
    return {
        "version": version,
        "contrat": contrat,
        "territoire": territoire,
        "projet": projet,
        "par_axe": [(label, items) for label, items in par_axe if items],
        "lignes": lignes,
        "totaux_axe": totaux_axe,
        "total": sum((ligne["cout"] for ligne in lignes), Decimal("0")),
        "par_financeur": sorted(par_financeur.items(), key=lambda item: -item[1]),
        "nb_fermes": sum(1 for ligne in lignes if ligne["ferme"]),
        "binome": binome,
        "comite_nom": comite.nom if comite else "Comité de projet",
        "parties": parties,
        "protocole": protocole,
        "reference": reference,
        "url_verification": verification_url(reference) if reference else None,
        "qr": _qr_data_url(verification_url(reference)) if reference else None,
        "types_parties": dict(TypePartie.choices),
    }


def render_contract(version: VersionContrat, *, projet: bool, reference: str | None = None) -> bytes:
    html = render_to_string("contrats/contrat_pdf.html", contract_context(version, projet=projet, reference=reference))
    return render_pdf_html(html)


# The platform's seal lives in its own module; these names stay importable from here.
