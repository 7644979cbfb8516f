"""Options and output helpers shared by several commands (no command here)."""

from __future__ import annotations

import click

#: ``--format text|json`` of the listing commands; the JSON keys are in ``schemas/sorties.schema.json``
FORMAT_DONNEES = click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True,
                              help="json : les mêmes données, clés stables décrites dans schemas/sorties.schema.json.")


def base_du_contexte(ctx: click.Context):
    """The validated base of this run (``--base`` or the one shipped), from the cache when it matches."""
    from lexfoyer.droit.base import charger_base
    return charger_base(ctx.obj.get("base"))


def afficher_json(genre: str, donnees) -> None:
    """Print one command's JSON output (``{"sortie": genre, "version": 1, …}``)."""
    from lexfoyer.rapport.vues import en_json
    click.echo(en_json(genre, donnees), nl=False)


def verifier_domaines(base, domaines) -> None:
    """``--domaine`` takes a domain of the base or a named question; anything else exits 2."""
    from lexfoyer.rapport.pertinence import QUESTIONS_NOMMEES
    connus = sorted(base.domaines) + sorted(QUESTIONS_NOMMEES)
    for d in domaines:
        if d not in connus:
            raise click.BadParameter(f"« {d} » n'est ni un domaine ni une question connue ({', '.join(connus)})",
                                     param_hint="--domaine")
