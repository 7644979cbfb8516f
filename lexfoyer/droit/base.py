"""Load the knowledge base and the rules, validate them, and cache the result.

Every file is validated against its schema on every load that reads it; the result is
cached (pickle keyed by the SHA-256 of every kb/rules file, every schema and the engine's
own code), so a lawyer's edit is always seen and an unchanged base costs almost nothing
to load. The same hash is the report's ``base.empreinte`` and names the compiled ruleset.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from lexfoyer import __version__
from lexfoyer.lecture.chemins import dossier_schemas, racine_donnees
from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme
from lexfoyer.droit.kb import Disposition, Parametre, disposition_depuis, parametre_depuis
from lexfoyer.droit.regles import (OPERATEURS, RELATIONS, SECTIONS_DOSSIER, Regle, Test,
                     regle_depuis)
from lexfoyer.lecture.schemas import valider
from lexfoyer.cas.vocabulaire import genre_attribut
from lexfoyer.lecture.yamlsur import TAILLE_MAX_KB, DocumentYaml, charger_texte, lire_texte

_PAQUET = Path(__file__).resolve().parent.parent


@dataclass
class Base:
    """Provisions, parameters and rules, checked together."""

    racine: str
    empreinte: str
    dispositions: dict[str, Disposition]
    parametres: dict[str, Parametre]
    regles: dict[str, Regle]
    alias: dict[str, list[str]] = field(default_factory=dict)
    ruleset: dict | None = None
    domaines: dict[str, str] = field(default_factory=dict)  # rule file's domaine -> its titre
    # read once when the base is built (then cached): importlib.metadata costs ~15 ms per run
    version_durable_rules: str = "inconnue"

    def disposition(self, ident: str) -> list[Disposition]:
        """A provision by its id or by any number it had (old numbers are aliases)."""
        if ident in self.dispositions:
            return [self.dispositions[ident]]
        return [self.dispositions[i] for i in self.alias.get(ident, [])]

    def regle_de(self, conclusion: str) -> Regle | None:
        return next((r for r in self.regles.values() if r.conclusion == conclusion), None)


def _version_durable_rules() -> str:
    from importlib import metadata
    try:
        return metadata.version("durable-rules")
    except metadata.PackageNotFoundError:
        return "inconnue"


def _fichiers(racine: Path) -> list[tuple[str, Path]]:
    fichiers = []
    for sous in ("kb/dispositions", "kb/parametres", "rules"):
        dossier = racine / sous
        if dossier.is_dir():
            fichiers += [(f"{sous}/{p.name}", p) for p in sorted(dossier.glob("*.yaml"))]
    return fichiers


def _hash_code() -> str:
    h = hashlib.sha256(__version__.encode())
    for p in sorted(_PAQUET.rglob("*.py")):
        h.update(p.read_bytes())
    for p in sorted(dossier_schemas().glob("*.json")):
        h.update(p.read_bytes())
    return h.hexdigest()


def empreinte_de(contenus: list[tuple[str, bytes]]) -> str:
    """SHA-256 of the kb and rules content (names and bytes), the base's identity."""
    h = hashlib.sha256()
    for nom, brut in contenus:
        h.update(nom.encode() + b"\0" + hashlib.sha256(brut).digest())
    return h.hexdigest()


def _dossier_cache() -> Path | None:
    env = os.environ.get("LEXFOYER_CACHE")
    if env == "0":
        return None
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lexfoyer"
    return base


def charger_base(racine: Path | str | None = None, cache: bool = True) -> Base:
    """Load, validate and compile ``kb/`` and ``rules/`` under ``racine``."""
    racine = Path(racine) if racine else racine_donnees()
    fichiers = _fichiers(racine)
    if not any(nom.startswith("rules/") for nom, _ in fichiers):
        raise ErreurDonnees([Probleme(str(racine), 1, 1, "", "aucune règle trouvée (dossiers kb/ et rules/ attendus)")])
    contenus = [(nom, chemin.read_bytes()) for nom, chemin in fichiers]
    empreinte = empreinte_de(contenus)
    cle = hashlib.sha256((empreinte + _hash_code()).encode()).hexdigest()[:32]
    dossier = _dossier_cache() if cache else None
    if dossier is not None:
        fichier_cache = dossier / f"base-{cle}.pickle"
        try:
            with fichier_cache.open("rb") as flux:
                base = pickle.load(flux)
            base.racine = str(racine)
            return base
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            pass
    base = _construire(racine, contenus, empreinte)
    from lexfoyer.moteur.compilateur import compiler
    base.ruleset = compiler(base)
    if dossier is not None:
        try:
            dossier.mkdir(parents=True, exist_ok=True)
            temporaire = dossier / f".base-{cle}.{os.getpid()}.tmp"
            with temporaire.open("wb") as flux:
                pickle.dump(base, flux, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporaire, fichier_cache)
        except OSError:
            pass  # a read-only home only costs speed
    return base


