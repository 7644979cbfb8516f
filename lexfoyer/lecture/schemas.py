"""JSON Schema validation with French, located, one-line messages.

The schemas in ``schemas/`` are the contract for every file a lawyer edits (dossiers,
provisions, parameters, rules). jsonschema's own messages are English and point at a
path, not a line: here each error becomes a :class:`Probleme` at the line and column of
the offending value (or key, for an unknown field, with a "did you mean" suggestion).
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lexfoyer.lecture.chemins import dossier_schemas
from lexfoyer.lecture.erreurs import PROBLEMES_MAX, Probleme, extrait, probleme_resume
from lexfoyer.lecture.yamlsur import DocumentYaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@lru_cache(maxsize=None)
def schema(nom: str) -> dict:
    """The schema ``schemas/<nom>.schema.json``."""
    with (dossier_schemas() / f"{nom}.schema.json").open(encoding="utf-8") as flux:
        return json.load(flux)


@lru_cache(maxsize=None)
def validateur(nom: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # 45 ms: only to word the problems of a file
    return Draft202012Validator(_deplier(schema(nom)))


@lru_cache(maxsize=None)
def _valide_vite(nom: str):
    """The schema compiled into closures (:mod:`.validation_rapide`), or None.

    Compiled from the schema as written: the compiler resolves each ``$ref`` once and
    shares its closure, so unfolding the references first (what jsonschema needs to be
    fast, :func:`_deplier`) would only cost a cold start its time."""
    from lexfoyer.lecture.validation_rapide import compiler
    return compiler(schema(nom))


_PREFIXE_DEFS = "#/$defs/"


def _deplier(racine: dict) -> dict:
    """The schema with its local ``#/$defs/…`` references replaced by what they name.

    Same verdicts and the same errors (a ``$ref`` and its siblings both apply, as an
    ``allOf`` does), but a dossier no longer pays a registry lookup for each of its
    ~90 references: that was a third of its validation. A recursive reference stays.
    """
    defs = racine.get("$defs", {})

    def deplier(noeud: Any, pile: tuple) -> Any:
        if isinstance(noeud, list):
            return [deplier(v, pile) for v in noeud]
        if not isinstance(noeud, dict):
            return noeud
        ref = noeud.get("$ref")
        nom = ref[len(_PREFIXE_DEFS):] if isinstance(ref, str) and ref.startswith(_PREFIXE_DEFS) else None
        if nom is None or nom not in defs or nom in pile or "/" in nom:
            return {k: (v if k == "$defs" else deplier(v, pile)) for k, v in noeud.items()}
        cible = deplier(defs[nom], pile + (nom,))
        reste = {k: deplier(v, pile) for k, v in noeud.items() if k != "$ref"}
        if not set(reste) & set(cible):
            return {**cible, **reste}
        if "allOf" not in reste:
            return {**reste, "allOf": [cible]}
        return {k: (v if k == "$defs" else deplier(v, pile)) for k, v in noeud.items()}

    return deplier(racine, ())


#: schema errors read from one document at most; past it, « … et au moins N autres »
ERREURS_MAX = 10 * PROBLEMES_MAX


def _liste(valeurs: Any) -> str:
    return ", ".join(f"« {extrait(v)} »" for v in valeurs)


def _valeur(v: Any) -> str:
    """A value quoted in a message: escaped, cut, never a 4 300-digit number."""
    if isinstance(v, (dict, list)):
        return "cette valeur"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int) and v.bit_length() > 100:
        return "ce nombre (trop grand pour être écrit ici)"
    return f"« {extrait(v)} »" if isinstance(v, str) else extrait(v)


_TYPES = {"object": "une table", "array": "une liste", "string": "un texte", "number": "un nombre",
          "integer": "un nombre entier", "boolean": "true ou false", "null": "null"}


def _message(erreur) -> tuple[str, list, bool]:
    """French message, the path to point at, and whether to point at the key."""
    v, chemin, inst = erreur.validator, list(erreur.absolute_path), erreur.instance
    val = erreur.validator_value
    if v == "additionalProperties" and isinstance(inst, dict):
        connues = list(erreur.schema.get("properties", {}))
        inconnues = [k for k in inst if k not in connues]
        messages = []
        for cle in inconnues:
            proches = difflib.get_close_matches(cle, connues, n=1, cutoff=0.6)
            suggestion = f" (vouliez-vous dire « {proches[0]} » ?)" if proches else ""
            messages.append((f"champ inconnu « {extrait(cle)} »{suggestion}", chemin + [cle], True))
        return messages  # type: ignore[return-value]
    if v == "required":
        manquants = [k for k in val if isinstance(inst, dict) and k not in inst]
        return f"champ obligatoire absent : {_liste(manquants)}", chemin, False
    if v == "type":
        attendu = " ou ".join(_TYPES.get(t, t) for t in (val if isinstance(val, list) else [val]))
        return f"{_valeur(inst)} devrait être {attendu}", chemin, False
    if v == "enum":
        proches = difflib.get_close_matches(extrait(inst), [str(x) for x in val], n=1, cutoff=0.6)
        suggestion = f" (vouliez-vous dire « {proches[0]} » ?)" if proches else ""
        return f"{_valeur(inst)} n'est pas une valeur permise ({_liste(val)}){suggestion}", chemin, False
    if v == "const":
        return f"{_valeur(inst)} devrait valoir {_valeur(val)}", chemin, False
    if v == "minimum":
        return f"{_valeur(inst)} est inférieur au minimum {val}", chemin, False
    if v == "maximum":
        return f"{_valeur(inst)} est supérieur au maximum {val}", chemin, False
    if v == "exclusiveMinimum":
        return f"{_valeur(inst)} devrait être strictement supérieur à {val}", chemin, False
    if v == "exclusiveMaximum":
        return f"{_valeur(inst)} devrait être strictement inférieur à {val}", chemin, False
    if v == "pattern":
        if "[0-9]{4}-" in val:
            return f"{_valeur(inst)} n'est pas une date AAAA-MM-JJ valide", chemin, False
        return f"{_valeur(inst)} n'a pas la forme attendue", chemin, False
    if v == "minLength":
        return "texte trop court" if val > 1 else "texte vide", chemin, False
    if v == "maxLength":
        return f"texte trop long (maximum {val} caractères)", chemin, False
    if v == "minItems":
        return f"liste trop courte (au moins {val} élément(s))", chemin, False
    if v == "maxItems":
        return f"liste trop longue (au plus {val} éléments)", chemin, False
    if v == "uniqueItems":
        return "la liste contient des doublons", chemin, False
    if v in ("minProperties", "maxProperties"):
        return f"nombre d'entrées hors limites ({v} {val})", chemin, False
    if v == "propertyNames":
        return f"nom de clé invalide : {_valeur(inst)}", chemin, True
    if v in ("oneOf", "anyOf"):
        meilleures = [e for e in (erreur.context or []) if e.validator not in ("required", "oneOf", "anyOf")]
        if meilleures:
            return _message(min(meilleures, key=lambda e: len(list(e.absolute_path))))
        return "valeur qui ne correspond à aucune des formes permises", chemin, False
    if v == "not":
        return "combinaison de champs interdite", chemin, False
    return f"valeur refusée par le schéma (règle « {v} »)", chemin, False


def valider(doc: DocumentYaml, nom_schema: str) -> list[Probleme]:
    """Every schema violation of ``doc`` as located problems (empty list when valid)."""
    rapide = _valide_vite(nom_schema)
    if rapide is not None and rapide(doc.donnees):  # valid: jsonschema would find nothing
        return []
    problemes: list[Probleme] = []
    erreurs, tronque = [], False
    for erreur in validateur(nom_schema).iter_errors(doc.donnees):
        if len(erreurs) == ERREURS_MAX:  # a file of 100 000 bad items: stop reading, say so
            tronque = True
            break
        erreurs.append(erreur)
    erreurs.sort(key=lambda e: list(map(str, e.absolute_path)))
    for erreur in erreurs:
        resultat = _message(erreur)
        for message, chemin, cle in (resultat if isinstance(resultat, list) else [resultat]):
            problemes.append(doc.probleme(tuple(chemin), message, cle=cle))
    if tronque:
        dernier = max(problemes, key=lambda p: (p.ligne, p.colonne))
        problemes.append(probleme_resume(doc.fichier, dernier.ligne, dernier.colonne, 1, au_moins=True))
    return problemes
