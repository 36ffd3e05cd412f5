"""Each normalisation rule of a Chinese registered address (no database)."""
import pytest

from louyu.geo.reference import load_city
from louyu.matching.lexicon import PlaceLexicon, load_streets
from louyu.matching.normalize import canonical_tower, cn_to_int, normalize_address, normalize_name


@pytest.fixture(scope="module")
def city():
    return load_city("suzhou")


def parse(text, city):
    return normalize_address(text, city)


# --- characters and numerals ----------------------------------------------------------------------------
def test_full_width_digits_letters_and_ideographic_space_become_half_width(city):
    p = parse("苏州工业园区星湖街２１８号　Ａ１楼４层４１９室", city)
    assert (p.road, p.number, p.tower, p.floor, p.room) == ("星湖街", "218", "A1", 4, "419")


@pytest.mark.parametrize("text,value", [("十", 10), ("十二", 12), ("二十三", 23), ("三十", 30), ("一百零八", 108),
                                        ("二一八", 218), ("两", 2), ("壹拾贰", 12)])
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text,floor", [("十二楼", 12), ("二十三层", 23), ("第三十二层", 32), ("12F", 12), ("12/F", 12),
                                        ("12层", 12), ("12楼", 12), ("Floor 12", 12), ("12th Floor", 12), ("L12", 12)])
def test_floor_written_many_ways(city, text, floor):
    assert parse(f"苏州工业园区星港街199号东方之门{text}", city).floor == floor


def test_numerals_in_names_and_roads_are_left_alone(city):
    p = parse("苏州市姑苏区三香路120号三香大厦九楼", city)
    assert p.road == "三香路" and p.name_part == "三香大厦" and p.floor == 9


def test_chinese_house_number(city):
    assert parse("苏州工业园区星港街一九九号", city).number == "199"


def test_traditional_characters(city):
    p = parse("蘇州工業園區東方之門北塔23層", city)
    assert p.district == "工业园区" and p.name_part == "东方之门" and p.tower == "北" and p.floor == 23


# --- places: province, city, districts, aliases, old names, streets, 自贸区, other cities ----------------
@pytest.mark.parametrize("prefix,district", [
    ("江苏省苏州市苏州工业园区", "工业园区"), ("苏州园区", "工业园区"), ("园区", "工业园区"), ("苏州工业园", "工业园区"),
    ("苏州高新区", "虎丘区"), ("苏州新区", "虎丘区"), ("苏州市郊区", "虎丘区"), ("苏州市平江区", "姑苏区"),
    ("苏州市沧浪区", "姑苏区"), ("金阊区", "姑苏区"), ("吴中经济技术开发区", "吴中区"), ("吴中经开区", "吴中区"),
    ("江苏省昆山市昆山开发区", "昆山市"), ("吴江市", "吴江区"), ("江苏太仓县", "太仓市"), ("张家港保税区", "张家港市"),
    ("苏州高铁新城", "相城区"), ("常熟高新区", "常熟市"),
])
def test_district_prefixes_aliases_and_old_names(city, prefix, district):
    p = parse(f"{prefix}某某路8号", city)
    assert p.district == district and p.road == "某某路" and p.number == "8"


@pytest.mark.parametrize("address,district,evidence", [
    ("苏州市狮山街道狮山路28号", "虎丘区", "狮山街道"),
    ("苏州市虎丘街道某路1号", "姑苏区", "虎丘街道"),  # 虎丘街道 is in 姑苏区, not 虎丘区
    ("昆山市花桥镇绿地大道231号", "昆山市", "昆山市"),
    ("苏州木渎镇金山路88号", "吴中区", "木渎镇"),
    ("昆山花桥绿地大道231号", "昆山市", "昆山"),
])
def test_streets_and_towns_are_district_evidence_and_stripped(city, address, district, evidence):
    p = parse(address, city)
    assert p.district == district and p.district_evidence == evidence
    assert p.road in ("狮山路", "某路", "绿地大道", "金山路")