def _lire(nom: str, brut: bytes, racine: Path) -> DocumentYaml:
    affichage = str(racine / nom) if os.environ.get("LEXFOYER_CHEMINS_ABSOLUS") else nom
    return charger_texte(lire_texte(brut, affichage, TAILLE_MAX_KB), affichage)


def _construire(racine: Path, contenus: list[tuple[str, bytes]], empreinte: str) -> Base:
    problemes: list[Probleme] = []
    dispositions: dict[str, Disposition] = {}
    parametres: dict[str, Parametre] = {}
    regles: dict[str, Regle] = {}
    docs_regles: dict[str, DocumentYaml] = {}
    domaines: dict[str, str] = {}
    for nom, brut in contenus:
        try:
            doc = _lire(nom, brut, racine)
        except ErreurDonnees as exc:
            problemes += exc.problemes
            continue
        genre = "dispositions" if nom.startswith("kb/dispositions") else (
            "parametre" if nom.startswith("kb/parametres") else "regles")
        erreurs = valider(doc, genre)
        if erreurs:
            problemes += erreurs
            continue
        if genre == "dispositions":
            for i, d in enumerate(doc.donnees["dispositions"]):
                if not d["id"].startswith(doc.donnees["code"] + "/"):
                    problemes.append(doc.probleme(("dispositions", i, "id"), f"l'identifiant doit commencer par « {doc.donnees['code']}/ »"))
                if d["id"] in dispositions:
                    problemes.append(doc.probleme(("dispositions", i, "id"), f"disposition « {d['id']} » déjà définie dans {dispositions[d['id']].fichier}"))
                    continue
                dispositions[d["id"]] = disposition_depuis(d, doc.fichier, doc.position(("dispositions", i)))
        elif genre == "parametre":
            ident = doc.donnees["id"]
            if Path(nom).stem != ident:
                problemes.append(doc.probleme(("id",), f"le fichier doit s'appeler « {ident}.yaml »"))
            if ident in parametres:
                problemes.append(doc.probleme(("id",), f"paramètre « {ident} » déjà défini"))
                continue
            parametres[ident] = parametre_depuis(doc.donnees, doc.fichier, doc.position(()))
        else:
            for i, r in enumerate(doc.donnees["regles"]):
                if r["id"] in regles:
                    problemes.append(doc.probleme(("regles", i, "id"), f"règle « {r['id']} » déjà définie dans {regles[r['id']].fichier}"))
                    continue
                regle = regle_depuis(r, doc.donnees["domaine"], doc.fichier, doc.position(("regles", i)))
                regles[regle.id] = regle
                docs_regles[regle.id] = doc
            domaines[doc.donnees["domaine"]] = doc.donnees["titre"]
    alias: dict[str, list[str]] = {}
    for d in dispositions.values():
        for a in d.alias():
            if a != d.id:
                alias.setdefault(a, []).append(d.id)
    base = Base(str(racine), empreinte, dispositions, parametres, regles, alias, domaines=dict(sorted(domaines.items())),
                version_durable_rules=_version_durable_rules())
    for ident, p in parametres.items():
        for f in p.fondements:
            if f not in dispositions:
                problemes.append(Probleme(p.fichier, p.position[0], p.position[1], "fondements", f"la disposition « {f} » n'existe pas dans kb/"))
    problemes += verifier_regles(base, docs_regles)
    if problemes:
        raise ErreurDonnees(problemes)
    return base


