"""``kb coverage`` (article → rules → scenario tests, unverified provisions) and the
scenario runner's failure report (expected vs obtained per field, then the reasoning).

Both work on a copy holding only the désolidarisation rules and their scenarios, so that
a domain being written elsewhere cannot change what these tests see.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lexfoyer.cli.main import main
from lexfoyer.droit.base import charger_base
from lexfoyer.flux.couverture import couverture_kb, en_markdown, en_texte
from lexfoyer.lecture.erreurs import ErreurDonnees
from lexfoyer.flux.scenarios import charger_scenarios, executer

RACINE = Path(__file__).parent.parent
EXEMPLES = RACINE / "examples"


@pytest.fixture(scope="module")
def copie(tmp_path_factory) -> Path:
    """A base with the désolidarisation rules only, and their scenarios (absolute paths)."""
    cible = tmp_path_factory.mktemp("base")
    shutil.copytree(RACINE / "kb" / "dispositions", cible / "kb" / "dispositions")
    (cible / "kb" / "parametres").mkdir()
    (cible / "rules").mkdir()
    regles = RACINE / "rules" / "desolidarisation.yaml"
    shutil.copy(regles, cible / "rules")
    for regle in yaml.safe_load(regles.read_text(encoding="utf-8"))["regles"]:
        for parametre in regle.get("parametres", {}).values():
            shutil.copy(RACINE / "kb" / "parametres" / f"{parametre}.yaml", cible / "kb" / "parametres")
    scenarios = cible / "tests" / "scenarios"
    scenarios.mkdir(parents=True)
    texte = (RACINE / "tests" / "scenarios" / "desolidarisation.yaml").read_text(encoding="utf-8")
    (scenarios / "desolidarisation.yaml").write_text(texte.replace("../../examples/", f"{EXEMPLES}/"), encoding="utf-8")
    return cible


@pytest.fixture(scope="module")
def base_copie(copie):
    return charger_base(copie)


@pytest.fixture(scope="module")
def couverture(copie, base_copie):
    return couverture_kb(base_copie, copie / "tests" / "scenarios")


def article(couverture: dict, ident: str) -> dict:
    return next(a for a in couverture["articles"] if a["id"] == ident)


def test_article_regles_scenarios(couverture, base_copie):
    a = article(couverture, "code-civil/1310")
    regles = {r["regle"] for r in a["regles"]}
    assert regles == {r.id for r in base_copie.regles.values() if "code-civil/1310" in r.fondements}
    solidarite = next(r for r in a["regles"] if r["regle"] == "solidarite.pret")
    assert solidarite["via_parametre"] is None
    statuts = {s for sc in solidarite["scenarios"] for s in sc["statuts"]}
    assert {"applicable", "a_verifier"} <= statuts
    assert all(sc["fichier"] == "desolidarisation.yaml" and sc["ligne"] > 0 for sc in solidarite["scenarios"])
    assert a["testee"] is True


def test_disposition_atteinte_par_un_parametre(couverture):
    hcsf = article(couverture, "hcsf/D-HCSF-2021-7")
    liens = {(r["regle"], r["via_parametre"]) for r in hcsf["regles"]}
    assert ("desolidarisation.solvabilite", "hcsf.taux_effort_max") in liens


def test_disposition_citee_par_aucune_regle(couverture, base_copie):
    cites = {f for r in base_copie.regles.values() for f in r.fondements}
    cites |= {f for p in base_copie.parametres.values() for f in p.fondements}
    libres = [a for a in couverture["articles"] if a["id"] not in cites]
    assert libres and all(a["regles"] == [] and a["testee"] is False for a in libres)
    assert couverture["synthese"]["non_citees"] == len(libres)


def test_regle_sans_scenario(copie, base_copie, tmp_path):
    seul = tmp_path / "scenarios"
    seul.mkdir()
    (seul / "un.yaml").write_text(
        "scenarios:\n  - nom: seulement la solidarité\n"
        f"    dossier: {EXEMPLES / 'desolidarisation-refusee-divorce.yaml'}\n"
        "    attendu:\n      - {id: solidarite.pret, statut: applicable}\n", encoding="utf-8")
    c = couverture_kb(base_copie, seul)
    a = article(c, "code-civil/1310")  # cited by solidarite.pret (tested) and others (not)
    assert a["testee"] is False
    assert next(r for r in a["regles"] if r["regle"] == "solidarite.pret")["scenarios"][0]["nom"] == "seulement la solidarité"
    assert "[RÈGLE SANS SCÉNARIO]" in en_texte(c) and "aucun scénario" in en_texte(c)


def test_non_verifiees(couverture, base_copie):
    # any version still unverified in the kb (the data changes as texts are verified)
    d, v = next((d, v) for d in base_copie.dispositions.values() for v in d.versions
                if v.verifie is False and v.fin is not None)
    ancien = next(x for x in couverture["non_verifiees"]
                  if x["id"] == d.id and x["niveau"] == "version" and x["version"] == v.numero)
    assert ancien["debut"] == v.debut.isoformat() and ancien["fin"] == v.fin.isoformat()
    attendues = {(d.id, v.numero) for d in base_copie.dispositions.values() for v in d.versions if v.verifie is False}
    assert {(x["id"], x["version"]) for x in couverture["non_verifiees"] if x["niveau"] == "version"} == attendues
    sans_source = {d.id for d in base_copie.dispositions.values() if not d.verifiee}
    assert {x["id"] for x in couverture["non_verifiees"] if x["niveau"] == "disposition"} == sans_source


def test_formats(couverture):
    md = en_markdown(couverture)
    assert "| Article | Règles qui le citent | Scénarios de test |" in md
    assert "| C. civ., art. 1310 (`code-civil/1310`) |" in md
    assert "## Dispositions et versions non vérifiées" in md
    assert "C. civ., art. 1310 (code-civil/1310)  [testée]" in en_texte(couverture)


def test_cli_kb_coverage(copie):
    args = ["--base", str(copie), "kb", "coverage", "--tests", str(copie / "tests" / "scenarios")]
    donnees = json.loads(CliRunner().invoke(main, args + ["--format", "json"]).output)
    assert donnees["synthese"]["scenarios"] > 0 and article(donnees, "code-civil/1310")["testee"]
    texte = CliRunner().invoke(main, args)
    assert texte.exit_code == 0 and "Non vérifiées" in texte.output
    # without --tests: tests/scenarios next to the base
    defaut = json.loads(CliRunner().invoke(main, ["--base", str(copie), "kb", "coverage", "--format", "json"]).output)
    assert defaut["synthese"]["scenarios"] == donnees["synthese"]["scenarios"]


# -- the scenario runner --------------------------------------------------------------------------
FAUX = f"""\
scenarios:
  - nom: attente volontairement fausse
    dossier: {EXEMPLES / 'desolidarisation-refusee-divorce.yaml'}
    attendu:
      - id: desolidarisation.solvabilite
        sujet: {{personne: A}}
        statut: applicable
        montants: {{taux_effort: "30.00", inexistant: "1.00"}}
      - {{id: solidarite.pret, sujet: {{pret: p1}}, fondements: [code-civil/1310, code-civil/9999]}}
      - {{id: recours.mediateur_bancaire, statut: absente}}
      - {{id: solidarite.dettes_menageres, statut: applicable}}
