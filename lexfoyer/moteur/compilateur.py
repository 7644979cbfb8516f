"""Compile the YAML rules into a durable_rules ruleset (its JSON form).

Three-valued status is *compiled*, not evaluated beside the engine. Every condition is
split into three mutually exclusive pattern tests on the facts: true (T), false (F) and
unknown (U: the fact is absent, or the conclusion it depends on is « à vérifier »). A
rule ``R`` becomes several durable_rules rules, one per way it can conclude:

- ``R__oui``: every condition T → ``applicable``;
- ``R__non__i``: condition *i* F → ``non_applicable`` (one per condition);
- ``R__inc__j``: condition *j* U and every other condition T or U → ``a_verifier``;
- ``R__calc``: runs the rule's calculation and asserts its result as a fact, on which
  conditions ``calcul.…`` are then matched;
- ``R__hors__k``: scope condition *k* false or unknown → the rule concludes nothing for
  that subject (recorded in the trace, so "why not" can still be answered).

The three families are disjoint by construction, so exactly one status is reached per
subject. The hazards of durable_rules 2.0.28 are closed here by construction: every
pattern starts with a type equality (H5), no join ever references ``id`` (H2/H3: joins use
``ref``), no ``$not`` is used (no eager negation), priorities are never negative (H13),
``$or`` is only emitted where the action wrapper dedupes (H4), numbers are scaled integers
and dates ``AAAAMMJJ`` integers (H9), and a final sink rule handles every fact (H1/H11).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.cas.faits import SENTINELLE, date_entier, echelle
from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme
from lexfoyer.moteur.motifs import DOSSIER
from lexfoyer.droit.regles import RACINE_NOTION, SECTIONS_DOSSIER, Condition, Regle, Test, tests_comparatifs

JAMAIS = None  # a test that can never hold (e.g. "unknown" for a closed-world fact)
PUITS = "lexfoyer__puits"
PRIORITE_PUITS = 1000
TYPE_JAMAIS = "lexfoyer__jamais"  # no fact ever has this type
MOTIFS_MAX = 16  # durable_rules fails (error 304) on a rule joining 17 patterns
LARGEUR_MAX = 48  # children of one alpha node; durable_rules aborts past 64 (H16)


def nom_ruleset(empreinte: str) -> str:
    return f"lexfoyer_{empreinte[:20]}"


def alias_du_fait(regle: Regle, fait: str) -> tuple[str, str]:
    """(pattern alias, attribute path on that fact) of a rule's fact path."""
    morceaux = fait.split(".")
    racine = morceaux[0]
    if racine in ("calcul", RACINE_NOTION):
        return "k", ".".join(morceaux[1:])
    if racine in SECTIONS_DOSSIER:
        return "d", fait
    if racine == regle.sujet:
        return "s", ".".join(morceaux[1:])
    return "s", "_" + fait  # a relation copied inside the subject's fact (pret → _bien.…)


def _constante(valeur: Any, genre_date: bool) -> Any:
    if isinstance(valeur, bool) or valeur is None:
        return valeur
    if isinstance(valeur, (int, Decimal)):
        return echelle(valeur)
    if isinstance(valeur, str) and genre_date:
        return date_entier(date.fromisoformat(valeur))
    return valeur


def _est_date(texte: Any) -> bool:
    if not isinstance(texte, str) or len(texte) != 10:
        return False
    try:
        date.fromisoformat(texte)
        return True
    except ValueError:
        return False


def _ou(tests: list) -> Any:
    tests = [t for t in tests if t is not JAMAIS]
    if not tests:
        return JAMAIS
    return tests[0] if len(tests) == 1 else {"$or": tests}


def _et(tests: list) -> Any:
    if any(t is JAMAIS for t in tests):
        return JAMAIS
    tests = [t for t in tests if t is not None and t != {}]
    if not tests:
        return {}
    return tests[0] if len(tests) == 1 else {"$and": tests}


