"""Look at the HTML report in a real browser: screenshots at desktop and phone width, and
the printed PDF (one PNG per page), with Debian's chromium in headless mode.

    python bench/apercu_html.py                       # examples/desolidarisation-refusee-divorce.yaml
    python bench/apercu_html.py examples/soulte-pacs-60-40-pret.yaml --out /tmp/apercu

Writes, for each dossier, ``<nom>.html``, ``<nom>-bureau.png`` (1280 × 900),
``<nom>-telephone.png`` (390 × 844), ``<nom>.pdf`` and ``<nom>-page-N.png`` (pdftoppm),
then prints what it wrote and the number of printed pages. Needs ``chromium`` and
``pdftoppm`` (Debian: ``apt-get install chromium poppler-utils``); exits 2 without them.
Nothing here runs in the test suite: ``tests/test_navigateur.py`` runs the same steps
only where chromium is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

TAILLES = {"bureau": (1280, 900), "telephone": (390, 844)}


def navigateur() -> str | None:
    return next((c for c in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if c), None)


def _chromium(binaire: str, profil: str, *arguments: str) -> None:
    commande = [binaire, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", f"--user-data-dir={profil}", *arguments]
    subprocess.run(commande, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def apercu(dossier: Path, sortie: Path, binaire: str) -> dict:
    """Render one dossier and photograph it; returns the files written and the page count."""
    from lexfoyer.api import evaluer_fichier
    from lexfoyer.rapport.sortie import en_html
    sortie.mkdir(parents=True, exist_ok=True)
    nom = dossier.stem
    page = sortie / f"{nom}.html"
    page.write_text(en_html(evaluer_fichier(dossier)), encoding="utf-8")
    ecrits = {"html": page}
    with tempfile.TemporaryDirectory() as profil:
        for taille, (largeur, hauteur) in TAILLES.items():
            image = sortie / f"{nom}-{taille}.png"
            _chromium(binaire, profil, f"--window-size={largeur},{hauteur}", f"--screenshot={image}", page.as_uri())
            ecrits[taille] = image
        pdf = sortie / f"{nom}.pdf"
        _chromium(binaire, profil, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
        ecrits["pdf"] = pdf
    pages = []
    for ancienne in sortie.glob(f"{nom}-page-*.png"):
        ancienne.unlink()  # a previous run's pages would be counted with these
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(sortie / f"{nom}-page")], check=True, timeout=120)
        pages = sorted(sortie.glob(f"{nom}-page-*.png"))
    ecrits["pages"] = pages
    return ecrits


def main() -> int:
    analyse = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analyse.add_argument("dossiers", nargs="*", type=Path, default=[RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"])
    analyse.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "lexfoyer-apercu")
    arguments = analyse.parse_args()
    binaire = navigateur()
    if binaire is None:
        print("chromium introuvable (Debian : apt-get install chromium poppler-utils)", file=sys.stderr)
        return 2
    for dossier in arguments.dossiers:
        ecrits = apercu(dossier, arguments.out, binaire)
        print(f"{dossier} :")
        for genre, chemin in ecrits.items():
            if genre != "pages":
                print(f"  {genre:10} {chemin}")
        print(f"  {'pages':10} {len(ecrits['pages'])} page(s) imprimée(s) : {', '.join(p.name for p in ecrits['pages'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
