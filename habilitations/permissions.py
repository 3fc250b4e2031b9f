"""The permission table: which roles may do which action on which resource.

It is data, read by the scoping layer (``habilitations.scoping.can``) and by the permission-matrix
test, so a rule is written once. The role is only half of the answer: the object must also lie
inside the scope of the mandate that carries the role (its territory, its région, or national).
"""

from .enums import ALL_ROLES, NATIONAL_ROLES, REGIONAL_ROLES, TERRITORIAL_ROLES, Role

# A pseudo-role: the author of the object, or a co-author holding a django-guardian grant on it.
AUTEUR = "auteur"

# Those who run a committee: the territory's team for its comité de projet, the regional pilot for
# the comité régional (and, helping, for the territories of the région), the delegation everywhere.
ANIMATEURS = frozenset(
    {Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME, Role.PILOTE_REGIONAL, Role.DELEGATION_NATIONALE}
)

# Reads: every role reads what lies in the scope of its mandate; the selectors of the scoping layer
# (``visible_*``) draw that scope, so another tenant's object is simply not found.
READERS = ALL_ROLES

# A cell names roles, or ``AUTEUR`` for the authors of the object itself.
PERMISSIONS: dict[str, dict[str, frozenset[Role | str]]] = {
    "tableau_de_bord": {
        "view": READERS,
    },
    "territoire": {
        "list": READERS,
        "view": READERS,
        "export": READERS,
        "change_statut": frozenset({Role.DELEGATION_NATIONALE, Role.PILOTE_REGIONAL}),
    },
    "region": {
        "view": REGIONAL_ROLES | NATIONAL_ROLES,
        "export": REGIONAL_ROLES | NATIONAL_ROLES,
    },
    "mandat": {
        # Who may give (and end) a mandate of each level, inside their own scope.
        "grant_territorial": frozenset(
            {
                Role.CHEF_DE_PROJET,
                Role.ELU_BINOME,
                Role.INDUSTRIEL_BINOME,
                Role.PILOTE_REGIONAL,
                Role.DELEGATION_NATIONALE,
            }
        ),
        "grant_regional": frozenset({Role.PILOTE_REGIONAL, Role.DELEGATION_NATIONALE}),
        # The State's and the Région's signatories of a contract: named by the level above only.
        "grant_regional_signatory": frozenset({Role.DELEGATION_NATIONALE}),
        "grant_national": frozenset({Role.DELEGATION_NATIONALE}),
    },
    "binome": {
        "change": frozenset({Role.CHEF_DE_PROJET, Role.PILOTE_REGIONAL, Role.DELEGATION_NATIONALE}),
    },
    "comite": {
        "view": READERS,
        "export": READERS,
        "manage_members": ANIMATEURS,
        "convene": ANIMATEURS,
    },
    "seance": {
        "view": READERS,
        "download": READERS,
        "record_attendance": ANIMATEURS,
        "publish": ANIMATEURS,
        "cancel": ANIMATEURS,
        # The role only opens the door: the service also requires a seat on the committee on the
        # séance's date, and refuses the author of the object decided.
        "decide": ALL_ROLES,
    },
    "fiche": {
        "list": READERS,
        "view": READERS,
        "export": READERS,
        "download": READERS,
        "create": frozenset({Role.PORTEUR_PROJET, Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME}),
        "edit": frozenset({AUTEUR}),
        "submit": frozenset({AUTEUR}),
        "attach": frozenset({AUTEUR}),
        "share": frozenset({AUTEUR, Role.CHEF_DE_PROJET}),
        "comment": TERRITORIAL_ROLES | frozenset({AUTEUR}),
        "follow_up": frozenset({AUTEUR, Role.CHEF_DE_PROJET}),
        "import": frozenset({Role.CHEF_DE_PROJET}),
        "answer_simplification": frozenset({Role.DELEGATION_NATIONALE}),
    },
    "contrat": {
        "view": READERS,
        "download": READERS,
        "prepare": frozenset({Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME}),
        # The role opens the page; the service narrows to the holder of the party's mandate (or the
        # chef de projet with the scanned page).
        "sign": frozenset(
            {
                Role.CHEF_DE_PROJET,
                Role.INDUSTRIEL_BINOME,
                Role.REFERENT_OPERATEUR,
                Role.PILOTE_REGIONAL,
                Role.SERVICES_ETAT_REGION,
            }
        ),
    },
    "demande_perimetre": {
        "view": READERS,
        "create": frozenset({Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME}),
    },
    "programme": {
        # Actions without an object: the whole programme is the scope, so only national roles.
        "view_overview": NATIONAL_ROLES,
        "admin": frozenset({Role.DELEGATION_NATIONALE}),
    },
}


