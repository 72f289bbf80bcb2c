// The word lists behind the demo district: real 镇街 of 渝北区, plausible village names and people's names.
#include "gen/district_data.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace sunlight::gen::data {

namespace {

// Codes follow the national pattern (streets 0xx, towns 1xx) but are assigned in list order,
// not copied from the official table, so they are plausible rather than authoritative.
constexpr auto kTowns = std::to_array<TownInfo>({
    {"500112101", "龙兴镇", "龙兴", false, 40},
    {"500112102", "石船镇", "石船", false, 35},
    {"500112103", "大盛镇", "大盛", false, 50},
    {"500112104", "古路镇", "古路", false, 40},
    {"500112105", "统景镇", "统景", false, 55},
    {"500112106", "兴隆镇", "兴隆", false, 35},
    {"500112107", "木耳镇", "木耳", false, 40},
    {"500112108", "茨竹镇", "茨竹", false, 55},
    {"500112109", "大湾镇", "大湾", false, 45},
    {"500112110", "洛碛镇", "洛碛", false, 35},
    {"500112111", "玉峰山镇", "玉峰山", false, 50},
    {"500112001", "双龙湖街道", "双龙湖", true, 5},
    {"500112002", "双凤桥街道", "双凤桥", true, 5},
    {"500112003", "回兴街道", "回兴", true, 5},
    {"500112004", "龙溪街道", "龙溪", true, 0},
    {"500112005", "龙山街道", "龙山", true, 0},
    {"500112006", "龙塔街道", "龙塔", true, 0},
    {"500112007", "大竹林街道", "大竹林", true, 5},
    {"500112008", "悦来街道", "悦来", true, 10},
    {"500112009", "两路街道", "两路", true, 5},
    {"500112010", "王家街道", "王家", true, 20},
    {"500112011", "礼嘉街道", "礼嘉", true, 10},
    {"500112012", "宝圣湖街道", "宝圣湖", true, 5},
    {"500112013", "仙桃街道", "仙桃", true, 10},
    {"500112014", "人和街道", "人和", true, 5},
    {"500112015", "天宫殿街道", "天宫殿", true, 0},
    {"500112016", "翠云街道", "翠云", true, 5},
    {"500112017", "鸳鸯街道", "鸳鸯", true, 5},
    {"500112018", "康美街道", "康美", true, 10},
});

constexpr auto kVillageStems = std::to_array<std::string_view>({
    "和平", "双河", "石坝", "大石", "白塔", "新桥", "长岭", "青龙", "黄桷", "高峰", "沙坝", "石岗",
    "新华", "胜利", "同心", "红岩", "柏树", "杨柳", "鱼塘", "水口", "龙井", "凤凰", "梨园", "桂花",
    "天堂", "板桥", "河坝", "三合", "五星", "光明", "金竹", "石龙", "大屋", "老鹰", "碑口", "明月",
    "茶园", "竹林", "金鸡", "观音", "石门", "复兴", "永兴", "新民", "团结", "民主", "先锋", "前进",
    "大洪", "高庙", "插旗", "古坪", "石庙", "蒲家", "桥头", "双溪", "麻柳", "铁山", "瓦店", "响水",
    "兴旺", "中坪", "鲤鱼", "丰收", "龙头", "乌木", "草坪", "河嘴", "大树", "龙凤", "新店", "石坪",
    "万寿", "大坪", "堰塘", "沙湾", "回龙", "松林", "黄泥", "水井", "三圣", "仁和", "金龙", "太平",
    "清泉", "朝阳", "青岗", "坪上", "葡萄", "向阳", "白鹤", "狮子", "两河", "石桥", "长湾", "大垭",
});

constexpr auto kCommunityStems = std::to_array<std::string_view>({
    "金龙路", "松石路", "宝环路", "紫薇", "桂湖", "两港", "嘉州", "花园", "碧津", "龙华", "新城", "翠湖",
    "锦绣", "星光", "空港", "同茂", "兰桂", "金鹏", "湖滨", "东湖", "南桥", "北城", "龙脊", "龙湖",
    "金港", "红锦", "双湖", "白果", "长安", "兴科", "民安", "龙寿", "财富", "佳园", "天湖", "和睦",
    "幸福", "宝桐", "华庭", "盛景", "颐和", "康庄", "静安", "清河", "玉带", "黄葛", "秀山", "宏福",
    "锦江", "春华", "丽景", "锦苑", "西城", "东城", "中央公园", "悦港", "金渝", "龙塘", "果塘", "宝石",
    "嘉湖", "泉山", "新光", "凤栖",
});

constexpr auto kSurnames = std::to_array<Surname>({
    {"王", 7250}, {"李", 7190}, {"张", 6800}, {"刘", 5400}, {"陈", 4600}, {"杨", 3100}, {"黄", 2200},
    {"赵", 1800}, {"吴", 2000}, {"周", 1900}, {"徐", 1300}, {"孙", 1000}, {"马", 1100}, {"朱", 1200},
    {"胡", 1300}, {"郭", 1000}, {"何", 1400}, {"罗", 1500}, {"高", 900},  {"林", 700},  {"谭", 1100},
    {"冉", 600},  {"向", 700},  {"熊", 800},  {"邓", 1200}, {"曾", 900},  {"彭", 1000}, {"唐", 1100},
    {"蒋", 800},  {"廖", 700},  {"袁", 800},  {"秦", 500},  {"余", 700},  {"雷", 500},  {"蔡", 500},
    {"龚", 500},  {"付", 500},  {"汪", 400},  {"程", 400},  {"田", 600},  {"杜", 500},  {"肖", 700},
    {"邹", 500},  {"夏", 400},  {"梁", 500},  {"韩", 400},  {"冯", 600},  {"魏", 400},  {"任", 500},
    {"潘", 300},  {"谢", 700},  {"许", 500},  {"宋", 500},  {"郑", 600},  {"沈", 300},  {"吕", 300},
    {"姚", 300},  {"卢", 400},  {"钟", 400},  {"丁", 300},  {"贺", 400},  {"苏", 400},  {"江", 300},
    {"蒲", 300},  {"牟", 300},  {"况", 150},  {"晏", 150},  {"文", 300},  {"游", 200},  {"范", 300},
    {"石", 300},  {"姜", 200},  {"颜", 200},  {"易", 300},  {"陶", 300},  {"黎", 300},  {"阳", 150},
    {"聂", 150},  {"伍", 200},  {"邱", 250},  {"万", 250},  {"代", 200},  {"傅", 200},  {"左", 150},
    {"覃", 150},  {"甘", 100},  {"殷", 100},  {"柳", 100},  {"段", 200},  {"侯", 150},  {"董", 300},
    {"欧阳", 60}, {"司马", 15}, {"诸葛", 10}, {"上官", 15}, {"令狐", 5},  {"东方", 5},
});

// One string per pool; split into single characters once (every character here is 3 bytes).
constexpr std::string_view kMaleOld = "德明国华建强富贵成清正志永海文光学林全春福荣祥才云发友兴元宗世忠仁义昌盛天树万玉和平安金银山绍茂有泽洪良远长庆道启";
constexpr std::string_view kFemaleOld = "秀英兰珍芳琼素淑玉桂凤翠碧群华蓉会莲梅菊琴香芝珠荣仙惠敏霞云清明容先顺开德碧宗";
constexpr std::string_view kMale60 = "建国军平勇伟强华明斌波林涛刚兵洪春杰文东辉海峰云亮成力新全红卫志永利江川渝";
constexpr std::string_view kFemale60 = "英红丽梅芳琴霞燕玲萍敏静艳华娟平蓉琼群秀春云莉素容兰";
constexpr std::string_view kMale80 = "伟涛杰磊鹏超勇军波斌强亮俊飞浩洋林川龙刚凯宇鑫阳帆峰毅健锋明";
constexpr std::string_view kFemale80 = "丽娟敏静婷燕玲丹倩雪琳娜莉霞艳梅芳琴蓉春佳媛洁颖琪露";
constexpr std::string_view kMale00 = "浩宇轩杰涛鹏俊博睿航磊鑫子梓皓宸泽铭晨阳然豪天一嘉煜奕锦诚宏瑞";
constexpr std::string_view kFemale00 = "婷欣雨梦琪佳悦怡萱涵诗思雪瑶菲彤馨蕊可雅语若梓璐晴依妍琳月";

std::vector<std::string_view> split_chars(std::string_view pool) {
  if (pool.size() % 3 != 0) throw std::logic_error("name pool is not all 3-byte characters");
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < pool.size(); i += 3) chars.push_back(pool.substr(i, 3));
  return chars;
}

