"""Render a report for people: terminal text, Markdown and HTML (JSON is the contract itself)."""

from __future__ import annotations

from lexfoyer.lecture.jsonrapide import compact, indente


LIBELLES = {"applicable": "APPLICABLE", "a_verifier": "À VÉRIFIER", "non_applicable": "NON APPLICABLE"}
ORDRE = ("applicable", "a_verifier", "non_applicable")


def en_json(rapport: dict) -> str:
    """Indented by two spaces: ``json.dumps(…, ensure_ascii=False, indent=2)``'s bytes."""
    return indente(rapport) + "\n"


def en_jsonl(rapport: dict) -> str:
    """One compact line (no float, no indent): ``separators=(",", ":")``'s bytes."""
    return compact(rapport) + "\n"


def en_texte(rapport: dict, details: bool = False, tout: bool = False, recu: bool = False,
             couleur: bool = False, largeur: int = 0) -> str:
    """The terminal report (:mod:`.terminal`): « L'essentiel », questions, details by importance."""
    from lexfoyer.rapport.terminal import en_texte as texte_terminal
    return texte_terminal(rapport, details, tout, recu, couleur, largeur)


def en_markdown(rapport: dict, tout: bool = False) -> str:
    """« L'essentiel », questions, details by importance, chain, receipt (:mod:`.document`)."""
    from lexfoyer.rapport.markdown import en_markdown as document_markdown
    return document_markdown(rapport, tout)


def en_html(rapport: dict, tout: bool = False) -> str:
    """One self-contained HTML file a lawyer can send (:mod:`.html`)."""
    from lexfoyer.rapport.html import en_html as document_html
    return document_html(rapport, tout)