def trois_tests(test: Test, alias_param: dict | None = None) -> tuple[Any, Any, Any]:
    """The (T, F, U) pattern expressions of one elementary test."""
    attribut = test.fait
    op, v = test.operateur, test.valeur
    existe = {"$ex": {attribut: 1}}
    absent = {"$nex": {attribut: 1}}
    if isinstance(v, dict) and "parametre" in v:
        borne: Any = {"$m": f"p__{v['parametre']}"}
        u = {"$or": [absent, {"$nex": {f"p__{v['parametre']}": 1}}]}
    else:
        borne = _constante(v, _est_date(v))
        u = absent
    if op == "egal":
        t, f = {attribut: borne}, _et([existe, {"$neq": {attribut: borne}}])
    elif op == "different":
        f, t = {attribut: borne}, _et([existe, {"$neq": {attribut: borne}}])
    elif op in ("dans", "hors"):
        valeurs = [_constante(x, _est_date(x)) for x in v]
        dedans = _ou([{attribut: x} for x in valeurs])
        dehors = _et([existe] + [{"$neq": {attribut: x}} for x in valeurs])
        t, f = (dedans, dehors) if op == "dans" else (dehors, dedans)
    elif op in ("min", "max", "sup", "inf"):
        vrai, faux = {"min": ("$gte", "$lt"), "max": ("$lte", "$gt"), "sup": ("$gt", "$lte"), "inf": ("$lt", "$gte")}[op]
        t, f = {vrai: {attribut: borne}}, {faux: {attribut: borne}}
    elif op == "existe":
        t, f, u = (existe, absent, JAMAIS) if v else (absent, existe, JAMAIS)
    elif op in ("contient", "contient_un"):
        valeurs = [_constante(x, False) for x in (v if op == "contient_un" else [v])]
        t = {"$iany": {attribut: _ou([{"$i": x} for x in valeurs])}}
        # the fact builder puts a sentinel first in every list, so $iall is never
        # asked about an empty list (durable_rules does not match $iall on [])
        f = _et([existe, {"$iall": {attribut: _et([{"$neq": {"$i": x}} for x in valeurs])}}])
        if SENTINELLE in valeurs:  # pragma: no cover - a rule may not test the sentinel
            raise ValueError("valeur réservée")
    elif op in ("depuis_au_moins", "depuis_moins_de"):
        unite, quantite = next(iter(v.items()))
        ecoule = f"{attribut}__{unite}"
        t, f = ({"$gte": {ecoule: quantite}}, {"$lt": {ecoule: quantite}})
        if op == "depuis_moins_de":
            t, f = f, t
        u = {"$nex": {ecoule: 1}}
    else:  # pragma: no cover - rejected at load
        raise ValueError(op)
    if isinstance(v, dict) and "parametre" in v:
        # durable_rules matches both $lt and $gte when the right-hand attribute is absent:
        # true and false both require the parameter, whose absence is « unknown »
        garde = {"$ex": {f"p__{v['parametre']}": 1}}
        t, f = _et([existe, garde, t]), _et([existe, garde, f])
    if test.absent == "faux" and u is not JAMAIS:
        f, u = _ou([f, u]), JAMAIS
    return t, f, u


_COMPARAISONS = {"min": ("$gte", "$lt"), "max": ("$lte", "$gt"), "sup": ("$gt", "$lte"), "inf": ("$lt", "$gte")}


