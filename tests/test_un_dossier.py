"""``evaluate`` of one dossier file does not go through the batch module, and gives exactly
what a one-dossier batch gives."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from lexfoyer.cli.main import main
from lexfoyer.flux import lot

EXEMPLE = str(Path(__file__).parent.parent / "examples" / "desolidarisation-refusee-divorce.yaml")


def test_un_fichier_sans_le_lot(monkeypatch, tmp_path):
    def interdit(*_a, **_k):
        raise AssertionError("un seul dossier ne passe pas par le lot")

    attendu = CliRunner().invoke(main, ["evaluate", EXEMPLE, EXEMPLE, "--format", "json"])  # a batch (one file, twice)
    monkeypatch.setattr(lot, "lancer", interdit)
    seul = CliRunner().invoke(main, ["evaluate", EXEMPLE, "--format", "json"])
    assert seul.exit_code == 0 and attendu.exit_code == 0
    assert seul.output == attendu.output  # a file named twice is evaluated once
    sortie = tmp_path / "rapport.md"
    assert CliRunner().invoke(main, ["evaluate", EXEMPLE, "--format", "markdown", "--out", str(sortie)]).exit_code == 0
    assert sortie.read_text(encoding="utf-8").startswith("# ")
    assert not list(tmp_path.glob(".*.tmp"))


def test_un_fichier_invalide_ligne_situee_et_code_2(tmp_path):
    dossier = tmp_path / "d.yaml"
    dossier.write_text("dossier: {reference: X}\npersonnes: [{id: A, inconnu: 1}]\n", encoding="utf-8")
    resultat = CliRunner().invoke(main, ["evaluate", str(dossier)])
    assert resultat.exit_code == 2
    assert f"{dossier}:2:" in resultat.output and "champ inconnu" in resultat.output


def test_repertoire_ou_motif_passent_par_le_lot(monkeypatch, tmp_path):
    appels = []
    monkeypatch.setattr(lot, "lancer", lambda arguments, *a, **k: appels.append(arguments) or lot.Bilan())
    CliRunner().invoke(main, ["evaluate", str(tmp_path)])
    CliRunner().invoke(main, ["evaluate", EXEMPLE, "--format", "jsonl"])
    assert appels == [[str(tmp_path)], [EXEMPLE]]
