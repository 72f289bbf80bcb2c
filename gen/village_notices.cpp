// Notices a village or community publishes: finance disclosures, subsidy 公示, meetings, party affairs.
#include <algorithm>
#include <array>
#include <functional>

#include <fmt/format.h>

#include "gen/district_data.hpp"
#include "gen/notices.hpp"
#include "gen/schedule.hpp"

namespace sunlight::gen {

namespace {

// What a village and a community call their own bodies.
struct Names {
  std::string place;        // 和平村 / 金龙路社区
  std::string committee;    // 和平村村民委员会 / 金龙路社区居民委员会
  std::string supervision;  // 和平村村务监督委员会 / 金龙路社区居务监督委员会
  std::string branch;       // 中共和平村支部委员会
  std::string hall;         // 和平村便民服务中心 / 金龙路社区便民服务中心
  std::string_view unit;    // 村 / 社区
  std::string_view group;   // 社 / 组
};

Names names_of(const Village& v) {
  Names n;
  n.place = v.name;
  n.unit = v.community ? "社区" : "村";
  n.group = v.community ? "组" : "社";
  n.committee = v.name + (v.community ? "居民委员会" : "村民委员会");
  n.supervision = v.name + (v.community ? "居务监督委员会" : "村务监督委员会");
  n.branch = fmt::format("中共{}支部委员会", v.name);
  n.hall = v.name + "便民服务中心";
  return n;
}

class VillageDrafter {
 public:
  VillageDrafter(const Town& town, const Village& village, const Tallies& tallies, const Period& period,
                 std::uint64_t seed)
      : town_(town),
        village_(village),
        tallies_(tallies),
        period_(period),
        n_(names_of(village)),
        rng_(derive_seed(seed, text_key(village.code), 6)) {}

