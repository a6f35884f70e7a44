#include "services/render/styles.hpp"

#include "services/render/aliases.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace standort::services {

namespace {

const colour no_data_grey{200, 200, 200};

// ColorBrewer RdYlBu, 7 classes: warm below a target, cool above.
const std::vector<colour> diverging{{215, 48, 39},   {252, 141, 89},  {254, 224, 144},
                                    {224, 243, 248}, {145, 191, 219}, {69, 117, 180},
                                    {49, 54, 149}};
// ColorBrewer YlOrRd, light to dark.
const std::vector<colour> sequential{{255, 255, 178}, {254, 204, 92}, {253, 141, 60},
                                     {240, 59, 32},   {189, 0, 38},   {128, 0, 38}};
// ColorBrewer Set1 and Dark2: categories that must be told apart.
const std::vector<colour> qualitative{{228, 26, 28},   {55, 126, 184}, {77, 175, 74},
                                      {152, 78, 163},  {255, 127, 0},  {166, 86, 40},
                                      {247, 129, 191}, {27, 158, 119}, {217, 95, 2},
                                      {117, 112, 179}, {231, 41, 138}, {102, 166, 30}};

// The round step (1, 2, 2.5 or 5 times a power of ten) nearest above `raw`.
double round_step(double raw) {
    if (!(raw > 0) || !std::isfinite(raw)) {
        return 1;
    }
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (raw <= m * power * (1 + 1e-9)) {
            return m * power;
        }
    }
    return 10 * power;
}

std::string with_unit(const std::string& number, const std::string& unit) {
    return unit.empty() ? number : number + " " + unit;
}

