"""The chain of reasoning behind one conclusion: each condition, its value, its facts.

A lawyer who receives a report must be able to see *why*: which condition of the rule was
true, false or unknown, on which facts of the dossier, and which other conclusion a
condition relied on (``recours.jaf_mesures_provisoires`` → ``alerte.decision_jaf_
inopposable``). The values come from the engine's observation firings, never from a
re-evaluation in Python; a condition the engine did not observe is « inconnu ».
"""

from __future__ import annotations

from lexfoyer.moteur.execution import Evaluation
from lexfoyer.droit.regles import Regle
from lexfoyer.rapport.lecteur import LecteurFaits, valeurs_condition


def conditions_observees(evaluation: Evaluation, regle: Regle, ref: str) -> list[dict]:
    """One entry per condition of ``regle`` for subject ``ref``, in the rule's order."""

    observations = evaluation.observations.get((regle.id, ref), {})
    lecteur = LecteurFaits(evaluation, regle, ref)
    sortie = []
    for i, cond in enumerate(regle.conditions):
        entree = {"libelle": cond.libelle, "valeur": observations.get(i, "inconnu"),
                  "faits": dict(sorted(valeurs_condition(lecteur, cond, evaluation).items()))}
        if cond.conclusion:
            entree["conclusion"] = cond.conclusion
            entree["statut_requis"] = cond.statut
        sortie.append(entree)
    return sortie
