"""When the borrower no longer pays: the figures a lawyer checks in the bank's claim.

Conclusions of spec/conclusions.md § 4, second half: ``impayes.majoration``,
``decheance.sommes_exigibles``, ``decheance.prescription_biennale``,
``surendettement.depot``, ``solution.vente_remere`` and ``aide.adil49``.

The Code de la consommation caps what a lender may claim from a defaulting borrower
(L.313-50 to L.313-52, formerly L.312-22 and L.312-23; R.313-26 and R.313-28, formerly
R.312-3): either a rate raised by at most 3 points while the loan continues, or, after the
déchéance du terme, the capital and interest due plus an indemnity of at most 7 % — and
nothing else but proven taxable costs. Its action is time-barred two years after each
instalment falls due and, for the capital, after the déchéance (L.218-2, formerly L.137-2;
not the 5-year art. 2277 C. civ. the guides still cite, repealed in 2008). Every rate,
percentage and period is an argument: the caller reads it from the knowledge base at the
date that governs (the loan's signature, the déchéance, the admission of the file).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lexfoyer.calculs import Resultat, arrondi_centime, pourcentage
from lexfoyer.calculs.calendrier import ajouter_mois
from lexfoyer.calculs.format import MOINS, format_date, format_euros, format_nombre, format_pourcent, positif

ZERO = Decimal(0)
DEUX = Decimal(2)
DOUZE = Decimal(12)
CENT = Decimal(100)
CENTIEME = Decimal("0.01")


def taux_majore_max(taux_nominal_pourcent: Decimal, majoration_max_points: Decimal) -> Resultat:
    """Highest rate the lender may apply while unpaid instalments last, without déchéance.

    L.313-50 / R.313-26 (formerly L.312-22 and R.312-3): the rate may be raised by at most
    ``majoration_max_points`` (3) until the borrower resumes the normal schedule. The
    result is the loan rate plus the points, in percent, exact (no rounding needed: both
    are given to a few decimals).
    """
    taux = positif(taux_nominal_pourcent, "taux nominal")
    points = positif(majoration_max_points, "majoration maximale")
    majore = taux + points
    formule = (f"taux majoré maximal : {format_pourcent(taux)} + {format_nombre(points, None)} points"
               f" = {format_pourcent(majore)}, jusqu'à la reprise normale des échéances")
    return Resultat(montants={"taux_majore_max": majore, "majoration_max": points}, formule=formule)


def sommes_exigibles(
    capital_restant_du: Decimal,
    interets_echus: Decimal,
    indemnite_max_pourcent: Decimal,
    taux_nominal_pourcent: Decimal | None = None,
) -> Resultat:
    """The most the lender may claim after the déchéance du terme.

    L.313-51 / R.313-28 (formerly L.312-22 and R.312-3): the capital remaining due and the
    interest fallen due (``capital_et_interets``), plus an indemnity of at most
    ``indemnite_max_pourcent`` (7 %) of those sums (``indemnite_max``, to the cent,
    half-up), hence ``total_max``; L.313-52 excludes any other cost than proven taxable
    costs. The sums bear late interest at the loan rate until paid: when the rate is
    known, ``interets_retard_mensuels`` gives one month of it on the capital alone (an
    order of magnitude for the lawyer; interest on interest needs capitalisation, which we
    do not assume). The judge may reduce a manifestly excessive indemnity (C. civ. 1231-5).
    """
    capital = positif(capital_restant_du, "capital restant dû")
    interets = positif(interets_echus, "intérêts échus impayés")
    pourcent = positif(indemnite_max_pourcent, "indemnité maximale")
    base = capital + interets
    indemnite = arrondi_centime(pourcentage(base, pourcent))
    total = arrondi_centime(base) + indemnite
    montants = {"capital_et_interets": arrondi_centime(base), "indemnite_max": indemnite, "total_max": total}
    lignes = [
        f"capital et intérêts échus : {format_nombre(capital)} + {format_nombre(interets)} = {format_euros(base)}",
        f"indemnité maximale : {format_nombre(base)} × {format_pourcent(pourcent)} = {format_euros(indemnite)}",
        f"total maximal (hors frais taxables justifiés) : {format_nombre(base)} + {format_nombre(indemnite)} = {format_euros(total)}",
    ]
    if taux_nominal_pourcent is not None:
        taux = positif(taux_nominal_pourcent, "taux nominal")
        mensuels = arrondi_centime(pourcentage(capital, taux) / DOUZE)
        montants["interets_retard_mensuels"] = mensuels
        lignes.append(f"intérêts de retard au taux du prêt, par mois, sur le capital : {format_nombre(capital)}"
                      f" × {format_pourcent(taux)} / 12 = {format_euros(mensuels)}")
    return Resultat(montants=montants, formule="\n".join(lignes))


def prescription_biennale(
    decheance: date,
    delai_mois: int,
    date_reference: date,
    premier_impaye: date | None = None,
) -> Resultat:
    """When the lender's claim becomes time-barred (L.218-2, formerly L.137-2).

    Two years (``delai_mois``) run for the capital from the déchéance du terme, and for
    each unpaid instalment from its own due date (Cass. 1re civ., 11 Feb. 2016; C. civ.
    2233): ``prescription_capital`` is the last day the lender may still act for the
    capital, ``prescription_premier_impaye`` the same for the oldest unpaid instalment.
    Whether the period has run out at the reference date is a condition of the rule (date
    arithmetic in ``rules/difficultes.yaml``); the formula says how many days remain.
    """
    if delai_mois <= 0:
        raise ValueError("délai de prescription nul ou négatif")
    limite = ajouter_mois(decheance, delai_mois)
    restants = (limite - date_reference).days
    dates = {"prescription_capital": limite}
    etat = "délai écoulé" if restants < 0 else f"{restants} jour(s) restant(s)"
    lignes = [f"capital : déchéance du {format_date(decheance)} + {delai_mois} mois = action possible jusqu'au"
              f" {format_date(limite)} ({etat} au {format_date(date_reference)})"]
    if premier_impaye is not None:
        limite_echeance = ajouter_mois(premier_impaye, delai_mois)
        dates["prescription_premier_impaye"] = limite_echeance
        lignes.append(f"échéance impayée la plus ancienne : {format_date(premier_impaye)} + {delai_mois} mois ="
                      f" action possible jusqu'au {format_date(limite_echeance)} (chaque échéance suivante"
                      f" deux ans après sa propre date)")
    return Resultat(dates=dates, formule="\n".join(lignes))


def durees_surendettement(duree_max_plan_mois: Decimal, durees_restantes_mois: list[Decimal] | None) -> Resultat:
    """Longest plan and longest rescheduling the commission may grant.

    A plan lasts at most ``duree_max_plan_mois`` (84 months for files admitted since
    2016-07-01, 96 before; L.732-3, L.733-3), except for measures on the loans of the main
    residence that avoid its sale. A rescheduling may reach that length **or** half the
    remaining term of the loans, whichever is longer (L.733-1 1°; the guide 003 states
    only the half): ``reechelonnement_max_mois`` = max(plan, longest remaining term / 2).
    With no remaining term known (``None`` or a list with a gap), the rescheduling bound
    is left out and the formula says why rather than guessing.
    """
    plan = positif(duree_max_plan_mois, "durée maximale du plan")
    montants = {"duree_max_plan_mois": plan}
    lignes = [f"plan : {format_nombre(plan, None)} mois au plus (hors mesures qui évitent la vente de la résidence principale)"]
    if durees_restantes_mois:
        durees = [positif(d, "durée restante") for d in durees_restantes_mois]
        moitie = max(durees) / DEUX
        reechelonnement = max(plan, moitie)
        montants["reechelonnement_max_mois"] = reechelonnement
        lignes.append(f"rééchelonnement : max({format_nombre(plan, None)} ; {format_nombre(max(durees), None)} / 2"
                      f" = {format_nombre(moitie, None)}) = {format_nombre(reechelonnement, None)} mois au plus")
    else:
        lignes.append(f"rééchelonnement : {format_nombre(plan, None)} mois, ou la moitié de la durée restant à courir"
                      " des prêts si elle est plus longue (durée restante non renseignée)")
    return Resultat(montants=montants, formule="\n".join(lignes))


def couverture_dettes(valeur_bien: Decimal, dettes: list[tuple[str, Decimal]]) -> Resultat:
    """Does the value of the home cover every debt? (vente à réméré, C. civ. 1659).

    A sale with a right of repurchase only helps if its price repays all the debts; the
    guide 003 adds the costs of the sale, which we cannot know: ``marge`` = value − debts
    must also absorb them, and the operation usually sells below value. ``dettes`` are
    (label, amount) pairs so the formula shows what was counted.
    """
    valeur = positif(valeur_bien, "valeur du bien")
    total = ZERO
    for nom, montant in dettes:
        total += positif(montant, nom)
    total = arrondi_centime(total)
    marge = arrondi_centime(valeur - total)
    detail = " + ".join(f"{format_nombre(m)} ({nom})" for nom, m in dettes) or "0,00"
    formule = (f"dettes : {detail} = {format_euros(total)}\n"
               f"marge : {format_nombre(valeur)} {MOINS} {format_nombre(total)} = {format_euros(marge)}"
               " (avant les frais de l'opération)")
    return Resultat(montants={"valeur_retenue": arrondi_centime(valeur), "dettes": total, "marge": marge},
                    formule=formule)


def part_restant_due(valeur_bien: Decimal, capital_restant_du: Decimal) -> Resultat:
    """Share of the home's value still owed (ADIL 49: more than half must remain due).

    ``part_restant_due_pourcent`` = CRD / value × 100, 2 decimals half-up, for display;
    ``ecart_moitie`` = CRD − value / 2, exact, is what the condition tests (a rounded
    percentage could turn 50.004 % into "not more than half").
    """
    valeur = positif(valeur_bien, "valeur du bien")
    crd = positif(capital_restant_du, "capital restant dû")
    if valeur == 0:
        raise ValueError("valeur du bien nulle : part restant due impossible à calculer")
    part = (crd / valeur * CENT).quantize(CENTIEME, rounding=ROUND_HALF_UP)
    ecart = crd - valeur / DEUX
    comparaison = ">" if ecart > 0 else "≤"
    formule = (f"part restant due : {format_nombre(crd)} / {format_nombre(valeur)} × 100 = {format_pourcent(part)}"
               f" ({comparaison} 50 %)")
    return Resultat(montants={"valeur_retenue": arrondi_centime(valeur), "capital_restant_du_total": arrondi_centime(crd),
                              "part_restant_due_pourcent": part, "ecart_moitie": ecart}, formule=formule)
