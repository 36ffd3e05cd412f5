"""Plausible names: brands, buildings, and enterprises whose GB/T 4754-2017 class matches the name."""
from __future__ import annotations

import random
from dataclasses import dataclass

BRAND_FIRST = "恒瑞博华信达鼎润泽鸿嘉新科宏盛源天正和德元海金汇晟昊宇中通联远创智锐凯跃英诺睿思翔卓越星辰云峰亿佳立昌隆丰荣安泰康明光启航驰腾融盈聚永兴旭朗毅铭诚弘勤"
BRAND_SECOND = "瑞达华信通源泰盛恒丰宇安德诚鑫辉隆润凯远航创新联合博科思明晟嘉利益康美顺发腾峰越启辰华誉禾川泽尚弘锦程宸睿"

# Building names: a place word (district landmarks, road stems, developers' brands) + a building type.
PLACE_WORDS = {
    "工业园区": ["金鸡湖", "湖东", "湖西", "独墅湖", "星港", "月亮湾", "东沙湖", "时代", "环球", "国际科技", "现代", "星海", "凤凰",
             "苏州中心", "中银", "建屋", "国发", "尼盛", "九龙仓", "圆融", "天辰", "新鸿基", "晋合", "东环", "财富", "置地"],
    "虎丘区": ["狮山", "何山", "新区", "科技城", "运河", "金狮", "永新", "天都", "世茂", "绿宝", "浒关", "枫桥", "金河", "苏高新"],
    "姑苏区": ["平江", "沧浪", "金阊", "姑苏", "三香", "观前", "南门", "国裕", "新城", "联合", "人民", "干将", "苏站", "工投"],
    "吴中区": ["吴中", "东吴", "宝带", "太湖", "越溪", "城南", "澹台湖", "石湖", "木渎", "吴都", "天域", "苏嘉", "友新"],
    "相城区": ["相城", "澄阳", "元和", "阳澄湖", "高铁新城", "活力岛", "嘉元", "天成", "漕湖", "御窑", "圆融", "中翔"],
    "吴江区": ["吴江", "松陵", "苏州湾", "太湖新城", "江兴", "东方", "盛泽", "丝绸", "鲈乡", "云梨", "恒力", "亨通"],
    "昆山市": ["昆山", "玉山", "鹿城", "前进", "花桥", "金融街", "亭林", "祖冲之", "萧林", "柏庐", "阳澄", "千灯"],
    "张家港市": ["港城", "暨阳", "沙洲", "金港", "梁丰", "杨舍", "国泰", "华昌", "东渡", "长江", "保税"],
    "常熟市": ["虞山", "琴川", "海虞", "尚湖", "常福", "东南", "昆承", "世纪", "招商城", "衡山", "服装城"],
    "太仓市": ["娄东", "郑和", "太仓", "金仓湖", "港城", "娄江", "弇山", "德企", "沙溪", "东仓"],
}
# (suffix, weight, towers); towers: a list of candidate tower sets.
BUILDING_KINDS = [
    ("大厦", 30, None), ("国际广场", 12, ["A座", "B座"]), ("金融中心", 6, ["A座", "B座"]),
    ("商务中心", 12, ["A座", "B座"]), ("国际大厦", 8, None), ("中心", 6, ["1号楼", "2号楼"]),
    ("科技大厦", 6, None), ("广场", 8, ["1号楼", "2号楼", "3号楼"]), ("商务广场", 5, ["A座", "B座", "C座"]),
    ("时代广场", 3, ["A座", "B座"]), ("总部大厦", 3, None), ("国际金融大厦", 2, None),
]
SMALL_KINDS = [("大厦", 30, None), ("科技园", 10, ["1号楼", "2号楼"]), ("创业园", 8, ["A幢", "B幢"]), ("商务楼", 10, None),
               ("写字楼", 6, None), ("创意产业园", 6, ["1幢", "2幢"]), ("办公楼", 5, None)]

BANKS = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "招商银行", "上海浦东发展银行", "中信银行",
         "兴业银行", "中国民生银行", "中国光大银行", "华夏银行", "平安银行", "江苏银行", "南京银行", "宁波银行", "上海银行",
         "杭州银行", "北京银行", "浙商银行", "渤海银行", "广发银行", "恒丰银行", "中国邮政储蓄银行"]
