"""The permission table: which roles may do which action on which resource.

It is data, read by the scoping layer (``gouvernance.scoping.can``) and by the permission-matrix
test, so a rule is written once. The role is only half of the answer: the object must also lie
inside the scope of the mandate that carries the role (its territory, its région, or national).
"""

from .enums import ALL_ROLES, NATIONAL_ROLES, REGIONAL_ROLES, TERRITORIAL_ROLES, Role

# A pseudo-role: the author of the object, or a co-author holding a django-guardian grant on it.
AUTEUR = "auteur"

# Those who run a committee: the territory's team for its comité de projet, the regional pilot for
# the comité régional (and, helping, for the territories of the région), the delegation everywhere.
ANIMATEURS = frozenset({Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME, Role.PILOTE_REGIONAL,
                        Role.DELEGATION_NATIONALE})

PERMISSIONS: dict[str, dict[str, frozenset[Role]]] = {
    "territoire": {
        "view": ALL_ROLES,
        "change_statut": frozenset({Role.DELEGATION_NATIONALE, Role.PILOTE_REGIONAL}),
    },
    "region": {
        "view": REGIONAL_ROLES | NATIONAL_ROLES,
    },
    "binome": {
        "change": frozenset({Role.CHEF_DE_PROJET, Role.PILOTE_REGIONAL, Role.DELEGATION_NATIONALE}),
    },
    "comite": {
        "view": ALL_ROLES,
        "manage_members": ANIMATEURS,
        "convene": ANIMATEURS,
    },
    "seance": {
        "view": ALL_ROLES,
        "record_attendance": ANIMATEURS,
        "publish": ANIMATEURS,
        "cancel": ANIMATEURS,
        # The role only opens the door: the service also requires a seat on the committee on the
        # séance's date, and refuses the author of the object decided.
        "decide": ALL_ROLES,
    },
    "fiche": {
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
        "view": ALL_ROLES,
        "prepare": frozenset({Role.CHEF_DE_PROJET, Role.ELU_BINOME, Role.INDUSTRIEL_BINOME}),
    },
    "demande_perimetre": {
        "view": ALL_ROLES,
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
