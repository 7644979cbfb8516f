"""The dossier value behind each fact path a rule tests, for one subject.

The report, the chain of reasoning and ``explain`` all show, beside each condition, the
facts it read (by their path in the dossier). This reader is the one place that maps a
rule's fact path (subject, dossier section, related entity, calculation, derived fact)
back to the dossier as the lawyer wrote it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.cas.vocabulaire import DERIVES
from lexfoyer.droit.regles import Condition, Regle, Test
from lexfoyer.moteur.compilateur import alias_du_fait
from lexfoyer.moteur.execution import Evaluation


def lire(objet: Any, chemin: list[str]) -> Any:
    for morceau in chemin:
        objet = objet.get(morceau) if isinstance(objet, dict) else None
    return objet


def en_json_simple(valeur: Any) -> Any:
    if isinstance(valeur, Decimal):
        return int(valeur) if valeur == valeur.to_integral_value() else str(valeur)  # never a float
    if isinstance(valeur, dict):
        return {k: en_json_simple(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [en_json_simple(v) for v in valeur]
    return valeur


class LecteurFaits:
    """Reads the dossier value behind a rule's fact path, for one subject."""

    def __init__(self, evaluation: Evaluation, regle: Regle, ref: str):
        self.ev, self.regle, self.ref = evaluation, regle, ref
        self.faits = evaluation.faits

    def chemin_et_valeur(self, test: Test) -> tuple[str, Any]:
        alias, attribut = alias_du_fait(self.regle, test.fait)
        morceaux = attribut.split(".")
        if alias == "d":
            return attribut, lire(self.faits.donnees, morceaux)
        if alias == "k":
            calcul = self.ev.calculs.get((self.regle.id, self.ref), {})
            resultat = calcul.get("resultat")
            valeur = None
            if resultat is not None:
                valeur = resultat.montants.get(attribut, resultat.dates.get(attribut))
            return f"calcul.{attribut}", valeur
        sujet = self.regle.sujet
        if morceaux[0].startswith("_"):  # a related entity (pret → bien, assurance → pret/personne)
            relation = morceaux[0][1:]
            cle = self._ref_relation(relation)
            chemin = self.faits.chemins.get((relation, cle), relation)
            return f"{chemin}.{'.'.join(morceaux[1:])}", lire(self.faits.entites.get((relation, cle), {}), morceaux[1:])
        chemin = self.faits.chemins.get((sujet, self.ref), sujet)
        derive = self._derive(morceaux)
        if derive is not None:
            return f"{chemin}.{attribut}", derive
        return f"{chemin}.{attribut}", lire(self.faits.entites.get((sujet, self.ref), {}), morceaux)

    def _derive(self, morceaux: list[str]) -> Any:
        fait = next((f for f in self.faits.liste if f["t"] == self.regle.sujet and f["ref"] == self.ref), None)
        if fait is not None and (self.regle.sujet, morceaux[0]) in DERIVES and len(morceaux) == 1:
            valeur = fait.get(morceaux[0])
            if isinstance(valeur, int) and not isinstance(valeur, bool):
                from lexfoyer.cas.faits import desechelle
                return desechelle(valeur)
            return valeur
        return None

    def _ref_relation(self, relation: str) -> str:
        if self.regle.sujet == "pret":
            return self.faits.entites.get(("pret", self.ref), {}).get("bien", "")
        pret, personne = self.ref.split("/", 1)
        return pret if relation == "pret" else personne


def valeurs_condition(lecteur: LecteurFaits, cond: Condition, evaluation: Evaluation) -> dict:
    if cond.conclusion:
        autre = evaluation.conclusions.get((cond.conclusion, lecteur.ref)) or evaluation.conclusions.get((cond.conclusion, "dossier"))
        return {f"conclusion:{cond.conclusion}": autre["statut"] if autre else None}
    sortie = {}
    for test in cond.tests:
        chemin, valeur = lecteur.chemin_et_valeur(test)
        if valeur is not None:
            sortie[chemin] = en_json_simple(valeur.isoformat() if isinstance(valeur, date) else valeur)
    return sortie
