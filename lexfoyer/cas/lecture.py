"""Read the dossier value behind a rule's fact path, for one subject.

A rule names facts by paths relative to its subject (``personne.emploi.statut``), to the
dossier's sections (``situation_familiale.lien``), to a related entity copied inside the
subject (``bien.valeur`` for a loan, ``pret.…``/``personne.…`` for an insurance) or to a
derived attribute (``pret.nb_emprunteurs``). Both the engine (to copy the two sides of a
comparison onto a calculation fact) and the report (to show the facts each condition read)
resolve those paths here, the one place that knows how a path maps back to the dossier as
the lawyer wrote it.
"""

from __future__ import annotations

from typing import Any

from lexfoyer.cas.faits import Faits, desechelle
from lexfoyer.cas.vocabulaire import DERIVES
from lexfoyer.droit.regles import RELATIONS, RELATIONS_NOMMEES, SECTIONS_DOSSIER


def lire(objet: Any, chemin: list[str]) -> Any:
    for morceau in chemin:
        objet = objet.get(morceau) if isinstance(objet, dict) else None
    return objet


class LecteurDossier:
    """The dossier values of one subject of one rule (its type and its ref)."""

    def __init__(self, faits: Faits, type_sujet: str, ref: str):
        self.faits, self.type_sujet, self.ref = faits, type_sujet, ref

    def lire(self, fait: str) -> tuple[str, Any]:
        """(path in the dossier, value or None) of a rule's fact path (not ``calcul.``/``notion.``)."""
        morceaux = fait.split(".")
        racine = morceaux[0]
        if racine in SECTIONS_DOSSIER:  # the dossier fact's sections (date_reference included)
            return fait, lire(self.faits.entites.get(("dossier", "dossier"), self.faits.donnees), morceaux)
        if racine == self.type_sujet:
            reste = morceaux[1:]
            chemin = self.faits.chemins.get((self.type_sujet, self.ref), self.type_sujet)
            derive = self._derive(reste)
            if derive is not None:
                return f"{chemin}.{'.'.join(reste)}", derive
            return f"{chemin}.{'.'.join(reste)}", lire(self.faits.entites.get((self.type_sujet, self.ref), {}), reste)
        if (self.type_sujet, racine) in RELATIONS_NOMMEES:
            cible = RELATIONS_NOMMEES[(self.type_sujet, racine)][0]
            ref = self.ref_nommee(racine)
            if ref is None:
                return self._source_relation(racine), None
            return LecteurDossier(self.faits, cible, ref).lire(".".join((cible,) + tuple(morceaux[1:])))
        if racine in RELATIONS.get(self.type_sujet, ()):
            cle = self.ref_relation(racine)
            chemin = self.faits.chemins.get((racine, cle), racine)
            return f"{chemin}.{'.'.join(morceaux[1:])}", lire(self.faits.entites.get((racine, cle), {}), morceaux[1:])
        return fait, None

    def _derive(self, morceaux: list[str]) -> Any:
        if len(morceaux) != 1 or (self.type_sujet, morceaux[0]) not in DERIVES:
            return None
        fait = next((f for f in self.faits.liste if f["t"] == self.type_sujet and f["ref"] == self.ref), None)
        valeur = fait.get(morceaux[0]) if fait is not None else None
        if isinstance(valeur, int) and not isinstance(valeur, bool):
            return desechelle(valeur)
        return valeur

    def ref_relation(self, relation: str) -> str:
        """The ref of the entity related to the subject (a loan's bien, an insurance's loan or person)."""
        if self.type_sujet == "pret":
            return self.faits.entites.get(("pret", self.ref), {}).get("bien", "")
        pret, personne = self.ref.split("/", 1)
        return pret if relation == "pret" else personne

    def ref_nommee(self, relation: str) -> str | None:
        """The ref of the entity a named relation reaches, or None when the dossier does not say."""
        if relation == "conjoint_non_proprietaire":
            proprietaire = self.faits.entites.get(("bien", self.ref), {}).get("proprietaire")
            autres = [p.get("id") for p in self.faits.donnees.get("personnes", []) if p.get("id") != proprietaire]
            return autres[0] if proprietaire is not None and len(autres) == 1 else None
        if relation == "demandeur_attribution":
            demandeur = lire(self.faits.donnees, ["demandes", "attribution_logement", "demandeur"])
            connus = {p.get("id") for p in self.faits.donnees.get("personnes", [])}
            return demandeur if demandeur in connus else None
        return None  # pragma: no cover - every name of RELATIONS_NOMMEES is handled above

    def _source_relation(self, relation: str) -> str:
        """The dossier field to complete when a named relation cannot be followed."""
        chemin = self.faits.chemins.get((self.type_sujet, self.ref), self.type_sujet)
        return {"conjoint_non_proprietaire": f"{chemin}.proprietaire",
                "demandeur_attribution": "demandes.attribution_logement.demandeur"}.get(relation, chemin)
