#pragma once

#include "geo/feature_layer.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace standort::geo {

// A database kept from year to year, opened for update through GDAL: a GeoPackage file
// (created when missing; embedded, nothing to install) or a PostgreSQL/PostGIS connection
// string ("PG:dbname=... host=..."). Unlike layer_writer, which replaces a whole file, it
// changes tables in place, and all changes between begin() and commit() are one transaction:
// a database closed without commit() (an error thrown half-way) rolls back, so a failed
// change leaves what was there. Throws output_error naming the database (password redacted)
// and the table.
class database {
public:
    // `create`: make a GeoPackage when the file does not exist yet (a PG database must exist).
    database(const std::string& source, bool create);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // The source as messages may show it (a connection string's password as ***).
    const std::string& name() const noexcept;
    bool is_postgres() const noexcept;
    std::vector<std::string> tables() const;
    bool has_table(const std::string& table) const;

    // Creates the table when missing (outside a transaction: DDL first, then the data), with
    // the fields and geometry given; a table that exists must have every field, else
    // output_error names the missing one (a database of another program, or older).
    void ensure_table(const std::string& table, const std::vector<field_def>& fields,
                      geometry_type type, const std::string& crs);

    void begin();
    void commit();

    // Deletes the rows whose integer `field` holds one of `values`; returns how many went.
    std::size_t delete_where(const std::string& table, const std::string& field,
                             const std::vector<std::int64_t>& values);
    // Sets `field` (an integer) to `to` where `where_field` is `equals` and `field` is null.
    void set_where_null(const std::string& table, const std::string& field, std::int64_t to,
                        const std::string& where_field, std::int64_t equals);
    // `values` in the order of the fields given to ensure_table.
    void append(const std::string& table, const geometry& shape, const std::vector<value>& values);

    // The whole table, its fields as the database holds them (in the database's CRS).
    feature_layer read(const std::string& table) const;

private:
    struct state;
    std::unique_ptr<state> m_state;
};

} // namespace standort::geo