// "unter 35", "35 bis unter 45", "55 und mehr", one class per gap between the edges.
std::vector<style_class> classes_between(const std::vector<double>& edges,
                                         const std::string& unit) {
    std::vector<style_class> out;
    for (std::size_t i = 0; i <= edges.size(); ++i) {
        style_class c;
        if (i == 0) {
            c.below = edges.front();
            c.label = "unter " + with_unit(german_number(edges.front()), unit);
        } else if (i == edges.size()) {
            c.from = edges.back();
            c.label = with_unit(german_number(edges.back()), unit) + " und mehr";
        } else {
            c.from = edges[i - 1];
            c.below = edges[i];
            c.label = german_number(edges[i - 1]) + " bis unter " +
                      with_unit(german_number(edges[i]), unit);
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::string rgb(const colour& c) {
    return fmt::format("{},{},{},255", c.r, c.g, c.b);
}

std::string hex(const colour& c) {
    return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

bool is_numeric(const geo::feature_layer& layer, const std::string& field) {
    const auto i = layer.field_index(field);
    return i && layer.fields[*i].type != geo::field_type::text &&
           layer.fields[*i].type != geo::field_type::date;
}

std::string quoted_field(const std::string& field) {
    return "\"" + field + "\"";
}

// A value in a QGIS expression: numbers as they are, text quoted with '' for a quote.
std::string literal(const geo::feature_layer& layer, const std::string& field,
                    const std::string& value) {
    if (is_numeric(layer, field) && !value.empty() &&
        value.find_first_not_of("0123456789.-+eE") == std::string::npos) {
        return value;
    }
    std::string quoted = "'";
    for (char c : value) {
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return quoted + "'";
}

// The QGIS expression that selects a class's features.
std::string class_filter(const style_class& c, const layer_style& s,
                         const geo::feature_layer& layer) {
    std::vector<std::string> parts;
    const auto f = quoted_field(s.field);
    if (c.no_data) {
        parts.push_back(f + " IS NULL");
    }
    if (c.equals) {
        parts.push_back(f + " = " + literal(layer, s.field, *c.equals));
    }
    if (c.from) {
        parts.push_back(fmt::format("{} >= {}", f, *c.from));
    }
    if (c.below) {
        parts.push_back(fmt::format("{} < {}", f, *c.below));
    }
    if (!s.only_field.empty()) {
        parts.push_back(quoted_field(s.only_field) + " = " +
                        literal(layer, s.only_field, s.only_value));
    }
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : " AND ") + p;
    }
    return out;
}

enum class shape_kind { fill, marker, line, none };

shape_kind shape_of(const geo::feature_layer& layer) {
    std::optional<geo::geometry_type> type = layer.declared_geometry;
    if (!type) {
        for (const auto& f : layer.features) {
            if (std::holds_alternative<geo::point>(f.shape) ||
                std::holds_alternative<geo::multi_point>(f.shape)) {
                type = geo::geometry_type::points;
            } else if (std::holds_alternative<geo::multi_linestring>(f.shape)) {
                type = geo::geometry_type::lines;
            } else if (std::holds_alternative<geo::multi_polygon>(f.shape)) {
                type = geo::geometry_type::polygons;
            }
            if (type) {
                break;
            }
        }
    }
    switch (type.value_or(geo::geometry_type::none)) {
    case geo::geometry_type::points:
        return shape_kind::marker;
    case geo::geometry_type::lines:
        return shape_kind::line;
    case geo::geometry_type::polygons:
        return shape_kind::fill;
    case geo::geometry_type::none:
        break;
    }
    return shape_kind::none;
}

std::string qml_option(const std::string& name, const std::string& value) {
    return fmt::format("<Option name=\"{}\" type=\"QString\" value=\"{}\"/>", name,
                       xml_escaped(value));
}

std::string qml_symbol(std::size_t id, shape_kind kind, const colour& c, bool outline_only) {
    std::string layer;
    std::string type;
    switch (kind) {
    case shape_kind::fill:
        type = "fill";
        layer = "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option "
                "type=\"Map\">" +
                qml_option("color", rgb(c)) + qml_option("joinstyle", "bevel") +
                qml_option("outline_color", outline_only ? rgb(c) : "60,60,60,255") +
                qml_option("outline_style", "solid") +
                qml_option("outline_width", outline_only ? "0.6" : "0.2") +
                qml_option("outline_width_unit", "MM") +
                qml_option("style", outline_only ? "no" : "solid") + "</Option></layer>";
        break;
    case shape_kind::marker:
        type = "marker";
        layer = "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option "
                "type=\"Map\">" +
                qml_option("color", rgb(c)) + qml_option("name", "circle") +
                qml_option("outline_color", "35,35,35,255") + qml_option("outline_style", "solid") +
                qml_option("outline_width", "0.3") + qml_option("outline_width_unit", "MM") +
                qml_option("size", "2.6") + qml_option("size_unit", "MM") + "</Option></layer>";
        break;
    case shape_kind::line:
        type = "line";
        layer = "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option "
                "type=\"Map\">" +
                qml_option("line_color", rgb(c)) + qml_option("line_style", "solid") +
                qml_option("line_width", "0.4") + qml_option("line_width_unit", "MM") +
                "</Option></layer>";
        break;
    case shape_kind::none:
        return {};
    }
    return fmt::format("<symbol type=\"{}\" name=\"{}\" alpha=\"{}\" clip_to_extent=\"1\" "
                       "force_rhr=\"0\">{}</symbol>",
                       type, id, kind == shape_kind::fill && !outline_only ? "0.85" : "1", layer);
}

std::string qml_renderer(const layer_style& s, const geo::feature_layer& layer) {
    const auto kind = shape_of(layer);
    if (kind == shape_kind::none) {
        return {};
    }
    std::string order;
    if (!s.order_by.empty()) {
        order = "<orderby><orderByClause asc=\"0\" nullsFirst=\"0\">" +
                xml_escaped(quoted_field(s.order_by)) + "</orderByClause></orderby>";
    }
    const std::string open =
        fmt::format("<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"{}\" "
                    "forceraster=\"0\" referencescale=\"-1\">",
                    order.empty() ? 0 : 1);
    std::string rules = "<rules key=\"{root}\">";
    std::string symbols = "<symbols>";
    if (s.classes.empty()) {
        style_class all;
        all.label = s.title;
        all.fill = s.single;
        const auto filter = class_filter(all, s, layer);
        rules += fmt::format("<rule key=\"{{rule-0}}\" label=\"{}\" symbol=\"0\"{}/>",
                             xml_escaped(all.label),
                             filter.empty() ? "" : " filter=\"" + xml_escaped(filter) + "\"");
        symbols += qml_symbol(0, kind, s.single, s.outline_only);
    }
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
        const auto& c = s.classes[i];
        rules += fmt::format("<rule key=\"{{rule-{}}}\" label=\"{}\" symbol=\"{}\" filter=\"{}\"/>",
                             i, xml_escaped(c.label), i, xml_escaped(class_filter(c, s, layer)));
        symbols += qml_symbol(i, kind, c.fill, s.outline_only);
    }
    return open + rules + "</rules>" + symbols + "</symbols>" + order + "</renderer-v2>";
}

std::string qml_labels(const layer_style& s, const geo::feature_layer& layer) {
    if (s.label_field.empty()) {
        return {};
    }
    // Polygons: horizontal, inside; points: around the point.
    const int placement = shape_of(layer) == shape_kind::fill ? 1 : 0;
    return fmt::format(
        "<labeling type=\"simple\"><settings calloutType=\"simple\">"
        "<text-style fieldName=\"{}\" isExpression=\"0\" fontFamily=\"DejaVu Sans\" "
        "fontSize=\"8\" fontSizeUnit=\"Point\" textColor=\"40,40,40,255\" textOpacity=\"1\" "
        "namedStyle=\"Book\" fontWeight=\"50\" fontItalic=\"0\" multilineAlign=\"3\">"
        "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" "
        "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.8\" bufferJoinStyle=\"128\"/>"
        "</text-style><text-format wrapChar=\"\" autoWrapLength=\"18\" "
        "useMaxLineLengthForAutoWrap=\"1\" multilineHeight=\"1\" plussign=\"0\" "
        "addDirectionSymbol=\"0\" formatNumbers=\"0\" decimals=\"3\" reverseDirectionSymbol=\"0\" "
        "placeDirectionSymbol=\"0\" leftDirectionSymbol=\"&lt;\" rightDirectionSymbol=\"&gt;\"/>"
        "<placement placement=\"{}\" dist=\"1\" distUnits=\"MM\" offsetType=\"0\" "
        "centroidInside=\"1\" fitInPolygonOnly=\"0\" priority=\"5\" quadOffset=\"4\"/>"
        "<rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" "
        "labelPerPart=\"0\" mergeLines=\"0\" drawLabels=\"1\" scaleVisibility=\"0\" "
        "limitNumLabels=\"0\" obstacleType=\"1\" zIndex=\"0\"/></settings></labeling>",
        xml_escaped(s.label_field), placement);
}

std::string qml_aliases(const geo::feature_layer& layer) {
    std::string out = "<aliases>";
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const auto& name = layer.fields[i].name;
        out += fmt::format("<alias field=\"{}\" index=\"{}\" name=\"{}\"/>", xml_escaped(name), i,
                           xml_escaped(german_alias(name).value_or(name)));
    }
    return out + "</aliases>";
}

// A frame of the temporal controller shows the features of its year: [1 January, next 1
// January), from the integer year, so no date comparison in the data provider can shift it.
std::string qml_temporal(const layer_style& s) {
    if (s.temporal_year.empty()) {
        return {};
    }
    const auto y = quoted_field(s.temporal_year);
    return fmt::format(
        "<temporal enabled=\"1\" mode=\"4\" limitMode=\"0\" accumulate=\"0\" startField=\"\" "
        "endField=\"\" durationField=\"\" durationUnit=\"min\" fixedDuration=\"0\" "
        "startExpression=\"{}\" endExpression=\"{}\"><fixedRange><start></start><end></end>"
        "</fixedRange></temporal>",
        xml_escaped("make_datetime(" + y + ",1,1,0,0,0)"),
        xml_escaped("make_datetime(" + y + "+1,1,1,0,0,0)"));
}

int qml_geometry_type(shape_kind kind) {
    switch (kind) {
    case shape_kind::marker:
        return 0;
    case shape_kind::line:
        return 1;
    case shape_kind::fill:
        return 2;
    case shape_kind::none:
        break;
    }
    return 4;
}

std::string sld_filter(const style_class& c, const layer_style& s) {
    std::vector<std::string> parts;
    const auto field = xml_escaped(s.field);
    const auto compare = [&](const char* op, const std::string& f, const std::string& v) {
        return fmt::format("<ogc:{0}><ogc:PropertyName>{1}</ogc:PropertyName><ogc:Literal>{2}"
                           "</ogc:Literal></ogc:{0}>",
                           op, f, xml_escaped(v));
    };
    if (c.no_data) {
        parts.push_back("<ogc:PropertyIsNull><ogc:PropertyName>" + field +
                        "</ogc:PropertyName></ogc:PropertyIsNull>");
    }
    if (c.equals) {
        parts.push_back(compare("PropertyIsEqualTo", field, *c.equals));
    }
    if (c.from) {
        parts.push_back(
            compare("PropertyIsGreaterThanOrEqualTo", field, fmt::format("{}", *c.from)));
    }
    if (c.below) {
        parts.push_back(compare("PropertyIsLessThan", field, fmt::format("{}", *c.below)));
    }
    if (!s.only_field.empty()) {
        parts.push_back(compare("PropertyIsEqualTo", xml_escaped(s.only_field), s.only_value));
    }
    if (parts.empty()) {
        return {};
    }
    std::string joined;
    for (const auto& p : parts) {
        joined += p;
    }
    return "<ogc:Filter xmlns:ogc=\"http://www.opengis.net/ogc\">" +
           (parts.size() > 1 ? "<ogc:And>" + joined + "</ogc:And>" : joined) + "</ogc:Filter>";
}

std::string sld_symbolizer(shape_kind kind, const colour& c, bool outline_only) {
    switch (kind) {
    case shape_kind::fill:
        return "<se:PolygonSymbolizer>" +
               (outline_only ? std::string()
                             : "<se:Fill><se:SvgParameter name=\"fill\">" + hex(c) +
                                   "</se:SvgParameter></se:Fill>") +
               "<se:Stroke><se:SvgParameter name=\"stroke\">" +
               (outline_only ? hex(c) : std::string("#3c3c3c")) +
               "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">" +
               (outline_only ? "2" : "1") + "</se:SvgParameter></se:Stroke></se:PolygonSymbolizer>";
    case shape_kind::marker:
        return "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle"
               "</se:WellKnownName><se:Fill><se:SvgParameter name=\"fill\">" +
               hex(c) +
               "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">#232323"
               "</se:SvgParameter></se:Stroke></se:Mark><se:Size>9</se:Size></se:Graphic>"
               "</se:PointSymbolizer>";
    case shape_kind::line:
        return "<se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" + hex(c) +
               "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">1.5</se:SvgParameter>"
               "</se:Stroke></se:LineSymbolizer>";
    case shape_kind::none:
        break;
    }
    return {};
}

std::string sld_rule(const std::string& label, const std::string& filter,
                     const std::string& symbolizer) {
    return "<se:Rule><se:Name>" + xml_escaped(label) + "</se:Name><se:Description><se:Title>" +
           xml_escaped(label) + "</se:Title></se:Description>" + filter + symbolizer + "</se:Rule>";
}

} // namespace

