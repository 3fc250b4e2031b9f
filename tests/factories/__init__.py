"""Test data per app, built with factory_boy (traits for the usual shapes). Governed objects whose
creation is a business act (fiches, séances, contracts) are made through their services in the
fixtures, so that tests start from states the portal itself can reach."""

from .comptes import UserFactory
from .habilitations import MandatFactory
from .protocoles import EnjeuFactory, ProtocoleFactory
from .territoires import (
    ContourFactory,
    DepartementFactory,
    EPCIFactory,
    RegionFactory,
    TerritoireFactory,
    operateur,
    outline,
    phase,
)

__all__ = [
    "ContourFactory",
    "DepartementFactory",
    "EPCIFactory",
    "EnjeuFactory",
    "MandatFactory",
    "ProtocoleFactory",
    "RegionFactory",
    "TerritoireFactory",
    "UserFactory",
    "operateur",
    "outline",
    "phase",
]
