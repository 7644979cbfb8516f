"""Records: value classes declared by their annotations, made without compiling code.

``dataclasses`` writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
and, for a frozen class, ``__setattr__`` and ``__delattr__``, then compiles it with
``exec`` each time a class is created: about 0.8 ms a frozen class, some 30 ms of a cold
``lexfoyer evaluate`` for the package's 35 classes (issue 14: the cold start). The
package uses a small part of what ``dataclasses`` offers, and :func:`enregistrement`
gives exactly that part with methods shared by every record, read from one tuple of
field names per class:

- fields are the class's own annotations, in order (no inheritance between records;
  a ``ClassVar`` or ``InitVar`` annotation is refused rather than silently made a field);
- a default is the class attribute's value, or :func:`champ` (``default``,
  ``default_factory``, ``compare``, ``repr``) as with ``dataclasses.field``;
- ``__init__`` takes the fields positionally or by name, as a dataclass does, and
  rejects a missing, unknown or doubled one with the same ``TypeError``;
- ``__eq__`` compares records of the same class on their compared fields; a frozen
  record is hashable on them, a mutable one is not (``__hash__ = None``);
- ``frozen=True``: assigning or deleting an attribute raises :class:`ModificationInterdite`
  (an ``AttributeError``, as ``dataclasses.FrozenInstanceError`` is);
- ``order=True``: ``<``, ``<=``, ``>``, ``>=`` on the compared fields;
- a method the class defines itself (``__init__``, ``__repr__``…) is kept.

The base cache (:mod:`lexfoyer.droit.cache`) recognises records by :func:`est_enregistrement`
and rebuilds them without calling ``__init__``, as ``pickle`` does.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

__all__ = ["ModificationInterdite", "champ", "champs", "enregistrement", "est_enregistrement", "remplacer"]

_AUCUN = object()  # no default


class ModificationInterdite(AttributeError):
    """An attribute of a frozen record was assigned or deleted."""


class Champ:
    """What :func:`champ` declares of a field (its default, and whether it is compared and shown)."""

    __slots__ = ("defaut", "fabrique", "compare", "montre")

    def __init__(self, defaut: Any, fabrique: Callable[[], Any] | None, compare: bool, montre: bool):
        self.defaut, self.fabrique, self.compare, self.montre = defaut, fabrique, compare, montre


def champ(*, default: Any = _AUCUN, default_factory: Callable[[], Any] | None = None,
          compare: bool = True, repr: bool = True) -> Any:  # noqa: A002 (dataclasses' own names)
    """A field with a default, a default made anew for each record, or left out of ``==`` / ``repr``."""
    if default is not _AUCUN and default_factory is not None:
        raise ValueError("default et default_factory ensemble")
    return Champ(default, default_factory, compare, repr)


def est_enregistrement(classe: Any) -> bool:
    return isinstance(classe, type) and "_champs" in classe.__dict__


def champs(objet: Any) -> tuple[str, ...]:
    """The field names of a record (or of its class), in declaration order."""
    return (objet if isinstance(objet, type) else type(objet))._champs


def remplacer(objet: Any, **changements: Any) -> Any:
    """A new record with these fields changed (``dataclasses.replace``)."""
    valeurs = {nom: getattr(objet, nom) for nom in champs(objet)}
    valeurs.update(changements)
    return type(objet)(**valeurs)


def enregistrement(classe: type | None = None, /, *, frozen: bool = False, order: bool = False):
    """Make ``classe`` a record (``@enregistrement`` or ``@enregistrement(frozen=True)``)."""
    def faire(cls: type) -> type:
        return _faire(cls, frozen, order)
    return faire if classe is None else faire(classe)


def _faire(cls: type, frozen: bool, order: bool) -> type:
    noms = tuple(cls.__dict__.get("__annotations__", {}))
    defauts: dict[str, Any] = {}
    fabriques: dict[str, Callable[[], Any]] = {}
    compares, montres = [], []
    for nom, annotation in cls.__dict__.get("__annotations__", {}).items():
        if "ClassVar" in str(annotation) or "InitVar" in str(annotation):
            raise TypeError(f"{cls.__qualname__} : {nom} ({annotation}) n'est pas un champ d'enregistrement")
    for nom in noms:
        valeur = cls.__dict__.get(nom, _AUCUN)
        compare = montre = True
        if isinstance(valeur, Champ):
            compare, montre = valeur.compare, valeur.montre
            if valeur.fabrique is not None:
                fabriques[nom] = valeur.fabrique
                delattr(cls, nom)  # as dataclasses does: no class attribute for a made default
            elif valeur.defaut is not _AUCUN:
                defauts[nom] = valeur.defaut
                setattr(cls, nom, valeur.defaut)
            else:
                delattr(cls, nom)
        elif valeur is not _AUCUN:
            defauts[nom] = valeur
        elif defauts or fabriques:
            raise TypeError(f"{cls.__qualname__} : le champ {nom} sans défaut suit un champ qui en a un")
        if compare:
            compares.append(nom)
        if montre:
            montres.append(nom)
    cls._champs = noms
    propres = cls.__dict__
    methodes = {"__init__": _init(cls.__qualname__, noms, defauts, fabriques),
                "__repr__": _repr(tuple(montres)), "__eq__": _eq(tuple(compares))}
    if frozen:
        methodes["__setattr__"] = _interdit
        methodes["__delattr__"] = _interdit
    if order:
        cle = _cle(tuple(compares))
        methodes.update({"__lt__": _ordre(cle, tuple.__lt__), "__le__": _ordre(cle, tuple.__le__),
                         "__gt__": _ordre(cle, tuple.__gt__), "__ge__": _ordre(cle, tuple.__ge__)})
    for nom, methode in methodes.items():
        if nom not in propres:
            methode.__qualname__ = f"{cls.__qualname__}.{nom}"
            setattr(cls, nom, methode)
    if "__hash__" not in propres or propres["__hash__"] is None:
        # eq without frozen: unhashable, as a dataclass; frozen: hashed on the compared fields
        cls.__hash__ = _hash(_cle(tuple(compares))) if frozen else None
    return cls


def _init(nom_classe: str, noms: tuple[str, ...], defauts: dict, fabriques: dict):
    """The shared ``__init__`` of a record class: a few dict updates done in C, whatever
    mix of positions, names and defaults the call uses (a Python loop over the fields cost
    a firing of the engine 4-5 µs per record)."""
    nombre = len(noms)
    connus = frozenset(noms)
    # every field in order, with its default (or a placeholder, replaced below): one update
    modele = {nom: defauts.get(nom, _AUCUN) for nom in noms}
    requis = sum(1 for nom in noms if nom not in defauts and nom not in fabriques)  # they come first
    a_fabriquer = tuple((noms.index(nom), nom, fabrique) for nom, fabrique in fabriques.items())

    def __init__(self, *valeurs: Any, **nommees: Any) -> None:
        etat = self.__dict__  # written directly: a frozen record has no __setattr__ to go through
        n = len(valeurs)
        if not nommees:
            if n == nombre:
                etat.update(zip(noms, valeurs))
                return
            if requis <= n < nombre:  # the first fields by position, defaults for the rest
                etat.update(modele)
                etat.update(zip(noms, valeurs))
                for position, nom, fabrique in a_fabriquer:
                    if position >= n:
                        etat[nom] = fabrique()
                return
        if n > nombre:
            raise TypeError(f"{nom_classe}() attend {nombre} arguments positionnels, {n} donnés")
        if nommees:
            if not connus.issuperset(nommees):
                raise TypeError(f"{nom_classe}() : argument inconnu « {min(set(nommees) - connus)} »")
            if n and not nommees.keys().isdisjoint(noms[:n]):
                raise TypeError(f"{nom_classe}() : « {min(nommees.keys() & set(noms[:n]))} » donné deux fois")
        for nom in noms[n:requis]:
            if nom not in nommees:
                raise TypeError(f"{nom_classe}() : argument manquant « {nom} »")
        etat.update(modele)
        if n:
            etat.update(zip(noms, valeurs))
        if nommees:
            etat.update(nommees)
        for position, nom, fabrique in a_fabriquer:
            if position >= n and nom not in nommees:
                etat[nom] = fabrique()

    return __init__


def _cle(noms: tuple[str, ...]) -> Callable[[Any], tuple]:
    if not noms:
        return lambda objet: ()
    lire = attrgetter(*noms)
    return lire if len(noms) > 1 else (lambda objet: (lire(objet),))


def _eq(noms: tuple[str, ...]):
    cle = _cle(noms)

    def __eq__(self, autre: Any) -> Any:
        if autre.__class__ is self.__class__:
            return cle(self) == cle(autre)
        return NotImplemented

    return __eq__


def _hash(cle: Callable[[Any], tuple]):
    def __hash__(self) -> int:
        return hash(cle(self))

    return __hash__


def _ordre(cle: Callable[[Any], tuple], comparer: Callable[[tuple, tuple], bool]):
    def comparaison(self, autre: Any) -> Any:
        if autre.__class__ is self.__class__:
            return comparer(cle(self), cle(autre))
        return NotImplemented

    return comparaison


def _repr(noms: tuple[str, ...]):
    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(f"{nom}={getattr(self, nom)!r}" for nom in noms) + ")"

    return __repr__


def _interdit(self, nom: str, *valeur: Any) -> None:
    raise ModificationInterdite(f"{type(self).__qualname__} est immuable : « {nom} » ne peut être modifié")
