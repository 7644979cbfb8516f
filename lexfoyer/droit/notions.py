"""Notions: named values derived from the facts, declared in ``kb/notions/*.yaml``.

A notion is what OpenFisca calls a variable: a number or a date computed from the dossier
by a formula taken from a closed list of pure functions (:data:`FONCTIONS`), with its
unit and the provision it rests on — the age of the insured on the day of the loss, the
minor children who live with a parent, a co-owner's share. A notion is a *value*, never a
verdict: « the child is a minor » is a condition of a rule (``notion.age_enfant inf
{parametre: age_majorite}``), not a notion. Rules use a notion as a fact path
``notion.<id>``; the engine computes it for the rule's subject, at the rule's governing
date, and the report shows its formula and the facts it read.
"""

from __future__ import annotations

from typing import Any

from lexfoyer.lecture.enregistrement import enregistrement

#: the closed list of formulas, with the arguments each takes (required, optional)
FONCTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "age_revolu": (("naissance", "au"), ("age_declare",)),
    "duree": (("debut", "fin", "unite"), ()),
    "quote_part": (("quotes_parts", "personne"), ()),
    "compter": (("parmi",), ("filtre",)),
}

UNITES = ("annees", "mois", "jours", "nombre", "pourcent", "euros", "date")

#: entity lists a count may run over, and the subject type of each item
ENTITES_COMPTEES = {"enfants": "enfant", "personnes": "personne", "biens": "bien", "prets": "pret"}


@enregistrement(frozen=True)
class Notion:
    id: str
    sujet: str
    titre: str
    unite: str
    fondements: tuple[str, ...]
    fonction: str
    arguments: dict
    description: str
    fichier: str
    position: tuple[int, int]

    @property
    def est_compte(self) -> bool:
        return self.fonction == "compter"


def notion_depuis(donnees: dict, fichier: str, position: tuple[int, int]) -> Notion:
    return Notion(
        id=donnees["id"],
        sujet=donnees["sujet"],
        titre=donnees["titre"],
        unite=donnees["unite"],
        fondements=tuple(donnees["fondements"]),
        fonction=donnees["fonction"],
        arguments=dict(donnees.get("arguments", {})),
        description=" ".join(donnees.get("description", "").split()),
        fichier=fichier,
        position=position,
    )


def references(notion: Notion) -> list[Any]:
    """Every argument value of a notion, filters included (for the cross-checks)."""
    valeurs = [v for k, v in notion.arguments.items() if k != "filtre"]
    for test in notion.arguments.get("filtre", []):
        valeurs += [v for k, v in test.items() if k != "libelle"]
    return valeurs
