"""Service and transparency: each area's models live in its own module (each declares `__all__`)."""

from dangjian.service.models.audits import *  # noqa: F403
from dangjian.service.models.centres import *  # noqa: F403
from dangjian.service.models.decisions import *  # noqa: F403
from dangjian.service.models.duty import *  # noqa: F403
from dangjian.service.models.finance import *  # noqa: F403
from dangjian.service.models.minqing import *  # noqa: F403
from dangjian.service.models.public import *  # noqa: F403
from dangjian.service.models.requests import *  # noqa: F403
