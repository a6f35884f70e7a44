#!/usr/bin/python3
"""What a council member and GIS staff get from `standort map`, checked with QGIS (PyQGIS).

  map_check.py OUT_DIR [LAYOUT=FIELD ...]

Opens OUT_DIR/standort.qgz as QGIS does and reports, as one JSON object:
  layers:  each map layer: valid, renderer, whether its fields have aliases, temporal
  time:    the project's temporal range and step
  layouts: each print layout: its title and subtitle, its legend (layer titles and class
           labels), whether it has a map, scale bar and north arrow, the PNG's size
  pixels:  for each LAYOUT=FIELD given, every feature of the layout's first legend layer:
           its FIELD value, the legend class that value falls into (read from the legend's
           German labels: "unter a", "a bis unter b", "a und mehr", "keine Daten"), and
           whether the PNG shows that class's legend colour inside the feature (the median
           of points sampled inside it, the fill blended over white as QGIS draws it)
Exit 1 when the project does not open or a layer is invalid.
"""
import json
import os
import re
import statistics
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsGeometry,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QImage  # noqa: E402

FILL_ALPHA = 0.85  # the analysis styles' fill opacity


def number(text):
    return float(text.replace(".", "").replace(",", "."))


def class_of(value, labels):
    """The legend label whose German range holds value."""
    for label in labels:
        if label == "keine Daten":
            if value is None:
                return label
            continue
        if value is None:
            continue
        text = re.sub(r"\s*\(.*\)$", "", label)  # "(Ziel erreicht)"
        nums = [number(n) for n in re.findall(r"-?\d[\d.]*(?:,\d+)?", text)]
        if text.startswith("unter ") and value < nums[0]:
            return label
        if " bis unter " in text and nums[0] <= value < nums[1]:
            return label
        if text.endswith("und mehr") and value >= nums[0]:
            return label
    return None


def legend_entries(legend):
    model = legend.model()
    out = []
    for node in model.rootGroup().findLayers():
        classes = []
        for legend_node in model.layerLegendNodes(node):
            label = legend_node.data(Qt.DisplayRole)
            colour = None
            symbol_node = getattr(legend_node, "symbol", None)
            if symbol_node and legend_node.symbol():
                c = legend_node.symbol().color()
                colour = [c.red(), c.green(), c.blue()]
            classes.append({"label": label, "colour": colour})
        out.append({"title": node.name(), "layer": node.layerId(), "classes": classes})
    return out


def sample_points(geometry, count=60):
    box = geometry.boundingBox()
    points = []
    n = 12
    for i in range(n):
        for j in range(n):
            x = box.xMinimum() + (i + 0.5) * box.width() / n
            y = box.yMinimum() + (j + 0.5) * box.height() / n
            p = QgsGeometry.fromPointXY(QgsPointXY(x, y))
            if geometry.contains(p):
                points.append((x, y))
    return points[:count] if len(points) > count else points


def pixel_check(layout, map_item, legend, image, dpi, field):
    entries = legend_entries(legend)
    if not entries:
        return {"error": "no legend"}
    first = entries[0]
    layer = QgsProject.instance().mapLayer(first["layer"])
    labels = [c["label"] for c in first["classes"]]
    colours = {c["label"]: c["colour"] for c in first["classes"]}
    ext = map_item.extent()
    pos = map_item.positionWithUnits()
    size = map_item.sizeWithUnits()
    scale = dpi / 25.4
    results = []
    for feature in layer.getFeatures():
        value = feature[field]
        value = None if value is None or str(value) == "NULL" else float(value)
        expected = class_of(value, labels)
        colour = colours.get(expected)
        distances = []
        for x, y in sample_points(feature.geometry()):
            px = (pos.x() + (x - ext.xMinimum()) / ext.width() * size.width()) * scale
            py = (pos.y() + (ext.yMaximum() - y) / ext.height() * size.height()) * scale
            if not (0 <= px < image.width() and 0 <= py < image.height()) or colour is None:
                continue
            c = image.pixelColor(int(px), int(py))
            blended = [FILL_ALPHA * v + (1 - FILL_ALPHA) * 255 for v in colour]
            distances.append(max(abs(c.red() - blended[0]), abs(c.green() - blended[1]),
                                 abs(c.blue() - blended[2])))
        results.append({"value": value, "class": expected,
                        "samples": len(distances),
                        "median_distance": statistics.median(distances) if distances else None})
    return {"field": field, "legend_layer": first["title"], "features": results}


def main(argv):
    out = argv[0]
    wanted = dict(a.split("=", 1) for a in argv[1:])
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    report = {"layers": [], "layouts": [], "problems": []}
    if not project.read(os.path.join(out, "standort.qgz")):
        print(json.dumps({"problems": ["the project does not open: " + project.error()]}))
        return 1
    for layer in project.mapLayers().values():
        entry = {"name": layer.name(), "valid": layer.isValid()}
        if isinstance(layer, QgsVectorLayer):
            entry["renderer"] = layer.renderer().type() if layer.renderer() else None
            entry["source"] = layer.source()
            fields = layer.fields()
            entry["aliases"] = sum(1 for i in range(fields.count()) if layer.attributeAlias(i))
            entry["fields"] = fields.count()
            entry["temporal"] = layer.temporalProperties().isActive()
        if not layer.isValid():
            report["problems"].append(f"layer {layer.name()} is not valid")
        report["layers"].append(entry)
    time = project.timeSettings()
    rng = time.temporalRange()
    report["time"] = {"begin": rng.begin().toString("yyyy-MM-dd"),
                      "end": rng.end().toString("yyyy-MM-dd"),
                      "step": time.timeStep() if hasattr(time, "timeStep") else None,
                      "unit": int(time.timeStepUnit()) if hasattr(time, "timeStepUnit") else None}
    for layout in project.layoutManager().printLayouts():
        items = layout.items()
        labels = [i.text() for i in items if isinstance(i, QgsLayoutItemLabel)]
        maps = [i for i in items if isinstance(i, QgsLayoutItemMap)]
        legends = [i for i in items if isinstance(i, QgsLayoutItemLegend)]
        entry = {"name": layout.name(), "labels": labels,
                 "legend": legend_entries(legends[0]) if legends else [],
                 "map": bool(maps),
                 "scale_bar": any(isinstance(i, QgsLayoutItemScaleBar) for i in items),
                 "north_arrow": any(isinstance(i, QgsLayoutItemPicture) for i in items)}
        png = os.path.join(out, "karten", layout.name() + ".png")
        if os.path.exists(png):
            image = QImage(png)
            entry["png"] = [image.width(), image.height()]
            if layout.name() in wanted and maps and legends:
                dpi = image.width() / (layout.pageCollection().page(0).pageSize().width() / 25.4)
                entry["pixels"] = pixel_check(layout, maps[0], legends[0], image, dpi,
                                              wanted[layout.name()])
        report["layouts"].append(entry)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    app.exitQgis()
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
