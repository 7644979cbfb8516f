"""Calculators without a dossier: ``lexfoyer calc …`` (a notary checking one figure).

Each function takes plain figures, reads the dated parameters of the knowledge base at
the date given (never a rate written in code), calls the same pure functions the rules
use, and returns a :class:`Calcul`: the amounts, the formula with the figures, the
parameters with the date each value took effect, and the provisions relied on. A
figure the law does not give at that date is an error saying so, never an extrapolation.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from lexfoyer.droit.base import Base
from lexfoyer.calculs import Resultat
from lexfoyer.calculs.format import format_date, format_pourcent, sans_zero_negatif
from lexfoyer.calculs.frais import assiette_droit_de_partage, droit_de_partage, droits_mutation, emoluments_bareme, plafond_ira
from lexfoyer.calculs.adaptateurs_soulte import PARAMETRE_VARIANTE
from lexfoyer.calculs.interet_legal import TauxInconnu, interets_legaux
from lexfoyer.calculs.soulte import recompense, soulte, valeur_retenue
from lexfoyer.droit.kb import ValeurDatee
from lexfoyer.lecture.enregistrement import champ, enregistrement


class CalculImpossible(ValueError):
    """A calculator's inputs or the kb do not allow the figure (French, one line)."""


@enregistrement
class Calcul:
    titre: str
    montants: dict[str, Decimal]
    formule: str
    parametres: list[dict] = champ(default_factory=list)
    fondements: list[str] = champ(default_factory=list)
    jour: date | None = None  # the governing date (signature, partage…); None: the law in force today

    def fondements_cites(self, base: Base) -> list[dict]:
        """The provisions in their numbering of the governing date, as ``evaluate`` cites them
        (a loan signed in 2014 is read under R.312-2, not R.313-25), each article once."""
        from lexfoyer.rapport.construction import fondements_conclusion
        if self.jour is None:
            jours = [base.dispositions[f].versions[-1].debut for f in self.fondements]
            jour = max(jours) if jours else date.min
        else:
            jour = self.jour
        cites, _note = fondements_conclusion(base, self.fondements, jour)
        return [{k: f[k] for k in ("id", "citation", "url", "lien") if k in f} for f in cites]

    def en_dict(self, base: Base) -> dict:
        return {
            "titre": self.titre,
            "montants": {k: str(sans_zero_negatif(v)) for k, v in self.montants.items()},
            "formule": self.formule,
            "parametres": self.parametres,
            "fondements": self.fondements_cites(base),
        }


def _valeur_datee(base: Base, ident: str, jour: date) -> ValeurDatee:
    valeur = base.parametres[ident].valeur_au(jour)
    if valeur is None:
        raise CalculImpossible(f"paramètre « {ident} » sans valeur au {format_date(jour)} : "
                               "la base ne connaît pas la règle applicable à cette date")
    return valeur


def _lire(base: Base, ident: str, jour: date, utilises: list[dict]) -> Decimal:
    valeur = _valeur_datee(base, ident, jour)
    utilises.append({"id": ident, "valeur": str(valeur.valeur), "depuis": valeur.debut.isoformat()})
    return valeur.valeur


def _protege(fonction, *args, **kwargs) -> Resultat:
    try:
        return fonction(*args, **kwargs)
    except ArithmeticError as exc:  # decimal's own words (« [<class 'decimal.InvalidOperation'>] ») never shown
        raise CalculImpossible(_arithmetique(exc)) from None
    except (TypeError, ValueError) as exc:
        raise CalculImpossible(str(exc)) from None


def _arithmetique(exc: ArithmeticError) -> str:
    from decimal import DivisionByZero
    if isinstance(exc, (ZeroDivisionError, DivisionByZero)):
        return "division par zéro : une des valeurs données ne peut pas être nulle ici"
    return "nombres hors des limites de ce calcul"


