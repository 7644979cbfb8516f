"""Batch evaluation (``lexfoyer evaluate`` over many dossiers): which files, in which
order, where the reports go, what an invalid dossier does to the others, and that the
output never depends on the number of worker processes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexfoyer.cli.main import main
from lexfoyer.flux.lot import Options, Progression, developper, evaluer_lot, noms_de_sortie, progression_voulue

RACINE = Path(__file__).parent.parent
EXEMPLES = ["desolidarisation-refusee-divorce", "desolidarisation-restant-solvable", "desolidarisation-faits-manquants"]
MAUVAIS = "dossier:\n  reference: X\npersonnes:\n  - id: A\n    revenu_mensuel: 3\n"


def lancer(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three good dossiers, one of them in a sub-directory and with a .yml suffix."""
    racine = tmp_path / "corpus"
    (racine / "sous").mkdir(parents=True)
    shutil.copy(RACINE / "examples" / f"{EXEMPLES[0]}.yaml", racine / "b-divorce.yaml")
    shutil.copy(RACINE / "examples" / f"{EXEMPLES[1]}.yaml", racine / "a-solvable.yaml")
    shutil.copy(RACINE / "examples" / f"{EXEMPLES[2]}.yaml", racine / "sous" / "c-manquants.yml")
    (racine / "notes.txt").write_text("pas un dossier", encoding="utf-8")
    return racine


def references(sortie: str) -> list[str]:
    return [json.loads(ligne)["dossier"] for ligne in sortie.splitlines()]


def reference_de(chemin: Path) -> str:
    from lexfoyer.lecture.yamlsur import charger_fichier
    return charger_fichier(chemin).donnees["dossier"]["reference"]


@pytest.fixture
def ordre(corpus: Path) -> list[str]:
    """The references of the corpus in the batch's order (paths sorted)."""
    return [reference_de(corpus / n) for n in ("a-solvable.yaml", "b-divorce.yaml", "sous/c-manquants.yml")]


def test_developper_repertoire_motifs_et_doublons(corpus: Path):
    attendu = [corpus / "a-solvable.yaml", corpus / "b-divorce.yaml", corpus / "sous" / "c-manquants.yml"]
    assert developper([corpus]) == attendu
    assert developper([str(corpus / "*.yaml")]) == attendu[:2]
    assert developper([str(corpus / "**" / "*.y*ml")]) == attendu
    # a file named twice is evaluated once; a pattern with no match stays, to be reported
    assert developper([corpus / "b-divorce.yaml", str(corpus / "b-*.yaml")]) == [corpus / "b-divorce.yaml"]
    assert developper([str(corpus / "rien-*.yaml")]) == [corpus / "rien-*.yaml"]


def test_jsonl_une_ligne_par_dossier_dans_l_ordre(corpus: Path, ordre: list[str]):
    resultat = lancer("evaluate", corpus, "--format", "jsonl")
    assert resultat.exit_code == 0, resultat.output
    lignes = resultat.stdout.splitlines()
    assert len(lignes) == 3 and all(ligne.startswith('{"dossier":') for ligne in lignes)
    assert references(resultat.stdout) == ordre
    # each line is the very report of the single-dossier command, without the chain of
    # reasoning (each conclusion's « conditions »: jsonl runs without observation rules)
    seul = json.loads(lancer("evaluate", corpus / "b-divorce.yaml", "--format", "json").stdout)
    for conclusion in seul["conclusions"]:
        assert conclusion.pop("conditions") is not None
    assert lignes[1] == json.dumps(seul, ensure_ascii=False, separators=(",", ":"))


def test_motif_non_developpe_par_le_shell(corpus: Path, ordre: list[str]):
    resultat = lancer("evaluate", str(corpus / "*.yaml"), "--format", "jsonl")
    assert resultat.exit_code == 0
    assert references(resultat.stdout) == ordre[:2]


def test_out_repertoire_un_rapport_par_dossier(corpus: Path, tmp_path: Path):
    sortie = tmp_path / "rapports"
    resultat = lancer("evaluate", corpus, "--format", "json", "--out", sortie)
    assert resultat.exit_code == 0 and resultat.stdout == ""
    fichiers = sorted(p.relative_to(sortie).as_posix() for p in sortie.rglob("*") if p.is_file())
    assert fichiers == ["a-solvable.json", "b-divorce.json", "sous/c-manquants.json"]
    seul = lancer("evaluate", corpus / "b-divorce.yaml", "--format", "json")
    assert (sortie / "b-divorce.json").read_text(encoding="utf-8") == seul.stdout
    texte = lancer("evaluate", corpus / "a-solvable.yaml", corpus / "b-divorce.yaml", "--out", tmp_path / "t")
    assert texte.exit_code == 0 and sorted(p.name for p in (tmp_path / "t").iterdir()) == ["a-solvable.txt", "b-divorce.txt"]


