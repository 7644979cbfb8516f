"""Faults (issue 13): a dead worker, odd files and directories, a full disk, odd kb contents.

Each fault is named in one located line, the other dossiers are still evaluated, and the
exit status says it (2: input or output unusable, 3: the engine or a worker failed).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexfoyer.cli.main import main
from lexfoyer.flux import lot
from lexfoyer.flux.lot import Options, evaluer_lot, executer, parcourir
from lexfoyer.flux.processus import PERDU_LOT, PERDU_TRAVAILLEUR

RACINE = Path(__file__).parent.parent
EXEMPLE = RACINE / "examples" / "soulte-pacs-60-40-pret.yaml"


def lancer(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def copie(chemin: Path) -> Path:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXEMPLE, chemin)
    return chemin


# -- 8. a killed worker ----------------------------------------------------------------------
def _travailleurs() -> list[int]:
    """The worker processes: children of the forkserver, itself a child of this process."""
    parents: dict[int, int] = {}
    for entree in os.listdir("/proc"):
        if entree.isdigit():
            try:
                with open(f"/proc/{entree}/stat", encoding="utf-8") as f:
                    parents[int(entree)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    enfants = [p for p, pp in parents.items() if pp == os.getpid()]
    return [p for p, pp in parents.items() if pp in enfants]


@pytest.mark.skipif(not os.path.isdir("/proc") or "forkserver" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="needs /proc and forkserver")
def test_travailleur_tue_le_lot_se_termine_et_nomme_les_perdus(base):
    chemins = [EXEMPLE] * 600  # the same file many times: evaluated each time (no dedup here)
    resultats = evaluer_lot(chemins, base, Options("jsonl"), jobs=2)
    premier = next(resultats)
    assert premier.valide
    victimes = _travailleurs()
    assert victimes, "no worker process found"
    os.kill(victimes[0], signal.SIGKILL)
    fini = threading.Event()
    reste: list = []

    def consommer():
        reste.extend(resultats)
        fini.set()
    threading.Thread(target=consommer, daemon=True).start()
    assert fini.wait(60), "the batch hangs after a worker was killed"
    tous = [premier] + reste
    assert len(tous) == len(chemins)
    perdus = [r for r in tous if not r.valide]
    assert perdus and all(r.erreur_moteur in (PERDU_TRAVAILLEUR, PERDU_LOT) for r in perdus)
    assert any(r.erreur_moteur == PERDU_TRAVAILLEUR for r in perdus)
    lignes: list[str] = []
    bilan = executer(tous, Options("jsonl"), ecrire=lambda _t: None, signaler=lignes.append)
    assert bilan.code_sortie == 3 and len(lignes) == len(perdus)
    assert all(l.startswith(f"{EXEMPLE}: erreur du moteur : ") for l in lignes)


# -- 11. files and directories ---------------------------------------------------------------
def test_repertoire_vide_fifo_peripherique_et_nom_avec_saut_de_ligne(tmp_path):
    vide = tmp_path / "vide"
    vide.mkdir()
    fifo = tmp_path / "tube.yaml"
    os.mkfifo(fifo)
    bizarre = tmp_path / "a\nb.yaml"
    bizarre.write_text("dossier: {reference: X}\nfoo: 1\n", encoding="utf-8")
    bon = copie(tmp_path / "bon.yaml")
    resultat = lancer("evaluate", vide, fifo, "/dev/zero", bizarre, bon)
    assert resultat.exit_code == 2
    lignes = resultat.stderr.splitlines()
    assert f"{vide}:1:1: aucun dossier (.yaml ou .yml) dans ce répertoire" in lignes
    assert f"{fifo}:1:1: un tube (FIFO), pas un fichier ordinaire : non lu" in lignes
    assert "/dev/zero:1:1: un périphérique, pas un fichier ordinaire : non lu" in lignes
    assert f"{tmp_path}/a\\nb.yaml:2:1: foo : champ inconnu « foo »" in lignes
    assert len(lignes) == 4 and "MARTIN-2026-031" in resultat.stdout


def test_fifo_dans_un_repertoire_nomme(tmp_path):
    copie(tmp_path / "a.yaml")
    os.mkfifo(tmp_path / "b.yaml")
    resultat = lancer("evaluate", tmp_path, "--format", "jsonl")
    assert resultat.exit_code == 2 and resultat.stdout.count("\n") == 1
    assert "b.yaml:1:1: un tube (FIFO)" in resultat.stderr


def test_sous_repertoire_illisible_nomme(tmp_path, monkeypatch):
    copie(tmp_path / "a.yaml")
    (tmp_path / "secret").mkdir()
    vrai_walk = os.walk

    def walk(top, onerror=None, **kw):  # what os.walk does with a directory it cannot list
        for racine, sous, fichiers in vrai_walk(top, onerror=onerror, **kw):
            if "secret" in sous:
                sous.remove("secret")
                onerror(PermissionError(errno.EACCES, "Permission denied", os.path.join(racine, "secret")))
            yield racine, sous, fichiers
    monkeypatch.setattr(lot.os, "walk", walk)
    resultat = lancer("evaluate", tmp_path)
    assert resultat.exit_code == 2 and "MARTIN-2026-031" in resultat.stdout
    assert resultat.stderr == (f"{tmp_path}/secret:1:1: répertoire illisible (permission refusée) : "
                               "les dossiers qu'il contient ne sont pas évalués\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_fichier_et_repertoire_illisibles_reels(tmp_path):
    illisible = copie(tmp_path / "x.yaml")
    illisible.chmod(0)
    (tmp_path / "d").mkdir()
    copie(tmp_path / "d" / "y.yaml")
    (tmp_path / "d").chmod(0)
    bon = copie(tmp_path / "bon.yaml")
    try:
        resultat = lancer("evaluate", illisible, tmp_path / "d", bon)
    finally:
        (tmp_path / "d").chmod(0o755)
    assert resultat.exit_code == 2 and "MARTIN-2026-031" in resultat.stdout
    assert f"{illisible}:1:1: lecture impossible (permission refusée)" in resultat.stderr
    assert f"{tmp_path / 'd'}:1:1: répertoire illisible (permission refusée)" in resultat.stderr


def test_fichier_illisible_nomme_sans_erreur_d_usage(tmp_path, monkeypatch):
    illisible = copie(tmp_path / "x.yaml")
    bon = copie(tmp_path / "bon.yaml")
    vrai_open = os.open

    def ouvrir(chemin, *a, **k):
        if str(chemin) == str(illisible):
            raise PermissionError(errno.EACCES, "Permission denied", str(chemin))
        return vrai_open(chemin, *a, **k)
    monkeypatch.setattr(os, "open", ouvrir)
    resultat = lancer("evaluate", illisible, bon)
    assert resultat.exit_code == 2 and "MARTIN-2026-031" in resultat.stdout
    assert resultat.stderr == f"{illisible}:1:1: lecture impossible (permission refusée)\n"


# -- 12. --out on a full disk ----------------------------------------------------------------
def test_out_rapport_entier_ou_absent(tmp_path, monkeypatch):
    a, b, c = (copie(tmp_path / "in" / f"{n}.yaml") for n in "abc")
    sortie = tmp_path / "out"
    vrai_replace = os.replace

    def replace(source, cible):
        if str(cible).endswith("b.txt"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return vrai_replace(source, cible)
    monkeypatch.setattr(lot.os, "replace", replace)
    resultat = lancer("evaluate", a, b, c, "--out", sortie)
    assert resultat.exit_code == 2
    assert sorted(p.name for p in sortie.iterdir()) == ["a.txt", "c.txt"]  # no b.txt, no temporary file left
    assert resultat.stderr == f"{b}:1:1: rapport non écrit dans « {sortie / 'b.txt'} » (disque plein)\n"
    assert (sortie / "a.txt").read_text(encoding="utf-8").startswith("Dossier MARTIN-2026-031")
    assert oct((sortie / "a.txt").stat().st_mode & 0o777) != oct(0o600)


def test_out_fichier_unique_jamais_tronque(tmp_path, monkeypatch):
    a, b = copie(tmp_path / "a.yaml"), copie(tmp_path / "b.yaml")
    flux = tmp_path / "tout.jsonl"
    flux.write_text("ancien\n", encoding="utf-8")
    ecrits = []

    def executer_puis_plein(resultats, options, ecrire, **kw):
        ecrire("{\"debut\":")
        ecrits.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(lot, "executer", executer_puis_plein)
    resultat = lancer("evaluate", a, b, "--format", "jsonl", "--out", flux)
    assert resultat.exit_code == 2 and ecrits
    assert resultat.stderr == f"écriture impossible dans « {flux} » (disque plein) : aucun rapport n'y est écrit\n"
    assert flux.read_text(encoding="utf-8") == "ancien\n" and sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "tout.jsonl"]


# -- 10. impact on odd kb contents -----------------------------------------------------------
def _version(racine: Path) -> Path:
    racine.mkdir()
    for contenu in ("kb", "rules"):
        shutil.copytree(RACINE / contenu, racine / contenu)
    return racine


def test_impact_repertoire_avec_lien_et_repertoire_yaml(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("mot_de_passe: hunter2\n", encoding="utf-8")
    version = _version(tmp_path / "v")
    (version / "kb" / "parametres" / "zz.yaml").symlink_to(secret)
    (version / "rules" / "dossier.yaml").mkdir()
    resultat = lancer("impact", "--from", version, EXEMPLE)
    assert resultat.exit_code == 2 and "hunter2" not in resultat.output and "Traceback" not in resultat.output
    assert resultat.stderr.splitlines() == [
        f"[{version}] kb/parametres/zz.yaml:1:1: lien symbolique refusé dans la base : seuls des fichiers ordinaires sont lus (rien n'est suivi)",
        f"[{version}] rules/dossier.yaml:1:1: répertoire nommé comme un fichier YAML : renommer ou retirer"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
def test_impact_revision_avec_lien_symbolique(tmp_path):
    depot = _version(tmp_path / "depot")
    (depot / "kb" / "parametres" / "lien.yaml").symlink_to("/etc/passwd")
    (depot / "rules" / "rep.yaml").mkdir()
    (depot / "rules" / "rep.yaml" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": os.devnull}
    for commande in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(depot), *commande], check=True, env=env, capture_output=True)
    resultat = lancer("impact", "--from", "HEAD", "--to", RACINE, "--depot", depot, EXEMPLE)
    assert resultat.exit_code == 2 and "root:" not in resultat.output and "Traceback" not in resultat.output
    lignes = resultat.stderr.splitlines()
    assert any(l.endswith("kb/parametres/lien.yaml:1:1: lien symbolique refusé dans la base : seuls des fichiers "
                          "ordinaires sont lus (rien n'est suivi)") for l in lignes)
    assert any(l.endswith("rules/rep.yaml:1:1: répertoire nommé comme un fichier YAML : renommer ou retirer") for l in lignes)


@pytest.mark.parametrize("version", ["", "  ", "--output=/tmp/x"])
def test_impact_version_vide_ou_option_refusee(version):
    resultat = lancer("impact", "--from", version, EXEMPLE)
    assert resultat.exit_code == 2 and resultat.stderr.count("\n") == 1 and ":1:1: " in resultat.stderr


def test_impact_nomme_les_fichiers_illisibles(tmp_path):
    os.mkfifo(tmp_path / "t.yaml")
    resultat = lancer("impact", "--from", RACINE, "--to", RACINE, tmp_path / "t.yaml", tmp_path / "absent.yaml", EXEMPLE)
    assert resultat.exit_code == 2
    assert f"{tmp_path / 't.yaml'}:1:1: un tube (FIFO), pas un fichier ordinaire : non lu" in resultat.stderr
    assert f"{tmp_path / 'absent.yaml'}:1:1: fichier introuvable" in resultat.stderr


def test_parcourir_garde_l_ordre(tmp_path):
    for n in ("b.yaml", "a/c.yml", "a/b.txt"):
        copie(tmp_path / n)
    assert parcourir([tmp_path]) == ([tmp_path / "a" / "c.yml", tmp_path / "b.yaml"], [])
