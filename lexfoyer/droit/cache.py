"""The on-disk cache of a built base: plain data, verified on every read, never trusted.

A cache file is data that cannot run code — JSON, rebuilt into the base's records by
a decoder that knows a closed list of markers and creates only records of the kb and
rules modules (no pickle, no marshal, no ``eval``). Each file is bound to what it was
built from and to its own bytes::

    lexfoyer-base <format>\\n
    {"cle": …, "sections": [[taille, blake2b], …]}\\n
    <section 0: the base, JSON><section 1: the full ruleset's text><section 2: without observations>

``cle`` is the SHA-256 of the kb/ and rules/ contents, the schemas, the package's code,
the cache format and the Python version; it names the file as well. A file is used only
if its ``cle`` is the one just computed and every section has the recorded size and
BLAKE2b hash: three corrupted bytes, a figure edited in place (``1.10`` → ``9.10``) or a
truncated write fail the check, and the base is then rebuilt and rewritten, silently.
What a checksum cannot stop is a forger who can write the cache *and* recomputes the
hashes: such a person can write the package's own code just as well; the cache at least
never gives them a way to run code that the code itself does not have.

Looking the key up by hashing ~120 files costs a few milliseconds of a cold start, so an
index remembers, per base directory, the files' stat signature (size, mtime and ctime in
ns, inode, device) with the key their contents hashed to. It is trusted only when no file
was changed less than :data:`MARGE_NS` before the signature was recorded: any later write,
``touch``, ``chmod``, rename or copy over a file moves its ctime past the recorded one
(the kernel sets ctime, no user call can set it back), so a changed file always misses the
index and is hashed (the rule git applies to its own index, "racy-git").
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from lexfoyer.lecture.enregistrement import champs, est_enregistrement

try:  # hashlib's own BLAKE2, without loading OpenSSL (3-4 ms of a cold start)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b as _blake2b


def empreinte(octets: bytes) -> str:
    """The hash a cache file records for each of its sections (BLAKE2b, 256 bits)."""
    return _blake2b(octets, digest_size=32).hexdigest()

FORMAT = "3"
ENTETE = f"lexfoyer-base {FORMAT}\n".encode()
MARGE_NS = 3_000_000_000  # a file younger than this when the index was written is hashed
INDEX_MAX = 16  # signatures remembered (one per base directory and version of the code)
FICHIERS_MAX = 8  # base files kept in the cache directory, the most recently used first

# the only classes a cache file may contain: records (lexfoyer.lecture.enregistrement) of the package that builds bases
PAQUET_PERMIS = "lexfoyer.droit."


class CacheInvalide(Exception):
    """The file is not a base this code wrote for these sources."""


# -- plain data <-> objects --------------------------------------------------------------
def en_donnees(valeur: Any) -> Any:
    """``valeur`` as JSON-ready plain data; TypeError for anything the decoder cannot rebuild."""
    genre = type(valeur)
    if valeur is None or genre in (str, int, bool):
        return valeur
    if genre is float:
        if valeur != valeur or valeur in (float("inf"), float("-inf")):
            raise TypeError("flottant non fini")
        return valeur
    if genre is list:
        return [en_donnees(v) for v in valeur]
    if genre is tuple:
        return {"$t": [en_donnees(v) for v in valeur]}
    if genre is dict:
        if all(type(k) is str and not k.startswith("$") for k in valeur):
            return {k: en_donnees(v) for k, v in valeur.items()}
        return {"$m": [[en_donnees(k), en_donnees(v)] for k, v in valeur.items()]}
    if genre is Decimal:
        return {"$d": str(valeur)}
    if genre is date:
        return {"$j": valeur.isoformat()}
    if genre in (set, frozenset):
        return {"$s" if genre is set else "$f": [en_donnees(v) for v in valeur]}
    if est_enregistrement(genre) and genre.__module__.startswith(PAQUET_PERMIS):
        noms = champs(genre)  # a record is its fields: what a property memoised beside them is not kept
        etat = {k: v for k, v in vars(valeur).items() if k in noms}
        objet = {"$c": genre.__module__ + ":" + genre.__qualname__}
        objet.update((k, en_donnees(v)) for k, v in etat.items())  # attribute names never start with $
        return objet
    raise TypeError(f"{genre.__module__}.{genre.__qualname__} ne se met pas en cache")


def _classe(nom: Any) -> type:
    if not isinstance(nom, str) or ":" not in nom:
        raise CacheInvalide("classe illisible")
    module, qualname = nom.split(":", 1)
    if not module.startswith(PAQUET_PERMIS) or "." in qualname or not module.replace(".", "").replace("_", "").isalnum():
        raise CacheInvalide(f"classe non permise : {nom}")
    classe = getattr(sys.modules.get(module) or __import__(module, fromlist=["_"]), qualname, None)
    if not est_enregistrement(classe):
        raise CacheInvalide(f"classe non permise : {nom}")
    return classe


_CLASSES: dict[str, type] = {}


def _objet(d: dict) -> Any:
    """The ``object_hook``: one JSON object back into what :func:`en_donnees` made of it.

    Called for every JSON object of the file, so the plain ones leave at the first test
    (:func:`en_donnees` never writes a plain table whose first key starts with ``$``).
    """
    for cle in d:
        break
    else:
        return d
    if cle[:1] != "$":
        return d
    if len(d) == 1:
        v = d[cle]
        if cle == "$t":
            return tuple(v)
        if cle == "$d":
            return Decimal(v)
        if cle == "$j":
            return date.fromisoformat(v)
        if cle == "$m":
            return {k: x for k, x in v}
        if cle == "$s":
            return set(v)
        if cle == "$f":
            return frozenset(v)
    if cle == "$c":
        nom = d.pop("$c")
        classe = _CLASSES.get(nom) if isinstance(nom, str) else None
        if classe is None:
            classe = _CLASSES[nom] = _classe(nom)
        objet = classe.__new__(classe)
        for attribut, v in d.items():
            if attribut[:2] == "__":
                raise CacheInvalide("attribut interdit")  # __class__, __dict__…: never data
            object.__setattr__(objet, attribut, v)  # as pickle does: frozen or not, no __init__
        return objet
    raise CacheInvalide("marqueur inconnu")


def depuis_donnees(texte: bytes) -> Any:
    try:
        return json.loads(texte, object_hook=_objet)
    except CacheInvalide:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, ImportError, RecursionError) as exc:
        raise CacheInvalide(f"contenu illisible ({exc.__class__.__name__})") from None


# -- the file --------------------------------------------------------------------------
def ecrire(chemin: Path, cle: str, sections: list[bytes]) -> None:
    """Write atomically (temporary file, then rename): a reader sees a whole file or none."""
    entete = {"cle": cle, "sections": [[len(s), empreinte(s)] for s in sections]}
    chemin.parent.mkdir(parents=True, exist_ok=True)
    temporaire = chemin.with_name(f".{chemin.name}.{os.getpid()}.tmp")
    try:
        with temporaire.open("wb") as flux:
            flux.write(ENTETE + json.dumps(entete).encode() + b"\n" + b"".join(sections))
        os.replace(temporaire, chemin)
    finally:
        temporaire.unlink(missing_ok=True)


def lire(chemin: Path, cle: str) -> list[bytes]:
    """The sections of a cache file, after checking its key and every section's hash."""
    try:
        with chemin.open("rb") as flux:
            brut = flux.read()
    except OSError as exc:
        raise CacheInvalide(f"illisible ({exc.strerror})") from None
    if not brut.startswith(ENTETE):
        raise CacheInvalide("en-tête inconnu")
    fin = brut.find(b"\n", len(ENTETE))
    try:
        entete = json.loads(brut[len(ENTETE):fin])
        tailles = [(int(n), str(h)) for n, h in entete["sections"]]
        cle_lue = entete["cle"]
    except (ValueError, TypeError, KeyError) as exc:
        raise CacheInvalide(f"en-tête illisible ({exc.__class__.__name__})") from None
    if fin < 0 or cle_lue != cle:
        raise CacheInvalide("clé différente")
    sections, debut = [], fin + 1
    for taille, attendue in tailles:
        section = brut[debut:debut + taille]
        if len(section) != taille or empreinte(section) != attendue:
            raise CacheInvalide("contenu altéré")
        sections.append(section)
        debut += taille
    if debut != len(brut):
        raise CacheInvalide("octets en trop")
    return sections


