"""Load the knowledge base and the rules, validate them, and cache the result.

Every file is validated against its schema on every load that reads it; the result is
cached as plain data, verified on every read (:mod:`lexfoyer.droit.cache`: keyed by the
SHA-256 of every kb/rules file, every schema and the engine's own code, each section
checked against its own hash), so a lawyer's edit is always seen, a damaged cache is
rebuilt, and an unchanged base costs almost nothing to load. The kb/rules hash is the
report's ``base.empreinte`` and names the compiled ruleset. The compiled rulesets are
cached too, as the very JSON text durable_rules' C engine reads (:class:`RulesetsJson`).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from lexfoyer import __version__
from lexfoyer.droit import cache as _cache
from lexfoyer.lecture.chemins import dossier_schemas, racine_donnees
from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme
from lexfoyer.droit.notions import Notion, notion_depuis
from lexfoyer.droit.presomptions import Presomption, presomption_depuis
from lexfoyer.droit.verification import verifier_notions, verifier_presomptions, verifier_regles
from lexfoyer.droit.kb import Disposition, Parametre, disposition_depuis, parametre_depuis
from lexfoyer.droit.regles import Regle, regle_depuis
from lexfoyer.lecture.schemas import valider
from lexfoyer.lecture.yamlsur import TAILLE_MAX_KB, DocumentYaml, charger_texte, lire_texte

_PAQUET = Path(__file__).resolve().parent.parent


@enregistrement
class RulesetsJson:
    """The compiled base as durable_rules' C engine reads it, made once and cached.

    ``complet`` is exactly the text ``durable.engine.Ruleset`` would send for the
    compiled ruleset (its ``run`` keys removed); ``allege`` the same without the
    observation rules (:func:`est_observation`), for outputs without the chain of
    reasoning; ``aliases`` each rule's pattern aliases, in order (what its action gets);
    ``attributs`` the fact attributes the engine is given.
    """

    complet: str
    allege: str
    aliases: dict[str, list[str]]
    attributs: list[str]  # the fact attributes some rule reads (compilateur.attributs_testes)


def est_observation(nom: str) -> bool:
    """``<règle>__obs__vrai__<i>``: rules that only record a value (« faux » is recorded by
    ``non__<i>``, « inconnu » is what is not observed)."""
    return nom.split("__", 1)[-1].startswith("obs__")


def rulesets_de(ruleset: dict) -> RulesetsJson:
    """The C engine's texts of a compiled ruleset ``{nom: {règle: définition}}``."""
    from lexfoyer.moteur.motifs import aliases_de, attributs_testes
    ((_nom, regles),) = ruleset.items()
    sans_run = {n: {k: v for k, v in d.items() if k != "run"} for n, d in regles.items()}
    compact = {"ensure_ascii": False, "separators": (",", ":")}  # what the C engine parses: no spaces
    return RulesetsJson(
        complet=json.dumps(sans_run, **compact),
        allege=json.dumps({n: d for n, d in sans_run.items() if not est_observation(n)}, **compact),
        aliases={n: aliases_de(d) for n, d in regles.items()},
        attributs=attributs_testes(regles))


@enregistrement
class Base:
    """Provisions, parameters and rules, checked together.

    ``ruleset`` (the compiled rules as a dict) is not kept in the cache: a base read from
    it compiles it again on first access, which only tests and tools do; the engine
    runs from :attr:`rulesets_json`.
    """


    racine: str
    empreinte: str
    dispositions: dict[str, Disposition]
    parametres: dict[str, Parametre]
    regles: dict[str, Regle]
    alias: dict[str, list[str]] = champ(default_factory=dict)
    ruleset: dict | None = champ(default_factory=lambda: None)  # (no class attribute: see __getattr__)
    domaines: dict[str, str] = champ(default_factory=dict)  # rule file's domaine -> its titre
    # rule file's domaine -> its ``pertinence`` block (when the domain matters to a dossier)
    pertinences: dict[str, dict] = champ(default_factory=dict)
    # read once when the base is built (then cached): importlib.metadata costs ~15 ms per run
    version_durable_rules: str = "inconnue"
    notions: dict[str, Notion] = champ(default_factory=dict)  # kb/notions: derived values
    presomptions: tuple[Presomption, ...] = ()  # kb/presomptions: what the law presumes
    rulesets_json: RulesetsJson | None = None

    def __getattr__(self, nom: str):
        if nom == "ruleset" and "regles" in self.__dict__:  # a base read from the cache
            from lexfoyer.moteur.compilateur import compiler
            self.ruleset = compiler(self)
            return self.ruleset
        raise AttributeError(nom)

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
        try:
            noms = sorted(e.name for e in os.scandir(dossier) if e.name.endswith(".yaml"))
        except (FileNotFoundError, NotADirectoryError):
            continue
        fichiers += [(f"{sous}/{n}", dossier / n) for n in noms]
    return fichiers


def _fichiers_code() -> list[Path]:
    """The package's own code (symbolic links not followed, as ``rglob`` did) and schemas."""
    code = []
    for dossier, sous, noms in os.walk(_PAQUET):
        sous[:] = sorted(d for d in sous if d != "__pycache__")
        code += [Path(dossier, n) for n in noms if n.endswith(".py")]
    schemas = dossier_schemas()
    return sorted(code) + sorted(schemas / n for n in os.listdir(schemas) if n.endswith(".json"))


def _hash_code(fichiers: list[Path] | None = None) -> str:
    import hashlib  # (not on a cold start that finds its base in the cache: OpenSSL costs 3 ms)
    h = hashlib.sha256(f"{__version__}\0{_cache.FORMAT}\0{sys.version}".encode())
    for p in fichiers if fichiers is not None else _fichiers_code():
        h.update(p.read_bytes())
    return h.hexdigest()


