"""Turn what a conclusion lacks (``manque``) into questions to ask the client.

The engine names a missing fact by its dossier path (``personnes[1].emploi.statut``). A
client does not read paths: the report asks « Julie (personne B), emploi actuel : statut
professionnel ? (cdi, cdd, …) ». Every word comes from the dossier schema itself (the
``title``, ``description`` and ``enum`` of each field), so a field added to the schema is
asked about in French without touching this module. A ``manque`` entry that is not a
path (a parameter with no value at the date, an impossible calculation) is a point for
the lawyer to check, not a question for the client, and is passed on as it is.
"""

from __future__ import annotations

import re
from typing import Any

from lexfoyer.lecture.schemas import schema
from lexfoyer.cas.vocabulaire import _resoudre

_CHEMIN = re.compile(r"^[a-z_][a-z0-9_]*(\[[0-9]+\])?(\.[a-z_][a-z0-9_]*(\[[0-9]+\])?)*$")
_MORCEAU = re.compile(r"([a-z_][a-z0-9_]*)(?:\[([0-9]+)\])?")
_GENRES_REPONSE = {"boolean": "oui ou non", "integer": "un nombre", "number": "un nombre"}


def _minuscule(texte: str) -> str:
    """Lower the first letter unless the word is an acronym (« PTIA » stays)."""
    if len(texte) > 1 and texte[1].isupper():
        return texte
    return texte[:1].lower() + texte[1:]


def _libelle_entite(titre: str, element: Any, rang: int) -> str:
    """How the report names one item of a dossier list (a person, a loan, an insurance)."""
    element = element if isinstance(element, dict) else {}
    nom = _minuscule(titre)
    if element.get("id") and element.get("prenom"):
        return f"{element['prenom']} ({nom} {element['id']})"
    if element.get("id"):
        return f"{nom} {element['id']}"
    if element.get("assure"):
        return f"{nom} de {element['assure']}"
    if element.get("prenom"):
        return f"{nom} {element['prenom']}"
    return f"{nom} n° {rang + 1}"


def _indication(noeud: dict) -> str:
    """What kind of answer is expected: the schema's choices, a date, yes/no…"""
    if noeud.get("enum"):
        return "valeurs possibles : " + ", ".join(str(v) for v in noeud["enum"] if v is not None)
    if noeud.get("pattern", "").startswith("^[0-9]{4}-"):
        return "date AAAA-MM-JJ"
    genre = noeud.get("type")
    if isinstance(genre, list):
        genre = next((g for g in genre if g != "null"), None)
    return _GENRES_REPONSE.get(genre, "")


def question(chemin: str, donnees: dict) -> str | None:
    """The French question for one missing dossier path, or None if it is not a path."""
    if not _CHEMIN.match(chemin):
        return None
    racine = schema("dossier")
    noeud: dict = racine
    valeur: Any = donnees
    contexte: list[str] = []
    morceaux = chemin.split(".")
    for k, morceau in enumerate(morceaux):
        nom, rang = _MORCEAU.fullmatch(morceau).groups()
        proprietes = _resoudre(noeud, racine).get("properties", {})
        if nom not in proprietes:
            return None
        noeud = _resoudre(proprietes[nom], racine)
        valeur = valeur.get(nom) if isinstance(valeur, dict) else None
        titre = noeud.get("title") or nom.replace("_", " ")
        if rang is not None:
            items = _resoudre(noeud.get("items", {}), racine)
            element = valeur[int(rang)] if isinstance(valeur, list) and int(rang) < len(valeur) else None
            contexte.append(_libelle_entite(items.get("title") or titre, element, int(rang)))
            noeud, valeur = items, element
        elif k < len(morceaux) - 1:
            contexte.append(_minuscule(titre))
    feuille = _minuscule(noeud.get("title") or morceaux[-1].replace("_", " "))
    texte = (", ".join(contexte) + " : " if contexte else "") + feuille + " ?"
    texte = texte[:1].upper() + texte[1:]
    precisions = [p for p in (noeud.get("description", "").replace("(ajout lexfoyer)", "").strip(), _indication(noeud)) if p]
    if precisions:
        texte += " (" + " ; ".join(p.rstrip(".") for p in precisions) + ")"
    return texte


def questions_du_rapport(conclusions: list[dict], donnees: dict) -> list[dict]:
    """Every missing fact of the report once, with its question and who needs it.

    Sorted by path (the dossier's own order: a person's questions together), the points
    that are not paths last, so that the report stays byte-identical between runs.
    """
    par_chemin: dict[str, dict] = {}
    for c in conclusions:
        sujet = c.get("sujet")
        nom = c["id"] + (" [" + ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) + "]" if sujet else "")
        for manque in c.get("manque", []):
            entree = par_chemin.get(manque)
            if entree is None:
                texte = question(manque, donnees)
                entree = par_chemin[manque] = {
                    "chemin": manque if texte else None,
                    "question": texte or f"Point à vérifier : {manque}",
                    "conclusions": [],
                }
            if nom not in entree["conclusions"]:
                entree["conclusions"].append(nom)
    return sorted(par_chemin.values(), key=lambda e: (e["chemin"] is None, e["chemin"] or "", e["question"]))