  std::vector<Draft> draft() {
    balance_ = rng_.range(3000000, 30000000);
    const bool quarterly = rng_.chance(10, 100);
    for (int yi = 0; yi < kYears; ++yi) {
      const int year = period_.year(yi);
      if (quarterly) {
        for (int q = 1; q <= 4; ++q) finance(year, q, 3);
      } else {
        finance(year, 1, 6);
        finance(year, 2, 6);
      }
      farmland_notice(yi);
      if (yi < kYears - 1) relief_notice(yi);
      house_notice(yi);
      std::array<int, 10> affairs{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
      rng_.shuffle(std::span<int>(affairs));
      const int count = rng_.chance(15, 100) ? 2 : 1;
      for (int i = 0; i < count; ++i) village_affair(affairs[static_cast<std::size_t>(i)], year);
      const auto party = static_cast<int>(rng_.below(4));
      if (rng_.chance(75, 100)) party_affair(party, year);
      if (year % 5 == 1) election(year);  // 村（社区）“两委” terms end in 2021, 2026, …
      if (rng_.chance(20, 100)) project(year);
    }
    return std::move(drafts_);
  }

 private:
  std::int64_t yuan(std::int64_t lo, std::int64_t hi) { return rng_.range(lo * 100, hi * 100); }
  std::size_t group() { return 1 + rng_.index(village_.group_count); }
  std::string group_name(std::size_t g) const { return fmt::format("{}{}", g, n_.group); }

  void add(std::int32_t day, std::string_view category, std::string title, std::string body,
           std::int32_t expires = kNever) {
    drafts_.push_back({day, category, std::move(title), std::move(body), expires});
  }

  // 村级财务收支公开, for quarter `part` (months = 3) or half-year `part` (months = 6). The
  // balance runs on from one statement to the next, as the books do.
  void finance(int year, int part, int months) {
    const auto scale = [&](std::int64_t per_year) { return per_year * months / 12; };
    std::vector<std::pair<std::string, std::int64_t>> income, spend;
    income.emplace_back("上级补助（村级组织运转经费）", scale(yuan(60000, 120000)));
    if (rng_.chance(70, 100)) {
      income.emplace_back(village_.community ? "集体资产租赁收入（门面、停车位）" : "集体资产发包租赁收入（鱼塘、林地、闲置校舍）",
                          scale(yuan(3000, 40000)));
    }
    if (rng_.chance(50, 100)) income.emplace_back("村集体经济组织经营收益", scale(yuan(10000, 120000)));
    std::int64_t special = 0;
    if (rng_.chance(20, 100)) {
      special = yuan(50000, 300000);
      income.emplace_back("上级专项资金（基础设施建设）", special);
    }
    if (rng_.chance(40, 100)) income.emplace_back("其他收入（利息等）", yuan(200, 5000));

    spend.emplace_back(fmt::format("{}干部基本报酬及绩效补贴", n_.unit), scale(yuan(60000, 120000)));
    spend.emplace_back("办公费、水电费及网络通信费", scale(yuan(6000, 15000)));
    if (rng_.chance(60, 100)) spend.emplace_back("环境卫生保洁费", scale(yuan(12000, 40000)));
    if (rng_.chance(60, 100)) spend.emplace_back("公益事业建设及维护支出", scale(yuan(5000, 150000)));
    if (rng_.chance(40, 100)) spend.emplace_back("会议及培训费", scale(yuan(1000, 6000)));
    if (rng_.chance(40, 100)) spend.emplace_back("走访慰问困难群众支出", scale(yuan(2000, 10000)));
    if (!village_.community && rng_.chance(30, 100)) spend.emplace_back("防汛及森林防火支出", scale(yuan(2000, 10000)));
    if (special > 0) spend.emplace_back("专项资金项目支出", special * rng_.range(80, 100) / 100);

    const auto sum = [](const auto& list) {
      std::int64_t s = 0;
      for (const auto& [name, fen] : list) s += fen;
      return s;
    };
    // The books never go below 10,000 yuan: the township tops up the operating grant.
    const std::int64_t shortfall = 1000000 - (balance_ + sum(income) - sum(spend));
    if (shortfall > 0) income.front().second += shortfall + yuan(0, 20000);
    const std::int64_t opening = balance_;
    const std::int64_t in = sum(income), out = sum(spend);
    balance_ = opening + in - out;

    const bool half = months == 6;
    const unsigned end_month = static_cast<unsigned>(part * months);
    const std::string label = half ? (part == 1 ? fmt::format("{}年上半年", year) : fmt::format("{}年度", year))
                                   : fmt::format("{}年第{}季度", year, chinese_number(part));
    const std::int32_t period_end =
        (end_month == 12 ? day_number(year + 1, 1, 1) : day_number(year, end_month + 1, 1)) - 1;
    const std::int32_t day = TownSchedule::working_day(period_end + static_cast<std::int32_t>(rng_.range(8, 20)));

    std::vector<std::string> in_lines, out_lines;
    for (const auto& [name, fen] : income) in_lines.push_back(fmt::format("{}：{}", name, money_text(fen)));
    for (const auto& [name, fen] : spend) out_lines.push_back(fmt::format("{}：{}", name, money_text(fen)));
    static constexpr std::array<std::string_view, 3> kIntro{
        "根据《中华人民共和国村民委员会组织法》和村务公开有关规定，经{}审核，现将{}{}财务收支情况公开如下：",
        "为保障群众的知情权和监督权，经{}审核，现将{}{}财务收支情况予以公开：",
        "按照“四议两公开”和财务公开制度要求，经{}逐笔审核，现将{}{}财务收支情况公布如下：",
    };
    Body body;
    body.para(fmt::format(fmt::runtime(kIntro[rng_.index(kIntro.size())]), n_.supervision, n_.place, label))
        .para(fmt::format("一、收入情况（合计{}）", money_text(in)))
        .items(in_lines)
        .para(fmt::format("二、支出情况（合计{}）", money_text(out)))
        .items(out_lines)
        .para(fmt::format("三、期初结余{}，期末结余{}。", money_text(opening), money_text(balance_)))
        .para(fmt::format("以上收支凭证均已装订成册，存放于{}，群众可在工作日查阅。对公开内容如有疑问，请在公开之日起10日内向{}反映，也可拨打12345政务服务便民热线。",
                          n_.hall, n_.supervision))
        .sign(n_.committee + "\n" + n_.supervision, day);
    add(day, "财务", fmt::format("{}{}财务收支公开", label, village_.community ? "社区" : "村级"), body.str());
  }

  // 耕地地力保护补贴发放公示: published before the town pays, totals only.
  void farmland_notice(int yi) {
    const Tally& t = tallies_[index_of(Programme::FarmlandProtection)][static_cast<std::size_t>(yi)];
    const std::int32_t lead = static_cast<std::int32_t>(rng_.range(10, 16));
    if (t.paid_fen == 0) return;
    const int year = period_.year(yi);
    const std::int32_t day = TownSchedule::working_day(t.first_paid - lead);
    const std::int32_t until = day + 7;
    const YearStandards s = standards_for(year);
    Body body;
    body.para(fmt::format("根据区农业农村委关于做好{}年耕地地力保护补贴发放工作的通知要求，经农户申报、{}组核实、{}审核，现将我{}{}年耕地地力保护补贴拟发放情况公示如下：",
                          year, n_.unit, town_.name, n_.unit, year))
        .items({fmt::format("补贴对象：{}户", t.households), fmt::format("补贴面积：{}", area_text(t.area_tenths)),
                fmt::format("补贴标准：每亩{}", rate_text(s.farmland_per_mu)),
                fmt::format("补贴金额：{}", money_text(t.paid_fen))})
        .para(fmt::format("各户补贴面积和金额已在各{}公示栏张贴，请农户认真核对。公示期为{}至{}。如有异议，请在公示期内向{}或{}农业服务中心反映，也可拨打12345政务服务便民热线。",
                          n_.group, date_text(day), date_text(until), n_.committee, town_.name))
        .para("公示无异议后，补贴资金将通过惠民惠农财政补贴资金“一卡通”直接发放到户。")
        .sign(n_.committee, day);
    add(day, "公示", fmt::format("{}年耕地地力保护补贴发放公示", year), body.str(), until);
  }

  // The year's 低保 and 特困 totals, published the following January.
  void relief_notice(int yi) {
    const Tally& dibao = tallies_[index_of(Programme::Dibao)][static_cast<std::size_t>(yi)];
    const Tally& tekun = tallies_[index_of(Programme::Tekun)][static_cast<std::size_t>(yi)];
    const int year = period_.year(yi);
    const std::int32_t day = day_in(rng_, year + 1, 1, 1);
    if (dibao.households == 0) return;
    std::vector<std::string> lines{fmt::format("城乡低保：{}户，全年累计发放{}户次，金额{}", dibao.households, dibao.payments,
                                               money_text(dibao.paid_fen))};
    if (tekun.recipients > 0) {
      lines.push_back(fmt::format("特困人员救助供养：{}人，全年累计发放{}", tekun.recipients, money_text(tekun.paid_fen)));
    }
    Body body;
    body.para(fmt::format("根据《社会救助暂行办法》和低保动态管理有关规定，现将我{}{}年度社会救助对象保障情况公示如下：", n_.unit, year))
        .items(lines)
        .para("救助对象实行动态管理，家庭人口、收入或财产状况发生变化的，请及时主动申报。群众如发现不符合条件的对象享受救助，或符合条件的困难家庭未纳入保障，可向" +
              n_.committee + "、" + town_.name + "社会事务办反映，或拨打12345政务服务便民热线。")
        .para(fmt::format("按照个人信息保护有关规定，救助对象名单仅在{}务公开栏张贴，本平台只公开汇总情况。", village_.community ? "居" : "村"))
        .sign(n_.committee, day);
    add(day, "公示", fmt::format("{}年度城乡低保和特困供养情况公示", year), body.str(), day + 10);
  }

  // 农村危房改造对象公示: at application time, months before the payment.
  void house_notice(int yi) {
    const Tally& t = tallies_[index_of(Programme::DilapidatedHouse)][static_cast<std::size_t>(yi)];
    const std::int32_t lead = static_cast<std::int32_t>(rng_.range(120, 170));
    if (t.households == 0) return;
    const int year = period_.year(yi);
    const std::int32_t day = TownSchedule::working_day(std::max(t.first_paid - lead, day_number(year, 1, 8)));
    Body body;
    body.para(fmt::format("根据{}年农村危房改造工作安排，经农户自愿申请、村民代表大会评议、{}审核，拟将{}户列为我{}{}年农村危房改造对象，现予公示。",
                          year, town_.name, t.households, n_.unit, year))
        .para(fmt::format("改造对象名单及危房等级鉴定结果已张贴于{}村务公开栏。公示期为7天（{}至{}），如有异议，请在公示期内向{}或{}村镇建设服务中心反映。",
                          n_.hall, date_text(day), date_text(day + 7), n_.committee, town_.name))
        .para("改造完成并经竣工验收合格后，补助资金将按规定直接拨付到户。")
        .sign(n_.committee, day);
    add(day, "公示", fmt::format("{}年农村危房改造对象公示", year), body.str(), day + 7);
  }

  void village_affair(int which, int year) {
    switch (which) {
      case 0: meeting(year); break;
      case 1: medical_insurance(year); break;
      case 2: fire_prevention(year); break;
      case 3: flood_season(year); break;
      case 4: clean_homes(year); break;
      case 5: pension_check(year); break;
      case 6: village_rules(year); break;
      case 7: straw_burning(year); break;
      case 8: fraud_warning(year); break;
      default: power_cut(year); break;
    }
  }

  void meeting(int year) {
    const std::int32_t day = day_in(rng_, year, 1, 12);
    const std::int32_t when = TownSchedule::working_day(day + static_cast<std::int32_t>(rng_.range(3, 7)));
    std::vector<std::string> agenda{
        fmt::format("审议{}年度{}财务预算方案", year, village_.community ? "社区" : "村级"),
        fmt::format("通报{}年度惠民惠农补贴资金发放情况", year - 1),
        fmt::format("讨论{}{}便道硬化项目实施方案", n_.place, group_name(group())),
        fmt::format("审议《{}{}》修订稿", n_.place, village_.community ? "居民公约" : "村规民约"),
        "讨论村集体经济组织年度收益分配方案",
        "研究农村人居环境整治长效管护措施",
        fmt::format("评议{}年度低保、特困供养等救助对象", year),
    };
    rng_.shuffle(std::span<std::string>(agenda));
    agenda.resize(static_cast<std::size_t>(rng_.range(2, 4)));
    const bool hall = rng_.chance(50, 100);
    Body body;
    body.para(fmt::format("经{}研究，定于{}（{}）上午9:30在{}{}召开{}代表大会。会议议程如下：", n_.committee, date_text(when),
                          weekday_text(when), hall ? n_.hall : n_.place + "党群服务中心", hall ? "二楼会议室" : "会议室",
                          village_.community ? "居民" : "村民"))
        .items(agenda)
        .para("请各位代表准时参会，并提前收集所在" + std::string(n_.group) + "群众的意见建议。因故不能参会的，请提前向" + n_.committee + "请假。")
        .sign(n_.committee, day);
    add(day, "村务", fmt::format("关于召开{}代表大会的通知", village_.community ? "居民" : "村民"), body.str(), when);
  }

  void medical_insurance(int year) {
    const std::int32_t day = day_in(rng_, year, 9, 10);
    const std::int32_t deadline = day_number(year + 1, 2, 28);
    const YearStandards next = standards_for(year + 1);
    Body body;
    body.para(fmt::format("{}年度城乡居民基本医疗保险集中参保缴费工作已经开始，个人缴费标准为每人每年{}。请尚未参保的{}居民在{}前完成缴费，以免影响次年就医报销。",
                          year + 1, rate_text(next.medical_premium), n_.unit, date_text(deadline)))
        .para("缴费方式：")
        .items({"通过“重庆税务”微信公众号或“渝快办”APP自助缴费",
                "到各银行网点或通过社保卡（“一卡通”）委托银行代扣",
                fmt::format("到{}现场办理", n_.hall)})
        .para("特困人员个人缴费部分由政府全额资助，低保对象、防止返贫监测对象按规定给予定额资助，资助对象无需自行申请。")
        .para(fmt::format("如有疑问，请咨询{}或拨打12345政务服务便民热线。", n_.hall))
        .sign(n_.committee, day);
    add(day, "村务", fmt::format("关于开展{}年度城乡居民医疗保险参保缴费工作的通知", year + 1), body.str(), deadline);
  }

  void fire_prevention(int year) {
    const bool winter = rng_.chance(1, 2);
    const std::int32_t day = winter ? day_in(rng_, year, 11, 12) : day_in(rng_, year, 1, 2);
    Body body;
    body.para(fmt::format("当前正值{}森林防火关键期，天干物燥，火险等级高。为保护森林资源和群众生命财产安全，现就有关事项通知如下：",
                          winter ? "冬春" : "春节前后"))
        .items({"严禁在林区及林缘焚烧秸秆、烧荒、烧灰积肥，严禁在林区吸烟、野炊、燃放烟花爆竹",
                "祭祀时提倡鲜花祭扫、文明祭扫，不在林区烧纸、点烛、燃放鞭炮",
                "家中老人、小孩要加强看管，防止小孩玩火引发山火",
                fmt::format("发现火情，请立即拨打119火警电话，并向{}报告", n_.committee)})
        .para("对违反规定野外用火的，将依法依规严肃处理；造成森林火灾的，依法追究责任。")
        .sign(n_.committee, day);
    add(day, "村务", village_.community ? "关于做好冬春季消防安全工作的通知" : "关于做好森林防火工作的通知", body.str());
  }

  void flood_season(int year) {
    const std::int32_t day = day_in(rng_, year, 5, 6);
    Body body;
    body.para(fmt::format("{}年主汛期即将到来，为切实做好防汛和地质灾害防范工作，保障群众生命财产安全，现将有关事项通知如下：", year))
        .items({fmt::format("各{}长要加强对辖区内地质灾害隐患点、山坪塘、危旧房屋的巡查，发现险情立即报告", n_.group),
                "居住在隐患点附近的群众，遇强降雨时要主动撤离到安全地带，不得擅自返回",
                "雨天不要在河沟边、陡坡下、危墙边停留，不要涉水过河",
                "家中备好手电筒、雨具等应急物品，保持手机畅通，留意预警信息"})
        .para(fmt::format("汛期实行24小时值班，{}值班电话保持畅通。", n_.committee))
        .sign(n_.committee, day);
    add(day, "村务", "关于做好汛期安全防范工作的通知", body.str(), day_number(year, 9, 30));
  }

  void clean_homes(int year) {
    const bool spring = rng_.chance(1, 2);
    const std::int32_t day = spring ? day_in(rng_, year, 3, 4) : day_in(rng_, year, 9, 10);
    const std::int32_t inspect = day + static_cast<std::int32_t>(rng_.range(14, 30));
    Body body;
    body.para(fmt::format("为持续改善农村人居环境，建设宜居宜业和美乡村，{}决定在全{}开展“清洁家园”集中整治行动，现将有关事项通知如下：",
                          n_.committee, n_.unit))
        .items({"清理房前屋后、院坝、沟渠的生活垃圾和杂物，柴草堆放整齐",
                "生活垃圾分类投放到指定收集点，不乱倒乱扔",
                "规范畜禽圈养，及时清理畜禽粪污",
                "拆除废弃的旱厕、圈舍和乱搭乱建"})
        .para(fmt::format("{}将于{}前后组织各{}逐户检查，评选“美丽庭院”示范户并予以表扬。", n_.committee, date_text(inspect), n_.group))
        .sign(n_.committee, day);
    add(day, "村务", "关于开展“清洁家园”人居环境整治行动的通知", body.str(), inspect);
  }

  void pension_check(int year) {
    const std::int32_t day = day_in(rng_, year, 3, 10);
    Body body;
    body.para(fmt::format("根据区人力社保局安排，{}年城乡居民基本养老保险待遇领取资格认证工作现已开始。领取养老金的老人每年须完成一次资格认证，逾期未认证的将暂停发放待遇，认证后恢复并补发。", year))
        .para("认证方式：")
        .items({"使用“重庆人社”APP或“掌上12333”APP进行人脸识别认证，可由子女代为操作",
                fmt::format("到{}由工作人员协助认证", n_.hall),
                fmt::format("行动不便的老人，可向所在{}长登记，由工作人员上门认证", n_.group)})
        .para("认证不收取任何费用。请勿相信陌生人以认证为名索要银行卡号、密码或验证码。")
        .sign(n_.committee, day);
    add(day, "村务", fmt::format("关于开展{}年城乡居民养老保险待遇资格认证的通知", year), body.str());
  }

  void village_rules(int year) {
    const std::int32_t day = day_in(rng_, year, 2, 11);
    const std::int32_t until = day + 20;
    const std::string_view what = village_.community ? "居民公约" : "村规民约";
    Body body;
    body.para(fmt::format("为进一步推进移风易俗、弘扬文明新风，{}拟对《{}{}》进行修订，重点完善红白喜事简办、环境卫生管护、邻里纠纷调解和孝老爱亲等内容。",
                          n_.committee, n_.place, what))
        .para(fmt::format("修订稿已张贴于{}公示栏，欢迎广大群众在{}前通过以下方式提出意见建议：", n_.hall, date_text(until)))
        .items({fmt::format("到{}书面提交", n_.hall), fmt::format("向所在{}长或村民代表口头反映", n_.group),
                "在微信群中留言"})
        .para(fmt::format("征求意见结束后，修订稿将提交{}代表会议审议通过后施行。", village_.community ? "居民" : "村民"))
        .sign(n_.committee, day);
    add(day, "村务", fmt::format("关于征求《{}》修订意见的通知", what), body.str(), until);
  }

  void straw_burning(int year) {
    const bool summer = rng_.chance(1, 2);
    const std::int32_t day = summer ? day_in(rng_, year, 5, 6) : day_in(rng_, year, 9, 10);
    Body body;
    body.para(fmt::format("{}收获季节即将到来，为保护大气环境、防范火灾，现就秸秆禁烧和综合利用有关事项通知如下：", summer ? "夏" : "秋"))
        .items({"严禁在田间地头、路边沟渠焚烧秸秆和杂草", "提倡秸秆粉碎还田、堆沤还田，或用作饲料、食用菌基料",
                fmt::format("需要秸秆粉碎机械服务的农户，可向{}登记，统一安排作业", n_.committee)})
        .para("对焚烧秸秆的行为，将依法依规予以处理。请广大农户相互监督、共同遵守。")
        .sign(n_.committee, day);
    add(day, "村务", "关于做好秸秆禁烧和综合利用工作的通知", body.str());
  }

  void fraud_warning(int year) {
    const std::int32_t day = day_in(rng_, year, 1, 12);
    Body body;
    body.para("近期，冒充政府工作人员以“发放补贴”“办理养老认证”“医保卡升级”为名实施诈骗的案件时有发生，老年人是主要受骗对象。在此提醒大家：")
        .items({"各项惠民惠农补贴均通过“一卡通”或社保卡直接发放，不需要群众另外缴纳任何费用",
                "政府工作人员不会通过电话、短信索要银行卡密码、验证码",
                "不点击陌生链接，不下载陌生APP，不向陌生账户转账",
                "接到可疑电话，请及时与家人商量，或拨打96110反诈专线咨询"})
        .para(fmt::format("补贴发放情况可在{}的“阳光”查询终端上凭身份证号查询。", n_.hall))
        .sign(n_.committee, day);
    add(day, "村务", "关于防范电信网络诈骗的温馨提示", body.str());
  }

  void power_cut(int year) {
    const std::int32_t day = day_in(rng_, year, 1, 12);
    const std::int32_t when = TownSchedule::working_day(day + static_cast<std::int32_t>(rng_.range(2, 4)));
    const std::size_t g1 = group();
    std::size_t g2 = group();
    if (g2 == g1) g2 = g1 % village_.group_count + 1;
    Body body;
    body.para(fmt::format("接供电部门通知，因10千伏线路检修，{}8:00至18:00，{}{}、{}将计划停电。如遇天气等原因，停电时间可能顺延。",
                          date_text(when), n_.place, group_name(std::min(g1, g2)), group_name(std::max(g1, g2))))
        .para("请相关群众提前做好生产生活安排，停电期间请勿自行接触电力设施。如有疑问，可拨打95598供电服务热线。")
        .sign(n_.committee, day);
    add(day, "村务", fmt::format("关于{}、{}计划停电的通知", group_name(std::min(g1, g2)), group_name(std::max(g1, g2))),
        body.str(), when);
  }

  void party_affair(int which, int year) {
    switch (which) {
      case 0: {
        const std::int32_t day = day_in(rng_, year, 3, 11);
        const auto count = rng_.range(1, 3);
        const bool probationary = rng_.chance(1, 2);
        const std::string_view stage = probationary ? "预备党员" : "发展对象";
        Body body;
        body.para(fmt::format("经支部委员会研究，拟将{}名同志确定为{}，现予公示。公示对象的姓名及基本情况张贴于{}党群服务中心公示栏。",
                              count, stage, n_.place))
            .para(fmt::format("公示时间为5个工作日（{}至{}）。对公示对象有意见的，可通过来信、来电、来访等方式向{}或{}党委组织办反映，也可拨打12380举报电话。",
                              date_text(day), date_text(day + 7), n_.branch, town_.name))
            .para("反映问题要实事求是，以个人名义反映的提倡署真实姓名。")
            .sign(n_.branch, day);
        add(day, "党务", fmt::format("关于拟确定{}的公示", stage), body.str(), day + 7);
        break;
      }
      case 1: {
        const std::int32_t day = day_in(rng_, year, 1, 12);
        const core::CivilDate d = civil(day);
        const std::int32_t when = TownSchedule::working_day(day + static_cast<std::int32_t>(rng_.range(3, 6)));
        std::vector<std::string> items{"集中学习近期重要会议精神和党内法规", "重温入党誓词",
                                       fmt::format("开展“我为群众办实事”志愿服务，清理{}公共区域环境卫生", n_.place),
                                       "走访慰问困难党员和老党员", "交纳党费"};
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(rng_.index(4)));
        Body body;
        body.para(fmt::format("定于{}（{}）上午9:00在{}党群服务中心开展{}月“主题党日”活动，主要内容：", date_text(when),
                              weekday_text(when), n_.place, d.month))
            .items(items)
            .para("请全体党员准时参加，因故不能参加的须向支部书记请假。流动党员可通过线上方式参加学习。")
            .sign(n_.branch, day);
        add(day, "党务", fmt::format("关于开展{}月“主题党日”活动的通知", d.month), body.str(), when);
        break;
      }
      case 2: {
        const std::int32_t day = day_in(rng_, year, 1, 2);
        const std::int32_t when = TownSchedule::working_day(day + static_cast<std::int32_t>(rng_.range(5, 10)));
        Body body;
        body.para(fmt::format("根据{}党委统一安排，{}定于{}召开{}年度组织生活会，并开展民主评议党员工作。", town_.name, n_.branch,
                              date_text(when), year - 1))
            .items({"会前：广泛征求党员群众意见，党员之间开展谈心谈话", "会上：支部班子对照检查，党员逐一进行党性分析和批评与自我批评",
                    "会后：开展民主评议，评定结果报镇（街道）党（工）委备案"})
            .para("请全体党员认真准备发言提纲，准时参会。")
            .sign(n_.branch, day);
        add(day, "党务", fmt::format("关于召开{}年度组织生活会和开展民主评议党员的通知", year - 1), body.str(), when);
        break;
      }
      default: {
        const bool first_half = rng_.chance(1, 2);
        const std::int32_t day = first_half ? day_in(rng_, year, 7, 7) : day_in(rng_, year + 1, 1, 1);
        const auto members = rng_.range(18, 65);
        const std::int64_t dues = members * rng_.range(3000, 9000);
        Body body;
        body.para(fmt::format("根据《关于中国共产党党费收缴、使用和管理的规定》，现将{}党支部{}年{}党费收缴情况公示如下：", n_.place,
                              year, first_half ? "上半年" : "下半年"))
            .items({fmt::format("应交党费党员：{}名", members), fmt::format("实交党费党员：{}名", members),
                    fmt::format("收缴党费合计：{}", money_text(dues)), fmt::format("已全额上缴{}党委：{}", town_.name, money_text(dues))})
            .para("党员对党费收缴情况如有疑问，请向支部书记或组织委员询问。")
            .sign(n_.branch, day);
        add(day, "党务", fmt::format("{}年{}党费收缴情况公示", year, first_half ? "上半年" : "下半年"), body.str(), day + 7);
        break;
      }
    }
  }

