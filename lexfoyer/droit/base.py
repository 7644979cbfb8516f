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
from lexfoyer.droit.notions import Notion, notion_depuis
from lexfoyer.droit.presomptions import Presomption, presomption_depuis
from lexfoyer.droit.verification import verifier_notions, verifier_presomptions, verifier_regles
from lexfoyer.droit.kb import Disposition, Parametre, disposition_depuis, parametre_depuis
from lexfoyer.droit.regles import Regle, regle_depuis
from lexfoyer.lecture.schemas import valider
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
    # rule file's domaine -> its ``pertinence`` block (when the domain matters to a dossier)
    pertinences: dict[str, dict] = field(default_factory=dict)
    # read once when the base is built (then cached): importlib.metadata costs ~15 ms per run
    version_durable_rules: str = "inconnue"
    notions: dict[str, Notion] = field(default_factory=dict)  # kb/notions: derived values
    presomptions: tuple[Presomption, ...] = ()  # kb/presomptions: what the law presumes

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


#: which schema (and loader) each kb/rules folder goes through
_GENRES = (("kb/dispositions", "dispositions"), ("kb/parametres", "parametre"), ("kb/notions", "notions"),
           ("kb/presomptions", "presomptions"))


def _fichiers(racine: Path) -> list[tuple[str, Path]]:
    fichiers = []
    for sous in ("kb/dispositions", "kb/parametres", "kb/notions", "kb/presomptions", "rules"):
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
    notions: dict[str, Notion] = {}
    presomptions: list[Presomption] = []
    docs_regles: dict[str, DocumentYaml] = {}
    domaines: dict[str, str] = {}
    pertinences: dict[str, dict] = {}
    for nom, brut in contenus:
        try:
            doc = _lire(nom, brut, racine)
        except ErreurDonnees as exc:
            problemes += exc.problemes
            continue
        genre = next((g for prefixe, g in _GENRES if nom.startswith(prefixe)), "regles")
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
        elif genre == "notions":
            for i, n in enumerate(doc.donnees["notions"]):
                if n["id"] in notions:
                    problemes.append(doc.probleme(("notions", i, "id"), f"notion « {n['id']} » déjà définie dans {notions[n['id']].fichier}"))
                    continue
                notions[n["id"]] = notion_depuis(n, doc.fichier, doc.position(("notions", i)))
        elif genre == "presomptions":
            for i, pr in enumerate(doc.donnees["presomptions"]):
                if pr["id"] in {x.id for x in presomptions}:
                    problemes.append(doc.probleme(("presomptions", i, "id"), f"présomption « {pr['id']} » déjà définie"))
                    continue
                presomptions.append(presomption_depuis(pr, doc.fichier, doc.position(("presomptions", i))))
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
            pertinences[doc.donnees["domaine"]] = doc.donnees.get("pertinence") or {}
    alias: dict[str, list[str]] = {}
    for d in dispositions.values():
        for a in d.alias():
            if a != d.id:
                alias.setdefault(a, []).append(d.id)
    base = Base(str(racine), empreinte, dispositions, parametres, regles, alias, domaines=dict(sorted(domaines.items())),
                pertinences=dict(sorted(pertinences.items())),
                version_durable_rules=_version_durable_rules(), notions=dict(sorted(notions.items())),
                presomptions=tuple(sorted(presomptions, key=lambda x: x.id)))
    for ident, p in parametres.items():
        for f in p.fondements:
            if f not in dispositions:
                problemes.append(Probleme(p.fichier, p.position[0], p.position[1], "fondements", f"la disposition « {f} » n'existe pas dans kb/"))
    problemes += verifier_notions(base) + verifier_presomptions(base)
    problemes += verifier_regles(base, docs_regles)
    if problemes:
        raise ErreurDonnees(problemes)
    return base
