"""Benchmarks of lexfoyer, run on demand (never by pytest): ``python bench/bench.py``.

Four figures, each measured in this run and printed against its target:

1. **cold start** — a fresh ``lexfoyer evaluate`` of one bundled example (best of N
   runs) against a bare ``python -c "import durable.lang, yaml, jsonschema, click"``
   (best of N): what the lawyer waits for, compared with what no program using these
   libraries can avoid. Target: at most 1.5 times.
2. **warm throughput** — dossiers per second in one process (so per core): read the
   YAML, validate, evaluate, build the report, write it as a JSON line — exactly what
   one batch worker does for each dossier. Target: at least 300 dossiers/s.
3. **memory** — RSS growth over many evaluations in a fresh process (100 000 by
   default, ``--n`` for a quick run), after a warm-up of 10 000 evaluations that lets
   durable_rules' C pools reach their size (both RSS figures are printed). Target: at
   most 20 MB.
4. **parallel speed-up** — a generated corpus (``--corpus``, 400 dossiers by default,
   variations of the bundled examples) through ``evaluer_lot`` with ``--jobs 2`` against
   ``--jobs 1``, pool start-up included, outputs checked byte-identical. Target: at
   least 1.3 times on 2 cores.

The cold runs use a bytecode cache of their own (``PYTHONPYCACHEPREFIX`` in a temporary
directory) even where ``PYTHONDONTWRITEBYTECODE`` is set, because an installed package
always has its bytecode compiled: measuring the compiler would measure the checkout, not
lexfoyer. On a shared machine the figures move with the load: the load average is printed
with them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

EXEMPLE = RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"
IMPORTS_REFERENCE = "import durable.lang, yaml, jsonschema, click"
CIBLE_DEMARRAGE = Decimal("1.5")
CIBLE_DEBIT = 300
CIBLE_MEMOIRE_MO = 20
CIBLE_ACCELERATION = Decimal("1.3")

# Fields whose value is an amount of money: scaling them keeps a dossier valid.
_MONTANTS = ("revenu", "montant", "valeur", "charges", "mensualite", "prix", "capital", "crd",
             "apport", "pension", "loyer", "estimation", "epargne", "dette", "indemnite")


# -- corpus ---------------------------------------------------------------------------
def _varier(valeur, cle: str, facteur: Decimal):
    if isinstance(valeur, dict):
        return {k: _varier(v, k, facteur) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_varier(v, cle, facteur) for v in valeur]
    if isinstance(valeur, bool) or not any(m in cle for m in _MONTANTS):
        return valeur
    if isinstance(valeur, int):
        return int((Decimal(valeur) * facteur).to_integral_value(ROUND_HALF_UP))
    if isinstance(valeur, Decimal):
        return (valeur * facteur).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return valeur


def _yaml(donnees) -> str:
    import yaml

    class Ecrivain(yaml.SafeDumper):
        pass

    Ecrivain.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))
    return yaml.dump(donnees, Dumper=Ecrivain, allow_unicode=True, sort_keys=False)


def generer_corpus(repertoire: Path, nombre: int, graine: int = 2026) -> list[Path]:
    """``nombre`` valid dossiers, variations of the bundled examples (amounts scaled by
    0.6–1.6, reference changed), the same ones for the same seed."""
    from lexfoyer.cas.dossier import dossier_depuis_texte
    from lexfoyer.lecture.erreurs import ErreurDonnees
    from lexfoyer.lecture.yamlsur import charger_fichier

    hasard = random.Random(graine)
    modeles = []
    for exemple in sorted((RACINE / "examples").glob("*.yaml")):
        try:
            modeles.append((exemple.stem, dossier_depuis_texte(exemple.read_text(encoding="utf-8"), str(exemple)).donnees))
        except ErreurDonnees:
            continue  # an example being edited right now: skip it
    if not modeles:
        modeles = [(EXEMPLE.stem, charger_fichier(EXEMPLE).donnees)]
    repertoire.mkdir(parents=True, exist_ok=True)
    chemins = []
    essais = 0
    while len(chemins) < nombre and essais < nombre * 3:
        essais += 1
        nom, modele = modeles[essais % len(modeles)]
        facteur = Decimal(hasard.randint(60, 160)) / 100
        donnees = _varier(modele, "", facteur)
        donnees["dossier"] = dict(donnees["dossier"], reference=f"BENCH-{len(chemins):05d}")
        texte = _yaml(donnees)
        try:
            dossier_depuis_texte(texte)
        except ErreurDonnees:
            continue
        chemin = repertoire / f"{len(chemins):05d}-{nom}.yaml"
        chemin.write_text(texte, encoding="utf-8")
        chemins.append(chemin)
    return chemins


# -- 1. cold start ---------------------------------------------------------------------
def _commande_lexfoyer() -> list[str]:
    script = Path(sys.executable).with_name("lexfoyer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lexfoyer.cli.main"]


def _environnement_froid(cache_bytecode: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_bytecode)
    return env


def mesurer_demarrage(essais: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="lexfoyer-bench-pyc-") as cache:
        env = _environnement_froid(Path(cache))
        evaluer = _commande_lexfoyer() + ["evaluate", str(EXEMPLE)]
        importer = [sys.executable, "-c", IMPORTS_REFERENCE]
        for commande in (evaluer, importer):  # bytecode and base cache written once
            subprocess.run(commande, env=env, cwd=RACINE, capture_output=True, check=True)
        temps = {"evaluer": [], "importer": []}
        for _ in range(essais):  # interleaved, so that a burst of load hits both
            for nom, commande in (("evaluer", evaluer), ("importer", importer)):
                debut = time.perf_counter()
                subprocess.run(commande, env=env, cwd=RACINE, capture_output=True, check=True)
                temps[nom].append(time.perf_counter() - debut)
    meilleur_e, meilleur_i = min(temps["evaluer"]), min(temps["importer"])
    return {"evaluer": meilleur_e, "importer": meilleur_i, "ratio": meilleur_e / meilleur_i}


# -- 2. warm throughput -----------------------------------------------------------------
def mesurer_debit(chemins: list[Path], duree: float) -> dict:
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = charger_base()
    options = Options("jsonl")
    noms = [str(c) for c in chemins]
    for nom in noms[:50]:  # warm-up: engine compiled, caches filled
        evaluer_un(nom, base, options)
    fait, debut = 0, time.perf_counter()
    while time.perf_counter() - debut < duree:
        for nom in noms[:200]:
            evaluer_un(nom, base, options)
            fait += 1
    ecoule = time.perf_counter() - debut
    return {"dossiers": fait, "secondes": ecoule, "debit": fait / ecoule}


def profiler(chemins: list[Path], nombre: int = 600) -> None:
    """Where the warm time goes (``--profil``): the 25 costliest functions."""
    import cProfile
    import pstats

    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = charger_base()
    options = Options("jsonl")
    noms = [str(c) for c in chemins][:50]
    for nom in noms:
        evaluer_un(nom, base, options)
    profil = cProfile.Profile()
    profil.enable()
    for i in range(nombre):
        evaluer_un(noms[i % len(noms)], base, options)
    profil.disable()
    pstats.Stats(profil).sort_stats("cumulative").print_stats(25)


# -- 3. memory --------------------------------------------------------------------------
def rss_mo() -> Decimal:
    """Resident memory now, from /proc/self/status (VmRSS, kB)."""
    with open("/proc/self/status", encoding="ascii") as flux:
        for ligne in flux:
            if ligne.startswith("VmRSS:"):
                return Decimal(ligne.split()[1]) / 1024
    import resource
    return Decimal(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


ECHAUFFEMENT_MEMOIRE = 10_000


def _memoire_dans_ce_processus(repertoire: Path, nombre: int) -> None:
    """RSS after the first dossiers, after a warm-up, and after ``nombre`` more.

    The warm-up matters: durable_rules' C engine grows its session pools during the first
    few thousand evaluations (RSS then stays flat; Python's own heap does not grow at all,
    per tracemalloc). Growth is counted after it, and the first figure is printed too.
    """
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = charger_base()
    options = Options("jsonl")
    noms = [str(c) for c in sorted(repertoire.glob("*.yaml"))]
    for nom in noms:
        evaluer_un(nom, base, options)
    debut = rss_mo()
    for i in range(min(ECHAUFFEMENT_MEMOIRE, nombre)):
        evaluer_un(noms[i % len(noms)], base, options)
    avant = rss_mo()
    for i in range(nombre):
        resultat = evaluer_un(noms[i % len(noms)], base, options)
        if not resultat.valide:
            raise SystemExit(f"{resultat.fichier} : {resultat.problemes or resultat.erreur_moteur}")
    apres = rss_mo()
    print(f"{debut} {avant} {apres}")


def mesurer_memoire(repertoire: Path, nombre: int) -> dict:
    sortie = subprocess.run([sys.executable, __file__, "--memoire-interne", str(repertoire), "--n", str(nombre)],
                            cwd=RACINE, capture_output=True, text=True, check=True)
    debut, avant, apres = (Decimal(x) for x in sortie.stdout.split())
    return {"evaluations": nombre, "debut": debut, "avant": avant, "apres": apres, "croissance": apres - avant}


# -- 4. parallel speed-up --------------------------------------------------------------
def mesurer_acceleration(chemins: list[Path]) -> dict:
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_lot

    base = charger_base()
    options = Options("jsonl")
    temps, sorties = {}, {}
    for jobs in (1, 2):
        debut = time.perf_counter()
        sorties[jobs] = [r.rendu for r in evaluer_lot(chemins, base, options, jobs)]
        temps[jobs] = time.perf_counter() - debut
    return {"jobs1": temps[1], "jobs2": temps[2], "acceleration": temps[1] / temps[2],
            "identique": sorties[1] == sorties[2], "dossiers": len(chemins)}


# -- report -----------------------------------------------------------------------------
def _virgule(valeur, decimales: int = 2) -> str:
    texte = str(Decimal(str(valeur)).quantize(Decimal(1).scaleb(-decimales), ROUND_HALF_UP))
    return texte.replace(".", ",")


def _ligne(mesure: str, valeur: str, cible: str, reussi: bool | None) -> str:
    etat = "" if reussi is None else ("oui" if reussi else "NON")
    return f"| {mesure:<44} | {valeur:>26} | {cible:>10} | {etat:^8} |"


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description="Mesures de performance de lexfoyer (à la demande).")
    parseur.add_argument("--n", type=int, default=100_000, help="évaluations pour la mesure de mémoire")
    parseur.add_argument("--essais", type=int, default=15, help="lancements à froid (on garde le meilleur)")
    parseur.add_argument("--duree", type=float, default=10.0, help="secondes de mesure du débit")
    parseur.add_argument("--corpus", type=int, default=400, help="dossiers du corpus généré")
    parseur.add_argument("--profil", action="store_true", help="profiler le chemin chaud (cProfile)")
    parseur.add_argument("--memoire-interne", type=Path, help=argparse.SUPPRESS)
    args = parseur.parse_args(arguments)
    if args.memoire_interne:
        _memoire_dans_ce_processus(args.memoire_interne, args.n)
        return 0

    with tempfile.TemporaryDirectory(prefix="lexfoyer-bench-") as temporaire:
        repertoire = Path(temporaire) / "corpus"
        chemins = generer_corpus(repertoire, args.corpus)
        if args.profil:
            profiler(chemins)
            return 0
        print(f"corpus : {len(chemins)} dossiers générés ; charge avant : {_charge()}", file=sys.stderr)
        demarrage = mesurer_demarrage(args.essais)
        debit = mesurer_debit(chemins, args.duree)
        acceleration = mesurer_acceleration(chemins)
        memoire = mesurer_memoire(repertoire, args.n)
        charge = _charge()
        shutil.rmtree(repertoire, ignore_errors=True)

    ratio = Decimal(str(demarrage["ratio"]))
    lignes = [
        f"lexfoyer — mesures du {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cœurs, "
        f"Python {sys.version.split()[0]}, charge moyenne {charge}",
        "",
        f"| {'Mesure':<44} | {'Valeur':>26} | {'Cible':>10} | Atteinte |",
        "|" + "-" * 46 + "|" + "-" * 28 + "|" + "-" * 12 + "|" + "-" * 10 + "|",
        _ligne(f"Démarrage à froid (meilleur de {args.essais})",
               f"{_virgule(demarrage['evaluer'] * 1000, 0)} ms / {_virgule(demarrage['importer'] * 1000, 0)} ms",
               "", None),
        _ligne("  rapport evaluate / imports seuls", f"{_virgule(ratio)} ×", f"≤ {_virgule(CIBLE_DEMARRAGE, 1)} ×",
               ratio <= CIBLE_DEMARRAGE),
        _ligne("Débit à chaud (1 processus = 1 cœur)", f"{_virgule(debit['debit'], 0)} dossiers/s",
               f"≥ {CIBLE_DEBIT}", debit["debit"] >= CIBLE_DEBIT),
        _ligne(f"Mémoire : croissance sur {memoire['evaluations']:,} évaluations".replace(",", " "),
               f"{_virgule(memoire['croissance'], 1)} Mo ({_virgule(memoire['apres'], 0)} Mo)",
               f"≤ {CIBLE_MEMOIRE_MO} Mo", memoire["croissance"] <= CIBLE_MEMOIRE_MO),
        _ligne("  RSS après 1 tour / après échauffement",
               f"{_virgule(memoire['debut'], 0)} Mo / {_virgule(memoire['avant'], 0)} Mo", "", None),
        _ligne(f"--jobs 2 / --jobs 1 ({acceleration['dossiers']} dossiers)",
               f"{_virgule(acceleration['jobs1'])} s / {_virgule(acceleration['jobs2'])} s = "
               f"{_virgule(acceleration['acceleration'])} ×",
               f"≥ {_virgule(CIBLE_ACCELERATION, 1)} ×",
               Decimal(str(acceleration["acceleration"])) >= CIBLE_ACCELERATION),
        _ligne("  sorties --jobs 1 et --jobs 2 identiques", "oui" if acceleration["identique"] else "NON",
               "identiques", acceleration["identique"]),
    ]
    print("\n".join(lignes))
    return 0 if acceleration["identique"] else 1


def _charge() -> str:
    try:
        return " ".join(_virgule(x) for x in os.getloadavg())
    except OSError:
        return "inconnue"


if __name__ == "__main__":
    raise SystemExit(main())
