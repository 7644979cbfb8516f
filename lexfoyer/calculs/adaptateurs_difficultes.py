"""Calculation adapters of the « difficultés » domain, second half (unpaid instalments,
déchéance du terme, surendettement, saisie, vente à réméré, ADIL 49).

Each adapter gathers the dossier figures a pure function of :mod:`defaillance` needs and
raises :class:`Manque` with their dossier paths when one is missing, so the conclusion
becomes « à vérifier » and names what to ask the client. Parameters arrive already read
at the rule's governing date (loan signature, déchéance, admission of the file).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lexfoyer.calculs import Resultat
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.defaillance import (couverture_dettes, durees_surendettement, part_restant_due, prescription_biennale,
                          sommes_exigibles, taux_majore_max)
from lexfoyer.calculs.soulte import valeur_retenue


def _nombre(valeur) -> Decimal | None:
    """Dossier numbers arrive as Decimal or int; never let an int divide into a float."""
    if valeur is None or isinstance(valeur, bool):
        return None
    return Decimal(valeur)


def _valeur_du_bien(ctx: ContexteCalcul, bien_id: str | None, chemin_pret: str) -> Decimal:
    """Mean of the bien's estimations, as for the soulte (the figure a notary would retain)."""
    if not bien_id:
        raise Manque([f"{chemin_pret}.bien"])
    for i, bien in enumerate(ctx.donnees.get("biens", [])):
        if bien.get("id") == bien_id:
            if not bien.get("estimations"):
                raise Manque([f"biens[{i}].estimations"])
            return valeur_retenue([Decimal(e) for e in bien["estimations"]]).montants["valeur_retenue"]
    raise Manque([f"{chemin_pret}.bien"])


def _majoration(ctx: ContexteCalcul) -> Resultat:
    """L.313-50 / R.313-26: the loan rate plus the points allowed at signature."""
    (taux,) = ctx.champs("taux_nominal")
    return taux_majore_max(taux, ctx.parametre("majoration"))


def _sommes_decheance(ctx: ContexteCalcul) -> Resultat:
    """L.313-51 / R.313-28: capital and interest due, indemnity cap, late interest if the rate is known."""
    capital, interets = ctx.champs("capital_restant_du", "incidents.interets_echus_impayes")
    return sommes_exigibles(capital, interets, ctx.parametre("indemnite"), _nombre(ctx.sujet.get("taux_nominal")))


def _prescription(ctx: ContexteCalcul) -> Resultat:
    """L.218-2: two years from the déchéance (capital) and from the oldest unpaid instalment."""
    (decheance,) = ctx.champs("incidents.decheance_du_terme.date")
    premier = (ctx.sujet.get("incidents") or {}).get("premier_impaye_date")
    return prescription_biennale(date.fromisoformat(decheance), int(ctx.parametre("delai")), ctx.date_reference,
                                 date.fromisoformat(premier) if premier else None)


def _durees_surendettement(ctx: ContexteCalcul) -> Resultat:
    """Plan and rescheduling bounds for this borrower's loans (L.732-3, L.733-1 1°, L.733-3).

    The remaining terms are optional inputs: without all of them only the plan bound is
    given, and the formula says the rescheduling bound is unknown.
    """
    moi = ctx.sujet["id"]
    durees: list[Decimal] | None = []
    for pret in ctx.donnees.get("prets", []):
        if moi in pret.get("emprunteurs", []):
            duree = _nombre(pret.get("duree_restante_mois"))
            if duree is None:
                durees = None
                break
            durees.append(duree)
    return durees_surendettement(ctx.parametre("duree_max"), durees)


def _dettes_du_menage(ctx: ContexteCalcul) -> list[tuple[str, Decimal]]:
    """Every loan's capital and arrears, and the household's other debts (all required).

    The arrears of a loan are needed unless the dossier states that none is unpaid
    (``impayes: 0``): an unknown count is not taken for zero.
    """
    dettes, manquants = [], []
    for i, pret in enumerate(ctx.donnees.get("prets", [])):
        crd = _nombre(pret.get("capital_restant_du"))
        if crd is None:
            manquants.append(f"prets[{i}].capital_restant_du")
        else:
            dettes.append((f"prêt {pret['id']}", crd))
        incidents = pret.get("incidents") or {}
        arrieres = _nombre(incidents.get("montant_impayes"))
        if arrieres is not None:
            dettes.append((f"impayés {pret['id']}", arrieres))
        elif _nombre(incidents.get("impayes")) != 0:
            manquants.append(f"prets[{i}].incidents.montant_impayes")
    autres = _nombre((ctx.donnees.get("difficultes") or {}).get("autres_dettes"))
    if autres is None:
        manquants.append("difficultes.autres_dettes")
    else:
        dettes.append(("autres dettes", autres))
    if manquants:
        raise Manque(manquants)
    return dettes


def _couverture_dettes(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 1659: would selling this bien (with a right of repurchase) repay every debt?"""
    if not ctx.sujet.get("estimations"):
        raise Manque([f"{ctx.chemin}.estimations"])
    valeur = valeur_retenue([Decimal(e) for e in ctx.sujet["estimations"]]).montants["valeur_retenue"]
    return couverture_dettes(valeur, _dettes_du_menage(ctx))


def _part_restant_due(ctx: ContexteCalcul) -> Resultat:
    """ADIL 49: capital still owed on every loan financing this loan's bien, against its value."""
    bien_id = ctx.sujet.get("bien")
    valeur = _valeur_du_bien(ctx, bien_id, ctx.chemin)
    total, manquants = Decimal(0), []
    for i, pret in enumerate(ctx.donnees.get("prets", [])):
        if pret.get("bien") == bien_id:
            crd = _nombre(pret.get("capital_restant_du"))
            if crd is None:
                manquants.append(f"prets[{i}].capital_restant_du")
            else:
                total += crd
    if manquants:
        raise Manque(manquants)
    return part_restant_due(valeur, total)


FONCTIONS = (
    FonctionCalcul("taux_majore_max", "taux maximal après majoration pour impayés (sans déchéance du terme)",
                   frozenset({"taux_majore_max", "majoration_max"}), _majoration),
    FonctionCalcul("sommes_decheance", "sommes exigibles après déchéance du terme et indemnité maximale",
                   frozenset({"capital_et_interets", "indemnite_max", "total_max", "interets_retard_mensuels"}),
                   _sommes_decheance),
    FonctionCalcul("prescription_biennale", "dates de prescription de l'action de la banque (capital, échéances)",
                   frozenset({"prescription_capital", "prescription_premier_impaye"}), _prescription),
    FonctionCalcul("durees_surendettement", "durées maximales du plan et du rééchelonnement de surendettement",
                   frozenset({"duree_max_plan_mois", "reechelonnement_max_mois"}), _durees_surendettement),
    FonctionCalcul("couverture_dettes", "valeur du bien comparée à l'ensemble des dettes du ménage",
                   frozenset({"valeur_retenue", "dettes", "marge"}), _couverture_dettes),
    FonctionCalcul("part_restant_due", "part de la valeur du bien restant à rembourser",
                   frozenset({"valeur_retenue", "capital_restant_du_total", "part_restant_due_pourcent", "ecart_moitie"}),
                   _part_restant_due),
)
