"""Rules as Python objects, read from ``rules/<domaine>.yaml``.

A rule says *how* the law applies: which conclusion it reaches, about which subject
(the dossier, each person, each loan, each bien, each insurance), on which conditions,
citing which provisions, read at which date. The conditions are data; they are compiled
into a durable_rules ruleset (:mod:`lexfoyer.compilateur`), never evaluated in Python.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from lexfoyer.lecture.enregistrement import enregistrement, remplacer

OPERATEURS = ("egal", "different", "dans", "hors", "min", "max", "sup", "inf", "existe",
              "contient", "contient_un", "depuis_au_moins", "depuis_moins_de", "au_moins", "au_plus")

#: operators whose right side may be another fact, a parameter or a notion (an operand)
OPERATEURS_COMPARAISON = ("egal", "different", "min", "max", "sup", "inf", "contient")

#: the root of a fact path naming a derived value (``notion.age_assure``), see droit/notions
RACINE_NOTION = "notion"

SUJETS = ("dossier", "personne", "pret", "bien", "assurance", "enfant")

# Sections of the dossier that live on the single ``dossier`` fact.
SECTIONS_DOSSIER = ("dossier", "situation_familiale", "demandes", "difficultes", "menage", "location")

# Entities copied inside a subject's fact, so that no join can silently fail.
RELATIONS = {
    "dossier": (),
    "personne": (),
    "pret": ("bien",),
    "bien": (),
    "assurance": ("pret", "personne"),
    "enfant": (),
}


#: Relations a rule may follow from its subject to another entity of the dossier, by name:
#: (subject type, relation) → (target type, French description). They are *identities*
#: (who is the other spouse), resolved by :mod:`lexfoyer.cas.lecture`, never verdicts; a test
#: through one is comparative (its value is read, then compared by the engine).
RELATIONS_NOMMEES: dict[tuple[str, str], tuple[str, str]] = {
    ("bien", "conjoint_non_proprietaire"): (
        "personne", "l'autre membre du couple que le propriétaire du bien (bien.proprietaire)"),
    ("bien", "demandeur_attribution"): (
        "personne", "la personne qui demande l'attribution du logement (demandes.attribution_logement.demandeur)"),
}
NOMS_RELATIONS = frozenset(nom for _sujet, nom in RELATIONS_NOMMEES)


@enregistrement(frozen=True)
class Operande:
    """The right side of a comparison when it is not a constant.

    Exactly one of ``fait`` (another fact of the dossier, or ``notion.x``) and ``parametre``
    (an alias of the rule's ``parametres``), optionally shifted by a calendar period
    ``decalage`` = (unit, quantity), the quantity itself a constant, a fact or a parameter:
    ``{fait: personne.arret_travail.depuis, plus: {jours: {parametre: franchise}}}``.
    """

    fait: str | None = None
    parametre: str | None = None
    decalage: tuple[str, Any, int] | None = None  # (jours|mois|annees, quantity, +1 or -1)

    def references(self) -> list[tuple[str, str]]:
        """Every (kind, name) this operand reads: ("fait", path) or ("parametre", alias)."""
        refs = [("fait", self.fait)] if self.fait else [("parametre", self.parametre)]
        if self.decalage:
            quantite = self.decalage[1]
            if isinstance(quantite, dict):
                refs += [("fait", quantite["fait"])] if "fait" in quantite else [("parametre", quantite["parametre"])]
        return refs


@enregistrement(frozen=True)
class Test:
    """One elementary test on one fact: ``fait`` ``operateur`` ``valeur``."""

    __test__ = False  # a legal test, not a pytest test class

    fait: str
    operateur: str
    valeur: Any
    absent: str = "inconnu"
    libelle: str = ""
    compare: bool = False  # compared on the calculation fact (a « une_de » across entities)

    @property
    def racine(self) -> str:
        return self.fait.split(".", 1)[0]

    # operande and comparatif are read for every condition of every dossier's report: made
    # once per test (a test is frozen), kept beside its fields, never cached nor compared
    @cached_property
    def operande(self) -> Operande | None:
        """The operand when the right side is a fact, a parameter or a notion (else None)."""
        v = self.valeur
        if not isinstance(v, dict) or not ({"fait", "parametre"} & v.keys()):
            return None
        decalage = None
        for sens, signe in (("plus", 1), ("moins", -1)):
            if sens in v:
                unite, quantite = next(iter(v[sens].items()))
                decalage = (unite, quantite, signe)
        return Operande(v.get("fait"), v.get("parametre"), decalage)

    @cached_property
    def comparatif(self) -> bool:
        """Whether the engine compares two values of the rule's calculation fact.

        A test is *comparative* when its right side is not a constant, or when its fact is
        a notion, or when it counts (``au_moins`` / ``au_plus``): both sides are then copied
        as values — never as a verdict — onto the rule's ``calcul`` fact, where durable_rules
        compares them (:mod:`lexfoyer.moteur.compilateur`). A parameter compared with a
        calculation output (``calcul.taux_effort max {parametre: …}``) stays as it was.
        """
        op = self.operande
        if self.compare:
            return True
        if self.racine in NOMS_RELATIONS or self.racine == RACINE_NOTION or self.operateur in ("au_moins", "au_plus"):
            return True
        if op is None:
            return False
        return not (op.parametre and not op.decalage and self.racine == "calcul")


@enregistrement(frozen=True)
class Condition:
    """A condition: one test, a group of tests of which one suffices, or another conclusion."""

    libelle: str
    tests: tuple[Test, ...] = ()
    une_de: bool = False
    conclusion: str | None = None
    statut: str = "applicable"


@enregistrement(frozen=True)
class Regle:
    id: str
    conclusion: str
    titre: str
    sujet: str
    date: str
    fondements: tuple[str, ...]
    appreciation: str | None
    parametres: dict
    calcul: dict | None
    portee: tuple[Test, ...]
    conditions: tuple[Condition, ...]
    explication: dict
    a_retenir: tuple[str, ...]
    notes: tuple[str, ...]
    domaine: str
    fichier: str
    position: tuple[int, int]
    intermediaire: bool = False  # a step of a multi-step test, used by another rule's « conclusion: »
    #: intermediate conclusions whose fondements the report cites with the rule's own, for
    #: the same subject, when the engine concluded them applicable (the basis of a partage)
    fondements_selon: tuple[str, ...] = ()


def tests_comparatifs(regle: Regle) -> list[Test]:
    """The rule's comparative tests, in a fixed order (their index names ``g__i``/``d__i``)."""
    return [t for cond in regle.conditions for t in cond.tests if t.comparatif]


def test_depuis(donnees: dict) -> Test:
    operateurs = [op for op in OPERATEURS if op in donnees]
    operateur = operateurs[0] if operateurs else ""
    return Test(
        fait=donnees["fait"],
        operateur=operateur,
        valeur=donnees.get(operateur),
        absent=donnees.get("absent", "inconnu"),
        libelle=donnees.get("libelle", ""),
    )


def nombre_operateurs(donnees: dict) -> int:
    return sum(1 for op in OPERATEURS if op in donnees)


def condition_depuis(donnees: dict) -> Condition:
    if "conclusion" in donnees:
        return Condition(libelle=donnees["libelle"], conclusion=donnees["conclusion"],
                         statut=donnees.get("statut", "applicable"))
    if "une_de" in donnees:
        tests = tuple(test_depuis(t) for t in donnees["une_de"])
        if len({_porteur(t) for t in tests}) > 1:
            # the alternatives read different facts (the bien and the dossier, a fact and a
            # notion): both sides of each are copied onto the calculation fact and compared
            # there, so that one pattern can hold the whole group
            tests = tuple(remplacer(t, compare=True) for t in tests)
        return Condition(libelle=donnees["libelle"], tests=tests, une_de=True)
    return Condition(libelle=donnees["libelle"], tests=(test_depuis(donnees),))


def _porteur(test: Test) -> str:
    """The fact a test is matched on: the calculation fact, the dossier fact or the subject's."""
    if test.comparatif or test.racine == "calcul":
        return "calcul"
    return "dossier" if test.racine in SECTIONS_DOSSIER else "sujet"


def regle_depuis(donnees: dict, domaine: str, fichier: str, position: tuple[int, int]) -> Regle:
    return Regle(
        id=donnees["id"],
        conclusion=donnees["conclusion"],
        titre=donnees["titre"],
        sujet=donnees["sujet"],
        date=donnees.get("date", "dossier.date_reference"),
        fondements=tuple(donnees["fondements"]),
        appreciation=donnees.get("appreciation"),
        parametres=dict(donnees.get("parametres", {})),
        calcul=donnees.get("calcul"),
        portee=tuple(test_depuis(t) for t in donnees.get("portee", ())),
        conditions=tuple(condition_depuis(c) for c in donnees["conditions"]),
        explication={k: " ".join(v.split()) for k, v in donnees["explication"].items()},
        a_retenir=tuple(" ".join(x.split()) for x in donnees.get("a_retenir", ())),
        notes=tuple(donnees.get("notes", ())),
        domaine=domaine,
        fichier=fichier,
        position=position,
        intermediaire=bool(donnees.get("intermediaire", False)),
        fondements_selon=tuple(donnees.get("fondements_selon", ())),
    )


# -- amounts that follow an intermediate conclusion (``calcul.selon``) ---------------------

SEPARATEUR_VARIANTE = "__"


def variante_selon(regle: Regle, statut: str | None) -> str | None:
    """The variant of the rule's amounts for the status the engine gave ``calcul.selon``'s
    conclusion (None: the rule has no ``selon``, or that conclusion is not decided)."""
    selon = (regle.calcul or {}).get("selon")
    if not selon or statut not in ("applicable", "non_applicable"):
        return None
    return selon[statut]


def montants_selon(regle: Regle, montants: dict, statut: str | None) -> dict:
    """The calculation's amounts as the rule publishes them: ``taux__reduit`` is published as
    ``taux`` when the variant is ``reduit``; an amount of another variant, or of any variant
    while the conclusion is undecided, is left out. A rule without ``selon`` keeps them all."""
    selon = (regle.calcul or {}).get("selon")
    if not selon:
        return montants
    variantes = {selon["applicable"], selon["non_applicable"]}
    choisie = variante_selon(regle, statut)
    sortie = {}
    for nom, valeur in montants.items():
        tete, sep, queue = nom.rpartition(SEPARATEUR_VARIANTE)
        if sep and queue in variantes:
            if queue == choisie:
                sortie[tete] = valeur
        else:
            sortie[nom] = valeur
    return sortie


def formule_selon(regle: Regle, formule: str, statut: str | None) -> str:
    """The formula's lines for the chosen variant: a line that begins with ``[variante]``
    belongs to that variant only (shown without the mark); the other lines are common."""
    selon = (regle.calcul or {}).get("selon")
    if not selon:
        return formule
    choisie = variante_selon(regle, statut)
    lignes = []
    for ligne in formule.split("\n"):
        marque = next((v for v in (selon["applicable"], selon["non_applicable"]) if ligne.startswith(f"[{v}] ")), None)
        if marque is None:
            lignes.append(ligne)
        elif marque == choisie:
            lignes.append(ligne[len(marque) + 3:])
    return "\n".join(lignes)
