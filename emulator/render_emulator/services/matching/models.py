"""The mpicbg 2D models render's ModelType names (TRANSLATION, RIGID, SIMILARITY, AFFINE), fitted by weighted
least squares with mpicbg's closed forms (mpicbg/models/AffineModel2D.java:115, RigidModel2D.java,
SimilarityModel2D.java, TranslationModel2D.java) and vectorised over point arrays.

A fitted model is a 2 x 3 matrix ``[[m00, m01, m02], [m10, m11, m12]]`` mapping p to q.
"""

from __future__ import annotations

import numpy as np

MODEL_TYPES = ("TRANSLATION", "RIGID", "SIMILARITY", "AFFINE")
# Model.getMinNumMatches() of each mpicbg model
MIN_NUM_MATCHES = {"TRANSLATION": 1, "RIGID": 2, "SIMILARITY": 2, "AFFINE": 3}


class IllDefinedDataPoints(ValueError):
    """mpicbg's IllDefinedDataPointsException: the points do not determine the model."""


def _centres(p: np.ndarray, q: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    total = w.sum()
    return (w @ p) / total, (w @ q) / total


def fit(model_type: str, p: np.ndarray, q: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """The model of ``model_type`` mapping the N x 2 points ``p`` onto ``q`` (weights ``w``, default 1)."""
    if w is None:
        w = np.ones(len(p))
    pc, qc = _centres(p, q, w)
    pd, qd = p - pc, q - qc
    if model_type == "TRANSLATION":
        linear = np.eye(2)
    elif model_type == "AFFINE":
        a00, a01, a11 = w @ (pd[:, 0] * pd[:, 0]), w @ (pd[:, 0] * pd[:, 1]), w @ (pd[:, 1] * pd[:, 1])
        b00, b01 = w @ (pd[:, 0] * qd[:, 0]), w @ (pd[:, 0] * qd[:, 1])
        b10, b11 = w @ (pd[:, 1] * qd[:, 0]), w @ (pd[:, 1] * qd[:, 1])
        det = a00 * a11 - a01 * a01
        if det == 0:
            raise IllDefinedDataPoints("ill defined data points")
        linear = np.array([[(a11 * b00 - a01 * b10) / det, (a00 * b10 - a01 * b00) / det],
                           [(a11 * b01 - a01 * b11) / det, (a00 * b11 - a01 * b01) / det]])
        if not np.isfinite(linear).all() or linear[0, 0] * linear[1, 1] - linear[0, 1] * linear[1, 0] == 0:
            # AffineModel2D.fit ends with invert(), which throws for a singular matrix
            raise IllDefinedDataPoints("ill defined data points")
    else:
        sind = w @ (pd[:, 0] * qd[:, 1] - pd[:, 1] * qd[:, 0])
        cosd = w @ (pd[:, 0] * qd[:, 0] + pd[:, 1] * qd[:, 1])
        if model_type == "RIGID":
            norm = np.hypot(cosd, sind)
            if norm == 0:
                raise IllDefinedDataPoints("ill defined data points")
            cosd, sind = cosd / norm, sind / norm
        else:  # SIMILARITY
            spread = w @ (pd * pd).sum(axis=1)
            if spread == 0:
                raise IllDefinedDataPoints("ill defined data points")
            cosd, sind = cosd / spread, sind / spread
        linear = np.array([[cosd, -sind], [sind, cosd]])
    translation = qc - linear @ pc
    return np.column_stack([linear, translation])


def apply(model: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The N x 2 points ``p`` mapped by the model."""
    return p @ model[:, :2].T + model[:, 2]


def fit_minimal_batch(model_type: str, p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit-weight fits of many small point sets at once: ``p``, ``q`` are S x K x 2; returns the S x 2 x 3
    models and a mask of the sets that determine their model (the others raise IllDefinedDataPoints in
    :func:`fit`)."""
    pc, qc = p.mean(axis=1), q.mean(axis=1)
    pd, qd = p - pc[:, None, :], q - qc[:, None, :]
    count = len(p)
    linear = np.broadcast_to(np.eye(2), (count, 2, 2)).copy()
    valid = np.ones(count, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        if model_type == "AFFINE":
            a00 = (pd[..., 0] ** 2).sum(1)
            a01 = (pd[..., 0] * pd[..., 1]).sum(1)
            a11 = (pd[..., 1] ** 2).sum(1)
            b00, b01 = (pd[..., 0] * qd[..., 0]).sum(1), (pd[..., 0] * qd[..., 1]).sum(1)
            b10, b11 = (pd[..., 1] * qd[..., 0]).sum(1), (pd[..., 1] * qd[..., 1]).sum(1)
            det = a00 * a11 - a01 * a01
            row0 = np.stack([(a11 * b00 - a01 * b10) / det, (a00 * b10 - a01 * b00) / det], -1)
            row1 = np.stack([(a11 * b01 - a01 * b11) / det, (a00 * b11 - a01 * b01) / det], -1)
            linear = np.stack([row0, row1], 1)
            inner = linear[:, 0, 0] * linear[:, 1, 1] - linear[:, 0, 1] * linear[:, 1, 0]
            valid = (det != 0) & np.isfinite(linear).all(axis=(1, 2)) & (inner != 0)
        elif model_type in ("RIGID", "SIMILARITY"):
            sind = (pd[..., 0] * qd[..., 1] - pd[..., 1] * qd[..., 0]).sum(1)
            cosd = (pd[..., 0] * qd[..., 0] + pd[..., 1] * qd[..., 1]).sum(1)
            norm = np.hypot(cosd, sind) if model_type == "RIGID" else (pd * pd).sum(axis=(1, 2))
            valid = norm != 0
            cosd, sind = cosd / norm, sind / norm
            linear = np.stack([np.stack([cosd, -sind], -1), np.stack([sind, cosd], -1)], 1)
    linear = np.where(valid[:, None, None], linear, np.eye(2))
    translation = qc - np.einsum("sij,sj->si", linear, pc)
    return np.concatenate([linear, translation[..., None]], axis=2), valid
