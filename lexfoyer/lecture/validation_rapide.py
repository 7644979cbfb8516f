"""A JSON Schema validator compiled into Python closures: "valid or not", and nothing else.

Almost every file a lawyer gives is valid, and for a valid file the only useful answer
is "valid". jsonschema answers it in about 0.7 ms for a dossier (it walks the schema for
each value, evolving a validator at each step) and costs 45 ms to import. The schema is
compiled here, once per process in about a millisecond, into one closure per schema node
that checks a value directly. :func:`lexfoyer.lecture.schemas.valider` asks it first and
imports jsonschema only to word the problems of a file it does not call valid.

Agreement with jsonschema (Draft 2020-12, as ``schemas.validateur`` builds it: no format
checking) matters in one direction only: *valid* here must mean valid there. Each keyword
is checked as jsonschema's own keyword functions do (same type tests, ``re.search`` for
``pattern``, equality where ``True`` is not ``1``…); whatever is not certain raises
:class:`Incertain`, which sends the file to jsonschema. A schema using a keyword this
module does not know is not compiled at all (:func:`compiler` returns None), so a schema
that grows a new keyword is still checked in full, only more slowly.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping, Sequence
from typing import Any, Callable

Verificateur = Callable[[Any], bool]

# words of a schema that say something about it but never make a value invalid
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples",
                         "default", "deprecated", "readOnly", "writeOnly"})


class NonCompilable(Exception):
    """The schema uses something this module does not check: leave it to jsonschema."""


class Incertain(Exception):
    """This value is beyond what the compiled checks decide exactly: ask jsonschema."""


def _sans_bool(v: Any, vrai=object(), faux=object()) -> Any:
    return vrai if v is True else faux if v is False else v


def egal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema sees it (``True`` ≠ ``1``, ``1`` = ``1.0``)."""
    if a is b:
        return True
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, Sequence) and isinstance(b, Sequence):
        return len(a) == len(b) and all(egal(x, y) for x, y in zip(a, b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return len(a) == len(b) and all(k in b and egal(v, b[k]) for k, v in a.items())
    return _sans_bool(a) == _sans_bool(b)


def _est_entier(v: Any) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


def _est_nombre(v: Any) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool)


_TYPES: dict[str, Verificateur] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": _est_entier,
    "number": _est_nombre,
}


def _vrai(_v: Any) -> bool:
    return True


def _faux(_v: Any) -> bool:
    return False


def _type(attendu: Any) -> Verificateur:
    noms = attendu if isinstance(attendu, list) else [attendu]
    if not noms or any(n not in _TYPES for n in noms):
        raise NonCompilable(f"type {attendu!r}")
    if len(noms) == 1:
        return _TYPES[noms[0]]
    tests = tuple(_TYPES[n] for n in noms)
    return lambda v: any(t(v) for t in tests)


def _enum(valeurs: Any) -> Verificateur:
    if not isinstance(valeurs, list):
        raise NonCompilable("enum")
    if all(isinstance(e, str) for e in valeurs if e is not None):
        textes = frozenset(e for e in valeurs if e is not None)
        nul = None in valeurs
        return lambda v: (isinstance(v, str) and v in textes) or (nul and v is None)
    return lambda v: any(egal(e, v) for e in valeurs)


def _unique(v: list) -> bool:
    vus: set = set()
    for x in v:
        if not (x is None or isinstance(x, (str, int, bool))):
            raise Incertain("uniqueItems")  # a Decimal, a list, a table: jsonschema decides
        cle = (type(x) is bool, x)  # True and 1 are different items
        if cle in vus:
            return False
        vus.add(cle)
    return True