def test_noms_de_sortie_sans_collision(tmp_path: Path):
    chemins = [tmp_path / "a" / "x.yaml", tmp_path / "b" / "x.yaml", tmp_path / "a" / "y.yaml", tmp_path / "a" / "y.yml"]
    assert [n.as_posix() for n in noms_de_sortie(chemins, "markdown")] == ["a/x.md", "b/x.md", "a/y.yaml.md", "a/y.yml.md"]


def test_jsonl_dans_un_fichier(corpus: Path, tmp_path: Path):
    flux = tmp_path / "lot.jsonl"
    resultat = lancer("evaluate", corpus, "--format", "jsonl", "--out", flux)
    assert resultat.exit_code == 0 and resultat.stdout == ""
    assert flux.read_text(encoding="utf-8") == lancer("evaluate", corpus, "--format", "jsonl").stdout


def test_dossier_invalide_parmi_les_bons(corpus: Path, ordre: list[str]):
    (corpus / "0-mauvais.yaml").write_text(MAUVAIS, encoding="utf-8")
    resultat = lancer("evaluate", corpus, str(corpus / "absent-*.yaml"), "--format", "jsonl")
    assert resultat.exit_code == 2
    assert "Traceback" not in resultat.output
    assert references(resultat.stdout) == ordre
    erreurs = resultat.stderr.splitlines()
    assert erreurs[0] == (f"{corpus / '0-mauvais.yaml'}:5:5: personnes[0].revenu_mensuel : champ inconnu "
                          "« revenu_mensuel » (vouliez-vous dire « revenus_mensuels_nets » ?)")
    assert erreurs[1] == f"{corpus / 'absent-*.yaml'}:1:1: fichier introuvable"


def test_jobs_2_identique_a_jobs_1(corpus: Path):
    (corpus / "0-mauvais.yaml").write_text(MAUVAIS, encoding="utf-8")
    un = lancer("evaluate", corpus, "--format", "jsonl", "--jobs", "1")
    deux = lancer("evaluate", corpus, "--format", "jsonl", "--jobs", "2")
    assert deux.exit_code == un.exit_code == 2
    assert deux.stdout == un.stdout and deux.stderr == un.stderr
    assert len(deux.stdout.splitlines()) == 3


def test_erreur_du_moteur_nommee_et_les_autres_evalues(corpus: Path, ordre: list[str], monkeypatch, base):
    from lexfoyer.calculs import registre

    fonction = registre.FONCTIONS["taux_effort"]

    def casse_pour_un_seul(ctx):
        if ctx.donnees["dossier"]["reference"] == ordre[1]:
            raise RuntimeError("panne")
        return fonction.adaptateur(ctx)

    monkeypatch.setitem(registre.FONCTIONS, "taux_effort", registre.FonctionCalcul(
        fonction.nom, fonction.description, fonction.sorties, casse_pour_un_seul))
    resultats = list(evaluer_lot(developper([corpus]), base, Options("jsonl")))
    assert [r.valide for r in resultats] == [True, False, True]
    assert "desolidarisation.solvabilite__calc" in resultats[1].erreur_moteur and "panne" in resultats[1].erreur_moteur
    commande = lancer("evaluate", corpus, "--format", "jsonl")
    assert commande.exit_code == 3 and references(commande.stdout) == [ordre[0], ordre[2]]
    assert commande.stderr.startswith(f"{corpus / 'b-divorce.yaml'}: erreur du moteur : règle desolidarisation.solvabilite__calc")


def test_pas_de_barre_de_progression_hors_terminal(corpus: Path):
    resultat = lancer("evaluate", corpus)
    assert resultat.exit_code == 0
    assert resultat.stderr == "" and "\r" not in resultat.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_barre_de_progression_seulement_pour_un_terminal():
    terminal, tube = _Terminal(), io.StringIO()
    assert progression_voulue("text", 5, terminal, terminal, environ={})
    assert not progression_voulue("text", 5, tube, terminal, environ={})
    assert not progression_voulue("text", 5, terminal, tube, environ={})
    assert not progression_voulue("text", 5, terminal, terminal, environ={"CI": "true"})
    assert not progression_voulue("jsonl", 5, terminal, terminal, environ={})
    assert not progression_voulue("json", 5, terminal, terminal, environ={})
    assert not progression_voulue("text", 1, terminal, terminal, environ={})
    barre = Progression(2, terminal, active=True)
    barre.avancer()
    barre.avancer()
    barre.effacer()
    assert "2/2 dossiers" in terminal.getvalue() and terminal.getvalue().endswith("\r\x1b[K")


def test_out_impossible_sans_trace(corpus: Path, tmp_path: Path):
    fichier = tmp_path / "existe.txt"
    fichier.write_text("", encoding="utf-8")
    resultat = lancer("evaluate", corpus, "--out", fichier)
    assert resultat.exit_code == 2 and "n'est pas un répertoire" in resultat.stderr
    assert "Traceback" not in resultat.output
