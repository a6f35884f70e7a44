#!/usr/bin/python3
"""Council maps and the QGIS project of an output folder, rendered by QGIS itself.

Called by `standort map` (services/cli/council_maps.cpp) with a request file (JSON) naming the
output folder, the project, its sources and what to render (an analysis's `--maps` adds
"only": its GeoPackage, and only its maps are exported; the project still gets every layout
of the folder). Reads the layers and styles the
analyses wrote (the GeoPackages' layer_styles), so the council map and the GIS staff's project
show the same style. Writes, into the output folder:

  standort.qgz              every layer styled, grouped by analysis, base layers underneath,
                            the temporal controller set to one year per frame, one print
                            layout per map
  karten/<map>.pdf, .png    print-ready (A4 or A3 landscape, 300 dpi): title, subtitle, legend
                            in German, scale bar, north arrow, district names, a source line
  karten/steckbriefe_planungsraeume.pdf
                            an atlas: one page per Planungsraum with its figures

Everything is written under temporary names and moved into place once all are complete.
Prints one line per map; the last line is JSON: {"maps": [...], "project": ..., "files": [...]}.
Exit codes: 0 done, 2 nothing to map (no analysis in the folder), 1 QGIS failed.
"""
import json
import os
import re
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt wants a private runtime folder; without one it warns on every start.
_RUNTIME = None
if not os.environ.get("XDG_RUNTIME_DIR"):
    _RUNTIME = tempfile.mkdtemp(prefix="standort-qt-")
    os.environ["XDG_RUNTIME_DIR"] = _RUNTIME

from osgeo import gdal, ogr  # noqa: E402
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDateTimeRange,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402
from qgis.PyQt.QtXml import QDomDocument  # noqa: E402

FONT = "DejaVu Sans"
NORTH_ARROW = "/usr/share/qgis/svg/arrows/NorthArrow_02.svg"
PAPER = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}

# Analysis groups of the project, top to bottom: (group, file, layers).
GROUPS = [
    ("Standortwahl", "siting.gpkg", ["siting_sites", "siting_districts"]),
    ("Prognose", "forecast.gpkg", ["forecast_facilities", "forecast_facilities_years",
                                   "forecast_districts", "forecast_districts_years",
                                   "forecast_backtest"]),
    ("Isochronen", "isochrones.gpkg", ["isochrones"]),
    ("Einzugsbereiche", "catchments.gpkg", ["catchments_official", "catchments_capacity",
                                            "catchments_nearest", "catchments_unassigned"]),
    ("Erreichbarkeitsindex", "access.gpkg", ["access_facilities", "access_districts"]),
    ("Erreichbarkeit", "coverage.gpkg", ["coverage_gaps_kita", "coverage_gaps_grundschule",
                                         "coverage_districts"]),
    ("Versorgung", "supply.gpkg", ["supply"]),
]


def slug(text):
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def layer_names(path):
    ds = ogr.Open(path) if os.path.exists(path) else None
    if not ds:
        return []
    return [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]


class Styled:
    """A layer of the project with every named style of its GeoPackage in its style manager."""

    def __init__(self, path, name):
        self.layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        self.styles = []
        if not self.layer.isValid():
            return
        count, ids, names, _, _ = self.layer.listStylesInDatabase()
        manager = self.layer.styleManager()
        self.qml = {}
        for style_id, style_name in reversed(list(zip(ids[:count], names[:count]))):
            qml, _ = self.layer.getStyleFromDatabase(style_id)
            self.qml[style_name] = qml
            doc = QDomDocument()
            doc.setContent(qml)
            self.layer.importNamedStyle(doc)
            manager.addStyleFromLayer(style_name)
            self.styles.insert(0, style_name)
        if self.styles:  # the default (first) one current, QGIS's unnamed one removed
            manager.setCurrentStyle(self.styles[0])
            if "default" in manager.styles() and "default" not in self.styles:
                manager.removeStyle("default")
        # Loaded again: QGIS 3.22 applies a default style's temporal settings only so.
        self.layer.loadDefaultStyle()
        self.layer.setName(self.title(self.styles[0] if self.styles else name))

    def title(self, style):
        return style

    def copy(self, style, title):
        """The layer once more, in one of its styles, for one print layout: a layout's map and
        legend then show that style wherever the project is opened (a map item's style
        overrides are not followed by a saved legend in QGIS 3.22)."""
        layer = QgsVectorLayer(self.layer.source(), title, "ogr")
        if style in self.qml:
            doc = QDomDocument()
            doc.setContent(self.qml[style])
            layer.importNamedStyle(doc)
        elif style is not None:
            layer.importNamedStyle(self.current_style_doc())
        layer.setName(title)
        return layer

    def current_style_doc(self):
        doc = QDomDocument()
        self.layer.exportNamedStyle(doc)
        return doc

    def valid(self):
        return self.layer.isValid()


