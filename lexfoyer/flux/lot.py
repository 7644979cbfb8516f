"""Evaluate many dossiers in one run: a directory, shell patterns, a JSON-lines stream.

Why a module of its own: an ADIL or a firm re-runs hundreds of dossiers when the law
changes, and the command must stay thin. Everything that makes a batch safe lives here:

- one compiled ruleset per process (:func:`lexfoyer.api.moteur_pour`), never one per
  dossier: compiling costs more than evaluating;
- durable_rules is not thread-safe (``shared/reference/durable-rules.md`` §8), so the
  parallelism is made of *processes* (``forkserver``, else ``spawn``: never ``fork``
  from a process that may already hold a host), each holding its own engine, built once
  from the base the parent already validated (sent pickled, so no worker re-reads or
  re-validates kb/ and rules/);
- results come back **in the input order** whatever the number of workers, so the
  output is byte-identical from one run to the next and from ``--jobs 1`` to ``--jobs 8``;
- an invalid dossier yields its located problems and never stops the others; so does a
  file or directory that cannot be read (each named in one located line);
- a worker process that dies (killed, out of memory) ends the batch instead of hanging
  it: ``concurrent.futures`` notices the death (``BrokenProcessPool``), where
  ``multiprocessing.Pool`` would wait forever for the lost task; the dossiers that were
  not evaluated are named, and the exit status is 3;
- with ``--out``, each report is written to a temporary file of the same directory and
  renamed: a report exists whole or not at all (a full disk leaves no truncated report),
  and each report that could not be written is named.

The same per-dossier function runs in-process, in the process pool, or on a Dask
cluster (:mod:`lexfoyer.lot_dask`, optional extra ``[dask]``).
"""

from __future__ import annotations

import glob
import os
import time
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from lexfoyer.droit.base import Base
from lexfoyer.flux.processus import contexte_processus, en_processus, taille_paquet  # noqa: F401 (re-exported)
from lexfoyer.flux.ecriture import ecrire_entier, fichier_entier
from lexfoyer.flux.unite import LotImpossible, Options, Resultat, evaluer_un
from lexfoyer.lecture.enregistrement import enregistrement
from lexfoyer.lecture.erreurs import Probleme, echapper, raison_os

FORMATS = ("text", "json", "markdown", "html", "jsonl")
EXTENSIONS = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html", "jsonl": ".jsonl"}
SUFFIXES_DOSSIER = (".yaml", ".yml")
_CARACTERES_MOTIF = frozenset("*?[")


# -- which files ---------------------------------------------------------------------
def est_motif(argument: str) -> bool:
    """A shell pattern the shell did not expand (quoted, or on a shell that never does)."""
    return any(c in _CARACTERES_MOTIF for c in argument)


def _dossiers_sous(repertoire: Path, problemes: list[Probleme]) -> list[Path]:
    """The ``.yaml``/``.yml`` files below ``repertoire`` (symbolic links to directories are
    not followed); an unreadable sub-directory, or a directory without any dossier, is a
    located problem instead of a silent gap."""
    trouves: list[Path] = []

    def illisible(exc: OSError) -> None:
        nom = exc.filename if exc.filename is not None else repertoire
        problemes.append(Probleme(str(nom), 1, 1, "", f"répertoire illisible ({raison_os(exc)}) : "
                                                       "les dossiers qu'il contient ne sont pas évalués"))

    for racine, sous, fichiers in os.walk(repertoire, onerror=illisible):
        sous.sort()
        trouves += [Path(racine) / f for f in fichiers if os.path.splitext(f)[1] in SUFFIXES_DOSSIER]
    if not trouves and not any(p.fichier.startswith(str(repertoire)) for p in problemes):
        problemes.append(Probleme(str(repertoire), 1, 1, "", "aucun dossier (.yaml ou .yml) dans ce répertoire"))
    return sorted(trouves, key=lambda p: p.relative_to(repertoire).parts)


def parcourir(arguments: Iterable[str | Path]) -> tuple[list[Path], list[Probleme]]:
    """The dossier files named by paths, directories (searched recursively) and patterns,
    and the located problems of the directories that could not be searched.

    Order is the arguments' order, each directory or pattern sorted, so that the batch's
    output order never depends on the file system. A file named twice is evaluated once.
    A pattern that matches nothing is kept as it is: it then fails as « fichier
    introuvable » like any missing file, rather than vanishing silently. A path that is
    not a regular file (FIFO, device) is kept too: reading it names what it is.
    """
    chemins: list[Path] = []
    problemes: list[Probleme] = []
    for argument in arguments:
        texte = str(argument)
        chemin = Path(texte)
        if chemin.is_dir():
            chemins += _dossiers_sous(chemin, problemes)
        elif est_motif(texte) and not chemin.exists():
            trouves = sorted(glob.glob(texte, recursive=True))
            developpes: list[Path] = []
            for t in trouves:
                p = Path(t)
                developpes += _dossiers_sous(p, problemes) if p.is_dir() else [p]
            chemins += developpes or [chemin]
        else:
            chemins.append(chemin)
    vus: set[str] = set()
    uniques = []
    for chemin in chemins:
        cle = os.path.normcase(os.path.abspath(chemin))
        if cle not in vus:
            vus.add(cle)
            uniques.append(chemin)
    return uniques, problemes


