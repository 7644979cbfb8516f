"""``--format json`` of the listing commands: valid against ``schemas/sorties.schema.json``,
byte-identical between runs, same exit status as the text form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from lexfoyer.cli.main import main
from lexfoyer.lecture.schemas import schema

RACINE = Path(__file__).parent.parent
EXEMPLE = str(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml")
COMMANDES = {
    "kb list": ["kb", "list"],
    "kb show": ["kb", "show", "code-consommation/L312-22"],
    "kb search": ["kb", "search", "1343-5"],
    "rules list": ["rules", "list"],
    "rules show": ["rules", "show", "desolidarisation.solvabilite"],
    "explain": ["explain", EXEMPLE, "desolidarisation.solvabilite"],
    "lint": ["lint"],
    "test": ["test", str(RACINE / "tests" / "scenarios" / "soulte.yaml")],
    "validate": ["validate", EXEMPLE],
}


@pytest.mark.parametrize("nom", sorted(COMMANDES))
def test_sortie_json_conforme_au_schema(nom):
    runner = CliRunner()
    texte = runner.invoke(main, COMMANDES[nom])
    resultat = runner.invoke(main, COMMANDES[nom] + ["--format", "json"])
    assert resultat.exit_code == texte.exit_code, resultat.output
    donnees = json.loads(resultat.output)
    assert donnees["sortie"] == nom and donnees["version"] == 1
    definition = schema("sorties")
    validateur = Draft202012Validator({**definition["$defs"][nom.replace(" ", "_")], "$defs": definition["$defs"]})
    assert not [e.message for e in validateur.iter_errors(donnees)]
    assert runner.invoke(main, COMMANDES[nom] + ["--format", "json"]).output == resultat.output


def test_explain_json_dit_les_conditions():
    donnees = json.loads(CliRunner().invoke(main, COMMANDES["explain"] + ["--format", "json"]).output)
    sujet = next(s for s in donnees["sujets"] if s["sujet"] == {"personne": "A"})
    assert sujet["statut"] == "non_applicable" and sujet["montants"]["taux_effort"] == "54.67"
    assert any(c["valeur"] == "faux" for c in sujet["conditions"])
    assert any("hors_champ" in s for s in donnees["sujets"])  # B is not the remaining borrower


def test_validate_json_dossier_invalide(tmp_path):
    mauvais = tmp_path / "mauvais.yaml"
    mauvais.write_text("dossier: {reference: X}\npersonnes: [{id: A, age: -3}]\n", encoding="utf-8")
    resultat = CliRunner().invoke(main, ["validate", str(mauvais), "--format", "json"])
    assert resultat.exit_code == 2
    fiche = json.loads(resultat.output)["dossiers"][0]
    assert fiche["valide"] is False and fiche["problemes"][0]["ligne"] == 2