def label(layout, text, x, y, w, h, size, bold=False, colour="#202020"):
    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    item.setFont(QFont(FONT, size, QFont.Bold if bold else QFont.Normal))
    item.setFontColor(QColor(colour))
    layout.addLayoutItem(item)
    item.attemptMove(QgsLayoutPoint(x, y))
    item.attemptResize(QgsLayoutSize(w, h))
    return item


def nice_scale_units(extent_m):
    return QgsUnitTypes.DistanceMeters if extent_m < 6000 else QgsUnitTypes.DistanceKilometers


class Maps:
    def __init__(self, request):
        self.request = request
        self.out = request["out"]
        self.paper = request.get("paper", "A4")
        self.dpi = int(request.get("dpi", 300))
        self.formats = request.get("formats", ["pdf", "png"])
        self.project = QgsProject.instance()
        self.maps = []
        self.staged = tempfile.mkdtemp(prefix=".standort-tmp-maps-", dir=self.out)
        self.written = []

    # -- the project ----------------------------------------------------------------------
    def load(self):
        root = self.project.layerTreeRoot()
        self.layers = {}
        for group_name, file, names in GROUPS:
            path = os.path.join(self.out, file)
            present = [n for n in names if n in layer_names(path)]
            if not present:
                continue
            group = root.addGroup(group_name)
            for name in present:
                styled = Styled(path, name)
                if not styled.valid():
                    raise RuntimeError(f"QGIS cannot open {path} layer {name}")
                self.project.addMapLayer(styled.layer, False)
                group.addLayer(styled.layer)
                self.layers[name] = styled
            group.setItemVisibilityChecked(group_name == "Versorgung")
            group.setExpanded(False)
        if not self.layers:
            return False
        base = root.addGroup("Grundlagen")
        # The layers of the print layouts, each in its layout's style: hidden, at the bottom.
        self.layout_group = root.addGroup("Ebenen der Druckvorlagen")
        self.layout_group.setItemVisibilityChecked(False)
        self.layout_group.setExpanded(False)
        standort = os.path.join(self.out, "standort.gpkg")
        for name, title in (("facilities", "Einrichtungen"), ("catchments", "Schulbezirke"),
                            ("districts", "Planungsräume")):
            if name in layer_names(standort):
                styled = Styled(standort, name)
                styled.layer.setName(title)
                self.project.addMapLayer(styled.layer, False)
                node = base.addLayer(styled.layer)
                node.setItemVisibilityChecked(name != "catchments")
                self.layers[name] = styled
        streets = self.request.get("streets")
        if streets and os.path.exists(streets):
            for name in layer_names(streets):
                candidate = QgsVectorLayer(f"{streets}|layername={name}", "Straßen", "ogr")
                if candidate.isValid() and candidate.geometryType() == 1:  # lines
                    symbol = candidate.renderer().symbol()
                    symbol.setColor(QColor(190, 190, 190))
                    symbol.setWidth(0.25)
                    self.project.addMapLayer(candidate, False)
                    base.addLayer(candidate)
                    self.layers["streets"] = candidate
                    break
        district_layer = self.layers.get("districts")
        self.crs = (district_layer.layer if district_layer else
                    next(iter(self.layers.values())).layer).crs()
        self.project.setCrs(self.crs)
        self.set_time_controller()
        return True

    def set_time_controller(self):
        years = []
        for name in ("forecast_districts_years", "forecast_facilities_years"):
            if name in self.layers:
                layer = self.layers[name].layer
                index = layer.fields().indexOf("year")
                years += [int(v) for v in layer.uniqueValues(index) if v is not None]
        if not years:
            return
        settings = self.project.timeSettings()
        settings.setTemporalRange(QgsDateTimeRange(
            QDateTime(QDate(min(years), 1, 1), QTime(0, 0, 0)),
            QDateTime(QDate(max(years) + 1, 1, 1), QTime(0, 0, 0))))
        if hasattr(settings, "setTimeStep"):
            settings.setTimeStep(1)
            settings.setTimeStepUnit(QgsUnitTypes.TemporalYears)

    def extent(self):
        layer = (self.layers.get("districts") or next(iter(self.layers.values()))).layer
        rect = QgsRectangle(layer.extent())
        rect.scale(1.06)
        return rect

    # -- one map ----------------------------------------------------------------------------
    def base_layers(self, facility_style):
        out = []
        if facility_style and "facilities" in self.layers:
            styles = self.layers["facilities"].styles
            if facility_style in styles:
                out.append((self.layers["facilities"], facility_style,
                            "Einrichtungen: " + facility_style))
        if "districts" in self.layers:
            out.append((self.layers["districts"], "Planungsräume", "Planungsräume"))
        return out

    def layout(self, name, title, subtitle, layers, atlas_layer=None):
        """layers: (Styled, style name, legend title), top first."""
        width, height = PAPER[self.paper]
        layout = QgsPrintLayout(self.project)
        layout.initializeDefaults()
        layout.setName(name)
        layout.pageCollection().page(0).setPageSize(self.paper, QgsLayoutItemPage.Landscape)
        margin = 10.0
        legend_width = 78.0 if self.paper == "A4" else 100.0
        scale = 1.0 if self.paper == "A4" else 1.35
        label(layout, title, margin, 7, width - 2 * margin, 11 * scale, int(18 * scale), True)
        label(layout, subtitle, margin, 7 + 11 * scale, width - 2 * margin, 7 * scale,
              int(10 * scale), colour="#505050")
        top = 7 + 19 * scale
        map_w = width - 2 * margin - legend_width - 4
        map_h = height - top - 20
        m = QgsLayoutItemMap(layout)
        m.setRect(0, 0, 10, 10)  # a fresh map is 0 x 0 with an empty extent (NaN on resize)
        m.setExtent(self.extent())
        m.setCrs(self.crs)
        # Each layer once more in the style this map shows, kept in the project's group of
        # layout layers (hidden in the layer panel's map).
        copies = []
        for styled, style, legend_title in layers:
            layer = styled.copy(style, legend_title)
            self.project.addMapLayer(layer, False)
            node = self.layout_group.addLayer(layer)
            node.setItemVisibilityChecked(False)
            copies.append((layer, styled is self.layers.get("districts"), legend_title))

        # Drawn top first: points, lines, the districts' outlines and names, the analysis's
        # areas, the streets underneath.
        def rank(entry):
            kind = entry[0].geometryType()
            return 0 if kind == 0 else 1 if kind == 1 else 2 if entry[1] else 3
        map_layers = [e[0] for e in sorted(copies, key=rank)]
        if "streets" in self.layers:
            map_layers.append(self.layers["streets"])
        m.setLayers(map_layers)
        layout.addLayoutItem(m)
        m.attemptMove(QgsLayoutPoint(margin, top))
        # Resized from 10 x 10 mm, not by setRect() to the final size: that makes
        # attemptResize a no-op and the project would save the map as 0 x 0 mm.
        m.attemptResize(QgsLayoutSize(map_w, map_h))
        m.zoomToExtent(self.extent())
        m.setFrameEnabled(True)
        if atlas_layer is not None:
            atlas_layer = copies[0][0]
            self.atlas_coverage = atlas_layer
            m.setAtlasDriven(True)
            m.setAtlasScalingMode(QgsLayoutItemMap.Auto)
            m.setAtlasMargin(0.25)
        # Legend: only this map's layers, under the titles a council reads.
        legend = QgsLayoutItemLegend(layout)
        legend.setTitle("Legende")
        # The legend's own tree (saved with the layout), emptied and filled with this map's.
        legend.setAutoUpdateModel(False)
        tree = legend.model().rootGroup()
        tree.removeAllChildren()
        for layer, _, _ in copies:
            tree.addLayer(layer)
        legend.setLinkedMap(m)
        for part in (QgsLegendStyle.Title, QgsLegendStyle.Group, QgsLegendStyle.Subgroup,
                     QgsLegendStyle.SymbolLabel):
            style = legend.style(part)
            style.setFont(QFont(FONT, {QgsLegendStyle.Title: 12, QgsLegendStyle.Subgroup: 9}
                                .get(part, 8),
                                QFont.Bold if part in (QgsLegendStyle.Title,
                                                       QgsLegendStyle.Subgroup) else QFont.Normal))
            legend.setStyle(part, style)
        legend.setWrapString("|")
        legend.setColumnCount(1)
        layout.addLayoutItem(legend)
        legend.attemptMove(QgsLayoutPoint(width - margin - legend_width, top))
        legend.adjustBoxSize()
        # North arrow, scale bar, source line.
        arrow = QgsLayoutItemPicture(layout)
        arrow.setPicturePath(NORTH_ARROW)
        arrow.setLinkedMap(m)
        layout.addLayoutItem(arrow)
        arrow.attemptMove(QgsLayoutPoint(margin + map_w - 16, top + 3))
        arrow.attemptResize(QgsLayoutSize(12, 12))
        bar = QgsLayoutItemScaleBar(layout)
        bar.setStyle("Single Box")
        bar.setLinkedMap(m)
        units = nice_scale_units(self.extent().width())
        bar.applyDefaultSize(units)
        bar.setUnitLabel("m" if units == QgsUnitTypes.DistanceMeters else "km")
        text = QgsTextFormat()
        text.setFont(QFont(FONT, 8))
        text.setSize(8)
        bar.setTextFormat(text)
        layout.addLayoutItem(bar)
        bar.attemptMove(QgsLayoutPoint(margin, top + map_h + 2))
        label(layout, self.source_line(), margin + 90, top + map_h + 3, width - 2 * margin - 90,
              12, 7, colour="#505050")
        self.project.layoutManager().addLayout(layout)
        return layout

    def source_line(self):
        sources = self.request.get("sources", [])
        text = ", ".join(s["file"] for s in sources[:6])
        if len(sources) > 6:
            text += f" und {len(sources) - 6} weitere"
        stand = max((s.get("stand", "") for s in sources), default="")
        stand_text = f", Stand: {german_date(stand)}" if stand else ""
        return (f"Datengrundlage: {self.request.get('project', '')}: {text}{stand_text}; "
                f"Berechnung: standort {self.request.get('version', '')}, "
                f"{german_date(self.request.get('today', ''))}")

    def export(self, layout, name):
        exporter = QgsLayoutExporter(layout)
        files = []
        if "pdf" in self.formats:
            settings = QgsLayoutExporter.PdfExportSettings()
            settings.dpi = self.dpi
            path = os.path.join(self.staged, name + ".pdf")
            if exporter.exportToPdf(path, settings) != QgsLayoutExporter.Success:
                raise RuntimeError(f"QGIS could not export {name}.pdf")
            files.append(name + ".pdf")
        if "png" in self.formats:
            settings = QgsLayoutExporter.ImageExportSettings()
            settings.dpi = self.dpi
            path = os.path.join(self.staged, name + ".png")
            gdal.PushErrorHandler("CPLQuietErrorHandler")  # the world-file attempt of GDAL
            result = exporter.exportToImage(path, settings)
            gdal.PopErrorHandler()
            if result != QgsLayoutExporter.Success:
                raise RuntimeError(f"QGIS could not export {name}.png")
            files.append(name + ".png")
        return files

    def wanted(self, styled):
        """Whether this run exports the maps of styled's file: all, or those of the one
        analysis `--maps` asked for. The project gets every layout either way."""
        only = self.request.get("only")
        return not only or os.path.basename(styled.layer.source().split("|")[0]) == only

    def add_map(self, title, subtitle, layers, facility_style=None):
        layers = [entry for entry in layers if entry[0] is not None]
        if not layers:
            return
        name = slug(title)
        layout = self.layout(name, title, subtitle, layers + self.base_layers(facility_style))
        if not self.wanted(layers[0][0]):
            return
        files = self.export(layout, name)
        self.maps.append({"name": name, "title": title, "subtitle": subtitle,
                          "layers": [e[0].layer.name() for e in layers],
                          "styles": [e[1] for e in layers], "files": files})
        print(f"Karte: {title}", flush=True)

    # -- the map series ---------------------------------------------------------------------
    def series(self):
        P = lambda file: read_json(os.path.join(self.out, file))  # noqa: E731
        project = self.request.get("project", "")
        get = self.layers.get
        if get("supply"):
            p = P("supply_parameters.json")
            targets = {g["group"]: g["target_places_per_100_children"]
                       for g in p.get("groups", [])}
            for style, group, kind in (("Versorgungsquote U3", "kita_u3", "Kita"),
                                       ("Versorgungsquote Ü3", "kita_ue3", "Kita"),
                                       ("Versorgungsquote Grundschule", "grundschule",
                                        "Grundschule")):
                if style in get("supply").styles:
                    target = targets.get(group)
                    self.add_map(f"{style} {p.get('year', '')}",
                                 f"{project} · Plätze je 100 Kinder je Planungsraum · Ziel "
                                 f"{german(target)}",
                                 [(get("supply"), style, style + " (Plätze je 100 Kinder)")],
                                 kind)
        if get("coverage_districts"):
            p = P("coverage_parameters.json")
            for k in p.get("kinds", []):
                kind = "Kita" if k["kind"] == "kita" else "Grundschule"
                first = k["thresholds"][0] if k.get("thresholds") else ""
                style = f"{kind}: Anteil bis {first} (%)"
                travel = german_travel(k.get("travel", ""))
                if style in get("coverage_districts").styles:
                    self.add_map(f"Erreichbarkeit {kind}: Kinder bis {first}",
                                 f"{project} · {p.get('year', '')} · {travel}",
                                 [(get("coverage_districts"), style,
                                   f"Anteil der Kinder bis {first} (%)")], kind)
                gaps = get(f"coverage_gaps_{k['kind']}")
                if gaps:
                    self.add_map(f"Versorgungslücken {kind}: weiter als {first}",
                                 f"{project} · {p.get('year', '')} · {travel}",
                                 [(gaps, gaps.styles[0], f"Kinder weiter als {first}")], kind)
        for layer, title, legend in (
                ("catchments_nearest", "Einzugsbereiche: nächste Grundschule",
                 "Einzugsbereich (nächste Schule)"),
                ("catchments_capacity", "Einzugsbereiche mit Kapazitätsgrenzen",
                 "Einzugsbereich (mit Plätzen)"),
                ("catchments_official", "Schulbezirke (amtlich)", "Schulbezirk")):
            if get(layer):
                self.add_map(title, f"{project} · Grundschulen",
                             [(get(layer), get(layer).styles[0], legend)], "Grundschule")
        if get("isochrones"):
            p = P("isochrones_parameters.json")
            self.add_map("Erreichbare Gebiete der Kitas",
                         f"{project} · {german_travel(p.get('travel', ''))} · Grenzen "
                         f"{', '.join(p.get('limits', []))}",
                         [(get("isochrones"), get("isochrones").styles[0], "Erreichbar")],
                         "Kita")
        if get("access_districts"):
            for style in get("access_districts").styles:
                kind = style.split(":")[0]
                self.add_map(f"Erreichbarkeitsindex {kind}",
                             f"{project} · Plätze je Kind in Reichweite, 1 = Mittel der Stadt",
                             [(get("access_districts"), style, "Erreichbarkeitsindex")], kind)
        if get("forecast_facilities"):
            p = P("forecast_parameters.json")
            style = "Grundschulen: erstes Jahr mit Platzmangel"
            if style in get("forecast_facilities").styles:
                self.add_map("Grundschulen: erstes Jahr mit Platzmangel",
                             f"{project} · Prognose ab {p.get('base_year', '')}",
                             [(get("forecast_facilities"), style, "Erstes Jahr mit Mangel")])
        if get("forecast_districts"):
            p = P("forecast_parameters.json")
            style = get("forecast_districts").styles[0]
            last = p.get("base_year", 0) + p.get("horizon", 0)
            self.add_map(f"Veränderung der Kinderzahl {p.get('base_year', '')} bis {last}",
                         f"{project} · Kinder unter 18 Jahren, Prognose ab "
                         f"{p.get('base_year', '')}",
                         [(get("forecast_districts"), style, "Veränderung (%)")])
        if get("siting_sites"):
            p = P("siting_parameters.json")
            layers = [(get("siting_sites"), "Standortwahl", "Standortwahl")]
            if get("siting_districts") and get("siting_districts").styles:
                style = get("siting_districts").styles[0]
                layers.append((get("siting_districts"), style, "Kinder " + style))
            kind = {"kita": "Kita", "grundschule": "Grundschule"}.get(p.get("kind"), p.get("kind", ""))
            solution = p.get("solution") or {}
            objective = {"p-median": "kürzeste Wege", "mclp": "meiste Kinder in Reichweite",
                         "lscp": "alle Kinder in Reichweite", "p-center": "kürzester längster Weg",
                         "capacitated-p-median": "kürzeste Wege mit Platzgrenzen",
                         }.get(solution.get("objective"), solution.get("objective", ""))
            self.add_map(f"Standortwahl {kind} {p.get('year', '')}".strip(),
                         f"{project} · Ziel: {objective} · {german_travel(p.get('travel', ''))}",
                         layers)  # the sites include today's schools

    def atlas(self):
        supply = self.layers.get("supply")
        if not supply or "pdf" not in self.formats:
            return
        style = supply.styles[0]
        layout = self.layout("steckbriefe_planungsraeume", "Planungsraum [% \"name\" %]",
                             "[% \"district_id\" %] · Versorgung [% \"year\" %]",
                             [(supply, style, style + " (Plätze je 100 Kinder)")]
                             + self.base_layers("Kita"), atlas_layer=supply.layer)
        atlas = layout.atlas()
        atlas.setCoverageLayer(self.atlas_coverage)
        atlas.setEnabled(True)
        atlas.setFilenameExpression("'planungsraum_' || \"district_id\"")
        fields = [f.name() for f in supply.layer.fields()
                  if re.search(r"_(children|places|quota|target|missing)$", f.name())]
        lines = [f"{supply.layer.attributeAlias(supply.layer.fields().indexOf(f))}: "
                 # German decimals whatever QGIS's locale: 40,2
                 f"[% replace(to_string(round(\"{f}\", 1)), '.', ',') %]" for f in fields]
        width, height = PAPER[self.paper]
        item = label(layout, "\n".join(lines), width - 10 - 78, height - 100, 78, 80, 7)
        item.setId("figures")
        if not self.wanted(supply):
            return
        path = os.path.join(self.staged, "steckbriefe_planungsraeume.pdf")
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = self.dpi
        result, error = QgsLayoutExporter.exportToPdf(atlas, path, settings)
        if result != QgsLayoutExporter.Success:
            raise RuntimeError(f"QGIS could not export the atlas: {error}")
        self.maps.append({"name": "steckbriefe_planungsraeume",
                          "title": "Steckbriefe der Planungsräume", "pages": atlas.count(),
                          "files": ["steckbriefe_planungsraeume.pdf"]})
        print(f"Atlas: {atlas.count()} Planungsräume", flush=True)

    # -- publishing -------------------------------------------------------------------------
    def publish(self):
        """The project first, under a temporary name beside the layers (so its relative paths
        hold), then the maps, then the project under its name: a failure before the last
        step leaves the previous run's files as they were."""
        temp = os.path.join(self.out, f"standort-tmp-{os.getpid()}.qgz")
        self.temp_project = temp
        self.project.setTitle(self.request.get("project", "standort"))
        if not self.project.write(temp):
            raise RuntimeError("QGIS could not write the project: " + self.project.error())
        maps_dir = os.path.join(self.out, "karten")
        os.makedirs(maps_dir, exist_ok=True)
        for entry in self.maps:
            for f in entry["files"]:
                os.replace(os.path.join(self.staged, f), os.path.join(maps_dir, f))
                self.written.append(os.path.join(maps_dir, f))
        final = os.path.join(self.out, "standort.qgz")
        os.replace(temp, final)
        self.written.append(final)

    def cleanup(self):
        shutil.rmtree(self.staged, ignore_errors=True)
        temp = getattr(self, "temp_project", None)
        if temp and os.path.exists(temp):
            os.remove(temp)