def calc_soulte(valeurs: list[Decimal], crd: Decimal, quotes_parts: list[Decimal], reprise_pret: bool = True,
                recompenses: list[Decimal] | None = None, recompense_acquereur: Decimal = Decimal(0)) -> Calcul:
    """Soulte owed by the acquirer to each other co-owner (``quotes_parts`` of the others)."""
    valeur = _protege(valeur_retenue, valeurs)
    autres = {f"sortant_{i + 1}": qp for i, qp in enumerate(quotes_parts)}
    reste = Decimal(100) - sum(quotes_parts, Decimal(0))
    if reste <= 0:
        raise CalculImpossible("les quotes-parts des autres copropriétaires atteignent 100 % : l'acquéreur n'aurait aucune part")
    parts = {"acquereur": reste, **autres}
    dues = {nom: r for nom, r in zip(autres, recompenses or [])}
    if recompense_acquereur:
        dues["acquereur"] = recompense_acquereur
    resultat = _protege(soulte, valeur.montants["valeur_retenue"], parts, "acquereur", crd, reprise_pret, dues)
    montants = {"valeur_retenue": valeur.montants["valeur_retenue"], **resultat.montants}
    return Calcul("Soulte", montants, f"{valeur.formule}\n{resultat.formule}", [],
                  ["code-civil/1476", "code-civil/815"])


def calc_recompense(apport: Decimal, prix: Decimal | None, valeur: Decimal | None, finance: str,
                    profit: Decimal | None) -> Calcul:
    if finance == "acquisition":
        resultat = _protege(recompense, apport, prix, valeur, "acquisition")
    else:
        resultat = _protege(recompense, apport, finance=finance, profit_subsistant=profit)
    return Calcul("Récompense (art. 1469)", resultat.montants, resultat.formule, [], ["code-civil/1469"])


def calc_ira(base: Base, crd: Decimal, taux: Decimal, date_signature: date) -> Calcul:
    utilises: list[dict] = []
    mois = _lire(base, "ira.plafond_mois_interets", date_signature, utilises)
    pourcent = _lire(base, "ira.plafond_pourcent_crd", date_signature, utilises)
    resultat = _protege(plafond_ira, crd, taux, mois, pourcent)
    return Calcul("Plafond de l'indemnité de remboursement anticipé", resultat.montants, resultat.formule,
                  utilises, ["code-consommation/R313-25", "code-consommation/L313-47"], date_signature)


# ``--cas`` of `lexfoyer calc frais`, in the dossier's vocabulary: (lien, procedure, licitation);
# which rate of CGI 746 each one pays is the rule's (:func:`variante_du_partage`), not this table's
CAS_PARTAGE = {
    "divorce": ("mariage", "divorce_judiciaire", False),
    "separation_de_corps": ("mariage", "separation_de_corps", False),
    "rupture_pacs": ("pacs", "rupture_pacs", False),
    "licitation": ("mariage", "divorce_judiciaire", True),
    "concubins": ("concubinage", None, False),
    "autre": (None, "aucune", False),  # any other partage (succession…): general rate
}


def variante_du_partage(base: Base, jour: date, cas: str) -> str:
    """The variant of the droit de partage (``reduit`` or ``general``) for a partage of ``cas``
    on ``jour``: the engine evaluates the rules on a dossier made of that case's facts, and
    the status it gives ``calcul.droit_de_partage``'s step (``calcul.selon``) chooses, as in
    ``evaluate`` — no Python copy of the condition."""
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.cas.dossier import dossier_depuis_texte
    from lexfoyer.droit.regles import variante_selon
    regle = base.regle_de("calcul.droit_de_partage")
    etape = regle.calcul["selon"]["conclusion"]
    lien, procedure, licitation = CAS_PARTAGE[cas]
    situation = {k: v for k, v in (("lien", lien), ("procedure", procedure)) if v is not None}
    donnees = {"dossier": {"reference": f"calc-frais-{cas}", "date_reference": jour.isoformat()},
               "situation_familiale": situation, "personnes": [{"id": "A"}, {"id": "B"}],
               "biens": [{"id": "bien", "propriete": "indivis", "quotes_parts": {"A": 50, "B": 50}}],
               "demandes": {"rachat_soulte": {"bien": "bien", "acquereur": "A", "licitation": licitation,
                                              "date_partage": jour.isoformat()}}}
    evaluation, _rapport = evaluer_dossier(dossier_depuis_texte(json.dumps(donnees), f"calc frais --cas {cas}"), base,
                                           chaine=False)
    conclusion = evaluation.conclusions.get((etape, "bien"))
    variante = variante_selon(regle, conclusion["statut"] if conclusion else None)
    if variante is None:
        raise CalculImpossible(f"les règles ne disent pas quel taux du droit de partage s'applique au cas « {cas} »")
    return variante


