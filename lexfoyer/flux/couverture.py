"""``lexfoyer kb coverage``: which provisions the rules rely on, and what tests them.

For a lawyer maintaining the base the useful questions are: if this article changes,
which rules move, and will a scenario test notice? And which provisions (or which dated
versions of them) were never checked against their source? This module answers both from
the base and the scenario files, without evaluating anything: a rule is « covered » by a
scenario that states an expectation about its conclusion (the same notion ``lint`` uses).
A provision also reaches a rule through a dated parameter that cites it (the HCSF rate
cites the HCSF decision): such links are listed with the parameter's name.
"""

from __future__ import annotations

from pathlib import Path

from lexfoyer.droit.base import Base
from lexfoyer.flux.scenarios import Scenario, charger_scenarios, fichiers_scenarios


def _scenarios(racine_tests: Path | None) -> list[Scenario]:
    if racine_tests is None or not Path(racine_tests).is_dir():
        return []
    return [s for f in fichiers_scenarios([Path(racine_tests)]) for s in charger_scenarios(f)]


def _tests_de(conclusion: str, scenarios: list[Scenario], racine_tests: Path | None) -> list[dict]:
    sortie = []
    for s in scenarios:
        statuts = sorted({a.get("statut", "?") for a in s.attendu if a["id"] == conclusion})
        if statuts:
            fichier = Path(s.fichier)
            if racine_tests is not None and fichier.is_relative_to(racine_tests):
                fichier = fichier.relative_to(racine_tests)
            sortie.append({"fichier": str(fichier), "ligne": s.ligne, "nom": s.nom, "statuts": statuts})
    return sortie


def _regles_de(base: Base, ident: str) -> list[tuple[str, str | None]]:
    """(rule id, parameter through which it cites ``ident`` or None), sorted."""
    liens = set()
    for r in base.regles.values():
        if ident in r.fondements:
            liens.add((r.id, None))
        for p in r.parametres.values():
            if p in base.parametres and ident in base.parametres[p].fondements:
                liens.add((r.id, p))
    return sorted(liens, key=lambda x: (x[0], x[1] or ""))


def non_verifiees(base: Base) -> list[dict]:
    """Provisions with no source read at its address, and versions marked ``verifie: false``."""
    sortie = []
    for d in sorted(base.dispositions.values(), key=lambda d: d.id):
        if not d.verifiee:
            sortie.append({"id": d.id, "citation": d.citation, "niveau": "disposition", "version": None,
                           "debut": None, "fin": None, "note": "aucune source vérifiée"})
        for v in d.versions:
            if v.verifie is False:
                sortie.append({"id": d.id, "citation": v.citation, "niveau": "version", "version": v.numero,
                               "debut": v.debut.isoformat(), "fin": v.fin.isoformat() if v.fin else None,
                               "note": v.note})
    return sortie


def couverture_kb(base: Base, racine_tests: Path | None) -> dict:
    """The coverage table (article → rules → scenarios) and the unverified provisions."""
    racine = Path(racine_tests).resolve() if racine_tests else None
    scenarios = _scenarios(racine)
    articles = []
    for d in sorted(base.dispositions.values(), key=lambda d: d.id):
        regles = []
        for regle_id, parametre in _regles_de(base, d.id):
            regle = base.regles[regle_id]
            regles.append({"regle": regle_id, "conclusion": regle.conclusion, "via_parametre": parametre,
                           "scenarios": _tests_de(regle.conclusion, scenarios, racine)})
        articles.append({"id": d.id, "citation": d.citation, "verifiee": d.verifiee,
                         "derniere_verification": d.derniere_verification.isoformat() if d.derniere_verification else None,
                         "regles": regles,
                         "testee": bool(regles) and all(r["scenarios"] for r in regles)})
    citees = [a for a in articles if a["regles"]]
    douteuses = non_verifiees(base)
    return {
        "empreinte": base.empreinte,
        "articles": articles,
        "non_verifiees": douteuses,
        "synthese": {
            "dispositions": len(articles),
            "citees": len(citees),
            "citees_toutes_regles_testees": sum(1 for a in citees if a["testee"]),
            "citees_avec_regle_sans_scenario": sum(1 for a in citees if not a["testee"]),
            "non_citees": len(articles) - len(citees),
            "scenarios": len(scenarios),
            "dispositions_non_verifiees": sum(1 for x in douteuses if x["niveau"] == "disposition"),
            "versions_non_verifiees": sum(1 for x in douteuses if x["niveau"] == "version"),
            "versions": sum(len(d.versions) for d in base.dispositions.values()),
            "versions_verifiees": sum(1 for d in base.dispositions.values() for v in d.versions if v.verifie),
        },
    }