def trois_tests_comparatifs(test: Test, i: int) -> tuple[Any, Any, Any]:
    """(T, F, U) of the comparative test number ``i`` of a rule, on its calculation fact.

    Both sides are values on that fact (:mod:`lexfoyer.moteur.valeurs`): ``g__i`` and
    ``d__i``. Each side is *guarded*: durable_rules matches ``$lt`` and ``$gte`` (and
    ``=``, ``$neq``) alike when the right-hand attribute is absent, so T and F both require
    the two attributes, and U is « one of them is absent ».
    """
    g, d = f"g__{i}", f"d__{i}"
    op = test.operateur
    if op in ("au_moins", "au_plus"):
        possible, n = f"{g}__possible", echelle(test.valeur)
        if op == "au_moins":  # at least n: n known; not even n possible; else unknown
            t, f = {"$gte": {g: n}}, {"$lt": {possible: n}}
            u = {"$or": [{"$nex": {g: 1}}, {"$and": [{"$lt": {g: n}}, {"$gte": {possible: n}}]}]}
        else:  # at most n: even the possible ones are at most n; already more than n known
            t, f = {"$lte": {possible: n}}, {"$gt": {g: n}}
            u = {"$or": [{"$nex": {g: 1}}, {"$and": [{"$lte": {g: n}}, {"$gt": {possible: n}}]}]}
    elif op == "existe":
        t, f, u = ({"$ex": {g: 1}}, {"$nex": {g: 1}}, JAMAIS) if test.valeur else ({"$nex": {g: 1}}, {"$ex": {g: 1}}, JAMAIS)
    elif op in ("dans", "hors"):  # the constant list is the right side; membership of g in it
        garde = [{"$ex": {g: 1}}, {"$ex": {d: 1}}]
        dedans, dehors = {"$iany": {d: {"$i": {"$m": g}}}}, {"$iall": {d: {"$neq": {"$i": {"$m": g}}}}}
        vrai, faux = (dedans, dehors) if op == "dans" else (dehors, dedans)
        t, f = _et(garde + [vrai]), _et(garde + [faux])
        u = {"$or": [{"$nex": {g: 1}}, {"$nex": {d: 1}}]}
    else:
        garde = [{"$ex": {g: 1}}, {"$ex": {d: 1}}]
        droite = {"$m": d}
        if op == "egal":
            vrai, faux = {g: droite}, {"$neq": {g: droite}}
        elif op == "different":
            vrai, faux = {"$neq": {g: droite}}, {g: droite}
        elif op == "contient":
            vrai, faux = {"$iany": {g: {"$i": droite}}}, {"$iall": {g: {"$neq": {"$i": droite}}}}
        elif op in _COMPARAISONS:
            a, b = _COMPARAISONS[op]
            vrai, faux = {a: {g: droite}}, {b: {g: droite}}
        else:  # pragma: no cover - rejected at load
            raise ValueError(op)
        t, f = _et(garde + [vrai]), _et(garde + [faux])
        u = {"$or": [{"$nex": {g: 1}}, {"$nex": {d: 1}}]}
    if test.absent == "faux":
        f, u = _ou([f, u]), JAMAIS
    return t, f, u


def complements_comparatifs(test: Test, i: int) -> tuple[Any, Any]:
    """(not T, not F) of a comparative test, written compactly.

    ``F or U`` and ``T or U`` spelled out repeat the guards; durable_rules refuses a rule
    whose patterns hold more than 32 expressions (error 113), which the « à vérifier »
    variants (every other condition « not false ») reach quickly. On a total order, « not
    false » is « a side is absent, or the comparison holds »: three expressions, not five.
    """
    g, d = f"g__{i}", f"d__{i}"
    op = test.operateur
    if op in ("au_moins", "au_plus"):
        possible, n = f"{g}__possible", echelle(test.valeur)
        if op == "au_moins":
            return {"$or": [{"$nex": {g: 1}}, {"$lt": {g: n}}]}, {"$or": [{"$nex": {g: 1}}, {"$gte": {possible: n}}]}
        return {"$or": [{"$nex": {g: 1}}, {"$gt": {possible: n}}]}, {"$or": [{"$nex": {g: 1}}, {"$lte": {g: n}}]}
    t, f, u = trois_tests_comparatifs(test, i)
    if op == "existe":
        return f, t
    vrai, faux = t["$and"][-1], f["$and"][-1] if "$and" in f else f
    absent = [{"$nex": {g: 1}}, {"$nex": {d: 1}}]
    non_t = {"$or": absent + [faux]}
    non_f = t if test.absent == "faux" else {"$or": absent + [vrai]}
    return non_t, non_f


