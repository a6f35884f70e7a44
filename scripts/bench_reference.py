#!/usr/bin/python3
"""What a GIS analyst would write in GeoPandas for standort's ingest and export, on the same
generated project, for scripts/bench to time side by side. Not part of the product.

  bench_reference.py ingest DIR          read every input, reproject, join by location, check
  bench_reference.py export DIR OUT      the same, then write GeoJSON (RFC 7946), GPKG and CSV
  bench_reference.py coverage DIR        read the grid and facilities, nearest Kita and
                                         Grundschule per cell (SciPy KD-tree), shares per district
  bench_reference.py network DIR         the same along the streets: a networkx graph from
                                         streets.gpkg, multi-source Dijkstra from the facilities'
                                         nearest nodes, every cell read at its nearest node
"""
import os
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

CRS = "EPSG:25832"


def read_kitas(d):
    # The municipal export: ';', German decimals, coordinate columns.
    kitas = pd.read_csv(os.path.join(d, "kitas.csv"), sep=";", decimal=",", thousands=".",
                        dtype={"Einrichtungsnr": str})
    return gpd.GeoDataFrame(kitas, geometry=gpd.points_from_xy(kitas.Rechtswert, kitas.Hochwert),
                            crs=CRS)


def read_grid(d):
    grid = pd.read_csv(os.path.join(d, "grid.csv"), dtype={"raum_id": str, "gitter_id_100m": str})
    return gpd.GeoDataFrame(grid, geometry=gpd.points_from_xy(grid.x_mp_100m, grid.y_mp_100m),
                            crs=CRS)


def ingest(d):
    districts = gpd.read_file(os.path.join(d, "districts.gpkg"), layer="planungsraeume").to_crs(CRS)
    kitas = read_kitas(d)
    schools = gpd.read_file(os.path.join(d, "schools.geojson")).to_crs(CRS)
    candidates = gpd.read_file(os.path.join(d, "candidates.geojson")).to_crs(CRS)
    catchments = gpd.read_file(os.path.join(d, "catchments.geojson")).to_crs(CRS)
    population = pd.read_csv(os.path.join(d, "population.csv"), dtype={"raum_id": str, "alter": str})
    enrolment = pd.read_csv(os.path.join(d, "enrolment.csv"), dtype={"schulnummer": str})
    grid = read_grid(d)

    keys = districts[["district_id", "name", "geometry"]]
    facilities = pd.concat([
        kitas.assign(kind="kita", facility_id=kitas.Einrichtungsnr, places=kitas["Plätze U3"] + kitas["Plätze Ü3"]),
        schools.assign(kind=schools.schulform, facility_id=schools.schulnummer),
        candidates.assign(kind="candidate", facility_id=candidates.standort_id),
    ], ignore_index=True)
    facilities = gpd.sjoin(facilities[["facility_id", "kind", "places", "geometry"]], keys,
                           how="left", predicate="within").drop(columns="index_right")
    primary = facilities[facilities.kind == "Grundschule"]
    primary = gpd.sjoin(primary, catchments[["bezirk_id", "geometry"]], how="left",
                        predicate="within").drop(columns="index_right")
    cells = gpd.sjoin(grid[["gitter_id_100m", "einwohner", "geometry"]], keys[["district_id", "geometry"]],
                      how="left", predicate="within")
    per_district = cells.groupby("district_id").einwohner.sum()
    year = population.jahr.max()
    table = population[population.jahr == year].groupby("raum_id").personen.sum()
    mismatch = (per_district.reindex(table.index).fillna(0) - table).abs() > 3
    unmatched = set(population.raum_id) - set(districts.district_id)
    wide = population.pivot_table(index="raum_id", columns=["jahr", "alter"], values="personen")
    wide.columns = [f"persons_{y}_{a}" for y, a in wide.columns]
    districts = districts.merge(wide, left_on="district_id", right_index=True, how="left")
    return districts, facilities, catchments, population, enrolment, int(mismatch.sum()), len(unmatched)


