"""Cross-checks of the law as data that a schema cannot express.

Each would make a rule, a notion or a presumption silently wrong: a fact path that names
nothing in the dossier, a parameter not declared, a calculation that does not produce
what a condition tests, a notion resting on a provision absent from kb/, a cycle between
conclusions. Run on every load of the base (:func:`lexfoyer.droit.base.charger_base`).
"""

from __future__ import annotations

from typing import Any

from lexfoyer.cas.vocabulaire import chemins_dossier, genre_attribut
from lexfoyer.droit.notions import ENTITES_COMPTEES, FONCTIONS as FONCTIONS_NOTIONS, references
from lexfoyer.droit.regles import (NOMS_RELATIONS, OPERATEURS, RACINE_NOTION, RELATIONS, RELATIONS_NOMMEES,
                                   SECTIONS_DOSSIER, Regle, Test)
from lexfoyer.lecture.erreurs import Probleme
from lexfoyer.lecture.yamlsur import DocumentYaml

#: lexfoyer.droit.base.Base — not imported: the base imports this module to check itself
Base = Any


def verifier_regles(base: Base, docs: dict[str, DocumentYaml]) -> list[Probleme]:
    """Cross-checks a schema cannot express; each would make a rule silently wrong."""
    from lexfoyer.calculs.registre import FONCTIONS

    problemes: list[Probleme] = []
    conclusions: dict[str, str] = {}
    regles = list(base.regles.values())
    for regle in regles:
        doc = docs.get(regle.id)
        i = [k for k, r in enumerate(doc.donnees["regles"]) if r["id"] == regle.id][0] if doc else 0

        def pb(chemin: tuple, message: str) -> None:
            if doc:
                problemes.append(doc.probleme(("regles", i) + chemin, message))
            else:
                problemes.append(Probleme(regle.fichier, *regle.position, regle.id, message))

        if regle.conclusion in conclusions:
            pb(("conclusion",), f"la conclusion « {regle.conclusion} » est déjà produite par la règle « {conclusions[regle.conclusion]} »")
        conclusions[regle.conclusion] = regle.id
        if not regle.fondements and not regle.fondements_selon:
            pb(("fondements",), "une règle cite au moins une disposition (ou nomme, par « fondements_selon », les étapes qui la donnent)")
        for k, f in enumerate(regle.fondements):
            if f not in base.dispositions:
                pb(("fondements", k), f"la disposition « {f} » n'existe pas dans kb/")
        for alias_p, ident in regle.parametres.items():
            if ident not in base.parametres:
                pb(("parametres", alias_p), f"le paramètre « {ident} » n'existe pas dans kb/parametres")
        if regle.calcul and regle.calcul["fonction"] not in FONCTIONS:
            pb(("calcul", "fonction"), f"fonction de calcul inconnue « {regle.calcul['fonction']} » (connues : {', '.join(sorted(FONCTIONS))})")
        elif regle.calcul:
            sorties = FONCTIONS[regle.calcul["fonction"]].sorties
            for nom in regle.calcul.get("unites", {}):
                if nom not in regle.calcul.get("montants", []):
                    pb(("calcul", "unites", nom), f"unité déclarée pour « {nom} », qui n'est pas un montant publié par la règle")
            selon = regle.calcul.get("selon")
            variantes = (selon["applicable"], selon["non_applicable"]) if selon else ()
            if selon and selon["applicable"] == selon["non_applicable"]:
                pb(("calcul", "selon"), "les deux variantes de « selon » doivent différer")
            for champ in ("montants", "delais"):
                for k, nom in enumerate(regle.calcul.get(champ, [])):
                    if variantes and nom not in sorties and all(f"{nom}__{v}" in sorties for v in variantes):
                        continue  # one amount per variant (calcul.selon)
                    if nom not in sorties:
                        pb(("calcul", champ, k), f"le calcul « {regle.calcul['fonction']} » ne produit pas « {nom} » (produit : {', '.join(sorted(sorties))})")
        date_ok = _verifier_chemin(regle, regle.date, "date", base)
        if date_ok:
            pb(("date",), date_ok)
        for k, test in enumerate(regle.portee):
            for message in _verifier_test(regle, test, base):
                pb(("portee", k), message)
            if test.comparatif:
                pb(("portee", k), "une condition de champ compare un fait à une constante (les comparaisons vont dans « conditions »)")
        for k, cond in enumerate(regle.conditions):
            if cond.conclusion:
                if cond.conclusion not in [r.conclusion for r in regles]:
                    pb(("conditions", k, "conclusion"), f"aucune règle ne produit la conclusion « {cond.conclusion} »")
                else:
                    autre = base.regle_de(cond.conclusion)
                    if autre.sujet not in ("dossier", regle.sujet):
                        pb(("conditions", k, "conclusion"), f"la conclusion « {cond.conclusion} » porte sur « {autre.sujet} », pas sur « {regle.sujet} »")
                continue
            racines = set()
            for j, test in enumerate(cond.tests):
                chemin = ("conditions", k) + (("une_de", j) if cond.une_de else ())
                for message in _verifier_test(regle, test, base):
                    pb(chemin, message)
                racines.add(_alias_de(regle, test))
            if cond.une_de and len(racines) > 1:
                pb(("conditions", k, "une_de"), "les tests d'un groupe « une_de » doivent porter sur le même fait (sujet, dossier ou calcul)")
        for chemin, cible in _etapes_nommees(regle):
            autre = base.regle_de(cible) if cible in conclusions_de(regles) else None
            if autre is None:
                pb(chemin, f"aucune règle ne produit la conclusion « {cible} »")
            elif not autre.intermediaire:
                pb(chemin, f"« {cible} » n'est pas une règle « intermediaire » : seule une étape peut qualifier une autre règle")
            elif autre.sujet not in ("dossier", regle.sujet):
                pb(chemin, f"la conclusion « {cible} » porte sur « {autre.sujet} », pas sur « {regle.sujet} »")
    utilisees = {c.conclusion for r in regles for c in r.conditions if c.conclusion}
    utilisees |= {cible for r in regles for _chemin, cible in _etapes_nommees(r)}
    for regle in regles:
        if regle.intermediaire and regle.conclusion not in utilisees:
            problemes.append(Probleme(regle.fichier, *regle.position, regle.id,
                                      "règle « intermediaire » qu'aucune autre règle n'utilise (« conclusion: », "
                                      "« fondements_selon » ou « calcul.selon »)"))
    problemes += _verifier_cycles(base)
    return problemes


