"""durable_rules' host as lexfoyer uses it: synchronous, thread-less, freed on demand.

Split from :mod:`lexfoyer.moteur.execution` (which runs dossiers through it):

- H8/H11 — :class:`HoteSynchrone` never starts the two dispatcher threads;
- H14 — every C ruleset it holds is freed once, by ``fermer()`` (or by the finaliser of
  the engine that owns it), never twice;
- a ruleset is made straight from the JSON text cached with the base
  (:meth:`HoteSynchrone.charger`), its actions bound only if durable_rules' own dispatch
  ever asks for them;
- H1 — a refusal of the C engine becomes durable_rules' own exception (:func:`verifier`).
"""

from __future__ import annotations

from typing import Any

from durable import engine
import durable_rules_engine

from lexfoyer.lecture.jsonrapide import compact


def verifier(resultat: tuple, message: Any) -> int:
    """durable_rules' ``Ruleset._handle_result``: refusals become its own exceptions (H1)."""
    if resultat[0] == 1:
        raise engine.MessageNotHandledException(message)
    if resultat[0] == 2:
        raise engine.MessageObservedException(message)
    return 0 if resultat[0] == 3 else resultat[1]


class Activation:
    """One firing as an action sees it: the matched facts by alias, and a way to assert.

    It stands for durable_rules' ``Closure``, whose timers, session-state wrapper and
    clock readings cost more than the action itself and are never used here.
    """

    __slots__ = ("faits", "_poignee", "_sid")

    def __init__(self, faits: dict, poignee: int, sid: str):
        self.faits, self._poignee, self._sid = faits, poignee, sid

    def assert_fact(self, fait: dict) -> None:
        fait.setdefault("sid", self._sid)
        verifier(durable_rules_engine.assert_fact(self._poignee, compact(fait)), fait)


class ActionsALaDemande(dict):
    """A ruleset's actions by rule name, each made when its rule first fires.

    A dossier fires about a hundred of the base's ~500 compiled rules; making the closure
    of every one when the ruleset is compiled cost 2-3 ms of each cold start. ``noms`` are
    all the ruleset's rules: a name outside them is a ``KeyError``, as in a plain table.
    """

    __slots__ = ("noms", "_permis", "_faire")

    def __init__(self, noms: list[str], faire):
        super().__init__()
        self.noms, self._permis, self._faire = tuple(noms), frozenset(noms), faire

    def __missing__(self, nom: str):
        if nom not in self._permis:
            raise KeyError(nom)
        action = self[nom] = self._faire(nom)
        return action


class HoteSynchrone(engine.Host):
    """A durable_rules host with no background threads and an action table of our own."""

    def __init__(self, actions: dict):
        self._actions_lexfoyer = actions  # must exist before Host.__init__ registers rulesets
        self._poignees: list[int] = []  # every C ruleset this host holds, until freed
        super().__init__()

    def register_rulesets(self, definitions):
        noms = super().register_rulesets(definitions)
        self._poignees += [self._ruleset_directory[n]._handle for n in noms]
        return noms

    def get_action(self, nom: str):
        return self._actions_lexfoyer[nom]

    def _run(self):  # H8: no dispatcher threads, ever
        pass

    def charger(self, nom: str, texte: str, actions: ActionsALaDemande) -> int:
        """Register ruleset ``nom`` from its JSON text (no ``run`` keys) and return its handle.

        ``Host.set_rulesets`` would deep-copy a dict of 662 rules, serialise it again and
        wrap every action in a ``Promise``; the text is already there, cached with the base,
        and the actions are bound lazily (only durable_rules' own dispatch needs them).
        """
        if nom in self._ruleset_directory:
            raise Exception(f"Ruleset with name {nom} already registered")
        ruleset = _RulesetCharge(nom, self, durable_rules_engine.create_ruleset(nom, texte), actions)
        self._poignees.append(ruleset._handle)
        self._ruleset_directory[nom] = ruleset
        self._ruleset_list.append(ruleset)
        return ruleset._handle

    def fermer(self) -> None:
        """Free the C rulesets (H14), once; the host is unusable afterwards."""
        liberer(self._poignees)
        self._ruleset_list = []
        self._ruleset_directory = {}


def liberer(poignees: list[int]) -> None:
    while poignees:
        durable_rules_engine.delete_ruleset(poignees.pop())


class _RulesetCharge(engine.Ruleset):
    """A durable_rules ``Ruleset`` made from a handle the C engine already built."""

    def __init__(self, nom: str, hote: engine.Host, poignee: int, actions: ActionsALaDemande):
        self._name, self._host, self._handle, self._definition = nom, hote, poignee, None
        self._fonctions = actions
        self._promesses: dict | None = None

    @property
    def _actions(self) -> dict:  # what engine.Ruleset's own dispatch looks actions up in
        if self._promesses is None:
            fonctions = self._fonctions  # every rule's action, made now if not yet
            self._promesses = {nom: engine.Promise(fonctions[nom]) for nom in fonctions.noms}
        return self._promesses
