"""The dossier value behind each fact path a rule tests, for one subject.

The report, the chain of reasoning and ``explain`` all show, beside each condition, the
facts it read (by their path in the dossier). Dossier paths are resolved by
:class:`lexfoyer.cas.lecture.LecteurDossier`, the one place that maps a rule's path back to
the dossier; this reader adds what only an evaluation knows: the calculation's outputs, and
for a comparative test both values the engine compared, with every fact they read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.cas.lecture import LecteurDossier
from lexfoyer.droit.regles import RACINE_NOTION, Condition, Regle, Test, tests_comparatifs
from lexfoyer.moteur.compilateur import alias_du_fait
from lexfoyer.moteur.execution import Evaluation


def en_json_simple(valeur: Any) -> Any:
    if isinstance(valeur, Decimal):
        return int(valeur) if valeur == valeur.to_integral_value() else str(valeur)  # never a float
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, dict):
        return {k: en_json_simple(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [en_json_simple(v) for v in valeur]
    return valeur


class LecteurFaits:
    """Reads the dossier value behind a rule's fact path, for one subject of one evaluation."""

    def __init__(self, evaluation: Evaluation, regle: Regle, ref: str):
        self.ev, self.regle, self.ref = evaluation, regle, ref
        self.faits = evaluation.faits
        self.dossier = LecteurDossier(self.faits, regle.sujet, ref)

    def chemin_et_valeur(self, test: Test) -> tuple[str, Any]:
        alias, attribut = alias_du_fait(self.regle, test.fait)
        if alias == "k" and test.racine == "calcul":
            calcul = self.ev.calculs.get((self.regle.id, self.ref), {})
            resultat = calcul.get("resultat")
            valeur = None
            if resultat is not None:
                valeur = resultat.montants.get(attribut, resultat.dates.get(attribut))
            return f"calcul.{attribut}", valeur
        return self.dossier.lire(test.fait)

    def comparaison(self, test: Test):
        """(left, right) values the engine compared for a comparative test, or None."""
        comparaisons = self.ev.calculs.get((self.regle.id, self.ref), {}).get("comparaisons")
        if not comparaisons:
            return None
        rang = next((i for i, x in enumerate(tests_comparatifs(self.regle)) if x is test), None)
        return comparaisons[rang] if rang is not None and rang < len(comparaisons) else None


def conclusion_liee(evaluation: Evaluation, conclusion: str, ref: str) -> dict | None:
    """What the engine concluded for ``conclusion`` on this subject, or on the dossier (a
    rule on a person may depend on a conclusion about the whole dossier)."""
    return evaluation.conclusions.get((conclusion, ref)) or evaluation.conclusions.get((conclusion, "dossier"))


def valeurs_condition(lecteur: LecteurFaits, cond: Condition, evaluation: Evaluation) -> dict:
    """The facts one condition read for one subject (path → value), as a new dict.

    The report asks for the same condition of the same firing several times (its
    conclusion, the trace, the chain of reasoning): it is read once per evaluation.
    """
    cle = (lecteur.regle.id, lecteur.ref, id(cond))
    memo = evaluation.memo
    if cle not in memo:
        memo[cle] = (cond, _valeurs_condition(lecteur, cond, evaluation))  # cond kept: its id stays its own
    return dict(memo[cle][1])


def _valeurs_condition(lecteur: LecteurFaits, cond: Condition, evaluation: Evaluation) -> dict:
    if cond.conclusion:
        autre = conclusion_liee(evaluation, cond.conclusion, lecteur.ref)
        return {f"conclusion:{cond.conclusion}": autre["statut"] if autre else None}
    sortie = {}
    for test in cond.tests:
        if test.comparatif:
            cotes = lecteur.comparaison(test)
            for cote in cotes or ():
                for chemin, valeur in cote.lus.items():
                    sortie[chemin] = en_json_simple(valeur)
            if _est_notion(test.fait):
                gauche = cotes[0] if cotes else None
                if gauche is not None and gauche.valeur is not None:
                    sortie[test.fait] = en_json_simple(gauche.valeur)
                    if gauche.possible is not None and gauche.possible != gauche.valeur:
                        sortie[f"{test.fait} (possibles)"] = en_json_simple(gauche.possible)
            continue
        chemin, valeur = lecteur.chemin_et_valeur(test)
        if valeur is not None:
            sortie[chemin] = en_json_simple(valeur)
    return sortie


def _est_notion(fait: str) -> bool:
    morceaux = fait.split(".")
    return morceaux[0] == RACINE_NOTION or morceaux[1:2] == [RACINE_NOTION]


def manque_comparaison(lecteur: LecteurFaits, test: Test) -> list[str]:
    """What to ask for a comparative test whose values are unknown."""
    cotes = lecteur.comparaison(test)
    if cotes is None:
        return []
    gauche, droite = cotes
    manque = gauche.manque + droite.manque
    if not manque and gauche.valeur is None and test.racine == "calcul":
        # a calculation output the calculation could not give: say why (a fact, a
        # parameter without value at the governing date), not just its name
        calcul = lecteur.ev.calculs.get((lecteur.regle.id, lecteur.ref), {})
        manque = list(calcul.get("manque") or [test.fait])
    return list(dict.fromkeys(manque))