def calc_frais(base: Base, valeur: Decimal, dettes: Decimal, jour: date, cas: str, soulte_montant: Decimal | None,
               departement_majore: bool) -> Calcul:
    """Droit de partage, notary's émoluments and, for ex-concubins, the duties on the soulte.

    ``cas``: ``divorce`` / ``separation_de_corps`` / ``rupture_pacs`` (reduced droit de
    partage), ``autre`` (general rate), ``licitation`` (CGI 750 II, general rate) or
    ``concubins`` (general rate on the actif net less the soulte, sale duties on the soulte);
    the same rules as the dossier's ``calcul.droit_de_partage``.
    """
    utilises: list[dict] = []
    fondements = ["code-general-impots/746", "code-commerce/A444-114"]
    lignes, montants = [], {}
    lien, procedure, licitation = CAS_PARTAGE[cas]
    # the rate of that variant, read from the parameter the rule declares for it
    regle = base.regle_de("calcul.droit_de_partage")
    taux = _lire(base, regle.parametres[PARAMETRE_VARIANTE[variante_du_partage(base, jour, cas)]], jour, utilises)
    concubins = lien == "concubinage"
    if concubins:
        if soulte_montant is None:
            raise CalculImpossible("entre ex-concubins, indiquer --soulte : elle supporte les droits de vente et sort de la base du droit de partage")
        fondements += ["code-general-impots/747", "code-general-impots/1594-D"]
        ident = "dmto.taux_global_majore" if departement_majore else "dmto.taux_global_standard"
        dmto = _protege(droits_mutation, soulte_montant, _lire(base, ident, jour, utilises))
        montants.update({f"droits_mutation_{k}": v for k, v in dmto.montants.items()})
        lignes.append(f"droits de mutation sur la soulte : {dmto.formule}")
    actif, _raison = assiette_droit_de_partage(valeur - dettes, concubins=concubins, licitation=licitation,
                                               soulte=soulte_montant)
    partage = _protege(droit_de_partage, actif, taux)
    montants.update({f"droit_de_partage_{k}": v for k, v in partage.montants.items()})
    lignes.insert(0, f"droit de partage ({cas}) : {partage.formule}")
    bareme = _valeur_datee(base, "emoluments_notaire.partage", jour)
    utilises.append({"id": "emoluments_notaire.partage", "valeur": " / ".join(format_pourcent(t) for _s, t in bareme.bareme),
                     "depuis": bareme.debut.isoformat()})
    emoluments = _protege(emoluments_bareme, valeur, list(bareme.bareme), _lire(base, "tva.taux_normal", jour, utilises))
    montants.update({f"emoluments_{k}": v for k, v in emoluments.montants.items()})
    lignes.append(f"émoluments du notaire sur la valeur brute : {emoluments.formule}")
    return Calcul(f"Frais du partage au {format_date(jour)}", montants, "\n".join(lignes), utilises, fondements, jour)


def calc_interet_legal(base: Base, montant: Decimal, du: date, au: date, categorie: str) -> Calcul:
    """Interest at the taux légal, semester by semester, from the kb's dated history."""
    ident = f"interet_legal.{categorie}"
    parametre = base.parametres[ident]
    periodes = [(v.debut, v.valeur) for v in parametre.valeurs]
    try:
        resultat = interets_legaux(montant, du, au, periodes)
    except TauxInconnu as exc:
        raise CalculImpossible(f"{exc} : paramètre « {ident} » sans valeur à cette date") from None
    except ArithmeticError as exc:
        raise CalculImpossible(_arithmetique(exc)) from None
    except (TypeError, ValueError) as exc:
        raise CalculImpossible(str(exc)) from None
    utilises = [{"id": ident, "valeur": str(v.valeur), "depuis": v.debut.isoformat()}
                for v in parametre.valeurs if v.valeur is not None and v.debut < au
                and (parametre.periode(v)[1] is None or parametre.periode(v)[1] >= du)]
    return Calcul(f"Intérêts au taux légal ({categorie})", resultat.montants, resultat.formule, utilises,
                  ["code-monetaire-financier/L313-2", "code-civil/1231-7"], au)
