#include "services/render/synth_writer.hpp"

#include "geo/error.hpp"
#include "geo/write_layer.hpp"

#include <cmath>
#include <fstream>
#include <map>

#include <fmt/format.h>

namespace standort::services {

namespace fs = std::filesystem;
using geo::field_def;
using geo::field_type;
using geo::geometry_type;
using geo::layer_writer;
using geo::output_format;
using geo::value;

namespace {

// 664123.45 -> "664.123,45": how a German municipal export writes coordinates.
std::string german_number(double v, int decimals) {
    std::string plain = fmt::format("{:.{}f}", std::abs(v), decimals);
    const auto dot = plain.find('.');
    std::string whole = plain.substr(0, dot);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) {
            grouped += '.';
        }
        grouped += whole[i];
    }
    std::string out = (v < 0 ? "-" : "") + grouped;
    if (dot != std::string::npos) {
        out += "," + plain.substr(dot + 1);
    }
    return out;
}

value integer(double v) {
    return static_cast<std::int64_t>(std::llround(v));
}

value optional_number(const std::optional<double>& v) {
    return v ? integer(*v) : value{};
}

geo::multi_linestring as_lines(const geo::linestring& line) {
    return geo::multi_linestring{line};
}

class project_writer {
public:
    project_writer(const planning::synth::municipality& m, fs::path dir,
                   const planning::progress_callback& progress, std::string scale, std::uint64_t seed)
        : m_m(m), m_dir(std::move(dir)), m_progress(progress), m_scale(std::move(scale)),
          m_seed(seed) {}

    std::vector<fs::path> run() {
        fs::create_directories(m_dir);
        districts();
        parents();
        population();
        grid();
        kitas();
        schools();
        catchments();
        enrolment();
        candidates();
        housing();
        streets();
        project_file();
        return m_written;
    }

private:
    void step(const std::string& file) {
        if (m_progress) {
            m_progress(fmt::format("writing {}", (m_dir / file).string()));
        }
        m_written.push_back(m_dir / file);
    }

    std::string settlement_name(const std::string& id) const {
        for (const auto& s : m_m.settlements) {
            if (s.id == id) {
                return s.name;
            }
        }
        return {};
    }

    void districts() {
        step("districts.gpkg");
        layer_writer out(m_dir / "districts.gpkg", output_format::gpkg);
        out.begin_layer("planungsraeume", m_m.crs,
                        {{"district_id", field_type::text},
                         {"name", field_type::text},
                         {"gemeinde_id", field_type::text},
                         {"gemeinde", field_type::text}},
                        geometry_type::polygons);
        for (const auto& d : m_m.districts) {
            out.add(d.area, {d.id.value, d.name, d.parent->value, settlement_name(d.parent->value)});
        }
        out.commit();
    }

    void parents() {
        step("gemeinden.geojson");
        layer_writer out(m_dir / "gemeinden.geojson", output_format::geojson);
        out.begin_layer("gemeinden", m_m.crs,
                        {{"gemeinde_id", field_type::text}, {"name", field_type::text}},
                        geometry_type::polygons);
        for (std::size_t k = 0; k < m_m.settlements.size(); ++k) {
            if (!m_m.settlement_areas[k].empty()) {
                out.add(m_m.settlement_areas[k], {m_m.settlements[k].id, m_m.settlements[k].name});
            }
        }
        out.commit();
        step("boundary.geojson");
        layer_writer b(m_dir / "boundary.geojson", output_format::geojson);
        b.begin_layer("boundary", m_m.crs, {{"name", field_type::text}}, geometry_type::polygons);
        b.add(m_m.boundary, {m_m.name});
        b.commit();
    }

    void population() {
        step("population.csv");
        layer_writer out(m_dir / "population.csv", output_format::csv);
        out.begin_layer("population", {},
                        {{"raum_id", field_type::text},
                         {"jahr", field_type::integer},
                         {"alter", field_type::text},
                         {"personen", field_type::integer}},
                        geometry_type::none);
        for (const auto& r : m_m.population) {
            out.add({}, {r.district.value, std::int64_t{r.year}, planning::to_string(r.band),
                         integer(r.persons)});
        }
        out.commit();
    }

    // As the Zensus publishes it: one row per inhabited 100 m cell, its id, its centre.
    void grid() {
        step("grid.csv");
        std::vector<field_def> fields{{"gitter_id_100m", field_type::text},
                                      {"x_mp_100m", field_type::integer},
                                      {"y_mp_100m", field_type::integer},
                                      {"raum_id", field_type::text},
                                      {"einwohner", field_type::integer}};
        for (int a = 0; a < 18; ++a) {
            fields.push_back({fmt::format("alter_{:02}", a), field_type::integer});
        }
        layer_writer out(m_dir / "grid.csv", output_format::csv);
        out.begin_layer("grid", {}, fields, geometry_type::none);
        std::vector<value> row(fields.size());
        const double size = m_m.cell_size_m;
        for (const auto& c : m_m.grid) {
            const auto x = static_cast<std::int64_t>((c.ix + 0.5) * size);
            const auto y = static_cast<std::int64_t>((c.iy + 0.5) * size);
            row[0] = fmt::format("100mN{}E{}", static_cast<std::int64_t>(c.iy * size),
                                 static_cast<std::int64_t>(c.ix * size));
            row[1] = x;
            row[2] = y;
            row[3] = m_m.districts[c.district].id.value;
            row[4] = std::int64_t{c.persons};
            for (std::size_t a = 0; a < 18; ++a) {
                row[5 + a] = std::int64_t{c.children[a]};
            }
            out.add({}, row);
        }
        out.commit();
    }

