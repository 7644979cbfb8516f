"""JSON both ways, through orjson when it can, byte for byte what the standard library gives.

The engine parses one JSON message per rule firing (about a hundred per dossier) and a
batch writes one JSON line per dossier: the standard library's pure-C-but-generic codec
is a tenth of an evaluation. orjson is three to ten times faster and, for what lexfoyer
writes (text, integers, booleans, null, lists and tables with text keys: never a float,
amounts are text and facts are scaled integers), produces exactly the bytes of
``json.dumps(…, ensure_ascii=False)`` — same escapes, same key order, same two-space
indentation (checked by ``tests/test_performance.py``). Whatever orjson refuses (an
integer beyond 64 bits, a lone surrogate, a non-text key, a ``Decimal``) goes to the
standard library, which then behaves as it always did, errors included.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the standard library still works
    orjson = None


def lire(texte: str | bytes) -> Any:
    """``json.loads``, faster."""
    if orjson is not None:
        try:
            return orjson.loads(texte)
        except orjson.JSONDecodeError:
            pass  # e.g. an integer beyond 64 bits: the standard parser reads it (or says why not)
    return json.loads(texte)


def compact(valeur: Any) -> str:
    """``json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))``, faster."""
    if orjson is not None:
        try:
            return orjson.dumps(valeur).decode()
        except TypeError:
            pass
    return json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))


def espace(valeur: Any) -> str:
    """``json.dumps(valeur, ensure_ascii=False)`` (``", "`` and ``": "`` separators): what
    durable_rules itself sends to its C engine."""
    return json.dumps(valeur, ensure_ascii=False)


def indente(valeur: Any) -> str:
    """``json.dumps(valeur, ensure_ascii=False, indent=2)``, faster."""
    if orjson is not None:
        try:
            return orjson.dumps(valeur, option=orjson.OPT_INDENT_2).decode()
        except TypeError:
            pass
    return json.dumps(valeur, ensure_ascii=False, indent=2)
