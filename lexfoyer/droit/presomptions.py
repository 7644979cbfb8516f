"""What the law presumes, declared in ``kb/presomptions/*.yaml`` and applied to a dossier.

A legal presumption fills a fact the dossier does not state — the parents exercise
parental authority together (C. civ. 372), good faith is presumed (2274), goods bought
by PACS partners under the indivision regime are held by halves (515-5-1) — and the
report shows it *as presumed*, with its basis and what would rebut it, never silently.
It is rebutted by writing the fact: a presumption never overrides what the dossier says.

A presumption names the dossier field it fills (``personnes[].bonne_foi``: ``[]`` runs over
each item of a list), the value it gives, and its premises (``si``): simple tests on the
item (``element.…``) or on the dossier, all of which must be *known* true for the
presumption to apply (an unknown premise leaves the question open). The premises say
where the presumption is defined — the conditions of the law remain in ``rules/``.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from lexfoyer.cas.lecture import lire
from lexfoyer.lecture.enregistrement import enregistrement


@enregistrement(frozen=True)
class Presomption:
    id: str
    titre: str
    fait: str  # dossier path pattern, e.g. personnes[].bonne_foi
    valeur: Any
    si: tuple[dict, ...]
    fondements: tuple[str, ...]
    refutation: str
    fichier: str
    position: tuple[int, int]

    @property
    def liste(self) -> str | None:
        """The list the presumption runs over (``personnes``), or None for a dossier field."""
        return self.fait.split("[]", 1)[0] if "[]" in self.fait else None

    @property
    def champ(self) -> tuple[str, ...]:
        """The field inside each item (or inside the dossier), as path parts."""
        reste = self.fait.split("[].", 1)[1] if "[]" in self.fait else self.fait
        return tuple(reste.split("."))


@enregistrement(frozen=True)
class Presume:
    """One fact the engine took as presumed, for one dossier."""

    chemin: str  # dossier path, e.g. personnes[1].bonne_foi
    valeur: Any
    presomption: Presomption


def presomption_depuis(donnees: dict, fichier: str, position: tuple[int, int]) -> Presomption:
    return Presomption(
        id=donnees["id"],
        titre=donnees["titre"],
        fait=donnees["fait"],
        valeur=donnees["valeur"],
        si=tuple(donnees.get("si", ())),
        fondements=tuple(donnees["fondements"]),
        refutation=" ".join(donnees["refutation"].split()),
        fichier=fichier,
        position=position,
    )


def _premisse(test: dict, element: dict | None, dossier: dict) -> bool | None:
    """A premise on the item (``element.…``) or the dossier: True, False or None (unknown)."""
    chemin = test["fait"].split(".")
    valeur = lire(element, chemin[1:]) if chemin[0] == "element" else lire(dossier, chemin)
    if "existe" in test:
        present = valeur is not None and valeur != []
        return present == test["existe"]
    if valeur is None:
        return None
    if "egal" in test:
        return valeur == test["egal"]
    return valeur in test["dans"]


def _valeur(presomption: Presomption, dossier: dict) -> Any:
    valeur = presomption.valeur
    if isinstance(valeur, dict) and "parts_egales" in valeur:
        ids = [p["id"] for p in dossier.get(valeur["parts_egales"], [])]
        if not ids:
            return None
        part = Decimal(100) / len(ids)
        if part != part.quantize(Decimal("0.0001")):
            return None  # shares that cannot be written exactly are never guessed
        return {i: part for i in ids}
    return copy.deepcopy(valeur)


def _poser(objet: dict, champ: tuple[str, ...], valeur: Any) -> bool:
    """Write ``valeur`` at ``champ`` in ``objet`` unless something is already written there."""
    for morceau in champ[:-1]:
        suivant = objet.get(morceau)
        if suivant is None:
            suivant = objet[morceau] = {}
        if not isinstance(suivant, dict):
            return False
        objet = suivant
    if objet.get(champ[-1]) is not None:
        return False
    objet[champ[-1]] = valeur
    return True


def appliquer(presomptions: tuple[Presomption, ...], donnees: dict) -> tuple[dict, list[Presume]]:
    """The dossier with every applicable presumption applied, and what was presumed.

    The dossier as read is never changed: a copy is, so the report can always show what
    the lawyer wrote apart from what the law presumed.
    """
    if not presomptions:
        return donnees, []
    resultat = copy.deepcopy(donnees)
    presumes: list[Presume] = []
    for pr in presomptions:
        if pr.liste is None:
            cibles = [("", None, resultat)]
        else:
            cibles = [(f"{pr.liste}[{i}].", item, item) for i, item in enumerate(resultat.get(pr.liste) or [])
                      if isinstance(item, dict)]
        for prefixe, element, objet in cibles:
            if not all(_premisse(t, element, resultat) is True for t in pr.si):
                continue
            valeur = _valeur(pr, resultat)
            if valeur is not None and _poser(objet, pr.champ, valeur):
                presumes.append(Presume(prefixe + ".".join(pr.champ), valeur, pr))
    return resultat, presumes
