"""Run one dossier through durable_rules, safely.

durable_rules 2.0.28 is dormant and sharp-edged (``shared/reference/durable-rules.md``).
This wrapper makes each hazard impossible by construction rather than by care:

- H8/H11/H14 — :class:`HoteSynchrone` never starts the two dispatcher threads; actions
  run in the caller's thread, in :meth:`Moteur._derouler` (durable_rules' own dispatch
  loop without the per-firing machinery we never use); ``fermer()`` frees the C rulesets.
- H10 — every action is wrapped: any exception (even ``SystemExit``) is recorded with the
  rule's name and raised as :class:`ErreurMoteur` once the engine returns; the engine's
  own ``exception`` state field is checked too.
- H4 — a firing already seen with the same facts (``$or`` branches) is ignored.
- H6/H7 — one session at a time per host (a lock), a fresh ``sid`` per evaluation, its
  state deleted in ``finally``; fact ids come from the ``f<n>``/``d<n>`` families.
- H1 — the compiled ruleset ends with a sink rule that handles every fact.
- Determinism — facts are asserted in one batch in a fixed order; reports are sorted.

Two rulesets per base, each compiled by the C engine once per process from the JSON text
cached with the base (:func:`lexfoyer.droit.base.rulesets_json`): the full one, whose
observation rules (``<règle>__obs__vrai__<i>``, and ``non__<i>`` for « faux ») record each condition's value for
the chain of reasoning, and, created on first use, the same without them for outputs that
do not show the chain (``--format jsonl``): about 40 % of the firings fewer, and every
other firing, conclusion and calculation the same (the observations assert nothing).
"""

from __future__ import annotations

import threading
import weakref
from datetime import date
from decimal import Decimal
from typing import Any

import durable_rules_engine

from lexfoyer.droit.base import Base, est_observation, rulesets_json
from lexfoyer.calculs.format import format_date
from lexfoyer.calculs.registre import FONCTIONS, ContexteCalcul, Manque
from lexfoyer.cas.lecture import LecteurDossier
from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.moteur.compilateur import PUITS, nom_ruleset
from lexfoyer.moteur.valeurs import Valeurs, en_moteur
from lexfoyer.lecture.erreurs import ErreurMoteur
from lexfoyer.lecture.jsonrapide import compact, lire
from lexfoyer.moteur.hote import ActionsALaDemande, Activation, HoteSynchrone, liberer, verifier
from lexfoyer.cas.faits import Faits, date_entier, echelle
from lexfoyer.droit.regles import Regle, tests_comparatifs


@enregistrement
class Tir:
    """One firing of a rule: what the trace shows."""

    ordre: int
    regle: str
    variante: str
    sujet: str
    faits_ids: tuple
    conclut: list = champ(default_factory=list)
    condition: int | None = None

    def __init__(self, ordre: int, regle: str, variante: str, sujet: str, faits_ids: tuple,
                 conclut: list | None = None, condition: int | None = None):
        # written out: ~90 firings a dossier, and the records' shared __init__ costs 1 µs
        self.ordre, self.regle, self.variante, self.sujet, self.faits_ids = ordre, regle, variante, sujet, faits_ids
        self.conclut = [] if conclut is None else conclut
        self.condition = condition


@enregistrement
class Evaluation:
    """What one session produced, before it becomes a report."""

    faits: Faits
    conclusions: dict  # (conclusion id, sujet ref) -> dict
    calculs: dict  # (regle id, sujet ref) -> dict
    trace: list[Tir]
    hors_champ: dict  # (regle id, sujet ref) -> [indices of scope conditions]
    observations: dict = champ(default_factory=dict)  # (regle id, sujet ref) -> {condition: vrai|faux|inconnu}
    memo: dict = champ(default_factory=dict, repr=False, compare=False)  # what the report read once, per evaluation


