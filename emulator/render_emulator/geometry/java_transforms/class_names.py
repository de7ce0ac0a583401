"""The class names of the Java transforms this package computes, importable without numpy (the registry in
``__init__`` lists them before any transform module is loaded)."""

MLS_CLASS = "mpicbg.trakem2.transform.MovingLeastSquaresTransform"
MLS2_CLASS = "mpicbg.trakem2.transform.MovingLeastSquaresTransform2"
AFFINE3D_CLASS = "mpicbg.trakem2.transform.AffineModel3D"
WARP_FIELD_CLASS = "org.janelia.alignment.transform.AffineWarpFieldTransform"
