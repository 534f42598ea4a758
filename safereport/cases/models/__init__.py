"""Case models. (Package; the case work additions join it in their own module.)"""

from safereport.cases.models.case import *  # noqa: F403
