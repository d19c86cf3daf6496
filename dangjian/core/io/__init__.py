"""Import and export of the core's spreadsheets: the org sheet and the member roster (花名册).

- `sheets`: the column specs, cell parsing (labels, dates, ID numbers) and the downloadable templates.
- `reader`: reads an uploaded .xlsx (read-only, streaming) and checks its header.
- `roster`, `orgs`: validation of every row, then one all-or-nothing, set-based, audited write.
- `export`: the roster of an org's subtree, streamed to .xlsx.
- `jobs`: the import jobs behind the upload pages (validate → preview → confirm → import).
"""

from dangjian.core.io.reader import ImportFileError
from dangjian.core.io.results import ImportResult, RowError

__all__ = ["ImportFileError", "ImportResult", "RowError"]