def verifier_regles(base: Base, docs: dict[str, DocumentYaml]) -> list[Probleme]:
    """Cross-checks a schema cannot express; each would make a rule silently wrong."""
    from lexfoyer.calculs.registre import FONCTIONS

    problemes: list[Probleme] = []
    conclusions: dict[str, str] = {}
    regles = list(base.regles.values())
    for regle in regles:
        doc = docs.get(regle.id)
        i = [k for k, r in enumerate(doc.donnees["regles"]) if r["id"] == regle.id][0] if doc else 0

        def pb(chemin: tuple, message: str) -> None:
            if doc:
                problemes.append(doc.probleme(("regles", i) + chemin, message))
            else:
                problemes.append(Probleme(regle.fichier, *regle.position, regle.id, message))

        if regle.conclusion in conclusions:
            pb(("conclusion",), f"la conclusion « {regle.conclusion} » est déjà produite par la règle « {conclusions[regle.conclusion]} »")
        conclusions[regle.conclusion] = regle.id
        for k, f in enumerate(regle.fondements):
            if f not in base.dispositions:
                pb(("fondements", k), f"la disposition « {f} » n'existe pas dans kb/")
        for alias_p, ident in regle.parametres.items():
            if ident not in base.parametres:
                pb(("parametres", alias_p), f"le paramètre « {ident} » n'existe pas dans kb/parametres")
        if regle.calcul and regle.calcul["fonction"] not in FONCTIONS:
            pb(("calcul", "fonction"), f"fonction de calcul inconnue « {regle.calcul['fonction']} » (connues : {', '.join(sorted(FONCTIONS))})")
        elif regle.calcul:
            sorties = FONCTIONS[regle.calcul["fonction"]].sorties
            for champ in ("montants", "delais"):
                for k, nom in enumerate(regle.calcul.get(champ, [])):
                    if nom not in sorties:
                        pb(("calcul", champ, k), f"le calcul « {regle.calcul['fonction']} » ne produit pas « {nom} » (produit : {', '.join(sorted(sorties))})")
        date_ok = _verifier_chemin(regle, regle.date, "date")
        if date_ok:
            pb(("date",), date_ok)
        for k, test in enumerate(regle.portee):
            for message in _verifier_test(regle, test):
                pb(("portee", k), message)
        for k, cond in enumerate(regle.conditions):
            if cond.conclusion:
                if cond.conclusion not in [r.conclusion for r in regles]:
                    pb(("conditions", k, "conclusion"), f"aucune règle ne produit la conclusion « {cond.conclusion} »")
                else:
                    autre = base.regle_de(cond.conclusion)
                    if autre.sujet not in ("dossier", regle.sujet):
                        pb(("conditions", k, "conclusion"), f"la conclusion « {cond.conclusion} » porte sur « {autre.sujet} », pas sur « {regle.sujet} »")
                continue
            racines = set()
            for j, test in enumerate(cond.tests):
                chemin = ("conditions", k) + (("une_de", j) if cond.une_de else ())
                for message in _verifier_test(regle, test):
                    pb(chemin, message)
                racines.add(_alias_de(regle, test.fait))
            if cond.une_de and len(racines) > 1:
                pb(("conditions", k, "une_de"), "les tests d'un groupe « une_de » doivent porter sur le même fait (sujet, dossier ou calcul)")
    problemes += _verifier_cycles(base)
    return problemes


def _alias_de(regle: Regle, fait: str) -> str:
    racine = fait.split(".", 1)[0]
    if racine == "calcul":
        return "calcul"
    if racine in SECTIONS_DOSSIER:
        return "dossier"
    return "sujet"


def _verifier_chemin(regle: Regle, fait: str, usage: str) -> str | None:
    morceaux = tuple(fait.split("."))
    racine = morceaux[0]
    if racine == "calcul":
        if not regle.calcul and not regle.parametres:
            return f"« {fait} » : la règle n'a pas de calcul"
        from lexfoyer.calculs.registre import FONCTIONS
        fonction = FONCTIONS.get(regle.calcul["fonction"]) if regle.calcul else None
        if fonction and len(morceaux) == 2 and morceaux[1] in fonction.sorties:
            return None
        return f"« {fait} » : le calcul ne produit pas « {'.'.join(morceaux[1:])} »"
    if racine in SECTIONS_DOSSIER:
        sujet, chemin = "dossier", morceaux
    elif racine == regle.sujet:
        sujet, chemin = regle.sujet, morceaux[1:]
    elif racine in RELATIONS.get(regle.sujet, ()):
        sujet, chemin = racine, morceaux[1:]
    else:
        return f"« {fait} » : « {racine} » n'est ni le sujet de la règle ({regle.sujet}), ni une section du dossier"
    if genre_attribut(sujet, chemin) is None:
        return f"« {fait} » n'est pas un fait connu du dossier"
    if usage == "date" and genre_attribut(sujet, chemin) != "date":
        return f"« {fait} » n'est pas une date"
    return None


def _verifier_test(regle: Regle, test: Test) -> list[str]:
    messages = []
    erreur = _verifier_chemin(regle, test.fait, "test")
    if erreur:
        messages.append(erreur)
    if not test.operateur:
        messages.append(f"aucun opérateur ({', '.join(OPERATEURS)})")
    if isinstance(test.valeur, dict) and "parametre" in test.valeur:
        if test.valeur["parametre"] not in regle.parametres:
            messages.append(f"paramètre « {test.valeur['parametre']} » non déclaré dans « parametres » de la règle")
        elif test.fait.split(".", 1)[0] != "calcul":
            messages.append("une comparaison à un paramètre ne se fait que sur un fait « calcul. »")
    if test.operateur.startswith("depuis") and not erreur:
        racine = test.fait.split(".", 1)[0]
        if racine == "calcul":
            messages.append("« depuis_… » porte sur une date du dossier")
    return messages


def _verifier_cycles(base: Base) -> list[Probleme]:
    graphe = {r.conclusion: [c.conclusion for c in r.conditions if c.conclusion] for r in base.regles.values()}
    problemes, etat = [], {}

    def visiter(n: str, pile: list[str]) -> None:
        if etat.get(n) == 2:
            return
        if etat.get(n) == 1:
            r = base.regle_de(n)
            problemes.append(Probleme(r.fichier, *r.position, r.id, f"dépendance circulaire : {' → '.join(pile + [n])}"))
            return
        etat[n] = 1
        for m in graphe.get(n, []):
            visiter(m, pile + [n])
        etat[n] = 2

    for n in sorted(graphe):
        visiter(n, [])
    return problemes