def conclusions_de(regles: list[Regle]) -> set[str]:
    return {r.conclusion for r in regles}


def _etapes_nommees(regle: Regle) -> list[tuple[tuple, str]]:
    """(YAML path, conclusion) of each intermediate conclusion that qualifies ``regle``
    without being one of its conditions: ``fondements_selon`` and ``calcul.selon``."""
    etapes = [(("fondements_selon", k), c) for k, c in enumerate(regle.fondements_selon)]
    selon = (regle.calcul or {}).get("selon")
    if selon:
        etapes.append((("calcul", "selon", "conclusion"), selon["conclusion"]))
    return etapes


def _alias_de(regle: Regle, test: Test) -> str:
    if test.comparatif:
        return "calcul"
    racine = test.fait.split(".", 1)[0]
    if racine == "calcul":
        return "calcul"
    if racine in SECTIONS_DOSSIER:
        return "dossier"
    return "sujet"


def genre_chemin(regle: Regle, fait: str, base: Base) -> str | None:
    """Kind of a rule's fact path (date, nombre, texte, booleen, liste, objet), or None."""
    morceaux = tuple(fait.split("."))
    racine = morceaux[0]
    if (regle.sujet, racine) in RELATIONS_NOMMEES:
        cible = RELATIONS_NOMMEES[(regle.sujet, racine)][0]
        if morceaux[1:2] == (RACINE_NOTION,):
            notion = base.notions.get(".".join(morceaux[2:]))
            return None if notion is None else ("date" if notion.unite == "date" else "nombre")
        return "texte" if morceaux[1:] == ("id",) else genre_attribut(cible, morceaux[1:])
    if racine == RACINE_NOTION:
        notion = base.notions.get(".".join(morceaux[1:]))
        return None if notion is None else ("date" if notion.unite == "date" else "nombre")
    if racine == "calcul":  # a date when the rule's calculation declares it among its delais
        return "date" if morceaux[1:2] and morceaux[1] in (regle.calcul or {}).get("delais", ()) else "nombre"
    if racine in SECTIONS_DOSSIER:
        return genre_attribut("dossier", morceaux)
    if racine == regle.sujet:
        return genre_attribut(regle.sujet, morceaux[1:])
    if racine in RELATIONS.get(regle.sujet, ()):
        return genre_attribut(racine, morceaux[1:])
    return None