std::string xml_escaped(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string german_number(double v) {
    if (!std::isfinite(v)) {
        return "-";
    }
    std::string text = fmt::format("{:.2f}", v);
    while (text.back() == '0') {
        text.pop_back();
    }
    if (text.back() == '.') {
        text.pop_back();
    }
    const auto point = text.find('.');
    std::string whole = text.substr(0, point);
    std::string fraction = point == std::string::npos ? "" : "," + text.substr(point + 1);
    bool negative = !whole.empty() && whole.front() == '-';
    if (negative) {
        whole.erase(0, 1);
        negative = whole != "0" || !fraction.empty(); // -0.004 is "0", not "-0"
    }
    if (whole.size() > 4) { // 1000 stays 1000 in German tables; 10.000 gets its dot
        for (auto at = static_cast<std::ptrdiff_t>(whole.size()) - 3; at > 0; at -= 3) {
            whole.insert(static_cast<std::size_t>(at), ".");
        }
    }
    return (negative ? "-" : "") + whole + fraction;
}

std::vector<double> values_of(const geo::feature_layer& layer, const std::string& field) {
    std::vector<double> out;
    const auto i = layer.field_index(field);
    if (!i) {
        return out;
    }
    for (const auto& f : layer.features) {
        if (const auto* d = std::get_if<double>(&f.values[*i])) {
            out.push_back(*d);
        } else if (const auto* n = std::get_if<std::int64_t>(&f.values[*i])) {
            out.push_back(static_cast<double>(*n));
        }
    }
    return out;
}

std::vector<style_class> target_classes(const std::vector<double>& values, double target,
                                        const std::string& unit, const std::string& note) {
    double low = target;
    double high = target;
    for (double v : values) {
        low = std::min(low, v);
        high = std::max(high, v);
    }
    // Each side of the target in its own round step, so that two classes reach the data's far
    // end; the second edge only where the data goes beyond the first.
    // A side without data takes the other side's step (all districts below the target: the
    // class above it is as wide as those below).
    const double fallback = round_step(std::max(std::abs(target), 1.0) / 4);
    const std::optional<double> below_data =
        target > low ? std::optional(round_step((target - low) / 2.5)) : std::nullopt;
    const std::optional<double> above_data =
        high > target ? std::optional(round_step((high - target) / 2.5)) : std::nullopt;
    const double below = below_data.value_or(above_data.value_or(fallback));
    const double above = above_data.value_or(below);
    std::vector<double> edges;
    const bool positive = target > 0; // no class below 0 places
    if (target - 2 * below > low && (!positive || target - 2 * below > 0)) {
        edges.push_back(target - 2 * below);
    }
    if (!positive || target - below > 0) {
        edges.push_back(target - below);
    }
    edges.push_back(target);
    edges.push_back(target + above);
    if (high > target + 2 * above) {
        edges.push_back(target + 2 * above);
    }
    auto out = classes_between(edges, unit);
    // Class i is [edges[i-1], edges[i]): those up to the target's edge are below it (warm,
    // darker further away), the one starting at the target and above are cool.
    const auto t =
        static_cast<std::size_t>(std::find(edges.begin(), edges.end(), target) - edges.begin());
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (i <= t) {
            out[i].fill = diverging[2 - std::min<std::size_t>(2, t - i)];
        } else {
            out[i].fill = diverging[std::min<std::size_t>(6, 4 + (i - t - 1))];
        }
    }
    out[t + 1].label += note;
    return out;
}

