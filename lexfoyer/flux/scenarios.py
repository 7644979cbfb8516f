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
them; a key that is not one of :data:`CLES_ATTENDU` is an error (a misspelt key would
otherwise check nothing and pass). A failure prints, field by field, what was expected
and what was obtained, then the reasoning of the rule concerned as the engine observed it
(each condition true, false or unknown with the facts read, what is missing, the firings).
"""

from __future__ import annotations

from pathlib import Path

from lexfoyer.droit.base import Base
from lexfoyer.cas.dossier import Dossier, charger_dossier, dossier_depuis_texte
from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.lecture.erreurs import ErreurDonnees
from lexfoyer.lecture.yamlsur import TAILLE_MAX_KB, charger_fichier


@enregistrement
class Scenario:
    nom: str
    fichier: str
    ligne: int
    dossier: Dossier
    attendu: list[dict]


@enregistrement
class Resultat:
    scenario: Scenario
    ecarts: list[str] = champ(default_factory=list)

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
        problemes = _verifier_attendu(doc, i, s["attendu"])
        if problemes:
            raise ErreurDonnees(problemes)
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


CLES_ATTENDU = ("id", "sujet", "statut", "montants", "delais", "fondements", "citations", "manque", "appreciation")
STATUTS_ATTENDUS = ("applicable", "non_applicable", "a_verifier", "absente")


def _verifier_attendu(doc, i: int, attendu) -> list:
    """An expectation with a misspelt key would check nothing and pass: refuse it, located."""
    if not isinstance(attendu, list):
        return [doc.probleme(("scenarios", i, "attendu"), "« attendu » est une liste de conclusions attendues")]
    problemes = []
    for k, a in enumerate(attendu):
        chemin = ("scenarios", i, "attendu", k)
        if not isinstance(a, dict) or "id" not in a:
            problemes.append(doc.probleme(chemin, "une conclusion attendue a au moins un « id »"))
            continue
        for cle in sorted(set(a) - set(CLES_ATTENDU)):
            problemes.append(doc.probleme(chemin + (cle,), f"clé inconnue « {cle} » (connues : {', '.join(CLES_ATTENDU)})"))
        if "statut" in a and a["statut"] not in STATUTS_ATTENDUS:
            problemes.append(doc.probleme(chemin + ("statut",), f"statut « {a['statut']} » inconnu ({', '.join(STATUTS_ATTENDUS)})"))
    return problemes


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


def _sujet_texte(sujet: dict | None) -> str:
    return " [" + ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) + "]" if sujet else ""


def _montant_attendu(valeur) -> str:
    """Amounts are written as strings ("150000.00"); a bare YAML number is read the same way."""
    from decimal import Decimal
    if isinstance(valeur, (int, Decimal)) and not isinstance(valeur, bool):
        return str(Decimal(valeur).quantize(Decimal("0.01")))
    return str(valeur)


def _ecart(nom: str, champ: str, attendu, obtenu) -> str:
    return f"{nom} : {champ}\n      attendu : {attendu}\n      obtenu  : {obtenu}"


def _comparer_une(a: dict, c: dict, nom: str) -> list[str]:
    """Field by field, what one conclusion has that the expectation does not."""
    ecarts = []
    if "statut" in a and c["statut"] != a["statut"]:
        ecarts.append(_ecart(nom, "statut", a["statut"], c["statut"] + (f" (manque : {', '.join(c['manque'])})" if c["manque"] else "")))
    for nom_m, valeur in (a.get("montants") or {}).items():
        obtenu = c["montants"].get(nom_m)
        if obtenu != _montant_attendu(valeur):
            ecarts.append(_ecart(nom, f"montant {nom_m}", _montant_attendu(valeur), obtenu if obtenu is not None else
                                 f"absent (montants publiés : {', '.join(f'{k}={v}' for k, v in c['montants'].items()) or 'aucun'})"))
    for nom_d, valeur in (a.get("delais") or {}).items():
        obtenu = c.get("delais", {}).get(nom_d)
        if obtenu != str(valeur):
            ecarts.append(_ecart(nom, f"délai {nom_d}", valeur, obtenu if obtenu is not None else "absent"))
    cites = [f["id"] for f in c["fondements"]]
    manquants = [f for f in a.get("fondements", []) if f not in cites]
    if manquants:
        ecarts.append(_ecart(nom, "fondements", ", ".join(a["fondements"]), ", ".join(cites) + f" (non cités : {', '.join(manquants)})"))
    citations = [f["citation"] for f in c["fondements"]]
    absentes = [f for f in a.get("citations", []) if f not in citations]
    if absentes:
        ecarts.append(_ecart(nom, "citations", " ; ".join(a["citations"]), " ; ".join(citations) + f" (absentes : {' ; '.join(absentes)})"))
    if "manque" in a and sorted(a["manque"]) != c["manque"]:
        ecarts.append(_ecart(nom, "manque", sorted(a["manque"]), c["manque"]))
    if "appreciation" in a and c["appreciation"] != a["appreciation"]:
        ecarts.append(_ecart(nom, "appréciation", a["appreciation"], c["appreciation"]))
    return ecarts


def comparer(rapport: dict, attendu: list[dict]) -> list[str]:
    """One message per field that differs: what was expected, what the engine gave."""
    ecarts = []
    for a in attendu:
        candidats = [c for c in rapport["conclusions"] if c["id"] == a["id"] and ("sujet" not in a or c.get("sujet") == a["sujet"])]
        nom = a["id"] + _sujet_texte(a.get("sujet"))
        if not candidats:
            if a.get("statut") != "absente":
                autres = [_sujet_texte(c.get("sujet")).strip() or "dossier" for c in rapport["conclusions"] if c["id"] == a["id"]]
                ecarts.append(_ecart(nom, "conclusion", a.get("statut", "présente"),
                                     "absente du rapport" + (f" (présente pour : {', '.join(autres)})" if autres else "")))
            continue
        if a.get("statut") == "absente":
            ecarts.append(_ecart(nom, "conclusion", "absente", f"présente, {candidats[0]['statut']}"))
            continue
        ecarts += _comparer_une(a, candidats[0], nom)
    return ecarts


def executer(scenario: Scenario, base: Base) -> Resultat:
    """Run one scenario; on failure, add the reasoning behind each conclusion concerned.

    For every expectation that failed, the report shows the rule's conditions as the engine
    observed them (true, false or unknown, with the dossier facts read), what is missing,
    and the rule's firings — what a lawyer needs to tell a wrong rule from a wrong test.
    """
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.rapport.explication import expliquer
    evaluation, rapport = evaluer_dossier(scenario.dossier, base)
    ecarts = comparer(rapport, scenario.attendu)
    if ecarts:
        concernees = sorted({a["id"] for a in scenario.attendu
                             if any(e.startswith(a["id"] + " ") for e in ecarts)})
        for conclusion in concernees:
            try:
                texte = expliquer(base, evaluation, rapport, conclusion)
            except KeyError as exc:
                texte = str(exc.args[0]) + "\n"
            ecarts.append("raisonnement du moteur :\n" + "".join(f"      {ligne}\n" if ligne.strip() else "\n" for ligne in texte.rstrip().splitlines()).rstrip())
    return Resultat(scenario, ecarts)


def couverture(scenarios: list[Scenario]) -> dict[str, set[str]]:
    """conclusion id -> statuses some scenario expects of it."""
    vus: dict[str, set[str]] = {}
    for s in scenarios:
        for a in s.attendu:
            vus.setdefault(a["id"], set()).add(a.get("statut", "?"))
    return vus