def _verifier_chemin(regle: Regle, fait: str, usage: str, base: Base) -> str | None:
    morceaux = tuple(fait.split("."))
    racine = morceaux[0]
    if racine in NOMS_RELATIONS:
        if (regle.sujet, racine) not in RELATIONS_NOMMEES:
            return f"« {fait} » : la relation « {racine} » ne part pas du sujet de la règle ({regle.sujet})"
        cible = RELATIONS_NOMMEES[(regle.sujet, racine)][0]
        if morceaux[1:2] == (RACINE_NOTION,):
            notion = base.notions.get(".".join(morceaux[2:]))
            if notion is None or notion.sujet != cible:
                return f"« {fait} » : aucune notion « {'.'.join(morceaux[2:])} » sur « {cible} » dans kb/notions"
            return None
        if morceaux[1:] != ("id",) and genre_attribut(cible, morceaux[1:]) is None:
            return f"« {fait} » n'est pas un fait connu de « {cible} »"
        return None
    if racine == RACINE_NOTION:
        notion = base.notions.get(".".join(morceaux[1:]))
        if notion is None:
            return f"« {fait} » : aucune notion « {'.'.join(morceaux[1:])} » dans kb/notions"
        if notion.sujet not in (regle.sujet, "dossier"):
            return f"« {fait} » porte sur « {notion.sujet} », pas sur le sujet de la règle ({regle.sujet})"
        return None
    if racine == "calcul":
        if not regle.calcul and not regle.parametres:
            return f"« {fait} » : la règle n'a pas de calcul"
        from lexfoyer.calculs.registre import FONCTIONS
        fonction = FONCTIONS.get(regle.calcul["fonction"]) if regle.calcul else None
        if fonction and len(morceaux) == 2 and morceaux[1] in fonction.sorties:
            return None
        return f"« {fait} » : le calcul ne produit pas « {'.'.join(morceaux[1:])} »"
    if racine in SECTIONS_DOSSIER:
        sujet, chemin = "dossier", morceaux
    elif racine == regle.sujet:
        sujet, chemin = regle.sujet, morceaux[1:]
    elif racine in RELATIONS.get(regle.sujet, ()):
        sujet, chemin = racine, morceaux[1:]
    else:
        return f"« {fait} » : « {racine} » n'est ni le sujet de la règle ({regle.sujet}), ni une section du dossier"
    if genre_attribut(sujet, chemin) is None:
        return f"« {fait} » n'est pas un fait connu du dossier"
    if usage == "date" and genre_attribut(sujet, chemin) != "date":
        return f"« {fait} » n'est pas une date"
    return None


