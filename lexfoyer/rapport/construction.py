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
from lexfoyer.calculs.format import format_date, format_nombre
from lexfoyer.cas.dossier import Dossier
from lexfoyer.moteur.execution import Evaluation, date_gouvernante
from lexfoyer.droit.regles import Condition, Regle
from lexfoyer.cas.vocabulaire import SOURCES_DERIVES
from lexfoyer.rapport.chaine import conditions_observees
from lexfoyer.rapport.lecteur import LecteurFaits, valeurs_condition

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
        autre = evaluation.conclusions.get((cond.conclusion, lecteur.ref)) or evaluation.conclusions.get((cond.conclusion, "dossier"))
        if autre is None or (cond.conclusion, autre["sujet"]) in vus:
            return []
        vus.add((cond.conclusion, autre["sujet"]))
        return _manque(autre, evaluation, vus) or [f"conclusion « {cond.conclusion} » à vérifier"]
    manque = []
    for test in cond.tests:
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
    """Whether a rule is inapplicable because of a figure (``calcul.…``): then the figures
    explain the refusal and stay in the report (a taux d'effort above the ceiling)."""
    for tir in conclusion["tirs"]:
        if tir.variante.startswith("non__") and tir.condition is not None:
            if any(t.racine == "calcul" for t in regle.conditions[tir.condition].tests):
                return True
    return False


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
    disposition = base.dispositions[ident]
    version = disposition.version_au(jour)
    courante = disposition.versions[-1]
    sortie = {
        "id": ident,
        "citation": (version or courante).citation,
        "en_vigueur": {"debut": version.debut.isoformat(), "fin": version.fin.isoformat() if version.fin else None} if version else None,
        # an old version without its own address: the current one (Légifrance shows its history)
        "url": (version.url if version and version.url else None) or courante.url or (disposition.sources[0]["url"] if disposition.sources else None),
        "verifie": bool(version.verifie) if version and version.verifie is not None else disposition.verifiee,
        "derniere_verification": disposition.derniere_verification.isoformat() if disposition.derniere_verification else None,
    }
    # other numbers only: two versions under the same number (L.313-51 amended in
    # 2016-10) must not show the cited number as its own alias
    citee = version.citation if version else None
    autres = list(dict.fromkeys(v.citation for v in disposition.versions if v.citation != citee))
    if autres:
        sortie["alias"] = autres
    if version is None:
        sortie["note"] = f"aucune version en vigueur au {jour.isoformat()} dans la base"
    return sortie


_CHAMP = re.compile(r"\{([a-z_]+(?:\.[a-z0-9_]+)?)\}")


def _texte_valeur(valeur: Any) -> str:
    if isinstance(valeur, Decimal):
        return format_nombre(valeur)
    if isinstance(valeur, date):
        return format_date(valeur)
    return str(valeur)


def remplir(modele: str, valeurs: dict[str, Any]) -> str:
    return _CHAMP.sub(lambda m: _texte_valeur(valeurs[m.group(1)]) if m.group(1) in valeurs else m.group(0), modele)


def construire_rapport(base: Base, dossier: Dossier, evaluation: Evaluation) -> dict:
    """The JSON report (a plain dict, already in the contract's order)."""

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
        if resultat is not None:
            for nom in noms_publies((regle.calcul or {}).get("montants", []), resultat.montants):
                montants[nom] = str(arrondi_centime(Decimal(resultat.montants[nom])))
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
        entree = {
            "id": cid,
            "sujet": sujet_contrat(regle, ref),
            "statut": conclusion["statut"],
            "titre": regle.titre,
            "explication": explication,
            "fondements": [_fondement(base, f, jour) for f in regle.fondements],
            "regle": regle.id,
            "date_gouvernante": jour.isoformat(),
            "faits": dict(sorted(faits.items())),
            "manque": manque,
            "appreciation": regle.appreciation,
            "montants": montants,
            "domaine": regle.domaine,
            "conditions": conditions_observees(evaluation, regle, ref),
        }
        if delais:
            entree["delais"] = delais
        if resultat is not None and resultat.formule and conclusion["statut"] != "a_verifier":
            entree["calcul"] = resultat.formule
        if note_date:
            entree["note_date"] = note_date
        if regle.a_retenir and conclusion["statut"] != "non_applicable":
            entree["a_retenir"] = list(regle.a_retenir)
        if entree["sujet"] is None:
            del entree["sujet"]
        conclusions.append(entree)
    conclusions.sort(key=lambda c: (c["id"], sorted((c.get("sujet") or {}).items())))
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
        "conclusions": conclusions,
        "questions": questions_du_rapport(conclusions, dossier.donnees),
        "trace": trace,
        "recu": construire_recu(base, conclusions),
    }
