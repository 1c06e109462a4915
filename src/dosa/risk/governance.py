# SPDX-License-Identifier: EUPL-1.2
"""World Bank governance values by country code, for the governance-weighted concentration.

The values are the packaged table ``wgi-2022`` (``dosa/data/crm/wgi-2022.csv``): the mean of the six
Worldwide Governance Indicators for 2022, rescaled to 0-10 with 10 the worst governance, as the EU
critical-raw-materials method uses them. The table's first line names its source and licence.
"""

from __future__ import annotations

from functools import cache

from dosa.risk import crm_tables

GOVERNANCE_TABLE = "wgi-2022"
LABEL = "World Bank WGI 2022, mean of the six estimates rescaled to 0-10 (10 = worst), CC BY 4.0"


@cache
def wgi_by_code() -> dict[str, float]:
    """Rescaled WGI per ISO 3166-1 alpha-2 code."""
    table = crm_tables.read_table(crm_tables.resolve_table(GOVERNANCE_TABLE))
    crm_tables.read_governance(table)  # validates every value (0-10) with file and line
    return {cells["code"]: float(cells["wgi"]) for _, cells in table.rows if cells.get("code")}
