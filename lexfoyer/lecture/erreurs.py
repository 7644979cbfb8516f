"""Errors a lawyer can read: ``fichier:ligne:colonne: chemin : message``.

Bad input never produces a traceback. Every loader collects :class:`Probleme` objects
(one per problem, with the position in the file) and raises :class:`ErreurDonnees`;
the command prints one line per problem and exits with status 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Probleme:
    """One problem in one input file, located as precisely as the file allows."""

    fichier: str
    ligne: int
    colonne: int
    chemin: str
    message: str

    def __str__(self) -> str:
        lieu = f"{self.fichier}:{self.ligne}:{self.colonne}"
        if self.chemin:
            return f"{lieu}: {self.chemin} : {self.message}"
        return f"{lieu}: {self.message}"


class ErreurDonnees(Exception):
    """Input (dossier, kb, rules) that cannot be used as it is; exit status 2."""

    def __init__(self, problemes: list[Probleme]):
        self.problemes = sorted(set(problemes))
        super().__init__("\n".join(str(p) for p in self.problemes))


class ErreurMoteur(Exception):
    """The engine failed while applying a rule: names the rule, never silent."""
