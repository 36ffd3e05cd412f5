"""Matching addresses to the register: each variant family, the unmatched cases, evidence, confidence."""
from pathlib import Path

import pytest

from louyu.geo.reference import load_city
from louyu.matching.matcher import BuildingIndex, MatchSettings, RegisterBuilding
from louyu.matching.register import load_register_file

REGISTER = Path(__file__).parent / "data" / "register.csv"


@pytest.fixture(scope="module")
def index():
    city = load_city("suzhou")
    return BuildingIndex(load_register_file(REGISTER, city), city)


def decided(index, address, enterprise=None):
    result = index.match(address, enterprise)
    return result.code if result.status == "matched" else result.status


# --- variant families: each must find the building ------------------------------------------------------
@pytest.mark.parametrize("address,code", [
    # road + number only, in any district spelling
    ("苏州工业园区苏州大道东265号1909室", "B002"), ("园区旺墩路268号1204室", "B004"), ("苏州高新区狮山路28号1211室", "B017"),
    ("江苏太仓县府东街99号1505室", "B078"), ("昆山开发区前进东路579号15层", "B058"),
    # name or alias only, with the district
    ("苏州市吴江区亨通集团大楼28层", "B052"), ("江苏省苏州市昆山市财富广场203室", "B058"), ("苏州工业园区财富广场304室", "B001"),
    ("常熟高新区科创大厦505单元", "B068"), ("园区东方之门北塔23层", "B007"), ("苏州市工业园区国金中心2605室", "B014"),
    # name variants not in the register: stem with another building word, name without its place word
    ("苏州市姑苏区胥江商务大厦10楼", "B048"), ("苏州市姑苏区平江商务中心7层", "B046"),
    # old district names and towns
    ("苏州市沧浪区干将西路1288号", "B044"), ("苏州市金阊区干将西路1288号沧浪大厦", "B044"),
    ("苏州市平江区干将东路818号平江商务大厦1304室", "B046"), ("苏州市吴江市盛泽镇中山北路188号", "B051"),
    ("张家港市杨舍镇人民中路15号国泰大厦8层", "B071"), ("昆山花桥绿地大道231号A座5楼", "B060"),
    # towers
    ("苏州工业园区星港街188号A座35楼", "B005"), ("苏州工业园区星港街188号星港中心B座16层", "B006"),
    ("苏州工业园区星港街188号Tower B 16F", "B006"), ("苏州工业园区星港街188号A-3008", "B005"),
    ("苏州工业园区星港商务中心二期2410单元", "B006"), ("苏州工业园区金鸡湖大道88号腾飞苏州创新园一号楼601", "B016"),
    ("苏州工业园区星湖街328号创意产业园5栋3楼", "B009"), ("东方之门星港街199号北塔3201室", "B007"),
    # English
    ("Room 5807, 58F, Suzhou IFS, 398 Suzhou Avenue East, Suzhou Industrial Park", "B014"),
    ("Gate to the East, North Tower, 32F, SIP", "B007"), ("Xinggang Business Centre Tower B, SIP", "B006"),
    ("苏州高新区科灵路78号Suzhou Software Park 3号楼", "B020"), ("江苏省苏州高新区科灵路78号苏州软件园1#楼5楼", "B020"),
    # noise, full width, traditional characters, 自贸区
    ("中国(江苏)自由贸易试验区苏州片区苏州工业园区星湖街328号创意产业园2层08单元(集群登记)", "B009"),
    ("昆山长江中路２５８号昆山汇金大厦十九楼", "B064"), ("蘇州工業園區東方之門南塔5303室", "B007"),
    ("苏州工业园区钟园路728号苏州银行大厦3511室-B082工位（集群登记）", "B013"),
])
def test_variant_families(index, address, code):
    assert decided(index, address) == code


# --- addresses outside every registered building come back unmatched ------------------------------------
@pytest.mark.parametrize("address", [
    "苏州工业园区星港街191号A座804-807室",  # same road, adjacent number
    "苏州工业园区苏州大道西398号2010室",  # the number of a building on 苏州大道东
    "吴中区东吴南路305号永基商务广场",  # 南 is not 北
    "苏州市吴江区云梨路611号金融广场27层",  # a shared alias, wrong district and road
    "江苏省苏州市常熟市海虞南路197号财富广场24层",  # 财富广场 is registered in 园区 and 昆山 only
    "无锡市梁溪区人民中路15号国贸大厦15楼",  # another city, though 人民中路15号 and 国贸大厦 are registered
    "南京市建邺区江东中路108号国金中心",
    "苏州虎丘区塔园路364号国际金融中心24楼",  # a name like 苏州国际金融中心, in another district
    "姑苏区干将东路1124号姑苏国际金融中心1609单元",
    "吴江区笠泽路579号吴江财富广场12楼",  # 吴江 in front of the alias says it is another 财富广场
    "苏州市吴江区七都镇亨通大道88号",  # a road named like the alias
    "苏州市相城区东吴证券营业部",
    "园区都市花园32栋3单元204室",  # residential
    "苏州市相城区人民路118号",  # registered number, but in another district
    "相城区春兴路58号漕湖商务中心405室",  # a building that is not in the register
])
def test_unmatched_addresses(index, address):
    assert index.match(address).status == "none", index.match(address)