def _verifier_operande(regle: Regle, test: Test, base: Base) -> list[str]:
    """Each reference of a non-constant right side exists, and both sides are comparable."""
    messages = []
    op = test.operande
    for genre, nom in op.references():
        if genre == "parametre" and nom not in regle.parametres:
            messages.append(f"paramètre « {nom} » non déclaré dans « parametres » de la règle")
        elif genre == "fait":
            erreur = _verifier_chemin(regle, nom, "test", base)
            if erreur:
                messages.append(erreur)
    if messages:
        return messages
    gauche = genre_chemin(regle, test.fait, base)
    droite = "nombre" if op.parametre else genre_chemin(regle, op.fait, base)
    if op.decalage and droite != "date":
        messages.append("« plus » / « moins » ajoutent une durée à une date")
    if test.operateur == "contient":
        if gauche != "liste":
            messages.append("« contient » porte sur une liste")
    elif test.operateur in ("min", "max", "sup", "inf") and gauche != droite:
        messages.append(f"les deux côtés de la comparaison ne sont pas de même nature ({gauche} / {droite})")
    return messages


def _notion_du_chemin(fait: str, base: Base):
    """The notion a fact path names (``notion.x`` or ``<relation>.notion.x``), or None."""
    morceaux = fait.split(".")
    if morceaux[0] == RACINE_NOTION:
        return base.notions.get(".".join(morceaux[1:]))
    if morceaux[0] in NOMS_RELATIONS and morceaux[1:2] == [RACINE_NOTION]:
        return base.notions.get(".".join(morceaux[2:]))
    return None


def _verifier_test(regle: Regle, test: Test, base: Base) -> list[str]:
    messages = []
    erreur = _verifier_chemin(regle, test.fait, "test", base)
    if erreur:
        messages.append(erreur)
    if not test.operateur:
        messages.append(f"aucun opérateur ({', '.join(OPERATEURS)})")
        return messages
    notion = _notion_du_chemin(test.fait, base)
    if test.operateur in ("au_moins", "au_plus"):
        if notion is None or not notion.est_compte:
            messages.append(f"« {test.operateur} » porte sur une notion qui compte (fonction « compter »)")
    elif notion is not None and not erreur:
        if notion.est_compte:
            messages.append(f"la notion « {notion.id} » compte : la tester par « au_moins » ou « au_plus »")
    if test.operande is not None and not erreur:
        messages += _verifier_operande(regle, test, base)
    if test.operateur.startswith("depuis") and not erreur:
        if test.racine in ("calcul", RACINE_NOTION):
            messages.append("« depuis_… » porte sur une date du dossier")
    return messages


def verifier_notions(base: Base) -> list[Probleme]:
    """Each notion rests on provisions of kb/, reads paths that exist, has its arguments."""
    problemes: list[Probleme] = []
    for notion in base.notions.values():
        def pb(message: str) -> None:
            problemes.append(Probleme(notion.fichier, *notion.position, f"notion {notion.id}", message))

        for f in notion.fondements:
            if f not in base.dispositions:
                pb(f"la disposition « {f} » n'existe pas dans kb/")
        requis, facultatifs = FONCTIONS_NOTIONS[notion.fonction]
        for nom in requis:
            if nom not in notion.arguments:
                pb(f"argument « {nom} » manquant pour « {notion.fonction} »")
        for nom in notion.arguments:
            if nom not in requis + facultatifs:
                pb(f"argument « {nom} » inconnu de « {notion.fonction} » (attendus : {', '.join(requis + facultatifs)})")
        fictive = Regle(id=notion.id, conclusion=notion.id, titre=notion.titre, sujet=notion.sujet, date="dossier.date_reference",
                        fondements=(), appreciation=None, parametres={}, calcul=None, portee=(), conditions=(),
                        explication={}, a_retenir=(), notes=(), domaine="", fichier=notion.fichier, position=notion.position)
        for nom in ("naissance", "au", "age_declare", "debut", "fin", "quotes_parts"):
            if nom in notion.arguments:
                erreur = _verifier_chemin(fictive, notion.arguments[nom], "date" if nom in ("naissance", "au", "debut", "fin") else "test", base)
                if erreur:
                    pb(erreur)
        personne = notion.arguments.get("personne")
        if isinstance(personne, dict) and "fait" in personne:
            erreur = _verifier_chemin(fictive, personne["fait"], "test", base)
            if erreur:
                pb(erreur)
        if notion.fonction == "compter":
            type_item = ENTITES_COMPTEES[notion.arguments["parmi"]]
            for filtre in notion.arguments.get("filtre", []):
                if "notion" in filtre:
                    autre = base.notions.get(filtre["notion"])
                    if autre is None or autre.sujet != type_item:
                        pb(f"filtre : aucune notion « {filtre['notion']} » sur « {type_item} »")
                elif genre_attribut(type_item, tuple(filtre["attribut"].split("."))) is None:
                    pb(f"filtre : « {filtre['attribut']} » n'est pas un attribut de « {type_item} »")
        for valeur in references(notion):
            if isinstance(valeur, dict) and "parametre" in valeur and valeur["parametre"] not in base.parametres:
                pb(f"le paramètre « {valeur['parametre']} » n'existe pas dans kb/parametres")
    return problemes