"""


def test_echec_montre_attendu_obtenu_et_raisonnement(tmp_path, base_copie):
    fichier = tmp_path / "faux.yaml"
    fichier.write_text(FAUX, encoding="utf-8")
    (scenario,) = charger_scenarios(fichier)
    resultat = executer(scenario, base_copie)
    assert not resultat.reussi
    texte = "\n".join(resultat.ecarts)
    assert ("desolidarisation.solvabilite [personne A] : statut\n      attendu : applicable\n      obtenu  : non_applicable") in texte
    assert "montant taux_effort\n      attendu : 30.00\n      obtenu  : 54.67" in texte
    assert "obtenu  : absent (montants publiés : taux_effort=54.67, mensualite_supportable=690.00)" in texte
    assert "non cités : code-civil/9999" in texte
    assert "recours.mediateur_bancaire : conclusion\n      attendu : absente\n      obtenu  : présente, non_applicable" in texte
    assert "solidarite.dettes_menageres :" not in texte  # what matches is not reported
    # the reasoning: each condition as observed, with the facts read and the firings
    raisonnements = [e for e in resultat.ecarts if e.startswith("raisonnement du moteur")]
    assert len(raisonnements) == 3  # one per conclusion concerned, not per field
    assert "✘ faux     l'emploi est stable (CDI, fonctionnaire ou retraite)  [personnes[0].emploi.statut = cdd]" in texte
    assert "calcul : taux d'effort" in texte and "tirs : #" in texte
    assert "hors du champ de la règle" in texte  # B is not the remaining borrower


def test_cle_mal_orthographiee_refusee(tmp_path):
    fichier = tmp_path / "cle.yaml"
    fichier.write_text("scenarios:\n  - nom: x\n"
                       f"    dossier: {EXEMPLES / 'desolidarisation-refusee-divorce.yaml'}\n"
                       "    attendu:\n      - {id: solidarite.pret, statu: applicable}\n"
                       "      - {id: solidarite.pret, statut: applicabel}\n", encoding="utf-8")
    with pytest.raises(ErreurDonnees) as exc:
        charger_scenarios(fichier)
    messages = [str(p) for p in exc.value.problemes]
    assert any(":5:" in m and "clé inconnue « statu »" in m for m in messages)
    assert any(":6:" in m and "statut « applicabel » inconnu" in m for m in messages)


def test_commande_test_sur_un_scenario_faux(tmp_path, copie):
    fichier = tmp_path / "faux.yaml"
    fichier.write_text(FAUX, encoding="utf-8")
    resultat = CliRunner().invoke(main, ["--base", str(copie), "test", str(fichier)])
    assert resultat.exit_code == 1
    assert f"ÉCHEC {fichier}:2 attente volontairement fausse" in resultat.output
    assert "      attendu : applicable\n      obtenu  : non_applicable" in resultat.output
    assert "0 passed, 1 failed" in resultat.output
    bons = CliRunner().invoke(main, ["--base", str(copie), "test", str(copie / "tests" / "scenarios")])
    assert bons.exit_code == 0 and ", 0 failed" in bons.output
