"""Can the remaining borrower carry the loan alone? Conclusion
``desolidarisation.solvabilite`` (spec/conclusions.md § 1).

HCSF decision D-HCSF-2021-7 (binding on lenders from 2022-01-01): taux d'effort at most
35 % of net income, insurance included. The bank is never obliged to accept a
désolidarisation (C. civ. 1310, 1313): this figure only tells the lawyer how the bank is
likely to read the file. The ceiling is an argument (the caller reads it from the kb).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lexfoyer.calculs import Resultat, arrondi_centime, pourcentage
from lexfoyer.calculs.format import positif, MOINS, format_euros, format_nombre, format_pourcent

ZERO = Decimal(0)
CENT = Decimal(100)



def taux_effort(
    revenus_mensuels_nets: Decimal,
    mensualite: Decimal,
    mensualite_assurance: Decimal = ZERO,
    charges_mensuelles: Decimal = ZERO,
    pension_versee: Decimal = ZERO,
    taux_max_pourcent: Decimal = Decimal(35),
) -> Resultat:
    """Taux d'effort of the borrower left alone, and the instalment he could carry.

    ``taux_effort`` = (mensualité + assurance + charges + pension versée) / revenus × 100,
    rounded half-up to 2 decimals (HCSF: insurance counts; guide 004: banks count the
    pension alimentaire paid as a charge). ``mensualite_supportable`` = revenus × 35 %
    − charges − pension versée, to the cent: the ceiling for loan instalment + insurance
    together. It may be negative and is kept so: it tells the lawyer the gap.
    ``charges_mensuelles`` are the other loans and recurring charges the bank counts.
    """
    revenus = positif(revenus_mensuels_nets, "revenus mensuels nets")
    if revenus == 0:
        raise ValueError("revenus mensuels nets nuls : taux d'effort impossible à calculer")
    echeance = positif(mensualite, "mensualité")
    assurance = positif(mensualite_assurance, "mensualité d'assurance")
    charges = positif(charges_mensuelles, "charges mensuelles")
    pension = positif(pension_versee, "pension versée")
    plafond = positif(taux_max_pourcent, "taux d'effort maximal")

    postes = [(echeance, "mensualité"), (assurance, "assurance"), (charges, "charges"), (pension, "pension versée")]
    utiles = [(m, nom) for m, nom in postes if m or nom == "mensualité"]
    total = sum((m for m, _ in utiles), ZERO)
    taux = (total / revenus * CENT).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    supportable = arrondi_centime(pourcentage(revenus, plafond) - charges - pension)

    numerateur = " + ".join(format_nombre(m) for m, _ in utiles)
    if len(utiles) > 1:
        numerateur = f"({numerateur})"
    retenus = [format_nombre(m) for m in (charges, pension) if m]
    deductions = "".join(f" {MOINS} {m}" for m in retenus)
    comparaison = "≤" if taux <= plafond else ">"
    formule = (
        f"taux d'effort : {numerateur} / {format_nombre(revenus)} × 100 = {format_pourcent(taux)}"
        f" ({comparaison} {format_pourcent(plafond)})\n"
        f"mensualité supportable (assurance comprise) : {format_nombre(revenus)} × {format_pourcent(plafond)}"
        f"{deductions} = {format_euros(supportable)}"
    )
    return Resultat(
        montants={"taux_effort": taux, "mensualite_supportable": supportable},
        formule=formule,
    )
