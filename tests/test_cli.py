"""The command, through click's CliRunner: thin, French, exit 2 on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from lexfoyer.cli.main import main

RACINE = Path(__file__).parent.parent
EXEMPLE = str(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml")


def lancer(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_evaluate_json_contrat():
    resultat = lancer("evaluate", EXEMPLE, "--format", "json")
    assert resultat.exit_code == 0
    rapport = json.loads(resultat.output)
    assert {"dossier", "date_reference", "base", "conclusions", "trace", "questions", "recu", "pertinence", "essentiel"} <= set(rapport)
    ids = [(c["id"], json.dumps(c.get("sujet"), sort_keys=True)) for c in rapport["conclusions"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    solv = next(c for c in rapport["conclusions"] if c["id"] == "desolidarisation.solvabilite")
    assert solv["montants"] == {"taux_effort": "54.67", "mensualite_supportable": "690.00"}
    assert solv["fondements"][0]["en_vigueur"]["debut"] and solv["fondements"][0]["url"]
    assert len(rapport["base"]["empreinte"]) == 64


def test_evaluate_texte_et_markdown():
    texte = lancer("evaluate", EXEMPLE)
    assert texte.exit_code == 0 and "L'ESSENTIEL" in texte.output and "== RECOURS OUVERTS ET ALERTES" in texte.output
    assert "\x1b[" not in texte.output  # no colour outside a terminal
    md = lancer("evaluate", EXEMPLE, "--format", "markdown")
    assert md.output.startswith("# Dossier MARTIN-2026-001")


def test_evaluate_date_et_fichier(tmp_path):
    sortie = tmp_path / "r.json"
    assert lancer("evaluate", EXEMPLE, "--format", "json", "--date", "2027-01-15", "--out", str(sortie)).exit_code == 0
    assert json.loads(sortie.read_text())["date_reference"] == "2027-01-15"


def test_dossier_invalide_exit_2_sans_trace(tmp_path):
    mauvais = tmp_path / "d.yaml"
    mauvais.write_text("dossier:\n  reference: X\npersonnes:\n  - id: A\n    revenu_mensuel: 3\n", encoding="utf-8")
    resultat = CliRunner().invoke(main, ["evaluate", str(mauvais)])
    assert resultat.exit_code == 2
    assert "Traceback" not in resultat.output
    assert f"{mauvais}:5:5: personnes[0].revenu_mensuel : champ inconnu" in resultat.output


def test_explain_pourquoi_et_pourquoi_pas():
    resultat = lancer("explain", EXEMPLE, "desolidarisation.solvabilite")
    assert resultat.exit_code == 0
    assert "✘ faux" in resultat.output and "personnes[0].emploi.statut = cdd" in resultat.output
    assert "hors du champ" in resultat.output  # B is the requester, not the remaining borrower
    inconnu = CliRunner().invoke(main, ["explain", EXEMPLE, "pas.une_conclusion"])
    assert inconnu.exit_code == 2


def test_validate_kb_show_alias_rules_lint():
    assert "valide" in lancer("validate", EXEMPLE).output
    assert "base valide" in lancer("validate").output
    assert "code-civil/1310" in lancer("kb", "show", "code-civil/1202").output  # old number finds the provision
    assert "hcsf.taux_effort_max" in lancer("kb", "list").output
    assert "code-civil/1310" in lancer("kb", "search", "solidarite").output
    assert "desolidarisation.solvabilite" in lancer("rules", "list").output
    assert "calcul.taux_effort" in lancer("rules", "show", "desolidarisation.solvabilite").output
    lint = lancer("lint")
    assert lint.exit_code == 0, lint.output


def test_sortie_identique_quel_que_soit_le_hash_seed(tmp_path):
    sorties = set()
    for graine in ("0", "1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=graine, LEXFOYER_CACHE="0")
        sorties.add(subprocess.run([sys.executable, "-m", "lexfoyer.cli.main", "evaluate", EXEMPLE, "--format", "json"],
                                   cwd=RACINE, env=env, capture_output=True, check=True).stdout)
    assert len(sorties) == 1


def test_scenarios_par_la_commande():
    resultat = lancer("test", str(RACINE / "tests" / "scenarios"))
    assert resultat.exit_code == 0 and " passed, 0 failed" in resultat.output


def test_rapport_conforme_au_schema():
    from jsonschema import Draft202012Validator

    from lexfoyer.lecture.schemas import schema
    for exemple in sorted((RACINE / "examples").glob("*.yaml")):
        rapport = json.loads(lancer("evaluate", str(exemple), "--format", "json").output)
        erreurs = list(Draft202012Validator(schema("rapport")).iter_errors(rapport))
        assert not erreurs, [e.message for e in erreurs]


def test_version_ancienne_citee_pour_un_pret_de_2014():
    rapport = json.loads(lancer("evaluate", EXEMPLE, "--format", "json").output)
    solidarite = next(c for c in rapport["conclusions"] if c["id"] == "solidarite.pret")
    premier = solidarite["fondements"][0]
    assert premier["citation"] == "C. civ., art. 1202 (ancien)" and premier["alias"] == ["C. civ., art. 1310"]
    assert premier["en_vigueur"]["fin"] == "2016-09-30"


def test_renumerotation_2016_ancien_numero_et_alias_selon_la_signature():
    # one old article split in two: L.312-22 finds both L.313-50 (rate) and L.313-51 (déchéance)
    ancien = lancer("kb", "show", "code-consommation/L312-22")
    assert ancien.exit_code == 0
    assert "code-consommation/L313-50" in ancien.output and "code-consommation/L313-51" in ancien.output
    sept_pourcent = lancer("kb", "show", "code-consommation/R312-3").output
    assert "code-consommation/R313-26" in sept_pourcent and "code-consommation/R313-28" in sept_pourcent
    for vieux, nouveau in (("L312-23", "L313-52"), ("L137-2", "L218-2"), ("L331-6", "L732-3"), ("L331-6", "L733-3"),
                           ("L331-7", "L733-1"), ("R312-2", "R313-25"), ("L312-19", "L313-44")):
        assert f"code-consommation/{nouveau}" in lancer("kb", "show", f"code-consommation/{vieux}").output
    exemple = str(RACINE / "examples" / "difficultes-decheance-saisie.yaml")
    rapport = json.loads(lancer("evaluate", exemple, "--format", "json").output)
    sommes = {c["sujet"]["pret"]: c["fondements"][0] for c in rapport["conclusions"] if c["id"] == "decheance.sommes_exigibles"}
    assert sommes["p_achat"]["citation"] == "C. conso., art. L.312-22 (ancien)"  # signed 2014
    assert sommes["p_achat"]["alias"] == ["C. conso., art. L.313-51"]
    assert sommes["p_travaux"]["citation"] == "C. conso., art. L.313-51"  # signed 2020
    assert sommes["p_travaux"]["alias"] == ["C. conso., art. L.312-22 (ancien)"]


def test_regle_cassee_localisee_exit_2(tmp_path):
    import shutil
    shutil.copytree(RACINE / "kb", tmp_path / "kb")
    shutil.copytree(RACINE / "rules", tmp_path / "rules")
    regles = tmp_path / "rules" / "desolidarisation.yaml"
    texte = regles.read_text(encoding="utf-8").replace("fait: pret.solidaire", "fait: pret.solidair", 1)
    regles.write_text(texte.replace("[code-civil/220,", "[code-civil/2200,", 1), encoding="utf-8")
    resultat = CliRunner().invoke(main, ["--base", str(tmp_path), "lint"], env={"LEXFOYER_CACHE": "0"})
    assert resultat.exit_code == 2 and "Traceback" not in resultat.output
    assert "rules/desolidarisation.yaml:" in resultat.output
    assert "« pret.solidair » n'est pas un fait connu du dossier" in resultat.output
    assert "la disposition « code-civil/2200 » n'existe pas dans kb/" in resultat.output