def _attribut_local(regle: Regle, test: Test) -> Test:
    _alias, attribut = alias_du_fait(regle, test.fait)
    return Test(attribut, test.operateur, test.valeur, test.absent, test.libelle)


def trois_conditions(regle: Regle, cond: Condition, comparatifs: list[Test] | None = None) -> tuple[str, Any, Any, Any]:
    """(alias, T, F, U) of a condition (see :func:`quatre_conditions`)."""
    return quatre_conditions(regle, cond, comparatifs)[:4]


def quatre_conditions(regle: Regle, cond: Condition, comparatifs: list[Test] | None = None) -> tuple[str, Any, Any, Any, Any]:
    """(alias, T, F, U) of a condition, on one pattern alias.

    ``comparatifs`` is the rule's list of comparative tests (:func:`lexfoyer.droit.regles.
    tests_comparatifs`); the position of a test in it names its two values ``g__i``/``d__i``.
    """
    if cond.conclusion:
        u = {"statut": "a_verifier"}
        if cond.statut == "tranchee":  # the other conclusion is decided, either way: never false
            t = _ou([{"statut": "applicable"}, {"statut": "non_applicable"}])
            return f"c:{cond.conclusion}", t, JAMAIS, u, _ou([t, u])
        autre = {"applicable": "non_applicable", "non_applicable": "applicable"}[cond.statut]
        t, f = {"statut": cond.statut}, {"statut": autre}
        return f"c:{cond.conclusion}", t, f, u, _ou([t, u])
    comparatifs = comparatifs or []

    def rang(test: Test) -> int:
        return next(i for i, x in enumerate(comparatifs) if x is test)

    def triplet(test: Test) -> tuple[Any, Any, Any]:
        if test.comparatif:
            return trois_tests_comparatifs(test, rang(test))
        return trois_tests(_attribut_local(regle, test))

    def complements(test: Test, triplet_: tuple) -> tuple[Any, Any]:
        if test.comparatif:
            return complements_comparatifs(test, rang(test))
        return _ou([triplet_[1], triplet_[2]]), _ou([triplet_[0], triplet_[2]])

    alias = "k" if cond.tests[0].comparatif else alias_du_fait(regle, cond.tests[0].fait)[0]
    triplets = [triplet(t) for t in cond.tests]
    if not cond.une_de:
        t, f, u = triplets[0]
        return alias, t, f, u, complements(cond.tests[0], triplets[0])[1]
    t = _ou([x[0] for x in triplets])
    f = _et([x[1] for x in triplets])
    inconnus = [x[2] for x in triplets if x[2] is not JAMAIS]
    if not any(test.comparatif for test in cond.tests):
        u = _et([_ou([x[1], x[2]]) for x in triplets] + [_ou(inconnus)]) if inconnus else JAMAIS
        return alias, t, f, u, _ou([t, u])
    paires = [complements(test, x) for test, x in zip(cond.tests, triplets)]
    non_f = _ou([p[1] for p in paires])  # not all false
    u = _et([p[0] for p in paires] + [non_f]) if inconnus else JAMAIS  # none true, not all false
    return alias, t, f, u, non_f


