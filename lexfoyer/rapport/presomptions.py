"""The facts the law presumed for this dossier, as the report shows them.

Only the presumed facts some conclusion actually read are listed: a presumption nobody
relied on (good faith in a dossier with no debt) would only be noise. Each entry names
the dossier path, the presumed value, the presumption and its basis, and what would rebut
it — the report shows it « à confirmer », never as a fact the lawyer wrote.
"""

from __future__ import annotations

from typing import Any

from lexfoyer.droit.base import Base
from lexfoyer.moteur.execution import Evaluation
from lexfoyer.rapport.lecteur import en_json_simple


def citation(base: Base, ident: str) -> str:
    disposition = base.dispositions.get(ident)
    return disposition.citation if disposition is not None else ident


def presomptions_du_rapport(base: Base, evaluation: Evaluation, conclusions: list[dict]) -> list[dict]:
    """One entry per presumed fact read by a conclusion, in dossier-path order."""
    lus = {chemin for c in conclusions for chemin in c.get("faits", {})}
    lus |= {chemin.rsplit(".", 1)[0] for chemin in lus}  # quotes_parts.A read → quotes_parts presumed
    sortie = []
    for presume in evaluation.faits.presumes:
        if presume.chemin not in lus:
            continue
        pr = presume.presomption
        sortie.append({
            "chemin": presume.chemin,
            "valeur": en_json_simple(dict(sorted(presume.valeur.items())) if isinstance(presume.valeur, dict)
                                     else presume.valeur),
            "presomption": pr.id,
            "libelle": pr.titre,
            "fondement": pr.fondements[0],
            "fondements": [{"id": f, "citation": citation(base, f)} for f in pr.fondements],
            "refutation": pr.refutation,
        })
    return sorted(sortie, key=lambda e: e["chemin"])


def presumes_par_chemin(evaluation: Evaluation) -> dict[str, Any]:
    """Dossier path → the Presume behind it, for the readers that mark presumed facts."""
    return {p.chemin: p for p in evaluation.faits.presumes}