def german(value):
    if value is None:
        return "-"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def german_date(iso):
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" if m else (iso or "")


def german_travel(text):
    text = re.sub(r"(\d)\.(\d)", r"\1,\2", text)  # 4.5 km/h -> 4,5 km/h
    return (text.replace("street network, walk", "zu Fuß auf dem Straßennetz,")
                .replace("street network, cycle", "mit dem Rad auf dem Straßennetz,")
                .replace("straight line", "Luftlinie"))


def main(argv):
    if len(argv) != 1:
        print("usage: standort_maps.py REQUEST.json", file=sys.stderr)
        return 1
    request = read_json(argv[0])
    if "out" not in request:
        print(f"standort map: no request in {argv[0]}", file=sys.stderr)
        return 1
    app = QgsApplication([], False)
    app.initQgis()
    maps = None
    code = 0
    try:
        maps = Maps(request)
        if not maps.load():
            code = 2  # no analysis layers: standort map says so
        else:
            maps.series()
            maps.atlas()
            maps.publish()
            print(json.dumps({"maps": maps.maps, "files": maps.written}, ensure_ascii=False))
    except (RuntimeError, OSError) as e:
        print(f"standort map: {e}", file=sys.stderr)
        code = 1
    finally:
        if maps:
            maps.cleanup()
        if _RUNTIME:
            shutil.rmtree(_RUNTIME, ignore_errors=True)
        app.exitQgis()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