def roles_for(resource: str, action: str) -> frozenset:
    try:
        return PERMISSIONS[resource][action]
    except KeyError:
        # An action nobody declared is an action nobody may do: fail closed, loudly in tests.
        raise LookupError(f"Action non déclarée dans la table des permissions : {resource}.{action}") from None


# Every page and endpoint of the portal and the cell of the table that governs it, with the kind of
# object its URL names. The permission-matrix test walks the URL configuration: a route missing
# here fails it. PUBLIC routes need no mandate (sign-in, verification of a sealed contract, health).
PUBLIC = "public"
SIGNED_IN = "signed_in"  # any account, even without a mandate: its own pages and the good practices

ROUTES: dict[str, tuple[str, str, str | None] | str] = {
    "accueil": PUBLIC,
    "sante": PUBLIC,
    "legal:accessibilite": PUBLIC,
    "legal:mentions_legales": PUBLIC,
    "legal:donnees_personnelles": PUBLIC,
    "legal:cookies": PUBLIC,
    "legal:plan_du_site": PUBLIC,
    # Each person's own notices and choices; the unsubscribe link is its own proof (signed), no sign-in.
    "notifications:list": SIGNED_IN,
    "notifications:open": SIGNED_IN,
    "notifications:preferences": SIGNED_IN,
    "notifications:unsubscribe": PUBLIC,
    # « Mon compte »: a person's own account, tokens and sessions, with or without a mandate.
    "habilitations:mon_compte": SIGNED_IN,
    "habilitations:jeton_create": SIGNED_IN,
    "habilitations:jeton_revoke": SIGNED_IN,
    "habilitations:other_sessions_end": SIGNED_IN,
    "habilitations:password_change": SIGNED_IN,
    "comptes:login": PUBLIC,
    "comptes:logout": PUBLIC,
    "comptes:password_reset": PUBLIC,
    "comptes:password_reset_done": PUBLIC,
    "comptes:password_reset_confirm": PUBLIC,
    "comptes:password_reset_complete": PUBLIC,
    "comptes:oidc_authentication_init": PUBLIC,
    "comptes:oidc_authentication_callback": PUBLIC,
    "gouvernance:invitation_accept": PUBLIC,
    "contrats:verifier": PUBLIC,
    "contrats:verifier_reference": PUBLIC,
    "api_token": PUBLIC,
    "api_schema": PUBLIC,
    "api_docs": PUBLIC,
    "api-root": SIGNED_IN,
    "fiches_actions:search": SIGNED_IN,
    "pilotage:tableau_de_bord": ("tableau_de_bord", "view", None),
    "api_chiffres": ("tableau_de_bord", "view", None),
    # Everyone's own tasks, computed in their own scope (an account without a mandate has none).
    "api_a_faire": SIGNED_IN,
    # Open data: public by design, rate-limited, holding nothing of a person.
    "api_public": PUBLIC,
    "pilotage:donnees_ouvertes": PUBLIC,
    "pilotage:donnees_ouvertes_csv": PUBLIC,
    "pilotage:donnees_ouvertes_schema": PUBLIC,
    "gouvernance:national_activity": ("programme", "view_overview", None),
    "gouvernance:territoire_list": ("territoire", "list", None),
    "gouvernance:territoire_detail": ("territoire", "view", "territoire"),
    "gouvernance:territoire_carte": ("territoire", "view", "territoire"),
    "gouvernance:territoire_gouvernance": ("territoire", "view", "territoire"),
    "gouvernance:region_detail": ("region", "view", "region"),
    "gouvernance:region_gouvernance": ("region", "view", "region"),
    "gouvernance:binome_change": ("binome", "change", "territoire"),
    "gouvernance:demande_create": ("demande_perimetre", "create", "territoire"),
    "gouvernance:demande_detail": ("demande_perimetre", "view", "demande"),
    "gouvernance:financeurs_create": ("comite", "manage_members", "region"),
    "gouvernance:comite_detail": ("comite", "view", "comite"),
    "gouvernance:membre_add": ("comite", "manage_members", "comite"),
    "gouvernance:membre_end": ("comite", "manage_members", "membre"),
    "gouvernance:seance_create": ("comite", "convene", "comite"),
    "gouvernance:seance_record_past": ("comite", "convene", "comite"),
    "gouvernance:seance_detail": ("seance", "view", "seance"),
    "gouvernance:seance_attendance": ("seance", "record_attendance", "seance"),
    "gouvernance:seance_publish": ("seance", "publish", "seance"),
    "gouvernance:seance_cancel": ("seance", "cancel", "seance"),
    "gouvernance:seance_move": ("seance", "cancel", "seance"),
    "gouvernance:seance_releve_pdf": ("seance", "download", "seance"),
    "gouvernance:decision_create": ("seance", "decide", "point"),
    "gouvernance:mandat_end": ("mandat", "grant_territorial", "mandat"),
    "gouvernance:invitation_create": ("mandat", "grant_territorial", None),
    "fiches_actions:fiche_list": ("fiche", "list", None),
    "fiches_actions:plan_actions": ("territoire", "view", "territoire"),
    "fiches_actions:simplification_list": ("fiche", "list", None),
    "fiches_actions:fiche_create": ("fiche", "create", None),
    "fiches_actions:import": ("fiche", "import", None),
    "fiches_actions:import_template": ("fiche", "import", None),
    "fiches_actions:import_detail": ("fiche", "import", "import"),
    "fiches_actions:import_status": ("fiche", "import", "import"),
    "fiches_actions:fiche_detail": ("fiche", "view", "fiche"),
    "fiches_actions:fiche_version": ("fiche", "view", "fiche"),
    "fiches_actions:fiche_step": ("fiche", "edit", "fiche"),
    "fiches_actions:fiche_summary": ("fiche", "submit", "fiche"),
    "fiches_actions:fiche_share": ("fiche", "share", "fiche"),
    "fiches_actions:piece_upload": ("fiche", "attach", "fiche"),
    "fiches_actions:piece_delete": ("fiche", "attach", "piece"),
    "fiches_actions:piece_download": ("fiche", "download", "piece"),
    "fiches_actions:comment_create": ("fiche", "comment", "fiche"),
    "fiches_actions:follow_up": ("fiche", "follow_up", "fiche"),
    "fiches_actions:simplification_answer": ("fiche", "answer_simplification", "fiche"),
    "protocoles:protocole_detail": ("contrat", "view", "territoire"),
    "protocoles:protocole_pdf": ("contrat", "download", "territoire"),
    "contrats:contrat_create": ("contrat", "prepare", "territoire"),
    "contrats:contrat_detail": ("contrat", "view", "contrat"),
    "contrats:contrat_edit": ("contrat", "prepare", "contrat"),
    "contrats:contrat_delete": ("contrat", "prepare", "contrat"),
    "contrats:avenant_create": ("contrat", "prepare", "contrat"),
    "contrats:version_fiches": ("contrat", "prepare", "version"),
    "contrats:version_submit": ("contrat", "prepare", "version"),
    "contrats:document_retry": ("contrat", "prepare", "version"),
    "contrats:version_preview": ("contrat", "download", "version"),
    "contrats:version_download": ("contrat", "download", "version"),
    "contrats:document_status": ("contrat", "view", "version"),
    "contrats:partie_sign": ("contrat", "sign", "partie"),
    "contrats:partie_add": ("contrat", "prepare", "version"),
    "contrats:partie_remove": ("contrat", "prepare", "partie"),
    # The REST API: one row per resource of the router; list and detail are reads, writes are the
    # fiche's own actions (create, edit, submit) through the same services as the pages.
    # Régions, départements and EPCI through the API are the INSEE reference data (code, name,
    # chef-lieu), the same for everyone signed in; a région's governance pages stay regional.
    "region-list": SIGNED_IN,
    "region-detail": SIGNED_IN,
    "departement-list": SIGNED_IN,
    "departement-detail": SIGNED_IN,
    "epci-list": SIGNED_IN,
    "epci-detail": SIGNED_IN,
    "territoire-list": ("territoire", "list", None),
    "territoire-detail": ("territoire", "view", "territoire"),
    "comite-list": ("comite", "view", None),
    "comite-detail": ("comite", "view", "comite"),
    "seance-list": ("seance", "view", None),
    "seance-detail": ("seance", "view", "seance"),
    "decision-list": ("seance", "view", None),
    "decision-detail": ("seance", "view", "decision"),
    "fiche-list": ("fiche", "list", None),
    "fiche-detail": ("fiche", "view", "fiche"),
    "fiche-deposer": ("fiche", "submit", "fiche"),
    "protocole-list": ("contrat", "view", None),
    "protocole-detail": ("contrat", "view", "protocole"),
    "contrat-list": ("contrat", "view", None),
    "contrat-detail": ("contrat", "view", "contrat"),
    # Writes through the API: the same permission as the page that does the same.
    "seance-decisions": ("seance", "decide", "seance"),
    "seance-publier": ("seance", "publish", "seance"),
    "protocole-signer": ("contrat", "prepare", "protocole"),
    "contrat-lignes": ("contrat", "prepare", "contrat"),
    "contrat-parties": ("contrat", "prepare", "contrat"),
    "contrat-soumettre": ("contrat", "prepare", "contrat"),
    "contrat-signatures": ("contrat", "sign", "contrat"),
}