BROKERS = ["东吴证券", "华泰证券", "国泰君安证券", "中信证券", "海通证券", "招商证券", "广发证券", "中信建投证券", "申万宏源证券",
           "东方证券", "光大证券", "兴业证券", "国信证券", "中国银河证券", "安信证券", "长江证券", "方正证券", "华福证券"]
INSURERS = ["中国人民", "中国平安", "中国太平洋", "中国人寿", "新华", "泰康", "太平", "阳光", "大地", "华泰", "天安", "永安"]
CPA_FIRMS = ["立信", "天衡", "公证天业", "中汇", "天健", "容诚", "大华", "信永中和", "致同", "中兴华", "苏亚金诚", "永拓"]
LAW_CITIES = ["北京市", "上海市", "广东", "浙江", "江苏"]


@dataclass(frozen=True)
class Industry:
    code: str  # GB/T 4754-2017 class (must exist in IndustryCode)
    group: str  # coarse group: building mix, tax level
    weight: float
    templates: tuple[str, ...]  # {b} brand, {c} city prefix


def _i(code, group, weight, *templates):
    return Industry(code, group, weight, templates)


INDUSTRIES: tuple[Industry, ...] = (
    # 信息技术
    _i("6513", "it", 6, "{c}{b}软件科技有限公司", "{c}{b}信息技术有限公司", "{b}软件（苏州）有限公司"),
    _i("6511", "it", 1, "{c}{b}数据库软件有限公司", "{c}{b}基础软件有限公司"),
    _i("6520", "it", 2, "{c}{b}微电子科技有限公司", "{c}{b}半导体设计有限公司", "{b}芯片（苏州）有限公司"),
    _i("6531", "it", 3, "{c}{b}智能科技有限公司", "{c}{b}系统集成有限公司"),
    _i("6532", "it", 1.5, "{c}{b}物联网科技有限公司"),
    _i("6560", "it", 2, "{c}{b}信息咨询有限公司", "{c}{b}数字科技有限公司"),
    _i("6450", "it", 1.5, "{c}{b}数据科技有限公司", "{c}{b}大数据有限公司"),
    _i("6432", "it", 1.5, "{c}{b}网络科技有限公司"),
    _i("6572", "it", 1, "{c}{b}动漫科技有限公司", "{c}{b}互动娱乐有限公司"),
    # 金融
    _i("6621", "finance", 1.5, "@bank"),
    _i("6712", "finance", 1, "@broker"),
    _i("6811", "finance", 0.6, "@life"),
    _i("6820", "finance", 0.6, "@pc"),
    _i("6852", "finance", 0.6, "{c}{b}保险代理有限公司"),
    _i("6851", "finance", 0.4, "{b}保险经纪有限公司苏州分公司"),
    _i("6631", "finance", 0.8, "{b}融资租赁（苏州）有限公司", "{c}{b}融资租赁有限公司"),
    _i("6635", "finance", 0.4, "{c}{b}农村小额贷款股份有限公司"),
    _i("6731", "finance", 1, "苏州{b}创业投资合伙企业（有限合伙）", "{c}{b}创业投资有限公司"),
    _i("6739", "finance", 1, "苏州{b}私募基金管理有限公司", "苏州{b}股权投资基金管理有限公司"),
    _i("6760", "finance", 1, "{c}{b}股权投资管理有限公司", "{c}{b}资本管理有限公司"),
    _i("6940", "finance", 0.5, "{c}{b}金融信息服务有限公司"),
    _i("6920", "finance", 0.4, "{c}{b}控股有限公司"),
    # 商务服务
    _i("7211", "biz", 1, "{b}（中国）投资有限公司", "{c}{b}集团有限公司"),
    _i("7212", "biz", 2, "{c}{b}投资管理有限公司", "{c}{b}资产管理有限公司"),
    _i("7224", "biz", 1.5, "{c}{b}供应链管理有限公司"),
    _i("7243", "biz", 3, "{c}{b}企业管理咨询有限公司", "{c}{b}商务咨询有限公司"),
    _i("7242", "biz", 0.5, "{c}{b}市场调查有限公司"),
    _i("7259", "biz", 1.5, "{c}{b}广告有限公司", "{c}{b}文化传媒有限公司"),
    _i("7251", "biz", 0.8, "{c}{b}网络广告有限公司"),
    _i("7269", "biz", 1.2, "{c}{b}人力资源有限公司", "{c}{b}人力资源服务有限公司"),
    _i("7263", "biz", 0.6, "{c}{b}劳务派遣有限公司"),
    _i("7281", "biz", 0.5, "{c}{b}会展服务有限公司"),
    _i("7291", "biz", 0.5, "{c}{b}国际旅行社有限公司"),
    _i("7297", "biz", 0.6, "{c}{b}商务服务有限公司"),
    # 法律 / 会计审计 / 知识产权
    _i("7231", "legal", 3, "江苏{b}律师事务所", "@lawbranch", "江苏{b}（苏州）律师事务所"),
    _i("7239", "legal", 0.6, "苏州{b}法律咨询服务有限公司", "苏州{b}司法鉴定所"),
    _i("7241", "accounting", 3, "苏州{b}会计师事务所（普通合伙）", "@cpabranch", "苏州{b}税务师事务所有限公司",
       "苏州{b}代理记账有限公司"),
    _i("7520", "ip", 3, "苏州{b}知识产权代理有限公司", "苏州{b}专利代理事务所（普通合伙）", "{b}知识产权代理（苏州）有限公司",
       "苏州{b}商标事务所有限公司"),
    # 科技研发 / 设计 / 技术服务
    _i("7320", "rnd", 2, "{c}{b}工程技术研究院有限公司", "{b}（苏州）新材料研究院有限公司", "{c}{b}智能装备研究院有限公司"),
    _i("7340", "rnd", 1.5, "{c}{b}医药研发有限公司", "{c}{b}生物医药研究院有限公司"),
    _i("7310", "rnd", 0.5, "{c}{b}先进材料研究所有限公司"),
    _i("7350", "rnd", 0.3, "苏州{b}社会经济研究院有限公司"),
    _i("7484", "design", 2, "苏州{b}建筑设计研究院有限公司", "苏州{b}市政工程设计院有限公司", "{c}{b}工程设计有限公司"),
    _i("7491", "design", 1, "{c}{b}工业设计有限公司"),
    _i("7492", "design", 1.5, "{c}{b}品牌设计有限公司", "{c}{b}室内设计有限公司", "{c}{b}视觉设计有限公司"),
    _i("7452", "techsvc", 1.5, "{c}{b}检测技术有限公司", "{c}{b}检测服务有限公司"),
    _i("7455", "techsvc", 0.5, "{c}{b}认证有限公司"),
    _i("7481", "techsvc", 1, "{c}{b}工程项目管理有限公司"),
    _i("7482", "techsvc", 1, "{c}{b}工程监理有限公司"),
    _i("7513", "techsvc", 1, "{c}{b}新材料科技有限公司"),
    _i("7514", "techsvc", 1, "{c}{b}节能科技有限公司"),
    _i("7515", "techsvc", 1, "{c}{b}新能源科技有限公司"),
    _i("7512", "techsvc", 1, "{c}{b}生物科技有限公司"),
    _i("7530", "techsvc", 0.5, "{c}{b}科技服务有限公司"),
    _i("7540", "techsvc", 0.4, "{c}{b}孵化器管理有限公司"),
    # 批发零售
    _i("5181", "trade", 2, "{c}{b}进出口有限公司", "{c}{b}国际贸易有限公司"),
    _i("5164", "trade", 1.5, "{c}{b}金属材料有限公司", "{c}{b}钢铁贸易有限公司"),
    _i("5169", "trade", 1, "{c}{b}化工有限公司"),
    _i("5131", "trade", 1, "{c}{b}纺织品有限公司", "{c}{b}丝绸有限公司"),
    _i("5132", "trade", 0.8, "{c}{b}服饰有限公司"),
    _i("5176", "trade", 1.2, "{c}{b}电子科技贸易有限公司"),
    _i("5179", "trade", 1.2, "{c}{b}机电设备有限公司"),
    _i("5199", "trade", 1.5, "{c}{b}贸易有限公司", "{c}{b}商贸有限公司"),
    _i("5292", "trade", 1, "{c}{b}电子商务有限公司"),
    # 房地产 / 建筑
    _i("7010", "realestate", 1, "{c}{b}置业有限公司", "{c}{b}房地产开发有限公司"),
    _i("7020", "realestate", 1.2, "{c}{b}物业管理有限公司", "{c}{b}物业服务有限公司"),
    _i("7030", "realestate", 0.8, "{c}{b}房产经纪有限公司"),
    _i("4790", "construction", 1, "{c}{b}建设工程有限公司", "{c}{b}建设集团有限公司"),
    _i("5011", "construction", 1, "{c}{b}装饰工程有限公司"),
    # 制造业总部 / 物流 / 其他
    _i("3973", "hq", 0.5, "{b}半导体（苏州）有限公司"),
    _i("3982", "hq", 0.5, "{b}电子（苏州）有限公司"),
    _i("3670", "hq", 0.5, "{b}汽车零部件（苏州）有限公司"),
    _i("2761", "hq", 0.4, "{c}{b}生物制药有限公司"),
    _i("3581", "hq", 0.4, "{c}{b}医疗器械有限公司"),
    _i("5821", "other", 1, "{c}{b}国际货运代理有限公司", "{c}{b}物流有限公司"),
    _i("8391", "other", 0.6, "{c}{b}职业技能培训学校有限公司"),
    _i("8393", "other", 0.4, "{c}{b}文化艺术培训有限公司"),
    _i("8730", "other", 0.4, "{c}{b}影视文化有限公司"),
    _i("6210", "other", 0.5, "{c}{b}餐饮管理有限公司"),
)
INDUSTRY_BY_CODE = {i.code: i for i in INDUSTRIES}
GROUPS = ("it", "finance", "biz", "legal", "accounting", "ip", "rnd", "design", "techsvc", "trade", "realestate",
          "construction", "hq", "other")
