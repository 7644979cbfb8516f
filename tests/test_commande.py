"""The console command (lexfoyer.cli.commande): garbage collection off while a process
starts, back on for every command that goes on; ``main`` alone leaves it as it is."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexfoyer.cli import collecte
from lexfoyer.cli.main import main

RACINE = Path(__file__).parent.parent
EXEMPLE = RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"


@pytest.fixture
def collecte_arretee():
    """As the console command starts: collection off, by lexfoyer."""
    assert gc.isenabled()
    collecte.arreter_au_demarrage()
    yield
    collecte._ARRETEE_ICI = False
    gc.enable()
    gc.unfreeze()


def test_un_dossier_sans_collecte(collecte_arretee):
    resultat = CliRunner().invoke(main, ["evaluate", str(EXEMPLE)])
    assert resultat.exit_code == 0, resultat.output
    assert not gc.isenabled()  # a one-dossier run ends without collecting


@pytest.mark.parametrize("arguments", [
    ["evaluate", str(EXEMPLE), str(RACINE / "examples" / "soulte-concubins.yaml"), "--format", "jsonl"],
    ["evaluate", str(RACINE / "examples"), "--format", "jsonl"],
    ["lint"],
    ["validate", str(EXEMPLE)],
])
def test_ce_qui_dure_reprend_la_collecte(collecte_arretee, arguments):
    resultat = CliRunner().invoke(main, arguments)
    assert resultat.exit_code in (0, 1), resultat.output
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what the start allocated is out of later collections


def test_main_seul_ne_touche_pas_a_la_collecte():
    assert gc.isenabled()
    CliRunner().invoke(main, ["evaluate", str(EXEMPLE)])
    assert gc.isenabled() and gc.get_freeze_count() == 0
    collecte.reprendre_collecte()  # nothing to resume: lexfoyer did not stop it
    assert gc.get_freeze_count() == 0


def test_commande_meme_sortie_que_main(tmp_path):
    """The console entry point prints what ``main`` prints, and exits with its status."""
    for arguments, code in (([str(EXEMPLE)], 0), ([str(tmp_path / "absent.yaml")], 2)):
        commande = subprocess.run([sys.executable, "-c", "from lexfoyer.cli.commande import point_entree; point_entree()",
                                   "evaluate", *arguments], capture_output=True, cwd=RACINE)
        dans_le_processus = CliRunner().invoke(main, ["evaluate", *arguments])
        assert commande.returncode == dans_le_processus.exit_code == code
        assert commande.stdout == dans_le_processus.stdout_bytes