    void kitas() {
        step("kitas.csv");
        layer_writer out(m_dir / "kitas.csv", output_format::csv, ';');
        out.begin_layer("kitas", {},
                        {{"Einrichtungsnr", field_type::text},
                         {"Name", field_type::text},
                         {"Rechtswert", field_type::text},
                         {"Hochwert", field_type::text},
                         {"Plätze U3", field_type::integer},
                         {"Plätze Ü3", field_type::integer}},
                        geometry_type::none);
        for (const auto& f : m_m.facilities) {
            if (f.kind != planning::facility_kind::kita) {
                continue;
            }
            out.add({}, {f.id.value, f.name, german_number(f.location.x(), 2),
                         german_number(f.location.y(), 2), optional_number(f.cap.places_u3),
                         optional_number(f.cap.places_ue3)});
        }
        out.commit();
    }

    void schools() {
        step("schools.geojson");
        layer_writer out(m_dir / "schools.geojson", output_format::geojson);
        out.begin_layer("schulen", m_m.crs,
                        {{"schulnummer", field_type::text},
                         {"name", field_type::text},
                         {"schulform", field_type::text},
                         {"zuege", field_type::integer},
                         {"klassenfrequenz", field_type::integer},
                         {"plaetze", field_type::integer}},
                        geometry_type::points);
        for (const auto& f : m_m.facilities) {
            if (f.kind == planning::facility_kind::kita) {
                continue;
            }
            // Grundschulen give Züge (seats follow), the others their seats.
            const bool primary = f.kind == planning::facility_kind::grundschule;
            out.add(f.location, {f.id.value, f.name, f.school_type, optional_number(f.cap.zuege),
                                 optional_number(f.cap.class_size),
                                 primary ? value{} : optional_number(f.cap.seats)});
        }
        out.commit();
    }

    void catchments() {
        step("catchments.geojson");
        layer_writer out(m_dir / "catchments.geojson", output_format::geojson);
        out.begin_layer("einschulungsbereiche", m_m.crs,
                        {{"bezirk_id", field_type::text},
                         {"name", field_type::text},
                         {"schulnummer", field_type::text}},
                        geometry_type::polygons);
        for (const auto& c : m_m.catchments) {
            out.add(c.area, {c.id.value, c.name, c.facility->value});
        }
        out.commit();
    }

    void enrolment() {
        step("enrolment.csv");
        layer_writer out(m_dir / "enrolment.csv", output_format::csv);
        out.begin_layer("enrolment", {},
                        {{"schulnummer", field_type::text},
                         {"schuljahr", field_type::text},
                         {"klasse", field_type::text},
                         {"schueler", field_type::integer}},
                        geometry_type::none);
        for (const auto& e : m_m.enrolment) {
            out.add({}, {e.facility.value,
                         planning::school_year_label(e.school_year),
                         e.grade, integer(e.pupils)});
        }
        out.commit();
    }

    void candidates() {
        step("candidates.geojson");
        layer_writer out(m_dir / "candidates.geojson", output_format::geojson);
        out.begin_layer("standorte", m_m.crs,
                        {{"standort_id", field_type::text},
                         {"name", field_type::text},
                         {"flaeche_m2", field_type::integer},
                         {"eigentuemer", field_type::text}},
                        geometry_type::points);
        for (const auto& c : m_m.candidates) {
            out.add(c.location, {c.id, c.name, integer(c.area_m2), c.owner});
        }
        out.commit();
    }

    void housing() {
        step("housing_areas.csv");
        layer_writer out(m_dir / "housing_areas.csv", output_format::csv);
        out.begin_layer("housing_areas", {},
                        {{"name", field_type::text},
                         {"raum_id", field_type::text},
                         {"ab_jahr", field_type::integer},
                         {"bis_jahr", field_type::integer},
                         {"wohnungen_pro_jahr", field_type::integer},
                         {"personen_pro_wohnung", field_type::real}},
                        geometry_type::none);
        for (const auto& h : m_m.housing) {
            out.add({}, {"Neubaugebiet " + m_m.districts[h.district].name,
                         m_m.districts[h.district].id.value, std::int64_t{h.first_year},
                         std::int64_t{h.last_year},
                         std::int64_t{h.dwellings_per_year}, h.persons_per_dwelling});
        }
        out.commit();
    }