def test_every_district_has_its_streets_from_the_city_folder(city):
    streets = load_streets(city)
    districts = {s.district for s in streets}
    assert districts == {d.name for d in city.districts}
    assert all(s.kind for s in streets)


def test_old_county_name_is_its_successor_district(city):
    p = parse("江苏省吴县市东吴北路299号", city)
    assert p.foreign is None and p.district == "吴中区" and p.road == "东吴北路"


@pytest.mark.parametrize("prefix", ["中国(江苏)自由贸易试验区苏州片区", "中国（江苏）自由贸易试验区苏州片区", "江苏自贸区苏州片区",
                                    "苏州自贸片区"])
def test_free_trade_zone_prefixes(city, prefix):
    p = parse(f"{prefix}苏州工业园区苏州大道东398号国金中心58层", city)
    assert p.ftz and p.district == "工业园区" and p.road == "苏州大道东" and p.number == "398"


@pytest.mark.parametrize("address,foreign", [("无锡市梁溪区人民中路15号", "无锡市"), ("浙江省湖州市吴兴区人民路8号", "浙江省"),
                                             ("江苏省南京市鼓楼区中山北路2288号", "南京市"), ("上海市浦东新区世纪大道58号", "上海市")])
def test_other_cities_are_recognised(city, address, foreign):
    assert parse(address, city).foreign == foreign


def test_own_county_cities_and_town_names_with_shi_are_not_foreign(city):
    assert parse("江苏省张家港市人民中路15号", city).foreign is None
    assert parse("昆山市周市镇某路1号", city).foreign is None


def test_english_district_names(city):
    assert parse("Modern Media Plaza 25F, SIP, Suzhou", city).district == "工业园区"
    assert parse("30 Shishan Road, Suzhou New District", city).district == "虎丘区"


def test_nothing_suzhou_specific_is_hard_coded(city):
    """The lexicon is built from the city folder: a district alias added there is recognised."""
    lexicon = PlaceLexicon(city)
    assert lexicon.token_at("苏州工业园区", 0).district == "工业园区"
    assert set(lexicon.ftz_prefixes) >= {"江苏自贸区苏州片区"}


# --- noise ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("noise", ["(集群登记)", "（托管）", "（工位号：E-174）", "-B082工位", " 住所申报", "集中办公区A-12",
                                   "(集群登记-自主申报)"])
def test_registration_noise_is_removed(city, noise):
    p = parse(f"苏州市吴江区云梨路1066号运东大厦7楼{noise}", city)
    assert p.name_part == "运东大厦" and p.floor == 7 and "工位" not in p.text and "集群" not in p.text


def test_meaningful_parentheses_are_kept(city):
    p = parse("苏州工业园区纳米城（Nanopolis Suzhou）5幢", city)
    assert "Nanopolis" in p.text and p.tower == "5"


# --- road and house number ------------------------------------------------------------------------------
@pytest.mark.parametrize("address,road,number", [
    ("苏州工业园区苏州大道东265号", "苏州大道东", "265"), ("苏州大道西9号", "苏州大道西", "9"),
    ("相城区相城大道1988号", "相城大道", "1988"), ("吴中区吴中大道2888号2号楼", "吴中大道", "2888"),
    ("姑苏区干将东路818号", "干将东路", "818"), ("太仓市县府东街99号", "县府东街", "99"),
    ("苏州高铁新城青龙港路286号", "青龙港路", "286"), ("星港街188-1号", "星港街", "188-1"),
    ("张家港市港城大道568号", "港城大道", "568"), ("吴江区鲈乡北路355号", "鲈乡北路", "355"),
    ("某某街道某某路5号", "某某路", "5"), ("吴中区长桥街道龙西社区东吴北路299号", "东吴北路", "299"),
])
def test_road_and_number(city, address, road, number):
    p = parse(address, city)
    assert (p.road, p.number) == (road, number)


