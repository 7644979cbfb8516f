"""Benchmarks of lexfoyer, run on demand (never by pytest): ``python bench/bench.py``.

Every figure of the README's performance table comes from one run of this script, which
prints that table (Markdown) with each figure against its target (issue 14):

1. **cold start** — a fresh ``lexfoyer evaluate`` of one bundled example, against a bare
   ``python -c "import durable.lang, yaml, jsonschema, click"`` (the floor: what no program
   using these libraries can avoid), both as the best of N (``--essais``, 30: on a shared
   machine fewer leave the ratio at the mercy of a burst of load) interleaved runs. Target: at
   most 1.3 times. The cold runs compile their bytecode once into a directory of their
   own (``PYTHONPYCACHEPREFIX``), as an installed package has it, and find the base in its
   cache (built by the first run).
2. **warm throughput** — dossiers per second in one process, counted in CPU time of that
   process (so *per core*, and much less at the mercy of the other processes of a shared
   machine than wall time, which is printed too): read the YAML, validate, evaluate, build
   the report, render it — what one batch worker does per dossier. ``--format jsonl``
   (the batch path, no chain of reasoning): target at least 300/s; ``--format json`` with
   the full audit trail (chain of reasoning, trace): at least 200/s.
3. **memory** — RSS growth over 100 000 evaluations (``--n``) in a fresh process, after a
   warm-up of 10 000 that lets durable_rules' C pools reach their size. Target: ≤ 20 MB.
4. **parallel speed-up** — 2 000 generated dossiers (``--corpus``) through ``evaluer_lot``
   with ``--jobs 2`` against ``--jobs 1``, pool start-up included, outputs checked
   byte-identical. Target: at least 1.7 times on 2 cores.
5. **growth** — with generated bases of 50, 100, 200 and 500 rules (``--regles``): the
   cold start against the floor, the time per dossier, the RSS; and with dossiers of more
   and more facts (children and loans added to an example): the time per dossier.

On a shared machine the figures move with the load, printed with them; ratios to the
floor measured in the same seconds are the stable ones. ``--contre REVISION`` measures only
the warm throughput of that revision's code against today's, on the same corpus and base,
in interleaved child processes: how much a change of code gained, whatever the machine.
"""

from __future__ import annotations

import argparse
import json
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
# the code measured: this checkout's, or another revision's (``--contre``, in a child process)
sys.path.insert(0, os.environ.get("LEXFOYER_BENCH_CODE", str(RACINE)))

EXEMPLE = RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"
IMPORTS_REFERENCE = "import durable.lang, yaml, jsonschema, click"
CIBLE_DEMARRAGE = Decimal("1.3")
CIBLE_DEBIT = 300
CIBLE_DEBIT_CHAINE = 200
CIBLE_MEMOIRE_MO = 20
CIBLE_ACCELERATION = Decimal("1.7")
ECHAUFFEMENT_MEMOIRE = 10_000
TAILLES_BASE = (50, 100, 200, 500)

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
    return [str(script)] if script.exists() else [sys.executable, "-m", "lexfoyer.cli.commande"]


def _environnement_froid(cache_bytecode: Path, cache_base: Path, base: Path | None = None) -> dict:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(cache_bytecode), LEXFOYER_CACHE=str(cache_base))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("LEXFOYER_BASE", None)
    if base is not None:
        env["LEXFOYER_BASE"] = str(base)
    return env


def mesurer_demarrage(essais: int, base: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="lexfoyer-bench-froid-") as temporaire:
        env = _environnement_froid(Path(temporaire) / "pyc", Path(temporaire) / "base", base)
        evaluer = _commande_lexfoyer() + ["evaluate", str(EXEMPLE)]
        importer = [sys.executable, "-c", IMPORTS_REFERENCE]
        for commande in (evaluer, importer, evaluer):  # bytecode, base cache and its index written
            subprocess.run(commande, env=env, cwd=RACINE, capture_output=True, check=True)
        time.sleep(cache_marge())  # the stat index trusts only files older than its margin
        subprocess.run(evaluer, env=env, cwd=RACINE, capture_output=True, check=True)
        temps: dict[str, list[float]] = {"evaluer": [], "importer": []}
        for _ in range(essais):  # interleaved, so that a burst of load hits both
            for nom, commande in (("evaluer", evaluer), ("importer", importer)):
                debut = time.perf_counter()
                subprocess.run(commande, env=env, cwd=RACINE, capture_output=True, check=True)
                temps[nom].append(time.perf_counter() - debut)
    meilleur_e, meilleur_i = min(temps["evaluer"]), min(temps["importer"])
    return {"evaluer": meilleur_e, "importer": meilleur_i, "ratio": meilleur_e / meilleur_i}


