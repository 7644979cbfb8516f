"""The data the listing commands print, as plain dicts for ``--format json``.

One function per command (``kb list``, ``kb show``, ``kb search``, ``rules list``,
``rules show``, ``lint``, ``test``, ``validate``); the keys are stable and documented in
``schemas/sorties.schema.json`` (one ``$defs`` entry per command). Dates are ISO strings,
amounts and rates exact decimal strings, every list in a fixed order, so that the JSON is
byte-identical from one run to the next.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from lexfoyer.droit.base import Base
from lexfoyer.droit.kb import Disposition, Parametre
from lexfoyer.droit.regles import Regle

VERSION_SORTIES = 1


def en_json(genre: str, donnees: Any) -> str:
    """``{"sortie": genre, "version": 1, …}``: what every command's JSON starts with."""
    corps = {"sortie": genre, "version": VERSION_SORTIES}
    corps.update(donnees if isinstance(donnees, dict) else {"elements": donnees})
    return json.dumps(corps, ensure_ascii=False, indent=2, default=_defaut) + "\n"


def _defaut(valeur: Any) -> Any:
    if isinstance(valeur, Decimal):
        return str(valeur)
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    raise TypeError(f"valeur non sérialisable : {type(valeur).__name__}")


def _iso(jour) -> str | None:
    return jour.isoformat() if jour else None


def disposition_resume(d: Disposition) -> dict:
    return {"genre": "disposition", "id": d.id, "citation": d.citation, "intitule": d.intitule, "verifiee": bool(d.verifiee)}


def parametre_resume(p: Parametre) -> dict:
    return {"genre": "parametre", "id": p.id, "description": p.description, "unite": p.unite}


def kb_liste(base: Base) -> dict:
    return {"dispositions": [disposition_resume(d) for d in sorted(base.dispositions.values(), key=lambda d: d.id)],
            "parametres": [parametre_resume(p) for p in sorted(base.parametres.values(), key=lambda p: p.id)]}


def disposition_detail(base: Base, d: Disposition) -> dict:
    return {
        "genre": "disposition", "id": d.id, "citation": d.citation, "intitule": d.intitule,
        "paraphrase": d.paraphrase, "fichier": d.fichier, "ligne": d.position[0],
        "versions": [{"numero": v.numero, "citation": v.citation, "debut": _iso(v.debut), "fin": _iso(v.fin),
                      "url": v.url, "verifie": v.verifie, "note": v.note} for v in d.versions],
        "sources": [dict(s) for s in d.sources], "guides": list(d.guides),
        "derniere_verification": _iso(d.derniere_verification), "notes": list(d.notes),
        "ecarts_guides": list(d.ecarts_guides),
        "regles": sorted(r.id for r in base.regles.values() if d.id in r.fondements),
    }


def parametre_detail(base: Base, p: Parametre) -> dict:
    valeurs = []
    for v in p.valeurs:
        debut, fin = p.periode(v)
        valeurs.append({"debut": _iso(debut), "fin": _iso(fin),
                        "valeur": None if v.valeur is None else str(v.valeur),
                        "bareme": [[str(s), str(t)] for s, t in v.bareme] if v.bareme else None,
                        "references": [dict(r) for r in v.references], "note": v.note})
    return {"genre": "parametre", "id": p.id, "description": p.description, "unite": p.unite,
            "fichier": p.fichier, "fondements": list(p.fondements), "valeurs": valeurs,
            "regles": sorted(r.id for r in base.regles.values() if p.id in r.parametres.values())}


def regle_resume(r: Regle) -> dict:
    return {"id": r.id, "conclusion": r.conclusion, "domaine": r.domaine, "sujet": r.sujet, "titre": r.titre}


def _test_texte(test) -> str:
    from lexfoyer.rapport.affichage import _test
    try:
        return _test(test)
    except Exception:  # the rule representation is another module's: never fail a listing on it
        return getattr(test, "libelle", "") or repr(test)


def regle_detail(base: Base, r: Regle) -> dict:
    conditions = []
    for c in r.conditions:
        entree: dict = {"libelle": c.libelle}
        if c.conclusion:
            entree.update({"conclusion": c.conclusion, "statut_requis": c.statut})
        else:
            entree["tests"] = [_test_texte(t) for t in c.tests]
            entree["une_de"] = bool(c.une_de)
        conditions.append(entree)
    return {
        **regle_resume(r), "fichier": r.fichier, "ligne": r.position[0], "date": r.date,
        "appreciation": r.appreciation,
        "fondements": [{"id": f, "citation": base.dispositions[f].citation} for f in r.fondements],
        "parametres": dict(sorted(r.parametres.items())),
        "calcul": {"fonction": r.calcul["fonction"], "montants": list(r.calcul.get("montants", [])),
                   "delais": list(r.calcul.get("delais", []))} if r.calcul else None,
        "portee": [{"libelle": t.libelle or "", "test": _test_texte(t)} for t in r.portee],
        "conditions": conditions,
        "explication": dict(r.explication),
        "a_retenir": list(r.a_retenir),
    }


def probleme(p) -> dict:
    """A located problem (lint, validate): file, line, column, path, message, and its one-line form."""
    return {"fichier": str(p.fichier), "ligne": p.ligne, "colonne": p.colonne, "chemin": p.chemin,
            "message": p.message, "texte": str(p)}
