"""Leaf (single mpicbg class) transforms."""

from . import common as common
from .affine_models import *  # noqa: F403
from .homography_models import *  # noqa: F403
from .polynomial_models import *  # noqa: F403
from .thin_plate_spline import *  # noqa: F403
from .transform import *  # noqa: F403
from .utils import *  # noqa: F403
