"""The HTML report in a real browser (only where chromium is installed: ``bench/apercu_html.py``).

Checks what a lawyer sees: the page opens on « L'essentiel » at desktop and phone width
(screenshots are written), and the printed PDF has every folded detail unfolded (its
text holds the explanations that the screen keeps folded).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).parent.parent
sys.path.insert(0, str(RACINE / "bench"))

apercu_html = pytest.importorskip("apercu_html")
pytestmark = pytest.mark.skipif(apercu_html.navigateur() is None or shutil.which("pdftotext") is None,
                                reason="chromium ou pdftotext (poppler-utils) absent")


def test_captures_et_pdf(tmp_path):
    exemple = RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"
    ecrits = apercu_html.apercu(exemple, tmp_path, apercu_html.navigateur())
    for genre in ("bureau", "telephone", "pdf"):
        assert ecrits[genre].stat().st_size > 10_000, genre
    assert ecrits["bureau"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    texte = subprocess.run(["pdftotext", "-layout", str(ecrits["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert texte.index("L'essentiel") < texte.index("Recours ouverts et alertes")
    # folded on screen, printed on paper: an explanation and the chain's conditions
    assert "le taux d'effort ne dépasse pas le plafond HCSF" in texte.replace("\n", " ")
    assert "Pendant la procédure, le juge peut attribuer la jouissance" in " ".join(texte.split())
    assert len(ecrits["pages"]) >= 2


def test_un_lien_vers_le_detail_le_deplie(tmp_path, base):
    """« détail § n » points inside the folded conclusion: the browser unfolds it."""
    from lexfoyer.api import evaluer_fichier
    from lexfoyer.rapport.sortie import en_html
    page = tmp_path / "rapport.html"
    page.write_text(en_html(evaluer_fichier(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml", base)), encoding="utf-8")
    dom = subprocess.run([apercu_html.navigateur(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profil'}",
                          "--virtual-time-budget=2000", "--dump-dom", page.as_uri() + "#c-desolidarisation-solvabilite-personne-a"],
                         capture_output=True, text=True, timeout=120).stdout
    ouverts = [bloc for bloc in dom.split("<details")[1:] if bloc.startswith(' class="conclusion') and 'open=""' in bloc.split(">")[0]]
    assert len(ouverts) == 1 and 'id="c-desolidarisation-solvabilite-personne-a"' in ouverts[0].split("</details>")[0]
