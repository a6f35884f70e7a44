#include "geo/database.hpp"

#include "geo/detail/gdal_handle.hpp"
#include "geo/detail/ogr_convert.hpp"
#include "geo/error.hpp"
#include "geo/read_layer.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace standort::geo {

namespace {

OGRFieldType ogr_field_type(field_type t) {
    switch (t) {
    case field_type::integer:
        return OFTInteger;
    case field_type::integer64:
        return OFTInteger64;
    case field_type::real:
        return OFTReal;
    case field_type::date:
        return OFTDate;
    case field_type::text:
        break;
    }
    return OFTString;
}

OGRwkbGeometryType ogr_geometry_type(geometry_type t) {
    switch (t) {
    case geometry_type::points:
        return wkbPoint;
    case geometry_type::lines:
        return wkbMultiLineString;
    case geometry_type::polygons:
        return wkbMultiPolygon;
    case geometry_type::none:
        break;
    }
    return wkbNone;
}

// SQL identifiers in double quotes, as both SQLite and PostgreSQL read them.
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

} // namespace

struct database::state {
    std::string source; // as GDAL opens it
    std::string name;   // as messages show it
    bool postgres = false;
    detail::gdal_messages messages;
    GDALDatasetUniquePtr ds;
    bool in_transaction = false;

    error_context where(const std::string& table = {}) const {
        return error_context{name, table, std::nullopt, {}, {}};
    }
    OGRLayer* layer(const std::string& table) const {
        OGRLayer* l = ds->GetLayerByName(table.c_str());
        if (!l) {
            throw output_error("the database has no such table", where(table));
        }
        return l;
    }
    void execute(const std::string& sql, const std::string& table) {
        CPLErrorReset();
        OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (result) {
            ds->ReleaseResultSet(result);
        }
        if (CPLGetLastErrorType() >= CE_Failure) {
            throw output_error(messages.last_error("the database refused " + sql), where(table));
        }
    }
};

database::database(const std::string& source, bool create) : m_state(std::make_unique<state>()) {
    auto& st = *m_state;
    st.source = source;
    st.name = redacted_source(source);
    st.postgres = source.starts_with("PG:") || source.starts_with("postgresql://");
    detail::ensure_gdal();
    const unsigned flags = GDAL_OF_VECTOR | GDAL_OF_UPDATE;
    if (!st.postgres && create && !std::filesystem::exists(source)) {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (driver) {
            st.ds.reset(driver->Create(source.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        }
        if (!st.ds) {
            throw output_error(st.messages.last_error("GDAL cannot create the GeoPackage"),
                               st.where());
        }
        return;
    }
    const char* const gpkg_only[] = {"GPKG", nullptr};
    const char* const pg_only[] = {"PostgreSQL", nullptr};
    st.ds.reset(GDALDataset::Open(source.c_str(), flags, st.postgres ? pg_only : gpkg_only, nullptr,
                                  nullptr));
    if (!st.ds) {
        throw output_error(
            st.messages.last_error(st.postgres ? "GDAL cannot connect to the database"
                                               : "GDAL cannot open the file as a GeoPackage"),
            st.where());
    }
}

database::~database() {
    if (m_state && m_state->ds && m_state->in_transaction) {
        m_state->ds->RollbackTransaction();
    }
}

const std::string& database::name() const noexcept {
    return m_state->name;
}

bool database::is_postgres() const noexcept {
    return m_state->postgres;
}

std::vector<std::string> database::tables() const {
    std::vector<std::string> out;
    for (int i = 0; i < m_state->ds->GetLayerCount(); ++i) {
        out.emplace_back(m_state->ds->GetLayer(i)->GetName());
    }
    return out;
}

bool database::has_table(const std::string& table) const {
    return m_state->ds->GetLayerByName(table.c_str()) != nullptr;
}

void database::ensure_table(const std::string& table, const std::vector<field_def>& fields,
                            geometry_type type, const std::string& crs) {
    auto& st = *m_state;
    if (OGRLayer* existing = st.ds->GetLayerByName(table.c_str())) {
        for (const auto& f : fields) {
            if (existing->GetLayerDefn()->GetFieldIndex(f.name.c_str()) < 0) {
                throw output_error(
                    "the table lacks this field: the database was not written by this "
                    "version of standort",
                    error_context{st.name, table, std::nullopt, {}, f.name});
            }
        }
        return;
    }
    OGRSpatialReference srs;
    OGRSpatialReference* srs_ptr = nullptr;
    if (type != geometry_type::none && !crs.empty()) {
        if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) {
            throw output_error(fmt::format("GDAL does not understand the CRS '{}'", crs),
                               st.where(table));
        }
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        srs_ptr = &srs;
    }
    detail::option_list options;
    options.add("FID", "fid");
    if (st.postgres) {
        options.add("GEOMETRY_NAME", "geom");
    }
    OGRLayer* layer =
        st.ds->CreateLayer(table.c_str(), srs_ptr, ogr_geometry_type(type), options.get());
    if (!layer) {
        throw output_error(st.messages.last_error("GDAL cannot create the table"), st.where(table));
    }
    for (const auto& f : fields) {
        OGRFieldDefn defn(f.name.c_str(), ogr_field_type(f.type));
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            throw output_error(st.messages.last_error("GDAL cannot create the field"),
                               error_context{st.name, table, std::nullopt, {}, f.name});
        }
    }
    // PostgreSQL creates tables lazily; make this one exist before the transaction starts.
    layer->SyncToDisk();
}