def cache_marge() -> float:
    from lexfoyer.droit.cache import MARGE_NS
    return MARGE_NS / 1e9 + 0.2


# -- 2. warm throughput -----------------------------------------------------------------
def mesurer_debit(chemins: list[Path], duree: float, format_: str, base=None) -> dict:
    """Dossiers per CPU second of this process (and per wall second) in format ``format_``."""
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = base or charger_base()
    options = Options(format_)
    noms = [str(c) for c in chemins]
    for nom in noms[:50]:  # warm-up: engine compiled, caches filled
        resultat = evaluer_un(nom, base, options)
        if not resultat.valide:
            raise SystemExit(f"{resultat.fichier} : {resultat.problemes or resultat.erreur_moteur}")
    fait, cpu, mur = 0, time.process_time(), time.perf_counter()
    while time.process_time() - cpu < duree:
        for nom in noms[:200]:
            evaluer_un(nom, base, options)
            fait += 1
    cpu, mur = time.process_time() - cpu, time.perf_counter() - mur
    return {"dossiers": fait, "debit": fait / cpu, "debit_mur": fait / mur, "ms": 1000 * cpu / fait}


def profiler(chemins: list[Path], format_: str, nombre: int = 600) -> None:
    """Where the warm time goes (``--profil``): the 30 costliest functions."""
    import cProfile
    import pstats

    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = charger_base()
    options = Options(format_)
    noms = [str(c) for c in chemins][:50]
    for nom in noms:
        evaluer_un(nom, base, options)
    profil = cProfile.Profile()
    profil.enable()
    for i in range(nombre):
        evaluer_un(noms[i % len(noms)], base, options)
    profil.disable()
    pstats.Stats(profil).sort_stats("cumulative").print_stats(30)


def _debit_dans_ce_processus(repertoire: Path, format_: str, duree: float) -> None:
    """``--debit-interne``: the warm throughput of the code this process imports (JSON)."""
    print(json.dumps(mesurer_debit(sorted(repertoire.glob("*.yaml")), duree, format_)))


