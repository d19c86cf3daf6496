"""Village governance and development: each area's models live in its own module (each declares `__all__`)."""

from dangjian.villages.models.classification import *  # noqa: F403
from dangjian.villages.models.economy import *  # noqa: F403
from dangjian.villages.models.elections import *  # noqa: F403
from dangjian.villages.models.pairing import *  # noqa: F403
from dangjian.villages.models.projects import *  # noqa: F403
from dangjian.villages.models.rectification import *  # noqa: F403
from dangjian.villages.models.secretaries import *  # noqa: F403
from dangjian.villages.models.showcase import *  # noqa: F403
from dangjian.villages.models.talent import *  # noqa: F403
from dangjian.villages.models.twonew import *  # noqa: F403