@pytest.mark.parametrize("address", ["苏州市吴江区亨通光电大厦3楼", "苏州市吴江区亨通光电股份有限公司", "苏州工业园区新苏州中心大厦5楼",
                                     "苏州工业园区万达财富广场5楼"])
def test_names_that_only_resemble_a_registered_one_are_never_matched(index, address):
    assert index.match(address).status != "matched"


@pytest.mark.parametrize("address", [
    "苏州工业园区星港街188号",  # two buildings registered at one number, no tower written
    "苏州工业园区星港街188号星港商务中心",
    "商会大厦12层1208室",  # alias of two buildings, no district
    "苏州工业园区苏州大道东265号天翔国际大厦",  # the number of one building, the name of another
])
def test_ambiguous_addresses_go_to_review(index, address):
    result = index.match(address)
    assert result.status == "review" and len(result.candidates) >= 1


def test_company_alias_is_discounted_when_it_is_the_enterprises_own_name(index):
    plain = index.match("苏州工业园区苏州银行5楼")
    own = index.match("苏州工业园区苏州银行5楼", enterprise_name="苏州银行股份有限公司")
    assert plain.status != "matched" and own.status == "none"
    assert own.candidates[0].score < plain.candidates[0].score


# --- result contents ------------------------------------------------------------------------------------
def test_evidence_is_short_chinese_phrases(index):
    result = index.match("苏州工业园区星港街188号星港中心A座30层3007室")
    assert result.status == "matched" and result.code == "B005"
    assert "路名门牌一致：星港街188号" in result.evidence
    assert "别名一致：星港中心A座" in result.evidence
    assert "地区一致：工业园区" in result.evidence and "楼栋一致：A座" in result.evidence
    assert result.status_label == "匹配" and "；" in result.evidence_text


def test_candidates_are_the_top_three_with_scores(index):
    result = index.match("商会大厦12层")
    assert 1 <= len(result.candidates) <= 3
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert {c.code for c in result.candidates} >= {"B019", "B051"}


def test_conflict_evidence_is_reported(index):
    result = index.match("苏州工业园区星港街191号")
    assert result.status == "none" and result.evidence == ("门牌未登记：星港街191号（该路登记的门牌：188、199号）",)
    assert index.match("无锡市梁溪区人民中路15号").evidence == ("地址不在苏州市：无锡市",)
    other = index.match("苏州市虎丘区国际商会大厦8楼")
    assert other.status == "matched"
    wrong = index.match("苏州市相城区国际商会大厦8楼")
    assert any(e.startswith("地区不符") for e in wrong.evidence)


def test_confidence_orders_certainty(index):
    full = index.match("苏州工业园区星港街199号东方之门北塔32楼").confidence
    name_only = index.match("园区东方之门").confidence
    assert 0.9 <= name_only < full <= 1.0


def test_thresholds_are_parameters():
    city = load_city("suzhou")
    buildings = load_register_file(REGISTER, city)
    strict = BuildingIndex(buildings, city, MatchSettings(match_threshold=0.999999))
    assert strict.match("园区东方之门").status == "review"
    lax = BuildingIndex(buildings, city, MatchSettings(review_threshold=0.9999))
    assert lax.match("苏州工业园区星港街188号").status == "none"


def test_match_many_accepts_strings_pairs_and_dicts(index):
    results = index.match_many(["园区东方之门", ("苏州工业园区苏州大道东265号", "某公司"),
                                {"注册地址": "苏州工业园区钟园路728号", "企业名称": "某公司"}])
    assert [r.code for r in results] == ["B007", "B002", "B013"]


def test_register_buildings_can_be_built_in_code():
    index = BuildingIndex([RegisterBuilding("X1", "测试大厦", ("测试中心",), "姑苏区", "人民路1号", ("A座",))])
    assert index.match("苏州市姑苏区人民路1号测试中心A座").code == "X1"
    assert index.match("").status == "none"


def test_cost_grows_with_candidates_not_register_size():
    """A register of 2,000 unrelated buildings does not change the candidates of an address."""
    city = load_city("suzhou")
    base = load_register_file(REGISTER, city)
    filler = [RegisterBuilding(f"F{i:04d}", f"填充{i}号大厦", (), "吴江区", f"填充路{i}号") for i in range(2000)]
    big = BuildingIndex(base + filler, city)
    result = big.match("苏州工业园区星港街199号东方之门北塔")
    assert result.code == "B007" and len(result.candidates) == 1


def test_a_short_alias_at_the_start_of_another_name_is_not_that_building():
    """汇金 (an alias of 汇金创业园) inside 汇金干商务中心 names a different building."""
    index = BuildingIndex([RegisterBuilding("S1", "汇金创业园", ("汇金科创园", "汇金"), "太仓市", "永盛路210号")])
    assert index.match("苏州市太仓市汇金干商务中心1705室").status != "matched"
    assert index.match("苏州市太仓市汇金科创园1705室").code == "S1"
