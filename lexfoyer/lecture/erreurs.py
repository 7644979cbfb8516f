"""Errors a lawyer can read: ``fichier:ligne:colonne: chemin : message``.

Bad input never produces a traceback. Every loader collects :class:`Probleme` objects
(one per problem, with the position in the file) and raises :class:`ErreurDonnees`;
the command prints one line per problem and exits with status 2.

Two guarantees hold for every line printed, whatever the input:

- it is **one line** and carries no terminal or bidi control: a control character coming
  from a file name, a key or a value is shown escaped (``\\x1b``, ``\\n``, ``\\u202e``);
- a file yields at most :data:`PROBLEMES_MAX` lines, then « … et N autres problèmes »,
  so that a file of a hundred thousand bad items costs neither minutes nor gigabytes.
"""

from __future__ import annotations

import errno
import re

from lexfoyer.lecture.enregistrement import champ, enregistrement

#: problems shown per file, the rest counted in one last line
PROBLEMES_MAX = 50

#: characters never shown raw in an error line (nor accepted in a dossier, see yamlsur):
#: C0 controls (line feed and tab included, since a line must stay one line), DEL, C1
#: controls, the bidi embeddings, overrides, isolates and marks, the Unicode line and
#: paragraph separators, and the non-characters U+FFFE/U+FFFF
CARACTERES_CONTROLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

_NOMS = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "tabulation", 0x0A: "saut de ligne",
         0x0B: "VT", 0x0C: "FF", 0x0D: "retour chariot", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL",
         0x9B: "CSI", 0x9D: "OSC", 0x061C: "marque de lettre arabe", 0x200E: "marque gauche-à-droite",
         0x200F: "marque droite-à-gauche", 0x2028: "séparateur de ligne", 0x2029: "séparateur de paragraphe",
         0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
         0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI"}


def _echappe(m: re.Match) -> str:
    code = ord(m.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def echapper(texte: str) -> str:
    """``texte`` with every control character written as an escape (``\\x1b``, ``\\n``)."""
    return CARACTERES_CONTROLE.sub(_echappe, texte)


def nom_caractere(caractere: str) -> str:
    """``"\\x07"`` → ``U+0007 (BEL)``: how an error names a refused character."""
    code = ord(caractere)
    nom = _NOMS.get(code)
    return f"U+{code:04X}" + (f" ({nom})" if nom else "")


def extrait(texte: object, longueur: int = 60) -> str:
    """A value quoted in a message: escaped, and cut after ``longueur`` characters.

    A 5 000-character value, or a number of 4 301 digits, is never echoed whole.
    """
    texte = texte if isinstance(texte, str) else str(texte)
    if len(texte) > longueur:
        texte = texte[:longueur] + f"… ({len(texte)} caractères)"
    return echapper(texte)


_RAISONS_OS = {
    errno.ENOENT: "introuvable", errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un répertoire", errno.ENOTDIR: "un élément du chemin n'est pas un répertoire",
    errno.ENOSPC: "disque plein", errno.EDQUOT: "quota disque dépassé", errno.EROFS: "système de fichiers en lecture seule",
    errno.EIO: "erreur d'entrée-sortie", errno.ENAMETOOLONG: "nom trop long", errno.ELOOP: "trop de liens symboliques",
    errno.EMFILE: "trop de fichiers ouverts", errno.ENFILE: "trop de fichiers ouverts", errno.EEXIST: "existe déjà",
    errno.EFBIG: "fichier trop grand", errno.ENXIO: "périphérique absent", errno.EBUSY: "ressource occupée",
    errno.EPIPE: "sortie fermée", errno.EINVAL: "argument invalide",
}


def raison_os(exc: OSError) -> str:
    """The French reason of a system error (never the system's English ``strerror``)."""
    return _RAISONS_OS.get(exc.errno, f"erreur système {exc.errno}" if exc.errno else "erreur système")


@enregistrement(frozen=True, order=True)
class Probleme:
    """One problem in one input file, located as precisely as the file allows.

    ``autres`` is not part of the problem's identity: it marks the last line of a file
    whose remaining problems were counted instead of shown.
    """

    fichier: str
    ligne: int
    colonne: int
    chemin: str
    message: str
    autres: int = champ(default=0, compare=False)

    def __str__(self) -> str:
        lieu = f"{echapper(str(self.fichier))}:{self.ligne}:{self.colonne}"
        if self.chemin:
            return f"{lieu}: {echapper(self.chemin)} : {echapper(self.message)}"
        return f"{lieu}: {echapper(self.message)}"


def probleme_resume(fichier: str, ligne: int, colonne: int, autres: int, au_moins: bool = False) -> Probleme:
    """The line that ends a file's list: « … et N autres problèmes »."""
    pluriel = "autres problèmes" if autres > 1 else "autre problème"
    return Probleme(fichier, ligne, colonne, "", f"… et {'au moins ' if au_moins else ''}{autres} {pluriel}",
                    autres=autres)


def borner(problemes) -> list[Probleme]:
    """Sorted, deduplicated, and at most :data:`PROBLEMES_MAX` problems per file.

    Idempotent: a list already bounded (with its « … et N autres » lines) keeps its counts.
    """
    par_fichier: dict[str, list[Probleme]] = {}
    resumes: dict[str, list[Probleme]] = {}
    for p in set(problemes):
        (resumes if p.autres else par_fichier).setdefault(p.fichier, []).append(p)
    sortie: list[Probleme] = []
    for fichier in sorted(set(par_fichier) | set(resumes), key=str):
        liste = sorted(par_fichier.get(fichier, []))
        anciens = resumes.get(fichier, [])
        caches = liste[PROBLEMES_MAX:]
        autres = len(caches) + sum(r.autres for r in anciens)
        sortie += liste[:PROBLEMES_MAX]
        if autres:
            lieu = caches[0] if caches else max(anciens, key=lambda r: (r.ligne, r.colonne))
            au_moins = any("au moins" in r.message for r in anciens)
            sortie.append(probleme_resume(fichier, lieu.ligne, lieu.colonne, autres, au_moins))
    return sortie


class ErreurDonnees(Exception):
    """Input (dossier, kb, rules) that cannot be used as it is; exit status 2."""

    def __init__(self, problemes: list[Probleme]):
        self.problemes = borner(problemes)
        super().__init__("\n".join(str(p) for p in self.problemes))


class ErreurMoteur(Exception):
    """The engine failed while applying a rule: names the rule, never silent."""