def elaguer(dossier: Path, garder: Path) -> None:
    """Keep the :data:`FICHIERS_MAX` most recently used base files (the cache is bounded)."""
    try:
        fichiers = sorted(dossier.glob("base-*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for p in [f for f in fichiers if f != garder][FICHIERS_MAX - 1:]:
            p.unlink(missing_ok=True)
        for p in dossier.glob("base-*.pickle"):  # what earlier versions wrote: never read again
            p.unlink(missing_ok=True)
    except OSError:
        pass


# -- the key, looked up by stat signature before hashing --------------------------------
def signature(fichiers: Iterable[Path]) -> tuple[str, int] | None:
    """Stat signature of ``fichiers`` and the newest ctime/mtime among them (None: unreadable)."""
    h = _blake2b(digest_size=32)
    recent = 0
    try:
        for p in fichiers:
            s = os.stat(p)
            h.update(f"{p}\0{s.st_size}\0{s.st_mtime_ns}\0{s.st_ctime_ns}\0{s.st_ino}\0{s.st_dev}\n".encode())
            recent = max(recent, s.st_mtime_ns, s.st_ctime_ns)
    except OSError:
        return None
    return h.hexdigest(), recent


def cle_par_index(dossier: Path | None, fichiers: list[Path], calculer: Callable[[], str]) -> str:
    """The key of these files: from the index when their stat signature is there and was
    recorded safely after their last change, else ``calculer()`` (which hashes them)."""
    if dossier is None:
        return calculer()
    index_chemin = dossier / "index.json"
    sig = signature(fichiers)
    try:
        index = json.loads(index_chemin.read_bytes())
        if not isinstance(index, dict):
            index = {}
    except (OSError, ValueError):
        index = {}
    if sig is not None:
        entree = index.get(sig[0])
        if (isinstance(entree, list) and len(entree) == 2 and isinstance(entree[0], str)
                and isinstance(entree[1], int) and sig[1] + MARGE_NS < entree[1]):
            return entree[0]
    cle = calculer()
    maintenant = time.time_ns()
    if sig is not None and sig[1] + MARGE_NS < maintenant:
        index.pop(sig[0], None)
        index[sig[0]] = [cle, maintenant]
        index = dict(list(index.items())[-INDEX_MAX:])
        try:
            dossier.mkdir(parents=True, exist_ok=True)
            temporaire = dossier / f".index.{os.getpid()}.tmp"
            temporaire.write_text(json.dumps(index), encoding="utf-8")
            os.replace(temporaire, index_chemin)
        except OSError:
            pass
    return cle
