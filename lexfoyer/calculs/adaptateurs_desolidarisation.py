"""Calculation adapters of the désolidarisation domain (section 1 of the catalogue)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lexfoyer.calculs import Resultat, arrondi_centime
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.calendrier import ajouter_mois
from lexfoyer.calculs.format import format_date, format_euros, format_pourcent
from lexfoyer.calculs.solvabilite import taux_effort


def _taux_effort(ctx: ContexteCalcul) -> Resultat:
    """The remaining borrower's effort if he keeps alone every loan shared with the requester."""
    demandeur = ctx.donnees.get("demandes", {}).get("desolidarisation", {}).get("demandeur")
    moi = ctx.sujet["id"]
    revenus, charges, pension = ctx.champs("revenus_mensuels_nets", "charges_mensuelles", "pension_alimentaire_versee")
    mensualite, assurance, manquants = Decimal(0), Decimal(0), []
    for i, pret in enumerate(ctx.donnees.get("prets", [])):
        emprunteurs = pret.get("emprunteurs", [])
        if moi in emprunteurs and demandeur in emprunteurs:
            for nom in ("mensualite", "mensualite_assurance"):
                if pret.get(nom) is None:
                    manquants.append(f"prets[{i}].{nom}")
            mensualite += Decimal(pret.get("mensualite") or 0)
            assurance += Decimal(pret.get("mensualite_assurance") or 0)
    if manquants:
        raise Manque(manquants)
    if revenus == 0:
        raise Manque([f"{ctx.chemin}.revenus_mensuels_nets est nul : aucun taux d'effort possible"])
    return taux_effort(revenus, mensualite, assurance, charges, pension, ctx.parametre("taux_max"))


def _delai_mediateur(ctx: ContexteCalcul) -> Resultat:
    """L.612-2 4° C. conso.: the mediator must be seized within a year of the written complaint."""
    (reclamation,) = ctx.champs("reclamation_ecrite_date", objet=ctx.donnees.get("demandes", {}).get("desolidarisation", {}),
                               chemin="demandes.desolidarisation")
    mois = int(ctx.parametre("delai_saisine"))
    limite = ajouter_mois(date.fromisoformat(reclamation), mois)
    restants = (limite - ctx.date_reference).days
    formule = (f"réclamation écrite du {format_date(date.fromisoformat(reclamation))} + {mois} mois = "
               f"saisine du médiateur au plus tard le {format_date(limite)} ({restants} jour(s) restant(s) au {format_date(ctx.date_reference)})")
    return Resultat(montants={"jours_restants": Decimal(restants)}, dates={"date_limite_saisine": limite}, formule=formule)


def _prise_en_charge_capital(ctx: ContexteCalcul) -> Resultat:
    """The insurer repays the capital in the proportion of the insured quotité."""
    (quotite,) = ctx.champs("quotite")
    pret = ctx.donnees["prets"][int(ctx.chemin.split("[")[1].split("]")[0])]
    (crd,) = ctx.champs("capital_restant_du", objet=pret, chemin=ctx.chemin.split(".assurance")[0])
    montant = arrondi_centime(crd * quotite / 100)
    return Resultat(montants={"prise_en_charge_capital": montant},
                    formule=f"{format_euros(crd)} × {format_pourcent(quotite)} = {format_euros(montant)}")


FONCTIONS = (
    FonctionCalcul("taux_effort", "taux d'effort du co-emprunteur restant et mensualité supportable (norme HCSF)",
                   frozenset({"taux_effort", "mensualite_supportable"}), _taux_effort),
    FonctionCalcul("delai_mediateur", "date limite de saisine du médiateur après la réclamation écrite",
                   frozenset({"jours_restants", "date_limite_saisine"}), _delai_mediateur),
    FonctionCalcul("prise_en_charge_capital", "capital remboursé par l'assureur selon la quotité",
                   frozenset({"prise_en_charge_capital"}), _prise_en_charge_capital),
)
