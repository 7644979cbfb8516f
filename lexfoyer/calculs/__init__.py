"""Pure calculations of the law, on ``Decimal``.

Every function here is small, has no side effect and never sees a binary float: the
engine calls them from its actions, ``lexfoyer calc`` calls them from the command line,
and the unit tests pin them to the worked examples of the sources. Each returns a
:class:`Resultat` so that an amount always travels with the formula that produced it
(a notary checking the figures must be able to redo the sum by hand).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lexfoyer.lecture.enregistrement import champ, enregistrement

CENTIME = Decimal("0.01")


def arrondi_centime(montant: Decimal) -> Decimal:
    """Round to the cent, half-up: the convention of French accounting and notaries."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


def pourcentage(valeur: Decimal, taux_pourcent: Decimal) -> Decimal:
    """``valeur × taux / 100``, exact (no rounding)."""
    return valeur * taux_pourcent / Decimal(100)


@enregistrement(frozen=True)
class Resultat:
    """What a calculation returns.

    ``montants`` are amounts or rates (``Decimal``, rounded by the caller's contract:
    euros to the cent, rates to 2 decimals); ``dates`` are deadlines computed from the
    facts; ``formule`` is the French formula with the figures, shown to the lawyer.
    """

    montants: dict[str, Decimal] = champ(default_factory=dict)
    dates: dict[str, date] = champ(default_factory=dict)
    formule: str = ""
