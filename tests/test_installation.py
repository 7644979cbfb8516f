"""The wheel carries kb/, rules/ and schemas/: install it outside the repo and evaluate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

RACINE = Path(__file__).parent.parent


def test_roue_autonome(tmp_path):
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(pip + ["wheel", "--no-deps", "-q", "-w", str(tmp_path / "roue"), str(RACINE)], check=True, capture_output=True)
    (roue,) = (tmp_path / "roue").glob("lexfoyer-*.whl")
    cible = tmp_path / "site"
    subprocess.run(pip + ["install", "--no-deps", "-q", "--target", str(cible), str(roue)], check=True, capture_output=True)
    assert (cible / "lexfoyer" / "_donnees" / "kb" / "dispositions" / "code-civil.yaml").is_file()
    exemple = tmp_path / "dossier.yaml"
    shutil.copy(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml", exemple)
    dependances = sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(cible), *dependances]), LEXFOYER_CACHE="0")
    env.pop("LEXFOYER_BASE", None)
    resultat = subprocess.run([sys.executable, "-c", "from lexfoyer.cli.main import main; main()", "evaluate", str(exemple), "--format", "json"],
                              cwd=tmp_path, env=env, capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr
    assert '"desolidarisation.solvabilite"' in resultat.stdout

