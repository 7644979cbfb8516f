"""Safe, bounded YAML reading that remembers where every value came from.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, turns
``1.48`` into a binary float, turns dates into ``datetime.date`` (which the engine cannot
take) and expands a "billion laughs" file until memory runs out. Here the document is
composed into nodes (libyaml when available, which is fast and still gives marks), then
built by hand: numbers with a fraction become ``Decimal`` from their text, dates stay ISO
strings, duplicate keys, merge keys and cyclic aliases are refused, and the number of
nodes built is capped so that alias bombs fail fast. Every path gets its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme

try:  # libyaml composes ten times faster and keeps the marks.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Loader = yaml.SafeLoader

TAILLE_MAX_DOSSIER = 1024 * 1024
TAILLE_MAX_KB = 4 * 1024 * 1024
NOEUDS_MAX = 200_000
PROFONDEUR_MAX = 64

_TAG = "tag:yaml.org,2002:"
_CONSTRUCTEUR = yaml.SafeLoader("")  # only used for its int/bool scalar rules

Chemin = tuple  # of str | int


def chemin_texte(chemin: Chemin) -> str:
    """``('prets', 0, 'taux_nominal')`` → ``prets[0].taux_nominal``."""
    texte = ""
    for morceau in chemin:
        if isinstance(morceau, int):
            texte += f"[{morceau}]"
        else:
            texte += ("." if texte else "") + str(morceau)
    return texte


@dataclass
class DocumentYaml:
    """A loaded document: the data, and where each path starts in the file."""

    fichier: str
    donnees: Any
    positions: dict = field(default_factory=dict)  # path -> (line, col) of the value
    positions_cles: dict = field(default_factory=dict)  # path -> (line, col) of its key

    def position(self, chemin: Chemin, cle: bool = False) -> tuple[int, int]:
        """Position of ``chemin``, or of its nearest ancestor that has one."""
        table = self.positions_cles if cle else self.positions
        chemin = tuple(chemin)
        while chemin:
            if chemin in table:
                return table[chemin]
            if chemin in self.positions:
                return self.positions[chemin]
            chemin = chemin[:-1]
        return self.positions.get((), (1, 1))

    def probleme(self, chemin: Chemin, message: str, cle: bool = False) -> Probleme:
        ligne, colonne = self.position(chemin, cle)
        return Probleme(self.fichier, ligne, colonne, chemin_texte(chemin), message)


def _pos(noeud: yaml.Node) -> tuple[int, int]:
    return noeud.start_mark.line + 1, noeud.start_mark.column + 1


class _Constructeur:
    def __init__(self, fichier: str, noeuds_max: int):
        self.fichier = fichier
        self.noeuds_max = noeuds_max
        self.compte = 0
        self.positions: dict = {}
        self.positions_cles: dict = {}
        self.problemes: list[Probleme] = []
        self.en_cours: set[int] = set()

    def erreur(self, noeud: yaml.Node, chemin: Chemin, message: str) -> None:
        ligne, colonne = _pos(noeud)
        self.problemes.append(Probleme(self.fichier, ligne, colonne, chemin_texte(chemin), message))

    def construire(self, noeud: yaml.Node, chemin: Chemin) -> Any:
        self.compte += 1
        if self.compte > self.noeuds_max:
            raise _TropGros(noeud)
        if len(chemin) > PROFONDEUR_MAX:
            raise _TropGros(noeud)
        self.positions.setdefault(chemin, _pos(noeud))
        if isinstance(noeud, yaml.ScalarNode):
            return self.scalaire(noeud, chemin)
        if id(noeud) in self.en_cours:
            self.erreur(noeud, chemin, "alias cyclique refusé")
            return None
        self.en_cours.add(id(noeud))
        try:
            if isinstance(noeud, yaml.SequenceNode):
                return [self.construire(n, chemin + (i,)) for i, n in enumerate(noeud.value)]
            return self.table(noeud, chemin)
        finally:
            self.en_cours.discard(id(noeud))

    def table(self, noeud: yaml.MappingNode, chemin: Chemin) -> dict:
        resultat: dict = {}
        vues: dict[str, yaml.Node] = {}
        for noeud_cle, noeud_valeur in noeud.value:
            if noeud_cle.tag == _TAG + "merge":
                self.erreur(noeud_cle, chemin, "la clé de fusion « << » n'est pas acceptée")
                continue
            if not isinstance(noeud_cle, yaml.ScalarNode) or noeud_cle.tag not in (
                _TAG + "str", _TAG + "timestamp", _TAG + "int"):
                self.erreur(noeud_cle, chemin, "une clé doit être un texte")
                continue
            cle = noeud_cle.value
            if cle in vues:
                ligne, _ = _pos(vues[cle])
                self.erreur(noeud_cle, chemin + (cle,), f"clé « {cle} » en double (déjà à la ligne {ligne})")
                continue
            vues[cle] = noeud_cle
            self.positions_cles[chemin + (cle,)] = _pos(noeud_cle)
            resultat[cle] = self.construire(noeud_valeur, chemin + (cle,))
        return resultat

    def scalaire(self, noeud: yaml.ScalarNode, chemin: Chemin) -> Any:
        tag = noeud.tag
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _CONSTRUCTEUR.construct_yaml_bool(noeud)
        if tag == _TAG + "int":
            return _CONSTRUCTEUR.construct_yaml_int(noeud)
        if tag == _TAG + "float":
            texte = noeud.value.replace("_", "")
            try:
                nombre = Decimal(texte)
            except InvalidOperation:
                nombre = None
            if nombre is None or not nombre.is_finite():
                self.erreur(noeud, chemin, f"nombre « {noeud.value} » refusé (infini ou non numérique)")
                return None
            return nombre
        if tag in (_TAG + "str", _TAG + "timestamp"):
            return noeud.value
        self.erreur(noeud, chemin, f"type YAML « {tag} » non accepté")
        return None


class _TropGros(Exception):
    def __init__(self, noeud: yaml.Node):
        self.noeud = noeud


def _position_octet(brut: bytes, indice: int) -> tuple[int, int]:
    avant = brut[:indice]
    ligne = avant.count(b"\n") + 1
    colonne = indice - (avant.rfind(b"\n") + 1) + 1
    return ligne, colonne


def lire_texte(brut: bytes, fichier: str, taille_max: int) -> str:
    """Decode UTF-8 strictly, within a size limit; a precise error otherwise."""
    if len(brut) > taille_max:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", f"fichier trop volumineux ({len(brut)} octets, maximum {taille_max})")])
    try:
        return brut.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne, colonne = _position_octet(brut, exc.start)
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "", "le fichier n'est pas en UTF-8")]) from None


def charger_texte(texte: str, fichier: str, noeuds_max: int = NOEUDS_MAX) -> DocumentYaml:
    """Parse one YAML document from text; raises :class:`ErreurDonnees`."""
    if "\x00" in texte:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", "caractère nul dans le fichier")])
    try:
        noeuds = list(yaml.compose_all(texte, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        ligne, colonne = (marque.line + 1, marque.column + 1) if marque else (1, 1)
        raison = exc.problem or exc.context or "erreur de syntaxe"
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "", f"syntaxe YAML invalide : {raison}")]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", f"syntaxe YAML invalide : {exc.__class__.__name__}")]) from None
    noeuds = [n for n in noeuds if n is not None]
    if not noeuds:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", "fichier vide")])
    if len(noeuds) > 1:
        ligne, colonne = _pos(noeuds[1])
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "", "un seul document YAML par fichier")])
    constructeur = _Constructeur(fichier, noeuds_max)
    try:
        donnees = constructeur.construire(noeuds[0], ())
    except _TropGros as exc:
        ligne, colonne = _pos(exc.noeud)
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "",
                                      "document trop grand ou trop imbriqué (alias démultipliés ?) : lecture interrompue")]) from None
    if constructeur.problemes:
        raise ErreurDonnees(constructeur.problemes)
    return DocumentYaml(fichier, donnees, constructeur.positions, constructeur.positions_cles)


def charger_fichier(chemin: Path | str, taille_max: int = TAILLE_MAX_DOSSIER, nom: str | None = None) -> DocumentYaml:
    """Read and parse a YAML file; the error names the file as the user gave it."""
    chemin = Path(chemin)
    nom = nom or str(chemin)
    try:
        if not chemin.is_file():
            raise ErreurDonnees([Probleme(nom, 1, 1, "", "fichier introuvable")])
        with chemin.open("rb") as flux:
            brut = flux.read(taille_max + 1)
    except OSError as exc:
        raise ErreurDonnees([Probleme(nom, 1, 1, "", f"lecture impossible ({exc.strerror})")]) from None
    return charger_texte(lire_texte(brut, nom, taille_max), nom)
