// Grouping one person's payments for reading: by year (newest first), then programme.
#include "core/statement.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/i18n.hpp"
#include "core/masking.hpp"

namespace sunlight::core {

Statement build_statement(const ResidentId& id, std::span<const Payment> payments, const FundIndex& funds,
                          const RegionTree& regions) {
  Statement statement;
  statement.masked_id = id.masked();
  std::map<int, std::map<std::string, Statement::Programme>, std::greater<>> by_year;
  const Payment* latest = nullptr;
  for (const Payment& p : payments) {
    if (!(p.resident_id == id)) continue;
    const auto fund = funds.find(p.fund_code);
    auto& programme = by_year[p.paid_on.year][fund != funds.end() ? fund->second.name : p.fund_code];
    if (programme.name.empty()) {
      programme.name = fund != funds.end() ? fund->second.name : p.fund_code;
      if (fund != funds.end()) programme.department = fund->second.department;
    }
    const std::string& standard = !p.standard.empty() || fund == funds.end() ? p.standard : fund->second.standard;
    programme.lines.push_back({p.amount, p.paid_on, p.method, standard});
    programme.total += p.amount;
    statement.total += p.amount;
    ++statement.payment_count;
    if (!latest || latest->paid_on < p.paid_on) latest = &p;  // the newest record says where they live now
  }
  if (latest) {
    statement.masked_name = mask_name(latest->name);
    statement.region_name = regions.full_name(latest->region_code);
    statement.masked_address = mask_address(latest->address, statement.region_name);
  }
  for (auto& [year, programmes] : by_year) {
    Statement::Year y;
    y.year = year;
    for (auto& [name, programme] : programmes) {
      std::stable_sort(programme.lines.begin(), programme.lines.end(),
                       [](const auto& a, const auto& b) { return a.paid_on < b.paid_on; });
      y.total += programme.total;
      y.programmes.push_back(std::move(programme));
    }
    statement.years.push_back(std::move(y));
  }
  return statement;
}

}  // namespace sunlight::core

namespace sunlight::core {
namespace {

struct BadField {
  std::string field;
};

const nlohmann::json& field(const nlohmann::json& j, const char* name) {
  if (!j.is_object() || !j.contains(name)) throw BadField{name};
  return j.at(name);
}
std::string text_field(const nlohmann::json& j, const char* name) {
  const auto& v = field(j, name);
  if (!v.is_string()) throw BadField{name};
  return v.get<std::string>();
}
std::int64_t int_field(const nlohmann::json& j, const char* name) {
  const auto& v = field(j, name);
  if (!v.is_number_integer()) throw BadField{name};
  return v.get<std::int64_t>();
}
const nlohmann::json& array_field(const nlohmann::json& j, const char* name) {
  const auto& v = field(j, name);
  if (!v.is_array()) throw BadField{name};
  return v;
}

}  // namespace

nlohmann::json statement_to_json(const Statement& st) {
  nlohmann::json years = nlohmann::json::array();
  for (const auto& y : st.years) {
    nlohmann::json programmes = nlohmann::json::array();
    for (const auto& p : y.programmes) {
      nlohmann::json lines = nlohmann::json::array();
      for (const auto& l : p.lines)
        lines.push_back({{"amount_fen", l.amount.fen()},
                         {"paid_on", l.paid_on.iso()},
                         {"method", std::string(payment_method_name(l.method, Lang::En))},
                         {"standard", l.standard}});
      programmes.push_back(
          {{"name", p.name}, {"department", p.department}, {"total_fen", p.total.fen()}, {"lines", std::move(lines)}});
    }
    years.push_back({{"year", y.year}, {"total_fen", y.total.fen()}, {"programmes", std::move(programmes)}});
  }
  return {{"masked_id", st.masked_id},
          {"masked_name", st.masked_name},
          {"region_name", st.region_name},
          {"masked_address", st.masked_address},
          {"total_fen", st.total.fen()},
          {"payment_count", st.payment_count},
          {"years", std::move(years)}};
}

Parsed<Statement> statement_from_json(const nlohmann::json& j) {
  try {
    Statement st;
    st.masked_id = text_field(j, "masked_id");
    st.masked_name = text_field(j, "masked_name");
    st.region_name = text_field(j, "region_name");
    st.masked_address = text_field(j, "masked_address");
    st.total = Money::from_fen(int_field(j, "total_fen"));
    const auto count = int_field(j, "payment_count");
    if (count < 0) throw BadField{"payment_count"};
    st.payment_count = static_cast<std::size_t>(count);
    for (const auto& y : array_field(j, "years")) {
      Statement::Year year;
      year.year = static_cast<int>(int_field(y, "year"));
      year.total = Money::from_fen(int_field(y, "total_fen"));
      for (const auto& p : array_field(y, "programmes")) {
        Statement::Programme programme;
        programme.name = text_field(p, "name");
        programme.department = text_field(p, "department");
        programme.total = Money::from_fen(int_field(p, "total_fen"));
        for (const auto& l : array_field(p, "lines")) {
          Statement::Line line;
          line.amount = Money::from_fen(int_field(l, "amount_fen"));
          auto date = parse_date(text_field(l, "paid_on"));
          if (!date) throw BadField{"paid_on"};
          line.paid_on = *date;
          auto method = parse_payment_method(text_field(l, "method"));
          if (!method) throw BadField{"method"};
          line.method = *method;
          line.standard = text_field(l, "standard");
          programme.lines.push_back(std::move(line));
        }
        year.programmes.push_back(std::move(programme));
      }
      st.years.push_back(std::move(year));
    }
    return st;
  } catch (const BadField& bad) {
    return Problem{"statement.bad_json", {{"field", bad.field}}};
  }
}

std::string statement_text(const Statement& s, Lang lang) {
  auto t = [lang](const char* key, std::vector<std::pair<std::string, std::string>> args = {}) {
    return tr_format(lang, key, args);
  };
  std::string out = fmt::format("{}  {}\n", s.masked_name, s.masked_id);
  out += t("statement.address", {{"address", s.masked_address}}) + "\n";
  out += t("statement.total", {{"count", std::to_string(s.payment_count)}, {"total", s.total.format()}}) + "\n";
  for (const auto& year : s.years) {
    out += "\n" + t("statement.year", {{"year", std::to_string(year.year)}, {"total", year.total.format()}}) + "\n";
    for (const auto& programme : year.programmes) {
      out += fmt::format("  {}（{}）  {}\n", programme.name, programme.department, programme.total.format());
      for (const auto& line : programme.lines)
        out += fmt::format("    {}  {:>12}  {}  {}\n", line.paid_on.iso(), line.amount.format(),
                           payment_method_name(line.method, lang), line.standard);
    }
  }
  return out;
}

}  // namespace sunlight::core
