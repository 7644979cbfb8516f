"""The facts a rule may test, read from the dossier schema itself.

Rules name facts by their dossier path (``pret.solidaire``,
``situation_familiale.violences.victime``). This module walks
``schemas/dossier.schema.json`` once to learn every such path and its kind (date, number,
text, boolean, list), so that a typo in a rule is an error at load time instead of a
condition that is silently never met, and so that the fact builder knows which strings
are dates. A few *derived* attributes (structural facts computed from the dossier, such
as the number of borrowers of a loan) are declared here with their meaning.
"""

from __future__ import annotations

from functools import lru_cache

from lexfoyer.lecture.schemas import schema

# Arrays of the dossier whose items are subjects of rules.
ENTITES = {"personnes": "personne", "enfants": "enfant", "biens": "bien", "prets": "pret"}

# Derived attributes: (subject, attribute) -> (kind, meaning shown by `rules show`).
DERIVES = {
    ("pret", "nb_emprunteurs"): ("nombre", "nombre d'emprunteurs du prêt"),
    ("personne", "emprunteur"): ("booleen", "la personne est emprunteur d'au moins un prêt du dossier"),
    ("personne", "role_desolidarisation"): (
        "texte", "« demandeur » (demande à sortir du prêt) ou « restant » (co-emprunteur qui resterait seul tenu)"),
    ("dossier", "nb_titulaires_bail"): ("nombre", "nombre de titulaires du bail (location.titulaires)"),
    ("bien", "nb_proprietaires"): ("nombre", "nombre de co-propriétaires (2 pour un bien commun)"),
    ("bien", "objet_rachat"): (
        "booleen", "le bien est celui dont l'acquéreur rachète la part (demandes.rachat_soulte.bien, "
                   "ou le seul bien commun ou indivis du dossier)"),
    ("dossier", "date_reference"): ("date", "date à laquelle la loi est lue (défaut : aujourd'hui)"),
}


# What to ask the client when a derived attribute is unknown: the dossier field it comes from.
SOURCES_DERIVES = {
    "nb_emprunteurs": "emprunteurs",
    "emprunteur": "emprunteurs",
    "nb_proprietaires": "quotes_parts",
    "nb_titulaires_bail": "/location.titulaires",
    "objet_rachat": "/demandes.rachat_soulte.bien",  # "/": a dossier path, not the subject's
}


def _resoudre(noeud: dict, racine: dict) -> dict:
    while "$ref" in noeud:
        nom = noeud["$ref"].rsplit("/", 1)[-1]
        suite = dict(racine["$defs"][nom])
        suite.update({k: v for k, v in noeud.items() if k != "$ref"})
        noeud = suite
    return noeud


def _genre(noeud: dict) -> str:
    if noeud.get("pattern", "").startswith("^[0-9]{4}-"):
        return "date"
    type_ = noeud.get("type")
    if isinstance(type_, list):
        type_ = next((t for t in type_ if t != "null"), type_[0])
    return {"integer": "nombre", "number": "nombre", "string": "texte", "boolean": "booleen",
            "array": "liste", "object": "objet"}.get(type_, "texte")


def _parcourir(noeud: dict, racine: dict, prefixe: tuple, sortie: dict) -> None:
    noeud = _resoudre(noeud, racine)
    genre = _genre(noeud)
    if prefixe:
        sortie[prefixe] = genre
    if genre == "objet":
        for cle, sous in noeud.get("properties", {}).items():
            _parcourir(sous, racine, prefixe + (cle,), sortie)
        if isinstance(noeud.get("additionalProperties"), dict):
            _parcourir(noeud["additionalProperties"], racine, prefixe + ("*",), sortie)
    elif genre == "liste" and isinstance(noeud.get("items"), dict):
        items = _resoudre(noeud["items"], racine)
        if _genre(items) == "objet":
            _parcourir(items, racine, prefixe + ("[]",), sortie)


@lru_cache(maxsize=1)
def chemins_dossier() -> dict[tuple, str]:
    """Every path of the dossier schema (``[]`` for list items, ``*`` for free keys) → kind."""
    racine = schema("dossier")
    sortie: dict[tuple, str] = {}
    _parcourir(racine, racine, (), sortie)
    return sortie


@lru_cache(maxsize=None)
def attributs(sujet: str) -> dict[tuple, str]:
    """Attribute paths of one subject's own fact (without relations) → kind."""
    tous = chemins_dossier()
    if sujet == "dossier":
        from lexfoyer.droit.regles import SECTIONS_DOSSIER
        trouves = {c: g for c, g in tous.items() if c[0] in SECTIONS_DOSSIER}
    elif sujet == "assurance":
        trouves = {c[3:]: g for c, g in tous.items() if c[:3] == ("prets", "[]", "assurance") and len(c) > 4}
        trouves = {c[1:] if c and c[0] == "[]" else c: g for c, g in trouves.items()}
    else:
        tableau = next(k for k, v in ENTITES.items() if v == sujet)
        trouves = {c[2:]: g for c, g in tous.items() if c[:2] == (tableau, "[]") and len(c) > 2}
    for (s, nom), (genre, _sens) in DERIVES.items():
        if s == sujet:
            trouves[(nom,) if sujet != "dossier" else ("dossier", nom)] = genre
    return {c: g for c, g in trouves.items() if c}


def genre_attribut(sujet: str, chemin: tuple) -> str | None:
    """Kind of ``chemin`` on ``sujet``'s fact, or None if no such attribute exists."""
    table = attributs(sujet)
    if chemin in table:
        return table[chemin]
    # free-key objects (quotes_parts: {A: 50})
    for i in range(len(chemin)):
        essai = chemin[:i] + ("*",) + chemin[i + 1:]
        if essai in table:
            return table[essai]
    return None