def verifier_presomptions(base: Base) -> list[Probleme]:
    """Each presumption rests on provisions of kb/ and fills a field the dossier has."""
    problemes: list[Probleme] = []
    for pr in base.presomptions:
        def pb(message: str) -> None:
            problemes.append(Probleme(pr.fichier, *pr.position, f"présomption {pr.id}", message))

        for f in pr.fondements:
            if f not in base.dispositions:
                pb(f"la disposition « {f} » n'existe pas dans kb/")
        chemin = ((pr.liste, "[]") if pr.liste else ()) + pr.champ
        if genre_attribut("dossier", chemin) is None and chemin not in chemins_dossier():
            pb(f"« {pr.fait} » n'est pas un champ du dossier")
    return problemes


def _verifier_cycles(base: Base) -> list[Probleme]:
    graphe = {r.conclusion: [c.conclusion for c in r.conditions if c.conclusion] for r in base.regles.values()}
    problemes, etat = [], {}

    def visiter(n: str, pile: list[str]) -> None:
        if etat.get(n) == 2:
            return
        if etat.get(n) == 1:
            r = base.regle_de(n)
            problemes.append(Probleme(r.fichier, *r.position, r.id, f"dépendance circulaire : {' → '.join(pile + [n])}"))
            return
        etat[n] = 1
        for m in graphe.get(n, []):
            visiter(m, pile + [n])
        etat[n] = 2

    for n in sorted(graphe):
        visiter(n, [])
    return problemes


def verifier_verdicts(base: Base) -> list[Probleme]:
    """A calculation must give amounts and dates, never the verdict of a legal condition.

    ``calcul.x egal 1`` (or ``egal true``, ``min 1``, ``egal 0``) tests a condition decided in
    Python: the condition belongs in the rule, where ``explain`` shows the facts it read and a
    lawyer can edit it (conditions over facts, notions, relations, or an intermediate rule).
    """
    problemes = []
    for regle in base.regles.values():
        for k, cond in enumerate(regle.conditions):
            for test in cond.tests:
                if test.racine != "calcul" or test.operande is not None:
                    continue
                verdict = (test.operateur in ("egal", "different") and test.valeur in (0, 1, True, False)) or (
                    test.operateur == "min" and test.valeur == 1 and not isinstance(test.valeur, bool))
                if verdict:
                    problemes.append(Probleme(regle.fichier, *regle.position, regle.id,
                                              f"condition {k + 1} « {cond.libelle} » : « {test.fait} {test.operateur} "
                                              f"{test.valeur} » teste un verdict calculé en Python ; écrire la condition "
                                              "dans la règle (faits, notions, relations) et ne calculer que des montants et des dates"))
    return problemes
