"""``lexfoyer impact``: what a change of the law (of ``kb/`` or ``rules/``) changes for real
dossiers.

When a rate, an article or a rule is edited, a lawyer needs to know which clients'
conclusions move before relying on the new base: this module evaluates every dossier under
two versions of the base — two git revisions of the project, or two directories holding
``kb/`` and ``rules/`` — and lists, per dossier, each conclusion whose status, amounts,
delays, citations or missing facts differ, or that appeared or disappeared.

Reading a git revision never touches the checkout: ``git archive`` streams the revision's
``kb/`` and ``rules/`` into a temporary directory (removed afterwards); HEAD, the index,
the branches and the working tree stay as they were. Both versions are read by the
*current* engine and schemas: what is compared is the law as data, not the code.

Nothing outside a version's ``kb/`` and ``rules/`` is read: a symbolic link, a device or a
directory named ``*.yaml`` there (in a directory or in a revision) is a located error and is
never followed, extracted or echoed.

Each version is its own :class:`~lexfoyer.base.Base` with its own content hash, hence its
own engine (:func:`lexfoyer.api.moteur_pour` keys engines by that hash, and each engine has
its own durable_rules host and ruleset named after it), so the two never share a session.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import tarfile
import tempfile
from datetime import date
from pathlib import Path
from typing import Iterator

from lexfoyer.droit.base import Base, _fichiers, charger_base
from lexfoyer.lecture.enregistrement import enregistrement
from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme, extrait, raison_os

CONTENUS = ("kb", "rules")


@enregistrement
class VersionBase:
    """One side of the comparison: a label for people, where it was read, the loaded base."""

    libelle: str
    racine: Path
    base: Base


def _erreur(lieu: str, message: str) -> ErreurDonnees:
    return ErreurDonnees([Probleme(lieu, 1, 1, "", message)])


def _git(depot: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(depot), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise _erreur(str(depot), "la commande git est introuvable : donner un répertoire contenant kb/ et rules/") from None


def _revision(reference: str, depot: Path) -> str:
    """The full commit id of ``reference`` in ``depot``, or a French error."""
    resultat = _git(depot, "rev-parse", "--verify", "--quiet", f"{reference}^{{commit}}")
    if resultat.returncode != 0:
        raise _erreur(reference, f"ni un répertoire contenant kb/ et rules/, ni une révision git du dépôt {depot}")
    return resultat.stdout.decode().strip()


def _extraire(commit: str, depot: Path, cible: Path) -> None:
    """Write the revision's kb/ and rules/ under ``cible`` (read-only for the repository)."""
    presents = _git(depot, "ls-tree", "--name-only", commit).stdout.decode().split()
    chemins = [c for c in CONTENUS if c in presents]
    if "rules" not in chemins:
        raise _erreur(commit[:12], "cette révision ne contient pas de répertoire rules/")
    archive = _git(depot, "archive", "--format=tar", commit, "--", *chemins)
    if archive.returncode != 0:
        raise _erreur(commit[:12], "git archive a échoué : " + archive.stderr.decode(errors="replace").strip())
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        membres = tar.getmembers()
        problemes = []
        for m in membres:
            nature = None if m.isfile() or m.isdir() else "lien symbolique" if m.issym() else \
                "lien physique" if m.islnk() else "fichier spécial"
            raison = _refus(m.name, nature, m.isdir())
            if raison:
                problemes.append(Probleme(f"[{commit[:12]}] {m.name}", 1, 1, "", raison))
        if problemes:
            raise ErreurDonnees(problemes)
        tar.extractall(cible, members=membres, filter="data")  # no absolute path, link or device may escape


_SUFFIXES = (".yaml", ".yml")


def _refus(nom: str, nature: str | None, repertoire: bool) -> str | None:
    """Why an entry of a version's kb/ or rules/ is refused (None: a plain file or directory)."""
    if nature is not None:
        return f"{nature} refusé dans la base : seuls des fichiers ordinaires sont lus (rien n'est suivi)"
    if repertoire and nom.endswith(_SUFFIXES):
        return "répertoire nommé comme un fichier YAML : renommer ou retirer"
    return None