std::vector<style_class> amount_classes(const std::vector<double>& values,
                                        const std::string& unit) {
    double high = 0;
    for (double v : values) {
        high = std::max(high, v);
    }
    const double step = round_step(high > 0 ? high / 5 : 1);
    std::vector<double> edges;
    for (int k = 1; k * step < high && edges.size() < 5; ++k) {
        edges.push_back(k * step); // multiplied, not summed: 3 x 0.2 stays 0.6
    }
    if (edges.empty()) {
        edges.push_back(step);
    }
    auto out = classes_between(edges, unit);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].fill = sequential[std::min(i, sequential.size() - 1)];
    }
    return out;
}

std::vector<style_class> edge_classes(const std::vector<double>& edges, const std::string& unit,
                                      bool high_is_good) {
    auto out = classes_between(edges, unit);
    for (std::size_t i = 0; i < out.size(); ++i) {
        // Spread over the diverging palette: first class red, last blue (or the reverse).
        const std::size_t at = out.size() == 1 ? 0 : i * (diverging.size() - 1) / (out.size() - 1);
        out[i].fill = diverging[high_is_good ? at : diverging.size() - 1 - at];
    }
    return out;
}

std::vector<style_class>
category_classes(const std::vector<std::pair<std::string, std::string>>& value_labels) {
    std::vector<style_class> out;
    for (std::size_t i = 0; i < value_labels.size(); ++i) {
        style_class c;
        c.equals = value_labels[i].first;
        c.label = value_labels[i].second;
        c.fill = qualitative[i % qualitative.size()];
        out.push_back(std::move(c));
    }
    return out;
}

