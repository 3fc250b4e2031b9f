"""The permission table: which roles may do which action on which resource.

It is data, read by the scoping layer (``gouvernance.scoping.can``) and by the permission-matrix
test, so a rule is written once. The role is only half of the answer: the object must also lie
inside the scope of the mandate that carries the role (its territory, its région, or national).
"""

from .enums import ALL_ROLES, NATIONAL_ROLES, REGIONAL_ROLES, Role

PERMISSIONS: dict[str, dict[str, frozenset[Role]]] = {
    "territoire": {
        "view": ALL_ROLES,
        "change_statut": frozenset({Role.DELEGATION_NATIONALE, Role.PILOTE_REGIONAL}),
    },
    "region": {
        "view": REGIONAL_ROLES | NATIONAL_ROLES,
    },
    "programme": {
        # Actions without an object: the whole programme is the scope, so only national roles.
        "view_overview": NATIONAL_ROLES,
        "admin": frozenset({Role.DELEGATION_NATIONALE}),
    },
}


def roles_for(resource: str, action: str) -> frozenset[Role]:
    try:
        return PERMISSIONS[resource][action]
    except KeyError:
        # An action nobody declared is an action nobody may do: fail closed, loudly in tests.
        raise LookupError(f"Action non déclarée dans la table des permissions : {resource}.{action}") from None