class _Session:
    def __init__(self, base: Base, faits: Faits, chaine: bool = True):
        self.base, self.faits, self.chaine = base, faits, chaine
        self.fait_dossier: dict = {}
        self.erreurs: list[tuple[str, str]] = []
        self.vus: set = set()
        self.conclusions: dict = {}
        self.calculs: dict = {}
        self.trace: list[Tir] = []
        self.hors_champ: dict = {}
        self.observations: dict = {}
        self.compteur = 0

    def nouvel_id(self) -> str:
        self.compteur += 1
        return f"d{self.compteur}"


class Moteur:
    """One compiled base, one synchronous host; evaluations run one at a time."""

    def __init__(self, base: Base):
        self.base = base
        self.nom = nom_ruleset(base.empreinte)
        self._textes = rulesets_json(base)
        self._aliases = {nom: list(aliases) for nom, aliases in self._textes.aliases.items()}
        self._attributs = frozenset(self._textes.attributs)
        # the conclusions some rule's condition joins on: the only ones asserted as facts
        self._jointes = frozenset(c.conclusion for r in base.regles.values() for c in r.conditions if c.conclusion)
        self.hote = HoteSynchrone({})
        # H14: the C rulesets are freed by fermer(), or when the engine is collected (an
        # engine dropped from api's bounded table); not at exit, which frees everything
        self._finaliseur = weakref.finalize(self, liberer, self.hote._poignees)
        self._finaliseur.atexit = False
        # per rule, the parameters a condition compares with (read at each calculation)
        self._compares = {r.id: _parametres_compares(r) for r in base.regles.values()}
        # and every parameter a condition reads (a bound, or the shift of a compared date)
        self._lus = {r.id: _parametres_compares(r) | _parametres_decales(r) for r in base.regles.values()}
        # and its comparative tests (read at each calculation: once per rule, not per firing)
        self._comparatifs = {r.id: tests_comparatifs(r) for r in base.regles.values()}
        self._verrou = threading.Lock()
        self._session: _Session | None = None
        self._numero = 0
        # each ruleset is compiled on the first evaluation that needs it: a text report or a
        # jsonl batch never pays for the full one (compiling it is most of a cold start)
        self._jeux: dict[bool, tuple[int, dict]] = {}

    def compiler(self, chaine: bool | None = None) -> None:
        """Compile now the ruleset evaluations with (``True``) or without (``False``) the
        chain will run, or both (``None``): a base the C engine refuses fails here, and a
        worker pays the compilation before its first dossier, not inside it."""
        for avec_chaine in ((True, False) if chaine is None else (chaine,)):
            self._jeu(avec_chaine)

    def _jeu(self, chaine: bool) -> tuple[int, dict]:
        """(C handle, actions) of the full ruleset, or of the one without observations,
        compiled the first time it is asked for."""
        jeu = self._jeux.get(chaine)
        if jeu is None:
            texte = self._textes.complet if chaine else self._textes.allege
            actions = ActionsALaDemande([n for n in self._aliases if chaine or not est_observation(n)], self._action)
            nom_rs = self.nom if chaine else self.nom + "_allege"
            try:
                poignee = self.hote.charger(nom_rs, texte, actions)
            except Exception as exc:  # the C engine's limits (error codes) must not leak a traceback
                raise ErreurMoteur(f"le moteur de règles refuse la base compilée : {exc}{_LIMITES.get(_code(exc), '')}") from None
            jeu = self._jeux[chaine] = (poignee, actions)
        return jeu

    def fermer(self) -> None:
        self.hote.fermer()
        self._finaliseur.detach()

    # -- actions ---------------------------------------------------------------------
    def _action(self, nom: str):
        if nom == PUITS:
            return lambda c: None
        regle_id, variante = nom.split("__", 1)
        regle = self.base.regles[regle_id]
        aliases = self._aliases[nom]
        # an observation only records a condition's value: decoded once, not at each firing;
        # ``non__i`` observes condition i false as well (the same patterns as an observation)
        _obs, valeur_obs, indice_obs = variante.split("__") if variante.startswith("obs__") else (None, None, "0")
        indice_obs = int(indice_obs)
        faux_observe = int(variante.rsplit("__", 1)[1]) if variante.startswith("non__") else None

        def action(c) -> None:
            session = self._session
            try:
                joints = c.faits
                # the dossier fact, reported as used even where the rule does not join it
                faits = {a: joints[a] if a in joints else session.fait_dossier for a in aliases}
                cle = (nom, tuple(faits[a]["id"] for a in aliases))
                if cle in session.vus:  # H4: the same match through another $or branch
                    return
                session.vus.add(cle)
                sujet = faits["sj"]["ref"] if "sj" in faits else "dossier"
                if valeur_obs is not None:
                    session.observations.setdefault((regle_id, sujet), {})[indice_obs] = valeur_obs
                    return
                if faux_observe is not None and session.chaine:
                    session.observations.setdefault((regle_id, sujet), {})[faux_observe] = "faux"
                self._executer(session, c, regle, variante, sujet, faits)
            except BaseException as exc:  # H10: nothing may be swallowed
                session.erreurs.append((nom, f"{exc.__class__.__name__}: {exc}"))

        return action

    def _executer(self, session: _Session, c, regle: Regle, variante: str, sujet: str, faits: dict) -> None:
        """A firing that concludes, calculates or records « hors champ » (observations are
        recorded by the action itself)."""
        tir = Tir(len(session.trace) + 1, regle.id, variante, sujet, tuple(sorted(f["id"] for f in faits.values())))
        if variante.startswith("non__") or variante.startswith("inc__") or variante.startswith("hors__"):
            tir.condition = int(variante.rsplit("__", 1)[1])
        session.trace.append(tir)
        if variante == "calc":
            fait = self._calculer(session, regle, sujet, faits)
            c.assert_fact(fait)
            return
        if variante.startswith("hors__"):
            session.hors_champ.setdefault((regle.id, sujet), []).append(tir.condition)
            return
        statut = "applicable" if variante == "oui" else "non_applicable" if variante.startswith("non__") else "a_verifier"
        cle = (regle.conclusion, sujet)
        existante = session.conclusions.get(cle)
        if existante is not None:
            if existante["statut"] != statut:
                raise ErreurMoteur(f"règle {regle.id} : statuts contradictoires pour {sujet} ({existante['statut']} / {statut})")
            existante["tirs"].append(tir)
            return
        session.conclusions[cle] = {"statut": statut, "regle": regle, "sujet": sujet, "tirs": [tir]}
        tir.conclut.append(regle.conclusion)
        ident = session.nouvel_id()  # numbered even when not asserted: every later fact keeps its id
        if regle.conclusion in self._jointes:  # no other rule reads it: the engine need not hold it
            c.assert_fact({"id": ident, "t": "conclusion", "cid": regle.conclusion, "ref": sujet, "statut": statut})

    def _calculer(self, session: _Session, regle: Regle, sujet: str, faits: dict) -> dict:
        donnees = session.faits
        type_sujet = regle.sujet
        brut = donnees.entites.get((type_sujet, sujet), {}) if type_sujet != "dossier" else donnees.entites[("dossier", "dossier")]
        chemin = donnees.chemins.get((type_sujet, sujet), "")
        jour, note_date = date_gouvernante(regle, donnees, sujet)
        resolus = {a: self.base.parametres[p].valeur_au(jour) for a, p in regle.parametres.items()}
        ctx = ContexteCalcul(brut, chemin, donnees.donnees, resolus, dict(regle.parametres), jour, donnees.date_reference)
        resultat, manque = None, []
        if regle.calcul:
            try:
                resultat = FONCTIONS[regle.calcul["fonction"]].adaptateur(ctx)
            except Manque as exc:
                manque = exc.chemins
            except (ValueError, ArithmeticError) as exc:
                manque = [f"calcul impossible : {exc}"]
        compares = self._compares[regle.id]
        # a parameter without value at that date: the calculation says so when it needs it;
        # a parameter only compared in a condition is reported here
        for alias, valeur in resolus.items():
            if valeur is None and (not regle.calcul or alias in self._lus[regle.id]):
                manque.append(f"paramètre « {regle.parametres[alias]} » sans valeur au {format_date(jour)}")
        session.calculs[(regle.id, sujet)] = {"resultat": resultat, "manque": manque, "date": jour,
                                             "note_date": note_date, "parametres": resolus}
        fait: dict[str, Any] = {"id": session.nouvel_id(), "t": "calcul", "regle": regle.id, "ref": sujet}
        for alias, valeur in resolus.items():
            # only the parameters a condition compares with go into the fact (a rate with
            # five decimals, such as a DMTO rate, is used by the calculation alone)
            if valeur is not None and valeur.valeur is not None and alias in compares:
                fait[f"p__{alias}"] = echelle(valeur.valeur)
        if resultat is not None:
            for nom, montant in resultat.montants.items():
                fait[nom] = echelle(Decimal(montant).quantize(Decimal("0.0001")))
            for nom, jour_calcule in resultat.dates.items():
                fait[nom] = date_entier(jour_calcule)
        comparatifs = self._comparatifs[regle.id]
        if comparatifs:
            session.calculs[(regle.id, sujet)]["comparaisons"] = self._comparer(
                donnees, regle, sujet, jour, resolus, resultat, comparatifs, fait)
        return fait

    def _comparer(self, donnees: Faits, regle: Regle, sujet: str, jour: date, resolus: dict, resultat,
                  comparatifs: list, fait: dict) -> list:
        """Copy both sides of each comparative test onto the calculation fact (values only)."""
        parametres = self.base.parametres

        def parametre_kb(ident: str):
            valeur = parametres[ident].valeur_au(jour)
            return valeur.valeur if valeur is not None else None

        valeurs = Valeurs(LecteurDossier(donnees, regle.sujet, sujet), self.base.notions, parametre_kb, resolus, resultat)
        cotes = []
        for i, test in enumerate(comparatifs):
            gauche, droite = valeurs.cotes(test)
            for nom, valeur in ((f"g__{i}", gauche.valeur), (f"g__{i}__possible", gauche.possible), (f"d__{i}", droite.valeur)):
                if valeur is not None:
                    fait[nom] = en_moteur(valeur)
            cotes.append((gauche, droite))
        return cotes

    # -- evaluation ------------------------------------------------------------------
    def _derouler(self, sid: str, lot: list[dict], jeu: tuple[int, dict] | None = None) -> None:
        """Assert the batch, then run every activation until the agenda is empty.

        The very calls and order of durable_rules' synchronous path (``Host.assert_facts``
        → ``Ruleset.do_actions`` → ``_flush_actions``): start the first action, run it,
        store the state back, complete it and start the next. Our actions never change the
        session state, so it is serialised once; a firing costs one JSON parse, not a
        closure, two clock readings and three serialisations.
        """
        poignee, actions = jeu or self._jeu(True)
        etat_session = verifier(durable_rules_engine.assert_facts(poignee, compact(lot)), lot)
        resultat = durable_rules_engine.start_action_for_state(poignee, etat_session)
        if not resultat:
            return
        etat, message = resultat[0], lire(resultat[1])
        update_state, complete_and_start = durable_rules_engine.update_state, durable_rules_engine.complete_and_start_action
        while True:
            nom, faits = next(iter(message.items()))
            actions[nom](Activation(faits, poignee, sid))
            try:
                update_state(poignee, etat)
                suivant = complete_and_start(poignee, etat_session)
            except BaseException:
                durable_rules_engine.abandon_action(poignee, etat_session)
                raise
            if not suivant:
                return
            message = lire(suivant)

    def evaluer(self, faits: Faits, chaine: bool = True) -> Evaluation:
        """Assert every fact in one batch in a fresh session, collect, delete the session.

        ``chaine=False`` runs the ruleset without observation rules: the same conclusions,
        calculations and trace, but no condition values (``observations`` stays empty), for
        outputs that do not show the chain of reasoning.
        """
        with self._verrou:
            jeu = self._jeu(chaine)
            poignee = jeu[0]
            self._numero += 1
            sid = f"s{self._numero}"
            session = _Session(self.base, faits, chaine)
            self._session = session
            attributs = self._attributs  # what no rule reads is not given to the engine
            lot = [{k: v for k, v in f.items() if k in attributs} for f in faits.liste]
            for fait in lot:
                fait["sid"] = sid
            session.fait_dossier = next((f for f in lot if f["t"] == "dossier"), {})
            try:
                if chaine:
                    self._derouler(sid, lot)  # (the one-argument form a subclass may override)
                else:
                    self._derouler(sid, lot, jeu)
                etat = lire(durable_rules_engine.get_state(poignee, sid))
                if etat and etat.get("exception"):
                    session.erreurs.append(("durable_rules", str(etat["exception"])))
            except ErreurMoteur:
                raise
            except Exception as exc:
                raise ErreurMoteur(f"le moteur de règles a refusé les faits : {exc}") from None
            finally:
                try:
                    durable_rules_engine.delete_state(poignee, sid)
                except Exception:
                    pass
                self._session = None
            if session.erreurs:
                nom, message = session.erreurs[0]
                raise ErreurMoteur(f"règle {nom} : {message}")
            return Evaluation(faits, session.conclusions, session.calculs, session.trace, session.hors_champ, session.observations)


