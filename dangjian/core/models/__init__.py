from .accounts import User
from .audit import AuditEntry, AuditHead
from .imports import ImportJob, ImportKind, ImportStatus
from .orgs import Org, Unit, UnitYearFigure
from .people import Person, Post
from .stats import OrgStats

__all__ = [
    "AuditEntry",
    "AuditHead",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "Org",
    "OrgStats",
    "Person",
    "Post",
    "Unit",
    "UnitYearFigure",
    "User",
]
