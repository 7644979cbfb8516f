"""The package's layout: its folders are its stages, and no module imports itself back.

Every import counts, at the top of a module or inside a function (a lazy import that closes
a cycle is still a cycle: the two modules cannot be understood, tested or split apart).
"""

from __future__ import annotations

import ast
from pathlib import Path

PAQUET = Path(__file__).parent.parent / "lexfoyer"
ETAGES = ("lecture", "droit", "cas", "moteur", "calculs", "rapport", "flux", "cli")


COMMANDE = PAQUET.parent / "cli"  # the design card's top-level cli/, installed as lexfoyer.cli


def _fichiers() -> list[tuple[str, Path]]:
    """(module name, file) of every module of the package, the command's included."""
    fichiers = [(".".join(c.relative_to(PAQUET.parent).with_suffix("").parts), c) for c in sorted(PAQUET.rglob("*.py"))
                if "cli" not in c.relative_to(PAQUET).parts[:1]]
    fichiers += [(f"lexfoyer.cli.{c.stem}", c) for c in sorted(COMMANDE.glob("*.py"))]
    return fichiers


def _modules() -> dict[str, Path]:
    return {nom.removesuffix(".__init__"): chemin for nom, chemin in _fichiers()}


def _imports(nom: str, chemin: Path, modules: dict) -> set[str]:
    paquet = nom if chemin.name == "__init__.py" else nom.rsplit(".", 1)[0]
    cibles = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                morceaux = paquet.split(".")
                base = ".".join(morceaux[:len(morceaux) - noeud.level + 1] + ([noeud.module] if noeud.module else []))
            else:
                base = noeud.module or ""
            for alias in noeud.names:
                cible = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                if cible in modules and cible != nom:
                    cibles.add(cible)
        elif isinstance(noeud, ast.Import):
            cibles |= {a.name for a in noeud.names if a.name in modules and a.name != nom}
    return cibles


def _cycles(graphe: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, bas, pile, sur, composantes, compteur = {}, {}, [], set(), [], [0]

    def visiter(v: str) -> None:
        index[v] = bas[v] = compteur[0]
        compteur[0] += 1
        pile.append(v)
        sur.add(v)
        for w in sorted(graphe[v]):
            if w not in index:
                visiter(w)
                bas[v] = min(bas[v], bas[w])
            elif w in sur:
                bas[v] = min(bas[v], index[w])
        if bas[v] == index[v]:
            composante = []
            while True:
                w = pile.pop()
                sur.discard(w)
                composante.append(w)
                if w == v:
                    break
            if len(composante) > 1:
                composantes.append(sorted(composante))

    for v in sorted(graphe):
        if v not in index:
            visiter(v)
    return composantes


def test_aucun_cycle_d_import():
    modules = _modules()
    graphe = {nom: _imports(nom, chemin, modules) for nom, chemin in modules.items()}
    assert _cycles(graphe) == []


def test_les_dossiers_du_paquet_sont_ses_etages():
    dossiers = sorted(p.name for p in PAQUET.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    assert set(dossiers) <= set(ETAGES) | {"__pycache__"}
    assert {"lecture", "droit", "cas", "moteur", "calculs", "rapport", "flux"} <= set(dossiers)


def test_aucun_module_au_dela_de_la_taille_d_un_seul_travail():
    """A module past ~400 lines is split by job (a little slack for docstrings)."""
    trop_longs = {nom: n for nom, p in _fichiers() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert trop_longs == {}