def mesurer_contre(revision: str, repertoire: Path, duree: float, tours: int = 3) -> dict:
    """Warm throughput of the code of git ``revision`` against today's, on the same corpus
    and the same base (today's kb/ and rules/, which that code must be able to read), in
    interleaved child processes so that a burst of load hits both: the best of ``tours``."""
    with tempfile.TemporaryDirectory(prefix="lexfoyer-bench-contre-") as temporaire:
        code = Path(temporaire) / "code"
        code.mkdir()
        archive = subprocess.run(["git", "-C", str(RACINE), "archive", revision, "lexfoyer", "cli", "schemas"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        resultats: dict = {}
        for format_ in ("jsonl", "json"):
            meilleurs = {"avant": 0.0, "maintenant": 0.0}
            for _ in range(tours):
                for nom, racine in (("avant", code), ("maintenant", RACINE)):
                    env = dict(os.environ, LEXFOYER_BENCH_CODE=str(racine), LEXFOYER_BASE=str(RACINE),
                               LEXFOYER_CACHE=str(Path(temporaire) / f"cache-{nom}"))
                    sortie = subprocess.run([sys.executable, __file__, "--debit-interne", str(repertoire), format_,
                                             str(duree)], env=env, cwd=racine, capture_output=True, text=True, check=True)
                    meilleurs[nom] = max(meilleurs[nom], json.loads(sortie.stdout.splitlines()[-1])["debit"])
            resultats[format_] = dict(meilleurs, rapport=meilleurs["maintenant"] / meilleurs["avant"])
    return resultats


# -- 3. memory --------------------------------------------------------------------------
def rss_mo() -> Decimal:
    """Resident memory now, from /proc/self/status (VmRSS, kB)."""
    with open("/proc/self/status", encoding="ascii") as flux:
        for ligne in flux:
            if ligne.startswith("VmRSS:"):
                return Decimal(ligne.split()[1]) / 1024
    import resource
    return Decimal(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def _memoire_dans_ce_processus(repertoire: Path, nombre: int) -> None:
    """RSS after the first dossiers, after a warm-up, and after ``nombre`` more (jsonl)."""
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = charger_base()
    options = Options("jsonl")
    noms = [str(c) for c in sorted(repertoire.glob("*.yaml"))][:400]
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
    print(json.dumps({"debut": str(debut), "avant": str(avant), "apres": str(rss_mo())}))


def mesurer_memoire(repertoire: Path, nombre: int) -> dict:
    sortie = subprocess.run([sys.executable, __file__, "--memoire-interne", str(repertoire), "--n", str(nombre)],
                            cwd=RACINE, capture_output=True, text=True, check=True)
    valeurs = {k: Decimal(v) for k, v in json.loads(sortie.stdout).items()}
    return dict(valeurs, evaluations=nombre, croissance=valeurs["apres"] - valeurs["avant"])


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


# -- 5. growth with the rules and the facts ----------------------------------------------
def base_generee(repertoire: Path, nombre: int) -> Path:
    """The bundled kb with ``nombre`` generated rules (one condition each) and nothing else."""
    for sous in ("kb", "schemas"):
        shutil.copytree(RACINE / sous, repertoire / sous)
    (repertoire / "rules").mkdir()
    lignes = ["domaine: gonfle", "titre: Règles générées", "regles:"]
    for i in range(nombre):
        lignes += [f"  - id: gonfle.r{i:03d}", f"    conclusion: gonfle.r{i:03d}", f"    titre: Règle générée {i}",
                   "    sujet: personne", "    fondements: [code-civil/220]", "    appreciation: null",
                   "    conditions:", "      - fait: personne.emploi.statut", f"        egal: {('cdi', 'cdd')[i % 2]}",
                   "        libelle: l'emploi est un CDI", "    explication:", "      applicable: oui",
                   "      non_applicable: non", "      a_verifier: à voir"]
    (repertoire / "rules" / "gonfle.yaml").write_text("\n".join(lignes) + "\n", encoding="utf-8")
    return repertoire


def _regles_dans_ce_processus(racine: Path) -> None:
    """Per-dossier time (jsonl and json) and RSS with the base under ``racine``."""
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    charger_base(racine)  # built, validated, compiled and cached
    debut = time.perf_counter()
    base = charger_base(racine)  # what every later run pays: read back from the cache
    chargement = time.perf_counter() - debut
    mesures = {"regles": len(base.regles), "variantes": len(json.loads(base.rulesets_json.complet)),
               "chargement_ms": 1000 * chargement}
    for format_ in ("jsonl", "json"):
        options = Options(format_)
        for _ in range(30):
            evaluer_un(str(EXEMPLE), base, options)
        cpu = time.process_time()
        for _ in range(200):
            evaluer_un(str(EXEMPLE), base, options)
        mesures[f"ms_{format_}"] = 1000 * (time.process_time() - cpu) / 200
    mesures["rss_mo"] = float(rss_mo())
    print(json.dumps(mesures))


def mesurer_regles(tailles: tuple[int, ...], essais: int) -> list[dict]:
    lignes = []
    for nombre in tailles:
        with tempfile.TemporaryDirectory(prefix=f"lexfoyer-bench-{nombre}-") as temporaire:
            racine = base_generee(Path(temporaire) / "base", nombre)
            env = dict(os.environ, LEXFOYER_CACHE=str(Path(temporaire) / "cache"))
            sortie = subprocess.run([sys.executable, __file__, "--regles-interne", str(racine)], env=env,
                                    cwd=RACINE, capture_output=True, text=True, check=True)
            mesures = json.loads(sortie.stdout.splitlines()[-1])
            mesures.update(froid=mesurer_demarrage(essais, racine))
            lignes.append(mesures)
    return lignes


def dossier_de_taille(extra: int) -> str:
    """The example with ``extra`` more children and ``extra`` more loans (a fact each)."""
    from lexfoyer.lecture.yamlsur import charger_fichier
    donnees = charger_fichier(EXEMPLE).donnees
    enfant, pret = donnees["enfants"][0], donnees["prets"][0]
    donnees["enfants"] = donnees["enfants"] + [dict(enfant, prenom=f"Enfant{i}", age=i % 17) for i in range(extra)]
    donnees["prets"] = donnees["prets"] + [dict(pret, id=f"p{i + 2}") for i in range(extra)]
    return _yaml(donnees)


def mesurer_faits(extras: tuple[int, ...]) -> list[dict]:
    from lexfoyer.cas.dossier import dossier_depuis_texte
    from lexfoyer.cas.faits import construire_faits
    from lexfoyer.droit.base import charger_base
    from lexfoyer.flux.lot import Options, evaluer_un

    base = charger_base()
    lignes = []
    with tempfile.TemporaryDirectory(prefix="lexfoyer-bench-faits-") as temporaire:
        for extra in extras:
            texte = dossier_de_taille(extra)
            chemin = Path(temporaire) / f"faits-{extra}.yaml"
            chemin.write_text(texte, encoding="utf-8")
            dossier = dossier_depuis_texte(texte, str(chemin))
            mesures = {"faits": len(construire_faits(dossier.donnees, dossier.date_reference).liste)}
            for format_ in ("jsonl", "json"):
                options = Options(format_)
                for _ in range(10):
                    resultat = evaluer_un(str(chemin), base, options)
                    if not resultat.valide:
                        raise SystemExit(f"{chemin} : {resultat.problemes or resultat.erreur_moteur}")
                cpu, fait = time.process_time(), 0
                while time.process_time() - cpu < 1.5:
                    evaluer_un(str(chemin), base, options)
                    fait += 1
                mesures[f"ms_{format_}"] = 1000 * (time.process_time() - cpu) / fait
            lignes.append(mesures)
    return lignes


# -- report -----------------------------------------------------------------------------
def _v(valeur, decimales: int = 2) -> str:
    texte = str(Decimal(str(valeur)).quantize(Decimal(1).scaleb(-decimales), ROUND_HALF_UP))
    return texte.replace(".", ",")


def _ligne(mesure: str, valeur: str, cible: str, reussi: bool | None) -> str:
    etat = "" if reussi is None else ("oui" if reussi else "**non**")
    return f"| {mesure} | {valeur} | {cible} | {etat} |"


def _charge() -> str:
    try:
        return " ".join(_v(x) for x in os.getloadavg())
    except OSError:
        return "inconnue"


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description="Mesures de performance de lexfoyer (à la demande).")
    parseur.add_argument("--n", type=int, default=100_000, help="évaluations pour la mesure de mémoire")
    parseur.add_argument("--essais", type=int, default=30, help="lancements à froid (on garde le meilleur)")
    parseur.add_argument("--duree", type=float, default=10.0, help="secondes CPU de mesure de chaque débit")
    parseur.add_argument("--corpus", type=int, default=2000, help="dossiers du corpus généré (--jobs)")
    parseur.add_argument("--regles", type=int, nargs="*", default=list(TAILLES_BASE), help="tailles de base générées")
    parseur.add_argument("--profil", choices=["jsonl", "json"], help="profiler le chemin chaud (cProfile)")
    parseur.add_argument("--contre", metavar="REVISION",
                         help="comparer seulement le débit à chaud du code de cette révision git au code actuel "
                              "(même corpus, même base : celle d'aujourd'hui)")
    parseur.add_argument("--debit-interne", nargs=3, help=argparse.SUPPRESS)
    parseur.add_argument("--memoire-interne", type=Path, help=argparse.SUPPRESS)
    parseur.add_argument("--regles-interne", type=Path, help=argparse.SUPPRESS)
    args = parseur.parse_args(arguments)
    if args.memoire_interne:
        _memoire_dans_ce_processus(args.memoire_interne, args.n)
        return 0
    if args.regles_interne:
        _regles_dans_ce_processus(args.regles_interne)
        return 0
    if args.debit_interne:
        repertoire, format_, duree = args.debit_interne
        _debit_dans_ce_processus(Path(repertoire), format_, float(duree))
        return 0

    charge_avant = _charge()
    with tempfile.TemporaryDirectory(prefix="lexfoyer-bench-") as temporaire:
        repertoire = Path(temporaire) / "corpus"
        chemins = generer_corpus(repertoire, args.corpus)
        if args.profil:
            profiler(chemins, args.profil)
            return 0
        if args.contre:
            for format_, m in mesurer_contre(args.contre, repertoire, args.duree).items():
                print(f"| Débit à chaud `--format {format_}`, code de {args.contre} → code actuel (même base, même corpus) "
                      f"| {_v(m['avant'], 0)} → {_v(m['maintenant'], 0)} dossiers/s = {_v(m['rapport'])} × |")
            return 0
        print(f"corpus : {len(chemins)} dossiers générés ; charge avant : {charge_avant}", file=sys.stderr)
        demarrage = mesurer_demarrage(args.essais)
        debit = mesurer_debit(chemins, args.duree, "jsonl")
        debit_chaine = mesurer_debit(chemins, args.duree, "json")
        acceleration = mesurer_acceleration(chemins)
        memoire = mesurer_memoire(repertoire, args.n)
        regles = mesurer_regles(tuple(args.regles), max(3, args.essais // 3))
        faits = mesurer_faits((0, 4, 9, 19))
        shutil.rmtree(repertoire, ignore_errors=True)

    from lexfoyer.droit.base import charger_base
    base = charger_base()
    variantes = len(json.loads(base.rulesets_json.complet))
    ratio = Decimal(str(demarrage["ratio"]))
    lignes = [
        f"Mesures du {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} cœurs, Python {sys.version.split()[0]}, "
        f"base de {len(base.regles)} règles compilées en {variantes} règles durable_rules ; "
        f"charge moyenne avant / après : {charge_avant} / {_charge()}) :",
        "",
        "| Mesure | Valeur | Cible | Atteinte |",
        "|---|---|---|---|",
        _ligne(f"`lexfoyer evaluate` d'un exemple à froid / `python -c \"{IMPORTS_REFERENCE}\"` (meilleur de {args.essais})",
               f"{_v(demarrage['evaluer'] * 1000, 0)} ms / {_v(demarrage['importer'] * 1000, 0)} ms = {_v(ratio)} ×",
               f"≤ {_v(CIBLE_DEMARRAGE, 1)} ×", ratio <= CIBLE_DEMARRAGE),
        _ligne("Débit à chaud par cœur, `--format jsonl` (lecture, validation, moteur sans observations, rapport, ligne)",
               f"{_v(debit['debit'], 0)} dossiers/s ({_v(debit['ms'])} ms CPU ; {_v(debit['debit_mur'], 0)}/s au mur)",
               f"≥ {CIBLE_DEBIT}", debit["debit"] >= CIBLE_DEBIT),
        _ligne("Débit à chaud par cœur, `--format json` avec la chaîne de raisonnement complète",
               f"{_v(debit_chaine['debit'], 0)} dossiers/s ({_v(debit_chaine['ms'])} ms CPU ; "
               f"{_v(debit_chaine['debit_mur'], 0)}/s au mur)", f"≥ {CIBLE_DEBIT_CHAINE}",
               debit_chaine["debit"] >= CIBLE_DEBIT_CHAINE),
        _ligne(f"Croissance de la mémoire sur {memoire['evaluations']:,} évaluations jsonl".replace(",", " ")
               + f" (après {ECHAUFFEMENT_MEMOIRE:,} d'échauffement ; ".replace(",", " ")
               + f"{_v(memoire['debut'], 0)} Mo après un tour, {_v(memoire['avant'], 0)} Mo ensuite)",
               f"{_v(memoire['croissance'], 1)} Mo", f"≤ {CIBLE_MEMOIRE_MO} Mo", memoire["croissance"] <= CIBLE_MEMOIRE_MO),
        _ligne(f"`--jobs 2` / `--jobs 1`, {acceleration['dossiers']} dossiers générés (démarrage des processus compris"
               + (", sorties identiques)" if acceleration["identique"] else ", SORTIES DIFFÉRENTES)"),
               f"{_v(acceleration['jobs1'])} s / {_v(acceleration['jobs2'])} s = {_v(acceleration['acceleration'])} ×",
               f"≥ {_v(CIBLE_ACCELERATION, 1)} ×",
               Decimal(str(acceleration["acceleration"])) >= CIBLE_ACCELERATION and acceleration["identique"]),
        "",
        "Croissance avec le nombre de règles (bases générées : le kb livré et N règles d'une condition ; "
        "temps par dossier en CPU, l'exemple `desolidarisation-refusee-divorce`) :",
        "",
        "| Règles (variantes durable_rules) | À froid / plancher | Chargement (cache) | ms/dossier jsonl | ms/dossier json | RSS |",
        "|---|---|---|---|---|---|",
    ]
    for m in regles:
        lignes.append(f"| {m['regles']} ({m['variantes']}) | {_v(m['froid']['ratio'])} × | {_v(m['chargement_ms'], 0)} ms "
                      f"| {_v(m['ms_jsonl'])} | {_v(m['ms_json'])} | {_v(m['rss_mo'], 0)} Mo |")
    lignes += ["", "Croissance avec le nombre de faits par dossier (l'exemple, plus k enfants et k prêts ; base livrée) :", "",
               "| Faits | ms/dossier jsonl | ms/dossier json |", "|---|---|---|"]
    for m in faits:
        lignes.append(f"| {m['faits']} | {_v(m['ms_jsonl'])} | {_v(m['ms_json'])} |")
    print("\n".join(lignes))
    return 0 if acceleration["identique"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