class _Compilateur:
    def __init__(self, racine: dict):
        self.racine = racine
        self.refs: dict[str, Verificateur | None] = {}

    def noeud(self, s: Any) -> Verificateur:
        if s is True:
            return _vrai
        if s is False:
            return _faux
        if not isinstance(s, dict):
            raise NonCompilable("schéma")
        tests: list[Verificateur] = []
        objet_vu = False
        for cle, val in s.items():
            if cle in ANNOTATIONS:
                continue
            if cle == "type":
                tests.append(_type(val))
            elif cle in ("properties", "additionalProperties", "required", "propertyNames",
                         "minProperties", "maxProperties"):
                if not objet_vu:
                    tests.append(self.objet(s))
                    objet_vu = True
            elif cle == "enum":
                tests.append(_enum(val))
            elif cle == "const":
                tests.append(lambda v, c=val: egal(v, c))
            elif cle == "pattern":
                motif = re.compile(val)
                tests.append(lambda v, m=motif: not isinstance(v, str) or m.search(v) is not None)
            elif cle == "minLength":
                tests.append(lambda v, n=val: not isinstance(v, str) or len(v) >= n)
            elif cle == "maxLength":
                tests.append(lambda v, n=val: not isinstance(v, str) or len(v) <= n)
            elif cle == "minimum":
                tests.append(lambda v, n=val: not _est_nombre(v) or not v < n)
            elif cle == "maximum":
                tests.append(lambda v, n=val: not _est_nombre(v) or not v > n)
            elif cle == "exclusiveMinimum":
                tests.append(lambda v, n=val: not _est_nombre(v) or v > n)
            elif cle == "exclusiveMaximum":
                tests.append(lambda v, n=val: not _est_nombre(v) or v < n)
            elif cle == "minItems":
                tests.append(lambda v, n=val: not isinstance(v, list) or len(v) >= n)
            elif cle == "maxItems":
                tests.append(lambda v, n=val: not isinstance(v, list) or len(v) <= n)
            elif cle == "uniqueItems":
                if val:
                    tests.append(lambda v: not isinstance(v, list) or _unique(v))
            elif cle == "items":
                if "prefixItems" in s:
                    raise NonCompilable("prefixItems")
                element = self.noeud(val)
                tests.append(lambda v, e=element: not isinstance(v, list) or all(e(x) for x in v))
            elif cle in ("allOf", "anyOf", "oneOf"):
                if not isinstance(val, list) or not val:
                    raise NonCompilable(cle)
                branches = tuple(self.noeud(b) for b in val)
                if cle == "allOf":
                    tests.append(lambda v, b=branches: all(t(v) for t in b))
                elif cle == "anyOf":
                    tests.append(lambda v, b=branches: any(t(v) for t in b))
                else:
                    tests.append(lambda v, b=branches: sum(1 for t in b if t(v)) == 1)
            elif cle == "not":
                interdit = self.noeud(val)
                tests.append(lambda v, t=interdit: not t(v))
            elif cle == "$ref":
                tests.append(self.reference(val))
            else:
                raise NonCompilable(cle)
        if not tests:
            return _vrai
        if len(tests) == 1:
            return tests[0]
        tous = tuple(tests)

        def tout(v: Any) -> bool:
            for t in tous:
                if not t(v):
                    return False
            return True

        return tout

    def objet(self, s: dict) -> Verificateur:
        proprietes = {k: self.noeud(v) for k, v in s.get("properties", {}).items()}
        autres_schema = s.get("additionalProperties", True)
        autres = None if autres_schema is True else self.noeud(autres_schema)
        requis = tuple(s.get("required", ()))
        noms = self.noeud(s["propertyNames"]) if "propertyNames" in s else None
        mini, maxi = s.get("minProperties", 0), s.get("maxProperties")

        def objet(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for cle, x in v.items():
                test = proprietes.get(cle)
                if test is None:
                    if autres is not None and not autres(x):
                        return False
                elif not test(x):
                    return False
                if noms is not None and not noms(cle):
                    return False
            for cle in requis:
                if cle not in v:
                    return False
            return len(v) >= mini and (maxi is None or len(v) <= maxi)

        return objet

    def reference(self, ref: Any) -> Verificateur:
        """A ``$ref`` to a place of the same document (``#``, ``#/$defs/x``, any JSON pointer)."""
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
            raise NonCompilable(f"$ref {ref!r}")
        if ref not in self.refs:
            cible: Any = self.racine
            for morceau in ref[2:].split("/") if ref != "#" else ():
                morceau = morceau.replace("~1", "/").replace("~0", "~")
                if "%" in morceau or not isinstance(cible, dict) or morceau not in cible:
                    raise NonCompilable(f"$ref {ref!r}")
                cible = cible[morceau]
            self.refs[ref] = None  # a recursive reference: resolved once compiled
            self.refs[ref] = self.noeud(cible)
        compile_ = self.refs[ref]
        if compile_ is not None:
            return compile_
        return lambda v: self.refs[ref](v)


def _ids_imbriques(noeud: Any, racine: bool = True) -> bool:
    """Whether a subschema sets its own ``$id`` (references would then resolve elsewhere)."""
    if isinstance(noeud, dict):
        if not racine and "$id" in noeud:
            return True
        return any(_ids_imbriques(v, False) for k, v in noeud.items() if k not in ("enum", "const"))
    if isinstance(noeud, list):
        return any(_ids_imbriques(v, False) for v in noeud)
    return False


def compiler(schema: dict) -> Verificateur | None:
    """The schema as one closure ``valeur -> bool``, or None if it uses an unknown keyword.

    The closure answers True only when jsonschema would find no error; a value it cannot
    decide exactly (:class:`Incertain`), or any exception, makes it answer False.
    """
    if _ids_imbriques(schema):
        return None
    try:
        verifier = _Compilateur(schema).noeud(schema)
    except (NonCompilable, re.error, TypeError, AttributeError):
        return None

    def valide(valeur: Any) -> bool:
        try:
            return verifier(valeur)
        except Exception:  # Incertain, or a value no check expected (jsonschema will say)
            return False

    return valide