# Share of each group in an ordinary building, and per-district emphasis.
GROUP_MIX = {"it": 20, "finance": 7, "biz": 18, "legal": 3, "accounting": 3, "ip": 1.5, "rnd": 4, "design": 3,
             "techsvc": 10, "trade": 16, "realestate": 5, "construction": 4, "hq": 2.5, "other": 3}
DISTRICT_EMPHASIS = {
    "工业园区": {"finance": 2.0, "it": 1.4, "rnd": 1.5, "ip": 1.5},
    "虎丘区": {"rnd": 1.8, "ip": 1.5, "it": 1.3, "hq": 1.5},
    "姑苏区": {"legal": 2.0, "accounting": 1.8, "design": 1.5, "other": 1.5},
    "吴中区": {"design": 1.4, "rnd": 1.2, "construction": 1.3},
    "相城区": {"finance": 1.5, "biz": 1.3, "trade": 1.2},
    "吴江区": {"trade": 1.8, "hq": 1.5},
    "昆山市": {"hq": 2.0, "it": 1.2, "trade": 1.3},
    "张家港市": {"trade": 2.0, "hq": 1.5},
    "常熟市": {"trade": 1.8},
    "太仓市": {"trade": 1.4, "hq": 1.6},
}
# Relative tax per ㎡ by group (finance and real estate pay far more per desk than a design studio).
TAX_MULTIPLIER = {"it": 1.0, "finance": 3.0, "biz": 0.9, "legal": 0.7, "accounting": 0.6, "ip": 0.5, "rnd": 0.8,
                  "design": 0.7, "techsvc": 0.8, "trade": 1.3, "realestate": 2.5, "construction": 1.2, "hq": 2.0,
                  "other": 0.5}