# -- rendering -------------------------------------------------------------------------------
def _regle_texte(r: dict) -> str:
    return r["regle"] + (f" (par le paramètre {r['via_parametre']})" if r["via_parametre"] else "")


def _scenario_texte(s: dict) -> str:
    return f"{s['fichier']}:{s['ligne']} « {s['nom']} » ({', '.join(s['statuts'])})"


def _synthese(c: dict) -> str:
    s = c["synthese"]
    return (f"{s['dispositions']} dispositions : {s['citees']} citées par une règle "
            f"({s['citees_toutes_regles_testees']} dont toutes les règles ont un scénario, "
            f"{s['citees_avec_regle_sans_scenario']} avec une règle sans scénario), {s['non_citees']} citées par aucune règle ; "
            f"{s['scenarios']} scénarios ; non vérifiées : {s['dispositions_non_verifiees']} dispositions, "
            f"{s['versions_non_verifiees']} versions ; versions vérifiées : {s['versions_verifiees']} sur {s['versions']}"
            f" ({(100 * s['versions_verifiees'] // s['versions']) if s['versions'] else 0} %)")


def _periode(x: dict) -> str:
    return f"{x['debut']} → {x['fin'] or '…'}"


def en_texte(c: dict) -> str:
    lignes = [f"Couverture de la base {c['empreinte'][:12]} — {_synthese(c)}", ""]
    for a in c["articles"]:
        marque = "" if not a["regles"] else ("  [testée]" if a["testee"] else "  [RÈGLE SANS SCÉNARIO]")
        lignes.append(f"{a['citation']} ({a['id']}){marque}")
        if not a["regles"]:
            lignes.append("    citée par aucune règle")
        for r in a["regles"]:
            lignes.append(f"    {_regle_texte(r)}")
            for s in r["scenarios"]:
                lignes.append(f"        {_scenario_texte(s)}")
            if not r["scenarios"]:
                lignes.append("        aucun scénario")
    lignes += ["", "Non vérifiées (verifie: false ou aucune source vérifiée) :"]
    for x in c["non_verifiees"]:
        if x["niveau"] == "disposition":
            lignes.append(f"  {x['id']} — {x['citation']} : aucune source vérifiée")
        else:
            lignes.append(f"  {x['id']} — version {x['version']} « {x['citation']} » [{_periode(x)}]" + (f" : {x['note']}" if x["note"] else ""))
    return "\n".join(lignes).rstrip() + "\n"


def _md(texte: str) -> str:
    from lexfoyer.rapport.document import md
    return md(" ".join(str(texte).split()))


def en_markdown(c: dict) -> str:
    lignes = [f"# Couverture de la base `{c['empreinte'][:12]}`", "", _md(_synthese(c)) + ".", "",
              "| Article | Règles qui le citent | Scénarios de test |", "|---|---|---|"]
    for a in c["articles"]:
        if not a["regles"]:
            lignes.append(f"| {_md(a['citation'])} (`{a['id']}`) | — | — |")
            continue
        regles = "<br>".join(f"`{r['regle']}`" + (f" (par `{r['via_parametre']}`)" if r["via_parametre"] else "") for r in a["regles"])
        tests = "<br>".join("; ".join(_md(_scenario_texte(s)) for s in r["scenarios"]) or "**aucun**" for r in a["regles"])
        lignes.append(f"| {_md(a['citation'])} (`{a['id']}`) | {regles} | {tests} |")
    lignes += ["", "## Dispositions et versions non vérifiées", "", "| Disposition | Niveau | Version | Période | Note |", "|---|---|---|---|---|"]
    for x in c["non_verifiees"]:
        if x["niveau"] == "disposition":
            lignes.append(f"| `{x['id']}` | disposition | — | — | aucune source vérifiée |")
        else:
            lignes.append(f"| `{x['id']}` | version | {_md(x['citation'])} | {_periode(x)} | {_md(x['note'] or '')} |")
    return "\n".join(lignes).rstrip() + "\n"


def rendre(c: dict, format_: str) -> str:
    if format_ == "json":
        import json
        return json.dumps(c, ensure_ascii=False, indent=2) + "\n"
    return en_markdown(c) if format_ == "markdown" else en_texte(c)
