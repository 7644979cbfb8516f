"""French formatting of the figures shown in a ``Resultat.formule``, and input checking.

A lawyer or a notary reads the formula and redoes the sum by hand: the figures must be
written the French way (``150 000,00 €``, ``6,65 %``, ``01/07/2025``). The typography
follows the CLDR ``fr`` locale: a narrow no-break space (U+202F) groups the thousands and
precedes ``%``, a no-break space (U+00A0) precedes ``€``, the decimal mark is a comma and
a negative amount takes the minus sign U+2212, the same sign as in the formulas.

:func:`en_decimal` is the one gate through which every calculation takes its numbers:
``Decimal`` or ``int`` only, never a binary ``float`` (an amount that went through a
float may already be off by a cent).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lexfoyer.calculs import arrondi_centime

ESPACE_FINE = "\u202f"  # thousands separator, before %
ESPACE_INSECABLE = "\u00a0"  # before €
MOINS = "\u2212"  # minus sign, as in the formulas

#: digits shown at most for a rate given with more (e.g. a quote-part of 100/3 %)
DECIMALES_TAUX_MAX = 6


def en_decimal(valeur: object, nom: str = "valeur") -> Decimal:
    """Return ``valeur`` as a finite ``Decimal``; ``int`` is accepted, ``float`` refused.

    ``bool`` is refused too (``True`` is an ``int`` in Python, never an amount).
    """
    if isinstance(valeur, bool):
        raise TypeError(f"{nom} : un booléen n'est pas un nombre ({valeur!r})")
    if isinstance(valeur, float):
        raise TypeError(f"{nom} : nombre flottant refusé ({valeur!r}), utiliser Decimal")
    if isinstance(valeur, int):
        return Decimal(valeur)
    if not isinstance(valeur, Decimal):
        raise TypeError(f"{nom} : Decimal ou int attendu, reçu {type(valeur).__name__}")
    if not valeur.is_finite():
        raise ValueError(f"{nom} : nombre non fini ({valeur})")
    return sans_zero_negatif(valeur)


def sans_zero_negatif(valeur: Decimal) -> Decimal:
    """``Decimal("-0.00")`` → ``Decimal("0.00")``: no figure shown to a lawyer is « -0.00 »
    (a zero keeps its decimals; any other value is returned as it is)."""
    return valeur.copy_abs() if isinstance(valeur, Decimal) and valeur.is_zero() else valeur



def positif(valeur: object, nom: str) -> Decimal:
    """``en_decimal`` that also refuses a negative amount, with a French message."""
    montant = en_decimal(valeur, nom)
    if montant < 0:
        raise ValueError(f"{nom} ne peut pas être négatif ({montant})")
    return montant

def _grouper(entier: str) -> str:
    """``"1234567"`` → ``"1 234 567"`` with narrow no-break spaces."""
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    return ESPACE_FINE.join(groupes)


def format_nombre(valeur: Decimal, decimales: int | None = 2) -> str:
    """French number: ``Decimal("400000")`` → ``"400 000,00"``.

    ``decimales`` rounds half-up for display; ``None`` keeps the digits of ``valeur``
    (an exact intermediate product such as ``314,405`` stays visible).
    """
    valeur = en_decimal(valeur)
    if decimales is not None:
        valeur = valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    texte = format(valeur, "f")
    negatif = texte.startswith("-")
    if negatif:
        texte = texte[1:]
    entier, _, fraction = texte.partition(".")
    resultat = _grouper(entier) + ("," + fraction if fraction else "")
    if negatif and valeur != 0:
        resultat = MOINS + resultat
    return resultat


def format_euros(montant: Decimal) -> str:
    """``Decimal("150000")`` → ``"150 000,00 €"`` (rounded half-up to the cent)."""
    return format_nombre(arrondi_centime(en_decimal(montant, "montant")), 2) + ESPACE_INSECABLE + "€"


def format_pourcent(taux: Decimal, decimales: int | None = None) -> str:
    """A rate in percent, as given: ``Decimal("6.65")`` → ``"6,65 %"``, ``50`` → ``"50 %"``.

    With ``decimales=None`` the digits of the rate are kept as given (``1.10`` → ``1,10 %``),
    except that a rate with more than six decimals (a quote-part of 100/3 %) is shown
    rounded to six, trailing zeros dropped.
    """
    taux = en_decimal(taux, "taux")
    if decimales is None:
        exposant = taux.as_tuple().exponent
        if isinstance(exposant, int) and exposant < -DECIMALES_TAUX_MAX:
            taux = taux.quantize(Decimal(1).scaleb(-DECIMALES_TAUX_MAX), rounding=ROUND_HALF_UP)
            taux = taux.normalize() if taux != taux.to_integral_value() else taux.quantize(Decimal(1))
        elif isinstance(exposant, int) and exposant > 0:
            taux = taux.quantize(Decimal(1))
    return format_nombre(taux, decimales) + ESPACE_FINE + "%"


def format_date(jour: date) -> str:
    """``date(2025, 7, 1)`` → ``"01/07/2025"``."""
    return jour.strftime("%d/%m/%Y")