CITY_PREFIX = {"工业园区": ["苏州工业园区", "苏州"], "虎丘区": ["苏州高新区", "苏州"], "吴中区": ["苏州市吴中区", "苏州"],
               "相城区": ["苏州市相城区", "苏州"], "吴江区": ["苏州市吴江区", "苏州"], "姑苏区": ["苏州", "苏州市姑苏区"],
               "昆山市": ["昆山", "江苏"], "张家港市": ["张家港", "江苏"], "常熟市": ["常熟", "江苏"], "太仓市": ["太仓", "江苏"]}
BRANCH_PLACE = {"工业园区": "苏州工业园区", "虎丘区": "苏州高新技术产业开发区", "吴中区": "苏州吴中", "相城区": "苏州相城",
                "吴江区": "苏州吴江", "姑苏区": "苏州姑苏", "昆山市": "昆山", "张家港市": "张家港", "常熟市": "常熟",
                "太仓市": "太仓"}


def road_stem(road: str) -> str:
    """旺墩路 → 旺墩, 前进东路 → 前进, 苏州大道东 → 苏州."""
    for tail in ("东路", "西路", "南路", "北路", "中路", "大道东", "大道西", "路", "街", "大道"):
        if road.endswith(tail) and len(road) > len(tail) + 1:
            return road[: -len(tail)]
    return road


