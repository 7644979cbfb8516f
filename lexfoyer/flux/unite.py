"""One dossier of a batch: the options it is evaluated with, and what it gave.

Shared by the in-process batch, its worker processes (:mod:`lexfoyer.flux.lot`) and the
Dask executor (:mod:`lexfoyer.flux.lot_dask`), so neither of those imports the other.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from lexfoyer.api import evaluer_dossier
from lexfoyer.cas.dossier import charger_dossier, dossier_depuis_texte
from lexfoyer.droit.base import Base
from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.lecture.erreurs import ErreurDonnees, ErreurMoteur, Probleme
from lexfoyer.lecture.yamlsur import TAILLE_MAX_DOSSIER, lire_octets, lire_texte
from lexfoyer.rapport.sortie import en_html, en_json, en_jsonl, en_markdown, en_texte

# outputs that show no chain of reasoning: evaluated without the observation rules. The
# text report names the failed condition of a refusal (which the non__ firings give) but
# never lists the conditions, so it is the same byte for byte (tests/test_performance.py);
# JSON, Markdown, HTML and ``explain`` show the chain and run the full ruleset.
SANS_CHAINE = frozenset({"jsonl", "text"})


class LotImpossible(Exception):
    """The batch cannot start (``--out`` unusable, executor not installed or unreachable)."""


@enregistrement(frozen=True)
class Options:
    """How each dossier is evaluated and rendered (picklable: it travels to the workers)."""

    format: str = "text"
    date_lecture: date | None = None
    details: bool = False
    domaines: tuple[str, ...] = ()   # --domaine: narrow what is relevant
    tout: bool = False               # --tout: print the irrelevant conclusions too
    recu: bool = False               # --recu: the whole receipt in the text report
    couleur: bool = False            # decided by the command: a terminal, no NO_COLOR
    largeur: int = 0                 # wrap width of the text report (0: none, as in a pipe)


@enregistrement
class Resultat:
    """What one dossier gave: its rendered report, or why there is none."""

    fichier: str
    rendu: str | None = None
    problemes: list[Probleme] = champ(default_factory=list)
    erreur_moteur: str | None = None

    @property
    def valide(self) -> bool:
        return self.rendu is not None


def rendre(rapport: dict, options: Options) -> str:
    """The report in the chosen format; ``jsonl`` is one compact line (no float, no indent)."""
    if options.format == "jsonl":
        return en_jsonl(rapport)
    if options.format == "json":
        return en_json(rapport)
    if options.format == "markdown":
        return en_markdown(rapport, options.tout)
    if options.format == "html":
        return en_html(rapport, options.tout)
    return en_texte(rapport, options.details, options.tout, options.recu, options.couleur, options.largeur)


def evaluer_un(chemin: str, base: Base, options: Options, contenu: bytes | None = None) -> Resultat:
    """Load, evaluate and render one dossier; its problems instead when it cannot be used.

    ``contenu`` is the file's bytes when the caller read it (a remote worker has no access
    to the lawyer's disk); otherwise the file is read here.
    """
    try:
        if contenu is None:
            dossier = charger_dossier(chemin, options.date_lecture)
        else:
            texte = lire_texte(contenu, chemin, TAILLE_MAX_DOSSIER)
            dossier = dossier_depuis_texte(texte, chemin, options.date_lecture)
        rapport = evaluer_dossier(dossier, base, options.domaines, options.format not in SANS_CHAINE)[1]
        rendu = rendre(rapport, options)
    except ErreurDonnees as exc:
        return Resultat(chemin, problemes=list(exc.problemes))
    except ErreurMoteur as exc:
        return Resultat(chemin, erreur_moteur=str(exc))
    except Exception:  # a defect of lexfoyer, not of the dossier: the others are still evaluated
        if os.environ.get("LEXFOYER_TRACE"):
            raise
        return Resultat(chemin, erreur_moteur=ERREUR_INTERNE)
    return Resultat(chemin, rendu)


#: what a lawyer reads when lexfoyer itself failed on a dossier (``LEXFOYER_TRACE=1``: the traceback)
ERREUR_INTERNE = "erreur interne de lexfoyer sur ce dossier (à signaler avec le dossier) ; les autres sont évalués"


def lire_contenu(chemin: Path) -> tuple[bytes | None, Resultat | None]:
    """The file's bytes for a remote worker, or the located reason it cannot be read."""
    nom = str(chemin)
    try:
        return lire_octets(chemin, TAILLE_MAX_DOSSIER, nom), None
    except ErreurDonnees as exc:
        return None, Resultat(nom, problemes=list(exc.problemes))
