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


def noeud_schema(chemin: str) -> dict | None:
    """The dossier schema's node (``$ref`` resolved) for a dossier path, or None."""
    if not _CHEMIN.match(chemin):
        return None
    racine = schema("dossier")
    noeud: dict = racine
    for morceau in chemin.split("."):
        nom, rang = _MORCEAU.fullmatch(morceau).groups()
        proprietes = _resoudre(noeud, racine).get("properties", {})
        if nom not in proprietes:
            return None
        noeud = _resoudre(proprietes[nom], racine)
        if rang is not None:
            noeud = _resoudre(noeud.get("items", {}), racine)
    return noeud


def genre_reponse(noeud: dict) -> tuple[str, list]:
    """(kind of answer, allowed values): ``choix`` with the enum, ``date``, ``booleen``,
    ``entier``, ``nombre``, ``liste`` (of idents or choices) or ``texte``."""
    if noeud.get("enum"):
        return "choix", [v for v in noeud["enum"] if v is not None]
    if noeud.get("pattern", "").startswith("^[0-9]{4}-"):
        return "date", []
    genre = noeud.get("type")
    if isinstance(genre, list):
        genre = next((g for g in genre if g != "null"), None)
    if genre == "array":
        items = noeud.get("items", {})
        return "liste", [v for v in items.get("enum", []) if v is not None]
    return {"boolean": "booleen", "integer": "entier", "number": "nombre"}.get(genre, "texte"), []


def groupe_de(chemin: str | None, donnees: dict) -> str:
    """Whom a question is about: « Julie (personne B) », « Prêt p1 », « Bien maison »…"""
    if not chemin:
        return "Points à vérifier par l'avocat"
    tete = _MORCEAU.match(chemin.split(".")[0])
    nom, rang = tete.groups()
    if rang is not None and nom in ("personnes", "prets", "biens", "enfants"):
        racine = schema("dossier")
        items = _resoudre(_resoudre(racine["properties"][nom], racine).get("items", {}), racine)
        liste = donnees.get(nom)
        element = liste[int(rang)] if isinstance(liste, list) and int(rang) < len(liste) else None
        texte = _libelle_entite(items.get("title") or nom, element, int(rang))
        return texte[:1].upper() + texte[1:]
    return "Le couple et le dossier"


def questions_du_rapport(conclusions: list[dict], donnees: dict, presomptions: list[dict] | None = None) -> list[dict]:
    """Every missing fact of the report once, with its question, who it is about, and who needs it.

    Only the relevant conclusions ask (``pertinente``); a fact presumed by law (``presomptions``)
    is « à confirmer », not asked. Ranked by how many relevant conclusions the answer bears on
    (then how many it would settle alone, i.e. where it is the only fact missing), then by
    path, so that the report stays byte-identical between runs; ``rang`` is that order.
    """
    presumes = {p.get("chemin") for p in presomptions or []}
    par_chemin: dict[str, dict] = {}
    for c in conclusions:
        if not c.get("pertinente", True):
            continue
        sujet = c.get("sujet")
        nom = c["id"] + (" [" + ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) + "]" if sujet else "")
        for manque in c.get("manque", []):
            if manque in presumes:
                continue
            entree = par_chemin.get(manque)
            if entree is None:
                texte = question(manque, donnees)
                entree = par_chemin[manque] = {
                    "chemin": manque if texte else None,
                    "question": texte or f"Point à vérifier : {manque}",
                    "groupe": groupe_de(manque if texte else None, donnees),
                    "conclusions": [],
                    "tranchees": 0,
                }
                noeud = noeud_schema(manque) if texte else None
                if noeud is not None:
                    entree["reponse"], valeurs = genre_reponse(noeud)
                    if valeurs:
                        entree["valeurs"] = valeurs
            if nom not in entree["conclusions"]:
                entree["conclusions"].append(nom)
                if len(c.get("manque", [])) == 1:
                    entree["tranchees"] += 1
    ordre = sorted(par_chemin.values(), key=lambda e: (e["chemin"] is None, -len(e["conclusions"]), -e["tranchees"],
                                                      e["chemin"] or "", e["question"]))
    for rang, e in enumerate(ordre, 1):
        e["rang"] = rang
    return ordre


def questions_a_poser(rapport: dict) -> list[dict]:
    """The report's questions minus the facts the law presumed (those are « à confirmer »)."""
    presumes = {p.get("chemin") for p in rapport.get("presomptions") or []}
    return [q for q in rapport.get("questions", [])
            if q.get("pertinente", True) and (q.get("chemin") is None or q["chemin"] not in presumes)]


def presomptions_a_confirmer(rapport: dict, tout: bool = False) -> list[dict]:
    """The presumed facts a printed conclusion read (a presumption only an irrelevant
    conclusion relied on is not worth the client's time; ``tout`` shows them all)."""
    montrees = [c for c in rapport.get("conclusions", []) if tout or c.get("pertinente", True)]
    lus = {chemin for c in montrees for chemin in c.get("faits", {})}
    return [p for p in rapport.get("presomptions") or []
            if tout or any(l == p.get("chemin") or l.startswith(f"{p.get('chemin')}.") for l in lus)]


def valeur_presumee(valeur) -> str:
    """A presumed value in French: « oui », « non », « A : 50, B : 50 »."""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, dict):
        return ", ".join(f"{k} : {valeur_presumee(v)}" for k, v in valeur.items())
    if isinstance(valeur, list):
        return ", ".join(valeur_presumee(v) for v in valeur)
    return str(valeur)


def presomption_texte(p: dict) -> tuple[str, str, str]:
    """(what is presumed, about which fact, its basis) of one presumed fact, for the renderers."""
    fondements = p.get("fondements") or []
    base = fondements[0]["citation"] if fondements and fondements[0].get("citation") else p.get("fondement", "")
    return p.get("libelle") or p.get("chemin") or "", p.get("chemin") or "", base


def sans_groupe(q: dict) -> str:
    """The question without the name of its group (printed once, above the group's questions)."""
    texte, groupe = q["question"], q.get("groupe") or ""
    for separateur in (" : ", ", "):
        if groupe and texte.startswith(groupe + separateur):
            reste = texte[len(groupe) + len(separateur):]
            return reste[:1].upper() + reste[1:]
    return texte


def par_groupe(questions: list[dict]) -> list[tuple[str, list[dict]]]:
    """The ranked questions grouped by person / bien / loan, each group where its best question ranks."""
    groupes: dict[str, list[dict]] = {}
    for q in questions:
        groupes.setdefault(q.get("groupe") or "Le couple et le dossier", []).append(q)
    return list(groupes.items())