def _verifier_repertoire(racine: Path, libelle: str) -> None:
    """Refuse, located, what a version directory holds besides plain files and directories
    under kb/ and rules/ (links are not followed: their target is never read)."""
    problemes = []

    def signaler(chemin: str, raison: str) -> None:
        problemes.append(Probleme(f"[{libelle}] {chemin}", 1, 1, "", raison))

    for contenu in CONTENUS:
        haut = racine / contenu
        try:
            mode = os.lstat(haut).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            signaler(contenu, f"illisible ({raison_os(exc)})")
            continue
        if stat.S_ISLNK(mode):
            signaler(contenu, _refus(contenu, "lien symbolique", False))
            continue
        for dossier, sous, fichiers in os.walk(haut, onerror=lambda e: signaler(
                os.path.relpath(e.filename or haut, racine), "répertoire illisible")):
            for nom in sorted(sous + fichiers):
                chemin = Path(dossier) / nom
                relatif = chemin.relative_to(racine).as_posix()
                mode = os.lstat(chemin).st_mode
                nature = None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else \
                    "lien symbolique" if stat.S_ISLNK(mode) else "fichier spécial"
                raison = _refus(nom, nature, stat.S_ISDIR(mode))
                if raison:
                    signaler(relatif, raison)
            sous[:] = [d for d in sous if not (Path(dossier) / d).is_symlink()]
    if problemes:
        raise ErreurDonnees(problemes)


@contextlib.contextmanager
def version_de_la_base(reference: str | Path, depot: Path | None = None) -> Iterator[VersionBase]:
    """Load a version of the base: a directory with kb/ and rules/, or a git revision.

    A revision is extracted into a temporary directory that is removed on exit, whatever
    happens in between.
    """
    texte = str(reference)
    if not texte.strip():
        raise _erreur("--from/--to", "version vide : donner une révision git (HEAD~1, une étiquette…) "
                                     "ou un répertoire contenant kb/ et rules/")
    chemin = Path(reference)
    if chemin.is_dir():
        _verifier_repertoire(chemin, texte)
        yield VersionBase(texte, chemin, _charger(chemin, texte))
        return
    if texte.startswith("-"):
        raise _erreur(extrait(texte), "une révision git ne commence pas par « - »")
    depot = Path(depot) if depot else Path.cwd()
    commit = _revision(str(reference), depot)
    temporaire = Path(tempfile.mkdtemp(prefix="lexfoyer-impact-"))
    try:
        _extraire(commit, depot, temporaire)
        libelle = f"{reference} ({commit[:10]})" if reference != commit else commit[:10]
        yield VersionBase(libelle, temporaire, _charger(temporaire, libelle))
    finally:
        shutil.rmtree(temporaire, ignore_errors=True)


def _charger(racine: Path, libelle: str) -> Base:
    """Load a base, prefixing each problem with the version it belongs to."""
    try:
        return charger_base(racine)
    except ErreurDonnees as exc:
        raise ErreurDonnees([Probleme(f"[{libelle}] {p.fichier}", p.ligne, p.colonne, p.chemin, p.message)
                             for p in exc.problemes]) from None


# -- comparison ------------------------------------------------------------------------------
def _cle(c: dict) -> tuple[str, str]:
    return c["id"], json.dumps(c.get("sujet") or {}, sort_keys=True)


def _citations(c: dict) -> list[str]:
    """Each basis as a lawyer would compare it: the citation and the version's period."""
    sortie = []
    for f in c["fondements"]:
        periode = f"{f['en_vigueur']['debut']} → {f['en_vigueur']['fin'] or '…'}" if f.get("en_vigueur") else "aucune version"
        sortie.append(f"{f['citation']} [{periode}]")
    return sortie


def _resume(c: dict) -> dict:
    return {"statut": c["statut"], "montants": c["montants"], "delais": c.get("delais", {}),
            "citations": _citations(c), "manque": c["manque"]}


def _ecart(avant, apres) -> dict | None:
    return None if avant == apres else {"avant": avant, "apres": apres}


def _par_nom(avant: dict, apres: dict) -> dict:
    """Per amount (or delay) name: the pair that differs, a missing side being null."""
    ecarts = {}
    for nom in sorted(set(avant) | set(apres)):
        if avant.get(nom) != apres.get(nom):
            ecarts[nom] = {"avant": avant.get(nom), "apres": apres.get(nom)}
    return ecarts


def comparer_conclusion(avant: dict, apres: dict) -> dict:
    """What changed between two versions of one conclusion (empty: nothing)."""
    changements: dict = {}
    for champ in ("statut", "manque"):
        ecart = _ecart(avant[champ], apres[champ])
        if ecart:
            changements[champ] = ecart
    for champ in ("montants", "delais"):
        ecarts = _par_nom(avant.get(champ, {}), apres.get(champ, {}))
        if ecarts:
            changements[champ] = ecarts
    ecart = _ecart(_citations(avant), _citations(apres))
    if ecart:
        changements["citations"] = ecart
    return changements


