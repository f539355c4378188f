"""The privacy guard: a file with client data is refused before anything of it is stored.

What is screened, and how (see docs/architecture.md, "Getting data in and out"):

- every sheet of a workbook, every row (the header row too) and every cell, mapped or not, also beyond the
  last column name, and the file's and the sheets' names (``screen``);
- in every cell: a BSN in any written form, and signs of other client data: a postcode, a street with a house
  number, a date of birth written as such, an e-mail address, a phone number (``bsn``, ``patterns``);
- every column name against the words for client data, Dutch and English (``vocabulary``);
- free text (remarks, descriptions, prose) is not kept unless the user opts in for that column (``stored``).

Findings name the sheet, the row and the column, never the value.
"""

from imports.privacy.bsn import is_valid_bsn
from imports.privacy.screen import Finding, Screened, Withheld, check_privacy, screen_file, screen_sheet
from imports.privacy.vocabulary import header_finding

__all__ = [
    "Finding",
    "Screened",
    "Withheld",
    "check_privacy",
    "header_finding",
    "is_valid_bsn",
    "screen_file",
    "screen_sheet",
]
