"""From an evaluation to the report contract of ``spec/conclusions.md``.

Nothing is decided here: the statuses, the failing conditions and the missing facts
come from the rules that fired. This module only looks up what a lawyer needs to read
them — the provision *versions in force on the governing date*, the facts each firing
used (by their path in the dossier), the amounts as exact 2-decimal strings — and fills
the French explanation templates.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer import __version__
from lexfoyer.droit.base import Base
from lexfoyer.calculs import arrondi_centime
from lexfoyer.calculs.format import format_date, format_nombre, sans_zero_negatif
from lexfoyer.cas.dossier import Dossier
from lexfoyer.moteur.execution import Evaluation, date_gouvernante
from lexfoyer.droit.regles import Condition, Regle, formule_selon, montants_selon
from lexfoyer.cas.vocabulaire import SOURCES_DERIVES
from lexfoyer.rapport.chaine import conditions_observees
from lexfoyer.rapport.lecteur import LecteurFaits, conclusion_liee, manque_comparaison, valeurs_condition

STATUTS = ("applicable", "a_verifier", "non_applicable")


def sujet_contrat(regle: Regle, ref: str) -> dict | None:
    if regle.sujet == "dossier":
        return None
    if regle.sujet == "assurance":
        pret, personne = ref.split("/", 1)
        return {"personne": personne, "pret": pret}
    return {regle.sujet: ref}


def _manque_condition(lecteur: LecteurFaits, cond: Condition, evaluation: Evaluation, vus: set) -> list[str]:
    if cond.conclusion:
        autre = conclusion_liee(evaluation, cond.conclusion, lecteur.ref)
        if autre is None or (cond.conclusion, autre["sujet"]) in vus:
            return []
        vus.add((cond.conclusion, autre["sujet"]))
        return _manque(autre, evaluation, vus) or [f"conclusion « {cond.conclusion} » à vérifier"]
    manque = []
    for test in cond.tests:
        if test.comparatif:
            manque += manque_comparaison(lecteur, test)
            continue
        chemin, valeur = lecteur.chemin_et_valeur(test)
        if valeur is None:
            if chemin.startswith("calcul."):
                calcul = evaluation.calculs.get((lecteur.regle.id, lecteur.ref), {})
                manque += calcul.get("manque") or [chemin]
            else:
                tete, _, nom = chemin.rpartition(".")
                source = SOURCES_DERIVES.get(nom)
                if source and source.startswith("/"):
                    manque.append(source[1:])
                else:
                    manque.append(f"{tete}.{source}" if source and tete else chemin)
    return manque


def _echec_chiffre(regle: Regle, conclusion: dict) -> bool:
    """Whether a rule is inapplicable because of a figure: a ``calcul.…`` test, or an order
    comparison with a date, an amount or a threshold (the franchise not yet run, an age at
    the limit). The figures then explain the refusal and stay in the report (a taux d'effort
    above the ceiling, the first day the insurer will pay)."""
    for tir in conclusion["tirs"]:
        if tir.variante.startswith("non__") and tir.condition is not None:
            if any(t.racine == "calcul" or (t.operande is not None and t.operateur in ("min", "max", "sup", "inf"))
                   for t in regle.conditions[tir.condition].tests):
                return True
    return False


def unites_des_montants(regle: Regle, montants: dict) -> dict[str, str]:
    """The unit the rule declares for each published amount (``calcul.unites``; euros else).

    A wildcard name (``soulte_*``) declares the unit of every amount it publishes."""
    declarees = (regle.calcul or {}).get("unites", {})
    sortie = {}
    for nom in montants:
        motif = next((m for m in declarees if m.endswith("*") and nom.startswith(m[:-1])), None)
        sortie[nom] = declarees.get(nom) or (declarees[motif] if motif else "euros")
    return sortie


def noms_publies(declares: list[str], produits: dict) -> list[str]:
    """The montants a rule publishes, in its order; ``soulte_*`` names one per co-owner."""
    noms: list[str] = []
    for nom in declares:
        if nom.endswith("*"):
            noms.extend(sorted(n for n in produits if n.startswith(nom[:-1]) and n not in noms))
        elif nom in produits:
            noms.append(nom)
    return noms


def _manque(conclusion: dict, evaluation: Evaluation, vus: set | None = None) -> list[str]:
    regle: Regle = conclusion["regle"]
    lecteur = LecteurFaits(evaluation, regle, conclusion["sujet"])
    manque: list[str] = []
    for tir in conclusion["tirs"]:
        if tir.variante.startswith("inc__"):
            manque += _manque_condition(lecteur, regle.conditions[tir.condition], evaluation, vus if vus is not None else set())
    return sorted(set(manque))


def _fondement(base: Base, ident: str, jour: date) -> dict:
    """One cited provision, read in its version in force on ``jour``.

    The link is the version's own Légifrance address (``lien: recherche`` when it is only a
    Légifrance search for the article), never a third-party source. « Vérifié » is the
    version's own mark; a version left unmarked falls back to the provision's sources.
    """
    disposition = base.dispositions[ident]
    version = disposition.version_au(jour)
    courante = disposition.versions[-1]
    sortie = {
        "id": ident,
        "citation": (version or courante).citation,
        "en_vigueur": {"debut": version.debut.isoformat(), "fin": version.fin.isoformat() if version.fin else None} if version else None,
        "url": version.url if version else None,
        "verifie": bool(version.verifie) if version and version.verifie is not None else (disposition.verifiee if version else False),
        "derniere_verification": disposition.derniere_verification.isoformat() if disposition.derniere_verification else None,
    }
    if version is not None and version.url and version.lien == "recherche":
        sortie["lien"] = "recherche"
    # other numbers only: two versions under the same number (L.313-51 amended in
    # 2016-10) must not show the cited number as its own alias
    citee = version.citation if version else None
    autres = list(dict.fromkeys(v.citation for v in disposition.versions if v.citation != citee))
    if autres:
        sortie["alias"] = autres
    if version is None:
        sortie["note"] = f"aucune version en vigueur au {jour.isoformat()} dans la base"
    return sortie


def _article_cite(base: Base, ident: str, version) -> tuple[str, str]:
    """What identifies the article a version cites: its code and its citation then (two
    alinéas of one former article, 1134 al. 1 and al. 2, stay two citations)."""
    return base.dispositions[ident].code, version.citation


#: fondements already read, by (base, provisions, date): a batch cites the same few
#: provisions at the same few dates in every dossier. Bounded: emptied when full.
_LUS: dict[tuple, tuple[list[dict], str | None]] = {}
_LUS_MAX = 4096


def fondements_conclusion(base: Base, idents, jour: date) -> tuple[list[dict], str | None]:
    """:func:`lire_fondements`, read once per base, list of provisions and date."""
    empreinte = getattr(base, "empreinte", None)
    if empreinte is None:  # a base assembled by hand (tests, tools): nothing to key it by
        return lire_fondements(base, idents, jour)
    cle = (empreinte, tuple(idents), jour)
    lus = _LUS.get(cle)
    if lus is None:
        if len(_LUS) >= _LUS_MAX:
            _LUS.clear()
        lus = _LUS[cle] = lire_fondements(base, idents, jour)
    # each citation's own table is copied (a caller may add to it); what is nested in it
    # (dates in force, aliases, grouped provisions) is shared, read-only everywhere
    return [dict(f) for f in lus[0]], lus[1]


def lire_fondements(base: Base, idents, jour: date) -> tuple[list[dict], str | None]:
    """The fondements of one conclusion read on ``jour``, and a French note on what was left out.

    * A provision with no version in force on ``jour`` (created later, or repealed) is not
      cited: the note names it and says when it applies. When no provision of the rule is
      in force, the list is empty and the note says the base has no text for that date.
    * The same article is cited once: two provisions of the base can be one article on
      that date (before 2016-07-01, L.313-47 and L.313-48 were both L.312-21); the first
      keeps the citation, lists the others in ``regroupe``, and is « vérifié » only if
      every grouped version is.
    """
    cites: dict[tuple[str, str], dict] = {}
    absents: list[str] = []
    for ident in idents:
        disposition = base.dispositions[ident]
        version = disposition.version_au(jour)
        if version is None:
            suivante = next((v for v in disposition.versions if v.debut > jour), None)
            quand = (f"en vigueur à partir du {format_date(suivante.debut)}" if suivante
                     else f"plus en vigueur depuis le {format_date(disposition.versions[-1].fin)}"
                     if disposition.versions[-1].fin and disposition.versions[-1].fin < jour else "sans version à cette date")
            absents.append(f"{(suivante or disposition.versions[-1]).citation} ({quand})")
            continue
        cle = _article_cite(base, ident, version)
        entree = _fondement(base, ident, jour)
        if cle in cites:
            premier = cites[cle]
            premier.setdefault("regroupe", []).append(ident)
            premier["verifie"] = premier["verifie"] and entree["verifie"]
            continue
        cites[cle] = entree
    note = None
    if absents:
        note = (f"non cité, faute de version en vigueur au {format_date(jour)} : " + " ; ".join(absents)
                + ("" if cites else " — la base n'a aucun texte de cette règle en vigueur à cette date : conclusion à vérifier"))
    return list(cites.values()), note


def statut_etape(evaluation: Evaluation, conclusion: str, ref: str) -> str | None:
    """The status the engine gave an intermediate conclusion for this subject (or the dossier)."""
    autre = conclusion_liee(evaluation, conclusion, ref)
    return autre["statut"] if autre else None


def fondements_cites(base: Base, evaluation: Evaluation, regle: Regle, ref: str) -> list[str]:
    """The fondements of each ``fondements_selon`` step the engine concluded applicable for
    the same subject (the basis of the partage, which a lawyer reads first), then the rule's
    own (each provision once)."""
    idents = []
    for cible in regle.fondements_selon:
        if statut_etape(evaluation, cible, ref) == "applicable":
            idents += base.regle_de(cible).fondements
    return list(dict.fromkeys(idents + list(regle.fondements)))


def fondement_a_etablir(base: Base, evaluation: Evaluation, regle: Regle, ref: str) -> str | None:
    """When a rule's basis depends on the couple's situation (``fondements_selon``) and no
    step is established, the French note naming the bases still open (« à vérifier »)."""
    if not regle.fondements_selon:
        return None
    statuts = {cible: statut_etape(evaluation, cible, ref) for cible in regle.fondements_selon}
    if "applicable" in statuts.values():
        return None
    ouverts = [base.regle_de(cible).titre for cible, statut in statuts.items() if statut == "a_verifier"]
    if not ouverts:
        return "fondement à établir : aucune des situations prévues (" + ", ".join(
            base.regle_de(c).titre for c in regle.fondements_selon) + ") n'est établie"
    return "fondement à établir selon la situation du couple : " + " ou ".join(ouverts)


_CHAMP = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_]+)?)\}")


def _texte_valeur(valeur: Any) -> str:
    if isinstance(valeur, Decimal):
        return format_nombre(valeur)
    if isinstance(valeur, date):
        return format_date(valeur)
    return str(valeur)


_A_PRECISER = {"delais": "(date à préciser)", "montants": "(montant à préciser)", "parametres": "(valeur à préciser)"}


def remplir(modele: str, valeurs: dict[str, Any]) -> str:
    """The template with its fields; a figure the calculation could not give is « à préciser »."""
    def champ(m: re.Match) -> str:
        nom = m.group(1)
        if nom in valeurs:
            return _texte_valeur(valeurs[nom])
        return _A_PRECISER.get(nom.split(".", 1)[0], m.group(0))
    return _CHAMP.sub(champ, modele)


def construire_rapport(base: Base, dossier: Dossier, evaluation: Evaluation, domaines: tuple[str, ...] = (),
                       chaine: bool = True) -> dict:
    """The JSON report (a plain dict, already in the contract's order).

    ``chaine=False`` (an evaluation without observation rules, ``--format jsonl``) leaves
    out each conclusion's ``conditions``, the only field that needs the observations; the
    essential lines name the same failed condition, read from the ``non__`` firings.

    ``domaines`` narrows the relevant domains (``evaluate --domaine``), over
    ``dossier.questions`` and the facts (:mod:`lexfoyer.rapport.pertinence`).
    """

    from lexfoyer.rapport.essentiel import construire_essentiel
    from lexfoyer.rapport.pertinence import domaines_retenus, est_pertinente
    from lexfoyer.rapport.presomptions import presomptions_du_rapport
    from lexfoyer.rapport.questions import questions_du_rapport
    from lexfoyer.rapport.recu import construire_recu
    conclusions = []
    for (cid, ref), conclusion in evaluation.conclusions.items():
        regle: Regle = conclusion["regle"]
        lecteur = LecteurFaits(evaluation, regle, ref)
        jour, note_date = date_gouvernante(regle, evaluation.faits, ref)
        faits: dict = {}
        echecs: list[str] = []
        for tir in conclusion["tirs"]:
            indices = range(len(regle.conditions)) if tir.variante == "oui" else [tir.condition]
            for i in indices:
                faits.update(valeurs_condition(lecteur, regle.conditions[i], evaluation))
                if tir.variante.startswith("non__"):
                    echecs.append(regle.conditions[i].libelle)
        manque = _manque(conclusion, evaluation)
        calcul = evaluation.calculs.get((regle.id, ref), {})
        resultat = calcul.get("resultat")
        if conclusion["statut"] == "non_applicable" and not _echec_chiffre(regle, conclusion):
            resultat = None  # figures of a rule that does not apply would only mislead
        montants, delais = {}, {}
        selon = (regle.calcul or {}).get("selon")
        statut_selon = statut_etape(evaluation, selon["conclusion"], ref) if selon else None
        if resultat is not None:
            produits = montants_selon(regle, resultat.montants, statut_selon)
            for nom in noms_publies((regle.calcul or {}).get("montants", []), produits):
                montants[nom] = str(sans_zero_negatif(arrondi_centime(Decimal(produits[nom]))))
            for nom in (regle.calcul or {}).get("delais", []):
                if nom in resultat.dates:
                    delais[nom] = resultat.dates[nom].isoformat()
        parametres = {a: v.valeur for a, v in calcul.get("parametres", {}).items() if v is not None and v.valeur is not None}
        valeurs = {"sujet": ref if ref != "dossier" else dossier.reference,
                   "echecs": " ; ".join(sorted(set(echecs))) or "—",
                   "manque": ", ".join(manque) or "—"}
        valeurs.update({f"montants.{k}": Decimal(v) for k, v in montants.items()})
        valeurs.update({f"delais.{k}": date.fromisoformat(v) for k, v in delais.items()})
        valeurs.update({f"parametres.{k}": v for k, v in parametres.items()})
        explication = remplir(regle.explication[conclusion["statut"]], valeurs)
        fondements, note_fondements = fondements_conclusion(base, fondements_cites(base, evaluation, regle, ref), jour)
        en_suspens = fondement_a_etablir(base, evaluation, regle, ref)
        if en_suspens and not fondements and conclusion["statut"] != "non_applicable":
            note_fondements = f"{note_fondements} ; {en_suspens}" if note_fondements else en_suspens
        if note_fondements:
            note_date = f"{note_date} ; {note_fondements}" if note_date else note_fondements
        entree = {
            "id": cid,
            "sujet": sujet_contrat(regle, ref),
            "statut": conclusion["statut"],
            "titre": regle.titre,
            "explication": explication,
            "fondements": fondements,
            "regle": regle.id,
            "date_gouvernante": jour.isoformat(),
            "faits": dict(sorted(faits.items())),
            "manque": manque,
            "appreciation": regle.appreciation,
            "montants": montants,
            "domaine": regle.domaine,
            # without observations, only the failed conditions (the non__ firings: the same
            # patterns as their obs__faux twins), for « L'essentiel », removed below
            "conditions": conditions_observees(evaluation, regle, ref) if chaine else [
                {"libelle": regle.conditions[i].libelle, "valeur": "faux"}
                for i in sorted({t.condition for t in conclusion["tirs"] if t.variante.startswith("non__")})],
        }
        if montants:
            entree["unites"] = unites_des_montants(regle, montants)
        if delais:
            entree["delais"] = delais
        if resultat is not None and resultat.formule and conclusion["statut"] != "a_verifier":
            entree["calcul"] = formule_selon(regle, resultat.formule, statut_selon)
        if note_date:
            entree["note_date"] = note_date
        if regle.a_retenir and conclusion["statut"] != "non_applicable":
            entree["a_retenir"] = list(regle.a_retenir)
        if entree["sujet"] is None:
            del entree["sujet"]
        conclusions.append(entree)
    conclusions.sort(key=lambda c: (c["id"], sorted((c.get("sujet") or {}).items())))
    pertinences = getattr(base, "pertinences", {}) or {}
    retenue = domaines_retenus(pertinences, dossier.donnees, domaines)
    intermediaires = {r.conclusion for r in base.regles.values() if r.intermediaire}
    for c in conclusions:
        # a step of a multi-step test is shown in the chain of the rule that uses it, not as an answer
        c["pertinente"] = c["id"] not in intermediaires and est_pertinente(pertinences, retenue, c, dossier.donnees)
        if c["id"] in intermediaires:
            c["intermediaire"] = True
    trace = []
    for tir in evaluation.trace:
        regle = base.regles[tir.regle]
        lecteur = LecteurFaits(evaluation, regle, tir.sujet)
        faits = {}
        if tir.variante == "oui":
            for cond in regle.conditions:
                faits.update(valeurs_condition(lecteur, cond, evaluation))
        elif tir.condition is not None and not tir.variante.startswith("hors"):
            faits.update(valeurs_condition(lecteur, regle.conditions[tir.condition], evaluation))
        trace.append({"ordre": tir.ordre, "regle": tir.regle, "variante": tir.variante,
                      "sujet": tir.sujet, "faits": dict(sorted(faits.items())), "conclut": tir.conclut})
    verifications = [d.derniere_verification for f in {f for r in base.regles.values() for f in r.fondements}
                     for d in [base.dispositions[f]] if d.derniere_verification]
    essentiel = construire_essentiel(pertinences, retenue["domaines"], conclusions)
    if not chaine:
        for c in conclusions:
            del c["conditions"]
    return {
        "dossier": dossier.reference,
        "date_reference": dossier.date_reference.isoformat(),
        "base": {
            "empreinte": base.empreinte,
            "dispositions": len(base.dispositions),
            "regles": len(base.regles),
            "moteur": f"lexfoyer {__version__}",
            "verification_la_plus_ancienne": min(verifications).isoformat() if verifications else None,
            "domaines": base.domaines,
        },
        "pertinence": retenue,
        "essentiel": essentiel,
        "conclusions": conclusions,
        "questions": questions_du_rapport(conclusions, dossier.donnees),
        "presomptions": presomptions_du_rapport(base, evaluation, conclusions),
        "trace": trace,
        "recu": construire_recu(base, conclusions),
    }
