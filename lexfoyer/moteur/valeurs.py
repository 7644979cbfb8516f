"""The values a comparison reads, copied onto a rule's calculation fact for the engine.

durable_rules compares two attributes of one fact (``{"$gte": {"g__0": {"$m": "d__0"}}}``),
not two attributes of two facts reached through paths, parameters resolved at a date, or
calendar arithmetic. So, for each *comparative* test of a rule (its right side is a fact,
a parameter or a notion, its fact is a notion, or it counts), the rule's calculation fact
carries both sides as plain values — ``g__i`` (left) and ``d__i`` (right, shifted by its
calendar period) — and the engine does the comparing. Nothing here decides a condition:
this module reads facts, computes notions (values, never verdicts) and adds periods with
the one calendar (:mod:`lexfoyer.calculs.calendrier`). An absent side leaves its
attribute out, so the compiled guard makes the condition *unknown*.

A count (``compter``) has two values, the items known to match and the items that may
(``g__i`` and ``g__i__possible``): « at least one minor child lives with X » is then true,
false or unknown as the engine compares those two with the bound.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable

from lexfoyer.calculs.calendrier import age_revolu, ajouter, annees_ecoulees, jours_ecoules, mois_ecoules
from lexfoyer.cas.faits import SENTINELLE, date_entier, echelle
from lexfoyer.cas.lecture import LecteurDossier
from lexfoyer.droit.notions import ENTITES_COMPTEES, Notion
from lexfoyer.droit.regles import NOMS_RELATIONS, RACINE_NOTION, RELATIONS_NOMMEES, Test
from lexfoyer.lecture.enregistrement import champ, enregistrement


@enregistrement
class Valeur:
    """One side of a comparison: its value, what it read, what was missing."""

    valeur: Any = None  # Decimal | date | str | bool | list | None (unknown)
    possible: Decimal | None = None  # counts only: the items that may match
    lus: dict = champ(default_factory=dict)  # dossier path -> value read
    manque: list = champ(default_factory=list)  # dossier paths (or reasons) to complete
    formule: str = ""

    def __init__(self, valeur: Any = None, possible: Decimal | None = None, lus: dict | None = None,
                 manque: list | None = None, formule: str = ""):
        # written out: ~65 values read a dossier, and the records' shared __init__ costs 1 µs
        self.valeur, self.possible = valeur, possible
        self.lus = {} if lus is None else lus
        self.manque = [] if manque is None else manque
        self.formule = formule


def _date(valeur: Any) -> date | None:
    if isinstance(valeur, date):
        return valeur
    if isinstance(valeur, str) and len(valeur) == 10:
        try:
            return date.fromisoformat(valeur)
        except ValueError:
            return None
    return None


def _nombre(valeur: Any) -> Decimal | None:
    if isinstance(valeur, bool) or valeur is None:
        return None
    if isinstance(valeur, (int, Decimal)):
        return Decimal(valeur)
    return None


class Valeurs:
    """Reads and computes the sides of a rule's comparative tests, for one subject."""

    def __init__(self, lecteur: LecteurDossier, notions: dict[str, Notion], parametre_kb: Callable[[str], Any],
                 parametres_regle: dict, resultat=None):
        self.lecteur = lecteur
        self.notions = notions
        self.parametre_kb = parametre_kb  # kb parameter id -> Decimal | None at the governing date
        self.parametres_regle = parametres_regle  # rule alias -> ValeurDatee | None
        self.resultat = resultat

    # -- reading ---------------------------------------------------------------------
    def fait(self, chemin: str) -> Valeur:
        morceaux = chemin.split(".")
        racine = morceaux[0]
        if racine in NOMS_RELATIONS and len(morceaux) == 3 and morceaux[1] == RACINE_NOTION:
            # a notion of the related entity (the minor children living with the other spouse)
            cible = RELATIONS_NOMMEES[(self.lecteur.type_sujet, racine)][0]
            ref = self.lecteur.ref_nommee(racine)
            if ref is None:
                return Valeur(None, manque=[self.lecteur.lire(chemin)[0]])
            return self.notion(self.notions[morceaux[2]], LecteurDossier(self.lecteur.faits, cible, ref))
        if racine == RACINE_NOTION:
            return self.notion(self.notions[chemin.split(".", 1)[1]], self.lecteur)
        if racine == "calcul":
            nom = chemin.split(".", 1)[1]
            valeur = None
            if self.resultat is not None:
                valeur = self.resultat.montants.get(nom, self.resultat.dates.get(nom))
            return Valeur(valeur, lus={chemin: valeur} if valeur is not None else {})
        lu, valeur = self.lecteur.lire(chemin)
        if valeur is None:
            return Valeur(None, manque=[lu])
        return Valeur(_date(valeur) or valeur, lus={lu: valeur})

    def parametre(self, alias: str) -> Valeur:
        valeur = self.parametres_regle.get(alias)
        if valeur is None or valeur.valeur is None:
            return Valeur(None, manque=[f"paramètre « {alias} » sans valeur à la date qui gouverne"])
        return Valeur(valeur.valeur, lus={f"paramètre:{alias}": valeur.valeur})

    def operande(self, spec: dict) -> Valeur:
        return self.fait(spec["fait"]) if "fait" in spec else self.parametre(spec["parametre"])

    # -- notions ---------------------------------------------------------------------
    def notion(self, notion: Notion, lecteur: LecteurDossier) -> Valeur:
        args = notion.arguments
        lire = Valeurs(lecteur, self.notions, self.parametre_kb, self.parametres_regle).fait
        if notion.fonction == "age_revolu":
            naissance, au = lire(args["naissance"]), lire(args["au"])
            if _date(naissance.valeur) and _date(au.valeur):
                age = age_revolu(naissance.valeur, au.valeur)
                return Valeur(Decimal(age), lus={**naissance.lus, **au.lus})
            if "age_declare" in args and naissance.valeur is None:
                declare = lire(args["age_declare"])
                if _nombre(declare.valeur) is not None:
                    return Valeur(_nombre(declare.valeur), lus=declare.lus)
            return Valeur(None, manque=naissance.manque + au.manque, lus={**naissance.lus, **au.lus})
        if notion.fonction == "duree":
            debut, fin = lire(args["debut"]), lire(args["fin"])
            if not (_date(debut.valeur) and _date(fin.valeur)):
                return Valeur(None, manque=debut.manque + fin.manque, lus={**debut.lus, **fin.lus})
            mesure = {"jours": jours_ecoules, "mois": mois_ecoules, "annees": annees_ecoulees}[args["unite"]]
            return Valeur(Decimal(mesure(debut.valeur, fin.valeur)), lus={**debut.lus, **fin.lus})
        if notion.fonction == "quote_part":
            parts = lire(args["quotes_parts"])
            spec = args["personne"]
            if isinstance(spec, dict) and "fait" in spec:  # the person a fact names (the occupant…)
                nomme = lire(spec["fait"])
                qui, parts.lus, parts.manque = nomme.valeur, {**parts.lus, **nomme.lus}, parts.manque + nomme.manque
            else:
                qui = self._valeur_filtre(spec, lecteur)
            if not isinstance(parts.valeur, dict) or qui is None:
                return Valeur(None, manque=parts.manque or [args["quotes_parts"]], lus=parts.lus)
            return Valeur(Decimal(parts.valeur.get(qui, 0)), lus=parts.lus)
        if notion.fonction == "compter":
            return self._compter(notion, lecteur)
        raise ValueError(f"fonction de notion inconnue « {notion.fonction} »")  # pragma: no cover - schema enum

    def _valeur_filtre(self, spec: Any, lecteur: LecteurDossier) -> Any:
        if isinstance(spec, dict) and "sujet" in spec:
            return lecteur.ref
        if isinstance(spec, dict) and "fait" in spec:  # a fact of the counting subject (pret.emprunteurs)
            return lecteur.lire(spec["fait"])[1]
        if isinstance(spec, dict) and "parametre" in spec:
            return self.parametre_kb(spec["parametre"])
        return spec

    def _compter(self, notion: Notion, lecteur: LecteurDossier) -> Valeur:
        """Items of ``parmi`` matching every filter: (known to match, may match)."""
        liste = notion.arguments["parmi"]
        type_item = ENTITES_COMPTEES[liste]
        items = lecteur.faits.donnees.get(liste)
        if items is None:
            return Valeur(None, manque=[liste])
        certains, possibles, manque, lus = 0, 0, [], {}
        refs = [ref for (t, ref) in lecteur.faits.chemins if t == type_item]
        for ref in refs:
            item = LecteurDossier(lecteur.faits, type_item, ref)
            verdicts = []
            for filtre in notion.arguments.get("filtre", []):
                if "notion" in filtre:
                    cote = self.notion(self.notions[filtre["notion"]], item)
                    valeur, chemin_lu = cote.valeur, None
                    manque_item = cote.manque
                    lus.update(cote.lus)
                else:
                    chemin_lu, valeur = item.lire(f"{type_item}.{filtre['attribut']}")
                    manque_item = [chemin_lu]
                    if valeur is not None:
                        lus[chemin_lu] = valeur
                    # a bound read from the counting subject (pret.emprunteurs) that the dossier lacks
                    faits_bornes = [v["fait"] for v in filtre.get("dans", []) if isinstance(v, dict) and "fait" in v]
                    sources = [lecteur.lire(f) for f in faits_bornes]
                    if valeur is not None and any(v is None for _c, v in sources):
                        manque_item = [c for c, v in sources if v is None]
                verdict = self._selection(filtre, valeur, lecteur)
                if verdict is None:
                    manque += manque_item
                verdicts.append(verdict)
            if all(v is True for v in verdicts):
                certains += 1
            if not any(v is False for v in verdicts):
                possibles += 1
        return Valeur(Decimal(certains), possible=Decimal(possibles), lus=lus, manque=list(dict.fromkeys(manque)))

    def _selection(self, filtre: dict, valeur: Any, lecteur: LecteurDossier) -> bool | None:
        """Whether one item is counted on one filter (None: unknown). Equality, membership and
        order only: the filter *selects* what is counted; the legal test is the rule's."""
        if valeur is None:
            return None
        if "egal" in filtre:
            return valeur == self._valeur_filtre(filtre["egal"], lecteur)
        if "dans" in filtre:
            permis = []
            for v in filtre["dans"]:
                resolu = self._valeur_filtre(v, lecteur)
                if resolu is None:
                    return None  # the subject does not say (its list of borrowers is unknown)
                permis += resolu if isinstance(resolu, list) else [resolu]
            return valeur in permis
        borne = self._valeur_filtre(filtre.get("inf", filtre.get("min")), lecteur)
        if borne is None:
            return None
        return valeur < borne if "inf" in filtre else valeur >= borne

    # -- both sides of a test ----------------------------------------------------------
    def cotes(self, test: Test) -> tuple[Valeur, Valeur]:
        gauche = self.fait(test.fait)
        op = test.operande
        if test.operateur in ("au_moins", "au_plus"):
            return gauche, Valeur(Decimal(test.valeur))
        if op is None:
            return gauche, Valeur(None if test.operateur == "existe" else _constante(test.valeur))
        droite = self.operande(test.valeur)
        if op.decalage and droite.valeur is not None:
            unite, quantite, signe = op.decalage
            q = self.operande(quantite) if isinstance(quantite, dict) else Valeur(Decimal(quantite))
            droite.lus.update(q.lus)
            if q.valeur is None or not _date(droite.valeur):
                droite = Valeur(None, manque=droite.manque + q.manque, lus=droite.lus)
            else:
                n = int(q.valeur) * signe
                droite = Valeur(ajouter(droite.valeur, **{unite: n}), lus=droite.lus,
                                formule=f"{'+' if signe > 0 else '−'} {abs(n)} {unite}")
        return gauche, droite


def _constante(valeur: Any) -> Any:
    """A rule's constant as a value: exact decimals (never binary floats), dates, lists."""
    if isinstance(valeur, bool) or valeur is None:
        return valeur
    if isinstance(valeur, (int, float)):
        return Decimal(str(valeur))
    if isinstance(valeur, list):
        return [_constante(v) for v in valeur]
    return _date(valeur) or valeur


def en_moteur(valeur: Any) -> Any:
    """A value as durable_rules can hold it (H9): scaled integers, AAAAMMJJ dates, sentinel lists."""
    if isinstance(valeur, bool) or isinstance(valeur, str):
        return valeur
    if isinstance(valeur, date):
        return date_entier(valeur)
    if isinstance(valeur, (int, Decimal)):
        return echelle(Decimal(valeur).quantize(Decimal("0.0001")))
    if isinstance(valeur, list):
        return [SENTINELLE] + [en_moteur(v) for v in valeur if not isinstance(v, (dict, list))]
    return None