    void streets() {
        step("streets.gpkg");
        layer_writer out(m_dir / "streets.gpkg", output_format::gpkg);
        out.begin_layer("streets", m_m.crs,
                        {{"highway", field_type::text}, {"bridge", field_type::text}},
                        geometry_type::lines);
        for (const auto& s : m_m.streets) {
            out.add(as_lines(s.line), {s.highway, s.bridge ? value{std::string("yes")} : value{}});
        }
        out.begin_layer("river", m_m.crs, {{"waterway", field_type::text}}, geometry_type::lines);
        out.add(as_lines(m_m.river), {std::string("river")});
        out.begin_layer("railway", m_m.crs, {{"railway", field_type::text}}, geometry_type::lines);
        out.add(as_lines(m_m.railway), {std::string("rail")});
        out.commit();
    }

    void project_file() {
        step("project.yaml");
        const fs::path target = m_dir / "project.yaml";
        const fs::path temp = m_dir / ".project.yaml.tmp";
        {
            std::ofstream out(temp);
            out << fmt::format(R"(# Generated by `standort synth --scale {scale} --seed {seed}`. All inputs are invented;
# the place and the coordinate system are real. Every key is explained in standort's README.
name: {name}
crs: {crs}

districts:                       # Planungsräume, with their Gemeinde as parent level
  source: districts.gpkg
  layer: planungsraeume
  id: district_id
  name: name
  parent: gemeinde_id
  levels:
    - {{name: gemeinde, field: gemeinde_id}}

facilities:
  - source: kitas.csv            # a municipal export: ';', German decimals, coordinate columns
    kind: kita
    x: Rechtswert
    y: Hochwert
    coordinate_format: german
    crs: {crs}
    id: Einrichtungsnr
    name: Name
    capacity:
      places_u3: Plätze U3
      places_ue3: Plätze Ü3
  - source: schools.geojson
    kind_field: schulform
    kinds:
      Grundschule: grundschule
      Gymnasium: sek1
      Gesamtschule: sek1
      Realschule: sek1
      Hauptschule: sek1
      Sekundarschule: sek1
      Förderschule: foerderschule
      Berufsschule: berufsschule
    id: schulnummer
    name: name
    capacity:
      seats: plaetze
      zuege: zuege
      class_size: klassenfrequenz
      grades: 4                  # Grundschule grades 1 to 4 (the others give seats)
  - source: candidates.geojson   # sites for new facilities
    kind: candidate
    id: standort_id
    name: name

catchments:                      # Einschulungsbereiche of the Grundschulen
  source: catchments.geojson
  id: bezirk_id
  name: name
  facility: schulnummer

population:                      # residents' register: single ages 0-17, then 18-65 and 65+
  source: population.csv
  layout: long
  district: raum_id
  year_field: jahr
  age: alter
  count: personen

enrolment:                       # Grundschule pupils by school year and grade
  source: enrolment.csv
  facility: schulnummer
  year: schuljahr
  grade: klasse
  pupils: schueler

grid:                            # the 100 m population grid, Zensus style
  source: grid.csv
  x: x_mp_100m                   # cell centres
  y: y_mp_100m
  crs: {crs}
  id: gitter_id_100m
  persons: einwohner
  band_pattern: '^alter_(\d+)$'  # children by single year of age
  year: {base_year}

network:                         # distances and times along the streets (OSM highway classes)
  source: streets.gpkg
  layer: streets
  mode: walk                     # walk, cycle or drive
  walk_speed_kmh: 4.5

housing:                         # Neubaugebiete: dwellings completed per year, first to last year
  source: housing_areas.csv
  name: name
  district: raum_id
  first_year: ab_jahr
  last_year: bis_jahr
  dwellings_per_year: wohnungen_pro_jahr
  persons_per_dwelling: personen_pro_wohnung

forecast:                        # standort forecast: children, Kita demand, enrolment
  land: NW                       # class-size rules (NW or BE)
  horizon: 10                    # years after the latest population year
  weights: [1, 2, 3]             # trend weights of the last three years, oldest first
  births: 18-65                  # newborns per adult: the register's band of parents' ages
  variants: spread               # low / high: every rate -/+ its spread in the base years
  kita_rates: {{0-1: 5, 1-2: 45, 2-3: 60, 3-6: 94}}    # places needed per 100 children (West
                                                      # German cities: a third of U3 attend)

# Shipped for maps, not read by the project file: gemeinden.geojson and boundary.geojson;
# streets.gpkg also holds the river and the railway.
)",
                               fmt::arg("name", m_m.name), fmt::arg("crs", m_m.crs),
                               fmt::arg("scale", m_scale), fmt::arg("seed", m_seed),
                               fmt::arg("base_year", m_m.base_year));
            out.close();
            if (!out) {
                throw output_error("cannot write the project file",
                                   error_context{target.string(), {}, std::nullopt, {}, {}});
            }
        }
        fs::rename(temp, target);
    }

    const planning::synth::municipality& m_m;
    fs::path m_dir;
    const planning::progress_callback& m_progress;
    std::vector<fs::path> m_written;
    std::string m_scale;
    std::uint64_t m_seed;
};

} // namespace

std::vector<fs::path> write_synthetic_project(const planning::synth::municipality& m,
                                              const planning::synth::options& opts,
                                              const fs::path& dir,
                                              const planning::progress_callback& progress) {
    return project_writer(m, dir, progress, planning::synth::to_string(opts.size), opts.seed).run();
}

} // namespace standort::services
