"""``lexfoyer calc …``: the calculators without a dossier. Parses, calls
:mod:`lexfoyer.calculette`, prints the formula (or JSON); bad figures exit 2 in one line."""

from __future__ import annotations

import functools
import json
import sys
from decimal import Decimal, InvalidOperation

import click

from .erreurs import EXIT_DONNEES, erreurs_propres


#: a figure given to a calculator stays below this (a thousand billion euros)
MONTANT_MAX = Decimal(10) ** 12
#: and has at most this many decimals
DECIMALES_MAX = 10


class Montant(click.ParamType):
    """A decimal amount or rate, read as ``Decimal`` (a comma is accepted as separator).

    Bounded, so that no calculation overflows the decimal context (``1e309`` would end in
    ``InvalidOperation``); ``-0`` is read as ``0``.
    """

    name = "montant"

    def convert(self, value, param, ctx):
        from lexfoyer.lecture.erreurs import extrait
        if isinstance(value, Decimal):
            return value
        texte = str(value)
        try:
            nombre = Decimal(texte.replace(" ", "").replace("\u202f", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:
            self.fail(f"« {extrait(texte)} » n'est pas un nombre", param, ctx)
        if not nombre.is_finite():
            self.fail(f"« {extrait(texte)} » n'est pas un nombre fini", param, ctx)
        if abs(nombre) >= MONTANT_MAX:
            self.fail(f"« {extrait(texte)} » : nombre hors limites (moins de 1 000 milliards)", param, ctx)
        if nombre and nombre.as_tuple().exponent < -DECIMALES_MAX:
            self.fail(f"« {extrait(texte)} » : plus de {DECIMALES_MAX} décimales", param, ctx)
        return nombre.copy_abs() if nombre.is_zero() else nombre


class Jour(click.ParamType):
    """An ISO date within the years a dossier may use (no deadline runs off the calendar)."""

    name = "date"

    def convert(self, value, param, ctx):
        from datetime import date

        from lexfoyer.cas.dossier import hors_calendrier
        from lexfoyer.lecture.erreurs import extrait
        if isinstance(value, date):
            return value
        try:
            jour = date.fromisoformat(value)
        except ValueError:
            self.fail(f"« {extrait(value)} » n'est pas une date AAAA-MM-JJ", param, ctx)
        raison = hors_calendrier(jour)
        if raison:
            self.fail(f"« {value} » : {raison}", param, ctx)
        return jour


MONTANT, JOUR = Montant(), Jour()
FORMAT = click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _afficher(fonction):
    """Run a calculator, print text or JSON; a CalculImpossible is one line and exit 2."""

    @functools.wraps(fonction)
    @erreurs_propres
    def enveloppe(ctx, *args, format_, **kwargs):
        from lexfoyer.calculs.format import sans_zero_negatif
        from lexfoyer.flux.calculette import CalculImpossible
        from .options import base_du_contexte
        base = base_du_contexte(ctx)
        try:
            calcul = fonction(base, *args, **kwargs)
        except CalculImpossible as exc:
            click.echo(f"calcul impossible : {exc}", err=True)
            sys.exit(EXIT_DONNEES)
        if format_ == "json":
            click.echo(json.dumps(calcul.en_dict(base), ensure_ascii=False, indent=2))
            return
        click.echo(calcul.titre)
        click.echo(calcul.formule)
        for nom, valeur in calcul.montants.items():
            click.echo(f"  {nom} = {sans_zero_negatif(valeur)}")
        for p in calcul.parametres:
            click.echo(f"  paramètre {p['id']} = {p['valeur']} (en vigueur depuis le {p['depuis']})")
        if calcul.fondements:
            click.echo("fondements : " + " ; ".join(f["citation"] for f in calcul.fondements_cites(base)))
    return click.pass_context(enveloppe)


@click.group()
def calc():
    """Calculatrices sans dossier : soulte, frais de partage, IRA, récompense, intérêt légal.

    \b
    Exemple :
      lexfoyer calc soulte --valeur 400000 --crd 100000 --quote-part 50
    """


@calc.command("soulte")
@click.option("--valeur", "valeurs", type=MONTANT, multiple=True, required=True,
              help="Valeur du bien ; répéter l'option pour plusieurs estimations (leur moyenne est retenue).")
@click.option("--crd", type=MONTANT, default=Decimal(0), show_default=True, help="Capital restant dû du prêt sur le bien.")
@click.option("--quote-part", "quotes_parts", type=MONTANT, multiple=True,
              help="Quote-part (%) de chaque copropriétaire qui sort ; répéter pour plusieurs (défaut : 50).")
@click.option("--sans-reprise", is_flag=True, help="L'acquéreur ne reprend pas seul le prêt (le CRD n'est pas déduit).")
@click.option("--recompense", "recompenses", type=MONTANT, multiple=True,
              help="Récompense due par la communauté à chaque copropriétaire qui sort, dans l'ordre des --quote-part.")
@click.option("--recompense-acquereur", type=MONTANT, default=Decimal(0), help="Récompense due à l'acquéreur.")
@FORMAT
@_afficher
def calc_soulte(base, valeurs, crd, quotes_parts, sans_reprise, recompenses, recompense_acquereur):
    """Soulte : (valeur − CRD − récompenses) × quote-part + récompense, pour chaque copropriétaire qui sort.

    \b
    Exemple :
      lexfoyer calc soulte --valeur 310000 --valeur 320000 --crd 100000 --quote-part 40
    """
    from lexfoyer.flux.calculette import calc_soulte as calculer
    return calculer(list(valeurs), crd, list(quotes_parts) or [Decimal(50)], not sans_reprise, list(recompenses),
                    recompense_acquereur)


@calc.command("frais")
@click.option("--valeur", type=MONTANT, required=True, help="Valeur brute du bien partagé.")
@click.option("--dettes", type=MONTANT, default=Decimal(0), show_default=True, help="Dettes (capital restant dû) : actif net = valeur − dettes.")
@click.option("--date", "jour", type=JOUR, required=True, help="Date du partage (gouverne les taux et le barème).")
@click.option("--cas", type=click.Choice(["divorce", "separation_de_corps", "rupture_pacs", "licitation", "concubins", "autre"]),
              default="divorce", show_default=True, help="Nature du partage (taux réduit du droit de partage ou non).")
@click.option("--soulte", "soulte_montant", type=MONTANT, help="Soulte (ex-concubins : taxée aux droits de vente).")
@click.option("--departement-majore", is_flag=True, help="Ex-concubins : le département applique le taux relevé (2025-2028).")
@FORMAT
@_afficher
def calc_frais(base, valeur, dettes, jour, cas, soulte_montant, departement_majore):
    """Droit de partage, émoluments du notaire (HT, TVA, TTC) et, entre ex-concubins, droits de mutation.

    \b
    Exemple :
      lexfoyer calc frais --valeur 200000 --date 2025-05-15
    """
    from lexfoyer.flux.calculette import calc_frais as calculer
    return calculer(base, valeur, dettes, jour, cas, soulte_montant, departement_majore)


@calc.command("ira")
@click.option("--crd", type=MONTANT, required=True, help="Capital restant dû avant le remboursement.")
@click.option("--taux", type=MONTANT, required=True, help="Taux nominal du prêt, en %.")
@click.option("--date-signature", type=JOUR, required=True, help="Date de signature du prêt.")
@FORMAT
@_afficher
def calc_ira(base, crd, taux, date_signature):
    """Plafond de l'indemnité de remboursement anticipé : min(6 mois d'intérêts ; 3 % du CRD).

    \b
    Exemple :
      lexfoyer calc ira --crd 150000 --taux 1.2 --date-signature 2019-06-14
    """
    from lexfoyer.flux.calculette import calc_ira as calculer
    return calculer(base, crd, taux, date_signature)


@calc.command("recompense")
@click.option("--apport", type=MONTANT, required=True, help="Fonds propres investis (dépense faite).")
@click.option("--prix", type=MONTANT, help="Prix d'acquisition (pour une acquisition).")
@click.option("--valeur", type=MONTANT, help="Valeur actuelle du bien (pour une acquisition).")
@click.option("--finance", type=click.Choice(["acquisition", "amelioration", "conservation"]), default="acquisition", show_default=True)
@click.option("--profit", type=MONTANT, help="Profit subsistant (amélioration ou conservation).")
@FORMAT
@_afficher
def calc_recompense(base, apport, prix, valeur, finance, profit):
    """Récompense (art. 1469) : la plus faible de la dépense et du profit subsistant, jamais moins que le profit pour une acquisition.

    \b
    Exemple :
      lexfoyer calc recompense --apport 200000 --prix 500000 --valeur 800000
    """
    from lexfoyer.flux.calculette import calc_recompense as calculer
    return calculer(apport, prix, valeur, finance, profit)


@calc.command("interet-legal")
@click.option("--montant", type=MONTANT, required=True, help="Somme due.")
@click.option("--du", type=JOUR, required=True, help="Premier jour portant intérêt.")
@click.option("--au", type=JOUR, required=True, help="Jour du paiement (exclu).")
@click.option("--categorie", type=click.Choice(["particuliers", "autres"]), default="particuliers", show_default=True,
              help="Créancier personne physique hors besoins professionnels, ou autre cas.")
@FORMAT
@_afficher
def calc_interet_legal(base, montant, du, au, categorie):
    """Intérêts au taux légal, semestre par semestre (taux de la base datée).

    \b
    Exemple :
      lexfoyer calc interet-legal --du 2025-07-01 --au 2026-03-31 --montant 50000
    """
    from lexfoyer.flux.calculette import calc_interet_legal as calculer
    return calculer(base, montant, du, au, categorie)
