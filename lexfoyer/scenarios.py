"""Scenario files: a dossier and the conclusions expected of it (like ``openfisca test``).

```yaml
scenarios:
  - nom: désolidarisation refusée, restant en CDD
    dossier: ../../examples/desolidarisation-refusee-divorce.yaml   # or an inline table
    attendu:
      - id: desolidarisation.solvabilite
        sujet: {personne: A}
        statut: non_applicable
        montants: {taux_effort: "55.00"}
        fondements: [hcsf/D-HCSF-2021-7]
        manque: []
```
Only what is written is compared: an expectation without ``montants`` does not check
them. Failures print the difference and the trace of the rule concerned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .base import Base
from .dossier import Dossier, charger_dossier, dossier_depuis_texte
from .erreurs import ErreurDonnees
from .yamlsur import TAILLE_MAX_KB, charger_fichier


@dataclass
class Scenario:
    nom: str
    fichier: str
    ligne: int
    dossier: Dossier
    attendu: list[dict]


@dataclass
class Resultat:
    scenario: Scenario
    ecarts: list[str] = field(default_factory=list)

    @property
    def reussi(self) -> bool:
        return not self.ecarts


def fichiers_scenarios(chemins: list[Path]) -> list[Path]:
    trouves: list[Path] = []
    for chemin in chemins:
        chemin = Path(chemin)
        trouves += sorted(chemin.rglob("*.yaml")) if chemin.is_dir() else [chemin]
    return trouves


def charger_scenarios(fichier: Path) -> list[Scenario]:
    doc = charger_fichier(fichier, TAILLE_MAX_KB)
    donnees = doc.donnees
    if not isinstance(donnees, dict) or not isinstance(donnees.get("scenarios"), list):
        raise ErreurDonnees([doc.probleme((), "un fichier de scénarios contient une liste « scenarios »")])
    sortie = []
    for i, s in enumerate(donnees["scenarios"]):
        if not isinstance(s, dict) or not {"nom", "dossier", "attendu"} <= set(s) or set(s) - {"nom", "dossier", "attendu", "date_reference"}:
            raise ErreurDonnees([doc.probleme(("scenarios", i), "un scénario a « nom », « dossier », « attendu » (et éventuellement « date_reference »)")])
        from datetime import date
        jour = date.fromisoformat(s["date_reference"]) if s.get("date_reference") else None
        if isinstance(s["dossier"], str):
            dossier = charger_dossier(Path(fichier).parent / s["dossier"], jour)
        else:
            import yaml
            texte = yaml.safe_dump(_texte(s["dossier"]), allow_unicode=True, sort_keys=False)
            dossier = dossier_depuis_texte(texte, f"{fichier}#{s['nom']}", jour)
        sortie.append(Scenario(s["nom"], str(fichier), doc.position(("scenarios", i))[0], dossier, s["attendu"]))
    return sortie


def _texte(valeur):
    """Inline dossiers go back through the dossier loader: Decimals become plain numbers."""
    from decimal import Decimal
    if isinstance(valeur, dict):
        return {k: _texte(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_texte(v) for v in valeur]
    if isinstance(valeur, Decimal):
        return float(valeur) if valeur != valeur.to_integral_value() else int(valeur)
    return valeur


def comparer(rapport: dict, attendu: list[dict]) -> list[str]:
    ecarts = []
    for a in attendu:
        candidats = [c for c in rapport["conclusions"] if c["id"] == a["id"] and ("sujet" not in a or c.get("sujet") == a["sujet"])]
        sujet = f" {a['sujet']}" if a.get("sujet") else ""
        if not candidats:
            if a.get("statut") == "absente":
                continue
            ecarts.append(f"{a['id']}{sujet} : conclusion absente du rapport")
            continue
        if a.get("statut") == "absente":
            ecarts.append(f"{a['id']}{sujet} : conclusion présente alors qu'elle devait être absente")
            continue
        c = candidats[0]
        if "statut" in a and c["statut"] != a["statut"]:
            ecarts.append(f"{a['id']}{sujet} : statut {c['statut']} au lieu de {a['statut']} (manque : {c['manque']})")
        for nom, valeur in (a.get("montants") or {}).items():
            obtenu = c["montants"].get(nom)
            if obtenu != str(valeur):
                ecarts.append(f"{a['id']}{sujet} : montant {nom} = {obtenu} au lieu de {valeur}")
        for nom, valeur in (a.get("delais") or {}).items():
            if c.get("delais", {}).get(nom) != str(valeur):
                ecarts.append(f"{a['id']}{sujet} : délai {nom} = {c.get('delais', {}).get(nom)} au lieu de {valeur}")
        if "fondements" in a:
            cites = [f["id"] for f in c["fondements"]]
            for f in a["fondements"]:
                if f not in cites:
                    ecarts.append(f"{a['id']}{sujet} : fondement {f} non cité (cités : {', '.join(cites)})")
        if "citations" in a:
            citations = [f["citation"] for f in c["fondements"]]
            for f in a["citations"]:
                if f not in citations:
                    ecarts.append(f"{a['id']}{sujet} : citation « {f} » absente (citées : {' ; '.join(citations)})")
        if "manque" in a and sorted(a["manque"]) != c["manque"]:
            ecarts.append(f"{a['id']}{sujet} : manque {c['manque']} au lieu de {sorted(a['manque'])}")
        if "appreciation" in a and c["appreciation"] != a["appreciation"]:
            ecarts.append(f"{a['id']}{sujet} : appréciation {c['appreciation']} au lieu de {a['appreciation']}")
    return ecarts


def executer(scenario: Scenario, base: Base) -> Resultat:
    from .api import evaluer_dossier
    _evaluation, rapport = evaluer_dossier(scenario.dossier, base)
    ecarts = comparer(rapport, scenario.attendu)
    if ecarts:
        ids = {a["id"] for a in scenario.attendu}
        regles = {c["regle"] for c in rapport["conclusions"] if c["id"] in ids}
        tirs = [t for t in rapport["trace"] if t["regle"] in regles]
        ecarts.append("trace : " + json.dumps(tirs, ensure_ascii=False))
    return Resultat(scenario, ecarts)


def couverture(scenarios: list[Scenario]) -> dict[str, set[str]]:
    """conclusion id -> statuses some scenario expects of it."""
    vus: dict[str, set[str]] = {}
    for s in scenarios:
        for a in s.attendu:
            vus.setdefault(a["id"], set()).add(a.get("statut", "?"))
    return vus
