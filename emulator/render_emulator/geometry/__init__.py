"""Geometry shared by coordinates, bounding boxes and images (design.md: ``geometry/``)."""
