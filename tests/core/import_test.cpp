// Tests for core/import: the five files, every bad row reported with line and column, hostile input.
#include <catch2/catch.hpp>

#include <iconv.h>
#include <sstream>

#include "core/import.hpp"

using namespace sunlight::core;

namespace {

const CivilDate kToday{2026, 11, 28};

std::string valid_id(std::string first17) { return first17 + resident_id_check_digit(first17); }

const std::string kId1 = valid_id("50011219560312123");
const std::string kId2 = valid_id("50011219880704242");

struct Read {
  ImportReport report;
  std::vector<Payment> payments;
};

ImportOptions options() {
  ImportOptions o;
  o.today = kToday;
  return o;
}

Read payments(const std::string& csv, const ImportReferences& refs = {}, ImportOptions opts = options()) {
  std::istringstream in(csv);
  Read r;
  r.report = read_payments(in, opts, refs, [&](Payment&& p) { r.payments.push_back(std::move(p)); });
  return r;
}

const std::string kHeader = "流水号,身份证号,姓名,区划代码,项目代码,发放金额,发放日期,发放方式,补助标准,住址\n";

std::string row(const std::string& id, const std::string& resident, const std::string& amount = "105.00",
                const std::string& date = "2026-03-15") {
  return id + "," + resident + ",张小华,500112101201003,YB2026-01," + amount + "," + date + ",一卡通,每亩每年105元,龙兴镇和平村3社27号\n";
}

// Codes of all errors, in order, as "line:column:code".
std::vector<std::string> error_list(const ImportReport& report) {
  std::vector<std::string> out;
  for (const auto& e : report.errors()) out.push_back(std::to_string(e.line) + ":" + e.column + ":" + e.problem.code);
  return out;
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string in = utf8;
  std::string out(in.size() * 4, '\0');
  char* src = in.data();
  char* dst = out.data();
  std::size_t src_left = in.size();
  std::size_t dst_left = out.size();
  iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

}  // namespace

TEST_CASE("a good payments file is read whole, with personal fields intact for the server", "[import]") {
  const auto r = payments(kHeader + row("P1", kId1) + row("P2", kId2, "\"1,234.5\"", "2026/3/1"));
  INFO(r.report.render(Lang::En));
  REQUIRE(r.report.ok());
  CHECK(r.report.good_rows() == 2);
  REQUIRE(r.payments.size() == 2);
  CHECK(r.payments[0].payment_id == "P1");
  CHECK(r.payments[0].resident_id.digits() == kId1);
  CHECK(r.payments[0].name == "张小华");
  CHECK(r.payments[0].region_code == "500112101201003");
  CHECK(r.payments[0].amount.fen() == 10500);
  CHECK(r.payments[0].paid_on == CivilDate{2026, 3, 15});
  CHECK(r.payments[0].method == PaymentMethod::Card);
  CHECK(r.payments[1].amount.fen() == 123450);
  CHECK(r.payments[1].paid_on == CivilDate{2026, 3, 1});
}

TEST_CASE("English headers in any order and case, a BOM, CRLF and optional columns left out", "[import]") {
  const std::string csv = "\xEF\xBB\xBF" "Amount,PAYMENT_ID,resident_id,name,region_code,fund_code,paid_on,method\r\n"
                          "12元," "P9," + kId1 + ",李明,500112101201,YB2026-01,2026年3月1日,cash\r\n";
  const auto r = payments(csv);
  INFO(r.report.render(Lang::En));
  REQUIRE(r.report.ok());
  REQUIRE(r.payments.size() == 1);
  CHECK(r.payments[0].amount.fen() == 1200);
  CHECK(r.payments[0].method == PaymentMethod::Cash);
  CHECK(r.payments[0].address.empty());
  CHECK(r.report.encoding() == Encoding::Utf8);
}

TEST_CASE("GB18030 files from Excel on Chinese Windows are read, detected or chosen", "[import]") {
  const std::string csv = to_gb18030(kHeader + row("P1", kId1));
  for (const Encoding e : {Encoding::Auto, Encoding::Gb18030}) {
    auto opts = options();
    opts.encoding = e;
    const auto r = payments(csv, {}, opts);
    INFO(r.report.render(Lang::En));
    REQUIRE(r.report.ok());
    CHECK(r.report.encoding() == Encoding::Gb18030);
    REQUIRE(r.payments.size() == 1);
    CHECK(r.payments[0].name == "张小华");
    CHECK(r.payments[0].address == "龙兴镇和平村3社27号");
  }
  // Forced UTF-8 on GB18030 bytes: the header cannot be read, and says so.
  auto opts = options();
  opts.encoding = Encoding::Utf8;
  const auto wrong = payments(csv, {}, opts);
  REQUIRE_FALSE(wrong.report.ok());
  CHECK(wrong.report.errors()[0].problem.code == "import.invalid_text");
}

TEST_CASE("every bad row is reported with its line and column, and good rows are still counted", "[import]") {
  const std::string csv = kHeader +
      row("P1", kId1) +                                   // line 2: good
      "P2," + kId2 + ",\"王\n五\",500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +  // 3-4: line break in a name
      row("P3", kId1, "1e5") +                            // 5
      row("P4", kId1, "-0") +                             // 6
      row("P5", kId1, "NaN") +                            // 7
      row("P6", kId1, "１２３.４５６") +                  // 8
      row("P7", kId1, "0") +                              // 9
      row("P8", kId1, "-5") +                             // 10
      row("P1", kId1) +                                   // 11: duplicate 流水号
      row("P10", kId1, "5", "2026-12-01") +               // 12: future
      row("P11", kId1, "5", "2026-02-30") +               // 13: impossible date
      row("P12", kId1.substr(0, 17) + (kId1[17] == '0' ? '1' : '0')) +  // 14: bad check digit
      row("P13", kId1.substr(0, 17)) +                    // 15: 17 digits
      row("P 14", kId1) +                                 // 16: bad code
      row("P15", kId1) + "P16,extra\n";                   // 17 good, 18 too few fields
  const auto r = payments(csv);
  CHECK(error_list(r.report) == std::vector<std::string>{
      "3:姓名:import.line_break",
      "5:发放金额:money.exponent",
      "6:发放金额:money.negative_zero",
      "7:发放金额:money.not_a_number",
      "8:发放金额:money.too_many_decimals",
      "9:发放金额:import.amount_not_positive",
      "10:发放金额:import.amount_negative",
      "11:流水号:import.duplicate",
      "12:发放日期:import.future_date",
      "13:发放日期:date.impossible",
      "14:身份证号:id.check_digit",
      "15:身份证号:id.bad_length",
      "16:流水号:import.bad_code",
      "18::import.field_count",
  });
  CHECK(r.report.good_rows() == 2);
  CHECK(r.report.bad_rows() == 14);
  CHECK(r.report.errors()[7].problem.arg("other_line") == "2");
  CHECK(r.report.render(Lang::ZhCn, 1) ==
        "第 3 行，姓名：这一栏不能换行\n……另有 13 处错误未列出\n");
  CHECK(ImportReport::render_error(r.report.errors()[7], Lang::En) == "line 11, 流水号: Same as line 2: P1");
}

TEST_CASE("header problems stop the file before any row is read", "[import]") {
  SECTION("a missing required column") {
    const auto r = payments("流水号,身份证号,姓名,区划代码,项目代码,发放日期,发放方式\n" + row("P1", kId1));
    CHECK(error_list(r.report) == std::vector<std::string>{"1::import.missing_column"});
    CHECK(r.report.errors()[0].problem.arg("column") == "发放金额 (amount)");
    CHECK(r.payments.empty());
  }
  SECTION("an unknown and a repeated column") {
    const auto r = payments("流水号,流水号,身份证号,姓名,区划代码,项目代码,发放金额,发放日期,发放方式,备注\n");
    CHECK(error_list(r.report) == std::vector<std::string>{"1:流水号:import.duplicate_column", "1:备注:import.unknown_column"});
  }
  SECTION("an empty file") {
    const auto r = payments("");
    CHECK(error_list(r.report) == std::vector<std::string>{"0::import.empty_file"});
    CHECK(r.report.render(Lang::ZhCn) == "文件：文件是空的，连表头都没有\n");
  }
  SECTION("a UTF-16 file") {
    const auto r = payments(std::string("\xFF\xFE" "a\0b\0", 6));
    CHECK(error_list(r.report) == std::vector<std::string>{"0::encoding.utf16"});
  }
}

TEST_CASE("hostile rows: extra fields, invalid bytes, control characters, huge fields, a cut-off file", "[import]") {
  SECTION("an extra column in a row") {
    const auto r = payments(kHeader + "P1," + kId1 + ",张小华,500112101201003,YB2026-01,5,2026-03-01,现金,,,多余\n");
    CHECK(error_list(r.report) == std::vector<std::string>{"2::import.field_count"});
    CHECK(r.report.errors()[0].problem.arg("found") == "11");
  }
  SECTION("invalid UTF-8 in one field") {
    const auto r = payments(kHeader + "P1," + kId1 + ",张\xFF华,500112101201003,YB2026-01,5,2026-03-01,现金,,\n");
    CHECK(error_list(r.report) == std::vector<std::string>{"2:姓名:import.invalid_text"});
  }
  SECTION("a NUL byte and a bell") {
    const auto r = payments(kHeader + "P1," + kId1 + ",张\a华,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P2," + kId1 + ",张华,500112101201003,YB2026-01,5,2026-03-01,现金,," + std::string(1, '\0') + "\n");
    CHECK(error_list(r.report) == std::vector<std::string>{"2:姓名:import.control_chars", "3:住址:import.control_chars"});
  }
  SECTION("a 10,000-character name and address") {
    std::string huge;
    for (int i = 0; i < 10000; ++i) huge += "华";
    const auto r = payments(kHeader + "P1," + kId1 + "," + huge + ",500112101201003,YB2026-01,5,2026-03-01,现金,," + huge + "\n");
    CHECK(error_list(r.report) == std::vector<std::string>{"2:姓名:import.too_long", "2:住址:import.too_long"});
    CHECK(r.report.errors()[0].problem.arg("length") == "10000");
  }
  SECTION("a file cut off in the middle of a row") {
    const auto r = payments(kHeader + row("P1", kId1) + "P2," + kId2 + ",张小");
    CHECK(error_list(r.report) == std::vector<std::string>{"3::import.field_count"});
    CHECK(r.report.good_rows() == 1);
  }
  SECTION("a file cut off inside a quoted field") {
    const auto r = payments(kHeader + row("P1", kId1) + "P2," + kId2 + ",\"张小");
    CHECK(error_list(r.report) == std::vector<std::string>{"3::csv.unterminated_quote"});
  }
  SECTION("names with digits, one character, or a town as the beneficiary's region") {
    const auto r = payments(kHeader + "P1," + kId1 + ",张3,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P2," + kId1 + ",张,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P3," + kId1 + ",张华,500112101,YB2026-01,5,2026-03-01,支付宝,,\n");
    CHECK(error_list(r.report) == std::vector<std::string>{
        "2:姓名:import.bad_name", "3:姓名:import.too_short", "4:区划代码:import.payment_region_level",
        "4:发放方式:payment.bad_method"});
  }
}

TEST_CASE("references to regions and funds are checked when they are known", "[import]") {
  RegionTree regions;
  regions.add({"500112", "渝北区", "", RegionLevel::District});
  regions.add({"500112101", "龙兴镇", "500112", RegionLevel::Town});
  regions.add({"500112101201", "和平村", "500112101", RegionLevel::Village});
  regions.add({"500112101201003", "3社", "500112101201", RegionLevel::Group});
  const std::set<std::string, std::less<>> funds{"YB2026-01"};
  const ImportReferences refs{&regions, &funds};
  const auto r = payments(kHeader + row("P1", kId1) +
                              "P2," + kId1 + ",张华,500112101201009,YB2026-01,5,2026-03-01,现金,,\n" +
                              "P3," + kId1 + ",张华,500112101201003,YB2099-01,5,2026-03-01,现金,,\n",
                          refs);
  CHECK(error_list(r.report) == std::vector<std::string>{"3:区划代码:import.unknown_region", "4:项目代码:import.unknown_fund"});
  // Alone, the same file passes: nothing to check the references against.
  CHECK(payments(kHeader + row("P1", kId1)).report.ok());
}

TEST_CASE("regions: levels must match codes, parents must exist, in any order", "[import]") {
  const RegionTree store;  // an empty store: parents must be in the file
  auto read = [&](const std::string& csv) {
    std::istringstream in(csv);
    std::vector<Region> rows;
    auto report = read_regions(in, options(), {&store, nullptr}, [&](Region&& r) { rows.push_back(std::move(r)); });
    return std::make_pair(report, rows);
  };
  const std::string header = "区划代码,名称,上级代码,级别\n";
  const auto [good, rows] = read(header + "500112101201,和平村,500112101,村\n500112,渝北区,,区县\n500112101,龙兴镇,500112,镇\n");
  INFO(good.render(Lang::En));
  CHECK(good.ok());
  CHECK(rows.size() == 3);
  const auto [bad, ignored] = read(header +
                                   "500112,渝北区,,区县\n"
                                   "500112101,龙兴镇,500112,村\n"          // 3: level mismatch
                                   "500112102,统景镇,500113,镇\n"          // 4: parent not the prefix
                                   "500112103201,石坝村,500112103,村\n"    // 5: parent nowhere
                                   "500113,江北区,500000,区县\n"           // 6: a district has no parent
                                   "500112,渝北区,,区县\n");               // 7: duplicate
  CHECK(error_list(bad) == std::vector<std::string>{"3:级别:import.level_mismatch", "4:上级代码:import.bad_parent",
                                                    "6:上级代码:import.parent_not_empty", "7:区划代码:import.duplicate",
                                                    "5:上级代码:import.unknown_parent"});
  CHECK(bad.good_rows() == 1);
  CHECK(bad.bad_rows() == 5);
}

TEST_CASE("funds, stages and notices follow their own rules", "[import]") {
  SECTION("funds") {
    std::istringstream in("项目代码,项目名称,类别,主管部门,资金级次,年度,预算金额,补助标准,政策依据\n"
                          "YB2026-01,耕地地力保护补贴,农业补贴,区农业农村委,中央,2026,\"1,200,000\",每亩每年105元,渝财农〔2026〕12号\n"
                          "YB2026-02,城乡低保,社会救助,区民政局,区级,26,100,,\n"
                          "YB2026-03,高龄津贴,养老服务,区民政局,省,2026,-1,,\n");
    std::vector<Fund> funds;
    const auto report = read_funds(in, options(), {}, [&](Fund&& f) { funds.push_back(std::move(f)); });
    CHECK(error_list(report) == std::vector<std::string>{"3:年度:import.bad_year", "4:资金级次:fund.bad_level",
                                                         "4:预算金额:import.amount_negative"});
    REQUIRE(funds.size() == 1);
    CHECK(funds[0].budget.fen() == 120000000);
    CHECK(funds[0].level == FundLevel::Central);
    CHECK(funds[0].year == 2026);
  }
  SECTION("stages: one row per fund, region and stage") {
    std::istringstream in("项目代码,区划代码,环节,金额,日期,文号\n"
                          "YB2026-01,500112101,用款计划申请,1000,2026-01-10,渝北财农〔2026〕3号\n"
                          "YB2026-01,500112101,plan,900,2026-01-11,\n"
                          "YB2026-01,500112101,拨款,900,2026-01-11,\n");
    std::vector<StageRecord> stages;
    const auto report = read_stages(in, options(), {}, [&](StageRecord&& s) { stages.push_back(std::move(s)); });
    CHECK(error_list(report) == std::vector<std::string>{"3:环节:import.duplicate", "4:环节:fund.bad_stage"});
    REQUIRE(stages.size() == 1);
    CHECK(stages[0].stage == FundStage::Plan);
    CHECK(stages[0].doc_no == "渝北财农〔2026〕3号");
  }
  SECTION("notices: multi-paragraph bodies, 10,000-character bodies, expiry after publication") {
    std::string long_body;
    for (int i = 0; i < 10000; ++i) long_body += "公";
    std::istringstream in("区划代码,类别,标题,正文,发布日期,有效期至\n"
                          "500112101201,村务,关于召开村民代表大会的通知,\"各位村民：\n\n定于3月5日召开。\n- 地点：村委会\",2026-03-01,2026-03-06\n"
                          "500112101201,财务,第一季度财务公开,\"" + long_body + "\",2026-04-01,\n"
                          "500112101201,公示,\"标题\n换行\",正文,2026-04-01,\n"
                          "500112101201,党务,发展党员公示,正文,2026-04-01,2026-03-01\n");
    std::vector<Notice> notices;
    const auto report = read_notices(in, options(), {}, [&](Notice&& n) { notices.push_back(std::move(n)); });
    CHECK(error_list(report) == std::vector<std::string>{"7:标题:import.line_break", "9:有效期至:import.expires_before_published"});
    REQUIRE(notices.size() == 2);
    CHECK(notices[0].body == "各位村民：\n\n定于3月5日召开。\n- 地点：村委会");
    CHECK(notices[0].expires_on == CivilDate{2026, 3, 6});
    CHECK(notices[1].body.size() == long_body.size());
    CHECK_FALSE(notices[1].expires_on.has_value());
  }
}

TEST_CASE("import kinds by English or Chinese name", "[import]") {
  CHECK(parse_import_kind("payments").value() == ImportKind::Payments);
  CHECK(parse_import_kind("发放明细").value() == ImportKind::Payments);
  CHECK(parse_import_kind("people").problem().code == "import.unknown_kind");
  CHECK(import_file_name(ImportKind::Stages) == "stages.csv");
}

TEST_CASE("review findings: rows Excel blanks, unreadable tails, names, groups where they do not belong", "[import]") {
  SECTION("rows of nothing but commas are blank lines") {
    const auto r = payments(kHeader + row("P1", kId1) + ",,,,,,,,,\n , ,,,,,,,,\n");
    INFO(r.report.render(Lang::En));
    CHECK(r.report.ok());
    CHECK(r.report.good_rows() == 1);
    CHECK(r.report.bad_rows() == 0);
  }
  SECTION("names need a letter and no full-width digits, punctuation or pictographs") {
    const auto r = payments(kHeader + "P1," + kId1 + ",张三１,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P2," + kId1 + ",张，三,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P3," + kId1 + ",··,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P4," + kId1 + ",张\U0001F600,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P5," + kId1 + ",阿依古丽·买买提,500112101201003,YB2026-01,5,2026-03-01,现金,,\n" +
                            "P6," + kId1 + ",张\u202E三,500112101201003,YB2026-01,5,2026-03-01,现金,,\n");
    CHECK(error_list(r.report) == std::vector<std::string>{"2:姓名:import.bad_name", "3:姓名:import.bad_name",
                                                           "4:姓名:import.bad_name", "5:姓名:import.bad_name",
                                                           "7:姓名:import.control_chars"});
  }
  SECTION("stages and notices belong to a village or above, not a group") {
    std::istringstream stages("项目代码,区划代码,环节,金额,日期\nF1,500112101201003,发放,10,2026-01-01\n");
    const auto s = read_stages(stages, options(), {}, [](StageRecord&&) {});
    CHECK(error_list(s) == std::vector<std::string>{"2:区划代码:import.group_not_allowed"});
    std::istringstream notices("区划代码,类别,标题,正文,发布日期\n500112101201003,村务,标题,正文,2026-01-01\n");
    const auto n = read_notices(notices, options(), {}, [](Notice&&) {});
    CHECK(error_list(n) == std::vector<std::string>{"2:区划代码:import.group_not_allowed"});
  }
  SECTION("a regions file on its own may name parents the store already knows") {
    std::istringstream in("区划代码,名称,上级代码,级别\n500112101,龙兴镇,500112,镇\n");
    CHECK(read_regions(in, options(), {}, [](Region&&) {}).ok());
  }
  SECTION("empty enum and year cells say they are empty") {
    std::istringstream in("项目代码,项目名称,类别,主管部门,资金级次,年度,预算金额\nF1,高龄津贴,养老服务,区民政局,,,100\n");
    const auto report = read_funds(in, options(), {}, [](Fund&&) {});
    CHECK(error_list(report) == std::vector<std::string>{"2:资金级次:import.required", "2:年度:import.required"});
  }
  SECTION("a stream that fails half way is a file-level error, not an exception") {
    struct FailingBuf : std::streambuf {
      std::string data;
      int served = 0;
      int_type underflow() override {
        if (served++ > 0) throw std::ios_base::failure("disk gone");
        setg(data.data(), data.data(), data.data() + data.size());
        return traits_type::to_int_type(data[0]);
      }
    } buf;
    buf.data = kHeader + row("P1", kId1);
    std::istream in(&buf);  // swallows the throw and sets badbit, as an ifstream on a dying disk does
    Read r;
    REQUIRE_NOTHROW(r.report = read_payments(in, options(), {}, [](Payment&&) {}));
    REQUIRE_FALSE(r.report.ok());
    CHECK(r.report.errors().back().line == 0);
  }
}
