#!/usr/bin/python3
"""How QGIS (PyQGIS from Debian, headless) opens the layers standort wrote.

For every layer of every GeoPackage and GeoJSON given: is it valid, did QGIS apply the style
that came with it (the GeoPackage's layer_styles table, the GeoJSON's .qml side-car), what
the legend says, the alias of every field, whether labels and the temporal controller are set.

Prints one JSON object: {"layers": [{file, layer, valid, geometry, crs, features, renderer,
legend, aliases, labels, temporal, styles}], "problems": [...]}. Exit 1 when there is a
problem: a layer QGIS cannot open, a layer without its style, a field without a German alias
(the alias equals the field name), an empty legend.

`--classes FIELD` lists, for every feature, the value of FIELD and the legend labels QGIS's
renderer draws it with (its own filters decide, not ours).

`--frames YEAR,...` also asks, for each layer with temporal settings, which features the
temporal controller would draw in the frame of each year (1 January to 1 January): the
years found in those features' `year` field, through QGIS's own filter on the provider.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from osgeo import ogr  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDateTimeRange,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsRenderContext,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime  # noqa: E402


def sublayers(path):
    if path.endswith(".gpkg"):
        ds = ogr.Open(path)
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        return [(f"{path}|layername={n}", n) for n in names if n != "layer_styles"]
    return [(path, os.path.splitext(os.path.basename(path))[0])]


def frame_years(layer, years):
    out = {}
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    for y in years:
        start = QDateTime(QDate(y, 1, 1), QTime(0, 0, 0))
        end = QDateTime(QDate(y + 1, 1, 1), QTime(0, 0, 0))
        rng = QgsDateTimeRange(start, end, True, False)
        expr = layer.temporalProperties().createFilterString(context, rng)
        request = QgsFeatureRequest().setFilterExpression(expr)
        found = sorted({int(f["year"]) for f in layer.getFeatures(request)})
        out[str(y)] = found
    return out


def feature_classes(layer, field):
    renderer = layer.renderer().clone()
    context = QgsRenderContext()
    context.setExpressionContext(
        QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer)))
    renderer.startRender(context, layer.fields())
    labels = {i.ruleKey(): i.label() for i in renderer.legendSymbolItems()}
    out = []
    for f in layer.getFeatures():
        context.expressionContext().setFeature(f)
        keys = renderer.legendKeysForFeature(f, context)
        value = f[field]
        out.append({"value": None if value is None or str(value) == "NULL" else value,
                    "classes": sorted(labels[k] for k in keys if k in labels)})
    renderer.stopRender(context)
    return out


def check(path, uri, name, years, problems, classes_field=None):
    layer = QgsVectorLayer(uri, name, "ogr")
    entry = {"file": os.path.basename(path), "layer": name, "valid": layer.isValid()}
    if not layer.isValid():
        problems.append(f"{path} {name}: QGIS cannot open it")
        return entry
    renderer = layer.renderer()
    entry["geometry"] = layer.geometryType()
    entry["crs"] = layer.crs().authid()
    entry["features"] = layer.featureCount()
    entry["renderer"] = renderer.type() if renderer else None
    entry["legend"] = [i.label() for i in renderer.legendSymbolItems()] if renderer else []
    fields = layer.fields()
    entry["aliases"] = {f.name(): layer.attributeAlias(i) for i, f in enumerate(fields)}
    entry["fields"] = {f.name(): f.typeName() for f in fields}
    entry["labels"] = bool(layer.labelsEnabled())
    temporal = layer.temporalProperties()
    # QGIS 3.22 applies a default style's temporal settings when the style is loaded again,
    # not when the layer is first opened (the project file sets them for that case).
    entry["temporal_on_open"] = bool(temporal.isActive())
    if not temporal.isActive():
        layer.loadDefaultStyle()
        temporal = layer.temporalProperties()
    entry["temporal"] = bool(temporal.isActive())
    if path.endswith(".gpkg"):
        count, ids, names, descriptions, _ = layer.listStylesInDatabase()
        entry["styles"] = list(names[:count])
    if years and temporal.isActive():
        entry["frames"] = frame_years(layer, years)
    if classes_field:
        entry["classes"] = feature_classes(layer, classes_field)
    if layer.geometryType() != 4 and entry["renderer"] != "RuleRenderer":
        problems.append(f"{path} {name}: opened without its style ({entry['renderer']})")
    if layer.geometryType() != 4 and not entry["legend"]:
        problems.append(f"{path} {name}: empty legend")
    for field, alias in entry["aliases"].items():
        if field != "fid" and (not alias or alias == field):
            problems.append(f"{path} {name}: field {field} has no German alias")
    return entry


def main(argv):
    years = []
    paths = []
    classes_field = None
    i = 0
    while i < len(argv):
        if argv[i] == "--frames":
            years = [int(y) for y in argv[i + 1].split(",")]
            i += 2
            continue
        if argv[i] == "--classes":
            classes_field = argv[i + 1]
            i += 2
            continue
        paths.append(argv[i])
        i += 1
    app = QgsApplication([], False)
    app.initQgis()
    problems = []
    layers = []
    for path in paths:
        for uri, name in sublayers(path):
            layers.append(check(path, uri, name, years, problems, classes_field))
    print(json.dumps({"layers": layers, "problems": problems}, ensure_ascii=False, indent=1))
    app.exitQgis()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
