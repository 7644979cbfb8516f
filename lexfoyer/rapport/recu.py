"""The receipt of a report: what produced it, and how fresh the law it relies on is.

A report sent to a client or a court can be questioned months later. The receipt lets
anyone reproduce it or judge its age: the engine versions (lexfoyer and durable_rules),
the content hash of ``kb/`` and ``rules/``, every governing date the rules read the law
at, and when the provisions actually cited were last checked against their source — the
oldest such date is the one to watch. It holds nothing that varies between two runs on
the same dossier and base, so the report stays byte-identical.
"""

from __future__ import annotations

from lexfoyer import __version__
from lexfoyer.droit.base import Base


def construire_recu(base: Base, conclusions: list[dict]) -> dict:
    """The receipt for a report whose conclusions are ``conclusions`` (contract dicts)."""
    dates: dict[str, list[str]] = {}
    for c in conclusions:
        ids = dates.setdefault(c["date_gouvernante"], [])
        if c["id"] not in ids:
            ids.append(c["id"])
    cites = sorted({f["id"] for c in conclusions for f in c["fondements"]})
    verifications = {i: base.dispositions[i].derniere_verification for i in cites}
    connues = [d for d in verifications.values() if d is not None]
    plus_ancienne = min(connues) if connues else None
    return {
        "lexfoyer": __version__,
        "durable_rules": base.version_durable_rules,
        "empreinte": base.empreinte,
        "dates_gouvernantes": {jour: sorted(ids) for jour, ids in sorted(dates.items())},
        "verification_la_plus_ancienne": {
            "date": plus_ancienne.isoformat(),
            "dispositions": [i for i in cites if verifications[i] == plus_ancienne],
        } if plus_ancienne else None,
        "dispositions_sans_date_de_verification": [i for i in cites if verifications[i] is None],
        "fondements_non_verifies": sorted({f["id"] for c in conclusions for f in c["fondements"] if not f.get("verifie")}),
    }
