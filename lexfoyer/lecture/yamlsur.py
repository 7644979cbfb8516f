"""Safe, bounded YAML reading that remembers where every value came from.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, turns
``1.48`` into a binary float, turns dates into ``datetime.date`` (which the engine cannot
take) and expands a "billion laughs" file until memory runs out. Here the document is
composed into nodes (libyaml when available, which is fast and still gives marks), then
built by hand: numbers with a fraction become ``Decimal`` from their text, dates stay ISO
strings, duplicate keys, merge keys and cyclic aliases are refused, and the number of
nodes built is capped so that alias bombs fail fast. Every path gets its line and column.

What YAML 1.1 would read *differently from what the lawyer wrote* is refused with a
located French message rather than guessed: ``042`` (octal, 34), ``1:30`` (base 60, 90),
``0x1F``, ``0b101``, an explicit tag on a value it does not fit (``!!bool 3900``,
``!!int abc``), a number of more than :data:`CHIFFRES_MAX` digits (never echoed whole).
Control characters (NUL, C0 but tab and line feed, DEL, C1) and the bidi controls are
refused wherever they are, raw in the file or written as an escape in a quoted string,
with the real line and column and the character named (``U+0007 (BEL)``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.lecture.erreurs import (CARACTERES_CONTROLE, PROBLEMES_MAX, ErreurDonnees, Probleme, extrait,
                                      nom_caractere, probleme_resume)
from lexfoyer.lecture.fichiers import lire_octets  # noqa: F401 (re-exported: the reading of a dossier file)

try:  # libyaml composes ten times faster and keeps the marks.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Loader = yaml.SafeLoader

TAILLE_MAX_DOSSIER = 1024 * 1024
TAILLE_MAX_KB = 4 * 1024 * 1024
NOEUDS_MAX = 200_000
PROFONDEUR_MAX = 64
#: digits a number may have (a montant of a billion with four decimals has 14)
CHIFFRES_MAX = 30
#: a number written with an exponent stays below 10**EXPOSANT_MAX
EXPOSANT_MAX = 15
#: problems kept while reading one file; the rest are only counted
_PROBLEMES_GARDES = 10 * PROBLEMES_MAX

_TAG = "tag:yaml.org,2002:"

Chemin = tuple  # of str | int

# The YAML 1.1 forms of each scalar type (PyYAML's implicit resolvers), matched whole.
_BOOLEENS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_NULS = {"", "~", "null", "Null", "NULL"}
_ENTIER = re.compile(r"[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)")
_DECIMAL = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
                      r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_HORODATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                       r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?")
# Raw characters refused before parsing: the controls (a CR is only accepted before a LF,
# as in a Windows file), the bidi controls, the line separators YAML 1.1 would count as
# line breaks (the positions would then disagree with every editor).
_BRUTS_REFUSES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                            "\u202a-\u202e\u2066-\u2069\ufffe\uffff]|\r(?!\n)")
#: in a string value, only the tab and the line feed of all the controls are accepted
_PERMIS_DANS_TEXTE = frozenset("\t\n")


def chemin_texte(chemin: Chemin) -> str:
    """``('prets', 0, 'taux_nominal')`` → ``prets[0].taux_nominal``."""
    texte = ""
    for morceau in chemin:
        if isinstance(morceau, int):
            texte += f"[{morceau}]"
        else:
            texte += ("." if texte else "") + str(morceau)
    return texte


@enregistrement
class DocumentYaml:
    """A loaded document: the data, and where each path starts in the file."""

    fichier: str
    donnees: Any
    positions: dict = champ(default_factory=dict)  # path -> (line, col) of the value
    positions_cles: dict = champ(default_factory=dict)  # path -> (line, col) of its key

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


def _nom_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def controle_refuse(texte: str, permis: frozenset = _PERMIS_DANS_TEXTE) -> str | None:
    """The first control or bidi character of ``texte`` not in ``permis``, if any."""
    for m in CARACTERES_CONTROLE.finditer(texte):
        if m.group() not in permis:
            return m.group()
    return None


def message_caractere(caractere: str) -> str:
    """« caractère de contrôle U+001B (ESC) refusé » and its bidi and NUL variants."""
    code = ord(caractere)
    if code == 0:
        return "caractère nul (U+0000) refusé"
    if caractere in "\u061c\u200e\u200f" or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"caractère de contrôle bidirectionnel {nom_caractere(caractere)} refusé (il change l'ordre d'affichage du texte)"
    if code in (0x2028, 0x2029):
        return f"{nom_caractere(caractere)} refusé : un saut de ligne s'écrit avec un retour à la ligne ordinaire"
    if code in (0xFFFE, 0xFFFF):
        return f"non-caractère {nom_caractere(caractere)} refusé"
    return f"caractère de contrôle {nom_caractere(caractere)} refusé"


class _Constructeur:
    def __init__(self, fichier: str, noeuds_max: int):
        self.fichier = fichier
        self.noeuds_max = noeuds_max
        self.compte = 0
        self.positions: dict = {}
        self.positions_cles: dict = {}
        self.problemes: list[Probleme] = []
        self.non_gardes = 0
        self.premier_non_garde: tuple[int, int] | None = None
        self.en_cours: set[int] = set()

    def erreur(self, noeud: yaml.Node, chemin: Chemin, message: str) -> None:
        ligne, colonne = _pos(noeud)
        if len(self.problemes) >= _PROBLEMES_GARDES:
            self.non_gardes += 1
            self.premier_non_garde = self.premier_non_garde or (ligne, colonne)
            return
        self.problemes.append(Probleme(self.fichier, ligne, colonne, chemin_texte(chemin), message))

    def tous_les_problemes(self) -> list[Probleme]:
        if not self.non_gardes:
            return self.problemes
        ligne, colonne = self.premier_non_garde
        return self.problemes + [probleme_resume(self.fichier, ligne, colonne, self.non_gardes)]

    def construire(self, noeud: yaml.Node, chemin: Chemin) -> Any:
        self.compte += 1
        if self.compte > self.noeuds_max:
            raise _TropGros(noeud)
        if len(chemin) > PROFONDEUR_MAX:
            raise _TropGros(noeud)
        self.positions.setdefault(chemin, _pos(noeud))
        if isinstance(noeud, yaml.ScalarNode):
            return self.scalaire(noeud, chemin)
        attendu = _TAG + ("seq" if isinstance(noeud, yaml.SequenceNode) else "map")
        if noeud.tag != attendu:
            self.erreur(noeud, chemin, f"type YAML « {extrait(_nom_tag(noeud.tag))} » non accepté")
            return None
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
            refuse = controle_refuse(cle)
            if refuse is not None:
                self.erreur(noeud_cle, chemin, f"clé « {extrait(cle)} » : {message_caractere(refuse)}")
                continue
            if cle in vues:
                ligne, _ = _pos(vues[cle])
                self.erreur(noeud_cle, chemin + (cle,), f"clé « {extrait(cle)} » en double (déjà à la ligne {ligne})")
                continue
            vues[cle] = noeud_cle
            self.positions_cles[chemin + (cle,)] = _pos(noeud_cle)
            resultat[cle] = self.construire(noeud_valeur, chemin + (cle,))
        return resultat

    def scalaire(self, noeud: yaml.ScalarNode, chemin: Chemin) -> Any:
        tag, valeur = noeud.tag, noeud.value
        if tag == _TAG + "str":
            refuse = controle_refuse(valeur)
            if refuse is not None:
                self.erreur(noeud, chemin, message_caractere(refuse))
                return None
            return valeur
        if tag == _TAG + "null":
            if valeur not in _NULS:
                return self.etiquette(noeud, chemin, "!!null", "vide (null)")
            return None
        if tag == _TAG + "bool":
            if valeur.lower() not in _BOOLEENS:
                return self.etiquette(noeud, chemin, "!!bool", "true ou false")
            return _BOOLEENS[valeur.lower()]
        if tag == _TAG + "int":
            if not _ENTIER.fullmatch(valeur):
                return self.etiquette(noeud, chemin, "!!int", "un nombre entier")
            return self.entier(noeud, chemin, valeur)
        if tag == _TAG + "float":
            if not (_DECIMAL.fullmatch(valeur) or _ENTIER.fullmatch(valeur)):
                return self.etiquette(noeud, chemin, "!!float", "un nombre")
            return self.decimal(noeud, chemin, valeur)
        if tag == _TAG + "timestamp":
            if not _HORODATE.fullmatch(valeur):
                return self.etiquette(noeud, chemin, "!!timestamp", "une date AAAA-MM-JJ")
            return valeur
        self.erreur(noeud, chemin, f"type YAML « {extrait(_nom_tag(tag))} » non accepté")
        return None

    def etiquette(self, noeud: yaml.ScalarNode, chemin: Chemin, tag: str, attendu: str) -> None:
        self.erreur(noeud, chemin, f"« {extrait(noeud.value)} » ne peut pas être lu comme {attendu} (étiquette {tag})")
        return None

    def notation(self, noeud: yaml.ScalarNode, chemin: Chemin, texte: str) -> bool:
        """Refuse the YAML 1.1 notations a lawyer does not mean; True when refused."""
        chiffres = texte.lstrip("+-").replace("_", "")
        if ":" in chiffres:
            message = (f"« {extrait(texte)} » serait lu en base 60 (notation sexagésimale de YAML 1.1) : "
                       "écrire le nombre en chiffres, ou entre guillemets pour un texte")
        elif chiffres[:2] in ("0x", "0X"):
            message = f"« {extrait(texte)} » : notation hexadécimale refusée, écrire le nombre en chiffres décimaux"
        elif chiffres[:2] in ("0b", "0B"):
            message = f"« {extrait(texte)} » : notation binaire refusée, écrire le nombre en chiffres décimaux"
        elif len(chiffres) > 1 and chiffres[0] == "0" and chiffres[1].isdigit():
            message = (f"« {extrait(texte)} » : un zéro en tête ferait lire le nombre en octal (YAML 1.1) : "
                       f"écrire {chiffres.lstrip('0') or '0'}, ou entre guillemets pour un texte")
        else:
            return False
        self.erreur(noeud, chemin, message)
        return True

    def trop_de_chiffres(self, noeud: yaml.ScalarNode, chemin: Chemin, chiffres: str, entier: bool) -> bool:
        nombre = sum(c.isdigit() for c in chiffres)
        if nombre <= CHIFFRES_MAX:
            return False
        quoi = "nombre trop grand" if entier else "nombre trop long"
        self.erreur(noeud, chemin, f"{quoi} ({nombre} chiffres, au plus {CHIFFRES_MAX})")
        return True

    def entier(self, noeud: yaml.ScalarNode, chemin: Chemin, texte: str) -> int | None:
        if self.notation(noeud, chemin, texte):
            return None
        chiffres = texte.replace("_", "")
        if self.trop_de_chiffres(noeud, chemin, chiffres, True):
            return None
        return int(chiffres, 10)

    def decimal(self, noeud: yaml.ScalarNode, chemin: Chemin, texte: str) -> Decimal | None:
        if ":" in texte:
            self.notation(noeud, chemin, texte)
            return None
        if _ENTIER.fullmatch(texte):  # `!!float 12`: an integer written for a decimal
            if self.notation(noeud, chemin, texte):
                return None
        propre = texte.replace("_", "")
        mantisse = re.split("[eE]", propre)[0]
        if self.trop_de_chiffres(noeud, chemin, mantisse, False):
            return None
        try:
            nombre = Decimal(propre)
        except InvalidOperation:
            nombre = None
        if nombre is None or not nombre.is_finite():
            self.erreur(noeud, chemin, f"nombre « {extrait(texte)} » refusé (infini ou non numérique)")
            return None
        if nombre and not -CHIFFRES_MAX <= nombre.adjusted() < EXPOSANT_MAX:
            self.erreur(noeud, chemin, f"nombre « {extrait(texte)} » hors limites")
            return None
        return nombre.copy_abs() if nombre.is_zero() else nombre  # never a « -0.0 »


class _TropGros(Exception):
    def __init__(self, noeud: yaml.Node):
        self.noeud = noeud


def _position_octet(brut: bytes, indice: int) -> tuple[int, int]:
    avant = brut[:indice]
    ligne = avant.count(b"\n") + 1
    colonne = len(avant[avant.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
    return ligne, colonne


def _position_texte(texte: str, indice: int) -> tuple[int, int]:
    ligne = texte.count("\n", 0, indice) + 1
    return ligne, indice - (texte.rfind("\n", 0, indice) + 1) + 1


def lire_texte(brut: bytes, fichier: str, taille_max: int) -> str:
    """Decode UTF-8 strictly, within a size limit; a precise error otherwise."""
    if len(brut) > taille_max:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", f"fichier trop volumineux (plus de {taille_max} octets)")])
    try:
        return brut.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne, colonne = _position_octet(brut, exc.start)
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "", "le fichier n'est pas en UTF-8")]) from None


def _caracteres_bruts(texte: str, fichier: str) -> list[Probleme]:
    """Every refused raw character, located (the first ones; the others counted)."""
    problemes: list[Probleme] = []
    trouves = _BRUTS_REFUSES.finditer(texte)
    for m in trouves:
        ligne, colonne = _position_texte(texte, m.start())
        problemes.append(Probleme(fichier, ligne, colonne, "", message_caractere(m.group()[0])))
        if len(problemes) == PROBLEMES_MAX:
            reste = sum(1 for _ in trouves)
            if reste:
                suivant = _BRUTS_REFUSES.search(texte, m.end())
                ligne, colonne = _position_texte(texte, suivant.start())
                problemes.append(probleme_resume(fichier, ligne, colonne, reste))
            break
    return problemes


def _raison_syntaxe(exc: yaml.YAMLError) -> str:
    raison = getattr(exc, "problem", None) or getattr(exc, "context", None)
    return f"syntaxe YAML invalide : {extrait(raison, 120)}" if raison else "syntaxe YAML invalide"


def charger_texte(texte: str, fichier: str, noeuds_max: int = NOEUDS_MAX) -> DocumentYaml:
    """Parse one YAML document from text; raises :class:`ErreurDonnees`."""
    bruts = _caracteres_bruts(texte, fichier)
    if bruts:
        raise ErreurDonnees(bruts)
    try:
        noeuds = list(yaml.compose_all(texte, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        ligne, colonne = (marque.line + 1, marque.column + 1) if marque else (1, 1)
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "", _raison_syntaxe(exc))]) from None
    except yaml.reader.ReaderError as exc:  # a character libyaml refuses that the scan above let through
        ligne, colonne = _position_texte(texte, min(max(exc.position, 0), len(texte)))
        raise ErreurDonnees([Probleme(fichier, ligne, colonne, "", "caractère non accepté par YAML")]) from None
    except RecursionError:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", "document trop imbriqué : lecture interrompue")]) from None
    except yaml.YAMLError as exc:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", _raison_syntaxe(exc))]) from None
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
    except RecursionError:
        raise ErreurDonnees([Probleme(fichier, 1, 1, "", "document trop imbriqué : lecture interrompue")]) from None
    if constructeur.problemes:
        raise ErreurDonnees(constructeur.tous_les_problemes())
    return DocumentYaml(fichier, donnees, constructeur.positions, constructeur.positions_cles)


def charger_fichier(chemin: Path | str, taille_max: int = TAILLE_MAX_DOSSIER, nom: str | None = None) -> DocumentYaml:
    """Read and parse a YAML file; the error names the file as the user gave it."""
    nom = nom or str(chemin)
    brut = lire_octets(chemin, taille_max, nom)
    return charger_texte(lire_texte(brut, nom, taille_max), nom)
