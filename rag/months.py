"""The months of the year as English texts name them: one list for every stage that reads or writes dates."""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_NAME = "(?:" + "|".join(MONTHS) + ")"  # any of them, as a regular expression