def export(d, out):
    districts, facilities, catchments, population, enrolment, _, _ = ingest(d)
    os.makedirs(out, exist_ok=True)
    for name, layer in (("districts", districts), ("facilities", facilities), ("catchments", catchments)):
        # RFC7946 passes through to GDAL's GeoJSON driver, as standort asks for it.
        layer.to_crs("EPSG:4326").to_file(os.path.join(out, name + ".geojson"), driver="GeoJSON",
                                         RFC7946="YES")
        layer.to_file(os.path.join(out, "standort.gpkg"), layer=name, driver="GPKG")
    population.to_csv(os.path.join(out, "population.csv"), index=False)
    enrolment.to_csv(os.path.join(out, "enrolment.csv"), index=False)


def coverage_inputs(d):
    """The grid cells joined to their districts, the Kitas and the Grundschulen."""
    districts = gpd.read_file(os.path.join(d, "districts.gpkg"), layer="planungsraeume").to_crs(CRS)
    kitas = read_kitas(d)
    schools = gpd.read_file(os.path.join(d, "schools.geojson")).to_crs(CRS)
    primary = schools[schools.schulform == "Grundschule"]
    grid = read_grid(d)
    grid = gpd.sjoin(grid, districts[["district_id", "geometry"]], how="left", predicate="within")
    return grid.drop(columns="index_right"), kitas, primary


def coverage(d):
    grid, kitas, primary = coverage_inputs(d)
    grid["kita_children"] = grid[[f"alter_{a:02}" for a in range(6)]].sum(axis=1)
    grid["gs_children"] = grid[[f"alter_{a:02}" for a in range(6, 10)]].sum(axis=1)
    result = {}
    # sjoin_nearest needs PyGEOS or Shapely 2, which Debian 12 does not ship; a KD-tree from
    # SciPy is what an analyst reaches for instead.
    xy = np.column_stack([grid.geometry.x.values, grid.geometry.y.values])
    for name, facilities, column, limit in (("kita", kitas, "kita_children", 500),
                                            ("grundschule", primary, "gs_children", 1000)):
        tree = cKDTree(np.column_stack([facilities.geometry.x.values, facilities.geometry.y.values]))
        distance, _ = tree.query(xy, k=1)
        within = grid.loc[distance <= limit].groupby("district_id")[column].sum()
        total = grid.groupby("district_id")[column].sum()
        result[name] = float(100 * within.sum() / total.sum())
    return result


def network(d):
    import networkx as nx

    grid, kitas, primary = coverage_inputs(d)
    streets = gpd.read_file(os.path.join(d, "streets.gpkg"), layer="streets").to_crs(CRS)
    graph = nx.Graph()
    for geom in streets.geometry:
        for line in getattr(geom, "geoms", [geom]):
            xy = list(line.coords)
            for a, b in zip(xy, xy[1:]):
                na = (round(a[0], 2), round(a[1], 2))
                nb = (round(b[0], 2), round(b[1], 2))
                graph.add_edge(na, nb, length=float(np.hypot(b[0] - a[0], b[1] - a[1])))
    nodes = list(graph.nodes)
    tree = cKDTree(np.array(nodes))
    cells = np.column_stack([grid.geometry.x.values, grid.geometry.y.values])
    cell_gap, cell_node = tree.query(cells, k=1)
    result = {}
    for name, facilities, columns, limit in (
            ("kita", kitas, [f"alter_{a:02}" for a in range(6)], 500),
            ("grundschule", primary, [f"alter_{a:02}" for a in range(6, 10)], 1000)):
        fxy = np.column_stack([facilities.geometry.x.values, facilities.geometry.y.values])
        fgap, fnode = tree.query(fxy, k=1)
        # Snapping to the nearest node (what a networkx user does), the legs counted as well.
        sources = {nodes[i] for i in fnode}
        dist = nx.multi_source_dijkstra_path_length(graph, sources, weight="length")
        d_cell = np.array([dist.get(nodes[i], np.inf) for i in cell_node]) + cell_gap
        children = grid[columns].sum(axis=1).values
        result[name] = float(100 * children[d_cell <= limit].sum() / children.sum())
    return result


if __name__ == "__main__":
    if sys.argv[1] == "ingest":
        result = ingest(sys.argv[2])
        print(f"districts {len(result[0])} facilities {len(result[1])} mismatches {result[5]}")
    elif sys.argv[1] == "coverage":
        print(coverage(sys.argv[2]))
    elif sys.argv[1] == "network":
        print(network(sys.argv[2]))
    else:
        export(sys.argv[2], sys.argv[3])