  void election(int year) {
    const std::int32_t day = day_in(rng_, year, 3, 4);
    const std::int32_t vote = TownSchedule::working_day(day + static_cast<std::int32_t>(rng_.range(25, 40)));
    Body body;
    body.para(fmt::format("{}本届{}任期即将届满。根据《中华人民共和国村民委员会组织法》和市、区关于村（社区）“两委”换届选举工作的部署，经{}研究，现将换届选举有关事项公告如下：",
                          n_.place, village_.community ? "社区居民委员会" : "村民委员会", town_.name))
        .items({fmt::format("选举日：{}", date_text(vote)),
                fmt::format("选民登记：即日起至选举日前20日，由各{}选民登记员入户登记", n_.group),
                "选举方式：由选民直接提名候选人，差额选举，无记名投票",
                fmt::format("投票地点：{}会场，并在各{}设流动票箱", n_.hall, n_.group)})
        .para("外出务工的选民可以书面委托本村有选举权的近亲属代为投票，每名选民接受委托不得超过三人。对选举中的违法违纪行为，请向镇（街道）换届选举工作指导组举报。")
        .sign(n_.committee + "换届选举委员会", day);
    add(day, "村务", fmt::format("{}换届选举公告", village_.community ? "社区居民委员会" : "村民委员会"), body.str(), vote);
  }