class _Motifs:
    """Builds the pattern list of one durable_rules rule for a rule's subject."""

    def __init__(self, regle: Regle, base, chemin: tuple[str, ...]):
        self.regle, self.base, self.chemin = regle, base, chemin
        self.tests: dict[str, list] = {}

    def ajouter(self, alias: str, test: Any) -> bool:
        if test is JAMAIS:
            return False
        self.tests.setdefault(alias, []).append(test)
        return True

    def _type(self, type_: str) -> list[dict]:
        """The type test, then tests true of every fact but proper to this rule (H15, H16).

        durable_rules links at most 256 rules (error 108, ERR_RULE_BETA_LIMIT_EXCEEDED) to
        one node of its alpha network, and identical pattern prefixes share their nodes: a
        bare ``{t: dossier}`` used by every variant of every rule overflows once the base
        holds about 250 variants. ``t`` never equals ``≠…``, so these tests always hold, yet
        they give each rule its own branch. A node may also have at most 64 children (past
        that the C engine aborts with « double free or corruption », H16): the rule's branch
        therefore hangs under a tree of group nodes (:func:`chemin_branche`), at most
        :data:`LARGEUR_MAX` children to a node, however many rules the base holds.
        """
        return [{"t": type_}] + [{"$neq": {"t": jeton}} for jeton in self.chemin]

    def motifs(self, avec_calcul: bool) -> list[dict]:
        r = self.regle
        liste = []
        if r.sujet != "dossier":
            liste.append({"sj": _et(self._type(r.sujet) + self.tests.get("s", []))})
        dossier_tests = self.tests.get("d", []) + (self.tests.get("s", []) if r.sujet == "dossier" else [])
        if r.sujet == "dossier" or dossier_tests:
            liste.append({DOSSIER: _et(self._type("dossier") + dossier_tests)})
        # else: no join with the dossier fact, which every session holds exactly once and on
        # which nothing is tested here. A join costs a beta node, and every session of the C
        # engine initialises ~10 KB of frames per beta node (state.c, createStateNode); the
        # action still reports the dossier fact among the facts used (motifs.aliases_de).
        jointure = [{"ref": {"sj": "ref"}}] if r.sujet != "dossier" else []
        if avec_calcul:
            liste.append({"calc": _et(self._type("calcul") + [{"regle": r.id}] + jointure + self.tests.get("k", []))})
        numero = 0
        for alias, tests in sorted(self.tests.items()):
            if alias.startswith("c:"):
                conclusion = alias[2:]
                autre = self.base.regle_de(conclusion)
                lien = jointure if autre.sujet == r.sujet and r.sujet != "dossier" else []
                for test in tests:
                    numero += 1
                    liste.append({f"cc{numero}": _et(self._type("conclusion") + [{"cid": conclusion}] + lien + [test])})
        if len(liste) > MOTIFS_MAX:
            raise limite_moteur(r, f"plus de {MOTIFS_MAX} motifs joints dans une variante (limite de durable_rules, erreur 304) : scinder la règle")
        return liste


def limite_moteur(regle: Regle, message: str) -> ErreurDonnees:
    """An engine limit a rule would hit, located at the rule, before the C code can crash."""
    return ErreurDonnees([Probleme(regle.fichier, regle.position[0], regle.position[1], regle.id, message)])


def chemin_branche(rang: int, total: int) -> tuple[str, ...]:
    """The group tokens, then the rule's own token, of the rule ranked ``rang`` of ``total``.

    Level ``n`` groups the rules by ``rang // LARGEUR_MAX**n``: a node of level ``n`` has at
    most :data:`LARGEUR_MAX` children, and there are as many levels as the base needs. The
    rule's own token is its rank (``≠17``; a group token has a colon, ``≠1:0``): any token
    unique to the rule would do, and a short one is that much less JSON for the C engine to
    parse twice at every start (the rule ids made it 8 % of the ruleset's text).
    """
    niveaux, capacite = 0, LARGEUR_MAX
    while capacite < total:
        capacite *= LARGEUR_MAX
        niveaux += 1
    groupes = tuple(f"≠{n}:{rang // LARGEUR_MAX ** n}" for n in range(niveaux, 0, -1))
    return groupes + (f"≠{rang}",)