def developper(arguments: Iterable[str | Path]) -> list[Path]:
    """The dossier files of :func:`parcourir`, without the directories' problems."""
    return parcourir(arguments)[0]


def noms_de_sortie(chemins: list[Path], format_: str) -> list[Path]:
    """One report name per dossier, relative to ``--out DIR``, named after the dossier.

    Dossiers from several directories keep their sub-directories below the deepest
    directory they share, so two ``dossier.yaml`` never overwrite each other; ``x.yaml``
    and ``x.yml`` side by side keep their whole name (``x.yaml.json``).
    """
    extension = EXTENSIONS[format_]
    parents = [os.path.abspath(c.parent) for c in chemins]
    commun = os.path.commonpath(parents) if parents else ""
    relatifs = [Path(os.path.relpath(os.path.abspath(c), commun)) for c in chemins]
    noms = [r.with_suffix(extension) if r.suffix in SUFFIXES_DOSSIER else r.with_name(r.name + extension) for r in relatifs]
    compte: dict[Path, int] = {}
    for nom in noms:
        compte[nom] = compte.get(nom, 0) + 1
    return [r.with_name(r.name + extension) if compte[n] > 1 else n for r, n in zip(relatifs, noms)]


def evaluer_lot(chemins: list[Path], base: Base, options: Options, jobs: int = 1,
                executeur: str = "local", ordonnanceur: str | None = None) -> Iterator[Resultat]:
    """Every dossier's :class:`Resultat`, in the order of ``chemins``, as they are ready."""
    noms = [str(c) for c in chemins]
    if executeur == "dask":
        from lexfoyer.flux.lot_dask import evaluer_sur_dask
        yield from evaluer_sur_dask(chemins, base, options, ordonnanceur)
        return
    jobs = min(jobs, len(noms))
    if jobs <= 1:
        for nom in noms:
            yield evaluer_un(nom, base, options)
        return
    yield from en_processus(noms, base, options, jobs)


# -- progress ------------------------------------------------------------------------
def progression_voulue(format_: str, total: int, flux_sortie: TextIO, flux_erreurs: TextIO,
                       environ: dict | None = None) -> bool:
    """A progress bar only for a person at a terminal: never in CI, in a pipe, or in JSON."""
    environ = os.environ if environ is None else environ
    if total < 2 or format_ in ("json", "jsonl") or environ.get("CI"):
        return False
    try:
        return flux_sortie.isatty() and flux_erreurs.isatty()
    except (AttributeError, ValueError):
        return False


class Progression:
    """A one-line progress bar on stderr, erased before anything else is printed."""

    LARGEUR = 30
    INTERVALLE = 0.1  # seconds between two redraws

    def __init__(self, total: int, flux: TextIO, active: bool):
        self.total, self.flux, self.active = total, flux, active
        self.fait = 0
        self.debut = time.monotonic()
        self._dernier = 0.0
        self._visible = False

    def avancer(self) -> None:
        self.fait += 1
        maintenant = time.monotonic()
        attendu = maintenant - self._dernier >= self.INTERVALLE or self.fait == self.total
        if self.active and (attendu or not self._visible):
            self._dernier = maintenant
            plein = self.LARGEUR * self.fait // max(self.total, 1)
            barre = "█" * plein + "·" * (self.LARGEUR - plein)
            duree = maintenant - self.debut
            self.flux.write(f"\r\x1b[K{barre} {self.fait}/{self.total} dossiers, {duree:.0f} s")
            self.flux.flush()
            self._visible = True

    def effacer(self) -> None:
        if self._visible:
            self.flux.write("\r\x1b[K")
            self.flux.flush()
            self._visible = False


# -- the whole run -------------------------------------------------------------------
@enregistrement
class Bilan:
    """Counts at the end of a batch, and the exit status they mean."""

    evalues: int = 0
    invalides: int = 0
    erreurs_moteur: int = 0
    non_ecrits: int = 0

    @property
    def code_sortie(self) -> int:
        """3 if the engine failed on some dossier, 2 if some dossier (or its report) was
        unusable, else 0."""
        if self.erreurs_moteur:
            return 3
        return 2 if self.invalides or self.non_ecrits else 0


def _separateur(options: Options) -> str:
    """Between two reports on one stream: nothing for JSON (as before), a blank line else."""
    return "" if options.format in ("json", "jsonl") else "\n"