  // A small works project: tender result, and the acceptance some months later.
  void project(int year) {
    const std::int32_t day = day_in(rng_, year, 2, 10);
    const std::size_t g1 = group();
    const std::size_t g2 = std::min<std::size_t>(village_.group_count, g1 + 1 + rng_.index(2));
    const auto kind = rng_.below(village_.community ? 2 : 4);
    std::string name, content;
    std::int64_t fen = 0;
    if (village_.community) {
      const auto metres = rng_.range(300, 1800);
      if (kind == 0) {
        name = fmt::format("{}老旧小区雨污分流改造工程", n_.place);
        content = fmt::format("新建雨污管网{}米，检查井{}座", metres, metres / 40);
        fen = metres * rng_.range(450, 700) * 100;
      } else {
        name = fmt::format("{}背街小巷路面整治工程", n_.place);
        content = fmt::format("整治沥青路面{}平方米，完善排水和路灯", metres * 5);
        fen = metres * 5 * rng_.range(90, 150) * 100;
      }
    } else {
      const auto metres = rng_.range(300, 2000);
      switch (kind) {
        case 0:
          name = fmt::format("{}{}至{}道路硬化工程", n_.place, group_name(g1), group_name(g2));
          content = fmt::format("新建C25混凝土路面{}米，路面宽{}米，厚18厘米", metres, rng_.chance(1, 2) ? "3.5" : "4.5");
          fen = metres * rng_.range(260, 420) * 100;
          break;
        case 1:
          name = fmt::format("{}{}山坪塘整治工程", n_.place, group_name(g1));
          content = fmt::format("清淤{}立方米，整治坝体及溢洪道，新建放水设施1处", metres / 2);
          fen = rng_.range(80000, 260000) * 100;
          break;
        case 2:
          name = fmt::format("{}{}饮水安全巩固提升工程", n_.place, group_name(g1));
          content = fmt::format("新建蓄水池1座，铺设供水管网{}米，惠及{}户", metres, rng_.range(40, 160));
          fen = metres * rng_.range(80, 160) * 100;
          break;
        default:
          name = fmt::format("{}{}生产便道建设工程", n_.place, group_name(g1));
          content = fmt::format("新建1.2米宽生产便道{}米", metres);
          fen = metres * rng_.range(90, 150) * 100;
          break;
      }
    }
    fen += rng_.range(0, 99) * 100;
    const auto contractors = data::contractor_names();
    const std::string_view contractor = contractors[rng_.index(contractors.size())];
    const auto days = rng_.range(45, 120);
    const std::string_view source =
        rng_.chance(1, 2) ? "区级财政衔接推进乡村振兴补助资金" : "村级公益事业建设一事一议财政奖补资金";
    Body body;
    body.para(fmt::format("{}已按程序完成比选（招标），现将结果公示如下：", name))
        .items({fmt::format("项目名称：{}", name), fmt::format("建设内容：{}", content), fmt::format("资金来源：{}", source),
                fmt::format("中标单位：{}", contractor), fmt::format("中标金额：{}", money_text(fen)),
                fmt::format("工期：{}日历天", days)})
        .para(fmt::format("公示期为5个工作日（{}至{}）。对结果有异议的，请在公示期内以书面形式向{}或{}纪委反映。", date_text(day),
                          date_text(day + 7), n_.committee, town_.name))
        .sign(n_.committee, day);
    add(day, "公示", fmt::format("{}招标结果公示", name), body.str(), day + 7);

    const std::int32_t accepted = TownSchedule::working_day(day + static_cast<std::int32_t>(days + rng_.range(20, 45)));
    const std::int64_t settled = fen * rng_.range(95, 100) / 100;
    Body done;
    done.para(fmt::format("{}已于近期完工，经{}组织设计、监理、施工单位和{}代表进行竣工验收，工程质量合格。现将有关情况公示如下：", name,
                          town_.name, village_.community ? "居民" : "村民"))
        .items({fmt::format("施工单位：{}", contractor), fmt::format("合同金额：{}", money_text(fen)),
                fmt::format("结算审计金额：{}", money_text(settled)), "验收结论：合格"})
        .para(fmt::format("公示期为7天。群众对工程质量和资金使用有意见的，请向{}或{}反映。", n_.supervision, town_.name))
        .sign(n_.committee, accepted);
    add(accepted, "公示", fmt::format("{}竣工验收结果公示", name), done.str(), accepted + 7);
  }

  const Town& town_;
  const Village& village_;
  const Tallies& tallies_;
  const Period& period_;
  Names n_;
  Rng rng_;
  std::int64_t balance_ = 0;
  std::vector<Draft> drafts_;
};

}  // namespace

void write_village_notices(NoticeSink& sink, const Town& town, const Village& village, const Tallies& tallies,
                           const Period& period, std::uint64_t seed) {
  std::vector<Draft> drafts = VillageDrafter(town, village, tallies, period, seed).draft();
  sink.publish(village.code, drafts);
}

}  // namespace sunlight::gen
