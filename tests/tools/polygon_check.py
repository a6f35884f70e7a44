#!/usr/bin/python3
"""Independent check of the polygons standort wrote, through GDAL/OGR and GEOS (not our code).

For every layer of every .geojson and .gpkg given: the polygons GEOS finds invalid, and, for
layers with an `area_ha` field, whether it is the polygon's own area and whether the layer's
polygons of one kind (the `kind` field, where there is one) overlap each other. Prints one line per problem and `checked N polygons`, exits 1 on
any problem.
"""
import sys

from osgeo import ogr

ogr.UseExceptions()
problems = 0
polygons = 0
for path in sys.argv[1:]:
    ds = ogr.Open(path)
    for layer in ds:
        # GeoJSON is in lon/lat: measure areas in the working CRS the GeoPackage keeps.
        measured = path.endswith(".gpkg")
        names = [layer.GetLayerDefn().GetFieldDefn(i).GetName()
                 for i in range(layer.GetLayerDefn().GetFieldCount())]
        shapes = {}  # kind -> polygons
        for f in layer:
            g = f.GetGeometryRef()
            if g is None or "POLYGON" not in g.GetGeometryName():
                continue
            polygons += 1
            if not g.IsValid():
                problems += 1
                print(f"invalid: {path} {layer.GetName()} feature {f.GetFID()}")
                continue
            if measured and "area_ha" in names and f.GetField("area_ha") is not None:
                if abs(g.GetArea() / 1e4 - f.GetField("area_ha")) > 0.01 + 1e-3 * g.GetArea() / 1e4:
                    problems += 1
                    print(f"area_ha: {path} {layer.GetName()} feature {f.GetFID()}: "
                          f"{f.GetField('area_ha')} against {g.GetArea() / 1e4:.4f}")
                kind = f.GetField("kind") if "kind" in names else ""
                shapes.setdefault(kind, []).append(g.Clone())
        # Isochrones nest by design (10 minutes hold 5 minutes); other areas must not overlap.
        for kind, parts in shapes.items():
            if len(parts) < 2 or "isochrone" in path:
                continue
            union = ogr.Geometry(ogr.wkbMultiPolygon)
            for g in parts:
                union = union.Union(g)
            total = sum(g.GetArea() for g in parts)
            if total - union.GetArea() > 1.0:
                problems += 1
                print(f"overlap: {path} {layer.GetName()} {kind}: the polygons overlap by "
                      f"{(total - union.GetArea()) / 1e4:.4f} ha")
print(f"checked {polygons} polygons")
sys.exit(1 if problems else 0)
