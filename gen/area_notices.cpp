// Notices of a 镇街 and of the district: yearly subsidy totals, policy lists, standards, recruitment.
#include <array>

#include <fmt/format.h>

#include "gen/district_data.hpp"
#include "gen/notices.hpp"
#include "gen/schedule.hpp"

namespace sunlight::gen {

namespace {

// Programmes paid to the household head are counted in households, the rest in people.
bool paid_per_household(Programme p) {
  switch (p) {
    case Programme::FarmlandProtection:
    case Programme::GrainGrower:
    case Programme::FarmMachinery:
    case Programme::EcoForest:
    case Programme::ReturnFarmland:
    case Programme::Dibao:
    case Programme::TemporaryRelief:
    case Programme::WinterRelief:
    case Programme::DilapidatedHouse:
    case Programme::ToiletRenovation: return true;
    default: return false;
  }
}

// One line per programme paid in year index `yi`, and the total.
std::pair<std::vector<std::string>, std::int64_t> totals_lines(const Tallies& tallies, int yi) {
  std::vector<std::string> lines;
  std::int64_t total = 0;
  for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
    const Tally& t = tallies[pi][static_cast<std::size_t>(yi)];
    if (t.paid_fen == 0) continue;
    const Programme p = programme_at(pi);
    const bool households = paid_per_household(p);
    lines.push_back(fmt::format("{}：{}{}，{}笔，{}", info(p).name, households ? t.households : t.recipients,
                                households ? "户" : "人", t.payments, money_text(t.paid_fen)));
    total += t.paid_fen;
  }
  return {std::move(lines), total};
}

void town_year(std::vector<Draft>& out, Rng& rng, const Town& town, const Tallies& tallies, const Period& period, int yi) {
  const int year = period.year(yi);
  const std::string government = town.name + (town.street ? "办事处" : "人民政府");
  const std::string party = fmt::format("中共{}{}委员会", town.name, town.street ? "工作" : "");

  if (yi > 0) {
    const auto [lines, total] = totals_lines(tallies, yi - 1);
    const std::int32_t day = day_in(rng, year, 1, 2);
    if (!lines.empty()) {
      Body body;
      body.para(fmt::format("为接受群众监督，现将{}{}年度通过“一卡通”等方式发放的惠民惠农财政补贴资金情况公示如下（共计{}）：", town.name,
                            year - 1, money_text(total)))
          .items(lines)
          .para("每户（人）具体发放明细可凭身份证号在各村（社区）便民服务中心“阳光”查询终端查询。对发放情况有异议的，请向" + government +
                "或区纪委监委反映，也可拨打12345政务服务便民热线。")
          .sign(government, day);
      out.push_back({day, "公示", fmt::format("{}{}年度惠民惠农财政补贴资金发放情况公示", town.name, year - 1), body.str(), day + 10});
    }
  }

  if (!town.street) {
    const std::int32_t day = day_in(rng, year, 1, 2);
    const std::int32_t deadline = day + 14;
    const auto posts = rng.range(12, 40);
    const YearStandards s = standards_for(year);
    Body body;
    body.para(fmt::format("为帮助脱贫人口和防止返贫监测对象就近就业，{}决定开发{}年乡村公益性岗位{}个，现将有关事项公告如下：", government,
                          year, posts))
        .items({"岗位类别：道路保洁员、护林员、水管员、河道巡查员",
                "招聘对象：本镇户籍、有劳动能力的脱贫人口和防止返贫监测对象，年龄在16周岁至60周岁之间",
                fmt::format("岗位补贴：每人每月{}，按月发放", rate_text(s.welfare_job)),
                fmt::format("报名时间：即日起至{}", date_text(deadline)), "报名地点：户籍所在村便民服务中心"})
        .para("经资格审核、公示无异议后签订岗位协议，岗位期限一般为一年。")
        .sign(government, day);
    out.push_back({day, "村务", fmt::format("关于公开招聘{}年乡村公益性岗位人员的公告", year), body.str(), deadline});
  }

  {
    const std::int32_t day = day_in(rng, year, 4, 5);
    Body body;
    if (town.street) {
      body.para(fmt::format("为防范化解安全风险，{}决定于{}年汛期前在辖区开展老旧小区安全隐患排查整治，重点做好以下工作：", government, year))
          .items({"排查老旧小区燃气管道、电动自行车充电和消防通道堵塞问题", "排查地下车库、下穿通道等低洼易涝点，完善排水设施",
                  "排查高切坡、挡土墙和危旧房屋，设置警示标志", "各社区建立隐患台账，整改完成后及时销号"})
          .sign(government, day);
      out.push_back({day, "村务", fmt::format("关于开展{}年汛期前安全隐患排查整治的通知", year), body.str(), day_number(year, 6, 30)});
    } else {
      body.para(fmt::format("{}年主汛期将至，为确保安全度汛，现就做好防汛抗旱和地质灾害防治工作通知如下：", year))
          .items({"各村落实地质灾害隐患点“一点一策”监测责任人，强降雨期间加密巡查", "对病险山坪塘实行限制蓄水，落实专人值守",
                  "提前确定转移路线和避险场所，组织开展避险演练", "严格执行24小时值班和信息报送制度"})
          .sign(government, day);
      out.push_back({day, "村务", fmt::format("关于做好{}年防汛抗旱工作的通知", year), body.str(), day_number(year, 9, 30)});
    }
  }

  {
    const std::int32_t day = day_in(rng, year, 6, 6);
    Body body;
    body.para(fmt::format("为庆祝中国共产党成立{}周年，{}决定在“七一”前后开展走访慰问老党员、生活困难党员活动。", year - 1921, party))
        .items({"慰问对象：党龄50年以上的老党员、因病因灾生活困难的党员、老复员军人党员",
                "慰问方式：各支部书记带队上门走访，送去慰问金和慰问品，了解生活困难和意见建议",
                "时间安排：6月20日至7月5日"})
        .para("各党支部要把走访慰问与为民办实事结合起来，对反映的困难问题建立台账、限期解决。")
        .sign(party, day);
    out.push_back({day, "党务", fmt::format("关于开展{}年“七一”走访慰问党员活动的通知", year), body.str(), day_number(year, 7, 5)});
  }
}

void district_year(std::vector<Draft>& out, Rng& rng, const Tallies& tallies, const Period& period, int yi) {
  const int year = period.year(yi);
  const std::string district(data::kDistrictName);
  const std::string government = district + "人民政府办公室";
  const YearStandards s = standards_for(year);
  const YearStandards before = standards_for(year - 1);

  {
    const std::int32_t day = day_in(rng, year, 1, 1);
    std::vector<std::string> lines;
    for (std::size_t pi = 0; pi < kProgrammeCount; ++pi) {
      const Programme p = programme_at(pi);
      lines.push_back(fmt::format("{}（{}）：{}", info(p).name, info(p).department, standard_text(p, year)));
    }
    Body body;
    body.para(fmt::format("为让群众清楚明白享受惠民惠农政策，现将{}{}年惠民惠农财政补贴政策清单公布如下：", district, year))
        .items(lines)
        .para("以上补贴资金原则上通过惠民惠农财政补贴资金“一卡通”或社会保障卡发放到人到户，任何单位和个人不得截留、挪用、代领或收取费用。")
        .para("群众可凭身份证号在各村（社区）“阳光”查询终端查询本人及家庭享受补贴情况。")
        .sign(district + "财政局", day);
    out.push_back({day, "公示", fmt::format("{}{}年惠民惠农财政补贴政策清单", district, year), body.str()});
  }

  {
    const std::int32_t day = day_in(rng, year, 2, 3);
    Body body;
    body.para("为加强惠民惠农财政补贴资金监管，畅通群众监督渠道，现将监督举报方式公告如下：")
        .items({"政务服务便民热线：12345", "纪检监察举报电话：12388", "网上举报：中央纪委国家监委网站、重庆市纪委监委网站",
                "现场反映：各镇（街道）社会事务办、各村（社区）便民服务中心",
                "“阳光”查询终端：查询后对发放情况有异议的，可直接在终端上提交投诉"})
        .para("对反映的问题，有关部门将在15个工作日内核实处理并答复。对骗取、套取、截留、挪用补贴资金的，一经查实，依规依纪依法严肃处理。")
        .sign(district + "纪委监委\n" + district + "财政局", day);
    out.push_back({day, "村务", "关于公布惠民惠农财政补贴资金监督举报方式的公告", body.str()});
  }

  if (yi > 0) {
    const auto [lines, total] = totals_lines(tallies, yi - 1);
    const std::int32_t day = day_in(rng, year, 3, 3);
    if (!lines.empty()) {
      Body body;
      body.para(fmt::format("{}年，全区通过“一卡通”、社会保障卡等方式共发放惠民惠农财政补贴资金{}，涉及{}个项目。分项目情况如下：", year - 1,
                            money_text(total), lines.size()))
          .items(lines)
          .para("全区各项补贴资金均按规定履行用款计划申请、资金使用审批、资金拨付、资金发放程序，发放明细已在各村（社区）公示。")
          .sign(district + "财政局", day);
      out.push_back({day, "财务", fmt::format("{}{}年度惠民惠农财政补贴资金发放情况公告", district, year - 1), body.str()});
    }
  }

  {
    // Published the December before the new standards apply.
    const std::int32_t day = day_in(rng, year - 1, 12, 12);
    Body body;
    body.para(fmt::format("经区政府同意，自{}年1月1日起提高全区城乡低保等社会救助保障标准，现将有关事项通知如下：", year))
        .items({fmt::format("城市低保标准由每人每月{}提高到{}", rate_text(before.dibao_urban), rate_text(s.dibao_urban)),
                fmt::format("农村低保标准由每人每月{}提高到{}", rate_text(before.dibao_rural), rate_text(s.dibao_rural)),
                fmt::format("特困人员基本生活标准由每人每月{}提高到{}", rate_text(before.tekun_basic), rate_text(s.tekun_basic)),
                fmt::format("散居孤儿基本生活费由每人每月{}调整为{}", rate_text(before.orphan), rate_text(s.orphan))})
        .para("各镇街要及时调整保障对象的救助金额，确保新标准按时落实到位。")
        .sign(district + "民政局\n" + district + "财政局", day);
    out.push_back({day, "村务", fmt::format("关于提高{}年城乡低保等社会救助保障标准的通知", year), body.str()});
  }

  {
    const std::int32_t day = day_in(rng, year, 4, 4);
    Body body;
    body.para(fmt::format("为做好{}年耕地地力保护补贴发放工作，现将有关事项通知如下：", year))
        .items({fmt::format("补贴标准：每亩{}，补贴对象为拥有耕地承包权的种地农民", rate_text(s.farmland_per_mu)),
                "补贴面积：以二轮承包耕地确权面积为基础，已改变用途或长期抛荒的耕地不予补贴",
                "工作步骤：村组核实、镇街审核、村级公示7天，公示无异议后报区农业农村委",
                "发放方式：通过“一卡通”直接发放到户，6月底前发放完毕"})
        .sign(district + "农业农村委员会", day);
    out.push_back({day, "村务", fmt::format("关于做好{}年耕地地力保护补贴发放工作的通知", year), body.str(), day_number(year, 6, 30)});
  }

  if (s.pension_base != before.pension_base) {
    const std::int32_t day = day_in(rng, year, 1, 1);
    Body body;
    body.para(fmt::format("根据国家和市里统一部署，自{}年1月1日起，城乡居民基本养老保险基础养老金最低标准由每人每月{}提高到{}。", year,
                          rate_text(before.pension_base), rate_text(s.pension_base)))
        .para("调整后的基础养老金从1月起按新标准随当月待遇一并发放，领取人员无需申请。")
        .para("如有疑问，请咨询户籍所在镇（街道）社会保障服务中心或拨打12333。")
        .sign(district + "人力资源和社会保障局", day);
    out.push_back({day, "村务", fmt::format("关于提高{}年城乡居民基础养老金标准的通知", year), body.str()});
  }
}

}  // namespace

void write_town_notices(NoticeSink& sink, const Town& town, const Tallies& tallies, const Period& period, std::uint64_t seed) {
  Rng rng(derive_seed(seed, text_key(town.code), 8));
  std::vector<Draft> drafts;
  for (int yi = 0; yi < kYears; ++yi) town_year(drafts, rng, town, tallies, period, yi);
  sink.publish(town.code, drafts);
}

void write_district_notices(NoticeSink& sink, const Tallies& tallies, const Period& period, std::uint64_t seed) {
  Rng rng(derive_seed(seed, text_key(data::kDistrictCode), 8));
  std::vector<Draft> drafts;
  for (int yi = 0; yi < kYears; ++yi) district_year(drafts, rng, tallies, period, yi);
  sink.publish(data::kDistrictCode, drafts);
}

}  // namespace sunlight::gen
