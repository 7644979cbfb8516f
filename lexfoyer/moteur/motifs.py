"""What the compiled patterns read: the aliases an action gets, the attributes a fact keeps.

Both are derived from the compiled ruleset once, when the base is built, and cached with
it (:class:`lexfoyer.droit.base.RulesetsJson`): the engine's actions and the facts given
to the C engine follow from them, not from the YAML rules.
"""

from __future__ import annotations

DOSSIER = "dos"  # the alias of the dossier fact


def aliases_de(definition: dict) -> list[str]:
    """The aliases an action of ``definition`` gets, in order: those of its patterns, and
    ``dos`` after ``sj`` where the dossier is not joined (nothing is tested on it): the
    dossier fact is then reported among the facts used, as when every rule joined it."""
    aliases = [next(iter(m)) for m in definition["all"]]
    if "sj" in aliases and DOSSIER not in aliases:
        aliases.insert(aliases.index("sj") + 1, DOSSIER)
    return aliases


def attributs_testes(regles: dict[str, dict]) -> list[str]:
    """The top-level fact attributes some pattern of ``regles`` reads (tested, joined on,
    compared with, required to exist), with the identity and type every fact keeps.

    A fact is asserted with these attributes only: the C engine parses, stores and sends
    back with every firing each attribute it is given, and the others are never read
    there (the report reads the dossier itself). A nested section (``menage``) is kept
    whole when one of its paths is tested.
    """
    noms = {"t", "id", "ref", "sid"}

    def parcourir(expression) -> None:
        if isinstance(expression, list):
            for element in expression:
                parcourir(element)
        elif isinstance(expression, dict):
            for cle, valeur in expression.items():
                if cle.startswith("$"):
                    parcourir(valeur)
                    continue
                noms.add(cle.split(".", 1)[0])
                if isinstance(valeur, dict):  # a reference to another pattern's attribute
                    noms.update(v.split(".", 1)[0] for v in valeur.values() if isinstance(v, str))

    for definition in regles.values():
        for motif in definition["all"]:
            parcourir(list(motif.values()))
    return sorted(noms)
