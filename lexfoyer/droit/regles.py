"""Rules as Python objects, read from ``rules/<domaine>.yaml``.

A rule says *how* the law applies: which conclusion it reaches, about which subject
(the dossier, each person, each loan, each bien, each insurance), on which conditions,
citing which provisions, read at which date. The conditions are data; they are compiled
into a durable_rules ruleset (:mod:`lexfoyer.compilateur`), never evaluated in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OPERATEURS = ("egal", "different", "dans", "hors", "min", "max", "sup", "inf", "existe",
              "contient", "contient_un", "depuis_au_moins", "depuis_moins_de")

SUJETS = ("dossier", "personne", "pret", "bien", "assurance", "enfant")

# Sections of the dossier that live on the single ``dossier`` fact.
SECTIONS_DOSSIER = ("dossier", "situation_familiale", "demandes", "difficultes", "menage", "location")

# Entities copied inside a subject's fact, so that no join can silently fail.
RELATIONS = {
    "dossier": (),
    "personne": (),
    "pret": ("bien",),
    "bien": (),
    "assurance": ("pret", "personne"),
    "enfant": (),
}


@dataclass(frozen=True)
class Test:
    """One elementary test on one fact: ``fait`` ``operateur`` ``valeur``."""

    fait: str
    operateur: str
    valeur: Any
    absent: str = "inconnu"
    libelle: str = ""

    @property
    def racine(self) -> str:
        return self.fait.split(".", 1)[0]


@dataclass(frozen=True)
class Condition:
    """A condition: one test, a group of tests of which one suffices, or another conclusion."""

    libelle: str
    tests: tuple[Test, ...] = ()
    une_de: bool = False
    conclusion: str | None = None
    statut: str = "applicable"


@dataclass(frozen=True)
class Regle:
    id: str
    conclusion: str
    titre: str
    sujet: str
    date: str
    fondements: tuple[str, ...]
    appreciation: str | None
    parametres: dict
    calcul: dict | None
    portee: tuple[Test, ...]
    conditions: tuple[Condition, ...]
    explication: dict
    a_retenir: tuple[str, ...]
    notes: tuple[str, ...]
    domaine: str
    fichier: str
    position: tuple[int, int]


def test_depuis(donnees: dict) -> Test:
    operateurs = [op for op in OPERATEURS if op in donnees]
    operateur = operateurs[0] if operateurs else ""
    return Test(
        fait=donnees["fait"],
        operateur=operateur,
        valeur=donnees.get(operateur),
        absent=donnees.get("absent", "inconnu"),
        libelle=donnees.get("libelle", ""),
    )


def nombre_operateurs(donnees: dict) -> int:
    return sum(1 for op in OPERATEURS if op in donnees)


def condition_depuis(donnees: dict) -> Condition:
    if "conclusion" in donnees:
        return Condition(libelle=donnees["libelle"], conclusion=donnees["conclusion"],
                         statut=donnees.get("statut", "applicable"))
    if "une_de" in donnees:
        return Condition(libelle=donnees["libelle"], tests=tuple(test_depuis(t) for t in donnees["une_de"]), une_de=True)
    return Condition(libelle=donnees["libelle"], tests=(test_depuis(donnees),))


def regle_depuis(donnees: dict, domaine: str, fichier: str, position: tuple[int, int]) -> Regle:
    return Regle(
        id=donnees["id"],
        conclusion=donnees["conclusion"],
        titre=donnees["titre"],
        sujet=donnees["sujet"],
        date=donnees.get("date", "dossier.date_reference"),
        fondements=tuple(donnees["fondements"]),
        appreciation=donnees.get("appreciation"),
        parametres=dict(donnees.get("parametres", {})),
        calcul=donnees.get("calcul"),
        portee=tuple(test_depuis(t) for t in donnees.get("portee", ())),
        conditions=tuple(condition_depuis(c) for c in donnees["conditions"]),
        explication={k: " ".join(v.split()) for k, v in donnees["explication"].items()},
        a_retenir=tuple(" ".join(x.split()) for x in donnees.get("a_retenir", ())),
        notes=tuple(donnees.get("notes", ())),
        domaine=domaine,
        fichier=fichier,
        position=position,
    )
