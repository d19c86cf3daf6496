from .accounts import User
from .audit import AuditEntry, AuditHead
from .orgs import Org, Unit, UnitYearFigure
from .people import Person, Post

__all__ = ["AuditEntry", "AuditHead", "Org", "Person", "Post", "Unit", "UnitYearFigure", "User"]