# Limits of the C engine (durable_rules 2.0.28, rules.h / rete.c) met while compiling a base.
_LIMITES = {
    "108": " (plus de 256 règles sur un même nœud du réseau : voir compilateur._Motifs._type)",
    "113": " (une règle joint plus de 32 expressions entre ses motifs : la scinder ou alléger une condition « une_de »)",
    "112": " (trop de règles ou de motifs au total)",
}


def _code(exc: Exception) -> str:
    texte = str(exc)
    return texte.rsplit("error code:", 1)[1].strip() if "error code:" in texte else ""


def _parametres_compares(regle: Regle) -> set[str]:
    """Aliases of the parameters a condition of ``regle`` uses as a bound."""
    return {t.valeur["parametre"] for c in regle.conditions for t in c.tests
            if isinstance(t.valeur, dict) and "parametre" in t.valeur}


def _parametres_decales(regle: Regle) -> set[str]:
    """Aliases of the parameters that shift a compared value (``plus: {mois: {parametre: x}}``)."""
    return {nom for c in regle.conditions for t in c.tests if t.operande is not None
            for genre, nom in t.operande.references() if genre == "parametre"}


def date_gouvernante(regle: Regle, faits: Faits, sujet: str) -> tuple[date, str | None]:
    """The date at which this rule reads the law for this subject, and a note if defaulted."""
    morceaux = regle.date.split(".")
    if regle.date == "dossier.date_reference":
        return faits.date_reference, None
    from lexfoyer.droit.regles import SECTIONS_DOSSIER
    if morceaux[0] in SECTIONS_DOSSIER:
        valeur: Any = faits.donnees
        chemin = morceaux
    else:
        valeur = faits.entites.get((regle.sujet, sujet), {})
        chemin = morceaux[1:]
        if morceaux[0] != regle.sujet:  # a relation (pret.bien.…, assurance.pret.…)
            chemin = morceaux
            if regle.sujet == "assurance" and morceaux[0] == "pret":
                pret_id = sujet.split("/", 1)[0]
                valeur = {"pret": faits.entites.get(("pret", pret_id), {})}
    for m in chemin:
        valeur = valeur.get(m) if isinstance(valeur, dict) else None
    if isinstance(valeur, str):
        return date.fromisoformat(valeur), None
    return faits.date_reference, f"{regle.date} inconnue : droit lu au {faits.date_reference.isoformat()}"