@pytest.mark.parametrize("address,road,name", [("东方之门星港街199号北塔", "星港街", "东方之门"),
                                             ("园区苏州中心苏州大道西9号A座", "苏州大道西", "苏州中心"),
                                             ("苏州高新区塔园路16号", "塔园路", ""), ("苏州市金门路88号", "金门路", "")])
def test_building_name_written_before_the_road(city, address, road, name):
    p = parse(address, city)
    assert (p.road, p.name_part) == (road, name)


def test_number_with_building_after_it(city):
    p = parse("苏州工业园区华池街88号1幢1704室", city)
    assert (p.road, p.number, p.number_main, p.tower, p.room) == ("华池街", "88", 88, "1", "1704")


def test_no_road(city):
    p = parse("苏州市吴江区鲈乡大厦407室", city)
    assert p.road is None and p.name_part == "鲈乡大厦" and p.room == "407"


# --- tower, floor, room, name ---------------------------------------------------------------------------
@pytest.mark.parametrize("written,tower", [
    ("A座", "A"), ("A栋", "A"), ("A幢", "A"), ("Tower A", "A"), ("1号楼", "1"), ("一号楼", "1"), ("1栋", "1"),
    ("1幢", "1"), ("1#楼", "1"), ("东塔", "东"), ("南楼", "南"), ("North Tower", "北"), ("A1楼", "A1"),
])
def test_tower_forms(city, written, tower):
    p = parse(f"苏州工业园区星港街188号星港商务中心{written} 1203室", city)
    assert p.tower == tower and p.name_part == "星港商务中心" and p.room == "1203"


@pytest.mark.parametrize("written,tower,room", [("A-3008", "A", "3008"), ("A3008室", "A", "3008"),
                                                ("A3-502", "A3", "502"), ("3-1幢502", "3-1", "502")])
def test_tower_and_room_written_together(city, written, tower, room):
    p = parse(f"苏州工业园区星港街188号{written}", city)
    assert (p.tower, p.room) == (tower, room)


def test_two_different_towers_leave_the_tower_open(city):
    p = parse("苏州工业园区星港街188号A座B座", city)
    assert p.tower is None and p.tower_text == "A座B座"


@pytest.mark.parametrize("written,tower", [("A座", "A"), ("Tower B", "B"), ("一号楼", "1"), ("2幢", "2"), ("西塔", "西"),
                                           ("East Tower", "东"), ("A1楼", "A1"), ("3#", "3")])
def test_canonical_tower(written, tower):
    assert canonical_tower(written) == tower


@pytest.mark.parametrize("written,room", [("2501室", "2501"), ("601-604室", "601-604"), ("2层08单元", "08"),
                                          ("Room 2501", "2501"), ("704-1室", "704-1"), ("25层2501", "2501")])
def test_room_forms(city, written, room):
    assert parse(f"苏州工业园区星港街199号东方之门{written}", city).room == room


def test_full_example(city):
    p = parse("江苏省苏州市苏州工业园区星港街188号星港中心A座30层3007室(集群登记)", city)
    assert (p.district, p.district_evidence, p.road, p.number, p.name_part, p.tower, p.floor, p.room) == (
        "工业园区", "苏州工业园区", "星港街", "188", "星港中心", "A", 30, "3007")


def test_parsed_address_is_frozen(city):
    p = parse("苏州工业园区星港街188号", city)
    with pytest.raises(Exception):
        p.road = "x"


# --- building names -------------------------------------------------------------------------------------
@pytest.mark.parametrize("a,b", [("星港商务中心 A座", "星港商务中心A座"), ("Suzhou  IFS", "suzhouifs"),
                                 ("国际科技园五期", "国际科技园5期"), ("东方之门（北塔）", "东方之门北塔"), ("苏州中心·广场", "苏州中心广场")])
def test_normalize_name(a, b):
    assert normalize_name(a) == normalize_name(b)
