"""Compliance keeps no rows of its own: the demo county's figures come from the requirements (`demo/settings.py`)
and the meetings (`demo/meetings.py`)."""