def comparer_rapports(avant: dict, apres: dict) -> list[dict]:
    """Every conclusion that changed, appeared or disappeared, sorted by (id, sujet)."""
    a = {_cle(c): c for c in avant["conclusions"]}
    b = {_cle(c): c for c in apres["conclusions"]}
    sortie = []
    for cle in sorted(set(a) | set(b)):
        c = b.get(cle) or a.get(cle)
        entree = {"conclusion": c["id"]}
        if c.get("sujet"):
            entree["sujet"] = c["sujet"]
        if cle not in b:
            entree.update(nature="disparue", avant=_resume(a[cle]))
        elif cle not in a:
            entree.update(nature="apparue", apres=_resume(b[cle]))
        else:
            changements = comparer_conclusion(a[cle], b[cle])
            if not changements:
                continue
            entree.update(nature="modifiee", changements=changements)
        sortie.append(entree)
    return sortie


def fichiers_modifies(avant: Path, apres: Path) -> list[dict]:
    """The kb/ and rules/ files that differ between two bases (added, removed, modified)."""
    a = {nom: p.read_bytes() for nom, p in _fichiers(avant)}
    b = {nom: p.read_bytes() for nom, p in _fichiers(apres)}
    sortie = []
    for nom in sorted(set(a) | set(b)):
        if nom not in b:
            sortie.append({"fichier": nom, "nature": "supprime"})
        elif nom not in a:
            sortie.append({"fichier": nom, "nature": "ajoute"})
        elif a[nom] != b[nom]:
            sortie.append({"fichier": nom, "nature": "modifie"})
    return sortie


def impact(avant: VersionBase, apres: VersionBase, chemins: list[Path], jour: date | None = None) -> dict:
    """Evaluate each dossier under both versions and collect what changed.

    A dossier that cannot be read is reported with its located problems (the others are
    still compared); the caller decides how to exit.
    """
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.cas.dossier import charger_dossier
    from lexfoyer.flux.lot import parcourir  # the same reading of paths, directories and patterns as `evaluate`

    dossiers = []
    trouves, problemes = parcourir(chemins)
    for chemin in trouves:
        try:
            dossier = charger_dossier(chemin, jour)
        except ErreurDonnees as exc:
            problemes += exc.problemes
            continue
        rapport_avant = evaluer_dossier(dossier, avant.base)[1]
        rapport_apres = evaluer_dossier(dossier, apres.base)[1]
        dossiers.append({"dossier": dossier.reference, "fichier": str(chemin),
                         "date_reference": dossier.date_reference.isoformat(),
                         "changements": comparer_rapports(rapport_avant, rapport_apres)})
    touches = [d for d in dossiers if d["changements"]]
    return {
        "avant": {"version": avant.libelle, "empreinte": avant.base.empreinte},
        "apres": {"version": apres.libelle, "empreinte": apres.base.empreinte},
        "fichiers_modifies": fichiers_modifies(avant.racine, apres.racine),
        "dossiers": dossiers,
        "synthese": {"dossiers": len(dossiers), "dossiers_touches": len(touches),
                     "conclusions_changees": sum(len(d["changements"]) for d in dossiers)},
        "problemes": [str(p) for p in sorted(set(problemes))],
    }


def comparer_versions(depuis: str | Path, vers: str | Path, chemins: list[Path], depot: Path | None = None,
                      jour: date | None = None) -> dict:
    """The whole ``impact`` command as a library call (temporary directories cleaned up)."""
    with version_de_la_base(depuis, depot) as avant, version_de_la_base(vers, depot) as apres:
        return impact(avant, apres, chemins, jour)


# -- rendering ---------------------------------------------------------------------------------
NATURES = {"modifiee": "modifiée", "apparue": "apparue", "disparue": "disparue"}
NATURES_FICHIER = {"modifie": "modifié", "ajoute": "ajouté", "supprime": "supprimé"}


def nom_changement(ch: dict) -> str:
    sujet = ch.get("sujet")
    return ch["conclusion"] + (" [" + ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) + "]" if sujet else "")


def _cellule(ch: dict) -> str:
    if ch["nature"] != "modifiee":
        return NATURES[ch["nature"]]
    return ", ".join(ch["changements"])