void database::begin() {
    auto& st = *m_state;
    if (st.ds->StartTransaction() != OGRERR_NONE) {
        throw output_error(st.messages.last_error("the database cannot start a transaction"),
                           st.where());
    }
    st.in_transaction = true;
}

void database::commit() {
    auto& st = *m_state;
    if (!st.in_transaction) {
        return;
    }
    st.in_transaction = false;
    if (st.ds->CommitTransaction() != OGRERR_NONE) {
        throw output_error(st.messages.last_error("the database cannot commit"), st.where());
    }
}

std::size_t database::delete_where(const std::string& table, const std::string& field,
                                   const std::vector<std::int64_t>& values) {
    if (values.empty()) {
        return 0;
    }
    auto& st = *m_state;
    std::string list;
    for (auto v : values) {
        list += (list.empty() ? "" : ",") + std::to_string(v);
    }
    const std::string condition = fmt::format("{} IN ({})", quoted(field), list);
    OGRLayer* layer = st.layer(table);
    layer->SetAttributeFilter(condition.c_str());
    const auto before = layer->GetFeatureCount(TRUE);
    layer->SetAttributeFilter(nullptr);
    st.execute(fmt::format("DELETE FROM {} WHERE {}", quoted(table), condition), table);
    return before > 0 ? static_cast<std::size_t>(before) : 0;
}

void database::set_where_null(const std::string& table, const std::string& field, std::int64_t to,
                              const std::string& where_field, std::int64_t equals) {
    m_state->execute(fmt::format("UPDATE {} SET {} = {} WHERE {} = {} AND {} IS NULL",
                                 quoted(table), quoted(field), to, quoted(where_field), equals,
                                 quoted(field)),
                     table);
}

void database::append(const std::string& table, const geometry& shape,
                      const std::vector<value>& values) {
    auto& st = *m_state;
    OGRLayer* layer = st.layer(table);
    OGRFeatureUniquePtr of(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    detail::set_fields(*of, values);
    if (layer->GetGeomType() != wkbNone) {
        if (auto og = detail::to_ogr(shape)) {
            if (layer->GetGeomType() == wkbMultiPolygon) {
                og.reset(OGRGeometryFactory::forceToMultiPolygon(og.release()));
            }
            of->SetGeometryDirectly(og.release());
        }
    }
    if (layer->CreateFeature(of.get()) != OGRERR_NONE) {
        throw output_error(st.messages.last_error("GDAL cannot write the row"), st.where(table));
    }
}

feature_layer database::read(const std::string& table) const {
    read_options options;
    options.source = m_state->source;
    options.layer = table;
    return read_layer(options).layer;
}

} // namespace standort::geo
