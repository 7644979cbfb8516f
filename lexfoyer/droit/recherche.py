"""``lexfoyer kb search``: find a provision by any of its numbers, or by its subject.

A lawyer types an article number the way it is printed — « L.312-22 », « L312-22 »,
« art. 1343-5 », « R. 313-25 » — or a few words of its subject (« délai de grâce »). A
number is compared with every number the provision had (current and former, so
« L.312-22 » finds both L.313-50 and L.313-51); words are compared without accents, case
or the plural's final s/x, and all of them must occur in the provision (citation,
heading, paraphrase, notes) or the parameter (id, description). The result order is fixed:
provisions found by number, then by heading, then by text only; within each, by id.
"""

from __future__ import annotations

import re
import unicodedata

from lexfoyer.droit.base import Base
from lexfoyer.lecture.enregistrement import enregistrement

# An article number as printed: optional letter prefix (L, R, D, A) with or without a dot or
# space, digits, and dash-separated parts (1343-5, L.313-51, A.444-114, 373-2-11, 1594-0 G).
_NUMERO = re.compile(r"^(?:(?P<lettre>[lrda])\s*\.?\s*)?(?P<corps>\d+(?:-\d+)*(?:-[a-z])?)$", re.IGNORECASE)
_MOTS_VIDES = {"art", "article", "articles", "de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au",
               "aux", "en", "un", "une", "code", "c"}


def _plat(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texte.lower()) if unicodedata.category(c) != "Mn")


def numero_normalise(texte: str) -> str | None:
    """« L.312-22 », « l 312-22 », « L312-22 » → « l312-22 »; None if it is not a number."""
    trouve = _NUMERO.match(texte.strip().rstrip(".,;"))
    if not trouve:
        return None
    return (trouve.group("lettre") or "").lower() + trouve.group("corps").lower()


def _racine(mot: str) -> str:
    return mot[:-1] if len(mot) > 3 and mot[-1] in "sx" else mot


def _mots(texte: str) -> list[str]:
    return [_racine(m) for m in re.findall(r"[a-z0-9]+", _plat(texte)) if m not in _MOTS_VIDES]


def _decouper(requete: str) -> tuple[list[str], list[str]]:
    """The query's article numbers and its other words."""
    texte = re.sub(r"\b(articles?|art)\b\s*\.?\s*", " ", _plat(requete))
    # « L. 312-22 » / « R 313-25 »: glue a lone prefix letter to the number that follows
    texte = re.sub(r"\b([lrda])\s*\.\s*(?=\d)|\b([lrda])\s+(?=\d)", lambda m: (m.group(1) or m.group(2)), texte)
    numeros, mots = [], []
    for morceau in re.split(r"[\s,;«»()\"']+", texte):
        if not morceau:
            continue
        numero = numero_normalise(morceau)
        if numero and any(ch.isdigit() for ch in numero):
            numeros.append(numero)
        else:
            mots += _mots(morceau)
    return numeros, mots


@enregistrement(frozen=True)
class Trouvee:
    genre: str  # "disposition" or "parametre"
    ident: str
    libelle: str
    rang: int  # 0: by number, 1: by heading, 2: by text only


def _contient(mots: list[str], texte: str) -> bool:
    disponibles = _mots(texte)
    return all(any(d.startswith(m) for d in disponibles) for m in mots)


def chercher(base: Base, requete: str) -> list[Trouvee]:
    """Provisions and parameters matching ``requete`` (numbers and words), in a fixed order."""
    numeros, mots = _decouper(requete)
    connus = {numero_normalise(v.numero) for d in base.dispositions.values() for v in d.versions}
    # a bare figure (« 2021 », « 35 ») that numbers no provision is an ordinary word
    mots += [n for n in numeros if n.isdigit() and n not in connus]
    numeros = [n for n in numeros if not (n.isdigit() and n not in connus)]
    if not numeros and not mots:
        return []
    trouvees = []
    for d in base.dispositions.values():
        siens = {numero_normalise(v.numero) or v.numero.lower() for v in d.versions}
        siens.add(numero_normalise(d.id.split("/", 1)[1]) or d.id.split("/", 1)[1].lower())
        if numeros and not all(n in siens for n in numeros):
            continue
        entete = " ".join([d.citation, d.intitule] + [v.citation for v in d.versions])
        if mots and not _contient(mots, " ".join([d.id, entete, d.paraphrase] + list(d.notes))):
            continue
        rang = 0 if numeros else (1 if _contient(mots, entete) else 2)
        trouvees.append(Trouvee("disposition", d.id, f"{d.citation} — {d.intitule}", rang))
    if not numeros:
        for p in base.parametres.values():
            if _contient(mots, p.id.replace(".", " ").replace("_", " ") + " " + p.description):
                trouvees.append(Trouvee("parametre", p.id, f"paramètre — {p.description}", 3))
    return sorted(trouvees, key=lambda t: (t.rang, t.ident))