def _valeur(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return " ; ".join(str(x) for x in v) or "aucun"
    return str(v)


def lignes_changement(ch: dict) -> list[str]:
    """A change in plain French lines: ``statut : applicable → non_applicable`` …"""
    if ch["nature"] != "modifiee":
        resume = ch.get("avant") or ch.get("apres")
        lignes = [f"statut : {resume['statut']}"]
        lignes += [f"montant {n} : {v}" for n, v in resume["montants"].items()]
        lignes += [f"délai {n} : {v}" for n, v in resume["delais"].items()]
        return lignes
    lignes = []
    changements = ch["changements"]
    for champ, libelle in (("statut", "statut"), ("manque", "manque")):
        if champ in changements:
            lignes.append(f"{libelle} : {_valeur(changements[champ]['avant'])} → {_valeur(changements[champ]['apres'])}")
    for champ, libelle in (("montants", "montant"), ("delais", "délai")):
        for nom, e in changements.get(champ, {}).items():
            lignes.append(f"{libelle} {nom} : {_valeur(e['avant'])} → {_valeur(e['apres'])}")
    if "citations" in changements:
        lignes.append(f"citations : {_valeur(changements['citations']['avant'])} → {_valeur(changements['citations']['apres'])}")
    return lignes


def _colonnes(resultat: dict) -> list[str]:
    return sorted({nom_changement(ch) for d in resultat["dossiers"] for ch in d["changements"]})


def _matrice(resultat: dict) -> tuple[list[str], list[tuple[str, list[str]]]]:
    colonnes = _colonnes(resultat)
    lignes = []
    for d in resultat["dossiers"]:
        par_nom = {nom_changement(ch): _cellule(ch) for ch in d["changements"]}
        lignes.append((d["dossier"], [par_nom.get(c, "—") for c in colonnes]))
    return colonnes, lignes


def _entete(resultat: dict) -> list[str]:
    s = resultat["synthese"]
    lignes = [f"Impact : {resultat['avant']['version']} → {resultat['apres']['version']}",
              f"Bases : {resultat['avant']['empreinte'][:12]} → {resultat['apres']['empreinte'][:12]}"]
    fichiers = resultat["fichiers_modifies"]
    lignes.append("Fichiers modifiés : " + (", ".join(f"{f['fichier']} ({NATURES_FICHIER[f['nature']]})" for f in fichiers) or "aucun"))
    lignes.append(f"{s['dossiers_touches']} dossier(s) touché(s) sur {s['dossiers']}, {s['conclusions_changees']} conclusion(s) changée(s)")
    return lignes


def en_texte(resultat: dict) -> str:
    lignes = _entete(resultat) + [""]
    colonnes, matrice = _matrice(resultat)
    if colonnes:
        lignes.append("Synthèse (dossiers × conclusions changées) :")
        largeur = max(len(nom) for nom, _ in matrice)
        cellules = [max([len(f"[{i + 1}]")] + [len(l[1][i]) for l in matrice]) for i in range(len(colonnes))]
        lignes.append(("  " + " " * largeur + "  " + "  ".join(f"[{i + 1}]".ljust(w) for i, w in enumerate(cellules))).rstrip())
        for nom, valeurs in matrice:
            lignes.append(("  " + nom.ljust(largeur) + "  " + "  ".join(v.ljust(w) for v, w in zip(valeurs, cellules))).rstrip())
        lignes += [f"  [{i + 1}] {c}" for i, c in enumerate(colonnes)] + [""]
    for d in resultat["dossiers"]:
        if not d["changements"]:
            continue
        lignes.append(f"== {d['dossier']} ({d['fichier']}) ==")
        for ch in d["changements"]:
            lignes.append(f"* {nom_changement(ch)} — {NATURES[ch['nature']]}")
            lignes += [f"    {x}" for x in lignes_changement(ch)]
        lignes.append("")
    return "\n".join(lignes).rstrip() + "\n"


def _md(texte: str) -> str:
    from lexfoyer.rapport.document import md
    return md(texte)


def en_markdown(resultat: dict) -> str:
    entete = _entete(resultat)
    lignes = [f"# {_md(entete[0])}", ""] + [f"- {_md(x)}" for x in entete[1:]] + [""]
    colonnes, matrice = _matrice(resultat)
    if colonnes:
        lignes += ["## Synthèse", "", "| dossier | " + " | ".join(f"`{c}`" for c in colonnes) + " |",
                   "|---|" + "---|" * len(colonnes)]
        lignes += [f"| {_md(nom)} | " + " | ".join(_md(v) for v in valeurs) + " |" for nom, valeurs in matrice]
        lignes.append("")
    for d in resultat["dossiers"]:
        if not d["changements"]:
            continue
        lignes += [f"## {_md(d['dossier'])}", "", f"Fichier `{d['fichier']}`.", ""]
        for ch in d["changements"]:
            lignes.append(f"- `{nom_changement(ch)}` — {NATURES[ch['nature']]}")
            lignes += [f"  - {_md(x)}" for x in lignes_changement(ch)]
        lignes.append("")
    return "\n".join(lignes).rstrip() + "\n"


def rendre(resultat: dict, format_: str) -> str:
    if format_ == "json":
        return json.dumps(resultat, ensure_ascii=False, indent=2) + "\n"
    return en_markdown(resultat) if format_ == "markdown" else en_texte(resultat)
