"""Compliance pages take no input but their filters (`selectors.compliance.BranchFilter`, `AbsenceFilter`) and the
year and span selectors, so there are no forms here."""