def executer(resultats: Iterable[Resultat], options: Options, *,
             ecrire: Callable[[str], None] | None = None,
             repertoire: Path | None = None, noms: list[Path] | None = None,
             signaler: Callable[[str], None], progression: Progression | None = None,
             seul: bool = False) -> Bilan:
    """Consume the results in order: write each report, report each problem, count.

    Reports go either to ``ecrire`` (one stream: stdout or one file) or, one file each,
    to ``repertoire`` under ``noms``. Problems go to ``signaler`` (stderr), one located
    line each. ``seul`` keeps the single-dossier engine message exactly as it always was.
    """
    bilan = Bilan()
    premier = True
    for i, resultat in enumerate(resultats):
        if resultat.valide:
            bilan.evalues += 1
            if repertoire is not None:
                cible = repertoire / noms[i]
                try:
                    cible.parent.mkdir(parents=True, exist_ok=True)
                    ecrire_entier(cible, resultat.rendu)
                except OSError as exc:
                    bilan.non_ecrits += 1
                    if progression:
                        progression.effacer()
                    signaler(str(Probleme(resultat.fichier, 1, 1, "", f"rapport non écrit dans « {cible} » ({raison_os(exc)})")))
            else:
                if progression:
                    progression.effacer()
                ecrire(("" if premier else _separateur(options)) + resultat.rendu)
                premier = False
        else:
            if progression:
                progression.effacer()
            if resultat.problemes:
                bilan.invalides += 1
                for probleme in resultat.problemes:
                    signaler(str(probleme))
            else:
                bilan.erreurs_moteur += 1
                signaler(f"erreur du moteur : {echapper(resultat.erreur_moteur)}" if seul
                         else f"{echapper(resultat.fichier)}: erreur du moteur : {echapper(resultat.erreur_moteur)}")
        if progression:
            progression.avancer()
    if progression:
        progression.effacer()
    return bilan


def _destination(out: str | None, format_: str, plusieurs: bool) -> str:
    """``stdout``, ``fichier`` or ``repertoire``: what ``--out`` names here.

    A JSON-lines stream is one file. Otherwise ``--out`` is a directory (one report per
    dossier) when it already is one, ends with a slash, or several dossiers are asked
    for; with one dossier it stays the report's file, as it always was.
    """
    if out is None:
        return "stdout"
    chemin = Path(out)
    if format_ == "jsonl":
        if chemin.is_dir():
            raise LotImpossible(f"« {out} » est un répertoire : le flux jsonl s'écrit dans un fichier")
        return "fichier"
    if chemin.is_dir() or out.endswith(("/", os.sep)) or plusieurs:
        if chemin.exists() and not chemin.is_dir():
            raise LotImpossible(f"« {out} » existe et n'est pas un répertoire : un rapport par dossier demande un répertoire")
        return "repertoire"
    return "fichier"


def lancer(arguments: list[str], base: Base, options: Options, *, out: str | None = None,
           jobs: int = 1, executeur: str = "local", ordonnanceur: str | None = None,
           ecrire: Callable[[str], None], signaler: Callable[[str], None],
           flux_sortie: TextIO, flux_erreurs: TextIO) -> Bilan:
    """The ``evaluate`` command: expand the arguments, evaluate, write, count."""
    chemins, problemes = parcourir(arguments)
    for probleme in problemes:
        signaler(str(probleme))
    plusieurs = len(chemins) > 1 or any(Path(a).is_dir() or (est_motif(a) and not Path(a).exists()) for a in arguments)
    if not chemins:
        return Bilan(invalides=len(problemes))
    destination = _destination(out, options.format, plusieurs)
    if jobs == 0:
        jobs = os.cpu_count() or 1
    actif = progression_voulue(options.format, len(chemins), flux_sortie, flux_erreurs)
    progression = Progression(len(chemins), flux_erreurs, actif)
    with closing(evaluer_lot(chemins, base, options, jobs, executeur, ordonnanceur)) as resultats:
        try:
            bilan = _ecrire_tout(resultats, destination, out, chemins, options, ecrire, signaler,
                                 progression, seul=not plusieurs)
        except OSError as exc:
            if destination == "stdout":
                raise LotImpossible(f"écriture impossible sur la sortie standard ({raison_os(exc)})") from None
            lieu = exc.filename if exc.filename is not None and destination == "repertoire" else out
            suite = " : aucun rapport n'y est écrit" if destination == "fichier" else ""
            raise LotImpossible(f"écriture impossible dans « {echapper(str(lieu))} » ({raison_os(exc)}){suite}") from None
    bilan.invalides += len(problemes)
    return bilan


def _ecrire_tout(resultats: Iterator[Resultat], destination: str, out: str | None, chemins: list[Path],
                 options: Options, ecrire: Callable[[str], None], signaler: Callable[[str], None],
                 progression: Progression, seul: bool) -> Bilan:
    if destination == "repertoire":
        Path(out).mkdir(parents=True, exist_ok=True)
        return executer(resultats, options, repertoire=Path(out), noms=noms_de_sortie(chemins, options.format),
                        signaler=signaler, progression=progression, seul=seul)
    if destination == "fichier":
        # streamed to a temporary file renamed at the end: never a truncated report
        with fichier_entier(Path(out)) as flux:
            return executer(resultats, options, ecrire=flux.write, signaler=signaler,
                            progression=progression, seul=seul)
    return executer(resultats, options, ecrire=ecrire, signaler=signaler, progression=progression, seul=seul)