void add_no_data(std::vector<style_class>& classes) {
    style_class c;
    c.no_data = true;
    c.label = "keine Daten";
    c.fill = no_data_grey;
    classes.push_back(std::move(c));
}

std::string to_qml(const layer_style& s, const geo::feature_layer& layer) {
    const auto kind = shape_of(layer);
    return fmt::format(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Labeling|Fields|"
        "Temporal|Rendering\" labelsEnabled=\"{}\">\n{}{}{}{}\n<layerGeometryType>{}"
        "</layerGeometryType>\n</qgis>\n",
        s.label_field.empty() ? 0 : 1, qml_temporal(s), qml_renderer(s, layer),
        qml_labels(s, layer), qml_aliases(layer), qml_geometry_type(kind));
}

std::string to_sld(const layer_style& s, const geo::feature_layer& layer) {
    const auto kind = shape_of(layer);
    std::string rules;
    if (kind != shape_kind::none) {
        if (s.classes.empty()) {
            style_class all;
            rules += sld_rule(s.title, sld_filter(all, s),
                              sld_symbolizer(kind, s.single, s.outline_only));
        }
        for (const auto& c : s.classes) {
            rules +=
                sld_rule(c.label, sld_filter(c, s), sld_symbolizer(kind, c.fill, s.outline_only));
        }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" "
           "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
           "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\" "
           "xsi:schemaLocation=\"http://www.opengis.net/sld "
           "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">"
           "<NamedLayer><se:Name>" +
           xml_escaped(layer.name) + "</se:Name><UserStyle><se:Name>" + xml_escaped(s.name) +
           "</se:Name><se:Description><se:Title>" + xml_escaped(s.title) +
           "</se:Title></se:Description><se:FeatureTypeStyle>" + rules +
           "</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n";
}

std::vector<geo::stored_style> stored_styles(const geo::feature_layer& layer,
                                             const std::vector<layer_style>& styles) {
    std::vector<geo::stored_style> out;
    for (std::size_t i = 0; i < styles.size(); ++i) {
        out.push_back({layer.name, styles[i].name, styles[i].title, to_qml(styles[i], layer),
                       to_sld(styles[i], layer), i == 0});
    }
    return out;
}

} // namespace standort::services
