"""Borrower insurance, contractual relief and the délai de grâce: pure calculations
(catalogue § 4, first half; source guide 003).

The insurance figures are **contract terms**, not law (C. civ. 1103: the contract binds
as it is written): franchise, maximum duration, age limit, excluded affections, share of
the instalment, caps. Every function therefore takes them as arguments read from the
dossier and never assumes the guide's example values (90 days, 1 095 days, 540 days…).

Only figures are computed here — amounts and dates. Whether a contract condition is met
(the insured is under the age limit, the franchise has run, the rate reaches the threshold)
is a condition of the rule in ``rules/assurance.yaml``, compared by the engine. Amounts are ``Decimal`` rounded half-up to the cent;
every result carries its formula in French so that a lawyer can redo it by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lexfoyer.calculs import Resultat, arrondi_centime, pourcentage
from lexfoyer.calculs.calendrier import ajouter_mois
from lexfoyer.calculs.format import format_date, format_euros, format_nombre, format_pourcent, positif
from lexfoyer.lecture.enregistrement import enregistrement

ZERO = Decimal(0)
JOURS_PAR_MOIS_CONTRAT = Decimal(30)  # « 1/30e si mensuel » : the daily benefit of a monthly instalment


# --------------------------------------------------------------------------- ITT

@enregistrement(frozen=True)
class PeriodeItt:
    """The dates of an ITT cover: first day paid, last possible day."""

    debut_prise_en_charge: date
    fin_prise_en_charge_max: date


def periode_itt(debut_arret: date, franchise_jours: int, duree_max_jours: int) -> PeriodeItt:
    """ITT cover dates under the contract.

    The franchise is a period of continuous interruption during which nothing is paid:
    with a 90-day franchise and a sick leave starting on day 1, the first day paid is
    day 91 (``debut_arret + franchise``). The maximum duration of the cover (often
    1 095 days) is counted from that first day paid: the last day that can be paid is
    ``debut + duree_max − 1``. Contracts that count the franchise inside the maximum are
    read from their own notice.
    """
    if franchise_jours < 0 or duree_max_jours <= 0:
        raise ValueError("franchise négative ou durée maximale nulle")
    debut = debut_arret + timedelta(days=franchise_jours)
    return PeriodeItt(debut, debut + timedelta(days=duree_max_jours - 1))


def prise_en_charge_itt(mensualite: Decimal, quotite_pourcent: Decimal, mode: str,
                        salaire_habituel: Decimal | None = None, indemnites_journalieres: Decimal | None = None,
                        complement_employeur: Decimal | None = None) -> Resultat:
    """Monthly benefit of the ITT guarantee.

    *forfaitaire*: the instalment × the insured quotité, whatever the income lost.
    *indemnitaire*: the loss of income (usual net salary − sick pay − the employer's
    top-up, never below zero), within the limit of instalment × quotité — so an employee
    whose employer keeps paying the full salary receives nothing (guide 003's example:
    1 600 € salary, 800 € sick pay, 800 € top-up → 0,00 €).
    """
    echeance = positif(mensualite, "mensualité")
    quotite = positif(quotite_pourcent, "quotité")
    assure = arrondi_centime(pourcentage(echeance, quotite))
    base = f"{format_euros(echeance)} × {format_pourcent(quotite)} = {format_euros(assure)}"
    if mode == "forfaitaire":
        return Resultat(montants={"prise_en_charge_mensuelle": assure},
                        formule=f"mode forfaitaire : mensualité × quotité = {base}")
    if mode != "indemnitaire":
        raise ValueError(f"mode d'indemnisation inconnu : {mode}")
    salaire = positif(salaire_habituel, "salaire habituel")
    ij = positif(indemnites_journalieres, "indemnités journalières")
    complement = positif(complement_employeur, "complément employeur")
    perte = max(salaire - ij - complement, ZERO)
    montant = min(assure, arrondi_centime(perte))
    formule = (f"mode indemnitaire : perte de revenu = {format_euros(salaire)} − {format_euros(ij)} − "
               f"{format_euros(complement)} = {format_euros(perte)} ; plafond mensualité × quotité = {base} ; "
               f"prise en charge = le plus faible = {format_euros(montant)}")
    return Resultat(montants={"prise_en_charge_mensuelle": montant}, formule=formule)


# --------------------------------------------------------------------------- perte d'emploi

def prise_en_charge_perte_emploi(mensualite: Decimal, prise_en_charge_pourcent: Decimal, quotite_pourcent: Decimal,
                                 plafond: tuple[Decimal, Decimal] | None = None) -> Resultat:
    """Monthly benefit of the job-loss guarantee: instalment (without insurance) × the
    option's share (50 % or 75 % in guide 003's clause) × the insured quotité.

    ``plafond`` = (average net salary of the last 12 months, monthly unemployment benefit)
    when the contract caps the benefit at the income actually lost (the clause quoted by
    guide 003): the benefit never exceeds salary − benefit, and never goes below zero.
    The daily benefit is the monthly one divided by 30 (« 1/30e si mensuel »).
    """
    echeance = positif(mensualite, "mensualité")
    part = positif(prise_en_charge_pourcent, "prise en charge")
    quotite = positif(quotite_pourcent, "quotité")
    brut = pourcentage(pourcentage(echeance, part), quotite)
    montant = arrondi_centime(brut)
    formule = (f"{format_euros(echeance)} × {format_pourcent(part)} × {format_pourcent(quotite)} = "
               f"{format_euros(montant)} par mois")
    if plafond is not None:
        salaire, allocation = (positif(plafond[0], "salaire net moyen"), positif(plafond[1], "allocation chômage"))
        perte = max(salaire - allocation, ZERO)
        if perte < montant:
            montant = arrondi_centime(perte)
        formule += (f", plafonné à la perte de revenu {format_euros(salaire)} − {format_euros(allocation)} = "
                    f"{format_euros(perte)} → {format_euros(montant)} par mois")
    return Resultat(montants={"prise_en_charge_mensuelle": montant,
                              "indemnite_journaliere": arrondi_centime(montant / JOURS_PAR_MOIS_CONTRAT)},
                    formule=formule)


def fin_carence(date_souscription: date, carence_mois: int) -> date:
    """End of the carence that follows subscription (a job lost before it is not covered)."""
    return ajouter_mois(date_souscription, carence_mois)


def jours_indemnisables(duree_max_jours: int, plafond_total_jours: int, jours_deja_indemnises: int) -> int:
    """Days this event can still be paid: the per-event maximum (540 days in guide 003's
    clause), within what is left of the lifetime total over the loan (1 080 days)."""
    restant = max(plafond_total_jours - jours_deja_indemnises, 0)
    return min(duree_max_jours, restant)


def periode_perte_emploi(debut_indemnisation: date, franchise_jours: int, jours: int) -> tuple[date, date] | None:
    """First and last day paid: the franchise runs from the first day indemnified by
    France Travail (guide 003's clause); then at most ``jours`` days are paid."""
    if jours <= 0:
        return None
    debut = debut_indemnisation + timedelta(days=franchise_jours)
    return debut, debut + timedelta(days=jours - 1)


def total_perte_emploi(mensuel: Decimal, jours: int) -> Decimal:
    """Benefit for ``jours`` days at 1/30e of the monthly benefit per day, to the cent."""
    return arrondi_centime(positif(mensuel, "prise en charge mensuelle") * Decimal(jours) / JOURS_PAR_MOIS_CONTRAT)


# --------------------------------------------------------------------------- délai de grâce

def delai_de_grace(date_depart: date, duree_max_mois: Decimal, depassement_max_mois: Decimal | None = None,
                   date_fin_initiale: date | None = None) -> Resultat:
    """Outer limits of a délai de grâce (C. civ. 1343-5; C. conso. L.314-20).

    The judge may postpone or spread the sums due for at most ``duree_max_mois`` (24)
    from his decision — ``date_depart`` stands for the decision here, so the limit is an
    estimate that moves with the hearing date. For a credit, the last payment may not
    fall more than ``depassement_max_mois`` (24) after the loan's original last instalment.
    """
    mois = int(positif(duree_max_mois, "durée maximale"))
    fin = ajouter_mois(date_depart, mois)
    dates = {"fin_delai_grace_au_plus_tard": fin}
    formule = (f"report ou échelonnement de {mois} mois au plus : s'il était accordé le {format_date(date_depart)}, "
               f"jusqu'au {format_date(fin)} au plus tard")
    if depassement_max_mois is not None and date_fin_initiale is not None:
        depassement = int(positif(depassement_max_mois, "dépassement maximal"))
        derniere = ajouter_mois(date_fin_initiale, depassement)
        dates["derniere_echeance_au_plus_tard"] = derniere
        formule += (f" ; dernière échéance du prêt au plus tard le {format_date(derniere)} "
                    f"(terme initial {format_date(date_fin_initiale)} + {depassement} mois)")
    return Resultat(montants={"duree_max_mois": Decimal(mois)}, dates=dates, formule=formule)


# --------------------------------------------------------------------------- suspension

def interets_mensuels(capital_restant_du: Decimal, taux_nominal_pourcent: Decimal) -> Resultat:
    """Interest of one month on the outstanding capital at the loan rate: what a total
    suspension adds to the capital for each month suspended (interest capitalised)."""
    crd = positif(capital_restant_du, "capital restant dû")
    taux = positif(taux_nominal_pourcent, "taux nominal")
    montant = arrondi_centime(pourcentage(crd, taux) / 12)
    return Resultat(montants={"interets_par_mois_suspendu": montant},
                    formule=(f"{format_euros(crd)} × {format_pourcent(taux)} / 12 = {format_euros(montant)} "
                             f"d'intérêts par mois de suspension totale, ajoutés au capital"))


def format_jours(jours: int) -> str:
    return f"{format_nombre(Decimal(jours), 0)} jour{'s' if abs(jours) > 1 else ''}"


# --------------------------------------------------------------------------- décès

def prise_en_charge_deces(capital_restant_du: Decimal, quotite_pourcent: Decimal) -> Resultat:
    """What the death guarantee repays to the lender: the capital still due × the insured
    quotité (the capital due on the day of death; the dossier's figure stands for it)."""
    crd = positif(capital_restant_du, "capital restant dû")
    quotite = positif(quotite_pourcent, "quotité")
    montant = arrondi_centime(pourcentage(crd, quotite))
    return Resultat(montants={"capital_pris_en_charge": montant},
                    formule=(f"capital restant dû × quotité assurée = {format_euros(crd)} × {format_pourcent(quotite)}"
                             f" = {format_euros(montant)} remboursés à la banque par l'assureur"))