def empreinte_de(contenus: list[tuple[str, bytes]]) -> str:
    """SHA-256 of the kb and rules content (names and bytes), the base's identity."""
    import hashlib
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
    dossier = _dossier_cache() if cache else None
    code = _fichiers_code()
    lus: list = []

    def cle_calculee() -> str:
        lus[:] = [(nom, chemin.read_bytes()) for nom, chemin in fichiers]
        return _cle(empreinte_de(lus), _hash_code(code))

    if dossier is not None:
        cle = _cache.cle_par_index(dossier, [p for _, p in fichiers] + code, cle_calculee)
        fichier_cache = dossier / f"base-{cle[:32]}.json"
        try:
            base = _depuis_cache(fichier_cache, cle)
            base.racine = str(racine)
            return base
        except _cache.CacheInvalide:
            pass  # absent, damaged, tampered with or built from other sources: rebuilt below
    contenus = [(nom, chemin.read_bytes()) for nom, chemin in fichiers]
    empreinte = empreinte_de(contenus)
    base = _construire(racine, contenus, empreinte)
    from lexfoyer.moteur.compilateur import compiler
    base.ruleset = compiler(base)
    base.rulesets_json = rulesets_de(base.ruleset)
    if dossier is not None:
        cle = _cle(empreinte, _hash_code(code))  # what was read, even if a file changed meanwhile
        try:
            fichier_cache = dossier / f"base-{cle[:32]}.json"
            _cache.ecrire(fichier_cache, cle, _en_sections(base))
            _cache.elaguer(dossier, fichier_cache)
        except (OSError, TypeError):
            pass  # a read-only home only costs speed; a value the cache cannot hold, too
    return base


def _cle(empreinte: str, code: str) -> str:
    import hashlib
    return hashlib.sha256(f"{empreinte}\0{code}".encode()).hexdigest()


def _en_sections(base: Base) -> list[bytes]:
    etat = {k: v for k, v in vars(base).items() if k not in ("ruleset", "rulesets_json")}
    rulesets = base.rulesets_json
    donnees = {"base": _cache.en_donnees(etat), "aliases": rulesets.aliases, "attributs": rulesets.attributs}
    return [json.dumps(donnees, ensure_ascii=False, separators=(",", ":")).encode(),
            rulesets.complet.encode(), rulesets.allege.encode()]


def _depuis_cache(chemin: Path, cle: str) -> Base:
    sections = _cache.lire(chemin, cle)
    if len(sections) != 3:
        raise _cache.CacheInvalide("sections manquantes")
    donnees = _cache.depuis_donnees(sections[0])
    try:
        etat, aliases, attributs = donnees["base"], donnees["aliases"], donnees["attributs"]
        textes = RulesetsJson(sections[1].decode(), sections[2].decode(), aliases, attributs)
    except (TypeError, KeyError, UnicodeDecodeError) as exc:
        raise _cache.CacheInvalide(f"contenu illisible ({exc.__class__.__name__})") from None
    if not isinstance(etat, dict) or not isinstance(aliases, dict) or not isinstance(attributs, list) \
            or not all(isinstance(a, str) for a in attributs):
        raise _cache.CacheInvalide("contenu illisible")
    base = Base.__new__(Base)
    base.__dict__.update(etat)
    base.rulesets_json = textes
    return base


def rulesets_json(base: Base) -> RulesetsJson:
    """The engine's texts of ``base``: cached with it, or made now from ``base.ruleset``."""
    if base.rulesets_json is None:
        base.rulesets_json = rulesets_de(base.ruleset)
    return base.rulesets_json


def _lire(nom: str, brut: bytes, racine: Path) -> DocumentYaml:
    affichage = str(racine / nom) if os.environ.get("LEXFOYER_CHEMINS_ABSOLUS") else nom
    return charger_texte(lire_texte(brut, affichage, TAILLE_MAX_KB), affichage)


def _entrees(doc: DocumentYaml, cle: str, nom: str, connues: dict, depuis) -> list[Probleme]:
    """Read the entries of ``doc[cle]`` into ``connues`` (by id); an id defined twice is refused."""
    problemes = []
    for i, donnees in enumerate(doc.donnees[cle]):
        ident = donnees["id"]
        if ident in connues:
            problemes.append(doc.probleme((cle, i, "id"), f"{nom} « {ident} » déjà définie dans {connues[ident].fichier}"))
            continue
        connues[ident] = depuis(donnees, doc.fichier, doc.position((cle, i)))
    return problemes


def _construire(racine: Path, contenus: list[tuple[str, bytes]], empreinte: str) -> Base:
    problemes: list[Probleme] = []
    dispositions: dict[str, Disposition] = {}
    parametres: dict[str, Parametre] = {}
    regles: dict[str, Regle] = {}
    notions: dict[str, Notion] = {}
    presomptions: dict[str, Presomption] = {}
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
            problemes += _entrees(doc, "dispositions", "disposition", dispositions, disposition_depuis)
        elif genre == "notions":
            problemes += _entrees(doc, "notions", "notion", notions, notion_depuis)
        elif genre == "presomptions":
            problemes += _entrees(doc, "presomptions", "présomption", presomptions, presomption_depuis)
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
                presomptions=tuple(presomptions[i] for i in sorted(presomptions)))
    for ident, p in parametres.items():
        for f in p.fondements:
            if f not in dispositions:
                problemes.append(Probleme(p.fichier, p.position[0], p.position[1], "fondements", f"la disposition « {f} » n'existe pas dans kb/"))
    problemes += verifier_notions(base) + verifier_presomptions(base)
    problemes += verifier_regles(base, docs_regles)
    if problemes:
        raise ErreurDonnees(problemes)
    return base
