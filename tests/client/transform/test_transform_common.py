"""renderapi.transform.common.calc_first_order_properties."""
import numpy as np
import pytest

import renderapi
from renderapi.transform.leaf.common import calc_first_order_properties


def test_rotation_by_90_degrees():
    sx, sy, cx, cy, theta = calc_first_order_properties(np.array([[0.0, -1.0], [1.0, 0.0]]))
    assert (sx, sy, cx, cy) == pytest.approx((1.0, 1.0, 0.0, 0.0))
    assert theta == pytest.approx(np.pi / 2)


def test_scale_shear_rotation_recovered():
    sx, sy, c, theta = 1.5, 0.8, 0.2, 0.3
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    M = np.diag([sx, sy]) @ np.array([[1, c], [0, 1]]) @ R
    assert calc_first_order_properties(M, "x") == pytest.approx((sx, sy, c, 0.0, theta))
    My = np.diag([sx, sy]) @ np.array([[1, 0], [c, 1]]) @ R
    assert calc_first_order_properties(My, "y") == pytest.approx((sx, sy, 0.0, c, theta))


def test_unknown_shear_axis():
    with pytest.raises(ValueError):
        calc_first_order_properties(np.eye(2), "z")


def test_reachable_as_package_attribute():
    assert renderapi.transform.common.calc_first_order_properties is calc_first_order_properties
