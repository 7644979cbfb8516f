"""For each example: lines of the text report before the first decisive answer, and the
number of questions asked — the figures of the README (issue 12).

    python bench/mesure_rapports.py                      # the current code
    python bench/mesure_rapports.py --avant-revision 484f2c8   # before issue 12 (git archive, read-only)
    python bench/mesure_rapports.py --avant DIR          # or DIR/<exemple>.txt / .json saved from an older version

« Decisive answer »: a line of « L'essentiel » (the conclusions it names are the same
for both versions: for an older report without « L'essentiel », the first line that
prints one of those conclusions counts). Lines are those of ``lexfoyer evaluate`` in a
pipe (no wrapping).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def _nom(e: dict) -> str:
    sujet = e.get("sujet")
    return e["id"] + (" [" + ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) + "]" if sujet else "")


def positions(texte: str, essentiel: list[dict]) -> tuple[int | None, int | None]:
    """Lines before the first decisive answer, and before the last one (all of them read)."""
    lignes = texte.splitlines()
    if not essentiel:
        return None, None
    if "L'ESSENTIEL" in lignes:
        i = lignes.index("L'ESSENTIEL") + 1
        return i, i + len(essentiel) - 1
    noms = {_nom(e) for e in essentiel}
    trouvees = [i for i, ligne in enumerate(lignes)
                if ligne.startswith("* ") and any(ligne[2:].startswith(n + " ") for n in noms)]
    return (trouvees[0], trouvees[-1]) if trouvees else (None, None)


def produire_avant(revision: str, sortie: Path) -> None:
    """The text and JSON reports of the examples as ``revision`` wrote them (its own code,
    its own base), from a ``git archive`` copy: the repository is never touched."""
    source = sortie / "source"
    source.mkdir()
    archive = subprocess.run(["git", "-C", str(RACINE), "archive", revision], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    environnement = {**os.environ, "LEXFOYER_CACHE": "0", "PYTHONPATH": str(source)}
    for exemple in sorted((source / "examples").glob("*.yaml")):
        for format_, suffixe in (("text", ".txt"), ("json", ".json")):
            texte = subprocess.run([sys.executable, "-m", "lexfoyer.cli.main", "evaluate", str(exemple), "--format", format_],
                                   cwd=source, env=environnement, capture_output=True, text=True, check=True).stdout
            (sortie / f"{exemple.stem}{suffixe}").write_text(texte, encoding="utf-8")


def main() -> int:
    analyse = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    analyse.add_argument("--avant", type=Path, help="répertoire des rapports d'une version antérieure (texte et JSON)")
    analyse.add_argument("--avant-revision", help="révision git de ce dépôt à mesurer comme « avant » (lue par git archive)")
    arguments = analyse.parse_args()
    if arguments.avant_revision:
        arguments.avant = Path(tempfile.mkdtemp(prefix="lexfoyer-avant-"))
        produire_avant(arguments.avant_revision, arguments.avant)
    from lexfoyer.api import evaluer_fichier
    from lexfoyer.droit.base import charger_base
    from lexfoyer.rapport.sortie import en_texte
    base = charger_base()
    print("| Exemple | Lignes avant la 1re réponse décisive | … avant la dernière | Questions | Conclusions affichées / total |")
    print("|---|---|---|---|---|")
    tiret = lambda n: "—" if n is None else str(n)  # noqa: E731
    for exemple in sorted((RACINE / "examples").glob("*.yaml")):
        rapport = evaluer_fichier(exemple, base)
        essentiel = rapport["essentiel"]["lignes"]
        premiere, derniere = positions(en_texte(rapport), essentiel)
        colonnes = [tiret(premiere), tiret(derniere), str(len(rapport["questions"]))]
        if arguments.avant:
            ancien = json.loads((arguments.avant / f"{exemple.stem}.json").read_text(encoding="utf-8"))
            p, d = positions((arguments.avant / f"{exemple.stem}.txt").read_text(encoding="utf-8"), essentiel)
            colonnes = [f"{tiret(p)} → {colonnes[0]}", f"{tiret(d)} → {colonnes[1]}",
                        f"{len(ancien.get('questions', []))} → {colonnes[2]}"]
        affichees = sum(1 for c in rapport["conclusions"] if c["pertinente"])
        print(f"| `{exemple.stem}` | " + " | ".join(colonnes) + f" | {affichees} / {len(rapport['conclusions'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
