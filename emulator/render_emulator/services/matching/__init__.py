"""render-app's feature matching (``org.janelia.alignment.match``): SIFT features of a rendered canvas, the
ratio-of-distances candidate matching, RANSAC/robust-regression filtering for a model type and the mapping of
inliers back to full-scale canvas coordinates. Shared by the emulated PointMatchClient and the match-trial
service."""