class NameBook:
    """Hands out unique brands, building names and enterprise names, deterministically from its rng."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def brand(self, length: int = 2) -> str:
        rng = self.rng
        first = rng.choice(BRAND_FIRST)
        rest = "".join(rng.choice(BRAND_SECOND) for _ in range(length - 1))
        return first + rest

    def unique(self, make) -> str:
        for attempt in range(60):
            name = make(2 if attempt < 20 else 3)
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("无法生成唯一名称")

    def rename(self, name: str, prefixes: list[str], city: str) -> str:
        """The same enterprise name with another city word (a firm registered in 上海 is 上海…, not 苏州…)."""
        for prefix in sorted(prefixes, key=len, reverse=True):
            if name.startswith(prefix):
                candidate = city + name[len(prefix):]
                if candidate not in self.used:
                    self.used.discard(name)
                    self.used.add(candidate)
                    return candidate
                break
        return name

    def building_name(self, district: str, small: bool, road: str) -> tuple[str, list[str]]:
        """A place word (a landmark, the road's stem) or a developer's brand, then the building type."""
        rng = self.rng
        kinds = SMALL_KINDS if small else BUILDING_KINDS
        suffix, _, towers = rng.choices(kinds, weights=[k[1] for k in kinds])[0]
        stem = road_stem(road)
        attempts = iter(range(100))

        def make(n):
            k = next(attempts)
            if k < 10:
                word = stem if k == 0 and rng.random() < 0.25 else rng.choice(PLACE_WORDS[district])
            else:
                word = self.brand(2 if k < 40 else 3)
            return word + suffix

        name = self.unique(make)
        return name, (list(towers) if towers and rng.random() < 0.8 else [])

    def enterprise_name(self, industry: Industry, district: str, road: str) -> str:
        """A unique name for an ordinary enterprise; branches are named after the road they sit on."""
        rng = self.rng
        template = rng.choice(industry.templates)
        place = BRANCH_PLACE[district]

        def make(n):
            brand = self.brand(n)
            city = rng.choice(CITY_PREFIX[district])
            spot = road if n == 2 else f"{road}{brand}"
            if template == "@bank":
                return f"{rng.choice(BANKS)}股份有限公司{place}{spot}支行"
            if template == "@broker":
                return f"{rng.choice(BROKERS)}股份有限公司{place}{spot}证券营业部"
            if template == "@life":
                return f"{rng.choice(INSURERS)}人寿保险股份有限公司{place}{spot}营销服务部"
            if template == "@pc":
                return f"{rng.choice(INSURERS)}财产保险股份有限公司{place}{spot}营销服务部"
            if template == "@lawbranch":
                return f"{rng.choice(LAW_CITIES)}{brand}（苏州）律师事务所"
            if template == "@cpabranch":
                return f"{rng.choice(CPA_FIRMS)}{brand}会计师事务所（特殊普通合伙）苏州分所"
            return template.format(b=brand, c=city)

        return self.unique(make)

    def anchor_name(self, industry: Industry, district: str) -> str:
        """Big taxpayers: city branches of banks and brokers, group headquarters."""
        rng = self.rng
        city = {"昆山市": "昆山", "张家港市": "张家港", "常熟市": "常熟", "太仓市": "太仓"}.get(district, "苏州")
        level = "分行" if city == "苏州" else "支行"

        def make(n):
            brand = self.brand(n)
            if industry.code == "6621":
                for bank in rng.sample(BANKS, len(BANKS)):
                    name = f"{bank}股份有限公司{city}{level}"
                    if name not in self.used:
                        return name
                return f"{rng.choice(BANKS)}股份有限公司{city}{brand}支行"
            if industry.code == "6712":
                return f"{rng.choice(BROKERS)}股份有限公司{city}{brand}证券营业部" if n > 2 else \
                    f"{rng.choice(BROKERS)}股份有限公司{city}分公司"
            if industry.code == "6811":
                return f"{rng.choice(INSURERS)}人寿保险股份有限公司{city}{'分公司' if n == 2 else brand + '支公司'}"
            if industry.code == "6820":
                return f"{rng.choice(INSURERS)}财产保险股份有限公司{city}{'分公司' if n == 2 else brand + '支公司'}"
            return rng.choice([f"{brand}集团有限公司", f"{brand}（中国）投资有限公司", f"江苏{brand}控股集团有限公司",
                               f"{city}{brand}实业集团有限公司", f"{brand}（苏州）有限公司"])

        return self.unique(make)