def compiler_regle(regle: Regle, base, chemin: tuple[str, ...] | None = None) -> dict[str, dict]:
    """durable_rules rules (name → definition) of one YAML rule."""
    chemin = chemin or (f"≠{regle.id}",)
    sortie: dict[str, dict] = {}
    comparatifs = tests_comparatifs(regle)
    avec_calcul = bool(regle.calcul or regle.parametres or comparatifs)
    portee = [(alias_du_fait(regle, t.fait)[0], trois_tests(_attribut_local(regle, t))) for t in regle.portee]
    quintuplets = [quatre_conditions(regle, c, comparatifs) for c in regle.conditions]
    conditions = [q[:4] for q in quintuplets]

    def variante(nom: str, choix: list[tuple[str, Any]], calcul: bool) -> None:
        m = _Motifs(regle, base, chemin)
        for alias, (t, _f, _u) in portee:
            m.ajouter(alias, t)
        for alias, test in choix:
            if not m.ajouter(alias, test):
                return  # this combination can never hold
        sortie[f"{regle.id}__{nom}"] = {"all": m.motifs(calcul), "run": f"{regle.id}__{nom}"}

    if avec_calcul:
        variante("calc", [], False)
    for k, (alias, (t, f, u)) in enumerate(portee):
        m = _Motifs(regle, base, chemin)
        hors = _ou([f, u])
        if hors is JAMAIS:
            continue
        for j, (alias_j, (tj, _fj, _uj)) in enumerate(portee):
            if j < k:
                m.ajouter(alias_j, tj)
        m.ajouter(alias, hors)
        sortie[f"{regle.id}__hors__{k}"] = {"all": m.motifs(False), "run": f"{regle.id}__hors__{k}"}
    for i, (alias, t, _f, _u) in enumerate(conditions):
        # observations: each condition's own value, for `explain` ("why" and "why not").
        # « inconnu » is what every reader takes for a condition not observed true or
        # false, so it needs no rule of its own; « faux » is observed by ``non__i`` itself,
        # whose patterns are exactly those an ``obs__faux__i`` would have.
        variante(f"obs__vrai__{i}", [(alias, t)], avec_calcul and alias == "k")
    variante("oui", [(a, t) for a, t, _f, _u in conditions], avec_calcul)
    for i, (alias, _t, f, _u) in enumerate(conditions):
        variante(f"non__{i}", [(alias, f)], avec_calcul and alias == "k")
    for j, (alias_j, _t, _f, u) in enumerate(conditions):
        if u is JAMAIS:
            continue
        choix = [(alias_j, u)]
        for i, (alias, _t, _f, _u, pas_faux) in enumerate(quintuplets):
            if i != j:
                choix.append((alias, pas_faux))
        variante(f"inc__{j}", choix, avec_calcul)
    return sortie


def compiler(base) -> dict:
    """The whole ruleset, ``{nom: {regle: définition}}``, in a fixed order."""
    regles: dict[str, dict] = {}
    ordre = sorted(base.regles.values(), key=lambda r: r.id)
    for rang, regle in enumerate(ordre):
        variantes = compiler_regle(regle, base, chemin_branche(rang, len(ordre)))
        if len(variantes) > LARGEUR_MAX:
            raise limite_moteur(regle, f"{len(variantes)} variantes compilées, plus que les {LARGEUR_MAX} branches "
                                       "qu'un nœud de durable_rules supporte : scinder la règle")
        regles.update(variantes)
    # H1: every fact must match some pattern or durable_rules refuses it. The sink's first
    # pattern matches every fact; its second matches none, so the sink never *fires*:
    # a fired action costs a closure and two JSON round trips in durable_rules, about a
    # fifth of an evaluation when every fact fired it.
    regles[PUITS] = {"all": [{"m": {"$ex": {"t": 1}}}, {"n": {"t": TYPE_JAMAIS}}], "run": PUITS, "pri": PRIORITE_PUITS}
    for nom, definition in regles.items():
        for motif in definition["all"]:
            (expression,) = motif.values()
            assert _commence_par_type(expression) or nom == PUITS, nom  # H5
            assert "'id'" not in str(expression), nom  # H2/H3: never match or join on id
    return {nom_ruleset(base.empreinte): regles}


def _commence_par_type(expression: dict) -> bool:
    if "t" in expression:
        return True
    return "$and" in expression and isinstance(expression["$and"][0], dict) and "t" in expression["$and"][0]