constexpr auto kContractors = std::to_array<std::string_view>({
    "重庆兴农建设工程有限公司",   "重庆渝北区市政建设有限公司", "重庆巴渝路桥工程有限公司",
    "重庆两江建筑工程有限公司",   "重庆宏达水利水电工程有限公司", "重庆鼎信建设工程有限公司",
    "重庆恒鑫市政工程有限公司",   "重庆华渝公路工程有限公司",   "重庆川东建筑安装工程有限公司",
    "重庆龙盛园林绿化工程有限公司", "重庆金诚建设工程有限公司",   "重庆蜀渝路桥建设有限公司",
    "重庆顺达交通工程有限公司",   "重庆山城建筑工程有限公司",   "重庆佳禾农业开发有限公司",
    "重庆同创市政工程有限公司",
});

}  // namespace

std::span<const TownInfo> towns() { return kTowns; }
std::span<const std::string_view> village_stems() { return kVillageStems; }
std::span<const std::string_view> community_stems() { return kCommunityStems; }
std::span<const Surname> surnames() { return kSurnames; }
std::span<const std::string_view> contractor_names() { return kContractors; }

NameEra name_era(int birth_year) noexcept {
  if (birth_year < 1960) return NameEra::Before1960;
  if (birth_year < 1980) return NameEra::From1960;
  if (birth_year < 2000) return NameEra::From1980;
  return NameEra::From2000;
}

const std::vector<std::string_view>& given_name_chars(NameEra era, bool male) {
  // Function-local statics: built once, thread-safe, and only when first asked for.
  static const std::array<std::vector<std::string_view>, 8> pools{
      split_chars(kFemaleOld), split_chars(kMaleOld), split_chars(kFemale60), split_chars(kMale60),
      split_chars(kFemale80),  split_chars(kMale80),  split_chars(kFemale00), split_chars(kMale00),
  };
  return pools[static_cast<std::size_t>(era) * 2 + (male ? 1U : 0U)];
}

}  // namespace sunlight::gen::data
